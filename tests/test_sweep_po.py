"""Robustness sweep of the PO adapter on real catalogs (session sweep: gettext, m4, texinfo, man-db,
devscripts, debconf, Okular, GNOME Klotski, Sphinx).  Fixtures: tests/fixtures/po/gettext-el (GNU gettext
0.21's ISO-8859-7 el.po: plural entries with msgstr[0] alone under nplurals=2) and po/m4-ru (m4 1.4.19's
KOI8-R ru.po: untranslated entries quoting `%s')."""
from __future__ import annotations

import subprocess

import pytest

from localize.errors import ParseError
from localize.formats import po

from .conftest import FIXTURES, need_tool

EL = FIXTURES / "po/gettext-el/el.po"
RU = FIXTURES / "po/m4-ru/ru.po"


def _blocks(res) -> dict[str, str]:
    h = res.handle
    lines = h.text.replace("\r\n", "\n").split("\n")
    return {sid: "\n".join(lines[s:e]) for sid, (s, e) in h.blocks.items()}


def _msgfmt_check(tmp_path, data: bytes) -> None:
    msgfmt = need_tool("msgfmt")
    f = tmp_path / "out.po"
    f.write_bytes(data)
    proc = subprocess.run([msgfmt, "-c", "-o", "/dev/null", str(f)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_plural_entries_with_fewer_forms_than_nplurals_round_trip_identical():
    # gettext's el.po: "found %d fatal error" has msgstr[0] alone, the header says nplurals=2; read()
    # pads the segment to two forms, and an unchanged write added 'msgstr[1] ""' to four entries
    data = EL.read_bytes()
    res = po.read(str(EL), data)
    short = [s for s in res.segments if s.is_plural and not s.obsolete and len(res.handle.entries[s.id].msgstr_plural) == 1]
    assert len(short) == 4
    assert po.write(res) == data


def test_plural_entry_with_one_form_gets_the_filled_form_and_others_stay(tmp_path):
    data = EL.read_bytes()
    res = po.read(str(EL), data)
    before = _blocks(res)
    seg = next(s for s in res.segments if s.source.startswith("found %d fatal error"))
    seg.targets = [seg.targets[0], "βρέθηκαν %d μοιραία σφάλματα"]
    out = po.write(res)
    assert 'msgstr[1] "βρέθηκαν %d μοιραία σφάλματα"'.encode("iso-8859-7") in out
    again = po.read(str(EL), out)
    after = _blocks(again)
    assert [sid for sid in before if sid != seg.id and before[sid] != after[sid]] == []
    # the other one-form entries still have one form
    assert sum(1 for s in again.segments if s.is_plural and not s.obsolete
               and len(again.handle.entries[s.id].msgstr_plural) == 1) == 3
    _msgfmt_check(tmp_path, out)


def test_machine_text_with_quotes_koi8r_lacks_is_written_with_ascii_quotes(tmp_path):
    # m4's ru.po is KOI8-R, which has no « »: the model's Russian quotes failed the whole file
    # ("translation cannot be written in the file's charset KOI8-R", exit 2, nothing written)
    data = RU.read_bytes()
    res = po.read(str(RU), data)
    before = _blocks(res)
    seg = next(s for s in res.segments if s.source == "empty string treated as 0 in builtin `%s'")
    seg.targets = ["пустая строка рассматривается как 0 во встроенной функции «%s»…"]
    out = po.write(res)
    text = out.decode("koi8-r")
    assert 'msgstr "пустая строка рассматривается как 0 во встроенной функции \\"%s\\"..."' in text
    assert seg.targets == ['пустая строка рассматривается как 0 во встроенной функции "%s"...']
    after = _blocks(po.read(str(RU), out))
    assert [sid for sid in before if sid != seg.id and before[sid] != after[sid]] == []
    _msgfmt_check(tmp_path, out)


def test_text_a_legacy_charset_cannot_hold_is_still_a_located_error():
    res = po.read(str(RU), RU.read_bytes())
    seg = next(s for s in res.segments if s.source == "empty string treated as 0 in builtin `%s'")
    seg.targets = ["組み込み `%s' の空文字列"]
    with pytest.raises(ParseError, match="KOI8-R"):
        po.write(res)


def test_utf8_catalogs_keep_typographic_quotes():
    res = po.read("de.po", b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                           b'msgid "a"\nmsgstr ""\n')
    res.segments[-1].targets = ["„a“ …"]
    assert 'msgstr "„a“ …"' in po.write(res).decode()


@pytest.mark.parametrize("encoding", ["iso-8859-1", "koi8-r", "iso-8859-7", "euc-jp"])
def test_fit_charset_folds_only_what_the_charset_lacks(encoding):
    from localize.formats._potext import fit_charset
    s = "«x» „y“ … — z"
    out = fit_charset(s, encoding)
    out.encode(encoding)
    if encoding == "iso-8859-1":
        assert out.startswith("«x»")  # Latin-1 has guillemets
