"""The built-in language detector: a naive Bayes model over character 1-5-grams and whole words,
trained on labelled UI strings from Debian .mo catalogs (scripts/train_langid.py), shipped as
``localize/models/langid/ui.npz`` (numpy only, ~3 MB).

Scores are per *word*: a word's vector of log-likelihoods (one per language) is computed once and
cached, so a string's scores are the sum of its words' vectors (fast: UI strings repeat their words)
and the same vectors label the words of a text (``word_scores`` / ``spans``), which is what the
confidence score needs to see a French word inside a German sentence.

A lexicon of short strings that are the same in several languages ("OK", "Menu", "Bluetooth",
product names) makes the detector abstain on them instead of guessing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

MODEL_PATH = Path(__file__).resolve().parent / "models" / "langid" / "ui.npz"
WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
# a word with two capitals (GNOME, LibreOffice, HexChat, USB, IPv6) is a name or an acronym: no language
NAME_RE = re.compile(r"^\w*[A-Z]\w*[A-Z]")
_M64 = 0xFFFFFFFFFFFFFFFF
_MIX = 0x9E3779B97F4A7C15
MAX_N = 5


def _h(s: str) -> int:
    h = 0
    for ch in s:
        h = (h * 1000003 + ord(ch) + 1) & _M64
    return h


def features(word: str, bits: int) -> list[int]:
    """Hashed feature buckets of one (lowercased) word: its character 1-5-grams with the word's
    boundaries marked ("<wort>"), and the whole word itself."""
    p = "<" + word + ">"
    shift = 64 - bits
    out = []
    n = len(p)
    for i in range(n):
        h = 0
        for j in range(i, min(i + MAX_N, n)):
            h = (h * 1000003 + ord(p[j]) + 1) & _M64
            if j > i or p[i] not in "<>":
                out.append(((h * _MIX) & _M64) >> shift)
    out.append((((_h(p) ^ 0x5BD1E995) * _MIX) & _M64) >> shift)
    return out


def words(text: str) -> list[tuple[int, int, str]]:
    """(start, end, lowercased word) of the letter runs of `text` (apostrophes inside words kept)."""
    return [(m.start(), m.end(), m.group().lower()) for m in WORD_RE.finditer(text)]


def norm_key(text: str) -> str:
    """The lexicon's key of a short string: its words, lowercased, one space apart."""
    return " ".join(w for _s, _e, w in words(text))


def key_hash(key: str) -> int:
    return ((_h(key) ^ 0x27D4EB2F) * _MIX) & _M64


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    lang: str | None     # None: the words carry no evidence (too short, shared by the candidates)
    confidence: float
    text: str


