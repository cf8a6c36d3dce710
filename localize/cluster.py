"""Translate on a Ray cluster: the only importer of ray (the `[cluster]` extra).

A pool of Ray actors, each loading the model once: one per GPU (`num_gpus=1`) where the cluster has GPUs,
otherwise one per node using all of its cores (`local:N`: N workers of one core on this machine).  The
pipeline hands them shards (shards.py: mask sets in, chosen outputs and confidence evidence out); the
driver reads, selects, deduplicates, assembles and writes, and saves each finished shard to the memory.
A shard whose worker or node dies is run again on another worker; a driver that dies loses only the
shards in flight.

Models reach the workers by one of two paths: an embedded model (inside the installed package) is loaded
from the worker's own installed `localize`; any other model directory (`localize model import`, [models])
is put in Ray's object store once by the driver and written to a temporary folder on each node.

    address: "auto"            the cluster RAY_ADDRESS or a running `ray start` names
             "ray://HOST:PORT" a remote cluster through Ray Client
             "HOST:PORT"       a cluster's GCS address (ray.init(address=...))
             "local:N"         a private Ray on this machine with N workers, bound to 127.0.0.1
"""
from __future__ import annotations

import hashlib
import os
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .engine import EMBEDDED_DIR, DEFAULT_MODEL_DIR, Request, resolve_model
from .errors import ConfigError, EngineError
from .shards import ShardResult, Unit, translate_shard

INSTALL_HINT = "--cluster needs Ray: pip install 'localize[cluster]'"
IN_FLIGHT = 2          # shards queued per worker: one decoding, one waiting (no idle gap between shards)
START_TIMEOUT = 600.0  # seconds for the workers to load their models


def _ray() -> Any:
    try:
        import ray
    except ImportError:
        raise ConfigError(INSTALL_HINT) from None
    return ray


def parse_address(address: str) -> tuple[str, int]:
    """("local", N) for local:N, else (address, 0); a malformed local:N is a ConfigError."""
    a = address.strip()
    if a.startswith("local:"):
        n = a[len("local:"):]
        if not n.isdigit() or int(n) < 1:
            raise ConfigError(f"cluster address {address!r}: local:N needs a number of workers N >= 1")
        return "local", int(n)
    if not a:
        raise ConfigError("cluster address is empty: use auto, ray://HOST:PORT or local:N")
    return a, 0


# ------------------------------------------------------------------ models to the workers
@dataclass
class ModelRef:
    """A model directory as a worker finds it: `embedded` (a path inside the installed package), or the
    files in the object store (`files`: an ObjectRef of {relative path: bytes}) under `digest`."""
    driver_path: str
    embedded: str = ""
    digest: str = ""
    files: Any = None

    def materialize(self) -> Path:
        if self.embedded:
            return EMBEDDED_DIR / self.embedded
        target = Path(tempfile.gettempdir()) / "localize-models" / self.digest
        if not target.is_dir():  # the first actor on a node writes it; the others reuse it
            files: dict[str, bytes] = _ray().get(self.files)
            tmp = Path(tempfile.mkdtemp(prefix=f".{self.digest}-", dir=target.parent if target.parent.is_dir()
                                        else _mkdir(target.parent)))
            for rel, data in files.items():
                (tmp / rel).parent.mkdir(parents=True, exist_ok=True)
                (tmp / rel).write_bytes(data)
            try:
                os.rename(tmp, target)
            except OSError:  # another actor on this node was first
                pass
        return target


def _mkdir(p: Path) -> Path:
    p.mkdir(parents=True, exist_ok=True)
    return p


