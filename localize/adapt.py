"""Domain adaptation: fine-tune a model on a project's human translations (LoRA through peft, or full
fine-tuning), then convert it for CTranslate2.  Two kinds of base: a Hugging Face checkpoint you imported
(OPUS-MT/Marian ...), or an embedded model, whose training checkpoint and vocabulary are in the training
cache (`localize model train` leaves them there).  torch/transformers come through train._require()."""
from __future__ import annotations

import json
import logging
import random
import shutil
import time
from pathlib import Path
from typing import Any

from .errors import ModelError
from .train import _require, convert, pad_batch, target_tag, work_dir

log = logging.getLogger(__name__)


def adapt_checkpoint(checkpoint: Path, memory_path: Path, out_dir: Path, locale: str | None = None, epochs: float = 2.0,
          lr: float = 5e-4, use_lora: bool = True) -> dict[str, Any]:
    """Fine-tune a Hugging Face Marian checkpoint on the memory's human translations (the masked form
    the pipeline sends), with LoRA through peft when it is installed, then convert it like
    `localize model import`.  Returns the new model's card."""
    torch, transformers = _require()
    from .convert import import_model
    from .memory import human_pairs

    pairs = human_pairs(memory_path, locale)
    if len(pairs) < 5:
        raise ModelError(f"{memory_path}: only {len(pairs)} human translations{' for ' + locale if locale else ''}; "
                         "import catalogs first (localize memory import)")
    tok = transformers.AutoTokenizer.from_pretrained(str(checkpoint))
    model = transformers.AutoModelForSeq2SeqLM.from_pretrained(str(checkpoint))
    method = "full fine-tuning"
    if use_lora:
        try:
            import peft
            cfg = peft.LoraConfig(task_type=peft.TaskType.SEQ_2_SEQ_LM, r=8, lora_alpha=16, lora_dropout=0.05,
                                  target_modules=["q_proj", "v_proj"])
            model = peft.get_peft_model(model, cfg)
            method = "LoRA (r=8 on q_proj, v_proj)"
        except ImportError:
            log.warning("peft is not installed: full fine-tuning instead of LoRA")
    enc = tok([s for _l, s, _t in pairs], text_target=[t for _l, _s, t in pairs], truncation=True, max_length=128)
    rows = [{"input_ids": enc["input_ids"][i], "attention_mask": enc["attention_mask"][i], "labels": enc["labels"][i]}
            for i in range(len(pairs))]
    collator = transformers.DataCollatorForSeq2Seq(tok, model=model)
    work = out_dir.parent / f".{out_dir.name}-adapt"
    args = transformers.TrainingArguments(output_dir=str(work / "trainer"), num_train_epochs=epochs, learning_rate=lr,
                                          per_device_train_batch_size=16, save_strategy="no", report_to=[],
                                          use_cpu=not torch.cuda.is_available(), disable_tqdm=True, logging_steps=50)
    result = transformers.Trainer(model=model, args=args, train_dataset=rows, data_collator=collator).train()
    if method.startswith("LoRA"):
        model = model.merge_and_unload()
    hf_dir = work / "hf"
    model.save_pretrained(str(hf_dir))
    tok.save_pretrained(str(hf_dir))
    for f in ("source.spm", "target.spm", "vocab.json", "sentencepiece.bpe.model", "tokenizer_config.json"):
        if (checkpoint / f).exists() and not (hf_dir / f).exists():
            shutil.copy(checkpoint / f, hf_dir / f)
    card = import_model(hf_dir, out_dir, "int8", name=f"{checkpoint.name}-adapted")
    card["adaptation"] = {"method": method, "pairs": len(pairs), "epochs": epochs, "train_loss": result.training_loss,
                          "base": str(checkpoint), "memory": str(memory_path)}
    from .engine import CARD_NAME
    (out_dir / CARD_NAME).write_text(json.dumps(card, indent=2) + "\n", "utf-8")
    return card


