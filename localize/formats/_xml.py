"""Shared machinery of the XML formats (XLIFF, Qt .ts, Android): a parse that remembers where every
element sits in the original bytes, so writers can splice changed elements into the file and leave
every other byte alone; text escaping; and a well-formedness check for what a writer produces.

The standard library's expat parser does the parsing (it rejects malformed files and says on which
line); its byte index gives each element's place.  No namespace processing: tags keep their prefixes
("xliff:g"), which is what a byte-level writer wants.
"""
from __future__ import annotations

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
    data: bytes
    root: Element
    newline: str

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


def parse(path: str, data: bytes) -> Document:
    """Parse `data`; a malformed file is a ParseError with the line expat reports."""
    m = _ENCODING_RE.match(data)
    if m and m.group(1).decode("ascii").lower().replace("_", "-") not in ("utf-8", "utf8", "us-ascii", "ascii"):
        raise ParseError(path, f"XML encoding {m.group(1).decode('ascii')} is not supported (UTF-8 only)", 1)
    p = expat.ParserCreate()
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
    return Document(data, top[0], newline)


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
    p = expat.ParserCreate()
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