def ship_model(path: Path, cache: dict[Path, ModelRef]) -> ModelRef:
    """The embedded models by name; any other directory into the object store (once per run)."""
    path = path.resolve()
    if path in cache:
        return cache[path]
    try:
        rel = path.relative_to(EMBEDDED_DIR.resolve())
        ref = ModelRef(str(path), embedded=str(rel))
    except ValueError:
        if not path.is_dir():
            from .errors import ModelError
            raise ModelError(f"{path}: model directory not found") from None
        files = {str(f.relative_to(path)): f.read_bytes() for f in sorted(path.rglob("*")) if f.is_file()}
        h = hashlib.sha256()
        for rel_name, data in files.items():
            h.update(rel_name.encode() + b"\0" + hashlib.sha256(data).digest())
        ref = ModelRef(str(path), digest=h.hexdigest()[:24], files=_ray().put(files))
    cache[path] = ref
    return ref


@dataclass
class EngineSpec:
    """What a worker needs to build the same engine as a local run: the settings with every model
    directory replaced by its ModelRef, and the run's device options."""
    settings: Any
    main: ModelRef
    per_model: dict[str, ModelRef] = field(default_factory=dict)   # [models] key -> model
    device: str | None = None
    compute_type: str | None = None


def engine_spec(settings: Any, device: str | None, model: str | None) -> EngineSpec:
    e = settings.engine
    cache: dict[Path, ModelRef] = {}
    main = ship_model(resolve_model(model or e.model, e.models, settings.root), cache)
    per = {k: ship_model(resolve_model(v, {}, settings.root), cache) for k, v in e.models.items()}
    return EngineSpec(settings, main, per, device, compute_type=None)


class Worker:
    """The Ray actor: loads the engine once, then translates shards (shards.translate_shard)."""

    def __init__(self, spec: EngineSpec, name: str, threads: int) -> None:
        from .engine import load_engine
        s, e = spec.settings, spec.settings.engine
        main = spec.main.materialize()
        models = {k: str(ref.materialize()) for k, ref in spec.per_model.items()}
        main_name = "default" if spec.main.embedded and (EMBEDDED_DIR / spec.main.embedded) == DEFAULT_MODEL_DIR \
            else str(main)
        eng = replace(e, model=main_name, models=models, intra_threads=e.intra_threads or threads)
        self.engine = load_engine(replace(s, engine=eng), device=spec.device, compute_type=spec.compute_type)
        self.name = name

    def info(self) -> dict[str, Any]:
        return {"name": self.name, "device": str(getattr(self.engine, "device", "cpu")),
                "model_id": self.engine.model_id, "pid": os.getpid()}

    def shard(self, index: int, units: list[Unit], n_best: int, source: str) -> ShardResult:
        t0 = time.perf_counter()
        before = int(getattr(self.engine, "calls", 0))
        outcomes = translate_shard(self.engine, units, n_best, source)
        return ShardResult(index, outcomes, self.name, time.perf_counter() - t0,
                           int(getattr(self.engine, "calls", 0)) - before)

    def translate(self, requests: list[Request], n_best: int) -> tuple[list[list[str]], int]:
        before = int(getattr(self.engine, "calls", 0))
        out = self.engine.translate(requests, n_best)
        return out, int(getattr(self.engine, "calls", 0)) - before


# ------------------------------------------------------------------ the pool
def _plan(ray: Any, workers_per_node: int, device: str | None) -> list[dict[str, Any]]:
    """Actor options: one per GPU where the cluster has GPUs (unless device is cpu), else one per node
    with all its CPUs (local:N: N of one CPU each), each pinned to its node."""
    from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy
    nodes = [n for n in ray.nodes() if n.get("Alive")]
    gpus = sum(int(n["Resources"].get("GPU", 0)) for n in nodes)
    plans: list[dict[str, Any]] = []
    for n in sorted(nodes, key=lambda n: n["NodeID"]):
        res = n["Resources"]
        pin = NodeAffinitySchedulingStrategy(n["NodeID"], soft=False)
        if gpus and device != "cpu":
            for _ in range(int(res.get("GPU", 0))):
                plans.append({"num_gpus": 1, "num_cpus": 1 if res.get("CPU", 0) >= 1 else 0,
                              "scheduling_strategy": pin, "threads": 1, "node": n["NodeID"]})
            continue
        cpus = int(res.get("CPU", 0))
        if cpus < 1:
            continue  # a head node kept free of work (num_cpus=0)
        k = min(workers_per_node, cpus) if workers_per_node else 1
        for _ in range(k):
            plans.append({"num_cpus": cpus // k, "scheduling_strategy": pin, "threads": cpus // k,
                          "node": n["NodeID"]})
    return plans


