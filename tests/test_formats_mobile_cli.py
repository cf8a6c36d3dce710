"""The mobile formats through the pipeline and the CLI: a project mixing .stringsdict ({locale}.lproj),
an Xcode string catalog (one file, no {locale}) and Flutter ARB translates in one run without locales
clobbering each other; `check`, `detect`, `score`, `memory import` and `glossary diff` work on each
format; a malformed file is one located line, exit 2, nothing written."""
from __future__ import annotations

import json
import plistlib
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from localize.cli import main

from .conftest import FIXTURES

SD = FIXTURES / "stringsdict/handmade"
XC = FIXTURES / "xcstrings/handmade"
AR = FIXTURES / "arb/handmade"
CONFIG = ('[project]\nsource = "en"\ntargets = ["de", "fr"]\n\n'
          '[[resources]]\npath = "ios/{locale}.lproj/Localizable.stringsdict"\n\n'
          '[[resources]]\npath = "ios/Localizable.xcstrings"\n\n'
          '[[resources]]\npath = "lib/l10n/app_{locale}.arb"\n')


@pytest.fixture
def project(tmp_path: Path) -> Path:
    p = tmp_path / "app"
    (p / "ios/en.lproj").mkdir(parents=True)
    shutil.copy(SD / "en.lproj/Localizable.stringsdict", p / "ios/en.lproj/Localizable.stringsdict")
    shutil.copy(XC / "Localizable.xcstrings", p / "ios/Localizable.xcstrings")
    (p / "lib/l10n").mkdir(parents=True)
    shutil.copy(AR / "app_en.arb", p / "lib/l10n/app_en.arb")
    shutil.copy(AR / "app_de.arb", p / "lib/l10n/app_de.arb")
    (p / "localize.toml").write_text(CONFIG)
    return p


def test_config_accepts_a_catalog_path_without_locale(project: Path) -> None:
    from localize.config import load
    from localize.errors import ConfigError
    s = load(project / "localize.toml")
    assert [r.path for r in s.resources][1] == "ios/Localizable.xcstrings"
    (project / "bad.toml").write_text('[project]\ntargets = ["de"]\n[[resources]]\npath = "po/de.po"\n')
    with pytest.raises(ConfigError, match="must contain"):
        load(project / "bad.toml")


def test_one_run_translates_every_mobile_format(project: Path) -> None:
    from localize.config import load
    from localize.engine import DEFAULT_MODEL_DIR
    from localize.engine.ct2 import CT2Translator
    from localize.pipeline import Options, Pipeline
    catalog = project / "ios/Localizable.xcstrings"
    before = json.loads(catalog.read_bytes())
    engine = CT2Translator(DEFAULT_MODEL_DIR, beam_size=2)
    result = Pipeline(load(project / "localize.toml"), engine, Options()).run()
    assert sorted(result.written) == sorted(["ios/de.lproj/Localizable.stringsdict", "ios/fr.lproj/Localizable.stringsdict",
                                             "ios/Localizable.xcstrings", "lib/l10n/app_fr.arb"])
    # .stringsdict: the target's categories, format keys and value types from the source
    fr = plistlib.loads((project / "ios/fr.lproj/Localizable.stringsdict").read_bytes())
    files = fr["%d files in %d folders"]["files"]
    assert [k for k in files if not k.startswith("NSString")] == ["one", "many", "other"]
    assert all("%d" in files[c] for c in ("one", "many", "other"))
    assert "%#@files@" in fr["%d files in %d folders"]["NSStringLocalizedFormatKey"]
    # the catalog: both locales added, machine output needs review, the human German value kept
    tree = json.loads(catalog.read_bytes())
    items = tree["strings"]["%lld items"]["localizations"]
    assert sorted(items) == ["de", "en", "fr"]
    fr_items = items["fr"]["variations"]["plural"]   # French lacked "many": only that form is machine output
    for cat in ("one", "other"):
        assert fr_items[cat] == before["strings"]["%lld items"]["localizations"]["fr"]["variations"]["plural"][cat]
    assert fr_items["many"]["stringUnit"]["state"] == "needs_review"
    assert list(items["de"]["variations"]["plural"]) == ["one", "other"]
    assert tree["strings"]["Hello, world!"]["localizations"]["de"] == before["strings"]["Hello, world!"]["localizations"]["de"]
    welcome = tree["strings"]["welcome"]["localizations"]
    assert welcome["de"]["stringUnit"]["state"] == welcome["fr"]["stringUnit"]["state"] == "needs_review"
    assert "CFBundleName" not in tree["strings"] or "localizations" not in tree["strings"].get("CFBundleName", {})
    # ARB: @@locale, ICU plural with the French categories, metadata stays in the template
    arb_fr = json.loads((project / "lib/l10n/app_fr.arb").read_bytes())
    assert arb_fr["@@locale"] == "fr" and not any(k.startswith("@") and k != "@@locale" for k in arb_fr)
    assert re.search(r"\bmany ?\{", arb_fr["nStops"]) and re.search(r"=0 ?\{", arb_fr["nStops"])
    assert "{count}" in arb_fr["nStops"]
    assert (project / "lib/l10n/app_de.arb").read_bytes() == (AR / "app_de.arb").read_bytes()
    # a second run changes nothing
    outs = sorted((project / "ios").glob("**/*.strings*")) + sorted((project / "lib").glob("**/*.arb"))
    first = [o.read_bytes() for o in outs]
    again = Pipeline(load(project / "localize.toml"), engine, Options()).run()
    assert not again.written and [o.read_bytes() for o in outs] == first


