from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from localize.config import load
from localize.errors import ConfigError
from localize.memory import Key, Memory
from localize.provenance import Lockfile, Record

from .conftest import DEMO, FIXTURES


def test_memory_human_outranks_machine(tmp_path: Path) -> None:
    with Memory(tmp_path / "m.sqlite") as m:
        k = Key("en", "de", "", "Open ⟦0⟧")
        m.add_many([(k, "Maschine ⟦0⟧")], "machine", "model-a")
        assert m.lookup_many([k], "model-a")[k] == ("Maschine ⟦0⟧", "machine")
        assert m.lookup_many([k], "model-b") == {}          # machine output is per model
        m.add_many([(k, "Öffnen ⟦0⟧")], "human")
        assert m.lookup_many([k], "model-b")[k] == ("Öffnen ⟦0⟧", "human")


def test_memory_import_from_catalogs(tmp_path: Path) -> None:
    from localize.audit import import_memory
    cfg = tmp_path / "localize.toml"
    cfg.write_text('[project]\nsource = "en"\ntargets = ["de"]\n')
    s = load(cfg)
    n = import_memory(s, [str(FIXTURES / "po/psmisc/de.po")], None, None)
    assert n > 50
    with Memory(s.resolve(s.memory)) as m:
        hit = m.lookup_many([Key("en", "de", "", "Signal ⟦0⟧ is not known.")], "x")
        assert not hit or hit[next(iter(hit))][1] == "human"
        assert m.stats()["de human"] == n


def test_lockfile_roundtrip_and_corruption(tmp_path: Path) -> None:
    lf = Lockfile(tmp_path / "lock.json")
    lf.put("po/de.po", "de", "a", Record("s", "t", "m"))
    lf.save()
    assert Lockfile(tmp_path / "lock.json").get("po/de.po", "de", "a") == Record("s", "t", "m")
    (tmp_path / "lock.json").write_text("{broken")
    assert Lockfile(tmp_path / "lock.json").get("po/de.po", "de", "a") is None


def test_config_reads_demo() -> None:
    s = load(DEMO / "localize.toml")
    assert s.targets == ["de", "fr", "es", "it", "pt_BR", "ja"] and len(s.resources) == 3
    assert s.resources[0].template == "po/tasklight.pot" and s.resources[0].accelerator == "_"


@pytest.mark.parametrize("text,msg", [
    ("[project]\ntargets = 'de'\n", "'targets' must be list"),
    ("[[resources]]\npath = 1\n", "'path' must be str"),
    ("[quality]\nmin_chrf = 'high'\n", "min_chrf"),
    ("[unknown]\n", "unknown section"),
    ("[project]\ntarget = ['de']\n", "unknown key 'target' in \\[project\\] \\(did you mean 'targets'\\?\\)"),
    ("[[resources]]\npath = 'a/{locale}.po'\naccel = '_'\n", "did you mean 'accelerator'"),
    ("[engine]\nmax_length_ratio = 'x'\n", "'max_length_ratio' must be int or float"),
])
def test_config_errors(tmp_path: Path, text: str, msg: str) -> None:
    f = tmp_path / "localize.toml"
    f.write_text(text)
    with pytest.raises(ConfigError, match=msg):
        load(f)


@given(st.fixed_dictionaries({
    "src": st.text(max_size=20), "tgt": st.text(max_size=20), "model": st.text(max_size=30),
    "glossary": st.text(max_size=10), "params": st.text(max_size=30), "final": st.booleans(),
    "confidence": st.none() | st.floats(allow_nan=False, allow_infinity=False)}))
@settings(max_examples=300, deadline=None)
def test_lockfile_record_lines_are_what_json_writes(rec: dict) -> None:
    """The lockfile writes its usual records without json.dumps (speed): the same text json.dumps gives."""
    from localize.provenance import _record_json
    assert _record_json(rec) == json.dumps(rec, ensure_ascii=False, sort_keys=True)
    assert json.loads(_record_json(rec)) == rec


def test_all_caps_human_translation_in_the_memory_answers_the_all_caps_source(tmp_path: Path) -> None:
    """An ALL CAPS source goes to the engine in sentence case, but a person's ALL CAPS translation is
    imported as written: the memory answers it (no engine, which this run does not have)."""
    from localize.memory import human_rows
    from localize.pipeline import Options, Pipeline
    from localize.segments import Segment
    (tmp_path / "po").mkdir()
    (tmp_path / "po/app.pot").write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                                         'msgid "FILE NOT FOUND: %s"\nmsgstr ""\n', "utf-8")
    (tmp_path / "localize.toml").write_text('[project]\nsource = "en"\ntargets = ["de"]\n\n[[resources]]\n'
                                            'path = "po/{locale}.po"\ntemplate = "po/app.pot"\n')
    settings = load(tmp_path / "localize.toml")
    human = [Segment(id="1", source="FILE NOT FOUND: %s", targets=["DATEI NICHT GEFUNDEN: %s"])]
    with Memory(settings.resolve(settings.memory)) as mem:
        mem.add_many(human_rows(human, "en", "de"), "human")
        Pipeline(settings, None, Options(), memory=mem).run()  # type: ignore[arg-type]
    out = (tmp_path / "po/de.po").read_text("utf-8")
    assert 'msgstr "DATEI NICHT GEFUNDEN: %s"' in out
    # said for what it is: a person's translation reused, not machine output
    assert "# localize: from the translation memory, a person's translation" in out and "machine translation by" not in out
    assert '"model": "memory"' in (tmp_path / ".localize/lock.json").read_text("utf-8")
    with Memory(settings.resolve(settings.memory)) as mem:  # a second run: nothing to do
        assert Pipeline(settings, None, Options(), memory=mem).run().items == []  # type: ignore[arg-type]


def test_language_names_as_locales(tmp_path: Path) -> None:
    """Apple's legacy folders (German.lproj) and GNUstep/SOGo names (SpainSpanish, SpanishSpain,
    BrazilianPortuguese, TraditionalChinese) are locales: the model, plural rules and checks see the code,
    paths keep the name."""
    from localize.config import load
    from localize.plurals import categories, normalize
    assert [normalize(n) for n in ("German", "SpanishSpain", "SpainSpanish", "BrazilianPortuguese",
                                   "TraditionalChinese", "NorwegianBokmal", "English")] == \
        ["de", "es_ES", "es_ES", "pt_BR", "zh_TW", "nb", "en"]
    assert normalize("Base") == "base" and normalize("pt-BR") == "pt_BR" and normalize("Polish") == "pl"
    assert categories("Polish") == ["one", "few", "many", "other"]
    (tmp_path / "localize.toml").write_text('[project]\nsource = "English"\ntargets = ["German", "SpanishSpain"]\n\n'
                                            '[[resources]]\npath = "{locale}.lproj/Localizable.strings"\n')
    s = load(tmp_path / "localize.toml")
    assert s.source == "en" and s.targets == ["de", "es_ES"]
    spec = s.resources[0]
    assert spec.for_locale("de") == "German.lproj/Localizable.strings"
    assert spec.for_locale("en") == "English.lproj/Localizable.strings"
