"""Shared by fit_confidence.py and bench_confidence.py: translate a corpus split with every embedded
model through the pipeline's own path (localize.texts.translate_evidence), keep what the engine said
about each string, score it against the human reference (sentence chrF), and cache all of it under
.cache/confidence/ (git-ignored) so features can change without translating again."""
from __future__ import annotations

import gzip
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from localize import confidence  # noqa: E402
from localize.corpus import GETTEXT, WEB, read_pairs  # noqa: E402
from localize.engine import CARD_NAME, embedded_models  # noqa: E402

CACHE = ROOT / ".cache" / "confidence"
GARBAGE = 25.0      # sentence chrF below this against the human reference: garbage (issue 13)
MIN_WORDS = 3


def words(text: str) -> int:
    return len(text.split())


def model_langs() -> list[tuple[Path, str, str]]:
    """(model dir, version key, language) for every embedded model and language it covers; the key is the
    card's version plus the weights' size and time, so a retrained model is translated again."""
    out = []
    for d in embedded_models():
        card = json.loads((d / CARD_NAME).read_text("utf-8"))
        st = (d / "model.bin").stat()
        key = f"{card.get('version', '0')}-{st.st_size}-{int(st.st_mtime)}" + ("-vmap" if (d / "vmap.txt").is_file() else "")
        for lang in card["target_languages"]:
            out.append((d, key, lang))
    return out


def collect(split: str, per_lang: int, seed: int = 13, min_words: int = MIN_WORDS,
            log: Any = print) -> list[dict[str, Any]]:
    """Rows {model, lang, set, package, source, reference, output, units, chrf} of `split` (both corpus
    sets), strings of `min_words`+ words, at most `per_lang` per language (a fixed random sample)."""
    from localize.engine.ct2 import CT2Translator
    from localize.texts import translate_evidence
    from localize.scoring import sentence_chrf

    rows: list[dict[str, Any]] = []
    engines: dict[Path, Any] = {}
    for model_dir, version, lang in model_langs():
        path = CACHE / f"{model_dir.name}-{version}.{lang}.{split}.{per_lang}.v10.jsonl.gz"  # v10: session 9 (CLDR names, date formats)
        if path.exists():
            with gzip.open(path, "rt", encoding="utf-8") as fh:
                rows += [json.loads(line) for line in fh]
            continue
        pairs = [(p, s) for s in (GETTEXT, WEB) for p in read_pairs(ROOT / "corpora", lang, {split}, (s,))
                 if words(p.source) >= min_words and p.target.strip()]
        seen: set[str] = set()
        uniq = []
        for p, s in pairs:
            if p.source not in seen:
                seen.add(p.source)
                uniq.append((p, s))
        random.Random(seed).shuffle(uniq)
        uniq = uniq[:per_lang]
        if model_dir not in engines:
            engines[model_dir] = CT2Translator(model_dir, beam_size=4)
        t0 = time.time()
        out = translate_evidence(engines[model_dir], [p.source for p, _s in uniq], lang)
        log(f"{model_dir.name} {lang} {split}: {len(uniq)} strings in {time.time() - t0:.0f} s")
        new = []
        for (p, s), (text, units) in zip(uniq, out):
            new.append({"model": model_dir.name, "lang": lang, "set": s, "package": p.package,
                        "source": p.source, "reference": p.target, "output": text,
                        "units": [u.as_dict() for u in units], "chrf": round(sentence_chrf(text, p.target), 2)})
        path.parent.mkdir(parents=True, exist_ok=True)
        with gzip.open(path, "wt", encoding="utf-8") as fh:
            for r in new:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
        rows += new
    return rows


def row_features(row: dict[str, Any]) -> dict[str, float | None]:
    units = [confidence.Evidence(u["source"], u["hyps"], u["scores"], u["rank"], u["path"], u.get("tokens", []),
                                 u.get("source_tokens", 0)) for u in row["units"]]
    return confidence.string_features(row["source"], row["output"], units, row["lang"])


def row_errors(row: dict[str, Any]) -> bool:
    """Whether the pipeline's error-level checks reject the output (it then stays fuzzy anyway)."""
    from localize import checks
    ctx = checks.Context(target_locale=row["lang"], machine=True)
    return any(i.severity == checks.ERROR for i in checks.check_pair(row["source"], row["output"], ctx,
                                                                      skip={"language", "glossary"}))
