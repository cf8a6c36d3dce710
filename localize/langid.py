"""Language detection and verification for UI strings.

Order of evidence: (1) what cannot be language (placeholders, URLs, numbers, code) is removed and a
string with too little text left gets no label; (2) the Unicode script decides where it is
unambiguous (kana -> ja, hangul -> ko, greek, hebrew, thai ...); (3) for the rest, langdetect
(made deterministic) scores the languages, restricted to the project's candidate locales, with the
declared language as a prior; a short or unclear string abstains.  A wrong label is worse than none.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .plurals import language
from .protect import find_spans

MIN_LETTERS = 3


@dataclass(frozen=True)
class Guess:
    lang: str | None      # None: abstained
    confidence: float
    reason: str = ""


def clean(text: str) -> str:
    """The text without placeholders, markup, URLs, paths, options, numbers and accelerators."""
    spans = find_spans(text)
    out, pos = [], 0
    for s, e, _r in spans:
        out.append(text[pos:s])
        out.append(" ")
        pos = e
    out.append(text[pos:])
    t = "".join(out)
    t = re.sub(r"(?<![\w])[_&~](?=\w)", "", t)
    t = re.sub(r"[\d_]+", " ", t)
    return re.sub(r"\s+", " ", t).strip()


_SCRIPT_LANG = {"HIRAGANA": "ja", "KATAKANA": "ja", "HANGUL": "ko", "GREEK": "el", "HEBREW": "he",
                "THAI": "th", "DEVANAGARI": "hi", "GEORGIAN": "ka", "ARMENIAN": "hy", "BENGALI": "bn",
                "TAMIL": "ta", "KHMER": "km", "LAO": "lo", "ETHIOPIC": "am"}


def scripts(text: str) -> Counter[str]:
    c: Counter[str] = Counter()
    for ch in text:
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            c[name.split(" ")[0] if name else "?"] += 1
    return c


@lru_cache(maxsize=1)
def _factory() -> Any:
    from langdetect import DetectorFactory
    from langdetect.detector_factory import init_factory

    DetectorFactory.seed = 0
    init_factory()
    from langdetect import detector_factory
    return detector_factory._factory


def _langdetect(text: str) -> dict[str, float]:
    from langdetect.lang_detect_exception import LangDetectException

    factory = _factory()
    try:
        d = factory.create()
        d.append(text)
        probs = d.get_probabilities()
    except LangDetectException:
        return {}
    out: dict[str, float] = {}
    for p in probs:
        lang = {"zh-cn": "zh", "zh-tw": "zh"}.get(p.lang, p.lang)
        out[lang] = out.get(lang, 0.0) + p.prob
    return out


def detect(text: str, candidates: list[str] | None = None, prior: str | None = None) -> Guess:
    """Detect the language of `text`.  `candidates` limits the answer to the project's languages;
    `prior` is the declared language, preferred when the evidence allows it."""
    body = clean(text)
    letters = sum(ch.isalpha() for ch in body)
    if letters < MIN_LETTERS:
        return Guess(None, 0.0, "too little text")
    cands = {language(c) for c in candidates} if candidates else None
    pri = language(prior) if prior else None
    sc = scripts(body)
    total = sum(sc.values())
    top, n = sc.most_common(1)[0]
    if top in ("HIRAGANA", "KATAKANA") or (top == "CJK" and (sc["HIRAGANA"] + sc["KATAKANA"]) > 0):
        return Guess("ja", 0.99, "kana")
    if top in _SCRIPT_LANG and n / total > 0.5:
        return Guess(_SCRIPT_LANG[top], 0.99, f"{top.lower()} script")
    if top == "CJK" and n / total > 0.5:
        if pri in ("ja", "zh") and (cands is None or pri in cands):
            return Guess(pri, 0.9, "han script, declared")
        return Guess("zh", 0.9, "han script")
    if top == "ARABIC" and n / total > 0.5:
        if any(ch in body for ch in "پچژگ"):
            return Guess("fa", 0.9, "arabic script, persian letters")
        return Guess("ar", 0.95, "arabic script")
    if top == "CYRILLIC" and n / total > 0.5:
        if any(ch in body.lower() for ch in "іїєґ"):
            return Guess("uk", 0.95, "ukrainian letters")
        cyr = {"ru", "uk", "bg", "sr", "mk", "be", "kk"}
        pool = (cands & cyr) if cands else None
        if pri in cyr and (not pool or pri in pool):
            return Guess(pri, 0.9, "cyrillic, declared")
        if pool and len(pool) == 1:
            return Guess(next(iter(pool)), 0.9, "cyrillic, only candidate")
    probs = _langdetect(body)
    if cands:
        probs = {k: v for k, v in probs.items() if k in cands}
    if not probs:
        return Guess(None, 0.0, "no candidate fits")
    words = len(body.split())
    best, p = max(probs.items(), key=lambda kv: kv[1])
    total_p = sum(probs.values())
    conf = p / total_p if total_p else 0.0
    if pri and pri in probs and probs[pri] / total_p >= 0.2 and words <= 3:
        return Guess(pri, probs[pri] / total_p, "declared language plausible")
    need = 0.99 if words <= 3 else 0.9 if words <= 10 else 0.8
    if conf < need:
        return Guess(None, conf, "ambiguous")
    return Guess(best, conf, "statistics")
