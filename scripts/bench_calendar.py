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


def main() -> None:
    engine = load_engine(Settings(root=ROOT))
    data = pairs()
    real_name = cldr.name
    print("| language | strings | model: exact (any case) | CLDR: exact (any case) | model: as written | CLDR: as written "
          "| model chrF | CLDR chrF |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    tot = defaultdict(int)
    for lang in sorted(data):
        src = [s for s, _r in data[lang]]
        ref = [r for _s, r in data[lang]]
        cldr.name = lambda text, locale, lists=frozenset(): None  # type: ignore[assignment]
        model = translate_texts(engine, src, lang)
        cldr.name = lambda text, locale, lists=frozenset(): real_name(text, locale, frozenset({"days", "months"}))  # type: ignore[assignment]
        ours = translate_texts(engine, src, lang)
        cldr.name = real_name  # type: ignore[assignment]
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
        src = [s for s, _r in rows[lang]]
        ref = [r for _s, r in rows[lang]]
        new = [cldr.date_format(s, lang) or s for s in src]
        print(f"| {lang} | {len(src)} | {sum(a != b for a, b in zip(src, new))} | {sum(a == b for a, b in zip(src, ref))} | "
              f"{sum(a == b for a, b in zip(new, ref))} | {sacrebleu.corpus_chrf(src, [ref]).score:.1f} | "
              f"{sacrebleu.corpus_chrf(new, [ref]).score:.1f} |")


def places(engine: object) -> None:
    """Country and language names: the model's against CLDR's, on the people's translations."""
    data = pairs(lambda s: cldr.place_of(s) is not None)
    real = cldr.place_name
    print()
    print("| language | country and language names | model: exact (any case) | CLDR: exact (any case) | model chrF | CLDR chrF |")
    print("|---|---:|---:|---:|---:|---:|")
    for lang in sorted(data):
        src = [s for s, _r in data[lang]]
        ref = [r for _s, r in data[lang]]
        cldr.place_name = lambda text, locale, lists=frozenset(): None  # type: ignore[assignment]
        model = translate_texts(engine, src, lang)  # type: ignore[arg-type]
        cldr.place_name = lambda text, locale, lists=frozenset(): real(text, locale, frozenset({"territories", "languages"}))  # type: ignore[assignment]
        ours = translate_texts(engine, src, lang)  # type: ignore[arg-type]
        cldr.place_name = real  # type: ignore[assignment]
        mi = sum(a.lower() == b.lower() for a, b in zip(model, ref))
        ci = sum(a.lower() == b.lower() for a, b in zip(ours, ref))
        print(f"| {lang} | {len(src)} | {mi} ({100 * mi / len(src):.0f}%) | {ci} ({100 * ci / len(src):.0f}%) | "
              f"{sacrebleu.corpus_chrf(model, [ref]).score:.1f} | {sacrebleu.corpus_chrf(ours, [ref]).score:.1f} |")


if __name__ == "__main__":
    main()
    date_formats()
    places(load_engine(Settings(root=ROOT)))
