"""Every command has --help with an example and is documented in README; bad input is one line, exit 2."""
from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from localize.cli import main

from .conftest import FIXTURES, ROOT


def all_commands(group: click.Group = main, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out = []
    for name, cmd in group.commands.items():
        out.append(prefix + (name,))
        if isinstance(cmd, click.Group):
            out += all_commands(cmd, prefix + (name,))
    return out


@pytest.mark.parametrize("command", all_commands(), ids=" ".join)
def test_every_command_has_help_with_example(command: tuple[str, ...]) -> None:
    r = CliRunner().invoke(main, [*command, "--help"])
    assert r.exit_code == 0, r.output
    assert "Example" in r.output


@pytest.mark.parametrize("command", all_commands(), ids=" ".join)
def test_every_command_is_in_readme(command: tuple[str, ...]) -> None:
    readme = (ROOT / "README.md").read_text()
    assert "localize " + " ".join(command) in readme


def test_help_is_fast() -> None:
    t0 = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "localize", "--help"], capture_output=True, text=True)
    assert r.returncode == 0
    assert time.perf_counter() - t0 < 2.0
    r = subprocess.run([sys.executable, "-c", "import localize.cli, sys; "
                        "print(','.join(m for m in ('ctranslate2','sacrebleu','polib','langdetect','torch') if m in sys.modules))"],
                       capture_output=True, text=True)
    assert r.stdout.strip() == ""  # heavy dependencies are imported lazily


@pytest.mark.parametrize("content,where", [
    ('msgid "a"\nmsgstr "b\n', "bad.po:2"),
    ('msgid "a"\nmsgstr "b"\nmsgid "a"\nmsgstr "c"\n', "bad.po:3"),
])
def test_bad_po_is_one_line_exit_2_and_untouched(tmp_path: Path, content: str, where: str) -> None:
    f = tmp_path / "bad.po"
    f.write_text('msgid ""\nmsgstr ""\n"Language: de\\n"\n\n' + content)
    before = f.read_bytes()
    r = subprocess.run([sys.executable, "-m", "localize", "translate", str(f)], capture_output=True, text=True)
    assert r.returncode == 2
    assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert "bad.po:" in r.stderr and f.read_bytes() == before


def test_broken_config_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "localize.toml").write_text("[project\nsource = 'en'\n")
    r = subprocess.run([sys.executable, "-m", "localize", "translate"], capture_output=True, text=True, cwd=tmp_path)
    assert r.returncode == 2 and "localize.toml" in r.stderr and "Traceback" not in r.stderr
    (tmp_path / "localize.toml").write_text("[[resources]]\npath = 'po/de.po'\n")
    r = subprocess.run([sys.executable, "-m", "localize", "translate"], capture_output=True, text=True, cwd=tmp_path)
    assert r.returncode == 2 and "{locale}" in r.stderr


def test_check_json_output_and_exit_code(tmp_path: Path) -> None:
    f = tmp_path / "de.po"
    f.write_text('msgid ""\nmsgstr ""\n"Language: de\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                 '#, c-format\nmsgid "Delete %s?"\nmsgstr "Löschen?"\n')
    r = CliRunner().invoke(main, ["check", str(f), "--json"])
    assert r.exit_code == 1
    assert '"check": "placeholders"' in r.output


def test_detect_lines(tmp_path: Path) -> None:
    r = CliRunner().invoke(main, ["detect", "--lines", "-"], input="Die Datei konnte nicht geöffnet werden\n%s\n")
    lines = r.output.splitlines()
    assert lines[0].startswith("de\t") and lines[1].startswith("\t")


def test_score_against_references(tmp_path: Path) -> None:
    from .conftest import FIXTURES
    ref = tmp_path / "ref"
    ref.mkdir()
    for name in ("de.po", "fr.po"):
        (ref / name).write_bytes((FIXTURES / "po/psmisc" / name).read_bytes())
    r = CliRunner().invoke(main, ["score", "--against", str(ref), str(FIXTURES / "po/psmisc/de.po"),
                                  str(FIXTURES / "po/findutils/de.po"), "--json"])
    assert r.exit_code == 0, r.output
    import json
    rows = json.loads(r.output)
    assert rows[0]["scores"]["chrf"]["score"] == 100.0          # identical files
    assert rows[1]["scores"]["bleu"]["signature"].startswith("nrefs:1")
    assert rows[-1]["file"] == "(all de)"


def test_check_takes_a_directory() -> None:
    """`localize check po/` checks every catalog under it (as `check po/*.po` would), not "unknown file type"."""
    from localize.formats import expand
    files = expand([str(FIXTURES / "po/psmisc")])
    assert files and all(f.endswith(".po") for f in files)   # the .pot template is not a translation
    r = CliRunner().invoke(main, ["check", str(FIXTURES / "po/psmisc"), "--json"])
    assert r.exit_code in (0, 1) and json.loads(r.output)["issues"] is not None
    assert f"in {len(files)} file(s)" in CliRunner().invoke(main, ["check", str(FIXTURES / "po/psmisc")]).output


def test_check_reports_every_file_when_one_cannot_be_read(tmp_path: Path) -> None:
    """e2fsprogs' id.po declares ISO-8859-1 and holds UTF-8: that file is an error naming its line, and the
    other catalogs of the directory are still checked (exit 2 at the end, not at the first bad file)."""
    good = tmp_path / "de.po"
    good.write_text('msgid ""\nmsgstr ""\n"Language: de\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                    '#, c-format\nmsgid "Delete %s?"\nmsgstr "Löschen?"\n', "utf-8")
    bad = tmp_path / "id.po"
    bad.write_bytes('msgid ""\nmsgstr ""\n"Language: id\\n"\n"Content-Type: text/plain; charset=ISO-8859-1\\n"\n\n'
                    'msgid "File"\nmsgstr "Berkas “x”"\n'.encode("utf-8"))
    r = CliRunner().invoke(main, ["check", str(tmp_path)])
    assert r.exit_code == 2
    assert "placeholders" in r.output and "1 unreadable" in r.output
    assert "id.po:7" in r.output and "ISO-8859-1" in r.output


def test_check_quiet_prints_errors_and_the_summary(tmp_path: Path) -> None:
    """`check -q` printed every warning (807 lines on four-in-a-row's po/); it prints the errors and the summary."""
    import shutil
    from click.testing import CliRunner

    from localize.cli import main
    shutil.copy(FIXTURES / "po" / "plone-volto" / "de.po", tmp_path / "de.po")
    full = CliRunner().invoke(main, ["check", str(tmp_path / "de.po")])
    quiet = CliRunner().invoke(main, ["check", "-q", str(tmp_path / "de.po")])
    assert full.output.splitlines()[-1] == quiet.output.splitlines()[-1]  # the same summary
    assert ": warning: " in full.output and ": warning: " not in quiet.output
    assert ": error: " in quiet.output and full.exit_code == quiet.exit_code == 1
