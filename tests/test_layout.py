"""A template or source-language file named on the command line: its targets are the files of each --to
locale next to it (msginit/msgmerge for a POT), never the template itself."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from localize import layout

from .conftest import FIXTURES


@pytest.mark.parametrize("path,fmt,pattern,spelled", [
    ("po/app.pot", "po", "po/{locale}.po", ""),
    ("i18n/en.json", "json", "i18n/{locale}.json", "en"),
    ("public/locales/en/translation.json", "json", "public/locales/{locale}/translation.json", "en"),
    ("src/locale/messages.en-US.xlf", "xliff", "src/locale/messages.{locale}.xlf", "en-US"),
    ("translations/app_en.ts", "ts", "translations/app_{locale}.ts", "en"),
    ("config/locales/en.yml", "yaml", "config/locales/{locale}.yml", "en"),
    ("Resources/en.lproj/Localizable.strings", "strings", "Resources/{locale}.lproj/Localizable.strings", "en"),
    ("Resources/Base.lproj/Main.strings", "strings", "Resources/{locale}.lproj/Main.strings", ""),
    ("src/Messages.properties", "properties", "src/Messages_{locale}.properties", ""),
    ("src/Messages_en_US.properties", "properties", "src/Messages_{locale}.properties", "en_US"),
    ("app/res/values/strings.xml", "android", "app/res/values-{locale}/strings.xml", ""),
])
def test_implied_pattern(path: str, fmt: str, pattern: str, spelled: str) -> None:
    assert layout.implied_pattern(path, fmt, "en") == (pattern, spelled)


@pytest.mark.parametrize("path,fmt", [
    ("po/de.po", "po"),                       # a catalog is a target, not a template
    ("i18n/de.json", "json"),
    ("docs/often.json", "json"),              # "en" inside a word is no locale
    ("app/res/values-de/strings.xml", "android"),
    ("src/Messages_de.properties", "properties"),
])
def test_no_pattern_for_a_target_file(path: str, fmt: str) -> None:
    assert layout.implied_pattern(path, fmt, "en") is None


def test_spellings(tmp_path: Path) -> None:
    assert layout.spellings("x/values-{locale}/strings.xml", "android", ["de", "pt_BR", "sr_Latn"]) == \
        {"de": "de", "pt_BR": "pt-rBR", "sr_Latn": "b+sr+Latn"}
    assert layout.spellings("po/{locale}.po", "po", ["pt_BR"], "", {"pt_BR": "pt-BR"}) == {"pt_BR": "pt_BR"}
    assert layout.spellings("i18n/{locale}.json", "json", ["pt_BR"], "", {"pt_BR": "pt_BR"}) == {"pt_BR": "pt_BR"}
    assert layout.spellings("i18n/{locale}.json", "json", ["pt_BR"]) == {"pt_BR": "pt-BR"}
    assert layout.spellings("i18n/{locale}.json", "json", ["pt_BR"], "en_US") == {"pt_BR": "pt_BR"}
    (tmp_path / "pt_BR.json").write_text("{}")  # a file that exists keeps its spelling
    assert layout.spellings(str(tmp_path / "{locale}.json"), "json", ["pt_BR"]) == {"pt_BR": "pt_BR"}


def _run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "localize", "translate", "-q", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=600)


def test_pot_with_to_creates_and_merges_catalogs_and_leaves_the_template(tmp_path: Path) -> None:
    po_dir = tmp_path / "po"
    po_dir.mkdir()
    shutil.copy(FIXTURES / "po/psmisc/psmisc.pot", po_dir)
    shutil.copy(FIXTURES / "po/psmisc/de.po", po_dir)
    pot_before = (po_dir / "psmisc.pot").read_bytes()
    human = {(e.msgctxt, e.msgid): e.msgstr for e in polib.pofile(str(po_dir / "de.po"))
             if e.translated() and not e.obsolete}
    r = _run(tmp_path, "po/psmisc.pot", "--to", "de,pt-BR")
    assert r.returncode == 0, r.stderr
    assert (po_dir / "psmisc.pot").read_bytes() == pot_before           # the template is not a catalog
    new = polib.pofile(str(po_dir / "pt_BR.po"))                         # gettext's spelling, as msginit
    assert new.metadata["Language"] == "pt_BR" and "nplurals=2" in new.metadata["Plural-Forms"]
    assert sum(1 for e in new if e.msgstr or any(e.msgstr_plural.values())) > 80
    merged = {(e.msgctxt, e.msgid): e.msgstr for e in polib.pofile(str(po_dir / "de.po")) if not e.obsolete}
    assert all(merged[k] == v for k, v in human.items() if k in merged)  # no person's translation replaced
    assert not (po_dir / "psmisc.po").exists()


def test_source_files_with_to(tmp_path: Path) -> None:
    res = tmp_path / "res"
    shutil.copytree(FIXTURES / "android/react-native/views-uimanager", res)
    de_before = (res / "values-de/strings.xml").read_bytes()
    src = json.loads((FIXTURES / "json/medusa-dashboard/en.json").read_text())
    small = {k: src[k] for k in list(src)[:2]}
    (tmp_path / "i18n").mkdir()
    (tmp_path / "i18n/en.json").write_text(json.dumps(small, indent=2, ensure_ascii=False) + "\n")
    r = _run(tmp_path, "res/values/strings.xml", "i18n/en.json", "--to", "pt-BR")
    assert r.returncode == 0, r.stderr
    assert (res / "values-pt-rBR/strings.xml").exists()                  # Android's qualifier
    assert (res / "values-de/strings.xml").read_bytes() == de_before     # not asked for: untouched
    out = json.loads((tmp_path / "i18n/pt-BR.json").read_text())         # the user's spelling
    assert set(out) == set(small)


def test_template_without_locales_is_one_line_exit_2(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "po/psmisc/psmisc.pot", tmp_path)
    before = (tmp_path / "psmisc.pot").read_bytes()
    r = _run(tmp_path, "psmisc.pot")
    assert r.returncode == 2
    assert "psmisc.pot" in r.stderr and "--to" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert (tmp_path / "psmisc.pot").read_bytes() == before


def test_issue_lines_name_the_written_file_not_the_template(tmp_path: Path) -> None:
    """A .ts created from its template: an entry's line in the new file differs from the template's once
    a translation above it spans lines; the report names the new file's line."""
    from localize import checks, formats
    from localize.pipeline import RunResult
    from localize.selection import Job
    from localize.writeback import relocate
    template = formats.load(FIXTURES / "ts/retext/retext_pt.ts", "en")
    res = formats.create("ts", template, str(tmp_path / "retext_de.ts"), "de")
    first, later = res.segments[0], res.segments[20]
    first.targets = ["Konfigurationsdatei\nwird verwendet:"]
    job = Job(res, "de", None, "retext_de.ts")
    result = RunResult(issues=[checks.Issue("names", "error", "x", "retext_de.ts", str(later.line), "de", later.id)])
    data = formats.dump(res)
    relocate(job, result, data)
    lines = data.decode().splitlines()
    at = int(result.issues[0].location)
    assert at != later.line and later.source in "\n".join(lines[at - 1:at + 2])


