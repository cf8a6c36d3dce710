"""Apple / GNUstep .strings files: `"key" = "value";` pairs (keys may be unquoted), `/* */` and `//`
comments, escapes (`\\"`, `\\\\`, `\\n`, `\\t`, `\\U00E9`, octal), UTF-8 (with or without a byte-order
mark) and UTF-16 with a byte-order mark (what Xcode writes).

A key followed directly by ";" (`"Cancel";`) is the strings-file shortcut for a value equal to the key
(CoreFoundation and Swift Foundation read it so; GNUstep reads an empty value): it is read as the key,
and a new value for it is written out as `"key" = "value";`.

The comments directly above a pair are its translator notes.  A target `de.lproj/Localizable.strings`
is paired with the source `en.lproj/Localizable.strings` (config `template`); missing pairs are
inserted after their closest preceding source pair with the source's comments, a missing file is
created from the source file.  Only the values that changed are touched; encoding and BOM are kept.
"""
from __future__ import annotations

import copy
import re

from ..errors import ParseError
from ..segments import Resource
from . import _keyed
from ._keyed import Entry, Handle, Slot

UNQUOTED_RE = re.compile(r"[A-Za-z0-9_.$:/\-]+")
_ESC = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v", '"': '"', "\\": "\\", "'": "'"}


def unescape(raw: str) -> str:
    out: list[str] = []
    i, n = 0, len(raw)
    while i < n:
        c = raw[i]
        if c != "\\" or i + 1 >= n:
            out.append(c)
            i += 1
            continue
        c = raw[i + 1]
        if c in "uU" and re.fullmatch(r"[0-9a-fA-F]{4}", raw[i + 2:i + 6]):
            out.append(chr(int(raw[i + 2:i + 6], 16)))
            i += 6
        elif c in "01234567":
            m = re.match(r"[0-7]{1,3}", raw[i + 1:])
            assert m
            out.append(chr(int(m.group(0), 8)))
            i += 1 + len(m.group(0))
        else:
            out.append(_ESC.get(c, c))
            i += 2
    s = "".join(out)
    return s.encode("utf-16", "surrogatepass").decode("utf-16") if any("\ud800" <= ch <= "\udfff" for ch in s) else s


def escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
            .replace("\r", "\\r"))


class _Scanner:
    def __init__(self, path: str, text: str) -> None:
        self.path, self.text, self.i = path, text, 0

    def fail(self, msg: str, pos: int | None = None) -> ParseError:
        return ParseError(self.path, msg, _keyed.line_of(self.text, self.i if pos is None else pos))

    def skip(self, comments: list[tuple[int, int]] | None = None) -> None:
        """Whitespace and comments; comments after the last blank line are collected (start, end)."""
        t = self.text
        while self.i < len(t):
            c = t[self.i]
            if c in " \t\r\n\ufeff":
                if c == "\n" and comments is not None and t[self.i + 1:].lstrip(" \t\r").startswith("\n"):
                    comments.clear()  # a blank line detaches the comments above it
                self.i += 1
            elif t.startswith("/*", self.i):
                end = t.find("*/", self.i + 2)
                if end < 0:
                    raise self.fail("unterminated /* comment")
                if comments is not None:
                    comments.append((self.i, end + 2))
                self.i = end + 2
            elif t.startswith("//", self.i):
                end = t.find("\n", self.i)
                end = len(t) if end < 0 else end
                if comments is not None:
                    comments.append((self.i, end))
                self.i = end
            else:
                return

    def string(self) -> tuple[str, int, int]:
        """(value, raw start, raw end): the span includes the quotes of a quoted string, so a value is
        replaced as a whole token (a bare `Undo = Deshacer;` value and a quoted one alike)."""
        t = self.text
        if self.i < len(t) and t[self.i] == '"':
            j = self.i + 1
            while j < len(t) and t[j] != '"':
                j += 2 if t[j] == "\\" else 1
            if j >= len(t):
                raise self.fail("unterminated string")
            start, self.i = self.i, j + 1
            return unescape(t[start + 1:j]), start, j + 1
        m = UNQUOTED_RE.match(t, self.i)
        if not m:
            raise self.fail(f"expected a quoted string, found {t[self.i:self.i + 10]!r}")
        self.i = m.end()
        return m.group(0), m.start(), m.end()


def _comment_text(raw: str) -> str:
    return raw[2:-2].strip() if raw.startswith("/*") else raw[2:].strip()


