"""Confidence (issue 13): each feature and each new check on case tables, the fitted model file, and
`translate --final` with the real shipped model leaving a broken string fuzzy with its confidence."""
from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest

from localize import checks, confidence
from localize.confidence import Evidence

ERR = checks.Context(target_locale="de", machine=True)


# ------------------------------------------------------------------ checks
@pytest.mark.parametrize("src,tgt,fails", [
    ("Running dpkg", "Existrado", True),                                     # a command name vanished
    ("Running dpkg", "dpkg wird ausgeführt", False),
    ("bash_execute_unix_command failed", "bash_ewn_unix_command fehlgeschlagen", True),
    ("bash_execute_unix_command failed", "bash_execute_unix_command fehlgeschlagen", False),
    ("Open HexChat settings", "HexChat-Einstellungen öffnen", False),
    ("Open HexChat settings", "Hexchat-Einstellungen öffnen", True),        # altered
    ("Edit config.json now", "config.json jetzt bearbeiten", False),
    ("Edit config.json now", "config.JSON jetzt bearbeiten", True),
    ("Call getValue first", "Zuerst getValue aufrufen", False),
    ("Copy FILE to DIR", "Kopiere DATEI nach VERZ", False),                  # metavariables may be translated
    ("Copy FILE to DIR", "Kopiere die Datei ins Verzeichnis", True),         # ... but stay capitalized words
    ("FILE NOT FOUND", "DATEI NICHT GEFUNDEN", False),                       # shouting, not names
    ("e.g. the file", "z. B. die Datei", False),
    ("I'll connect apps later", "Ich verbinde Apps später", False),        # the "ll" of "I'll" is no name
    ("Go to next linter msg", "Zur nächsten Linter-Meldung gehen", False),   # an abbreviation, not a command
    ("Run pwd first", "Zuerst Pwd ausführen", False),                       # command names may change case
    ("Run pwd first", "Zuerst das Verzeichnis zeigen", True),
])
def test_names_check(src: str, tgt: str, fails: bool) -> None:
    found = [i for i in checks.check_pair(src, tgt, ERR) if i.check == "names" and i.severity == checks.ERROR]
    assert bool(found) is fails, found


def test_names_check_spares_glossary_terms() -> None:
    ctx = checks.Context(target_locale="de", machine=True, glossary=[("HexChat", "HexPlauder")])
    assert not [i for i in checks.check_pair("Open HexChat", "HexPlauder öffnen", ctx) if i.check == "names"]


@pytest.mark.parametrize("src,tgt,fails", [
    ("Save (now)", "Speichern (jetzt)", False),
    ("Save (now)", "Speichern (jetzt", True),
    ("if COMMANDS; then COMMANDS; [ elif COMMANDS; then COMMANDS; ]... [ else COMMANDS; ] fi",
     "wenn BEFEFFEHHR; [ BEFFEFEHR; ... ] ] fi", True),
    ('Say "hello"', "Sag „hallo“", False),
    ('Say "hello"', 'Sag "hallo', True),
    ("Say «hi»", "Dis «salut", True),
    ("Unbalanced (source", "Unausgeglichen (Quelle", False),                # the source does not balance
])
def test_brackets_check(src: str, tgt: str, fails: bool) -> None:
    found = [i for i in checks.check_pair(src, tgt, ERR) if i.check == "brackets"]
    assert bool(found) is fails, found


@pytest.mark.parametrize("src,tgt,fails", [
    ("cd [-L|[-P [-e]] [-@]] [dir]", "cd [-L|[-P [-e]] [-@]] [Verz]", False),
    ("cd [-L|[-P [-e]] [-@]] [dir]", "cd [-L|-P [-e]] [-@]] [Verz]", True),
    ("time [-p] pipeline", "Zeit [-p] Pipeline", True),                      # the keyword was translated
    ("time [-p] pipeline", "time [-p] Pipeline", False),
    ("continue [n]", "fortfahren [n]", True),
    ("if COMMANDS; then COMMANDS; fi", "if BEFEHLE; then BEFEHLE; fi", False),
    ("if COMMANDS; then COMMANDS; fi", "wenn BEFEHLE; dann BEFEHLE; fi", True),
    ("no apples | one apple", "keine Äpfel | ein Apfel", False),             # prose, not a usage line
    ("no file selected; try again", "keine Datei ausgewählt; erneut versuchen", False),
])
def test_usage_check(src: str, tgt: str, fails: bool) -> None:
    found = [i for i in checks.check_pair(src, tgt, ERR) if i.check == "usage"]
    assert bool(found) is fails, found


