"""XLIFF 1.2 (<trans-unit>, <source>/<target state>, <note>, context groups) and XLIFF 2.0 (<unit>,
<segment state>, <notes>, srcLang/trgLang), the bilingual files Angular, Symfony and CAT tools use.

Segment text is the XML content of <source> exactly as written: inline elements (<x/>, <g>, <ph>,
<bpt>/<ept>, <pc>, Angular's <x id="INTERPOLATION"/>) and entities stay markup, which protect.py masks
as placeholders, so the engine never sees or loses them and may move them.  Writing splices each
changed <target> (or a new one after its <source>) into the original bytes; everything else stays
byte-identical.  Machine output is marked for review: state="needs-review-translation" (1.2) or
state="initial" (2.0) unless it is final.

A file in another encoding than UTF-8 (Symfony's `encoding="ISO-8859-1"`, windows-1252, UTF-16 with its
byte-order mark) is read by its declaration and written back in it (`_xml.Document.splice`; a character
it cannot hold becomes `&#x...;`); a new locale created from it is UTF-8.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..errors import ParseError
from ..segments import Resource, Segment
from . import icu
from ._xml import Document, Element, element, escape_loose, parse, set_attrs, splice, well_formed

# 1.2 target states that mean "not done": the gettext fuzzy flag
FUZZY_STATES_12 = {"new", "needs-translation", "needs-adaptation", "needs-l10n", "needs-review-translation",
                   "needs-review-adaptation", "needs-review-l10n"}
MACHINE_STATE_12, DONE_STATE_12 = "needs-review-translation", "translated"
MACHINE_STATE_20, DONE_STATE_20 = "initial", "translated"

# Symfony's plural messages: forms joined by a "|" with no space around it, the count's placeholder in the
# plural form ("{{ limit }}", "%count%"), the same one (or none: "one word") in the singular.  Symfony picks
# a form by the gettext rule of the locale (Polish and Russian three, Japanese one, Arabic six) and throws
# when the form it picks is missing, so a target gets nplurals forms, like a Qt numerus message.
_SYMFONY_PH_RE = re.compile(r"\{\{ ?[\w.]+ ?\}\}|%[\w.]+%")
_PIPE_RE = re.compile(r"(?<=\S)\|(?=\S)")
_NUM = r"\s*[-+]?(?:\d+|Inf)\s*"
_INTERVAL_RE = re.compile(rf"^\s*(?:\{{{_NUM}(?:,{_NUM})*\}}|[\[\]]{_NUM},{_NUM}[\[\]])")   # "{0} none|[1,Inf[ %count%"
_TAG_RE = re.compile(r"<[^>]*>")


@dataclass
class _Unit:
    container: Element          # <trans-unit> (1.2) or <unit> (2.0)
    holder: Element             # element that holds <source>/<target>: trans-unit or segment
    source: Element
    target: Element | None


@dataclass
class _Handle:
    doc: Document
    v2: bool
    units: dict[str, _Unit] = field(default_factory=dict)
    snapshot: dict[str, tuple[tuple[str, ...], bool]] = field(default_factory=dict)
    pipes: set[str] = field(default_factory=set)   # units read as Symfony "one|many" plural messages


def pipe_forms(source: str) -> list[str] | None:
    """The two forms of a Symfony plural message ("There is one apple|There are %count% apples"), or None
    for any other text (a literal " | ", ICU, interval syntax, forms without a shared count placeholder)."""
    text = _TAG_RE.sub("", source)  # Angular's equiv-text="{{x}}" is no Symfony placeholder
    if len(_PIPE_RE.findall(source)) != 1 or source.count("|") != 1 or icu.is_complex(source):
        return None
    one, many = source.split("|")
    if _INTERVAL_RE.match(one) or _INTERVAL_RE.match(many) or not one.strip() or not many.strip():
        return None
    t_one, t_many = _TAG_RE.sub("", one), _TAG_RE.sub("", many)
    ph_one = {p.replace(" ", "") for p in _SYMFONY_PH_RE.findall(t_one)}
    ph_many = {p.replace(" ", "") for p in _SYMFONY_PH_RE.findall(t_many)}
    if not ph_many or not ph_one <= ph_many or "|" not in text:
        return None
    return [one, many]


def _lang(locale: str) -> str:
    return locale.replace("_", "-")


def read(path: str, data: bytes, locale: str | None = None) -> Resource:
    doc = parse(path, data, any_encoding=True)
    root = doc.root
    if root.tag != "xliff":
        raise ParseError(path, f"not an XLIFF file: the root element is <{root.tag}>", root.line)
    v2 = root.attrs.get("version", "").startswith("2")
    h = _Handle(doc, v2)
    files = root.findall("file")
    if locale is None:
        trg = root.attrs.get("trgLang") if v2 else next((f.attrs["target-language"] for f in files
                                                        if f.attrs.get("target-language")), None)
        from ..plurals import normalize
        locale = normalize(trg) if trg else None
    res = Resource(path=path, format="xliff", locale=locale, handle=h)
    for n, f in enumerate(files):
        prefix = f"{f.attrs.get('id') or f.attrs.get('original') or n}#" if len(files) > 1 else ""
        angular = f.attrs.get("original") == "ng2.template"
        for seg, unit in (_units_20(doc, f, prefix) if v2 else _units_12(doc, f, prefix)):
            if seg.id in h.units:
                raise ParseError(path, f"duplicate unit id {seg.id!r}", unit.container.line, seg.id)
            forms = None if angular or seg.kind == "icu" else pipe_forms(seg.source)
            if forms is not None:
                seg.source, seg.source_plural = forms
                seg.targets = seg.targets[0].split("|") if seg.targets else []
                h.pipes.add(seg.id)
            h.units[seg.id] = unit
            h.snapshot[seg.id] = (tuple(seg.targets), seg.fuzzy)
            res.segments.append(seg)
    return res


def _segment(doc: Document, sid: str, unit: _Unit, fuzzy: bool) -> Segment:
    source = doc.raw(unit.source)
    target = doc.raw(unit.target) if unit.target is not None else ""
    seg = Segment(id=sid, source=source, targets=[target] if target else [], line=unit.source.line, key=sid,
                  kind="icu" if icu.is_complex(source) else "text")
    if fuzzy and seg.targets:
        seg.flags.append("fuzzy")
    return seg


def _units_12(doc: Document, f: Element, prefix: str) -> list[tuple[Segment, _Unit]]:
    out = []
    for tu in f.iter("trans-unit"):
        if tu.attrs.get("translate") == "no":
            continue
        src = tu.find("source")
        if src is None:
            continue
        unit = _Unit(tu, tu, src, tu.find("target"))
        sid = prefix + (tu.attrs.get("id") or tu.attrs.get("resname") or doc.text(src))
        state = unit.target.attrs.get("state", "") if unit.target is not None else ""
        seg = _segment(doc, sid, unit, state in FUZZY_STATES_12)
        width = tu.attrs.get("maxwidth", "")
        if tu.attrs.get("size-unit") == "char" and width.isdigit() and int(width) > 0:  # default unit: pixels
            seg.max_chars = int(width)
        for note in tu.findall("note"):
            kind = note.attrs.get("from", "")
            if kind == "meaning":
                seg.context = doc.text(note)
            else:
                seg.developer_notes.append(doc.text(note))
        for group in tu.iter("context-group"):
            ctx = {c.attrs.get("context-type"): doc.text(c) for c in group.findall("context")}
            if ctx.get("sourcefile"):
                seg.references.append(ctx["sourcefile"] + (f":{ctx['linenumber']}" if ctx.get("linenumber") else ""))
        out.append((seg, unit))
    return out


def _units_20(doc: Document, f: Element, prefix: str) -> list[tuple[Segment, _Unit]]:
    out = []
    for u in f.iter("unit"):
        if u.attrs.get("translate") == "no":
            continue
        segs = u.findall("segment")
        for k, s in enumerate(segs):
            src = s.find("source")
            if src is None:
                continue
            unit = _Unit(u, s, src, s.find("target"))
            sid = prefix + (u.attrs.get("id") or doc.text(src))
            if len(segs) > 1:
                sid += f"#{s.attrs.get('id') or k}"
            seg = _segment(doc, sid, unit, s.attrs.get("state") == "initial")
            notes = u.find("notes")
            for note in notes.findall("note") if notes is not None else []:
                cat = note.attrs.get("category", "")
                if cat == "meaning":
                    seg.context = doc.text(note)
                elif cat == "location":
                    seg.references.append(doc.text(note))
                else:
                    seg.developer_notes.append(doc.text(note))
            out.append((seg, unit))
    return out


def write(res: Resource) -> bytes:
    h: _Handle = res.handle
    doc = h.doc
    edits: list[tuple[int, int, str]] = []
    for seg in res.segments:
        unit = h.units.get(seg.id)
        if unit is None or (tuple(seg.targets), seg.fuzzy) == h.snapshot[seg.id]:
            continue
        text = "|".join(seg.targets) if seg.id in h.pipes else (seg.targets[0] if seg.targets else "")
        inner = escape_loose(text)
        problem = well_formed(inner, doc.prolog)
        if problem:
            raise ParseError(res.path, f"translation is not well-formed XML ({problem}); not written",
                             unit.source.line, seg.id)
        state = (MACHINE_STATE_20 if seg.fuzzy else DONE_STATE_20) if h.v2 else \
            (MACHINE_STATE_12 if seg.fuzzy else DONE_STATE_12)
        tattrs: dict[str, str | None] = {} if h.v2 else {"state": state}
        if unit.target is not None:
            edits.append((unit.target.start, unit.target.end, element(doc, unit.target, inner, tattrs)))
        else:
            attr = "" if h.v2 else f' state="{state}"'
            nl = doc.newline if doc.indent_of(unit.source) else ""
            edits.append((unit.source.end, unit.source.end,
                          f"{nl}{doc.indent_of(unit.source)}<target{attr}>{inner}</target>"))
        if h.v2 and unit.holder.attrs.get("state") != state:
            edits.append((unit.holder.start, unit.holder.inner_start,
                          set_attrs(doc.start_tag(unit.holder), {"state": state})))
    return doc.splice(edits)


def _without_targets(doc: Document, units: list[_Unit]) -> list[tuple[int, int, str]]:
    """Edits that drop each unit's <target> (and the whitespace before it, after its <source>)."""
    edits = []
    for u in units:
        if u.target is not None:
            gap = doc.data[u.source.end:u.target.start]
            start = u.source.end if not gap.strip() else u.target.start
            edits.append((start, u.target.end, ""))
    return edits


