"""The per-unit work that scales with the strings, as a pure function of a shard of units and the run's
settings: translate (n-best), choose the first hypothesis that passes the checks, translate piecewise
where every hypothesis lost a mask, force glossary terms where none used them, and record what the engine
said (confidence.Evidence).  `translate_shard` runs wherever the engine is: in this process
(`LocalExecutor`) or on a Ray worker (cluster.py); the pipeline applies the outcomes and owns the memory.

Shards are consecutive runs of the run's units sorted by length, `shard_size` units each: the engine's
batches, and with them its numerics, are then the same whichever executor runs a shard, so the output is
the same byte for byte (CTranslate2's scores depend on the batch a string is decoded in).
"""
from __future__ import annotations

import re
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from . import checks, confidence
from .engine import Request, Translator
from .protect import MASK_RE, Masked, unmask

SOFT_CHECKS = {"length", "copied", "punctuation", "whitespace", "accelerator", "protected", "negation", "formality"}
CPU_SHARD = 2048     # units per shard on CPU: about 15 s on two cores; fewer, fuller engine calls (0.93x raw vs 0.83x at 512)
GPU_SHARD = 4096     # on a GPU: enough tokens for full 16k-token batches


@dataclass
class Unit:
    """One distinct (masked text, target locale) the engine translates, with what choosing needs."""
    masked: Masked
    locale: str
    accelerator: str = "_&"
    pipe_forms: bool = False                                     # a JSON bundle: "a | b" plural pipes
    required: list[tuple[str, str]] = field(default_factory=list)  # glossary (source term, target term)
    formality: str = ""                                          # the register to prefer (formality.resolve)
    max_chars: int | None = None                                 # the whole string's length limit, if it is one unit


@dataclass
class Outcome:
    """What became of a unit: the chosen masked output (None: every way failed), the forced-term mask set
    it is restored with when glossary terms were substituted, the confidence evidence."""
    text: str | None
    forced: Masked | None
    path: str
    first_ok: bool
    fallback: bool
    first: str                   # the engine's best hypothesis (what a failed unit is restored from)
    evidence: confidence.Evidence


@dataclass
class ShardResult:
    index: int
    outcomes: list[Outcome]
    worker: str = "local"
    seconds: float = 0.0
    calls: int = 0               # engine translate() calls the shard took


def symbols_kept(source: str, output: str) -> bool:
    """Symbols, special digits and control codes of `source` (©, €, ², emoji, IRC \x02) are all in
    `output`: stripping stray masks from a piece must not drop a character the engine shielded."""
    def needed(ch: str) -> bool:
        cat = unicodedata.category(ch)
        return cat[0] == "C" or (not ch.isascii() and (cat[0] == "S" or cat == "No"))
    return all(ch in output for ch in set(source) if needed(ch))


def uses_terms(text: str, required: list[tuple[str, str]]) -> bool:
    return all(re.search(r"(?<!\w)" + re.escape(t) + r"\w{0,3}(?!\w)", text, re.I) for _s, t in required)


def choose(options: list[str], m: Masked, unit: Unit, source: str,
           required: list[tuple[str, str]] | None = None) -> tuple[str | None, bool, bool]:
    """(pick, compliant, first_ok): the first hypothesis whose masks all come back once, that
    passes every error-level check (fewest soft warnings first) and uses the glossary's terms;
    else the best that passes the checks (compliant=False).  first_ok: the engine's best
    hypothesis passed on its own.  Stops at the first clean, compliant hypothesis."""
    ctx = checks.Context(target_locale=unit.locale, machine=True, source_lang=source,
                         accelerator=unit.accelerator, pipe_forms=unit.pipe_forms, formality=unit.formality,
                         max_chars=unit.max_chars)
    use_terms = bool(required)
    passing: list[tuple[int, int, str, bool]] = []   # (soft warnings, rank, hypothesis, compliant)
    first_ok = False
    for rank, hyp in enumerate(options):
        r = unmask(hyp, m, unit.locale)
        if not r.ok:
            continue
        found = checks.check_pair(m.original, r.text, ctx, skip={"language", "glossary", "icu"})
        if any(i.severity == checks.ERROR for i in found):
            continue
        first_ok = first_ok or rank == 0
        soft = sum(i.check in SOFT_CHECKS for i in found)
        compliant = not use_terms or uses_terms(r.text, required or [])
        if soft == 0 and compliant:
            return hyp, True, first_ok
        passing.append((soft, rank, hyp, compliant))
    if not passing:
        return None, False, first_ok
    passing.sort(key=lambda p: (not p[3], p[0], p[1]) if use_terms else (p[0], p[1]))
    return passing[0][2], passing[0][3], first_ok


