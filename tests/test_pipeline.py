"""End to end with the real default model (CTranslate2, int8): the demo project, incremental
re-runs, provenance, human translations, dry run, keep-going, interruption, checks on the output."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from localize import formats
from localize.config import load
from localize.engine import DEFAULT_MODEL_DIR, Request
from localize.engine.ct2 import CT2Translator, read_card
from localize.errors import EngineError, ModelError, ParseError
from localize.formats import icu
from localize.memory import Memory
from localize.pipeline import Options, Pipeline

from .conftest import need_tool


@pytest.fixture(scope="session")
def engine() -> CT2Translator:
    return CT2Translator(DEFAULT_MODEL_DIR, beam_size=4)


def run(project: Path, engine: object, **opts: object):  # type: ignore[no-untyped-def]
    settings = load(project / "localize.toml")
    from localize.glossary import Glossary
    g = Glossary.load([settings.resolve(p) for p in settings.glossaries]) if settings.glossaries else None
    with Memory(settings.resolve(settings.memory)) as mem:
        return Pipeline(settings, engine, Options(**opts), memory=mem, glossary=g).run()  # type: ignore[arg-type]


def test_default_model_card_and_languages(engine: CT2Translator) -> None:
    card = read_card(DEFAULT_MODEL_DIR)
    assert {"de", "fr", "es"} <= set(card.target_languages)
    assert card.raw["scores"] and card.raw["size_bytes"] < 60 * 1024 * 1024
    out = engine.translate([Request("Open the file", "de"), Request("Open the file", "fr")], 2)
    assert len(out) == 2 and all(out) and out[0][0] != out[1][0]


def test_demo_end_to_end(demo: Path, engine: CT2Translator) -> None:
    de_before = (demo / "po/de.po").read_text()
    res = run(demo, engine)
    assert set(res.stats) == {"de", "fr", "es"}
    assert engine.calls < 40  # batches across all files and locales, never one call per string
    de = formats.load(demo / "po/de.po")
    by_id = de.by_id()
    assert by_id["_File"].targets == ["_Datei"] and not by_id["_File"].fuzzy    # human kept
    assert by_id["%d task"].targets == ["%d Aufgabe", "%d Aufgaben"]
    new = by_id["Search tasks"]
    assert new.translated and new.fuzzy and any("localize-default" in n for n in new.translator_notes)
    # untouched human entries are byte-identical in the file
    for block in ['msgid "_File"\nmsgstr "_Datei"', 'msgid "Preferences"\nmsgstr "Einstellungen"']:
        assert block in de_before and block in (demo / "po/de.po").read_text()
    fr = json.loads((demo / "i18n/fr.json").read_text())
    assert fr["app"]["tagline"] == "Vos tâches, partout."                      # human kept
    assert "meta" not in fr or fr["meta"] == {"version": 3, "rtl": False}
    msgs = json.loads((demo / "messages/fr.json").read_text())
    for key, text in msgs.items():
        assert icu.validate(text) is None, (key, text)
    if "notifications.dueToday" in msgs:
        assert " many {" in msgs["notifications.dueToday"]                       # fr: one/many/other
    for loc in ("de", "fr", "es"):
        assert (demo / f"po/{loc}.po").exists()


def test_po_output_passes_msgfmt(demo: Path, engine: CT2Translator) -> None:
    msgfmt = need_tool("msgfmt")
    run(demo, engine, final=True)
    for loc in ("de", "fr", "es"):
        r = subprocess.run([msgfmt, "--check-format", "--check-header", "-o", "/dev/null", str(demo / f"po/{loc}.po")],
                           capture_output=True, text=True)
        assert r.returncode == 0, r.stderr


def test_final_entries_pass_every_error_check(demo: Path, engine: CT2Translator) -> None:
    from localize.audit import audit_files
    run(demo, engine, final=True)
    errors = [i for i in audit_files([str(demo / f"po/{loc}.po") for loc in ("de", "fr", "es")], None, None)
              if i.severity == "error"]
    assert errors == []


def test_rerun_with_nothing_changed_does_no_engine_work(demo: Path, engine: CT2Translator) -> None:
    run(demo, engine)
    snapshot = {p: p.read_bytes() for p in demo.rglob("*") if p.is_file() and ".localize" not in str(p)}
    calls = engine.calls
    res = run(demo, engine)
    assert engine.calls == calls and res.written == [] and not res.items
    assert snapshot == {p: p.read_bytes() for p in demo.rglob("*") if p.is_file() and ".localize" not in str(p)}


def test_stale_source_is_retranslated_but_human_edits_are_kept(demo: Path, engine: CT2Translator) -> None:
    run(demo, engine)
    src = demo / "i18n/en.json"
    data = json.loads(src.read_text())
    data["nav"]["today"] = "Due today"
    data["errors"]["generic"] = "Something broke. Try again later."
    src.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    es = demo / "i18n/es.json"
    es_data = json.loads(es.read_text())
    es_data["errors"]["generic"] = "Algo salió mal (revisado por un humano)."
    es.write_text(json.dumps(es_data, indent=2, ensure_ascii=False) + "\n")
    res = run(demo, engine)
    touched = {(it.job.locale, it.segment.key) for it in res.items if it.job.rel.startswith("i18n")}
    assert ("es", "nav.today") in touched and ("de", "nav.today") in touched
    assert ("es", "errors.generic") not in touched                              # a human edited it
    assert json.loads(es.read_text())["errors"]["generic"] == "Algo salió mal (revisado por un humano)."


def test_dry_run_writes_nothing(demo: Path, engine: CT2Translator) -> None:
    before = {p: p.read_bytes() for p in demo.rglob("*") if p.is_file()}
    res = run(demo, engine, dry_run=True)
    assert res.diffs and "+msgstr" in res.diffs["po/de.po"]
    after = {p: p.read_bytes() for p in demo.rglob("*") if p.is_file() and ".localize" not in str(p)}
    assert after == {p: b for p, b in before.items()}


def test_keep_going_lists_failures(demo: Path, engine: CT2Translator) -> None:
    (demo / "i18n/fr.json").write_text('{\n  "app": {\n    "title": "x",\n  }\n}\n')
    with pytest.raises(ParseError, match=r"fr.json:4"):
        run(demo, engine)
    res = run(demo, engine, keep_going=True)
    assert any("fr.json:4" in e for e in res.errors)
    assert "po/fr.po" in res.written and (demo / "i18n/fr.json").read_text().startswith('{\n  "app"')


def test_engine_failure_loses_nothing(demo: Path, engine: CT2Translator, monkeypatch: pytest.MonkeyPatch) -> None:
    import localize.pipeline as pl
    monkeypatch.setattr(pl, "CHUNK", 20)
    real = engine.translate
    state = {"n": 0}

    def flaky(reqs: list[Request], n_best: int = 1) -> list[list[str]]:
        state["n"] += 1
        if state["n"] == 3:
            raise EngineError("simulated engine crash")
        return real(reqs, n_best)

    monkeypatch.setattr(engine, "translate", flaky)
    before = (demo / "po/de.po").read_bytes()
    with pytest.raises(EngineError):
        run(demo, engine)
    assert (demo / "po/de.po").read_bytes() == before                 # no half-written file
    settings = load(demo / "localize.toml")
    with Memory(settings.resolve(settings.memory)) as mem:
        kept = sum(v for k, v in mem.stats().items() if k.endswith(" machine"))
    assert kept >= 10                                                 # the finished chunk is kept
    monkeypatch.setattr(engine, "translate", real)
    res = run(demo, engine)
    assert sum(st.from_memory for st in res.stats.values()) >= kept   # and reused on the next run


def test_missing_or_broken_model(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="model directory not found"):
        CT2Translator(tmp_path / "nope")
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "localize-model.json").write_text(json.dumps({"name": "b", "source_languages": ["en"],
                                                            "target_languages": ["de"]}))
    with pytest.raises(ModelError, match="missing config.json, model.bin, sentencepiece.model"):
        CT2Translator(broken)


def test_cli_translate_demo_and_report(demo: Path) -> None:
    """What `make translate` runs, through the console script: exit 0, files and a report."""
    import sys
    r = subprocess.run([sys.executable, "-m", "localize", "translate", "--report", "report", "--quiet"],
                       cwd=demo, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "de:" in r.stdout and (demo / "report/report.html").exists()
    r = subprocess.run([sys.executable, "-m", "localize", "translate", "--json"], cwd=demo, capture_output=True, text=True)
    summary = json.loads(r.stdout)
    assert summary["engine_calls"] == 0 and summary["written"] == []


def test_glossary_diff_end_to_end(demo: Path, engine: CT2Translator) -> None:
    from localize.glossary_diff import run_diff
    git = need_tool("git")
    run(demo, engine)
    env = ["-c", "user.email=ci@example.org", "-c", "user.name=ci"]
    subprocess.run([git, "init", "-q"], cwd=demo, check=True)
    subprocess.run([git, "add", "-A"], cwd=demo, check=True)
    subprocess.run([git, *env, "commit", "-qm", "demo"], cwd=demo, check=True)
    g = demo / "glossaries/terms.csv"
    g.write_text(g.read_text().replace("task,Aufgabe,", "task,Vorgang,"))
    md, html = run_diff(load(demo / "localize.toml"), None, None, engine)
    assert "| task | changed | de: Aufgabe" in md
    rows = [ln for ln in md.splitlines() if ln.startswith("| de |")]
    assert rows and all(" | fr |" not in r for r in rows)
    assert sum("Vorgang" in r.split("|")[5] for r in rows) >= len(rows) * 0.9  # the new term is used
    assert "<del>" in html or "<ins>" in html
    # which rows the next translate writes (localize's own output) and which are people's (--overwrite only)
    de = {(e.msgctxt, e.msgid): e for e in polib.pofile(str(demo / "po" / "de.po"))}
    checked = 0
    for r in (r for r in rows if "po/de.po" in r):
        source = r.split(" | ")[2]
        entry = next((e for (c, m), e in de.items() if m == source), None)
        if entry is not None:
            ours = "localize:" in entry.tcomment or not (entry.msgstr or any(entry.msgstr_plural.values()))
            assert r.rstrip(" |").endswith("writes it") == ours, r
            checked += 1
    assert checked


def test_language_code_values_become_the_target_locale(engine: CT2Translator) -> None:
    from localize.plurals import locale_code_for
    from localize.texts import translate_texts
    assert translate_texts(engine, ["en", "EN"], "pt_BR") == ["pt-BR", "PT-BR"]
    assert locale_code_for("en_US", "en_US", "fr_CA") == "fr_CA"
    assert locale_code_for("English", "en", "de") is None


def test_human_translations_in_the_project_are_reused_across_files(tmp_path: Path, engine: CT2Translator) -> None:
    (tmp_path / "po").mkdir()
    (tmp_path / "i18n").mkdir()
    (tmp_path / "po/de.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: de\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Save the current list"\nmsgstr "Aktuelle Liste sichern"\n\n'
        'msgid "Close"\nmsgstr "Close"\n')
    (tmp_path / "i18n/en.json").write_text('{"save": "Save the current list", "close": "Close"}\n')
    (tmp_path / "localize.toml").write_text(
        '[project]\nsource = "en"\ntargets = ["de"]\n\n[[resources]]\npath = "po/{locale}.po"\n\n'
        '[[resources]]\npath = "i18n/{locale}.json"\n')
    res = run(tmp_path, engine)
    data = json.loads((tmp_path / "i18n/de.json").read_text())
    assert data["save"] == "Aktuelle Liste sichern"  # the person's wording, not the model's
    assert res.stats["de"].from_memory == 1
    assert data["close"] != ""  # an English copy in a target file is not taken as a translation


def test_json_pipe_plural_forms_survive(tmp_path: Path, engine: CT2Translator) -> None:
    """vue-i18n / Docusaurus keep plural forms apart with "|": each form is translated on its own."""
    (tmp_path / "locales").mkdir()
    (tmp_path / "locales/en.json").write_text(
        '{"apples": "no apples | one apple | {count} apples", "posts": "One post|{count} posts"}\n')
    (tmp_path / "localize.toml").write_text(
        '[project]\nsource = "en"\ntargets = ["fr"]\n\n[[resources]]\npath = "locales/{locale}.json"\n')
    run(tmp_path, engine)
    data = json.loads((tmp_path / "locales/fr.json").read_text())
    assert data["apples"].count(" | ") == 2 and data["apples"].endswith("{count} " + data["apples"].split("{count} ")[-1])
    assert data["posts"].count("|") == 1 and "{count}" in data["posts"].split("|")[1]


def test_vue_i18n_linked_messages_and_bare_names_come_back_unchanged(tmp_path: Path, engine: CT2Translator) -> None:
    """vue-i18n linked messages (@:key, @.lower:key) are keys, not text: n8n's bundle had them translated
    ("Verzeichnis :_reusableBaseText.save", "@:_reusableBaseText.rolen.editor") and written. A string that
    is one name (a file name, a CamelCase identifier) is copied, not sent to the engine."""
    (tmp_path / "locales").mkdir()
    (tmp_path / "locales/en.json").write_text(json.dumps({
        "_base": {"save": "Save", "roles": {"editor": "Editor"}},
        "saveButton": "@:_base.save", "role": "@:_base.roles.editor",
        "hint": "Press @.lower:_base.save to keep your changes", "file": "App.ts", "type": "DateTime"}))
    (tmp_path / "localize.toml").write_text(
        '[project]\nsource = "en"\ntargets = ["de"]\n\n[[resources]]\npath = "locales/{locale}.json"\n')
    run(tmp_path, engine)
    data = json.loads((tmp_path / "locales/de.json").read_text())
    assert data["saveButton"] == "@:_base.save" and data["role"] == "@:_base.roles.editor"
    assert "@.lower:_base.save" in data["hint"] and data["hint"] != "Press @.lower:_base.save to keep your changes"
    assert data["file"] == "App.ts" and data["type"] == "DateTime"


def test_characters_outside_the_model_vocabulary_survive(engine: CT2Translator) -> None:
    """Emoji, €, ², ™ are not in the default model's sentencepiece vocabulary (© is): they must not become ⁇."""
    from localize.texts import translate_texts
    assert engine._is_oov("🎉") and engine._is_oov("™") and not engine._is_oov("©")
    text, runs = engine.shield("🎉 Done ⟦0⟧ ™ © 2024")
    assert text == "⟦1⟧ Done ⟦0⟧ ⟦2⟧ © 2024" and runs == [("⟦1⟧", "🎉"), ("⟦2⟧", "™")]
    assert engine.unshield("⟦1⟧ Fertig ⟦2⟧", runs) == "🎉 Fertig ™"
    assert engine.unshield("Fertig ⟦2⟧ ⟦2⟧", runs) == "Fertig ⟦2⟧ ⟦2⟧ ⟦1⟧"  # lost or doubled: for the mask check
    out = translate_texts(engine, ["🎉 All done!", "Copyright © 2024 Example Inc.", "Price: €10", "Example™ Cloud"], "de")
    assert "🎉" in out[0] and "©" in out[1] and "€10" in out[2] and "™" in out[3]
    assert not any("\u2047" in o for o in out)


