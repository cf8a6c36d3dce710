#!/usr/bin/env python3
"""Build parallel corpora (English -> many locales) from the .mo catalogs Debian packages ship.

Usage: python scripts/build_corpora.py [--packages corpora/packages.txt] [--out corpora]

For every binary package named in the package list, `apt-get download` fetches the .deb (once, into
.cache/debs), `dpkg-deb -x` unpacks it into a temporary folder, and every
`<lang>/LC_MESSAGES/<domain>.mo` for a wanted language is read.  Pairs are cleaned (fuzzy, empty and
obsolete entries are never in a .mo; duplicates, credits and extreme length ratios are dropped) and
split train/dev/test *by source package*, so no package is in two splits.

Packages reserved for independent evaluation are refused even if the list names them.

Outputs (committed):
  corpora/data/<lang>.tsv.gz   split, source package, domain, msgctxt, msgid, msgstr  (TSV, escaped)
  corpora/SOURCES.tsv          binary package, source package, version, license, languages, pairs
"""
from __future__ import annotations

import argparse
import csv
import gzip
import io
import re
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import polib  # build-time script: the library itself reads catalogs through localize.formats.po

RESERVED_SOURCES = {"apt", "dpkg", "gnome-calculator", "sed", "tar", "wget", "xfce4-terminal"}
LANGS = ["de", "fr", "es", "it", "pt_BR", "nl", "pl", "ru", "ja", "zh_CN"]
# Split by *source* package.  Chosen by hand for variety (GNOME, KDE, Xfce, GNU, GTK tools), mid-sized,
# so the test split is about 5% of the data; everything else trains.
TEST_SOURCES = {"gnome-maps", "gnome-disk-utility", "ristretto", "findutils", "gparted", "hexchat",
                "seahorse", "xfce4-taskmanager", "kcalc", "psmisc", "gnome-font-viewer", "simple-scan"}
DEV_SOURCES = {"gnome-clocks", "mousepad", "gnome-logs", "diffutils", "blueman", "gnome-characters"}
SKIP_IDS = {"translator-credits", "translator_credits", "TRANSLATORS", "Your names", "Your emails",
            "CREDITS", "_: NAME OF TRANSLATORS\nYour names", "_: EMAIL OF TRANSLATORS\nYour emails"}
MO_RE = re.compile(r"/(?P<lang>[A-Za-z_@]+)/LC_MESSAGES/(?P<domain>[^/]+)\.mo$")


def esc(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def deb_field(deb: Path, field: str) -> str:
    out = subprocess.run(["dpkg-deb", "-f", str(deb), field], capture_output=True, text=True).stdout
    return out.strip()


def license_of(root: Path, package: str) -> str:
    for copyright in root.glob("usr/share/doc/*/copyright"):
        text = copyright.read_text("utf-8", "replace")
        found = re.findall(r"^License:\s*(\S.*)$", text, re.M)
        if found:
            return "; ".join(sorted(set(f.strip() for f in found)))[:200]
        for name in ("GPL-3", "GPL-2", "LGPL-2.1", "LGPL-3", "MPL-2.0", "Apache-2.0", "BSD", "MIT"):
            if name.replace("-", " ") in text or name in text:
                return name + " (from copyright text)"
    return f"see Debian package {package} copyright"


def good_pair(src: str, tgt: str) -> bool:
    if not src.strip() or not tgt.strip() or src in SKIP_IDS or src.startswith("translator"):
        return False
    if len(src) > 500 or len(tgt) > 700:
        return False
    ls, lt = len(src), len(tgt)
    if ls >= 8 and not (0.3 <= lt / ls <= 3.5):
        return False
    return True


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--packages", default="corpora/packages.txt")
    ap.add_argument("--out", default="corpora")
    ap.add_argument("--cache", default=".cache/debs")
    args = ap.parse_args()
    cache = Path(args.cache)
    cache.mkdir(parents=True, exist_ok=True)
    wanted = [p.strip() for p in Path(args.packages).read_text().split() if p.strip() and not p.startswith("#")]
    missing = [p for p in wanted if not list(cache.glob(f"{p}_*.deb"))]
    if missing:
        subprocess.run(["apt-get", "download", *missing], cwd=cache, check=False)
    rows: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    seen: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
    sources: list[tuple[str, ...]] = []
    for pkg in wanted:
        debs = sorted(cache.glob(f"{pkg}_*.deb"))
        if not debs:
            print(f"skip {pkg}: not downloadable", file=sys.stderr)
            continue
        deb = debs[-1]
        src_pkg = (deb_field(deb, "Source") or pkg).split()[0]
        if src_pkg in RESERVED_SOURCES or pkg in RESERVED_SOURCES:
            print(f"refuse {pkg}: reserved for independent evaluation", file=sys.stderr)
            continue
        split = "test" if src_pkg in TEST_SOURCES else "dev" if src_pkg in DEV_SOURCES else "train"
        version = deb_field(deb, "Version")
        counts: dict[str, int] = defaultdict(int)
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run(["dpkg-deb", "-x", str(deb), tmp], check=True)
            root = Path(tmp)
            lic = license_of(root, pkg)
            for mo_path in sorted(root.rglob("*.mo")):
                m = MO_RE.search(str(mo_path))
                if not m or m["lang"] not in LANGS:
                    continue
                lang, domain = m["lang"], m["domain"]
                try:
                    mo = polib.mofile(str(mo_path))
                except Exception as exc:  # a broken .mo in a package is skipped, not fatal
                    print(f"skip {mo_path.name} in {pkg}: {exc}", file=sys.stderr)
                    continue
                for entry in mo:
                    pairs: list[tuple[str, str]] = []
                    if entry.msgid_plural:
                        forms = entry.msgstr_plural
                        if forms.get(0):
                            pairs.append((entry.msgid, forms[0]))
                        other = forms.get(1) or forms.get(max(forms)) if forms else ""
                        if other:
                            pairs.append((entry.msgid_plural, other))
                    else:
                        pairs.append((entry.msgid, entry.msgstr))
                    for src, tgt in pairs:
                        key = (entry.msgctxt or "", src, tgt)
                        if not good_pair(src, tgt) or key in seen[lang]:
                            continue
                        seen[lang].add(key)
                        rows[lang].append((split, src_pkg, domain, esc(entry.msgctxt or ""), esc(src), esc(tgt)))
                        counts[lang] += 1
        if counts:
            sources.append((pkg, src_pkg, version, lic, ",".join(sorted(counts)), str(sum(counts.values()))))
            print(f"{pkg}: {dict(counts)}", file=sys.stderr)
    out = Path(args.out)
    (out / "data").mkdir(parents=True, exist_ok=True)
    for lang, lang_rows in rows.items():
        buf = io.StringIO()
        for row in lang_rows:
            buf.write("\t".join(row) + "\n")
        # mtime=0: the same input gives byte-identical archives
        with open(out / "data" / f"{lang}.tsv.gz", "wb") as raw:
            with gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, compresslevel=9) as gz:
                gz.write(buf.getvalue().encode("utf-8"))
    with open(out / "SOURCES.tsv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(["package", "source_package", "version", "license", "languages", "pairs"])
        w.writerows(sources)
    for lang in LANGS:
        by = defaultdict(int)
        for r in rows.get(lang, []):
            by[r[0]] += 1
        print(f"{lang}: {dict(by)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
