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
PRIOR_WEIGHT = 1.0  # >1 measured worse: it hides untranslated English in a catalog (bench_langid.py)
THRESHOLDS = (0.7, 0.9, 0.8)  # confidence needed for 1-3 words, 4-10 words, longer


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


@lru_cache(maxsize=8192)
def _script(ch: str) -> str:
    if ch < "\u0250":
        return "LATIN"  # ASCII and the Latin-1/Extended-A/B blocks: every letter there is Latin
    name = unicodedata.name(ch, "")
    return name.split(" ")[0] if name else "?"


def scripts(text: str) -> Counter[str]:
    return Counter(_script(ch) for ch in text if ch.isalpha())


@lru_cache(maxsize=1)
def _factory() -> Any:
    from langdetect import DetectorFactory
    from langdetect.detector_factory import init_factory

    DetectorFactory.seed = 0  # langdetect is random by default; a fixed seed makes it deterministic
    init_factory()
    from langdetect import detector_factory
    return detector_factory._factory


def _langdetect(text: str, cands: frozenset[str] | None) -> dict[str, float]:
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


@lru_cache(maxsize=32)
def _lingua_detector(cands: frozenset[str] | None) -> Any:
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    if cands:
        codes = [getattr(IsoCode639_1, c.upper()) for c in sorted(cands) if hasattr(IsoCode639_1, c.upper())]
        if len(codes) >= 2:
            return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).build()
    return LanguageDetectorBuilder.from_all_languages().build()


def _lingua(text: str, cands: frozenset[str] | None) -> dict[str, float]:
    values = _lingua_detector(cands).compute_language_confidence_values(text)
    return {v.language.iso_code_639_1.name.lower(): float(v.value) for v in values if v.value > 0}


@lru_cache(maxsize=32)
def _py3langid_model(cands: frozenset[str] | None) -> Any:
    from py3langid.langid import LanguageIdentifier, MODEL_FILE

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    if cands:
        usable = [c for c in cands if c in ident.nb_classes]
        if len(usable) >= 2:
            ident.set_languages(usable)
    return ident


def _py3langid(text: str, cands: frozenset[str] | None) -> dict[str, float]:
    ranked = _py3langid_model(cands).rank(text)
    return {lang: float(p) for lang, p in ranked[:10] if p > 0.0001}


def _builtin(text: str, cands: frozenset[str] | None) -> dict[str, float]:
    from . import langid_model
    return langid_model.load().probs(text, cands)


BACKENDS = {"builtin": _builtin, "lingua": _lingua, "langdetect": _langdetect, "py3langid": _py3langid}
# "builtin": the in-domain model shipped in the package (localize/langid_model.py), trained on UI strings
# of 38 languages; chosen by scripts/bench_langid.py (see README: Language detection)
DEFAULT_BACKEND = "builtin"
_BACKEND_MODULE = {"builtin": "localize.langid_model", "lingua": "lingua", "langdetect": "langdetect",
                   "py3langid": "py3langid"}


def available_backend(name: str | None) -> str:
    """The requested backend, or the best installed one (lingua is an optional extra)."""
    order = [name] if name else [DEFAULT_BACKEND, "lingua", "py3langid", "langdetect"]
    for b in order:
        mod = _BACKEND_MODULE.get(b or "")
        if mod is None:
            continue
        try:
            __import__(mod)
            if b == "builtin":
                from . import langid_model
                if not langid_model.available():
                    raise ImportError("the built-in model file is missing")
            return b  # type: ignore[return-value]
        except ImportError:
            if name:
                from .errors import ConfigError
                raise ConfigError(f"language detection backend {name!r} is not installed (pip install {mod})") from None
    return "langdetect"


