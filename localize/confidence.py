"""Confidence of a machine translation: how likely a reviewer accepts it, from signals that cost little.

Features (all model-agnostic, computed from the source, the output, and what the engine reported):

  logprob      the model's length-normalized log-probability of the chosen hypothesis (CTranslate2
               `return_scores`), length-weighted over the string's units
  agreement    how much the other n-best hypotheses agree with the chosen one (Dice of character 3-grams)
  not_first    the engine's best hypothesis failed a check: a later one was chosen
  fallback     the text was translated piece by piece between masks, or a glossary term substituted
  vanished     names of the source missing in the output: identifiers, CamelCase/command/file names,
               ALL-CAPS words, numbers (log 1 + count)
  foreign      letters of another script or alphabet than the target language's, not in the source
               (a French "é" in German, Latin words in Japanese; scripts from langid.scripts)
  copied       share of the output's words that are words of the source (untranslated English)
  english      English function words left in the output ("to", "the", "your") that the target
               language does not also have: a sentence half translated
  stutter      invented or repeated fragments: a word that repeats a piece of itself
               ("Fälligkeitsdatumsdatum"), the same word twice in a row
  fragments    model tokens per word of the output: invented words are spelled in many small pieces
  source_fragments  the same for the source: rare words and names the model has seen little of
  length       distance of the log length ratio from what the language usually gives
  words        log(1 + source words): sentence chrF is harsher on short strings
  warnings     warning-level check issues (punctuation, whitespace, protected text, length)
  language     the target language's prior: the log-odds of an acceptable output in that language on the
               dev split (`language_priors` in confidence.json); unknown languages get the mean

They are combined by a logistic regression (`confidence.json` beside this module, written by
`scripts/fit_confidence.py` on the corpora's dev split): P(acceptable) with "acceptable" defined in
that file (sentence chrF against the human reference at or above a threshold).  The pipeline asks
`entry_confidence()` for a score, as it asks `checks` for issues.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import checks, plurals, syntax

MODEL_PATH = Path(__file__).resolve().parent / "confidence.json"
FEATURES = ("logprob", "agreement", "not_first", "fallback", "vanished", "foreign", "copied", "english",
            "stutter", "fragments", "source_fragments", "length", "words", "warnings", "language")
# how a unit's text was obtained (Evidence.path)
NBEST, PIECES, TERMS, FAILED, MEMORY, HUMAN, COPY = "nbest", "pieces", "terms", "failed", "memory", "human", "copy"
CLDR = "cldr"  # a day or month name from CLDR's data (cldr.py): no model involved
NEAR = "near"  # a person's translation of the same words: another ending, capitals or context (nearmatch.py)
REUSED = frozenset({HUMAN, NEAR})  # a person's words, from the memory
DEFAULT_MIN_CONFIDENCE = 0.5   # used only when no fitted model file is there


@dataclass(slots=True)
class Evidence:
    """What the engine said about one unit (a line or sentence of a string)."""
    source: str                     # the unit's source text
    hyps: list[str] = field(default_factory=list)       # the n-best as the engine wrote them
    scores: list[float | None] = field(default_factory=list)
    rank: int = 0                   # the hypothesis chosen; -1: none of them (fallback path)
    path: str = NBEST
    tokens: list[int] = field(default_factory=list)   # model tokens of each hypothesis (0: unknown)
    source_tokens: int = 0          # model tokens of the source (with the language tag and </s>)

    @property
    def logprob(self) -> float | None:
        if not self.scores:
            return None
        s = self.scores[self.rank] if 0 <= self.rank < len(self.scores) else self.scores[0]
        return float(s) if s is not None else None

    def as_dict(self) -> dict[str, Any]:
        return {"source": self.source, "hyps": [str(h) for h in self.hyps], "scores": self.scores,
                "rank": self.rank, "path": self.path, "tokens": self.tokens, "source_tokens": self.source_tokens}

    @property
    def chosen(self) -> str:
        return self.hyps[self.rank] if 0 <= self.rank < len(self.hyps) else (self.hyps[0] if self.hyps else "")


def evidence_from(source: str, hyps: list[str], chosen: str | None, path: str) -> Evidence:
    """Evidence of a unit: the n-best the engine returned (strings that may carry a `score`)."""
    rank = -1
    if chosen is not None:
        for i, h in enumerate(hyps):
            if h == chosen:
                rank = i
                break
    return Evidence(source, list(hyps), [getattr(h, "score", None) for h in hyps], rank,
                    path if rank >= 0 or path != NBEST else PIECES, [getattr(h, "tokens", 0) for h in hyps],
                    max([getattr(h, "source_tokens", 0) for h in hyps] or [0]))


# ------------------------------------------------------------------ features
def _grams(text: str) -> set[tuple[str, ...]]:
    t = " ".join(text.lower().split())
    return set(zip(t, t[1:], t[2:])) or {(t,)}


def similarity(a: str, b: str) -> float:
    """Dice coefficient of the two strings' sets of character 3-grams (1.0: the same 3-grams)."""
    ga, gb = _grams(a), _grams(b)
    return 2.0 * len(ga & gb) / (len(ga) + len(gb))


