"""The text formats (Java .properties, Apple .strings, YAML, Fluent; .stringsdict, .xcstrings and ARB are in
test_formats_mobile.py) against the shared
conformance suite, plus per format: a byte-identical round trip of every fixture, the fill of a stripped
copy, a new locale created from the source, a second run that changes nothing, and what we write read
back by an independent parser."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from localize import formats
from localize.errors import ParseError
from localize.segments import Resource

from .conftest import FIXTURES
from .test_formats import FormatConformance

PROPERTIES = sorted((FIXTURES / "properties").glob("*/*.properties"))
STRINGS = sorted((FIXTURES / "strings").glob("*/*.lproj/*.strings"))


def fill(source: Path, target: Path | None, out: Path, locale: str, values: dict[str, str]) -> Resource:
    """Pair `target` (or nothing) with `source`, set the given targets, save to `out`."""
    src = formats.load(source, "en")
    tgt = formats.load(target, locale) if target is not None else None
    res = formats.module(src.format).pair(src, tgt, str(out), locale)
    for s in res.segments:
        if s.id in values:
            s.targets = [values[s.id]] * (len(s.plural_categories) or 1)
    formats.save(res)
    return res


class KeyedConformance(FormatConformance):
    """Line-oriented key/value formats: a change replaces exactly the changed values' lines."""

    def load(self, path: Path) -> Resource:
        return formats.load(path)

    def reload(self, res: Resource, data: bytes) -> Resource:
        return formats.module(res.format).read(res.path, data)

    def assert_only_changed(self, removed: list[str], added: list[str], n: int, f: Path) -> None:
        assert len(removed) == n and len(added) == n, (f, removed, added)

    def encoding(self, res: Resource) -> str:
        return {"latin-1": "latin-1"}.get(res.handle.encoding, res.handle.encoding)

    def corrupt(self, data: bytes) -> bytes:
        raise NotImplementedError


# ------------------------------------------------------------------ Java .properties

def java_properties(data: bytes) -> dict[str, str]:
    """java.util.Properties.load semantics, via jproperties (an independent implementation)."""
    from jproperties import Properties
    p = Properties()
    p.load(data, "iso-8859-1" if not _is_utf8(data) else "utf-8")
    return {k: v.data for k, v in p.items()}


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


class TestProperties(KeyedConformance):
    files = PROPERTIES

    def assert_only_changed(self, removed: list[str], added: list[str], n: int, f: Path) -> None:
        # a value continued over several lines (Sweet Home 3D's "\" + indented lines) goes as a whole
        firsts = [r for r in removed if not r[1:2].isspace()]
        assert len(firsts) == n and len(added) == n, (f, removed, added)

    def corrupt(self, data: bytes) -> bytes:
        return data + b"\nbroken = \\u12G4\n"

    def test_values_match_an_independent_reader(self) -> None:
        for f in self.files:
            res = self.load(f)
            ref = java_properties(f.read_bytes())
            mf = {s.id for s in res.segments if res.handle.slots[s.id].extra.get("mf")}
            got = {s.id: (s.source.replace("'", "''") if s.id in mf else s.source) for s in res.segments}
            assert got == ref, f

    def test_fill_stripped_copy_new_locale_and_second_run(self, tmp_path: Path) -> None:
        src = FIXTURES / "properties/jcommon/LocalizationBundle.properties"
        de = FIXTURES / "properties/jcommon/LocalizationBundle_de.properties"
        want = {s.id: s.source for s in formats.load(de).segments}
        # stripped: every other key line removed
        lines = de.read_bytes().split(b"\n")
        kept = [ln for i, ln in enumerate(lines) if not (b"=" in ln and not ln.startswith(b"#") and i % 2)]
        stripped = tmp_path / "LocalizationBundle_de.properties"
        stripped.write_bytes(b"\n".join(kept))
        before = java_properties(stripped.read_bytes())
        assert len(before) < len(want)
        fill(src, stripped, stripped, "de", want)
        assert java_properties(stripped.read_bytes()) == want
        first = stripped.read_bytes()
        fill(src, stripped, stripped, "de", want)   # second run: nothing changes
        assert stripped.read_bytes() == first
        # a new locale: the source's layout, ASCII with \uXXXX escapes like the source
        new = tmp_path / "LocalizationBundle_ru.properties"
        res = fill(src, None, new, "ru", {s: f"Ру {v} ''" for s, v in want.items()})
        data = new.read_bytes()
        assert data.isascii() and b"\\u0420" in data
        assert java_properties(data) == {s: f"Ру {v} ''" for s, v in want.items()}
        assert not formats.save(res)

    def test_message_format_quotes(self, tmp_path: Path) -> None:
        src = FIXTURES / "properties/xerces/SAXMessages.properties"
        res = formats.load(src)
        seg = res.by_id()["feature-not-supported"]
        assert seg.source == "Feature '{0}' is not supported."   # '' read as one quote
        out = tmp_path / "SAXMessages_fr.properties"
        fill(src, None, out, "fr", {"feature-not-supported": "La fonctionnalité '{0}' n'est pas prise en charge.",
                                    "BadMessageKey": "Le message d'erreur est introuvable."})
        ref = java_properties(out.read_bytes())
        # every string of this file goes through MessageFormat: each quote is doubled
        assert ref["feature-not-supported"] == "La fonctionnalit\u00e9 ''{0}'' n''est pas prise en charge."
        assert ref["BadMessageKey"] == "Le message d''erreur est introuvable."
        back = formats.module("properties").pair(formats.load(src), formats.load(out), str(out), "fr")
        assert back.by_id()["BadMessageKey"].targets == ["Le message d'erreur est introuvable."]
        java = shutil.which("java")
        if java is None:
            pytest.skip("java not installed")
        prog = tmp_path / "Show.java"
        prog.write_text(
            "import java.io.*; import java.util.*; import java.text.MessageFormat;\n"
            "public class Show { public static void main(String[] a) throws Exception {\n"
            " Properties p = new Properties(); try (InputStream in = new FileInputStream(a[0])) { p.load(in); }\n"
            " PrintStream out = new PrintStream(System.out, true, \"UTF-8\");\n"
            " out.println(MessageFormat.format(p.getProperty(\"feature-not-supported\"), \"x\")); } }\n")
        run = subprocess.run([java, str(prog), str(out)], capture_output=True, timeout=120)
        assert run.returncode == 0, run.stderr
        assert run.stdout.decode("utf-8").strip() == "La fonctionnalité 'x' n'est pas prise en charge."

    def test_continuation_lines_and_separators(self, tmp_path: Path) -> None:
        text = ("# note\nfirst.key = one \\\n    two\\\n  three\nsecond:value\nthird value with spaces\n"
                "! bang comment\nfourth\\ key=\\u00e9\\n\nempty=\n")
        f = tmp_path / "A.properties"
        f.write_bytes(text.encode())
        res = formats.load(f)
        got = {s.id: s.source for s in res.segments}
        assert got == java_properties(text.encode())
        assert res.by_id()["first.key"].developer_notes == ["note"]
        res.by_id()["first.key"].targets = ["un deux trois"]
        assert formats.dump(res).decode() == text.replace("one \\\n    two\\\n  three", "un deux trois")
        assert formats.dump(formats.load(f)) == text.encode()

    def test_malformed_escape_is_located(self, tmp_path: Path) -> None:
        f = tmp_path / "B.properties"
        f.write_bytes(b"a=1\nb=\\u00zz\n")
        with pytest.raises(ParseError) as exc:
            formats.load(f)
        assert exc.value.line == 2


