#!/usr/bin/env python3
"""Finish an embedded model whose training ended but whose evaluation did not (an interrupted or
--no-eval run): conversion agreement check, scores on both test splits, card.

Usage: python scripts/finish_model.py GROUP          (e.g. default; the training record is in the cache)
"""
from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from localize.engine import EMBEDDED_DIR  # noqa: E402
from localize.train import Recipe, finish, work_dir  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    logging.basicConfig(level=logging.INFO)
    out = EMBEDDED_DIR / sys.argv[1]
    work = work_dir(out)
    record = json.loads((work / "train-record.json").read_text())
    card = finish(out, work, ROOT / "corpora", Recipe(**record["recipe"]), record)
    for key in ("scores", "scores_web"):
        for lang, s in card[key].items():
            print(f"{key}\t{lang}\tchrF {s['chrf']}\tcopy {s['copy_chrf']}\tBLEU {s['bleu']}", file=sys.stderr)
    print(json.dumps({k: card[k] for k in ("ct2_transformers_agreement", "scores", "scores_web")}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
