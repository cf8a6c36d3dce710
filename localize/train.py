"""The default-model recipe: a small multilingual MarianMT trained with Hugging Face transformers on the
masked form of the corpora, converted with CTranslate2's own Transformers converter and quantized.

This module is the only importer of torch and transformers (optional extra ``[train]``).
"""
from __future__ import annotations

import json
import logging
import math
import random
import shutil
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from .corpus import GETTEXT, WEB, read_pairs
from .errors import ModelError
from .protect import MASK_CLOSE, MASK_OPEN, MAX_MASKS, mask_pair

log = logging.getLogger(__name__)


def _require() -> tuple[Any, Any]:
    try:
        import torch
        import transformers
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ModelError("training needs the [train] extra: pip install 'localize[train]' "
                         "(and pip install torch==2.13.0 for the CPU build)") from exc
    return torch, transformers


@dataclass
class Recipe:
    langs: list[str] = field(default_factory=lambda: ["de", "fr", "es"])
    vocab_size: int = 16000
    d_model: int = 256
    encoder_layers: int = 4
    decoder_layers: int = 3
    heads: int = 4
    ffn: int = 1024
    max_tokens: int = 2048      # source tokens (with padding) per batch
    max_len: int = 96
    lr: float = 1e-3
    warmup: int = 800
    label_smoothing: float = 0.1
    minutes: float = 75.0       # training time budget of this run (a resumed run gets its own)
    max_steps: int = 200000     # fixes the schedule; a run stops on time or here, whichever comes first
    seed: int = 1
    max_pairs_per_lang: int = 0  # 0 = all
    threads: int = 0
    precision: str = "bf16"     # bf16 autocast (AMX on CPU, tensor cores on GPU) or fp32
    save_minutes: float = 5.0   # checkpoint period: a lost run costs at most this much
    web_weight: int = 2         # the web-app (npm) training pairs are repeated this often
    character_coverage: float = 0.9999
    step_offset: int = 0        # schedule steps already taken by an earlier run whose optimizer did not travel


# Presets: "cpu" is the shape measured on the 2-core machine (10.5M parameters); "gpu" a bigger model
# sized for about 8 minutes of one H200 on all ten languages (scripts/gpu_train.sh).
PRESETS: dict[str, dict[str, Any]] = {
    "cpu": {},
    "gpu": {"vocab_size": 32000, "d_model": 512, "encoder_layers": 6, "decoder_layers": 3, "heads": 8,
            "ffn": 2048, "max_tokens": 24576, "lr": 7e-4, "warmup": 1000, "save_minutes": 2.0,
            "character_coverage": 0.9995},
}

# The embedded model: one ten-language model since the GPU recipe ran (README "Models").  On a CPU, a
# subset trains faster with the cpu preset: `localize model train --langs it,pt_BR --out models/mine`.
GROUPS: dict[str, list[str]] = {
    "default": ["de", "fr", "es", "it", "pt_BR", "nl", "pl", "ru", "ja", "zh_CN"],
}


def cache_dir() -> Path:
    """Where training keeps vocabularies and checkpoints: outside git, surviving a lost session's
    working tree.  $LOCALIZE_CACHE, else $XDG_CACHE_HOME/localize, else ~/.cache/localize."""
    import os
    env = os.environ.get("LOCALIZE_CACHE")
    if env:
        return Path(env)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "localize"


def work_dir(out_dir: Path) -> Path:
    return cache_dir() / "train" / out_dir.name


# Spellings a regional model language also serves (zh-Hans and bare zh mean Simplified Chinese as written
# in mainland China; zh_TW/zh_HK/zh_Hant never go to zh_CN).
ALIASES: dict[str, list[str]] = {"zh_CN": ["zh", "zh_Hans", "zh_SG", "zh_Hans_CN"], "pt_BR": []}


def language_codes(langs: list[str]) -> dict[str, str]:
    """Card entries mapping a locale to its model tag where the tag is not the bare language."""
    codes: dict[str, str] = {}
    for lang in langs:
        if "_" in lang:
            codes[lang] = lang
            for alias in ALIASES.get(lang, []):
                codes[alias] = lang
    return codes


def target_tag(lang: str) -> str:
    return f">>{lang}<<"


