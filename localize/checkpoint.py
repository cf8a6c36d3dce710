"""The transport format of a trained checkpoint: int8 rows with their scales, about a quarter of float32.

A lent GPU machine returns at most 64 MB and has no CTranslate2 (scripts/gpu_train.sh): the trained
MarianMT travels back packed, and is unpacked here for convert()/finish() (scripts/gpu_finish.py).
torch/transformers come through train._require()."""
from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from .errors import ModelError
from .train import _require

PACK_NAME = "checkpoint-int8.npz"


def pack_checkpoint(work: Path, dest: Path) -> Path:
    """Write `work`/hf (a saved MarianMT) to `dest` as int8 per-row weights (2-D tensors) and float32
    for the rest, with its config, vocabulary, recipe and training record: the transport format of
    scripts/gpu_train.sh.  Tied tensors are stored once."""
    import numpy as np

    torch, transformers = _require()
    model = transformers.MarianMTModel.from_pretrained(str(work / "hf"))
    arrays: dict[str, Any] = {}
    seen: dict[int, str] = {}
    aliases: dict[str, str] = {}
    for name, tensor in model.state_dict().items():
        ptr = tensor.data_ptr()
        if ptr in seen:
            aliases[name] = seen[ptr]
            continue
        seen[ptr] = name
        w = tensor.detach().float().cpu().numpy()
        if w.ndim == 2 and "embed_positions" not in name:
            scale = 127.0 / np.maximum(np.abs(w).max(axis=1, keepdims=True), 1e-12)
            arrays["q:" + name] = np.rint(w * scale).astype(np.int8)
            arrays["s:" + name] = scale.astype(np.float32)
        else:
            arrays["f:" + name] = w
    dest.mkdir(parents=True, exist_ok=True)
    np.savez(dest / PACK_NAME, **arrays)
    (dest / "aliases.json").write_text(json.dumps(aliases))
    for name in ("spm.model", "recipe.json", "train-record.json"):
        if (work / name).exists():
            shutil.copy(str(work / name), dest / name)
    shutil.copy(str(work / "hf" / "config.json"), dest / "config.json")
    return dest / PACK_NAME


def unpack_checkpoint(src: Path, work: Path) -> None:
    """The inverse of pack_checkpoint: a MarianMT in `work`/hf plus the vocabulary, recipe and record,
    ready for convert()/finish()."""
    import numpy as np

    torch, transformers = _require()
    config = transformers.MarianConfig.from_pretrained(str(src))
    model = transformers.MarianMTModel(config)
    state: dict[str, Any] = {}
    with np.load(src / PACK_NAME) as z:
        for key in z.files:
            kind, name = key.split(":", 1)
            if kind == "q":
                state[name] = torch.from_numpy(z[key].astype(np.float32) / z["s:" + name])
            elif kind == "f":
                state[name] = torch.from_numpy(z[key])
    aliases = json.loads((src / "aliases.json").read_text())
    for name, target in aliases.items():
        state[name] = state[target]
    missing, unexpected = model.load_state_dict(state, strict=False)
    if missing or unexpected:
        raise ModelError(f"{src}: checkpoint does not fit its config (missing {missing[:3]}, unexpected {unexpected[:3]})")
    work.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(str(work / "hf"))
    for name in ("spm.model", "recipe.json", "train-record.json"):
        if (src / name).exists():
            shutil.copy(str(src / name), work / name)
