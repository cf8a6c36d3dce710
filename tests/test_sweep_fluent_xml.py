"""A sweep of Fluent, Mozilla DTD and XLIFF (Symfony, Angular) on real files, and XML files in an
encoding other than UTF-8: read by their declaration or byte-order mark, written back in it."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from localize import formats
from localize.errors import ParseError
from localize.formats import android, ts, xliff

from .conftest import FIXTURES, need_tool

ENCODING_XLF = FIXTURES / "xliff/symfony-translation/iso-8859-1/encoding.xlf"   # Symfony's own test file
TROLLPRINT = FIXTURES / "ts/qt-linguist-examples/trollprint_pt.ts"


# ------------------------------------------------------------------ XML in another encoding than UTF-8

def test_symfony_iso_8859_1_xliff_reads_and_round_trips() -> None:
    data = ENCODING_XLF.read_bytes()
    assert b'encoding="ISO-8859-1"' in data and "bär".encode("latin-1") in data
    res = formats.load(ENCODING_XLF, "de")
    assert [(s.id, s.source, s.targets) for s in res.segments] == [("1", "foo", ["bär"]), ("2", "bar", ["föö"])]
    assert res.segments[0].developer_notes == ["bäz"]
    assert formats.dump(res) == data


def test_symfony_iso_8859_1_xliff_is_written_in_its_encoding(tmp_path: Path) -> None:
    xmllint = need_tool("xmllint")
    res = formats.load(ENCODING_XLF, "pl")
    res.segments[1].targets = ["Usuń wiadomości, café € & co"]   # ń, ś and € are not in ISO-8859-1
    out = formats.dump(res)
    before, after = ENCODING_XLF.read_bytes().split(b"\n"), out.split(b"\n")
    assert len(before) == len(after)
    changed = [a for b, a in zip(before, after) if a != b]
    assert changed == [b'        <target state="translated">Usu&#x144; wiadomo&#x15B;ci, caf\xe9 &#x20AC; &amp; co</target>']
    again = xliff.read("x.xlf", out, "pl")
    assert again.segments[0].targets == ["bär"] and again.segments[1].source == "bar"
    dst = tmp_path / "pl.xlf"
    dst.write_bytes(out)
    assert subprocess.run([xmllint, "--noout", str(dst)], capture_output=True).returncode == 0
    # what an XML parser reads is the text itself
    assert "Usuń wiadomości, café €" in subprocess.run([xmllint, "--xpath", "string((//*[local-name()='target'])[2])",
                                                        str(dst)], capture_output=True, text=True).stdout


@pytest.mark.parametrize("codec,bom", [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"), ("cp1252", b"")])
def test_utf16_with_bom_and_windows_1252(codec: str, bom: bytes) -> None:
    text = ENCODING_XLF.read_bytes().decode("latin-1")
    name = "UTF-16" if bom else "windows-1252"
    data = bom + text.replace('encoding="ISO-8859-1"', f'encoding="{name}"').replace("bäz", "bäz – “quoted”").encode(codec)
    res = xliff.read("x.xlf", data, "ja")
    assert res.segments[0].developer_notes == ["bäz – “quoted”"]
    assert formats.dump(res) == data
    res.segments[1].targets = ["日本語 €"]
    out = formats.dump(res)
    assert out.startswith(bom)
    want = "日本語 €" if bom else "&#x65E5;&#x672C;&#x8A9E; €"
    assert f'<target state="translated">{want}</target>' in out.decode(codec)
    assert xliff.read("x.xlf", out, "ja").segments[1].targets == [want]
    # the other bytes are untouched: only the changed line differs
    assert [a for a, b in zip(data.decode(codec).splitlines(), out.decode(codec).splitlines()) if a != b] == \
        ["        <target>föö</target>"]


def test_new_locale_from_a_latin1_template_is_utf8(tmp_path: Path) -> None:
    template = formats.load(ENCODING_XLF, "en")
    new = xliff.create(template, str(tmp_path / "ja.xlf"), "ja")
    new.segments[0].targets = ["ふー"]
    out = formats.dump(new)
    assert out.startswith(b'<?xml version="1.0" encoding="UTF-8"?>') and "ふー".encode() in out
    assert "<note>bäz</note>".encode() in out
    assert xliff.read("ja.xlf", out, "ja").segments[0].targets == ["ふー"]


def test_merge_template_into_a_latin1_file_keeps_its_encoding(tmp_path: Path) -> None:
    text = ENCODING_XLF.read_bytes()
    target = text.replace(b'      <trans-unit id="2" resname="bar">\n        <source>bar</source>\n        <target>f\xf6\xf6</target>\n'
                          b'      </trans-unit>\n', b"")
    assert target != text
    res = xliff.read("pl.xlf", target, "pl")
    template = xliff.read("en.xlf", text.replace(b"<source>bar</source>", "<source>Bär – ok</source>".encode("latin-1", "ignore")
                                                 .replace(b"?", b"")), "en")
    assert xliff.merge_template(res, template) == ["2"]
    res.segments[1].targets = ["Łoś"]
    out = formats.dump(res)
    assert b'encoding="ISO-8859-1"' in out and b"&#x141;o&#x15B;" in out and b"<target>b\xe4r</target>" in out
    assert xliff.read("pl.xlf", out, "pl").segments[1].source.startswith("Bär")


def test_cdata_in_latin1_keeps_a_character_it_cannot_hold() -> None:
    from localize.formats._xml import _char_refs
    assert _char_refs("a€ <![CDATA[x€y]]> <![CDATA[ok]]>", "latin-1") == \
        "a&#x20AC; <![CDATA[x]]>&#x20AC;<![CDATA[y]]> <![CDATA[ok]]>"


def test_qt_ts_in_iso_8859_1() -> None:
    # lupdate of Qt 3 wrote encoding="ISO-8859-1"; the real Qt example, recoded
    src = TROLLPRINT.read_text("utf-8")
    data = ('<?xml version="1.0" encoding="ISO-8859-1"?>\n' + src).encode("latin-1")
    res = ts.read("x.ts", data, "pt")
    assert formats.dump(res) == data
    res.segments[0].targets = ["Impressão – 1.0"]
    out = formats.dump(res)
    assert "Impressão &#x2013; 1.0".encode("latin-1") in out
    assert ts.read("x.ts", out, "pt").segments[0].targets == ["Impressão – 1.0"]


def test_unknown_or_undecodable_encoding_is_one_located_error() -> None:
    with pytest.raises(ParseError, match="unknown XML encoding"):
        xliff.read("x.xlf", b'<?xml version="1.0" encoding="x-klingon"?>\n<xliff/>', "de")
    bad = ENCODING_XLF.read_bytes().replace(b"ISO-8859-1", b"UTF-16")   # declares UTF-16 but is 8-bit
    with pytest.raises(ParseError):
        xliff.read("x.xlf", bad, "de")
    # Android's writer has no encoding support (yet): refused as before, never written wrongly
    with pytest.raises(ParseError, match="not supported"):
        android.read("strings.xml", b'<?xml version="1.0" encoding="ISO-8859-1"?>\n<resources/>\n', "de")


def test_translate_cli_on_the_latin1_file(tmp_path: Path) -> None:
    """`localize check` and `translate` on a copy of Symfony's file: the partial Polish file stays ISO-8859-1."""
    from click.testing import CliRunner

    from localize.cli import main
    proj = tmp_path / "p"
    proj.mkdir()
    shutil.copy(ENCODING_XLF, proj / "messages.en.xlf")
    data = ENCODING_XLF.read_bytes()
    (proj / "messages.pl.xlf").write_bytes(data.replace(b"        <target>f\xf6\xf6</target>\n", b""))
    (proj / "localize.toml").write_text('[project]\nsource = "en"\n[[resources]]\npath = "messages.{locale}.xlf"\n')
    r = CliRunner().invoke(main, ["check", str(proj / "messages.pl.xlf")])
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(main, ["translate", "-c", str(proj / "localize.toml"), "--to", "pl", "--no-memory", "-q"])
    assert r.exit_code == 0, r.output
    out = (proj / "messages.pl.xlf").read_bytes()
    assert out.startswith(b'<?xml version="1.0" encoding="ISO-8859-1"?>') and b"<target>b\xe4r</target>" in out
    assert b'<target state="needs-review-translation">' in out
    out.decode("ascii", "ignore")
    assert xliff.read("pl.xlf", out, "pl").segments[1].targets