# ------------------------------------------------------------------ Apple .strings

class TestStrings(KeyedConformance):
    files = STRINGS

    def corrupt(self, data: bytes) -> bytes:
        return data + b'\n"unterminated = "x";\n'

    def test_fill_stripped_copy_new_locale_and_second_run(self, tmp_path: Path) -> None:
        src = FIXTURES / "strings/gworkspace-fsnode/English.lproj/Localizable.strings"
        de = FIXTURES / "strings/gworkspace-fsnode/German.lproj/Localizable.strings"
        want = {s.id: s.source for s in formats.load(de).segments}
        res = formats.load(de)
        # stripped: the first half of the pairs removed, comments and all
        h = res.handle
        cut = h.entries[: len(h.entries) // 2]
        text = h.text
        for e in reversed(cut):
            text = text[: e.start] + text[e.end:]
        stripped = tmp_path / "de.lproj" / "Localizable.strings"
        stripped.parent.mkdir()
        stripped.write_bytes(h.bom + text.encode(h.encoding))
        assert len(formats.load(stripped).segments) < len(want)
        fill(src, stripped, stripped, "de", want)
        again = {s.id: s.source for s in formats.load(stripped).segments}
        src_ids = {s.id for s in formats.load(src).segments}
        assert {k: v for k, v in again.items() if k in src_ids} == {k: v for k, v in want.items() if k in src_ids}
        first = stripped.read_bytes()
        fill(src, stripped, stripped, "de", want)
        assert stripped.read_bytes() == first
        # a new locale from the source; notes (make_strings comments) come along
        new = tmp_path / "pt-BR.lproj" / "Localizable.strings"
        vals = {k: f'Olá "{k}"\n' for k in src_ids}
        fill(src, None, new, "pt-BR", vals)
        assert {s.id: s.source for s in formats.load(new).segments} == vals
        assert b"/* File: ../FSNFunctions.m:147 */" in new.read_bytes()

    def test_utf16_with_bom_round_trip_and_write(self, tmp_path: Path) -> None:
        src = FIXTURES / "strings/gnustep-base/German.lproj/Localizable.strings"
        text = src.read_bytes().decode("utf-8-sig")
        f = tmp_path / "Localizable.strings"
        f.write_bytes(text.replace("\n", "\r\n").encode("utf-16"))   # Xcode's UTF-16 with BOM
        res = formats.load(f)
        assert res.handle.encoding.startswith("utf-16") and formats.dump(res) == f.read_bytes()
        res.by_id()["Undo"].targets = ["Rückgängig \\ \"x\""]
        formats.save(res)
        data = f.read_bytes()
        assert data[:2] in (b"\xff\xfe", b"\xfe\xff")
        assert '"Undo" = "Rückgängig \\\\ \\"x\\"";\r\n' in data.decode("utf-16")
        assert formats.load(f).by_id()["Undo"].source == "Rückgängig \\ \"x\""

    def test_escapes_and_unquoted_keys(self, tmp_path: Path) -> None:
        f = tmp_path / "Localizable.strings"
        f.write_bytes(b'// line comment\nplain = bare_value;\n"a\\"b" = "tab\\there \\U00e9 \\101";\n')
        res = formats.load(f)
        assert {s.id: s.source for s in res.segments} == {"plain": "bare_value", 'a"b': "tab\there \u00e9 A"}
        res.by_id()["plain"].targets = ["two words"]
        assert formats.dump(res).startswith(b'// line comment\nplain = "two words";\n')


# ------------------------------------------------------------------ YAML (Rails and Symfony style)

YAML_FILES = sorted((FIXTURES / "yaml").glob("*/*.yml"))
DOORKEEPER = FIXTURES / "yaml/doorkeeper-i18n"
ACTIONVIEW = FIXTURES / "yaml/rails-actionview/en.yml"


def yaml_load(data: bytes) -> object:
    import yaml  # PyYAML: an independent parser
    return yaml.safe_load(data.decode("utf-8"))


def leaf(tree: object, key: str) -> object:
    for part in key.split("."):
        tree = tree[part]  # type: ignore[index]
    return tree


class TestYAML(FormatConformance):
    files = YAML_FILES

    def load(self, path: Path) -> Resource:
        return formats.load(path)

    def reload(self, res: Resource, data: bytes) -> Resource:
        return formats.module("yaml").read(res.path, data)

    def assert_only_changed(self, removed: list[str], added: list[str], n: int, f: Path) -> None:
        assert len(removed) == n and len(added) == n, (f, removed, added)
        for r, a in zip(removed, added):
            assert r.split(":")[0][1:] == a.split(":")[0][1:], (r, a)  # same key, new value

    def corrupt(self, data: bytes) -> bytes:
        return data + b"\n  broken: [unclosed\n"

    def test_values_match_pyyaml(self) -> None:
        for f in self.files:
            res = self.load(f)
            tree = yaml_load(f.read_bytes())
            root = tree[res.locale] if res.locale in tree else tree  # type: ignore[operator,index]
            for s in res.segments:
                if s.plural_categories:
                    node = leaf(root, s.key)
                    assert [node[c] for c in s.plural_categories] == s.targets, (f, s.key)  # type: ignore[index]
                elif "[" not in s.key:
                    assert leaf(root, s.key) == s.source, (f, s.key)

    def test_fill_stripped_copy_and_second_run(self, tmp_path: Path) -> None:
        de = DOORKEEPER / "de.yml"
        want = {s.id: s.source for s in formats.load(de).segments}
        # stripped: every line holding a quoted value in the second half of the file removed
        lines = de.read_text().split("\n")
        half = len(lines) // 2
        kept = [ln for i, ln in enumerate(lines) if not (i > half and re.match(r"\s+[\w/]+: ['\"]", ln))]
        stripped = tmp_path / "de.yml"
        stripped.write_text("\n".join(kept))
        assert len(formats.load(stripped).segments) < len(want)
        fill(DOORKEEPER / "en.yml", stripped, stripped, "de", want)
        assert yaml_load(stripped.read_bytes()) == yaml_load(de.read_bytes())
        first = stripped.read_bytes()
        fill(DOORKEEPER / "en.yml", stripped, stripped, "de", want)
        assert stripped.read_bytes() == first
        # comments of the stripped copy are still there
        assert [ln for ln in kept if ln.strip().startswith("#")] == \
            [ln for ln in first.decode().split("\n") if ln.strip().startswith("#")]

    def test_new_locale_gets_root_key_and_plural_categories(self, tmp_path: Path) -> None:
        out = tmp_path / "ru.yml"
        src = formats.load(ACTIONVIEW, "en")
        vals = {s.id: f"RU {s.source}: it's #1" for s in src.segments}
        res = fill(ACTIONVIEW, None, out, "ru", vals)
        tree = yaml_load(out.read_bytes())
        assert list(tree) == ["ru"]  # type: ignore[arg-type]
        node = tree["ru"]["datetime"]["distance_in_words"]["x_seconds"]  # type: ignore[index]
        assert list(node) == ["one", "few", "many", "other"]
        assert tree["ru"]["helpers"]["submit"]["create"] == "RU Create %{model}: it's #1"  # type: ignore[index]
        assert not formats.save(res)  # a second run changes nothing
        again = formats.module("yaml").pair(src, formats.load(out, "ru"), str(out), "ru")
        assert all(s.translated for s in again.segments)

    def test_existing_target_gains_missing_plural_categories(self, tmp_path: Path) -> None:
        f = tmp_path / "pl.yml"
        f.write_text("# Polish\npl:\n  datetime:\n    distance_in_words:\n      x_seconds:\n"
                     "        one: '1 sekunda'   # keep me\n        other: '%{count} sekundy'\n")
        src = formats.load(ACTIONVIEW, "en")
        res = formats.module("yaml").pair(src, formats.load(f, "pl"), str(f), "pl")
        seg = next(s for s in res.segments if s.key == "datetime.distance_in_words.x_seconds")
        assert seg.plural_categories == ["one", "few", "many", "other"]
        assert seg.targets == ["1 sekunda", "", "", "%{count} sekundy"]
        seg.targets = ["1 sekunda", "%{count} sekundy", "%{count} sekund", "%{count} sekundy"]
        formats.save(res)
        text = f.read_text()
        assert "one: '1 sekunda'   # keep me\n        few: '%{count} sekundy'\n        many: '%{count} sekund'\n" \
               "        other: '%{count} sekundy'\n" in text
        assert text.startswith("# Polish\npl:\n")

    def test_symfony_style_anchors_block_scalars_and_non_text(self, tmp_path: Path) -> None:
        src = tmp_path / "messages.en.yaml"
        src.write_text("# Symfony translations\nbase: &base Hello\ncopy: *base\ngreeting: 'Hi %name%'\n"
                       "help: |\n  First line\n  second line\n\nlimits:\n  max: 10\n  enabled: true\n"
                       "  order:\n    - :year\n    - :month\nnested:\n  title: Title\n")
        res = formats.load(src, "en")
        assert res.locale == "en"
        assert {s.key: s.source for s in res.segments} == {
            "base": "Hello", "greeting": "Hi %name%", "help": "First line\nsecond line\n", "nested.title": "Title"}
        by = {s.key: s for s in res.segments}
        by["base"].targets = ["Hallo: Welt"]
        by["help"].targets = ["Erste Zeile\nzweite Zeile\n"]
        out = formats.dump(res).decode()
        assert "base: &base \"Hallo: Welt\"\ncopy: *base\n" in out
        assert "help: |\n  Erste Zeile\n  zweite Zeile\n\nlimits:" in out
        tree = yaml_load(out.encode())
        assert tree["copy"] == "Hallo: Welt" and tree["help"] == "Erste Zeile\nzweite Zeile\n"  # type: ignore[index]
        # a new Symfony-style locale: no root key; non-text values copied
        new = tmp_path / "messages.de.yaml"
        fill(src, None, new, "de", {s.id: "DE " + s.source for s in res.segments})
        tree = yaml_load(new.read_bytes())
        assert tree["nested"] == {"title": "DE Title"} and tree["limits"]["max"] == 10  # type: ignore[index]
        assert tree["limits"]["order"] == [":year", ":month"]  # type: ignore[index]
        assert tree["greeting"] == "DE Hi %name%"  # type: ignore[index]

    def test_shape_mismatch_and_duplicate_keys_are_located(self, tmp_path: Path) -> None:
        f = tmp_path / "de.yml"
        f.write_text("de:\n  datetime:\n    distance_in_words:\n      x_seconds: 'eine Sekunde'\n")
        with pytest.raises(ParseError) as exc:
            formats.module("yaml").pair(formats.load(ACTIONVIEW, "en"), formats.load(f, "de"), str(f), "de")
        assert exc.value.line == 4
        f.write_text("de:\n  a: x\n  a: y\n")
        with pytest.raises(ParseError) as exc:
            formats.load(f)
        assert exc.value.line == 3


# ------------------------------------------------------------------ Mozilla Fluent

FTL = sorted((FIXTURES / "ftl").glob("*/*/*.ftl"))
FTL_EN = FIXTURES / "ftl/django-ftl/en"


def fluent_check(data: bytes) -> dict[str, str]:
    """fluent.syntax's own parser: no Junk; message id -> serialized message (for comparisons)."""
    from fluent.syntax import FluentParser, FluentSerializer, ast
    res = FluentParser().parse(data.decode("utf-8"))
    assert not [e for e in res.body if isinstance(e, ast.Junk)]
    ser = FluentSerializer()
    return {("-" if isinstance(e, ast.Term) else "") + e.id.name: ser.serialize_entry(e)
            for e in res.body if isinstance(e, (ast.Message, ast.Term))}


def test_yaml_rails_zero_form_is_kept_for_every_language(tmp_path: Path) -> None:
    """Rails uses a plural map's `zero:` for a count of 0 in every language (kaminari's "No %{entry_name}
    found"): Polish gets zero + one/few/many/other, the zero form translates the source's zero, and the
    checks hold each form to the source form it translates."""
    from localize import checks
    from localize.selection import Job, _item
    (tmp_path / "en.yml").write_text('en:\n  display_entries:\n    zero: "No %{entry_name} found"\n'
                                     '    one: "Displaying <b>1</b> %{entry_name}"\n'
                                     '    other: "Displaying <b>all %{count}</b> %{entry_name}"\n')
    src = formats.load(tmp_path / "en.yml", "en")
    res = formats.module("yaml").pair(src, None, str(tmp_path / "pl.yml"), "pl")
    seg = res.segments[0]
    assert seg.plural_categories == ["zero", "one", "few", "many", "other"]
    item = _item(Job(res, "pl", None, "pl.yml"), seg, False)
    assert [f.source for f in item.forms] == ["No %{entry_name} found", "Displaying <b>1</b> %{entry_name}"] + \
        ["Displaying <b>all %{count}</b> %{entry_name}"] * 3
    seg.targets = ["Nie znaleziono %{entry_name}", "Wyświetlanie <b>1</b> %{entry_name}"] + \
        ["Wyświetlanie <b>wszystkich %{count}</b> %{entry_name}"] * 3
    ctx = checks.Context(target_locale="pl", machine=True)
    assert not [i for i in checks.check_segment(seg.source, seg.source_plural, seg.targets, ctx, 5,
                                                sources=seg.form_sources()) if i.severity == checks.ERROR]
    formats.save(res)
    assert 'zero: "Nie znaleziono %{entry_name}"' in (tmp_path / "pl.yml").read_text()
    again = formats.module("yaml").pair(src, formats.load(tmp_path / "pl.yml", "pl"), str(tmp_path / "pl.yml"), "pl")
    assert again.segments[0].targets == seg.targets and not formats.save(again)


class TestFluent(KeyedConformance):
    files = FTL

    def corrupt(self, data: bytes) -> bytes:
        return data + b"\nbroken = { $unclosed\n"

    def test_fill_stripped_copy_and_second_run(self, tmp_path: Path) -> None:
        src, fr = FTL_EN / "main.ftl", FIXTURES / "ftl/django-ftl/fr-FR/main.ftl"
        want = {s.id: s.source for s in formats.load(fr).segments} | {"missing-from-others": "Absent ailleurs"}
        stripped = tmp_path / "main.ftl"
        stripped.write_text("simple = Facile\n")
        fill(src, stripped, stripped, "fr-FR", want)
        text = stripped.read_text()
        assert text == ("simple = Facile\n\nmissing-from-others = Absent ailleurs\n\nwith-argument = Bonjour à { $user }.\n\n"
                        "with-number-argument = Points: { $points }\n")
        fluent_check(stripped.read_bytes())
        first = stripped.read_bytes()
        fill(src, stripped, stripped, "fr-FR", want)
        assert stripped.read_bytes() == first

    def test_select_variants_terms_and_new_locale(self, tmp_path: Path) -> None:
        src = FTL_EN / "docs.ftl"
        res = formats.load(src, "en")
        assert [s.id for s in res.segments] == ["events-title", "events-greeting", "events-new-events-info[0]",
                                                "events-new-events-info[1]", "events-new-events-info[other]"]
        out = tmp_path / "docs.ftl"
        vals = {s.id: "DE " + s.source for s in res.segments}
        fill(src, None, out, "de", vals)
        got = fluent_check(out.read_bytes())
        orig = fluent_check(src.read_bytes())
        # the selector, the variant keys and the default marker are the source's
        assert got["events-new-events-info"] == orig["events-new-events-info"].replace("    [", "    [").replace(
            "] There", "] DE There")
        # terms are copied, not translated; references to them stay
        esc = FTL_EN / "escaping.ftl"
        out2 = tmp_path / "escaping.ftl"
        fill(esc, None, out2, "de", {s.id: "DE " + s.source for s in formats.load(esc).segments})
        got2 = fluent_check(out2.read_bytes())
        assert got2["-my-title"] == "-my-title = Jack & Jill\n"
        assert "{ -my-title }" in got2["my-test-item-plain"]

    def test_attributes_comments_and_multiline(self, tmp_path: Path) -> None:
        text = ("### Resource comment\n\n# Shown on the login button\nlogin = Log in\n    .title = Log in to { -brand }\n"
                "    .accesskey = L\n\nabout =\n    Line one\n    line two\n\n-brand = Localize\n")
        f = tmp_path / "en.ftl"
        f.write_text(text)
        res = formats.load(f)
        by = res.by_id()
        assert set(by) == {"login", "login.title", "login.accesskey", "about"}
        assert by["login"].developer_notes == ["Shown on the login button"]
        assert by["about"].source == "Line one\nline two"
        by["about"].targets = ["Zeile eins\n[zwei]"]
        by["login.title"].targets = ["Bei { -brand } anmelden"]
        out = formats.dump(res).decode()
        assert 'about =\n    Zeile eins\n    {"["}zwei]\n' in out and ".title = Bei { -brand } anmelden\n" in out
        assert out.startswith("### Resource comment\n\n# Shown on the login button\n")
        fluent_check(out.encode())
        by["login"].targets = ["{ broken"]
        with pytest.raises(ParseError):
            formats.dump(res)

    def test_placeables_are_protected(self) -> None:
        from localize.protect import mask
        m = mask("Welcome to { -my-title }, { $name }: { NUMBER($n, minimumFractionDigits: 2) } { \"[\" }")
        assert "$name" not in m.text and "-my-title" not in m.text and "NUMBER" not in m.text


# ------------------------------------------------------------------ through the pipeline

def test_pipeline_translates_every_text_format(tmp_path: Path) -> None:
    """`localize translate` on a project with YAML, .properties (template), Fluent and .strings resources:
    every target file is created, parses, passes `check`, and a second run changes nothing."""
    from localize.config import load
    from localize.engine import DEFAULT_MODEL_DIR
    from localize.engine.ct2 import CT2Translator
    from localize.pipeline import Options, Pipeline
    from localize.protect import mask
    p = tmp_path
    (p / "config/locales").mkdir(parents=True)
    shutil.copy(ACTIONVIEW, p / "config/locales/en.yml")
    (p / "bundle").mkdir()
    shutil.copy(FIXTURES / "properties/jcommon/LocalizationBundle.properties", p / "bundle/Messages.properties")
    (p / "ftl/en").mkdir(parents=True)
    shutil.copy(FTL_EN / "docs.ftl", p / "ftl/en/docs.ftl")
    (p / "en.lproj").mkdir()
    shutil.copy(FIXTURES / "strings/gnustep-base/English.lproj/Localizable.strings", p / "en.lproj/Localizable.strings")
    (p / "localize.toml").write_text(
        '[project]\nsource = "en"\ntargets = ["de"]\n\n[[resources]]\npath = "config/locales/{locale}.yml"\n\n'
        '[[resources]]\npath = "bundle/Messages_{locale}.properties"\ntemplate = "bundle/Messages.properties"\n\n'
        '[[resources]]\npath = "ftl/{locale}/docs.ftl"\n\n[[resources]]\npath = "{locale}.lproj/Localizable.strings"\n')
    settings = load(p / "localize.toml")
    engine = CT2Translator(DEFAULT_MODEL_DIR, beam_size=2)
    result = Pipeline(settings, engine, Options()).run()
    outs = [p / "config/locales/de.yml", p / "bundle/Messages_de.properties", p / "ftl/de/docs.ftl",
            p / "de.lproj/Localizable.strings"]
    assert sorted(result.written) == sorted(str(o.relative_to(p)) for o in outs)
    tree = yaml_load(outs[0].read_bytes())
    assert list(tree["de"]["datetime"]["distance_in_words"]["x_seconds"]) == ["one", "other"]  # type: ignore[index]
    assert "%{count}" in tree["de"]["datetime"]["distance_in_words"]["x_seconds"]["other"]  # type: ignore[index]
    # every key with words in it; "B=B:" (Bottom) has nothing to translate: the base bundle answers
    src = formats.load(p / "bundle/Messages.properties").segments
    assert set(java_properties(outs[1].read_bytes())) == {s.id for s in src if mask(s.source).translatable}
    assert {"B", "L", "R", "T"} <= {s.id for s in src}
    assert "{ $count }" in fluent_check(outs[2].read_bytes())["events-new-events-info"]
    assert len(formats.load(outs[3]).segments) == len(formats.load(p / "en.lproj/Localizable.strings").segments)
    before = [o.read_bytes() for o in outs]
    again = Pipeline(load(p / "localize.toml"), engine, Options()).run()
    assert not again.written and [o.read_bytes() for o in outs] == before


def test_access_keys_follow_the_translated_label(tmp_path: Path) -> None:
    """A `.accesskey` is one letter of its label: it is not sent to the engine, and once the label is
    translated it is the source's letter where the translation has it, else the translation's first
    letter; a Japanese label keeps the source's key (Firefox then shows "(A)")."""
    from localize import accesskeys
    from localize.config import load
    from localize.engine import DEFAULT_MODEL_DIR
    from localize.engine.ct2 import CT2Translator
    from localize.pipeline import Options, Pipeline
    assert accesskeys.choose("A", "Seite speichern unter …") == "S"
    assert accesskeys.choose("P", "Imprimer…") == "p"
    assert accesskeys.choose("A", "ページを保存…") == "A"
    assert accesskeys.choose("C", "{ -brand-short-name } schließen") == "c"       # not from the placeable
    assert accesskeys.choose("S", "Сохранить как…") == "С"
    (tmp_path / "locales/en").mkdir(parents=True)
    (tmp_path / "locales/en/main.ftl").write_text(
        "save-button =\n    .label = Save Page As…\n    .accesskey = A\nprint-button =\n    .label = Print…\n"
        "    .accesskey = P\n    .tooltiptext = Print this page\n")
    (tmp_path / "localize.toml").write_text(
        '[project]\nsource = "en"\ntargets = ["de", "ja"]\n\n[[resources]]\npath = "locales/{locale}/main.ftl"\n')
    engine = CT2Translator(DEFAULT_MODEL_DIR, beam_size=2)
    result = Pipeline(load(tmp_path / "localize.toml"), engine, Options()).run()
    assert result.engine_calls
    for loc in ("de", "ja"):
        res = formats.load(tmp_path / f"locales/{loc}/main.ftl", loc)
        by = {s.id: s.targets[0] for s in res.segments if s.targets}
        for stem in ("save-button", "print-button"):
            key, label = by[stem + ".accesskey"], by[stem + ".label"]
            assert len(key) == 1 and (key.lower() in label.lower() or not re.search("[A-Za-z]", label)), (key, label)


# ------------------------------------------------------------------ escaping round trips (hypothesis)

from hypothesis import given, settings, strategies as st  # noqa: E402

# U+FEFF left out: the reference reader (jproperties) drops it even escaped as \ufeff, which Java keeps
_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\ufeff"), max_size=40)


@settings(max_examples=200, deadline=None)
@given(_TEXT, st.booleans())
def test_properties_escape_round_trip(value: str, ascii_only: bool) -> None:
    from localize.formats import properties
    raw = properties.escape(value, ascii_only=ascii_only)
    assert properties.unescape(raw) == value
    data = ("k=" + raw + "\n").encode("utf-8" if not ascii_only else "ascii")
    res = properties.read("x.properties", data)
    assert res.handle.slots["k"].extra["raw"] == value
    assert java_properties(data) == {"k": value}


@settings(max_examples=200, deadline=None)
@given(_TEXT)
def test_strings_escape_round_trip(value: str) -> None:
    from localize.formats import strings
    data = ('"k" = "' + strings.escape(value) + '";\n').encode("utf-8")
    assert strings.read("x.strings", data).segments[0].source == value


def test_yaml_rails_date_order_is_not_text(tmp_path: Path) -> None:
    """Rails' `date.order: [year, month, day]` names date_select's fields: translated ("Jahr") it breaks
    the form; strftime formats ("%Y-%m-%d") have nothing to translate (protect masks every directive)."""
    from localize.protect import mask
    src = formats.load(FIXTURES / "yaml/rails-activesupport/en.yml", "en")
    assert not [s for s in src.segments if "/order/" in s.id]
    assert "/date/day_names/0" in {s.id for s in src.segments}
    res = formats.module("yaml").pair(src, None, str(tmp_path / "de.yml"), "de")
    for s in res.segments:
        s.targets = [f"DE {s.source}"] * (len(s.plural_categories) or 1)
    formats.save(res)
    # not translated: reordered as German dates are (CLDR), the names as written
    assert yaml_load((tmp_path / "de.yml").read_bytes())["de"]["date"]["order"] == ["day", "month", "year"]  # type: ignore[index]
    dates = [s.source for s in src.segments if s.id.startswith(("/date/formats/", "/time/formats/"))]
    assert "%a, %d %b %Y %H:%M:%S %z" in dates and not any(mask(f).translatable for f in dates)


# ------------------------------------------------------------------ Mozilla plural lists in .properties

TB = FIXTURES / "properties/thunderbird-activity"


def test_mozilla_plural_lists_are_plural_segments(tmp_path: Path) -> None:
    """Thunderbird's en-US activity.properties (shipped without comments, as Firefox's are) and the Polish
    langpack's: "#1 message downloaded;#1 messages downloaded" is a singular and a plural, the Polish value
    three forms; prose with "; " or entities is not a list; an entry put back takes the file's " = "."""
    from localize.formats import properties
    assert properties.is_plural_list("Mark Folder Read;Mark Folders Read", [])
    assert properties.is_plural_list("Show one more node;Show all #1 nodes", [])
    for prose in ("Could not connect to %S; the connection was refused.", "color:red;font-weight:bold",
                  "Saw “</>”. Probable causes: Unescaped “<” (escape as “&lt;”) or mistyped end tag.",
                  "text/html;charset=utf-8"):
        assert not properties.is_plural_list(prose, []), prose
    src, pl = formats.load(TB / "activity.properties", "en"), formats.load(TB / "activity_pl.properties", "pl")
    res = formats.module("properties").pair(src, pl, str(tmp_path / "activity_pl.properties"), "pl")
    seg = res.by_id()["pop3EventStatusText"]
    assert (seg.source, seg.source_plural) == ("#1 message downloaded", "#1 messages downloaded")
    assert seg.targets == ["Pobrano #1 wiadomość", "Pobrano #1 wiadomości", "Pobrano #1 wiadomości"]
    assert sum(s.source_plural is not None for s in res.segments) == 1
    formats.save(res)
    assert (tmp_path / "activity_pl.properties").read_bytes() == (TB / "activity_pl.properties").read_bytes()
    # the entry removed, then filled again: the same line comes back, in the langpack's "key = value" style
    lines = (TB / "activity_pl.properties").read_text("utf-8").splitlines(keepends=True)
    stripped = tmp_path / "stripped_pl.properties"
    stripped.write_text("".join(ln for ln in lines if not ln.startswith("pop3EventStatusText =")), "utf-8")
    res = formats.module("properties").pair(src, formats.load(stripped, "pl"), str(stripped), "pl")
    res.by_id()["pop3EventStatusText"].targets = list(seg.targets)
    formats.save(res)
    assert stripped.read_bytes() == (TB / "activity_pl.properties").read_bytes()


def test_pipeline_writes_each_plural_form_the_target_needs(tmp_path: Path) -> None:
    """A new Russian file gets three forms of a plural list (Mozilla's rule 7), Japanese one; each keeps #1;
    a second run does no engine work."""
    from localize.config import load
    from localize.engine import DEFAULT_MODEL_DIR
    from localize.engine.ct2 import CT2Translator
    from localize.pipeline import Options, Pipeline
    text = (TB / "activity.properties").read_text("utf-8")
    keep = [ln for ln in text.splitlines(keepends=True) if ln.startswith(("pop3EventStatusText=", "pop3EventDisplayText"))]
    (tmp_path / "activity.properties").write_text("".join(keep), "utf-8")
    (tmp_path / "localize.toml").write_text('[project]\nsource = "en"\ntargets = ["ru", "ja"]\n\n'
                                            '[[resources]]\npath = "activity_{locale}.properties"\n'
                                            'template = "activity.properties"\n')
    engine = CT2Translator(DEFAULT_MODEL_DIR, beam_size=2)
    Pipeline(load(tmp_path / "localize.toml"), engine, Options()).run()
    for loc, n in (("ru", 3), ("ja", 1)):
        value = java_properties((tmp_path / f"activity_{loc}.properties").read_bytes())["pop3EventStatusText"]
        forms = value.split(";")
        assert len(forms) == n and all("#1" in f for f in forms), value
    again = Pipeline(load(tmp_path / "localize.toml"), engine, Options()).run()
    assert not again.written and not again.engine_calls


# ------------------------------------------------------------------ Fluent: a locale's own variants

TB_FTL = FIXTURES / "ftl/thunderbird"


def test_fluent_target_variants_of_its_own_are_a_persons_translation(tmp_path: Path) -> None:
    """Thunderbird's Polish glodaFacetView.ftl answers the English [one]/*[other] with [one]/[few]/*[many]:
    the source's [other] reads as the message's default variant, so nothing is "missing", a run does no
    engine work and writes nothing, and `check` finds nothing ([one] may drop { $count } where only 1
    selects it; a variant may show its selector).  German activityFeedback.ftl has a real slip - a
    translated variable name { $ordnerName } - which check reports."""
    from localize import plurals
    from localize.audit import audit_files
    from localize.config import load
    from localize.engine import DEFAULT_MODEL_DIR
    from localize.engine.ct2 import CT2Translator
    from localize.pipeline import Options, Pipeline
    assert "one" in plurals.single_value_categories("pl") and not plurals.single_value_categories("ru")
    src = formats.load(TB_FTL / "en-US/glodaFacetView.ftl", "en")
    res = formats.module("fluent").pair(src, formats.load(TB_FTL / "pl/glodaFacetView.ftl", "pl"), "x", "pl")
    assert all(s.translated for s in res.segments)
    assert res.by_id()["facet-view-and-others[other]"].targets == ["{ $count } innych"]
    for loc in ("en-US", "pl", "de"):
        (tmp_path / loc).mkdir()
    for f in ("glodaFacetView.ftl", "activityFeedback.ftl"):
        shutil.copy(TB_FTL / "en-US" / f, tmp_path / "en-US" / f)
    shutil.copy(TB_FTL / "pl/glodaFacetView.ftl", tmp_path / "pl/glodaFacetView.ftl")
    shutil.copy(TB_FTL / "de/activityFeedback.ftl", tmp_path / "de/activityFeedback.ftl")
    (tmp_path / "localize.toml").write_text('[project]\nsource = "en-US"\ntargets = ["pl"]\n\n'
                                            '[[resources]]\npath = "{locale}/glodaFacetView.ftl"\n')
    result = Pipeline(load(tmp_path / "localize.toml"), CT2Translator(DEFAULT_MODEL_DIR, beam_size=2), Options()).run()
    assert not result.written and not result.engine_calls
    assert (tmp_path / "pl/glodaFacetView.ftl").read_bytes() == (TB_FTL / "pl/glodaFacetView.ftl").read_bytes()
    pl = audit_files([str(tmp_path / "pl/glodaFacetView.ftl")], str(tmp_path / "en-US/glodaFacetView.ftl"), ["pl"])
    assert not [i for i in pl if i.severity == "error"]
    de = audit_files([str(tmp_path / "de/activityFeedback.ftl")], str(tmp_path / "en-US/activityFeedback.ftl"), ["de"])
    bad = {(i.segment_id, i.message) for i in de if i.severity == "error"}
    assert bad and all("ordnerName" in m or "folderName" in m for _s, m in bad)


def test_fluent_message_new_to_a_locale_gets_its_plural_categories(tmp_path: Path) -> None:
    """Thunderbird's English glodaFacetView.ftl selects [one]/*[other]: a new Polish or Russian file gets
    [one]/[few]/[many]/*[other] (each new variant from the source's [other]), Arabic all six categories,
    Japanese the source's variants; a message the Polish file lacks is inserted with the categories while
    the file's own [one]/[few]/*[many] messages stay as the person wrote them; an ordinal select gets the
    locale's ordinal categories and a [male]/[female] select nothing; the written files parse."""
    fl = formats.module("fluent")
    src = formats.load(TB_FTL / "en-US/glodaFacetView.ftl", "en")

    def variants(res: Any, msg: str) -> list[str]:
        return [s.id.removeprefix(msg) for s in res.segments if s.id.startswith(msg + "[")]
    msg = "facet-view-and-others"
    for loc, want in (("pl", ["[one]", "[few]", "[many]", "[other]"]), ("ru", ["[one]", "[few]", "[many]", "[other]"]),
                      ("ar", ["[zero]", "[one]", "[two]", "[few]", "[many]", "[other]"]), ("ja", ["[one]", "[other]"])):
        res = fl.pair(src, None, str(tmp_path / f"{loc}.ftl"), loc)
        assert variants(res, msg) == want, loc
        by = res.by_id()
        assert by[f"{msg}[many]" if loc != "ja" else f"{msg}[other]"].source == "{ $count } others"
        for s in res.segments:
            s.targets = [s.source.replace("other", "X")]
        out = fl.write(res)
        got = fluent_check(out)
        assert got[msg].count("[") == len(want) and "*[other]" in got[msg], got[msg]
    assert src.handle.text == (TB_FTL / "en-US/glodaFacetView.ftl").read_text("utf-8")  # the source is untouched

    pl_text = (TB_FTL / "pl/glodaFacetView.ftl").read_text("utf-8")
    cut = pl_text.index("facet-view-and-others")
    (tmp_path / "pl.ftl").write_text(pl_text[:cut], "utf-8")
    res = fl.pair(src, formats.load(tmp_path / "pl.ftl", "pl"), str(tmp_path / "pl.ftl"), "pl")
    assert variants(res, msg) == ["[one]", "[few]", "[many]", "[other]"]
    assert variants(res, "facets-mode-to-list-all-label") == ["[one]", "[other]"]  # the file's own, as read
    assert all(s.translated for s in res.segments if s.id.startswith("facets-mode"))
    for s in res.segments:
        if not s.translated:
            s.targets = ["{ $count } inne"]
    out = fl.write(res).decode("utf-8")
    assert out.startswith(pl_text[:cut]) and "[few] { $count } inne" in out and "*[many]" in out
    fluent_check(out.encode())

    en = tmp_path / "en.ftl"
    en.write_text('place = { NUMBER($n, type: "ordinal") ->\n    [one] { $n }st\n    [two] { $n }nd\n'
                  '    [few] { $n }rd\n   *[other] { $n }th\n}\n'
                  'welcome = { $gender ->\n    [male] Welcome, sir\n   *[other] Welcome\n}\n', "utf-8")
    src2 = formats.load(en, "en")
    assert variants(fl.pair(src2, None, "x", "it"), "place") == ["[one]", "[two]", "[few]", "[many]", "[other]"]  # 11º
    assert variants(fl.pair(src2, None, "x", "fr"), "place") == ["[one]", "[two]", "[few]", "[other]"]
    assert variants(fl.pair(src2, None, "x", "pl"), "welcome") == ["[male]", "[other]"]


# ------------------------------------------------------------------ Mozilla DTD

DTD_FILES = sorted((FIXTURES / "dtd").glob("*/*/*.dtd"))
TB_DTD = FIXTURES / "dtd/thunderbird"


class TestDTD(KeyedConformance):
    files = DTD_FILES

    def corrupt(self, data: bytes) -> bytes:
        return data + b'\n<!ENTITY broken "unterminated>\n'


def test_dtd_notes_shortcuts_and_a_new_locale(tmp_path: Path) -> None:
    """Thunderbird's viewSource.dtd: a LOCALIZATION NOTE naming keys is their note (also when it sits above
    a group), DONT_TRANSLATE entries and `.commandkey` shortcuts are copied, `.accesskey` follows the
    translated label, `&brandFullName;` stays; a new Italian file parses as XML (expat, through an
    internal subset) and a second run does no engine work."""
    from xml.parsers import expat

    from localize.config import load
    from localize.engine import DEFAULT_MODEL_DIR
    from localize.engine.ct2 import CT2Translator
    from localize.pipeline import Options, Pipeline
    src = formats.load(TB_DTD / "en-US/viewSource.dtd", "en")
    by = src.by_id()
    assert any("DONT_TRANSLATE" in n for n in by["mainWindow.title"].developer_notes)
    downloads = formats.load(TB_DTD / "en-US/aboutDownloads.dtd", "en").by_id()
    assert any("same access key" in n for n in downloads["cmd.showMac.accesskey"].developer_notes)
    for loc in ("en-US", "pl"):
        (tmp_path / loc).mkdir()
        shutil.copy(TB_DTD / loc / "viewSource.dtd", tmp_path / loc / "viewSource.dtd")
    (tmp_path / "localize.toml").write_text('[project]\nsource = "en-US"\ntargets = ["pl", "it"]\n\n'
                                            '[[resources]]\npath = "{locale}/viewSource.dtd"\n')
    engine = CT2Translator(DEFAULT_MODEL_DIR, beam_size=2)
    Pipeline(load(tmp_path / "localize.toml"), engine, Options()).run()
    assert (tmp_path / "pl/viewSource.dtd").read_bytes() == (TB_DTD / "pl/viewSource.dtd").read_bytes() or \
        len(formats.load(tmp_path / "pl/viewSource.dtd").segments) > len(formats.load(TB_DTD / "pl/viewSource.dtd").segments)
    it = tmp_path / "it/viewSource.dtd"
    p = expat.ParserCreate()
    p.Parse(b"<!DOCTYPE x [\n" + it.read_bytes() + b"\n]>\n<x/>\n", True)   # well-formed declarations
    out = formats.module("dtd").pair(src, formats.load(it, "it"), str(it), "it").by_id()
    assert out["mainWindow.title"].targets == ["&brandFullName;"]
    assert out["savePageCmd.commandkey"].targets == ["S"] and out["closeCmd.commandkey"].targets == ["W"]
    key, label = out["savePageCmd.accesskey"].targets[0], out["savePageCmd.label"].targets[0]
    assert len(key) == 1 and key.lower() in label.lower()
    again = Pipeline(load(tmp_path / "localize.toml"), engine, Options()).run()
    assert not again.written and not again.engine_calls


def test_dtd_values_are_escaped_for_their_quotes() -> None:
    from localize.formats import dtd
    from localize.formats._keyed import Slot
    slot = Slot(id="a", value="", start=0, end=0, line=1, extra={"quote": '"'})
    assert dtd._encode('Save "all" & 100% done &brandShortName;', slot, None) == \
        "Save &quot;all&quot; &amp; 100&#037; done &brandShortName;"  # type: ignore[arg-type]


def test_dtd_entity_that_fails_a_check_keeps_the_source_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A DTD entity missing from a locale's file is an XML error for every window that uses the file, so a
    translation that fails a check is replaced by the English text (and listed), not left out as in other
    bundles.  (The failure is forced with an extra check, so the test does not hang on a model's slip.)"""
    from localize import checks
    from localize.config import load
    from localize.engine import DEFAULT_MODEL_DIR
    from localize.engine.ct2 import CT2Translator
    from localize.pipeline import Options, Pipeline
    monkeypatch.setattr(checks, "CHECKS", checks.CHECKS + [
        ("forced", checks.ERROR, lambda s, t, c: [("error", "forced")] if s.startswith("Save Page") else [])])
    (tmp_path / "en-US").mkdir()
    shutil.copy(TB_DTD / "en-US/viewSource.dtd", tmp_path / "en-US/viewSource.dtd")
    (tmp_path / "localize.toml").write_text('[project]\nsource = "en-US"\ntargets = ["it"]\n\n'
                                            '[[resources]]\npath = "{locale}/viewSource.dtd"\n')
    result = Pipeline(load(tmp_path / "localize.toml"), CT2Translator(DEFAULT_MODEL_DIR, beam_size=2), Options()).run()
    out = formats.load(tmp_path / "it/viewSource.dtd", "it").by_id()
    assert out["savePageCmd.label"].source == "Save Page As…"
    assert {s.id for s in formats.load(TB_DTD / "en-US/viewSource.dtd").segments} <= set(out)
    assert any(r["key"] == "savePageCmd.label" and r["reason"].startswith("source text written instead")
               for r in result.review)


def test_dtd_parameter_entities_and_declarations_are_kept(tmp_path: Path) -> None:
    """Firefox-style DTDs include other DTDs (`<!ENTITY % brandDTD SYSTEM "chrome://...">` `%brandDTD;`) and may
    open with an XML declaration: kept as they are, not strings, not errors.  A stray token is a located error."""
    text = ('<?xml version="1.0" encoding="UTF-8"?>\n<!ENTITY % brandDTD SYSTEM "chrome://branding/locale/brand.dtd">\n'
            '%brandDTD;\n<!ENTITY % t PUBLIC "-//x//y" "chrome://global/locale/t.dtd" >\n%t;\n\n'
            '<!ENTITY window.title "&brandShortName; Settings">\n<!ENTITY ok.label \'Say "OK"\'>\n')
    f = tmp_path / "a.dtd"
    f.write_text(text, "utf-8")
    res = formats.load(f, "en")
    assert [(s.id, s.source) for s in res.segments] == [("window.title", "&brandShortName; Settings"),
                                                        ("ok.label", 'Say "OK"')]
    assert formats.dump(res) == text.encode("utf-8")
    f.write_text(text + "garbage\n", "utf-8")
    with pytest.raises(ParseError) as exc:
        formats.load(f, "en")
    assert exc.value.line == 9


def test_mozilla_properties_string_that_fails_a_check_keeps_the_source_text(tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Mozilla's string bundles have no fallback (a missing key throws), so in a .properties file written
    the Mozilla way (%S, #1) a failing translation is replaced by the English text; a Java bundle (jcommon)
    falls back to its base bundle, so there it is left out as before."""
    from localize import checks
    from localize.config import load
    from localize.engine import DEFAULT_MODEL_DIR
    from localize.engine.ct2 import CT2Translator
    from localize.pipeline import Options, Pipeline
    monkeypatch.setattr(checks, "CHECKS", checks.CHECKS + [
        ("forced", checks.ERROR, lambda s, t, c: [("error", "forced")] if s.startswith(("Paused", "Bottom")) else [])])
    shutil.copy(TB / "activity.properties", tmp_path / "activity.properties")
    shutil.copy(FIXTURES / "properties/jcommon/LocalizationBundle.properties", tmp_path / "Bundle.properties")
    (tmp_path / "localize.toml").write_text(
        '[project]\nsource = "en"\ntargets = ["it"]\n\n[[resources]]\npath = "activity_{locale}.properties"\n'
        'template = "activity.properties"\n\n[[resources]]\npath = "Bundle_{locale}.properties"\ntemplate = "Bundle.properties"\n')
    Pipeline(load(tmp_path / "localize.toml"), CT2Translator(DEFAULT_MODEL_DIR, beam_size=2), Options()).run()
    assert java_properties((tmp_path / "activity_it.properties").read_bytes())["paused2"] == "Paused"
    java = java_properties((tmp_path / "Bundle_it.properties").read_bytes())
    assert "Bottom" not in java and "Bold" in java


SH3D = FIXTURES / "properties/sweethome3d/package.properties"


def test_java_swing_resources_that_are_not_text() -> None:
    """Sweet Home 3D: notes about "the N following keys" cover each of them; icon paths, key strokes and
    mnemonics are recognized."""
    from localize.accesskeys import is_accesskey, is_shortcut
    from localize.protect import mask
    from localize.selection import not_for_translations
    segs = {s.id: s for s in formats.load(SH3D, "en").segments}
    base_only = {i for i, s in segs.items() if not_for_translations(s)}
    assert base_only == {"BackgroundImageWizardStepsPanel.ZOOM_IN.SmallIcon",
                         "BackgroundImageWizardStepsPanel.ZOOM_OUT.SmallIcon", "BackgroundImageWizardStepsPanel.waitIcon",
                         "HomePane.NEW_HOME.SmallIcon", "HomePane.NEW_HOME.AcceleratorKey",
                         "HomePane.NEW_HOME.AcceleratorKey.Mac OS X", "HomePane.NEW_HOME_FROM_EXAMPLE.SmallIcon"}
    assert is_shortcut(segs["HomePane.NEW_HOME.AcceleratorKey"])
    assert is_accesskey(segs["HomePane.NEW_HOME.MnemonicKey"]) and is_accesskey(segs["BackgroundImageWizardStepsPanel.xOriginLabel.mnemonic"])
    assert not mask(segs["HomePane.NEW_HOME.SmallIcon"].source).translatable   # a relative path to an icon


def test_java_swing_bundle_translated(tmp_path: Path) -> None:
    """The localized bundle holds text only: no icon path, key stroke or file name copied (they would hide
    the base bundle's later changes; "control N" translated is a key stroke Swing cannot parse); axis
    letters stay; each mnemonic written is a letter of its translated label."""
    shutil.copy(SH3D, tmp_path / "package.properties")
    r = subprocess.run([sys.executable, "-m", "localize", "translate", "-q", "package.properties", "--to", "de"],
                       cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    out = java_properties((tmp_path / "package_de.properties").read_bytes())
    assert not [k for k in out if k.endswith(("SmallIcon", "waitIcon", "AcceleratorKey", "Mac OS X"))]
    assert "BackgroundImageWizardStepsPanel.xOriginLabel.text" not in out  # "X (%s):": nothing to translate
    assert "HomePane.NEW_HOME.Name" in out and "HomePane.FILE_MENU.Name" in out
    for key, letter in out.items():
        if key.endswith(("MnemonicKey", ".mnemonic")):
            label = out.get(key.rsplit(".", 1)[0] + (".Name" if key.endswith("MnemonicKey") else ".text"), "")
            assert len(letter) == 1 and letter.lower() in label.lower(), (key, letter, label)


def test_a_persons_empty_dtd_value_is_kept(tmp_path: Path) -> None:
    """Mozilla translators leave a DTD value empty where their word order has no place for it (Thunderbird's
    Polish calendar dialog: `event.recurrence.of.label ""`); translate filled it with machine text ("z").
    Here the Polish aboutDownloads.dtd with one value emptied that way: kept empty, the rest untouched."""
    import shutil
    import subprocess
    import sys
    src = FIXTURES / "dtd" / "thunderbird"
    for loc in ("en-US", "pl"):
        shutil.copytree(src / loc, tmp_path / loc)
    pl = tmp_path / "pl" / "aboutDownloads.dtd"
    text = pl.read_text("utf-8")
    import re as _re
    m = _re.search(r'<!ENTITY (\S+) "([^"]+)">', text)
    assert m is not None
    pl.write_text(text.replace(m.group(0), f'<!ENTITY {m.group(1)} "">'), "utf-8")
    before = pl.read_bytes()
    (tmp_path / "localize.toml").write_text('[project]\nsource = "en-US"\ntargets = ["pl"]\n\n[[resources]]\n'
                                            'path = "{locale}/aboutDownloads.dtd"\n')
    r = subprocess.run([sys.executable, "-m", "localize", "translate"], cwd=tmp_path, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert pl.read_bytes() == before  # nothing to translate: the empty value is the person's


def test_access_key_of_a_select_label() -> None:
    """Thunderbird's folder-pane-context-compact: the label is a select on $count ("Compact Folder" /
    "Compact Folders"), its access key follows the default variant's translation (it stayed "F" for German
    "Kompakter Ordner")."""
    from localize import accesskeys, formats
    res = formats.load(FIXTURES / "ftl/thunderbird/sweep/en-US/about3Pane.ftl", "en")
    ids = res.by_id()
    key = ids["folder-pane-context-compact.accesskey"]
    assert accesskeys.label_of(key, ids) is ids["folder-pane-context-compact.label[other]"]
    ids["folder-pane-context-compact.label[other]"].targets = ["Ordner komprimieren"]
    assert accesskeys.derive(key, ids) == "O"
