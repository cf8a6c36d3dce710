"""Provenance of machine translations: a lockfile (.localize/lock.json) records, per file, locale and
segment, the source hash, the hash of what was written, the model, the glossary and the decoding
parameters.  It tells a stale machine translation (source changed) from a human edit (target
changed) and lets a re-run with nothing changed skip the engine entirely."""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from .formats._io import atomic_write

MT_NOTE_PREFIX = "localize: machine translation"


def text_hash(texts: list[str]) -> str:
    h = hashlib.sha256()
    for t in texts:
        h.update(t.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()[:16]


@dataclass
class Record:
    src: str        # Segment.source_hash when translated
    tgt: str        # text_hash(targets) as written
    model: str
    glossary: str = ""
    params: str = ""
    final: bool = False


class Lockfile:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.data: dict[str, dict[str, dict[str, dict[str, object]]]] = {}
        self.dirty = False
        if path.exists():
            try:
                self.data = json.loads(path.read_text("utf-8")).get("entries", {})
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
        self.data.setdefault(file, {}).setdefault(locale, {})[seg_id] = asdict(rec)
        self.dirty = True

    def save(self) -> None:
        if not self.dirty:
            return
        payload = {"version": 1, "entries": self.data}
        atomic_write(self.path, (json.dumps(payload, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode())
        self.dirty = False
