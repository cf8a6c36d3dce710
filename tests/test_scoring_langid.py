from __future__ import annotations

import pytest

from localize import langid
from localize.scoring import score


def test_scores_have_signatures() -> None:
    sc = score(["Die Datei wurde gespeichert."], ["Die Datei wurde gespeichert."], "de")
    assert sc["bleu"].score == pytest.approx(100.0) and sc["chrf"].score == pytest.approx(100.0)
    assert sc["ter"].score == pytest.approx(0.0)
    assert "nrefs:1" in sc["bleu"].signature and sc["chrf++"].signature.startswith("nrefs")


@pytest.mark.parametrize("text,cands,prior,lang", [
    ("Die ausgewählten Dateien konnten nicht gelöscht werden", ["en", "de"], "de", "de"),
    ("Impossible d'ouvrir le fichier", ["en", "fr"], "fr", "fr"),
    ("ファイルを開く", None, None, "ja"),
    ("Μη έγκυρο namespace PID", ["en", "el"], "el", "el"),   # a greek word settles mixed text
    ("Помилка asprintf у print_stat.", ["en", "uk"], "uk", "uk"),
    ("The selected files could not be deleted", ["en", "de"], "de", "en"),  # untranslated text is caught
])
def test_detect(text: str, cands: list[str] | None, prior: str | None, lang: str) -> None:
    assert langid.detect(text, cands, prior).lang == lang


@pytest.mark.parametrize("text", ["%s", "%1$s: %2$s", "https://example.org", "42", "<b></b>", "--help",
                                  "Copyright © 2009 Craig Small"])
def test_abstains_on_untranslatable(text: str) -> None:
    assert langid.detect(text).lang is None


def test_deterministic() -> None:
    results = {langid.detect("Open file", ["en", "de", "fr"], backend="langdetect").lang for _ in range(5)}
    assert len(results) == 1