@pytest.mark.parametrize("args", [
    ["--source-file", "ios/en.lproj/Localizable.stringsdict", "ios/de.lproj/Localizable.stringsdict"],
    ["ios/Localizable.xcstrings"],
    ["--source-file", "lib/l10n/app_en.arb", "lib/l10n/app_de.arb"],
])
def test_check_detect_and_memory_import_on_each_format(project: Path, args: list[str],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)
    (project / "ios/de.lproj").mkdir(exist_ok=True)
    shutil.copy(SD / "de.lproj/Localizable.stringsdict", project / "ios/de.lproj/Localizable.stringsdict")
    r = CliRunner().invoke(main, ["check", "--json", *args])
    assert r.exit_code in (0, 1), r.output
    report = json.loads(r.output)
    assert isinstance(report["issues"], list)
    paths = [a for a in args if not a.startswith("--") and a not in ("ios/en.lproj/Localizable.stringsdict",
                                                                      "lib/l10n/app_en.arb")]
    r = CliRunner().invoke(main, ["detect", *paths])
    assert r.exit_code in (0, 1) and "suspicious string(s)" in r.output, r.output
    r = CliRunner().invoke(main, ["memory", "import", *args])
    assert r.exit_code == 0, r.output
    n = int(r.output.split()[1])
    assert n >= 1, r.output


def test_check_finds_a_broken_placeholder_in_a_catalog(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)
    cat = project / "ios/Localizable.xcstrings"
    cat.write_text(cat.read_text().replace('"%lld articles"', '"%lld art %@"'))
    r = CliRunner().invoke(main, ["check", "ios/Localizable.xcstrings"])
    assert r.exit_code == 1 and "ios/Localizable.xcstrings" in r.output and "placeholder" in r.output, r.output


def test_score_against_references_on_each_format(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)
    ref = project / "ref"
    ref.mkdir()
    shutil.copy(AR / "app_de.arb", ref / "app_de.arb")
    shutil.copy(XC / "Localizable.xcstrings", ref / "Localizable.xcstrings")
    (project / "ios/de.lproj").mkdir(exist_ok=True)
    shutil.copy(SD / "de.lproj/Localizable.stringsdict", project / "ios/de.lproj/Localizable.stringsdict")
    shutil.copy(SD / "de.lproj/Localizable.stringsdict", ref / "Localizable.stringsdict")
    r = CliRunner().invoke(main, ["score", "--json", "--against", "ref", "lib/l10n/app_de.arb", "ios/Localizable.xcstrings",
                                  "ios/de.lproj/Localizable.stringsdict"])
    assert r.exit_code == 0, r.output
    rows = {(row["file"], row["locale"]): row for row in json.loads(r.output)}
    assert rows[("lib/l10n/app_de.arb", "de")]["n"] == 5
    assert rows[("ios/Localizable.xcstrings", "de")]["n"] == 1        # the one German unit of the catalog
    assert ("ios/Localizable.xcstrings", "fr") in rows                # a row per locale the catalog holds
    assert rows[("ios/de.lproj/Localizable.stringsdict", "de")]["n"] == 6
    assert all(row["scores"]["chrF2"]["score"] == 100.0 for row in rows.values() if row["n"] and "chrF2" in row["scores"])