def test_device_auto_picks_cuda_and_int8_float16_when_a_gpu_is_visible(monkeypatch: pytest.MonkeyPatch) -> None:
    import ctranslate2

    from localize.engine.ct2 import pick_device
    assert pick_device("auto", "auto")[0] == ("cuda" if ctranslate2.get_cuda_device_count() else "cpu")
    if not ctranslate2.get_cuda_device_count():
        assert pick_device("auto", "auto") == ("cpu", "int8")
    monkeypatch.setattr(ctranslate2, "get_cuda_device_count", lambda: 1)
    monkeypatch.setattr(ctranslate2, "get_supported_compute_types",
                        lambda dev: {"float32", "float16", "int8_float16", "int8"} if dev == "cuda" else {"int8"})
    assert pick_device("auto", "auto") == ("cuda", "int8_float16")
    assert pick_device("cpu", "auto") == ("cpu", "int8")
    assert pick_device("auto", "float16") == ("cuda", "float16")
    monkeypatch.setattr(ctranslate2, "get_cuda_device_count", lambda: 0)
    with pytest.raises(ModelError, match="sees no CUDA GPU"):
        pick_device("cuda", "auto")
    with pytest.raises(ModelError, match="unknown device 'tpu'"):
        pick_device("tpu", "auto")


