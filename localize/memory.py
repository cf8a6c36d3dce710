"""Translation memory: sqlite3, keyed by source language, target locale, context and *masked* source.

Human translations (imported from catalogs) outrank machine ones; machine entries are also keyed by
the model that made them, so changing the model does not reuse old output.  Targets are stored
masked, so a hit is restored with the placeholders of the string at hand.
"""
from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS tm (
    src_lang   TEXT NOT NULL,
    tgt_locale TEXT NOT NULL,
    context    TEXT NOT NULL,
    source     TEXT NOT NULL,   -- masked source
    target     TEXT NOT NULL,   -- masked target
    origin     TEXT NOT NULL,   -- 'human' or 'machine'
    model      TEXT NOT NULL,   -- model id for machine entries, '' for human ones
    created    REAL NOT NULL,
    PRIMARY KEY (src_lang, tgt_locale, context, source, origin, model)
);
"""


LOOKUP_CHUNK = 500  # sources per lookup query (SQLite allows 999 parameters in older builds)


@dataclass(frozen=True, slots=True)
class Key:
    src_lang: str
    tgt_locale: str
    context: str
    source: str


class Memory:
    """`readonly` (dry runs, `memory stats`): the file is copied into a private in-memory database, so a
    run can still add to it (harvest, engine output) and nothing, not even the folder, is created."""

    def __init__(self, path: str | Path, readonly: bool = False) -> None:
        self.path = Path(path)
        self.readonly = readonly
        if readonly:
            self.db = sqlite3.connect(":memory:")
            if self.path.is_file():
                self._copy_in()
        else:
            try:
                if str(path) != ":memory:":
                    self.path.parent.mkdir(parents=True, exist_ok=True)
                self.db = sqlite3.connect(str(path))
                self.db.executescript(SCHEMA)
            except (OSError, sqlite3.Error) as exc:
                from .errors import WriteError
                raise WriteError(str(path), f"cannot open the translation memory: {exc}") from None
        if readonly:
            self.db.executescript(SCHEMA)
        elif str(path) != ":memory:":
            self.db.execute("PRAGMA journal_mode=WAL")

    def _copy_in(self) -> None:
        """Read the file without writing beside it: a read-only connection to a WAL database would
        create its -wal/-shm files, so a closed database is opened immutable."""
        from urllib.parse import quote
        live = Path(f"{self.path}-wal").exists()
        uri = f"file:{quote(str(self.path.resolve()))}?mode=ro" + ("" if live else "&immutable=1")
        try:
            src = sqlite3.connect(uri, uri=True)
            try:
                src.backup(self.db)
            finally:
                src.close()
        except sqlite3.DatabaseError as exc:
            from .errors import LocalizeError
            raise LocalizeError(f"{self.path}: cannot read the translation memory: {exc}") from None

    def close(self) -> None:
        self.db.commit()
        self.db.close()

    def __enter__(self) -> Memory:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def lookup_many(self, keys: Iterable[Key], model: str) -> dict[Key, tuple[str, str]]:
        """Best hit per key: (masked target, origin); human first, then this model's output."""
        out: dict[Key, tuple[str, str]] = {}
        best: dict[Key, tuple[bool, float]] = {}
        groups: dict[tuple[str, str, str], list[str]] = {}
        for k in keys:  # one query per LOOKUP_CHUNK sources of a (language, locale, context): the key's index
            groups.setdefault((k.src_lang, k.tgt_locale, k.context), []).append(k.source)
        cur = self.db.cursor()
        for (src_lang, locale, ctx), sources in groups.items():
            for i in range(0, len(sources), LOOKUP_CHUNK):
                part = sources[i:i + LOOKUP_CHUNK]
                rows = cur.execute(
                    "SELECT source, target, origin, created FROM tm WHERE src_lang=? AND tgt_locale=? AND context=? "
                    f"AND source IN ({','.join('?' * len(part))}) AND (origin='human' OR model=?)",
                    (src_lang, locale, ctx, *part, model)).fetchall()
                for source, target, origin, created in rows:
                    k = Key(src_lang, locale, ctx, source)
                    rank = (origin == "human", created)  # human first, then the newest
                    if k not in best or rank > best[k]:
                        best[k] = rank
                        out[k] = (target, origin)
        return out

    def near_many(self, keys: Iterable[Key]) -> dict[Key, str]:
        """A person's translation of a nearly identical text for each key the memory has none for
        (nearmatch.py: another final period, colon or ellipsis, other capitals), adapted to the key's own
        ending; from the key's own context first, else from any other (the same words in another msgctxt:
        people translate them alike 85% of the time on the test split's catalogs, and the engine never sees
        the context anyway).  Keys whose candidates disagree get none.  One scan of each locale's human rows."""
        from . import nearmatch
        wanted: dict[tuple[str, str], dict[str, list[Key]]] = {}
        for k in keys:
            wanted.setdefault((k.src_lang, k.tgt_locale), {}).setdefault(nearmatch.key(k.source), []).append(k)
        out: dict[Key, str] = {}
        cur = self.db.cursor()
        for (src_lang, locale), by_key in wanted.items():
            found: dict[str, list[tuple[str, str, str]]] = {}
            for ctx, source, target in cur.execute(
                    "SELECT context, source, target FROM tm WHERE src_lang=? AND tgt_locale=? AND origin='human'",
                    (src_lang, locale)):
                nk = nearmatch.key(source)
                if nk in by_key:
                    found.setdefault(nk, []).append((ctx, source, target))
            for nk, cands in found.items():
                for k in by_key[nk]:
                    own = [(s, t) for c, s, t in cands if c == k.context]
                    got = nearmatch.best(k.source, own, locale) if own else None
                    if got is None and not own:
                        got = nearmatch.best(k.source, [(s, t) for c, s, t in cands], locale)
                    if got is not None:
                        out[k] = got
        return out

    def add_many(self, rows: Iterable[tuple[Key, str]], origin: str, model: str = "") -> int:
        now = time.time()
        data = [(k.src_lang, k.tgt_locale, k.context, k.source, t, origin, model, now) for k, t in rows]
        try:
            self.db.executemany("INSERT OR REPLACE INTO tm VALUES (?,?,?,?,?,?,?,?)", data)
            self.db.commit()
        except sqlite3.Error as exc:
            from .errors import WriteError
            raise WriteError(str(self.path), f"cannot write the translation memory: {exc}") from None
        return len(data)

    def not_machine(self, rows: list[tuple[Key, str]]) -> list[tuple[Key, str]]:
        """`rows` less those the memory holds as some model's output (same source, context and target):
        a bundle's machine translation must never come back as a human one."""
        cur = self.db.cursor()
        return [(k, t) for k, t in rows if cur.execute(
            "SELECT 1 FROM tm WHERE src_lang=? AND tgt_locale=? AND context=? AND source=? AND target=? "
            "AND origin='machine' LIMIT 1", (k.src_lang, k.tgt_locale, k.context, k.source, t)).fetchone() is None]

    def stats(self) -> dict[str, int]:
        rows = self.db.execute("SELECT tgt_locale || ' ' || origin, COUNT(*) FROM tm GROUP BY 1").fetchall()
        return {k: v for k, v in rows}


