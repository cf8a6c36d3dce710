from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
PO_FIXTURES = sorted((FIXTURES / "po").glob("*/*.po*"))
JSON_FIXTURES = sorted((FIXTURES / "json").glob("*/*.json"))
DEMO = ROOT / "examples" / "demo"
IN_CI = bool(os.environ.get("CI"))


@pytest.fixture(autouse=True)
def _not_in_github_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    """Under GITHUB_ACTIONS=true the CLI adds workflow commands to its output: the suite runs as anywhere else
    (tests/test_ci.py sets the CI variables it needs itself)."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


DEFAULT_TARGETS = 'targets = ["de", "fr", "es"]'


@pytest.fixture
def demo_all(tmp_path: Path) -> Path:
    """A fresh copy of the demo project as shipped (de, fr, es, it, pt-BR, ja), without its lockfile."""
    dst = tmp_path / "demo"
    shutil.copytree(DEMO, dst, ignore=shutil.ignore_patterns("report", ".localize"))
    return dst


@pytest.fixture
def demo(demo_all: Path) -> Path:
    """The demo limited to the default model's languages (de, fr, es): the pipeline tests drive that one
    model directly; tests/test_models.py runs the whole demo."""
    cfg = demo_all / "localize.toml"
    text, n = re.subn(r"^targets = \[.*\]$", DEFAULT_TARGETS, cfg.read_text(), count=1, flags=re.M)
    assert n == 1
    cfg.write_text(text)
    return demo_all


def need_tool(name: str) -> str:
    """Path of an external tool; in CI its absence is a failure, elsewhere a skip."""
    path = shutil.which(name)
    if path is None:
        if IN_CI:
            pytest.fail(f"{name} is required in CI (.ci/run installs it)")
        pytest.skip(f"{name} not installed")
    return path


def machine_rows(db: Path) -> int:
    """Machine translations in a translation memory, read without locking it (0 before it exists):
    the interruption tests watch a running translate reach its first saved shard."""
    import sqlite3
    if not db.exists():
        return 0
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
    try:
        return int(con.execute("SELECT COUNT(*) FROM tm WHERE origin='machine'").fetchone()[0])
    except sqlite3.Error:
        return 0
    finally:
        con.close()
