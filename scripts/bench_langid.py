#!/usr/bin/env python3
"""Language-detection benchmark on real UI strings (tests/fixtures catalogs, 20+ languages).

Usage: python scripts/bench_langid.py [--backend lingua,py3langid,langdetect] [--max-per-lang 150]

Each non-fuzzy translation in the fixture catalogs is labelled with its catalog's language (strings
identical to the English source are dropped: they are not evidence of anything).  Two settings:
  verify: candidates = {en, declared locale}, the declared locale as prior (what `localize detect` does
          on a project: is this translation in its language, or still English?); English source
          strings are mixed into every catalog's sample (a quarter as many) and must come out as en.
  open:   candidates = every language of the benchmark, no prior (the hard case).
Reported per length band (1-3 words, 4-10, longer): precision of the labels given, abstention rate,
and the raw backend alone (no script rules, no abstention) for comparison; plus strings per second.
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from localize import formats, langid  # noqa: E402
from localize.plurals import language  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def load(max_per_lang: int) -> list[tuple[str, str, str]]:
    """(label, declared locale, text): translations labelled with their catalog's language, plus
    English source strings placed in each catalog (label en): untranslated text a verifier must catch."""
    items: list[tuple[str, str, str]] = []
    by_lang: dict[str, list[str]] = defaultdict(list)
    english: set[str] = set()
    for f in sorted((ROOT / "tests/fixtures/po").glob("*/*.po")):
        res = formats.load(f)
        if not res.locale:
            continue
        lang = language(res.locale)
        for s in res.active:
            english.add(s.source)
            if s.translated and not s.fuzzy:
                for t in s.targets:
                    if t.strip() and t.strip() != s.source.strip() and t.strip() != (s.source_plural or "").strip():
                        by_lang[lang].append(t)
    rng = random.Random(1)
    en = sorted(english)
    for lang, texts in sorted(by_lang.items()):
        texts = sorted(set(texts))
        rng.shuffle(texts)
        items += [(lang, lang, t) for t in texts[:max_per_lang]]
        items += [("en", lang, t) for t in rng.sample(en, max_per_lang // 4)]
    return items


def band(text: str) -> str:
    n = len(langid.clean(text).split())
    return "1-3 words" if n <= 3 else "4-10 words" if n <= 10 else "11+ words"


def run(items: list[tuple[str, str, str]], backend: str, mode: str, langs: list[str]) -> dict[str, dict[str, float]]:
    stats: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    t0 = time.perf_counter()
    for lang, declared, text in items:
        if len(langid.clean(text)) == 0:
            continue
        b = band(text)
        if mode == "verify":
            g = langid.detect(text, ["en", declared], declared, backend)
        else:
            g = langid.detect(text, langs, None, backend)
        st = stats[b]
        st["n"] += 1
        if g.lang is None:
            st["abstain"] += 1
        elif language(g.lang) == lang:
            st["correct"] += 1
        else:
            st["wrong"] += 1
    secs = time.perf_counter() - t0
    stats["_speed"]["strings_per_s"] = len(items) / secs
    return stats


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--backend", default="lingua,py3langid,langdetect")
    ap.add_argument("--max-per-lang", type=int, default=150)
    args = ap.parse_args()
    items = load(args.max_per_lang)
    langs = sorted({lang for lang, _d, _t in items})
    print(f"{len(items)} strings in {len(langs)} languages: {' '.join(langs)}")
    for backend in args.backend.split(","):
        for mode in ("verify", "open"):
            stats = run(items, backend, mode, langs)
            speed = stats.pop("_speed")["strings_per_s"]
            print(f"\n{backend} / {mode}  ({speed:.0f} strings/s)")
            print(f"  {'band':<11} {'n':>5} {'precision':>9} {'abstain':>8} {'accuracy':>9}")
            for b in ("1-3 words", "4-10 words", "11+ words"):
                st = stats.get(b)
                if not st:
                    continue
                labelled = st["correct"] + st["wrong"]
                prec = 100 * st["correct"] / labelled if labelled else 0.0
                print(f"  {b:<11} {int(st['n']):>5} {prec:>8.1f}% {100 * st['abstain'] / st['n']:>7.1f}% "
                      f"{100 * st['correct'] / st['n']:>8.1f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
