"""Shared machinery of the XML formats (XLIFF, Qt .ts, Android): a parse that remembers where every
element sits in the original bytes, so writers can splice changed elements into the file and leave
every other byte alone; text escaping; and a well-formedness check for what a writer produces.

The standard library's expat parser does the parsing (it rejects malformed files and says on which
line); its byte index gives each element's place.  No namespace processing: tags keep their prefixes
("xliff:g"), which is what a byte-level writer wants.

Encodings: a file in UTF-8 is parsed as it is.  A caller that writes through `Document.splice` may pass
`any_encoding=True` to read a file in another encoding too (its byte-order mark, else its declaration:
`encoding="ISO-8859-1"`, windows-1252, UTF-16, Shift_JIS, US-ASCII): the document is then transcoded to
UTF-8 (`Document.data`, where every offset points), and `Document.splice` encodes the result back into the
file's own encoding and byte-order mark, so untouched bytes stay identical; a character the encoding
cannot hold is written as a character reference (`&#x20AC;`; inside CDATA the section is closed around
it), never lost.  `Document.new_file` gives the UTF-8 bytes of a new file made from such a document, its
declaration saying UTF-8.
"""
from __future__ import annotations

import codecs
import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from xml.parsers import expat

from ..errors import ParseError

# a start tag from its "<": name, attributes (quoted values may hold ">"), optional "/"
_START_TAG_RE = re.compile(rb'<[^\s/>]+(?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|\'[^\']*\'))*\s*(/?)>')
_ENCODING_RE = re.compile(rb'^(?:\xef\xbb\xbf)?<\?xml[^>]*encoding\s*=\s*["\']([A-Za-z0-9._-]+)["\']')
_CDATA_RE = re.compile(r"<!\[CDATA\[(.*?)\]\]>", re.S)
_DECL_ENCODING_RE = re.compile(rb'^(<\?xml[^>]*?encoding\s*=\s*["\'])([A-Za-z0-9._-]+)(["\'])')
# byte-order marks, and UTF-16 without one told by its first character "<"
_BOMS = ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
_UTF16_STARTS = ((b"<\x00?\x00", "utf-16-le"), (b"\x00<\x00?", "utf-16-be"))
_TAG_RE = re.compile(r"<[^>]*>")
# markup kept as it is inside text that may hold inline elements: tags, comments, CDATA, entities
MARKUP_RE = re.compile(r"<!\[CDATA\[.*?\]\]>|<!--.*?-->|</?[A-Za-z_][\w:.-]*(?:\s+[\w:.-]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*\s*/?>"
                       r"|&(?:[A-Za-z][A-Za-z0-9]*|#\d+|#[xX][0-9A-Fa-f]+);", re.S)


@dataclass(eq=False)
class Element:
    """One element and its byte offsets in the file: [start, inner_start) is the start tag,
    [inner_start, inner_end) the content, [inner_end, end) the end tag (empty for <x/>)."""
    tag: str
    attrs: dict[str, str]
    start: int
    inner_start: int
    inner_end: int = 0
    end: int = 0
    line: int = 0
    empty: bool = False
    parent: Element | None = None
    children: list[Element] = field(default_factory=list)

    def iter(self, *tags: str) -> list[Element]:
        """Descendants (document order) whose tag is one of `tags` (all when none given)."""
        out: list[Element] = []
        for c in self.children:
            if not tags or c.tag in tags:
                out.append(c)
            out += c.iter(*tags)
        return out

    def find(self, tag: str) -> Element | None:
        return next((c for c in self.children if c.tag == tag), None)

    def findall(self, tag: str) -> list[Element]:
        return [c for c in self.children if c.tag == tag]


