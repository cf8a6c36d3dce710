"""Installable package and pre-commit hooks, for real: a wheel built from the source tree, installed with
its dependencies into a fresh venv (no checkout on sys.path), translates the demo with the embedded model;
`pre-commit try-repo` installs this repository's hooks into pre-commit's own environment and runs them on
a git project.  Both need the package index (pip); they take a minute or two."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from localize import ci

from .conftest import DEMO, ROOT

PACKAGE_FILES = ("pyproject.toml", "README.md", "localize")


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "GITHUB_ACTIONS")}
    env.update(extra)
    return env


def sh(cmd: list[str], cwd: Path, env: dict[str, str] | None = None, ok: bool = True) -> subprocess.CompletedProcess[str]:
    r = subprocess.run(cmd, cwd=cwd, env=env or clean_env(), capture_output=True, text=True, timeout=1200)
    if ok:
        assert r.returncode == 0, f"{cmd}: {r.stdout[-3000:]}{r.stderr[-3000:]}"
    return r


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built (with pip's build isolation) from a copy of what the package is made of."""
    src, out = tmp_path_factory.mktemp("src"), tmp_path_factory.mktemp("dist")
    for name in PACKAGE_FILES:
        p = ROOT / name
        if p.is_dir():
            shutil.copytree(p, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".*"))
        else:
            shutil.copy(p, src / name)
    sh([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), str(src)], src)
    (whl,) = out.glob("localize-*.whl")
    return whl


