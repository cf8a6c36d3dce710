#!/usr/bin/env python3
"""The GPU recipe's training step: one ten-language model (preset "gpu": 48M parameters, d_model 512,
6+3 layers, 32k vocabulary, bf16) trained until a wall-clock deadline counted from this script's start
(data preparation included, so a machine lent by the minute is never overrun), then packed as int8 rows
for the trip back (localize.train.pack_checkpoint).  Conversion to CTranslate2 and the evaluation run on
the caller's machine: scripts/gpu_finish.py.  Called by scripts/gpu_train.sh.

    python scripts/gpu_train.py --seconds 500 --out "$OUT"            # on the GPU machine
    python scripts/gpu_train.py --device cpu --seconds 600 --out /tmp/x # a dry run of the same path
"""
from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from pathlib import Path

START = time.time()
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from localize.checkpoint import pack_checkpoint  # noqa: E402
from localize.train import GROUPS, PRESETS, Recipe, cache_dir, train  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=500, help="wall-clock budget of the whole script")
    ap.add_argument("--reserve", type=float, default=70, help="seconds kept for saving and packing")
    ap.add_argument("--out", type=Path, required=True, help="folder for the packed checkpoint")
    ap.add_argument("--device", default="cuda", choices=["cuda", "cpu"])
    ap.add_argument("--preset", default="gpu", choices=sorted(PRESETS))
    ap.add_argument("--langs", help="comma-separated (default: all ten)")
    a = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    langs = a.langs.split(",") if a.langs else [l for g in GROUPS.values() for l in g]
    recipe = Recipe(langs=langs, minutes=10**6, precision="bf16", **{"max_tokens": 3072, **PRESETS[a.preset]})
    recipe.save_minutes = 10**6  # a checkpoint on the lent machine cannot come back (64 MB): save only at the end
    work = cache_dir() / "train" / "gpu-model"
    record = train(ROOT / "corpora", Path("/tmp/gpu-model"), recipe, work, device=a.device,
                   convert_model=False, stop_at=START + a.seconds - a.reserve)
    pack_checkpoint(work, a.out)
    record["wall_seconds"] = round(time.time() - START, 1)
    (a.out / "train-record.json").write_text(json.dumps(record, indent=2))
    print(json.dumps({k: record[k] for k in ("parameters", "pairs", "steps", "train_loss", "dev_loss",
                                             "train_minutes", "wall_seconds")}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