def masked_pairs(corpora: Path, lang: str, splits: set[str], limit: int = 0,
                 sets: tuple[str, ...] = (GETTEXT,)) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for p in read_pairs(corpora, lang, splits, sets):
        m = mask_pair(p.source, p.target)
        if m and m[0].strip() and m[1].strip():
            out.append(m)
            if limit and len(out) >= limit:
                break
    return out


def train_sentencepiece(texts: list[str], prefix: Path, recipe: Recipe) -> Any:
    import os

    import sentencepiece as spm  # the engine owns sentencepiece at run time; training needs it too

    symbols = [f"{MASK_OPEN}{i}{MASK_CLOSE}" for i in range(MAX_MASKS)] + [target_tag(l) for l in recipe.langs]
    rng = random.Random(recipe.seed)
    sample = texts if len(texts) <= 400000 else rng.sample(texts, 400000)
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(sample), model_prefix=str(prefix), vocab_size=recipe.vocab_size,
        model_type="unigram", character_coverage=recipe.character_coverage, user_defined_symbols=symbols,
        eos_id=0, unk_id=1, bos_id=-1, pad_id=-1, eos_piece="</s>", unk_piece="<unk>",
        split_digits=True, byte_fallback=False, num_threads=max(2, (os.cpu_count() or 2) - 1), minloglevel=2,
        normalization_rule_name="identity",
    )
    return spm.SentencePieceProcessor(model_file=str(prefix) + ".model")


class _Vocab:
    """What CTranslate2's Marian loader asks of a tokenizer: special tokens and the vocabulary."""

    def __init__(self, sp: Any) -> None:
        self.pieces = [sp.id_to_piece(i) for i in range(sp.get_piece_size())] + ["<pad>"]
        self.eos_token, self.unk_token, self.pad_token = "</s>", "<unk>", "<pad>"

    def get_vocab(self) -> dict[str, int]:
        return {p: i for i, p in enumerate(self.pieces)}


def convert(hf_dir: Path, out_dir: Path, sp: Any, quantization: str | None) -> None:
    """Convert a trained checkpoint with ctranslate2's TransformersConverter (tokenizer = our spm)."""
    from ctranslate2.converters import TransformersConverter

    class _Converter(TransformersConverter):
        def load_tokenizer(self, tokenizer_class: Any, model_name_or_path: str, **kwargs: Any) -> Any:
            return _Vocab(sp)

    _Converter(str(hf_dir)).convert(str(out_dir), quantization=quantization, force=True)


VMAP_NAME = "vmap.txt"


def corpus_pieces(corpora: Path, langs: list[str], sp: Any) -> dict[str, set[int]]:
    """The vocabulary ids each language's (masked) training targets use, read from the corpora (for a
    model trained elsewhere; train() has them already encoded)."""
    out: dict[str, set[int]] = {}
    for lang in langs:
        texts = [t for _s, t in masked_pairs(corpora, lang, {"train"}) + masked_pairs(corpora, lang, {"train"}, 0, (WEB,))]
        out[lang] = {i for ids in sp.encode(texts) for i in ids}
    return out


def write_vocabulary_map(out_dir: Path, sp: Any, used: dict[str, set[int]]) -> dict[str, int]:
    """CTranslate2's vocabulary map for a tag-selected multilingual model: the language tag maps to every
    target piece that language's training targets use (`used`: about 9k of 32k pieces each), and every
    piece to itself (a source's names and masks can always be copied).  Decoding then scores only the
    batch's candidates instead of the whole vocabulary.  Returns the candidate count per language."""
    lines: list[str] = []
    for lang, ids in used.items():
        lines.append(f"{target_tag(lang)}\t" + " ".join(sorted({sp.id_to_piece(i) for i in ids})))
    tags = {target_tag(lang) for lang in used}
    for i in range(sp.get_piece_size()):
        piece = sp.id_to_piece(i)
        if piece and piece not in tags and not any(c.isspace() for c in piece):
            lines.append(f"{piece}\t{piece}")
    (Path(out_dir) / VMAP_NAME).write_text("\n".join(lines) + "\n", "utf-8")
    return {lang: len({sp.id_to_piece(i) for i in ids}) for lang, ids in used.items()}