def test_wheel_contents_and_size_in_readme(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    package = ROOT / "localize"
    source = {f.relative_to(ROOT).as_posix() for f in package.rglob("*") if f.is_file()
              and not any(part.startswith(".") or part == "__pycache__" for part in f.relative_to(package).parts)}
    assert source - set(names) == set()  # every module and data file: embedded models, schemas, ...
    assert any(n.startswith("localize/models/default/model.bin") for n in names)
    for name in ("translate", "check", "detect", "score"):
        assert f"localize/schemas/{name}.schema.json" in names
    assert not [n for n in names if n.startswith(("tests/", "corpora/", "examples/")) or "__pycache__" in n]
    mb = wheel.stat().st_size / 1e6
    stated = re.search(r"wheel \(`[^`]+`\) is ([\d.]+) MB", (ROOT / "README.md").read_text())
    assert stated, "README states the wheel's size"
    assert abs(float(stated.group(1)) - mb) / mb < 0.1, f"README says {stated.group(1)} MB, the wheel is {mb:.1f} MB"


def test_wheel_in_a_fresh_venv_translates_the_demo(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    sh([sys.executable, "-m", "venv", str(venv)], tmp_path)  # no --system-site-packages: nothing leaks in
    py, exe = venv / "bin" / "python", venv / "bin" / "localize"
    sh([str(py), "-m", "pip", "install", "-q", str(wheel)], tmp_path)  # dependencies from the index
    demo = tmp_path / "demo"
    shutil.copytree(DEMO, demo, ignore=shutil.ignore_patterns("report", ".localize"))
    where = sh([str(py), "-c", "import localize; print(localize.__file__)"], tmp_path).stdout.strip()
    assert where.startswith(str(venv)), where  # the installed package, not the checkout
    models = json.loads(sh([str(exe), "model", "list", "--json"], demo).stdout)
    assert any(m["path"].startswith(str(venv)) and {"de", "ja", "zh_CN"} <= set(m["targets"]) for m in models)
    r = sh([str(exe), "translate", "--report", "report", "--json"], demo)
    data = json.loads(r.stdout)
    assert data["engine_calls"] > 0 and data["model"].startswith("localize-default")
    assert set(data["locales"]) == {"de", "fr", "es", "it", "pt_BR", "ja"}
    assert all(st["translated"] > 0 for st in data["locales"].values())
    for rel in ("po/fr.po", "po/es.po", "i18n/de.json", "messages/es.json", "report/report.html"):
        assert (demo / rel).is_file(), rel
    assert "#, fuzzy" in (demo / "po" / "fr.po").read_text()
    r = sh([str(exe), "check", "po/fr.po", "--json"], demo, ok=False)
    assert r.returncode in (0, 1) and "errors" in json.loads(r.stdout)


# ------------------------------------------------------------------------------ pre-commit

def git(cwd: Path, *args: str) -> str:
    return sh(["git", "-c", "user.name=Dev", "-c", "user.email=dev@example.com", *args], cwd).stdout


def break_placeholder(po: Path) -> None:
    """A person's translation that lost its %d."""
    text = po.read_text()
    assert 'msgstr[1] "%d Aufgaben"' in text
    po.write_text(text.replace('msgstr[1] "%d Aufgaben"', 'msgstr[1] "viele Aufgaben"'))


def test_pre_commit_check_picks_the_projects_resource_files(demo: Path, monkeypatch: pytest.MonkeyPatch,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    """The hook's file filter and result, in-process: package.json, TypeScript .ts, the source bundle and
    the POT are not checked; a broken translation fails the hook; no model is loaded."""
    monkeypatch.chdir(demo)
    (demo / "package.json").write_text('{"name": "tasklight"}\n')
    (demo / "src").mkdir()
    (demo / "src" / "app.ts").write_text("export const x = 1;\n")
    staged = ["package.json", "src/app.ts", "i18n/en.json", "i18n/fr.json", "po/tasklight.pot", "po/de.po"]
    assert ci.resource_files(staged) == ["i18n/fr.json", "po/de.po"]
    assert ci.pre_commit_check(staged) == 0
    assert "0 error(s)" in capsys.readouterr().out
    break_placeholder(demo / "po" / "de.po")
    assert ci.pre_commit_check(staged) == 1
    out = capsys.readouterr().out
    assert "[placeholders]" in out and "4 other staged file(s) skipped" in out
    probe = ("import sys; from localize import ci; code = ci.pre_commit_check(['po/de.po']); "
             "print(code, 'ctranslate2' in sys.modules, 'sentencepiece' in sys.modules)")
    r = subprocess.run([sys.executable, "-c", probe], cwd=demo, capture_output=True, text=True, env=clean_env())
    assert r.stdout.splitlines()[-1] == "1 False False"  # no model, not even its libraries


def test_pre_commit_check_without_a_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    files = {"package.json": "{}", "tsconfig.json": "{}", "src/app.ts": "let a = 1;", "po/app.pot": "",
             "po/de.po": "", "i18n/en.json": "{}", "i18n/de.json": "{}", "notes.txt": ""}
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    assert ci.resource_files(list(files)) == ["po/de.po", "i18n/de.json"]


def test_pre_commit_try_repo_runs_both_hooks(demo: Path, tmp_path: Path) -> None:
    """pre-commit installs this repository (its hooks) into its own virtualenv and runs them on a staged
    change: localize-check fails on a broken placeholder, localize-translate translates and fails because
    it changed files (for the person to review and stage)."""
    pre_commit = shutil.which("pre-commit", path=str(Path(sys.executable).parent)) or shutil.which("pre-commit")
    assert pre_commit, "pre-commit is in the [dev] extra"
    git(demo, "init", "-q", "-b", "main")
    git(demo, "add", ".")
    git(demo, "commit", "-q", "-m", "demo")
    break_placeholder(demo / "po" / "de.po")
    git(demo, "add", "po/de.po")
    env = clean_env(PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"), PRE_COMMIT_COLOR="never")
    r = sh([pre_commit, "try-repo", str(ROOT), "--verbose"], demo, env, ok=False)
    out = r.stdout + r.stderr
    assert r.returncode == 1, out
    assert re.search(r"localize check\.+Failed", out), out
    assert "[placeholders]" in out and "po/de.po:" in out
    assert re.search(r"localize translate\.+Failed", out) and "files were modified by this hook" in out, out
    assert (demo / "po" / "fr.po").is_file() and "#, fuzzy" in (demo / "po" / "fr.po").read_text()
    # the broken human translation is kept: translate never overwrites a person's text
    assert 'msgstr[1] "viele Aufgaben"' in (demo / "po" / "de.po").read_text()
