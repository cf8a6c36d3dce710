#!/usr/bin/env python3
"""Glossary compliance with and without glossary handling, same model (issue: cultural glossaries).

Usage: python scripts/bench_glossary.py [--max 400]

The English sources of real catalogs in tests/fixtures (psmisc, findutils, hexchat) that contain a
term of tests/fixtures/glossary/system-tools.csv are translated into de, fr and es twice with the
default model: once with the glossary handling off (plain masking, first passing hypothesis), once
with it on (do-not-translate masking, n-best choice of a hypothesis that uses the term, then mask and
substitute).  Reported per locale: compliance (every required target term present, inflected forms
allowed; do-not-translate terms verbatim) and error-level check failures, to show the handling causes
no placeholder or check regressions.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from localize import checks, formats  # noqa: E402
from localize.engine import DEFAULT_MODEL_DIR  # noqa: E402
from localize.engine.ct2 import CT2Translator  # noqa: E402
from localize.glossary import Glossary  # noqa: E402
from localize.texts import translate_texts  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def sources(glossary: Glossary, limit: int) -> list[str]:
    out: list[str] = []
    for f in sorted((ROOT / "tests/fixtures/po").glob("*/*.po*")):
        if f.parent.name not in ("psmisc", "findutils", "hexchat"):
            continue
        for s in formats.load(f).active:
            if s.source not in out and s.source_plural is None and glossary.matches(s.source) and len(s.source) < 300:
                out.append(s.source)
    return out[:limit]


def translate(engine: CT2Translator, texts: list[str], locale: str, glossary: Glossary | None) -> list[str]:
    return translate_texts(engine, texts, locale, glossary)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--max", type=int, default=400)
    args = ap.parse_args()
    glossary = Glossary.load([ROOT / "tests/fixtures/glossary/system-tools.csv"])
    texts = sources(glossary, args.max)
    engine = CT2Translator(DEFAULT_MODEL_DIR, beam_size=4)
    print(f"{len(texts)} source strings with glossary terms (psmisc, findutils, hexchat)")
    print(f"{'locale':<7} {'handling':<9} {'compliant':>10} {'error checks':>13}")
    for locale in ("de", "fr", "es"):
        for label, g in (("off", None), ("on", glossary)):
            outs = translate(engine, texts, locale, g)
            ok = sum(glossary.complies(s, t, locale) for s, t in zip(texts, outs))
            errs = sum(any(i.severity == "error" for i in checks.check_pair(s, t, checks.Context(target_locale=locale, machine=True)))
                       for s, t in zip(texts, outs))
            print(f"{locale:<7} {label:<9} {100 * ok / len(texts):>9.1f}% {errs:>13}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
