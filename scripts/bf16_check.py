#!/usr/bin/env python3
"""Does bf16 autocast hold quality on this CPU?  Two short runs of the same recipe and seed, fp32 and bf16,
compared by step time and dev-split cross-entropy (no label smoothing) after the same number of steps.

Usage: python scripts/bf16_check.py [--group default] [--preset cpu|gpu] [--steps 200] [--pairs 20000]
(--preset gpu: the shipped model's shape, 48.2M parameters, with CPU-sized batches of 3,072 tokens)
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from localize.train import GROUPS, PRESETS, Recipe, train  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--group", default="default")
    ap.add_argument("--steps", type=int, default=200)
    ap.add_argument("--pairs", type=int, default=20000, help="training pairs per language")
    ap.add_argument("--preset", choices=sorted(PRESETS), default="cpu", help="model shape (train.PRESETS)")
    args = ap.parse_args()
    out: dict[str, dict[str, float]] = {}
    for precision in ("fp32", "bf16"):
        with tempfile.TemporaryDirectory() as tmp:
            shape = {**PRESETS[args.preset], "max_tokens": 3072, "save_minutes": 10**6}
            recipe = Recipe(**{**shape, "langs": GROUPS[args.group], "precision": precision, "max_steps": args.steps,
                               "minutes": 600, "max_pairs_per_lang": args.pairs})
            t0 = time.time()
            rec = train(ROOT / "corpora", Path(tmp) / "model", recipe, Path(tmp) / "work")
            out[precision] = {"steps": rec["steps"], "dev_loss": rec["dev_loss"], "train_loss": rec["train_loss"],
                              "train_seconds_per_step": round(rec["run_log"][-1]["minutes"] * 60 / rec["steps"], 3),
                              "wall_seconds": round(time.time() - t0, 1)}
            print(precision, json.dumps(out[precision]), flush=True)
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
