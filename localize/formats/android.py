"""Android string resources (res/values*/strings.xml): <string>, <plurals> (one <item quantity> per
CLDR category of the target locale, plurals.py), <string-array> items; translatable="false" is skipped.

Segment text is the value with Android's escapes undone (\\' \\" \\n \\t \\@ \\? \\\\ \\uXXXX, surrounding
quotes) and markup kept as it is (<b>, <xliff:g id="n">%1$s</xliff:g>, entities), which protect.py masks;
a value that is one CDATA section is its content.  Writing escapes the same way and splices changed
values into the target file; a string missing from it is inserted after its source-order neighbour,
and a missing file is created with the source file's <resources> start tag (namespaces included).
Monolingual: a target file is paired with the source-language file (`template`, res/values/strings.xml).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import plurals
from ..errors import ParseError
from ..segments import Resource, Segment, char_limit
from ._xml import MARKUP_RE, Document, Element, between, element, escape_attr, escape_text, parse, splice, well_formed

PLURAL_ID = "#plural"
_UNESCAPE_RE = re.compile(r"\\(u[0-9A-Fa-f]{4}|.)", re.S)
_SIMPLE = {"n": "\n", "t": "\t"}
_CDATA_ONLY_RE = re.compile(r"^\s*<!\[CDATA\[(.*)\]\]>\s*$", re.S)
_QUOTE_RE = re.compile(r"(?<!\\)((?:\\\\)*)(['\"])")   # a quote not escaped by an odd run of backslashes
_QUOTE_UNESCAPE_RE = re.compile(r"(?<!\\)((?:\\\\)*)\\(['\"])")
_DOCTYPE_RE = re.compile(rb"<!DOCTYPE\b[^\[>]*(?:\[.*?\]\s*)?>", re.S)
# a value that is a resource reference, not text: "@string/app_name", "@android:string/ok", "@null",
# "?attr/colorPrimary", "?android:textColorPrimary" (aapt resolves it; written "\\@" it would be the literal text)
_REFERENCE_RE = re.compile(r"^\s*(?:@null|@\+?(?:[\w.]+:)?[\w-]+/[\w.$]+|\?(?:[\w.]+:)?(?:[\w-]+/)?[\w.$]+)\s*$")
_INVALID_XML_CHAR_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_VALUES_DIR_RE = re.compile(r"(?:^|[\\/])values-([a-z]{2,3})(?:-r([A-Z]{2}))?(?:-[^\\/]*)?[\\/][^\\/]+$")


@dataclass
class _Entry:
    el: Element                       # <string>, <plurals> or <item> of a <string-array>
    items: dict[str, Element] = field(default_factory=dict)   # plurals: quantity -> <item>
    array: Element | None = None      # the <string-array> of an item
    cdata: bool = False


@dataclass
class _Handle:
    doc: Document
    entries: dict[str, _Entry] = field(default_factory=dict)
    snapshot: dict[str, tuple[str, ...]] = field(default_factory=dict)
    source: Resource | None = None


_BCP47_DIR_RE = re.compile(r"(?:^|[\\/])values-b\+([a-z]{2,3}(?:\+[A-Za-z0-9]+)*)(?:-[^\\/]*)?[\\/][^\\/]+$")


def guess_locale(path: str) -> str | None:
    """values-pt-rBR/strings.xml -> pt_BR; values-b+sr+Latn/ -> sr_Latn; values/strings.xml -> None."""
    b = _BCP47_DIR_RE.search(path)
    if b:
        return plurals.normalize("b+" + b.group(1))
    m = _VALUES_DIR_RE.search(path)
    if not m:
        return None
    return f"{m.group(1)}_{m.group(2)}" if m.group(2) else m.group(1)


def decode(raw: str) -> tuple[str, bool]:
    """(text, is CDATA) of a value as written in the file; in CDATA only the \\' and \\" escapes are
    undone (encode() writes them back: the text of an unchanged value compares equal)."""
    m = _CDATA_ONLY_RE.match(raw)
    if m:
        return _QUOTE_UNESCAPE_RE.sub(r"\1\2", m.group(1)), True
    return between(MARKUP_RE, raw, _unescape), False


def _unescape(s: str) -> str:
    def one(m: re.Match[str]) -> str:
        c = m.group(1)
        if c[0] == "u" and len(c) == 5:
            return chr(int(c[1:], 16))
        return _SIMPLE.get(c, c)
    # unescaped double quotes delimit (whitespace-preserving) runs: aapt drops them
    parts = re.split(r'((?<!\\)(?:\\\\)*\\")', s)
    return "".join(_UNESCAPE_RE.sub(one, p) if i % 2 else _UNESCAPE_RE.sub(one, p.replace('"', ""))
                   for i, p in enumerate(parts))


def encode(text: str, cdata: bool = False) -> str:
    """A value as Android wants it written: escapes in text, markup untouched.  Inside CDATA, aapt still
    applies its string rules to the text (an unescaped ' is an error for aapt, an unescaped " is dropped):
    a translation's apostrophes and quotes outside tags are escaped ("n'a" -> "n\\'a"), escaped ones kept."""
    if cdata:
        body = between(MARKUP_RE, text, lambda run: _QUOTE_RE.sub(r"\1\\\2", run))
        return "<![CDATA[" + body.replace("]]>", "]]]]><![CDATA[>") + "]]>"
    s = between(MARKUP_RE, text, _escape)
    if s[:1] in ("@", "?"):
        s = "\\" + s
    if text != text.strip(" "):
        s = f'"{s}"'  # keep leading/trailing spaces (aapt collapses them otherwise)
    return s


def _escape(s: str) -> str:
    # a control character XML cannot hold (the source's "\u0005") is written as Android's \uXXXX escape
    s = _INVALID_XML_CHAR_RE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", s.replace("\\", "\\\\"))
    s = escape_text(s).replace("&gt;", ">")
    return s.replace("'", "\\'").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")


def read(path: str, data: bytes, locale: str | None = None) -> Resource:
    doc = parse(path, data)
    if doc.root.tag != "resources":
        raise ParseError(path, f"not an Android resource file: the root element is <{doc.root.tag}>", doc.root.line)
    h = _Handle(doc)
    res = Resource(path=path, format="android", locale=locale or guess_locale(path), handle=h)
    prev = doc.root.inner_start
    for el in doc.root.children:
        notes = _comments_before(doc, prev, el.start)
        prev = el.end
        name = el.attrs.get("name")
        if name is None or el.attrs.get("translatable") == "false":
            continue
        n_before = len(res.segments)
        if el.tag == "string":
            if _REFERENCE_RE.match(doc.raw(el)):
                continue  # "@string/app_name": each locale resolves it to its own string
            text, cdata = decode(doc.raw(el))
            # AOSP: one name, a variant per product (tablet, default): one segment each
            sid = f"{name}@{el.attrs['product']}" if "product" in el.attrs else name
            _add(res, h, Segment(id=sid, source=text, targets=[text] if text else [], key=sid, line=el.line),
                 _Entry(el, cdata=cdata))
        elif el.tag == "plurals":
            items = {i.attrs.get("quantity", ""): i for i in el.findall("item")}
            forms = {q: decode(doc.raw(i))[0] for q, i in items.items()}
            if not forms:
                continue
            cats = list(forms)
            seg = Segment(id=name + PLURAL_ID, source=forms.get("one", forms[cats[0]]),
                          source_plural=forms.get("other", forms[cats[-1]]), key=name, line=el.line,
                          plural_categories=cats, targets=[forms[c] for c in cats])
            _add(res, h, seg, _Entry(el, items=items, cdata=any(decode(doc.raw(i))[1] for i in items.values())))
        elif el.tag == "string-array":
            for k, item in enumerate(el.findall("item")):
                if _REFERENCE_RE.match(doc.raw(item)):
                    continue  # copied as it is into a new array (write), never translated
                text, cdata = decode(doc.raw(item))
                sid = f"{name}[{k}]"
                _add(res, h, Segment(id=sid, source=text, targets=[text] if text else [], key=sid, line=item.line),
                     _Entry(item, array=el, cdata=cdata))
        for seg in res.segments[n_before:]:
            seg.developer_notes = list(notes)
            seg.max_chars = char_limit(notes)
    return res



def _comments_before(doc: Document, start: int, end: int) -> list[str]:
    """The comments directly above an element (AOSP writes the translator's note and its
    "[CHAR LIMIT=25]" there): the last run of comments with only whitespace between them and it."""
    gap = doc.data[start:end].decode("utf-8")
    out: list[str] = []
    pos = len(gap)
    while True:
        head = gap[:pos].rstrip()
        if not head.endswith("-->"):
            break
        open_at = head.rfind("<!--")
        if open_at < 0:
            break
        out.insert(0, " ".join(head[open_at + 4:-3].split()))
        pos = open_at
    return [c for c in out if c]


def _add(res: Resource, h: _Handle, seg: Segment, entry: _Entry) -> None:
    if seg.id in h.entries:
        raise ParseError(res.path, f"duplicate resource name {seg.key!r}", seg.line, seg.key)
    h.entries[seg.id] = entry
    h.snapshot[seg.id] = tuple(seg.targets)
    res.segments.append(seg)


def pair(source: Resource, target: Resource | None, path: str, locale: str) -> Resource:
    """The target-locale resource for `source`: source texts from the source file, targets from the
    target file where it has them (plurals get the target locale's CLDR categories)."""
    sh: _Handle = source.handle
    if target is None:
        m = re.search(rb"<resources\b[^>]*>", sh.doc.data)
        start = sh.doc.data[:sh.doc.root.inner_start] if m is None else sh.doc.data[m.start():m.end()]
        decl = b'<?xml version="1.0" encoding="utf-8"?>\n' if sh.doc.data.lstrip().startswith(b"<?xml") else b""
        nl = sh.doc.newline.encode()
        # the DOCTYPE comes along: its internal subset declares entities the strings use (&nbsp;)
        dt = _DOCTYPE_RE.search(sh.doc.prolog) if m is not None else None
        doctype = dt.group(0) + nl if dt else b""
        th = read(path, decl.replace(b"\n", nl) + doctype + start + nl + b"</resources>" + nl, locale).handle
    else:
        th = target.handle
    th.source = source
    res = Resource(path=path, format="android", locale=locale, handle=th, exists=target is not None)
    for seg in source.segments:
        t = Segment(id=seg.id, source=seg.source, source_plural=seg.source_plural, key=seg.key,
                    developer_notes=list(seg.developer_notes), kind=seg.kind, max_chars=seg.max_chars)
        entry = th.entries.get(seg.id)
        if seg.plural_categories:
            t.plural_categories = plurals.categories(locale)
            if entry is not None:
                forms = {q: decode(th.doc.raw(i))[0] for q, i in entry.items.items()}
                vals = [forms.get(c, "") for c in t.plural_categories]
                t.targets = vals if any(vals) else []
                th.snapshot[seg.id] = tuple(t.targets)
        elif entry is not None:
            text = decode(th.doc.raw(entry.el))[0]
            t.targets = [text] if text else []
        if entry is not None:
            t.line = entry.el.line
        res.segments.append(t)
    return res


def write(res: Resource) -> bytes:
    h: _Handle = res.handle
    doc = h.doc
    src: _Handle | None = h.source.handle if h.source is not None else None
    edits: list[tuple[int, int, str]] = []
    anchor = doc.root                  # the element new ones go after (the root: at the start)
    inserts: dict[int, list[str]] = {}  # position -> new elements, in source order
    step = _indent_unit(doc, src)
    pending_arrays: dict[str, list[Segment]] = {}
    for seg in res.segments:
        entry = h.entries.get(seg.id)
        sentry = src.entries.get(seg.id) if src is not None else entry
        cdata = sentry.cdata if sentry is not None else False
        if entry is not None:
            anchor = entry.array or entry.el
            if tuple(seg.targets) == h.snapshot.get(seg.id, ()) or not seg.targets:
                continue
            if seg.plural_categories:
                edits.append((entry.el.start, entry.el.end,
                              element(doc, entry.el, _plural_items(res, entry.el, seg, cdata, step))))
            else:
                edits.append((entry.el.start, entry.el.end, element(doc, entry.el, _value(res, seg, cdata))))
            continue
        if not seg.targets or sentry is None:
            continue
        ind = doc.indent_of(anchor) if anchor is not doc.root else step
        if sentry.array is not None:  # a whole array is inserted once, with every item
            name = sentry.array.attrs["name"]
            if name in pending_arrays:
                continue
            by_id = {s.id: s for s in res.segments if s.id.startswith(name + "[")}
            pending_arrays[name] = list(by_id.values())
            assert src is not None
            # every item of the source array, in its place: a resource reference is copied as written
            values = [_value(res, by_id[f"{name}[{k}]"], cdata, fallback=True) if f"{name}[{k}]" in by_id
                      else src.doc.raw(item) for k, item in enumerate(sentry.array.findall("item"))]
            body = "".join(f"{doc.newline}{ind}{step}<item>{v}</item>" for v in values)
            attrs = "".join(f' {a}="{escape_attr(sentry.array.attrs[a])}"' for a in ("name", "product", "formatted")
                            if a in sentry.array.attrs)
            new = f'<string-array{attrs}>{body}{doc.newline}{ind}</string-array>'
        elif seg.plural_categories:
            tag = f'<plurals name="{escape_attr(seg.key or "")}">'
            new = tag + _plural_items(res, None, seg, cdata, step, ind) + "</plurals>"
        else:  # name, and the source's product and formatted="false" (aapt needs it for several %s)
            attrs = "".join(f' {a}="{escape_attr(sentry.el.attrs[a])}"' for a in ("name", "product", "formatted")
                            if a in sentry.el.attrs)
            new = f'<string{attrs}>{_value(res, seg, cdata)}</string>'
        pos = anchor.end if anchor is not doc.root else doc.root.inner_start
        inserts.setdefault(pos, []).append(f"{doc.newline}{ind}{new}")
    for pos, texts in inserts.items():
        edits.append((pos, pos, "".join(texts)))
    return splice(doc.data, edits)


def _indent_unit(doc: Document, src: _Handle | None) -> str:
    for d in (doc, src.doc if src is not None else None):
        if d is not None and d.root.children:
            ind = d.indent_of(d.root.children[0])
            if ind:
                return ind
    return "    "


def _value(res: Resource, seg: Segment, cdata: bool, fallback: bool = False) -> str:
    text = seg.targets[0] if seg.targets else (seg.source if fallback else "")
    out = encode(text, cdata)
    problem = well_formed(out, res.handle.doc.prolog)
    if problem:
        raise ParseError(res.path, f"translation is not well-formed XML ({problem}); not written", seg.line, seg.key)
    return out


def _plural_items(res: Resource, el: Element | None, seg: Segment, cdata: bool, step: str,
                  ind: str | None = None) -> str:
    doc: Document = res.handle.doc
    ind = ind if ind is not None else (doc.indent_of(el) if el is not None else "")
    inner_ind = (doc.indent_of(el.children[0]) if el is not None and el.children else "") or ind + step
    nl = doc.newline
    body = ""
    for cat, text in zip(seg.plural_categories, seg.targets):
        if text:
            v = encode(text, cdata)
            problem = well_formed(v, doc.prolog)
            if problem:
                raise ParseError(res.path, f"translation is not well-formed XML ({problem}); not written",
                                 seg.line, seg.key)
            body += f'{nl}{inner_ind}<item quantity="{cat}">{v}</item>'
    return body + nl + ind