def fallback(engine: Translator, failing: list[tuple[Masked, str]]) -> list[str | None]:
    """Translate the text between masks piece by piece (masks then cannot be lost) in one batch."""
    plans: list[list[tuple[bool, str]]] = []
    reqs: list[Request] = []
    for m, loc in failing:
        parts: list[tuple[bool, str]] = []
        pos = 0
        for mm in MASK_RE.finditer(m.text):
            parts.append((False, m.text[pos:mm.start()]))
            parts.append((True, mm.group(0)))
            pos = mm.end()
        parts.append((False, m.text[pos:]))
        plans.append(parts)
        for is_mask, piece in parts:
            if not is_mask and any(ch.isalpha() for ch in piece):
                reqs.append(Request(piece.strip(), loc))
    outs = iter(engine.translate(reqs, 1)) if reqs else iter([])
    texts: list[str | None] = []
    for (m, loc), parts in zip(failing, plans):
        buf = []
        ok = True
        for is_mask, piece in parts:
            if is_mask or not any(ch.isalpha() for ch in piece):
                buf.append(piece)
            else:
                hyp = next(outs)
                out = MASK_RE.sub("", hyp[0] if hyp else "").strip()
                if not any(ch.isalpha() for ch in out) or not symbols_kept(piece, out):
                    ok = False
                lead = piece[: len(piece) - len(piece.lstrip())]
                trail = piece[len(piece.rstrip()):]
                buf.append(lead + out + trail)
        joined = "".join(buf)
        texts.append(joined if ok and unmask(joined, m, loc).ok else None)
    return texts


# A tag pair around words inside a unit ("Click ⟦0⟧Preferences⟦1⟧ in the ⟦2⟧Calculator⟦3⟧ menu."), standing
# between spaces or punctuation: the engine translates such words badly between masks ("Kalculator")
_TAG_PAIR_RE = re.compile(r"(?:(?<=^)|(?<=[\s(\"'“«„]))⟦(\d+)⟧([^⟦⟧<>]*?[^\W\d_][^⟦⟧<>]*?)⟦(\d+)⟧"
                          r"(?=$|[\s.,;:!?)\"'”»…])")
_OPEN_TAG_RE = re.compile(r"<([A-Za-z][\w:.-]*)(?:\s[^<>]*)?>\Z")
_NO_SPACES = ("ja", "zh", "ko", "th", "lo", "km", "my")


def tag_pairs(m: Masked) -> list[re.Match[str]]:
    """The tag pairs of a masked unit that wrap words of its sentence: an opening tag and its own closing
    tag around words, with a space or punctuation on either side."""
    out = []
    for t in _TAG_PAIR_RE.finditer(m.text):
        i, j = int(t.group(1)), int(t.group(3))
        if i < len(m.spans) and j < len(m.spans):
            o = _OPEN_TAG_RE.match(m.spans[i])
            if o and re.fullmatch(r"</" + re.escape(o.group(1)) + r"\s*>", m.spans[j]):
                out.append(t)
    return out


def project(plain: str, pairs: list[re.Match[str]], inner: list[str], locale: str) -> str | None:
    """The engine's translation of the unit without its tag pairs (`plain`), with each pair put back
    around the translation of its own words (`inner`, translated alone) where that occurs exactly once
    (a word may end differently: "Rechner" in "Rechners"; not in scripts written without spaces)."""
    tail = "" if locale.split("_")[0] in _NO_SPACES else r"[^\W\d_]*"
    found: list[tuple[int, int, str, str]] = []
    for t, words in zip(pairs, inner):
        words = words.strip().rstrip(".")
        if not words:
            return None
        hits = list(re.finditer(r"(?<!\w)" + re.escape(words) + tail, plain, re.I))
        if len(hits) != 1:
            return None
        found.append((hits[0].start(), hits[0].end(), t.group(1), t.group(3)))
    found.sort()
    if any(a[1] > b[0] for a, b in zip(found, found[1:])):
        return None  # two pairs on the same words
    text = plain
    for start, end, i, j in reversed(found):
        text = f"{text[:start]}⟦{i}⟧{text[start:end]}⟦{j}⟧{text[end:]}"
    return text