class RayExecutor:
    """shards.Executor on a pool of Ray actors, with failover: a shard whose actor died (its node lost,
    its process killed) goes back in the queue for the others."""

    def __init__(self, address: str, settings: Any, device: str | None = None, model: str | None = None) -> None:
        where, n = parse_address(address)
        self.private = where == "local"
        ray = _ray()
        self.ray = ray
        if ray.is_initialized():
            pass  # a caller (a test, a notebook) connected already
        elif self.private:
            # address="local": a new Ray of our own even when RAY_ADDRESS is set; nodes on 127.0.0.1
            ray.init(address="local", num_cpus=n, include_dashboard=False, _node_ip_address="127.0.0.1",
                     log_to_driver=False, logging_level="warning")
        else:
            try:
                ray.init(address=where, log_to_driver=False, logging_level="warning")
            except (ConnectionError, RuntimeError, ValueError) as exc:
                hint = ("" if os.environ.get("RAY_AUTH_MODE") else "; a cluster with token authentication (what "
                        "`ray start` sets up by default) needs RAY_AUTH_MODE=token and its token here")
                raise ConfigError(f"cannot connect to the Ray cluster {address!r}: {exc}{hint}") from None
        self.spec = engine_spec(settings, device, model)
        self.actors: dict[int, Any] = {}
        self.names: dict[int, str] = {}
        self.dead: set[int] = set()
        self._calls = 0
        self._device = "cpu"
        self._start(n if self.private else 0, device)

    def _start(self, per_node: int, device: str | None) -> None:
        ray = self.ray
        remote = ray.remote(Worker)
        plans = _plan(ray, per_node, device)
        if not plans:
            raise EngineError("the Ray cluster has no CPU or GPU to run a worker on")
        for i, p in enumerate(plans):
            name = f"w{i}@{p['node'][:8]}"
            opts = {k: v for k, v in p.items() if k not in ("threads", "node")}
            self.actors[i] = remote.options(max_restarts=0, max_concurrency=1, **opts).remote(
                self.spec, name, p["threads"])
            self.names[i] = name
        infos = {i: a.info.remote() for i, a in self.actors.items()}
        deadline = time.monotonic() + START_TIMEOUT
        errors: list[str] = []
        for i, ref in infos.items():
            try:
                info = ray.get(ref, timeout=max(1.0, deadline - time.monotonic()))
                self._device = info["device"]
            except ray.exceptions.GetTimeoutError:
                errors.append(f"{self.names[i]}: not started within {START_TIMEOUT:.0f} s")
                self.dead.add(i)
            except ray.exceptions.RayError as exc:
                errors.append(f"{self.names[i]}: {_cause(exc)}")
                self.dead.add(i)
        if len(self.dead) == len(self.actors):
            raise EngineError("no Ray worker could load the model: " + "; ".join(errors[:3]))

    @property
    def device(self) -> str:
        return self._device

    @property
    def calls(self) -> int:
        return self._calls

    @property
    def workers(self) -> list[str]:
        return [self.names[i] for i in self.actors if i not in self.dead]

    def _live(self) -> list[int]:
        return [i for i in self.actors if i not in self.dead]

    def run(self, shards: list[list[Unit]], n_best: int, source: str) -> Iterator[ShardResult]:
        """Yields each shard's result as it finishes; IN_FLIGHT shards per live worker at a time."""
        ray = self.ray
        queue = deque(range(len(shards)))
        refs = [ray.put(units) for units in shards]  # put once: a retried shard is not sent again
        inflight: dict[Any, tuple[int, int]] = {}
        load = {i: 0 for i in self.actors}
        try:
            while queue or inflight:
                for depth in range(1, IN_FLIGHT + 1):  # round-robin: every worker gets a shard before any a second
                    for i in self._live():
                        if queue and load[i] < depth:
                            k = queue.popleft()
                            inflight[self.actors[i].shard.remote(k, refs[k], n_best, source)] = (k, i)
                            load[i] += 1
                if not inflight:
                    raise EngineError("every Ray worker died; the finished shards are in the memory")
                ready, _ = ray.wait(list(inflight), num_returns=1)
                for ref in ready:
                    k, i = inflight.pop(ref)
                    load[i] -= 1
                    try:
                        res: ShardResult = ray.get(ref)
                    except (ray.exceptions.RayActorError, ray.exceptions.WorkerCrashedError,
                            ray.exceptions.NodeDiedError, ray.exceptions.ObjectLostError,
                            ray.exceptions.LocalRayletDiedError):
                        self.dead.add(i)   # its other shards fail the same way and are queued again too
                        queue.appendleft(k)
                        continue
                    except ray.exceptions.RayTaskError as exc:
                        raise EngineError(f"shard {k} failed on {self.names[i]}: {_cause(exc)}") from None
                    self._calls += res.calls
                    yield res
        finally:
            for ref in inflight:
                ray.cancel(ref, force=False)

    def translate(self, requests: list[Request], n_best: int = 1) -> list[list[str]]:
        """One engine call on one worker (quality-gate canaries), retried on another if it dies."""
        ray = self.ray
        for i in self._live():
            try:
                out, calls = ray.get(self.actors[i].translate.remote(requests, n_best))
            except (ray.exceptions.RayActorError, ray.exceptions.WorkerCrashedError, ray.exceptions.NodeDiedError):
                self.dead.add(i)
                continue
            except ray.exceptions.RayTaskError as exc:
                raise EngineError(f"translation failed on {self.names[i]}: {_cause(exc)}") from None
            self._calls += calls
            return out  # type: ignore[no-any-return]
        raise EngineError("every Ray worker died")

    def close(self) -> None:
        for a in self.actors.values():
            try:
                self.ray.kill(a)
            except Exception:  # noqa: BLE001 - an actor already gone
                pass
        self.actors.clear()
        if self.private:
            self.ray.shutdown()

    def __enter__(self) -> RayExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _cause(exc: Exception) -> str:
    cause = getattr(exc, "cause", None)
    text = str(cause if cause is not None else exc).strip().splitlines()
    return text[-1] if text else type(exc).__name__