def agreement(ev: Evidence) -> float:
    """Mean similarity of the chosen hypothesis to the other n-best ones."""
    if len(ev.hyps) < 2:
        return 1.0
    chosen = max(ev.rank, 0)
    best = _grams(ev.hyps[chosen])
    others = [_grams(h) for i, h in enumerate(ev.hyps) if i != chosen]
    return sum(2.0 * len(best & g) / (len(best) + len(g)) for g in others) / len(others)


NUMBER_RE = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*(?![\w])")
_LETTERS = re.compile(r"[^\W\d_]{3,}")


@dataclass(frozen=True)
class _Source:
    """What the features need from a source text, computed once per text (every locale shares it)."""
    names: tuple[str, ...]            # identifiers and names (syntax.names), unique
    caps: frozenset[str]              # ALL-CAPS words of a mixed-case source
    numbers: frozenset[str]
    words: frozenset[str]             # words of 3+ letters, lowercase
    ascii_words: frozenset[str]       # [A-Za-z]+ words, lowercase
    chars: frozenset[str]             # its characters, lowercase
    n_words: int
    repeats: bool                     # a word twice in a row


@lru_cache(maxsize=16384)
def _source(text: str) -> _Source:
    wl = syntax.WORD_RE.findall(text.lower())
    return _Source(tuple(dict.fromkeys(syntax.names(text))), frozenset(syntax.caps_words(text)),
                   frozenset(NUMBER_RE.findall(text)), frozenset(w.lower() for w in _LETTERS.findall(text)),
                   frozenset(w.lower() for w in re.findall(r"[A-Za-z]+", text)), frozenset(text.lower()),
                   len(syntax.WORD_RE.findall(text)), any(a == b for a, b in zip(wl, wl[1:])))


def vanished(source: str, output: str, terms: set[str] | None = None) -> int:
    """Names and numbers of the source the output lacks (glossary terms with a translation excepted)."""
    terms = terms or set()
    src = _source(source)
    n = sum(1 for x in src.names if x.lower() not in terms and not syntax.name_in(x, output))
    if src.caps:
        n += max(0, len({w for w in src.caps if w.lower() not in terms}) - len(set(syntax.CAPS_RE.findall(output))))
    if src.numbers:
        out_nums = set(NUMBER_RE.findall(output))
        n += sum(1 for x in src.numbers if x not in out_nums and x.replace(",", ".") not in output)
    return n


# Letters a language writes beyond ASCII (lowercase); anything else accented is another language's.
ALPHABET = {
    "de": "äöüß", "fr": "àâæçéèêëîïôœùûüÿ", "es": "áéíñóúüý", "it": "àèéìíîòóùú", "pt": "áâãàçéêíóôõúü",
    "nl": "éëïöüèáóúíäê", "pl": "ąćęłńóśźż", "ca": "àçèéíïòóúü", "sv": "åäöé", "da": "æøåé", "nb": "æøåé",
}
SCRIPT_OF = {"ru": "CYRILLIC", "uk": "CYRILLIC", "bg": "CYRILLIC", "ja": "CJK", "zh": "CJK", "ko": "HANGUL",
             "el": "GREEK", "he": "HEBREW", "ar": "ARABIC"}


