"""The XML formats: XLIFF 1.2/2.0, Qt Linguist .ts, Android strings.xml.  The shared conformance suite
on real fixtures, then what each format promises: states, inline elements, plurals, escapes, creating
a locale, a second write that changes nothing, and validation with independent tools."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from localize import formats
from localize.errors import ParseError
from localize.formats import android, ts, xliff
from localize.segments import Resource

from .conftest import FIXTURES, need_tool
from .test_formats import FormatConformance

XLIFF_FIXTURES = sorted((FIXTURES / "xliff").glob("*/*.xl*f"))
TS_FIXTURES = sorted((FIXTURES / "ts").glob("*/*.ts"))
ANDROID_FIXTURES = sorted((FIXTURES / "android").glob("**/strings.xml"))
RN = FIXTURES / "android/react-native/views-uimanager"
SYMFONY = FIXTURES / "xliff/symfony-security-core"


class _XMLConformance(FormatConformance):
    def load(self, path: Path) -> Resource:
        return formats.load(path, "de")

    def reload(self, res: Resource, data: bytes) -> Resource:
        return formats.module(res.format).read(res.path, data, res.locale)

    def corrupt(self, data: bytes) -> bytes:
        return data[: len(data) // 2]

    def assert_only_changed(self, removed: list[str], added: list[str], n: int, f: Path) -> None:
        # only target/translation/value lines: never a source line
        for d in removed + added:
            assert not d[1:].lstrip().startswith(("<source", "<context", "<name>")), (f, d)  # a CDATA may hold "<source>"


class TestXLIFF(_XMLConformance):
    files = XLIFF_FIXTURES


class TestTS(_XMLConformance):
    files = TS_FIXTURES


class TestAndroid(_XMLConformance):
    files = ANDROID_FIXTURES

    def assert_only_changed(self, removed: list[str], added: list[str], n: int, f: Path) -> None:
        assert len(removed) == n and len(added) == n, f
        for r, a in zip(removed, added):
            assert r.split(">")[0][1:] == a.split(">")[0][1:], (r, a)  # same element, new value


# ------------------------------------------------------------------------------------------ XLIFF

def test_xliff_states_notes_and_inline_elements() -> None:
    af = formats.load(SYMFONY / "security.af.xlf")
    assert af.locale == "af" and af.format == "xliff"
    review = [s for s in af.segments if s.fuzzy]
    assert review and all(s.translated for s in review)  # state="needs-review-translation"
    ang = formats.load(FIXTURES / "xliff/weblate/placeholder-x.xliff", "de")
    seg = ang.segments[0]
    assert seg.source == 'T: <x id="INTERPOLATION" equiv-text="{{ angular }}"/>'
    from localize.protect import mask
    m = mask(seg.source)
    assert m.spans == ['T', '<x id="INTERPOLATION" equiv-text="{{ angular }}"/>']  # a placeholder, never text (and a lone capital)


def test_xliff_machine_target_is_marked_for_review_and_escaped(tmp_path: Path) -> None:
    src = formats.load(SYMFONY / "security.en.xlf", "en")
    res = formats.create("xliff", src, str(tmp_path / "security.pl.xlf"), "pl")
    assert not res.exists and not any(s.translated for s in res.segments)
    res.segments[0].targets = ['<x id="INTERPOLATION"/> Zapisz & zamknij']
    res.segments[0].set_flag("fuzzy")
    res.segments[1].targets = ["Gotowe"]
    formats.save(res)
    text = (tmp_path / "security.pl.xlf").read_text()
    assert 'target-language="pl"' in text
    assert '<target state="needs-review-translation"><x id="INTERPOLATION"/> Zapisz &amp; zamknij</target>' in text
    assert '<target state="translated">Gotowe</target>' in text
    again = formats.load(tmp_path / "security.pl.xlf")
    assert again.segments[0].fuzzy and not again.segments[1].fuzzy
    assert formats.dump(again) == (tmp_path / "security.pl.xlf").read_bytes()  # a second run changes nothing
    _xmllint(tmp_path / "security.pl.xlf")


def test_xliff_broken_inline_markup_is_not_written(tmp_path: Path) -> None:
    res = formats.load(SYMFONY / "security.de.xlf")
    res.segments[0].targets = ['<g id="1">kaputt']
    with pytest.raises(ParseError) as exc:
        formats.dump(res)
    assert exc.value.line is not None


XLIFF2 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="en" trgLang="fr">
  <file id="ngi18n" original="ng.template">
    <unit id="greeting">
      <notes>
        <note category="location">src/app/app.component.html:3</note>
        <note category="description">Shown on top</note>
      </notes>
      <segment>
        <source>Hello <ph id="0" equiv="INTERPOLATION" disp="{{ name }}"/>, see <pc id="1" equivStart="START_LINK" equivEnd="CLOSE_LINK">the docs</pc></source>
      </segment>
    </unit>
    <unit id="done">
      <segment state="final">
        <source>Done</source>
        <target>Terminé</target>
      </segment>
    </unit>
  </file>
</xliff>
"""


