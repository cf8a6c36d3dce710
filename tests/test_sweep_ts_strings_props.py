"""Defects found by a sweep of real Qt .ts, Apple/GNUstep .strings and Java .properties files from Debian
packages (tiled, gomoku.app, gnustep-base-common, freeplane), each pinned on a small excerpt of the file
that showed it: Qt's <byte> elements, the strings-file `"key";` shortcut, bare values in a target whose
source quotes them, and the spelling of `\\uXXXX` escapes added to a file."""
from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from localize import formats
from localize.formats import properties, strings, ts

from .conftest import FIXTURES, need_tool

TILED = FIXTURES / "ts/tiled/tiled_zh_TW.ts"
GOMOKU = FIXTURES / "strings/gomoku"
GNUSTEP_ES = FIXTURES / "strings/gnustep-base/Spanish.lproj/Localizable.strings"
FREEPLANE = FIXTURES / "properties/freeplane"
NEW_FIXTURES = [TILED, GOMOKU / "English.lproj/Localizable.strings", GOMOKU / "Norwegian.lproj/Localizable.strings",
                GNUSTEP_ES, FREEPLANE / "Resources_en.properties", FREEPLANE / "Resources_pl.properties"]


@pytest.mark.parametrize("path", NEW_FIXTURES, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_unchanged_write_is_byte_identical(path: Path) -> None:
    assert formats.dump(formats.load(path)) == path.read_bytes()


def _lines_changed(a: bytes, b: bytes, enc: str = "utf-8") -> tuple[list[str], list[str]]:
    old, new = a.decode(enc).splitlines(), b.decode(enc).splitlines()
    return [x for x in old if x not in new], [x for x in new if x not in old]


# ------------------------------------------------------------------ Qt .ts: <byte value="x1d"/>

def test_ts_byte_elements_are_control_characters_read_and_written() -> None:
    """tiled's zh_TW.ts holds `<byte value="x1d"/>` (lupdate's spelling of a control character) inside
    translations; it was dropped on reading, and a control character in a new translation was dropped
    on writing where lupdate writes it as <byte>."""
    res = formats.load(TILED)
    by_source = {s.source: s for s in res.segments}
    assert by_source["Duplicate %n Object(s)"].targets == ["\x1d複製 \x1d%n 個物件"]
    assert by_source["<new command>"].targets == ["<新\x1c 命令>"]
    seg = by_source["Convert to Polygon"]
    seg.targets = ["\x1d轉換為多邊形 & <b>"]
    out = formats.dump(res)
    assert "<byte value=\"x1d\"/>轉換為多邊形 &amp; &lt;b&gt;</translation>" in out.decode()
    root = ET.fromstring(out)  # still well-formed XML
    assert len(root.findall("context/message")) == 3
    again = ts.read(str(TILED), out, "zh_TW")
    assert {s.source: s.targets for s in again.segments}["Convert to Polygon"] == ["\x1d轉換為多邊形 & <b>"]
    removed, added = _lines_changed(TILED.read_bytes(), out)
    assert len(removed) == 1 and len(added) == 1  # only that translation line


def test_ts_byte_elements_survive_lconvert(tmp_path: Path) -> None:
    lconvert = need_tool("lconvert")
    res = formats.load(TILED)
    next(s for s in res.segments if s.source == "Convert to Polygon").targets = ["\x1d轉換"]
    f = tmp_path / "tiled_zh_TW.ts"
    f.write_bytes(formats.dump(res))
    out = subprocess.run([lconvert, "-i", str(f), "-of", "po", "-o", str(tmp_path / "zh_TW.po")],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert 'msgstr "\\x1d轉換"' in (tmp_path / "zh_TW.po").read_text() or '\x1d轉換' in (tmp_path / "zh_TW.po").read_text()


# ------------------------------------------------------------------ .strings: "key"; shortcut

def test_strings_key_without_value_is_read_as_the_key(tmp_path: Path) -> None:
    """gomoku.app's Norwegian.lproj has `"Sorry, you looseVansklighetsgradpanel.";`: a key with no value,
    which CoreFoundation reads as the key itself (GNUstep as an empty value).  The whole file was a parse
    error ("a key without a value"), so `check` and `translate` refused it."""
    nb = GOMOKU / "Norwegian.lproj/Localizable.strings"
    res = formats.load(nb)
    seg = res.by_id()["Sorry, you looseVansklighetsgradpanel."]
    assert seg.source == "Sorry, you looseVansklighetsgradpanel."
    assert res.by_id()["Great! You win!"].source == "Kjempebra! Du vant!"
    # a new value for that key: written out as "key" = "value"; nothing else moves
    seg.targets = ["Beklager, du tapte."]
    out = formats.dump(res)
    removed, added = _lines_changed(nb.read_bytes(), out)
    assert removed == ['"Sorry, you looseVansklighetsgradpanel.";']
    assert added == ['"Sorry, you looseVansklighetsgradpanel." = "Beklager, du tapte.";']
    assert strings.read(str(nb), out).by_id()["Sorry, you looseVansklighetsgradpanel."].source == "Beklager, du tapte."


def test_strings_key_without_value_paired_with_its_source(tmp_path: Path) -> None:
    en = formats.load(GOMOKU / "English.lproj/Localizable.strings", "en")
    nb = formats.load(GOMOKU / "Norwegian.lproj/Localizable.strings", "nb")
    res = strings.pair(en, nb, str(tmp_path / "Localizable.strings"), "nb")
    # the shortcut's key is not a source key: the source's "Sorry, you loose." is missing and is added
    seg = res.by_id()["Sorry, you loose."]
    assert seg.targets == []
    seg.targets = ['Beklager, du "tapte".']
    out = strings.write(res).decode()
    assert '"Sorry, you loose." = "Beklager, du \\"tapte\\".";' in out
    assert '"Sorry, you looseVansklighetsgradpanel.";' in out  # the person's line stays as written


def test_strings_key_without_value_in_the_source_gives_new_files_a_value(tmp_path: Path) -> None:
    """A source file's `"key";` line copied into a new locale's file gets an explicit value."""
    src = formats.load(GOMOKU / "Norwegian.lproj/Localizable.strings", "en")  # as a source: its lines are copied
    res = strings.pair(src, None, str(tmp_path / "de.lproj/Localizable.strings"), "de")
    for s in res.segments:
        s.targets = [f"DE {s.source}"]
    out = strings.write(res).decode()
    assert '"Sorry, you looseVansklighetsgradpanel." = "DE Sorry, you looseVansklighetsgradpanel.";' in out
    assert {s.id: s.source for s in strings.read("x", out.encode()).segments} == {s.id: f"DE {s.source}" for s in res.segments}


# ------------------------------------------------------------------ .strings: bare target values

def test_strings_bare_target_value_with_a_quoted_source_value() -> None:
    """gnustep-base's Spanish.lproj writes `Redo = Rehacer;` (bare key and value) where a source writes
    `"Redo" = "Redo";`.  A new value for it was encoded by the source slot's quoting and spliced without
    quotes (`Redo = Rehacer ahora;`): the write failed its own re-parse (ParseError)."""
    src = strings.read("en.lproj/Localizable.strings",
                       b'"Redo" = "Redo";\n"Redo %@" = "Redo %@";\n"Undo" = "Undo";\n"Undo %@" = "Undo %@";\n', "en")
    es = formats.load(GNUSTEP_ES, "es")
    res = strings.pair(src, es, str(GNUSTEP_ES), "es")
    res.by_id()["Redo"].targets = ["Rehacer ahora"]
    res.by_id()["Undo %@"].targets = ['Deshacer "%@"']
    out = strings.write(res)
    removed, added = _lines_changed(GNUSTEP_ES.read_bytes(), out)
    assert removed == ["Redo = Rehacer;", '"Undo %@" = "Deshacer %@";']
    assert added == ['Redo = "Rehacer ahora";', '"Undo %@" = "Deshacer \\"%@\\"";']
    # and the other way round: a bare source value, a quoted target value
    bare_src = strings.read("en.strings", b"Undo = Undo;\n", "en")
    de = strings.read("de.strings", b'"Undo" = "Widerrufen";\n', "de")
    res = strings.pair(bare_src, de, "de.strings", "de")
    res.by_id()["Undo"].targets = ["Rückgängig"]
    assert strings.write(res) == '"Undo" = "Rückgängig";\n'.encode()


# ------------------------------------------------------------------ .properties: \uXXXX spelling

def test_properties_new_escapes_follow_the_files_hex_case(tmp_path: Path) -> None:
    """Freeplane's bundles write `\\u00F3` (capitals, 1086 of 1086 escapes in Resources_pl); entries
    localize added were written `\\u00f3`, so one file mixed both spellings."""
    from .test_formats_text import java_properties
    src = formats.load(FREEPLANE / "Resources_en.properties", "en")
    pl_path = tmp_path / "Resources_pl.properties"
    pl_path.write_bytes((FREEPLANE / "Resources_pl.properties").read_bytes())
    res = properties.pair(src, formats.load(pl_path, "pl"), str(pl_path), "pl")
    missing = [s for s in res.segments if not s.targets]
    assert {s.id for s in missing} >= {"OldReminderListAction.text", "OpenApiDocumentationAction.text"}
    res.by_id()["OldReminderListAction.text"].targets = ["Pokaż poprzednie przypomnienia…"]
    res.by_id()["OpenApiDocumentationAction.text"].targets = ["API Freeplane…"]
    formats.save(res)
    data = pl_path.read_bytes()
    assert data.isascii()
    assert b"OldReminderListAction.text=Poka\\u017C poprzednie przypomnienia\\u2026\n" in data
    assert b"OpenApiDocumentationAction.text=API Freeplane\\u2026\n" in data
    removed, added = _lines_changed((FREEPLANE / "Resources_pl.properties").read_bytes(), data)
    assert removed == [] and len(added) == 2
    ref = java_properties(data)
    assert ref["OldReminderListAction.text"] == "Pokaż poprzednie przypomnienia…"
    assert ref["OpenAction.text"] == "Otwórz..."
    # a file that writes lower case keeps it
    low = properties.read("A_de.properties", b"a=\\u00fc\nb=x\n", "de")
    low.by_id()["b"].targets = ["Größe"]
    assert properties.write(low) == b"a=\\u00fc\nb=Gr\\u00f6\\u00dfe\n"
