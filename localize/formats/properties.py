"""Java .properties resource bundles (java.util.Properties.load semantics).

ISO-8859-1 files with `\\uXXXX` escapes and UTF-8 files; `=`, `:` or whitespace between key and value;
continuation lines (a line ending in an odd number of backslashes); `#` and `!` comments (the comment
lines directly above a key are its translator notes).  `{0}` MessageFormat arguments are protected by
the pipeline; in a MessageFormat string (one with `{0}`-style arguments, or written with `''`) a single
quote is written `''`: segments hold the plain text ("Can't {0}") and writing doubles the quotes again,
so `''` stays consistent in every file.

A target file `Messages_de.properties` is paired with its source `Messages.properties` (config
`template`); missing keys are inserted after their closest preceding source key, a missing file is
created from the source file.  Only the values that changed are touched.
"""
from __future__ import annotations

import re
from collections import Counter

from ..errors import ParseError
from ..segments import Resource
from . import _keyed
from ._keyed import Entry, Handle, Slot

_WS = " \t\f"
_HEX_ESC_RE = re.compile(r"(?<!\\)(?:\\\\)*\\u([0-9A-Fa-f]{4})")
MF_ARG_RE = re.compile(r"\{\s*\d+\s*(?:,[^{}]*)?\}")


def _natural_lines(text: str) -> list[tuple[int, int, int]]:
    """(start, content end, end after the terminator) of every natural line."""
    out: list[tuple[int, int, int]] = []
    for m in re.finditer(r"([^\r\n]*)(\r\n|\r|\n|$)", text):
        if m.start() == len(text) and not m.group(0):
            break
        out.append((m.start(), m.end(1), m.end()))
    return out


def _continues(text: str, start: int, end: int) -> bool:
    n = 0
    i = end - 1
    while i >= start and text[i] == "\\":
        n += 1
        i -= 1
    return n % 2 == 1


def unescape(raw: str, path: str = "", line: int = 0) -> str:
    """The value of a raw key or value: escapes resolved, continuation line breaks removed."""
    out: list[str] = []
    i, n = 0, len(raw)
    while i < n:
        c = raw[i]
        if c != "\\":
            out.append(c)
            i += 1
            continue
        i += 1
        if i >= n:
            break
        c = raw[i]
        if c in "\r\n":  # continuation: the line break and the next line's leading whitespace vanish
            i += 2 if raw.startswith("\r\n", i) else 1
            while i < n and raw[i] in _WS:
                i += 1
            continue
        if c == "u":
            hexd = raw[i + 1:i + 5]
            if len(hexd) < 4 or not all(h in "0123456789abcdefABCDEF" for h in hexd):
                raise ParseError(path, f"malformed \\uXXXX escape: \\u{hexd}", line)
            out.append(chr(int(hexd, 16)))
            i += 5
            continue
        out.append({"t": "\t", "n": "\n", "r": "\r", "f": "\f"}.get(c, c))
        i += 1
    s = "".join(out)
    # \uD83D\uDE00 pairs: one character
    return s.encode("utf-16", "surrogatepass").decode("utf-16") if any("\ud800" <= ch <= "\udfff" for ch in s) else s


def escape(text: str, ascii_only: bool = True, latin1: bool = False, key: bool = False, upper: bool = False) -> str:
    """Raw .properties text for a value (or key): backslashes, control characters, a leading space and
    (for `ascii_only`, or characters past ISO-8859-1 in a `latin1` file) non-ASCII as \\uXXXX (`upper`:
    \\u00FC, as the file writes its escapes)."""
    hexfmt = "04X" if upper else "04x"
    out: list[str] = []
    for i, c in enumerate(text):
        if c == "\\":
            out.append("\\\\")
        elif c in "\t\n\r\f":
            out.append({"\t": "\\t", "\n": "\\n", "\r": "\\r", "\f": "\\f"}[c])
        elif c == " " and (i == 0 or key):
            out.append("\\ ")
        elif key and c in "=:#!":
            out.append("\\" + c)
        elif ord(c) > 0x7E and (ascii_only or (latin1 and ord(c) > 0xFF) or c in "\ufeff\u200b\u2028\u2029"):
            # invisible characters (a byte-order mark, which some readers drop, line separators) escaped
            data = c.encode("utf-16-be")
            out.extend(f"\\u{int.from_bytes(data[k:k + 2], 'big'):{hexfmt}}" for k in range(0, len(data), 2))
        else:
            out.append(c)
    return "".join(out)


