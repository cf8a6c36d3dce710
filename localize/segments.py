"""The data model: what a resource file holds, without any file syntax.

A `Resource` is one file (a catalog or a bundle) for one locale; it holds `Segment`s in file order.
Formats (localize.formats) turn files into Resources and write changed Segments back.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any


_CHAR_LIMIT_RE = re.compile(r"\bCHAR[ _-]?LIMIT\s*[=:]\s*(\d+)", re.I)


def char_limit(notes: list[str]) -> int | None:
    """The length limit a translator note states: AOSP's "[CHAR LIMIT=25]" (NONE: no limit)."""
    for n in notes:
        m = _CHAR_LIMIT_RE.search(n)
        if m and int(m.group(1)) > 0:
            return int(m.group(1))
    return None


@dataclass(slots=True)
class Segment:
    """One translatable unit.

    `id` is unique within its resource and stable across locales (PO: msgctxt + msgid;
    JSON: the key path, with the plural suffix removed for i18next plural groups).
    `targets` holds one string per plural form of the target locale ([] = untranslated);
    `plural_categories` names them for formats that key plurals by CLDR category (i18next).
    """

    id: str
    source: str
    source_plural: str | None = None
    context: str | None = None
    targets: list[str] = field(default_factory=list)
    plural_categories: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    developer_notes: list[str] = field(default_factory=list)   # extracted comments (#.)
    translator_notes: list[str] = field(default_factory=list)  # translator comments (# )
    previous_source: str | None = None                         # #| msgid
    references: list[str] = field(default_factory=list)        # #: file:line
    line: int | None = None                                    # 1-based line in the file
    key: str | None = None                                     # display key path (JSON)
    kind: str = "text"                                         # text | icu
    obsolete: bool = False
    source_zero: str | None = None    # an explicit count-0 form in every language (Rails `zero:`), not CLDR's
    max_chars: int | None = None      # a length limit the file states (AOSP "[CHAR LIMIT=25]", XLIFF maxwidth)

    @property
    def is_plural(self) -> bool:
        return self.source_plural is not None or len(self.plural_categories) > 1

    @property
    def translated(self) -> bool:
        return bool(self.targets) and all(t != "" for t in self.targets)

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def location(self) -> str:
        if self.key is not None:
            return self.key
        return f"{self.line}" if self.line is not None else self.id

    @property
    def source_hash(self) -> str:
        """Hash of everything that defines the source text (used for staleness)."""
        h = hashlib.sha256()
        for part in (self.context or "", self.source, self.source_plural or ""):
            h.update(part.encode("utf-8"))
            h.update(b"\0")
        if self.source_zero is not None:
            h.update(b"zero\0" + self.source_zero.encode("utf-8"))
        return h.hexdigest()[:16]

    def form_sources(self) -> list[str] | None:
        """The source text each target form translates when the forms include an explicit zero (Rails
        `zero:`); None otherwise (form 0 translates the singular, the others the plural)."""
        if self.source_zero is None or not self.plural_categories:
            return None
        plural = self.source_plural or self.source
        return [self.source_zero if c == "zero" else self.source if c == "one" else plural
                for c in self.plural_categories]

    def set_flag(self, flag: str, on: bool = True) -> None:
        if on and flag not in self.flags:
            if flag == "fuzzy":  # gettext writes fuzzy first
                self.flags.insert(0, flag)
            else:
                self.flags.append(flag)
        elif not on and flag in self.flags:
            self.flags.remove(flag)


@dataclass
class Resource:
    """One file for one locale.  `handle` is the format's private state for lossless writing."""

    path: str
    format: str
    locale: str | None
    segments: list[Segment] = field(default_factory=list)
    header: dict[str, str] = field(default_factory=dict)
    handle: Any = None
    exists: bool = True

    def by_id(self) -> dict[str, Segment]:
        return {s.id: s for s in self.segments}

    @property
    def active(self) -> list[Segment]:
        return [s for s in self.segments if not s.obsolete]