def test_xliff2_units_segments_states(tmp_path: Path) -> None:
    p = tmp_path / "messages.fr.xlf"
    p.write_text(XLIFF2)
    res = formats.load(p)
    assert res.locale == "fr"
    greet, done = res.segments
    assert greet.references == ["src/app/app.component.html:3"] and greet.developer_notes == ["Shown on top"]
    assert "<ph id=\"0\"" in greet.source and not greet.translated
    assert done.translated and not done.fuzzy
    assert formats.dump(res) == p.read_bytes()
    greet.targets = [greet.source.replace("Hello", "Bonjour").replace("the docs", "la doc")]
    greet.set_flag("fuzzy")
    formats.save(res)
    out = p.read_text()
    assert '<segment state="initial">' in out and "<target>Bonjour <ph id=\"0\"" in out
    assert out.count("Terminé") == 1 and '<segment state="final">' in out  # untouched
    again = formats.load(p)
    assert again.segments[0].fuzzy and formats.dump(again) == p.read_bytes()
    _xmllint(p)


def test_xliff_merge_template_adds_new_units(tmp_path: Path) -> None:
    de = tmp_path / "security.de.xlf"
    data = (SYMFONY / "security.de.xlf").read_text()
    start = data.index('            <trans-unit id="19">')
    end = data.index("</trans-unit>", start) + len("</trans-unit>\n")
    de.write_text(data[:start] + data[end:])
    res = formats.load(de)
    assert "19" not in res.by_id()
    added = xliff.merge_template(res, formats.load(SYMFONY / "security.en.xlf", "en"))
    assert added == ["19"] and not res.by_id()["19"].translated
    assert res.by_id()["1"].translated


# ------------------------------------------------------------------------------------------- .ts

def test_ts_unfinished_is_fuzzy_and_numerus_forms() -> None:
    res = formats.load(FIXTURES / "ts/weblate/cs.ts")
    assert res.locale == "cs"
    num = next(s for s in res.segments if s.source_plural is not None)
    assert num.source_plural == num.source
    assert any(s.obsolete for s in res.segments)
    pt = formats.load(FIXTURES / "ts/retext/retext_pt.ts")
    seg = next(s for s in pt.segments if s.references)
    assert seg.context and ":" in seg.references[0]
    assert any(s.fuzzy for s in pt.segments) or any(not s.translated for s in pt.segments)


