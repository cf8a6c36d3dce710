"""gettext specifics: charsets, plurals and Plural-Forms, msgctxt, obsolete and previous entries, msgfmt."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from localize import formats, plurals
from localize.errors import ParseError
from localize.formats import po

from .conftest import FIXTURES, PO_FIXTURES, need_tool

SAMPLE = '''# Translator comment
msgid ""
msgstr ""
"Language: pl\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\\n"

#. Extracted comment
#: src/a.c:10
#, c-format
msgctxt "menu"
msgid "Open %s"
msgstr ""

#, c-format
#| msgid "%d old file"
msgid "%d file"
msgid_plural "%d files"
msgstr[0] ""
msgstr[1] ""
msgstr[2] ""

#~ msgid "Gone"
#~ msgstr "Zniknął"
'''


def test_segments_carry_every_po_feature(tmp_path: Path) -> None:
    f = tmp_path / "pl.po"
    f.write_text(SAMPLE)
    res = formats.load(f)
    assert res.locale == "pl"
    ctx, plural, obsolete = res.segments
    assert ctx.context == "menu" and ctx.id == "menu\x04Open %s" and ctx.flags == ["c-format"]
    assert ctx.developer_notes == ["Extracted comment"] and ctx.references == ["src/a.c:10"]
    assert plural.source_plural == "%d files" and plural.previous_source == "%d old file"
    assert obsolete.obsolete and obsolete.targets == ["Zniknął"]
    plural.targets = ["%d plik", "%d pliki", "%d plików"]
    plural.set_flag("fuzzy")
    out = po.write(res).decode()
    assert 'msgstr[2] "%d plików"' in out and "#, fuzzy, c-format" in out
    assert '#~ msgid "Gone"' in out  # obsolete entries stay as they are
    assert '#| msgid "%d old file"' in out


@pytest.mark.parametrize("name,charset", [("psmisc/ja.po", "EUC-JP"), ("psmisc/ca.po", "iso-8859-1"),
                                           ("findutils/ko.po", "EUC-KR")])
def test_declared_charsets_are_read_and_kept(name: str, charset: str, tmp_path: Path) -> None:
    src = FIXTURES / "po" / name
    res = formats.load(src)
    assert res.handle.encoding.lower() == charset.lower()
    assert any(any(ord(c) > 127 for c in t) for s in res.active for t in s.targets)
    seg = next(s for s in res.active if not s.translated and not s.is_plural)
    seg.targets = [next(t for s in res.active for t in s.targets if any(ord(c) > 127 for c in t))]
    data = po.write(res)
    data.decode(charset)  # still in the declared charset
    assert f"charset={charset}".lower().encode() in data.lower()


def test_wrong_encoding_is_a_located_error(tmp_path: Path) -> None:
    f = tmp_path / "de.po"
    f.write_bytes(SAMPLE.replace("Open %s", "Öffnen %s").replace("Zniknął", "Zniknal").encode("latin-1"))
    with pytest.raises(ParseError, match=r"de.po:\d+: not valid UTF-8"):
        formats.load(f)


def test_duplicate_message_is_an_error(tmp_path: Path) -> None:
    f = tmp_path / "de.po"
    f.write_text('msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n')
    with pytest.raises(ParseError, match="duplicate message definition"):
        formats.load(f)


@pytest.mark.parametrize("entry,line,msg", [
    ('msgid "a\\q"\nmsgstr ""\n', 1, r"invalid escape sequence '\\q'"),
    ('msgid "a"\n\nmsgid "b"\nmsgstr ""\n', 1, "the entry has no msgstr"),
    ('msgid "a"\nmsgstr[0] "x"\n', 2, "msgstr\\[n\\] in an entry without msgid_plural"),
    ('msgid "a"\nmsgid_plural "b"\nmsgstr "x"\n', 3, "a plural entry needs msgstr\\[0\\]"),
    ('msgid "a"\nmsgstr "b"\nmsgstr "c"\n', 3, "a second msgstr"),
])
def test_what_msgfmt_rejects_is_a_located_error(tmp_path: Path, entry: str, line: int, msg: str) -> None:
    f = tmp_path / "de.po"
    f.write_text(entry)
    with pytest.raises(ParseError, match=f"de.po:{line}: syntax error: {msg}"):
        formats.load(f)
    if shutil.which("msgfmt"):  # and msgfmt agrees that the file is broken
        assert subprocess.run(["msgfmt", "-o", "/dev/null", str(f)], capture_output=True).returncode != 0


@pytest.mark.parametrize("locale,n,cats", [("de", 2, ["one", "other"]), ("fr", 2, ["one", "many", "other"]),
                                           ("pl", 3, ["one", "few", "many", "other"]),
                                           ("ar", 6, ["zero", "one", "two", "few", "many", "other"]),
                                           ("ja", 1, ["other"]), ("pt-BR", 2, ["one", "many", "other"]),
                                           ("ru", 3, ["one", "few", "many", "other"])])
def test_cldr_plural_table(locale: str, n: int, cats: list[str]) -> None:
    assert plurals.nplurals(locale) == n
    assert plurals.categories(locale) == cats


def test_header_plural_forms_added_when_missing(tmp_path: Path) -> None:
    from localize.pipeline import Job, fix_po_header
    f = tmp_path / "ru.po"
    f.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "a"\nmsgstr ""\n')
    res = formats.load(f)
    job = Job(res, "ru", None, "ru.po")
    fix_po_header(job)
    out = po.write(res).decode()
    assert "Plural-Forms: nplurals=3;" in out and "Language: ru" in out and job.n_forms == 3


def test_merge_template_adds_missing_messages(tmp_path: Path) -> None:
    tpl = formats.load(FIXTURES / "po/psmisc/psmisc.pot", "en")
    f = tmp_path / "de.po"
    f.write_bytes((FIXTURES / "po/psmisc/de.po").read_bytes())
    res = formats.load(f)
    before = {s.id for s in res.active}
    added = po.merge_template(res, tpl)
    assert set(added) == {s.id for s in tpl.active} - before
    formats.save(res)
    assert {s.id for s in formats.load(f).active} >= {s.id for s in tpl.active}


def test_msgfmt_accepts_what_localize_writes(tmp_path: Path) -> None:
    msgfmt = need_tool("msgfmt")
    for src in PO_FIXTURES:
        if src.suffix == ".pot":
            continue
        res = formats.load(src)
        for seg in res.active:
            if not seg.translated and not seg.is_plural:
                seg.targets = [seg.source]  # placeholders kept as in the source
                seg.set_flag("fuzzy")
        dst = tmp_path / src.name
        dst.write_bytes(po.write(res))
        r = subprocess.run([msgfmt, "--check-format", "--check-header", "-o", "/dev/null", str(dst)],
                           capture_output=True, text=True)
        assert r.returncode == 0, (src, r.stderr)


@pytest.mark.parametrize("data", [
    b'msgid ""\r\nmsgstr ""\r\n"Language: de\\n"\r\n\r\nmsgid "a"\r\nmsgstr ""\r\n\r\nmsgid "b"\r\nmsgstr "B"\r\n',
    b'\xef\xbb\xbfmsgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "a"\nmsgstr ""\n',
    b'msgid ""\nmsgstr ""\n"Language: de\\n"\n\nmsgid "a"\nmsgstr ""',
    b'msgid "a"\nmsgstr ""\n\nmsgid "b"\nmsgstr "B"\n',
    b'msgid ""\nmsgstr ""\n"Language: de\\n"\n\nmsgid "a"\nmsgstr ""\n\n#~ msgctxt "x"\n#~ msgid "old"\n#~ msgstr "alt"\n',
], ids=["crlf", "bom", "no-final-newline", "no-header", "obsolete-context"])
def test_file_conventions_survive(data: bytes) -> None:
    res = po.read("x.po", data, "de")
    assert po.write(res) == data
    next(s for s in res.segments if s.source == "a").targets = ["A!"]
    out = po.write(res)
    assert b'msgstr "A!"' in out
    assert out.startswith(b"\xef\xbb\xbf") == data.startswith(b"\xef\xbb\xbf")
    assert (b"\r\n" in out) == (b"\r\n" in data)
    assert po.read("x.po", out, "de").by_id()["a"].targets == ["A!"]


@pytest.mark.parametrize("template_file", sorted(str(p.relative_to(FIXTURES)) for p in
                                                 [*FIXTURES.glob("po/*/*.pot"), *FIXTURES.glob("po/*/ro.po"),
                                                  *FIXTURES.glob("po/psmisc/ru.po"),
                                                  *FIXTURES.glob("po/hexchat/*.po")]))
@pytest.mark.parametrize("locale", ["de", "ja", "pl"])
def test_created_catalog_is_what_reading_its_text_gives(template_file: str, locale: str) -> None:
    """create() builds the new catalog from what it rendered, without parsing it again: segments, entry
    blocks, header and the written bytes are those read() gives for the same text."""
    from dataclasses import asdict

    template = po.read(template_file, (FIXTURES / template_file).read_bytes())
    made = po.create(template, f"po/{locale}.po", locale)
    again = po.read(f"po/{locale}.po", made.handle.text.encode("utf-8"), locale)
    assert made.header == again.header
    assert made.handle.header_end == again.handle.header_end
    assert made.handle.blocks == again.handle.blocks
    assert made.handle.snapshot == again.handle.snapshot
    assert [asdict(s) for s in made.segments] == [asdict(s) for s in again.segments]
    for res in (made, again):
        for i, seg in enumerate(res.segments):
            seg.targets = [f"Ü{i} {seg.source[:20]}"] * (plurals.nplurals(locale) if seg.source_plural else 1)
            seg.set_flag("fuzzy")
            seg.translator_notes = ["localize: test"]
        res.header["PO-Revision-Date"] = "2026-01-01 00:00+0000"
    stamp = re.compile(rb'"PO-Revision-Date: [^"]*"')
    assert stamp.sub(b"", po.write(made)) == stamp.sub(b"", po.write(again))
    assert made.handle.written_lines == again.handle.written_lines


def test_created_catalog_keeps_the_templates_lines_as_msginit_does() -> None:
    """A new catalog's entries keep the template's own msgid and comment lines (xgettext's wrapping of a
    multi-line msgid, a long `#.` line unwrapped, as msginit and msgmerge write them): polib would write a
    multi-line msgid unwrapped and wrap the comment."""
    wrapped = ('msgid ""\n"Search Command Help Text\\n"\n"\\n"\n'
               '" Enter the words or characters you would like to search for, and then press "\n'
               '"Enter.  If there is a match, the screen will be updated.\\n"\n')
    pot = ('msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n#. ' + "very long comment " * 10
           + "\n#: a-b/c-d.c:1 " + "x/yy-zz.c:12 " * 10 + '\nmsgid "Hello\\a \\\\ \\" world"\nmsgstr ""\n\n'
           + "#: help.c:54\n" + wrapped + 'msgstr ""\n').encode()
    made = po.create(po.read("t.pot", pot), "de.po", "de")
    again = po.read("de.po", made.handle.text.encode("utf-8"), "de")
    assert made.segments == again.segments and made.handle.blocks == again.handle.blocks
    assert made.segments[0].developer_notes == [("very long comment " * 10).strip()]
    assert "#: help.c:54\n" + wrapped + 'msgstr ""\n' in made.handle.text
    assert "#. " + "very long comment " * 10 + "\n" in made.handle.text
    made.segments[1].targets = ["Hilfetext für den Suchbefehl\n\n Geben Sie die Wörter oder Zeichen ein, nach "
                                "denen Sie suchen möchten, und drücken Sie die Eingabetaste.\n"]
    out = po.write(made).decode()
    assert wrapped in out
    msgstr = out[out.index('msgstr ""\n"Hilfetext'):].splitlines()
    assert len(msgstr) == 5 and all(len(line) <= 79 for line in msgstr)   # wrapped as msgmerge wraps


def test_translator_credit_entries_are_left_for_a_person(tmp_path: Path) -> None:
    """KDE's NAME/EMAIL OF TRANSLATORS and GNOME's translator-credits hold the translators' own names:
    machine output ("Twoje nazwy") would ship as the credits, so they are never selected."""
    from localize.provenance import Lockfile
    from localize.selection import Job, Options, select
    data = (b'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
            b'msgctxt "NAME OF TRANSLATORS"\nmsgid "Your names"\nmsgstr ""\n\n'
            b'msgctxt "EMAIL OF TRANSLATORS"\nmsgid "Your emails"\nmsgstr ""\n\n'
            b'msgid "translator-credits"\nmsgstr ""\n\nmsgid "Open the file"\nmsgstr ""\n')
    res = po.read("pl.po", data, "pl")
    items = select(Job(res, "pl", None, "pl.po", 3), Lockfile(tmp_path / "lock.json"), Options())
    assert [it.segment.source for it in items] == ["Open the file"]


def test_whole_string_do_not_translate_notes() -> None:
    """GNOME's icon names and Mozilla's DONT_TRANSLATE are copied, not translated; a note about one word is not
    about the string."""
    from localize.segments import Segment
    from localize.selection import do_not_translate
    yes = ["Translators: Do NOT translate or transliterate this text (this is an icon file name)!",
           "LOCALIZATION NOTE (mainWindow.title) : DONT_TRANSLATE", "Do not translate.",
           "Translators: Do not translate this, it is a function name", "Don't translate it!"]
    no = ["Do not translate 'Firefox'", "LOCALIZATION NOTE (x): do not translate the word Thunderbird",
          "Translators: the name of the app", "This is not translated anywhere"]
    assert all(do_not_translate(Segment(id="x", source="org.gnome.Calculator", developer_notes=[n])) for n in yes)
    assert not any(do_not_translate(Segment(id="x", source="Calculator", developer_notes=[n])) for n in no)
    # itstool's image entries in GNOME help catalogs
    assert do_not_translate(Segment(id="x", source="external ref='figures/calc.png' md5='0b1c2d3e4f'"))
    assert not do_not_translate(Segment(id="x", source="See the external reference"))
    # a help catalog's credits (gnome-klotski's DocBook <author>: "Ross" came back "Ros"), Mallard's <credit>
    for path in ("authorgroup/author", "authorgroup/othercredit", "credit/name", "copyright/year"):
        assert do_not_translate(Segment(id="x", source="<firstname>Ross</firstname> <surname>Burton</surname>",
                                        developer_notes=[f"(itstool) path: {path}"]))
    assert not do_not_translate(Segment(id="x", source="Rules", developer_notes=["(itstool) path: page/title"]))
    # four-in-a-row's About dialog ("David Neary" came back "David Near" in Russian)
    assert do_not_translate(Segment(id="x", source="David Neary", developer_notes=[
        "Translators: in the About dialog, name of an author of the game"]))
    assert not do_not_translate(Segment(id="x", source="Author", developer_notes=["Translators: the author field"]))
    # xml2po's older form (gnome-klotski's DocBook help: its md5 came back altered)
    assert do_not_translate(Segment(id="x", source="@@image: 'figures/gnotski_win.png'; md5=5ed32942ab1e"))


def test_a_language_header_that_is_no_locale_gives_way_to_the_file_name(tmp_path: Path) -> None:
    """debhelper's ja.po says "Language: Japanease": 407 false "looks like ja, not Japanease" warnings.
    A header that is not a locale (nor a language name) leaves the file name to decide."""
    from localize import formats
    body = 'msgid ""\nmsgstr ""\n"Language: {}\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "File"\nmsgstr "x"\n'
    for header, want in (("Japanease", "ja"), ("ja", "ja"), ("pt_BR", "pt_BR"), ("Japanese", "ja")):
        f = tmp_path / "ja.po"
        f.write_text(body.format(header), "utf-8")
        assert formats.load(f).locale == want, header
    f = tmp_path / "pt_BR.po"
    f.write_text(body.format("Brazilian Portuguese (Brasil)"), "utf-8")
    assert formats.load(f).locale == "pt_BR"


def test_paragraph_separator_inside_a_msgstr(tmp_path: Path) -> None:
    """brasero's as.po has a U+2029 inside a msgstr: polib splits text given as a string at it (str.splitlines)
    and called the catalog a syntax error; msgfmt reads it.  It parses, and writes back byte for byte."""
    from localize import formats
    text = ('msgid ""\nmsgstr ""\n"Language: as\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
            'msgid "Large files.\\nThis can be a problem."\nmsgstr ""\n"বৃহৎ ফাইল।\\n"\n"\u2029সমস্যা।"\n')
    f = tmp_path / "as.po"
    f.write_text(text, "utf-8")
    res = formats.load(f)
    assert res.segments[0].targets == ["বৃহৎ ফাইল।\n\u2029সমস্যা।"]
    assert formats.dump(res) == text.encode("utf-8")


def test_parenthesized_plurals_become_one_and_many_for_each_form() -> None:
    """Qt numerus messages have one source for every form ("%n torrent(s) removed."): the form for one is
    translated from "%n torrent removed.", the others from "%n torrents removed."; gettext entries too."""
    from localize.segments import Resource, Segment
    from localize.selection import Job, _item, count_form
    assert count_form("%d match(es) found", True) == "%d match found"
    assert count_form("%d match(es) found", False) == "%d matches found"
    assert count_form("Delete (s) now", False) == "Delete (s) now"
    seg = Segment(id="x", source="%n torrent(s) removed.", source_plural="%n torrent(s) removed.")
    for loc, n, want in (("pl", 3, ["%n torrent removed.", "%n torrents removed.", "5 torrents removed."]),  # many: "5"
                         ("ja", 1, ["%n torrents removed."])):
        it = _item(Job(Resource(path="x.ts", format="ts", locale=loc), loc, None, "x.ts", n), seg, False)
        assert [f.source for f in it.forms] == want


VOLTO = FIXTURES / "po/plone-volto"


def test_default_comments_give_the_source_of_message_id_catalogs(tmp_path: Path) -> None:
    """Plone Volto's catalogs (react-intl through PO, as Zope's i18ndude and Pyramid's lingua write them) key
    each entry by a message id and give the English text in `#. Default: "..."`: that text is the source
    (escaped quotes, a comment wrapped over several lines, ICU plurals parsed as ICU), checks compare the
    translation with it, and a new catalog's msgstr translates it while the msgid stays the id."""
    from localize.audit import audit_files
    from localize.placeholders import format_spans
    pot = formats.load(VOLTO / "volto.pot")
    by = pot.by_id()
    assert sum(s.source != s.id for s in pot.segments) > 200  # the others use the English text as the id
    assert by["addUserFormUsernameDescription"].source.startswith('Enter a user name, usually something like "jsmith".')
    assert by["countBrokenRelations"].kind == "icu" and "{countofrelation, plural," in by["countBrokenRelations"].source
    assert by["delete_block"].source == "delete {type} block"
    assert po.default_text('x\nDefault: "{n} broken {n, plural, one {relation}\nother {relations}}"') == \
        "{n} broken {n, plural, one {relation} other {relations}}"
    assert not format_spans("(~approximate)")  # a tilde before a word is no Lisp "~a"
    issues = audit_files([str(VOLTO / "de.po")], None, ["de"])
    errors = [i for i in issues if i.severity == "error"]
    lines = {e.msgid: e.linenum for e in polib.pofile(str(VOLTO / "de.po"))}
    assert not [i for i in errors if i.location == str(lines["countBrokenRelations"])]  # {Eine} is ICU branch text
    assert not [i for i in errors if i.location == str(lines["addUserFormUsernameDescription"])]
    assert any(i.location == str(lines["Sharing for {title}"]) and "{title}" in i.message for i in errors)  # a real slip
    assert len(errors) < 30

    small = tmp_path / "volto.pot"
    text = (VOLTO / "volto.pot").read_text("utf-8")
    head = text[:text.index("\n\n") + 2]
    blocks = [b for b in text.split("\n\n") if 'msgid "delete_block"' in b or 'msgid "availableViews"' in b]
    small.write_text(head + "\n\n".join(blocks) + "\n", "utf-8")
    r = subprocess.run([sys.executable, "-m", "localize", "translate", "-q", "volto.pot", "--to", "it"], cwd=tmp_path,
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    out = {e.msgid: e.msgstr for e in polib.pofile(str(tmp_path / "it.po"))}
    assert set(out) == {"delete_block", "availableViews"}
    assert "{type}" in out["delete_block"] and out["delete_block"] != "delete_block"
    assert out["availableViews"] not in ("", "availableViews")


def test_debconf_choices_keep_their_count(tmp_path: Path) -> None:
    """A po-debconf `_Choices` list in one msgid ("#. Type: select", "#. Choices"): debconf matches the
    items by position, so each item is translated apart (the count cannot change) and a translation with
    another number of items is an error, for a person's too; "\\," is a comma inside an item."""
    from localize.audit import audit_files
    from localize.selection import debconf_items, is_debconf_choices
    assert debconf_items("a, b, c") == 3 and debconf_items("a\\, b, c") == 2
    assert is_debconf_choices(["Type: multiselect\nChoices"], "critical, high, low")
    assert not is_debconf_choices(["Type: select\nDescription"], "Pick one, then press Enter")
    pot = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
           '#. Type: multiselect\n#. Choices\n#: ../templates:2001\nmsgid "critical, high, medium, low"\nmsgstr ""\n\n'
           '#. Type: select\n#. Description\n#: ../templates:1002\nmsgid "Interface to use:"\nmsgstr ""\n')
    (tmp_path / "templates.pot").write_text(pot, "utf-8")
    r = subprocess.run([sys.executable, "-m", "localize", "translate", "-q", "templates.pot", "--to", "de,fr"],
                       cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    for loc in ("de", "fr"):
        out = {e.msgid: e.msgstr for e in polib.pofile(str(tmp_path / f"{loc}.po"))}
        assert debconf_items(out["critical, high, medium, low"]) == 4, out
    (tmp_path / "bad.po").write_text(pot.replace('"Content-Type: text/plain; charset=UTF-8\\n"',
                                                 '"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: de\\n"')
                                     .replace('msgid "critical, high, medium, low"\nmsgstr ""',
                                              'msgid "critical, high, medium, low"\nmsgstr "kritisch, hoch, mittel oder niedrig"'),
                                     "utf-8")
    issues = audit_files([str(tmp_path / "bad.po")], None, ["de"])
    assert [i for i in issues if i.check == "debconf-choices" and i.severity == "error"]


def test_obsolete_previous_msgid_stays_with_its_entry_through_a_merge(tmp_path: Path) -> None:
    """Four-in-a-row's Swedish catalog (an excerpt): an obsolete entry with its previous msgid (`#~| msgid`)
    kept its bytes until a merge with a new POT put a blank line between the two lines, cutting the previous
    msgid off its entry (msgmerge --previous keeps them together)."""
    import polib
    src = FIXTURES / "po" / "four-in-a-row" / "sv.po"
    shutil.copy(src, tmp_path / "sv.po")
    pot = polib.POFile()
    pot.metadata = {"Content-Type": "text/plain; charset=UTF-8", "POT-Creation-Date": "2026-11-30 12:00+0000"}
    for e in polib.pofile(str(src)):
        if not e.obsolete:
            pot.append(polib.POEntry(msgid=e.msgid, msgstr="", occurrences=e.occurrences, comment=e.comment))
    pot.append(polib.POEntry(msgid="A new message", msgstr=""))
    pot.save(str(tmp_path / "app.pot"))
    res = formats.load(tmp_path / "sv.po", "sv")
    from localize.formats import po as pofmt
    assert pofmt.merge_template(res, formats.load(tmp_path / "app.pot", "en")) == ["A new message"]
    text = formats.dump(res).decode("utf-8")
    assert '#~| msgid "Four-in-a-row"\n#~ msgid "org.gnome.Four-in-a-row"\n' in text
    assert src.read_text("utf-8").split("#~ msgid \"Level one\"")[1] in text  # the obsolete tail as it was
