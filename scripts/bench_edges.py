"""What keeping tags out of the engine's sight does to translations.  1. A tag pair that wraps a whole
string ("<b>Interface</b>": the engine sees "Interface", the tags go back around it, instead of
"⟦0⟧Interface⟦1⟧").  2. Tag pairs around words inside a string ("Click <gui>Preferences</gui> in the
menu."): the string is also translated without them, and the words alone, and the tags go back around the
words' translation where it occurs once (shards.project).

Every string of the corpora's package-disjoint test split with such tags, translated through the
pipeline's own path (translate_texts) twice: as shipped, and with the step turned off.  Scores: sentence
chrF against the human reference, mean and "garbage" (below 25).

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

from localize import edges, protect
from localize.config import Settings
from localize.engine import load_engine
from localize.texts import translate_texts

ROOT = Path(__file__).resolve().parent.parent


def test_pairs(wanted: Any) -> dict[str, list[tuple[str, str]]]:
    out: dict[str, dict[str, str]] = defaultdict(dict)
    for f in sorted((ROOT / "corpora").glob("*/*.tsv.gz")):
        lang = f.name.split(".")[0]
        with gzip.open(f, "rt", encoding="utf-8") as fh:
            for line in fh:
                p = line.rstrip("\n").split("\t")
                if len(p) < 6 or p[0] != "test":
                    continue
                src, ref = p[4].replace("\\n", "\n"), p[5].replace("\\n", "\n")
                if wanted(src):
                    out[lang][src] = ref
    return {lang: list(d.items()) for lang, d in sorted(out.items())}


def run(engine: Any, pairs: dict[str, list[tuple[str, str]]]) -> dict[str, list[float]]:
    scores: dict[str, list[float]] = {}
    for lang, rows in pairs.items():
        hyps = translate_texts(engine, [s for s, _r in rows], lang)
        scores[lang] = [sacrebleu.sentence_chrf(h, [r]).score for h, (_s, r) in zip(hyps, rows)]
    return scores


def table(title: str, pairs: dict[str, list[tuple[str, str]]], on: dict[str, list[float]],
          off: dict[str, list[float]]) -> None:
    print(f"\n{title}\n")
    print("| lang | strings | chrF, off | chrF, on | garbage off | garbage on |")
    print("|---|---:|---:|---:|---:|---:|")
    for lang in pairs:
        a, b = off[lang], on[lang]
        print(f"| {lang} | {len(a)} | {statistics.mean(a):.1f} | {statistics.mean(b):.1f} | "
              f"{sum(x < 25 for x in a)} | {sum(x < 25 for x in b)} |")
    a = [x for v in off.values() for x in v]
    b = [x for v in on.values() for x in v]
    print(f"| **all** | {len(a)} | {statistics.mean(a):.1f} | **{statistics.mean(b):.1f}** | "
          f"{sum(x < 25 for x in a)} | **{sum(x < 25 for x in b)}** |")


def main() -> None:
    argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter).parse_args()
    from localize import shards
    engine = load_engine(Settings(root=ROOT))
    wrapped = test_pairs(lambda s: bool(edges.peel_wrapper(s.strip())[0]))
    on = run(engine, wrapped)
    shipped, shipped_pairs = edges.peel_wrapper, shards.tag_pairs
    edges.peel_wrapper = lambda body: ("", body, "")  # type: ignore[assignment]
    shards.tag_pairs = lambda m: []  # type: ignore[assignment]
    try:  # off: the tags masked, as before session 8 (the projection below would also catch a whole wrap)
        off = run(engine, wrapped)
    finally:
        edges.peel_wrapper = shipped  # type: ignore[assignment]
        shards.tag_pairs = shipped_pairs  # type: ignore[assignment]
    table("1. A tag pair around the whole string (peeled off)", wrapped, on, off)
    inner = test_pairs(lambda s: bool(shards.tag_pairs(protect.mask(s))))
    on = run(engine, inner)
    shards.tag_pairs = lambda m: []  # type: ignore[assignment]
    try:
        off = run(engine, inner)
    finally:
        shards.tag_pairs = shipped_pairs  # type: ignore[assignment]
    table("2. Tag pairs around words inside the string (projected)", inner, on, off)


if __name__ == "__main__":
    main()
