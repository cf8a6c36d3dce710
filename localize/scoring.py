"""Quality scores through sacrebleu (the only sacrebleu importer): BLEU, chrF, chrF++ and TER, each
with sacrebleu's signature so a number can be reproduced."""
from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .engine import Translator


@dataclass
class Score:
    metric: str
    score: float
    signature: str

    def as_dict(self) -> dict[str, Any]:
        return {"metric": self.metric, "score": round(self.score, 2), "signature": self.signature}


def _tokenizer_for(locale: str) -> str:
    lang = locale.split("_")[0].lower()
    return {"ja": "ja-mecab", "zh": "zh", "ko": "ko-mecab"}.get(lang, "13a")


def score(hypotheses: list[str], references: list[str], locale: str = "", metrics: tuple[str, ...] = ("bleu", "chrf", "chrf++", "ter")) -> dict[str, Score]:
    """Corpus-level scores of `hypotheses` against one reference each."""
    from sacrebleu.metrics import BLEU, CHRF, TER

    out: dict[str, Score] = {}
    refs = [references]
    if "bleu" in metrics:
        tok = _tokenizer_for(locale)
        try:
            bleu = BLEU(tokenize=tok)
            r = bleu.corpus_score(hypotheses, refs)
        except Exception:  # mecab tokenizers need extra packages; fall back to char-level for CJK
            bleu = BLEU(tokenize="char" if tok != "13a" else "13a")
            r = bleu.corpus_score(hypotheses, refs)
        out["bleu"] = Score("BLEU", r.score, str(bleu.get_signature()))
    if "chrf" in metrics:
        chrf = CHRF()
        out["chrf"] = Score("chrF2", chrf.corpus_score(hypotheses, refs).score, str(chrf.get_signature()))
    if "chrf++" in metrics:
        chrfpp = CHRF(word_order=2)
        out["chrf++"] = Score("chrF2++", chrfpp.corpus_score(hypotheses, refs).score, str(chrfpp.get_signature()))
    if "ter" in metrics:
        ter = TER()
        out["ter"] = Score("TER", ter.corpus_score(hypotheses, refs).score, str(ter.get_signature()))
    return out


def translate_plain(engine: Translator, sources: list[str], locale: str, n_best: int = 4) -> list[str]:
    """Translate strings the way `translate` does (lines, masks, n-best choice, fallbacks)."""
    from .texts import translate_texts
    return translate_texts(engine, sources, locale, n_best=n_best)


def translate_scored(engine: Translator, sources: list[str], locale: str, n_best: int = 4) -> list[tuple[str, float]]:
    """translate_plain() with each string's confidence (what `translate` would give it)."""
    from .confidence import string_confidence
    from .texts import translate_evidence
    return [(text, string_confidence(src, text, units, locale))
            for src, (text, units) in zip(sources, translate_evidence(engine, sources, locale, n_best=n_best))]


def canary(jobs: list[Any], engine: Translator, source_lang: str, limit: int = 150, seed: int = 0,
           human: Callable[[Any, Any], bool] | None = None) -> dict[str, float] | None:
    """Machine-translate up to `limit` human-translated (non-fuzzy, non-plural) strings of these jobs
    and score against the human text: a regression canary on the product's own strings.
    `human(job, segment)` tells a person's translation from localize's (the lockfile knows JSON's)."""
    pairs: list[tuple[str, str]] = []
    locale = ""
    for job in jobs:
        locale = job.locale
        for seg in job.resource.segments:
            if (seg.translated and not seg.fuzzy and not seg.obsolete and seg.source_plural is None
                    and seg.kind == "text" and not any(n.startswith("localize:") for n in seg.translator_notes)
                    and (human is None or human(job, seg))):
                pairs.append((seg.source, seg.targets[0]))
    if len(pairs) < 10:
        return None
    random.Random(seed).shuffle(pairs)
    pairs = pairs[:limit]
    scored = translate_scored(engine, [s for s, _ in pairs], locale)
    hyps = [h for h, _c in scored]
    sc = score(hyps, [t for _, t in pairs], locale, ("bleu", "chrf"))
    return {"chrf": sc["chrf"].score, "bleu": sc["bleu"].score, "n": float(len(pairs)),
            "confidence": round(sum(c for _h, c in scored) / len(scored), 3)}


def sentence_chrf(hypothesis: str, reference: str) -> float:
    """chrF of one string against one reference (sacrebleu's sentence_score, default chrF2)."""
    from sacrebleu.metrics import CHRF

    return float(_sentence_chrf_metric(CHRF).sentence_score(hypothesis, [reference]).score)


_CHRF: list[Any] = []


def _sentence_chrf_metric(cls: Any) -> Any:
    if not _CHRF:
        _CHRF.append(cls())
    return _CHRF[0]
