#!/usr/bin/env python3
"""Would sampling-based uncertainty or attention coverage make the confidence better?  An experiment
(issue 13), not part of a run.

On the cached dev/test translations of scripts/confidence_data.py, for every unit the engine translated:
  * sampling agreement (Fomicheva et al. 2020, "D-Lex-Sim" with sampling in place of dropout): K samples
    of the model (top-k 10, temperature 1); features: mean chrF similarity of the chosen hypothesis to the
    samples, share of samples identical to it, spread of the samples' log-probabilities;
  * attention coverage (Rikters & Fishel 2017): the chosen hypothesis decoded again with
    `return_attention`; features: share of source tokens that receive less than 0.3 of attention in all,
    mean entropy of each target token's attention.
Each added to the shipped features, the combination refitted on dev, and the test split's garbage share
among final read at 40/50/60% final.

Usage: python scripts/confidence_sampling.py [--k 4] [--n-dev 1500] [--n-test 2000]
"""
from __future__ import annotations

import argparse
import math
import statistics
import time
from typing import Any

from confidence_data import collect, row_errors, row_features
from confidence_signals import garbage_at

from localize import confidence, protect
from localize.engine import Request, embedded_models
from localize.engine.ct2 import CT2Translator

SIGNS = dict(confidence.SIGNS, samp_sim=1, samp_same=1, samp_spread=-1, att_uncovered=-1, att_entropy=-1)


def engine_units(engine: CT2Translator, rows: list[dict[str, Any]]) -> tuple[list[list[str]], list[int], list[str]]:
    src, owner, chosen = [], [], []
    for ri, r in enumerate(rows):
        for u in r["units"]:
            if u["path"] != "nbest" or not 0 <= u["rank"] < len(u["hyps"]):
                continue
            src.append(engine.tokenize(Request(protect.mask(u["source"]).text, r["lang"])))
            owner.append(ri)
            chosen.append(u["hyps"][u["rank"]])
    return src, owner, chosen


def sampling_features(engine: CT2Translator, rows: list[dict[str, Any]], k: int) -> tuple[list[dict[str, float]], float]:
    from localize.scoring import sentence_chrf
    src, owner, chosen = engine_units(engine, rows)
    order = sorted(range(len(src)), key=lambda i: len(src[i]))
    t0 = time.perf_counter()
    res: list[Any] = [None] * len(src)
    for s in range(0, len(order), 2048):
        idx = order[s:s + 2048]
        longest = max(len(src[i]) for i in idx)
        out = engine._tr.translate_batch([src[i] for i in idx], beam_size=1, sampling_topk=10, sampling_temperature=1.0,
                                         num_hypotheses=k, return_scores=True, max_batch_size=4096, batch_type="tokens",
                                         max_decoding_length=int(longest * 3) + 8, use_vmap=engine.use_vmap)
        for i, r in zip(idx, out):
            res[i] = r
    rate = len(src) / (time.perf_counter() - t0)
    per: dict[int, list[tuple[float, float, float]]] = {}
    for i, r in enumerate(res):
        samples = [engine.detokenize(h) for h in r.hypotheses]
        sims = [sentence_chrf(chosen[i], s) / 100 for s in samples]
        same = sum(s == chosen[i] for s in samples) / len(samples)
        spread = statistics.pstdev(r.scores) if len(r.scores) > 1 else 0.0
        per.setdefault(owner[i], []).append((sum(sims) / len(sims), same, spread))
    out = []
    for ri in range(len(rows)):
        v = per.get(ri)
        out.append({} if not v else {"samp_sim": min(x[0] for x in v), "samp_same": min(x[1] for x in v),
                                     "samp_spread": max(x[2] for x in v)})
    return out, rate


def attention_features(engine: CT2Translator, rows: list[dict[str, Any]]) -> tuple[list[dict[str, float]], float]:
    src, owner, chosen = engine_units(engine, rows)
    tgt = [engine._tgt.encode(c, out_type=str) for c in chosen]
    order = sorted(range(len(src)), key=lambda i: len(src[i]))
    t0 = time.perf_counter()
    per: dict[int, list[tuple[float, float]]] = {}
    for s in range(0, len(order), 2048):
        idx = order[s:s + 2048]
        # forced decoding of the chosen hypothesis: the whole target as prefix, one more step
        out = engine._tr.translate_batch([src[i] for i in idx], target_prefix=[tgt[i] for i in idx], beam_size=1,
                                         return_attention=True, max_batch_size=4096, batch_type="tokens",
                                         max_decoding_length=max(len(tgt[i]) for i in idx) + 2)
        for i, r in zip(idx, out):
            att = r.attention[0][:len(tgt[i]) + 1]  # target steps x source tokens
            n_src = len(src[i])
            body = range(1, n_src - 1)  # not the language tag, not </s>
            if not att or not list(body):
                continue
            cover = [sum(step[j] for step in att) for j in body]
            uncovered = sum(c < 0.3 for c in cover) / len(cover)
            ent = [-sum(p * math.log(p) for p in step if p > 0) / math.log(max(n_src, 2)) for step in att]
            per.setdefault(owner[i], []).append((uncovered, sum(ent) / len(ent)))
    rate = len(src) / (time.perf_counter() - t0)
    out = []
    for ri in range(len(rows)):
        v = per.get(ri)
        out.append({} if not v else {"att_uncovered": max(x[0] for x in v), "att_entropy": max(x[1] for x in v)})
    return out, rate


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--k", type=int, default=4)
    ap.add_argument("--n-dev", type=int, default=1500)
    ap.add_argument("--n-test", type=int, default=2000)
    ap.add_argument("--no-attention", action="store_true")
    a = ap.parse_args()
    engine = CT2Translator(embedded_models()[0], beam_size=4)
    data = {}
    for split, n in (("dev", a.n_dev), ("test", a.n_test)):
        rows = collect(split, n, log=lambda _m: None)
        samp, rate = sampling_features(engine, rows, a.k)
        print(f"{split}: {len(rows)} strings; sampling {a.k} hypotheses: {rate:.0f} units/s", flush=True)
        att: list[dict[str, float]] = [{} for _ in rows]
        if not a.no_attention:
            att, rate = attention_features(engine, rows)
            print(f"{split}: attention pass {rate:.0f} units/s", flush=True)
        feats = [{**row_features(r), **s, **t} for r, s, t in zip(rows, samp, att)]
        data[split] = (rows, feats, [int(r["chrf"] >= 25.0) for r in rows], [row_errors(r) for r in rows])
    rows, feats, _y, errors = data["test"]
    for extra in ([], ["samp_sim"], ["samp_same"], ["samp_spread"], ["samp_sim", "samp_same", "samp_spread"],
                  ["att_uncovered"], ["att_entropy"], ["samp_sim", "samp_same", "samp_spread", "att_uncovered", "att_entropy"]):
        if not a.no_attention or not any(e.startswith("att") for e in extra):
            m = confidence.fit(data["dev"][1], data["dev"][2], confidence.FEATURES + tuple(extra), l2=1.0, signs=SIGNS)
            print(f"{'+'.join(extra) or 'shipped features':<60} {garbage_at(m, feats, rows, errors)}", flush=True)


if __name__ == "__main__":
    main()