class Model:
    """The loaded model: ``langs``, per-word log-likelihood vectors, the shared-strings lexicon and
    the tuned thresholds."""

    def __init__(self, data: Any) -> None:
        import numpy as np

        self.np = np
        self.langs: tuple[str, ...] = tuple(str(x) for x in data["langs"])
        self.index = {lang: i for i, lang in enumerate(self.langs)}
        self.bits = int(data["bits"])
        self.scale = float(data["scale"])
        self.table = data["table"]                      # (2**bits, L) uint8: quantized log-prob above the floor
        self.floor = data["floor"].astype(np.float32)   # (L,) log-prob of an unseen feature
        self.temperature = float(data["temperature"])
        self.word_weight = float(data["word_weight"]) if "word_weight" in data else 1.0
        self.thresholds = {str(k): tuple(float(x) for x in v) for k, v in zip(data["threshold_keys"], data["thresholds"])}
        keys, masks = data["lex_keys"], data["lex_masks"]
        self.lexicon = dict(zip(keys.tolist(), masks.tolist()))
        self._word = lru_cache(maxsize=200_000)(self._word_vector)

    def _word_vector(self, word: str) -> Any:
        f = features(word, self.bits)
        t = self.table
        v = t[f[:-1]].sum(axis=0, dtype=self.np.int32).astype(self.np.float32)
        v += self.word_weight * t[f[-1]]  # the whole word's own feature, weighted
        return v * self.scale + self.floor * (len(f) - 1 + self.word_weight)

    def word_vector(self, word: str) -> Any:
        return self._word(word)

    def scores(self, text: str) -> Any:
        """Summed log-likelihoods of `text` per language (zeros when it has no words)."""
        ws = words(text)
        if not ws:
            return self.np.zeros(len(self.langs), dtype=self.np.float32)
        if len(ws) == 1:
            return self._word(ws[0][2])
        return self.np.sum([self._word(w) for _s, _e, w in ws], axis=0)

    def mask(self, langs: set[str] | frozenset[str] | None) -> list[int]:
        return list(range(len(self.langs))) if not langs else [self.index[x] for x in sorted(langs) if x in self.index]

    def probs(self, text: str, cands: set[str] | frozenset[str] | None = None) -> dict[str, float]:
        """Posterior over the candidates (all known languages when None)."""
        idx = self.mask(cands)
        if not idx:
            return {}
        s = self.scores(text)[idx] * self.temperature
        s = s - s.max()
        e = self.np.exp(s)
        e /= e.sum()
        return {self.langs[i]: float(p) for i, p in zip(idx, e)}

    def shared(self, text: str) -> list[str]:
        """The languages whose catalogs use this exact short string (empty when it is not listed)."""
        m = self.lexicon.get(key_hash(norm_key(text)))
        if not m:
            return []
        return [lang for i, lang in enumerate(self.langs) if m >> i & 1]

    def threshold(self, n_words: int, n_cands: int) -> float:
        key = "open" if n_cands == 0 or n_cands > 2 else "verify"
        t = self.thresholds.get(key) or self.thresholds["open"]
        return t[0] if n_words <= 3 else t[1] if n_words <= 10 else t[2]

    def decide(self, text: str, cands: set[str] | None, threshold: float | None = None
               ) -> tuple[str | None, float, str]:
        """(language or None, confidence, reason) for an already cleaned text; `threshold` overrides
        the tuned one (the training script tunes with 0)."""
        usable = {c for c in cands if c in self.index} if cands else None
        if cands and not usable:
            return None, 0.0, "no candidate known to the built-in model"
        kept = [m.group() for m in WORD_RE.finditer(text) if not NAME_RE.match(m.group())]
        if not kept:
            return None, 0.0, "no words" if not WORD_RE.search(text) else "names or acronyms only"
        text = " ".join(kept)
        ws = words(text)
        n = len(ws)
        if n <= 3:
            shared = self.shared(text)
            among = [x for x in shared if not usable or x in usable]
            if len(among) >= 2:
                return None, 0.0, "same in several languages: " + ",".join(among[:6])
        probs = self.probs(text, usable)
        best, p = max(probs.items(), key=lambda kv: kv[1])
        if p < (self.threshold(n, len(usable or ())) if threshold is None else threshold):
            return None, p, "ambiguous"
        return best, p, "built-in model"

    def word_scores(self, text: str, cands: set[str] | None = None) -> list[tuple[int, int, str, dict[str, float]]]:
        """Each word of `text` with its own posterior over the candidates."""
        idx = self.mask(cands)
        out = []
        for s, e, w in words(text):
            v = self._word(w)[idx] * self.temperature
            v = self.np.exp(v - v.max())
            v /= v.sum()
            out.append((s, e, text[s:e], {self.langs[i]: float(p) for i, p in zip(idx, v)}))
        return out

    def spans(self, text: str, cands: set[str] | None = None, switch_cost: float = 6.0,
              min_conf: float = 0.9) -> list[Span]:
        """Runs of words in one language (Viterbi over the words, a language switch costs
        `switch_cost` nats): a span is labelled when its own words give the label at least `min_conf`
        posterior, else its lang is None."""
        np = self.np
        idx = self.mask(cands)
        ws = words(text)
        if not ws or not idx:
            return []
        em = np.array([self._word(w)[idx] for _s, _e, w in ws], dtype=np.float64) * self.temperature
        em -= np.logaddexp.reduce(em, axis=1, keepdims=True)
        n, k = em.shape
        score = em[0].copy()
        back = np.zeros((n, k), dtype=np.int64)
        for t in range(1, n):
            stay = score
            best_prev = int(score.argmax())
            switch = score[best_prev] - switch_cost
            back[t] = np.where(stay >= switch, np.arange(k), best_prev)
            score = np.maximum(stay, switch) + em[t]
        path = [int(score.argmax())]
        for t in range(n - 1, 0, -1):
            path.append(int(back[t][path[-1]]))
        path.reverse()
        out: list[Span] = []
        i = 0
        while i < n:
            j = i
            while j + 1 < n and path[j + 1] == path[i]:
                j += 1
            seg = em[i:j + 1].sum(axis=0)
            post = np.exp(seg - np.logaddexp.reduce(seg))
            lang_i = path[i]
            conf = float(post[lang_i])
            s, e = ws[i][0], ws[j][1]
            shared = self.shared(text[s:e]) if j - i < 3 else []
            ok = conf >= min_conf and not (len(shared) >= 2 and self.langs[idx[lang_i]] in shared)
            out.append(Span(s, e, self.langs[idx[lang_i]] if ok else None, conf, text[s:e]))
            i = j + 1
        return out


@lru_cache(maxsize=1)
def load(path: str | None = None) -> Model:
    import numpy as np

    with np.load(path or MODEL_PATH, allow_pickle=False) as data:
        return Model({k: data[k] for k in data.files})


def available() -> bool:
    return MODEL_PATH.is_file()
