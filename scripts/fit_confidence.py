#!/usr/bin/env python3
"""Fit the confidence combination (localize/confidence.json) on the corpora's dev split.

Every embedded model present (localize/models/*) translates up to --n dev strings of 3+ words per
language (gettext and web sets) through the pipeline's own path; each output is scored against its human
reference with sentence chrF.  "Acceptable" := sentence chrF >= --acceptable (default 25: not garbage).
One logistic regression is fitted across all models and languages (the features are model-agnostic),
and the default `[output] min_confidence` is the lowest threshold at which at most --max-garbage of the
dev strings made final (no error-level check failed, confidence reached) are garbage (chrF < 25).

Usage: python scripts/fit_confidence.py [--n 1500] [--acceptable 25] [--max-garbage 0.008]
Re-run it when a model is added or retrained (outputs are cached under .cache/confidence/).
"""
from __future__ import annotations

import argparse
import json
import sys
import time

from confidence_data import GARBAGE, collect, row_errors, row_features

from localize import confidence


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1500, help="dev strings per language")
    ap.add_argument("--acceptable", type=float, default=25.0, help="sentence chrF that counts as acceptable")
    ap.add_argument("--max-garbage", type=float, default=0.008, help="garbage share allowed among final (dev)")
    ap.add_argument("--l2", type=float, default=1.0)
    args = ap.parse_args()
    rows = collect("dev", args.n, log=lambda m: print(m, file=sys.stderr))
    feats = [row_features(r) for r in rows]
    labels = [int(r["chrf"] >= args.acceptable) for r in rows]
    model = confidence.fit(feats, labels, l2=args.l2)
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
        "l2": args.l2, "fitted": time.strftime("%Y-%m-%d"),
        "command": "python scripts/fit_confidence.py " + " ".join(sys.argv[1:]),
    }
    confidence.MODEL_PATH.write_text(json.dumps(model.as_dict(), indent=1, ensure_ascii=False) + "\n", "utf-8")
    print(json.dumps(model.as_dict(), indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
