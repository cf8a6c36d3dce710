"""The HTML pages people read (translation report, glossary diff) are self-contained and render in a
real headless browser (Debian's chromium)."""
from __future__ import annotations

import re
import struct
import subprocess
from pathlib import Path

from localize.checks import Issue
from localize.glossary_diff import Affected, TermChange, render
from localize.pipeline import LocaleStats, RunResult
from localize.report import write_reports

from .conftest import need_tool

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def render_page(html_file: Path, tmp_path: Path) -> tuple[str, Path]:
    chromium = need_tool("chromium")
    png = tmp_path / "shot.png"
    common = [chromium, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run(common + ["--dump-dom", html_file.as_uri()], capture_output=True, text=True, timeout=120)
    subprocess.run(common + [f"--screenshot={png}", "--window-size=1200,900", html_file.as_uri()],
                   capture_output=True, timeout=120)
    return dom.stdout, png


def assert_real_screenshot(png: Path) -> None:
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1200, 900)
    assert len(data) > 20000  # a blank page compresses to a few hundred bytes; text and tables do not


def assert_self_contained(html: str) -> None:
    assert not re.search(r"""<(link|script)[^>]+(href|src)=["']?https?:""", html)
    assert not re.search(r"""(src|href)=["']https?://""", html.split("<body>")[0])


def test_translation_report_renders(tmp_path: Path) -> None:
    r = RunResult(model="localize-default@test", engine_calls=3)
    r.stats = {"de": LocaleStats(translated=12, fuzzy=12, failed_checks=1, glossary_strings=4, glossary_compliant=4),
               "fr": LocaleStats(translated=10, final=9, fuzzy=1)}
    r.issues = [Issue("placeholders", "error", "missing placeholder(s): %s", "po/de.po", "42", "de")]
    r.review = [{"file": "po/de.po", "locale": "de", "key": "42", "source": "Delete %s?", "target": "Löschen?",
                 "reason": "missing placeholder(s): %s"}]
    r.timings = {"read": 0.1, "engine": 2.0}
    paths = write_reports(r, tmp_path / "report")
    html = paths["html"].read_text()
    assert_self_contained(html)
    dom, png = render_page(paths["html"], tmp_path)
    assert "po/de.po:42" in dom and "missing placeholder" in dom
    assert_real_screenshot(png)
    assert "| de | 12 |" in paths["md"].read_text()


def test_glossary_diff_page_renders(tmp_path: Path) -> None:
    changes = [TermChange("task", "changed", {"de": "Aufgabe"}, {"de": "Vorgang"}),
               TermChange("Tasklight", "added", {}, {}, "", "dnt")]
    affected = [Affected("po/de.po", "118", "de", "%d task", "%d Aufgabe", "%d Vorgang", ["task"])]
    md, html = render(changes, affected, "HEAD", "working tree")
    assert "| task | changed |" in md and "%d Vorgang" in md
    f = tmp_path / "diff.html"
    f.write_text(html)
    assert_self_contained(html)
    dom, png = render_page(f, tmp_path)
    assert "<del>%d Aufgabe</del>" in dom.replace("\n", "") or "Aufgabe</del>" in dom
    assert_real_screenshot(png)
