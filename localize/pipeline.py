"""Orchestration: collect every file and locale, select what needs translating, translate it all in
one batched pass (memory first), restore and check, write back, record provenance.

The engine is injected (anything with the engine.Translator interface), so the pipeline knows no
engine details; formats, protection, checks, memory and glossary are called through their modules.
"""
from __future__ import annotations

import gc
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import accesskeys, checks, cldr, confidence, formats, plurals, shards, syntax
from .config import Settings
from .engine import Translator
from .errors import LocalizeError
from .formats import icu, jsonfmt
from .fill import Filler
from .memory import Key, Memory
from .protect import Masked, mask, unmask
from .provenance import (FINAL_NOTE, MEMORY_MODEL, MEMORY_NOTE_PREFIX, MT_NOTE_PREFIX, NOTE_PREFIXES, REVIEW_NOTE,
                         Lockfile, Record, is_human, text_hash)
from .segments import Segment
from .selection import (Form, Item, Job, Options, _forms_complete, _item, _po_forms, _spec_for,  # noqa: F401
                        collect_jobs, dnt_pattern, do_not_translate, fix_po_header, is_debconf_choices, is_machine,
                        select, split_text, unsample)

from .shards import GPU_SHARD, SOFT_CHECKS, Executor, LocalExecutor  # noqa: F401
from .shards import symbols_kept as _symbols_kept  # noqa: F401

# Units go to the engine in shards of CHUNK units (GPU_SHARD on a GPU), and each finished shard is saved
# to the memory at once, so Ctrl-C (or a crash) loses at most the shards in flight.
CHUNK = shards.CPU_SHARD


@dataclass
class LocaleStats:
    translated: int = 0
    from_memory: int = 0
    near_memory: int = 0            # of those, a person's translation of the same words (other ending, capitals, context)
    from_cldr: int = 0              # units that are CLDR data: names, date formats, Rails settings (fill.py)
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
    workers: dict[str, int] = field(default_factory=dict)     # engine units per worker (cluster runs)

    @property
    def error_count(self) -> int:
        return sum(1 for i in self.issues if i.severity == checks.ERROR)


def _cased_as(text: str | None, other: str) -> str:
    """`text` starting with a capital where `other` (another plural form of the message) does."""
    assert text is not None
    if text[:1].islower() and other[:1].isupper():
        return text[0].upper() + text[1:]
    return text


def _timer(result: RunResult, stage: str, t0: float) -> float:
    now = time.perf_counter()
    result.timings[stage] = result.timings.get(stage, 0.0) + now - t0
    return now


