"""The web-app UI corpus (corpora/web, built by scripts/build_web_corpora.py from npm packages):
reserved packages stay out, rows are well formed, splits are by package, every package is licensed."""
from __future__ import annotations

import csv
import gzip
from collections import defaultdict
from pathlib import Path

import pytest

from .conftest import ROOT

WEB = ROOT / "corpora" / "web"
SOURCES = ROOT / "corpora" / "SOURCES.tsv"
LANGS = ["de", "fr", "es", "it", "pt_BR", "nl", "pl", "ru", "ja", "zh_CN"]
SPLITS = {"train", "dev", "test"}

# Held out for independent evaluation (QA inputs, test fixtures, benchmarks): never in a corpus.
RESERVED_NPM = {
    "zod-i18n-map", "@docusaurus/theme-translations", "@grafana/scenes", "video.js",
    "@cloudscape-design/components", "@sbb-esta/angular", "@sbb-esta/angular-core",
    "ngx-extended-pdf-viewer", "@strapi/i18n", "@vendure/admin-ui", "@medusajs/dashboard",
    "@openedx/paragon",
}
RESERVED_PARTS = ("grafana", "docusaurus", "cloudscape", "sbb-esta", "video.js", "firefox", "pdf-viewer")
RESERVED_DEBIAN = {
    "apt", "dpkg", "gnome-calculator", "sed", "tar", "wget", "xfce4-terminal", "ceph-mgr-dashboard",
    "redmine", "android-platform-frameworks-base", "sogo", "freecol", "qbittorrent", "firefox-esr",
}


def is_reserved(name: str) -> bool:
    name = name.lower().removeprefix("npm:")
    return name in RESERVED_NPM or name in RESERVED_DEBIAN or any(p in name for p in RESERVED_PARTS)


@pytest.fixture(scope="module")
def rows() -> dict[str, list[list[str]]]:
    files = sorted(WEB.glob("*.tsv.gz"))
    assert files, f"no corpora in {WEB}: run scripts/build_web_corpora.py"
    out: dict[str, list[list[str]]] = {}
    for path in files:
        with gzip.open(path, "rt", encoding="utf-8", newline="\n") as fh:
            out[path.name.removesuffix(".tsv.gz")] = [line.rstrip("\n").split("\t") for line in fh]
    return out


@pytest.fixture(scope="module")
def sources() -> list[dict[str, str]]:
    with open(SOURCES, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def test_no_reserved_package(rows, sources) -> None:
    in_data = {r[1] for lang_rows in rows.values() for r in lang_rows if len(r) > 1}
    assert not sorted(p for p in in_data if is_reserved(p))
    in_sources = {s["package"] for s in sources} | {s["source_package"] for s in sources}
    assert not sorted(p for p in in_sources if is_reserved(p))


def test_rows_well_formed(rows) -> None:
    assert set(rows) <= set(LANGS), sorted(set(rows) - set(LANGS))
    for lang, lang_rows in rows.items():
        assert lang_rows, lang
        for i, r in enumerate(lang_rows):
            assert len(r) == 6, (lang, i, r)
            assert r[0] in SPLITS, (lang, i, r[0])
            assert r[1] and r[4] and r[5], (lang, i, r)


def test_splits_by_package(rows) -> None:
    splits: dict[str, set[str]] = defaultdict(set)
    for lang_rows in rows.values():
        for r in lang_rows:
            splits[r[1]].add(r[0])
    assert {p: sorted(s) for p, s in splits.items() if len(s) > 1} == {}


def test_every_package_has_a_licensed_source_row(rows, sources) -> None:
    licensed = {s["package"].removeprefix("npm:") for s in sources
                if s["package"].startswith("npm:") and s["license"].strip() and s["version"].strip()}
    in_data = {r[1] for lang_rows in rows.values() for r in lang_rows}
    assert sorted(in_data - licensed) == []


def test_test_split_covers_every_language(rows) -> None:
    counts = {lang: sum(1 for r in rows.get(lang, []) if r[0] == "test") for lang in LANGS}
    assert all(counts.values()), counts