def test_i18next_v3_plurals_end_to_end(tmp_path: Path, engine: CT2Translator) -> None:
    (tmp_path / "locales").mkdir()
    (tmp_path / "locales/en.json").write_text('{"files": "{{count}} file", "files_plural": "{{count}} files"}\n')
    (tmp_path / "localize.toml").write_text(
        '[project]\nsource = "en"\ntargets = ["de", "fr"]\n\n[[resources]]\npath = "locales/{locale}.json"\n')
    run(tmp_path, engine)
    de = json.loads((tmp_path / "locales/de.json").read_text())
    assert list(de) == ["files", "files_plural"] and all("{{count}}" in v for v in de.values())
    assert sum(st.translated for st in run(tmp_path, engine).stats.values()) == 0  # re-run: nothing left


def test_units_are_lines_sentences_and_clauses_never_past_the_model_input(engine: CT2Translator) -> None:
    from localize.selection import MAX_PIECE, split_text
    text = "Usage: tool [OPTION]...\vExamples:\n  tool -x  # run\n"
    assert split_text(text) == [("", "Usage: tool [OPTION]..."), ("\v", "Examples:"), ("\n  ", "tool -x  # run"),
                                ("\n", "")]
    long = " ".join(["the manager lists the files, folders and <a href=\"x y\">links</a> of the directory"] * 20)
    pieces = split_text(long)
    assert "".join(sep + p for sep, p in pieces) == long
    assert all(len(p) <= MAX_PIECE for _s, p in pieces) and all('<a href="x y">' in p for _s, p in pieces
                                                                     if "<a href" in p)
    from localize.texts import translate_texts
    out = translate_texts(engine, [long], "de")[0]
    assert len(out.split()) > 0.6 * len(long.split())  # nothing silently cut off at the model's input limit