def translate_shard(engine: Translator, units: list[Unit], n_best: int, source: str) -> list[Outcome]:
    """One shard: one n-best engine call, the checks' choice, one piecewise call for the units whose
    every hypothesis failed, one call with forced glossary terms for those that used none.  A unit with
    tags around words of its sentence is also translated without them, and those words alone, in the
    same call: the tags put back around the words' translation, where found, is its first candidate."""
    requests = [Request(u.masked.text, u.locale) for u in units]
    plans: dict[int, tuple[list[re.Match[str]], int, int]] = {}
    for n, u in enumerate(units):
        pairs = tag_pairs(u.masked) if "⟦" in u.masked.text else []
        if pairs:
            plain = u.masked.text
            for t in sorted(pairs, key=lambda t: -t.start()):
                plain = plain[:t.start()] + t.group(2) + plain[t.end():]
            plans[n] = (pairs, len(requests), len(pairs))
            requests.append(Request(plain, u.locale))
            requests += [Request(t.group(2).strip(), u.locale) for t in pairs]
    outs = engine.translate(requests, n_best)
    hyps = outs[:len(units)]
    picks: dict[int, tuple[str, Masked | None]] = {}
    firsts: list[bool] = []
    failing: list[int] = []
    retry: list[int] = []
    projected: set[int] = set()
    for n, (u, options) in enumerate(zip(units, hyps)):
        if n in plans:
            pairs, at, k = plans[n]
            best = [o[0] if o else "" for o in outs[at:at + 1 + k]]
            cand = project(best[0], pairs, best[1:], u.locale) if all(best) else None
            if cand is not None:
                pick, compliant, _ok = choose([cand], u.masked, u, source, u.required)
                if pick is not None and compliant:
                    picks[n] = (pick, None)
                    projected.add(n)
                    firsts.append(True)
                    continue
        pick, compliant, first_ok = choose(options, u.masked, u, source, u.required)
        firsts.append(first_ok)
        if pick is None:
            failing.append(n)
        else:
            picks[n] = (pick, None)
            if not compliant:
                retry.append(n)
    pieces: set[int] = set()
    if failing:
        fixed = fallback(engine, [(units[n].masked, units[n].locale) for n in failing])
        for n, text in zip(failing, fixed):
            if text is not None:
                pieces.add(n)
                picks[n] = (text, None)
    if retry:
        from .glossary import apply_forced
        forced = [apply_forced(units[n].masked, {t: tt for t, tt in units[n].required if t != tt}) for n in retry]
        outs = engine.translate([Request(fm.text, units[n].locale) for n, fm in zip(retry, forced)], n_best)
        for n, fm, options in zip(retry, forced, outs):
            pick, _ok, _first = choose(options, fm, units[n], source)
            if pick is not None:
                picks[n] = (pick, fm)
    out: list[Outcome] = []
    for n, u in enumerate(units):
        text, forced_m = picks.get(n, (None, None))
        path = (confidence.FAILED if text is None else confidence.PIECES if n in pieces
                else confidence.TERMS if forced_m is not None else confidence.NBEST)
        # a projected unit is judged by the engine's own best hypothesis of it (its words, its scores)
        chosen = (hyps[n][0] if hyps[n] else text) if n in projected else text
        out.append(Outcome(text, forced_m, path, firsts[n], n in pieces, hyps[n][0] if hyps[n] else u.masked.text,
                           confidence.evidence_from(u.masked.original, hyps[n], chosen, path)))
    return out


def restore(outcome: Outcome, m: Masked, locale: str = "") -> tuple[str, bool]:
    """(target text for a user of the unit with its own placeholders `m`, whether the memory may keep it):
    forced-term output has extra masks and is never stored."""
    if outcome.text is None:
        return unmask(outcome.first, m, locale).text, False
    if outcome.forced is not None and outcome.forced.rules[len(m.spans):]:
        return unmask(outcome.text, _rebase(outcome.forced, m), locale).text, False
    return unmask(outcome.text, m, locale).text, True


def _rebase(forced: Masked, own: Masked) -> Masked:
    """A forced-term mask set whose first spans are `own`'s (same masked text, other placeholders)."""
    return replace(own, text=forced.text, spans=own.spans + forced.spans[len(own.spans):],
                   rules=own.rules + forced.rules[len(own.rules):])


class Executor(Protocol):
    """Runs shards and yields their results as they finish (in any order)."""

    @property
    def device(self) -> str: ...

    @property
    def calls(self) -> int: ...

    def run(self, shards: list[list[Unit]], n_best: int, source: str) -> Iterator[ShardResult]: ...


class LocalExecutor:
    """Shards one after another on the engine of this process."""

    def __init__(self, engine: Translator) -> None:
        self.engine = engine

    @property
    def device(self) -> str:
        return str(getattr(self.engine, "device", "cpu"))

    @property
    def calls(self) -> int:
        return int(getattr(self.engine, "calls", 0))

    def run(self, shards: list[list[Unit]], n_best: int, source: str) -> Iterator[ShardResult]:
        for i, units in enumerate(shards):
            t0 = time.perf_counter()
            outcomes = translate_shard(self.engine, units, n_best, source)
            yield ShardResult(i, outcomes, "local", time.perf_counter() - t0)


def shard_size(device: str) -> int:
    return GPU_SHARD if device == "cuda" else CPU_SHARD


def split(units: list[Any], size: int) -> list[list[Any]]:
    return [units[i:i + size] for i in range(0, len(units), size)]
