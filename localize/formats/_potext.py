"""Reading a PO catalog's bytes before polib sees them (po.py): the declared charset (and bytes that
contradict it), what msgfmt rejects and polib would accept silently, and the catalog's locale from its
Language header or its file name.  No polib here: po.py stays its only importer."""
from __future__ import annotations

import codecs
import re

from .. import plurals
from ..errors import ParseError

CHARSET_RE = re.compile(rb"charset=([A-Za-z0-9_.:-]+)")


def decode(path: str, data: bytes) -> tuple[str, str]:
    """(text, charset) of a catalog's bytes (a UTF-8 byte-order mark set aside), as its Content-Type
    header declares; an unknown charset or bytes that are not that charset are a located error."""
    if data.startswith(codecs.BOM_UTF8):  # kept aside: write() puts it back
        data = data[len(codecs.BOM_UTF8):]
    m = CHARSET_RE.search(data[:4000])
    enc = m.group(1).decode("ascii") if m else "utf-8"
    if enc.upper() == "CHARSET":  # an unfilled POT header
        enc = "utf-8"
    try:
        codecs.lookup(enc)
    except LookupError:
        line = data[: m.start()].count(b"\n") + 1 if m else 1
        raise ParseError(path, f"unknown charset {enc!r} in the Content-Type header", line) from None
    try:
        text = data.decode(enc)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ParseError(path, f"not valid {enc} (declared charset): byte {data[exc.start]:#04x}", line) from None
    _charset_contradiction(path, data, enc, data[: m.start()].count(b"\n") + 1 if m else 1)
    return text, enc


# UTF-8 encodings of Latin letters, Latin-1 symbols and typographic punctuation: in a file declared in a
# single-byte Western charset they read as mojibake ("Ã©", "Â©", "â€™"), never as intended text
_UTF8_IN_WESTERN_RE = re.compile(rb"[\xc3][\x80-\xbf]|[\xc2][\xa0-\xbf]|\xe2\x80[\x90-\xbf]|\xe2\x82\xac")
_WESTERN = {"iso8859-1", "iso8859-15", "cp1252", "iso8859-9", "cp1250", "iso8859-2"}


def _charset_contradiction(path: str, data: bytes, enc: str, header_line: int) -> None:
    """A catalog declared in a non-UTF-8 charset whose bytes are UTF-8 (all of them, or some pasted in)
    would be read as mojibake, harvested into the memory as "human" and written back in mixed
    encodings: a located error instead."""
    name = codecs.lookup(enc).name
    if name == "utf-8" or data.isascii():
        return
    try:
        data.decode("utf-8")
        whole = True
    except UnicodeDecodeError:
        whole = False
    if whole:
        first = next(i for i, b in enumerate(data) if b > 127)
    else:
        hit = _UTF8_IN_WESTERN_RE.search(data) if name in _WESTERN else None
        if hit is None:
            return
        first = hit.start()
    line = data[:first].count(b"\n") + 1
    what = "the bytes are UTF-8" if whole else "it contains UTF-8 text"
    raise ParseError(path, f"declared charset {enc} (line {header_line}) but {what} (first at line {line}): "
                           "fix the Content-Type header's charset or re-encode the file", line)


LOCALE_NAME_RE = re.compile(r"^[a-z]{2,3}(?:[_-](?:[A-Za-z]{2,4}|\d{3})){0,3}(?:@\w+)?$")  # zh_Hant_HK, es_419, uz_UZ_Cyrl


def guess_locale(path: str) -> str | None:
    """The locale a catalog's file name implies (po/de.po, de_AT.po), or None."""
    stem = re.split(r"[\\/]", path)[-1].rsplit(".", 1)[0]
    return plurals.normalize(stem) if LOCALE_NAME_RE.match(stem) else None


def header_locale(value: str | None) -> str | None:
    """The Language header as a locale, when it is one ("de", "pt_BR", "sr@latin", or a language name
    such as "German"); a typo ("Japanease", debhelper's ja.po) or free text gives None, and the file
    name (ja.po) decides."""
    v = (value or "").strip()
    if not v:
        return None
    return v if LOCALE_NAME_RE.match(v) else plurals.from_language_name(v)



