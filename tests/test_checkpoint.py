"""The GPU recipe's transport format (localize.checkpoint): a trained MarianMT packed as int8 rows on the
lent machine comes back here as the same model, within int8 rounding, tied weights tied again."""
from __future__ import annotations

from pathlib import Path

import pytest

transformers = pytest.importorskip("transformers")
torch = pytest.importorskip("torch")

from localize.checkpoint import PACK_NAME, pack_checkpoint, unpack_checkpoint  # noqa: E402


def test_a_packed_checkpoint_unpacks_to_the_same_model(tmp_path: Path) -> None:
    config = transformers.MarianConfig(vocab_size=50, d_model=16, encoder_layers=1, decoder_layers=1,
                                       encoder_attention_heads=2, decoder_attention_heads=2, encoder_ffn_dim=32,
                                       decoder_ffn_dim=32, max_position_embeddings=64, pad_token_id=49,
                                       eos_token_id=0, decoder_start_token_id=49, share_encoder_decoder_embeddings=True,
                                       tie_word_embeddings=True, decoder_vocab_size=50)
    torch.manual_seed(0)
    model = transformers.MarianMTModel(config)
    work, dest, back = tmp_path / "work", tmp_path / "pack", tmp_path / "back"
    model.save_pretrained(str(work / "hf"))
    (work / "spm.model").write_bytes(b"spm")
    (work / "recipe.json").write_text("{}")
    packed = pack_checkpoint(work, dest)
    assert packed.name == PACK_NAME and (dest / "spm.model").read_bytes() == b"spm" and (dest / "config.json").exists()
    import numpy as np
    with np.load(packed) as z:
        kinds = {k.split(":", 1)[1]: z[k].dtype for k in z.files if not k.startswith("s:")}
    assert kinds["model.shared.weight"] == np.int8 and kinds["model.encoder.layers.0.fc1.weight"] == np.int8
    assert "lm_head.weight" not in kinds                 # tied to the shared embedding: stored once
    unpack_checkpoint(dest, back)
    again = transformers.MarianMTModel.from_pretrained(str(back / "hf"))
    assert (back / "recipe.json").read_text() == "{}"
    a, b = model.state_dict(), again.state_dict()
    assert set(a) == set(b)
    for name, w in a.items():
        step = w.abs().amax(dim=-1, keepdim=True) / 127 if w.dim() == 2 else torch.zeros(1)
        assert torch.all((w - b[name]).abs() <= step / 2 + 1e-6), name   # at most half an int8 step per row
    assert again.get_input_embeddings().weight.data_ptr() == again.get_output_embeddings().weight.data_ptr()
    src = torch.tensor([[5, 6, 7, 0]])
    with torch.no_grad():
        out_a = model.generate(src, max_new_tokens=5, num_beams=1, do_sample=False)
        out_b = again.generate(src, max_new_tokens=5, num_beams=1, do_sample=False)
    assert out_a.shape[0] == out_b.shape[0] == 1
