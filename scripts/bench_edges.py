"""What peeling a tag pair that wraps a whole string does to its translation ("<b>Interface</b>": the
engine sees "Interface" and the tags go back around it, instead of "⟦0⟧Interface⟦1⟧").

Every string of the corpora's package-disjoint test split that one tag pair wraps whole, translated
through the pipeline's own path (translate_texts) twice: as shipped, and with the wrapper left to the
masks as before.  Scores: sentence chrF against the human reference, mean and "garbage" (below 25).

    python scripts/bench_edges.py
"""
from __future__ import annotations

import argparse
import gzip
import re
import statistics
from collections import defaultdict
from pathlib import Path
from typing import Any

import sacrebleu

from localize import protect
from localize.config import Settings
from localize.engine import load_engine
from localize.texts import translate_texts

ROOT = Path(__file__).resolve().parent.parent


def wrapped_test_pairs() -> dict[str, list[tuple[str, str]]]:
    out: dict[str, dict[str, str]] = defaultdict(dict)
    for f in sorted((ROOT / "corpora").glob("*/*.tsv.gz")):
        lang = f.name.split(".")[0]
        with gzip.open(f, "rt", encoding="utf-8") as fh:
            for line in fh:
                p = line.rstrip("\n").split("\t")
                if len(p) < 6 or p[0] != "test":
                    continue
                src, ref = p[4].replace("\\n", "\n"), p[5].replace("\\n", "\n")
                if protect.peel_wrapper(src.strip())[0]:
                    out[lang][src] = ref
    return {lang: list(d.items()) for lang, d in sorted(out.items())}


def run(engine: Any, pairs: dict[str, list[tuple[str, str]]]) -> dict[str, list[float]]:
    scores: dict[str, list[float]] = {}
    for lang, rows in pairs.items():
        hyps = translate_texts(engine, [s for s, _r in rows], lang)
        scores[lang] = [sacrebleu.sentence_chrf(h, [r]).score for h, (_s, r) in zip(hyps, rows)]
    return scores


def main() -> None:
    argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter).parse_args()
    pairs = wrapped_test_pairs()
    engine = load_engine(Settings(root=ROOT))
    peeled = run(engine, pairs)
    shipped = protect.peel_wrapper
    protect.peel_wrapper = lambda body: ("", body, "")  # type: ignore[assignment]
    try:
        masked = run(engine, pairs)
    finally:
        protect.peel_wrapper = shipped  # type: ignore[assignment]
    print("| lang | strings | chrF, tags masked | chrF, tags peeled | garbage masked | garbage peeled |")
    print("|---|---:|---:|---:|---:|---:|")
    for lang in pairs:
        a, b = masked[lang], peeled[lang]
        print(f"| {lang} | {len(a)} | {statistics.mean(a):.1f} | {statistics.mean(b):.1f} | "
              f"{sum(x < 25 for x in a)} | {sum(x < 25 for x in b)} |")
    a = [x for v in masked.values() for x in v]
    b = [x for v in peeled.values() for x in v]
    print(f"| **all** | {len(a)} | {statistics.mean(a):.1f} | **{statistics.mean(b):.1f}** | "
          f"{sum(x < 25 for x in a)} | **{sum(x < 25 for x in b)}** |")


if __name__ == "__main__":
    main()