def test_ts_create_fill_and_lrelease(tmp_path: Path) -> None:
    src = formats.load(FIXTURES / "ts/weblate/cs.ts")
    res = formats.create("ts", src, str(tmp_path / "app_pl.ts"), "pl")
    assert not any(s.translated for s in res.active)
    for s in res.active:
        n = 3 if s.source_plural is not None else 1  # Polish: one, few, many
        s.targets = [f"PL <b>{s.source.strip()}</b> & co"] * n
        s.set_flag("fuzzy", s.source_plural is None)
    formats.save(res)
    text = (tmp_path / "app_pl.ts").read_text()
    assert 'language="pl"' in text and "&lt;b&gt;" in text and text.count("<numerusform>") == 3
    again = formats.load(tmp_path / "app_pl.ts")
    assert formats.dump(again) == (tmp_path / "app_pl.ts").read_bytes()
    _xmllint(tmp_path / "app_pl.ts")
    lconvert = need_tool("lconvert")
    out = subprocess.run([lconvert, "-i", str(tmp_path / "app_pl.ts"), "-of", "po", "-o", str(tmp_path / "pl.po")],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "PL <b>Thank you for using Weblate.</b> & co" in (tmp_path / "pl.po").read_text()


# --------------------------------------------------------------------------------------- Android

def test_android_locale_from_qualifier() -> None:
    assert android.guess_locale("res/values-pt-rBR/strings.xml") == "pt_BR"
    assert android.guess_locale("res/values-de/strings.xml") == "de"
    assert android.guess_locale("res/values/strings.xml") is None
    assert formats.load(RN / "values-pt-rPT/strings.xml").locale == "pt_PT"
    # BCP 47 qualifiers (Android 7+): values-b+sr+Latn, values-b+es+419; also as spelled in a config
    assert android.guess_locale("res/values-b+sr+Latn/strings.xml") == "sr_Latn"
    assert android.guess_locale("res/values-b+es+419/strings.xml") == "es_419"
    from localize.plurals import language, normalize
    assert normalize("b+es+419") == "es_419" and language("b+sr+Latn") == "sr"


@pytest.mark.parametrize("raw, text", [
    (r"Don\'t", "Don't"),
    (r"Say \"hi\"\nnow", 'Say "hi"\nnow'),
    (r"\@home \?attr", "@home ?attr"),
    ('"  spaced  "', "  spaced  "),
    (r"caf\u00E9 100\%", "café 100%"),
    ('<b>Bold</b> &amp; <xliff:g id="n">%1$d</xliff:g>', '<b>Bold</b> &amp; <xliff:g id="n">%1$d</xliff:g>'),
])
def test_android_escapes(raw: str, text: str) -> None:
    assert android.decode(raw)[0] == text
    assert android.decode(android.encode(text))[0] == text


ANDROID_SRC = """<?xml version="1.0" encoding="utf-8"?>
<resources xmlns:xliff="urn:oasis:names:tc:xliff:document:1.2">
    <string name="app_name" translatable="false">Tasklight</string>
    <string name="greeting">Hello <xliff:g id="user">%1$s</xliff:g>!</string>
    <plurals name="tasks">
        <item quantity="one">%d task</item>
        <item quantity="other">%d tasks</item>
    </plurals>
    <string-array name="days">
        <item>Monday</item>
        <item>Tuesday</item>
    </string-array>
    <string name="html"><![CDATA[<b>Bold</b> move]]></string>
</resources>
"""


def test_android_plurals_arrays_cdata_new_locale(tmp_path: Path) -> None:
    (tmp_path / "values").mkdir()
    (tmp_path / "values/strings.xml").write_text(ANDROID_SRC)
    src = formats.load(tmp_path / "values/strings.xml", "en")
    assert [s.id for s in src.segments] == ["greeting", "tasks#plural", "days[0]", "days[1]", "html"]
    target = tmp_path / "values-pl/strings.xml"
    res = android.pair(src, None, str(target), "pl")
    by = res.by_id()
    assert by["tasks#plural"].plural_categories == ["one", "few", "many", "other"]
    by["greeting"].targets = ['Cześć <xliff:g id="user">%1$s</xliff:g>! Don\'t']
    by["tasks#plural"].targets = ["%d zadanie", "%d zadania", "%d zadań", "%d zadania"]
    by["days[0]"].targets = ["Poniedziałek"]
    by["html"].targets = ["<b>Pogrubiony</b> ruch"]
    target.parent.mkdir()
    formats.save(res)
    text = target.read_text()
    assert "app_name" not in text and 'xmlns:xliff="urn:oasis:names:tc:xliff:document:1.2"' in text
    assert "Don\\'t" in text and '<item quantity="few">%d zadania</item>' in text
    assert "<item>Poniedziałek</item>" in text and "<item>Tuesday</item>" in text  # arrays are whole
    assert "<![CDATA[<b>Pogrubiony</b> ruch]]>" in text
    again = android.pair(src, formats.load(target, "pl"), str(target), "pl")
    assert again.by_id()["tasks#plural"].targets[2] == "%d zadań"
    assert formats.dump(again) == target.read_bytes()  # a second run changes nothing
    _xmllint(target)


def test_android_doctype_entities_and_cdata_apostrophes(tmp_path: Path) -> None:
    """Weechat-Android (fdroidserver's test data) declares `<!ENTITY nbsp "&#160;">` in a DOCTYPE and uses
    &nbsp; in its strings: a new locale's file keeps the declaration and translations that use the
    entity are written (they were refused as "undefined entity", stopping the run). In CDATA, aapt still
    reads \\' and \\": a translation's apostrophes there are escaped."""
    (tmp_path / "values").mkdir()
    (tmp_path / "values/strings.xml").write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE resources [\n    <!ENTITY nbsp "&#160;"> <!-- nbsp -->\n]>\n'
        '<resources>\n    <plurals name="in_buffers">\n        <item quantity="one">&nbsp;in %d buffer</item>\n'
        '        <item quantity="other">&nbsp;in %d buffers</item>\n    </plurals>\n'
        '    <string name="wait">Wait&nbsp;a moment</string>\n'
        '    <string name="unknown"><![CDATA[Server at <b>%1$s</b> has never been <a href="x">seen</a>.]]></string>\n'
        '</resources>\n')
    src = formats.load(tmp_path / "values/strings.xml", "en")
    target = tmp_path / "values-fr/strings.xml"
    res = android.pair(src, None, str(target), "fr")
    by = res.by_id()
    by["in_buffers#plural"].targets = ["&nbsp;dans %d tampon", "&nbsp;dans %d tampons", "&nbsp;dans %d tampons"]
    by["wait"].targets = ["Attendez&nbsp;un instant"]
    by["unknown"].targets = ["Le serveur <b>%1$s</b> n'a jamais été <a href=\"x\">vu</a> \"ici\"."]
    target.parent.mkdir()
    formats.save(res)
    text = target.read_text()
    assert '<!ENTITY nbsp "&#160;">' in text and "Attendez&nbsp;un instant" in text
    assert '<item quantity="many">&nbsp;dans %d tampons</item>' in text
    assert '<![CDATA[Le serveur <b>%1$s</b> n\\\'a jamais été <a href="x">vu</a> \\"ici\\".]]>' in text
    again = android.pair(src, formats.load(target, "fr"), str(target), "fr")
    assert again.by_id()["unknown"].targets == by["unknown"].targets      # read back as it was given
    assert formats.dump(again) == target.read_bytes()
    assert android.decode(android.encode("l\\\\'x \\'y", cdata=True))[0] == "l\\\\'x 'y"  # escapes the text lacked
    _xmllint(target)


