"""`localize model import` on a tiny Marian checkpoint the test builds itself (random weights):
CTranslate2's converter runs for real, offline; the imported model loads and translates."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from localize.engine import Request
from localize.engine.ct2 import CT2Translator, read_card
from localize.errors import ModelError

transformers = pytest.importorskip("transformers")
pytest.importorskip("torch")


def _tiny_marian(path: Path) -> None:
    import sentencepiece as spm

    path.mkdir(parents=True)
    text = ["Open the file", "Save the document", "Delete the selected items", "Print the page",
            "Datei öffnen", "Dokument speichern", "Seite drucken", "Ausgewählte Elemente löschen"] * 20
    spm.SentencePieceTrainer.train(sentence_iterator=iter(text), model_prefix=str(path / "spm"), vocab_size=60,
                                   model_type="unigram", eos_id=0, unk_id=1, bos_id=-1, pad_id=-1,
                                   eos_piece="</s>", unk_piece="<unk>", minloglevel=2, hard_vocab_limit=False)
    (path / "spm.model").rename(path / "source.spm")
    (path / "source.spm").read_bytes()
    (path / "target.spm").write_bytes((path / "source.spm").read_bytes())
    sp = spm.SentencePieceProcessor(model_file=str(path / "source.spm"))
    vocab = {sp.id_to_piece(i): i for i in range(sp.get_piece_size())}
    vocab["<pad>"] = len(vocab)
    (path / "vocab.json").write_text(json.dumps(vocab))
    config = transformers.MarianConfig(vocab_size=len(vocab), d_model=16, encoder_layers=1, decoder_layers=1,
                                       encoder_attention_heads=2, decoder_attention_heads=2, encoder_ffn_dim=32,
                                       decoder_ffn_dim=32, max_position_embeddings=64, pad_token_id=len(vocab) - 1,
                                       eos_token_id=0, decoder_start_token_id=len(vocab) - 1)
    transformers.MarianMTModel(config).save_pretrained(str(path))


def test_import_tiny_marian(tmp_path: Path) -> None:
    from localize.convert import import_model

    src = tmp_path / "opus-mt-en-de"
    _tiny_marian(src)
    card = import_model(src, tmp_path / "out", "int8")
    assert card["source_languages"] == ["en"] and card["target_languages"] == ["de"]
    loaded = read_card(tmp_path / "out")
    assert loaded.supports("en", "de") and not loaded.supports("en", "fr")
    engine = CT2Translator(tmp_path / "out", beam_size=2)
    out = engine.translate([Request("Open the file", "de"), Request("Print the page", "de")], n_best=2)
    assert len(out) == 2 and all(len(h) == 2 for h in out)
    assert engine.calls == 1  # one batch, not one call per string


def test_import_rejects_non_checkpoint(tmp_path: Path) -> None:
    from localize.convert import import_model

    with pytest.raises(ModelError, match="missing config.json"):
        import_model(tmp_path, tmp_path / "out")


def test_adapt_on_human_memory(tmp_path: Path) -> None:
    from localize.memory import Key, Memory
    from localize.adapt import adapt_checkpoint as adapt

    src = tmp_path / "opus-mt-en-de"
    _tiny_marian(src)
    mem = tmp_path / "m.sqlite"
    with Memory(mem) as m:
        m.add_many([(Key("en", "de", "", s), t) for s, t in [
            ("Open the file", "Datei öffnen"), ("Save the document", "Dokument speichern"),
            ("Print the page", "Seite drucken"), ("Delete the selected items", "Ausgewählte Elemente löschen"),
            ("Open ⟦0⟧", "⟦0⟧ öffnen"), ("Save ⟦0⟧", "⟦0⟧ speichern")]], "human")
    card = adapt(src, mem, tmp_path / "adapted", "de", epochs=1)
    assert card["adaptation"]["pairs"] == 6
    engine = CT2Translator(tmp_path / "adapted", beam_size=1)
    assert len(engine.translate([Request("Open the file", "de")])[0]) == 1


def test_import_tiny_nllb(tmp_path: Path) -> None:
    """An NLLB-style (M2M100) checkpoint: the target language is a decoder prefix."""
    import sentencepiece as spm
    from localize.convert import import_model

    src = tmp_path / "nllb-tiny"
    src.mkdir()
    text = ["Open the file", "Save the document", "Print the page", "Datei öffnen", "Seite drucken"] * 20
    spm.SentencePieceTrainer.train(sentence_iterator=iter(text), model_prefix=str(src / "sp"), vocab_size=50,
                                   model_type="unigram", minloglevel=2, hard_vocab_limit=False)
    (src / "sp.model").rename(src / "sentencepiece.bpe.model")
    tok = transformers.NllbTokenizer(vocab_file=str(src / "sentencepiece.bpe.model"))
    tok.save_pretrained(str(src))
    cfg = transformers.M2M100Config(vocab_size=len(tok), d_model=16, encoder_layers=1, decoder_layers=1,
                                    encoder_attention_heads=2, decoder_attention_heads=2, encoder_ffn_dim=32,
                                    decoder_ffn_dim=32, max_position_embeddings=64, pad_token_id=tok.pad_token_id,
                                    eos_token_id=tok.eos_token_id, bos_token_id=tok.bos_token_id,
                                    decoder_start_token_id=tok.eos_token_id)
    transformers.M2M100ForConditionalGeneration(cfg).save_pretrained(str(src))
    card = import_model(src, tmp_path / "out", "int8")
    assert card["target_selection"] == "target_prefix" and card["language_codes"]["de"] == "deu_Latn"
    engine = CT2Translator(tmp_path / "out", beam_size=1)
    out = engine.translate([Request("Open the file", "de"), Request("Open the file", "fr")])
    assert len(out) == 2 and engine.calls == 1
    assert all("deu_Latn" not in h[0] and "fra_Latn" not in h[0] for h in out)
