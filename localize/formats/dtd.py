"""Mozilla DTD localization files (`browser.dtd`, Thunderbird's `messenger.dtd`): one
`<!ENTITY key "value">` per string, `<!-- LOCALIZATION NOTE ... -->` comments.

A value is kept as written: entity references (`&brandShortName;`, `&#x2026;`) are masked like any
entity; a quote of the value's own kind is written `&quot;` / `&apos;` (Mozilla's convention), a `%`
(which would start a parameter-entity reference) `&#037;`.  The comments directly above an entity are
its translator notes; a LOCALIZATION NOTE elsewhere that names the key in parentheses is one too.
Pairing, inserting missing entities and creating a missing file are the shared key/value machinery
(`_keyed`): untouched bytes stay untouched, and what is written must parse again.
"""
from __future__ import annotations

import re

from ..errors import ParseError
from ..protect import NOT_ENTITY
from ..segments import Resource
from . import _keyed
from ._keyed import Entry, Handle, Slot

_TOKEN_RE = re.compile(r"<!--(.*?)-->|<!ENTITY\s+(%\s+)?([\w.:-]+)\s+(?:\"([^\"]*)\"|'([^']*)')\s*>"
                       r"|<!ENTITY\s+%\s+[\w.:-]+\s+(?:SYSTEM|PUBLIC)\s[^>]*>|%[\w.:-]+;|<\?xml[^>]*\?>|(\S)", re.S)
_NOTE_KEYS_RE = re.compile(r"LOCALIZATION NOTE\s*\(([^)]*)\)")
_BARE_AMP_RE = re.compile("&" + NOT_ENTITY)  # "Save & Close": not XML


def _parse(path: str, text: str) -> list[Entry]:
    entries: list[Entry] = []
    seen: dict[str, Entry] = {}
    comments: list[tuple[int, str]] = []
    notes_for: dict[str, list[str]] = {}
    last_end = 0
    for m in _TOKEN_RE.finditer(text):
        if m.group(6) is not None:
            if text.startswith("<!", m.start()) or text.startswith("<?", m.start()):
                raise ParseError(path, "not an entity declaration (only <!ENTITY name \"value\"> and comments)",
                                 _keyed.line_of(text, m.start()))
            raise ParseError(path, f"unexpected {m.group(6)!r} outside an entity declaration",
                             _keyed.line_of(text, m.start()))
        if text[last_end:m.start()].count("\n") > 1:
            comments = []  # a blank line detaches the comments above it
        if m.group(1) is not None:
            body = " ".join(m.group(1).split())
            comments.append((m.start(), body))
            for group in _NOTE_KEYS_RE.findall(body):
                for key in re.split(r"[\s,]+", group.strip()):
                    if key:
                        notes_for.setdefault(key, []).append(body)
            last_end = m.end()
            continue
        last_end = m.end()
        if m.group(2) or m.group(3) is None:  # a parameter entity (%brandDTD;), its reference, a declaration
            comments = []
            continue
        key = m.group(3)
        quote = '"' if m.group(4) is not None else "'"
        vs = m.start(4) if m.group(4) is not None else m.start(5)
        ve = m.end(4) if m.group(4) is not None else m.end(5)
        value = text[vs:ve]
        notes = [c for _s, c in comments]
        notes += [n for n in notes_for.get(key, []) if n not in notes]
        first = comments[0][0] if comments else m.start()
        bstart = text.rfind("\n", 0, first) + 1
        if text[bstart:first].strip():
            bstart = first
        tail = re.compile(r"[ \t]*\r?\n?").match(text, m.end())
        bend = tail.end() if tail else m.end()
        slot = Slot(id=key, value=value, start=vs, end=ve, line=_keyed.line_of(text, m.start()), key=key,
                    notes=notes, extra={"quote": quote})
        entry = Entry(key=key, start=bstart, end=bend, slots=[slot])
        if key in seen:  # the first declaration of an entity wins in XML
            entry.slots = []
            entry.key = f"{key}\0{m.start()}"
        else:
            seen[key] = entry
        entries.append(entry)
        comments = []
    return entries


def read(path: str, data: bytes, locale: str | None = None) -> Resource:
    text = _keyed.decode_utf8(path, data)
    bom = ""
    if text.startswith("\ufeff"):
        bom, text = "\ufeff", text[1:]
    h = Handle(text=text, entries=_parse(path, text), newline=_keyed.newline_of(text), bom=bom.encode("utf-8"))
    return _keyed.resource(path, "dtd", locale, h)


def _encode(value: str, slot: Slot, h: Handle) -> str:
    quote = slot.extra.get("quote", '"')
    value = _BARE_AMP_RE.sub("&amp;", value).replace("%", "&#037;")
    return value.replace(quote, "&quot;" if quote == '"' else "&apos;")


def pair(source: Resource, target: Resource | None, path: str, locale: str) -> Resource:
    return _keyed.pair(source, target, path, locale, "dtd")


def write(res: Resource) -> bytes:
    h: Handle = res.handle
    data = h.bom + _keyed.write_text(res, _encode).encode("utf-8")
    try:
        read(res.path, data)
    except ParseError as exc:  # what we write must parse again: a bug here never reaches the disk
        raise ParseError(res.path, f"a translation would not parse as DTD ({exc.message}); nothing written",
                         exc.line) from None
    return data
