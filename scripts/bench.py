#!/usr/bin/env python3
"""Throughput benchmark (issue: one batched pass).  Usage: python scripts/bench.py [--n 3400] [--model DIR]

On the same model and the same real strings (English sources of the corpora's package-disjoint test
split, as gettext catalogs for de, fr and es), prints:
  * pipeline throughput (read, select, mask, memory, engine, checks, write) vs raw `translate_batch` of
    the same model on the same masked strings with the same decoding options, vs one engine call per string;
  * the time of a re-run with nothing changed (all files, ~10,000 strings);
  * peak memory (max RSS) and CPU-seconds per 1,000 strings.
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from localize.config import EngineSettings, load  # noqa: E402
from localize.corpus import read_pairs  # noqa: E402
from localize.engine import DEFAULT_MODEL_DIR, Request  # noqa: E402
from localize.engine.ct2 import CT2Translator  # noqa: E402
from localize.memory import Memory  # noqa: E402
from localize.pipeline import Options, Pipeline  # noqa: E402
from localize.protect import mask  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def po_quote(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t") + '"'


def make_project(dst: Path, sources: list[str], model: Path) -> None:
    (dst / "po").mkdir(parents=True)
    pot = ['msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"', ""]
    for s in sources:
        pot += [f"msgid {po_quote(s)}", 'msgstr ""', ""]
    (dst / "po/bench.pot").write_text("\n".join(pot))
    (dst / "localize.toml").write_text(
        '[project]\nsource = "en"\ntargets = ["de", "fr", "es"]\n\n[[resources]]\npath = "po/{locale}.po"\n'
        f'template = "po/bench.pot"\n\n[engine]\nmodel = "{model}"\n')


def raw_batch(engine: CT2Translator, reqs: list[Request], n_best: int) -> float:
    """Seconds for what any caller of the raw API does: tokenize, one translate_batch call, detokenize.
    With the model's vocabulary map, one call per target language (the map's candidates are a batch's
    languages together, so that is how a caller gets its speed)."""
    t0 = time.perf_counter()
    groups: dict[str, list[Request]] = {}
    for r in reqs:
        groups.setdefault(r.target if engine.use_vmap else "", []).append(r)
    for group in groups.values():
        toks = [engine.tokenize(r) for r in group]
        raw = engine.raw_translate_batch(toks, beam_size=engine.beam_size, num_hypotheses=n_best,
                                         max_batch_size=engine.max_batch_tokens, batch_type="tokens",
                                         no_repeat_ngram_size=engine.no_repeat_ngram_size,
                                         max_decoding_length=engine.max_positions, disable_unk=True,
                                         use_vmap=engine.use_vmap)
        _texts = [[engine.detokenize(h) for h in r.hypotheses] for r in raw]
    return time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=3400, help="source strings per locale (3 locales)")
    ap.add_argument("--model", default=str(DEFAULT_MODEL_DIR))
    ap.add_argument("--per-string-sample", type=int, default=150)
    ap.add_argument("--device", default="auto", help="auto (CUDA when visible), cpu or cuda")
    ap.add_argument("--compute-type", default="auto", help="auto: int8 on CPU, int8_float16 on GPU")
    ap.add_argument("--rounds", type=int, default=5, help="interleaved pipeline/raw rounds; the best of each is compared")
    args = ap.parse_args()
    srcs = sorted({p.source for lang in ("de", "fr", "es") for p in read_pairs(ROOT / "corpora", lang, {"test"})
                   if "\n" not in p.source and len(p.source) < 200})
    random.Random(3).shuffle(srcs)
    srcs = srcs[: args.n]
    work = Path(tempfile.mkdtemp(prefix="localize-bench-"))
    out: dict[str, object] = {"strings_per_locale": len(srcs), "locales": 3, "rounds": args.rounds}
    try:
        settings = None
        e = EngineSettings()  # the defaults `localize translate` runs with
        engine = CT2Translator(args.model, device=args.device, compute_type=args.compute_type,
                               beam_size=e.beam_size, max_batch_tokens=e.max_batch_tokens,
                               no_repeat_ngram_size=e.no_repeat_ngram_size, max_length_ratio=e.max_length_ratio)
        n_best = 4
        out["device"], out["compute_type"] = engine.device, engine.compute_type
        # warm-up: the first translate_batch call of a process pays for thread pools and allocations;
        # every measurement below starts from a warm engine
        engine.translate([Request(mask(s).text, loc) for s in srcs[:16] for loc in ("de", "fr", "es")], n_best)
        reqs = [Request(m.text, loc) for loc in ("de", "fr", "es") for m in (mask(s) for s in srcs) if m.translatable]
        pipe_runs: list[dict[str, object]] = []
        raw_runs: list[float] = []
        for rnd in range(args.rounds):
            # rounds alternate which side runs first, so drift on a shared machine hits both alike
            order = ("pipeline", "raw") if rnd % 2 == 0 else ("raw", "pipeline")
            for side in order:
                if side == "raw":
                    raw_runs.append(raw_batch(engine, reqs, n_best))
                    continue
                proj = work / f"round{rnd}"
                make_project(proj, srcs, Path(args.model))
                settings = load(proj / "localize.toml")
                engine.calls = engine.sentences = 0
                cpu0, t0 = time.process_time(), time.perf_counter()
                with Memory(settings.resolve(settings.memory)) as mem:
                    res = Pipeline(settings, engine, Options(n_best=n_best), memory=mem).run()
                secs, cpu = time.perf_counter() - t0, time.process_time() - cpu0
                entries = sum(st.translated for st in res.stats.values())
                units = sum(st.engine_units for st in res.stats.values())
                pipe_runs.append({"seconds": round(secs, 2), "entries": entries, "engine_requests": engine.sentences,
                                  "engine_calls": engine.calls, "entries_per_s": round(entries / secs, 1),
                                  "timings": {k: round(v, 2) for k, v in res.timings.items()},
                                  "cpu_s_per_1000": round(1000 * cpu / max(1, units), 2)})
        best = min(pipe_runs, key=lambda r: float(r["seconds"]))  # type: ignore[arg-type]
        pipe_s, raw_s = float(best["seconds"]), min(raw_runs)  # type: ignore[arg-type]
        out["pipeline"] = best
        out["pipeline_rounds_s"] = [r["seconds"] for r in pipe_runs]
        out["raw_translate_batch"] = {"seconds": round(raw_s, 2), "strings": len(reqs),
                                      "strings_per_s": round(len(reqs) / raw_s, 1),
                                      "rounds_s": [round(r, 2) for r in raw_runs]}
        # same strings: raw time / pipeline time, best of the rounds on each side (noise only adds time)
        out["pipeline_vs_raw"] = round(raw_s / pipe_s, 3)
        out["pipeline_vs_raw_per_round"] = [round(r / float(p["seconds"]), 3)  # type: ignore[arg-type]
                                            for r, p in zip(raw_runs, pipe_runs)]
        # one engine call per string (a sample, the way one-call-per-string tools work)
        sample = reqs[: args.per_string_sample]
        t0 = time.perf_counter()
        for r in sample:
            one = engine.raw_translate_batch([engine.tokenize(r)], beam_size=engine.beam_size, num_hypotheses=n_best,
                                             no_repeat_ngram_size=engine.no_repeat_ngram_size,
                                             max_decoding_length=engine.max_positions, disable_unk=True,
                                             use_vmap=engine.use_vmap)
            _one = [engine.detokenize(h) for h in one[0].hypotheses]
        one_s = time.perf_counter() - t0
        out["one_call_per_string"] = {"seconds": round(one_s, 2), "strings": len(sample),
                                      "strings_per_s": round(len(sample) / one_s, 1)}
        out["pipeline_vs_one_call"] = round((int(best["engine_requests"]) / pipe_s) / (len(sample) / one_s), 1)  # type: ignore[call-overload]
        # re-run with nothing changed (the last round's project: everything is translated)
        assert settings is not None
        calls_before = engine.calls
        t0 = time.perf_counter()
        with Memory(settings.resolve(settings.memory)) as mem:
            res2 = Pipeline(settings, engine, Options(n_best=n_best), memory=mem).run()
        out["rerun_nothing_changed"] = {"seconds": round(time.perf_counter() - t0, 2),
                                        "entries": 3 * len(srcs), "engine_calls": engine.calls - calls_before,
                                        "translated": sum(st.translated for st in res2.stats.values())}
        out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
