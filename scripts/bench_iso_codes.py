#!/usr/bin/env python3
"""Country and language names on real catalogs outside the corpora: Debian's iso-codes (ISO 3166-1 country
names, ISO 639-2 language names), whose people's translations are the reference.  For each language, a
template of the English names is translated with `localize translate` twice, with the CLDR names (shipped)
and without them (the model alone); exact matches (any case) and corpus chrF against the people's catalog.

    apt-get download iso-codes && dpkg-deb -x iso-codes_*.deb iso
    python scripts/bench_iso_codes.py iso [--langs de,fr,ru,pl,ja,zh_CN]
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import polib
import sacrebleu

RUN = """
import sys
from localize import cldr
if sys.argv[1] == "model":
    cldr.place_name = lambda *a, **k: None
from localize.cli import main
sys.argv = ["localize", "translate", "-q", "--no-memory", sys.argv[2], "--to", sys.argv[3]]
main()
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("root", help="the extracted iso-codes package (usr/share/locale/...)")
    ap.add_argument("--langs", default="de,fr,ru,pl,ja,zh_CN")
    a = ap.parse_args()
    print("| language | catalog | names | model: exact | CLDR: exact | model chrF | CLDR chrF |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for lang in a.langs.split(","):
        for dom in ("iso_3166-1", "iso_639-2"):
            mo = Path(a.root) / "usr/share/locale" / lang / "LC_MESSAGES" / f"{dom}.mo"
            if not mo.is_file():
                continue
            human = {e.msgid: e.msgstr for e in polib.mofile(str(mo)) if e.msgid and e.msgstr}
            row = {}
            for arm in ("model", "cldr"):
                with tempfile.TemporaryDirectory() as tmp:
                    pot = polib.POFile()
                    pot.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
                    for k in human:
                        pot.append(polib.POEntry(msgid=k, msgstr=""))
                    pot.save(os.path.join(tmp, "t.pot"))
                    subprocess.run([sys.executable, "-c", RUN, arm, "t.pot", lang], cwd=tmp, check=True,
                                   capture_output=True)
                    got = {e.msgid: e.msgstr for e in polib.pofile(os.path.join(tmp, f"{lang}.po"))}
                keys = [k for k in human if got.get(k)]
                exact = sum(got[k].lower() == human[k].lower() for k in keys)
                chrf = sacrebleu.corpus_chrf([got[k] for k in keys], [[human[k] for k in keys]]).score
                row[arm] = (len(keys), exact, chrf)
            n = row["cldr"][0]
            print(f"| {lang} | {dom} | {n} | {row['model'][1]} ({100 * row['model'][1] / n:.0f}%) | "
                  f"{row['cldr'][1]} ({100 * row['cldr'][1] / n:.0f}%) | {row['model'][2]:.1f} | {row['cldr'][2]:.1f} |")


if __name__ == "__main__":
    main()
