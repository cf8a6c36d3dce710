"""CTranslate2 engine with sentencepiece tokenization.  The only importer of ctranslate2.

A model directory holds the CTranslate2 model (model.bin, config.json, vocabulary), its
sentencepiece model(s) and a model card, localize-model.json:

    {"name": ..., "source_languages": ["en"], "target_languages": ["de", "fr"],
     "target_selection": "source_tag" | "target_prefix" | "none",
     "tag_format": ">>{lang}<<", "language_codes": {"de": "deu_Latn"},
     "source_spm": "sentencepiece.model", "target_spm": "sentencepiece.model",
     "source_prefix": ["eng_Latn"], "license": ..., "training_data": ..., "scores": {...}}

target_selection: "source_tag" puts the target tag first in the source (OPUS-MT multi-target,
the default model); "target_prefix" starts decoding with the target code (NLLB, M2M100);
"none" is a bilingual model.
"""
from __future__ import annotations

import json
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import EngineError, ModelError
from ..protect import MASK_CLOSE, MASK_OPEN, MASK_RE, MAX_MASKS
from ..plurals import language, normalize
from . import CARD_NAME, Hypothesis, Request


def _ct2() -> Any:
    try:
        import ctranslate2
    except ImportError as exc:  # pragma: no cover
        raise ModelError("ctranslate2 is not installed: pip install ctranslate2") from exc
    return ctranslate2


@dataclass
class ModelCard:
    path: Path
    name: str
    source_languages: list[str]
    target_languages: list[str]
    target_selection: str = "none"
    tag_format: str = ">>{lang}<<"
    language_codes: dict[str, str] = field(default_factory=dict)
    source_spm: str = "sentencepiece.model"
    target_spm: str = "sentencepiece.model"
    source_prefix: list[str] = field(default_factory=list)
    raw: dict[str, Any] = field(default_factory=dict)

    @property
    def model_id(self) -> str:
        return f"{self.name}@{self.raw.get('version', '0')}"

    def code(self, locale: str) -> str:
        loc = normalize(locale)
        return self.language_codes.get(loc) or self.language_codes.get(language(loc)) or language(loc)

    def supports(self, source: str, target: str) -> bool:
        def has(langs: list[str], loc: str) -> bool:
            return "*" in langs or normalize(loc) in langs or language(loc) in langs
        # a regional model language (pt_BR, zh_CN) serves its listed spellings only (zh_Hans, not zh_TW)
        return has(self.source_languages, source) and (
            has(self.target_languages, target) or normalize(target) in self.language_codes)