def test_paths_keep_the_projects_locale_spelling_and_failures_are_not_forgotten(tmp_path: Path,
                                                                               engine: CT2Translator) -> None:
    """locales/en-US/ stays en-US (not en_US); a locale the model lacks gets no empty file, and its
    error comes back on every run instead of being recorded as done."""
    (tmp_path / "locales/en-US").mkdir(parents=True)
    (tmp_path / "locales/en-US/common.json").write_text('{"hello": "Hello world"}\n')
    (tmp_path / "localize.toml").write_text(
        '[project]\nsource = "en-US"\ntargets = ["de-DE", "sv-SE"]\n\n[[resources]]\npath = "locales/{locale}/common.json"\n')
    first = run(tmp_path, engine)
    assert (tmp_path / "locales/de-DE/common.json").exists()
    assert not (tmp_path / "locales/sv-SE").exists() and not (tmp_path / "locales/sv_SE").exists()
    assert any("sv_SE" in e for e in first.errors)
    again = run(tmp_path, engine)
    assert any("sv_SE" in e for e in again.errors) and "de_DE" not in again.stats  # de-DE: nothing to do


def test_piecewise_fallback_never_drops_a_shielded_symbol() -> None:
    from localize.pipeline import _symbols_kept
    assert _symbols_kept("Copyright © 2024", "Copyright © 2024") and not _symbols_kept("Copyright © 2024", "Copyright 2024")
    assert not _symbols_kept("x² and \x02bold\x02", "x und fett") and _symbols_kept("cost + tax", "Kosten und Steuer")