_KEYWORD_LINE = re.compile(r'^(?:msgctxt|msgid|msgid_plural|msgstr|msgstr\[\d+\])\s+"(?:[^"\\]|\\.)*"\s*$')
_STRING_LINE = re.compile(r'^\s*"(?:[^"\\]|\\.)*"\s*$')


_ESCAPE_RE = re.compile(r'\\(.)')
_VALID_ESCAPES = set('\\"ntrabfv?\'01234567x')


def check_syntax(path: str, text: str) -> None:
    """Reject what polib would silently accept and msgfmt would not: unterminated strings, stray
    text, unknown keywords, invalid escapes, an entry without msgstr, msgstr[n] without msgid_plural
    (or the reverse)."""
    state, entry_line, plural = "start", 0, False

    def fail(msg: str, line: int) -> None:
        raise ParseError(path, f"syntax error: {msg}", line)

    for n, line in enumerate(text.split("\n"), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if not (_KEYWORD_LINE.match(stripped) or _STRING_LINE.match(stripped)):
            if stripped.count('"') % 2 == 1 or not stripped.endswith('"'):
                fail("unterminated string", n)
            fail(f"unexpected {stripped[:30]!r}", n)
        literal = stripped[stripped.index('"'):]
        for m in _ESCAPE_RE.finditer(literal):
            if m.group(1) not in _VALID_ESCAPES:
                fail(f"invalid escape sequence '\\{m.group(1)}'", n)
        kw = stripped.split(None, 1)[0] if not stripped.startswith('"') else ""
        if kw == "":
            if state == "start":
                fail("a string outside any entry", n)
        elif kw == "msgctxt":
            if state in ("msgctxt", "msgid", "msgid_plural"):
                fail("the entry has no msgstr", entry_line)
            state, entry_line, plural = "msgctxt", n, False
        elif kw == "msgid":
            if state in ("msgid", "msgid_plural"):
                fail("the entry has no msgstr", entry_line)
            if state != "msgctxt":
                entry_line, plural = n, False
            state = "msgid"
        elif kw == "msgid_plural":
            if state != "msgid":
                fail("msgid_plural without msgid", n)
            state, plural = "msgid_plural", True
        elif kw == "msgstr":
            if state == "msgid_plural":
                fail("a plural entry needs msgstr[0], msgstr[1] ..., not msgstr", n)
            if state != "msgid":
                fail("msgstr without msgid" if state in ("start", "msgctxt") else "a second msgstr", n)
            state = "msgstr"
        else:  # msgstr[n]
            if not plural or state not in ("msgid_plural", "msgstr_n"):
                fail("msgstr[n] in an entry without msgid_plural", n)
            state = "msgstr_n"
    if state in ("msgctxt", "msgid", "msgid_plural"):
        fail("the entry has no msgstr", entry_line)


# Typographic characters a catalog's legacy charset may lack (KOI8-R has no « », ISO-8859-1 no „ “ …),
# spelled the way such catalogs' translators wrote them (m4's KOI8-R ru.po: \"%s\", `%s'): the writer
# puts these in their place in machine text the charset cannot hold, instead of failing the whole file
_FOLD = {"«": '"', "»": '"', "„": '"', "“": '"', "”": '"', "‟": '"', "‚": "'", "‘": "'", "’": "'", "‛": "'",
         "‹": "'", "›": "'", "…": "...", "–": "-", "—": "-", "‑": "-", "‐": "-", "−": "-", "\u00a0": " ",
         "\u202f": " ", "\u2009": " ", "\u2007": " ", "\u200b": "", "•": "*", "·": ".", "×": "x", "№": "N"}


def fit_charset(text: str, encoding: str) -> str:
    """`text` with the typographic characters that `encoding` cannot hold replaced by ASCII ones (_FOLD);
    anything else it cannot hold is left for the writer to report."""
    try:
        text.encode(encoding)
        return text
    except UnicodeEncodeError:
        pass
    out = []
    for ch in text:
        try:
            ch.encode(encoding)
            out.append(ch)
        except UnicodeEncodeError:
            out.append(_FOLD.get(ch, ch))
    return "".join(out)