def human_rows(segments: Iterable[Any], src_lang: str, locale: str, accel: str = "_&~", strict: bool = False,
               skip: Callable[[Any], bool] | None = None) -> list[tuple[Key, str]]:
    """Memory rows for the human translations among `segments`: translated, not fuzzy, not plural, not
    written by localize, masked as a pair (placeholders must match).  `strict` (the project's own files,
    harvested before a run) also leaves out ICU messages, multi-line entries and targets identical to the
    source (bundles often hold untranslated copies); `skip` drops more (our own output by lockfile)."""
    from .protect import mask_pair
    rows: list[tuple[Key, str]] = []
    for seg in segments:
        if seg.obsolete or seg.fuzzy or not seg.translated or seg.is_plural:
            continue
        if any(n.startswith("localize:") for n in seg.translator_notes):
            continue  # our own machine output is not a human translation
        if strict and (seg.kind != "text" or "\n" in seg.source or seg.targets[0].strip() == seg.source.strip()):
            continue
        if skip is not None and skip(seg):
            continue
        pair = mask_pair(seg.source, seg.targets[0], accel)
        if pair is not None:
            rows.append((Key(src_lang, locale, seg.context or "", pair[0]), pair[1]))
    return rows


def human_pairs(path: str | Path, locale: str | None = None) -> list[tuple[str, str, str]]:
    """(target locale, masked source, masked target) of the human entries, for model adaptation."""
    db = sqlite3.connect(str(path))
    try:
        q = "SELECT tgt_locale, source, target FROM tm WHERE origin='human'"
        rows = db.execute(q + (" AND tgt_locale=?" if locale else ""), (locale,) if locale else ()).fetchall()
    finally:
        db.close()
    return [(a, b, c) for a, b, c in rows]
