"""Translating on a Ray cluster (localize/cluster.py) with the real embedded model: the same bytes as a
run in this process, a node killed mid-run, a driver killed mid-run, and the one-line error without the
extra.  Every Ray here runs inside a private network and PID namespace (`unshare -n -p -f`, loopback
only): no traffic leaves loopback, and every Ray process ends with the namespace's first process."""
from __future__ import annotations

import itertools
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from localize.config import load
from localize.engine import DEFAULT_MODEL_DIR
from localize.engine.ct2 import CT2Translator
from localize.memory import Memory
from localize.pipeline import Options, Pipeline

from .conftest import machine_rows, need_tool

ROOT = Path(__file__).resolve().parent.parent
SHARD = 25   # units per shard here: many shards from a few hundred strings


@pytest.fixture(scope="module")
def engine() -> CT2Translator:
    return CT2Translator(DEFAULT_MODEL_DIR, beam_size=4)


@pytest.fixture(scope="module")
def netns() -> list[str]:
    """The command prefix that runs a command in a new network namespace with only loopback up, and a new
    PID namespace (its processes end with it); skips where namespaces are not permitted (not root)."""
    pytest.importorskip("ray")
    need_tool("unshare")  # util-linux
    need_tool("ip")       # iproute2 (.ci/run installs it): in CI their absence fails, elsewhere it skips
    probe = subprocess.run(["unshare", "-n", "-p", "-f", "--mount-proc", "sh", "-c", "ip link set lo up"],
                           capture_output=True, text=True)
    if probe.returncode != 0:
        pytest.skip(f"cannot create a private network namespace here (unshare -n needs root): {probe.stderr.strip()}")
    return ["unshare", "-n", "-p", "-f", "--mount-proc", "sh", "-c", 'ip link set lo up && exec "$0" "$@"']


def make_project(root: Path, n: int, extra: str = "") -> Path:
    verbs = ["Open", "Close", "Delete", "Rename", "Copy", "Move", "Share", "Print", "Save", "Export", "Hide", "Pin"]
    adjs = ["selected", "current", "hidden", "new", "old", "shared", "local", "remote", "first", "last"]
    nouns = ["file", "folder", "window", "message", "account", "picture", "document", "project", "task", "note"]
    combos = itertools.islice(itertools.product(verbs, adjs, nouns), n)
    strings = {f"k{i}": f"{v} the {a} {w}" for i, (v, a, w) in enumerate(combos)}
    (root / "i18n").mkdir(parents=True)
    (root / "i18n/en.json").write_text(json.dumps(strings, indent=2) + "\n")
    (root / "localize.toml").write_text('[project]\nsource = "en"\ntargets = ["de", "fr"]\n\n[[resources]]\n'
                                        f'path = "i18n/{{locale}}.json"\n\n[engine]\nshard_size = {SHARD}\n{extra}')
    return root


def outputs(root: Path) -> dict[str, bytes]:
    """Every file the run wrote (the memory and the run lock aside): translations and the lockfile."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and "memory.sqlite" not in p.name and p.name != "run.lock"}


def local_run(root: Path, engine: CT2Translator) -> None:
    settings = load(root / "localize.toml")
    with Memory(settings.resolve(settings.memory)) as mem:
        Pipeline(settings, engine, Options(), memory=mem).run()


def localize_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "localize", *args]


def child_of(pid: int) -> int:
    """The one child process of `pid` (unshare -f forks the namespace's first process)."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # a process that ended meanwhile
        if int(fields[1]) == pid:  # the field after the state: the parent's id
            return int(stat.parent.name)
    raise AssertionError(f"no child of {pid}")


# ---------------------------------------------------------------------------------------- without Ray

def test_cluster_without_the_extra_is_one_line_and_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    from click.testing import CliRunner

    from localize.cli import main
    make_project(tmp_path, 10)
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "ray" else real(name, *a))
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(main, ["translate", "--cluster", "local:2"])
    assert r.exit_code == 2
    assert r.output.strip().splitlines() == ["localize: error: --cluster needs Ray: pip install 'localize[cluster]'"]
    assert not (tmp_path / "i18n/de.json").exists()