def foreign(source: str, output: str, locale: str) -> int:
    """Letters of the output that belong to neither the target language nor the source (a French "é"
    in German, a Cyrillic letter in Polish, a Latin word in Japanese that the source does not have)."""
    from .langid import scripts
    lang = plurals.language(locale)
    script = SCRIPT_OF.get(lang)
    if script is None:
        if output.isascii():
            return 0
        allowed, src = ALPHABET.get(lang, ""), _source(source).chars
        return sum(1 for c in output.lower() if c.isalpha() and not c.isascii() and c not in allowed and c not in src)
    ok = {script, "HIRAGANA", "KATAKANA"} if lang == "ja" else {script}
    bad = sum(n for sc, n in scripts(output).items() if sc not in ok and sc != "LATIN")
    src_words = _source(source).ascii_words
    latin = sum(len(w) for w in re.findall(r"[A-Za-z]{3,}", output) if w.lower() not in src_words)
    return bad + (latin if script != "LATIN" else 0)


def copied(source: str, output: str) -> float:
    """Share of the output's words (3+ letters) that are words of the source, names excepted."""
    src = _source(source)
    keep = {n.lower() for n in src.names} | {w.lower() for w in syntax.CAPS_RE.findall(source)}
    words = [w for w in (x.lower() for x in _LETTERS.findall(output)) if w not in keep]
    if not words:
        return 0.0
    return sum(w in src.words for w in words) / len(words)


EN_FUNCTION = frozenset(
    "the to of and with for is are you your this that be not on from by at it or an have has will can "
    "please which was were been if when there all no into than then these those its our their been".split())
ALSO_TARGET = {"de": {"in", "an", "will", "so"}, "fr": {"on", "or", "a"}, "es": {"no", "a"}, "it": {"no", "in", "a"},
               "pt": {"no", "a"}, "nl": {"is", "in", "an", "have", "of", "be"}, "pl": {"to", "no", "a"}}


def english(output: str, locale: str) -> int:
    """English function words in the output that are not also words of the target language."""
    same = ALSO_TARGET.get(plurals.language(locale), set())
    return sum(1 for w in re.findall(r"[A-Za-z]+", output) if w.lower() in EN_FUNCTION and w.lower() not in same)


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def word_units(text: str) -> int:
    """Words, where each Han, kana or Hangul character counts as one (those scripts write no spaces, so a
    whole Japanese sentence would otherwise be one "word" and look like one invented word)."""
    cjk = len(_CJK.findall(text))
    if not cjk:
        return len(syntax.WORD_RE.findall(text))
    return cjk + len(syntax.WORD_RE.findall(_CJK.sub(" ", text)))


def fragments(units: list[Evidence]) -> tuple[float | None, float | None]:
    """(model tokens per word of the chosen outputs, per word of the sources), None where unknown;
    CJK characters count as words (word_units)."""
    out_t = out_w = src_t = src_w = 0
    for u in units:
        if u.rank < 0 or not u.tokens or not u.tokens[u.rank] or not u.source_tokens:
            continue
        out_t += u.tokens[u.rank]
        out_w += max(1, word_units(u.chosen))
        src_t += max(1, u.source_tokens - 2)  # the language tag and </s>
        src_w += max(1, len(syntax.WORD_RE.findall(u.source)))
    return (out_t / out_w if out_w else None), (src_t / src_w if src_w else None)


