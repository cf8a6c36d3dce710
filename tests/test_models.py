"""The embedded model: one ten-language model (the GPU recipe's) with its card and scores, serving every
target locale spelling of its languages (real model, no stubs)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from localize.cli import main
from localize.config import load
from localize.engine import DEFAULT_MODEL_DIR, EMBEDDED_DIR, LazyTranslator, Request, Router, embedded_models, load_engine
from localize.engine.ct2 import CT2Translator, read_card

TEN = ["de", "fr", "es", "it", "pt_BR", "nl", "pl", "ru", "ja", "zh_CN"]


def test_embedded_models_cover_the_ten_languages_within_the_size_budget() -> None:
    cards = [read_card(d) for d in embedded_models()]
    assert cards[0].path == DEFAULT_MODEL_DIR
    covered = [lang for c in cards for lang in c.target_languages]
    assert sorted(covered) == sorted(TEN) and len(covered) == len(set(covered))
    total = sum(f.stat().st_size for d in embedded_models() for f in d.iterdir() if f.is_file())
    assert total < 80 * 1024 * 1024
    for c in cards:
        assert set(c.raw["scores"]) == set(c.target_languages), c.name      # gettext test split
        assert set(c.raw["scores_web"]) == set(c.target_languages), c.name        # web-app split
        for lang, s in c.raw["scores"].items():
            assert s["n"] == 1000 and s["chrf"] > s["copy_chrf"], (c.name, lang)


def _project(tmp_path: Path, targets: list[str]) -> Path:
    (tmp_path / "po").mkdir()
    (tmp_path / "localize.toml").write_text(
        f'[project]\nsource = "en"\ntargets = {json.dumps(targets)}\n\n[[resources]]\npath = "po/{{locale}}.po"\n')
    return tmp_path


def test_the_default_serves_every_spelling_of_its_ten_languages(tmp_path: Path) -> None:
    settings = load(_project(tmp_path, ["de", "it", "pt-BR", "ja", "zh-Hans", "zh-TW", "ko"]) / "localize.toml")
    engine = load_engine(settings, device="cpu")
    assert isinstance(engine, CT2Translator)       # one model, one model id in the memory and the lockfile
    for loc in ("de", "it", "pt-BR", "pt_BR", "ja", "zh-Hans", "zh", "zh_CN", "nl", "pl", "ru"):
        assert engine.supports("en", loc), loc
    assert not engine.supports("en", "zh-TW") and not engine.supports("en", "ko")  # never Simplified for zh-TW
    out = engine.translate([Request("Open the file", "it"), Request("Open the file", "ja"),
                            Request("Open the file", "pt-BR"), Request("Open the file", "de"),
                            Request("Open the file", "ru"), Request("Open the file", "zh-Hans")], 1)
    assert all(o and o[0] for o in out)
    assert any("\u3040" <= ch <= "\u30ff" for ch in out[1][0])               # Japanese kana
    assert any("\u0400" <= ch <= "\u04ff" for ch in out[4][0])               # Cyrillic
    assert any("\u4e00" <= ch <= "\u9fff" for ch in out[5][0])               # hanzi
    assert len({out[0][0], out[2][0], out[3][0]}) == 3


def test_another_embedded_model_serves_only_what_the_default_lacks(tmp_path: Path) -> None:
    """The loader's routing for a package holding more than one embedded model (and for [models])."""
    settings = load(_project(tmp_path, ["de", "ja"]) / "localize.toml")
    ja_model = Path(settings.root) / "ja-model"
    ja_model.symlink_to(DEFAULT_MODEL_DIR, target_is_directory=True)
    settings.engine.models["ja"] = str(ja_model)
    engine = load_engine(settings, device="cpu")
    assert isinstance(engine, Router) and engine.pick("de") is engine.main
    assert engine.pick("ja") is not engine.main


def test_model_list_shows_every_embedded_model_with_scores(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(_project(tmp_path, ["de"]))
    res = CliRunner().invoke(main, ["model", "list", "--json"])
    assert res.exit_code == 0, res.output
    listed = {Path(m["path"]).name: m for m in json.loads(res.output) if Path(m["path"]).parent == EMBEDDED_DIR}
    assert {"default"} <= set(listed) and len(listed["default"]["targets"]) == 10
    assert all(m["scores"] for m in listed.values())


def test_the_whole_demo_translates_every_listed_language(demo_all: Path) -> None:
    """`make translate`: the demo lists de, fr, es, it, pt-BR and ja; one run, one embedded model."""
    from localize import formats
    from localize.memory import Memory
    from localize.pipeline import Options, Pipeline

    settings = load(demo_all / "localize.toml")
    engine = load_engine(settings, device="cpu")
    with Memory(settings.resolve(settings.memory)) as mem:
        res = Pipeline(settings, engine, Options(), memory=mem).run()
    assert set(res.stats) == {"de", "fr", "es", "it", "pt_BR", "ja"}
    assert all(st.translated > 0 for st in res.stats.values()), res.stats
    ja = formats.load(demo_all / "po/ja.po", "ja")
    texts = [t for s in ja.segments for t in s.targets if t]
    assert texts and sum(any("\u3040" <= ch <= "\u9fff" for ch in t) for t in texts) > len(texts) // 2
    assert (demo_all / "i18n/pt-BR.json").is_file() and (demo_all / "messages/it.json").is_file()


def test_final_needs_a_calibrated_language_or_an_explicit_threshold(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """The confidence is fitted on the ten languages' output; in a language it never saw (an imported
    model's), its default threshold makes nothing final; an explicit min_confidence is the user's own call."""
    from localize import confidence, formats
    assert all(confidence.calibrated_for(lang) for lang in TEN) and confidence.calibrated_for("pt-BR")
    assert not confidence.calibrated_for("ko") and not confidence.calibrated_for("tr")
    monkeypatch.setattr(confidence, "calibrated_for", lambda locale: not locale.startswith("ja"))
    proj = _project(tmp_path, ["ja"])
    (proj / "localize.toml").write_text((proj / "localize.toml").read_text().replace(
        'path = "po/{locale}.po"', 'path = "po/{locale}.po"\ntemplate = "po/app.pot"'))
    (proj / "po/app.pot").write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                                     'msgid "Open the file"\nmsgstr ""\n\nmsgid "Save"\nmsgstr ""\n')
    monkeypatch.chdir(proj)
    res = CliRunner().invoke(main, ["translate", "--final", "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["locales"]["ja"]["final"] == 0
    assert any("not calibrated for ja" in r["reason"] for r in data["review_items"])
    res = CliRunner().invoke(main, ["translate", "--final", "--min-confidence", "0", "--overwrite", "--json"])
    seg = [s for s in formats.load(proj / "po/ja.po", "ja").segments if s.translated]
    assert seg and res.exit_code == 0 and any(not s.fuzzy for s in seg), res.output