class Pipeline:
    def __init__(self, settings: Settings, engine: Translator | None, opts: Options,
                 memory: Memory | None = None, glossary: Any = None,
                 progress: Callable[[int, int], None] | None = None,
                 on_wait: Callable[[str], None] | None = None, executor: Executor | None = None) -> None:
        self.settings, self.engine, self.opts = settings, engine, opts
        self.executor = executor  # where the shards run (shards.LocalExecutor on `engine` when None)
        self.on_wait = on_wait  # told when another run holds the project's run lock
        if opts.n_best < 1:
            from .errors import ConfigError
            raise ConfigError(f"n_best must be >= 1, not {opts.n_best}")
        self.memory = memory
        self.glossary = glossary
        self.filler = Filler(glossary)  # units that are data: CLDR's names, date formats, Rails settings
        self.progress = progress
        self.lock = Lockfile(settings.resolve(settings.lockfile))
        self._masks: dict[tuple[str, str, str | None], Masked] = {}
        self._unwritten: set[tuple[str, str]] = set()  # (file, locale) whose new records are not on disk yet
        self._no_provenance = False  # no lockfile: bundles' earlier machine output cannot be told apart
        self._no_model: set[str] = set()  # locales the engine cannot translate: nothing of theirs is written
        self._registers: dict[str, str] = {}  # locale -> the register machine output prefers (formality.py)
        self._human_jobs: list[Job] = []  # read for the "auto" register, only when a locale needs it
        self._termed: dict[tuple[str, str], bool] = {}  # (masked text, locale) -> holds a glossary term

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
            rows += human_rows(job.resource.segments, self.settings.source, job.locale,
                               job.accelerator, strict=True,
                               skip=lambda seg, job=job: self._ours(job, seg))
        rows = self.memory.not_machine(rows)  # what the memory knows as machine output is never "human"
        return self.memory.add_many(rows, "human") if rows else 0

    def _writable_first(self, items: list[Item]) -> None:
        """A file with work that cannot be written stops the run before the engine runs (it stopped after,
        with the engine's output already in the memory); --keep-going leaves it to the write, which skips it."""
        from .errors import WriteError
        from .formats._io import unwritable
        for path in dict.fromkeys(it.job.resource.path for it in items):
            why = unwritable(path)
            if why:
                raise WriteError(path, f"cannot write: {why}; nothing was translated or written")

    def _glossary_stale(self, seg: Segment, locale: str, written_under: str) -> bool:
        """localize's output of `seg` was made under another glossary and a term of the current one applies
        to it (a term added or changed since: "player" -> "Spieler" refreshes "Sperr %s Rundung wins!")."""
        g = self.glossary
        return g is not None and written_under != g.hash and bool(g.required(seg.source, locale))

    def _memory_model(self, model: str, text: str, locale: str) -> str:
        """The memory's model key for a unit: machine output made under glossary terms is the glossary's as
        well as the model's (a changed term must not come back from the memory).  Looked up and saved per
        unit: the term search runs once per (text, locale)."""
        g = self.glossary
        if g is None:
            return model
        has = self._termed.get((text, locale))
        if has is None:
            has = self._termed[(text, locale)] = bool(g.required(text, locale))
        return f"{model}+glossary:{g.hash[:12]}" if has else model

    def _ours(self, job: Job, seg: Segment) -> bool:
        """Written by localize (the lockfile has it) and not edited since."""
        rec = self.lock.get(job.rel, job.locale, seg.id)
        return rec is not None and rec.tgt == text_hash(seg.targets)

    def register(self, locale: str) -> str:
        """The register machine output for `locale` should address the user in ("" for no preference):
        `[project] formality`, else ("auto") the project's human translations', else the convention."""
        if locale not in self._registers:
            from . import formality
            setting = self.settings.formality.get(locale, self.settings.formality.get("*", "auto"))
            human = formality.human_texts([j for j in self._human_jobs if j.locale == locale], self._ours) \
                if setting == "auto" and formality.has_markers(locale) else {}
            self._registers[locale] = formality.resolve(setting, locale, human.get(locale, ()))
        return self._registers[locale]

    def collect_human(self, jobs: list[Job]) -> None:
        """The files whose human translations decide the "auto" register (read when register() needs them)."""
        self._human_jobs += jobs

    # ------------------------------------------------------------------ units
    def _mask(self, text: str, job: Job) -> Masked:
        """The same text in every locale's file is masked once (Masked objects are never mutated)."""
        accel = job.accelerator
        program = job.program
        key = (text, accel, program)
        m = self._masks.get(key)
        if m is None:
            m = self._masks[key] = mask(text, accel, dnt_pattern(self.glossary.dnt_pattern if self.glossary else None,
                                                                 program))
        return m

    def build_units(self, items: list[Item]) -> None:
        """Each text is split into lines (and long lines into sentences): the engine translates UI
        strings and sentences, never a whole help screen at once; separators are kept verbatim."""
        for it in items:
            for f in it.forms:
                code = plurals.locale_code_for(f.source, self.settings.source, it.job.locale)
                if code is not None:  # "code": "en" names the bundle's language: it becomes the target's
                    f.units.append(Masked(f.source, "⟦0⟧", [code], ["locale-code"]))
                    f.layout.append([("", 0)])
                    f.results = [None]
                    continue
                texts = icu.units(f.nodes) if f.nodes is not None else [f.source]
                for t in texts:
                    layout = []
                    commas = it.job.resource.format == "po" and is_debconf_choices(it.segment.developer_notes, t)
                    for sep, piece in split_text(t, pipes=it.job.resource.format == "json", commas=commas):
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
        cased: dict[Key, Key] = {}
        for it in items:
            st = result.stats.setdefault(it.job.locale, LocaleStats())
            for f in it.forms:
                for u_i, m in enumerate(f.units):
                    st.units += 1
                    kept = accesskeys.is_accesskey(it.segment) or accesskeys.is_shortcut(it.segment) \
                        or do_not_translate(it.segment)
                    setting = None if kept else self.filler.setting(it, m)  # a Rails number setting
                    if setting is not None:
                        f.results[u_i], f.evidence[u_i] = setting
                        st.from_cldr += 1
                        continue
                    dated = not kept and self.filler.is_date_format(it, m)
                    if kept or (not dated and (not m.translatable or syntax.only_name(m.text))):
                        f.results[u_i] = unmask(m.text, m, it.job.locale).text
                        f.evidence[u_i] = confidence.Evidence(m.original, path=confidence.COPY)
                        continue
                    k = Key(src_lang, it.job.locale, it.segment.context or "", m.text)
                    keys[(id(it), f.index, u_i)] = k
                    if m.cased:  # ALL CAPS: the engine sees it in sentence case, a person's translation in
                        # the memory (`memory import`, harvest) is keyed as written
                        cased[k] = Key(src_lang, it.job.locale, it.segment.context or "", m.cased)
        hits: dict[Key, tuple[str, str]] = {}
        by_model: dict[str, set[Key]] = {}
        for k in set(keys.values()) | set(cased.values()):
            by_model.setdefault(self._memory_model(model, k.source, k.tgt_locale), set()).add(k)
        for model_key, group in by_model.items():
            hits.update(self.memory.lookup_many(group, model_key) if self.memory else {})
        # a person's translation of the same words with another ending, capitals or context, before the model's
        near = self.memory.near_many(k for k in set(keys.values()) if (hits.get(k) or ("", ""))[1] != "human"
                                     and (k not in cased or (hits.get(cased[k]) or ("", ""))[1] != "human")) \
            if self.memory else {}
        for it in items:
            st = result.stats[it.job.locale]
            for f in it.forms:
                for u_i, m in enumerate(f.units):
                    k = keys.get((id(it), f.index, u_i))
                    if k is None:
                        continue
                    hit = hits.get(k)
                    as_written = hits.get(cased[k]) if k in cased else None
                    if as_written is not None and (as_written[1] == "human" or hit is None):
                        hit = as_written  # a person's ALL CAPS translation before machine output
                    path = confidence.HUMAN
                    if k in near:
                        hit, path = (near[k], "human"), confidence.NEAR
                    data = self.filler.data(it, m) if hit is None or hit[1] != "human" else None
                    if data is not None:  # a day or month name or a date format: CLDR's, before the model's
                        f.results[u_i], f.evidence[u_i] = data
                        st.from_cldr += data[1].path == confidence.CLDR
                        continue
                    if hit is not None:
                        restored = unmask(hit[0], m, it.job.locale)
                        if restored.ok:
                            f.results[u_i] = restored.text
                            f.evidence[u_i] = confidence.Evidence(
                                m.original, path=path if hit[1] == "human" else confidence.MEMORY)
                            st.from_memory += 1
                            st.near_memory += path == confidence.NEAR
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
        # fixed-size length ranges (shards.py): the same batches, so the same output, on any executor; each
        # finished shard goes to the memory at once (Ctrl-C, a crash, a dead driver lose only those in flight)
        pending.sort(key=lambda kv: len(kv[0][0]))
        executor = self.executor or LocalExecutor(self.engine)
        size = self.settings.engine.shard_size or (CHUNK if executor.device != "cuda" else max(CHUNK, GPU_SHARD))
        groups = shards.split(pending, size)
        work = [[self._unit(m_text, loc, users) for (m_text, loc), users in group] for group in groups]
        done, total = 0, len(pending)
        t0 = time.perf_counter()
        for res in executor.run(work, self.opts.n_best, src_lang):
            t0 = _timer(result, "engine", t0)
            to_memory = self._apply(groups[res.index], res.outcomes, keys, result)
            if self.memory and to_memory:
                rows_by_model: dict[str, list[tuple[Key, str]]] = {}
                for row in to_memory:
                    rows_by_model.setdefault(self._memory_model(self.engine.model_id, row[0].source,
                                                                row[0].tgt_locale), []).append(row)
                for model_key, rows in rows_by_model.items():
                    self.memory.add_many(rows, "machine", model_key)
            done += len(groups[res.index])
            result.workers[res.worker] = result.workers.get(res.worker, 0) + len(groups[res.index])
            if self.progress:
                self.progress(done, total)
            t0 = _timer(result, "apply", t0)
        result.engine_calls = executor.calls

    def _unit(self, text: str, loc: str, users: list[tuple[Item, Form, int]]) -> shards.Unit:
        it, f, u_i = users[0]
        m = f.units[u_i]
        # a limited string that is this one unit: the n-best choice takes a hypothesis that fits
        limits = [u_it.segment.max_chars if len(u_f.units) == 1 else None for u_it, u_f, _i in users]
        limit = min(limits) if all(x is not None for x in limits) else None  # type: ignore[type-var]
        return shards.Unit(m, loc, it.job.accelerator, it.job.resource.format == "json",
                           self.glossary.required(m.original, loc) if self.glossary else [], self.register(loc),
                           limit)

    @staticmethod
    def _apply(group: list[Any], outcomes: list[shards.Outcome], keys: dict[tuple[int, int, int], Key],
               result: RunResult) -> list[tuple[Key, str]]:
        """A finished shard's outcomes to every user of each unit (own placeholders each); the memory rows."""
        to_memory: list[tuple[Key, str]] = []
        for ((_text, loc), users), out in zip(group, outcomes):
            st = result.stats[loc]
            st.fallback_units += out.fallback
            for it, f, u_i in users:
                m = f.units[u_i]
                f.evidence[u_i] = out.evidence
                st.engine_units += 1
                if not out.first_ok:
                    f.first_fail = True
                text, keep = shards.restore(out, m, loc)
                f.results[u_i] = text
                if out.text is None:
                    f.failed.append(checks.Issue("placeholders", checks.ERROR,
                                                 "the engine lost or duplicated protected text in every hypothesis",
                                                 locale=loc))
                elif keep:
                    to_memory.append((keys[(id(it), f.index, u_i)], out.text))
        return to_memory

    # ------------------------------------------------------------------ assembly
    def assemble(self, items: list[Item], result: RunResult, final_locales: dict[str, bool]) -> None:
        if not items:
            return
        model = self.engine.model_id if self.engine else "memory"
        ghash = self.glossary.hash if self.glossary else ""
        lang_todo: dict[str, list[tuple[Job, Segment, str]]] = {}  # per locale
        by_id: dict[int, dict[str, Segment]] = {}  # per resource, built once: access keys look up their labels
        for it in accesskeys.last(items):
            seg, job = it.segment, it.job
            if job.locale in self._no_model:
                continue  # no model: not even the entries without words ("`", "%s") are written
            st = result.stats[job.locale]
            new: list[str] = []
            failed: list[checks.Issue] = []
            for f in it.forms:
                failed += f.failed
                parts = self.joined(f)
                if f.sample is not None:  # "5 plików" -> "%d plików"; else the form before it, same source
                    back = [unsample(x, f.sample) for x in parts]
                    before = self.joined(it.forms[f.index - 1])
                    parts = [_cased_as(b, a) for b, a in zip(back, before)] if all(b is not None for b in back) \
                        else before
                if f.nodes is not None:
                    cats = plurals.categories(job.locale)
                    new.append(icu.rebuild(f.nodes, parts, cats))
                else:
                    new.append(parts[0] if parts else "")
            pipe_plural = job.resource.format == "json" and jsonfmt.is_pipe_plural(seg)
            if pipe_plural and new:
                new = [plurals.pipe_forms(new[0], job.locale)]  # Docusaurus: one form per CLDR category
            if accesskeys.is_accesskey(seg):  # not the engine's: a letter of the translated label
                ids = by_id.get(id(job.resource)) or by_id.setdefault(id(job.resource), job.resource.by_id())
                new = [accesskeys.derive(seg, ids) or (seg.targets or [seg.source])[0]]
            old = list(seg.targets)
            if not old and formats.falls_back_to_base(job.resource) and \
                    all(t in (seg.source, seg.source_plural) for t in new) and \
                    all(ev.path == confidence.COPY for f in it.forms for ev in f.evidence.values()):
                continue  # nothing in it to translate (an icon path, "%s × %s"): the base file answers
            if not any(t.strip() for t in new) and not (
                    any(t for t in new) and all(ev.path == confidence.CLDR for f in it.forms for ev in f.evidence.values())):
                # (a Rails delimiter is a space in French and Polish: CLDR's U+202F / U+00A0 is the answer)
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
                                 accelerator=job.accelerator,
                                 format_rules=checks.rules_for(seg.flags, fmt=job.resource.format),
                                 glossary=self.glossary.required(seg.source, job.locale) if self.glossary else [],
                                 machine=True, pipe_forms=job.resource.format == "json",
                                 formality=self.register(job.locale), max_chars=seg.max_chars,
                                 pipe_plural_forms=len(plurals.categories(job.locale)) if pipe_plural else None,
                                 debconf_choices=job.resource.format == "po"
                                 and is_debconf_choices(seg.developer_notes, seg.source))
            n_forms = len(it.categories) if it.categories else (job.n_forms if seg.source_plural is not None else None)
            # the language check runs for all entries at once below (parallel statistics)
            if ctx.pipe_plural_forms is not None:
                issues = failed + checks.check_pipe_plural(seg.source, new[0], ctx, ctx.pipe_plural_forms)
            else:
                issues = failed + checks.check_segment(seg.source, seg.source_plural, new, ctx, n_forms,
                                                       skip={"language"}, sources=seg.form_sources())
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
            if (errors or not gate_ok) and not formats.review_keeps_out_of_build(job.resource.format):
                # only PO's fuzzy keeps an entry out of the build: elsewhere a string that failed a check
                # is left out (the app falls back to the source) and listed for review, not shipped broken
                st.failed_checks += 1
                keep_source = formats.missing_breaks_app(job.resource) and not old
                result.review.append({"file": job.rel, "locale": job.locale, "key": seg.location,
                                      "source": seg.source, "target": new[0] if new else "",
                                      "reason": ("source text written instead: " if keep_source else "not written: ")
                                      + ("; ".join(i.message for i in errors) or "quality gate failed"),
                                      "confidence": conf})
                self.lock.forget(job.rel, job.locale, seg.id)  # not done: the next run tries (and reports) again
                if keep_source:  # a Mozilla DTD entity or string left out breaks the window: English does not
                    seg.targets = [seg.source] * max(len(new), 1)
                continue
            if self.glossary is not None and self.glossary.required(seg.source, job.locale):
                st.glossary_strings += 1
                st.glossary_compliant += self.glossary.complies(seg.source, new[-1], job.locale)
            seg.targets = new
            if seg.plural_categories and it.categories:
                seg.plural_categories = it.categories
            src_hash = seg.source_hash
            paths = {ev.path for f in it.forms for ev in f.evidence.values()}
            reused = bool(paths & confidence.REUSED) and paths <= confidence.REUSED | {confidence.COPY}
            nearly = confidence.NEAR in paths
            data = confidence.CLDR in paths and paths <= {confidence.CLDR, confidence.COPY}
            by = MEMORY_MODEL if reused else cldr.MODEL if data else model
            tail = FINAL_NOTE if final else REVIEW_NOTE
            note = (f"{MEMORY_NOTE_PREFIX}, a person's translation of the same "
                    f"{'words (another ending, capitals or context)' if nearly else 'text'} (src {src_hash}, confidence "
                    f"{conf:.2f}); {tail}" if reused else
                    f"{MT_NOTE_PREFIX} by {by} (src {src_hash}, confidence {conf:.2f}); {tail}")
            seg.translator_notes = [n for n in seg.translator_notes if not n.startswith(NOTE_PREFIXES)] + [note]
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
                                      or ("a person's translation from the memory" if reused
                                          else "machine translation"), "confidence": conf})
            self.lock.put(job.rel, job.locale, seg.id,
                          Record(src_hash, text_hash(new), by, ghash,
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
        # millions of objects that live to the end and almost no cyclic garbage: the collector (15% of a
        # 40k-entry run) is off for the run, after one collection of what reading left (parser cycles)
        enabled = gc.isenabled()
        gc.disable()
        try:
            return self._run_all(paths)
        finally:
            if enabled:
                # what the run built lives on: moved to the oldest generation at once, so the collector's
                # next young-generation pass does not traverse millions of objects (a second at 150k entries)
                gc.freeze()
                gc.unfreeze()
                gc.enable()

    def _run_all(self, paths: list[str] | None) -> RunResult:
        result = RunResult()  # the engine (and its model) loads only if something needs translating
        t0 = time.perf_counter()
        jobs = collect_jobs(self.settings, paths or [], self.opts, result)
        gc.collect()
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
        items = [it for job in jobs for it in select(job, self.lock, self.opts, self._glossary_stale)]
        result.items = items
        if items and not self.opts.dry_run and not self.opts.keep_going:
            self._writable_first(items)
        self.build_units(items)
        if items:
            self.collect_human(jobs)
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

    def write(self, jobs: list[Job], result: RunResult) -> None:
        """Write the changed files (writeback.py); the (file, locale) pairs written leave `_unwritten`."""
        from .writeback import write_jobs
        write_jobs(jobs, result, self.lock.path, self.opts, self._no_model, self._unwritten)
