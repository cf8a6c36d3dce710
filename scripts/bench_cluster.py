#!/usr/bin/env python3
"""Cluster and driver-cost benchmark (issue 17).  Figures in README ("Translating on a Ray cluster").

    python scripts/bench_cluster.py driver [--sizes 10000,40000,150000]
        The driver's own cost where no engine runs: a human catalog of N entries from the corpora (Debian
        catalogs, German) is imported into the memory (`localize memory import`), then a new catalog is
        created from the POT with the same msgids and translated: every entry is answered by the memory.
        Prints seconds and peak RSS of the first run after the import and of a repeat run (same catalog
        state as the first: the catalog and lockfile are put back, the memory is kept).

    python scripts/bench_cluster.py cluster [--n 2000] [--shard-size 512]
        Run inside a private network namespace (the script re-executes itself under `unshare -n -p -f`):
        the same project translated (a) in this process, (b) with --cluster auto against a `ray start
        --head` on this machine (RAY_ADDRESS set; connection and worker start-up included), (c)/(d) on one
        and two simulated nodes of one CPU each (ray.cluster_utils.Cluster); every output compared byte
        for byte with (a); the driver's share of each run (its time outside waiting for shards).

Each run is a separate `localize translate` process (wall time, and peak RSS from wait4).
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpora/data/de.tsv.gz"
# held out for independent evaluation: never in a benchmark
RESERVED = {"apt", "dpkg", "gnome-calculator", "sed", "tar", "wget", "xfce4-terminal", "ceph-mgr-dashboard",
            "redmine", "android-platform-frameworks-base", "sogo", "freecol", "qbittorrent", "firefox-esr"}


def po_quote(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t") + '"'


def pairs(limit: int) -> list[tuple[str, str, str]]:
    """(context, msgid, msgstr) of real Debian catalog entries, unique by (context, msgid), each one unit
    the memory can answer (multi-line and multi-sentence entries are translated line by line)."""
    sys.path.insert(0, str(ROOT))
    from localize.protect import mask, mask_pair
    from localize.selection import split_text
    seen: set[tuple[str, str]] = set()
    out: list[tuple[str, str, str]] = []
    with gzip.open(CORPUS, "rt", encoding="utf-8") as fh:
        for line in fh:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 6 or cols[1] in RESERVED or cols[1].startswith("firefox-esr"):
                continue
            ctx, src, tgt = cols[3], cols[4].replace("\\n", "\n"), cols[5].replace("\\n", "\n")
            if not src.strip() or not tgt.strip() or (ctx, src) in seen:
                continue
            # one unit (a line, one sentence) whose placeholders pair up: the memory answers it whole
            pair = mask_pair(src, tgt)
            if len(split_text(src)) != 1 or pair is None or pair[0] != mask(src, "_&").text:
                continue  # (an ALL CAPS source is looked up in sentence case: never a human hit today)
            seen.add((ctx, src))
            out.append((ctx, src, tgt))
            if len(out) >= limit:
                break
    return out


def write_catalog(path: Path, entries: list[tuple[str, str, str]], lang: str, template: bool) -> None:
    head = ('msgid ""\nmsgstr ""\n"Project-Id-Version: bench\\n"\n' + ("" if template else f'"Language: {lang}\\n"\n')
            + '"MIME-Version: 1.0\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
            '"Content-Transfer-Encoding: 8bit\\n"\n'
            + ("" if template else '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n'))
    parts = [head]
    for ctx, src, tgt in entries:
        parts.append((f"msgctxt {po_quote(ctx)}\n" if ctx else "")
                     + f"msgid {po_quote(src)}\nmsgstr {po_quote('' if template else tgt)}\n")
    path.write_text("\n".join(parts), encoding="utf-8")


CPU: dict[str, float] = {}  # CPU seconds (user + system) of the last child: steadier than wall on a shared machine


def run_child(argv: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[float, float, str, str, int]:
    """Wall seconds, peak RSS (MiB, this child alone, from wait4), stdout, stderr, exit code."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    out_f, err_f = proc.stdout, proc.stderr
    assert out_f is not None and err_f is not None
    out, err = out_f.read(), err_f.read()
    _pid, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    CPU["last"] = usage.ru_utime + usage.ru_stime
    return time.perf_counter() - t0, usage.ru_maxrss / 1024, out, err, proc.returncode


