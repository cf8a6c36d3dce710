"""The mobile formats (Apple .stringsdict, Xcode .xcstrings, Flutter ARB) and XLIFF 2.0 files from Symfony:
the shared conformance suite, then per format a byte-identical round trip of every fixture, the fill of a
stripped copy, a new locale with the target's plural categories, a second run that changes nothing, a
malformed file as a located error, and what we write read back by an independent parser (plistlib, json,
xmllint --schema)."""
from __future__ import annotations

import json
import plistlib
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from localize import formats
from localize.errors import ParseError
from localize.formats import arb, stringsdict, xcstrings
from localize.segments import Resource

from .conftest import FIXTURES
from .test_formats import FormatConformance

STRINGSDICT = sorted((FIXTURES / "stringsdict").glob("**/*.stringsdict"))
SD = FIXTURES / "stringsdict/handmade"
XCSTRINGS = sorted((FIXTURES / "xcstrings").glob("*/*.xcstrings"))
XC = FIXTURES / "xcstrings/handmade"
ARB = sorted((FIXTURES / "arb").glob("*/*.arb"))
AR = FIXTURES / "arb/handmade"
XLIFF2 = sorted((FIXTURES / "xliff/symfony-translation").glob("*.xlf"))
XLIFF2_SCHEMA = FIXTURES / "schemas/xliff-core-2.0.xsd"


def _set(res: Resource, values: dict[str, Any]) -> None:
    for s in res.segments:
        if s.id in values:
            v = values[s.id]
            s.targets = list(v) if isinstance(v, list) else [v] * (len(s.plural_categories) or 1)


# ------------------------------------------------------------------ Apple .stringsdict

def plist_strings(data: bytes) -> dict[str, Any]:
    return plistlib.loads(data)


