"""Units whose translation is data, not language: CLDR's day, month, country and language names, strftime
date formats in the locale's order and a Rails file's number settings (cldr.py holds the data; this module decides which unit
is which and what the pipeline records for it: the text and its evidence, path CLDR or COPY)."""
from __future__ import annotations

from typing import Any

from . import cldr, confidence
from .protect import Masked, unmask


class Filler:
    """One per run: remembers, per resource, which abbreviations it lists (cldr.list_kinds)."""

    def __init__(self, glossary: Any = None) -> None:
        self.glossary = glossary
        self._lists: dict[int, frozenset[str]] = {}

    @staticmethod
    def setting(it: Any, m: Masked) -> tuple[str, confidence.Evidence] | None:
        """A Rails number setting (YAML `number.format.separator` "."): the locale's symbol."""
        if it.job.resource.format != "yaml" or not it.segment.key:
            return None
        found = cldr.rails_number(it.segment.key, m.original, it.job.locale)
        return (found, confidence.Evidence(m.original, path=confidence.CLDR)) if found is not None else None

    @staticmethod
    def is_date_format(it: Any, m: Masked) -> bool:
        """A strftime date format (not in a c-format entry, where %d is a number): never the engine's."""
        return cldr.is_date_format(m.original) and "c-format" not in it.segment.flags

    def data(self, it: Any, m: Masked) -> tuple[str, confidence.Evidence] | None:
        """A date format in the locale's order (copied when CLDR has no pattern for it), or a day or month
        name as CLDR writes it (unless a glossary term says otherwise); None for any other unit."""
        loc = it.job.locale
        if self.is_date_format(it, m):
            found = cldr.date_format(m.original, loc)
            return ((found, confidence.Evidence(m.original, path=confidence.CLDR)) if found is not None else
                    (unmask(m.text, m, loc).text, confidence.Evidence(m.original, path=confidence.COPY)))
        if m.cased or (cldr.kind_of(m.text) is None and cldr.place_of(m.text) is None):
            return None
        if self.glossary is not None and self.glossary.required(m.original, loc):
            return None
        res = it.job.resource
        lists = self._lists.get(id(res))
        if lists is None:
            lists = self._lists[id(res)] = cldr.list_kinds(s.source for s in res.segments)
        seg = it.segment
        known = lists | cldr.hinted(f"{seg.context or ''} {seg.key or ''}")
        found = cldr.name(m.text, loc, known) or cldr.place_name(m.text, loc, known)
        restored = unmask(found, m, loc) if found is not None else None
        if found is None or restored is None or not restored.ok:
            return None
        # CLDR's case as cldr.name() chose it (Dutch "maandag"), not the source's capital
        text = found if restored.text.lower() == found.lower() else restored.text
        return text, confidence.Evidence(m.original, path=confidence.CLDR)
