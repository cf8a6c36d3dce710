#!/usr/bin/env python3
"""chrF/BLEU of a model on the corpora's package-disjoint test splits (gettext catalogs and web-app
bundles), through the pipeline's own path (lines, masks, n-best choice, fallbacks), next to copying the
source.  BLEU uses sacrebleu's zh tokenizer for zh_CN and ja-mecab where installed for ja, else char.

Usage: python scripts/eval_model.py [--model DIR | --model all] [--langs de,fr,es] [--n 1000]
                                    [--set gettext|web|both] [--write-card]
--model all evaluates every embedded model on its own languages; --write-card stores the scores in
the model's card (localize-model.json) as "scores" (gettext) and "scores_web".
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from localize.corpus import GETTEXT, WEB  # noqa: E402
from localize.engine import CARD_NAME, DEFAULT_MODEL_DIR, embedded_models  # noqa: E402
from localize.train import evaluate  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default=str(DEFAULT_MODEL_DIR))
    ap.add_argument("--langs", default="", help="default: the model's languages")
    ap.add_argument("--n", type=int, default=1000, help="strings per language")
    ap.add_argument("--set", default="both", choices=["gettext", "web", "both"])
    ap.add_argument("--write-card", action="store_true")
    args = ap.parse_args()
    models = embedded_models() if args.model == "all" else [Path(args.model)]
    out: dict[str, dict[str, object]] = {}
    for model in models:
        card_path = model / CARD_NAME
        card = json.loads(card_path.read_text("utf-8"))
        langs = args.langs.split(",") if args.langs else card["target_languages"]
        res: dict[str, object] = {}
        if args.set in ("gettext", "both"):
            res["scores"] = evaluate(model, ROOT / "corpora", langs, args.n, corpus_set=GETTEXT)
        if args.set in ("web", "both"):
            res["scores_web"] = evaluate(model, ROOT / "corpora", langs, args.n, corpus_set=WEB)
        out[model.name] = res
        if args.write_card:
            for key, scores in res.items():
                card.setdefault(key, {}).update(scores)  # type: ignore[union-attr]
            card_path.write_text(json.dumps(card, indent=2, ensure_ascii=False) + "\n", "utf-8")
        for key, scores in res.items():
            for lang, s in scores.items():  # type: ignore[union-attr]
                print(f"{model.name}\t{key}\t{lang}\tchrF {s['chrf']:.1f}\tcopy {s['copy_chrf']:.1f}\t"
                      f"BLEU {s['bleu']:.1f}\tn {s['n']}", file=sys.stderr)
    print(json.dumps(out, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