def _parse(path: str, text: str) -> list[Entry]:
    sc = _Scanner(path, text)
    entries: list[Entry] = []
    seen: dict[str, Entry] = {}
    while True:
        comments: list[tuple[int, int]] = []
        sc.skip(comments)
        if sc.i >= len(text):
            break
        kpos = sc.i
        key, _ks, ke = sc.string()
        sc.skip()
        shortcut = sc.i < len(text) and text[sc.i] == ";"
        if shortcut:  # "key"; : the value is the key
            value, vs, ve = key, ke, ke
        else:
            if sc.i >= len(text) or text[sc.i] != "=":
                raise sc.fail("expected '=' after the key")
            sc.i += 1
            sc.skip()
            value, vs, ve = sc.string()
            sc.skip()
            if sc.i >= len(text) or text[sc.i] != ";":
                raise sc.fail("expected ';' after the value")
        sc.i += 1
        # the block: whole lines, from the first attached comment to the end of the ';' line
        first = comments[0][0] if comments else kpos
        bstart = text.rfind("\n", 0, first) + 1
        if text[bstart:first].strip(" \t\ufeff"):
            bstart = first
        m = re.compile(r"[ \t]*(?://[^\n]*)?\r?\n?").match(text, sc.i)
        bend = m.end() if m else sc.i
        slot = Slot(id=key, value=value, start=vs, end=ve, line=_keyed.line_of(text, kpos), key=key,
                    notes=[_comment_text(text[a:b]) for a, b in comments], extra={"shortcut": shortcut})
        entry = Entry(key=key, start=bstart, end=bend, slots=[slot])
        if key in seen:
            seen[key].slots = []
            seen[key].key = f"{key}\0{seen[key].start}"
        seen[key] = entry
        entries.append(entry)
        sc.i = bend
    return entries


def read(path: str, data: bytes, locale: str | None = None) -> Resource:
    try:
        text, encoding, bom = _keyed.detect_text(data)
    except UnicodeDecodeError as exc:
        raise ParseError(path, f"not valid UTF-8 or UTF-16 ({exc.reason})",
                         data[: exc.start].count(b"\n") + 1) from None
    h = Handle(text=text, entries=_parse(path, text), newline=_keyed.newline_of(text), encoding=encoding, bom=bom)
    return _keyed.resource(path, "strings", locale, h)


def _encode(value: str, slot: Slot, h: Handle) -> str:
    """The whole value token.  `slot` may be the source file's slot for the same key (a target value
    spliced into the target's span), so nothing here may depend on how the slot itself was written."""
    return f'"{escape(value)}"'


def _explicit(h: Handle, path: str, slots: list[Slot]) -> Handle:
    """A copy of the handle whose `"key";` pairs among `slots` are written out as `"key" = "key";`, so a new
    value has a span of its own to go into; the file's other bytes are the same."""
    text = _keyed.splice(h.text, [(sl.start, sl.end, " = " + _encode(sl.value, sl, h)) for sl in slots])
    out = Handle(text=text, entries=_parse(path, text), newline=h.newline, encoding=h.encoding, bom=h.bom,
                 style=h.style, source=h.source)
    out.alias = {sid: out.slots[sl.id] for sid, sl in h.alias.items() if sl.id in out.slots}
    return out


def _for_writing(res: Resource) -> Resource:
    """`res` as write_text should see it: a target `"key";` pair that gets another value, and every
    `"key";` pair of the source file (whose lines a new entry or file copies), with an explicit value."""
    h: Handle = res.handle
    wanted = {s.id: (";".join(s.targets) if s.source_plural is not None else s.targets[0])
              for s in res.segments if s.targets and all(s.targets)}
    grow = [sl for sid, val in wanted.items() for sl in [h.slots.get(sid) or h.alias.get(sid)]
            if sl is not None and sl.extra.get("shortcut") and val != sl.extra.get("as_target", sl.value)]
    src = h.source
    src_short = [sl for sl in src.handle.slots.values() if sl.extra.get("shortcut")] if src is not None else []
    if not grow and not src_short:
        return res
    out = copy.copy(res)
    out.handle = _explicit(h, res.path, grow) if grow else copy.copy(h)
    if src_short:
        out.handle.source = copy.copy(src)
        out.handle.source.handle = _explicit(src.handle, src.path, src_short)
    return out


def pair(source: Resource, target: Resource | None, path: str, locale: str) -> Resource:
    return _keyed.pair(source, target, path, locale, "strings")


def write(res: Resource) -> bytes:
    h: Handle = res.handle
    text = _keyed.write_text(_for_writing(res), _encode)
    data = h.bom + text.encode(h.encoding)
    read(res.path, data)  # what we write must parse again: a bug here never reaches the disk
    return data