def test_new_checks_are_warnings_for_human_translations() -> None:
    ctx = checks.Context(target_locale="de")
    found = [i for i in checks.check_pair("time [-p] pipeline", "Zeit [-p] Pipeline", ctx) if i.check == "usage"]
    assert found and found[0].severity == checks.WARNING


# ------------------------------------------------------------------ features
@pytest.mark.parametrize("src,out,n", [
    ("Running dpkg", "Existrado", 1),
    ("Running dpkg", "dpkg läuft", 0),
    ("Copy 3 files to FOLDER", "3 Dateien nach ORDNER kopieren", 0),
    ("Copy 3 files to FOLDER", "Dateien nach Ordner kopieren", 2),          # a number and a metavariable
    ("Open HexChat", "Ouvrir Hexchat", 1),
])
def test_vanished(src: str, out: str, n: int) -> None:
    assert confidence.vanished(src, out) == n


@pytest.mark.parametrize("src,out,loc,n", [
    ("Malformed dumpdir: 'X' duplicated", "Fehlerhaftes dumpdir: 'X' dupliqué", "de", 1),   # French é in German
    ("File saved", "Datei gespeichert", "de", 0),
    ("Café menu", "Café-Menü", "de", 0),                                    # é comes from the source
    ("Open the file", "ファイルを開く", "ja", 0),
    ("Open the file", "ファイルを close する", "ja", 5),                       # a Latin word the source lacks
    ("Open the file", "Открыть файл", "ru", 0),
    ("Open the file", "Открыть file", "ru", 0),                              # a source word: "copied" counts it
    ("Open the file", "Открыть fichier", "ru", 7),
])
def test_foreign(src: str, out: str, loc: str, n: int) -> None:
    assert confidence.foreign(src, out, loc) == n


@pytest.mark.parametrize("src,out,share", [
    ("Open the file", "Datei öffnen", 0.0),
    ("Open the file", "Open the Datei", 2 / 3),
    ("Open HexChat", "HexChat öffnen", 0.0),                                 # names are meant to stay
])
def test_copied(src: str, out: str, share: float) -> None:
    assert confidence.copied(src, out) == pytest.approx(share)


@pytest.mark.parametrize("out,loc,n", [
    ("Wollen Sie eine Verknüpfung in <br />to %s gesendet werden", "de", 1),
    ("Status beenden ist 0, wenn die Eingabe 1, falls andere", "de", 0),
    ("Speichern Sie die Datei in dem Ordner", "de", 0),                      # German "in" is German
    ("Solve la pregunta de challenge para verificar que no hay una robot", "es", 0),
    ("Par signature, you agree with the terms", "fr", 3),
])
def test_english(out: str, loc: str, n: int) -> None:
    assert confidence.english(out, loc) == n


@pytest.mark.parametrize("src,out,n", [
    ("Due date", "Fälligkeitsdatumsdatum", 1),
    ("Due date", "Fälligkeitsdatum", 0),
    ("Close the the window", "Fenster schließen", 0),
    ("Close the window", "Fenster Fenster schließen", 1),
    ("Remove remove", "Entfernen entfernen", 0),                              # the source repeats it too
])
def test_stutter(src: str, out: str, n: int) -> None:
    assert confidence.stutter(src, out) == n


def test_agreement_and_length() -> None:
    same = Evidence("Open", ["Öffnen", "Öffnen", "Öffnen"], [-0.1, -0.2, -0.3])
    split = Evidence("Open", ["Öffnen", "Aufmachen", "Los"], [-0.1, -0.2, -0.3])
    assert confidence.agreement(same) == 1.0 > confidence.agreement(split)
    assert confidence.length_feature("Open the file", "Datei öffnen", "de") < \
        confidence.length_feature("Open the file", "Datei öffnen und dann noch sehr viel mehr Text", "de")
    assert confidence.length_feature("Open the file in a new window", "新しいウィンドウでファイルを開く", "ja") < \
        confidence.length_feature("Open the file in a new window", "新しいウィンドウでファイルを開く", "de")


