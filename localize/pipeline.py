"""Orchestration: collect every file and locale, select what needs translating, translate it all in
one batched pass (memory first), restore and check, write back, record provenance.

The engine is injected (anything with the engine.Translator interface), so the pipeline knows no
engine details; formats, protection, checks, memory and glossary are called through their modules.
"""
from __future__ import annotations

import difflib
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from . import checks, confidence, formats, plurals
from .config import Settings
from .engine import Request, Translator
from .errors import LocalizeError
from .formats import icu
from .memory import Key, Memory
from .protect import MASK_RE, Masked, mask, unmask
from .provenance import MT_NOTE_PREFIX, Lockfile, Record, is_human, text_hash
from .segments import Segment
from .selection import (Form, Item, Job, Options, _forms_complete, _item, _po_forms, _spec_for,  # noqa: F401
                        collect_jobs, fix_po_header, is_machine, select, split_text)

SOFT_CHECKS = {"length", "copied", "punctuation", "whitespace", "accelerator", "protected", "negation"}
# Units go to the engine in chunks, and each finished chunk is saved to the memory at once, so Ctrl-C (or
# a crash) loses at most the chunk in flight: the first chunk is small, each next one is sized from the
# measured speed to take about CHUNK_SECONDS (a GPU gets big ones), never more than CHUNK units.
CHUNK = 8000
FIRST_CHUNK = 256
CHUNK_SECONDS = 5.0


@dataclass
class LocaleStats:
    translated: int = 0
    from_memory: int = 0
    fuzzy: int = 0
    final: int = 0
    failed_checks: int = 0
    units: int = 0
    engine_units: int = 0
    fallback_units: int = 0
    first_pass: int = 0           # entries whose units all passed on the engine's first hypothesis
    glossary_strings: int = 0     # translated strings whose source has a glossary term
    glossary_compliant: int = 0
    promoted: int = 0             # --final: earlier fuzzy output that now passes, made final without the engine
    stale_human: int = 0          # human translations whose source changed since (kept, listed for review)
    low_confidence: int = 0       # translated strings below min_confidence (fuzzy, listed for review)


@dataclass
class RunResult:
    stats: dict[str, LocaleStats] = field(default_factory=dict)
    issues: list[checks.Issue] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)           # files that failed (keep-going)
    written: list[str] = field(default_factory=list)
    diffs: dict[str, str] = field(default_factory=dict)       # dry run
    review: list[dict[str, Any]] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    engine_calls: int = 0
    model: str = ""
    scores: dict[str, dict[str, float]] = field(default_factory=dict)
    items: list[Item] = field(default_factory=list)

    @property
    def error_count(self) -> int:
        return sum(1 for i in self.issues if i.severity == checks.ERROR)


def _timer(result: RunResult, stage: str, t0: float) -> float:
    now = time.perf_counter()
    result.timings[stage] = result.timings.get(stage, 0.0) + now - t0
    return now


def _rebase(forced: Masked, own: Masked) -> Masked:
    """A forced-term mask set whose first spans are `own`'s (same masked text, other placeholders)."""
    return replace(own, text=forced.text, spans=own.spans + forced.spans[len(own.spans):],
                   rules=own.rules + forced.rules[len(own.rules):])


def locale_code_for(text: str, source: str, target: str) -> str | None:
    """The target locale written like `text`, when `text` is exactly the source locale's code ("en",
    "en-US", "en_US"): a bundle's language field, not text.  None otherwise."""
    t = text.strip()
    if not t or len(t) > 12 or " " in t:
        return None
    same = plurals.normalize(t).lower() == plurals.normalize(source).lower()
    if not same and not ("_" in t or "-" in t) and t.lower() == plurals.language(source):
        same = True  # "en" in a project whose source is en_US
    if not same:
        return None
    lang, _sep, region = plurals.normalize(target).partition("_")
    sep = "_" if "_" in t else "-"
    if t.isupper():
        lang = lang.upper()
    elif region and t[-2:].islower() and sep in t:
        region = region.lower()
    return lang + (sep + region if region else "")


def _symbols_kept(source: str, output: str) -> bool:
    """Symbols, special digits and control codes of `source` (©, €, ², emoji, IRC \x02) are all in
    `output`: stripping stray masks from a piece must not drop a character the engine shielded."""
    import unicodedata

    def needed(ch: str) -> bool:
        cat = unicodedata.category(ch)
        return cat[0] == "C" or (not ch.isascii() and (cat[0] == "S" or cat == "No"))
    return all(ch in output for ch in set(source) if needed(ch))