def test_android_missing_string_goes_after_its_neighbour(tmp_path: Path) -> None:
    src = formats.load(RN / "values/strings.xml", "en")
    de = formats.load(RN / "values-de/strings.xml", "de")
    res = android.pair(src, de, str(tmp_path / "strings.xml"), "de")
    missing = [s for s in res.segments if not s.translated]
    assert missing
    for s in missing:
        s.targets = [f"NEU {s.source}"]
    out = formats.dump(res)
    diff_added = [ln for ln in out.decode().splitlines() if "NEU " in ln]
    assert len(diff_added) == len(missing)
    assert out.decode().count("<string ") == len(res.segments)
    before = (RN / "values-de/strings.xml").read_text().splitlines()
    assert [ln for ln in out.decode().splitlines() if "NEU " not in ln] == before  # nothing else moved


# ----------------------------------------------------------------------------- independent tools

def _xmllint(path: Path) -> None:
    xmllint = shutil.which("xmllint")
    if xmllint is None:
        return
    out = subprocess.run([xmllint, "--noout", str(path)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr


def test_every_fixture_round_trip_is_well_formed_by_xmllint(tmp_path: Path) -> None:
    xmllint = need_tool("xmllint")
    for f in XLIFF_FIXTURES + TS_FIXTURES + ANDROID_FIXTURES:
        res = formats.load(f, "de")
        for s in [s for s in res.active if not s.is_plural][:5]:
            s.targets = [f"X & <{s.id[:3]}> 'q' \"d\""] if res.format == "ts" else ["X &amp; 'q' \"d\" & more"]
        dst = tmp_path / f.name
        dst.write_bytes(formats.dump(res))
        out = subprocess.run([xmllint, "--noout", str(dst)], capture_output=True, text=True)
        assert out.returncode == 0, (f, out.stderr)


def test_malformed_file_is_one_located_error_exit_2(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from localize.cli import main
    bad = tmp_path / "values-de/strings.xml"
    bad.parent.mkdir()
    bad.write_text('<?xml version="1.0"?>\n<resources>\n  <string name="a">x</strin>\n</resources>\n')
    with pytest.raises(ParseError) as exc:
        formats.load(bad)
    assert exc.value.line == 3 and str(bad) in str(exc.value)
    before = bad.read_bytes()
    good = tmp_path / "values/strings.xml"
    good.parent.mkdir()
    good.write_text('<?xml version="1.0"?>\n<resources>\n  <string name="a">x</string>\n</resources>\n')
    r = CliRunner().invoke(main, ["check", str(bad)])  # its source found beside it: res/values/
    assert r.exit_code == 2 and f"{bad}:3" in r.output, r.output  # (the digit once matched the tmp path's)
    assert bad.read_bytes() == before


# ------------------------------------------------------------------------------ one mixed project

def test_mixed_project_translates_in_one_run(tmp_path: Path) -> None:
    """PO + JSON + XLIFF + .ts + Android in one project, one run of the real engine: every target is
    written, placeholders survive, and a second run changes nothing."""
    from localize.config import load
    from localize.engine import DEFAULT_MODEL_DIR
    from localize.engine.ct2 import CT2Translator
    from localize.pipeline import Options, Pipeline
    (tmp_path / "po").mkdir()
    (tmp_path / "po/app.pot").write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                                         'msgid "Open the file"\nmsgstr ""\n')
    (tmp_path / "i18n").mkdir()
    (tmp_path / "i18n/en.json").write_text('{"save": "Save the list"}\n')
    (tmp_path / "xlf").mkdir()
    shutil.copy(SYMFONY / "security.en.xlf", tmp_path / "xlf/security.en.xlf")
    (tmp_path / "ts").mkdir()
    shutil.copy(FIXTURES / "ts/qt-linguist-examples/trollprint_pt.ts", tmp_path / "ts/app_en.ts")
    (tmp_path / "res/values").mkdir(parents=True)
    (tmp_path / "res/values/strings.xml").write_text(ANDROID_SRC)
    (tmp_path / "localize.toml").write_text(
        '[project]\nsource = "en"\ntargets = ["de"]\n\n'
        '[[resources]]\npath = "po/{locale}.po"\ntemplate = "po/app.pot"\n\n'
        '[[resources]]\npath = "i18n/{locale}.json"\n\n'
        '[[resources]]\npath = "xlf/security.{locale}.xlf"\n\n'
        '[[resources]]\npath = "ts/app_{locale}.ts"\n\n'
        '[[resources]]\npath = "res/values-{locale}/strings.xml"\ntemplate = "res/values/strings.xml"\n')
    engine = CT2Translator(DEFAULT_MODEL_DIR, beam_size=2)

    def run() -> object:
        return Pipeline(load(tmp_path / "localize.toml"), engine, Options()).run()

    result = run()
    assert not getattr(result, "errors", [])
    for rel in ("po/de.po", "i18n/de.json", "xlf/security.de.xlf", "ts/app_de.ts", "res/values-de/strings.xml"):
        assert (tmp_path / rel).exists(), rel
        if rel.endswith((".xlf", ".ts", ".xml")):
            _xmllint(tmp_path / rel)
    xl = formats.load(tmp_path / "xlf/security.de.xlf")
    assert xl.locale == "de" and all(s.translated and s.fuzzy for s in xl.segments)
    assert 'state="needs-review-translation"' in (tmp_path / "xlf/security.de.xlf").read_text()
    tsr = formats.load(tmp_path / "ts/app_de.ts")
    assert all(s.translated for s in tsr.active) and 'language="de"' in (tmp_path / "ts/app_de.ts").read_text()
    src = formats.load(tmp_path / "res/values/strings.xml", "en")
    an = android.pair(src, formats.load(tmp_path / "res/values-de/strings.xml", "de"), "x", "de").by_id()
    assert '<xliff:g id="user">%1$s</xliff:g>' in an["greeting"].targets[0]
    assert len(an["tasks#plural"].targets) == 2 and all("%d" in t for t in an["tasks#plural"].targets)
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file() and ".localize" not in p.parts}
    run()
    after = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file() and ".localize" not in p.parts}
    changed = [str(p) for p in before if before[p] != after.get(p) and p.suffix in (".po", ".json", ".xlf", ".ts", ".xml")]
    assert not changed


