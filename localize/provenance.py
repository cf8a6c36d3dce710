"""Provenance of machine translations: a lockfile (.localize/lock.json) records, per file, locale and
segment, the source hash, the hash of what was written, the model, the glossary and the decoding
parameters.  It tells a stale machine translation (source changed) from a human edit (target
changed) and lets a re-run with nothing changed skip the engine entirely."""
from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

from .formats._io import atomic_write

MT_NOTE_PREFIX = "localize: machine translation"
MEMORY_NOTE_PREFIX = "localize: from the translation memory"  # a person's translation of the same text, reused
NOTE_PREFIXES = (MT_NOTE_PREFIX, MEMORY_NOTE_PREFIX)
REVIEW_NOTE = "review before release"  # how a note ends on a fuzzy entry ...
FINAL_NOTE = "final: passed every check at its confidence"  # ... and on one --final made final
MEMORY_MODEL = "memory"  # the lockfile's model for a reused human translation


def localize_note(notes: list[str]) -> str | None:
    """localize's own translator comment among `notes` (machine translation or memory reuse), if any."""
    return next((n for n in notes if n.startswith(NOTE_PREFIXES)), None)


def note_model(note: str) -> str:
    """The model a localize comment names ("memory" for a reused human translation)."""
    if note.startswith(MEMORY_NOTE_PREFIX):
        return MEMORY_MODEL
    return note.split(" by ")[-1].split(" ")[0]