def summary_counts(out: str) -> dict[str, int]:
    import re
    m = re.search(r"de: (\d+) translated \((\d+) units from memory\)", out)
    assert m, out[:500]
    return {"translated": int(m.group(1)), "from_memory": int(m.group(2))}


def driver(sizes: list[int], keep: Path | None) -> None:
    allp = pairs(max(sizes))
    print(f"corpus: {len(allp)} unique (context, msgid) German entries from {CORPUS.relative_to(ROOT)}")
    for n in sizes:
        entries = allp[:n]
        base = Path(tempfile.mkdtemp(prefix=f"bench-driver-{n}-"))
        (base / "po").mkdir()
        (base / "human").mkdir()
        write_catalog(base / "po/app.pot", entries, "de", template=True)
        write_catalog(base / "human/de.po", entries, "de", template=False)
        (base / "localize.toml").write_text('[project]\nsource = "en"\ntargets = ["de"]\n\n[[resources]]\n'
                                            'path = "po/{locale}.po"\ntemplate = "po/app.pot"\n')
        argv = [sys.executable, "-m", "localize"]
        imp, _r, _o, err, rc = run_child(argv + ["memory", "import", "human/de.po"], base)
        assert rc == 0, err
        w1, r1, out, err, rc = run_child(argv + ["translate"], base)
        c1 = CPU["last"]
        assert rc in (0, 1), err[-2000:]
        st = summary_counts(out)
        # the repeat run: the same state as the first (new catalog from the POT), the memory as it is now
        (base / "po/de.po").unlink()
        (base / ".localize/lock.json").unlink()
        w2, r2, out2, err, rc = run_child(argv + ["translate"], base)
        c2 = CPU["last"]
        assert rc in (0, 1), err[-2000:]
        print(f"{n:>7} entries: import {imp:5.1f} s | first run {w1:6.2f} s ({c1:6.2f} s CPU), {r1:5.0f} MiB | "
              f"repeat {w2:6.2f} s ({c2:6.2f} s CPU), {r2:5.0f} MiB | {st['translated']} translated, "
              f"{st['from_memory']} units from memory | per 10k: {w1 / n * 1e4:.2f} / {w2 / n * 1e4:.2f} s wall, "
              f"{c1 / n * 1e4:.2f} / {c2 / n * 1e4:.2f} s CPU", flush=True)
        if keep is None:
            shutil.rmtree(base)
        else:
            print(f"         project kept: {base}")


RAY = str(Path(sys.executable).parent / "ray")
NETNS = ["unshare", "-n", "-p", "-f", "--mount-proc", "sh", "-c", 'ip link set lo up && exec "$0" "$@"']


def cluster_project(base: Path, n: int, shard_size: int = 0) -> Path:
    """n real English strings (the corpus's single-unit sources) in a POT, into de and fr; `shard_size`:
    [engine] shard_size (0: the default)."""
    entries = pairs(n)
    (base / "po").mkdir(parents=True)
    write_catalog(base / "po/app.pot", entries, "de", template=True)
    (base / "localize.toml").write_text('[project]\nsource = "en"\ntargets = ["de", "fr"]\n\n[[resources]]\n'
                                        'path = "po/{locale}.po"\ntemplate = "po/app.pot"\n'
                                        + (f"\n[engine]\nshard_size = {shard_size}\n" if shard_size else ""))
    return base


def outputs(root: Path) -> dict[str, bytes]:
    """The files a run wrote, less the PO-Revision-Date header line (the minute the run wrote it)."""
    import re
    stamp = re.compile(rb'^"PO-Revision-Date: [^"]*"\n', re.M)
    return {str(p.relative_to(root)): stamp.sub(b"", p.read_bytes()) for p in sorted(root.rglob("*"))
            if p.is_file() and "memory.sqlite" not in p.name and p.name != "run.lock"}


def timed_run(src: Path, work: Path, extra: list[str], env: dict[str, str] | None = None) -> dict[str, object]:
    shutil.copytree(src, work)
    wall, rss, out, err, rc = run_child([sys.executable, "-m", "localize", "translate", "--json", *extra], work, env)
    if rc not in (0, 1):
        raise SystemExit(f"translate {extra} failed ({rc}): {err[-3000:]}")
    s = json.loads(out)
    t = s["timings"]
    driver = sum(v for k, v in t.items() if k != "engine")
    units = sum(st["engine_units"] for st in s["locales"].values())
    return {"wall": wall, "rss": rss, "timings": t, "workers": s["workers"], "units": units,
            "driver_s": driver, "files": outputs(work)}


