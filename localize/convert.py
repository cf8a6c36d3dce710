"""`localize model import`: convert a local Hugging Face checkpoint (OPUS-MT/Marian, NLLB, M2M100)
with CTranslate2's own TransformersConverter, copy the tokenizer files, write the model card.
Needs the optional extra [convert] (transformers, torch); nothing is downloaded."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

from .engine import CARD_NAME
from .errors import ModelError

# NLLB/M2M100 language codes for the locales localize knows best
NLLB_CODES = {"en": "eng_Latn", "de": "deu_Latn", "fr": "fra_Latn", "es": "spa_Latn", "it": "ita_Latn",
              "pt": "por_Latn", "nl": "nld_Latn", "pl": "pol_Latn", "ru": "rus_Cyrl", "ja": "jpn_Jpan",
              "zh": "zho_Hans", "ko": "kor_Hang", "ar": "arb_Arab", "tr": "tur_Latn", "uk": "ukr_Cyrl",
              "cs": "ces_Latn", "sv": "swe_Latn", "da": "dan_Latn", "fi": "fin_Latn", "el": "ell_Grek",
              "he": "heb_Hebr", "hu": "hun_Latn", "ro": "ron_Latn", "id": "ind_Latn", "vi": "vie_Latn"}


def _languages_from_name(name: str) -> tuple[list[str], list[str]]:
    m = re.search(r"opus-mt-([a-z]{2,3}(?:_[A-Za-z]+)?)-([a-z]{2,3}(?:_[A-Za-z]+)?)", name)
    if m:
        return [m.group(1)], [m.group(2)]
    return ["*"], ["*"]


_LANG_RE = re.compile(r"^[a-z]{2,3}(?:[_-][A-Za-z]{2,4})?$")


def _codes(value: Any) -> list[str]:
    """Language codes of a config field ("de", "de+nl", ["fr", "es"]); a group name such as
    "ROMANCE" or "mul" is not a language and gives nothing."""
    items = value if isinstance(value, list) else re.split(r"[+,\s]+", value) if isinstance(value, str) else []
    out = [str(v) for v in items if isinstance(v, str) and _LANG_RE.match(v) and v != "mul"]
    return out if len(out) == len([v for v in items if v]) else []


def _languages_from_config(src: Path, config: dict[str, Any]) -> tuple[list[str], list[str]]:
    """source_lang / target_lang as the checkpoint declares them (config.json, else
    tokenizer_config.json, where MarianTokenizer keeps them); ([], []) when neither says."""
    tok: dict[str, Any] = {}
    if (src / "tokenizer_config.json").exists():
        try:
            tok = json.loads((src / "tokenizer_config.json").read_text("utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError):
            tok = {}
    s = _codes(config.get("source_lang")) or _codes(tok.get("source_lang"))
    t = _codes(config.get("target_lang")) or _codes(tok.get("target_lang"))
    return s, t


def import_model(src: Path, out: Path, quantization: str | None = "int8", name: str | None = None) -> dict[str, Any]:
    config_path = src / "config.json"
    if not config_path.exists():
        raise ModelError(f"{src}: not a Hugging Face checkpoint (missing config.json)")
    try:
        config = json.loads(config_path.read_text("utf-8"))
    except json.JSONDecodeError as exc:
        raise ModelError(f"{config_path}: unreadable: {exc}") from None
    mtype = config.get("model_type", "")
    try:
        from ctranslate2.converters import TransformersConverter
        import transformers  # noqa: F401  (the converter needs it)
    except ImportError as exc:
        raise ModelError("model import needs the [convert] extra: pip install torch==2.13.0 'localize[convert]'") from exc
    card: dict[str, Any] = {"name": name or src.name, "version": "imported", "imported_from": str(src),
                            "model_type": mtype, "license": "see the original model's license",
                            "training_data": "see the original model card"}
    if mtype == "marian":
        files = [f for f in ("source.spm", "target.spm") if (src / f).exists()]
        if len(files) != 2:
            raise ModelError(f"{src}: Marian checkpoint without source.spm/target.spm")
        s, t = _languages_from_name(src.name)
        cs, ct = _languages_from_config(src, config)  # what the checkpoint says beats its folder name
        s, t = cs or s, ct or t
        card.update({"source_languages": s, "target_languages": t, "source_spm": "source.spm",
                     "target_spm": "target.spm", "target_selection": "none"})
        vocab = json.loads((src / "vocab.json").read_text("utf-8")) if (src / "vocab.json").exists() else {}
        tags = sorted(k[2:-2] for k in vocab if re.fullmatch(r">>[a-z_A-Z]{2,8}<<", k))
        if tags:  # multi-target OPUS-MT: the target is chosen with a >>xx<< token in the source
            card.update({"target_languages": tags, "target_selection": "source_tag", "tag_format": ">>{lang}<<"})
    elif mtype in ("m2m_100", "nllb-moe") or "nllb" in src.name.lower():
        spm = next((f for f in ("sentencepiece.bpe.model", "spm.model", "sentencepiece.model") if (src / f).exists()), None)
        if spm is None:
            raise ModelError(f"{src}: no sentencepiece model (sentencepiece.bpe.model) next to the checkpoint")
        files = [spm]
        nllb = "nllb" in src.name.lower() or (src / "tokenizer_config.json").exists() and "nllb" in (src / "tokenizer_config.json").read_text("utf-8").lower()
        codes = NLLB_CODES if nllb else {k: f"__{k}__" for k in NLLB_CODES}
        card.update({"source_languages": ["en"], "target_languages": sorted(codes), "source_spm": spm,
                     "target_spm": spm, "target_selection": "target_prefix",
                     "language_codes": codes, "source_prefix": [codes["en"]]})
    else:
        raise ModelError(f"{src}: unsupported model type {mtype!r} (marian, m2m_100/NLLB)")
    if out.exists():
        shutil.rmtree(out)
    try:
        TransformersConverter(str(src), copy_files=files).convert(str(out), quantization=quantization, force=True)
    except (ValueError, OSError, RuntimeError) as exc:
        raise ModelError(f"{src}: conversion failed: {exc}") from None
    card["quantization"] = quantization or "float32"
    (out / CARD_NAME).write_text(json.dumps(card, indent=2) + "\n", "utf-8")
    return card
