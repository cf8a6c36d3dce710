"""Defects found by a sweep of the YAML, XLIFF and Android adapters over real files (Debian ruby gems,
Symfony, npm Android libraries, apktool's test resources), each tested on a small real excerpt
(tests/fixtures/SOURCES.md) or, where the file's license does not allow a copy, on the line that broke."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from localize import formats, plurals
from localize.errors import ParseError
from localize.formats import android, xliff, yamlfmt

from .conftest import FIXTURES

YAML = FIXTURES / "yaml"
XLF = FIXTURES / "xliff" / "symfony-validator"
ANDROID = FIXTURES / "android"


def _flat(node: yamlfmt.YNode | None) -> object:
    if node is None:
        return None
    if node.kind == "map":
        return {k: _flat(v) for k, _kn, v in node.members}
    if node.kind == "seq":
        return [_flat(i) for i in node.items]
    return node.value


# ------------------------------------------------------------------------------------------------ YAML

def test_tab_inside_a_plain_scalar_is_read_as_libyaml_reads_it() -> None:
    """faker's en/australia.yml lists "Wagga<TAB>Wagga": Ruby's Psych (libyaml) loads it, ruamel's
    scanner stopped with "found character '\\t' that cannot start any token"."""
    f = YAML / "faker" / "en" / "australia.yml"  # not in */*.yml: PyYAML's pure-Python scanner rejects the tab
    res = formats.load(f)
    assert any(s.source == "Wagga\tWagga" for s in res.segments)
    assert formats.dump(res) == f.read_bytes()
    seg = next(s for s in res.segments if s.source == "Wagga\tWagga")
    seg.targets = ["Wagga Wagga (NSW)"]
    out = formats.dump(res).decode("utf-8")
    assert "        - Wagga Wagga (NSW)\n" in out and out.count("\t") == 0
    assert formats.dump(res) != f.read_bytes()


@pytest.mark.parametrize("text", [
    "a: Wagga\tWagga\n",
    "kendo:\n  timepicker:\n    accept:\tPM-ready\n",   # Kendo UI's timepicker.pt-BR.yml: a tab after the colon
    "a:\n  b:\tc\n",
    "a: b\t# a comment\n",
    "a:\t\tb\n",
    "a: b\t\n",
    "a: one\n   two\tthree\n",
    "a:  b \tc\n",
    "a: &x b\tc\n",
    "a\tb: c\n",
    'a: "q\ty"\n',
])
def test_tabs_libyaml_accepts_are_accepted(text: str) -> None:
    yaml = pytest.importorskip("yaml")
    loader = getattr(yaml, "CSafeLoader", None)
    if loader is None:
        pytest.skip("PyYAML without libyaml")
    assert _flat(yamlfmt._build("t.yml", text)) == yaml.load(text, Loader=loader)
    assert formats.dump(yamlfmt.read("t.yml", text.encode())) == text.encode()


@pytest.mark.parametrize("text", ["- \tvalue\n", "a:\n\t- b\n", "\t a: b\n", "a: x\n\t\n"])
def test_tabs_libyaml_rejects_are_still_errors(text: str) -> None:
    with pytest.raises(ParseError) as exc:
        yamlfmt.read("t.yml", text.encode())
    assert "\\t" in str(exc.value) and exc.value.line is not None


def test_null_value_in_a_target_is_untranslated_not_a_translation(tmp_path: Path) -> None:
    """doorkeeper-i18n's pt-BR.yml has `scopes: ~` (nil: Rails treats the key as missing).  It was read
    as the translation "~": `check` warned "no words" and "length ratio 0.01", and `translate` never
    filled it."""
    src = formats.load(YAML / "doorkeeper-i18n" / "en.yml")
    tgt = formats.load(YAML / "doorkeeper-i18n" / "pt-BR.yml")
    res = yamlfmt.pair(src, tgt, str(YAML / "doorkeeper-i18n" / "pt-BR.yml"), "pt_BR")
    nulls = [s for s in res.segments if s.key in ("activerecord.attributes.doorkeeper/application.scopes",
                                                      "doorkeeper.applications.help.scopes",
                                                      "doorkeeper.applications.show.scopes")]
    assert len(nulls) == 3 and all(s.targets == [] for s in nulls)
    assert not any(t == "~" for s in res.segments for t in s.targets)
    # filled in place: "~" replaced, every other byte kept
    nulls[0].targets = ["Escopos"]
    out = formats.dump(res).decode("utf-8")
    before = (YAML / "doorkeeper-i18n" / "pt-BR.yml").read_text("utf-8")
    assert out.count("scopes: ~") == before.count("scopes: ~") - 1 and "scopes: Escopos" in out
    assert len(out.splitlines()) == len(before.splitlines())


def test_null_value_check_has_no_false_warnings(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from localize.cli import main
    d = tmp_path / "locales"
    d.mkdir()
    for n in ("en.yml", "pt-BR.yml"):
        shutil.copy(YAML / "doorkeeper-i18n" / n, d / n)
    r = CliRunner().invoke(main, ["check", str(d / "pt-BR.yml"), "--source-file", str(d / "en.yml")])
    assert "no-text" not in r.output and "ratio 0.01" not in r.output, r.output


def test_rails_round_mode_is_an_option_not_text(tmp_path: Path) -> None:
    """activesupport's en.yml: `number.format.round_mode: default` is BigDecimal's rounding mode; it was
    machine-translated ("Standard", "domyślny"), which raises ArgumentError when Rails rounds a number."""
    src = formats.load(YAML / "rails-activesupport" / "en.yml")
    assert not any(s.key and s.key.endswith("round_mode") for s in src.segments)
    res = formats.create("yaml", src, str(tmp_path / "de.yml"), "de")
    for s in res.segments:
        s.targets = ["X"] * max(1, len(s.plural_categories))
    out = formats.dump(res).decode("utf-8")
    assert "      round_mode: default\n" in out


# ----------------------------------------------------------------------------------------------- XLIFF

def test_symfony_pipe_plurals_are_plural_segments() -> None:
    res = formats.load(XLF / "validators.pl.xlf")
    seg = res.by_id()["19"]
    assert seg.source == "This value is too long. It should have {{ limit }} character or less."
    assert seg.source_plural == "This value is too long. It should have {{ limit }} characters or less."
    assert len(seg.targets) == 3 and all("{{ limit }}" in t for t in seg.targets)
    assert formats.load(XLF / "validators.en.xlf").by_id()["84"].source_plural is None  # no "|": plain text
    for f in sorted(XLF.glob("*.xlf")):
        assert formats.dump(formats.load(f)) == f.read_bytes(), f


@pytest.mark.parametrize("text, forms", [
    ("There is one apple|There are %count% apples", ["There is one apple", "There are %count% apples"]),
    ("{{ limit }} choice.|{{ limit }} choices.", ["{{ limit }} choice.", "{{ limit }} choices."]),
    ("Home | Site", None),                                       # a title, not forms
    ("{0} No apples|[1,Inf[ %count% apples", None),              # interval syntax: left as text
    ("a|b|c %count%", None),
    ("Page %page%|Total", None),                                 # no count placeholder in the plural
    ('<x id="INTERPOLATION" equiv-text="{{a}}"/>|<x id="INTERPOLATION_1" equiv-text="{{b}}"/>', None),
    ("{count, plural, one {# file} other {# files}}|x", None),
])
def test_pipe_forms_detection(text: str, forms: list[str] | None) -> None:
    assert xliff.pipe_forms(text) == forms


def test_symfony_plural_target_gets_the_locales_number_of_forms(tmp_path: Path) -> None:
    """Symfony picks a form by the locale's gettext rule and throws "Unable to choose a translation" when
    it is missing: a Polish or Russian target needs three forms, Japanese one.  The machine output had two."""
    src = formats.load(XLF / "validators.en.xlf")
    for loc, n in (("pl", 3), ("ru", 3), ("ja", 1), ("de", 2)):
        res = formats.create("xliff", src, str(tmp_path / f"validators.{loc}.xlf"), loc)
        seg = res.by_id()["19"]
        assert seg.is_plural and plurals.nplurals(loc) == n
        seg.targets = [f"F{i} {{{{ limit }}}}" for i in range(n)]
        seg.set_flag("fuzzy")
        out = formats.dump(res).decode("utf-8")
        want = "|".join(f"F{i} {{{{ limit }}}}" for i in range(n))
        assert f'<target state="needs-review-translation">{want}</target>' in out
        again = xliff.read(res.path, out.encode(), loc).by_id()["19"]
        assert again.targets == seg.targets


def test_symfony_plural_check_errors_are_the_real_ones(tmp_path: Path) -> None:
    """validators.*.xlf: 266 errors before (Arabic's six forms read as "unexpected {{ limit }} x4",
    Danish "én mulighed" for the singular as "missing {{ limit }}"), 34 after, all real slips."""
    from click.testing import CliRunner

    from localize.cli import main
    r = CliRunner().invoke(main, ["check", "--json", *(str(XLF / f"validators.{loc}.xlf")
                                                        for loc in ("pl", "da", "et", "ur", "tr"))])
    import json
    issues = [i for i in json.loads(r.output)["issues"] if i["severity"] == "error"]
    got = sorted((Path(i["path"]).name, i["segment_id"]) for i in issues)
    # et: "{{ limit }}|elementi" (a third form), ur: no "|" and "{{ limit }" broken, tr: "{{ compare_value }}"
    assert ("validators.et.xlf", "56") in got and ("validators.tr.xlf", "84") in got
    assert ("validators.ur.xlf", "54") in got
    assert not any(name in ("validators.pl.xlf", "validators.da.xlf") for name, _ in got), got


# --------------------------------------------------------------------------------------------- Android

def _pair_new(src_path: Path, tmp_path: Path, loc: str) -> formats.Resource:
    src = formats.load(src_path)
    return formats.create("android", src, str(tmp_path / f"values-{loc}" / src_path.name), loc)


def test_resource_references_are_not_translated(tmp_path: Path) -> None:
    """cordova-android's strings.xml: `launcher_name` is `@string/app_name`.  It was sent to the engine
    and written back as `\\@string/...` text (the app's label became the literal reference)."""
    f = ANDROID / "cordova-android" / "res" / "values" / "strings.xml"
    res = formats.load(f)
    assert [s.id for s in res.segments] == ["app_name"]
    assert formats.dump(res) == f.read_bytes()


def test_reference_items_stay_in_place_in_a_new_array_and_formatted_false_is_kept(tmp_path: Path) -> None:
    """apktool's test arrays: `<item>@string/test1</item>` became `\\@stringa/test1`, and a new
    `<string-array formatted="false">` lost the attribute."""
    f = ANDROID / "apktool" / "values-mcc001" / "arrays.xml"
    assert formats.dump(formats.load(f)) == f.read_bytes()
    res = _pair_new(f, tmp_path, "pl")
    assert "issue_409[0]" not in res.by_id()
    for s in res.segments:
        s.targets = [f"PL {s.source}"]
    out = formats.dump(res).decode("utf-8")
    assert ('<string-array name="issue_409">\n        <item>@string/test1</item>\n'
            '        <item>PL foo</item>\n        <item>PL foo2</item>\n    </string-array>') in out
    assert '<string-array name="issue_677" formatted="false">' in out
    assert "integer-array" not in out and "test_array3" not in out


@pytest.mark.parametrize("raw, ref", [
    ("@string/app_name", True), ("@android:string/ok", True), ("@null", True), ("?attr/colorPrimary", True),
    ("?android:textColorPrimary", True), ("\\@string/app_name", False), ("@ home", False), ("?", False),
    ("What?", False), ("Hello @string/x", False),
])
def test_reference_pattern(raw: str, ref: bool) -> None:
    assert bool(android._REFERENCE_RE.match(raw)) is ref


def test_control_character_escape_survives_a_write(tmp_path: Path) -> None:
    """apktool's `test_string10` is `\\u0005`: a translation holding it was written empty (XML 1.0 cannot
    hold U+0005; the character was dropped) instead of as Android's `\\u0005` escape."""
    f = ANDROID / "apktool" / "values-mcc001" / "strings.xml"
    assert formats.dump(formats.load(f)) == f.read_bytes()
    res = _pair_new(f, tmp_path, "de")
    for s in res.segments:
        s.targets = [s.source]
    out = formats.dump(res).decode("utf-8")
    assert '<string name="test_string10">\\u0005</string>' in out
    assert '<string name="test_string3">\\@</string>' in out and '<string name="test_string4">\\?</string>' in out
    assert '<string name="test_string8">\\\'</string>' in out and '<string name="test_string9">\\"</string>' in out
    assert '<string name="test_string17" formatted="false">%d of %d</string>' in out
    assert '<string name="test_string19">%2$s foo %1$d</string>' in out
    p = tmp_path / "values-de" / "strings.xml"
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(out, "utf-8")
    if shutil.which("xmllint"):
        subprocess.run(["xmllint", "--noout", str(p)], check=True)
    again = android.pair(formats.load(f), formats.load(p, "de"), str(p), "de")
    assert again.by_id()["test_string10"].targets == ["\x05"]
