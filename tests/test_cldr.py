"""Day and month names come from CLDR (cldr.py), not from the model: full names always, abbreviations in
a list of them or where the context says so; a person's translation in the memory still wins."""
from __future__ import annotations

import json
from pathlib import Path

import polib

from localize import cldr


def test_names_from_cldr() -> None:
    assert cldr.name("Monday", "pl") == "Poniedziałek"          # the model wrote "Ludzina"
    assert cldr.name("March", "ru") == "Март"                   # the model wrote "Марк"
    assert cldr.name("Sunday", "ja") == "日曜日"
    assert cldr.name("Monday", "nl") == "maandag"                # Dutch labels keep the lower case
    assert cldr.name("Monday", "pt-BR") == cldr.name("Monday", "pt_BR") == "Segunda-feira"
    assert cldr.name(" May ", "de") == " Mai "
    assert cldr.name("Mondays", "de") is None and cldr.name("Monday", "xx") is None
    # abbreviations: only in a list of them or with a context that says so
    assert cldr.name("Jan", "fr") is None
    assert cldr.name("Jan", "fr", frozenset({"months"})) == "Janv"   # CLDR's "janv." loses the period
    assert cldr.name("Jan.", "fr", frozenset({"months"})) is None    # not a name as written
    assert cldr.name("Mon", "pl", frozenset({"months"})) is None
    assert cldr.name("Mon", "pl", frozenset({"days"})) == "Pon"


def test_names_do_not_leak_between_locales() -> None:
    """Through babel 2.18's Locale.months, zh_CN's stand-alone months leaked into French (babel #1234: a
    resolved alias memoized into data the locales share); cldr.py reads the raw data instead."""
    assert cldr.name("January", "zh_CN") == "一月"
    assert cldr.name("Monday", "he") == "יום שני"
    assert cldr.name("January", "fr") == "Janvier"
    assert cldr.name("January", "it") == "Gennaio"


def test_lists_and_hints() -> None:
    assert cldr.list_kinds(["Mon", "Tue", "Wed", "Thu", "Hex", "Dec"]) == frozenset({"days"})
    assert cldr.list_kinds(["Dec", "Oct", "Hex", "Bin"]) == frozenset()  # a calculator's bases
    assert cldr.hinted("abbreviated day name") == frozenset({"days", "months"})
    assert cldr.hinted("dayNamesShort") == frozenset({"days"})
    assert cldr.hinted("monthsShort") == frozenset({"months"})
    for key in ("update.button", "Today", "holiday"):
        assert cldr.hinted(key) == frozenset(), key


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


def test_strftime_date_formats_take_the_locales_order_from_cldr() -> None:
    """GNOME's "%A, %B %e, %Y" is German "%A, %e. %B %Y" (what its translators wrote), Spanish
    "%A, %e de %B de %Y"; each field keeps the source's directive, a month CLDR writes as a number is one
    (Japanese "%-m月%-d日"), the time part stays as written (%p included: GNOME's 12-hour strings), ISO
    8601 stays ISO, and the checks compare fields, not directives."""
    from localize.checks import Context, check_pair
    assert cldr.date_format("%A, %B %e, %Y", "de") == "%A, %e. %B %Y"
    assert cldr.date_format("%A, %B %e, %Y", "es") == "%A, %e de %B de %Y"
    assert cldr.date_format("%b %-d", "ja") == "%-m月%-d日"
    assert cldr.date_format("%a %b %d %l:%M %p", "de") == "%a, %d. %b %l:%M %p"
    assert cldr.date_format("%m/%d/%Y", "de") == "%d.%m.%Y"
    assert cldr.date_format("%Y-%m-%d %H:%M", "de") is None      # ISO 8601
    assert cldr.date_format("%H:%M", "de") is None                # no date
    assert cldr.date_format("Saved on %B %d", "de") is None       # words: the engine's
    assert cldr.date_format("%B %d", "xx") is None
    assert not cldr.is_date_format("%d files") and cldr.is_date_format("%d/%m/%Y")
    ctx = Context(target_locale="ja", machine=True)
    assert not [i for i in check_pair("%b %-d", "%-m月%-d日", ctx) if i.check == "placeholders"]
    assert [i for i in check_pair("%b %-d", "%-m月", ctx) if i.check == "placeholders"]
    human = Context(target_locale="de")
    assert not [i for i in check_pair("%a, %b %d %Y", "%a, %e. %b %Y", human) if i.check == "placeholders"]


