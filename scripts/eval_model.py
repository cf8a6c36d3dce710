#!/usr/bin/env python3
"""chrF/BLEU of a model on the corpora's package-disjoint test split, through the pipeline's own path
(lines, masks, n-best choice, fallbacks), next to copying the source.

Usage: python scripts/eval_model.py [--model DIR] [--langs de,fr,es] [--n 1000]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from localize.engine import DEFAULT_MODEL_DIR  # noqa: E402
from localize.train import evaluate  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default=str(DEFAULT_MODEL_DIR))
    ap.add_argument("--langs", default="de,fr,es")
    ap.add_argument("--n", type=int, default=1000, help="strings per language")
    args = ap.parse_args()
    print(json.dumps(evaluate(Path(args.model), ROOT / "corpora", args.langs.split(","), args.n), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