COPYRIGHT_RE = re.compile(r"\bcopyright\b|©|\(C\) \d{4}", re.I)
_CYRILLIC = {"ru", "uk", "bg", "sr", "mk", "be", "kk", "ky", "mn", "tg", "tt", "ba", "cv", "sah", "os", "ab"}
# languages written in one non-Latin script: a text in that script *is compatible* with them, and a
# text in another script is not (a declared language outside every family is Latin-script)
SCRIPT_FAMILY = {
    "CYRILLIC": _CYRILLIC,
    "ARABIC": {"ar", "fa", "ur", "ug", "ps", "ckb", "ku", "sd", "ks", "bal", "azb"},
    "HEBREW": {"he", "yi", "lad"}, "GREEK": {"el", "grc"}, "ARMENIAN": {"hy", "hye", "hyw"},
    "GEORGIAN": {"ka"}, "THAI": {"th"}, "LAO": {"lo"}, "KHMER": {"km"}, "ETHIOPIC": {"am", "ti", "gez"},
    "DEVANAGARI": {"hi", "mr", "ne", "sa", "mai", "bho", "kok", "doi"}, "BENGALI": {"bn", "as", "mni"},
    "TAMIL": {"ta"}, "TELUGU": {"te"}, "KANNADA": {"kn"}, "MALAYALAM": {"ml"}, "GUJARATI": {"gu"},
    "GURMUKHI": {"pa"}, "ORIYA": {"or"}, "SINHALA": {"si"}, "MYANMAR": {"my"}, "TIBETAN": {"bo", "dz"},
    "HANGUL": {"ko"}, "HIRAGANA": {"ja"}, "KATAKANA": {"ja"}, "CJK": {"zh", "ja", "yue", "wuu"},
}


def _script_of_language(lang: str) -> set[str]:
    return {sc for sc, langs in SCRIPT_FAMILY.items() if lang in langs}


def _by_script(body: str, cands: set[str] | None, pri: str | None) -> Guess | None:
    """Decide by Unicode script where that is unambiguous: a word in a non-Latin script settles it
    even inside mostly-Latin text (options, program names and placeholders are Latin everywhere).
    A declared language written in that script is taken as it is: statistics would only confuse
    neighbours that share it (fa/ar/ug, be/uk, kk/ru, hy/hye)."""
    sc = scripts(body)
    kana = sc["HIRAGANA"] + sc["KATAKANA"]
    found = [name for name, n in sc.items() if name in SCRIPT_FAMILY and (n >= 2 or name in ("HANGUL", "CJK"))]
    if kana:
        found = ["HIRAGANA"]
    if found and pri and any(pri in SCRIPT_FAMILY[f] for f in found):
        return Guess(pri, 0.95, f"{found[0].lower()} script, declared")
    if kana:
        return Guess("ja", 0.99, "kana")
    if sc["HANGUL"] >= 1:
        return Guess("ko", 0.99, "hangul")
    for script, lang in _SCRIPT_LANG.items():
        if sc[script] >= 2 and lang != "ja":
            return Guess(lang, 0.99, f"{script.lower()} script")
    if sc["CJK"] >= 1:
        if cands and "zh" not in cands and "ja" in cands:
            return Guess("ja", 0.9, "han script, only candidate")
        return Guess("zh", 0.9, "han script")
    if sc["ARABIC"] >= 2:
        if any(ch in body for ch in "پچژگ"):
            return Guess("fa", 0.9, "arabic script, persian letters")
        return Guess("ar", 0.95, "arabic script")
    if sc["CYRILLIC"] >= 2:
        low = body.lower()
        if any(ch in low for ch in "їєґ"):
            return Guess("uk", 0.95, "ukrainian letters")
        if "ў" in low:
            return Guess("be", 0.95, "belarusian letters")
        pool = (cands & _CYRILLIC) if cands else set()
        if len(pool) == 1:
            return Guess(next(iter(pool)), 0.9, "cyrillic, only candidate")
    return None


