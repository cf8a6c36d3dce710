#!/usr/bin/env python3
"""Where localize puts a keyboard accelerator in a translation (protect.place_accelerator) against where people
put it: every Debian catalog's entry whose msgid and msgstr each hold one "_" accelerator; the translation is
given without its "_" and the source's letter, and the placement must equal the person's exactly.

    python scripts/bench_accelerators.py .cache/debs        # the corpora's .deb files (make corpora)
"""
from __future__ import annotations

import argparse
import collections
import re
import subprocess
import tempfile
from pathlib import Path

import polib

from localize.protect import accelerator_at, place_accelerator

LANGS = "de,fr,es,it,pt_BR,nl,pl,ru,ja,zh_CN"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("debs", help="folder of Debian .deb files whose .mo catalogs hold people's accelerators")
    ap.add_argument("--langs", default=LANGS)
    a = ap.parse_args()
    stats: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    with tempfile.TemporaryDirectory() as tmp:
        for deb in sorted(Path(a.debs).glob("*.deb")):
            subprocess.run(["dpkg-deb", "-x", str(deb), str(Path(tmp) / deb.name.split("_")[0])], check=True)
        for lang in a.langs.split(","):
            for mo in sorted(Path(tmp).glob(f"*/usr/share/locale/{lang}/LC_MESSAGES/*.mo")):
                try:
                    entries = polib.mofile(str(mo))
                except (OSError, ValueError):
                    continue
                for e in entries:
                    s, t = e.msgid, e.msgstr
                    if e.msgid_plural or not t or s.count("_") != 1 or t.count("_") != 1:
                        continue
                    i, j = accelerator_at(s, "_"), accelerator_at(t, "_")
                    if i < 0 or j < 0:
                        continue
                    cjk = re.search(r"\(_\w\)", t)  # "保存(_S)": the translation had no "(S)" before
                    bare = t[:cjk.start()] + t[cjk.end():] if cjk else t[:j] + t[j + 1:]
                    st = stats[lang]
                    st["n"] += 1
                    st["same"] += place_accelerator(bare, "_", s[i + 1]) == t
                    first = next((k for k, ch in enumerate(bare) if ch.isalpha()), None)
                    st["first"] += first == j
    print("| language | strings | person's letter = the first letter | localize's placement = the person's |")
    print("|---|---:|---:|---:|")
    for lang in a.langs.split(","):
        st = stats[lang]
        if st["n"]:
            print(f"| {lang} | {st['n']} | {st['first'] / st['n']:.1%} | {st['same'] / st['n']:.1%} |")


if __name__ == "__main__":
    main()
