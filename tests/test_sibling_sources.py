"""`check` and `translate` with no localize.toml find the source file beside a target by each platform's folder
convention: Android's res/values-fr/ -> res/values/, Apple's de.lproj/ -> en.lproj/, GNUstep's German.lproj/ ->
English.lproj/ (and a new locale of a GNUstep project gets a folder named for its language)."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from localize import audit, layout, plurals

from .conftest import FIXTURES


def _localize(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "localize", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=600)


def test_android_check_finds_res_values(tmp_path: Path) -> None:
    src = FIXTURES / "android" / "react-native" / "views-uimanager"
    shutil.copytree(src, tmp_path / "res")
    (tmp_path / "res" / "values-de-land").mkdir()
    shutil.copy(src / "values-de" / "strings.xml", tmp_path / "res" / "values-de-land" / "strings.xml")
    (tmp_path / "res" / "values-land").mkdir()
    shutil.copy(src / "values" / "strings.xml", tmp_path / "res" / "values-land" / "strings.xml")
    for target, want in [("values-de", "values"), ("values-pt-rPT", "values"), ("values-de-land", "values-land")]:
        found = audit.sibling_source(str(tmp_path / "res" / target / "strings.xml"), "en")
        assert found is not None and found[0] == tmp_path / "res" / want / "strings.xml", target
    assert audit.sibling_source(str(tmp_path / "res" / "values-pt-rPT" / "strings.xml"), "en")[1] == "pt_PT"  # type: ignore[index]
    r = _localize(tmp_path, "check", "res/")
    assert r.returncode == 0, r.stdout + r.stderr  # was exit 2: "a android file needs its source-language file"
    assert "in 3 file(s)" in r.stdout and "unreadable" not in r.stdout


def test_gnustep_check_finds_english_lproj(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "strings" / "gnustep-base", tmp_path / "Resources")
    found = audit.sibling_source(str(tmp_path / "Resources" / "German.lproj" / "Localizable.strings"), "en")
    assert found == (tmp_path / "Resources" / "English.lproj" / "Localizable.strings", "de")
    r = _localize(tmp_path, "check", "Resources/")
    assert r.returncode in (0, 1), r.stdout + r.stderr  # the English file is the source, not a target
    assert "in 3 file(s)" in r.stdout and "unreadable" not in r.stdout


def test_apple_check_finds_en_lproj(tmp_path: Path) -> None:
    for name, folder in [("English.lproj", "en.lproj"), ("German.lproj", "de.lproj")]:
        (tmp_path / folder).mkdir()
        shutil.copy(FIXTURES / "strings" / "gworkspace-fsnode" / name / "Localizable.strings",
                    tmp_path / folder / "Localizable.strings")
    r = _localize(tmp_path, "check", "de.lproj/Localizable.strings")
    assert r.returncode in (0, 1), r.stdout + r.stderr
    assert "in 1 file(s)" in r.stdout


def test_gnustep_translate_keeps_language_named_folders(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "strings" / "gworkspace-fsnode", tmp_path / "FSNode")
    assert plurals.language_name("fr") == "French" and plurals.language_name("pt_BR") == "BrazilianPortuguese"
    pattern, spelled = layout.implied_pattern(str(tmp_path / "FSNode" / "English.lproj" / "Localizable.strings"),
                                              "strings", "en") or ("", "")
    assert pattern.endswith("{locale}.lproj/Localizable.strings") and spelled == "English"
    assert layout.spellings(pattern, "strings", ["de", "fr"], spelled) == {"de": "German", "fr": "French"}
    r = _localize(tmp_path, "translate", "FSNode/English.lproj/Localizable.strings", "--to", "de,fr")
    assert r.returncode in (0, 1), r.stdout + r.stderr
    assert not (tmp_path / "FSNode" / "de.lproj").exists()  # German.lproj is German's folder
    assert (tmp_path / "FSNode" / "French.lproj" / "Localizable.strings").is_file()


def test_language_alone_matches_the_files_main_country(tmp_path: Path) -> None:
    """`--to pl` takes qTox's pl.ts whose header says pl_PL (it was "pl_PL, not among --to (pl): left as it
    is"); `--to pt` does not take a pt_BR file."""
    assert plurals.matches("pl_PL", "pl") and plurals.matches("ja_JP", "ja") and plurals.matches("de-DE", "de")
    assert not plurals.matches("pt_BR", "pt") and not plurals.matches("de_AT", "de") and not plurals.matches("pl", "pl_PL")
    import polib
    po = polib.pofile(str(FIXTURES / "po" / "psmisc" / "pl.po"))
    po.metadata["Language"] = "pl_PL"
    emptied = next(e for e in po if e.msgstr and not e.msgid_plural and " " in e.msgid)
    emptied.msgstr = ""
    po.save(str(tmp_path / "pl.po"))
    r = _localize(tmp_path, "translate", "pl.po", "--to", "pl")
    assert r.returncode in (0, 1) and "not among --to" not in r.stderr, r.stdout + r.stderr
    assert polib.pofile(str(tmp_path / "pl.po")).find(emptied.msgid).msgstr  # type: ignore[union-attr]