@lru_cache(maxsize=256)
def supported(lang: str, backend: str) -> bool:
    """Whether the statistical backend knows `lang` at all (it cannot verify a language it lacks:
    lingua has no Galician, Asturian or Occitan, and would call them all English)."""
    if backend == "lingua":
        from lingua import IsoCode639_1
        return hasattr(IsoCode639_1, lang.upper())
    if backend == "py3langid":
        return lang in _py3langid_model(None).nb_classes
    if backend == "builtin":
        from . import langid_model
        return lang in langid_model.load().index
    from langdetect.detector_factory import init_factory
    init_factory()
    from langdetect import detector_factory
    langs = {x.split("-")[0] for x in detector_factory._factory.get_lang_list()}
    return lang in langs


_MODEL_DECIDES = {"han script": {"zh", "ja"}, "arabic script": {"ar", "fa"}}


def _prepare(text: str, candidates: list[str] | None, prior: str | None, backend: str = DEFAULT_BACKEND
             ) -> Guess | tuple[str, set[str] | None, str | None]:
    """Everything before statistics: a final Guess, or (text for the backend, candidates, prior)."""
    body = clean(text)
    letters = sum(ch.isalpha() for ch in body)
    if letters < MIN_LETTERS:
        return Guess(None, 0.0, "too little text")
    cands = {language(c) for c in candidates} if candidates else None
    pri = language(prior) if prior else None
    if COPYRIGHT_RE.search(body):
        return Guess(None, 0.0, "copyright notice: names, not language")
    script_guess = _by_script(body, cands, pri)
    if script_guess is not None:
        family = _MODEL_DECIDES.get(script_guess.reason) if backend == "builtin" else None
        pool = ((cands & family) if cands else family) if family else None
        if not pool or len(pool) < 2:
            return script_guess
        return body, pool, pri  # the built-in model tells ja kanji from zh hanzi, ar from fa
    if pri and not supported(pri, backend):
        return Guess(None, 0.0, f"{backend} does not know {pri}: cannot verify")
    if scripts(body)["CYRILLIC"] >= 2:  # statistics decide among the cyrillic languages, on cyrillic words
        cands = (cands & _CYRILLIC) if cands else set(_CYRILLIC)
        body = " ".join(w for w in body.split() if any("CYRILLIC" in unicodedata.name(c, "") for c in w))
    return body, cands, pri


def _decide(probs: dict[str, float], body: str, cands: set[str] | None, pri: str | None) -> Guess:
    if cands:
        probs = {k: v for k, v in probs.items() if k in cands}
    if not probs:
        return Guess(None, 0.0, "no candidate fits")
    words = len(body.split())
    if pri and pri in probs:
        probs = dict(probs)
        probs[pri] *= PRIOR_WEIGHT
    total_p = sum(probs.values())
    best, p = max(probs.items(), key=lambda kv: kv[1])
    conf = p / total_p if total_p else 0.0
    need = THRESHOLDS[0] if words <= 3 else THRESHOLDS[1] if words <= 10 else THRESHOLDS[2]
    if conf < need:
        return Guess(None, conf, "ambiguous")
    return Guess(best, conf, "statistics" + (", declared prior" if best == pri else ""))


def detect(text: str, candidates: list[str] | None = None, prior: str | None = None,
           backend: str | None = None) -> Guess:
    """Detect the language of `text`.  `candidates` limits the answer to the project's languages;
    `prior` is the declared language, preferred when the evidence allows it."""
    backend = available_backend(backend)
    prep = _prepare(text, candidates, prior, backend)
    if isinstance(prep, Guess):
        return prep
    body, cands, pri = prep
    if backend == "builtin":
        return _decide_builtin(body, cands)
    return _decide(BACKENDS[backend](body, frozenset(cands) if cands else None), body, cands, pri)


def _decide_builtin(body: str, cands: set[str] | None) -> Guess:
    """The built-in model decides with its own tuned thresholds and its lexicon of strings shared by
    several languages ("OK", "Menu", product names), on which it abstains."""
    from . import langid_model
    lang, conf, reason = langid_model.load().decide(body, cands)
    return Guess(lang, conf, reason)


