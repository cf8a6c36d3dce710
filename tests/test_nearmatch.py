"""Near matches in the translation memory (nearmatch.py) and where a translation's accelerator goes
(protect.place_accelerator): unit rules, and the pipeline with the real model on Plone Volto's German catalog."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from localize import nearmatch
from localize.protect import mask, place_accelerator, unmask

from .conftest import FIXTURES


@pytest.mark.parametrize("mem_src, mem_tgt, new_src, locale, want", [
    ("Save As", "Speichern unter", "Save As…", "de", "Speichern unter …"),  # German " …" after words
    ("Save As…", "Speichern unter …", "Save As", "de", "Speichern unter"),
    ("Save As", "Speichern unter", "Save As...", "de", "Speichern unter..."),
    ("Name", "Nom", "Name:", "fr", "Nom\u00a0:"),  # French colon with a no-break space
    ("Name:", "Nom :", "Name", "fr", "Nom"),
    ("Name", "名前", "Name:", "ja", "名前:"),  # Japanese labels: an ASCII colon
    ("Name", "名称", "Name:", "zh_CN", "名称："),
    ("Changes saved", "Änderungen gespeichert", "Changes saved.", "de", "Änderungen gespeichert."),
    ("Changes saved", "更改已保存", "Changes saved.", "zh_CN", "更改已保存。"),
    ("Add Content Rule", "Inhaltsregel hinzufügen", "Add content rule", "de", "Inhaltsregel hinzufügen"),
    ("Open ⟦0⟧", "⟦0⟧ öffnen", "Open ⟦0⟧…", "de", "⟦0⟧ öffnen …"),  # masked text, as the memory holds it
    ("Loading...", "Wird geladen …", "Loading…", "de", "Wird geladen …"),  # "..." and "…" are one ending
])
def test_adapt_changes_only_the_ending(mem_src: str, mem_tgt: str, new_src: str, locale: str, want: str) -> None:
    assert nearmatch.key(mem_src) == nearmatch.key(new_src)
    assert nearmatch.adapt(mem_src, mem_tgt, new_src, locale) == want


@pytest.mark.parametrize("mem_src, mem_tgt, new_src", [
    ("FILE", "DATEI", "File"),  # the person's capitals go with the capitals of the source
    ("Email", "E-Mail", "email"),  # another first letter: mid-sentence, not the label
    ("Close Window", "Fenster schließen", "Close Windows"),  # other words
    ("Done", "Fertig.", "Done:"),  # the person added a period: what goes with a colon is unclear
    ("Changes saved?", "Änderungen gespeichert?", "Changes saved"),  # "?" is part of the meaning
])
def test_adapt_refuses_what_may_change_the_meaning(mem_src: str, mem_tgt: str, new_src: str) -> None:
    assert nearmatch.adapt(mem_src, mem_tgt, new_src, "de") is None


def test_best_prefers_the_same_capitals_and_refuses_disagreement() -> None:
    cands = [("Log In", "Anmelden"), ("Log in", "Einloggen")]
    assert nearmatch.best("Log in:", cands, "de") == "Einloggen:"  # the candidate with the same capitals
    assert nearmatch.best("LOG IN", cands, "de") is None
    assert nearmatch.best("Log iN", cands, "de") is None  # two candidates, two answers: none
    assert nearmatch.split_tail("Wait...") == ("Wait", "...")
    assert nearmatch.split_tail("etc..") == ("etc..", "")


def _volto_pairs() -> dict[str, str]:
    po = polib.pofile(str(FIXTURES / "po" / "plone-volto" / "de.po"))
    return {e.msgid: e.msgstr for e in po if e.msgstr and not e.fuzzy and not e.msgid_plural and not e.msgctxt}


def test_pipeline_reuses_a_persons_words_for_another_ending(tmp_path: Path) -> None:
    """Real pairs of Volto's German catalog: one of each pair keeps its translation, the other is emptied; the
    run fills the emptied ones with the person's words, final ending adapted, through the memory."""
    human = _volto_pairs()
    pairs = [("Changes saved", "Changes saved."), ("Add Content Rule", "Add content rule"),
             ("Moderate Comments", "Moderate comments"), ("Action", "Action: ")]
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "de",
                   "Plural-Forms": "nplurals=2; plural=(n != 1);"}
    for kept, emptied in pairs:
        assert human[kept] and human[emptied]
        po.append(polib.POEntry(msgid=kept, msgstr=human[kept]))
        po.append(polib.POEntry(msgid=emptied, msgstr=""))
    po.save(str(tmp_path / "de.po"))
    out = subprocess.run([sys.executable, "-m", "localize", "translate", "de.po", "--json"], cwd=tmp_path,
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    stats = json.loads(out.stdout)["locales"]["de"]
    assert stats["near_memory"] == 4 and stats["engine_units"] == 0
    got = {e.msgid: e for e in polib.pofile(str(tmp_path / "de.po"))}
    for kept, emptied in pairs:
        assert got[emptied].msgstr == human[emptied], emptied  # the person's own translation of that variant
        assert "fuzzy" in got[emptied].flags  # reused, not reviewed: fuzzy unless --final
        assert "same words (another ending, capitals or context)" in got[emptied].tcomment


def test_no_memory_means_no_near_matches(tmp_path: Path) -> None:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "de"}
    po.append(polib.POEntry(msgid="Changes saved", msgstr="Änderungen gespeichert"))
    po.append(polib.POEntry(msgid="Changes saved.", msgstr=""))
    po.save(str(tmp_path / "de.po"))
    out = subprocess.run([sys.executable, "-m", "localize", "translate", "de.po", "--json", "--no-memory"],
                         cwd=tmp_path, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["locales"]["de"]["near_memory"] == 0


@pytest.mark.parametrize("text, letter, want", [
    ("Werkzeugleiste", "T", "_Werkzeugleiste"),  # no word starts with T: the first letter, as people do
    ("Öffnen", "O", "_Öffnen"),  # any alphabet (was "Ö_ffnen": only ASCII letters counted)
    ("Открыть", "O", "_Открыть"),  # Cyrillic (was "Открыть(_O)", the Chinese/Japanese convention)
    ("Enregistrer sous", "s", "Enregistrer _sous"),  # the same letter at a word start
    ("GTK テーマ", "t", "GTK テーマ(_T)"),  # Japanese text with a Latin word: the Japanese convention
    ("ファイル", "F", "ファイル(_F)"),
])
def test_accelerator_goes_where_people_put_it(text: str, letter: str, want: str) -> None:
    assert place_accelerator(text, "_", letter) == want


def test_unmask_places_the_accelerator_in_cyrillic() -> None:
    m = mask("_Open", "_")
    assert unmask("Открыть", m, "ru").text == "_Открыть"


def test_same_words_in_another_context(tmp_path: Path) -> None:
    """GNOME Chess's German catalog (an excerpt): its shortcut window repeats menu texts under msgctxt
    "shortcut window", which the person translated like the menu's.  Emptied, they are filled from the other
    context; "Human" has two contexts that disagree ("Beschreibend", "Mensch"): a third gets none of them."""
    src = polib.pofile(str(FIXTURES / "po" / "gnome-chess" / "de.po"))
    human = {(e.msgctxt, e.msgid): e.msgstr for e in src}
    po = polib.pofile(str(FIXTURES / "po" / "gnome-chess" / "de.po"))
    emptied = [e for e in po if e.msgctxt == "shortcut window"]
    for e in emptied:
        e.msgstr = ""
    po.append(polib.POEntry(msgctxt="player type", msgid="Human", msgstr=""))
    po.save(str(tmp_path / "de.po"))
    out = subprocess.run([sys.executable, "-m", "localize", "translate", "de.po", "--json"], cwd=tmp_path,
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    got = {(e.msgctxt, e.msgid): e for e in polib.pofile(str(tmp_path / "de.po"))}
    for e in emptied:
        assert got[(e.msgctxt, e.msgid)].msgstr == human[(None, e.msgid)], e.msgid  # the menu's translation
        assert "another ending, capitals or context" in got[(e.msgctxt, e.msgid)].tcomment
    assert "machine translation" in got[("player type", "Human")].tcomment  # candidates disagree: the model's