def show(name: str, r: dict[str, object], ref: dict[str, object] | None) -> None:
    same = "" if ref is None else ("  output identical" if r["files"] == ref["files"] else "  OUTPUT DIFFERS")
    wall, drv, units = float(r["wall"]), float(r["driver_s"]), int(r["units"])  # type: ignore[arg-type]
    print(f"{name:<34} {wall:7.1f} s wall, {units / wall:6.1f} units/s, driver {drv:5.2f} s "
          f"({drv / units * 1e4:5.2f} s per 10k units, {drv / wall:4.0%} of the run), workers {r['workers']}{same}",
          flush=True)


def cluster(n: int, inside: bool, shard_size: int) -> None:
    if not inside:  # Ray on loopback only: a private network namespace (root), every Ray process ends with it
        argv = NETNS + [sys.executable, str(Path(__file__).resolve()), "cluster", "--n", str(n),
                        "--shard-size", str(shard_size), "--inside"]
        raise SystemExit(subprocess.call(argv, cwd=ROOT))
    import ray  # noqa: F401 - the [cluster] extra
    from ray.cluster_utils import Cluster
    base = Path(tempfile.mkdtemp(prefix="bench-cluster-"))
    src = cluster_project(base / "src", n, shard_size)
    print(f"{n} strings x 2 locales (de, fr), default model, {os.cpu_count()} CPUs on this machine, shard size "
          f"{shard_size or 'default'}", flush=True)
    ref = timed_run(src, base / "local", [])
    show("local (this process)", ref, None)
    # (b) --cluster auto against `ray start --head` on this machine; RAY_ADDRESS names it
    env = dict(os.environ, RAY_ADDRESS="127.0.0.1:6379", RAY_AUTH_MODE="token")  # ray start: token auth
    subprocess.run([RAY, "start", "--head", "--node-ip-address=127.0.0.1", "--port=6379",
                    "--include-dashboard=false", "--disable-usage-stats"], check=True, capture_output=True,
                   env=env)
    try:
        r = timed_run(src, base / "auto", ["--cluster", "auto"], env)
        show("--cluster auto (ray start --head)", r, ref)
        print(f"{'':<34} overhead {float(r['wall']) / float(ref['wall']):.2f}x the local run "  # type: ignore[arg-type]
              "(connection and worker start-up included)", flush=True)
    finally:
        subprocess.run([RAY, "stop", "--force"], capture_output=True, env=env)
    # (c), (d): simulated nodes of one CPU each; the head has none (only the driver runs there)
    c = Cluster(initialize_head=True, head_node_args={"num_cpus": 0, "include_dashboard": False,
                                                      "node_ip_address": "127.0.0.1"})
    try:
        results = []
        for k in (1, 2):
            c.add_node(num_cpus=1, node_ip_address="127.0.0.1")
            c.wait_for_nodes()
            r = timed_run(src, base / f"nodes{k}", ["--cluster", c.address])
            show(f"{k} simulated node(s) of 1 CPU", r, ref)
            results.append(r)
        speedup = float(results[0]["wall"]) / float(results[1]["wall"])  # type: ignore[arg-type]
        print(f"{'':<34} scaling 1 -> 2 nodes: {speedup:.2f}x", flush=True)
    finally:
        c.shutdown()
    shutil.rmtree(base)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="mode", required=True)
    d = sub.add_parser("driver")
    d.add_argument("--sizes", default="10000,40000,150000")
    d.add_argument("--keep", action="store_true", help="keep the generated projects (for profiling)")
    c = sub.add_parser("cluster")
    c.add_argument("--n", type=int, default=2000, help="strings (x2 locales)")
    c.add_argument("--shard-size", type=int, default=512,
                   help="[engine] shard_size of the runs (default 512: a small run, so that both nodes get shards)")
    c.add_argument("--inside", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.mode == "driver":
        driver([int(x) for x in a.sizes.split(",")], Path(".") if a.keep else None)
    else:
        cluster(a.n, a.inside, a.shard_size)


if __name__ == "__main__":
    main()
