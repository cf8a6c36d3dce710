#!/usr/bin/env python3
"""Near matches in the memory (localize/nearmatch.py) against the model, on real catalogs outside the corpora.

In each package's catalog, entries whose msgid differs from another entry's only in the final period, colon or
ellipsis, or in capitals after the first letter ("Save As" / "Save As…" / "Save as:") form groups; the first of
a group keeps the person's translation, the others are emptied.  All packages of a language go into one catalog
(each entry's msgctxt prefixed with its package, so no near match crosses packages), which `localize translate`
fills three times: with `--no-memory` (the model alone), with a fresh memory but no near matches (the project's
exact matches: an entry whose accelerator alone differs), and as shipped (+ near matches).  The emptied entries
are compared with the people's translations: exact matches, corpus chrF, share under sentence chrF 25.

    apt-get download guake terminator bleachbit ...   # Debian packages outside corpora/SOURCES.tsv
    for d in *.deb; do dpkg-deb -x $d x/${d%%_*}; done
    python scripts/bench_nearmatch.py x [--langs de,fr,...]
    python scripts/bench_nearmatch.py x --contexts y    # same text, another msgctxt (x and y: extracted packages)
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import polib
import sacrebleu

from localize import nearmatch

LANGS = "de,fr,es,it,pt_BR,nl,pl,ru,ja,zh_CN"
HEADER = {"Content-Type": "text/plain; charset=UTF-8", "MIME-Version": "1.0", "Content-Transfer-Encoding": "8bit"}


def _key(e: polib.MOEntry) -> str:
    return nearmatch.key(e.msgid.replace("_", "").replace("&", ""))


def build(root: Path, lang: str) -> tuple[polib.POFile, dict[tuple[str, str], str]]:
    """One catalog of every package's translations for `lang`, near-match followers emptied; their references."""
    po = polib.POFile()
    po.metadata = dict(HEADER, Language=lang)
    refs: dict[tuple[str, str], str] = {}
    for mo in sorted(root.glob(f"*/usr/share/locale/{lang}/LC_MESSAGES/*.mo")):
        pkg = mo.relative_to(root).parts[0]
        seen: dict[tuple[str, str], str] = {}
        for e in polib.mofile(str(mo)):
            if not e.msgid or e.msgid_plural or not e.msgstr or "\n" in e.msgid:
                continue
            ctx = f"{pkg}|{e.msgctxt or ''}"
            k = (ctx, _key(e))
            empty = k in seen and seen[k] != e.msgid and any(ch.isalpha() for ch in e.msgid)
            seen.setdefault(k, e.msgid)
            po.append(polib.POEntry(msgctxt=ctx, msgid=e.msgid, msgstr="" if empty else e.msgstr))
            if empty:
                refs[(ctx, e.msgid)] = e.msgstr
    return po, refs


RUN = """
import sys
from localize.memory import Memory
if sys.argv[1] == "exact":
    Memory.near_many = lambda self, keys: {}
from localize.cli import main
sys.argv = ["localize", "translate", sys.argv[2], "--json"] + (["--no-memory"] if sys.argv[1] == "model" else [])
main()
"""


