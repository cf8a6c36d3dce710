"""Issue 12, items 9-18 and 20: each test failed before its fix."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from localize import formats
from localize.config import load

from .conftest import need_tool

PO_HEAD = ('msgid ""\nmsgstr ""\n"Language: {loc}\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
           '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n')


def cli(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "localize", *args], cwd=cwd, capture_output=True, text=True)


# ------------------------------------------------------------------ item 20: .mo locale, model card languages

def test_memory_import_reads_the_locale_from_the_mo_header(tmp_path: Path) -> None:
    from localize.audit import import_memory
    from localize.config import Settings
    po = polib.POFile()
    po.metadata = {"Language": "de", "Content-Type": "text/plain; charset=UTF-8"}
    po.append(polib.POEntry(msgid="Extract archive", msgstr="Archiv entpacken"))
    (tmp_path / "share").mkdir()
    mo = tmp_path / "share/file-roller.mo"
    po.save_as_mofile(str(mo))
    settings = Settings(root=tmp_path)
    assert import_memory(settings, [str(mo)], None, None) == 1
    from localize.memory import Memory
    with Memory(tmp_path / ".localize/memory.sqlite") as m:
        assert m.stats() == {"de human": 1}
    # no header: the /usr/share/locale layout names it
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    (tmp_path / "fr/LC_MESSAGES").mkdir(parents=True)
    po.save_as_mofile(str(tmp_path / "fr/LC_MESSAGES/file-roller.mo"))
    assert import_memory(settings, [str(tmp_path / "fr/LC_MESSAGES/file-roller.mo")], None, None) == 1


def test_model_import_takes_languages_from_the_checkpoint_config(tmp_path: Path) -> None:
    pytest.importorskip("transformers")
    pytest.importorskip("torch")
    from localize.convert import _languages_from_config, import_model

    from .test_model_import import _tiny_marian
    src = tmp_path / "my-checkpoint"  # the folder name says nothing
    _tiny_marian(src)
    (src / "tokenizer_config.json").write_text(json.dumps({"source_lang": "en", "target_lang": "de"}))
    card = import_model(src, tmp_path / "out", "int8")
    assert card["source_languages"] == ["en"] and card["target_languages"] == ["de"]
    assert _languages_from_config(src, {"source_lang": "en", "target_lang": "fr"}) == (["en"], ["fr"])
    assert _languages_from_config(tmp_path, {"source_lang": "en", "target_lang": "ROMANCE"}) == (["en"], [])


# ------------------------------------------------------------------ items 9, 10, 12: score, detect, check

from .test_pipeline import engine, run  # noqa: E402,F401  (the real default model)


def _human_ids(path: Path) -> set[str]:
    res = formats.load(path)
    return {s.id for s in res.active if s.translated and not s.fuzzy and s.source_plural is None}


def test_score_holds_out_only_human_translations_and_knows_json_locales(demo: Path, engine: object,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from localize import scoring
    from localize.audit import score_files
    human_po = _human_ids(demo / "po/de.po")
    run(demo, engine, final=True)
    settings = load(demo / "localize.toml")
    seen: list[list[str]] = []
    real = scoring.translate_scored
    monkeypatch.setattr(scoring, "translate_scored", lambda e, src, loc, n_best=4: seen.append(src) or real(e, src, loc))
    monkeypatch.chdir(demo)
    rows = score_files(["po/de.po", "i18n/fr.json"], None, settings, 300)
    by_file = {r["file"]: r for r in rows}
    de = formats.load(demo / "po/de.po").by_id()
    assert by_file["po/de.po"]["n"] == len(human_po) and set(seen[0]) == {de[i].source for i in human_po}
    assert by_file["po/de.po"]["scores"]["bleu"]["score"] < 100
    assert by_file["i18n/fr.json"]["locale"] == "fr"                       # not "und"
    assert set(seen[1]) == {"Your tasks, everywhere.", "Inbox", "Settings", "Tasklight"}  # the human ones
    assert not any(r["locale"] == "und" for r in rows)


def test_ci_canary_takes_no_machine_json_string_as_human(demo: Path, engine: object,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from localize import scoring
    from localize.pipeline import Options, Pipeline, RunResult, collect_jobs
    run(demo, engine)
    settings = load(demo / "localize.toml")
    settings.quality.min_chrf = {"*": 1.0}
    seen: list[str] = []
    monkeypatch.setattr(scoring, "translate_scored",
                        lambda e, src, loc, n_best=4: seen.extend(src) or [(t, 1.0) for t in src])
    pipe = Pipeline(settings, engine, Options())  # type: ignore[arg-type]
    jobs = [j for j in collect_jobs(settings, [], Options(), RunResult()) if j.locale == "fr"]
    pipe.quality_gates(jobs, RunResult())
    fr = json.loads((demo / "i18n/fr.json").read_text())
    machine = {fr["task"]["add"], fr["nav"]["today"]}
    assert not machine & set(seen)
    sources = json.loads((demo / "i18n/en.json").read_text())
    assert sources["task"]["add"] not in seen and sources["nav"]["today"] not in seen


def test_detect_checks_json_targets(tmp_path: Path) -> None:
    from localize.audit import detect_files
    en = json.loads((Path(__file__).parent.parent / "examples/demo/i18n/en.json").read_text())
    (tmp_path / "i18n").mkdir()
    (tmp_path / "i18n/en.json").write_text(json.dumps(en))
    (tmp_path / "i18n/de.json").write_text(json.dumps(en))  # cp en.json de.json
    found = detect_files([str(tmp_path / "i18n/de.json")], "en", None)
    targets = [f for f in found if f.role == "target"]
    assert len(targets) >= 5 and all(f.expected == "de" and f.detected == "en" for f in targets)
    assert any(f.location == "errors.generic" for f in targets)
    # without a source file beside it the values are still checked as German
    (tmp_path / "lone").mkdir()
    (tmp_path / "lone/de.json").write_text(json.dumps(en))
    assert [f for f in detect_files([str(tmp_path / "lone/de.json")], "en", None) if f.role == "target"]


def test_check_finds_the_source_bundle_beside_the_target(tmp_path: Path) -> None:
    (tmp_path / "i18n").mkdir()
    (tmp_path / "i18n/en.json").write_text('{"greet": "Hello {name}", "bye": "Goodbye"}\n')
    (tmp_path / "i18n/de.json").write_text('{"greet": "Hallo {nom}", "bye": "Tschüss"}\n')
    r = cli(tmp_path, "check", "i18n/de.json")
    assert r.returncode == 1 and "greet" in r.stdout and "--source-file" not in r.stderr, r.stderr
    (tmp_path / "locales/en").mkdir(parents=True)
    (tmp_path / "locales/pt-BR").mkdir(parents=True)
    (tmp_path / "locales/en/app.json").write_text('{"bye": "Goodbye {name}"}\n')
    (tmp_path / "locales/pt-BR/app.json").write_text('{"bye": "Tchau {nome}"}\n')
    r = cli(tmp_path, "check", "locales/pt-BR/app.json", "--json")
    assert r.returncode == 1, r.stderr
    issues = json.loads(r.stdout)["issues"]
    assert issues and all(i["locale"] == "pt_BR" for i in issues)


# ------------------------------------------------------------------ item 11: glossaries/*.csv by default

def test_glossaries_folder_is_the_default(tmp_path: Path) -> None:
    (tmp_path / "po").mkdir()
    (tmp_path / "glossaries").mkdir()
    (tmp_path / "glossaries/terms.csv").write_text("term,de,note,flags\ntask,Aufgabe,,\n")
    (tmp_path / "po/de.po").write_text(PO_HEAD.format(loc="de") + '\nmsgid "Delete the task"\nmsgstr "Vorgang löschen"\n')
    (tmp_path / "localize.toml").write_text('[project]\nsource = "en"\ntargets = ["de"]\n\n'
                                            '[[resources]]\npath = "po/{locale}.po"\n')
    assert load(tmp_path / "localize.toml").glossaries == ["glossaries/*.csv"]
    r = cli(tmp_path, "glossary", "check", "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["de"]["with_terms"] == 1 and json.loads(r.stdout)["de"]["compliant"] == 0
    # paths = [] turns it off; no glossaries/ folder is no error
    (tmp_path / "localize.toml").write_text((tmp_path / "localize.toml").read_text() + "\n[glossary]\npaths = []\n")
    assert cli(tmp_path, "glossary", "check").returncode == 2


# ------------------------------------------------------------------ item 13: duplicate JSON keys

def test_duplicate_json_key_is_a_finding_and_the_last_value_wins(tmp_path: Path) -> None:
    (tmp_path / "en.json").write_text('{\n  "close": "Close",\n  "open": "Open {name}",\n  "nested": {"a": "A"}\n}\n')
    text = ('{\n  "close": "Fechar",\n  "open": "Abrir {nome}",\n  "nested": {"a": "A1"},\n'
            '  "open": "Abrir {name}"\n}\n')
    (tmp_path / "pt-BR.json").write_text(text)
    r = cli(tmp_path, "check", "pt-BR.json", "--json")
    assert r.returncode == 1, r.stderr                     # a finding, not "cannot read" (2)
    issues = json.loads(r.stdout)["issues"]
    dup = [i for i in issues if i["check"] == "duplicate-key"]
    assert len(dup) == 1 and dup[0]["location"] == "5" and "lines 3 and 5" in dup[0]["message"]
    assert not [i for i in issues if i["check"] == "placeholders"]  # the last value {name} is the one checked
    res = formats.load(tmp_path / "pt-BR.json")
    assert res.by_id()["/open"].targets == ["Abrir {name}"]
    res.by_id()["/open"].targets = ["Abrir {name}!"]
    assert formats.dump(res).decode() == text.replace('"Abrir {name}"', '"Abrir {name}!"')


# ------------------------------------------------------------------ item 15: glossary diff lists real changes only

def test_glossary_diff_lists_only_strings_whose_output_changes(demo: Path, engine: object) -> None:
    from localize.glossary_diff import affected_strings, run_diff, term_changes, versions
    run(demo, engine)
    old = demo / "glossaries/terms.csv"
    new = demo / "terms-new.csv"
    # a reviewer's note on "task" (pos=noun) changes nothing a translation uses
    new.write_text(old.read_text().replace("the core object of the app,", "the core object of the app,pos=noun"))
    settings = load(demo / "localize.toml")
    g_old, g_new = versions(settings, str(old), str(new))
    changes = term_changes(g_old, g_new)
    assert [c.term for c in changes] == ["task"]
    assert affected_strings(settings, g_old, g_new, changes, engine) == []
    # a new German term changes the German strings, and only strings whose text changes are listed
    new.write_text(old.read_text().replace("task,Aufgabe,", "task,Vorgang,"))
    md, _html = run_diff(settings, str(old), str(new), engine)
    rows = [ln for ln in md.splitlines() if ln.startswith("| de |")]
    assert rows and all(r.split(" | ")[3] != r.split(" | ")[4] for r in rows)
    assert not [ln for ln in md.splitlines() if ln.startswith("| fr |")]


# ------------------------------------------------------------------ item 14: lines of the written file

def test_report_lines_are_lines_of_the_written_file(demo: Path, engine: object) -> None:
    res = run(demo, engine)
    written = {str(s.line): s for s in formats.load(demo / "po/de.po").segments}
    rows = [r for r in res.review if r["file"] == "po/de.po"]
    assert len(rows) >= 3
    for r in rows:
        assert r["key"] in written and written[r["key"]].source == r["source"], r
    issues = [i for i in res.issues if i.path == "po/de.po" and i.location]
    for i in issues:
        assert written[i.location].id == i.segment_id, i


# ------------------------------------------------------------------ item 17: --final promotes earlier fuzzy output

def test_final_after_a_fuzzy_run_promotes_without_the_engine(demo: Path, engine: object) -> None:
    from localize.audit import audit_files
    run(demo, engine)                                       # fuzzy
    before = formats.load(demo / "po/de.po")
    fuzzy = {s.id for s in before.active if s.fuzzy and any("localize:" in n for n in s.translator_notes)}
    assert fuzzy
    calls = engine.calls  # type: ignore[attr-defined]
    res = run(demo, engine, final=True)
    assert engine.calls == calls and not res.items           # the engine did nothing
    assert res.stats["de"].promoted > 0 and res.stats["de"].final == res.stats["de"].promoted
    after = formats.load(demo / "po/de.po").by_id()
    promoted = {i for i in fuzzy if not after[i].fuzzy}
    assert len(promoted) == res.stats["de"].promoted
    errors = [i for i in audit_files([str(demo / "po/de.po")], None, None) if i.severity == "error"]
    assert not [i for i in errors if i.segment_id in promoted]   # each passes every error-level check
    # a person's fuzzy entry is not localize's to promote
    assert after["_Quit"].targets == before.by_id()["_Quit"].targets
    settings = load(demo / "localize.toml")
    from localize.provenance import Lockfile
    lock = Lockfile(settings.resolve(settings.lockfile))
    assert all(lock.get("po/de.po", "de", i).final for i in promoted)  # type: ignore[union-attr]
    r = cli(demo, "translate", "po/de.po", "--final")
    assert "Nothing to translate" in r.stdout, r.stdout      # all done now


# ------------------------------------------------------------------ item 18: stale human translations in JSON

def test_stale_human_json_translation_is_reported(demo: Path, engine: object) -> None:
    run(demo, engine)
    src = demo / "i18n/en.json"
    data = json.loads(src.read_text())
    data["app"]["tagline"] = "Your tasks, on every device."   # fr has a human translation of the old text
    src.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    res = run(demo, engine)
    stale = [r for r in res.review if r["reason"].startswith("stale human")]
    assert [(r["file"], r["key"]) for r in stale] == [("i18n/fr.json", "app.tagline")]
    assert res.stats["fr"].stale_human == 1
    assert any(i.check == "stale" and i.location == "app.tagline" for i in res.issues)
    assert json.loads((demo / "i18n/fr.json").read_text())["app"]["tagline"] == "Vos tâches, partout."  # kept
    assert [r["key"] for r in run(demo, engine).review if r["reason"].startswith("stale human")] == ["app.tagline"]
    # a person revises it: no longer stale
    fr = json.loads((demo / "i18n/fr.json").read_text())
    fr["app"]["tagline"] = "Vos tâches, sur tous vos appareils."
    (demo / "i18n/fr.json").write_text(json.dumps(fr, indent=2, ensure_ascii=False) + "\n")
    assert not [r for r in run(demo, engine).review if r["reason"].startswith("stale human")]


# ------------------------------------------------------------------ item 16: merging a POT does what msgmerge does

FIX = Path(__file__).parent / "fixtures/po"


def _entries(path: Path) -> list[tuple[object, ...]]:
    return [(e.msgctxt, e.msgid, e.msgid_plural, e.msgstr, sorted(e.msgstr_plural.items()), sorted(e.flags),
             e.occurrences, e.comment, e.tcomment, e.previous_msgid, e.obsolete) for e in polib.pofile(str(path))]


def _merge(catalog: Path, pot: Path, out: Path) -> list[str]:
    from localize.formats import po
    res = formats.load(catalog)
    added = po.merge_template(res, formats.load(pot, "en"))
    out.write_bytes(po.write(res))
    return added


@pytest.mark.parametrize("catalog", ["psmisc-langs/cs.po", "psmisc-langs/fi.po", "psmisc-langs/sv.po", "psmisc/ca.po"])
def test_merge_matches_gnu_msgmerge_on_real_catalogs(catalog: str, tmp_path: Path) -> None:
    msgmerge = need_tool("msgmerge")
    pot = FIX / "psmisc/psmisc.pot"
    _merge(FIX / catalog, pot, tmp_path / "ours.po")
    subprocess.run([msgmerge, "--previous", "-q", str(FIX / catalog), str(pot), "-o", str(tmp_path / "ref.po")],
                   check=True)
    assert _entries(tmp_path / "ours.po") == _entries(tmp_path / "ref.po")


def test_merge_obsoletes_orders_and_updates_references_like_msgmerge(tmp_path: Path) -> None:
    msgmerge = need_tool("msgmerge")
    kept = '#: a.c:5\n#, c-format\nmsgid "%d file"\nmsgid_plural "%d files"\nmsgstr[0] "%d Datei"\nmsgstr[1] "%d Dateien"\n'
    (tmp_path / "de.po").write_text(
        '# German.\nmsgid ""\nmsgstr ""\n"POT-Creation-Date: 2020-01-01 10:00+0000\\n"\n' + PO_HEAD.format(loc="de")[19:]
        + '\n'
        '#: a.c:1\nmsgid "Open the file"\nmsgstr "Datei öffnen"\n\n'
        '# translator note\n#: a.c:2\nmsgid "Save the document now"\nmsgstr "Dokument jetzt speichern"\n\n'
        '#: a.c:3\nmsgid "Removed string"\nmsgstr "Entfernter Text"\n\n'
        '#: a.c:4\nmsgid "Untranslated removed"\nmsgstr ""\n\n' + kept + '\n'
        '#~ msgid "Old obsolete"\n#~ msgstr "Alt"\n')
    (tmp_path / "x.pot").write_text(
        'msgid ""\nmsgstr ""\n"POT-Creation-Date: 2021-02-02 10:00+0000\\n"\n'
        '"Content-Type: text/plain; charset=CHARSET\\n"\n\n'
        '#: b.c:10\nmsgid "New first"\nmsgstr ""\n\n'
        '#: a.c:1 a.c:99\nmsgid "Open the file"\nmsgstr ""\n\n'
        '#: a.c:2\nmsgid "Save the document"\nmsgstr ""\n\n'
        '#: a.c:3\nmsgid "Brand new in middle"\nmsgstr ""\n\n'
        '#: a.c:5\n#, c-format\nmsgid "%d file"\nmsgid_plural "%d files"\nmsgstr[0] ""\nmsgstr[1] ""\n\n'
        'msgid "Old obsolete"\nmsgstr ""\n')
    added = _merge(tmp_path / "de.po", tmp_path / "x.pot", tmp_path / "ours.po")
    assert added == ["New first", "Save the document", "Brand new in middle", "Old obsolete"]
    subprocess.run([msgmerge, "--previous", "-q", str(tmp_path / "de.po"), str(tmp_path / "x.pot"),
                    "-o", str(tmp_path / "ref.po")], check=True)
    ours = (tmp_path / "ours.po").read_text()
    assert ours == (tmp_path / "ref.po").read_text()         # byte for byte, here
    assert '#~ msgid "Removed string"' in ours and "Untranslated removed" not in ours
    assert ours.index("New first") < ours.index("Open the file") < ours.index("Brand new in middle")
    assert "#: a.c:1 a.c:99" in ours and kept in ours           # untouched entry: same bytes
    again = _merge(tmp_path / "ours.po", tmp_path / "x.pot", tmp_path / "again.po")
    assert again == [] and (tmp_path / "again.po").read_bytes() == (tmp_path / "ours.po").read_bytes()


def test_merge_keeps_the_templates_wrapping_of_new_multiline_msgids(tmp_path: Path) -> None:
    """A new entry with a multi-line msgid gets the template's lines (xgettext's wrapping), as msgmerge
    writes it; polib would write each line of the msgid unwrapped."""
    msgmerge = need_tool("msgmerge")
    head = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    long = ('#: src/help.c:54\nmsgid ""\n"Search Command Help Text\\n"\n"\\n"\n'
            '" Enter the words or characters you would like to search for, and then press "\n'
            '"Enter.  If there is a match for the text you entered, the screen will be "\n'
            '"updated to the location of the nearest match for the search string.\\n"\nmsgstr ""\n')
    (tmp_path / "x.pot").write_text(head + '#: a.c:1\nmsgid "Open"\nmsgstr ""\n\n' + long)
    (tmp_path / "de.po").write_text(head + '#: a.c:1\nmsgid "Open"\nmsgstr "Öffnen"\n')
    assert _merge(tmp_path / "de.po", tmp_path / "x.pot", tmp_path / "ours.po") == [
        "Search Command Help Text\n\n Enter the words or characters you would like to search for, and then press "
        "Enter.  If there is a match for the text you entered, the screen will be updated to the location of the "
        "nearest match for the search string.\n"]
    subprocess.run([msgmerge, "--previous", "-q", str(tmp_path / "de.po"), str(tmp_path / "x.pot"),
                    "-o", str(tmp_path / "ref.po")], check=True)
    ours, ref = ((tmp_path / name).read_text() for name in ("ours.po", "ref.po"))
    assert ours[ours.index("#: a.c:1"):] == ref[ref.index("#: a.c:1"):]   # msgmerge re-renders the header
    assert long in ours
