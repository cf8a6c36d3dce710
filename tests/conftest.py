from __future__ import annotations

import os
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


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    """A fresh copy of the demo project."""
    dst = tmp_path / "demo"
    shutil.copytree(DEMO, dst, ignore=shutil.ignore_patterns("report", ".localize"))
    return dst


def need_tool(name: str) -> str:
    """Path of an external tool; in CI its absence is a failure, elsewhere a skip."""
    path = shutil.which(name)
    if path is None:
        if IN_CI:
            pytest.fail(f"{name} is required in CI (.ci/run installs it)")
        pytest.skip(f"{name} not installed")
    return path