def test_glossary_diff_sees_the_mobile_formats(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)
    (project / "glossaries").mkdir()
    (project / "old.csv").write_text("term,de,fr\nwelcome,Willkommen,Bienvenue\ntrip,Reise,voyage\n")
    (project / "glossaries/terms.csv").write_text("term,de,fr\nwelcome,Grüß Gott,Salut\ntrip,Fahrt,trajet\n")
    r = CliRunner().invoke(main, ["glossary", "diff", "--html", "diff.html", "old.csv", "glossaries/terms.csv"])
    assert r.exit_code == 0, r.output
    assert "| welcome | changed |" in r.output and "| trip | changed |" in r.output
    for path in ("Localizable.stringsdict", "Localizable.xcstrings", "app_fr.arb"):
        assert path in r.output, (path, r.output)
    assert "<html" in (project / "diff.html").read_text().lower()


@pytest.mark.parametrize("name,data,line", [
    ("ios/de.lproj/Localizable.stringsdict", b'<?xml version="1.0"?>\n<plist version="1.0">\n<dict>\n<key>a</key>\n<string>x\n', 6),
    ("ios/Localizable.xcstrings", b'{\n  "sourceLanguage" : "en",\n  "strings" : {\n    "a" : {,\n', 4),
    ("lib/l10n/app_fr.arb", b'{\n  "@@locale": "fr",\n  "appTitle": "Voyages"\n  "hello": "x"\n}\n', 4),
])
def test_malformed_file_is_one_located_line_exit_2_nothing_written(project: Path, monkeypatch: pytest.MonkeyPatch,
                                                                   name: str, data: bytes, line: int) -> None:
    monkeypatch.chdir(project)
    (project / name).parent.mkdir(parents=True, exist_ok=True)
    (project / name).write_bytes(data)
    snapshot = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    r = CliRunner().invoke(main, ["translate", "--quiet"])
    assert r.exit_code == 2, r.output
    lines = [ln for ln in r.output.strip().splitlines() if ln.strip()]
    assert len(lines) == 1 and f"{name}:{line}:" in lines[0], r.output
    assert {p: p.read_bytes() for p in project.rglob("*") if p.is_file() and p in snapshot} == snapshot
    assert not (project / "ios/fr.lproj").exists()


def test_translate_a_catalog_by_path_needs_one_locale(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)
    before = (project / "ios/Localizable.xcstrings").read_bytes()
    r = CliRunner().invoke(main, ["translate", "ios/Localizable.xcstrings"])
    assert r.exit_code == 2 and "--to" in r.output, r.output
    r = CliRunner().invoke(main, ["translate", "--dry-run", "--to", "de", "ios/Localizable.xcstrings"])
    assert r.exit_code == 0, r.output
    assert (project / "ios/Localizable.xcstrings").read_bytes() == before
    assert '+        "de" : {' in r.output and '"fr" : {\n+' not in r.output


def test_detect_checks_each_locale_of_a_catalog(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)
    cat = project / "ios/Localizable.xcstrings"
    tree = json.loads(cat.read_bytes())
    tree["strings"]["welcome"]["localizations"]["fr"] = {"stringUnit": {
        "state": "translated", "value": "Willkommen in der Anwendung, schön, dass Sie wieder da sind"}}
    cat.write_text(json.dumps(tree, ensure_ascii=False, indent=2, separators=(",", " : ")))
    r = CliRunner().invoke(main, ["detect", "--json", "ios/Localizable.xcstrings"])
    assert r.exit_code == 1, r.output
    found = json.loads(r.output)
    assert [(f["role"], f["expected"]) for f in found] == [("target", "fr")]   # candidates: en, fr
