"""Entries a run revisits without the engine: localize's own fuzzy output that now passes every
error-level check (promoted to final with --final), and human translations whose source text changed
since a run last saw them (reported as stale, never overwritten)."""
from __future__ import annotations

from typing import Any

from . import checks, formats
from .provenance import (FINAL_NOTE, NOTE_PREFIXES, REVIEW_NOTE, Lockfile, Record, is_human, localize_note, note_model,
                         text_hash)
from .segments import Segment


def promotable(seg: Segment, rec: Record | None) -> bool:
    """localize's fuzzy output for the current source, not edited since it was written."""
    if seg.obsolete or not (seg.fuzzy and seg.translated):
        return False
    note = localize_note(seg.translator_notes)
    if note is None or f"src {seg.source_hash}" not in note:
        return False  # a person's fuzzy entry, or a stale one (the engine redoes those)
    return rec is None or rec.tgt == text_hash(seg.targets)


def recorded_confidence(seg: Segment, rec: Record | None, locale: str) -> float:
    """The confidence localize gave an entry when it wrote it (lockfile, else the translator comment);
    for older output without one, the text-only estimate (confidence.py, engine signals unknown)."""
    import re

    from . import confidence
    if rec is not None and rec.confidence is not None:
        return float(rec.confidence)
    note = localize_note(seg.translator_notes) or ""
    m = re.search(r"confidence (\d(?:\.\d+)?)", note)
    if m:
        return float(m.group(1))
    return confidence.entry_confidence(seg.source, seg.targets[0] if seg.targets else "",
                                       [confidence.Evidence(seg.source, path=confidence.MEMORY)], locale)


def promote(jobs: list[Any], busy: set[tuple[str, str]], lock: Lockfile, glossary: Any,
            min_confidence: float = 0.0) -> dict[str, int]:
    """--final: localize's fuzzy entries (not in `busy`, the (file, id)s this run translates) that pass
    every error-level check and reach `min_confidence` lose their fuzzy flag; the lockfile records them
    final.  Per locale: how many."""
    out: dict[str, int] = {}
    for job in jobs:
        for seg in job.resource.segments:
            rec = lock.get(job.rel, job.locale, seg.id)
            if (job.rel, seg.id) in busy or not promotable(seg, rec):
                continue
            ctx = checks.Context(target_locale=job.locale, kind=seg.kind, machine=True,
                                 accelerator=job.accelerator,
                                 format_rules=checks.rules_for(seg.flags),
                                 glossary=glossary.required(seg.source, job.locale) if glossary else [])
            n_forms = (len(seg.plural_categories) if seg.plural_categories
                       else job.n_forms if seg.source_plural is not None else None)
            found = checks.check_segment(seg.source, seg.source_plural, seg.targets, ctx, n_forms, skip={"language"},
                                         sources=seg.form_sources())
            if any(i.severity == checks.ERROR for i in found):
                continue
            if recorded_confidence(seg, rec, job.locale) < min_confidence:
                continue
            seg.set_flag("fuzzy", False)
            seg.translator_notes = [n.replace(REVIEW_NOTE, FINAL_NOTE) if n.startswith(NOTE_PREFIXES) else n
                                    for n in seg.translator_notes]
            model = note_model(localize_note(seg.translator_notes) or "")
            rec = rec or Record(seg.source_hash, text_hash(seg.targets), model)
            rec.final = True
            lock.put(job.rel, job.locale, seg.id, rec)
            out[job.locale] = out.get(job.locale, 0) + 1
    return out


def stale_human(jobs: list[Any], lock: Lockfile) -> list[tuple[Any, Segment]]:
    """Human translations whose source changed since a run last saw them, in files whose entries are
    keyed by id rather than by source text (JSON and other monolingual formats; in PO a new msgid is a
    new entry and the merge marks the old translation fuzzy with its previous msgid).  The lockfile keeps
    (source hash, target hash) per human translation: a new target means a person revised it (the new
    pair is recorded); the same target under a new source is stale (reported on every run until
    revised)."""
    out: list[tuple[Any, Segment]] = []
    for job in jobs:
        if formats.is_bilingual(job.resource.format):
            continue
        for seg in job.resource.segments:
            if not is_human(seg, lock.get(job.rel, job.locale, seg.id)):
                continue
            src, tgt = seg.source_hash, text_hash(seg.targets)
            was = lock.seen(job.rel, job.locale, seg.id)
            if was is None or was[1] != tgt:
                lock.see(job.rel, job.locale, seg.id, src, tgt)
            elif was[0] != src:
                out.append((job, seg))
    return out
