"""Regression tests for issue 12, items 1-8, 19 and 21: each test failed before its fix."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from localize import checks
from localize.config import load
from localize.engine import DEFAULT_MODEL_DIR
from localize.engine.ct2 import CT2Translator
from localize.memory import Memory
from localize.pipeline import Options, Pipeline
from localize.protect import mask

from .conftest import machine_rows


@pytest.fixture(scope="module")
def engine() -> CT2Translator:
    return CT2Translator(DEFAULT_MODEL_DIR, beam_size=4)


def run(project: Path, engine: object, **opts: object):  # type: ignore[no-untyped-def]
    settings = load(project / "localize.toml")
    with Memory(settings.resolve(settings.memory)) as mem:
        return Pipeline(settings, engine, Options(**opts), memory=mem).run()  # type: ignore[arg-type]


def cli(cwd: Path, *args: str, **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "localize", *args], cwd=cwd, capture_output=True, text=True,
                          **kw)  # type: ignore[call-overload]


def project(root: Path, toml_extra: str = "", targets: str = '"de"', resources: str = "") -> Path:
    (root / "localize.toml").write_text(
        f'[project]\nsource = "en"\ntargets = [{targets}]\n\n' + (resources or
        '[[resources]]\npath = "i18n/{locale}.json"\n') + toml_extra)
    return root


# ---------------------------------------------------------------------------------------- 1: { name }

@pytest.mark.parametrize("text,span", [
    ("Move to { name }", "{ name }"),
    ("Move to {name }", "{name }"),
    ("You have {{ count }} items", "{{ count }}"),
    ("{ total, number } items", "{ total, number }"),
])
def test_arguments_with_spaces_are_masked(text: str, span: str) -> None:
    assert span in mask(text).spans


@pytest.mark.parametrize("src,tgt", [
    ("Move to { name }", "Aller à { nom }"),
    ("Price: { price }", "Preis: { precio }"),
    ("You have {{ count }} items", "Sie haben {{ anzahl }} Elemente"),
    ("{ count, plural, one {# file in { dir }} other {# files in { dir }} }",
     "{ count, plural, one {# Datei in { ordner }} other {# Dateien in { ordner }} }"),
])
def test_renamed_argument_with_spaces_is_an_error(src: str, tgt: str) -> None:
    from localize.formats import icu
    ctx = checks.Context(target_locale="de", kind="icu" if icu.is_complex(src) else "text")
    assert any(i.severity == "error" for i in checks.check_pair(src, tgt, ctx))
    same = checks.check_pair(src, tgt.replace("nom", "name").replace("precio", "price").replace("anzahl", "count")
                             .replace("ordner", "dir"), ctx)
    assert not [i for i in same if i.check in ("placeholders", "icu")]


def test_check_exits_1_on_a_renamed_spaced_argument(tmp_path: Path) -> None:
    (tmp_path / "en.json").write_text('{"move": "Move to { name }"}\n')
    (tmp_path / "fr.json").write_text('{"move": "Aller à { nom }"}\n')
    r = cli(tmp_path, "check", "--source-file", "en.json", "fr.json")
    assert r.returncode == 1 and "{nom}" in r.stdout


def test_translate_keeps_spaced_arguments(tmp_path: Path, engine: CT2Translator) -> None:
    (tmp_path / "i18n").mkdir()
    (tmp_path / "i18n/en.json").write_text(json.dumps({
        "move": "Move to { name }", "price": "Total price: { price }", "n": "You have {{ count }} new messages",
        "files": "{ count, plural, one {# file in { folder }} other {# files in { folder }} }"}) + "\n")
    project(tmp_path, targets='"de", "fr", "es"')
    run(tmp_path, engine, final=True)
    for loc in ("de", "fr", "es"):
        data = json.loads((tmp_path / f"i18n/{loc}.json").read_text())
        assert "{ name }" in data["move"] and "{ price }" in data["price"], data
        assert "{{ count }}" in data["n"]
        assert data["files"].count("folder") >= 2


# ---------------------------------------------------------------------------------------- 8: "|" in PO

PO_HEAD = 'msgid ""\nmsgstr ""\n"Language: {loc}\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


def test_pipe_in_po_text_is_literal_not_a_plural_separator(tmp_path: Path, engine: CT2Translator) -> None:
    (tmp_path / "po").mkdir()
    for loc in ("de", "fr", "es"):
        (tmp_path / f"po/{loc}.po").write_text(PO_HEAD.format(loc=loc) +
                                               'msgid "cd [-L|[-P [-e]] [-@]] [dir]"\nmsgstr ""\n')
    project(tmp_path, targets='"de", "fr", "es"', resources='[[resources]]\npath = "po/{locale}.po"\n')
    res = run(tmp_path, engine, final=True)
    assert not any("vue-i18n" in i.message for i in res.issues)
    for loc in ("de", "fr", "es"):
        from localize import formats
        seg = formats.load(tmp_path / f"po/{loc}.po").by_id()["cd [-L|[-P [-e]] [-@]] [dir]"]
        assert seg.targets[0].count("|") == 1 and "[-L|[-P [-e]] [-@]]" in seg.targets[0], seg.targets


def test_pipe_check_speaks_of_plural_forms_only_in_json() -> None:
    po_machine = checks.check_pair("cd [-L|[-P]]", "cd [-L||[-P]]", checks.Context(target_locale="de", machine=True))
    assert ("pipes", "error") in [(i.check, i.severity) for i in po_machine]
    assert "vue-i18n" not in po_machine[0].message
    json_ctx = checks.Context(target_locale="de", pipe_forms=True)
    assert any("vue-i18n" in i.message for i in checks.check_pair("One post | Posts", "Beiträge", json_ctx))


# ---------------------------------------------------------------------------------------- 4: file modes

def _mini_json(root: Path, targets: str = '"de"', extra: str = "") -> Path:
    (root / "i18n").mkdir(exist_ok=True)
    (root / "i18n/en.json").write_text('{"open": "Open the file", "close": "Close the window"}\n')
    return project(root, extra, targets=targets)


@pytest.mark.parametrize("umask,want", [(0o022, 0o644), (0o027, 0o640)])
def test_new_files_get_the_umask_mode_existing_keep_theirs(tmp_path: Path, umask: int, want: int) -> None:
    _mini_json(tmp_path, '"de", "fr"')
    (tmp_path / "i18n/fr.json").write_text("{}\n")
    os.chmod(tmp_path / "i18n/fr.json", 0o664)
    r = cli(tmp_path, "translate", "--report", "out", "--quiet", preexec_fn=lambda: os.umask(umask))
    assert r.returncode == 0, r.stderr
    for rel in ("i18n/de.json", "out/report.md", "out/report.html", "out/report.json", ".localize/lock.json"):
        assert (tmp_path / rel).stat().st_mode & 0o777 == want, rel
    assert (tmp_path / "i18n/fr.json").stat().st_mode & 0o777 == 0o664


# ---------------------------------------------------------------------------------------- 7: dry run

def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_dry_run_and_read_only_commands_write_nothing(demo: Path, tmp_path: Path) -> None:
    before = _tree(demo)
    r = cli(demo, "translate", "--dry-run", "--quiet")
    assert r.returncode == 0, r.stderr
    assert "+msgstr" in r.stdout and _tree(demo) == before          # no .localize/, no report/
    assert cli(demo, "translate", "--quiet").returncode == 0          # a real run: memory and lockfile
    (demo / "i18n/en.json").write_text((demo / "i18n/en.json").read_text().replace('"Today"', '"Due today"'))
    before = _tree(demo)
    r = cli(demo, "translate", "--dry-run", "--quiet")
    assert r.returncode == 0 and "b/i18n/de.json" in r.stdout, r.stdout + r.stderr
    assert _tree(demo) == before                                      # memory.sqlite untouched, no -wal/-shm
    assert cli(demo, "memory", "stats").stdout.strip()
    assert _tree(demo) == before
    empty = tmp_path / "empty"
    empty.mkdir()
    r = cli(empty, "memory", "stats")
    assert r.returncode == 0 and list(empty.iterdir()) == []


# ---------------------------------------------------------------------------------------- 6: read-only

def _lock_files(root: Path) -> set[str]:
    lock = root / ".localize/lock.json"
    return set(json.loads(lock.read_text())["entries"]) if lock.exists() else set()


def test_read_only_file_is_one_line_exit_2_and_nothing_written(demo: Path) -> None:
    (demo / "po/fr.po").write_bytes((demo / "po/de.po").read_bytes().replace(b"Language: de", b"Language: fr"))
    os.chmod(demo / "po/fr.po", 0o444)
    before = {k: v for k, v in _tree(demo).items() if not k.startswith(".localize")}
    r = cli(demo, "translate", "--quiet")
    assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "po/fr.po" in r.stderr and "read-only" in r.stderr
    assert {k: v for k, v in _tree(demo).items() if not k.startswith(".localize")} == before
    assert _lock_files(demo) == set()                                 # no record for output never written
    assert "nothing was translated" in r.stderr  # found before the engine ran: nothing in the memory either
    assert machine_rows(demo / ".localize" / "memory.sqlite") == 0


def test_read_only_folder_with_keep_going_writes_the_rest(demo: Path) -> None:
    os.chmod(demo / "i18n", 0o555)
    try:
        r = cli(demo, "translate", "--quiet", "--keep-going")
    finally:
        os.chmod(demo / "i18n", 0o755)
    assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
    assert "i18n/de.json" in r.stderr and "read-only directory" in r.stderr
    assert not (demo / "i18n/de.json").exists() and (demo / "messages/de.json").exists()
    recorded = _lock_files(demo)
    assert "messages/de.json" in recorded and not any(f.startswith("i18n/") for f in recorded)


def test_a_failing_write_is_a_located_error(tmp_path: Path) -> None:
    from localize.errors import WriteError
    from localize.formats._io import atomic_write
    (tmp_path / "file").write_text("x")
    with pytest.raises(WriteError, match="cannot write"):
        atomic_write(tmp_path / "file" / "below.json", b"{}")  # a file where a folder should be


# ---------------------------------------------------------------------------------------- 5: Ctrl-C

def test_ctrl_c_keeps_finished_chunks_in_the_memory(tmp_path: Path) -> None:
    import itertools
    import signal
    import time
    verbs = ["Open", "Close", "Delete", "Rename", "Copy", "Move", "Share", "Print", "Save", "Export", "Import", "Hide"]
    adjs = ["selected", "current", "hidden", "new", "old", "shared", "local", "remote", "first", "last"]
    nouns = ["file", "folder", "window", "message", "account", "picture", "document", "project", "task", "note",
             "report", "calendar", "contact", "playlist", "bookmark"]
    tails = ["", " now", " later"]  # enough chunks that the SIGINT lands mid-run even on a loaded machine
    strings = {f"k{i}": f"{v} the {a} {n}{t}" for i, (v, a, n, t) in
               enumerate(itertools.product(verbs, adjs, nouns, tails))}
    (tmp_path / "i18n").mkdir()
    (tmp_path / "i18n/en.json").write_text(json.dumps(strings) + "\n")
    project(tmp_path)
    db = tmp_path / ".localize/memory.sqlite"
    # a job started in the background (`make test &`, nohup) inherits SIGINT ignored: restore the default
    # so that Python installs its KeyboardInterrupt handler, as in an interactive run
    proc = subprocess.Popen([sys.executable, "-m", "localize", "translate", "--quiet"], cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 120
    while machine_rows(db) == 0 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    assert proc.poll() is None, "the run ended before the first chunk was seen"
    proc.send_signal(signal.SIGINT)
    _out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130 and "interrupted" in err and "Traceback" not in err, err
    kept = machine_rows(db)
    assert 0 < kept < len(strings)                                    # interrupted mid-way, finished work kept
    assert not (tmp_path / "i18n/de.json").exists()                   # no half-written file
    r = cli(tmp_path, "translate", "--json")
    summary = json.loads(r.stdout)
    assert summary["locales"]["de"]["from_memory"] >= kept             # and the re-run does not do it again


# ---------------------------------------------------------------------------------------- 3: charset lies

LATIN1_PO = ('msgid ""\nmsgstr ""\n"Language: de\\n"\n"Content-Type: text/plain; charset=ISO-8859-1\\n"\n\n'
             'msgid "Open file"\nmsgstr "Datei öffnen"\n\nmsgid "Close"\nmsgstr "Schließen"\n\n'
             'msgid "Save"\nmsgstr ""\n')


@pytest.mark.parametrize("data,line", [
    (LATIN1_PO.encode("utf-8"), 7),                                                     # all UTF-8
    (LATIN1_PO.replace("Schließen", "Schliessen").encode("latin-1")
     + 'msgid "Quit"\nmsgstr "Beenden – sofort"\n'.encode("utf-8"), 15),                   # pasted in
])
def test_declared_charset_contradicted_by_the_bytes_is_a_located_error(tmp_path: Path, data: bytes,
                                                                         line: int) -> None:
    from localize import formats
    from localize.errors import ParseError
    (tmp_path / "po").mkdir()
    f = tmp_path / "po/de.po"
    f.write_bytes(data)
    with pytest.raises(ParseError, match="ISO-8859-1.*UTF-8") as exc:
        formats.load(f)
    assert exc.value.line == line and exc.value.path == str(f)
    project(tmp_path, resources='[[resources]]\npath = "po/{locale}.po"\n')
    for args in (["translate", "--quiet"], ["memory", "import", "po/de.po"]):
        r = cli(tmp_path, *args)
        assert r.returncode == 2 and f"de.po:{line}" in r.stderr and "Traceback" not in r.stderr, r.stderr
    assert f.read_bytes() == data
    assert "human" not in cli(tmp_path, "memory", "stats").stdout              # no mojibake in the memory


def test_a_real_latin1_catalog_still_reads(tmp_path: Path) -> None:
    from localize import formats
    f = tmp_path / "de.po"
    f.write_bytes(LATIN1_PO.encode("latin-1"))
    assert formats.load(f).by_id()["Close"].targets == ["Schließen"]


# ---------------------------------------------------------------------------------------- 19: no model

def test_a_locale_without_a_model_writes_nothing_and_the_others_complete(tmp_path: Path) -> None:
    (tmp_path / "po").mkdir()
    (tmp_path / "po/app.pot").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "`"\nmsgstr ""\n\nmsgid "\'"\nmsgstr ""\n\nmsgid "%s"\nmsgstr ""\n\nmsgid "Open the file"\nmsgstr ""\n')
    (tmp_path / "i18n").mkdir()
    (tmp_path / "i18n/en.json").write_text('{"sep": "|", "open": "Open the file"}\n')
    (tmp_path / "i18n/ko.json").write_text('{\n  "sep": "|"\n}\n')
    project(tmp_path, targets='"de", "sw", "ko"', resources='[[resources]]\npath = "po/{locale}.po"\n'
            'template = "po/app.pot"\n\n[[resources]]\npath = "i18n/{locale}.json"\n')
    ko_before = (tmp_path / "i18n/ko.json").read_bytes()
    r = cli(tmp_path, "translate", "--quiet")
    assert r.returncode == 2 and "sw" in r.stderr and "ko" in r.stderr and "Traceback" not in r.stderr, r.stderr
    assert not (tmp_path / "po/sw.po").exists() and not (tmp_path / "po/ko.po").exists()
    assert not (tmp_path / "i18n/sw.json").exists() and (tmp_path / "i18n/ko.json").read_bytes() == ko_before
    assert "Open the file" in (tmp_path / "po/de.po").read_text() and (tmp_path / "i18n/de.json").exists()


# ---------------------------------------------------------------------------------------- 21: exit codes, validation

def test_keep_going_exits_2_after_a_failure(demo: Path) -> None:
    (demo / "i18n/fr.json").write_text('{\n  "app": {\n    "title": "x",\n  }\n}\n')
    for extra in ([], ["--json"]):
        r = cli(demo, "translate", "--keep-going", "--quiet", *extra)
        assert r.returncode == 2 and "fr.json:4" in (r.stderr + r.stdout), r.stderr


@pytest.mark.parametrize("value", ["0", "-3"])
def test_n_best_below_1_is_a_usage_error(tmp_path: Path, value: str) -> None:
    _mini_json(tmp_path)
    r = cli(tmp_path, "translate", "--n-best", value)
    assert r.returncode == 2 and "--n-best" in r.stderr and "Traceback" not in r.stderr and "⟦" not in r.stderr
    assert not (tmp_path / "i18n/de.json").exists()
    from localize.errors import ConfigError
    with pytest.raises(ConfigError, match="n_best"):
        Pipeline(load(tmp_path / "localize.toml"), None, Options(n_best=0))


@pytest.mark.parametrize("extra,message", [
    ('\n[engine]\ndevice = "gpu"\n', r"'device' must be one of auto, cpu, cuda, not 'gpu'"),
    ('\n[engine]\nbeam_size = 0\n', r"'beam_size' must be an integer >= 1"),
    ('\n[engine]\ncompute_type = "int4"\n', r"'compute_type' must be one of"),
    ('\n[[resource]]\npath = "po/{locale}.po"\n', r"unknown section\(s\) resource \(did you mean 'resources'\?\)"),
])
def test_config_values_are_validated_with_the_key_and_choices(tmp_path: Path, extra: str, message: str) -> None:
    from localize.errors import ConfigError
    _mini_json(tmp_path, extra=extra)
    with pytest.raises(ConfigError, match=message):
        load(tmp_path / "localize.toml")
    r = cli(tmp_path, "translate")
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1, r.stderr


def test_quality_gates_name_the_locale_and_never_pass_silently(tmp_path: Path, engine: CT2Translator) -> None:
    import shutil
    from localize.config import Settings
    from .conftest import FIXTURES
    shutil.copy(FIXTURES / "po/psmisc/de.po", tmp_path / "de.po")   # real human translations to hold out
    settings = Settings(root=tmp_path)
    settings.quality.min_chrf = {"de": 99.0}
    res = Pipeline(settings, engine, Options()).run([str(tmp_path / "de.po")])
    gate = [i for i in res.issues if i.check == "quality-gate"]
    assert gate and gate[0].message.startswith("de: chrF ") and "de: chrF" in str(gate[0])
    _mini_json(tmp_path)                                               # no human strings to hold out
    r = cli(tmp_path, "translate", "--ci", "--min-chrf", "99", "--quiet")
    assert r.returncode == 1 and "de: the quality gate" in r.stdout and "cannot be measured" in r.stdout, r.stdout
    (tmp_path / "i18n/de.json").unlink()
    (tmp_path / ".localize/lock.json").unlink()
    r = cli(tmp_path, "translate", "--min-chrf", "99", "--quiet")       # without --ci: a warning, said aloud
    assert r.returncode == 0 and "warning: de: the quality gate" in r.stderr, r.stderr


def test_detect_lines_honours_json(tmp_path: Path) -> None:
    r = cli(tmp_path, "detect", "--lines", "-", "--json", input="Diese Datei konnte nicht geöffnet werden\nOK\n")
    rows = json.loads(r.stdout)
    assert r.returncode == 0 and [row["text"] for row in rows] == ["Diese Datei konnte nicht geöffnet werden", "OK"]
    assert rows[0]["lang"] == "de"


def test_json_bom_is_kept(tmp_path: Path, engine: CT2Translator) -> None:
    bom = b"\xef\xbb\xbf"
    _mini_json(tmp_path, '"de", "fr"')
    (tmp_path / "i18n/en.json").write_bytes(bom + (tmp_path / "i18n/en.json").read_bytes())
    (tmp_path / "i18n/fr.json").write_bytes(bom + b'{\n  "open": "Ouvrir le fichier"\n}\n')
    run(tmp_path, engine)
    fr = (tmp_path / "i18n/fr.json").read_bytes()
    assert fr.startswith(bom) and json.loads(fr.decode("utf-8-sig"))["close"]
    assert (tmp_path / "i18n/de.json").read_bytes().startswith(bom)  # a new bundle follows the source's


# ---------------------------------------------------------------------------------------- 2: provenance

def _records(root: Path) -> dict[str, set[str]]:
    entries = json.loads((root / ".localize/lock.json").read_text())["entries"]
    return {f: set(locs) for f, locs in entries.items()}


def test_two_runs_at_once_keep_both_runs_records(tmp_path: Path) -> None:
    _mini_json(tmp_path, '"de", "fr"')
    procs = [subprocess.Popen([sys.executable, "-m", "localize", "translate", "--to", loc, "--quiet"], cwd=tmp_path,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for loc in ("de", "fr")]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    recs = _records(tmp_path)
    assert recs.get("i18n/de.json") == {"de"} and recs.get("i18n/fr.json") == {"fr"}, recs


def test_losing_the_lockfile_never_turns_machine_output_into_human(tmp_path: Path) -> None:
    _mini_json(tmp_path)
    assert cli(tmp_path, "translate", "--quiet").returncode == 0
    (tmp_path / ".localize/lock.json").unlink()                           # memory kept, lockfile lost
    src = json.loads((tmp_path / "i18n/en.json").read_text())
    (tmp_path / "i18n/en.json").write_text(json.dumps({**src, "new": "Delete the note"}) + "\n")
    r = cli(tmp_path, "translate", "--quiet")
    assert r.returncode == 0 and "lock.json is missing" in r.stderr, r.stderr
    assert "human" not in cli(tmp_path, "memory", "stats").stdout
    import shutil
    shutil.rmtree(tmp_path / ".localize")                                 # a CI clone that ignores .localize
    (tmp_path / "i18n/en.json").write_text(json.dumps({**src, "new": "Delete the old note"}) + "\n")
    assert cli(tmp_path, "translate", "--quiet").returncode == 0
    assert "human" not in cli(tmp_path, "memory", "stats").stdout


def test_memory_filters_rows_it_knows_as_machine_output(tmp_path: Path) -> None:
    from localize.memory import Key
    k = Key("en", "de", "", "Open the file")
    with Memory(tmp_path / "m.sqlite") as mem:
        mem.add_many([(k, "Datei öffnen")], "machine", "some-model@1")
        assert mem.not_machine([(k, "Datei öffnen"), (k, "Öffne die Datei")]) == [(k, "Öffne die Datei")]
