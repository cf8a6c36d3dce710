#!/usr/bin/env python3
"""Would agreement with a second, independent system make the confidence better?  An experiment (issue 13),
not part of a run.

The three 10.5M CPU models the embedded model replaced (git history, commit be32b73's parent: `default`
for de/fr/es, `europe` for it/pt_BR/nl/pl/ru, `cjk` for ja/zh_CN) translate the same dev and test strings
as scripts/confidence_data.py caches for the shipped model, through the pipeline's own path; the sentence
chrF between the two outputs is added to the shipped features, the combination refitted on dev, and the
test split's garbage share among final read at 40/50/60% final.

Usage: python scripts/confidence_cross.py [--n-dev 1500] [--n-test 2000]
"""
from __future__ import annotations

import argparse
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from confidence_data import GARBAGE, collect, row_errors, row_features
from confidence_signals import garbage_at

from localize import confidence
from localize.engine.ct2 import CT2Translator
from localize.scoring import sentence_chrf
from localize.texts import translate_texts

ROOT = Path(__file__).resolve().parent.parent
RETIRED = "be32b73^"  # the commit before the ten-language model replaced the group models
GROUP = {"de": "default", "fr": "default", "es": "default", "it": "europe", "pt_BR": "europe", "nl": "europe",
         "pl": "europe", "ru": "europe", "ja": "cjk", "zh_CN": "cjk"}
FILES = ("config.json", "localize-model.json", "model.bin", "sentencepiece.model", "shared_vocabulary.json")


def retired_models(into: Path) -> dict[str, Path]:
    out = {}
    for group in sorted(set(GROUP.values())):
        d = into / group
        d.mkdir(parents=True)
        for f in FILES:
            data = subprocess.run(["git", "show", f"{RETIRED}:localize/models/{group}/{f}"], cwd=ROOT,
                                  capture_output=True, check=True).stdout
            (d / f).write_bytes(data)
        out[group] = d
    return out


def second_opinion(rows: list[dict[str, Any]], models: dict[str, Path]) -> list[str | None]:
    engines: dict[str, CT2Translator] = {}
    out: list[str | None] = [None] * len(rows)
    for lang, group in GROUP.items():
        idx = [i for i, r in enumerate(rows) if r["lang"] == lang]
        if not idx:
            continue
        engines.setdefault(group, CT2Translator(models[group], beam_size=4))
        for i, text in zip(idx, translate_texts(engines[group], [rows[i]["source"] for i in idx], lang)):
            out[i] = text
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n-dev", type=int, default=1500)
    ap.add_argument("--n-test", type=int, default=2000)
    a = ap.parse_args()
    data = {}
    with tempfile.TemporaryDirectory() as tmp:
        models = retired_models(Path(tmp))
        for split, n in (("dev", a.n_dev), ("test", a.n_test)):
            rows = collect(split, n, log=lambda _m: None)
            alt = second_opinion(rows, models)
            feats = []
            for r, other in zip(rows, alt):
                f = row_features(r)
                f["cross"] = sentence_chrf(r["output"], other) / 100 if other is not None else 0.5
                feats.append(f)
            data[split] = (rows, feats, [int(r["chrf"] >= GARBAGE) for r in rows], [row_errors(r) for r in rows])
    rows, feats, _y, errors = data["test"]
    signs = dict(confidence.SIGNS, cross=1)
    for extra in ((), ("cross",)):
        m = confidence.fit(data["dev"][1], data["dev"][2], confidence.FEATURES + extra, l2=10.0, signs=signs)
        print(f"{'+'.join(extra) or 'shipped features':<20} {garbage_at(m, feats, rows, errors)}")


if __name__ == "__main__":
    main()
