"""Qt Linguist .ts files: <context>s of <message>s with <source>, <comment> (disambiguation),
<extracomment>, <translatorcomment>, <location>s and a <translation> whose type="unfinished" is the
fuzzy state (vanished/obsolete: obsolete entries); numerus="yes" messages hold one <numerusform> per
plural form of the target language (plurals.py).

Text is the decoded character data (Qt escapes rich text as &lt;b&gt;, so protect.py sees real tags);
a control character XML cannot hold is Qt's `<byte value="x1d"/>` element, read as that character and
written the same way.
Writing splices only the <translation> elements of changed messages into the original bytes, escaped
the way lupdate escapes; everything else stays byte-identical.  A file in another encoding than UTF-8
(an old `encoding="ISO-8859-1"` declaration, UTF-16 with a byte-order mark) is written back in it, a
character it cannot hold as `&#x...;`; a new locale created from it is UTF-8.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import plurals
from ..errors import ParseError
from ..segments import Resource, Segment
from ._xml import Document, Element, element, escape_text, parse, set_attrs, unescape

OBSOLETE_TYPES = ("vanished", "obsolete")
# lupdate writes a control character as <byte value="x1d"/> (hex with "x", else decimal)
_BYTE_RE = re.compile(r'<byte\s+value\s*=\s*["\'](x[0-9A-Fa-f]+|[0-9]+)["\']\s*/>')
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _chars(doc: Document, el: Element) -> str:
    """The element's text, with Qt's <byte> elements as the characters they stand for."""
    raw = doc.raw(el)
    if "<byte" not in raw:
        return unescape(raw)
    out: list[str] = []
    pos = 0
    for m in _BYTE_RE.finditer(raw):
        v = m.group(1)
        out += [unescape(raw[pos:m.start()]), chr(int(v[1:], 16) if v[0] == "x" else int(v))]
        pos = m.end()
    out.append(unescape(raw[pos:]))
    return "".join(out)


def _escape(s: str) -> str:
    """Text as lupdate writes it: entities, and control characters as <byte value="x.."/>."""
    return "".join(f'<byte value="x{ord(c):x}"/>' if _CONTROL_RE.fullmatch(c) else escape_text(c, True)
                   for c in s) if _CONTROL_RE.search(s) else escape_text(s, True)


@dataclass
class _Handle:
    doc: Document
    messages: dict[str, tuple[Element, Element | None]] = field(default_factory=dict)  # id -> (message, translation)
    snapshot: dict[str, tuple[tuple[str, ...], bool]] = field(default_factory=dict)


def read(path: str, data: bytes, locale: str | None = None) -> Resource:
    doc = parse(path, data, any_encoding=True)
    root = doc.root
    if root.tag != "TS":
        raise ParseError(path, f"not a Qt Linguist file: the root element is <{root.tag}>", root.line)
    lang = root.attrs.get("language")
    h = _Handle(doc)
    res = Resource(path=path, format="ts", locale=locale or (plurals.normalize(lang) if lang else None), handle=h)
    for ctx in root.findall("context"):
        name_el = ctx.find("name")
        name = doc.text(name_el) if name_el is not None else ""
        for msg in ctx.findall("message"):
            src = msg.find("source")
            if src is None:
                continue
            source = _chars(doc, src)
            comment = _text(doc, msg, "comment")
            tr = msg.find("translation")
            numerus = msg.attrs.get("numerus") == "yes"
            kind = tr.attrs.get("type", "") if tr is not None else "unfinished"
            if tr is None:
                targets: list[str] = []
            elif numerus:
                targets = [_chars(doc, nf) for nf in tr.findall("numerusform")]
            else:
                targets = [_chars(doc, tr)]
            if not any(targets):
                targets = []
            sid = msg.attrs.get("id") or f"{name}|{source}" + (f"|{comment}" if comment else "")
            base, k = sid, 2
            while sid in h.messages:  # lupdate merges duplicates; a hand-edited file may not have
                sid, k = f"{base}#{k}", k + 1
            seg = Segment(id=sid, source=source, source_plural=source if numerus else None,
                          context=name + (f" ({comment})" if comment else ""), targets=targets,
                          line=src.line, obsolete=kind in OBSOLETE_TYPES)
            if kind == "unfinished" and targets:
                seg.flags.append("fuzzy")
            if _text(doc, msg, "extracomment"):
                seg.developer_notes.append(_text(doc, msg, "extracomment"))
            if _text(doc, msg, "translatorcomment"):
                seg.translator_notes.append(_text(doc, msg, "translatorcomment"))
            seg.references = [f"{loc.attrs.get('filename', '')}:{loc.attrs.get('line', '')}".rstrip(":")
                              for loc in msg.findall("location")]
            h.messages[sid] = (msg, tr)
            h.snapshot[sid] = (tuple(targets), seg.fuzzy)
            res.segments.append(seg)
    return res


def _text(doc: Document, parent: Element, tag: str) -> str:
    el = parent.find(tag)
    return doc.text(el) if el is not None else ""


def _translation(doc: Document, msg: Element, tr: Element | None, targets: list[str], numerus: bool,
                 unfinished: bool, n_forms: int) -> tuple[int, int, str]:
    """The edit that gives `msg` this translation."""
    attrs: dict[str, str | None] = {"type": "unfinished" if unfinished else None}
    if numerus:
        forms = targets + [""] * (n_forms - len(targets)) if len(targets) < n_forms else targets
        ind = doc.indent_of(tr) if tr is not None else doc.indent_of(msg.children[0]) if msg.children else ""
        step = ind[len(doc.indent_of(msg)):] or "    "
        nl = doc.newline
        inner = "".join(f"{nl}{ind}{step}<numerusform>{_escape(t)}</numerusform>" for t in forms) + nl + ind
    else:
        inner = _escape(targets[0] if targets else "")
    if tr is not None:
        return tr.start, tr.end, element(doc, tr, inner, attrs)
    # no <translation> at all: add one after the message's last child
    last = msg.children[-1]
    tag = set_attrs("<translation>", attrs)
    return last.end, last.end, f"{doc.newline}{doc.indent_of(last)}{tag}{inner}</translation>"


def write(res: Resource) -> bytes:
    h: _Handle = res.handle
    doc = h.doc
    n_forms = plurals.nplurals(res.locale or "en")
    edits = []
    for seg in res.segments:
        if seg.id not in h.messages or (tuple(seg.targets), seg.fuzzy) == h.snapshot[seg.id]:
            continue
        msg, tr = h.messages[seg.id]
        edits.append(_translation(doc, msg, tr, seg.targets, seg.source_plural is not None,
                                  seg.fuzzy or not seg.translated, n_forms))
    return doc.splice(edits)


def create(template: Resource, path: str, locale: str) -> Resource:
    """A new .ts for `locale` from the source-language one (what lupdate -ts does): language set, every
    current message's translation empty and unfinished, with the locale's number of plural forms."""
    h: _Handle = template.handle
    doc = h.doc
    n = plurals.nplurals(locale)
    edits = [(doc.root.start, doc.root.inner_start, set_attrs(doc.start_tag(doc.root), {"language": locale}))]
    for seg in template.segments:
        if seg.obsolete:
            continue
        msg, tr = h.messages[seg.id]
        edits.append(_translation(doc, msg, tr, [], seg.source_plural is not None, True, n))
    res = read(path, doc.new_file(edits), locale)
    res.exists = False
    return res
