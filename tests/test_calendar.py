"""Day and month names come from CLDR (calendar.py), not from the model: full names always, abbreviations in
a list of them or where the context says so; a person's translation in the memory still wins."""
from __future__ import annotations

import json
from pathlib import Path

import polib

from localize import calendar


def test_names_from_cldr() -> None:
    assert calendar.name("Monday", "pl") == "Poniedziałek"          # the model wrote "Ludzina"
    assert calendar.name("March", "ru") == "Март"                   # the model wrote "Марк"
    assert calendar.name("Sunday", "ja") == "日曜日"
    assert calendar.name("Monday", "nl") == "maandag"                # Dutch labels keep the lower case
    assert calendar.name("Monday", "pt-BR") == calendar.name("Monday", "pt_BR") == "Segunda-feira"
    assert calendar.name(" May ", "de") == " Mai "
    assert calendar.name("Mondays", "de") is None and calendar.name("Monday", "xx") is None
    # abbreviations: only in a list of them or with a context that says so
    assert calendar.name("Jan", "fr") is None
    assert calendar.name("Jan", "fr", frozenset({"months"})) == "Janv"   # CLDR's "janv." loses the period
    assert calendar.name("Jan.", "fr", frozenset({"months"})) is None    # not a name as written
    assert calendar.name("Mon", "pl", frozenset({"months"})) is None
    assert calendar.name("Mon", "pl", frozenset({"days"})) == "Pon"


def test_names_do_not_leak_between_locales() -> None:
    """Through babel 2.18's Locale.months, zh_CN's stand-alone months leaked into French (babel #1234: a
    resolved alias memoized into data the locales share); calendar.py reads the raw data instead."""
    assert calendar.name("January", "zh_CN") == "一月"
    assert calendar.name("Monday", "he") == "יום שני"
    assert calendar.name("January", "fr") == "Janvier"
    assert calendar.name("January", "it") == "Gennaio"


def test_lists_and_hints() -> None:
    assert calendar.list_kinds(["Mon", "Tue", "Wed", "Thu", "Hex", "Dec"]) == frozenset({"days"})
    assert calendar.list_kinds(["Dec", "Oct", "Hex", "Bin"]) == frozenset()  # a calculator's bases
    assert calendar.hinted("abbreviated day name") == frozenset({"days", "months"})
    assert calendar.hinted("dayNamesShort") == frozenset({"days"})
    assert calendar.hinted("monthsShort") == frozenset({"months"})
    for key in ("update.button", "Today", "holiday"):
        assert calendar.hinted(key) == frozenset(), key


def test_translate_takes_names_from_cldr(tmp_path: Path) -> None:
    """A Rails locale's day names and abbreviated months (a list) and a PO catalog's "Monday" and
    msgctxt-marked "Mon" come from CLDR (translator comment and lockfile name it, confidence 1.00);
    a calculator's "Dec" (decimal) in a PO file without a list goes to the model."""
    from localize.config import load
    from localize.engine import DEFAULT_MODEL_DIR
    from localize.engine.ct2 import CT2Translator
    from localize.pipeline import Options, Pipeline
    (tmp_path / "config/locales").mkdir(parents=True)
    (tmp_path / "config/locales/en.yml").write_text(
        "en:\n  date:\n    day_names: [Sunday, Monday, Tuesday, Wednesday, Thursday, Friday, Saturday]\n"
        "    abbr_month_names: [~, Jan, Feb, Mar, Apr, May, Jun, Jul, Aug, Sep, Oct, Nov, Dec]\n"
        "  greeting: Good morning\n", "utf-8")
    (tmp_path / "po").mkdir()
    pot = polib.POFile()
    pot.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    for ctx, msgid in ((None, "Monday"), ("abbreviated weekday", "Mon"), (None, "Dec"), (None, "Hex"),
                       (None, "Open file")):
        pot.append(polib.POEntry(msgctxt=ctx, msgid=msgid, msgstr=""))
    pot.save(str(tmp_path / "po/calc.pot"))
    (tmp_path / "localize.toml").write_text(
        '[project]\nsource = "en"\ntargets = ["pl"]\n\n[[resources]]\npath = "config/locales/{locale}.yml"\n\n'
        '[[resources]]\npath = "po/{locale}.po"\ntemplate = "po/calc.pot"\n', "utf-8")
    engine = CT2Translator(DEFAULT_MODEL_DIR, beam_size=2)
    result = Pipeline(load(tmp_path / "localize.toml"), engine, Options()).run()
    assert not result.errors
    assert result.stats["pl"].from_cldr == 7 + 12 + 2
    yml = (tmp_path / "config/locales/pl.yml").read_text("utf-8")
    assert "- Poniedziałek" in yml and "- Gru" in yml and "- Sty" in yml
    po = {e.msgid: e for e in polib.pofile(str(tmp_path / "po/pl.po"))}
    assert po["Monday"].msgstr == "Poniedziałek" and po["Mon"].msgstr == "Pon"
    assert "machine translation by cldr" in po["Monday"].tcomment and "confidence 1.00" in po["Monday"].tcomment
    assert f"by {engine.model_id}" in po["Dec"].tcomment and f"by {engine.model_id}" in po["Hex"].tcomment
    lock = json.loads((tmp_path / ".localize/lock.json").read_text("utf-8"))
    assert "cldr" in json.dumps(lock) and engine.model_id in json.dumps(lock)