def test_untagged_bilingual_sources() -> None:
    assert layout.untagged_pattern("src/locale/messages.xlf", "xliff") == "src/locale/messages.{locale}.xlf"
    assert layout.untagged_pattern("translations/app.ts", "ts") == "translations/app_{locale}.ts"


ANGULAR_SOURCE = """<?xml version="1.0" encoding="UTF-8" ?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file source-language="en-US" datatype="plaintext" original="ng2.template">
    <body>
      <trans-unit id="5206857922697139278" datatype="html">
        <source>Updated <x id="PH" equiv-text="minutes"/> minutes ago</source>
      </trans-unit>
    </body>
  </file>
</xliff>
"""


def test_angular_source_xliff_is_never_translated_in_place(tmp_path: Path) -> None:
    """`ng extract-i18n` writes messages.xlf (no target-language): its translations are messages.fr.xlf."""
    loc = tmp_path / "src/locale"
    loc.mkdir(parents=True)
    (loc / "messages.xlf").write_text(ANGULAR_SOURCE)
    r = _run(tmp_path, "src/locale/messages.xlf", "--to", "fr")
    assert r.returncode == 0, r.stderr
    assert (loc / "messages.xlf").read_text() == ANGULAR_SOURCE
    out = (loc / "messages.fr.xlf").read_text()
    assert 'target-language="fr"' in out and '<x id="PH" equiv-text="minutes"/>' in out.split("<target")[1]


