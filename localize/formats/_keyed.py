"""Shared machinery of the line-oriented key/value formats (Java .properties, Apple .strings, Fluent .ftl).

An adapter parses a file into `Entry` blocks (one key with its attached comments, the whole lines it
occupies) holding `Slot`s: the spans of raw text that carry a translatable value.  From there on
everything is shared:

* `resource()` turns a parsed file into a Resource (a file read on its own: check, round trip);
* `pair()` gives the target-locale Resource for a source file (source texts from the source file,
  targets from the target file by id; target None creates the file);
* `write()` splices changed values into the original text, inserts entries the target lacks after
  their closest preceding source-order neighbour (the source entry's own lines, its values replaced),
  and creates a missing file from the source file's text with untranslated entries left out, so
  untouched bytes stay untouched.

The adapter supplies `encode(text, slot, handle) -> raw` (escaping for its syntax) and `to_bytes`.
"""
from __future__ import annotations

import codecs
from dataclasses import dataclass, field
from typing import Callable

from ..errors import ParseError
from ..protect import ENTITY_RE
from ..segments import Resource, Segment


@dataclass
class Slot:
    id: str
    value: str                      # decoded text
    start: int                      # raw span of the value in the file's text
    end: int
    line: int
    key: str | None = None          # display key
    notes: list[str] = field(default_factory=list)
    kind: str = "text"
    extra: dict = field(default_factory=dict)  # format-specific facts (MessageFormat quoting, indent)


@dataclass
class Entry:
    key: str
    start: int                      # first line of the block (attached comments included)
    end: int                        # after the block's last line terminator (or end of text)
    slots: list[Slot] = field(default_factory=list)


@dataclass
class Handle:
    text: str
    entries: list[Entry]
    newline: str = "\n"
    encoding: str = "utf-8"
    bom: bytes = b""
    style: dict = field(default_factory=dict)   # format-specific writing style
    source: Resource | None = None
    slots: dict[str, Slot] = field(default_factory=dict)
    keys: dict[str, Entry] = field(default_factory=dict)
    alias: dict[str, Slot] = field(default_factory=dict)  # source slot id -> the target slot standing for it

    def __post_init__(self) -> None:
        for e in self.entries:
            self.keys[e.key] = e
            for s in e.slots:
                self.slots[s.id] = s


Encoder = Callable[[str, Slot, Handle], str]


def detect_text(data: bytes) -> tuple[str, str, bytes]:
    """(text, encoding, bom) for UTF-8/UTF-16 files with or without a byte-order mark."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(enc), enc, bom
    if len(data) >= 2 and data[0] == 0 and data[1] != 0:
        return data.decode("utf-16-be"), "utf-16-be", b""
    if len(data) >= 2 and data[1] == 0 and data[0] != 0:
        return data.decode("utf-16-le"), "utf-16-le", b""
    return data.decode("utf-8"), "utf-8", b""


def decode_utf8(path: str, data: bytes) -> str:
    """`data` as UTF-8 text; bytes that are not are an error naming the line."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ParseError(path, "not valid UTF-8", data[: exc.start].count(b"\n") + 1) from None


