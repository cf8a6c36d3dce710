"""YAML i18n files: Rails (`de:` locale root, nested maps, `one`/`other` plural maps, `%{var}`, arrays)
and Symfony-style files without a locale root (`messages.de.yaml`).

ruamel.yaml's event parser (the only ruamel importer) gives every scalar with its exact span, style,
anchor and tag; nothing is re-serialized: changed values are spliced into the original text in their
own quoting style (a value that plain style cannot carry becomes double-quoted), missing keys are
inserted under their closest existing parent after their closest preceding source sibling with the
file's indentation, so comments, quoting, anchors and aliases stay as they were.  Plain scalars that
YAML reads as numbers, booleans or null, Ruby symbols (`:year`), aliases and merge keys are not text.

A plural map (keys among zero/one/two/few/many/other, with `other`) is one segment; the target gets
its own CLDR categories (`ru`: one/few/many/other), plus `zero` when the source has it (Rails picks
`zero` for a count of 0 in every language; its source text is the source's `zero`).  A missing file is created from the source: the
locale root key becomes the target locale, the source's non-text values (formats, numbers, symbol
arrays) are copied, its text values translated.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Union

from .. import cldr, plurals
from ..errors import ParseError
from ..segments import Resource, Segment
from ._keyed import line_of, newline_of, splice

Path_ = tuple[Union[str, int], ...]
CATS = plurals.CATEGORY_ORDER
LOCALE_KEY_RE = re.compile(r"^[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")
NOT_TEXT_RE = re.compile(
    r"^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|y|Y|n|N"
    r"|[-+]?(?:0|[1-9][0-9_]*)|0o?[0-7_]+|0x[0-9a-fA-F_]+|[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|:[A-Za-z_]\w*[?!]?)$")
DATE_PARTS = {"year", "month", "day"}
PREFIX_RE = re.compile(r"(?:[&!][^\s]*\s+)+")
PLURAL_ID = "#plural"


@dataclass
class YNode:
    kind: str                      # map | seq | scalar | alias
    start: int
    end: int
    col: int
    value: str = ""
    style: str | None = None       # None (plain) ' " | >
    tagged: bool = False
    flow: bool = False
    in_flow: bool = False          # inside a flow collection ([a, b], {a: b})
    members: list[tuple[str, "YNode", "YNode"]] = field(default_factory=list)
    items: list["YNode"] = field(default_factory=list)

    @property
    def is_null(self) -> bool:
        """`key: ~`, `key: null`, `key:`: no value (Rails' I18n treats the key as missing)."""
        return self.kind == "scalar" and self.style is None and not self.tagged \
            and self.value in ("", "~", "null", "Null", "NULL")

    @property
    def is_text(self) -> bool:
        if self.kind != "scalar" or self.tagged:
            return False
        return self.style is not None or not NOT_TEXT_RE.match(self.value)


TAB_PROBLEM = "found character '\\t' that cannot start any token"


def _tab_ok(text: str, i: int) -> bool:
    """Whether the tab at `i` separates tokens where libyaml (Ruby's Psych, PyYAML's CLoader) allows it:
    after content on its line ("key:\tvalue", "Wagga\tWagga" inside a plain scalar, "value\t# note"),
    not as indentation and not right after a sequence entry's "-"."""
    before = text[text.rfind("\n", 0, i) + 1:i].strip(" \t")
    return bool(before) and before != "-" and not before.endswith((" -", "\t-"))


def _fold_plain(raw: str) -> str:
    """A plain scalar's value from its source text (YAML line folding: a line break between two lines is a
    space, each empty line a newline; white space around the lines is not content)."""
    lines = [ln.strip(" \t\r") for ln in raw.split("\n")]
    out, blanks = lines[0], 0
    for ln in lines[1:]:
        if not ln:
            blanks += 1
            continue
        out += ("\n" * blanks if blanks else " ") + ln
        blanks = 0
    return out


def _parse(text: str) -> tuple[list[Any], list[int]]:
    """ruamel's events for `text`, and the tabs it was given as spaces.  ruamel's scanner (PyYAML's) takes
    a tab only inside quotes, where libyaml, and with it Rails, also takes one between tokens and inside
    a plain scalar: faker's `- Wagga\tWagga`, Kendo's `accept:\tPM`.  Such a tab is read as a space (same
    offsets) and the plain scalars holding one get their value from the original text."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError
    work, tabs = text, []
    while True:
        try:
            return list(YAML().parse(work)), tabs
        except MarkedYAMLError as exc:
            mark = exc.problem_mark
            i = mark.index if mark is not None else -1
            if exc.problem != TAB_PROBLEM or not 0 <= i < len(work) or work[i] != "\t" or not _tab_ok(work, i):
                raise
            tabs.append(i)
            work = work[:i] + " " + work[i + 1:]


def _build(path: str, text: str) -> YNode | None:
    from ruamel.yaml.error import MarkedYAMLError, YAMLError
    from ruamel.yaml import events as ev
    stack: list[YNode] = []
    pending_key: list[YNode | None] = []
    root: YNode | None = None
    docs = 0

    def add(node: YNode) -> None:
        nonlocal root
        node.in_flow = bool(stack) and (stack[-1].flow or stack[-1].in_flow)
        if not stack:
            root = node
            return
        parent = stack[-1]
        if parent.kind == "seq":
            parent.items.append(node)
        elif pending_key[-1] is None:
            if node.kind != "scalar":
                raise ParseError(path, "only plain string keys are supported", line_of(text, node.start))
            pending_key[-1] = node
        else:
            key = pending_key[-1]
            assert key is not None
            if any(k == key.value for k, _kn, _v in parent.members):
                raise ParseError(path, f"duplicate key {key.value!r}", line_of(text, key.start))
            parent.members.append((key.value, key, node))
            pending_key[-1] = None

    try:
        events, tabs = _parse(text)
        for e in events:
            s, t = e.start_mark.index, e.end_mark.index
            if isinstance(e, ev.DocumentStartEvent):
                docs += 1
                if docs > 1:
                    raise ParseError(path, "more than one YAML document", line_of(text, s))
            elif isinstance(e, ev.ScalarEvent):
                tagged = e.tag is not None and e.tag not in ("tag:yaml.org,2002:str", "!!str") and not (
                    e.implicit and e.implicit[0])
                value = e.value
                if tabs and e.style is None and any(s <= i < t for i in tabs):
                    value = _fold_plain(PREFIX_RE.sub("", text[s:t], count=1))
                add(YNode("scalar", s, t, e.start_mark.column, value=value, style=e.style, tagged=tagged))
            elif isinstance(e, ev.AliasEvent):
                add(YNode("alias", s, t, e.start_mark.column))
            elif isinstance(e, (ev.MappingStartEvent, ev.SequenceStartEvent)):
                node = YNode("map" if isinstance(e, ev.MappingStartEvent) else "seq", s, t, e.start_mark.column,
                             flow=bool(e.flow_style))
                add(node)
                stack.append(node)
                pending_key.append(None)
            elif isinstance(e, (ev.MappingEndEvent, ev.SequenceEndEvent)):
                node = stack.pop()
                pending_key.pop()
                node.end = max(t, _last_end(node))
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise ParseError(path, f"invalid YAML: {exc.problem or exc.context}",
                         mark.line + 1 if mark is not None else None) from None
    except YAMLError as exc:
        raise ParseError(path, f"invalid YAML: {exc}", 1) from None
    return root


def _last_end(node: YNode) -> int:
    ends = [node.start]
    for _k, kn, v in node.members:
        ends += [kn.end, v.end]
    ends += [i.end for i in node.items]
    return max(ends)


def _is_plural(node: YNode) -> bool:
    keys = [k for k, _kn, _v in node.members]
    return (node.kind == "map" and "other" in keys and all(k in CATS for k in keys)
            and all(v.is_text for _k, _kn, v in node.members))


@dataclass
class _Handle:
    text: str
    root: YNode | None
    content: YNode | None          # the map below the locale key (Rails) or the root (Symfony)
    root_key: YNode | None         # the locale key node (Rails)
    newline: str = "\n"
    bom: bool = False
    unit: int = 2
    leaves: dict[Path_, YNode] = field(default_factory=dict)     # text scalars by path
    nodes: dict[Path_, YNode] = field(default_factory=dict)      # every node by path
    groups: dict[Path_, YNode] = field(default_factory=dict)     # plural maps by path
    order: list[tuple[str, Path_]] = field(default_factory=list)
    source: Resource | None = None


def _walk(h: _Handle, node: YNode, path: Path_) -> None:
    h.nodes[path] = node
    if node.kind == "map":
        if path and _is_plural(node):
            h.groups[path] = node
            h.order.append(("plural", path))
            for k, _kn, v in node.members:
                h.nodes[path + (k,)] = v
            return
        for k, _kn, v in node.members:
            if k != "<<":
                _walk(h, v, path + (k,))
    elif node.kind == "seq":
        if _date_order(node):
            return  # Rails' date.order: [year, month, day] names fields (date_select), it is not text
        for i, item in enumerate(node.items):
            _walk(h, item, path + (i,))
    elif node.is_text and not _setting(path):
        h.leaves[path] = node
        h.order.append(("leaf", path))


def _setting(path: Path_) -> bool:
    """A Rails number setting that is an option, not text: `number.*.round_mode: default` is BigDecimal's
    rounding mode (Rails 6.1's locale file; "Standard" or "domyślny" raises ArgumentError when a number
    is rounded)."""
    return bool(path) and path[-1] == "round_mode" and "number" in path


def _date_order(node: YNode) -> bool:
    """A list of date part names (Rails' `date.order: [year, month, day]`, or `[:year, ...]`)."""
    return bool(node.items) and all(i.kind == "scalar" and i.value.lstrip(":") in DATE_PARTS for i in node.items)


def _pointer(path: Path_) -> str:
    return "/" + "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in path)


def _dotted(path: Path_) -> str:
    out = ""
    for p in path:
        out += f"[{p}]" if isinstance(p, int) else (("." if out else "") + str(p))
    return out


def _handle(path: str, data: bytes) -> _Handle:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ParseError(path, "not valid UTF-8", data[: exc.start].count(b"\n") + 1) from None
    bom = text.startswith("\ufeff")
    text = text.removeprefix("\ufeff")
    root = _build(path, text)
    content, root_key = root, None
    if (root is not None and root.kind == "map" and len(root.members) == 1 and not root.flow
            and LOCALE_KEY_RE.match(root.members[0][0]) and root.members[0][2].kind in ("map", "scalar")):
        root_key, content = root.members[0][1], root.members[0][2]
        if content.kind == "scalar" and content.value not in ("", "~", "null"):
            content, root_key = root, None
    cols = sorted({kn.col for n in _all(root) for _k, kn, _v in n.members if not n.flow})
    steps = [b - a for a, b in zip(cols, cols[1:]) if b > a]
    h = _Handle(text=text, root=root, content=content, root_key=root_key, newline=newline_of(text), bom=bom,
                unit=min(steps) if steps else 2)
    if content is not None and content.kind == "map":
        _walk(h, content, ())
    return h


def _all(node: YNode | None) -> list[YNode]:
    if node is None:
        return []
    out = [node]
    for _k, _kn, v in node.members:
        out += _all(v)
    for i in node.items:
        out += _all(i)
    return out


def read(path: str, data: bytes, locale: str | None = None) -> Resource:
    h = _handle(path, data)
    if locale is None and h.root_key is not None:
        locale = h.root_key.value
    res = Resource(path=path, format="yaml", locale=locale, handle=h)
    for kind, p in h.order:
        if kind == "leaf":
            node = h.leaves[p]
            if node.value == "":
                continue
            res.segments.append(Segment(id=_pointer(p), source=node.value, key=_dotted(p), targets=[node.value],
                                        line=line_of(h.text, node.start)))
        else:
            forms = {k: v.value for k, _kn, v in h.groups[p].members}
            cats = [c for c in CATS if c in forms]
            res.segments.append(Segment(id=_pointer(p) + PLURAL_ID, source=forms.get("one", forms["other"]),
                                        source_plural=forms["other"], key=_dotted(p), plural_categories=cats,
                                        targets=[forms[c] for c in cats], source_zero=forms.get("zero"),
                                        line=line_of(h.text, h.groups[p].start)))
    return res


def _path_of(h: _Handle, seg_id: str) -> Path_:
    raw = seg_id.removesuffix(PLURAL_ID)
    parts = [p.replace("~1", "/").replace("~0", "~") for p in raw[1:].split("/")] if raw != "/" else []
    out: list[str | int] = []
    for part in parts:
        node = h.nodes.get(tuple(out))
        out.append(int(part) if node is not None and node.kind == "seq" else part)
    return tuple(out)


def pair(source: Resource, target: Resource | None, path: str, locale: str) -> Resource:
    sh: _Handle = source.handle
    th: _Handle | None = target.handle if target is not None else None
    if th is not None and th.content is not None and th.content.kind == "scalar":
        th = None  # "de:" with nothing under it: written as a new file
    res = Resource(path=path, format="yaml", locale=locale, exists=target is not None)
    handle = th or _Handle(text="", root=None, content=None, root_key=None, newline=sh.newline, bom=sh.bom,
                           unit=sh.unit)
    handle.source = source
    res.handle = handle
    for seg in source.segments:
        p = _path_of(sh, seg.id)
        t = Segment(id=seg.id, source=seg.source, source_plural=seg.source_plural, key=seg.key,
                    developer_notes=list(seg.developer_notes))
        if seg.plural_categories:
            t.plural_categories = plurals.categories(locale)
            if seg.source_zero is not None and "zero" not in t.plural_categories:
                # Rails uses `zero` for a count of 0 in any language when the map has it: kept
                t.plural_categories = ["zero"] + t.plural_categories
            t.source_zero = seg.source_zero
            node = th.nodes.get(p) if th else None
            if th is not None and node is not None and node.kind != "map":
                raise ParseError(path, "is a single value here but a plural map in the source file",
                                 line_of(th.text, node.start), _dotted(p))
            vals = [th.nodes.get(p + (c,)) for c in t.plural_categories] if th else []
            texts = [v.value if v is not None and v.kind == "scalar" and not v.is_null else "" for v in vals]
            t.targets = texts if any(texts) else []
            if node is not None and th is not None:
                t.line = line_of(th.text, node.start)
        else:
            node = th.nodes.get(p) if th else None
            if th is not None and node is not None and node.kind in ("map", "seq"):
                raise ParseError(path, f"is a {'map' if node.kind == 'map' else 'list'} here but a string in the source file",
                                 line_of(th.text, node.start), _dotted(p))
            if node is not None and node.kind == "scalar" and not node.is_null and th is not None:
                t.targets = [node.value]
                t.line = line_of(th.text, node.start)
        res.segments.append(t)
    return res


# ------------------------------------------------------------------ writing

PLAIN_BAD_START = set("-?:,[]{}#&*!|>'\"%@`")


def plain_ok(value: str, in_flow: bool = False) -> bool:
    if in_flow and any(c in value for c in ",[]{}"):
        return False
    return bool(value) and value == value.strip() and "\n" not in value and value[0] not in PLAIN_BAD_START \
        and ": " not in value and " #" not in value and not value.endswith(":") and "\t" not in value \
        and not NOT_TEXT_RE.match(value) and value.isprintable()


def scalar(value: str, style: str | None, indent: str, newline: str, in_flow: bool = False) -> str:
    """`value` as a YAML scalar in `style` where that style can carry it, else double-quoted."""
    if style is None and plain_ok(value, in_flow):
        return value
    if style == "'" and "\n" not in value and value.isprintable():
        return "'" + value.replace("'", "''") + "'"
    if style == "|":
        body = value[:-1] if value.endswith("\n") else value
        if body and not body.startswith((" ", "\n")) and not body.endswith("\n") \
                and all(ch.isprintable() or ch == "\n" for ch in body):
            head = "|" if value.endswith("\n") else "|-"
            return head + newline + newline.join(indent + ln if ln else "" for ln in body.split("\n")) + newline
    return json.dumps(value, ensure_ascii=False)


def _edit(h: _Handle, node: YNode, value: str) -> tuple[int, int, str]:
    """Replace a scalar's value, keeping its anchor or tag and, for block scalars, its trailing blank lines."""
    raw = h.text[node.start:node.end]
    m = PREFIX_RE.match(raw)
    start = node.start + (m.end() if m else 0)
    end = node.end
    if node.style in ("|", ">"):
        body = h.text[start:end]
        lines = body.split("\n")
        indent = next((re.match(r"[ ]*", ln).group(0) for ln in lines[1:] if ln.strip()), " " * (node.col + h.unit))
        new = scalar(value, "|", indent, h.newline)
        if new.startswith("|"):
            trail = len(body) - len(body.rstrip("\r\n"))
            extra = body[len(body) - trail:]
            extra = extra[len(h.newline):] if extra.startswith(h.newline) else extra[1:]
            return start, end, new + extra
        nl_end = len(body.rstrip("\r\n"))
        return start, start + nl_end, new
    return start, end, scalar(value, node.style, "", h.newline, node.in_flow)


def _wanted(res: Resource, sh: _Handle) -> dict[Path_, str]:
    out: dict[Path_, str] = {}
    for seg in res.segments:
        if not seg.targets:
            continue
        p = _path_of(sh, seg.id)
        if seg.plural_categories:
            for cat, val in zip(seg.plural_categories, seg.targets):
                if val:
                    out[p + (cat,)] = val
        elif seg.targets[0]:
            out[p] = seg.targets[0]
    return out


def _line_end(text: str, pos: int) -> int:
    """After the line terminator of the line holding position `pos - 1`."""
    if pos > 0 and text[pos - 1] == "\n":
        return pos
    nl = text.find("\n", pos)
    return len(text) if nl < 0 else nl + 1


def _subtree(sh: _Handle, base: Path_, wanted: dict[Path_, str], with_data: bool,
             locale: str | None = None) -> dict[str, Any]:
    """Ordered tree of what to write below `base`: str values (translated text), ("raw", text) for
    non-text source values (new files only), lists for sequences."""
    node = sh.nodes.get(base) if base else sh.content

    def build(n: YNode, p: Path_) -> Any:
        if p in sh.groups:
            cats = [c for c in CATS if p + (c,) in wanted]
            return {c: wanted[p + (c,)] for c in cats} or None
        if n.kind == "map":
            out: dict[str, Any] = {}
            for k, _kn, v in n.members:
                if k == "<<":
                    continue
                sub = build(v, p + (k,))
                if sub is not None:
                    out[k] = sub
            return out or None
        if n.kind == "seq":
            if with_data and _date_order(n):  # data: the target locale's order (CLDR), else as it is
                raws = [PREFIX_RE.sub("", sh.text[i.start:i.end], count=1) for i in n.items]
                order = cldr.date_order(locale) if locale and len(raws) == 3 else None
                if order and {i.value.lstrip(":") for i in n.items} == set(order):
                    by = {i.value.lstrip(":"): r for i, r in zip(n.items, raws)}
                    raws = [by[part] for part in order]
                return [("raw", r) for r in raws]
            items = [build(i, p + (j,)) for j, i in enumerate(n.items)]
            if any(x is not None for x in items) and all(x is not None for x in items):
                return items
            return None
        if n.kind == "scalar":
            if p in wanted:
                return wanted[p]
            if with_data and (not n.is_text or n.value == "" or _setting(p)):  # Rails' delimiter: "" is data
                raw = sh.text[n.start:n.end]
                return ("raw", PREFIX_RE.sub("", raw, count=1)) if "\n" not in raw else None
        return None

    if node is None:
        return {}
    return build(node, base) or {}


_SOURCE = "source"


def _emit(tree: dict[str, Any], sh: _Handle, base: Path_, col: int, unit: int, newline: str,
          style: str | None = _SOURCE) -> str:
    """YAML lines for `tree` at column `col`; scalars in `style` (default: the source value's style)."""
    out: list[str] = []

    def style_of(p: Path_) -> str | None:
        if style != _SOURCE:
            return style
        n = sh.nodes.get(p)
        if n is None and len(p) and p[:-1] in sh.groups:  # a category the source lacks: like its siblings
            n = next((v for _k, _kn, v in sh.groups[p[:-1]].members), None)
        return n.style if n is not None and n.kind == "scalar" else '"'

    def key_text(p: Path_, k: str) -> str:
        parent = sh.nodes.get(p[:-1]) if p[:-1] else sh.content
        for kk, kn, _v in (parent.members if parent is not None else []):
            if kk == k:
                return sh.text[kn.start:kn.end]
        return k if plain_ok(k) else json.dumps(k, ensure_ascii=False)

    def value_text(v: Any, p: Path_, pad: str) -> str:
        if isinstance(v, tuple):
            return v[1]
        st = style_of(p)
        return scalar(v, st if st in (None, "'", '"') else '"', pad, newline)

    def emit_map(d: dict[str, Any], p: Path_, c: int) -> None:
        for k, v in d.items():
            kp = p + (k,)
            head = " " * c + key_text(kp, k) + ":"
            if isinstance(v, dict):
                out.append(head)
                emit_map(v, kp, c + unit)
            elif isinstance(v, list):
                out.append(head)
                for j, item in enumerate(v):
                    out.append(" " * (c + unit) + "- " + value_text(item, kp + (j,), ""))
            else:
                out.append(head + " " + value_text(v, kp, ""))

    emit_map(tree, base, col)
    return "".join(line + newline for line in out)


def write(res: Resource) -> bytes:
    text = _write(res)
    data = (("\ufeff" if res.handle.bom else "") + text).encode("utf-8")
    read(res.path, data)  # must parse again: a bug here never reaches the disk
    return data


def _write(res: Resource) -> str:
    h: _Handle = res.handle
    if h.source is None:
        edits = []
        for seg in res.segments:
            p = _path_of(h, seg.id)
            if seg.plural_categories:
                for cat, val in zip(seg.plural_categories, seg.targets):
                    node = h.nodes.get(p + (cat,))
                    if node is not None and val and node.value != val:
                        edits.append(_edit(h, node, val))
            elif seg.targets and seg.targets[0] and h.leaves[p].value != seg.targets[0]:
                edits.append(_edit(h, h.leaves[p], seg.targets[0]))
        return splice(h.text, edits)
    sh: _Handle = h.source.handle
    wanted = _wanted(res, sh)
    if h.root is None:  # a new file
        tree = _subtree(sh, (), wanted, with_data=True, locale=res.locale)
        if sh.root_key is not None:
            return f"{res.locale}:{h.newline}" + _emit(tree, sh, (), sh.unit, sh.unit, h.newline)
        return _emit(tree, sh, (), 0, sh.unit, h.newline)
    edits = []
    missing: dict[Path_, str] = {}
    for p, val in wanted.items():
        node = h.nodes.get(p)
        if node is not None and node.kind == "scalar":
            if node.value != val:
                edits.append(_edit(h, node, val))
        elif node is None:
            missing[p] = val
    edits += _insertions(h, sh, missing)
    return splice(h.text, edits)


def _insertions(h: _Handle, sh: _Handle, missing: dict[Path_, str]) -> list[tuple[int, int, str]]:
    """Missing keys, grouped under their deepest existing parent map, each group after the closest
    preceding source sibling the target has (plural categories in CLDR order)."""
    groups: dict[Path_, set[str]] = {}
    nulls: set[Path_] = set()
    for p in missing:
        d = len(p) - 1
        while d > 0 and p[:d] not in h.nodes:
            d -= 1
        parent = p[:d]
        pnode = h.nodes.get(parent) if parent else h.content
        if pnode is not None and parent and pnode.kind == "scalar" and pnode.style is None \
                and pnode.value in ("", "~", "null"):
            nulls.add(parent)  # "key:" with nothing under it: the whole subtree goes there
            continue
        if pnode is None or pnode.kind != "map" or pnode.flow or isinstance(p[d], int):
            continue  # a flow map or a list the target has: left as it is
        groups.setdefault(parent, set()).add(str(p[d]))
    edits: list[tuple[int, int, str]] = []
    for parent in nulls:
        gp = h.nodes.get(parent[:-1]) if parent[:-1] else h.content
        kn = next((kn for k, kn, _v in (gp.members if gp else []) if k == parent[-1]), None)
        node = h.nodes[parent]
        if kn is None:
            continue
        colon = h.text.index(":", kn.end) + 1
        sub = {p: v for p, v in missing.items() if p[:len(parent)] == parent}
        tree = _subtree(sh, parent, sub, with_data=False)
        if tree:
            block = _emit(tree, sh, parent, kn.col + h.unit, h.unit, h.newline)
            edits.append((colon, node.end if node.value else colon, h.newline + block[: -len(h.newline)]))
    for parent, keys in groups.items():
        pnode = h.nodes.get(parent) if parent else h.content
        assert pnode is not None
        snode = sh.nodes.get(parent) if parent else sh.content
        order = list(CATS) if parent in sh.groups else [k for k, _kn, _v in (snode.members if snode else [])]
        present = {k: (kn, v) for k, kn, v in pnode.members}
        col = pnode.members[0][1].col if pnode.members else pnode.col + h.unit
        by_anchor: dict[str | None, list[str]] = {}
        for key in sorted(keys, key=lambda k: order.index(k) if k in order else len(order)):
            pos = order.index(key) if key in order else len(order)
            before = [k for k in order[:pos] if k in present]
            by_anchor.setdefault(before[-1] if before else None, []).append(key)
        for anchor, ks in by_anchor.items():
            sub_missing = {p: v for p, v in missing.items() if p[:len(parent)] == parent and str(p[len(parent)]) in ks}
            tree = {k: v for k, v in _subtree(sh, parent, sub_missing, with_data=False).items() if k in ks}
            if parent in sh.groups:
                tree = {c: sub_missing[parent + (c,)] for c in CATS if c in ks and parent + (c,) in sub_missing}
            if not tree:
                continue
            sib = next((v for _k, _kn, v in pnode.members if v.kind == "scalar" and v.is_text), None)
            block = _emit(tree, sh, parent, col, h.unit, h.newline, sib.style if sib is not None else _SOURCE)
            if anchor is not None:
                pos = _line_end(h.text, present[anchor][1].end)
            elif pnode.members:
                first = pnode.members[0][1].start
                pos = h.text.rfind("\n", 0, first) + 1
            else:
                pos = _line_end(h.text, pnode.end)
            if pos == len(h.text) and h.text and not h.text.endswith("\n"):
                block = h.newline + block
            edits.append((pos, pos, block))
    return edits