def test_translate_localizes_date_formats(tmp_path: Path) -> None:
    """A catalog's date formats come out in the locale's order (from CLDR, no engine), a c-format "%d %s"
    is no date format, and a person's translation of the format elsewhere in the project wins."""
    from localize.config import load
    from localize.engine import DEFAULT_MODEL_DIR
    from localize.engine.ct2 import CT2Translator
    from localize.pipeline import Options, Pipeline
    (tmp_path / "po").mkdir()
    pot = polib.POFile()
    pot.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    pot.append(polib.POEntry(msgid="%A, %B %e, %Y", msgstr="", comment="Translators: a strftime format"))
    pot.append(polib.POEntry(msgid="%b %e", msgstr=""))
    pot.append(polib.POEntry(msgid="%d %s", msgstr="", flags=["c-format"]))
    pot.save(str(tmp_path / "po/app.pot"))
    done = polib.POFile()
    done.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "de"}
    done.append(polib.POEntry(msgid="%b %e", msgstr="%e. %b."))  # a person's, in another catalog
    done.save(str(tmp_path / "po/other-de.po"))
    (tmp_path / "localize.toml").write_text(
        '[project]\nsource = "en"\ntargets = ["de"]\n\n[[resources]]\npath = "po/{locale}.po"\ntemplate = "po/app.pot"\n'
        '\n[[resources]]\npath = "po/other-{locale}.po"\n', "utf-8")
    from localize.memory import Memory
    settings = load(tmp_path / "localize.toml")
    with Memory(settings.resolve(settings.memory)) as mem:
        result = Pipeline(settings, CT2Translator(DEFAULT_MODEL_DIR, beam_size=2), Options(), memory=mem).run()
    assert not result.errors
    de = {e.msgid: e for e in polib.pofile(str(tmp_path / "po/de.po"))}
    assert de["%A, %B %e, %Y"].msgstr == "%A, %e. %B %Y" and "by cldr" in de["%A, %B %e, %Y"].tcomment
    assert de["%b %e"].msgstr == "%e. %b."
    assert "%d" in de["%d %s"].msgstr and "%s" in de["%d %s"].msgstr