def line_of(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def newline_of(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def resource(path: str, fmt: str, locale: str | None, h: Handle) -> Resource:
    """A file read on its own: each slot is a segment whose source and target are its own text."""
    res = Resource(path=path, format=fmt, locale=locale, handle=h)
    for e in h.entries:
        for s in e.slots:
            res.segments.append(Segment(id=s.id, source=s.value, key=s.key or s.id, line=s.line, kind=s.kind,
                                        developer_notes=list(s.notes), targets=[s.value] if s.value else []))
    return res


# A key a translation file holds with an empty value is a person's choice there, not a string to translate:
# Mozilla's DTD and .properties files leave a word empty where their word order has no place for it
# (Thunderbird's Polish and Japanese calendar dialogs), and Java shows an empty value as it is (it falls
# back to the base bundle only for a missing key).
KEPT_EMPTY = "kept-empty"
KEPT_EMPTY_FORMATS = frozenset({"dtd", "properties"})


def pair(source: Resource, target: Resource | None, path: str, locale: str, fmt: str,
         decode_target: Callable[[Slot, Slot], str] | None = None,
         counterpart: Callable[[Slot, Handle], Slot | None] | None = None) -> Resource:
    """The target-locale resource for `source`.  `decode_target(source_slot, target_slot)` gives a target
    value read in the light of its source (MessageFormat quoting); default: the target slot's value.
    `counterpart(source_slot, target_handle)`: the target's slot for a source slot whose id it lacks
    (Fluent: a Polish message has [few] and *[many] where the English one has *[other])."""
    sh: Handle = source.handle
    th: Handle | None = target.handle if target is not None else None
    handle = th or Handle(text="", entries=[], newline=sh.newline, encoding=sh.encoding, bom=sh.bom, style=dict(sh.style))
    handle.source = source
    res = Resource(path=path, format=fmt, locale=locale, handle=handle, exists=target is not None)
    for e in sh.entries:
        for s in e.slots:
            t = th.slots.get(s.id) if th else None
            if t is None and th is not None and counterpart is not None:
                t = counterpart(s, th)
                if t is not None:
                    th.alias[s.id] = t
            val = (decode_target(s, t) if decode_target else t.value) if t is not None else ""
            if t is not None:
                t.extra["as_target"] = val
            seg = Segment(id=s.id, source=s.value, key=s.key or s.id, kind=s.kind, developer_notes=list(s.notes),
                          line=t.line if t else None, targets=[val] if val else [])
            if s.extra.get("plural_list"):  # Mozilla "#1 tab;#1 tabs": one target per plural form
                seg.source, seg.source_plural = split_list(s.value)
                seg.targets = split_list(val) if val else []
            elif t is not None and val == "" and s.value and fmt in KEPT_EMPTY_FORMATS:
                seg.set_flag(KEPT_EMPTY)  # the person's empty value ("of" that Polish word order leaves out)
            res.segments.append(seg)
    return res


def split_list(value: str) -> list[str]:
    """The forms of a Mozilla plural list ("#1 tab;#1 tabs"): split at semicolons that do not end an
    entity ("&lt;")."""
    blanked = ENTITY_RE.sub(lambda m: "_" * len(m.group(0)), value)
    cuts = [i for i, ch in enumerate(blanked) if ch == ";"]
    return [value[a + 1:b] for a, b in zip([-1] + cuts, cuts + [len(value)])]


def splice(text: str, edits: list[tuple[int, int, str]]) -> str:
    """Apply (start, end, replacement) edits, from the end so earlier offsets stay valid."""
    for start, end, new in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        text = text[:start] + new + text[end:]
    return text


def _block(src: Handle, e: Entry, wanted: dict[str, str], encode: Encoder, into: Handle) -> str:
    """The source entry's lines with its values replaced by the wanted targets."""
    edits = [(s.start - e.start, s.end - e.start, encode(wanted[s.id], s, into)) for s in e.slots if s.id in wanted]
    sep = into.style.get("sep")  # the target file's own key/value separator (" = " in Mozilla's langpacks)
    if sep is not None:
        edits += [(a - e.start, b - e.start, sep) for s in e.slots for a, b in [s.extra.get("sep_span", (0, 0))]
                  if b > a]
    block = splice(src.text[e.start:e.end], edits)
    if into.newline != src.newline:
        block = block.replace(src.newline, into.newline)
    return block


def write_text(res: Resource, encode: Encoder) -> str:
    h: Handle = res.handle
    wanted = {s.id: ";".join(s.targets) if s.source_plural is not None else s.targets[0]
              for s in res.segments if s.targets and s.targets[0] != "" and all(s.targets)}
    if h.source is None:  # a file read on its own: values edited in place
        return splice(h.text, [(sl.start, sl.end, encode(wanted[sl.id], sl, h)) for sl in h.slots.values()
                               if sl.id in wanted and wanted[sl.id] != sl.value])
    sh: Handle = h.source.handle
    # an entry is written once each value is translated; an empty source value is complete as it is (a DTD
    # entity left out of a file is an error for the window that uses it)
    complete = [e for e in sh.entries if all(s.id in wanted or not s.value for s in e.slots)]
    if not h.text and not h.entries:  # a new file: the source file's text without untranslated entries
        edits: list[tuple[int, int, str]] = []
        done = {id(e) for e in complete}
        for e in sh.entries:
            if id(e) not in done:
                edits.append((e.start, e.end, ""))
            else:
                edits.extend((s.start, s.end, encode(wanted[s.id], s, h)) for s in e.slots if s.id in wanted)
        text = splice(sh.text, edits)
        return text.replace(sh.newline, h.newline) if h.newline != sh.newline else text
    edits = []
    spans: set[int] = set()
    for sid, val in wanted.items():
        t = h.slots.get(sid) or h.alias.get(sid)
        if t is not None and _current(res, sid, t) != val and t.start not in spans:  # one edit per target slot
            spans.add(t.start)
            edits.append((t.start, t.end, encode(val, h.source.handle.slots.get(sid, t), h)))
    # entries the target lacks, after their closest preceding source entry that the target has
    order = [e.key for e in sh.entries]
    pending: dict[int, list[str]] = {}
    for i, e in enumerate(sh.entries):
        if e.key in h.keys or e not in complete:
            continue
        anchor = next((h.keys[order[j]] for j in range(i - 1, -1, -1) if order[j] in h.keys), None)
        if anchor is not None:
            pos = anchor.end
        elif h.entries:
            pos = min(x.start for x in h.entries)
        else:
            pos = len(h.text)
        gap = sh.text[sh.entries[i - 1].end:e.start] if i else ""
        gap = gap.replace(sh.newline, h.newline) if gap and not gap.strip() else ""  # the source's blank lines
        pending.setdefault(pos, []).append(gap + _block(sh, e, wanted, encode, h))
    for pos, blocks in pending.items():
        add = "".join(b if b.endswith(h.newline) else b + h.newline for b in blocks)
        if pos > 0 and not h.text[:pos].endswith(("\n", "\r")):
            add = h.newline + add.removesuffix(h.newline)
        edits.append((pos, pos, add))
    return splice(h.text, edits)


def _current(res: Resource, sid: str, t: Slot) -> str:
    """The target slot's value as the pair read it (a segment whose target was not edited)."""
    return t.extra.get("as_target", t.value)