@dataclass
class Document:
    data: bytes                 # UTF-8: the file's bytes, or the file transcoded (see `encoding`)
    root: Element
    newline: str
    encoding: str = "utf-8"     # the file's encoding (a Python codec name); "utf-8": `data` is the file
    bom: bytes = b""            # the byte-order mark of a transcoded file (UTF-16), written back

    def encode(self, data: bytes) -> bytes:
        """The file's bytes for `data` (UTF-8, laid out like `self.data`): in the file's own encoding and
        byte-order mark; a character the encoding cannot hold becomes a character reference."""
        if self.encoding == "utf-8":
            return data
        text = data.decode("utf-8")
        try:
            return self.bom + text.encode(self.encoding)
        except UnicodeEncodeError:
            return self.bom + _char_refs(text, self.encoding).encode(self.encoding)

    def splice(self, edits: list[tuple[int, int, str]]) -> bytes:
        """The file with these (start, end, replacement) edits of `data` applied, in its own encoding."""
        return self.encode(splice(self.data, edits))

    def new_file(self, edits: list[tuple[int, int, str]]) -> bytes:
        """A new file from this one with these edits: UTF-8 (a transcoded file's declaration then says
        UTF-8 and its byte-order mark is left out), so every language's text is written as it is."""
        out = splice(self.data, edits)
        if self.encoding != "utf-8":
            out = _DECL_ENCODING_RE.sub(lambda m: m.group(1) + b"UTF-8" + m.group(3), out, count=1)
        return out

    @property
    def prolog(self) -> bytes:
        """Everything before the root element: the XML declaration, comments, a DOCTYPE whose internal
        subset declares entities (Android's `<!ENTITY nbsp "&#160;">`)."""
        return self.data[:self.root.start]

    def raw(self, el: Element) -> str:
        """The element's content exactly as written (markup and entities included)."""
        return self.data[el.inner_start:el.inner_end].decode("utf-8")

    def text(self, el: Element) -> str:
        """The element's character data, entities decoded, child tags left out."""
        return unescape(self.raw(el))

    def indent_of(self, el: Element) -> str:
        """The whitespace before the element on its line ("" when something else precedes it)."""
        line_start = self.data.rfind(b"\n", 0, el.start) + 1
        before = self.data[line_start:el.start]
        return before.decode("utf-8") if not before.strip() else ""

    def start_tag(self, el: Element) -> str:
        return self.data[el.start:el.inner_start].decode("utf-8")

    def line_at(self, offset: int) -> int:
        return self.data.count(b"\n", 0, offset) + 1


def _char_refs(text: str, encoding: str) -> str:
    """`text` with each character `encoding` cannot hold written as a character reference; a CDATA
    section (where a reference would be literal text) is split around the reference."""
    def runs(s: str) -> list[tuple[bool, str]]:   # (encodable, text) runs
        out: list[tuple[bool, str]] = []
        for c in s:
            try:
                c.encode(encoding)
                ok = True
            except UnicodeEncodeError:
                ok = False
            text_c = c if ok else f"&#x{ord(c):X};"
            if out and out[-1][0] == ok:
                out[-1] = (ok, out[-1][1] + text_c)
            else:
                out.append((ok, text_c))
        return out
    parts: list[str] = []
    pos = 0
    for m in _CDATA_RE.finditer(text):
        parts.append("".join(t for _, t in runs(text[pos:m.start()])))
        parts.append("".join(f"<![CDATA[{t}]]>" if ok else t for ok, t in runs(m.group(1))) or m.group(0))
        pos = m.end()
    parts.append("".join(t for _, t in runs(text[pos:])))
    return "".join(parts)