def test_evidence_from_records_rank_scores_tokens() -> None:
    from localize.engine import Hypothesis
    hyps = [Hypothesis("a", -0.5, 3, 6), Hypothesis("b", -0.7, 4, 6)]
    ev = confidence.evidence_from("x", hyps, hyps[1], confidence.NBEST)
    assert (ev.rank, ev.logprob, ev.tokens, ev.source_tokens) == (1, -0.7, [3, 4], 6)
    assert confidence.evidence_from("x", hyps, "other", confidence.NBEST).path == confidence.PIECES
    assert confidence.evidence_from("x", hyps, None, confidence.FAILED).rank == -1


def test_nothing_from_a_model_is_certain() -> None:
    assert confidence.entry_confidence("%s", "%s", [Evidence("%s", path=confidence.COPY)], "de") == 1.0
    assert confidence.entry_confidence("Open", "Öffnen", [Evidence("Open", path=confidence.HUMAN)], "de") == 1.0


# ------------------------------------------------------------------ the fitted model
def _ev(logprob: float, hyps: list[str] | None = None) -> list[Evidence]:
    h = hyps or ["Die Datei wurde erfolgreich gespeichert"] * 4
    return [Evidence("The file was saved successfully", h, [logprob] * len(h), 0, confidence.NBEST,
                     [8] * len(h), 9)]


def test_model_file_loads_and_is_inspectable() -> None:
    m = confidence.load()
    assert m is not None, "localize/confidence.json missing: run scripts/fit_confidence.py"
    assert m.features == list(confidence.FEATURES[:len(m.features)]) or set(m.features) <= set(confidence.FEATURES)
    assert len(m.coef) == len(m.features) == len(m.mean) == len(m.std)
    assert 0.0 < m.min_confidence < 1.0
    assert ">=" in m.meta["acceptable"] and m.meta["fitted_on"]["split"] == "dev"
    for name, c in zip(m.features, m.coef):  # the sign constraints hold
        assert c * confidence.SIGNS.get(name, 0) >= 0, name


@pytest.mark.parametrize("name,direction", sorted(confidence.SIGNS.items()))
def test_model_is_monotone_in_each_signed_feature(name: str, direction: int) -> None:
    m = confidence.load()
    assert m is not None
    src, good = "The file was saved successfully", "Die Datei wurde erfolgreich gespeichert"
    feats = confidence.features(src, good, _ev(-0.4), "de")
    up = dict(feats, **{name: (feats[name] or 0.0) + 1.0})
    if direction > 0:
        assert m.score(up) >= m.score(feats)
    else:
        assert m.score(up) <= m.score(feats)


def test_model_is_monotone_on_obvious_cases() -> None:
    src, good = "The file was saved successfully", "Die Datei wurde erfolgreich gespeichert"
    score = lambda out, ev: confidence.entry_confidence(src, out, ev, "de")  # noqa: E731
    base = score(good, _ev(-0.2))
    assert score(good, _ev(-1.5)) < base                                       # the model was unsure
    assert score("Die Datei wurde successfully gespeichert the", _ev(-0.2)) < base   # English left in
    assert score(good, _ev(-0.2, [good, "Gespeichert", "Erfolg", "Die Datei"])) < base  # the n-best disagree
    assert score("Die Dätei wurde erfolgreich gespeichert", _ev(-0.2)) <= base       # a foreign letter
    broken = "The file was saved successfully"  # copied, unsure, disagreeing n-best
    assert score(broken, _ev(-2.5, [broken, "Gespeichert", "Erfolg", "Datei"])) < 0.5 < base