class TestStringsdict(FormatConformance):
    files = STRINGSDICT

    def load(self, path: Path) -> Resource:
        return formats.load(path)

    def reload(self, res: Resource, data: bytes) -> Resource:
        return stringsdict.read(res.path, data)

    def assert_only_changed(self, removed: list[str], added: list[str], n: int, f: Path) -> None:
        assert len(added) == n, (f, added)
        for d in removed + added:
            assert "<key>" not in d and "<dict>" not in d, (f, d)

    def corrupt(self, data: bytes) -> bytes:
        return data[: len(data) // 2]

    def test_values_match_plistlib(self) -> None:
        for f in self.files:
            tree = plist_strings(f.read_bytes())
            for s in formats.load(f).segments:
                parts = s.id.removesuffix(stringsdict.PLURAL_ID).split("/")
                node = tree[parts[0]]
                if s.plural_categories:
                    node = node[parts[1]]
                    assert [node[c] for c in s.plural_categories] == s.targets, (f, s.id)
                elif isinstance(node, dict):
                    node = node[parts[1]][parts[2]] if len(parts) == 3 else node[stringsdict.FORMAT_KEY]
                    assert node == s.source, (f, s.id)
                else:
                    assert node == s.source

    def test_only_text_is_a_segment(self) -> None:
        res = formats.load(SD / "en.lproj/Localizable.stringsdict")
        assert res.locale == "en"
        by = res.by_id()
        assert set(by) == {"%d files in %d folders", "%d files in %d folders/files#plural",
                           "%d files in %d folders/folders#plural", "Tap to continue/device/iphone",
                           "Tap to continue/device/mac", "Welcome"}
        assert by["%d files in %d folders/files#plural"].plural_categories == ["zero", "one", "other"]
        assert by["%d files in %d folders/folders#plural"].targets == ["%d folder", "%d folders & more"]
        from localize.protect import mask
        m = mask(by["%d files in %d folders"].source)
        assert m.spans == ["%#@files@", "%#@folders@"]   # variable references never reach the engine

    def test_fill_stripped_copy_new_locale_and_second_run(self, tmp_path: Path) -> None:
        src_path, pl_path = SD / "en.lproj/Localizable.stringsdict", SD / "pl.lproj/Localizable.stringsdict"
        src = formats.load(src_path, "en")
        want = {s.id: s.targets for s in stringsdict.pair(src, formats.load(pl_path, "pl"), str(pl_path), "pl").segments}
        # stripped: the Welcome entry, and the few/many forms of "files", removed
        text = pl_path.read_text()
        text = re.sub(r"\t<key>Welcome</key>\n\t<string>[^<]*</string>\n", "", text)
        text = re.sub(r"\t\t\t<key>(few|many)</key>\n\t\t\t<string>[^<]*</string>\n", "", text)
        stripped = tmp_path / "pl.lproj/Localizable.stringsdict"
        stripped.parent.mkdir()
        stripped.write_text(text)
        res = stringsdict.pair(src, formats.load(stripped, "pl"), str(stripped), "pl")
        files = res.by_id()["%d files in %d folders/files#plural"]
        assert files.plural_categories == ["zero", "one", "few", "many", "other"]
        assert files.targets[2:4] == ["", ""] and not res.by_id()["Welcome"].targets
        _set(res, want)
        assert formats.save(res)
        assert plist_strings(stripped.read_bytes()) == plist_strings(pl_path.read_bytes())
        first = stripped.read_bytes()
        again = stringsdict.pair(src, formats.load(stripped, "pl"), str(stripped), "pl")
        assert all(s.translated for s in again.segments)
        _set(again, want)
        assert not formats.save(again) and stripped.read_bytes() == first
        # a new locale: the source's prolog and layout, the Russian CLDR categories
        new = tmp_path / "ru.lproj/Localizable.stringsdict"
        ru = stringsdict.pair(src, None, str(new), "ru")
        _set(ru, {s.id: f"RU {s.source} <&>" for s in ru.segments})
        formats.save(ru)
        tree = plist_strings(new.read_bytes())
        entry = tree["%d files in %d folders"]
        assert entry["NSStringLocalizedFormatKey"] == "RU %#@files@ in %#@folders@ <&>"
        assert [k for k in entry["files"] if not k.startswith("NSString")] == ["one", "few", "many", "other"]
        assert [k for k in entry["folders"] if not k.startswith("NSString")] == ["one", "few", "many", "other"]
        assert entry["files"]["NSStringFormatValueTypeKey"] == "d"
        assert tree["Tap to continue"]["device"]["mac"] == "RU Click to continue <&>"
        assert new.read_bytes().startswith(src_path.read_bytes()[:200])
        assert not formats.save(stringsdict.pair(src, formats.load(new, "ru"), str(new), "ru"))

    def test_malformed_is_located(self, tmp_path: Path) -> None:
        f = tmp_path / "Localizable.stringsdict"
        f.write_bytes(b'<?xml version="1.0"?>\n<plist version="1.0">\n<dict>\n<key>a</key>\n<string>x</strin>\n</dict></plist>\n')
        with pytest.raises(ParseError) as exc:
            formats.load(f)
        assert exc.value.line == 5 and str(f) in str(exc.value)
        f.write_bytes(b'<plist version="1.0">\n<dict>\n<key>a</key>\n<key>b</key>\n<string>x</string>\n</dict></plist>\n')
        with pytest.raises(ParseError) as exc:
            formats.load(f)
        assert exc.value.line == 3


# ------------------------------------------------------------------ Xcode string catalogs

class TestXCStrings(FormatConformance):
    files = XCSTRINGS

    def load(self, path: Path) -> Resource:
        return formats.load(path)   # no locale: the source language's own units

    def reload(self, res: Resource, data: bytes) -> Resource:
        return xcstrings.read(res.path, data, res.locale)

    def assert_only_changed(self, removed: list[str], added: list[str], n: int, f: Path) -> None:
        for d in removed:  # a value or state line, or the braces of an empty {} that gained a localization
            assert '"value"' in d or '"state"' in d or not d[1:].strip(" {},"), (f, d)

    def corrupt(self, data: bytes) -> bytes:
        return data[: len(data) // 2]

    def test_every_locale_round_trips(self) -> None:
        for f in self.files:
            for loc in (None, "en", "de", "es", "fr", "pl", "ru", "pt-BR"):
                assert formats.dump(formats.load(f, loc)) == f.read_bytes(), (f, loc)
            assert json.loads(f.read_bytes())

    def test_units_states_and_skips(self) -> None:
        de = formats.load(XC / "Trips.xcstrings", "de")
        by = de.by_id()
        assert "" not in by and "%@ / %@" not in by           # an empty key; shouldTranslate: false
        assert by["Old title"].obsolete                       # extractionState: stale
        assert by["trip.summary|substitutions/stops#plural"].targets == ["%arg Halt", "%arg Halte"]
        assert by["trip.summary"].developer_notes == ["%1$lld is the number of stops, %2$@ the city"]
        assert by["Tap a trip to see its route|device/mac"].source == "Click a trip to see its route"
        es = formats.load(XC / "InfoPlist.xcstrings", "es").by_id()
        assert es["NSLocationWhenInUseUsageDescription"].fuzzy and not es["CFBundleDisplayName"].fuzzy
        assert "CFBundleName" not in es
        assert xcstrings.locales(str(XC / "Trips.xcstrings"), (XC / "Trips.xcstrings").read_bytes()) == ["de"]

    def test_new_locale_states_and_human_values_kept(self, tmp_path: Path) -> None:
        f = tmp_path / "Localizable.xcstrings"
        shutil.copy(XC / "Localizable.xcstrings", f)
        before = json.loads(f.read_bytes())
        de = formats.load(f, "de")
        by = de.by_id()
        assert by["Hello, world!"].targets == ["Hallo, Welt!"]
        plural = by["%lld items#plural"]
        assert plural.plural_categories == ["one", "other"] and not plural.targets
        plural.targets = ["%lld Artikel", "%lld Artikel"]
        plural.set_flag("fuzzy")                                 # machine output
        by["welcome"].targets = ["Willkommen in der App"]        # final
        by["Cancel"].targets = ["Abbrechen"]
        by["Cancel"].set_flag("fuzzy")
        assert formats.save(de)
        after = json.loads(f.read_bytes())
        locs = after["strings"]
        assert locs["Hello, world!"] == before["strings"]["Hello, world!"]   # the human value untouched
        assert locs["%lld items"]["localizations"]["fr"] == before["strings"]["%lld items"]["localizations"]["fr"]
        units = locs["%lld items"]["localizations"]["de"]["variations"]["plural"]
        assert {c: u["stringUnit"] for c, u in units.items()} == {
            "one": {"state": "needs_review", "value": "%lld Artikel"},
            "other": {"state": "needs_review", "value": "%lld Artikel"}}
        assert locs["welcome"]["localizations"]["de"]["stringUnit"] == {"state": "translated", "value": "Willkommen in der App"}
        assert list(locs["%lld items"]["localizations"]) == ["de", "en", "fr"]      # Xcode's sorted keys
        assert list(locs["Cancel"]) == ["localizations"]
        text = f.read_text()
        assert '"Cancel" : {\n      "localizations" : {\n        "de" : {\n          "stringUnit" : {\n' \
               '            "state" : "needs_review",\n            "value" : "Abbrechen"\n' in text
        # read back: machine output is fuzzy, a second write changes nothing
        again = formats.load(f, "de")
        assert again.by_id()["Cancel"].fuzzy and not again.by_id()["welcome"].fuzzy
        assert not formats.save(again)
        # Russian gets its own categories
        ru = formats.load(f, "ru").by_id()["%lld items#plural"]
        assert ru.plural_categories == ["one", "few", "many", "other"]

    def test_locales_of_one_run_do_not_clobber_each_other(self, tmp_path: Path) -> None:
        f = tmp_path / "Trips.xcstrings"
        shutil.copy(XC / "Trips.xcstrings", f)
        base = formats.load(f, "en")     # as the pipeline reads it: once, then each target locale from it
        jobs = [xcstrings.for_locale(base, loc) for loc in ("fr", "ja", "de")]
        for res in jobs:
            for s in res.segments:
                if not s.translated:
                    s.targets = [f"{res.locale}: {s.source}"] * (len(s.plural_categories) or 1)
                    s.set_flag("fuzzy")
        outs = [formats.dump(res) for res in jobs]   # as the pipeline does: every dump first, then each write
        assert outs[0] != f.read_bytes() and outs[0] == outs[1] == outs[2]
        for res in jobs:
            formats.save(res)
        tree = json.loads(f.read_bytes())
        sub = tree["strings"]["trip.summary"]["localizations"]
        assert sorted(sub) == ["de", "en", "fr", "ja"]
        assert sub["fr"]["substitutions"]["stops"]["argNum"] == 1
        assert sub["fr"]["substitutions"]["stops"]["formatSpecifier"] == "lld"
        assert list(sub["ja"]["substitutions"]["stops"]["variations"]["plural"]) == ["other"]
        assert tree["strings"]["Old title"]["localizations"]["de"]["stringUnit"]["value"] == "Alter Titel"
        for loc in ("fr", "ja"):
            assert all(s.translated for s in formats.load(f, loc).active)

    def test_malformed_is_located(self, tmp_path: Path) -> None:
        f = tmp_path / "Localizable.xcstrings"
        f.write_text('{\n  "sourceLanguage" : "en",\n  "strings" : {\n    "a" : {\n      "comment" : "x"\n    }\n  \n')
        with pytest.raises(ParseError) as exc:
            formats.load(f, "de")
        assert exc.value.line == 8 and str(f) in str(exc.value)  # the end of the file
        f.write_text('{\n  "strings" : {}\n}\n')
        with pytest.raises(ParseError):
            formats.load(f, "de")


# ------------------------------------------------------------------ Flutter ARB

class TestARB(FormatConformance):
    files = ARB

    def load(self, path: Path) -> Resource:
        return formats.load(path)

    def reload(self, res: Resource, data: bytes) -> Resource:
        return arb.read(res.path, data)

    def translatable(self, res: Resource) -> list:
        return [s for s in res.active if s.kind == "text"]

    def assert_only_changed(self, removed: list[str], added: list[str], n: int, f: Path) -> None:
        assert len(removed) == n and len(added) == n, f
        for r, a in zip(removed, added):
            assert r.split(":")[0][1:] == a.split(":")[0][1:], (r, a)

    def corrupt(self, data: bytes) -> bytes:
        return data[: len(data) // 2]

    def test_metadata_is_never_a_segment(self) -> None:
        res = formats.load(AR / "app_en.arb")
        assert res.locale == "en" and res.format == "arb"
        assert [s.key for s in res.segments] == ["appTitle", "hello", "nStops", "pronoun", "lastSaved"]
        by = {s.key: s for s in res.segments}
        assert by["hello"].developer_notes == ["A greeting with the user's name"]
        assert by["nStops"].kind == "icu" and by["pronoun"].kind == "icu"
        assert arb.guess_locale("l10n/app_pt_BR.arb") == "pt_BR" and arb.guess_locale("intl_zh_Hant.arb") == "zh_Hant"

    def test_fill_stripped_copy_new_locale_and_second_run(self, tmp_path: Path) -> None:
        src = formats.load(AR / "app_en.arb", "en")
        want = {s.id: s.targets[0] for s in formats.load(AR / "app_de.arb").segments}
        lines = (AR / "app_de.arb").read_text().split("\n")
        stripped = tmp_path / "app_de.arb"
        stripped.write_text("\n".join(ln for ln in lines if '"hello"' not in ln and '"pronoun"' not in ln))
        res = arb.pair(src, formats.load(stripped, "de"), str(stripped), "de")
        _set(res, want)
        formats.save(res)
        assert json.loads(stripped.read_bytes()) == json.loads((AR / "app_de.arb").read_bytes())
        first = stripped.read_bytes()
        again = arb.pair(src, formats.load(stripped, "de"), str(stripped), "de")
        assert all(s.translated for s in again.segments) and not formats.save(again)
        assert stripped.read_bytes() == first
        # a new locale: @@locale says it, metadata stays in the template, messages in source order
        new = tmp_path / "app_pt_BR.arb"
        pt = arb.pair(src, None, str(new), "pt_BR")
        _set(pt, {s.id: "PT " + s.source for s in pt.segments if s.kind == "text"})
        formats.save(pt)
        tree = json.loads(new.read_bytes())
        assert list(tree) == ["@@locale", "appTitle", "hello", "lastSaved"]
        assert tree["@@locale"] == "pt_BR" and tree["hello"] == "PT Hello {userName}"
        assert formats.load(new).locale == "pt_BR"

    def test_real_bundles_fill_a_stripped_copy(self, tmp_path: Path) -> None:
        """pyarb's bundles (PyPI): no @@locale, metadata in every file, no final newline."""
        src = formats.load(FIXTURES / "arb/pyarb/en_US.arb")
        es = FIXTURES / "arb/pyarb/es_ES.arb"
        want = {s.id: s.targets[0] for s in formats.load(es).segments}
        lines = es.read_text().split("\n")
        stripped = tmp_path / "es_ES.arb"
        stripped.write_text("\n".join(ln for i, ln in enumerate(lines) if not (3 <= i <= 20 and i % 3 == 0)))
        res = arb.pair(src, formats.load(stripped, "es_ES"), str(stripped), "es_ES")
        assert sum(not s.targets for s in res.segments) == 7   # six stripped, and the one es_ES never had
        _set(res, want)
        formats.save(res)
        assert json.loads(stripped.read_bytes()) == json.loads(es.read_bytes())
        assert not stripped.read_bytes().endswith(b"\n") and b"@@locale" not in stripped.read_bytes()
        assert not formats.save(arb.pair(src, formats.load(stripped, "es_ES"), str(stripped), "es_ES"))

    def test_wrong_locale_attribute_is_fixed_and_metadata_kept(self, tmp_path: Path) -> None:
        f = tmp_path / "app_fr.arb"
        f.write_text('{\n  "@@locale": "en",\n  "appTitle": "Voyages",\n  "@appTitle": {\n    "description": "x"\n  }\n}\n')
        res = arb.pair(formats.load(AR / "app_en.arb"), formats.load(f, "fr"), str(f), "fr")
        assert [s.targets for s in res.segments][:2] == [["Voyages"], []]
        formats.save(res)
        assert f.read_text() == '{\n  "@@locale": "fr",\n  "appTitle": "Voyages",\n  "@appTitle": {\n    "description": "x"\n  }\n}\n'

    def test_malformed_is_located(self, tmp_path: Path) -> None:
        f = tmp_path / "app_de.arb"
        f.write_text('{\n  "a": "b",\n  "c": \n}\n')
        with pytest.raises(ParseError) as exc:
            formats.load(f)
        assert exc.value.line == 4 and str(f) in str(exc.value)


# ------------------------------------------------------------------ XLIFF 2.0 (Symfony's test files)

def _xmllint_schema(path: Path) -> None:
    if shutil.which("xmllint") is None:
        pytest.skip("xmllint not installed")
    run = subprocess.run(["xmllint", "--noout", "--schema", str(XLIFF2_SCHEMA), str(path)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr


def test_xliff2_fixtures_round_trip_and_validate() -> None:
    assert len(XLIFF2) >= 3
    for f in XLIFF2:
        res = formats.load(f)
        assert res.handle.v2 and res.segments
        assert formats.dump(res) == f.read_bytes(), f
        _xmllint_schema(f)
    ja = formats.load(FIXTURES / "xliff/symfony-translation/resources-2.0.xlf")
    assert ja.locale == "ja_JP" and [s.source for s in ja.segments] == ["Quetzal", "foo", "bar"]


def test_xliff2_fill_stripped_copy_second_run_and_schema(tmp_path: Path) -> None:
    f = FIXTURES / "xliff/symfony-translation/resources-2.0.xlf"
    want = {s.id: s.targets for s in formats.load(f).segments}
    stripped = tmp_path / "resources-2.0.xlf"
    stripped.write_text(re.sub(r"\s*<target[^>]*>[^<]*</target>", "", f.read_text()))
    res = formats.load(stripped, "ja_JP")
    assert not any(s.translated for s in res.segments)
    for s in res.segments:
        s.targets = want[s.id]
        s.set_flag("fuzzy", s.id != res.segments[0].id)
    formats.save(res)
    _xmllint_schema(stripped)
    again = formats.load(stripped)
    assert {s.id: s.targets for s in again.segments} == want
    assert [s.fuzzy for s in again.segments] == [False, True, True]
    first = stripped.read_bytes()
    assert not formats.save(again) and stripped.read_bytes() == first


# ------------------------------------------------------------------ placeholders

@pytest.mark.parametrize("text,spans", [
    ("Hi %name%, you have %count% messages", ["%name%", "%count%"]),
    ("%user.name% logged in", ["%user.name%"]),
    ("Progress: %d%%", ["%d", "%%"]),
    ("%s%s", ["%s", "%s"]),
    ("Battery %d% (%s)", ["%d", "%s"]),
    ("%1$s of %2$s %%", ["%1$s", "%2$s", "%%"]),
    ("%ld% done", ["%ld"]),
    ("100% sure, 20% off", []),
    ("%#@files@ in %1$#@folders@", ["%#@files@", "%1$#@folders@"]),
    ("%arg stops", ["%arg"]),
])
def test_symfony_and_apple_placeholders(text: str, spans: list[str]) -> None:
    from localize.protect import find_spans
    assert [text[a:b] for a, b, _r in find_spans(text)] == spans


# ------------------------------------------------------------------ escaping round trips (hypothesis)

from hypothesis import given, settings, strategies as st  # noqa: E402

_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40)


@settings(max_examples=100, deadline=None)
@given(_TEXT)
def test_stringsdict_value_round_trip(value: str) -> None:
    res = formats.load(SD / "en.lproj/Localizable.stringsdict")
    res.by_id()["Welcome"].targets = [value]
    data = formats.dump(res)
    assert plist_strings(data)["Welcome"] == value
    assert stringsdict.read(res.path, data).by_id()["Welcome"].source == value


@settings(max_examples=100, deadline=None)
@given(_TEXT, st.booleans())
def test_xcstrings_value_round_trip(value: str, machine: bool) -> None:
    res = formats.load(XC / "Localizable.xcstrings", "ru")
    seg = res.by_id()["welcome"]
    seg.targets = [value]
    seg.set_flag("fuzzy", machine)
    data = formats.dump(res)
    unit = json.loads(data)["strings"]["welcome"]["localizations"]["ru"]["stringUnit"]
    assert unit == {"state": "needs_review" if machine else "translated", "value": value}
    back = xcstrings.read(res.path, data, "ru").by_id()["welcome"]
    assert back.targets == [value] and back.fuzzy == machine


@settings(max_examples=100, deadline=None)
@given(_TEXT)
def test_arb_value_round_trip(value: str) -> None:
    src = formats.load(AR / "app_en.arb")
    res = arb.pair(src, formats.load(AR / "app_de.arb"), str(AR / "app_de.arb"), "de")
    res.segments[0].targets = [value]
    data = formats.dump(res)
    assert json.loads(data)["appTitle"] == value
    assert [s.targets for s in arb.pair(src, arb.read(res.path, data), res.path, "de").segments][0] == [value]
