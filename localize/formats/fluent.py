"""Mozilla Fluent .ftl files, parsed by fluent.syntax (the reference parser; the only importer).

Messages and their attributes are translated; terms (`-brand-name = Firefox`) are not: they are names,
copied as they are into a new locale, and a `{ -brand-name }` reference inside a message is protected
like every other placeable (`{ $var }`, `{ NUMBER($n) }`).  In a select expression only the text of the
variants is translated, one segment per variant (`emails[one]`, `emails[other]`); selectors, variant
keys and the default marker are syntax and never change.  A new locale keeps the source's variant keys:
Fluent falls back to the `*[default]` variant for a plural category the source lacks.  The comment
attached to a message is its translator note; every comment stays where it is.

Writing splices new pattern text over the old one (continuation lines indented as before), inserts
missing messages after their closest preceding source message, and re-parses the result: a pattern that
would not parse (a stray brace from the engine) is an error and nothing is written.
"""
from __future__ import annotations

import re
from typing import Any

from .. import plurals
from ..errors import ParseError
from ..segments import Resource
from . import _keyed
from ._keyed import Entry, Handle, Slot

_LINE_START_SPECIAL = re.compile(r"^([ \t]*)([\[*.}])", re.M)


def _parse(path: str, text: str) -> Any:
    from fluent.syntax import FluentParser, ast
    res = FluentParser(with_spans=True).parse(text)
    for e in res.body:
        if isinstance(e, ast.Junk):
            ann = e.annotations[0] if e.annotations else None
            pos = ann.span.start if ann is not None and ann.span is not None else e.span.start
            msg = ann.message if ann is not None else "unparsable entry"
            raise ParseError(path, f"invalid Fluent: {msg}", _keyed.line_of(text, pos))
    return res


def _dedent(raw: str) -> tuple[str, str]:
    """(value, indent): continuation lines lose their common indentation, as Fluent reads them."""
    lines = raw.split("\n")
    rest = [ln for ln in lines[1:] if ln.strip()]
    indent = min((re.match(r"[ ]*", ln).group(0) for ln in rest), key=len) if rest else "    "  # type: ignore[union-attr]
    return "\n".join([lines[0]] + [ln[len(indent):] if ln.strip() else "" for ln in lines[1:]]), indent


def _slots(pattern: Any, base: str, text: str, notes: list[str], key: str,
           selectors: tuple[str, ...] = ()) -> list[Slot]:
    """Translatable spans of a pattern: the whole pattern, or, around select expressions, each
    variant's pattern and each run of text between them.  `selectors`: the enclosing selects'
    selector expressions ("{ $count }"), which a variant may show."""
    from fluent.syntax import ast
    out: list[Slot] = []
    runs: list[list[Any]] = [[]]
    for el in pattern.elements:
        if isinstance(el, ast.Placeable) and isinstance(el.expression, ast.SelectExpression):
            sel = el.expression.selector
            inner = selectors + (("{ " + text[sel.span.start:sel.span.end] + " }",) if sel.span else ())
            for v in el.expression.variants:
                vkey = v.key.name if isinstance(v.key, ast.Identifier) else v.key.value
                out.extend(_slots(v.value, f"{base}[{vkey}]", text, notes, f"{key}[{vkey}]", inner))
            runs.append([])
        else:
            runs[-1].append(el)
    texty = [r for r in runs if any(isinstance(e, ast.TextElement) and e.value.strip() for e in r)]
    for n, run in enumerate(texty):
        start, end = run[0].span.start, run[-1].span.end
        raw = text[start:end]
        if len(texty) == 1 and len(runs) == 1:
            sid = base
        else:
            sid = f"{base}#{n}"
            # keep the run's surrounding whitespace out of the slot
            lead = len(raw) - len(raw.lstrip())
            start, end = start + lead, start + len(raw.rstrip())
            raw = text[start:end]
        value, indent = _dedent(raw)
        out.append(Slot(id=sid, value=value, start=start, end=end, line=_keyed.line_of(text, start), key=key,
                        notes=list(notes), extra={"indent": indent, "selectors": selectors}))
    return out


