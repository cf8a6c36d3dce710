#!/usr/bin/env python3
"""The Polish and Russian "many" plural form (selection.sample_many) against people's catalogs the model never saw.

Plural messages of the corpora's test-split packages (findutils, gnome-disk-utility, gnome-maps, hexchat, kcalc,
psmisc, seahorse, simple-scan, ...; their Debian .deb files as `make corpora` caches them) and of any other
extracted packages given, whose people's translation has three forms with a different "few" and "many"; each
language's messages go into one catalog with every msgstr emptied, which `localize translate --no-memory` fills
twice: with the "many" form translated from the plural source as it is (as before), and with its count said as a
number (shipped).  The "many" and "few" forms are compared with the people's: exact matches and corpus chrF.

    python scripts/bench_plural_many.py .cache/debs [--extra x] [--langs pl,ru]
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

import polib
import sacrebleu

TEST_PACKAGES = ("findutils", "gnome-disk-utility", "gnome-font-viewer", "gnome-maps", "hexchat-common", "kcalc",
                 "psmisc", "ristretto", "seahorse", "simple-scan", "xfce4-taskmanager")
RUN = """
import sys
from localize import selection
if sys.argv[1] == "before":
    selection.MANY_IS_GENITIVE = frozenset()
from localize.cli import main
sys.argv = ["localize", "translate", "-q", "--no-memory", sys.argv[2]]
main()
"""


def messages(roots: list[Path], lang: str) -> list[polib.MOEntry]:
    out, seen = [], set()
    for root in roots:
        for mo in sorted(root.glob(f"*/usr/share/locale/{lang}/LC_MESSAGES/*.mo")):
            for e in polib.mofile(str(mo)):
                forms = e.msgstr_plural
                if not e.msgid_plural or len(forms) != 3 or not all(forms.values()) or forms[1] == forms[2]:
                    continue
                if (e.msgctxt, e.msgid) not in seen:
                    seen.add((e.msgctxt, e.msgid))
                    out.append(e)
    return out


def run(entries: list[polib.MOEntry], lang: str, arm: str) -> dict[tuple[str, str], list[str]]:
    with tempfile.TemporaryDirectory() as tmp:
        po = polib.POFile()
        po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": lang}
        for e in entries:
            po.append(polib.POEntry(msgctxt=e.msgctxt, msgid=e.msgid, msgid_plural=e.msgid_plural,
                                    msgstr_plural={0: "", 1: "", 2: ""}, flags=["c-format"] if "%" in e.msgid else []))
        path = Path(tmp) / f"{lang}.po"
        po.save(str(path))
        subprocess.run([sys.executable, "-c", RUN, arm, path.name], cwd=tmp, check=False, capture_output=True)
        return {(e.msgctxt or "", e.msgid): [e.msgstr_plural.get(i, "") for i in range(3)]
                for e in polib.pofile(str(path)) if e.msgid_plural}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("debs", help="folder of the corpora's .deb files (.cache/debs)")
    ap.add_argument("--extra", action="append", default=[], help="folders of extracted packages (PKG/usr/share/...)")
    ap.add_argument("--langs", default="pl,ru")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for name in TEST_PACKAGES:
            for deb in Path(a.debs).glob(f"{name}_*.deb"):
                subprocess.run(["dpkg-deb", "-x", str(deb), str(Path(tmp) / name)], check=True)
        roots = [Path(tmp)] + [Path(x) for x in a.extra]
        print("| language | messages | short (<= 3 words) | many: exact before / now | many: chrF before / now | "
              "short many: exact before / now | few: chrF (unchanged) |")
        print("|---|---:|---:|---|---|---|---|")
        for lang in a.langs.split(","):
            entries = messages(roots, lang)
            if not entries:
                continue
            got = {arm: run(entries, lang, arm) for arm in ("before", "now")}
            keys = [((e.msgctxt or ""), e.msgid) for e in entries]
            ref = {k: [e.msgstr_plural[i] for i in range(3)] for k, e in zip(keys, entries)}
            short = {k for k, e in zip(keys, entries) if len(e.msgid_plural.split()) <= 3}
            row = []
            for arm in ("before", "now"):
                hyp = [got[arm].get(k, ["", "", ""])[2] for k in keys]
                row.append((sum(h == ref[k][2] for h, k in zip(hyp, keys)),
                            sacrebleu.corpus_chrf(hyp, [[ref[k][2] for k in keys]]).score,
                            sum(h == ref[k][2] for h, k in zip(hyp, keys) if k in short)))
            few = sacrebleu.corpus_chrf([got["now"].get(k, ["", "", ""])[1] for k in keys],
                                        [[ref[k][1] for k in keys]]).score
            n = len(keys)
            print(f"| {lang} | {n} | {len(short)} | {row[0][0] / n:.1%} / {row[1][0] / n:.1%} | "
                  f"{row[0][1]:.1f} / {row[1][1]:.1f} | {row[0][2]} / {row[1][2]} | {few:.1f} |", flush=True)


if __name__ == "__main__":
    main()