def run(po: polib.POFile, lang: str, arm: str) -> tuple[dict[tuple[str, str], str], dict[str, int]]:
    """`arm`: "model" (--no-memory), "exact" (the memory without near matches), "near" (as shipped)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{lang}.po"
        po.save(str(path))
        out = subprocess.run([sys.executable, "-c", RUN, arm, path.name], cwd=tmp, capture_output=True, text=True)
        if out.returncode not in (0, 1):
            raise SystemExit(f"{lang}: localize translate failed: {out.stderr[-2000:]}")
        stats = json.loads(out.stdout)["locales"].get(lang, {})
        return {(e.msgctxt or "", e.msgid): e.msgstr for e in polib.pofile(str(path)) if e.msgstr}, stats


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("root", help="folder of extracted packages: PKG/usr/share/locale/LANG/LC_MESSAGES/*.mo")
    ap.add_argument("--langs", default=LANGS)
    ap.add_argument("--contexts", action="append", default=[],
                    help="also compare reuse across msgctxt in these extracted-package folders (and ROOT)")
    a = ap.parse_args()
    if a.contexts:
        contexts([Path(a.root)] + [Path(x) for x in a.contexts], a.langs.split(","))
        return
    print("| language | emptied | near matches | exact: model alone / exact memory / + near matches | "
          "chrF: model / exact / + near | sentence chrF < 25: model / exact / + near |")
    print("|---|---:|---:|---|---|---|")
    total: dict[str, int] = {"n": 0, "near": 0, "model": 0, "exact": 0, "with_near": 0}
    for lang in a.langs.split(","):
        po, refs = build(Path(a.root), lang)
        if not refs:
            continue
        outs = {arm: run(po, lang, arm) for arm in ("model", "exact", "near")}
        keys = [k for k in refs if all(o[0].get(k) for o in outs.values())]
        ref = [refs[k] for k in keys]
        exact, chrf, low = [], [], []
        for arm in ("model", "exact", "near"):
            hyp = [outs[arm][0][k] for k in keys]
            exact.append(sum(h == r for h, r in zip(hyp, ref)))
            chrf.append(sacrebleu.corpus_chrf(hyp, [ref]).score)
            low.append(sum(sacrebleu.sentence_chrf(h, [r]).score < 25 for h, r in zip(hyp, ref)))
        n, near = len(keys), outs["near"][1].get("near_memory", 0)
        for name, v in zip(("n", "near", "model", "exact", "with_near"), (n, near, *exact)):
            total[name] += v
        print(f"| {lang} | {n} | {near} | {' / '.join(f'{x / n:.1%}' for x in exact)} | "
              f"{' / '.join(f'{x:.1f}' for x in chrf)} | {' / '.join(f'{x / n:.1%}' for x in low)} |", flush=True)
    if total["n"]:
        n = total["n"]
        print(f"| all | {n} | {total['near']} | {total['model'] / n:.1%} / {total['exact'] / n:.1%} / "
              f"{total['with_near'] / n:.1%} | | |")

def contexts(roots: list[Path], langs: list[str]) -> None:
    """The same msgid under another msgctxt in one package: the person's translation of the first context
    (what near matches take when the entry's own context has none) against the model, both compared with the
    person's translation in the other context."""
    from localize.engine import DEFAULT_MODEL_DIR
    from localize.engine.ct2 import CT2Translator
    from localize.scoring import translate_plain
    engine = CT2Translator(DEFAULT_MODEL_DIR, beam_size=4)
    print("\n| language | same text, other context | the other context's translation = the person's | "
          "model = the person's |")
    print("|---|---:|---:|---:|")
    for lang in langs:
        rows: list[tuple[str, str, str]] = []  # (source, the first context's translation, reference)
        for root in roots:
            for mo in sorted(root.glob(f"*/usr/share/locale/{lang}/LC_MESSAGES/*.mo")):
                first: dict[str, str] = {}
                for e in polib.mofile(str(mo)):
                    if e.msgid_plural or not e.msgstr or "\n" in e.msgid:
                        continue
                    if e.msgid in first:
                        rows.append((e.msgid, first[e.msgid], e.msgstr))
                    else:
                        first[e.msgid] = e.msgstr
        if not rows:
            continue
        model = translate_plain(engine, [r[0].replace("_", "") for r in rows], lang)
        strip = [r[2].replace("_", "") for r in rows]
        reuse = sum(r[1].replace("_", "") == ref for r, ref in zip(rows, strip))
        mt = sum(m == ref for m, ref in zip(model, strip))
        print(f"| {lang} | {len(rows)} | {reuse / len(rows):.1%} | {mt / len(rows):.1%} |", flush=True)


if __name__ == "__main__":
    main()