def create(template: Resource, path: str, locale: str) -> Resource:
    """A new XLIFF for `locale` from the source-language one: target language set, targets dropped."""
    h: _Handle = template.handle
    doc = h.doc
    edits = _without_targets(doc, list(h.units.values()))
    if h.v2:
        edits.append((doc.root.start, doc.root.inner_start, set_attrs(doc.start_tag(doc.root), {"trgLang": _lang(locale)})))
    else:
        for f in doc.root.findall("file"):
            edits.append((f.start, f.inner_start, set_attrs(doc.start_tag(f), {"target-language": _lang(locale)})))
    res = read(path, doc.new_file(edits), locale)
    res.exists = False
    return res


def merge_template(res: Resource, template: Resource) -> list[str]:
    """Add the template's units missing from `res` (without targets) after the last unit of the same
    file; returns their ids.  Units no longer in the template are left alone."""
    h: _Handle = res.handle
    th: _Handle = template.handle
    missing = [sid for sid in th.units if sid not in h.units]
    if not missing or not h.units:
        return []
    doc, tdoc = h.doc, th.doc
    last = max((u.container for u in h.units.values()), key=lambda c: c.end)
    indent = doc.indent_of(last)
    chunks: list[str] = []
    done: set[int] = set()
    for sid in missing:
        tu = th.units[sid]
        if id(tu.container) in done:
            continue
        done.add(id(tu.container))
        siblings = [u for u in th.units.values() if u.container is tu.container]
        text = splice(tdoc.data[:tu.container.end], _without_targets(tdoc, siblings))
        text = text[tu.container.start:]
        chunks.append(f"{doc.newline}{indent}{text.decode('utf-8')}")
    data = doc.splice([(last.end, last.end, "".join(chunks))])
    fresh = read(res.path, data, res.locale)
    res.segments, res.handle = fresh.segments, fresh.handle
    return missing