def _next_chunk(pending: list[Any], start: int, budget: float) -> list[Any]:
    """The units of the next engine chunk: FIRST_CHUNK units at first, then as many as `budget`
    characters allow (the measured speed times CHUNK_SECONDS), at most CHUNK."""
    limit = min(CHUNK, FIRST_CHUNK) if budget <= 0 else CHUNK
    end, chars = start, 0.0
    while end < len(pending) and end - start < limit:
        chars += len(pending[end][0][0])
        end += 1
        if budget > 0 and chars >= budget:
            break
    return pending[start:end]


def _uses_terms(text: str, required: list[tuple[str, str]]) -> bool:
    return all(re.search(r"(?<!\w)" + re.escape(t) + r"\w{0,3}(?!\w)", text, re.I) for _s, t in required)


class Pipeline:
    def __init__(self, settings: Settings, engine: Translator | None, opts: Options,
                 memory: Memory | None = None, glossary: Any = None,
                 progress: Callable[[int, int], None] | None = None,
                 on_wait: Callable[[str], None] | None = None) -> None:
        self.settings, self.engine, self.opts = settings, engine, opts
        self.on_wait = on_wait  # told when another run holds the project's run lock
        if opts.n_best < 1:
            from .errors import ConfigError
            raise ConfigError(f"n_best must be >= 1, not {opts.n_best}")
        self.memory = memory
        self.glossary = glossary
        self.progress = progress
        self.lock = Lockfile(settings.resolve(settings.lockfile))
        self._masks: dict[tuple[str, str], Masked] = {}
        self._unwritten: set[tuple[str, str]] = set()  # (file, locale) whose new records are not on disk yet
        self._no_provenance = False  # no lockfile: bundles' earlier machine output cannot be told apart
        self._no_model: set[str] = set()  # locales the engine cannot translate: nothing of theirs is written

    # ------------------------------------------------------------------ memory
    def harvest(self, jobs: list[Job]) -> int:
        """The project's own human translations go into the memory before anything is translated, so
        a string translated by a person in one file is reused in every other file of that locale (with
        the same context) instead of being machine-translated (memory.human_rows, strict)."""
        from .memory import human_rows
        assert self.memory is not None
        rows: list[tuple[Key, str]] = []
        for job in jobs:
            if self._no_provenance and not formats.is_bilingual(job.resource.format):
                continue  # without the lockfile localize's earlier output in a bundle looks human: not taken
            def ours(seg: Segment, job: Job = job) -> bool:  # written by localize and not edited since
                rec = self.lock.get(job.rel, job.locale, seg.id)
                return rec is not None and rec.tgt == text_hash(seg.targets)
            rows += human_rows(job.resource.segments, self.settings.source, job.locale,
                               job.spec.accelerator if job.spec else "_&", strict=True, skip=ours)
        rows = self.memory.not_machine(rows)  # what the memory knows as machine output is never "human"
        return self.memory.add_many(rows, "human") if rows else 0

    # ------------------------------------------------------------------ units
    def _mask(self, text: str, job: Job) -> Masked:
        """The same text in every locale's file is masked once (Masked objects are never mutated)."""
        accel = job.spec.accelerator if job.spec else "_&"
        key = (text, accel)
        m = self._masks.get(key)
        if m is None:
            m = self._masks[key] = mask(text, accel, self.glossary.dnt_pattern if self.glossary else None)
        return m

    def build_units(self, items: list[Item]) -> None:
        """Each text is split into lines (and long lines into sentences): the engine translates UI
        strings and sentences, never a whole help screen at once; separators are kept verbatim."""
        for it in items:
            for f in it.forms:
                code = locale_code_for(f.source, self.settings.source, it.job.locale)
                if code is not None:  # "code": "en" names the bundle's language: it becomes the target's
                    f.units.append(Masked(f.source, "⟦0⟧", [code], ["locale-code"]))
                    f.layout.append([("", 0)])
                    f.results = [None]
                    continue
                texts = icu.units(f.nodes) if f.nodes is not None else [f.source]
                for t in texts:
                    layout = []
                    for sep, piece in split_text(t, pipes=it.job.resource.format == "json"):
                        layout.append((sep, len(f.units)))
                        f.units.append(self._mask(piece, it.job))
                    f.layout.append(layout)
                f.results = [None] * len(f.units)

    @staticmethod
    def joined(f: Form) -> list[str]:
        """The translated texts of a form, pieces joined with their original separators."""
        return ["".join(sep + (f.results[i] or "") for sep, i in layout) for layout in f.layout]

    # ------------------------------------------------------------------ translation
    def translate_units(self, items: list[Item], result: RunResult) -> None:
        """Memory first, then one batched engine pass over every unit of every file and locale."""
        if not items:
            return
        src_lang = self.settings.source
        model = self.engine.model_id if self.engine else ""
        todo: dict[tuple[str, str], list[tuple[Item, Form, int]]] = {}
        keys: dict[tuple[int, int, int], Key] = {}
        for it in items:
            st = result.stats.setdefault(it.job.locale, LocaleStats())
            for f in it.forms:
                for u_i, m in enumerate(f.units):
                    st.units += 1
                    if not m.translatable:
                        f.results[u_i] = unmask(m.text, m).text
                        f.evidence[u_i] = confidence.Evidence(m.original, path=confidence.COPY)
                        continue
                    k = Key(src_lang, it.job.locale, it.segment.context or "", m.text)
                    keys[(id(it), f.index, u_i)] = k
        hits = self.memory.lookup_many(set(keys.values()), model) if self.memory else {}
        for it in items:
            st = result.stats[it.job.locale]
            for f in it.forms:
                for u_i, m in enumerate(f.units):
                    k = keys.get((id(it), f.index, u_i))
                    if k is None:
                        continue
                    hit = hits.get(k)
                    if hit is not None:
                        restored = unmask(hit[0], m)
                        if restored.ok:
                            f.results[u_i] = restored.text
                            f.evidence[u_i] = confidence.Evidence(
                                m.original, path=confidence.HUMAN if hit[1] == "human" else confidence.MEMORY)
                            st.from_memory += 1
                            continue
                    todo.setdefault((m.text, it.job.locale), []).append((it, f, u_i))
        if not todo:
            return
        if self.engine is None:
            raise LocalizeError("no translation engine: configure a model (localize model list)")
        unsupported = sorted({loc for _t, loc in todo if not self.engine.supports(src_lang, loc)})
        for loc in unsupported:
            result.issues.append(checks.Issue(
                "model", checks.ERROR, f"the model {self.engine.model_id} does not translate {src_lang} -> {loc}; "
                f"configure one under [models] (localize model import)", locale=loc))
            result.errors.append(f"{loc}: no model for {src_lang} -> {loc}")
        self._no_model = set(unsupported)
        pending = [(k, v) for k, v in todo.items() if k[1] not in unsupported]
        # chunks are length ranges: the engine's length groups then do not repeat in every chunk
        pending.sort(key=lambda kv: len(kv[0][0]))
        done = 0
        total = len(pending)
        start, budget = 0, 0.0  # budget: characters the next chunk may hold (0: FIRST_CHUNK units)
        while start < total:
            chunk = _next_chunk(pending, start, budget)
            start += len(chunk)
            t_chunk = time.perf_counter()
            reqs = [Request(text, loc) for (text, loc), _ in chunk]
            t0 = time.perf_counter()
            hyps = self.engine.translate(reqs, self.opts.n_best)
            _timer(result, "engine", t0)
            failing: list[tuple[int, Masked]] = []
            chosen: dict[int, tuple[str, Masked]] = {}
            term_retry: list[tuple[int, Masked, list[tuple[str, str]]]] = []
            for n, (((text, loc), users), options) in enumerate(zip(chunk, hyps)):
                it, f, u_i = users[0]
                m = f.units[u_i]
                required = self.glossary.required(m.original, loc) if self.glossary else []
                pick, compliant, first_ok = self._choose(options, m, it, required)
                if not first_ok:
                    for _it, f_, _u in users:
                        f_.first_fail = True
                if pick is None:
                    failing.append((n, m))
                else:
                    chosen[n] = (pick, m)
                    if not compliant:
                        term_retry.append((n, m, required))
            pieces: set[int] = set()
            if failing:
                fixed = self._fallback([(m, chunk[n][0][1]) for n, m in failing], result)
                for (n, m), text in zip(failing, fixed):
                    if text is not None:
                        pieces.add(n)
                        chosen[n] = (text, m)
                        result.stats[chunk[n][0][1]].fallback_units += 1
            if term_retry:
                self._enforce_terms(term_retry, chunk, chosen, result)
            to_memory: list[tuple[Key, str]] = []
            for n, ((text, loc), users) in enumerate(chunk):
                pick = chosen.get(n)
                masked_out, used = pick if pick else (None, None)
                path = (confidence.FAILED if pick is None else confidence.PIECES if n in pieces
                        else confidence.TERMS if used is not users[0][1].units[users[0][2]] else confidence.NBEST)
                evidence = confidence.evidence_from(users[0][1].units[users[0][2]].original, hyps[n], masked_out, path)
                for it, f, u_i in users:
                    m = f.units[u_i]
                    f.evidence[u_i] = evidence
                    result.stats[loc].engine_units += 1
                    if masked_out is None or used is None:
                        first = hyps[n][0] if hyps[n] else m.text
                        f.results[u_i] = unmask(first, m).text
                        f.failed.append(checks.Issue("placeholders", checks.ERROR,
                                                     "the engine lost or duplicated protected text in every hypothesis",
                                                     locale=loc))
                    elif used.rules[len(m.spans):]:  # glossary-substituted: extra masks, not for the memory
                        f.results[u_i] = unmask(masked_out, _rebase(used, m)).text
                    else:  # same masked text: every user restores its own placeholders
                        f.results[u_i] = unmask(masked_out, m).text
                        to_memory.append((keys[(id(it), f.index, u_i)], masked_out))
            if self.memory and to_memory:
                self.memory.add_many(to_memory, "machine", self.engine.model_id)
            chars = sum(len(text) for (text, _loc), _u in chunk)
            budget = chars / max(time.perf_counter() - t_chunk, 1e-3) * CHUNK_SECONDS
            done += len(chunk)
            if self.progress:
                self.progress(done, total)
        result.engine_calls = getattr(self.engine, "calls", 0)

    def _choose(self, options: list[str], m: Masked, it: Item,
                required: list[tuple[str, str]] | None = None) -> tuple[str | None, bool, bool]:
        """(pick, compliant, first_ok): the first hypothesis whose masks all come back once, that
        passes every error-level check (fewest soft warnings first) and uses the glossary's terms;
        else the best that passes the checks (compliant=False).  first_ok: the engine's best
        hypothesis passed on its own.  Stops at the first clean, compliant hypothesis."""
        ctx = checks.Context(target_locale=it.job.locale, machine=True, source_lang=self.settings.source,
                             accelerator=it.job.spec.accelerator if it.job.spec else "_&",
                             pipe_forms=it.job.resource.format == "json")
        use_terms = bool(required) and self.glossary is not None
        passing: list[tuple[int, int, str, bool]] = []   # (soft warnings, rank, hypothesis, compliant)
        first_ok = False
        for rank, hyp in enumerate(options):
            r = unmask(hyp, m)
            if not r.ok:
                continue
            found = checks.check_pair(m.original, r.text, ctx, skip={"language", "glossary", "icu"})
            if any(i.severity == checks.ERROR for i in found):
                continue
            first_ok = first_ok or rank == 0
            soft = sum(i.check in SOFT_CHECKS for i in found)
            compliant = not use_terms or _uses_terms(r.text, required or [])
            if soft == 0 and compliant:
                return hyp, True, first_ok
            passing.append((soft, rank, hyp, compliant))
        if not passing:
            return None, False, first_ok
        passing.sort(key=lambda p: (not p[3], p[0], p[1]) if use_terms else (p[0], p[1]))
        return passing[0][2], passing[0][3], first_ok

    def _enforce_terms(self, retry: list[tuple[int, Masked, list[tuple[str, str]]]],
                       chunk: list[Any], chosen: dict[int, tuple[str, Masked]], result: RunResult) -> None:
        """No hypothesis used the glossary term: translate again with the term masked and restored
        as the required target term (mask and substitute)."""
        from .glossary import apply_forced
        assert self.engine is not None
        forced = [apply_forced(m, {t: tt for t, tt in req if t != tt}) for _n, m, req in retry]
        reqs = [Request(fm.text, chunk[n][0][1]) for (n, _m, _r), fm in zip(retry, forced)]
        t0 = time.perf_counter()
        outs = self.engine.translate(reqs, self.opts.n_best)
        _timer(result, "engine", t0)
        for (n, _m, req), fm, options in zip(retry, forced, outs):
            it = chunk[n][1][0][0]
            pick, _ok, _first = self._choose(options, fm, it)
            if pick is not None:
                chosen[n] = (pick, fm)

    def _fallback(self, failing: list[tuple[Masked, str]], result: RunResult) -> list[str | None]:
        """Translate the text between masks piece by piece (masks then cannot be lost) in one batch."""
        assert self.engine is not None
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
        t0 = time.perf_counter()
        outs = iter(self.engine.translate(reqs, 1)) if reqs else iter([])
        _timer(result, "engine", t0)
        texts: list[str | None] = []
        for (m, _loc), parts in zip(failing, plans):
            buf = []
            ok = True
            for is_mask, piece in parts:
                if is_mask or not any(ch.isalpha() for ch in piece):
                    buf.append(piece)
                else:
                    hyp = next(outs)
                    out = MASK_RE.sub("", hyp[0] if hyp else "").strip()
                    if not any(ch.isalpha() for ch in out) or not _symbols_kept(piece, out):
                        ok = False
                    lead = piece[: len(piece) - len(piece.lstrip())]
                    trail = piece[len(piece.rstrip()):]
                    buf.append(lead + out + trail)
            joined = "".join(buf)
            texts.append(joined if ok and unmask(joined, m).ok else None)
        return texts

    # ------------------------------------------------------------------ assembly
    def assemble(self, items: list[Item], result: RunResult, final_locales: dict[str, bool]) -> None:
        if not items:
            return
        model = self.engine.model_id if self.engine else "memory"
        ghash = self.glossary.hash if self.glossary else ""
        lang_todo: dict[str, list[tuple[Job, Segment, str]]] = {}  # per locale
        for it in items:
            seg, job = it.segment, it.job
            if job.locale in self._no_model:
                continue  # no model: not even the entries without words ("`", "%s") are written
            st = result.stats[job.locale]
            new: list[str] = []
            failed: list[checks.Issue] = []
            for f in it.forms:
                failed += f.failed
                parts = self.joined(f)
                if f.nodes is not None:
                    cats = plurals.categories(job.locale)
                    new.append(icu.rebuild(f.nodes, parts, cats))
                else:
                    new.append(parts[0] if parts else "")
            old = list(seg.targets)
            if not any(t.strip() for t in new):
                issue = checks.Issue("empty", checks.ERROR, "the engine produced no translation; left untranslated",
                                     job.rel, seg.location, job.locale, seg.id)
                result.issues.append(issue)
                st.failed_checks += 1
                self.lock.forget(job.rel, job.locale, seg.id)  # not done: the next run tries (and reports) again
                continue
            if not it.stale and not self.opts.overwrite and old:
                # never overwrite a human form: fill only the empty ones
                new = [o if o else n for o, n in zip(old + [""] * (len(new) - len(old)), new)]
            ctx = checks.Context(target_locale=job.locale, kind=seg.kind,
                                 accelerator=job.spec.accelerator if job.spec else "_&",
                                 format_rules=checks.rules_for(seg.flags),
                                 glossary=self.glossary.required(seg.source, job.locale) if self.glossary else [],
                                 machine=True, pipe_forms=job.resource.format == "json")
            n_forms = len(it.categories) if it.categories else (job.n_forms if seg.source_plural is not None else None)
            # the language check runs for all entries at once below (parallel statistics)
            issues = failed + checks.check_segment(seg.source, seg.source_plural, new, ctx, n_forms, skip={"language"})
            lang_todo.setdefault(job.locale, []).append((job, seg, new[-1]))
            for i in issues:
                i.path, i.location, i.segment_id = job.rel, seg.location, seg.id
            result.issues += issues
            errors = [i for i in issues if i.severity == checks.ERROR]
            conf = self.confidence(it, new, issues, ctx.glossary)
            # the default threshold holds only where the calibration saw the language; an explicit
            # [output] min_confidence is the user's own call for every language
            calibrated = getattr(self.settings, "min_confidence", None) is not None or confidence.calibrated_for(job.locale)
            confident = conf >= self.min_confidence and calibrated
            final = self.opts.final and not errors and final_locales.get(job.locale, True) and confident
            gate_ok = final_locales.get(job.locale, True)
            if (errors or not gate_ok) and not formats.is_bilingual(job.resource.format):
                # a bundle has no fuzzy marker: a string that failed a check is left out (the app falls
                # back to the source language) and listed for review instead of shipping broken
                st.failed_checks += 1
                result.review.append({"file": job.rel, "locale": job.locale, "key": seg.location,
                                      "source": seg.source, "target": new[0] if new else "",
                                      "reason": "not written: " + ("; ".join(i.message for i in errors)
                                                                   or "quality gate failed"),
                                      "confidence": conf})
                self.lock.forget(job.rel, job.locale, seg.id)  # not done: the next run tries (and reports) again
                continue
            if self.glossary is not None and self.glossary.required(seg.source, job.locale):
                st.glossary_strings += 1
                st.glossary_compliant += self.glossary.complies(seg.source, new[-1], job.locale)
            seg.targets = new
            if seg.plural_categories and it.categories:
                seg.plural_categories = it.categories
            note = f"{MT_NOTE_PREFIX} by {model} (src {seg.source_hash}, confidence {conf:.2f}); review before release"
            seg.translator_notes = [n for n in seg.translator_notes if not n.startswith(MT_NOTE_PREFIX)] + [note]
            seg.set_flag("fuzzy", not final)
            st.translated += 1
            st.first_pass += not any(f.first_fail for f in it.forms)
            st.final += final
            st.fuzzy += not final
            st.failed_checks += bool(errors)
            st.low_confidence += not confident
            if not final:
                low = ("" if confident else f"confidence {conf:.2f} is below min_confidence {self.min_confidence:.2f}"
                       if calibrated else f"confidence {conf:.2f} is not calibrated for {job.locale} "
                       "(set [output] min_confidence to make its output final)")
                result.review.append({"file": job.rel, "locale": job.locale, "key": seg.location,
                                      "source": seg.source, "target": new[0] if new else "",
                                      "reason": "; ".join([i.message for i in errors] + ([low] if low else []))
                                      or "machine translation", "confidence": conf})
            self.lock.put(job.rel, job.locale, seg.id,
                          Record(seg.source_hash, text_hash(new), model, ghash,
                                 f"beam={getattr(self.engine, 'beam_size', '')} n_best={self.opts.n_best}", final, conf))
        for loc, todo in sorted(lang_todo.items()):
            found = checks.language_issues([sg.source for _j, sg, _t in todo], [t for _j, _s, t in todo],
                                           self.settings.source, loc)
            for (j, sg, _t), issue in zip(todo, found):
                if issue is not None:
                    issue.path, issue.location, issue.segment_id = j.rel, sg.location, sg.id
                    result.issues.append(issue)

    @property
    def min_confidence(self) -> float:
        """`[output] min_confidence`, else the default the calibration chose (confidence.json)."""
        own = getattr(self.settings, "min_confidence", None)
        return confidence.min_confidence() if own is None else float(own)

    def confidence(self, it: Item, new: list[str], issues: list[checks.Issue],
                   glossary: list[tuple[str, str]]) -> float:
        """P(acceptable) of an entry's machine translation (confidence.py), from its units' evidence."""
        units = [f.evidence[i] for f in it.forms for i in range(len(f.units)) if i in f.evidence]
        warnings = sum(1 for i in issues if i.severity == checks.WARNING and i.check in SOFT_CHECKS)
        terms = {s.lower() for s, t in glossary if t and t != s}
        return round(confidence.entry_confidence(it.segment.source, new[0] if new else "", units, it.job.locale,
                                                 warnings, terms), 3)

    # ------------------------------------------------------------------ run
    def run(self, paths: list[str] | None = None) -> RunResult:
        """One run; a writing run holds the project's run lock throughout (a second one waits)."""
        if self.opts.dry_run:
            return self._run(paths)
        from .runlock import RUN_LOCK, project_lock
        with project_lock(self.settings.resolve(RUN_LOCK), self.on_wait):
            self.lock = Lockfile(self.lock.path)  # read now: the run we waited for may have just saved it
            return self._run(paths)

    def _run(self, paths: list[str] | None) -> RunResult:
        result = RunResult()  # the engine (and its model) loads only if something needs translating
        t0 = time.perf_counter()
        jobs = collect_jobs(self.settings, paths or [], self.opts, result)
        self._no_provenance = not self.lock.path.exists()
        if self._no_provenance and any(not formats.is_bilingual(j.resource.format) and j.resource.exists
                                       and any(s.targets for s in j.resource.segments) for j in jobs):
            result.issues.append(checks.Issue(
                "provenance", checks.WARNING, f"{self.lock.path} is missing: localize cannot tell its earlier output "
                "in bundles from human translations (stale machine output is not refreshed; bundles are not "
                "reused as human translations); commit the lockfile"))
        for job in jobs:
            fix_po_header(job)
        t0 = _timer(result, "read", t0)
        items = [it for job in jobs for it in select(job, self.lock, self.opts)]
        result.items = items
        self.build_units(items)
        if items and self.memory is not None:
            self.harvest(jobs)
        t0 = _timer(result, "select", t0)
        warm = None
        if items and self.engine is not None:
            from . import langid  # the language check's models load while the engine decodes
            warm = langid.preload(sorted({(self.settings.source, it.job.locale) for it in items}))
        saved = {(j.rel, j.locale): self.lock.section(j.rel, j.locale) for j in jobs}
        self._unwritten = set(saved)
        try:
            self.translate_units(items, result)
            if warm is not None:
                warm.join()
            t0 = time.perf_counter()
            gates = self.quality_gates(jobs, result)
            self.assemble(items, result, gates)
            self.revisit(jobs, items, result, gates)
            t0 = _timer(result, "check", t0)
            self.write(jobs, result)
            _timer(result, "write", t0)
        finally:
            for key in self._unwritten:  # a file that was not written keeps the records it had
                self.lock.restore(*key, saved[key])
            if not self.opts.dry_run:
                self.lock.save()
        return result

    def revisit(self, jobs: list[Job], items: list[Item], result: RunResult, gates: dict[str, bool]) -> None:
        """Work without the engine (revisit.py): --final promotes localize's fuzzy entries that now pass
        every check; human translations whose source changed are reported for review."""
        from . import revisit
        busy = {(it.job.rel, it.segment.id) for it in items}
        if self.opts.final:
            passing = [j for j in jobs if gates.get(j.locale, True)]
            for loc, n in revisit.promote(passing, busy, self.lock, self.glossary, self.min_confidence).items():
                st = result.stats.setdefault(loc, LocaleStats())
                st.promoted += n
                st.final += n
        for job, seg in revisit.stale_human(jobs, self.lock):
            result.stats.setdefault(job.locale, LocaleStats()).stale_human += 1
            result.issues.append(checks.Issue("stale", checks.WARNING, "the source text changed since this human "
                                              "translation was made: review it (kept as it is)",
                                              job.rel, seg.location, job.locale, seg.id))
            result.review.append({"file": job.rel, "locale": job.locale, "key": seg.location, "source": seg.source,
                                  "target": seg.targets[0], "reason": "stale human translation: the source "
                                  "changed since it was translated"})

    def quality_gates(self, jobs: list[Job], result: RunResult) -> dict[str, bool]:
        """Locales whose canary score (machine output vs held-out human strings) meets the thresholds."""
        ok: dict[str, bool] = {}
        q = self.settings.quality
        if not (q.min_chrf or q.min_bleu) or self.engine is None:
            return ok
        from .scoring import canary
        for loc in sorted({j.locale for j in jobs}):
            min_c, min_b = q.threshold(q.min_chrf, loc), q.threshold(q.min_bleu, loc)
            if min_c is None and min_b is None:
                continue  # no gate for this locale
            score = canary([j for j in jobs if j.locale == loc], self.engine, self.settings.source,
                           human=lambda j, sg: is_human(sg, self.lock.get(j.rel, j.locale, sg.id)))
            if score is None:  # a gate that cannot be measured fails under --ci, and is never silent
                result.issues.append(checks.Issue(
                    "quality-gate", checks.ERROR if self.opts.ci else checks.WARNING,
                    f"{loc}: the quality gate (min_chrf={min_c}, min_bleu={min_b}) cannot be measured: fewer than "
                    f"10 human translations to hold out", locale=loc))
                continue
            result.scores[loc] = score
            passed = (min_c is None or score["chrf"] >= min_c) and (min_b is None or score["bleu"] >= min_b)
            ok[loc] = passed
            if not passed:
                result.issues.append(checks.Issue(
                    "quality-gate", checks.ERROR,
                    f"{loc}: chrF {score['chrf']:.1f} / BLEU {score['bleu']:.1f} on {int(score['n'])} held-out strings "
                    f"is below the threshold (min_chrf={min_c}, min_bleu={min_b}); machine output kept fuzzy",
                    locale=loc))
        return ok

    @staticmethod
    def _relocate(job: Job, result: RunResult) -> None:
        """Issues and review rows name lines of the file as written: entries above may have grown."""
        moved = formats.written_lines(job.resource)
        by_line = {str(sg.line): str(moved[sg.id]) for sg in job.resource.segments
                   if sg.key is None and sg.line is not None and sg.id in moved}
        if not any(a != b for a, b in by_line.items()):
            return
        for issue in result.issues:
            if issue.path == job.rel and issue.location in by_line:
                issue.location = by_line[issue.location]
        for row in result.review:
            if row["file"] == job.rel and row["key"] in by_line:
                row["key"] = by_line[row["key"]]

    def write(self, jobs: list[Job], result: RunResult) -> None:
        """Write the changed files.  Every target (and the lockfile) is checked first: a read-only file
        or folder stops the run before anything is written (with --keep-going only that file is left)."""
        from .errors import WriteError
        from .formats._io import unwritable
        todo: list[Job] = []
        for job in jobs:
            res = job.resource
            if job.locale in self._no_model:
                continue  # its file is neither created nor touched (the error is in result.errors)
            if not res.exists and not any(sg.targets for sg in res.segments if not sg.obsolete):
                self._unwritten.discard((job.rel, job.locale))
                continue  # a new file with nothing translated in it ("{}", an empty catalog) is not written
            data = formats.dump(res)
            self._relocate(job, result)
            path = Path(res.path)
            old = path.read_bytes() if path.exists() else b""
            if data == old:
                self._unwritten.discard((job.rel, job.locale))
                continue
            if self.opts.dry_run:
                enc = getattr(res.handle, "encoding", "utf-8")
                result.diffs[job.rel] = "".join(difflib.unified_diff(
                    old.decode(enc, "replace").splitlines(True), data.decode(enc, "replace").splitlines(True),
                    fromfile=f"a/{job.rel}", tofile=f"b/{job.rel}"))
                continue
            todo.append(job)
        if not todo:
            return
        why = unwritable(self.lock.path)
        if why:  # output without its records would pass for human translation on the next run
            raise WriteError(str(self.lock.path), f"cannot write the lockfile: {why}; nothing was written")
        blocked = {job.rel: WriteError(job.resource.path, f"cannot write: {why}")
                   for job in todo for why in [unwritable(job.resource.path)] if why}
        if blocked and not self.opts.keep_going:
            first = next(iter(blocked.values()))
            more = f" (and {len(blocked) - 1} more file(s))" if len(blocked) > 1 else ""
            raise WriteError(first.path, f"{first.message}{more}; nothing was written")
        for job in todo:
            if job.rel in blocked:
                result.errors.append(str(blocked[job.rel]))
                continue
            try:
                formats.save(job.resource)
                result.written.append(job.rel)
                self._unwritten.discard((job.rel, job.locale))
            except LocalizeError as exc:
                if not self.opts.keep_going:
                    raise
                result.errors.append(str(exc))