def _entries(path: str, text: str) -> list[Entry]:
    from fluent.syntax import ast
    entries: list[Entry] = []
    for e in _parse(path, text).body:
        if not isinstance(e, (ast.Message, ast.Term)):
            continue
        name = ("-" if isinstance(e, ast.Term) else "") + e.id.name
        start = text.rfind("\n", 0, e.span.start) + 1
        end = e.span.end
        m = re.compile(r"[ \t]*\r?\n?").match(text, end)
        end = m.end() if m else end
        entry = Entry(key=name, start=start, end=end)
        if isinstance(e, ast.Message):
            notes = [e.comment.content] if e.comment is not None and e.comment.content else []
            if e.value is not None:
                entry.slots += _slots(e.value, name, text, notes, name)
            for attr in e.attributes:
                entry.slots += _slots(attr.value, f"{name}.{attr.id.name}", text, notes, f"{name}.{attr.id.name}")
        entries.append(entry)
    return entries


def read(path: str, data: bytes, locale: str | None = None) -> Resource:
    text = _keyed.decode_utf8(path, data)
    h = Handle(text=text, entries=_entries(path, text), newline=_keyed.newline_of(text))
    return _keyed.resource(path, "fluent", locale, h)


def _encode(value: str, slot: Slot, h: Handle) -> str:
    """Pattern text for `value`: continuation lines indented, a line that would start with `[`, `*`,
    `.` or `}` (syntax there) written as a string literal placeable."""
    indent = slot.extra.get("indent", "    ")
    lines = value.split("\n")
    out = [lines[0]]
    for ln in lines[1:]:
        if ln[:1] in ("[", "*", ".", "}"):
            ln = '{"' + ln[0] + '"}' + ln[1:]
        out.append(indent + ln if ln else "")
    first = out[0]
    if first[:1] in (" ", "\t") and slot.start > 0:  # leading blanks are not part of a pattern
        out[0] = '{"' + first[0] + '"}' + first[1:]
    return h.newline.join(out)


_VARIANT_RE = re.compile(r"\[[^\]]*\]|#\d+$")


def _counterpart(src: Slot, th: Handle) -> Slot | None:
    """The target's own shape of a message wins: its [few]/[many] variants for the source's [other], a
    select where the source has plain text, or plain text where the source selects.  A source variant
    the target message lacks reads as that message's default variant (written last, by convention); a
    message the target lacks is None (to translate)."""
    entry = th.keys.get(src.id.split("[")[0].split(".")[0].split("#")[0])
    if entry is None:
        return None
    base = _VARIANT_RE.sub("", src.id)
    same = [t for t in entry.slots if _VARIANT_RE.sub("", t.id) == base]
    return same[-1] if same else None


def _key_name(variant: Any) -> str:
    from fluent.syntax import ast
    return variant.key.name if isinstance(variant.key, ast.Identifier) else variant.key.value


def _is_ordinal(selector: Any) -> bool:
    from fluent.syntax import ast
    if not isinstance(selector, ast.FunctionReference) or selector.id.name != "NUMBER":
        return False
    return any(a.name.name == "type" and getattr(a.value, "value", "") == "ordinal" for a in selector.arguments.named)


def _plural_edit(text: str, select: Any, locale: str, newline: str) -> tuple[int, str] | None:
    """Where and what to insert so that a plural select has every plural category of `locale`: the
    variants it lacks, each a copy of its [other] (else default) variant, in CLDR order; None when the
    select is not over plural categories ([male]/[female], PLATFORM()) or lacks nothing."""
    variants = select.variants
    names = [_key_name(v) for v in variants]
    words = {n for n in names if not n.replace(".", "").lstrip("-").isdigit()}
    if not words or not words <= set(plurals.CATEGORY_ORDER) or words == {"other"}:
        return None
    cats = plurals.ordinal_categories(locale) if _is_ordinal(select.selector) else plurals.categories(locale)
    missing = [c for c in cats if c not in words]
    if not missing:
        return None
    template = next((v for v in variants if _key_name(v) == "other"), None) or next(v for v in variants if v.default)
    raw = text[template.span.start:template.span.end]
    body = raw[raw.index("]") + 1:]

    def indent_of(v: Any) -> str:
        return text[text.rfind("\n", 0, v.span.start) + 1:v.span.start]
    plain = [v for v in variants if not v.default]
    indent = indent_of(plain[0]) if plain else indent_of(template) + " "
    if indent.strip():  # a variant that shares its line with something else: no place for a new line
        return None
    rank = {c: i for i, c in enumerate(plurals.CATEGORY_ORDER)}
    inserts: dict[int, list[str]] = {}
    for c in missing:
        after = next((v for v in variants if rank.get(_key_name(v), -1) > rank[c]), None)
        pos = text.rfind("\n", 0, after.span.start) + 1 if after is not None else variants[-1].span.end
        line = f"{indent}[{c}]{body}"
        inserts.setdefault(pos, []).append(line + newline if after is not None else newline + line)
    pos = min(inserts)  # categories that go in another place come in the caller's next round
    return pos, "".join(inserts[pos])


