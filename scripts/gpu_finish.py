#!/usr/bin/env python3
"""After scripts/gpu_train.sh: join the returned pieces, unpack the int8 checkpoint, convert it to
CTranslate2 int8, check the conversion and evaluate it on both test splits (card with scores).

    python scripts/gpu_finish.py FOLDER_WITH_PARTS --out build/gpu-model
"""
from __future__ import annotations

import argparse
import io
import json
import logging
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from localize.checkpoint import unpack_checkpoint  # noqa: E402
from localize.train import Recipe, cache_dir, convert, corpus_pieces, finish, write_vocabulary_map  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("parts", type=Path)
    ap.add_argument("--out", type=Path, default=ROOT / "build" / "gpu-model")
    ap.add_argument("--no-eval", action="store_true")
    a = ap.parse_args()
    logging.basicConfig(level=logging.INFO)
    import sentencepiece as spm

    blob = b"".join(p.read_bytes() for p in sorted(a.parts.glob("pack.tar.gz.part-*")))
    work = cache_dir() / "train" / a.out.name
    pack = work / "pack"
    with tarfile.open(fileobj=io.BytesIO(blob), mode="r:gz") as tar:
        tar.extractall(work, filter="data")
    (work / "gpu-pack").replace(pack) if (work / "gpu-pack").exists() else None
    unpack_checkpoint(pack, work)
    sp = spm.SentencePieceProcessor(model_file=str(work / "spm.model"))
    convert(work / "hf", a.out, sp, "int8")
    (a.out / "sentencepiece.model").write_bytes((work / "spm.model").read_bytes())
    record = json.loads((work / "train-record.json").read_text())
    recipe = Recipe(**record["recipe"])
    write_vocabulary_map(a.out, sp, corpus_pieces(ROOT / "corpora", recipe.langs, sp))
    if a.no_eval:
        return 0
    card = finish(a.out, work, ROOT / "corpora", recipe, record)
    for key in ("scores", "scores_web"):
        for lang, s in card[key].items():
            print(f"{key}\t{lang}\tchrF {s['chrf']}\tcopy {s['copy_chrf']}\tBLEU {s['bleu']}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
