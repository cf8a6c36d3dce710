#!/usr/bin/env python3
"""Would costlier signals make the confidence better?  An experiment (issue 13), not part of a run.

On the cached dev/test translations of scripts/confidence_data.py (the model's n-best of every string):
  * token-level log-probabilities of the chosen hypothesis, from CTranslate2 `score_batch` (a second,
    teacher-forced pass): the lowest token log-prob, the share of tokens below p = 0.1, the count below
    p = 0.01, the end-of-sentence log-prob; each added to the shipped features, the combination refitted on
    dev, and the test split's garbage share among final read at 40/50/60% final;
  * MBR selection: the n-best hypothesis with the highest mean chrF against the others (consensus), scored
    against the reference (single-unit strings whose output is the chosen hypothesis as it is).

Usage: python scripts/confidence_signals.py [--n-dev 1500] [--n-test 2000]
"""
from __future__ import annotations

import argparse
import math
import time
from typing import Any

from confidence_data import GARBAGE, collect, row_errors, row_features

from localize import confidence, protect
from localize.engine import Request, embedded_models
from localize.engine.ct2 import CT2Translator

SIGNS = dict(confidence.SIGNS, tok_min=1, tok_low=-1, tok_low5=-1, tok_eos=1)


def token_features(engine: CT2Translator, rows: list[dict[str, Any]]) -> tuple[list[dict[str, float]], float]:
    """Per row, the token-level features of its engine units; and the units scored per second."""
    src, tgt, owner = [], [], []
    for ri, r in enumerate(rows):
        for u in r["units"]:
            if u["path"] != "nbest" or not 0 <= u["rank"] < len(u["hyps"]):
                continue
            src.append(engine.tokenize(Request(protect.mask(u["source"]).text, r["lang"])))
            tgt.append(engine._tgt.encode(u["hyps"][u["rank"]], out_type=str))
            owner.append(ri)
    t0 = time.perf_counter()
    scored = engine._tr.score_batch(src, tgt, max_batch_size=4096, batch_type="tokens")
    rate = len(src) / (time.perf_counter() - t0)
    per: dict[int, list[list[float]]] = {}
    for ri, res in zip(owner, scored):
        per.setdefault(ri, []).append(list(res.log_probs))
    out = []
    for ri in range(len(rows)):
        lps = per.get(ri)
        if not lps:
            out.append({})
            continue
        every = [x for lp in lps for x in lp]
        body = [x for lp in lps for x in lp[:-1]] or every
        out.append({"tok_min": min(body), "tok_low": sum(x < math.log(0.1) for x in every) / len(every),
                    "tok_low5": math.log1p(sum(x < math.log(0.01) for x in every)),
                    "tok_eos": min(lp[-1] for lp in lps)})
    return out, rate


def garbage_at(model: confidence.Model, feats: list[dict[str, Any]], rows: list[dict[str, Any]],
               errors: list[bool], shares: tuple[float, ...] = (0.4, 0.5, 0.6)) -> str:
    """Garbage among final when the most confident strings (no error-level check failed) make up each share."""
    order = sorted(range(len(rows)), key=lambda i: -model.score(feats[i]))
    out = []
    for share in shares:
        n = g = 0
        for i in order:
            if errors[i]:
                continue
            n += 1
            g += rows[i]["chrf"] < GARBAGE
            if n >= share * len(rows):
                break
        out.append(f"{share:.0%} final: {100 * g / max(n, 1):.2f}% garbage")
    return ", ".join(out)


def mbr(rows: list[dict[str, Any]]) -> str:
    from localize.scoring import sentence_chrf
    n = base = best = g0 = g1 = changed = 0
    for r in rows:
        if len(r["units"]) != 1:
            continue
        u = r["units"][0]
        hy = u["hyps"]
        if len(hy) < 2 or not 0 <= u["rank"] < len(hy) or hy[u["rank"]] != r["output"]:
            continue
        util = [sum(sentence_chrf(h, o) for j, o in enumerate(hy) if j != i) for i, h in enumerate(hy)]
        pick = max(range(len(hy)), key=lambda i: (util[i], -i))
        c = sentence_chrf(hy[pick], r["reference"])
        n += 1
        base, best = base + r["chrf"], best + c
        g0, g1, changed = g0 + (r["chrf"] < GARBAGE), g1 + (c < GARBAGE), changed + (pick != u["rank"])
    return (f"{n} single-unit test strings: mean chrF {base / n:.2f} (chosen) vs {best / n:.2f} (MBR), garbage "
            f"{100 * g0 / n:.1f}% vs {100 * g1 / n:.1f}%, MBR picks another hypothesis for {100 * changed / n:.0f}%")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n-dev", type=int, default=1500)
    ap.add_argument("--n-test", type=int, default=2000)
    a = ap.parse_args()
    engine = CT2Translator(embedded_models()[0], beam_size=4)
    data = {}
    for split, n in (("dev", a.n_dev), ("test", a.n_test)):
        rows = collect(split, n, log=lambda _m: None)
        tok, rate = token_features(engine, rows)
        feats = [{**row_features(r), **t} for r, t in zip(rows, tok)]
        data[split] = (rows, feats, [int(r["chrf"] >= GARBAGE) for r in rows], [row_errors(r) for r in rows])
        print(f"{split}: {len(rows)} strings; score_batch {rate:.0f} units/s on this machine")
    rows, feats, _y, errors = data["test"]
    for extra in ([], ["tok_min"], ["tok_low"], ["tok_low5"], ["tok_eos"], ["tok_min", "tok_low", "tok_low5", "tok_eos"]):
        m = confidence.fit(data["dev"][1], data["dev"][2], confidence.FEATURES + tuple(extra), l2=1.0, signs=SIGNS)
        print(f"{'+'.join(extra) or 'shipped features':<35} {garbage_at(m, feats, rows, errors)}")
    print("MBR:", mbr(rows))


if __name__ == "__main__":
    main()
