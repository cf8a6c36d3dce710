#!/usr/bin/env python3
"""Protection and QA on real files (issue: placeholders survive).  Usage: python scripts/bench_protect.py

Stripped copies of the real catalogs and bundles in tests/fixtures (every translation emptied) are
translated with the default model and --final.  Per file: entries, share whose placeholders, tags and
ICU syntax survived on the engine's first hypothesis (before any fallback), share that ended final
(passed every error-level check after n-best choice and fallbacks), fuzzy (PO) or held back (JSON),
and - the invariant - how many entries written as final fail an error-level check when re-checked
from the written file (must be 0).  PO outputs are also run through `msgfmt --check-format`.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from localize import formats  # noqa: E402
from localize.audit import audit_files  # noqa: E402
from localize.config import Settings, load  # noqa: E402
from localize.engine.ct2 import CT2Translator  # noqa: E402
from localize.engine import DEFAULT_MODEL_DIR  # noqa: E402
from localize.pipeline import Options, Pipeline  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SYNTAX = {"placeholders", "tags", "icu", "plurals"}
FX = ROOT / "tests/fixtures"
PO_FILES = [FX / f"po/{p}/{l}.po" for p in ("psmisc", "findutils", "hexchat") for l in ("de", "fr", "es")]
JSON_SETS = [("medusa-dashboard", "en.json", ["de", "fr"]), ("openedx-paragon", "fr.json", ["de", "es"])]


def strip_po(src: Path, dst: Path) -> None:
    res = formats.load(src)
    for s in res.segments:
        if not s.obsolete:
            s.targets = []
            s.set_flag("fuzzy", False)
    dst.write_bytes(formats.dump(res))


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="localize-protect-"))
    engine = CT2Translator(DEFAULT_MODEL_DIR, beam_size=4)
    rows = []
    total = {"entries": 0, "first": 0, "final": 0, "final_bad": 0}
    try:
        for src in PO_FILES:
            dst = work / f"{src.parent.name}-{src.name}"
            strip_po(src, dst)
            settings = Settings(root=work)
            res = Pipeline(settings, engine, Options(final=True, n_best=4)).run([str(dst)])
            st = next(iter(res.stats.values()))
            n = len(res.items)
            syntax_bad = len({i.segment_id for i in res.issues if i.check in SYNTAX and i.severity == "error"})
            bad = [i for i in audit_files([str(dst)], None, None) if i.severity == "error"]
            msgfmt = subprocess.run(["msgfmt", "--check-format", "--check-header", "-o", "/dev/null", str(dst)],
                                    capture_output=True, text=True).returncode == 0 if shutil.which("msgfmt") else None
            rows.append((dst.name, n, st.first_pass, n - syntax_bad, st.final, len(bad), msgfmt))
        for pkg, source, locales in JSON_SETS:
            proj = work / pkg
            (proj / "i18n").mkdir(parents=True)
            shutil.copy(FX / "json" / pkg / source, proj / "i18n" / "src.json")
            (proj / "localize.toml").write_text(
                f'[project]\nsource = "en"\ntargets = {json.dumps(locales)}\n\n[[resources]]\n'
                'path = "i18n/{locale}.json"\ntemplate = "i18n/src.json"\n')
            settings = load(proj / "localize.toml")
            res = Pipeline(settings, engine, Options(final=True, n_best=4)).run()
            for loc in locales:
                st = res.stats[loc]
                items = [it for it in res.items if it.job.locale == loc]
                syntax_bad = len({i.segment_id for i in res.issues
                                  if i.locale == loc and i.check in SYNTAX and i.severity == "error"})
                out = proj / "i18n" / f"{loc}.json"
                bad = [i for i in audit_files([str(out)], str(proj / "i18n/src.json"), [loc]) if i.severity == "error"]
                rows.append((f"{pkg}-{loc}.json", len(items), st.first_pass, len(items) - syntax_bad, st.final, len(bad), None))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{'file':<28} {'entries':>7} {'1st hyp passes':>18} {'after fallback':>14} {'final':>7} "
          f"{'final w/ error':>14} msgfmt")
    total["after"] = 0
    for name, n, first, after, final, bad, msgfmt in rows:
        total["entries"] += n
        total["first"] += first
        total["after"] += after
        total["final"] += final
        total["final_bad"] += bad
        print(f"{name:<28} {n:>7} {100 * first / max(1, n):>17.1f}% {100 * after / max(1, n):>13.1f}% "
              f"{100 * final / max(1, n):>6.1f}% {bad:>14} {'' if msgfmt is None else ('ok' if msgfmt else 'FAILED')}")
    n = max(1, total["entries"])
    print(f"{'all':<28} {total['entries']:>7} {100 * total['first'] / n:>17.1f}% {100 * total['after'] / n:>13.1f}% "
          f"{100 * total['final'] / n:>6.1f}% {total['final_bad']:>14}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
