"""Day, month, country and language names and strftime date formats: CLDR's (cldr.py) against what
localize did before, scored on people's translations.

Every string of the corpora that is an English day or month name, full ("Monday", "January") or
abbreviated ("Mon", "Jan"), one per package: these are all in the *train* split (the split is by
package, and names shared with training packages were kept out of dev and test), so the model has seen
every one of them with its human translation, which favours the model.  Translated through the pipeline's own
path (translate_texts) twice: as shipped (CLDR's name) and with the CLDR step turned off (the model's).
Scores against the human translation of the same string: exact match ignoring case (capitalization
conventions of labels vary by project: "Lundi" and "lundi" both occur), exact match as written, and
corpus chrF.  Abbreviations are scored as names (in a file, one counts as a name only in a list of them or
with a context that says so).

Date formats: every corpora string that is a strftime format with a date field ("%A, %B %e, %Y",
"%b %d %H:%M"), one per package and language; before, such a string was copied (no words for the model);
now it takes the locale's order from CLDR.  Scores: exact match with the person's format and corpus chrF.

    python scripts/bench_calendar.py
"""
from __future__ import annotations

import gzip
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sacrebleu

from localize import cldr
from localize.config import Settings
from localize.engine import load_engine
from localize.texts import translate_texts

ROOT = Path(__file__).resolve().parent.parent


def pairs(wanted: Callable[[str], bool] = lambda s: cldr.kind_of(s) is not None) -> dict[str, list[tuple[str, str]]]:
    """Per language, (English, person's translation) of the corpora strings `wanted` picks, one per package."""
    out: dict[str, dict[tuple[str, str], str]] = defaultdict(dict)
    for f in sorted((ROOT / "corpora").glob("*/*.tsv.gz")):
        lang = f.name.split(".")[0]
        with gzip.open(f, "rt", encoding="utf-8") as fh:
            for line in fh:
                p = line.rstrip("\n").split("\t")
                if len(p) >= 6 and wanted(p[4]) and p[5].strip():
                    out[lang][(p[2], p[4])] = p[5]
    return {lang: [(s, r) for (_pkg, s), r in sorted(d.items())] for lang, d in out.items()}


def columns(rows: list[tuple[str, str]]) -> tuple[list[str], list[str]]:
    return [s for s, _r in rows], [r for _s, r in rows]


def both_ways(engine: Any, src: list[str], lang: str, attr: str, kinds: frozenset[str]) -> tuple[list[str], list[str]]:
    """`src` translated through the pipeline's path without the CLDR step `cldr.<attr>` (the model's) and
    with it, every name taken as one of `kinds` (a list, as in a picker)."""
    real = getattr(cldr, attr)
    try:
        setattr(cldr, attr, lambda text, locale, lists=frozenset(): None)
        model = translate_texts(engine, src, lang)
        setattr(cldr, attr, lambda text, locale, lists=frozenset(): real(text, locale, kinds))
        ours = translate_texts(engine, src, lang)
    finally:
        setattr(cldr, attr, real)
    return model, ours


def main(engine: Any) -> None:
    data = pairs()
    print("| language | strings | model: exact (any case) | CLDR: exact (any case) | model: as written | CLDR: as written "
          "| model chrF | CLDR chrF |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    tot = defaultdict(int)
    for lang in sorted(data):
        src, ref = columns(data[lang])
        model, ours = both_ways(engine, src, lang, "name", frozenset({"days", "months"}))
        n = len(src)
        row = {"n": n,
               "mi": sum(a.lower() == b.lower() for a, b in zip(model, ref)),
               "ci": sum(a.lower() == b.lower() for a, b in zip(ours, ref)),
               "mw": sum(a == b for a, b in zip(model, ref)), "cw": sum(a == b for a, b in zip(ours, ref))}
        for k, v in row.items():
            tot[k] += v
        mc = sacrebleu.corpus_chrf(model, [ref]).score
        cc = sacrebleu.corpus_chrf(ours, [ref]).score
        print(f"| {lang} | {n} | {row['mi']} ({100 * row['mi'] / n:.0f}%) | {row['ci']} ({100 * row['ci'] / n:.0f}%) | "
              f"{row['mw']} | {row['cw']} | {mc:.1f} | {cc:.1f} |")
    n = tot["n"]
    print(f"| all | {n} | {tot['mi']} ({100 * tot['mi'] / n:.0f}%) | {tot['ci']} ({100 * tot['ci'] / n:.0f}%) | "
          f"{tot['mw']} | {tot['cw']} | | |")


def date_formats() -> None:
    rows = pairs(cldr.is_date_format)
    print()
    print("| language | date formats | changed | copy: exact | CLDR: exact | copy chrF | CLDR chrF |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for lang in sorted(rows):
        src, ref = columns(rows[lang])
        new = [cldr.date_format(s, lang) or s for s in src]
        print(f"| {lang} | {len(src)} | {sum(a != b for a, b in zip(src, new))} | {sum(a == b for a, b in zip(src, ref))} | "
              f"{sum(a == b for a, b in zip(new, ref))} | {sacrebleu.corpus_chrf(src, [ref]).score:.1f} | "
              f"{sacrebleu.corpus_chrf(new, [ref]).score:.1f} |")


def places(engine: Any) -> None:
    """Country and language names: the model's against CLDR's, on the people's translations."""
    data = pairs(lambda s: cldr.place_of(s) is not None)
    print()
    print("| language | country and language names | model: exact (any case) | CLDR: exact (any case) | model chrF | CLDR chrF |")
    print("|---|---:|---:|---:|---:|---:|")
    for lang in sorted(data):
        src, ref = columns(data[lang])
        model, ours = both_ways(engine, src, lang, "place_name", frozenset({"territories", "languages"}))
        mi = sum(a.lower() == b.lower() for a, b in zip(model, ref))
        ci = sum(a.lower() == b.lower() for a, b in zip(ours, ref))
        print(f"| {lang} | {len(src)} | {mi} ({100 * mi / len(src):.0f}%) | {ci} ({100 * ci / len(src):.0f}%) | "
              f"{sacrebleu.corpus_chrf(model, [ref]).score:.1f} | {sacrebleu.corpus_chrf(ours, [ref]).score:.1f} |")


if __name__ == "__main__":
    ENGINE = load_engine(Settings(root=ROOT))
    main(ENGINE)
    date_formats()
    places(ENGINE)