def read_card(path: str | Path) -> ModelCard:
    """Validate a model directory and read its card; ModelError names what is missing."""
    p = Path(path)
    if not p.is_dir():
        raise ModelError(f"{p}: model directory not found")
    card_path = p / CARD_NAME
    if not card_path.exists():
        raise ModelError(f"{p}: not a localize model (missing {CARD_NAME}); import it with 'localize model import'")
    try:
        raw = json.loads(card_path.read_text("utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ModelError(f"{card_path}: unreadable model card: {exc}") from None
    card = ModelCard(
        path=p, name=raw.get("name", p.name), source_languages=raw.get("source_languages", []),
        target_languages=raw.get("target_languages", []),
        target_selection=raw.get("target_selection", "none"), tag_format=raw.get("tag_format", ">>{lang}<<"),
        language_codes=raw.get("language_codes", {}), source_spm=raw.get("source_spm", "sentencepiece.model"),
        target_spm=raw.get("target_spm", raw.get("source_spm", "sentencepiece.model")),
        source_prefix=raw.get("source_prefix", []), raw=raw,
    )
    missing = [f for f in ("model.bin", "config.json", card.source_spm, card.target_spm) if not (p / f).exists()]
    if not any((p / v).exists() for v in ("shared_vocabulary.json", "shared_vocabulary.txt",
                                            "source_vocabulary.json", "source_vocabulary.txt")):
        missing.append("vocabulary (shared_vocabulary.json or source/target_vocabulary.json)")
    if missing:
        raise ModelError(f"{p}: incomplete model, missing {', '.join(sorted(set(missing)))}")
    return card


def pick_device(device: str = "auto", compute_type: str = "auto") -> tuple[str, str]:
    """auto: CUDA when a GPU is visible, else CPU; int8 on CPU, int8_float16 on GPU."""
    ct2 = _ct2()
    if device == "auto":
        device = "cuda" if ct2.get_cuda_device_count() > 0 else "cpu"
    elif device == "cuda" and ct2.get_cuda_device_count() == 0:
        raise ModelError('device "cuda" requested but CTranslate2 sees no CUDA GPU (a CPU-only build, or no '
                         'driver); use device = "auto" or "cpu"')
    elif device not in ("cpu", "cuda"):
        raise ModelError(f'unknown device {device!r}: use "auto", "cpu" or "cuda"')
    if compute_type == "auto":
        supported = ct2.get_supported_compute_types(device)
        prefs = ["int8_float16", "float16", "int8"] if device == "cuda" else ["int8", "int8_float32", "float32"]
        compute_type = next((c for c in prefs if c in supported), "default")
    return device, compute_type


GROUP_BOUNDS = (8, 16, 32, 64)  # source tokens: each group gets a decoding cap that fits its strings
_NOT_PRINTABLE_ASCII = re.compile(r"[^\x20-\x7e\t\n\r]")  # control codes (IRC \x02 bold) are checked one by one
MIN_GROUP = 256  # strings: below this a length group is not worth its own translate_batch call


class CT2Translator:
    """A loaded CTranslate2 model.  `translate()` takes whole batches (mixed target locales are
    fine for tag- and prefix-selected models) and returns n-best detokenized hypotheses."""

    def __init__(self, path: str | Path, device: str = "auto", compute_type: str = "auto",
                 beam_size: int = 4, max_batch_tokens: int = 0, no_repeat_ngram_size: int = 4,
                 max_length_ratio: float = 3.0, intra_threads: int = 0, inter_threads: int = 1) -> None:
        self.card = read_card(path)
        import sentencepiece as spm

        ct2 = _ct2()
        self.device, self.compute_type = pick_device(device, compute_type)
        threads = intra_threads or min(os.cpu_count() or 1, 8)
        try:
            self._tr = ct2.Translator(str(self.card.path), device=self.device, compute_type=self.compute_type,
                                      intra_threads=threads, inter_threads=inter_threads)
            self._src = spm.SentencePieceProcessor(model_file=str(self.card.path / self.card.source_spm))
            self._tgt = (self._src if self.card.target_spm == self.card.source_spm else
                         spm.SentencePieceProcessor(model_file=str(self.card.path / self.card.target_spm)))
        except (RuntimeError, OSError, ValueError) as exc:
            raise ModelError(f"{self.card.path}: cannot load model: {exc}") from None
        self.beam_size = beam_size
        # tokens per batch: a CPU is fastest with small batches, a GPU needs large ones to be busy
        self.max_batch_tokens = max_batch_tokens or (16384 if self.device == "cuda" else 2048)
        self.no_repeat_ngram_size = no_repeat_ngram_size
        self.max_length_ratio = max_length_ratio
        self.max_positions = int(self.card.raw.get("max_positions", 1024)) - 2
        self._unk_id = self._src.unk_id()
        self._oov: dict[str, bool] = {}
        self._ascii_known = not any(self._is_oov(chr(c)) for c in range(32, 127))
        self._special = frozenset({"</s>", "<pad>", "<s>"} | set(self.card.language_codes.values()))
        # a vocabulary map (vmap.txt: the target tokens each language uses, and every source token may be
        # copied) shrinks the output layer to the batch's candidates: about 1.45x faster on a CPU
        self.use_vmap = (self.card.path / "vmap.txt").is_file()
        self.calls = 0            # translate_batch calls (the benchmark and tests read these)
        self.sentences = 0
        self.seconds = 0.0

    @property
    def model_id(self) -> str:
        return self.card.model_id

    def supports(self, source: str, target: str) -> bool:
        return self.card.supports(source, target)

    def tokenize(self, req: Request) -> list[str]:
        pieces = self._src.encode(req.text, out_type=str)
        if self.card.target_selection == "source_tag":
            pieces = [self.card.tag_format.format(lang=self.card.code(req.target))] + pieces
        return list(self.card.source_prefix) + pieces + ["</s>"]

    def detokenize(self, tokens: list[str]) -> str:
        special = self._special
        return self._tgt.decode_pieces([t for t in tokens if t not in special])

    def batches(self, tokenized: list[list[str]], targets: list[str] | None = None) -> list[list[int]]:
        """Indexes grouped by source length (<=8, <=16, <=32, <=64, longer tokens), sorted within a
        group: one translate_batch call per group, which CTranslate2 splits into token batches of
        max_batch_tokens itself; the decoding-length cap then fits each group's strings.  With a
        vocabulary map, by target language first (a batch's candidates are the union of its languages')."""
        if self.use_vmap and targets and len(set(targets)) > 1:
            by_target: dict[str, list[int]] = {}
            for i, t in enumerate(targets):
                by_target.setdefault(t, []).append(i)
            out: list[list[int]] = []
            for idx in by_target.values():
                out += [[idx[j] for j in b] for b in self.batches([tokenized[i] for i in idx])]
            return out
        groups: dict[int, list[int]] = {}
        for i, toks in enumerate(tokenized):
            n = len(toks)
            key = next((b for b in GROUP_BOUNDS if n <= b), 1 << 20)
            groups.setdefault(key, []).append(i)
        # a call of a few strings costs nearly as much as a full batch: small groups join the next
        # longer one (the last joins the previous), the cap then follows the longest string
        merged: list[list[int]] = []
        carry: list[int] = []
        for _k, idx in sorted(groups.items()):
            carry += idx
            if len(carry) >= MIN_GROUP:
                merged.append(carry)
                carry = []
        if carry:
            if merged:
                merged[-1] += carry
            else:
                merged.append(carry)
        return [sorted(idx, key=lambda i: len(tokenized[i])) for idx in merged]

    def _is_oov(self, ch: str) -> bool:
        known = self._oov.get(ch)
        if known is None:
            known = self._oov[ch] = not ch.isspace() and self._unk_id in self._src.encode(ch)
        return known

    def shield(self, text: str) -> tuple[str, list[tuple[str, str]]]:
        """Characters the sentencepiece model cannot represent (emoji, ©, €, ², ✓ in the default model)
        would come back as "⁇": each run of them becomes a mask token after the text's own masks, and
        goes back in after translation.  Returns the text for the model and (token, original) pairs."""
        plain = MASK_RE.sub("", text)
        if (self._ascii_known and not _NOT_PRINTABLE_ASCII.search(plain)) or not any(self._is_oov(ch) for ch in plain):
            return text, []
        used = [int(m.group(1)) for m in MASK_RE.finditer(text)]
        nxt = max(used) + 1 if used else 0
        runs: list[tuple[str, str]] = []
        out: list[str] = []
        inside = [False] * len(text)  # the text's own mask tokens are whole pieces, not characters
        for m in MASK_RE.finditer(text):
            inside[m.start():m.end()] = [True] * (m.end() - m.start())
        i = 0
        while i < len(text):
            j = i
            while j < len(text) and not inside[j] and self._is_oov(text[j]):
                j += 1
            if j == i:
                out.append(text[i])
                i += 1
                continue
            if nxt < MAX_MASKS:
                token = f"{MASK_OPEN}{nxt}{MASK_CLOSE}"
                nxt += 1
                runs.append((token, text[i:j]))
                out.append(token)
            else:
                out.append(text[i:j])
            i = j
        return "".join(out), runs

    @staticmethod
    def unshield(hyp: str, runs: list[tuple[str, str]]) -> str:
        """Put shielded characters back; a token the model repeated is left in place (and one it lost
        is appended), so the caller's mask check rejects that hypothesis instead of shipping it
        without the character."""
        for token, original in runs:
            n = hyp.count(token)
            if n == 1:
                hyp = hyp.replace(token, original)
            elif n == 0:  # dropped: keep a trace the mask check sees, never a silent loss
                hyp = f"{hyp} {token}"
        return hyp

    def translate(self, requests: list[Request], n_best: int = 1) -> list[list[str]]:
        if not requests:
            return []
        shielded = [self.shield(r.text) for r in requests]
        model_reqs = [Request(t, r.target) if runs else r for r, (t, runs) in zip(requests, shielded)]
        tokenized = [self.tokenize(r) for r in model_reqs]
        results: list[list[str]] = [[] for _ in requests]
        for batch in self.batches(tokenized, [self.card.code(r.target) for r in model_reqs]):
            self._run(batch, tokenized, model_reqs, results, n_best)
        for i, (_t, runs) in enumerate(shielded):
            if runs:
                results[i] = [Hypothesis(self.unshield(h, runs), getattr(h, "score", None), getattr(h, "tokens", 0),
                                         getattr(h, "source_tokens", 0)) for h in results[i]]
        return results

    def _run(self, batch: list[int], tokenized: list[list[str]], requests: list[Request],
             results: list[list[str]], n_best: int) -> None:
        src = [tokenized[i] for i in batch]
        prefix = None
        if self.card.target_selection == "target_prefix":
            prefix = [[self.card.code(requests[i].target)] for i in batch]
        longest = max(len(s) for s in src)
        beam = max(self.beam_size, n_best)
        t0 = time.perf_counter()
        try:
            out = self._tr.translate_batch(
                src, target_prefix=prefix, beam_size=beam, num_hypotheses=min(n_best, beam),
                max_batch_size=self.max_batch_tokens, batch_type="tokens",
                max_decoding_length=min(int(longest * self.max_length_ratio) + 8, self.max_positions),
                max_input_length=self.max_positions,
                no_repeat_ngram_size=self.no_repeat_ngram_size, return_scores=True,  # length-normalized log-prob
                disable_unk=True,  # never "⁇": characters the vocabulary lacks are shielded instead
                use_vmap=self.use_vmap,
            )
        except RuntimeError as exc:
            raise EngineError(f"engine failed on a batch of {len(src)} strings: {exc}") from exc
        self.seconds += time.perf_counter() - t0
        self.calls += 1
        self.sentences += len(src)
        for i, res in zip(batch, out):
            hyps: list[str] = []
            scores = list(res.scores) if res.scores else [None] * len(res.hypotheses)
            for h, sc in zip(res.hypotheses, scores):
                if prefix and h and h[0] == prefix[0][0]:
                    h = h[1:]
                hyps.append(Hypothesis(self.detokenize(h), sc, len(h), len(tokenized[i])))
            results[i] = hyps

    def raw_translate_batch(self, tokenized: list[list[str]], **kwargs: Any) -> Any:
        """Direct access for the benchmark: one translate_batch call on pre-tokenized input."""
        return self._tr.translate_batch(tokenized, **kwargs)


def list_models(dirs: list[Path]) -> list[ModelCard]:
    cards: list[ModelCard] = []
    for d in dirs:
        if (d / CARD_NAME).exists():
            try:
                cards.append(read_card(d))
            except ModelError:
                continue
        elif d.is_dir():
            for sub in sorted(d.iterdir()):
                if (sub / CARD_NAME).exists():
                    try:
                        cards.append(read_card(sub))
                    except ModelError:
                        continue
    return cards