ANGULAR_XLF = """<?xml version="1.0" encoding="UTF-8" ?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file source-language="en-US" datatype="plaintext" original="ng2.template">
    <body>
      <trans-unit id="ago" datatype="html">
        <source>{VAR_PLURAL, plural, =0 {just now} =1 {one minute ago} other {<x id="INTERPOLATION" equiv-text="{{minutes}}"/> minutes ago} }</source>
      </trans-unit>
      <trans-unit id="updated" datatype="html">
        <source>Updated <x id="INTERPOLATION" equiv-text="{{ minutes }}"/> minutes ago by <x id="START_BOLD_TEXT" ctype="x-b" equiv-text="&lt;b&gt;"/><x id="INTERPOLATION_1" equiv-text="{{ author }}"/><x id="CLOSE_BOLD_TEXT" ctype="x-b" equiv-text="&lt;/b&gt;"/></source>
      </trans-unit>
      <trans-unit id="save" datatype="html">
        <source>Save &amp; close</source>
      </trans-unit>
    </body>
  </file>
</xliff>
"""


def test_angular_icu_in_xliff_is_translated_branch_by_branch() -> None:
    """Angular writes ICU plurals with <x equiv-text="{{minutes}}"/> inside the branches: the ICU parser
    takes such a tag as literal text (its braces are not arguments), so only the branch texts go to the
    engine and the skeleton comes back (it was sent whole and written back broken:
    "{VAR_PLURAL, Plural, =0 {00 {ne Minute ago}...")."""
    from localize import checks
    from localize.formats import icu
    src = ANGULAR_XLF.split("<source>")[1].split("</source>")[0]
    nodes = icu.parse(src)
    tag = '<x id="INTERPOLATION" equiv-text="{{minutes}}"/>'
    assert icu.units(nodes) == ["just now", "one minute ago", f"{tag} minutes ago"]
    out = icu.rebuild(nodes, ["à l'instant", "il y a une minute", f"il y a {tag} minutes"], ["one", "many", "other"])
    assert out.count(tag) == 3 and out.startswith("{VAR_PLURAL, plural, =0 {à l''instant}") is False
    assert icu.validate(out) is None and icu.argument_names(out) == ["VAR_PLURAL"]
    ctx = checks.Context(target_locale="fr", kind="icu", machine=True)
    assert not [i for i in checks.check_pair(src, out, ctx) if i.severity == "error"]
    assert icu.argument_names("a <b and {x} > c") == ["x"]            # not a tag with attributes: an argument