def translate_texts(engine: Translator, texts: list[str], locale: str, glossary: Any = None,
                    n_best: int = 4, source: str = "en") -> list[str]:
    """Translate plain strings exactly as `translate` would (units, masks, memory-less engine pass,
    n-best choice, fallbacks, glossary), without any file: for scoring, canaries and benchmarks."""
    return [text for text, _units in translate_evidence(engine, texts, locale, glossary, n_best, source)]


def translate_evidence(engine: Translator, texts: list[str], locale: str, glossary: Any = None,
                       n_best: int = 4, source: str = "en") -> list[tuple[str, list[confidence.Evidence]]]:
    """translate_texts() with what the engine said about each unit of each string (confidence.Evidence)."""
    from .config import Settings
    from .segments import Resource, Segment
    res = Resource(path=f"<strings>.{locale}", format="po", locale=locale)
    res.segments = [Segment(id=str(i), source=t) for i, t in enumerate(texts)]
    job = Job(res, locale, None, res.path, 2)
    items = [_item(job, s, False) for s in res.segments]
    pipe = Pipeline(Settings(root=Path("."), source=source), engine, Options(n_best=n_best), glossary=glossary)
    pipe.build_units(items)
    pipe.translate_units(items, RunResult())
    out = []
    for it in items:
        f = it.forms[0]
        parts = Pipeline.joined(f)
        text = icu.rebuild(f.nodes, parts) if f.nodes is not None else parts[0]
        out.append((text, [f.evidence[i] for i in range(len(f.units)) if i in f.evidence]))
    return out
