from __future__ import annotations

from pathlib import Path

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


def test_verify_abstains_or_trusts_the_declared_script() -> None:
    """Real strings from Debian mousepad catalogs that a naive verifier calls English or a neighbour."""
    from localize import langid
    gl = langid.detect("Modo de apertura de ficheiros: abrir as lapelas nunha xanela nova", ["en", "gl"], "gl")
    assert gl.lang in (None, "gl")  # never "en"; the built-in model knows Galician (lingua does not: None)
    ast = langid.detect("Mou d'apertura de ficheros: abrir les llingüetes nuna ventana nueva", ["en", "ast"], "ast")
    assert ast.lang is None  # a language the detector does not know cannot be verified: abstain
    be = langid.detect("Памер укладак:", ["en", "be"], "be")
    assert be.lang == "be"
    fa = langid.detect("ذخیره تغییرات", ["en", "fa"], "fa")
    assert fa.lang == "fa"
    en = langid.detect("The Mousepad developers. All rights reserved now", ["en", "ko"], "ko")
    assert en.lang == "en"  # untranslated English in a Korean catalog is still caught


def test_preload_warms_the_verify_models_in_the_background() -> None:
    from localize import langid
    thread = langid.preload([("en", "de"), ("en", "fr")])
    assert thread is not None
    thread.join(timeout=60)
    assert not thread.is_alive()
    assert langid.detect_many(["Die Datei wurde nicht gefunden, bitte erneut versuchen"], ["en", "de"], "de")[0].lang == "de"
    assert langid.preload([]) is None


def test_detect_takes_a_folder(tmp_path: Path) -> None:
    """`localize detect config/locales/` said "unknown file type" (check and translate take folders)."""
    import shutil
    import subprocess
    import sys
    shutil.copytree(Path(__file__).parent / "fixtures" / "yaml" / "doorkeeper-i18n", tmp_path / "locales")
    r = subprocess.run([sys.executable, "-m", "localize", "detect", "locales/"], cwd=tmp_path, capture_output=True,
                       text=True)
    assert r.returncode in (0, 1), r.stderr
    assert "suspicious string(s)" in r.stdout and "pt-BR.yml" in r.stdout  # its untranslated English strings