def detect_many(texts: list[str], candidates: list[str] | None = None, prior: str | None = None,
                backend: str | None = None) -> list[Guess]:
    """detect() for many strings; with lingua the statistics run in parallel on every core."""
    backend = available_backend(backend)
    if backend != "lingua":
        return [detect(t, candidates, prior, backend) for t in texts]
    out: list[Guess | None] = [None] * len(texts)
    groups: dict[frozenset[str] | None, list[tuple[int, str, set[str] | None, str | None]]] = {}
    for i, t in enumerate(texts):
        prep = _prepare(t, candidates, prior, backend)
        if isinstance(prep, Guess):
            out[i] = prep
        else:
            body, cands, pri = prep
            groups.setdefault(frozenset(cands) if cands else None, []).append((i, body, cands, pri))
    for key, rows in groups.items():
        values = _lingua_detector(key).compute_language_confidence_values_in_parallel([b for _i, b, _c, _p in rows])
        for (i, body, cands, pri), vals in zip(rows, values):
            probs = {v.language.iso_code_639_1.name.lower(): float(v.value) for v in vals if v.value > 0}
            out[i] = _decide(probs, body, cands, pri)
    return [g if g is not None else Guess(None, 0.0) for g in out]


def preload(pairs: list[tuple[str, str]], backend: str | None = None) -> Any:
    """Load the statistical models the verify checks of these (source, target) pairs will need, in a
    background thread (lingua loads ~0.2 s of models per language on first use): started before the
    engine runs, it is free while the engine decodes.  Returns the thread (join it before checking),
    or None when there is nothing to load."""
    import threading

    name = available_backend(backend)
    if name not in ("lingua", "builtin") or not pairs:
        return None

    def work() -> None:
        try:
            for src, tgt in pairs:
                detect_many(["this is a short warm-up text"], [src, tgt], tgt, name)
                if name == "builtin":
                    break  # one model for every language
        except Exception:  # noqa: BLE001 - only a warm-up: the check itself reports any real failure
            return

    thread = threading.Thread(target=work, name="localize-langid-preload", daemon=True)
    thread.start()
    return thread


def _masked(text: str) -> str:
    """`text` with placeholders, markup, URLs and numbers blanked out (same length: offsets hold)."""
    chars = list(text)
    for s, e, _r in find_spans(text):
        chars[s:e] = " " * (e - s)
    return "".join(chars)


def spans(text: str, candidates: list[str] | None = None) -> list[Any]:
    """Word-level labels: runs of words of `text` in one language, each a ``Span(start, end, lang,
    confidence, text)`` with offsets into `text` (built-in model; a switch of language costs evidence,
    so one odd word does not split a sentence).  ``lang`` is None where the words do not say (short,
    shared by several candidates).  Placeholders and markup are skipped."""
    from . import langid_model
    model = langid_model.load()
    cands = {language(c) for c in candidates} if candidates else None
    return model.spans(_masked(text), cands)


def foreign_spans(text: str, expected: str, candidates: list[str] | None = None,
                  min_letters: int = 4) -> list[Any]:
    """The spans of `text` confidently in a language other than `expected` (e.g. English words left in
    a German translation: ``foreign_spans("Datei speichern unter Save as", "de", ["en", "de"])``).
    Spans of fewer than `min_letters` letters are not reported.  Empty when the built-in model does not
    know `expected`."""
    from . import langid_model
    model = langid_model.load()
    exp = language(expected)
    if exp not in model.index:
        return []
    cands = {language(c) for c in candidates} | {exp} if candidates else None
    out = []
    for sp in model.spans(_masked(text), cands):
        if sp.lang is not None and sp.lang != exp and sum(ch.isalpha() for ch in sp.text) >= min_letters:
            out.append(sp)
    return out
