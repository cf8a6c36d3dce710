"""The built-in language detector shipped in the package (localize/models/langid/ui.npz)."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from localize import langid, langid_model
from localize.cli import main

MANY = "en de fr es it pt nl pl ru uk cs sv da nb fi hu ro tr el ja zh ko ar he".split()


def test_shipped_model_loads() -> None:
    assert langid_model.available()
    model = langid_model.load()
    assert len(model.langs) >= 20 and "en" in model.langs and "de" in model.langs
    assert langid_model.MODEL_PATH.stat().st_size < 8_000_000
    assert langid.available_backend(None) == "builtin"


@pytest.mark.parametrize("text,lang", [
    ("Abbrechen", "de"), ("Enregistrer sous…", "fr"), ("Abrir archivo", "es"), ("Annulla", "it"),
    ("Bestand openen", "nl"), ("Zapisz jako", "pl"), ("Сохранить как", "ru"), ("Зберегти як", "uk"),
    ("Uložit jako", "cs"), ("Spara som", "sv"), ("Tallenna nimellä", "fi"), ("Mentés másként", "hu"),
    ("Farklı kaydet", "tr"), ("Salvar como", "pt"), ("Open the selected file in a new window", "en"),
    ("Die ausgewählten Dateien konnten nicht gelöscht werden", "de"),
    ("Impossible d'ouvrir le fichier « %s » : permission refusée", "fr"),
])
def test_labels_clear_cases_among_many_candidates(text: str, lang: str) -> None:
    assert langid.detect(text, MANY, backend="builtin").lang == lang


@pytest.mark.parametrize("text", ["Abbrechen", "Enregistrer sous…", "Zapisz jako", "Farklı kaydet",
                                  "Open the selected file in a new window"])
def test_open_setting_labels_clear_cases(text: str) -> None:
    assert langid.detect(text, None, backend="builtin").lang is not None


@pytest.mark.parametrize("text", ["OK", "Menu", "Bluetooth", "42", "3.14", "%s", "%1$s: %2$s", "{count}",
                                  "<b>%s</b>", "https://example.org", "Mozilla Firefox", "GNOME"])
def test_abstains_on_strings_that_are_no_language(text: str) -> None:
    assert langid.detect(text, MANY, backend="builtin").lang is None
    assert langid.detect(text, None, backend="builtin").lang is None


def test_abstains_on_a_string_two_candidates_share() -> None:
    g = langid.detect("Guardar como", MANY, backend="builtin")  # Spanish and Portuguese alike
    assert g.lang is None and "es" in g.reason and "pt" in g.reason
    assert langid.detect("Guardar como", ["en", "es"], backend="builtin").lang == "es"


def test_spans_find_english_inside_german() -> None:
    text = "Die Datei konnte nicht gespeichert werden: the selected folder is read only"
    found = langid.foreign_spans(text, "de", ["en", "de"])
    assert found and all(sp.lang == "en" for sp in found)
    assert any("selected folder" in sp.text for sp in found)
    assert langid.foreign_spans("Die Datei konnte nicht gespeichert werden", "de", ["en", "de"]) == []
    labels = langid.spans(text, ["en", "de"])
    assert labels[0].lang == "de" and labels[-1].lang == "en"
    assert text[labels[0].start:labels[0].end] == labels[0].text


def test_spans_skip_placeholders() -> None:
    sp = langid.spans("Datei %s konnte nicht geöffnet werden", ["en", "de"])
    assert all("%" not in s.text for s in sp) and sp[0].lang == "de"


def test_detect_cli_uses_the_builtin_model() -> None:
    r = CliRunner().invoke(main, ["detect", "--lines", "-", "--json"], input="Enregistrer sous…\nOK\n")
    assert r.exit_code == 0, r.output
    import json
    rows = json.loads(r.output)
    assert rows[0]["lang"] == "fr" and rows[1]["lang"] is None
    assert "built-in" in rows[0].get("reason", "built-in")