def test_rails_locale_settings_from_cldr(tmp_path: Path) -> None:
    """Rails' own activesupport en.yml translated to German: day and month names (abbreviations are a list
    there) from CLDR, date formats and `date.order` in German order, the number separator and delimiter
    German's (",", "."), the currency unit after the number ("%n %u"), a `delimiter: ""` (no grouping) kept
    as it is, and the file's other data (precision, booleans) copied; French groups with a narrow no-break space."""
    import shutil
    import subprocess
    import sys

    import yaml
    assert cldr.rails_number("en.number.format.separator", ".", "de") == ","
    assert cldr.rails_number("number.currency.format.delimiter", ",", "fr") == "\u202f"
    assert cldr.rails_number("number.currency.format.format", "%u%n", "de") == "%n %u"
    assert cldr.rails_number("number.currency.format.format", "%u%n", "ja") == "%u%n"
    assert cldr.rails_number("number.format.delimiter", "", "de") is None
    assert cldr.rails_number("form.separator", ".", "de") is None
    src = Path(__file__).parent / "fixtures/yaml/rails-activesupport/en.yml"
    (tmp_path / "config/locales").mkdir(parents=True)
    shutil.copy(src, tmp_path / "config/locales/en.yml")
    r = subprocess.run([sys.executable, "-m", "localize", "translate", "-q", "config/locales/en.yml", "--to", "de,fr"],
                       cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    de = yaml.safe_load((tmp_path / "config/locales/de.yml").read_text("utf-8"))["de"]
    en = yaml.safe_load(src.read_text("utf-8"))["en"]
    assert de["date"]["day_names"][1] == "Montag" and de["date"]["abbr_day_names"][1] == "Mo"
    assert de["date"]["formats"]["long"] == cldr.date_format(en["date"]["formats"]["long"], "de") != en["date"]["formats"]["long"]
    assert de["number"]["format"]["separator"] == "," and de["number"]["format"]["delimiter"] == "."
    assert de["number"]["currency"]["format"]["format"] == "%n %u"
    assert de["number"]["percentage"]["format"]["delimiter"] == ""
    fr = yaml.safe_load((tmp_path / "config/locales/fr.yml").read_text("utf-8"))["fr"]
    assert fr["number"]["format"]["delimiter"] == "\u202f"  # a space is an answer (it was "no translation": dropped)
    assert de["number"]["format"]["precision"] == en["number"]["format"]["precision"]
    assert en["date"]["order"] == ["year", "month", "day"] and de["date"]["order"] == ["day", "month", "year"]
    assert cldr.date_order("ja") == ("year", "month", "day") and cldr.date_order("xx") is None


def test_country_and_language_names_from_cldr(tmp_path: Path) -> None:
    """A country picker's and a language menu's names come from CLDR (the model wrote German "Austria",
    Russian garbage for "United Arab Emirates"): when the file lists four or more such names or the key says
    "country"/"language"; a lone "Turkey" (a bird in a recipe app) stays the model's."""
    import subprocess
    import sys
    both = frozenset({"territories", "languages"})
    assert cldr.place_name("Austria", "de", both) == "Österreich"
    assert cldr.place_name("German", "fr", both) == "Allemand"      # CLDR's "allemand", as a label
    assert cldr.place_name("Czech Republic", "pl", both) == "Czechy"  # an English name CLDR does not use
    assert cldr.place_name("Brazilian Portuguese", "de", both).startswith("Portugiesisch")  # type: ignore[union-attr]
    assert cldr.place_name("French (Canada)", "de", both) == "Französisch (Kanada)"  # a language and a country
    assert cldr.place_name("French (Canada)", "ja", both) == "フランス語（カナダ）"
    assert cldr.place_of("German (Foo)") is None
    assert cldr.place_name("Turkey", "de", frozenset()) is None
    assert cldr.list_kinds(["Austria", "Germany", "France", "Italy", "Open"]) == frozenset({"territories"})
    assert cldr.hinted("settings.language") == frozenset({"languages"}) and cldr.hinted("countryName") == \
        frozenset({"territories"})
    (tmp_path / "en.json").write_text(json.dumps({
        "countries": {"AT": "Austria", "DE": "Germany", "AE": "United Arab Emirates", "JP": "Japan"},
        "language": "Japanese", "recipe": {"title": "Turkey", "side": "Roast potatoes"}}, indent=2))
    r = subprocess.run([sys.executable, "-m", "localize", "translate", "-q", "en.json", "--to", "de,ru"],
                       cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    de = json.loads((tmp_path / "de.json").read_text("utf-8"))
    ru = json.loads((tmp_path / "ru.json").read_text("utf-8"))
    assert de["countries"] == {"AT": "Österreich", "DE": "Deutschland", "AE": "Vereinigte Arabische Emirate", "JP": "Japan"}
    assert ru["countries"]["DE"] == "Германия" and de["language"] == "Japanisch"
    assert "by cldr" not in json.dumps(de)  # bundles carry no comments; the lockfile names the source
    lock = (tmp_path / ".localize/lock.json").read_text("utf-8")
    assert "cldr" in lock
