"""Apple / GNUstep .strings files: `"key" = "value";` pairs (keys may be unquoted), `/* */` and `//`
comments, escapes (`\\"`, `\\\\`, `\\n`, `\\t`, `\\U00E9`, octal), UTF-8 (with or without a byte-order
mark) and UTF-16 with a byte-order mark (what Xcode writes).

The comments directly above a pair are its translator notes.  A target `de.lproj/Localizable.strings`
is paired with the source `en.lproj/Localizable.strings` (config `template`); missing pairs are
inserted after their closest preceding source pair with the source's comments, a missing file is
created from the source file.  Only the values that changed are touched; encoding and BOM are kept.
"""
from __future__ import annotations

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
        """(value, raw start, raw end): the span excludes the quotes of a quoted string."""
        t = self.text
        if self.i < len(t) and t[self.i] == '"':
            j = self.i + 1
            while j < len(t) and t[j] != '"':
                j += 2 if t[j] == "\\" else 1
            if j >= len(t):
                raise self.fail("unterminated string")
            start, self.i = self.i + 1, j + 1
            return unescape(t[start:j]), start, j
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
        key, _ks, _ke = sc.string()
        sc.skip()
        if sc.i < len(text) and text[sc.i] == ";":  # "key"; : the value is the key
            raise sc.fail("a key without a value")
        if sc.i >= len(text) or text[sc.i] != "=":
            raise sc.fail("expected '=' after the key")
        sc.i += 1
        sc.skip()
        quoted = sc.i < len(text) and text[sc.i] == '"'
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
                    notes=[_comment_text(text[a:b]) for a, b in comments], extra={"quoted": quoted})
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
    raw = escape(value)
    return raw if slot.extra.get("quoted", True) else f'"{raw}"'


def pair(source: Resource, target: Resource | None, path: str, locale: str) -> Resource:
    return _keyed.pair(source, target, path, locale, "strings")


def write(res: Resource) -> bytes:
    h: Handle = res.handle
    text = _keyed.write_text(res, _encode)
    data = h.bom + text.encode(h.encoding)
    read(res.path, data)  # what we write must parse again: a bug here never reaches the disk
    return data
