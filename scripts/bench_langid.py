#!/usr/bin/env python3
"""Language-detection benchmark on real UI strings (tests/fixtures catalogs, 20+ languages).

Usage: python scripts/bench_langid.py [--set ui|fixtures] [--backend builtin,lingua,py3langid,langdetect]
                                     [--max-per-lang N]

--set ui (default): the held-out Debian UI strings of corpora/langid/test.tsv.gz (packages never
trained on, 38 languages), in two settings: 24 candidate languages (a product with many locales) and
open (no candidates: every language the detector knows).  Speed is timed on the 1-3-word strings, one
string per call, one thread.

--set fixtures:

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


# The "20+ candidates" setting of the UI benchmark: the languages a product with many locales ships
CANDIDATES = "en de fr es it pt nl pl ru uk cs sv da nb fi hu ro tr el ja zh ko ar he".split()


def load_ui(split: str, max_per_lang: int) -> list[tuple[str, str, str]]:
    """(label, package, text) of corpora/langid/<split>.tsv.gz: UI strings of the Debian packages that
    scripts/train_langid.py holds out (package-disjoint from the model's training data)."""
    import gzip
    rows: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    with gzip.open(ROOT / "corpora/langid" / f"{split}.tsv.gz", "rt", encoding="utf-8", newline="\n") as fh:
        next(fh)
        for line in fh:
            lang, pkg, text = line.rstrip("\n").split("\t", 2)
            text = text.replace("\\n", "\n").replace("\\t", "\t").replace("\\\\", "\\")
            rows[lang].append((lang, pkg, text))
    out = []
    for lang in sorted(rows):
        out += rows[lang][:max_per_lang]
    return out


def load_web(max_per_lang: int) -> list[tuple[str, str, str]]:
    """(label, package, text): the test split of corpora/web (npm i18n bundles, 10 languages, never
    trained on by the built-in model): translations labelled with their language, English sources en."""
    import gzip
    rows: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    english: dict[str, tuple[str, str, str]] = {}
    for f in sorted((ROOT / "corpora/web").glob("*.tsv.gz")):
        lang = language(f.name.split(".")[0])
        with gzip.open(f, "rt", encoding="utf-8") as fh:
            for line in fh:
                parts = line.rstrip("\n").split("\t")
                if len(parts) != 6 or parts[0] != "test":
                    continue
                src, tgt = (x.replace("\\n", "\n").replace("\\t", "\t") for x in parts[4:6])
                english.setdefault(src, ("en", parts[1], src))
                if tgt.strip() != src.strip():
                    rows[lang].append((lang, parts[1], tgt))
    rows["en"] = list(english.values())
    rng = random.Random(1)
    out = []
    for lang in sorted(rows):
        texts = sorted(set(rows[lang]))
        rng.shuffle(texts)
        out += texts[:max_per_lang]
    return out


def run_ui(items: list[tuple[str, str, str]], backend: str, cands: list[str] | None) -> dict[str, dict[str, float]]:
    stats: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    short_secs = short_cpu = 0.0
    short_n = 0
    for lang, _pkg, text in items:
        if cands and lang not in cands:
            continue
        b = band(text)
        t0, c0 = time.perf_counter(), time.process_time()
        g = langid.detect(text, cands, None, backend)
        dt, dc = time.perf_counter() - t0, time.process_time() - c0
        if b == "1-3 words":
            short_secs += dt
            short_cpu += dc
            short_n += 1
        st = stats[b]
        st["n"] += 1
        if g.lang is None:
            st["abstain"] += 1
        elif language(g.lang) == lang:
            st["correct"] += 1
        else:
            st["wrong"] += 1
            stats["_errors"][f"{lang}->{g.lang}"] += 1
    stats["_speed"]["strings_per_s"] = short_n / short_secs if short_secs else 0.0
    stats["_speed"]["strings_per_cpu_s"] = short_n / short_cpu if short_cpu else 0.0
    return stats


def print_table(title: str, stats: dict[str, dict[str, float]], speed_label: str) -> None:
    sp = stats.pop("_speed")
    speed, cpu = sp["strings_per_s"], sp.get("strings_per_cpu_s", 0.0)
    errors = stats.pop("_errors", {})
    print(f"\n{title}  ({cpu:.0f} {speed_label} per CPU second of one core; {speed:.0f} per wall second)")
    print(f"  {'band':<11} {'n':>5} {'precision':>9} {'abstain':>8} {'accuracy':>9}")
    for b in ("1-3 words", "4-10 words", "11+ words"):
        st = stats.get(b)
        if not st:
            continue
        labelled = st["correct"] + st["wrong"]
        prec = 100 * st["correct"] / labelled if labelled else 0.0
        print(f"  {b:<11} {int(st['n']):>5} {prec:>8.1f}% {100 * st['abstain'] / st['n']:>7.1f}% "
              f"{100 * st['correct'] / st['n']:>8.1f}%")
    if errors:
        top = sorted(errors.items(), key=lambda kv: -kv[1])[:12]
        print("  most frequent errors: " + ", ".join(f"{k} {int(v)}" for k, v in top))


def main_ui(args: argparse.Namespace) -> int:
    items = load_web(args.max_per_lang) if args.set == "web" else load_ui(args.split, args.max_per_lang)
    langs = sorted({lang for lang, _p, _t in items})
    pkgs = sorted({p for _l, p, _t in items})
    print(f"{len(items)} UI strings in {len(langs)} languages ({' '.join(langs)}) "
          f"from {len(pkgs)} held-out packages: {' '.join(pkgs)}")
    for backend in args.backend.split(","):
        cands = [c for c in CANDIDATES if c in langs]
        print_table(f"{backend} / {len(cands)} candidates", run_ui(items, backend, cands), "strings/s, 1-3 words")
        print_table(f"{backend} / open", run_ui(items, backend, None), "strings/s, 1-3 words")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--set", choices=["ui", "web", "fixtures"], default="ui",
                    help="ui: held-out Debian UI strings in 38 languages (corpora/langid/test.tsv.gz); "
                         "web: the npm test split of corpora/web (10 languages, another domain); "
                         "fixtures: the test fixture catalogs, verify and open settings")
    ap.add_argument("--split", default="test", help="ui set: test or dev")
    ap.add_argument("--model", help="another built-in model file (default: the shipped one)")
    ap.add_argument("--backend", default=None)
    ap.add_argument("--max-per-lang", type=int, default=None)
    args = ap.parse_args()
    if args.model:
        from localize import langid_model
        langid_model.MODEL_PATH = Path(args.model)
    if args.set in ("ui", "web"):
        args.backend = args.backend or "builtin,lingua"
        args.max_per_lang = args.max_per_lang or 1500
        return main_ui(args)
    args.backend = args.backend or "builtin,lingua,py3langid,langdetect"
    args.max_per_lang = args.max_per_lang or 150
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