def text_hash(texts: list[str]) -> str:
    h = hashlib.sha256()
    for t in texts:
        h.update(t.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()[:16]


@dataclass(slots=True)
class Record:
    src: str        # Segment.source_hash when translated
    tgt: str        # text_hash(targets) as written
    model: str
    glossary: str = ""
    params: str = ""
    final: bool = False
    confidence: float | None = None   # confidence.py's P(acceptable) when it was written


RECORD_FIELDS = tuple(f.name for f in fields(Record))
_SORTED_FIELDS = tuple(sorted(RECORD_FIELDS))


@lru_cache(maxsize=256)
def _json_str(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _record_json(rec: dict[str, Any]) -> str:
    """json.dumps(rec, ensure_ascii=False, sort_keys=True), written out directly for a record of the
    usual shape (the lockfile of a big project has one per string; json.dumps per record was most of
    its save); anything else goes through json.dumps."""
    if tuple(rec) != RECORD_FIELDS and tuple(sorted(rec)) != _SORTED_FIELDS:
        return json.dumps(rec, ensure_ascii=False, sort_keys=True)
    c, f = rec["confidence"], rec["final"]
    strings = [rec[k] for k in ("glossary", "model", "params", "src", "tgt")]
    if not (c is None or type(c) is float) or type(f) is not bool or any(type(x) is not str for x in strings):
        return json.dumps(rec, ensure_ascii=False, sort_keys=True)
    conf = "null" if c is None else (repr(c) if math.isfinite(c) else json.dumps(c))
    g, m, p, s, t = (f'"{x}"' if x.isascii() and x.isalnum() else _json_str(x) for x in strings)  # hashes
    return (f'{{"confidence": {conf}, "final": {"true" if f else "false"}, "glossary": {g}, "model": {m}, '
            f'"params": {p}, "src": {s}, "tgt": {t}}}')


def is_human(seg: Any, rec: Record | None) -> bool:
    """A translation a person wrote: translated, not fuzzy, without localize's note, and not the text
    the lockfile says localize wrote (a JSON bundle has no notes: the lockfile is its only mark)."""
    if not seg.translated or seg.fuzzy or seg.obsolete:
        return False
    if any(n.startswith("localize:") for n in seg.translator_notes):
        return False
    return rec is None or rec.tgt != text_hash(seg.targets)


class Lockfile:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.data: dict[str, dict[str, dict[str, dict[str, object]]]] = {}
        # human translations seen (JSON and other key-based formats): file -> locale -> id -> [src, tgt]
        self.human: dict[str, dict[str, dict[str, list[str]]]] = {}
        self.dirty = False
        if path.exists():
            try:
                raw = json.loads(path.read_text("utf-8"))
                self.data, self.human = raw.get("entries", {}), raw.get("human", {})
            except (json.JSONDecodeError, UnicodeDecodeError, AttributeError):
                self.data = {}  # a broken lockfile only costs a re-check, never a translation

    def get(self, file: str, locale: str, seg_id: str) -> Record | None:
        raw = self.data.get(file, {}).get(locale, {}).get(seg_id)
        if not isinstance(raw, dict):
            return None
        try:
            return Record(**raw)  # type: ignore[arg-type]
        except TypeError:
            return None

    def put(self, file: str, locale: str, seg_id: str, rec: Record) -> None:
        self.data.setdefault(file, {}).setdefault(locale, {})[seg_id] = {f: getattr(rec, f) for f in RECORD_FIELDS}
        self.dirty = True

    def section(self, file: str, locale: str) -> dict[str, dict[str, object]]:
        """A copy of one file's records for one locale, to restore if that file is not written."""
        return dict(self.data.get(file, {}).get(locale, {}))

    def restore(self, file: str, locale: str, saved: dict[str, dict[str, object]]) -> None:
        """Put back `section()`'s copy: the lockfile records only output that reached the disk."""
        if self.data.get(file, {}).get(locale, {}) == saved:
            return
        if saved:
            self.data.setdefault(file, {})[locale] = dict(saved)
        else:
            self.data.get(file, {}).pop(locale, None)
            if file in self.data and not self.data[file]:
                del self.data[file]
        self.dirty = True

    def forget(self, file: str, locale: str, seg_id: str) -> None:
        if self.data.get(file, {}).get(locale, {}).pop(seg_id, None) is not None:
            self.dirty = True

    def seen(self, file: str, locale: str, seg_id: str) -> tuple[str, str] | None:
        """(source hash, target hash) of a human translation when a run last recorded it."""
        raw = self.human.get(file, {}).get(locale, {}).get(seg_id)
        return (raw[0], raw[1]) if isinstance(raw, list) and len(raw) == 2 else None

    def see(self, file: str, locale: str, seg_id: str, src: str, tgt: str) -> None:
        self.human.setdefault(file, {}).setdefault(locale, {})[seg_id] = [src, tgt]
        self.dirty = True

    def save(self) -> None:
        if not self.dirty:
            return
        # streamed line by line: a lockfile of 150k records never exists as one string in memory
        atomic_write(self.path, (line.encode() + b"\n" for line in self.lines()))
        self.dirty = False

    def dumps(self) -> str:
        return "\n".join(self.lines()) + "\n"

    def lines(self) -> Iterator[str]:
        """Sorted JSON, one record per line: diffs of a committed lockfile stay one line per string
        (and the C encoder does the work; indent= would switch json to its slow pure-Python path)."""
        def key(k: str) -> str:
            return json.dumps(k, ensure_ascii=False)

        def section(data: dict[str, Any]) -> Iterator[str]:
            files = sorted(data)
            for fi, file in enumerate(files):
                yield f" {key(file)}: {{"
                locales = sorted(data[file])
                for li, loc in enumerate(locales):
                    yield f"  {key(loc)}: {{"
                    recs = data[file][loc]
                    ids = sorted(recs)
                    for ri, sid in enumerate(ids):
                        body = _record_json(recs[sid])
                        yield f"   {key(sid)}: {body}" + ("," if ri < len(ids) - 1 else "")
                    yield "  }" + ("," if li < len(locales) - 1 else "")
                yield " }" + ("," if fi < len(files) - 1 else "")

        yield '{"version": 1, "entries": {'
        yield from section(self.data)
        if self.human:
            yield '}, "human": {'
            yield from section(self.human)
        yield "}}"