def sniff(data: bytes) -> tuple[str, bytes, str | None]:
    """(Python codec, byte-order mark, declared name) of an XML file: the mark decides, then the
    declaration; UTF-8 when neither says otherwise.  An encoding Python does not know raises LookupError."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec, bom, codec.upper()
    for start, codec in _UTF16_STARTS:
        if data.startswith(start):
            return codec, b"", codec.upper()
    m = _ENCODING_RE.match(data)
    if m is None:
        return "utf-8", b"", None
    name = m.group(1).decode("ascii")
    codec = codecs.lookup(name).name
    return ("utf-8" if codec == "utf-8" else codec), b"", name


def parse(path: str, data: bytes, any_encoding: bool = False) -> Document:
    """Parse `data`; a malformed file is a ParseError with the line expat reports.  A file in another
    encoding than UTF-8 is refused unless `any_encoding` (the caller then writes with `Document.splice`)."""
    try:
        encoding, bom, declared = sniff(data)
    except LookupError:
        m = _ENCODING_RE.match(data)
        raise ParseError(path, f"unknown XML encoding {m.group(1).decode('ascii') if m else '?'}", 1) from None
    if encoding == "ascii" and not any_encoding:
        encoding = "utf-8"  # read as UTF-8 (a subset), as before
    if encoding != "utf-8":
        if not any_encoding:
            raise ParseError(path, f"XML encoding {declared} is not supported here (UTF-8 only)", 1)
        try:
            data = data[len(bom):].decode(encoding).encode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[len(bom):len(bom) + exc.start].decode(encoding, "replace").count("\n") + 1
            raise ParseError(path, f"not valid {declared} (the encoding it declares)", line) from None
        except UnicodeEncodeError:  # a lone surrogate in UTF-16
            raise ParseError(path, f"not valid {declared}", 1) from None
    p = expat.ParserCreate("utf-8" if encoding != "utf-8" else None)
    stack: list[Element] = []
    top: list[Element] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        idx = p.CurrentByteIndex
        mt = _START_TAG_RE.match(data, idx)
        if mt is None:  # cannot happen for a tag expat accepted; be loud rather than wrong
            raise ParseError(path, f"cannot locate start tag <{name}>", p.CurrentLineNumber)
        el = Element(name, attrs, idx, mt.end(), line=p.CurrentLineNumber, empty=mt.group(1) == b"/",
                     parent=stack[-1] if stack else None)
        (stack[-1].children if stack else top).append(el)
        stack.append(el)

    def end(name: str) -> None:
        el = stack.pop()
        if el.empty:
            el.inner_end = el.end = el.inner_start
        else:
            el.inner_end = p.CurrentByteIndex
            el.end = data.index(b">", el.inner_end) + 1

    p.StartElementHandler = start
    p.EndElementHandler = end
    try:
        p.Parse(data, True)
    except expat.ExpatError as exc:
        raise ParseError(path, f"XML syntax error: {expat.ErrorString(exc.code)}", exc.lineno) from None
    except UnicodeDecodeError:
        raise ParseError(path, "not valid UTF-8", 1) from None
    if not top:
        raise ParseError(path, "no root element", 1)
    newline = "\r\n" if b"\r\n" in data[:4096] else "\n"
    return Document(data, top[0], newline, encoding, bom)


def unescape(raw: str) -> str:
    """Character data of XML content: CDATA kept literally, tags dropped, entities decoded."""
    out: list[str] = []
    pos = 0
    for m in _CDATA_RE.finditer(raw):
        out.append(html.unescape(_TAG_RE.sub("", raw[pos:m.start()])))
        out.append(m.group(1))
        pos = m.end()
    out.append(html.unescape(_TAG_RE.sub("", raw[pos:])))
    return "".join(out)


_INVALID_XML_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def escape_text(s: str, quotes: bool = False) -> str:
    s = _INVALID_XML_RE.sub("", s)  # characters XML 1.0 cannot hold at all, not even as references
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return s.replace('"', "&quot;").replace("'", "&apos;") if quotes else s


def escape_attr(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")


def between(pattern: re.Pattern[str], text: str, fn: Callable[[str], str]) -> str:
    """`fn` applied to the text between the matches of `pattern` (markup), the matches kept as they are."""
    out: list[str] = []
    pos = 0
    for m in pattern.finditer(text):
        out.append(fn(text[pos:m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(fn(text[pos:]))
    return "".join(out)


def escape_loose(s: str) -> str:
    """Text that may hold inline markup (XLIFF inline elements, Android <b>/<xliff:g>): tags, CDATA,
    comments and entities stay; any other "&", "<" or ">" (the engine wrote "Save & exit") is escaped."""
    return between(MARKUP_RE, s, escape_text)


def well_formed(fragment: str, prolog: bytes = b"") -> str | None:
    """None when `fragment` is well-formed element content of a document that begins with `prolog` (the
    entities its DOCTYPE declares are known), else expat's complaint."""
    p = expat.ParserCreate("utf-8")  # the prolog of a transcoded file still declares its own encoding
    try:
        p.Parse(prolog + ("<r>" + fragment + "</r>").encode("utf-8"), True)
    except expat.ExpatError as exc:
        return expat.ErrorString(exc.code)
    return None


def set_attrs(start_tag: str, changes: dict[str, str | None]) -> str:
    """The start tag with attributes set (value) or removed (None); others untouched, in place."""
    for name, value in changes.items():
        pat = re.compile(r'(\s+)' + re.escape(name) + r'\s*=\s*("[^"]*"|\'[^\']*\')')
        m = pat.search(start_tag)
        if m is None:
            if value is None:
                continue
            close = len(start_tag) - (2 if start_tag.endswith("/>") else 1)
            while close > 0 and start_tag[close - 1].isspace():
                close -= 1
            start_tag = f'{start_tag[:close]} {name}="{escape_attr(value)}"{start_tag[close:]}'
        elif value is None:
            start_tag = start_tag[:m.start()] + start_tag[m.end():]
        else:
            start_tag = start_tag[:m.start(2)] + f'"{escape_attr(value)}"' + start_tag[m.end(2):]
    return start_tag


def element(doc: Document, el: Element, inner: str | None = None, attrs: dict[str, str | None] | None = None) -> str:
    """The element rewritten: new content (None keeps it) and attribute changes; the start tag keeps
    its own spelling otherwise.  A self-closing element gets an end tag when it gets content."""
    tag = set_attrs(doc.start_tag(el), attrs or {})
    content = doc.raw(el) if inner is None else inner
    if el.empty:
        if content == "":
            return tag
        tag = tag[:-2].rstrip() + ">"
        return f"{tag}{content}</{el.tag}>"
    return f"{tag}{content}{doc.data[el.inner_end:el.end].decode('utf-8')}"


def splice(data: bytes, edits: list[tuple[int, int, str]]) -> bytes:
    """Apply non-overlapping (start, end, replacement) byte edits."""
    out = data
    for a, b, new in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        out = out[:a] + new.encode("utf-8") + out[b:]
    return out