def test_xliff_translation_that_fails_a_check_is_not_written(tmp_path: Path) -> None:
    """Angular and Symfony use an XLIFF target whatever its state: a translation that failed a check is
    left out (listed for review), as in bundles; what is written passes `localize check`."""
    from click.testing import CliRunner

    from localize.cli import main
    from localize.config import load
    from localize.engine import DEFAULT_MODEL_DIR
    from localize.engine.ct2 import CT2Translator
    from localize.pipeline import Pipeline
    from localize.selection import Options
    (tmp_path / "src/locale").mkdir(parents=True)
    (tmp_path / "src/locale/messages.xlf").write_text(ANGULAR_XLF)
    (tmp_path / "localize.toml").write_text('[project]\nsource = "en"\ntargets = ["de", "fr", "ja"]\n\n[[resources]]\n'
                                            'path = "src/locale/messages.{locale}.xlf"\ntemplate = "src/locale/messages.xlf"\n')
    engine = CT2Translator(DEFAULT_MODEL_DIR, beam_size=4)
    result = Pipeline(load(tmp_path / "localize.toml"), engine, Options()).run()
    failed = {(r["locale"], r["key"]) for r in result.review if str(r["reason"]).startswith("not written")}
    for loc in ("de", "fr", "ja"):
        res = formats.load(tmp_path / f"src/locale/messages.{loc}.xlf", loc)
        written = {s.id for s in res.segments if s.targets}
        assert written | {k for lo, k in failed if lo == loc} == {"ago", "updated", "save"}
        assert "{VAR_PLURAL, plural," in (res.by_id()["ago"].targets or ["{VAR_PLURAL, plural,"])[0]
    r = CliRunner().invoke(main, ["check", *[str(p) for p in (tmp_path / "src/locale").glob("messages.*.xlf")]])
    assert " 0 error(s)" in " " + r.output.strip().splitlines()[-1], r.output