def _selects(node: Any) -> list[Any]:
    """Every select expression inside a pattern, innermost ones too."""
    from fluent.syntax import ast
    out: list[Any] = []
    for el in node.elements:
        if isinstance(el, ast.Placeable) and isinstance(el.expression, ast.SelectExpression):
            out.append(el.expression)
            for v in el.expression.variants:
                out.extend(_selects(v.value))
    return out


def with_locale_plurals(source: Resource, locale: str, keep: set[str]) -> Resource:
    """`source` with every plural select of the messages outside `keep` given `locale`'s categories (a
    new Resource read from the amended text), or `source` itself when nothing changes."""
    from fluent.syntax import ast
    h: Handle = source.handle
    text = h.text
    for _round in range(12):
        edit = None
        for e in _parse(source.path, text).body:
            if not isinstance(e, ast.Message) or e.id.name in keep:
                continue
            for pattern in [e.value] + [a.value for a in e.attributes]:
                if pattern is None:
                    continue
                for sel in reversed(_selects(pattern)):  # innermost first: an outer copy takes it expanded
                    edit = _plural_edit(text, sel, locale, h.newline)
                    if edit is not None:
                        break
                if edit is not None:
                    break
            if edit is not None:
                break
        if edit is None:
            break
        pos, add = edit
        text = text[:pos] + add + text[pos:]
    if text == h.text:
        return source
    out = read(source.path, text.encode("utf-8"), source.locale)
    out.exists = source.exists
    return out


def pair(source: Resource, target: Resource | None, path: str, locale: str) -> Resource:
    keep = set(target.handle.keys) if target is not None else set()
    source = with_locale_plurals(source, locale, keep)
    return _keyed.pair(source, target, path, locale, "fluent", counterpart=_counterpart)


def message_sources(res: Resource) -> dict[str, tuple[str, ...]]:
    """Per pattern (message_of), the source texts of its variants and its selectors ("{ $count }"): the
    variables any of its variants may use in a translation."""
    h: Handle = res.handle
    slots = h.source.handle.slots if h.source is not None else h.slots
    out: dict[str, tuple[str, ...]] = {}
    for seg in res.segments:
        sl = slots.get(seg.id)
        extra = tuple(sl.extra.get("selectors", ())) if sl is not None else ()
        out[message_of(seg.id)] = out.get(message_of(seg.id), ()) + (seg.source,) + extra
    return out


def message_of(segment_id: str) -> str:
    """The pattern a segment belongs to: "emails[one]" -> "emails", "menu.label[other]#0" -> "menu.label"."""
    return _VARIANT_RE.sub("", segment_id)


def variant_key(segment_id: str) -> str | None:
    """The innermost variant key of a segment ("emails[one]" -> "one"), None outside a select."""
    keys = re.findall(r"\[([^\]]*)\]", segment_id)
    return keys[-1] if keys else None


def write(res: Resource) -> bytes:
    text = _keyed.write_text(res, _encode)
    try:
        _parse(res.path, text)
    except ParseError as exc:
        raise ParseError(res.path, f"a translation would not parse as Fluent ({exc.message}); nothing written",
                         exc.line) from None
    return text.encode("utf-8")
