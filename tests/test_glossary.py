from __future__ import annotations

from pathlib import Path

import pytest

from localize.errors import GlossaryError
from localize.glossary import Glossary, apply_forced
from localize.protect import mask, unmask

from .conftest import DEMO

CSV = """term,de,de_AT,fr,note,flags
Tasklight,,,,product,dnt
task,Aufgabe,,tâche,,
January,Januar,Jänner,janvier,,
file,Datei,,fichier,,
du,,,,informal address,forbid:de
"""


def load(tmp_path: Path, text: str = CSV) -> Glossary:
    f = tmp_path / "g.csv"
    f.write_text(text)
    return Glossary.load([f])


def test_matching_inflection_and_placeholders(tmp_path: Path) -> None:
    g = load(tmp_path)
    assert [e.term for e, _s, _e in g.matches("Delete 3 tasks from Tasklight")] == ["task", "Tasklight"]
    assert g.matches("Open {task}") == []              # never inside placeholders
    assert g.matches("multitasking") == []              # word boundaries


def test_regional_fallback_and_required(tmp_path: Path) -> None:
    g = load(tmp_path)
    assert g.required("January tasks", "de_AT") == [("January", "Jänner"), ("task", "Aufgabe")]
    assert g.required("January", "de_CH") == [("January", "Januar")]
    assert g.complies("Open the task", "Öffne die Aufgaben", "de")      # inflected form counts
    assert not g.complies("Open the task", "Öffne den Auftrag", "de")
    assert not g.complies("Open", "Öffne du", "de")                     # forbidden word


def test_dnt_is_masked_and_forced_terms_substitute(tmp_path: Path) -> None:
    g = load(tmp_path)
    m = mask("Tasklight syncs your file", "_", g.dnt_terms("de"))
    assert m.spans == ["Tasklight"]
    fm = apply_forced(m, g.forced_terms("de"))
    assert fm.text == "⟦0⟧ syncs your ⟦1⟧" and fm.spans[1] == "Datei"
    assert unmask("⟦0⟧ synchronisiert Ihre ⟦1⟧", fm).text == "Tasklight synchronisiert Ihre Datei"


@pytest.mark.parametrize("text,msg", [
    ("term,de,xx-bad-col\nfoo,bar,\n", "g.csv:1: unknown column"),
    ("term,de\nfoo,bar,extra\n", "g.csv:2:"),
    ("term,de\nfoo,bar\nFoo,baz\n", "g.csv:3: 'Foo' -> 'baz' (de) conflicts with"),
    ("term,de,flags\nfoo,bar,dnt\n", "do-not-translate but has translations"),
    ("term,de,flags\nfoo,bar,wrong\n", "unknown flag"),
])
def test_bad_glossaries_name_file_and_line(tmp_path: Path, text: str, msg: str) -> None:
    with pytest.raises(GlossaryError, match=msg.replace("(", r"\(").replace(")", r"\)")):
        load(tmp_path, text)


def test_conflict_names_both_lines(tmp_path: Path) -> None:
    with pytest.raises(GlossaryError) as exc:
        load(tmp_path, "term,de\nfoo,bar\nFoo,baz\n")
    assert "g.csv:3" in str(exc.value) and "g.csv:2" in str(exc.value)


def test_tbx_import(tmp_path: Path) -> None:
    f = tmp_path / "t.tbx"
    f.write_text("""<?xml version="1.0"?><martif type="TBX"><text><body>
      <termEntry id="1"><langSet xml:lang="en"><tig><term>task</term></tig></langSet>
      <langSet xml:lang="de"><tig><term>Aufgabe</term></tig></langSet></termEntry>
    </body></text></martif>""")
    g = Glossary.load([f])
    assert g.required("one task", "de") == [("task", "Aufgabe")]


def test_demo_glossary_loads() -> None:
    g = Glossary.load([DEMO / "glossaries/terms.csv"])
    assert "Tasklight" in g.dnt_terms("de")
