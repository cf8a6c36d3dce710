#!/usr/bin/env python3
"""Labelled UI strings for the built-in language detector, from the .mo catalogs Debian packages ship.

Usage: python scripts/langid_data.py [--packages corpora/packages.txt] [--cache .cache]

Every binary package of the list (plus the test and dev packages below) is fetched once with
`apt-get download` into .cache/debs; its data.tar is streamed in Python (no unpacking to disk) and every
`<lang>/LC_MESSAGES/<domain>.mo` is parsed.  Per package, .cache/langid/mo/<package>.tsv.gz holds
(language, msgid, msgstr) rows for every language of the package (the locale folder mapped to a language
code: pt_BR -> pt, zh_TW -> zh, no -> nb; script/variant folders such as sr@latin are skipped).

The split is by *source package*: TEST_SOURCES and DEV_SOURCES are the test and dev packages of
scripts/build_corpora.py (never trained on); reserved packages are refused.  The test and dev strings
are written to corpora/langid/{test,dev}.tsv.gz (committed: the benchmark runs on a fresh clone).
"""
from __future__ import annotations

import csv
import gzip
import io
import lzma
import random
import re
import struct
import subprocess
import sys
import tarfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from build_corpora import DEV_SOURCES, TEST_SOURCES  # noqa: E402

RESERVED = {"apt", "dpkg", "gnome-calculator", "sed", "tar", "wget", "xfce4-terminal", "ceph",
            "redmine", "android-platform-frameworks-base", "sogo", "freecol", "qbittorrent", "firefox-esr"}
SKIP_BINARIES = {"gimp-data", "inkscape", "vim-runtime"}  # no UI catalogs worth their size / slow to read
TEST_BINARIES = ["gnome-maps", "gnome-disk-utility", "ristretto", "findutils", "gparted", "hexchat-common",
                 "seahorse", "xfce4-taskmanager", "kcalc", "psmisc", "gnome-font-viewer", "simple-scan"]
DEV_BINARIES = ["gnome-clocks", "mousepad", "gnome-logs", "diffutils", "blueman", "gnome-characters"]
MO_RE = re.compile(r"/(?P<loc>[A-Za-z_@]+)/LC_MESSAGES/(?P<domain>[^/]+)\.mo$")
SKIP_IDS = re.compile(r"translator|^Your (names|emails)|^CREDITS$|NAME OF TRANSLATORS|EMAIL OF TRANSLATORS", re.I)


def lang_of(locale: str) -> str | None:
    """The language label of a locale folder; None for script or variant folders (sr@latin, ca@valencia)."""
    if "@" in locale:
        return None
    base = locale.split("_")[0].split(".")[0].lower()
    return {"no": "nb", "iw": "he", "in": "id"}.get(base, base)


def read_mo(data: bytes) -> list[tuple[str, str]]:
    """(msgid, msgstr) pairs of a .mo file; plural entries give (singular, first form) and
    (plural, last form); the header is skipped."""
    magic = struct.unpack("<I", data[:4])[0]
    end = "<" if magic == 0x950412DE else ">"
    _rev, n, orig, trans = struct.unpack(end + "4I", data[4:20])
    raw = []
    for i in range(n):
        ol, oo = struct.unpack(end + "2I", data[orig + 8 * i: orig + 8 * i + 8])
        tl, to = struct.unpack(end + "2I", data[trans + 8 * i: trans + 8 * i + 8])
        raw.append((data[oo:oo + ol], data[to:to + tl]))
    charset = "utf-8"
    for k, v in raw:
        if k == b"":
            m = re.search(rb"charset=([\w-]+)", v)
            if m:
                charset = m.group(1).decode("ascii", "replace")
    out = []
    for k, v in raw:
        if not k:
            continue
        try:
            ks, vs = k.decode(charset), v.decode(charset)
        except (UnicodeDecodeError, LookupError):
            continue
        ks = ks.split("\x04", 1)[-1]
        ids, strs = ks.split("\x00"), vs.split("\x00")
        out.append((ids[0], strs[0]))
        if len(ids) > 1 and len(strs) > 1:
            out.append((ids[1], strs[-1]))
    return out


def deb_members(deb: Path):
    """(path, bytes) of the .mo files and the copyright file in a .deb (ar archive with data.tar.*)."""
    blob = deb.read_bytes()
    pos = 8
    while pos < len(blob):
        name = blob[pos:pos + 16].decode().strip().rstrip("/")
        size = int(blob[pos + 48:pos + 58].decode().strip())
        body = blob[pos + 60:pos + 60 + size]
        pos += 60 + size + (size & 1)
        if name.startswith("data.tar"):
            if name.endswith(".zst"):
                body = subprocess.run(["zstd", "-dc"], input=body, capture_output=True, check=True).stdout
                mode = "r|"
            else:
                mode = "r|*"
            with tarfile.open(fileobj=io.BytesIO(body), mode=mode) as tar:
                for m in tar:
                    if m.isfile() and (m.name.endswith(".mo") or m.name.endswith("/copyright")):
                        f = tar.extractfile(m)
                        if f is not None:
                            yield m.name, f.read()