def adapt_embedded(model_dir: Path, pairs: list[tuple[str, str, str]], out_dir: Path, epochs: float = 6.0,
                   lr: float = 1e-3, use_lora: bool = True, batch_size: int = 32, seed: int = 1,
                   rank: int = 16) -> dict[str, Any]:
    """Adapt an embedded model (localize/models/<group>) on (locale, masked source, masked target) pairs.
    Its transformers checkpoint and sentencepiece model come from the training cache."""
    torch, transformers = _require()
    import sentencepiece as spm

    work = work_dir(model_dir)
    if not (work / "hf").is_dir() or not (work / "spm.model").exists():
        raise ModelError(f"{model_dir.name}: its training checkpoint is not in the cache ({work}); "
                         f"recreate it with 'localize model train --group {model_dir.name}'")
    card = json.loads((model_dir / "localize-model.json").read_text("utf-8"))
    langs = set(card["target_languages"])
    pairs = [p for p in pairs if p[0] in langs]
    if len(pairs) < 5:
        raise ModelError(f"only {len(pairs)} human translations in the languages of {model_dir.name} "
                         f"({', '.join(sorted(langs))})")
    sp = spm.SentencePieceProcessor(model_file=str(work / "spm.model"))
    eos, pad = 0, sp.get_piece_size()
    rows = [([sp.piece_to_id(target_tag(lang))] + sp.encode(s)[:94] + [eos], sp.encode(t)[:95] + [eos])
            for lang, s, t in pairs]
    torch.manual_seed(seed)
    model = transformers.MarianMTModel.from_pretrained(str(work / "hf"))
    method = "full fine-tuning"
    if use_lora:
        import peft
        cfg = peft.LoraConfig(task_type=peft.TaskType.SEQ_2_SEQ_LM, r=rank, lora_alpha=2 * rank, lora_dropout=0.05,
                              target_modules=["q_proj", "k_proj", "v_proj", "out_proj", "fc1", "fc2"])
        model = peft.get_peft_model(model, cfg)
        method = f"LoRA (r={rank} on attention and feed-forward projections)"
    opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=lr)
    model.train()
    rng = random.Random(seed)
    steps, t0, losses = 0, time.time(), []
    for _epoch in range(max(1, round(epochs))):
        order = list(range(len(rows)))
        rng.shuffle(order)
        for i in range(0, len(order), batch_size):
            batch = pad_batch(torch, [rows[j] for j in order[i:i + batch_size]], pad)
            with torch.autocast("cpu", dtype=torch.bfloat16):
                out = model(**batch)
            out.loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            opt.zero_grad()
            steps += 1
            losses.append(float(out.loss.detach()))
    if use_lora:
        model = model.merge_and_unload()
    with torch.no_grad():  # CTranslate2 decodes from a zero <pad> row (see train.py)
        model.get_input_embeddings().weight[pad].zero_()
    hf_dir = out_dir.parent / f".{out_dir.name}-hf"
    model.save_pretrained(str(hf_dir))
    if out_dir.exists():
        shutil.rmtree(out_dir)
    convert(hf_dir, out_dir, sp, "int8")
    shutil.copy(str(work / "spm.model"), out_dir / "sentencepiece.model")
    shutil.rmtree(hf_dir, ignore_errors=True)
    used = sorted({lang for lang, _s, _t in pairs})
    new = {**card, "name": f"{card['name']}-adapted", "version": time.strftime("%Y%m%d%H%M"),
           "target_languages": used, "scores": {}, "scores_web": {},
           "adaptation": {"method": method, "base": card["name"], "pairs": len(pairs), "epochs": epochs, "lr": lr,
                          "steps": steps, "final_loss": round(sum(losses[-10:]) / max(1, len(losses[-10:])), 4),
                          "seconds": round(time.time() - t0, 1)}}
    (out_dir / "localize-model.json").write_text(json.dumps(new, indent=2, ensure_ascii=False) + "\n", "utf-8")
    return new