@pytest.mark.parametrize("project,name", [
    ("apt 2.6.1", "apt"), ("GNU tar 1.34", "tar"), ("dpkg 1.21.22", "dpkg"), ("gnome-calculator master", "gnome-calculator"),
    ("xfce4-terminal 1.1.0", "xfce4-terminal"), ("PACKAGE VERSION", None), ("Sweet Home 3D", None),
    ("GNU make 4.3", None),   # "No rule to make target": an English word its messages use
    ("Sphinx 7.2.6", "Sphinx"), ("Files 43", None),  # capitalized: "Running Sphinx v%s" lost its name in Polish
])
def test_program_name_from_the_catalog_header(project: str, name: str | None) -> None:
    from localize.selection import program_name
    assert program_name(project) == name


def test_a_catalogs_own_program_and_its_commands_are_kept(tmp_path: Path) -> None:
    """apt's catalog: "apt", "apt-get" and a quoted command line starting with them come back as they are."""
    po = tmp_path / "de.po"
    po.write_text('msgid ""\nmsgstr ""\n"Project-Id-Version: apt 2.6.1\\n"\n"Language: de\\n"\n'
                  '"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                  'msgid "Run apt update to refresh the package lists."\nmsgstr ""\n\n'
                  'msgid "Use \'apt-get autoremove\' to remove them."\nmsgstr ""\n')
    r = subprocess.run([sys.executable, "-m", "localize", "translate", "-q", "--no-memory", str(po)],
                       cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    out = {e.msgid: e.msgstr for e in polib.pofile(str(po))}
    assert re.search(r"(?<![\w-])apt(?![\w-])", out["Run apt update to refresh the package lists."])
    assert "apt-get autoremove" in out["Use 'apt-get autoremove' to remove them."]


def test_missing_template_is_an_error_not_nothing_to_do(demo: Path) -> None:
    """A POT that localize.toml names but that is gone: its catalogs would be left as they are with exit 0
    ("Nothing to translate"), which a CI job reads as success.  One line naming the file, exit 2."""
    from click.testing import CliRunner

    from localize.cli import main
    (demo / "po" / "tasklight.pot").unlink()
    before = {p: p.read_bytes() for p in (demo / "po").glob("*.po")}
    import os
    cwd = os.getcwd()
    try:
        os.chdir(demo)
        r = CliRunner().invoke(main, ["translate", "--no-memory"])
    finally:
        os.chdir(cwd)
    assert r.exit_code == 2 and "tasklight.pot: template not found" in r.output
    assert {p: p.read_bytes() for p in (demo / "po").glob("*.po")} == before


def test_glossary_change_refreshes_our_output_with_the_term(demo: Path, engine: CT2Translator) -> None:
    """A term changed in the glossary: localize's own earlier output of strings with that term is translated
    again under the new term (it stayed as it was: `glossary diff` promised a change `translate` never made);
    strings without the term and people's translations are untouched; the memory does not hand back output
    made under the old term; a re-run after that does no engine work."""
    first = run(demo, engine)
    assert first.engine_calls > 0
    de = demo / "po" / "de.po"
    before = {(e.msgctxt, e.msgid): e.msgstr for e in polib.pofile(str(de))}
    terms = demo / "glossaries" / "terms.csv"
    terms.write_text(terms.read_text("utf-8").replace("task,Aufgabe,", "task,Vorgang,"), "utf-8")
    second = run(demo, engine)
    assert second.engine_calls > 0
    after = polib.pofile(str(de))
    ours = [e for e in after if "localize:" in e.tcomment and not e.msgid_plural]
    has_term = re.compile(r"\btasks?\b", re.I)
    with_term = [e for e in ours if has_term.search(e.msgid)]
    assert with_term and all("Vorgang" in e.msgstr for e in with_term), [(e.msgid, e.msgstr) for e in with_term]
    without = [e for e in ours if not has_term.search(e.msgid)]
    assert without and all(e.msgstr == before[(e.msgctxt, e.msgid)] for e in without)
    assert run(demo, engine).engine_calls == 0


def test_final_entries_say_final_in_their_note(demo: Path, engine: CT2Translator) -> None:
    """An entry --final made final no longer tells the reader to "review before release"; a fuzzy one does."""
    run(demo, engine, final=True)
    entries = [e for e in polib.pofile(str(demo / "po" / "de.po")) if "localize:" in e.tcomment]
    final = [e for e in entries if "fuzzy" not in e.flags]
    fuzzy = [e for e in entries if "fuzzy" in e.flags]
    assert final and fuzzy
    assert all("final: passed every check" in e.tcomment and "review before release" not in e.tcomment for e in final)
    assert all("review before release" in e.tcomment for e in fuzzy)