def _batches(lengths: list[int], max_tokens: int, rng: random.Random) -> list[list[int]]:
    """Length-bucketed batches (sorted by length with a little noise), padded size <= max_tokens."""
    order = sorted(range(len(lengths)), key=lambda i: lengths[i] + rng.random() * 2)
    batches: list[list[int]] = []
    cur: list[int] = []
    longest = 0
    for i in order:
        longest2 = max(longest, lengths[i])
        if cur and longest2 * (len(cur) + 1) > max_tokens:
            batches.append(cur)
            cur, longest2 = [], lengths[i]
        cur.append(i)
        longest = longest2
    if cur:
        batches.append(cur)
    return batches


class BucketSampler:
    """Batches of similar length in shuffled order, reshuffled every epoch (see TRAINING-NOTES:
    long-to-short blocks made the encoder collapse; random batches waste 4x on padding)."""

    def __init__(self, lengths: list[int], max_tokens: int, seed: int) -> None:
        self.lengths, self.max_tokens, self.seed, self.epoch = lengths, max_tokens, seed, 0
        self._n = len(_batches(lengths, max_tokens, random.Random(seed)))

    def __len__(self) -> int:
        return self._n

    def __iter__(self) -> Iterator[list[int]]:
        rng = random.Random(self.seed + self.epoch)
        self.epoch += 1
        batches = _batches(self.lengths, self.max_tokens, rng)
        rng.shuffle(batches)
        return iter(batches)


def pad_batch(torch: Any, rows: list[tuple[list[int], list[int]]], pad: int) -> dict[str, Any]:
    """(source ids, target ids) rows as one padded batch: labels padded with -100, decoder input the labels
    shifted right with <pad> first (Marian's decoder start)."""
    ls, lt = max(len(a) for a, _ in rows), max(len(b) for _, b in rows)
    inp = torch.full((len(rows), ls), pad, dtype=torch.long)
    lab = torch.full((len(rows), lt), -100, dtype=torch.long)
    for r, (a, b) in enumerate(rows):
        inp[r, : len(a)] = torch.tensor(a)
        lab[r, : len(b)] = torch.tensor(b)
    dec = torch.full((len(rows), lt), pad, dtype=torch.long)
    dec[:, 1:] = lab[:, :-1].masked_fill(lab[:, :-1] == -100, pad)
    return {"input_ids": inp, "attention_mask": (inp != pad).long(), "decoder_input_ids": dec, "labels": lab}


def _lang_pairs(args: tuple[Path, str, int]) -> tuple[str, list[tuple[str, str]], list[tuple[str, str]]]:
    corpora, lang, limit = args
    return lang, masked_pairs(corpora, lang, {"train"}, limit), masked_pairs(corpora, lang, {"train"}, 0, (WEB,))


def _training_pairs(corpora: Path, recipe: Recipe) -> list[tuple[str, list[tuple[str, str]], list[tuple[str, str]]]]:
    """Masked training pairs per language (gettext, web); one process per language where there are
    cores to spare (a GPU machine), so data preparation does not eat the GPU's minutes."""
    import os
    jobs = [(corpora, lang, recipe.max_pairs_per_lang) for lang in recipe.langs]
    workers = min(len(jobs), (os.cpu_count() or 1) - 1)
    if workers < 2:
        return [_lang_pairs(j) for j in jobs]
    from concurrent.futures import ProcessPoolExecutor
    with ProcessPoolExecutor(workers) as pool:
        return list(pool.map(_lang_pairs, jobs))