# ------------------------------------------------------------------ the real model, end to end
def test_translate_final_leaves_broken_strings_fuzzy(tmp_path: Path) -> None:
    from localize.config import load
    from localize.engine import load_engine
    from localize.formats import po
    from localize.pipeline import Options, Pipeline

    (tmp_path / "localize.toml").write_text('[project]\nsource = "en"\ntargets = ["de"]\n\n'
                                            '[[resources]]\npath = "po/{locale}.po"\n\n[glossary]\npaths = []\n')
    (tmp_path / "po").mkdir()
    entries = ["Running dpkg", "Open the file", "if COMMANDS; then COMMANDS; fi",
               "Malformed dumpdir: 'X' duplicated"]
    body = "".join(f'\nmsgid "{e}"\nmsgstr ""\n' for e in entries)
    (tmp_path / "po/de.po").write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
                                       '"Language: de\\n"\n' + body)
    settings = load(tmp_path / "localize.toml")
    result = Pipeline(settings, load_engine(settings), Options(final=True)).run()
    text = (tmp_path / "po/de.po").read_text()
    blocks = {b.split('msgid "')[1].split('"')[0]: b for b in text.split("\n\n") if 'msgid "' in b}
    broken = blocks["Running dpkg"]
    assert "#, fuzzy" in broken                           # the command name is lost: never final
    assert re.search(r"confidence \d\.\d\d", broken)      # the translator comment carries the confidence
    for row in result.review:
        assert 0.0 <= row["confidence"] <= 1.0
    from localize.report import summary
    ranked = [r["confidence"] for r in summary(result)["review"]]
    assert ranked == sorted(ranked)                       # the report lists them by risk
    lock = json.loads((tmp_path / ".localize/lock.json").read_text())
    recs = lock["entries"]["po/de.po"]["de"]
    assert all(isinstance(r["confidence"], float) for r in recs.values())
    final = [e for e in entries if "#, fuzzy" not in blocks[e]]
    for e in final:  # whatever is final passed the checks and reached the threshold
        rec_conf = [float(x) for x in re.findall(r"confidence (\d\.\d\d)", blocks[e])]
        assert rec_conf and rec_conf[0] >= confidence.min_confidence() - 0.005
    assert math.isfinite(sum(r["confidence"] for r in recs.values()))


# ------------------------------------------------------------------ configuration and promotion
def test_min_confidence_setting(tmp_path: Path) -> None:
    from localize.config import load
    from localize.errors import ConfigError
    from localize.pipeline import Options, Pipeline

    cfg = tmp_path / "localize.toml"
    cfg.write_text('[project]\nsource = "en"\ntargets = ["de"]\n[output]\nmin_confidence = 0.5\n')
    s = load(cfg)
    assert s.min_confidence == 0.5
    assert Pipeline(s, None, Options()).min_confidence == 0.5
    cfg.write_text('[project]\nsource = "en"\ntargets = ["de"]\n')
    assert Pipeline(load(cfg), None, Options()).min_confidence == confidence.min_confidence()
    for bad in ("1.5", "-0.1", '"high"', "true"):
        cfg.write_text(f'[project]\nsource = "en"\ntargets = ["de"]\n[output]\nmin_confidence = {bad}\n')
        with pytest.raises(ConfigError, match="min_confidence"):
            load(cfg)


def test_recorded_confidence_from_lockfile_note_or_text() -> None:
    from localize.provenance import MT_NOTE_PREFIX, Record
    from localize.revisit import recorded_confidence
    from localize.segments import Segment

    seg = Segment(id="1", source="Open the file", targets=["Datei öffnen"])
    seg.translator_notes = [f"{MT_NOTE_PREFIX} by m@1 (src abc, confidence 0.42); review before release"]
    assert recorded_confidence(seg, Record("abc", "x", "m@1", confidence=0.9), "de") == 0.9
    assert recorded_confidence(seg, None, "de") == 0.42
    seg.translator_notes = [f"{MT_NOTE_PREFIX} by m@1 (src abc); review before release"]  # older output
    assert 0.0 < recorded_confidence(seg, None, "de") < 1.0