def is_message_format(raw: str, file_uses_mf: bool = False) -> bool:
    """A MessageFormat pattern whose quotes are all doubled: `''` means one quote.  A string with `{0}`
    arguments is one; in a file that writes `''` anywhere (every string goes through MessageFormat,
    as in Xerces or Tomcat bundles) every string is."""
    if "'" in raw and "'" in raw.replace("''", ""):
        return False  # a lone quote: MessageFormat quoting ('{' literal) or plain text; left as it is
    return file_uses_mf or bool(MF_ARG_RE.search(raw)) or "''" in raw


def _parse(path: str, text: str) -> list[Entry]:
    entries: list[Entry] = []
    seen: dict[str, Entry] = {}
    comments: list[tuple[int, str]] = []   # attached comment lines: (start, text)
    lines = _natural_lines(text)
    i = 0
    while i < len(lines):
        start, cend, end = lines[i]
        body = text[start:cend].lstrip(_WS)
        if not body:
            comments = []
            i += 1
            continue
        if body[0] in "#!":
            comments.append((start, body[1:].strip()))
            i += 1
            continue
        first = i
        while _continues(text, lines[i][0], lines[i][1]) and i + 1 < len(lines):
            i += 1
        lstart, lend, lterm = start, lines[i][1], lines[i][2]
        kstart = lstart + (len(text[start:cend]) - len(body))
        line = line_no = first + 1
        # the key runs to the first unescaped separator
        j = kstart
        while j < lend:
            c = text[j]
            if c == "\\":
                j += 2
                continue
            if c in "=:" or c in _WS:
                break
            j += 1
        kend = min(j, lend)
        while j < lend and text[j] in _WS:
            j += 1
        if j < lend and text[j] in "=:":
            j += 1
        while j < lend and (text[j] in _WS or (text[j] == "\\" and text[j + 1:j + 2] in ("\n", "\r") )):
            if text[j] == "\\":  # a continuation right after the separator: the value starts on the next line
                j += 1
                j += 2 if text.startswith("\r\n", j) else 1
                continue
            j += 1
        key = unescape(text[kstart:kend], path, line_no)
        raw = unescape(text[j:lend], path, line_no)
        slot = Slot(id=key, value=raw, start=j, end=lend, line=line,
                    key=key, notes=[c for _s, c in comments if c], extra={"raw": raw, "sep_span": (kend, j)})
        bstart = comments[0][0] if comments else lstart
        entry = Entry(key=key, start=bstart, end=lterm, slots=[slot])
        if key in seen:  # Java keeps the last value; the earlier line is left alone
            seen[key].slots = []
            seen[key].key = f"{key}\0{seen[key].start}"
        seen[key] = entry
        entries.append(entry)
        comments = []
        i += 1
    _spread_notes(entries)
    file_mf = any("''" in s.extra["raw"] for e in entries for s in e.slots)
    for e in entries:
        for s in e.slots:
            s.extra["mf"] = mf = is_message_format(s.extra["raw"], file_mf)
            s.value = s.extra["raw"].replace("''", "'") if mf else s.extra["raw"]
            s.extra["plural_list"] = not mf and is_plural_list(s.value, s.notes)
    return entries


# "Note to translators: do not copy the 3 following keys in localized file" (Sweet Home 3D): a comment
# about the next N keys, which only the first of them carries
_NEXT_KEYS_RE = re.compile(r"\b(?:do not|don't|never)\b.*?\b(?:the\s+)?(?:(\d+|two|three|four|five|six|seven|"
                           r"eight|nine|ten)\s+)?(?:following|next)\s+(?:\w+\s+)?keys?\b", re.I)
_COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}


def _spread_notes(entries: list[Entry]) -> None:
    """A note about "the N following keys" is a note of each of them."""
    spread: list[tuple[int, int, str]] = []
    for i, e in enumerate(entries):  # read every note first: a spread note says nothing of the keys after
        for note in (e.slots[0].notes if e.slots else []):
            m = _NEXT_KEYS_RE.search(note)
            if m:
                n = m.group(1)
                spread.append((i, int(n) if n and n.isdigit() else _COUNTS.get((n or "").lower(), 1), note))
    for i, count, note in spread:
        for later in entries[i + 1:i + min(count, 20)]:
            for s in later.slots:
                if note not in s.notes:
                    s.notes.append(note)