@pytest.mark.parametrize("address", ["local:0", "local:two", " "])
def test_a_malformed_cluster_address_is_a_usage_error(tmp_path: Path, address: str,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from localize.cli import main
    make_project(tmp_path, 10)
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(main, ["translate", "--cluster", address])
    assert r.exit_code == 2 and "cluster address" in r.output


def test_engine_cluster_setting(tmp_path: Path) -> None:
    make_project(tmp_path, 1, 'cluster = "ray://head.example:10001"\n')
    s = load(tmp_path / "localize.toml")
    assert s.engine.cluster == "ray://head.example:10001" and s.engine.shard_size == SHARD


# ---------------------------------------------------------------------------------------- on Ray

def test_cluster_run_writes_the_same_bytes(tmp_path: Path, engine: CT2Translator, netns: list[str]) -> None:
    here = make_project(tmp_path / "here", 150)
    shutil.copytree(here, tmp_path / "there")
    local_run(here, engine)
    r = subprocess.run(netns + localize_cmd("translate", "--json", "--cluster", "local:2"), cwd=tmp_path / "there",
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-3000:]
    summary = json.loads(r.stdout)
    assert len(summary["workers"]) == 2 and sum(summary["workers"].values()) == 300   # both workers had shards
    assert summary["engine_calls"] >= 300 // SHARD
    assert outputs(tmp_path / "there") == outputs(here) and "i18n/de.json" in outputs(here)


def test_an_imported_model_directory_reaches_the_workers_through_the_object_store(tmp_path: Path,
                                                                                 netns: list[str]) -> None:
    from localize.engine import load_engine
    shutil.copytree(DEFAULT_MODEL_DIR, tmp_path / "models/mine")     # a model directory outside the package
    here = make_project(tmp_path / "here", 60, 'model = "../models/mine"\n')
    shutil.copytree(here, tmp_path / "there")
    settings = load(here / "localize.toml")
    with Memory(settings.resolve(settings.memory)) as mem:
        Pipeline(settings, load_engine(settings), Options(), memory=mem).run()
    env = dict(os.environ, TMPDIR=str(tmp_path), RAY_TMPDIR="/tmp")   # the model here, Ray's sockets short
    r = subprocess.run(netns + localize_cmd("translate", "--json", "--cluster", "local:1"), cwd=tmp_path / "there",
                       capture_output=True, text=True, timeout=300, env=env)
    assert r.returncode == 0, r.stderr[-3000:]
    shipped = list((tmp_path / "localize-models").iterdir())
    mine = (tmp_path / "models/mine/model.bin").read_bytes()
    assert len(shipped) == 1 and (shipped[0] / "model.bin").read_bytes() == mine
    assert outputs(tmp_path / "there") == outputs(here) and "i18n/fr.json" in outputs(here)


def test_a_node_killed_mid_run_has_its_shards_retried_and_the_output_is_the_same(
        tmp_path: Path, engine: CT2Translator, netns: list[str]) -> None:
    here = make_project(tmp_path / "here", 200)
    shutil.copytree(here, tmp_path / "there")
    local_run(here, engine)
    script = [sys.executable, str(ROOT / "tests/cluster_run.py"), "kill-node", str(tmp_path / "there")]
    r = subprocess.run(netns + script, capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert r.returncode == 0, r.stderr[-3000:]
    summary = json.loads(r.stdout.strip().splitlines()[-1])
    assert summary["killed_at"] is not None and summary["killed_at"] < 400        # killed mid-run
    assert len(summary["dead"]) == 1 and len(summary["live"]) == 1
    assert sum(summary["workers"].values()) == 400 and summary["progress"][-1] == 400
    assert outputs(tmp_path / "there") == outputs(here)


def test_a_driver_killed_mid_run_loses_only_unfinished_shards(tmp_path: Path, engine: CT2Translator,
                                                              netns: list[str]) -> None:
    root = make_project(tmp_path, 600)
    db = root / ".localize/memory.sqlite"
    proc = subprocess.Popen(netns + localize_cmd("translate", "--quiet", "--cluster", "local:2"), cwd=root,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 240
        while machine_rows(db) == 0 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert proc.poll() is None, "the run ended before the first shard was saved: " + proc.stderr.read()[-2000:]
        driver = child_of(proc.pid)                       # the namespace's first process: the localize driver
        os.kill(driver, signal.SIGKILL)                      # every Ray process of the run ends with it
        proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    kept = machine_rows(db)
    assert 0 < kept < 1200                                   # killed mid-way, the finished shards kept
    assert not (root / "i18n/de.json").exists()              # no half-written file
    settings = load(root / "localize.toml")
    with Memory(settings.resolve(settings.memory)) as mem:
        res = Pipeline(settings, engine, Options(), memory=mem).run()
    assert sum(st.from_memory for st in res.stats.values()) == kept   # the rerun does not do them again
    assert sum(st.engine_units for st in res.stats.values()) == 1200 - kept
