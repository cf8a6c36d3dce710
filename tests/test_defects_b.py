"""Issue 12, items 9-18 and 20: each test failed before its fix."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from localize import formats
from localize.config import load

from .conftest import need_tool

PO_HEAD = ('msgid ""\nmsgstr ""\n"Language: {loc}\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
           '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n')


def cli(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "localize", *args], cwd=cwd, capture_output=True, text=True)


# ------------------------------------------------------------------ item 20: .mo locale, model card languages

def test_memory_import_reads_the_locale_from_the_mo_header(tmp_path: Path) -> None:
    from localize.audit import import_memory
    from localize.config import Settings
    po = polib.POFile()
    po.metadata = {"Language": "de", "Content-Type": "text/plain; charset=UTF-8"}
    po.append(polib.POEntry(msgid="Extract archive", msgstr="Archiv entpacken"))
    (tmp_path / "share").mkdir()
    mo = tmp_path / "share/file-roller.mo"
    po.save_as_mofile(str(mo))
    settings = Settings(root=tmp_path)
    assert import_memory(settings, [str(mo)], None, None) == 1
    from localize.memory import Memory
    with Memory(tmp_path / ".localize/memory.sqlite") as m:
        assert m.stats() == {"de human": 1}
    # no header: the /usr/share/locale layout names it
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    (tmp_path / "fr/LC_MESSAGES").mkdir(parents=True)
    po.save_as_mofile(str(tmp_path / "fr/LC_MESSAGES/file-roller.mo"))
    assert import_memory(settings, [str(tmp_path / "fr/LC_MESSAGES/file-roller.mo")], None, None) == 1


def test_model_import_takes_languages_from_the_checkpoint_config(tmp_path: Path) -> None:
    pytest.importorskip("transformers")
    pytest.importorskip("torch")
    from localize.convert import _languages_from_config, import_model

    from .test_model_import import _tiny_marian
    src = tmp_path / "my-checkpoint"  # the folder name says nothing
    _tiny_marian(src)
    (src / "tokenizer_config.json").write_text(json.dumps({"source_lang": "en", "target_lang": "de"}))
    card = import_model(src, tmp_path / "out", "int8")
    assert card["source_languages"] == ["en"] and card["target_languages"] == ["de"]
    assert _languages_from_config(src, {"source_lang": "en", "target_lang": "fr"}) == (["en"], ["fr"])
    assert _languages_from_config(tmp_path, {"source_lang": "en", "target_lang": "ROMANCE"}) == (["en"], [])
