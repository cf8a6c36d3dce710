"""Driver for tests/test_cluster.py, run inside a private network namespace (loopback only):

    python tests/cluster_run.py kill-node PROJECT

starts a local multi-node Ray cluster (ray.cluster_utils.Cluster: a head without CPUs and two worker nodes
of one CPU each), translates PROJECT on it with the pipeline, kills the second worker node as soon as the
first shard is back, and prints a JSON summary on the last line of stdout."""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any


def kill_node(project: Path) -> dict[str, Any]:
    import ray
    from ray.cluster_utils import Cluster

    from localize.cluster import ClusterEngine, RayExecutor
    from localize.config import load
    from localize.glossary import Glossary, expand
    from localize.memory import Memory
    from localize.pipeline import Options, Pipeline

    fast = {"health_check_initial_delay_ms": 0, "health_check_period_ms": 500, "health_check_failure_threshold": 3}
    cluster = Cluster(initialize_head=True, head_node_args={
        "num_cpus": 0, "include_dashboard": False, "node_ip_address": "127.0.0.1", "_system_config": fast})
    nodes = [cluster.add_node(num_cpus=1, node_ip_address="127.0.0.1") for _ in range(2)]
    cluster.wait_for_nodes()
    ray.init(address=cluster.address, log_to_driver=False, logging_level="warning")
    settings = load(project / "localize.toml")
    paths = [settings.resolve(p) for p in settings.glossaries]
    glossary = Glossary.load(paths, settings.source) if expand(paths) else None
    state: dict[str, Any] = {"killed_at": None, "progress": []}
    t0 = time.monotonic()
    with RayExecutor(cluster.address, settings) as executor:
        started = time.monotonic() - t0

        def progress(done: int, total: int) -> None:
            state["progress"].append(done)
            if state["killed_at"] is None:
                cluster.remove_node(nodes[1], allow_graceful=False)
                state["killed_at"] = done

        with Memory(settings.resolve(settings.memory)) as mem:
            result = Pipeline(settings, ClusterEngine(executor, settings), Options(), memory=mem, glossary=glossary,
                              progress=progress, executor=executor).run()
        summary = {"workers": result.workers, "dead": sorted(executor.names[i] for i in executor.dead),
                   "live": executor.workers, "killed_at": state["killed_at"], "progress": state["progress"],
                   "written": result.written, "start_s": round(started, 1),
                   "run_s": round(time.monotonic() - t0, 1)}
    ray.shutdown()
    cluster.shutdown()
    return summary


if __name__ == "__main__":
    mode, where = sys.argv[1], Path(sys.argv[2])
    if mode != "kill-node":
        raise SystemExit(f"unknown mode {mode}")
    print(json.dumps(kill_node(where)))