def test_length_limits_from_char_limit_notes_and_xliff_maxwidth(tmp_path: Path) -> None:
    """AOSP writes the translator's note and "[CHAR LIMIT=N]" in the comment above a string: it is the
    string's note and limit; XLIFF 1.2 `maxwidth` counts characters only with size-unit="char" (the
    default unit is pixels).  Machine output over the limit is an error: the n-best choice takes a
    hypothesis that fits, else the string is not written and is listed for review."""
    from localize.checks import Context, check_pair
    from localize.config import load
    from localize.engine import DEFAULT_MODEL_DIR
    from localize.engine.ct2 import CT2Translator
    from localize.pipeline import Options, Pipeline
    (tmp_path / "res/values").mkdir(parents=True)
    (tmp_path / "res/values/strings.xml").write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<resources xmlns:xliff="urn:oasis:names:tc:xliff:document:1.2">\n'
        '    <string name="plain">Open the settings</string>\n'
        '    <!-- Title of the battery saver dialog. [CHAR LIMIT=5] -->\n'
        '    <string name="battery_saver_title">Turn on Battery Saver?</string>\n'
        '    <!-- Button label [CHAR LIMIT=NONE] -->\n    <string name="ok_button">Try again later</string>\n'
        '</resources>\n', "utf-8")
    res = formats.load(tmp_path / "res/values/strings.xml")
    by = res.by_id()
    assert by["battery_saver_title"].developer_notes == ["Title of the battery saver dialog. [CHAR LIMIT=5]"]
    assert by["battery_saver_title"].max_chars == 5 and by["ok_button"].max_chars is None
    assert by["plain"].developer_notes == [] and by["plain"].max_chars is None
    assert any(i.check == "length-limit" and i.severity == "error"
               for i in check_pair("Turn on", "Einschalten", Context(machine=True, max_chars=5)))
    assert not check_pair("Turn on", "Ein", Context(machine=True, max_chars=5))
    (tmp_path / "localize.toml").write_text('[project]\nsource = "en"\ntargets = ["de"]\n\n[[resources]]\n'
                                            'path = "res/values-{locale}/strings.xml"\ntemplate = "res/values/strings.xml"\n')
    result = Pipeline(load(tmp_path / "localize.toml"), CT2Translator(DEFAULT_MODEL_DIR, beam_size=2), Options()).run()
    out = formats.load(tmp_path / "res/values-de/strings.xml").by_id()
    assert "plain" in out and "ok_button" in out
    assert "battery_saver_title" not in out or len(out["battery_saver_title"].targets[0]) <= 5
    assert any(i.check == "length-limit" for i in result.issues) or "battery_saver_title" in out
    xlf = tmp_path / "m.xlf"
    xlf.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
                   '<file source-language="en" target-language="de" datatype="plaintext" original="x"><body>'
                   '<trans-unit id="a" maxwidth="12" size-unit="char"><source>Save</source></trans-unit>'
                   '<trans-unit id="b" maxwidth="120"><source>Save all</source></trans-unit>'
                   '</body></file></xliff>\n', "utf-8")
    units = formats.load(xlf).by_id()
    assert units["a"].max_chars == 12 and units["b"].max_chars is None