def test_report_review_list_lowest_confidence_first() -> None:
    from localize import report
    rows = [{"file": "a.po", "locale": "de", "key": "1", "source": "s", "target": "t", "reason": "r", "confidence": 0.9},
            {"file": "a.po", "locale": "de", "key": "2", "source": "s", "target": "t", "reason": "stale human"},
            {"file": "a.po", "locale": "de", "key": "3", "source": "s", "target": "t", "reason": "r", "confidence": 0.2}]
    assert [r["key"] for r in report.by_risk(rows)] == ["3", "1", "2"]
    data = {"model": "m", "engine_calls": 1, "locales": {}, "scores": {}, "timings_s": {}, "issues": [],
            "review": report.by_risk(rows), "errors": []}
    md = report.markdown(data)
    assert md.index("| 0.20 |") < md.index("| 0.90 |")
    assert "0.20" in report.html_report(data)


def test_demo_final_keeps_broken_strings_fuzzy(tmp_path: Path) -> None:
    """`localize translate --final` on the demo: what is final passed every check and reached the threshold;
    the rest (the demo's broken strings among them) stays fuzzy with its confidence in the comment."""
    import shutil

    from localize import checks as ck
    from localize.config import load
    from localize.engine import load_engine
    from localize.formats import load as load_resource
    from localize.pipeline import Options, Pipeline

    demo = tmp_path / "demo"
    shutil.copytree(Path(__file__).resolve().parent.parent / "examples" / "demo", demo)
    settings = load(demo / "localize.toml")
    result = Pipeline(settings, load_engine(settings), Options(final=True, locales=["de"])).run()
    assert result.stats["de"].low_confidence > 0
    res = load_resource(demo / "po/de.po", "de")
    threshold = confidence.min_confidence()
    seen_fuzzy = 0
    for seg in res.segments:
        note = next((n for n in seg.translator_notes if n.startswith("localize:")), None)
        if note is None or not seg.targets or not seg.targets[0]:
            continue
        conf = float(re.search(r"confidence (\d\.\d\d)", note).group(1))  # type: ignore[union-attr]
        if seg.fuzzy:
            seen_fuzzy += 1
            continue
        assert conf >= threshold - 0.005, (seg.source, seg.targets)
        ctx = ck.Context(target_locale="de", machine=True, format_rules=ck.rules_for(seg.flags))
        found = ck.check_segment(seg.source, seg.source_plural, seg.targets, ctx, skip={"language"})
        assert not [i for i in found if i.severity == ck.ERROR], (seg.source, seg.targets, found)
    assert seen_fuzzy


@pytest.mark.parametrize("src,tgt,loc,warns", [
    ("If you don't update the file, changes are lost", "Wenn Sie die Datei aktualisieren, gehen Änderungen verloren",
     "de", True),
    ("If you don't update the file, changes are lost", "Wenn Sie die Datei nicht aktualisieren, gehen Änderungen verloren",
     "de", False),
    ("No file selected", "Keine Datei ausgewählt", "de", False),
    ("Cannot open the file", "Impossible d’ouvrir le fichier", "fr", False),
    ("Cannot open the file", "Ouvrir le fichier", "fr", True),
    ("Folder upload isn't supported", "La subida de carpetas no se admite", "es", False),
    ("Open the file", "Datei öffnen", "de", False),                     # nothing to lose
    ("Cannot open the file", "Не удалось открыть файл", "ru", False),
    ("Cannot open the file", "Brak pliku", "pl", False),
])
def test_negation_check(src: str, tgt: str, loc: str, warns: bool) -> None:
    ctx = checks.Context(target_locale=loc, machine=True)
    assert bool([i for i in checks.check_pair(src, tgt, ctx) if i.check == "negation"]) is warns
    human = checks.Context(target_locale=loc)  # people rephrase negations: never flagged for them
    assert not [i for i in checks.check_pair(src, tgt, human) if i.check == "negation"]


def test_names_in_human_translations_are_warnings() -> None:
    """Translators translate usage metavariables (psmisc cs.po: local_port -> místní_port): not an error."""
    ctx = checks.Context(target_locale="cs")
    found = [i for i in checks.check_pair("  udp/tcp names: [local_port][,[rmt_host]]", "  Názvy UDP/TCP: "
                                          "[místní_port][,[vzdálený_stroj]]", ctx) if i.check == "names"]
    assert found and all(i.severity == checks.WARNING for i in found)
    assert "tcp" not in found[0].message  # a protocol name may change case