def test_to_language_fills_the_existing_main_country_file(tmp_path: Path) -> None:
    """`translate pager.en-US.yml --to de` beside Kendo's pager.de-DE.yml fills that file (it wrote a second
    German file, pager.de.yml); a new locale still gets the source's spelling."""
    (tmp_path / "pager.en-US.yml").write_text("en-US:\n  pager:\n    next: Next page\n    prev: Previous page\n")
    (tmp_path / "pager.de-DE.yml").write_text("de-DE:\n  pager:\n    next: Nächste Seite\n")
    assert layout.spellings(str(tmp_path / "pager.{locale}.yml"), "yaml", ["de"], "en-US") == {"de": "de-DE"}
    r = _localize(tmp_path, "translate", "pager.en-US.yml", "--to", "de")
    assert r.returncode in (0, 1), r.stdout + r.stderr
    assert sorted(p.name for p in tmp_path.glob("*.yml")) == ["pager.de-DE.yml", "pager.en-US.yml"]
    text = (tmp_path / "pager.de-DE.yml").read_text()
    assert "Nächste Seite" in text and "prev:" in text


def test_dash_suffixed_bundles_find_their_base(tmp_path: Path) -> None:
    """Jitsi Meet's lang/main.json beside main-pl.json: `check lang/` took main.json for a target and stopped
    (exit 2 on every file); main-pl.json is checked against main.json."""
    shutil.copytree(FIXTURES / "json" / "jitsi-meet", tmp_path / "lang")
    found = audit.sibling_source(str(tmp_path / "lang" / "main-pl.json"), "en")
    assert found == (tmp_path / "lang" / "main.json", "pl")
    assert audit.is_source_file(str(tmp_path / "lang" / "main.json"))
    r = _localize(tmp_path, "check", "lang/")
    assert r.returncode in (0, 1) and "unreadable" not in r.stdout, r.stdout + r.stderr
    assert "in 1 file(s)" in r.stdout


def test_source_language_catalog_named_with_to(tmp_path: Path) -> None:
    """django-filer's layout: `translate locale/en/LC_MESSAGES/django.po --to it,pl` fills it/ and creates pl/
    (it said "is en, not among --to: left as it is" and did nothing); found inside a directory, the en catalog
    is a catalog like the others."""
    import polib
    src = polib.pofile(str(FIXTURES / "po" / "psmisc" / "de.po"))
    for loc in ("en", "it"):
        (tmp_path / "locale" / loc / "LC_MESSAGES").mkdir(parents=True)
        po = polib.POFile()
        po.metadata = dict(src.metadata, Language=loc)
        for e in list(src)[:5]:
            po.append(polib.POEntry(msgid=e.msgid, msgstr="", flags=e.flags, occurrences=e.occurrences))
        po.save(str(tmp_path / "locale" / loc / "LC_MESSAGES" / "django.po"))
    assert layout.source_catalog_pattern("locale/en/LC_MESSAGES/django.po", "en") == \
        ("locale/{locale}/LC_MESSAGES/django.po", "en")
    assert layout.source_catalog_pattern("po/en.po", "en") == ("po/{locale}.po", "en")
    assert layout.source_catalog_pattern("locale/de/LC_MESSAGES/django.po", "en") is None
    r = _localize(tmp_path, "translate", "locale/en/LC_MESSAGES/django.po", "--to", "it,pl")
    assert r.returncode in (0, 1), r.stdout + r.stderr
    for loc in ("it", "pl"):
        out = polib.pofile(str(tmp_path / "locale" / loc / "LC_MESSAGES" / "django.po"))
        assert out.metadata["Language"] == loc and all(e.msgstr for e in out if not e.obsolete)


def test_named_catalog_without_to_is_translated_into_its_language(tmp_path: Path) -> None:
    """`localize translate help/es/es.po` in a project whose localize.toml targets other languages: the catalog
    named is translated (it said "is es, not among --to (de, ...)", which the user never passed)."""
    import polib
    (tmp_path / "localize.toml").write_text('[project]\nsource = "en"\ntargets = ["de"]\n')
    po = polib.pofile(str(FIXTURES / "po" / "psmisc" / "es.po"))
    emptied = next(e for e in po if e.msgstr and not e.msgid_plural and " " in e.msgid)
    emptied.msgstr = ""
    po.save(str(tmp_path / "es.po"))
    r = _localize(tmp_path, "translate", "es.po")
    assert r.returncode in (0, 1) and "not among" not in r.stderr, r.stdout + r.stderr
    assert polib.pofile(str(tmp_path / "es.po")).find(emptied.msgid).msgstr  # type: ignore[union-attr]
    r = _localize(tmp_path, "translate", "es.po", "--to", "de")  # an explicit --to still filters
    assert "not among --to" in r.stderr


def test_a_file_implied_twice_is_one_job(tmp_path: Path) -> None:
    """qpdfview's translations/ holds qpdfview_en_AU.ts and qpdfview_en_GB.ts: both imply qpdfview_{locale}.ts,
    and `translate translations/ --to nl` translated the new nl file twice (750 messages for 375)."""
    import json as _json
    src = (FIXTURES / "ts" / "retext" / "retext_pt.ts").read_text("utf-8")
    for loc in ("en_AU", "en_GB"):
        (tmp_path / f"retext_{loc}.ts").write_text(src.replace('language="pt_PT"', f'language="{loc}"'), "utf-8")
    r = _localize(tmp_path, "translate", ".", "--to", "nl", "--dry-run", "--json", "--no-memory")
    assert r.returncode in (0, 1), r.stderr
    n = sum(1 for s in __import__("localize").formats.load(tmp_path / "retext_en_GB.ts").segments if not s.obsolete)
    stats = _json.loads(r.stdout)["locales"]["nl"]
    assert stats["translated"] <= n and stats["units"] <= 2 * n