def test_android_product_variants_and_formatted_false(tmp_path: Path) -> None:
    """AOSP gives one name a variant per product (`product="tablet"` / `"default"`): each is its own string
    (it was a "duplicate resource name" error, exit 2, for the whole file), and a new string keeps the
    source's start tag, so `formatted="false"` (which aapt needs for several non-positional %s) comes along."""
    from localize.config import load
    from localize.engine import DEFAULT_MODEL_DIR
    from localize.engine.ct2 import CT2Translator
    from localize.pipeline import Options, Pipeline
    (tmp_path / "res/values").mkdir(parents=True)
    (tmp_path / "res/values/strings.xml").write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<resources>\n'
        '    <string name="storage_full" product="tablet">Tablet storage is full.</string>\n'
        '    <string name="storage_full" product="default">Phone storage is full.</string>\n'
        '    <string name="fmt" formatted="false">%s of %s</string>\n'
        '    <java-symbol type="string" name="fmt" />\n</resources>\n', "utf-8")
    res = formats.load(tmp_path / "res/values/strings.xml")
    assert [s.id for s in res.segments] == ["storage_full@tablet", "storage_full@default", "fmt"]
    (tmp_path / "localize.toml").write_text('[project]\nsource = "en"\ntargets = ["de"]\n\n[[resources]]\n'
                                            'path = "res/values-{locale}/strings.xml"\ntemplate = "res/values/strings.xml"\n')
    engine = CT2Translator(DEFAULT_MODEL_DIR, beam_size=2)
    Pipeline(load(tmp_path / "localize.toml"), engine, Options()).run()
    text = (tmp_path / "res/values-de/strings.xml").read_text("utf-8")
    assert '<string name="storage_full" product="tablet">' in text and '<string name="storage_full" product="default">' in text
    assert '<string name="fmt" formatted="false">' in text
    again = Pipeline(load(tmp_path / "localize.toml"), engine, Options()).run()
    assert not again.written and not again.engine_calls
