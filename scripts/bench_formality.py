#!/usr/bin/env python3
"""How consistently machine output addresses the user in one register (formal "Sie"/"vous"/"u"/"вы" or
informal "du"/"tu"/"je"/"ты"), with and without the n-best preference of `[project] formality`.

Real strings: the English sources of the corpora's test split (gettext and web sets) that address the
user ("you", "your"), up to --n per language; each is translated through the pipeline's own path
(localize.texts) once with `formality = "any"` (no preference: what the model gives) and once with
"formal" and "informal".  Prints, per language and setting, the share of outputs that show a register
(formality.register) and how many of those are in the other one.

Usage: python scripts/bench_formality.py [--n 400] [--langs de,fr,nl,ru,es,it]
"""
from __future__ import annotations

import argparse
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from localize import formality  # noqa: E402
from localize.corpus import GETTEXT, WEB, read_pairs  # noqa: E402
from localize.engine import DEFAULT_MODEL_DIR  # noqa: E402
from localize.engine.ct2 import CT2Translator  # noqa: E402
from localize.texts import translate_texts  # noqa: E402

YOU = re.compile(r"\byou(?:r|rs|rself)?\b", re.I)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=400, help="source strings per language")
    ap.add_argument("--langs", default="de,fr,nl,ru,es,it")
    args = ap.parse_args()
    engine = CT2Translator(DEFAULT_MODEL_DIR, beam_size=4)
    print("| language | strings | setting | outputs with a register | in the other register | seconds |")
    print("|---|---:|---|---:|---:|---:|")
    for lang in args.langs.split(","):
        seen: set[str] = set()
        texts = []
        for s in (GETTEXT, WEB):
            for p in read_pairs(ROOT / "corpora", lang, {"test"}, (s,)):
                if YOU.search(p.source) and p.source not in seen:
                    seen.add(p.source)
                    texts.append(p.source)
        random.Random(7).shuffle(texts)
        texts = texts[:args.n]
        for setting in ("any", "formal", "informal"):
            t0 = time.time()
            out = translate_texts(engine, texts, lang, formality=setting)
            regs = [formality.register(o, lang) for o in out]
            shown = [r for r in regs if r]
            want = setting if setting != "any" else max(("formal", "informal"), key=shown.count)
            other = sum(r != want for r in shown)
            label = setting if setting != "any" else f"any (majority: {want})"
            print(f"| {lang} | {len(texts)} | {label} | {len(shown)} ({len(shown) / max(len(texts), 1):.0%}) | "
                  f"{other} ({other / max(len(shown), 1):.1%}) | {time.time() - t0:.0f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