class ClusterEngine:
    """The driver's Translator: model ids and language support from the model cards (nothing is loaded
    here), translation on the pool."""

    def __init__(self, executor: RayExecutor, settings: Any, model: str | None = None) -> None:
        from .engine import load_engine
        self.executor = executor
        self.cards = load_engine(settings, model=model, lazy=True)  # cards only: never loaded on the driver
        self.beam_size = settings.engine.beam_size

    @property
    def model_id(self) -> str:
        return self.cards.model_id

    @property
    def device(self) -> str:
        return self.executor.device

    @property
    def calls(self) -> int:
        return self.executor.calls

    def supports(self, source: str, target: str) -> bool:
        return self.cards.supports(source, target)

    def translate(self, requests: list[Request], n_best: int = 1) -> list[list[str]]:
        return self.executor.translate(requests, n_best)


def require_ray() -> None:
    """ConfigError naming the extra when Ray is not installed (checked before a run reads anything)."""
    import importlib.util
    if importlib.util.find_spec("ray") is None:
        raise ConfigError(INSTALL_HINT)


class LazyExecutor:
    """An executor started on first use (`start()` connects and starts the workers): a run the memory
    answers entirely connects to no cluster."""

    def __init__(self, start: Callable[[], RayExecutor]) -> None:
        self._start = start

    @property
    def device(self) -> str:
        return self._start().device

    @property
    def calls(self) -> int:
        return self._start().calls

    def run(self, shards: list[list[Unit]], n_best: int, source: str) -> Iterator[ShardResult]:
        return self._start().run(shards, n_best, source)
