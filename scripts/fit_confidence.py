#!/usr/bin/env python3
"""Fit the confidence combination (localize/confidence.json) on the corpora's dev split.

Every embedded model present (localize/models/*) translates up to --n dev strings of 3+ words per
language (gettext and web sets) through the pipeline's own path; each output is scored against its human
reference with sentence chrF.  "Acceptable" := sentence chrF >= --acceptable (default 25: not garbage).
One logistic regression is fitted across all models and languages (the features are model-agnostic),
with the L2 penalty (--l2, default: chosen by 5-fold cross-validation on the dev split, the one whose
largest calibration gap over tenths of predicted confidence is smallest), and the default
`[output] min_confidence` is the lowest threshold at which at most --max-garbage of the
dev strings made final (no error-level check failed, confidence reached) are garbage (chrF < 25).

Usage: python scripts/fit_confidence.py [--n 1500] [--acceptable 25] [--max-garbage 0.008] [--l2 3]
Re-run it when a model is added or retrained (outputs are cached under .cache/confidence/).
"""
from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from typing import Any

from confidence_data import GARBAGE, collect, row_errors, row_features

from localize import confidence


L2_CHOICES = (1.0, 3.0, 10.0, 30.0)


def calibration_gap(scores: list[float], labels: list[int], min_count: int = 20) -> float:
    """The largest |observed - predicted| acceptable share over tenths of predicted confidence."""
    gap = 0.0
    for b in range(10):
        idx = [i for i, s in enumerate(scores) if b / 10 <= s < (b + 1) / 10 or (b == 9 and s == 1.0)]
        if len(idx) >= min_count:
            gap = max(gap, abs(sum(labels[i] for i in idx) / len(idx) - sum(scores[i] for i in idx) / len(idx)))
    return gap


def choose_l2(feats: list[dict[str, Any]], labels: list[int], folds: int = 5) -> tuple[float, dict[float, float]]:
    """The L2 penalty whose out-of-fold predictions on the dev split are best calibrated."""
    order = list(range(len(feats)))
    random.Random(0).shuffle(order)
    parts = [order[k::folds] for k in range(folds)]
    gaps: dict[float, float] = {}
    for l2 in L2_CHOICES:
        pred = [0.0] * len(feats)
        for k in range(folds):
            train = [i for j, part in enumerate(parts) if j != k for i in part]
            m = confidence.fit([feats[i] for i in train], [labels[i] for i in train], l2=l2)
            for i in parts[k]:
                pred[i] = m.score(feats[i])
        gaps[l2] = round(calibration_gap(pred, labels), 4)
    return min(L2_CHOICES, key=lambda v: (gaps[v], v)), gaps


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1500, help="dev strings per language")
    ap.add_argument("--acceptable", type=float, default=25.0, help="sentence chrF that counts as acceptable")
    ap.add_argument("--max-garbage", type=float, default=0.008, help="garbage share allowed among final (dev)")
    ap.add_argument("--l2", type=float, default=0.0, help="L2 penalty; 0: chosen by cross-validation")
    args = ap.parse_args()
    rows = collect("dev", args.n, log=lambda m: print(m, file=sys.stderr))
    feats = [row_features(r) for r in rows]
    labels = [int(r["chrf"] >= args.acceptable) for r in rows]
    # each language's prior: the log-odds of an acceptable output on the dev split (add-one smoothed)
    counts: dict[str, list[int]] = {}
    for r, y in zip(rows, labels):
        counts.setdefault(r["lang"], []).append(y)
    priors = {lang: round(math.log((sum(v) + 1) / (len(v) - sum(v) + 1)), 4) for lang, v in sorted(counts.items())}
    for f, r in zip(feats, rows):
        f["language"] = priors[r["lang"]]
    cv: dict[float, float] = {}
    l2 = args.l2
    if not l2:
        l2, cv = choose_l2(feats, labels)
    model = confidence.fit(feats, labels, l2=l2)
    scores = [model.score(f) for f in feats]
    errors = [row_errors(r) for r in rows]
    # the default threshold: the lowest whose final strings (dev) hold at most max_garbage garbage
    ranked = sorted(((s, r["chrf"] < GARBAGE) for s, r, e in zip(scores, rows, errors) if not e), reverse=True)
    best, bad = 1.0, 0
    for i, (s, garbage) in enumerate(ranked, 1):
        bad += garbage
        if bad / i <= args.max_garbage and (i == len(ranked) or ranked[i][0] < s):
            best = s
    model.min_confidence = round(best, 3)
    final = [s >= model.min_confidence and not e for s, e in zip(scores, errors)]
    n_final = sum(final)
    model.meta = {
        "acceptable": f"sentence chrF2 (sacrebleu) >= {args.acceptable:g} against the human reference",
        "garbage": f"sentence chrF2 < {GARBAGE:g}",
        "fitted_on": {"split": "dev", "sets": ["gettext (data)", "web"], "min_words": 3, "strings": len(rows),
                      "models": sorted({r["model"] for r in rows}), "languages": sorted({r["lang"] for r in rows}),
                      "one_combination": "pooled over every model and language (the features are model-agnostic)"},
        "dev": {"acceptable_share": round(sum(labels) / len(labels), 4), "final_share": round(n_final / len(rows), 4),
                "garbage_among_final": round(sum(1 for f, r in zip(final, rows) if f and r["chrf"] < GARBAGE)
                                             / max(n_final, 1), 4)},
        "language_priors": priors,
        "l2": l2, "l2_cv_calibration_gap": {str(k): v for k, v in cv.items()}, "fitted": time.strftime("%Y-%m-%d"),
        "command": "python scripts/fit_confidence.py " + " ".join(sys.argv[1:]),
    }
    confidence.MODEL_PATH.write_text(json.dumps(model.as_dict(), indent=1, ensure_ascii=False) + "\n", "utf-8")
    print(json.dumps(model.as_dict(), indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