def deb_field(deb: Path, field: str) -> str:
    return subprocess.run(["dpkg-deb", "-f", str(deb), field], capture_output=True, text=True).stdout.strip()


def license_of(text: str) -> str:
    found = re.findall(r"^License:\s*(\S.*)$", text, re.M)
    if found:
        return "; ".join(sorted(set(f.strip() for f in found)))[:200]
    for name in ("GPL-3", "GPL-2", "LGPL-2.1", "LGPL-3", "MPL-2.0", "Apache-2.0", "BSD", "MIT"):
        if name.replace("-", " ") in text or name in text:
            return name + " (from copyright text)"
    return "see the package's copyright file"


def extract(deb: Path, out: Path) -> tuple[str, str, str, int, int]:
    """Write one package's rows; returns (source package, version, license, languages, rows)."""
    src = (deb_field(deb, "Source") or deb.name.split("_")[0]).split()[0]
    version = deb_field(deb, "Version")
    rows: set[tuple[str, str, str]] = set()
    lic = ""
    for name, data in deb_members(deb):
        if name.endswith("/copyright"):
            lic = lic or license_of(data.decode("utf-8", "replace"))
            continue
        m = MO_RE.search(name)
        lang = lang_of(m["loc"]) if m else None
        if not lang:
            continue
        try:
            pairs = read_mo(data)
        except (struct.error, ValueError):
            continue
        for msgid, msgstr in pairs:
            if msgid.strip() and msgstr.strip() and not SKIP_IDS.search(msgid) and len(msgstr) <= 700:
                rows.add((lang, msgid, msgstr))
    esc = lambda s: s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")  # noqa: E731
    with gzip.open(out, "wt", encoding="utf-8", compresslevel=6) as fh:
        fh.write(f"#\t{src}\t{version}\t{lic}\n")
        for lang, a, b in sorted(rows):
            fh.write(f"{lang}\t{esc(a)}\t{esc(b)}\n")
    return src, version, lic, len({r[0] for r in rows}), len(rows)


def unesc(s: str) -> str:
    return re.sub(r"\\(.)", lambda m: {"t": "\t", "n": "\n", "r": "\r"}.get(m[1], m[1]), s)


def read_package(path: Path) -> tuple[dict[str, str], list[tuple[str, str, str]]]:
    """Header (source, version, license) and (lang, msgid, msgstr) rows of one cached package."""
    rows = []
    head: dict[str, str] = {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if parts[0] == "#":
                head = {"source": parts[1], "version": parts[2], "license": parts[3] if len(parts) > 3 else ""}
                continue
            if len(parts) == 3:
                rows.append((parts[0], unesc(parts[1]), unesc(parts[2])))
    return head, rows


def packages(args_packages: str) -> list[str]:
    listed = [p for p in Path(args_packages).read_text().split() if p and not p.startswith("#")]
    wanted = [p for p in listed if p not in SKIP_BINARIES and not p.startswith("libreoffice-l10n")]
    return list(dict.fromkeys(wanted + TEST_BINARIES + DEV_BINARIES))


def fetch_all(names: list[str], cache: Path) -> dict[str, Path]:
    debs = cache / "debs"
    debs.mkdir(parents=True, exist_ok=True)
    missing = [p for p in names if not list(debs.glob(f"{p}_*.deb"))]
    if missing:
        subprocess.run(["apt-get", "download", *missing], cwd=debs, check=False)
    out = {}
    for p in names:
        found = sorted(debs.glob(f"{p}_*.deb"))
        if found:
            out[p] = found[-1]
    return out


def split_of(source: str) -> str | None:
    if source in RESERVED or any(r in source for r in ("firefox", "thunderbird")):
        return None
    return "test" if source in TEST_SOURCES else "dev" if source in DEV_SOURCES else "train"


def main() -> int:
    import argparse
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--packages", default=str(ROOT / "corpora/packages.txt"))
    ap.add_argument("--cache", default=str(ROOT / ".cache"))
    args = ap.parse_args()
    cache = Path(args.cache)
    mo_dir = cache / "langid" / "mo"
    mo_dir.mkdir(parents=True, exist_ok=True)
    debs = fetch_all(packages(args.packages), cache)
    sources = []
    for pkg, deb in debs.items():
        out = mo_dir / f"{pkg}.tsv.gz"
        if not out.exists():
            info = extract(deb, out)
            print(f"{pkg}: {info[3]} languages, {info[4]} strings", file=sys.stderr)
        head, rows = read_package(out)
        split = split_of(head["source"])
        if split is None:
            print(f"refuse {pkg}: reserved", file=sys.stderr)
            continue
        langs = sorted({r[0] for r in rows})
        sources.append((pkg, head["source"], head["version"], head["license"], split, len(langs), len(rows)))
    with open(cache / "langid" / "packages.tsv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(["package", "source_package", "version", "license", "split", "languages", "strings"])
        w.writerows(sources)
    return 0


if __name__ == "__main__":
    sys.exit(main())