def test_a_directory_and_to_translate_that_languages_files_only(tmp_path: Path) -> None:
    """`localize translate po/ --to de`: the German catalog; the Russian one is never rewritten as German."""
    po_dir = tmp_path / "po"
    po_dir.mkdir()
    for loc in ("de", "ru"):
        res = polib.pofile(str(FIXTURES / f"po/psmisc/{loc}.po"))
        for e in res:
            if not e.obsolete and not e.msgid_plural:
                e.msgstr = ""
                break
        res.save(str(po_dir / f"{loc}.po"))
    ru_before = (po_dir / "ru.po").read_bytes()
    r = _run(tmp_path, "po", "--to", "de")
    assert r.returncode == 0, r.stderr
    assert (po_dir / "ru.po").read_bytes() == ru_before
    assert polib.pofile(str(po_dir / "de.po")).percent_translated() > 0
    assert "de.po" in r.stdout + r.stderr


def test_a_named_catalog_of_another_language_is_left_with_a_warning(tmp_path: Path) -> None:
    po = tmp_path / "ru.po"
    shutil.copy(FIXTURES / "po/psmisc/ru.po", po)
    before = po.read_bytes()
    r = _run(tmp_path, "ru.po", "--to", "de")
    assert r.returncode == 0 and po.read_bytes() == before
    assert "ru.po is ru, not among --to (de)" in r.stderr and "Nothing translated" in r.stdout


def test_a_directory_holds_resources_beside_code_and_configuration(tmp_path: Path) -> None:
    """`check DIR` / `translate DIR` take the string resources of a folder and leave its TypeScript (.ts,
    .d.ts: CKEditor's translations folder), build XML (pom.xml) and tool configuration (package.json,
    tsconfig.json) alone; a folder with none is a one-line error (exit 2), not "nothing to translate"."""
    from localize import formats
    d = tmp_path / "app"
    (d / "res/values").mkdir(parents=True)
    shutil.copy(FIXTURES / "ts/retext/retext_pt.ts", d / "retext_pt.ts")  # Qt Linguist: a resource
    (d / "de.d.ts").write_text("declare const translations: Record<string, string>;\n")
    (d / "pom.xml").write_text('<?xml version="1.0"?>\n<project><modelVersion>4.0.0</modelVersion></project>\n')
    (d / "package.json").write_text('{"name": "app", "version": "1.0.0"}\n')
    (d / "tsconfig.json").write_text('{"compilerOptions": {}}\n')
    (d / "res/values/strings.xml").write_text('<?xml version="1.0" encoding="utf-8"?>\n<resources>\n'
                                              '    <string name="ok">OK</string>\n</resources>\n')
    (d / "en.json").write_text('{"a": "Open"}\n')
    found = {Path(p).name for p in formats.expand([str(d)])}
    assert {"strings.xml", "en.json", "retext_pt.ts"} <= found and not found & {"de.d.ts", "pom.xml", "package.json", "tsconfig.json"}
    empty = tmp_path / "code"
    empty.mkdir()
    (empty / "a.ts").write_text("export const a = 1;\n")
    for cmd in (["check", "code"], ["translate", "code", "--to", "de"]):
        r = subprocess.run([sys.executable, "-m", "localize", *cmd], cwd=tmp_path, capture_output=True, text=True,
                           timeout=300)
        assert r.returncode == 2 and "no string resource files" in r.stderr, (cmd, r.stdout, r.stderr)