@lru_cache(maxsize=65536)
def _self_repeat(word: str) -> int:
    """Length of the longest piece (4+ letters) a word repeats inside itself ("datumsdatum": 5)."""
    w = word.lower()
    best = 0
    for size in range(4, len(w) // 2 + 1):
        seen: set[str] = set()
        found = False
        for i in range(len(w) - size + 1):
            piece = w[i:i + size]
            if piece in seen and w.find(piece) + size <= i:
                found = True
                break
            seen.add(piece)
        if not found:
            break
        best = size
    return best


def stutter(source: str, output: str) -> int:
    """Invented or repeated fragments the source does not have: a word repeating a piece of itself
    (4+ letters), a word twice in a row."""
    src = _source(source)
    n = sum(1 for w in _LETTERS.findall(output) if len(w) >= 8 and w.lower() not in src.words and _self_repeat(w))
    if not src.repeats:  # a source that repeats a word may be echoed
        words = syntax.WORD_RE.findall(output.lower())
        n += len({a for a, b in zip(words, words[1:]) if a == b and any(c.isalpha() for c in a)})
    return n


def length_feature(source: str, output: str, locale: str) -> float:
    expect = -0.6 if plurals.language(locale) in ("ja", "zh", "ko") else 0.1
    return abs(math.log((len(output) + 8) / (len(source) + 8)) - expect)


def features(source: str, output: str, units: list[Evidence], locale: str, warnings: int = 0,
             terms: set[str] | None = None) -> dict[str, float | None]:
    """The feature values of one translated string (None: not known, e.g. output from the memory)."""
    scored = [(len(u.source) + 1, u.logprob) for u in units if u.path in (NBEST, PIECES, TERMS) and u.logprob is not None]
    weight = sum(w for w, _ in scored)
    engine = [u for u in units if u.path in (NBEST, PIECES, TERMS, FAILED)]
    frag_out, frag_src = fragments(engine)
    return {
        "logprob": sum(w * lp for w, lp in scored) / weight if scored else None,  # type: ignore[operator]
        "agreement": min(agreement(u) for u in engine) if engine else None,
        "not_first": float(any(u.rank > 0 for u in engine)),
        "fallback": float(any(u.path in (PIECES, TERMS, FAILED) for u in engine)),
        "vanished": math.log1p(vanished(source, output, terms)),
        "foreign": math.log1p(foreign(source, output, locale)),
        "copied": copied(source, output),
        "english": math.log1p(english(output, locale)),
        "fragments": frag_out,
        "source_fragments": frag_src,
        "stutter": float(stutter(source, output)),
        "length": length_feature(source, output, locale),
        "words": math.log1p(_source(source).n_words),
        "warnings": float(warnings),
        "language": language_prior(locale),
    }


def language_prior(locale: str) -> float | None:
    """The fitted model's prior for the target language (log-odds of acceptable output on the dev split)."""
    m = model()
    if m is None:
        return None
    priors = m.meta.get("language_priors") or {}
    v = priors.get(plurals.normalize(locale), priors.get(plurals.language(locale)))
    return float(v) if v is not None else None


def string_features(source: str, output: str, units: list[Evidence], locale: str, source_lang: str = "en",
                    terms: set[str] | None = None) -> dict[str, float | None]:
    """features() with the warning count the pipeline would see (the soft checks on the pair)."""
    from .pipeline import SOFT_CHECKS as soft
    ctx = checks.Context(target_locale=locale, machine=True, source_lang=source_lang)
    warnings = sum(1 for i in checks.check_pair(source, output, ctx, skip={"language", "glossary"})
                   if i.severity == checks.WARNING and i.check in soft)
    return features(source, output, units, locale, warnings, terms)


def string_confidence(source: str, output: str, units: list[Evidence], locale: str, source_lang: str = "en") -> float:
    """The confidence `translate` gives a plain string (its soft-check warnings counted here)."""
    if not units or all(u.path in (HUMAN, NEAR, COPY, CLDR) for u in units):
        return 1.0
    feats = string_features(source, output, units, locale, source_lang)
    m = model()
    return m.score(feats) if m else heuristic(feats)


# ------------------------------------------------------------------ the fitted combination
@dataclass
class Model:
    features: list[str]
    coef: list[float]          # per standardized feature
    intercept: float
    mean: list[float]          # for standardizing, and for imputing an unknown value
    std: list[float]
    min_confidence: float = DEFAULT_MIN_CONFIDENCE
    meta: dict[str, Any] = field(default_factory=dict)

    def score(self, feats: dict[str, float | None]) -> float:
        z = self.intercept
        for name, c, mu, sd in zip(self.features, self.coef, self.mean, self.std):
            v = feats.get(name)
            x = mu if v is None or (isinstance(v, float) and math.isnan(v)) else float(v)
            z += c * (x - mu) / (sd or 1.0)
        return 1.0 / (1.0 + math.exp(-max(min(z, 40.0), -40.0)))

    def as_dict(self) -> dict[str, Any]:
        return {"features": self.features, "coef": self.coef, "intercept": self.intercept, "mean": self.mean,
                "std": self.std, "min_confidence": self.min_confidence, **self.meta}


def load(path: Path | None = None) -> Model | None:
    p = path or MODEL_PATH
    if not p.exists():
        return None
    raw = json.loads(p.read_text("utf-8"))
    meta = {k: v for k, v in raw.items() if k not in ("features", "coef", "intercept", "mean", "std", "min_confidence")}
    return Model(raw["features"], raw["coef"], raw["intercept"], raw["mean"], raw["std"],
                 raw.get("min_confidence", DEFAULT_MIN_CONFIDENCE), meta)


@lru_cache(maxsize=1)
def model() -> Model | None:
    return load()


def min_confidence() -> float:
    """The default `[output] min_confidence`: chosen from the calibration when the model was fitted."""
    m = model()
    return m.min_confidence if m else DEFAULT_MIN_CONFIDENCE


def calibrated_for(locale: str) -> bool:
    """Whether the fitted combination saw this language's output (its default threshold is only a
    promise there); without a fitted model nothing is calibrated."""
    from .plurals import language, normalize
    m = model()
    if m is None:
        return False
    langs = set(m.meta.get("fitted_on", {}).get("languages", []))
    return normalize(locale) in langs or language(locale) in langs


def heuristic(feats: dict[str, float | None]) -> float:
    """Without a fitted model: a plain rule of thumb on the same features (never used when one exists)."""
    z = 1.5 + 2.0 * ((feats.get("logprob") or -0.6) + 0.6) - 2.0 * (feats["vanished"] or 0) \
        - 2.0 * (feats["foreign"] or 0) - 1.5 * (feats["stutter"] or 0) - 1.0 * (feats["fallback"] or 0)
    return 1.0 / (1.0 + math.exp(-z))


def entry_confidence(source: str, output: str, units: list[Evidence], locale: str, warnings: int = 0,
                     terms: set[str] | None = None) -> float:
    """P(acceptable) of one machine-translated string; 1.0 when nothing came from a model."""
    if not units or all(u.path in (HUMAN, NEAR, COPY, CLDR) for u in units):
        return 1.0
    feats = features(source, output, units, locale, warnings, terms)
    m = model()
    return m.score(feats) if m else heuristic(feats)


# The direction each signal may push: a vanished name or a foreign word can only lower the confidence.
# A fitted coefficient of the wrong sign (a rare feature confounded on the dev split) is fixed at 0.
SIGNS = {"logprob": 1, "agreement": 1, "not_first": -1, "fallback": -1, "vanished": -1, "foreign": -1,
         "copied": -1, "english": -1, "stutter": -1, "length": -1, "warnings": -1, "language": 1}


def fit(rows: list[dict[str, float | None]], labels: list[int], names: tuple[str, ...] = FEATURES,
        l2: float = 1.0, iterations: int = 50, signs: dict[str, int] | None = None) -> Model:
    """Logistic regression on standardized features (unknown values: the mean) with an L2 penalty `l2`
    on the coefficients, under the sign constraints `signs` (default SIGNS): a feature whose coefficient
    comes out with the wrong sign is left out (coefficient 0) and the rest refitted."""
    signs = SIGNS if signs is None else signs
    fixed: set[str] = set()
    while True:
        model = _fit(rows, labels, names, l2, iterations, fixed)
        wrong = {n for n, c in zip(model.features, model.coef) if n not in fixed and c * signs.get(n, 0) < 0}
        if not wrong:
            return model
        fixed |= wrong


def _fit(rows: list[dict[str, float | None]], labels: list[int], names: tuple[str, ...], l2: float,
         iterations: int, fixed: set[str]) -> Model:
    """Newton's method; the features in `fixed` keep a coefficient of 0."""
    import numpy as np

    raw = np.array([[np.nan if r.get(n) is None else float(r[n]) for n in names] for r in rows], dtype=float)
    mean = np.nanmean(raw, axis=0)
    mean = np.where(np.isnan(mean), 0.0, mean)
    x = np.where(np.isnan(raw), mean, raw)
    std = x.std(axis=0)
    std = np.where(std < 1e-9, 1.0, std)
    keep = np.array([n not in fixed for n in names], dtype=float)
    xs = np.hstack([np.ones((len(x), 1)), (x - mean) / std * keep])
    y = np.asarray(labels, dtype=float)
    w = np.zeros(xs.shape[1])
    pen = np.full(xs.shape[1], l2)
    pen[0] = 0.0
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-np.clip(xs @ w, -40, 40)))
        grad = xs.T @ (p - y) + pen * w
        hess = (xs * (p * (1 - p))[:, None]).T @ xs + np.diag(pen + 1e-9)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return Model(list(names), [round(float(c), 5) for c in w[1:]], round(float(w[0]), 5),
                 [round(float(v), 5) for v in mean], [round(float(v), 5) for v in std])
