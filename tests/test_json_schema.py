"""The --json output of translate, check, detect and score matches the JSON Schemas shipped in the package
(localize/schemas/*.schema.json), which scripts may rely on; the exit codes are the documented ones."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from .conftest import FIXTURES, ROOT

COMMANDS = ("translate", "check", "detect", "score")


def schema(name: str) -> dict[str, Any]:
    return json.loads(resources.files("localize").joinpath(f"schemas/{name}.schema.json").read_text("utf-8"))


def run(args: list[str], cwd: Path, stdin: str | None = None) -> tuple[int, Any]:
    r = subprocess.run([sys.executable, "-m", "localize", *args], cwd=cwd, capture_output=True, text=True,
                       input=stdin, timeout=600)
    assert r.stdout.lstrip().startswith(("{", "[")), r.stdout + r.stderr
    return r.returncode, json.loads(r.stdout)


def valid(name: str, data: Any) -> None:
    jsonschema.Draft202012Validator(schema(name)).validate(data)


@pytest.mark.parametrize("name", COMMANDS)
def test_schemas_are_valid_shipped_and_in_readme(name: str) -> None:
    jsonschema.Draft202012Validator.check_schema(schema(name))
    assert f"localize/schemas/{name}.schema.json" in (ROOT / "README.md").read_text()


def test_translate_json_matches_schema(demo: Path) -> None:
    # an unmeasurable quality gate fails --ci: exit 1 with an error-level issue in the output
    code, data = run(["translate", "--json", "--ci", "--to", "de", "--min-chrf", "30"], demo)
    assert code == 1
    valid("translate", data)
    assert data["written"] and data["issues"][0]["check"] == "quality-gate"
    code, data = run(["translate", "--json", "--dry-run", "--to", "fr"], demo)
    assert code == 0
    valid("translate", data)
    assert data["diffs"] and data["written"] == []
    with pytest.raises(jsonschema.ValidationError):  # the schema has teeth
        valid("translate", {**data, "engine_calls": "1"})


def test_check_json_matches_schema(tmp_path: Path) -> None:
    po = tmp_path / "de.po"
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: de\\n"\n\n'
                  'msgid "Open %s now"\nmsgstr "Jetzt öffnen"\n')
    code, data = run(["check", "--json", "de.po"], tmp_path)
    assert code == 1 and data["errors"] == 1
    valid("check", data)
    fixture = sorted((FIXTURES / "po").glob("*/de.po"))[0]
    shutil.copy(fixture, tmp_path / "fixture.po")
    code, data = run(["check", "--json", "fixture.po"], tmp_path)
    assert code in (0, 1) and (code == 1) == (data["errors"] > 0)
    valid("check", data)


def test_detect_json_matches_schema(demo: Path, tmp_path: Path) -> None:
    po = tmp_path / "de.po"
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: de\\n"\n\n'
                  'msgid "The file could not be opened because it is locked by another process"\n'
                  'msgstr "The file could not be opened because it is locked by another process"\n')
    code, data = run(["detect", "--json", str(po)], demo)
    assert code == 1 and data and data[0]["role"] == "target"
    valid("detect", data)
    code, data = run(["detect", "--json", "po/de.po", "i18n/fr.json"], demo)
    assert code == (1 if data else 0)
    valid("detect", data)
    code, data = run(["detect", "--json", "--lines", "-"], demo, "Die Datei konnte nicht geöffnet werden\nOK\n")
    assert code == 0 and [d["lang"] for d in data][0] == "de"
    valid("detect", data)


def test_score_json_matches_schema(demo: Path) -> None:
    code, data = run(["score", "--json", "--limit", "10", "po/de.po"], demo)
    assert code == 0 and data and data[0]["n"] > 0
    valid("score", data)
    assert {"chrf", "bleu"} <= set(data[0]["scores"])
