#!/usr/bin/env python3
"""Domain adaptation, measured: a real product's human translations (one package of the corpora's test
split, which no model trained on) are split in two halves by string; an embedded model is adapted
(LoRA) on one half and both models translate the other half through the pipeline's path.

Usage: python scripts/bench_adapt.py [--model default] [--lang it] [--package hexchat] [--set data|web]
                                     [--epochs 6] [--full]
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from localize.adapt import adapt_embedded  # noqa: E402
from localize.corpus import read_pairs  # noqa: E402
from localize.engine import EMBEDDED_DIR  # noqa: E402
from localize.engine.ct2 import CT2Translator  # noqa: E402
from localize.protect import mask_pair  # noqa: E402
from localize.scoring import score, translate_plain  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default="default")
    ap.add_argument("--lang", default="it")
    ap.add_argument("--package", default="hexchat")
    ap.add_argument("--set", default="data", choices=["data", "web"])
    ap.add_argument("--epochs", type=float, default=6.0)
    ap.add_argument("--full", action="store_true", help="full fine-tuning instead of LoRA")
    args = ap.parse_args()
    pairs = sorted({(p.source, p.target) for p in read_pairs(ROOT / "corpora", args.lang, {"test"}, (args.set,))
                    if p.package == args.package})
    if len(pairs) < 50:
        sys.exit(f"{args.package}: only {len(pairs)} {args.lang} pairs in the test split")
    random.Random(0).shuffle(pairs)
    half = len(pairs) // 2
    train, held = pairs[:half], pairs[half:]
    masked = [(args.lang, *m) for m in (mask_pair(s, t) for s, t in train) if m and m[0].strip() and m[1].strip()]
    base_dir = EMBEDDED_DIR / args.model
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.time()
        card = adapt_embedded(base_dir, masked, Path(tmp) / "adapted", args.epochs, use_lora=not args.full)
        secs = time.time() - t0
        refs = [t for _, t in held]
        out = {}
        for name, path in (("base", base_dir), ("adapted", Path(tmp) / "adapted")):
            hyps = translate_plain(CT2Translator(path, beam_size=4), [s for s, _ in held], args.lang)
            sc = score(hyps, refs, args.lang, ("chrf", "bleu"))
            out[name] = {"chrf": round(sc["chrf"].score, 1), "bleu": round(sc["bleu"].score, 1)}
    result = {"model": args.model, "lang": args.lang, "package": args.package, "adapt_pairs": len(masked),
              "held_out": len(held), "method": card["adaptation"]["method"], "epochs": args.epochs,
              "adapt_seconds": round(secs, 1), **out,
              "gain_chrf": round(out["adapted"]["chrf"] - out["base"]["chrf"], 1)}
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
