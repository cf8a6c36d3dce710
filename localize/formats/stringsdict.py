"""Apple .stringsdict files (XML property lists): plural rules per key, `en.lproj/Localizable.stringsdict`
-> `de.lproj/Localizable.stringsdict`.

    <key>%d files</key>
    <dict>
        <key>NSStringLocalizedFormatKey</key>  <string>%#@files@ in %#@folders@</string>
        <key>files</key>
        <dict>
            <key>NSStringFormatSpecTypeKey</key>   <string>NSStringPluralRuleType</string>
            <key>NSStringFormatValueTypeKey</key>  <string>d</string>
            <key>one</key> <string>%d file</string>  <key>other</key> <string>%d files</string>
        </dict> ...

Segments: the format key when it holds text besides its `%#@variable@` references (id KEY); one plural
segment per NSStringPluralRuleType variable (id KEY/VAR#plural) whose target categories are the target
locale's CLDR categories (plurals.py), plus "zero" where the target file has one (Apple uses it in every
language); the strings of other rule types (device-specific, variable width: id KEY/VAR/NAME) and plain
`<key>/<string>` pairs.  Only text is translated: keys, NSString* settings and value types are copied, and
protect.py masks `%#@var@` and printf specifiers.

Monolingual: a target file is paired with the source-language file.  Writing splices changed `<string>`
contents into the target file's bytes; an entry whose structure the target lacks (a new key, a missing
category) is written whole from the source entry's structure, in the file's indentation, after its
source-order neighbour; a missing file is created with the source file's prolog and root element.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import plurals
from ..errors import ParseError
from ..segments import Resource, Segment
from ._xml import Document, Element, escape_text, parse, splice, unescape

PLURAL_ID = "#plural"
FORMAT_KEY = "NSStringLocalizedFormatKey"
SPEC_KEY, PLURAL_RULE = "NSStringFormatSpecTypeKey", "NSStringPluralRuleType"
_VAR_RE = re.compile(r"%(?:\d+\$)?#@[^@\s]*@")


@dataclass
class _Entry:
    key: str
    key_el: Element
    value: Element                                   # <string> or <dict>
    strings: dict[str, Element] = field(default_factory=dict)   # segment id -> <string>; plural: id/cat


@dataclass
class _Handle:
    doc: Document
    entries: dict[str, _Entry] = field(default_factory=dict)
    seg_entry: dict[str, str] = field(default_factory=dict)    # segment id -> top-level key
    snapshot: dict[str, tuple[str, ...]] = field(default_factory=dict)
    source: Resource | None = None


def _pairs(doc: Document, d: Element, path: str) -> list[tuple[str, Element, Element]]:
    """(key, <key>, value element) of a <dict>."""
    out: list[tuple[str, Element, Element]] = []
    kids = d.children
    i = 0
    while i < len(kids):
        k = kids[i]
        if k.tag != "key":
            raise ParseError(path, f"<dict> expects <key> then a value, found <{k.tag}>", k.line)
        if i + 1 >= len(kids) or kids[i + 1].tag == "key":
            raise ParseError(path, f"key {doc.text(k)!r} has no value", k.line, doc.text(k))
        out.append((doc.text(k), k, kids[i + 1]))
        i += 2
    return out


def _value(doc: Document, el: Element) -> str:
    return "" if el.empty else unescape(doc.raw(el))


def _has_text(fmt: str) -> bool:
    from ..protect import find_spans
    rest = _VAR_RE.sub("", fmt)
    spans = find_spans(rest)
    for a, b, _r in reversed(spans):
        rest = rest[:a] + rest[b:]
    return any(c.isalpha() for c in rest)


def read(path: str, data: bytes, locale: str | None = None) -> Resource:
    doc = parse(path, data)
    if doc.root.tag != "plist" or doc.root.find("dict") is None:
        raise ParseError(path, "not a property list with a <dict>", doc.root.line)
    h = _Handle(doc)
    res = Resource(path=path, format="stringsdict", locale=locale or guess_locale(path), handle=h)
    for key, kel, val in _pairs(doc, doc.root.find("dict"), path):  # type: ignore[arg-type]
        if key in h.entries:
            raise ParseError(path, f"duplicate key {key!r}", kel.line, key)
        entry = _Entry(key, kel, val)
        h.entries[key] = entry
        if val.tag == "string":
            _add(res, h, entry, Segment(id=key, source=_value(doc, val), key=key, line=val.line), {key: val})
        elif val.tag == "dict":
            for vkey, vkel, vval in _pairs(doc, val, path):
                if vkey == FORMAT_KEY:
                    text = _value(doc, vval)
                    if vval.tag == "string" and _has_text(text):
                        _add(res, h, entry, Segment(id=key, source=text, key=key, line=vval.line), {key: vval})
                    continue
                if vval.tag != "dict":
                    continue
                inner = _pairs(doc, vval, path)
                spec = next((_value(doc, v) for k, _e, v in inner if k == SPEC_KEY), "")
                strings = {k: v for k, _e, v in inner if v.tag == "string" and not k.startswith("NSString")}
                if spec == PLURAL_RULE:
                    forms = {c: _value(doc, strings[c]) for c in plurals.CATEGORY_ORDER if c in strings}
                    if not forms:
                        continue
                    cats = list(forms)
                    sid = f"{key}/{vkey}{PLURAL_ID}"
                    seg = Segment(id=sid, source=forms.get("one", forms[cats[0]]), key=f"{key}/{vkey}",
                                  source_plural=forms.get("other", forms[cats[-1]]), plural_categories=cats,
                                  targets=[forms[c] for c in cats], line=vval.line)
                    _add(res, h, entry, seg, {f"{sid}/{c}": strings[c] for c in cats})
                else:
                    for name, sel in strings.items():
                        sid = f"{key}/{vkey}/{name}"
                        _add(res, h, entry, Segment(id=sid, source=_value(doc, sel), key=sid, line=sel.line),
                             {sid: sel})
    return res


def _add(res: Resource, h: _Handle, entry: _Entry, seg: Segment, strings: dict[str, Element]) -> None:
    if not seg.plural_categories:
        seg.targets = [seg.source] if seg.source else []
    entry.strings.update(strings)
    h.seg_entry[seg.id] = entry.key
    h.snapshot[seg.id] = tuple(seg.targets)
    res.segments.append(seg)


_LPROJ_RE = re.compile(r"(?:^|[\\/])([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)*)\.lproj[\\/]")


def guess_locale(path: str) -> str | None:
    """de.lproj/Localizable.stringsdict -> de; pt-BR.lproj -> pt_BR; Base.lproj -> None."""
    m = _LPROJ_RE.search(path)
    if not m or m.group(1).lower() == "base":
        return None
    return plurals.normalize(m.group(1))


def _target_categories(locale: str, has_zero: bool) -> list[str]:
    """The locale's CLDR categories, and "zero" where the target file already has that form (Apple uses
    it in every language): a person wrote it, so it is read, kept and checked."""
    cats = plurals.categories(locale)
    return ["zero"] + cats if has_zero and "zero" not in cats else cats


def pair(source: Resource, target: Resource | None, path: str, locale: str) -> Resource:
    """The target-locale resource for `source`: source texts from the source file, targets from the
    target file where it has them (plural variables get the target locale's categories)."""
    sh: _Handle = source.handle
    if target is None:
        d = sh.doc
        root_dict = d.root.find("dict")
        assert root_dict is not None
        nl = d.newline.encode()
        data = d.data[:root_dict.inner_start] + nl + d.data[root_dict.inner_end:]
        th = read(path, data, locale).handle
    else:
        th = target.handle
    th.source = source
    res = Resource(path=path, format="stringsdict", locale=locale, handle=th, exists=target is not None)
    for seg in source.segments:
        t = Segment(id=seg.id, source=seg.source, source_plural=seg.source_plural, key=seg.key,
                    developer_notes=list(seg.developer_notes))
        entry = th.entries.get(sh.seg_entry[seg.id])
        if seg.plural_categories:
            t.plural_categories = _target_categories(locale, entry is not None and f"{seg.id}/zero" in entry.strings)
            if entry is not None:
                vals = [_value(th.doc, entry.strings[f"{seg.id}/{c}"]) if f"{seg.id}/{c}" in entry.strings else ""
                        for c in t.plural_categories]
                t.targets = vals if any(vals) else []
        elif entry is not None and seg.id in entry.strings:
            text = _value(th.doc, entry.strings[seg.id])
            t.targets = [text] if text else []
        if entry is not None:
            t.line = entry.key_el.line
        th.snapshot[seg.id] = tuple(t.targets)
        res.segments.append(t)
    return res


# ------------------------------------------------------------------ writing

def _indent(doc: Document) -> tuple[str, str]:
    """(indent of the root dict's children, one indent unit) as the file writes them."""
    root_dict = doc.root.find("dict")
    base = doc.indent_of(root_dict) if root_dict is not None else ""
    child = doc.indent_of(root_dict.children[0]) if root_dict is not None and root_dict.children else base + "\t"
    unit = child[len(base):] if child.startswith(base) and len(child) > len(base) else "\t"
    return child, unit


def _render(src: Document, entry: _Entry, wanted: dict[str, list[str]], cats_of: dict[str, list[str]],
            ind: str, unit: str, nl: str) -> str:
    """A whole `<key>K</key><dict>...</dict>` (or `<string>`) from the source entry, target values in."""
    key = entry.key
    out = [f"<key>{escape_text(key)}</key>"]
    if entry.value.tag == "string":
        out.append(f"{ind}<string>{escape_text(wanted[key][0])}</string>")
        return nl.join(out)
    out.append(f"{ind}<dict>")
    i2 = ind + unit
    for vkey, _kel, vval in _pairs(src, entry.value, ""):
        out.append(f"{i2}<key>{escape_text(vkey)}</key>")
        if vkey == FORMAT_KEY and vval.tag == "string":
            text = wanted[key][0] if key in wanted else _value(src, vval)
            out.append(f"{i2}<string>{escape_text(text)}</string>")
            continue
        if vval.tag != "dict":
            out.append(i2 + src.data[vval.start:vval.end].decode("utf-8"))
            continue
        out.append(f"{i2}<dict>")
        i3 = i2 + unit
        sid = f"{key}/{vkey}{PLURAL_ID}"
        for k, _e, v in _pairs(src, vval, ""):
            if k.startswith("NSString") or v.tag != "string":
                out.append(f"{i3}<key>{escape_text(k)}</key>")
                out.append(i3 + src.data[v.start:v.end].decode("utf-8"))
            elif sid not in wanted:
                text = wanted.get(f"{key}/{vkey}/{k}", [_value(src, v)])[0]
                out += [f"{i3}<key>{escape_text(k)}</key>", f"{i3}<string>{escape_text(text)}</string>"]
        if sid in wanted:
            for cat, text in zip(cats_of[sid], wanted[sid]):
                if text:
                    out += [f"{i3}<key>{cat}</key>", f"{i3}<string>{escape_text(text)}</string>"]
        out.append(f"{i2}</dict>")
    out.append(f"{ind}</dict>")
    return nl.join(out)


def write(res: Resource) -> bytes:
    h: _Handle = res.handle
    doc = h.doc
    wanted = {s.id: s.targets for s in res.segments if s.targets and any(s.targets)}
    cats_of = {s.id: s.plural_categories for s in res.segments if s.plural_categories}
    changed = {sid for sid, t in wanted.items() if tuple(t) != h.snapshot.get(sid, ())}
    if not changed:
        return doc.data
    src: _Handle = h.source.handle if h.source is not None else h
    edits: list[tuple[int, int, str]] = []
    ind, unit = _indent(doc if doc.root.find("dict").children else src.doc)  # type: ignore[union-attr]
    nl = doc.newline
    by_entry: dict[str, list[str]] = {}
    for seg in res.segments:
        by_entry.setdefault(src.seg_entry[seg.id], []).append(seg.id)
    anchor: Element | None = None     # the target value element new entries go after
    pending: dict[int, list[str]] = {}
    root_dict = doc.root.find("dict")
    assert root_dict is not None
    for key, sids in by_entry.items():
        entry = h.entries.get(key)
        sentry = src.entries[key]
        if not any(s in changed for s in sids):
            if entry is not None:
                anchor = entry.value
            continue
        if entry is not None:
            cells = [(f"{s}/{c}", v) for s in sids if s in wanted
                     for c, v in (zip(cats_of[s], wanted[s]) if s in cats_of else [("", wanted[s][0])])]
            cells = [(c.removesuffix("/"), v) for c, v in cells if v]
            if all(c in entry.strings for c, _v in cells):
                for cell, v in cells:
                    el = entry.strings[cell]
                    if _value(doc, el) != v:
                        edits.append((el.start, el.end, f"<string>{escape_text(v)}</string>"))
            else:  # the target lacks part of the structure: the entry is written whole
                e_ind = doc.indent_of(entry.key_el) or ind
                edits.append((entry.key_el.start, entry.value.end,
                              _render(src.doc, sentry, {**_current(doc, entry, sids, cats_of), **wanted},
                                      cats_of, e_ind, unit, nl)))
            anchor = entry.value
            continue
        if not all(s in wanted for s in sids):
            continue  # a new entry is written once all its texts are translated
        pos = anchor.end if anchor is not None else root_dict.inner_start
        pending.setdefault(pos, []).append(nl + ind + _render(src.doc, sentry, wanted, cats_of, ind, unit, nl))
    for pos, blocks in pending.items():
        edits.append((pos, pos, "".join(blocks)))
    out = splice(doc.data, edits)
    read(res.path, out)  # what we write must parse again: a bug here never reaches the disk
    return out


def _current(doc: Document, entry: _Entry, sids: list[str], cats_of: dict[str, list[str]]) -> dict[str, list[str]]:
    """The target entry's own values by segment id (kept when the entry is rewritten)."""
    out: dict[str, list[str]] = {}
    for s in sids:
        if s in cats_of:
            out[s] = [_value(doc, entry.strings[f"{s}/{c}"]) if f"{s}/{c}" in entry.strings else "" for c in cats_of[s]]
        elif s in entry.strings:
            out[s] = [_value(doc, entry.strings[s])]
    return out