_NUM_RE = re.compile(r"#[1-9]|%(?:\d\$)?[SsdD]")
_MOZILLA_RE = re.compile(r"%(?:\d\$)?S|(?<![\w&#])#[1-9](?!\w)")


def is_plural_list(value: str, notes: list[str]) -> bool:
    """A Mozilla PluralForm list: "#1 tab;#1 tabs", "Mark Folder Read;Mark Folders Read" - the English
    singular and plural joined by a semicolon with no space around it (prose writes "; "), whose forms
    share their start or their #1/%S numbers; or one a LOCALIZATION NOTE calls a plural list.  Firefox and
    Thunderbird ship their en-US files without comments, so the shape has to do."""
    if ";" not in value:
        return False
    forms = _keyed.split_list(value)
    if len(forms) != 2 or not all(f.strip() for f in forms) or not any(ch.isalpha() for ch in value):
        return False
    one, other = forms
    if any("plural" in n.lower() for n in notes):
        return True
    if one != one.rstrip() or other != other.lstrip() or "\n" in value:
        return False
    shared_start = len(one) >= 2 and other[:2].lower() == one[:2].lower()
    nums = sorted(_NUM_RE.findall(one)), sorted(_NUM_RE.findall(other))
    shared_number = bool(set(nums[0]) & set(nums[1]))
    return (shared_start and ":" not in one.split()[0]) or shared_number


def read(path: str, data: bytes, locale: str | None = None) -> Resource:
    try:
        text, encoding = data.decode("utf-8"), "utf-8"
        if text.startswith("\ufeff"):
            raise ParseError(path, "a byte-order mark is not allowed in a .properties file", 1)
    except UnicodeDecodeError:
        text, encoding = data.decode("latin-1"), "latin-1"
    entries = _parse(path, text)
    seps = Counter(text[a:b] for e in entries for s in e.slots for a, b in [s.extra["sep_span"]] if s.value)
    h = Handle(text=text, entries=entries, newline=_keyed.newline_of(text), encoding=encoding,
               style={"ascii": all(ord(c) < 128 for c in text)})
    if seps:
        h.style["sep"] = seps.most_common(1)[0][0]  # entries added to this file are written this way
    # \u00FC or \u00fc: new escapes follow the file's own spelling (Freeplane's bundles write capitals)
    digits = Counter("upper" if any(c in "ABCDEF" for c in m) else "lower" if any(c in "abcdef" for c in m) else ""
                     for m in _HEX_ESC_RE.findall(text))
    h.style["hexupper"] = digits["upper"] > digits["lower"]
    # Mozilla's string bundles (%S, %1$S, #1 plural numbers): a missing key is an exception, not a fallback
    h.style["mozilla"] = any(_MOZILLA_RE.search(s.value) for e in entries for s in e.slots)
    return _keyed.resource(path, "properties", locale, h)


def _encode(value: str, slot: Slot, h: Handle) -> str:
    if slot.extra.get("mf"):
        value = value.replace("'", "''")
    return escape(value, ascii_only=h.style.get("ascii", True), latin1=h.encoding == "latin-1",
                  upper=h.style.get("hexupper", False))


def _decode_target(src: Slot, tgt: Slot) -> str:
    raw = tgt.extra.get("raw", tgt.value)
    return raw.replace("''", "'") if src.extra.get("mf") and "'" not in raw.replace("''", "") else raw


def pair(source: Resource, target: Resource | None, path: str, locale: str) -> Resource:
    return _keyed.pair(source, target, path, locale, "properties", _decode_target)


def write(res: Resource) -> bytes:
    h: Handle = res.handle
    text = _keyed.write_text(res, _encode)
    try:
        return text.encode(h.encoding)
    except UnicodeEncodeError as exc:  # cannot happen: escape() covers what the encoding lacks
        raise ParseError(res.path, f"internal error: cannot encode as {h.encoding} ({exc})") from None