def _cached_data(corpora: Path, recipe: Recipe, work: Path) -> list[tuple[str, str, str]]:
    """The masked training pairs, kept in the work folder (pickle) for resumed runs: preparing 600k
    pairs takes minutes of one core.  The key covers the corpora files and the data-shaping recipe."""
    import hashlib
    import pickle
    files = sorted(p for lang in recipe.langs for p in Path(corpora).glob(f"*/{lang}.tsv.gz"))
    key = hashlib.sha256(json.dumps([[str(p), p.stat().st_size, p.stat().st_mtime_ns] for p in files] +
                                    [recipe.langs, recipe.max_pairs_per_lang, recipe.web_weight]).encode()).hexdigest()
    cache = work / "data.pickle"
    if cache.exists():
        try:
            with cache.open("rb") as fh:
                saved_key, data = pickle.load(fh)
            if saved_key == key:
                log.info("training pairs from %s", cache)
                return data  # type: ignore[no-any-return]
        except (OSError, pickle.UnpicklingError, ValueError, EOFError):
            pass
    data: list[tuple[str, str, str]] = []
    for lang, pairs, web in _training_pairs(corpora, recipe):
        data += [(lang, s, t) for s, t in pairs + web * recipe.web_weight]
        log.info("%s: %d gettext + %d web (x%d) masked training pairs", lang, len(pairs), len(web), recipe.web_weight)
    tmp = cache.with_suffix(".tmp")
    with tmp.open("wb") as fh:
        pickle.dump((key, data), fh, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(cache)
    return data


def _last_checkpoint(work: Path) -> Path | None:
    ckpts = [p for p in (work / "trainer").glob("checkpoint-*") if (p / "trainer_state.json").exists()]
    return max(ckpts, key=lambda p: int(p.name.split("-")[1])) if ckpts else None


def train(corpora: Path, out_dir: Path, recipe: Recipe, work: Path | None = None,
          resume: bool = False, device: str = "cpu", convert_model: bool = True,
          stop_at: float | None = None) -> dict[str, Any]:
    """Train, convert (int8) and write the model directory `out_dir`; returns the training record.
    Without `convert_model` the trained checkpoint is left in `work`/hf (a machine without CTranslate2:
    scripts/gpu_train.sh packs it and the caller converts).  `stop_at` (a time.time() value) ends
    training then at the latest, however long the data preparation took (a machine lent by the minute).

    Every `recipe.save_minutes` a full checkpoint (weights, optimizer, schedule, step) goes to `work`
    (default: the cache, outside git).  With `resume`, training continues from the last checkpoint with
    the same vocabulary, architecture and schedule; `recipe.minutes` is this run's budget."""
    torch, transformers = _require()
    work = Path(work or work_dir(out_dir))
    work.mkdir(parents=True, exist_ok=True)
    ckpt = _last_checkpoint(work) if resume else None
    if resume:
        if not (work / "spm.model").exists() or not (work / "recipe.json").exists():
            raise ModelError(f"{work}: nothing to resume (no vocabulary or recipe); train without --resume first")
        saved = json.loads((work / "recipe.json").read_text())
        budget = {k: getattr(recipe, k) for k in ("minutes", "threads", "save_minutes")}
        recipe = Recipe(**{**saved, **budget})
    elif _last_checkpoint(work):
        raise ModelError(f"{work} holds checkpoints of an earlier run: continue it with --resume, "
                         f"or delete the folder to start over")
    use_cuda = device == "cuda"
    if use_cuda and not torch.cuda.is_available():
        raise ModelError("--device cuda: torch sees no GPU")
    random.seed(recipe.seed)
    torch.manual_seed(recipe.seed)
    if recipe.threads:
        torch.set_num_threads(recipe.threads)
    t0 = time.time()
    data = _cached_data(corpora, recipe, work)
    if resume:
        import sentencepiece as spm
        sp = spm.SentencePieceProcessor(model_file=str(work / "spm.model"))
    else:
        texts = list(dict.fromkeys([s for _, s, _ in data] + [t for _, _, t in data]))
        sp = train_sentencepiece(texts, work / "spm", recipe)
        (work / "recipe.json").write_text(json.dumps(asdict(recipe), indent=2))
    eos, pad = 0, sp.get_piece_size()
    tags = {lang: sp.piece_to_id(target_tag(lang)) for lang in recipe.langs}
    src_ids = [[tags[lang]] + ids[: recipe.max_len - 2] + [eos]
               for (lang, _s, _t), ids in zip(data, sp.encode([s for _l, s, _t in data]))]
    tgt_ids = [ids[: recipe.max_len - 1] + [eos] for ids in sp.encode([t for _l, _s, t in data])]
    config = transformers.MarianConfig(
        vocab_size=pad + 1, d_model=recipe.d_model, encoder_layers=recipe.encoder_layers,
        decoder_layers=recipe.decoder_layers, encoder_attention_heads=recipe.heads,
        decoder_attention_heads=recipe.heads, encoder_ffn_dim=recipe.ffn, decoder_ffn_dim=recipe.ffn,
        max_position_embeddings=256, pad_token_id=pad, eos_token_id=eos, decoder_start_token_id=pad,
        forced_eos_token_id=eos, scale_embedding=True, share_encoder_decoder_embeddings=True,
        tie_word_embeddings=True, dropout=0.1, attention_dropout=0.0, activation_function="swish",
        decoder_vocab_size=pad + 1,
    )
    model = transformers.MarianMTModel(config)
    if resume and ckpt is None:
        # no trainer checkpoint (a model trained elsewhere, e.g. the GPU recipe's, whose optimizer state did
        # not travel back): continue from its weights with a fresh optimizer and schedule, never from scratch
        if not (work / "hf" / "config.json").exists():
            raise ModelError(f"{work}: nothing to resume (no trainer/checkpoint-* and no hf/ weights)")
        model = transformers.MarianMTModel.from_pretrained(str(work / "hf"))
        for part in (model.model.encoder, model.model.decoder):  # sinusoidal, never trained: as a new model
            part.embed_positions.weight.requires_grad_(False)   # (CTranslate2 computes them itself)
        done = 0
        if (work / "train-record.json").exists():
            done = int(json.loads((work / "train-record.json").read_text()).get("steps", 0))
        recipe = replace(recipe, step_offset=done)
        (work / "recipe.json").write_text(json.dumps(asdict(recipe), indent=2))
        log.info("resuming from the weights in %s at schedule step %d (fresh optimizer)", work / "hf", done)
    n_params = sum(p.numel() for p in model.parameters())
    start_step = json.loads((ckpt / "trainer_state.json").read_text())["global_step"] if ckpt else 0
    log.info("model: %.1fM parameters, %d pairs, %s, starting at step %d", n_params / 1e6, len(data),
             recipe.precision, start_step)

    class _DS(torch.utils.data.Dataset):  # type: ignore[misc]
        def __len__(self) -> int:
            return len(src_ids)

        def __getitem__(self, i: int) -> int:
            return i

    def collate(idx: list[int]) -> dict[str, Any]:
        return pad_batch(torch, [(src_ids[i], tgt_ids[i]) for i in idx], pad)

    # A resumed run reshuffles from a seed of its own (the data order before the break is not replayed).
    sampler = BucketSampler([max(len(a), len(b)) for a, b in zip(src_ids, tgt_ids)], recipe.max_tokens,
                            recipe.seed + start_step)

    class _Trainer(transformers.Trainer):  # type: ignore[misc]
        def get_train_dataloader(self) -> Any:
            # on a GPU, padding batches in the main process would starve it: four workers collate
            return torch.utils.data.DataLoader(_DS(), batch_sampler=sampler, collate_fn=collate,
                                               pin_memory=use_cuda, num_workers=4 if use_cuda else 0,
                                               persistent_workers=use_cuda)

    class _Guard(transformers.TrainerCallback):  # type: ignore[misc]
        """Keep the <pad> row zero (CTranslate2 starts decoding from a zero vector), checkpoint on a
        clock, and stop on time (with a last checkpoint)."""

        def __init__(self) -> None:
            self.start = self.saved = time.time()

        def on_step_end(self, args: Any, state: Any, control: Any, model: Any = None, **kw: Any) -> Any:
            with torch.no_grad():
                model.get_input_embeddings().weight[pad].zero_()
                model.get_output_embeddings().weight[pad].zero_()
            if not use_cuda and state.global_step % 10 == 0:
                _trim_heap()  # freed logits of big batches back to the system between steps (the 24k-token
                # batches of the gpu preset peak at about 19 GB on the CPU: 32k-vocabulary logits in fp32)
            now = time.time()
            if now - self.start > recipe.minutes * 60 or (stop_at is not None and now > stop_at):
                control.should_training_stop = True
                control.should_save = True
            elif now - self.saved > recipe.save_minutes * 60:
                control.should_save = True
            if control.should_save:
                self.saved = now
            return control

    lr, warmup, timescale = schedule(recipe)
    args = transformers.TrainingArguments(
        output_dir=str(work / "trainer"), max_steps=recipe.max_steps, learning_rate=lr,
        warmup_steps=warmup, lr_scheduler_type="inverse_sqrt", lr_scheduler_kwargs={"timescale": timescale},
        weight_decay=0.0,
        adam_beta2=0.98, label_smoothing_factor=recipe.label_smoothing, logging_steps=100,
        save_strategy="steps", save_steps=10**9, save_total_limit=2, ignore_data_skip=True,
        report_to=[], use_cpu=not use_cuda, dataloader_num_workers=0, seed=recipe.seed, max_grad_norm=1.0,
        disable_tqdm=True, bf16=recipe.precision == "bf16",
    )
    trainer = _Trainer(model=model, args=args, train_dataset=_DS(), data_collator=collate, callbacks=[_Guard()])
    result = trainer.train(resume_from_checkpoint=str(ckpt) if ckpt else None)
    train_minutes = (time.time() - t0) / 60
    model = trainer.model
    hf_dir = work / "hf"
    model.save_pretrained(str(hf_dir))
    dev_loss = dev_cross_entropy(model, sp, corpora, recipe, torch)
    if convert_model:
        if out_dir.exists():
            shutil.rmtree(out_dir)
        convert(hf_dir, out_dir, sp, "int8")
        shutil.copy(str(work / "spm.model"), out_dir / "sentencepiece.model")
        if len(recipe.langs) > 1:  # the targets are encoded already: their ids, per language
            used: dict[str, set[int]] = {lang: set() for lang in recipe.langs}
            for (lang, _s, _t), ids in zip(data, tgt_ids):
                used[lang].update(ids)
            write_vocabulary_map(out_dir, sp, used)
    previous: dict[str, Any] = {}
    if resume and (work / "train-record.json").exists():
        previous = json.loads((work / "train-record.json").read_text())
    runs = previous.get("run_log", [])
    runs.append({"device": device, "minutes": round(train_minutes, 1), "steps": result.global_step - start_step,
                 "end_step": recipe.step_offset + result.global_step, "train_loss": result.training_loss,
                 "dev_loss": dev_loss})
    record = {
        "recipe": asdict(recipe), "parameters": n_params, "pairs": len(data),
        "steps": recipe.step_offset + result.global_step, "train_loss": result.training_loss, "dev_loss": dev_loss,
        "train_minutes": round(sum(r["minutes"] for r in runs), 1), "runs": len(runs), "run_log": runs,
    }
    (work / "train-record.json").write_text(json.dumps(record, indent=2))
    return record


def _trim_heap() -> None:
    """Give freed heap memory back to the system (glibc malloc_trim); nothing elsewhere."""
    try:
        import ctypes
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


REWARM = 50  # warm-up steps for a fresh optimizer continuing a schedule (its moments start at zero)


def schedule(recipe: Recipe) -> tuple[float, int, int]:
    """(peak learning rate, warm-up steps, timescale) for transformers' inverse_sqrt schedule, whose rate
    after warm-up is peak * sqrt(timescale / (step + timescale - warmup)).  A new run: the recipe's own
    (timescale = warmup).  A run continuing `step_offset` steps of an earlier one from its weights alone
    (the GPU recipe's optimizer state does not travel back) follows the same curve from there, after a
    short warm-up of the fresh optimizer: rate(s) = lr * sqrt(warmup / (step_offset + s))."""
    if not recipe.step_offset:
        return recipe.lr, recipe.warmup, recipe.warmup
    timescale = recipe.step_offset + REWARM
    return recipe.lr * math.sqrt(recipe.warmup / timescale), REWARM, timescale


def dev_cross_entropy(model: Any, sp: Any, corpora: Path, recipe: Recipe, torch: Any, per_lang: int = 200) -> float:
    """Mean token cross-entropy (no label smoothing) on the dev split: the number to compare runs by
    (fp32 vs bf16, one recipe vs another) without decoding.  Batched, padded, no gradients."""
    model.eval()
    dev = next(model.parameters()).device
    pad = sp.get_piece_size()
    rows: list[tuple[list[int], list[int]]] = []
    for lang in recipe.langs:
        for s, t in masked_pairs(corpora, lang, {"dev"}, per_lang):
            rows.append(([sp.piece_to_id(target_tag(lang))] + sp.encode(s)[: recipe.max_len - 2] + [0],
                         sp.encode(t)[: recipe.max_len - 1] + [0]))
    total, count = 0.0, 0
    with torch.no_grad():
        for i in range(0, len(rows), 64):
            batch = {k: v.to(dev) for k, v in pad_batch(torch, rows[i:i + 64], pad).items()}
            lab = batch.pop("labels")
            out = model(**batch)
            loss = torch.nn.functional.cross_entropy(out.logits.float().reshape(-1, out.logits.shape[-1]),
                                                     lab.reshape(-1), ignore_index=-100, reduction="sum")
            total += float(loss)
            count += int((lab != -100).sum())
    model.train()
    return round(total / max(1, count), 4)


def check_conversion(work: Path, sp: Any, sources: list[tuple[str, str]], limit: int = 100) -> float:
    """Share of sentences where CTranslate2 (float32) and transformers give the same greedy output."""
    torch, transformers = _require()
    import ctranslate2

    ref_dir = work / "ct2-f32"
    convert(work / "hf", ref_dir, sp, None)
    model = transformers.MarianMTModel.from_pretrained(str(work / "hf")).eval()
    tr = ctranslate2.Translator(str(ref_dir), device="cpu")
    same = 0
    items = sources[:limit]
    for lang, text in items:
        ids = [sp.piece_to_id(target_tag(lang))] + sp.encode(text) + [0]
        with torch.no_grad():
            out = model.generate(torch.tensor([ids]), num_beams=1, do_sample=False, max_new_tokens=128, forced_eos_token_id=None)
        hf_tokens = [sp.id_to_piece(i) for i in out[0].tolist() if i not in (0, sp.get_piece_size())]
        ct = tr.translate_batch([[sp.id_to_piece(i) for i in ids]], beam_size=1, max_decoding_length=128)
        same += hf_tokens == ct[0].hypotheses[0]
    return same / max(1, len(items))


def evaluate(model_dir: Path, corpora: Path, langs: list[str], per_lang: int = 1000, seed: int = 7,
             corpus_set: str = GETTEXT) -> dict[str, Any]:
    """chrF/BLEU on the package-disjoint test split of one corpus set (gettext or web) through the real
    pipeline path (mask, translate, restore), next to the copy-the-source baseline on the same strings."""
    from .engine.ct2 import CT2Translator
    from .scoring import score, translate_plain

    engine = CT2Translator(model_dir, beam_size=4)
    out: dict[str, Any] = {}
    for lang in langs:
        pairs = [(p.source, p.target) for p in read_pairs(corpora, lang, {"test"}, (corpus_set,))]
        if not pairs:
            continue
        random.Random(seed).shuffle(pairs)
        pairs = pairs[:per_lang]
        t0 = time.time()
        hyps = translate_plain(engine, [s for s, _ in pairs], lang)
        secs = time.time() - t0
        refs = [t for _, t in pairs]
        mt = score(hyps, refs, lang, ("bleu", "chrf"))
        copy = score([s for s, _ in pairs], refs, lang, ("bleu", "chrf"))
        out[lang] = {"n": len(pairs), "chrf": round(mt["chrf"].score, 1), "bleu": round(mt["bleu"].score, 1),
                     "copy_chrf": round(copy["chrf"].score, 1), "copy_bleu": round(copy["bleu"].score, 1),
                     "chrf_signature": mt["chrf"].signature, "bleu_signature": mt["bleu"].signature,
                     "seconds": round(secs, 1)}
    return out


def write_card(out_dir: Path, recipe: Recipe, record: dict[str, Any], scores: dict[str, Any],
               agreement: float | None, corpora: Path, web_scores: dict[str, Any] | None = None) -> dict[str, Any]:
    size = sum(f.stat().st_size for f in out_dir.iterdir() if f.is_file())
    card = {
        "name": f"localize-{out_dir.name}", "version": time.strftime("%Y%m%d"),
        "source_languages": ["en"], "target_languages": recipe.langs,
        "target_selection": "source_tag", "tag_format": ">>{lang}<<", "max_positions": 256,
        "language_codes": language_codes(recipe.langs),
        "source_spm": "sentencepiece.model", "target_spm": "sentencepiece.model",
        "architecture": f"MarianMT transformer, d_model {recipe.d_model}, {recipe.encoder_layers}+"
                        f"{recipe.decoder_layers} layers, {recipe.heads} heads, ffn {recipe.ffn}, shared "
                        f"{recipe.vocab_size}-piece sentencepiece vocabulary; CTranslate2 int8",
        "parameters": record.get("parameters"), "size_bytes": size,
        "training_data": f"{Path(corpora).name}/SOURCES.tsv: human translations from the .mo catalogs of Debian "
                         "packages (GNOME, KDE, Xfce, GNU, LibreOffice ...) and the i18n bundles of npm "
                         f"packages (web-app UI strings, repeated x{recipe.web_weight}), train splits; "
                         "test splits are package-disjoint",
        "license": "model weights: same terms as the training catalogs (mostly GPL/LGPL); see corpora/SOURCES.tsv",
        "training": {k: record[k] for k in ("pairs", "steps", "train_loss", "dev_loss", "train_minutes", "run_log")
                     if k in record},
        "training_command": f"localize model train --group {out_dir.name} (then --resume until it stops improving)",
        "recipe": asdict(recipe), "ct2_transformers_agreement": agreement, "scores": scores,
        "scores_web": web_scores or {},
        "quality": "A small model for offline use and tests: expect rough but usually placeholder-safe "
                   "translations of UI strings; every output is marked fuzzy for review. For production "
                   "quality import OPUS-MT or NLLB: localize model import ./opus-mt-en-de --out models/en-de",
        "weaknesses": weaknesses(scores, web_scores or {}),
    }
    from .engine import CARD_NAME
    (out_dir / CARD_NAME).write_text(json.dumps(card, indent=2, ensure_ascii=False) + "\n", "utf-8")
    return card


def weaknesses(scores: dict[str, Any], web_scores: dict[str, Any]) -> list[str]:
    """The card's known weaknesses: the measured ones (weak languages, a split the model does worse on)
    and those of its training data."""
    out: list[str] = []
    for lang, s in scores.items():
        if s.get("chrf", 100) < 52:
            out.append(f"{lang}: chrF {s['chrf']} on the gettext test split, the weakest languages: review its output")
        w = web_scores.get(lang, {}).get("chrf")
        if w is not None and w - s.get("chrf", w) > 5:
            out.append(f"{lang}: {w - s['chrf']:.1f} chrF lower on long Debian messages (gettext split) than on "
                       f"web-app strings")
    return out + [
        "trained on software UI strings only: long prose, documentation and marketing copy are out of domain",
        "no context: msgctxt, comments and keys are not seen by the model, so one-word labels are ambiguous",
        "one sentence at a time: no document-level consistency beyond the glossary and the memory",
    ]


def finish(out_dir: Path, work: Path, corpora: Path, recipe: Recipe, record: dict[str, Any]) -> dict[str, Any]:
    """After training: conversion agreement check, card, evaluation on the test split."""
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_file=str(work / "spm.model"))
    dev = [(lang, s) for lang in recipe.langs for s, _ in masked_pairs(corpora, lang, {"dev"}, 50)]
    agreement = check_conversion(work, sp, dev, len(dev))
    write_card(out_dir, recipe, record, {}, agreement, corpora)  # a card first: evaluate() loads the model
    scores = evaluate(out_dir, corpora, recipe.langs)
    web = evaluate(out_dir, corpora, recipe.langs, corpus_set=WEB)
    return write_card(out_dir, recipe, record, scores, agreement, corpora, web)


def build_default(corpora: Path, out_dir: Path, recipe: Recipe, resume: bool = False,
                  device: str = "cpu", work: Path | None = None, evaluate_model: bool = True) -> dict[str, Any]:
    """Train (or resume), convert, evaluate and write the card of one embedded model.  Without
    `evaluate_model` the card has no scores (a GPU run leaves the CPU evaluation to the caller)."""
    work = Path(work or work_dir(out_dir))
    record = train(corpora, out_dir, recipe, work, resume=resume, device=device)
    recipe = Recipe(**record["recipe"])
    if not evaluate_model:
        return write_card(out_dir, recipe, record, {}, None, corpora)
    card = finish(out_dir, work, corpora, recipe, record)
    for lang, s in card["scores"].items():
        log.info("%s: chrF %.1f (copy-the-source %.1f), BLEU %.1f", lang, s["chrf"], s["copy_chrf"], s["bleu"])
    return card