# ------------------------------------------------------------------ Thunderbird Fluent (sweep)

TB_SWEEP = FIXTURES / "ftl/thunderbird/sweep"


def _ftl_parse(text: str) -> list:
    from fluent.syntax import FluentParser, ast
    body = FluentParser().parse(text).body
    assert not [e for e in body if isinstance(e, ast.Junk)], text
    return body


def _select_keys(node: object) -> list[tuple[str, ...]]:
    from fluent.syntax import ast
    from fluent.syntax.visitor import Visitor

    class V(Visitor):
        def __init__(self) -> None:
            self.keys: list[tuple[str, ...]] = []

        def visit_SelectExpression(self, n: ast.SelectExpression) -> None:
            self.keys.append(tuple(("*" if v.default else "") + (v.key.name if isinstance(v.key, ast.Identifier)
                                                                  else v.key.value) for v in n.variants))
            self.generic_visit(n)
    v = V()
    v.visit(node)
    return v.keys


def test_thunderbird_nested_selects_round_trip_and_new_polish_locale(tmp_path: Path) -> None:
    """about3Pane.ftl: a select on $total nested in each variant of a select on $unread, a label that is a
    select, access keys.  A new Polish file gets one/few/many/*other in both levels; the German slip (a
    "1" written where `{ $total }` stands) is found."""
    from click.testing import CliRunner

    from localize.cli import main
    en = TB_SWEEP / "en-US/about3Pane.ftl"
    assert formats.dump(formats.load(en, "en")) == en.read_bytes()
    proj = tmp_path / "p"
    (proj / "en-US").mkdir(parents=True)
    shutil.copy(en, proj / "en-US/about3Pane.ftl")
    (proj / "localize.toml").write_text('[project]\nsource = "en-US"\n[[resources]]\npath = "{locale}/about3Pane.ftl"\n')
    r = CliRunner().invoke(main, ["translate", "-c", str(proj / "localize.toml"), "--to", "pl", "--no-memory", "-q"])
    assert r.exit_code == 0, r.output
    out = (proj / "pl/about3Pane.ftl").read_text("utf-8")
    body = {e.id.name: e for e in _ftl_parse(out)}
    plural = ("one", "few", "many", "*other")
    assert _select_keys(body["threadpane-sort-header-unread-count"]) == [plural] * 5
    assert [a.id.name for a in body["folder-pane-context-compact"].attributes] == ["label", "accesskey"]
    assert out.count("{ $total }") >= 9 and out.count("<span>") == 32 and out.count("</span>") == 32
    de = TB_SWEEP / "de/about3Pane.ftl"
    r = CliRunner().invoke(main, ["check", "--source-file", str(en), "--to", "de", str(de)])
    assert r.exit_code == 1 and "threadpane-sort-header-unread-count[one][other]" in r.output
    assert "{$total}" in r.output
