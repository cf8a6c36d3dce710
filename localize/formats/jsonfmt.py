"""JSON string bundles: flat and nested objects, i18next v4 (plural suffixes, {{x}}, $t()), ICU
MessageFormat values, arrays; non-string values are never touched.

Reading validates with the standard json module (errors name the line) and then scans the text once
more to record where every value sits, so writing can splice changed strings into the original
text and insert missing keys next to their source-order neighbours with the file's own indentation:
untouched bytes stay untouched.  A missing target file is created from the source file's structure.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Union

from .. import plurals
from ..errors import ParseError
from ..segments import Resource, Segment
from . import _jsonshapes, icu
from ._jsonplurals import (PLURAL_SUFFIX_RE, V3_CATS, V3_SUFFIX_RE, _first_plural_path, _is_variant,
                           _plural_key, _plural_objects, _v3_groups, _with_plurals)
from ._jsonscan import Node, Scanner, duplicates

DESCRIPTION_SUFFIX = "___DESCRIPTION"
Path_ = tuple[Union[str, int], ...]
_BOM = b"\xef\xbb\xbf"
PLURAL_ID = "#plural"  # suffix of an i18next plural group's id ("count" and "count_one" may both exist)
PLURAL_OBJ_ID = "#plurals"  # a plural object: {"one": "...", "other": "..."} (Element, counterpart)
PLURAL3_ID = "#plural3"  # an i18next v3 group: "key" + "key_plural" (target: "key_0" .. for 1 or 3+ forms)


# ------------------------------------------------------------------ reading

@dataclass
class _Handle:
    text: str
    root: Node | None
    indent: str | None          # one indent unit; None for a file on one line
    newline: str
    ensure_ascii: bool
    trailing: str               # what follows the root value (usually "\n")
    key_sep: str = ": "
    item_sep: str = ","         # between members on one line (minified files); "" = not seen
    values: dict[Path_, Node] = field(default_factory=dict)   # path -> string node
    nodes: dict[Path_, Node] = field(default_factory=dict)    # path -> any node
    source: Resource | None = None  # for a target bundle: the source-language resource
    bom: bool = False               # the file starts with a UTF-8 BOM: written back with it
    duplicates: list[tuple[str, int, int]] = field(default_factory=list)  # (key, first line, last line)
    copy: set[Path_] = field(default_factory=set)  # metadata of message objects: copied into a new message
    plural_objects: set[Path_] = field(default_factory=set)  # objects keyed by CLDR categories only


def _pointer(path: Path_) -> str:
    return "/" + "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in path)


def _dotted(path: Path_) -> str:
    out = ""
    for p in path:
        out += f"[{p}]" if isinstance(p, int) else (("." if out else "") + p)
    return out


def _walk(node: Node, path: Path_, h: _Handle) -> None:
    h.nodes[path] = node
    if node.kind == "str":
        h.values[path] = node
    for key, _ks, child in node.members:
        _walk(child, path + (key,), h)
    for i, child in enumerate(node.items):
        _walk(child, path + (i,), h)


def read(path: str, data: bytes, locale: str | None = None) -> Resource:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ParseError(path, "not valid UTF-8 (JSON files must be UTF-8)", line) from None
    try:
        json.loads(text)  # a duplicate key: the last value wins, as in JSON.parse; `check` reports it
    except json.JSONDecodeError as exc:
        raise ParseError(path, f"invalid JSON: {exc.msg} (column {exc.colno})", exc.lineno) from None
    root = Scanner(text).value(0)
    if root.kind not in ("obj", "arr"):
        raise ParseError(path, "a string bundle must be a JSON object", 1)
    m = re.search(r"\n([ \t]+)[\"\[{]", text)
    indent = m.group(1) if m else None
    if m:
        # the first indented line is at depth 1 in nearly every file; use the smallest indent seen
        found = re.findall(r"\n([ \t]+)[\"\[{\d]", text)
        indent = min(found, key=len) if found else indent
    non_ascii_raw = any(ord(c) > 127 for c in text)
    handle = _Handle(text=text, root=root, indent=indent,
                     newline="\r\n" if "\r\n" in text else "\n",
                     ensure_ascii=bool(re.search(r"\\u00[8-9a-fA-F][0-9a-fA-F]|\\u0[1-9a-fA-F]", text)) and not non_ascii_raw,
                     trailing=text[root.end:],
                     key_sep=": " if re.search(r'"\s*:\s+\S', text) or not re.search(r'":\S', text) else ":",
                     item_sep=", " if re.search(r',[ ]+["\[{\d-]', text) else "," if re.search(r',["\[{\d-]', text) else "",
                     bom=data.startswith(_BOM))
    _walk(root, (), handle)
    handle.duplicates = [(_dotted(p), a, b) for p, a, b in duplicates(root, text)]
    res = Resource(path=path, format="json", locale=locale, handle=handle)
    res.segments = _segments(handle, locale)
    docs = _jsonshapes.documentation(path)
    for seg in res.segments if docs else []:
        doc = docs.get(seg.id.split("#")[0])
        if doc and doc not in seg.developer_notes:
            seg.developer_notes.append(doc)
    return res


def _segments(h: _Handle, locale: str | None) -> list[Segment]:
    """Segments of a bundle read as the *source*: i18next plural groups collapse to one segment."""
    segs: list[Segment] = []
    grouped: dict[Path_, dict[str, str]] = {}
    grouped3: dict[Path_, dict[str, str]] = {}
    grouped_obj: dict[Path_, dict[str, str]] = {}
    h.plural_objects = _plural_objects(h)
    order: list[tuple[str, Path_]] = []
    found = _jsonshapes.message_objects(h.root, h.text)
    notes, skip = found.notes, found.skip
    h.copy = {p for p in skip if len(p) == 2}  # a message's description and placeholders go with it
    v3 = _v3_groups(h)
    for path, node in h.values.items():  # Docusaurus base files: "key___DESCRIPTION" documents "key"
        last = path[-1] if path else ""
        stem = path[:-1] + (last[:-len(DESCRIPTION_SUFFIX)],) if isinstance(last, str) else path
        if isinstance(last, str) and last.endswith(DESCRIPTION_SUFFIX) and stem in h.values:
            notes[stem] = node.value
            skip.add(path)
    for path, node in h.values.items():
        if path in skip or path[:1] in skip or path[:2] in skip or (path and path[0] == "@metadata"):
            continue  # jquery.i18n / MediaWiki "@metadata" (authors, message docs) is not text to translate
        last = path[-1] if path else ""
        parent = path[:-1]
        if parent in h.plural_objects:  # {"one": "1 member", "other": "%(count)s members"}
            if parent not in grouped_obj:
                grouped_obj[parent] = {}
                order.append(("plural-object", parent))
            grouped_obj[parent][str(last)] = node.value
            continue
        if path in v3:
            base, cat = v3[path]
            if base not in grouped3:
                grouped3[base] = {}
                order.append(("plural3", base))
            grouped3[base][cat] = node.value
            continue
        m = PLURAL_SUFFIX_RE.match(last) if isinstance(last, str) else None
        if m:
            base = path[:-1] + (m["base"] + ("_ordinal" if m["ord"] else ""),)
            sib = h.nodes.get(path[:-1])
            siblings = {k for k, _s, _n in sib.members} if sib else set()
            pre = f"{m['base']}_{'ordinal_' if m['ord'] else ''}"
            # i18next v4: a plural group always has its _other form and, in a source language with plurals,
            # another one ("category_other": "Other" beside "category_room" is a key, not a plural group)
            if pre + "other" in siblings and any(pre + c in siblings for c in plurals.CATEGORY_ORDER if c != "other"):
                if base not in grouped:
                    grouped[base] = {}
                    order.append(("plural", base))
                grouped[base][m["cat"]] = node.value
                continue
        order.append(("single", path))
    strings = [n.value for n in h.values.values() if isinstance(n.value, str)]
    keys_are_text = bool(strings) and sum(not v for v in strings) * 2 >= len(strings)
    for kind, path in order:
        if kind == "plural3":
            forms = grouped3[path]
            segs.append(Segment(id=_pointer(path) + PLURAL3_ID, source=forms[""], source_plural=forms["plural"],
                                key=_dotted(path) + "_plural", targets=[forms[""], forms["plural"]],
                                plural_categories=["", "plural"],
                                line=h.text.count("\n", 0, h.values[path].start) + 1,
                                kind="icu" if icu.is_complex(forms["plural"]) else "text"))
            continue
        if kind == "plural-object":
            forms = grouped_obj[path]
            one = forms.get("one") or forms["other"]
            cats = [c for c in plurals.CATEGORY_ORDER if c in forms]
            first = min((h.values[path + (c,)] for c in cats), key=lambda n: n.start)
            segs.append(Segment(id=_pointer(path) + PLURAL_OBJ_ID, source=one, source_plural=forms["other"],
                                key=_dotted(path), targets=[forms[c] for c in cats], plural_categories=cats,
                                source_zero=forms.get("zero"), line=h.text.count("\n", 0, first.start) + 1,
                                kind="icu" if icu.is_complex(forms["other"]) else "text"))
            continue
        if kind == "plural":
            forms = grouped[path]
            one = forms.get("one") or forms.get("other") or next(iter(forms.values()))
            other = forms.get("other") or one
            cats = [c for c in plurals.CATEGORY_ORDER if c in forms]
            segs.append(Segment(id=_pointer(path) + PLURAL_ID, source=one, source_plural=other, key=_dotted(path) + "_*",
                                targets=[forms[c] for c in cats], plural_categories=cats,
                                source_zero=forms.get("zero"),
                                line=h.text.count("\n", 0, h.values[_first_plural_path(path, forms, h)].start) + 1,
                                kind="icu" if icu.is_complex(other) else "text"))
        else:
            node = h.values[path]
            last = path[-1] if path else ""
            # keys that are the English text, values left empty in the source bundle (Plone Volto's en.json,
            # gettext-style JSON): the key is the source text
            source = last if (not node.value and keys_are_text and isinstance(last, str)
                              and _TEXT_KEY_RE.fullmatch(last)) else node.value
            segs.append(Segment(id=_pointer(path), source=source, key=_dotted(path),
                                developer_notes=[notes[path]] if path in notes else [],
                                max_chars=found.limits.get(path),
                                targets=[node.value] if node.value else [],
                                line=h.text.count("\n", 0, node.start) + 1,
                                kind="icu" if icu.is_complex(node.value) else "text"))
    return segs


_TEXT_KEY_RE = re.compile(r"(?=.*[^\W\d_]{2})(?:\S+ .*|[A-Z][a-z]+(?:[ -][A-Za-z]+)*)", re.S)  # "Add link", "Bottom"


def is_pipe_plural(seg: Segment) -> bool:
    """A Docusaurus plural message: "One post|{count} posts", keyed "….plurals" (its theme translations)
    or described as plural forms separated by "|" (`usePluralForm`): a target language has one form per
    CLDR category (plurals.pipe_forms).  Other "|" (vue-i18n's choices, "Home | Site") stay as they are."""
    if seg.is_plural or seg.source.count("|") != 1:
        return False
    key = (seg.key or seg.id).removesuffix(".message")
    return key.endswith(".plurals") or any("plural" in n.lower() and "|" in n for n in seg.developer_notes)


def _parse_pointer(pointer: str) -> Path_:
    parts = pointer[1:].split("/") if pointer != "/" else []
    return tuple(p.replace("~1", "/").replace("~0", "~") for p in parts)


def pair(source: Resource, target: Resource | None, path: str, locale: str) -> Resource:
    """The target-locale resource for `source`: source texts from the source bundle, targets from the
    target bundle where it has them (an i18next plural group gets the target locale's categories)."""
    sh: _Handle = source.handle
    th: _Handle | None = target.handle if target is not None else None
    res = Resource(path=path, format="json", locale=locale, exists=target is not None)
    handle = th or _Handle(text="", root=None, indent=sh.indent, newline=sh.newline,
                           ensure_ascii=sh.ensure_ascii, trailing=sh.trailing, key_sep=sh.key_sep,
                           item_sep=sh.item_sep, bom=sh.bom)
    if th is not None and th.root is not None and not th.root.members and not th.root.items:
        # an empty "{}" says nothing about style: take the source bundle's
        th.indent, th.key_sep, th.item_sep = sh.indent, sh.key_sep, sh.item_sep
    if th is not None and not th.item_sep:  # no two items on one line to learn from
        th.item_sep = sh.item_sep or ","
    if th is not None and th.root is not None:
        _check_shape(sh, th, path, source.segments)
    handle.source = source
    res.handle = handle
    # real paths of source segments (pointer components may be array indexes)
    for seg in source.segments:
        spath = _source_path(sh, seg.id)
        tseg = Segment(id=seg.id, source=seg.source, source_plural=seg.source_plural, key=seg.key,
                       developer_notes=list(seg.developer_notes), max_chars=seg.max_chars,
                       line=None, kind=seg.kind)
        if seg.plural_categories:
            nested = seg.id.endswith(PLURAL_OBJ_ID)
            ordinal = str(spath[-1]).endswith("_ordinal") and not nested
            cats = (plurals.i18next_v3_suffixes(locale) if seg.id.endswith(PLURAL3_ID) else
                    plurals.ordinal_categories(locale) if ordinal else plurals.categories(locale))
            if seg.source_zero is not None and not ordinal and "zero" not in cats and not seg.id.endswith(PLURAL3_ID):
                cats = ["zero"] + cats  # i18next (v21+) uses key_zero for a count of 0 in any language
            tseg.plural_categories = cats
            tseg.source_zero = seg.source_zero
            keys = [_plural_key(spath, c, nested) for c in cats]
            vals = [th.values[k].value if th and k in th.values else "" for k in keys]
            tseg.targets = vals if any(vals) else []
            if th and tseg.targets:
                node = next((th.values[k] for k in keys if k in th.values), None)
                tseg.line = th.text.count("\n", 0, node.start) + 1 if node else None
        else:
            node = th.values.get(spath) if th else None
            tseg.targets = [node.value] if node is not None and node.value != "" else []
            if node is not None and th:
                tseg.line = th.text.count("\n", 0, node.start) + 1
        res.segments.append(tseg)
    return res


_KIND = {"obj": "an object", "arr": "an array", "str": "a string", "lit": "a number, boolean or null"}


def _check_shape(sh: _Handle, th: _Handle, path: str, segments: list[Segment]) -> None:
    """The target bundle must have the source's shape where both have a value: a string where the
    source has a string, an object or array where it has one.  Otherwise writing would have to
    guess (and a careless writer corrupts the file): a located error instead."""
    def fail(spath: Path_, node: Node, want: str) -> None:
        line = th.text.count("\n", 0, node.start) + 1
        key = _dotted(spath) or "(root)"
        raise ParseError(path, f"is {_KIND[node.kind]} here but {_KIND[want]} in the source bundle", line, key)

    assert sh.root is not None and th.root is not None
    if th.root.kind != sh.root.kind:
        fail((), th.root, sh.root.kind)
    for seg in segments:
        spath = _source_path(sh, seg.id)
        cats = V3_CATS if seg.id.endswith(PLURAL3_ID) else plurals.CATEGORY_ORDER
        nested = seg.id.endswith(PLURAL_OBJ_ID)
        leaves = [_plural_key(spath, c, nested) for c in cats] if seg.plural_categories else [spath]
        for k in range(1, len(spath)):
            node = th.nodes.get(spath[:k])
            if node is None:
                break
            want = sh.nodes[spath[:k]].kind
            if node.kind != want:
                fail(spath[:k], node, want)
        for leaf in leaves:
            node = th.nodes.get(leaf)
            if node is not None and node.kind != "str":
                fail(leaf, node, "str")


def _source_path(h: _Handle, pointer: str) -> Path_:
    raw = _parse_pointer(pointer.removesuffix(PLURAL3_ID).removesuffix(PLURAL_ID).removesuffix(PLURAL_OBJ_ID))
    out: list[str | int] = []
    for part in raw:
        node = h.nodes.get(tuple(out))
        out.append(int(part) if node is not None and node.kind == "arr" else part)
    return tuple(out)


# ------------------------------------------------------------------ writing

def _dump(value: Any, h: _Handle, depth: int) -> str:
    if h.indent is None:
        return json.dumps(value, ensure_ascii=h.ensure_ascii, separators=(h.item_sep, h.key_sep))
    text = json.dumps(value, ensure_ascii=h.ensure_ascii, indent=h.indent, separators=(",", h.key_sep))
    return text.replace("\n", h.newline + h.indent * depth)


def _desired(res: Resource, sh: _Handle) -> dict[Path_, str]:
    """Target values by real path (resolved in the bundle `sh`), from segments that have targets."""
    out: dict[Path_, str] = {}
    for seg in res.segments:
        if not seg.targets:
            continue
        spath = _source_path(sh, seg.id)
        if seg.plural_categories:
            nested = seg.id.endswith(PLURAL_OBJ_ID)
            for cat, val in zip(seg.plural_categories, seg.targets):
                if val:
                    out[_plural_key(spath, cat, nested)] = val
        else:
            out[spath] = seg.targets[0]
    return out


def _skeleton(sh: _Handle, wanted: dict[Path_, str]) -> Any:
    """The source structure restricted to the wanted paths (for new files and new subtrees)."""
    def build(node: Node, path: Path_) -> Any:
        if path in sh.plural_objects:  # the target locale's categories, in CLDR order
            return {c: wanted[path + (c,)] for c in plurals.CATEGORY_ORDER if path + (c,) in wanted}
        if node.kind == "obj":
            obj: dict[str, Any] = {}
            copied: set[str] = set()
            for key, _ks, child in node.members:
                sub = path + (key,)
                if sub in sh.copy:
                    obj[key] = json.loads(sh.text[child.start:child.end])
                    copied.add(key)
                    continue
                if child.kind == "str":
                    if sub in wanted:
                        obj[key] = wanted[sub]
                    # plural variants the target locale adds after this source key
                    continue
                val = build(child, sub)
                if val not in (None, {}, []):
                    obj[key] = val
            # i18next plural keys: insert in the source group's position
            out = _with_plurals(node, path, obj, wanted)
            return out if set(out) - copied else {}  # a message's metadata alone is no message
        if node.kind == "arr":
            items: list[Any] = []
            for i, c in enumerate(node.items):
                if c.kind in ("obj", "arr"):
                    items.append(build(c, path + (i,)))
                else:
                    items.append(wanted.get(path + (i,), c.value if c.kind == "str" else json.loads(c.value)))
            return items if any(p[:len(path)] == path for p in wanted) else None
        return None
    return build(sh.root, ()) if sh.root else {}  # type: ignore[arg-type]


def write(res: Resource) -> bytes:
    """The bundle's new bytes; verified to parse as JSON before anyone writes them."""
    data = (_BOM if res.handle.bom else b"") + _write(res)
    try:
        json.loads(data.decode("utf-8-sig"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:  # a bug here must never reach the disk
        raise ParseError(res.path, f"internal error: the bundle would not be valid JSON ({exc}); nothing written") from None
    return data


def _write(res: Resource) -> bytes:
    h: _Handle = res.handle
    if h.source is None:  # a bundle read on its own (check / round trip): values edited in place
        return _write_self(res)
    wanted = _desired(res, h.source.handle)
    if h.root is None:
        tree = _skeleton(h.source.handle, wanted)
        return (_dump(tree, h, 0) + (h.trailing or "\n")).encode("utf-8")
    edits, missing = _value_edits(h, wanted)
    inserts = _insertions(h, missing, wanted)
    # an array rewritten whole already holds its new values: drop the value edits inside it
    whole = [(a, b) for a, b, _t in inserts if b > a]
    edits = [e for e in edits if not any(a <= e[0] and e[1] <= b for a, b in whole)]
    return _splice(h.text, edits + inserts).encode("utf-8")


def _write_self(res: Resource) -> bytes:
    """A bundle read on its own (check, round trip): existing values edited in place."""
    h: _Handle = res.handle
    edits, _missing = _value_edits(h, _desired(res, h))
    return _splice(h.text, edits).encode("utf-8")


def _value_edits(h: _Handle, wanted: dict[Path_, str]) -> tuple[list[tuple[int, int, str]], dict[Path_, str]]:
    """Replacements of the string values that changed, and the wanted paths the bundle lacks."""
    edits: list[tuple[int, int, str]] = []
    missing: dict[Path_, str] = {}
    for path, val in wanted.items():
        node = h.values.get(path)
        if node is None:
            missing[path] = val
        elif node.value != val:
            edits.append((node.start, node.end, json.dumps(val, ensure_ascii=h.ensure_ascii)))
    return edits, missing


def _splice(text: str, edits: list[tuple[int, int, str]]) -> str:
    """Apply (start, end, replacement) edits, from the end so earlier offsets stay valid."""
    for start, end, new in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        text = text[:start] + new + text[end:]
    return text


def _subtree(sh: _Handle, spath: Path_, wanted: dict[Path_, str], h: _Handle) -> Any:
    """The source subtree at `spath` restricted to `wanted` (paths relative to it), for insertion."""
    sub_src = sh.nodes.get(spath)
    if sub_src is None:
        return None
    fake = _Handle(text=sh.text, root=sub_src, indent=h.indent, newline=h.newline, ensure_ascii=h.ensure_ascii,
                   trailing="", copy={p[len(spath):] for p in sh.copy if p[:len(spath)] == spath},
                   plural_objects={p[len(spath):] for p in sh.plural_objects if p[:len(spath)] == spath})
    _walk(sub_src, (), fake)
    return _skeleton(fake, wanted)


def _merge(have: Any, add: Any) -> Any:
    """`add` (a source-shaped skeleton) merged into `have`: existing values win, new ones are added."""
    if isinstance(have, dict) and isinstance(add, dict):
        for k, v in add.items():
            have[k] = _merge(have[k], v) if k in have else v
        return have
    if isinstance(have, list) and isinstance(add, list):
        for i, v in enumerate(add):
            if i < len(have):
                have[i] = _merge(have[i], v)
            else:
                have.append(v)
        return have
    return have


def _set(tree: Any, rel: Path_, value: str) -> None:
    for part in rel[:-1]:
        tree = tree[part]
    tree[rel[-1]] = value


def _insertions(h: _Handle, missing: dict[Path_, str], wanted: dict[Path_, str]) -> list[tuple[int, int, str]]:
    """Edits that add missing keys: each new member goes after its closest preceding source sibling
    that the target has, with the indentation of that sibling (or a whole new subtree)."""
    if not missing:
        return []
    sh: _Handle = h.source.handle  # type: ignore[union-attr]
    # the shallowest existing ancestor object for each missing path, and the child key to create there
    groups: dict[Path_, dict[str, Any]] = {}
    arrays: dict[Path_, dict[Any, Path_]] = {}
    for path in missing:
        depth = len(path) - 1
        while depth > 0 and path[:depth] not in h.nodes:
            depth -= 1
        parent = path[:depth]
        pnode = h.nodes.get(parent)
        if pnode is None:
            continue
        if pnode.kind == "arr":
            arrays.setdefault(parent, {})[path[depth]] = path
            continue
        groups.setdefault(parent, {})[str(path[depth])] = None
    # an array rewritten whole covers everything inside it (nested arrays, objects of its items)
    arrays = {a: v for a, v in arrays.items() if not any(b != a and a[:len(b)] == b for b in arrays)}
    groups = {g: v for g, v in groups.items() if not any(g[:len(a)] == a for a in arrays)}
    edits: list[tuple[int, int, str]] = []
    for parent in arrays:  # an array shorter than the source's: rewritten whole, existing items kept
        anode, snode_arr = h.nodes[parent], sh.nodes.get(parent)
        if snode_arr is None or snode_arr.kind != "arr":
            continue
        items: list[Any] = []
        for i, child in enumerate(snode_arr.items):
            have = anode.items[i] if i < len(anode.items) else None
            if have is not None and have.kind == "str":
                items.append(wanted.get(parent + (i,), have.value))
            elif have is not None:
                value = json.loads(h.text[have.start:have.end])
                base = parent + (i,)
                rel = {p[len(base):]: v for p, v in wanted.items() if p[:len(base)] == base}
                new_rel = {k: v for k, v in rel.items() if base + k in missing}
                if new_rel and child.kind in ("obj", "arr"):
                    value = _merge(value, _subtree(sh, base, new_rel, h))
                for k, v in rel.items():
                    if base + k not in missing:
                        _set(value, k, v)
                items.append(value)
            elif child.kind in ("obj", "arr"):  # a whole new item: the source's shape, its strings translated
                rel = {p[len(parent) + 1:]: v for p, v in missing.items() if p[:len(parent) + 1] == parent + (i,)}
                items.append(_subtree(sh, parent + (i,), rel, h))
            else:
                items.append(missing.get(parent + (i,), child.value if child.kind == "str" else json.loads(child.value)))
        edits.append((anode.start, anode.end, _dump(items, h, len(parent))))
    for parent, children in groups.items():
        pnode = h.nodes[parent]
        snode = sh.nodes.get(parent)
        sub_wanted = {p[len(parent):]: v for p, v in missing.items() if p[: len(parent)] == parent}
        # values to add, in source order
        new: dict[str, Any] = {}
        for key in children:
            rel = (key,)
            if rel in sub_wanted:
                new[key] = sub_wanted[rel]
            else:
                new[key] = _subtree(sh, parent + (key,), {p[1:]: v for p, v in sub_wanted.items() if p[0] == key}, h)
        source_keys = [k for k, _s, _n in snode.members] if snode and snode.kind == "obj" else list(new)
        present = {k: (ks, n) for k, ks, n in pnode.members}
        depth = len(parent) + 1
        # plural variants have no source key of their own: order them after their stem's source keys
        def src_pos(key: str) -> float:
            if parent in sh.plural_objects and key in plurals.CATEGORY_ORDER:  # few/many between one and other
                return plurals.CATEGORY_ORDER.index(key)
            if key in source_keys:
                return source_keys.index(key)
            m = PLURAL_SUFFIX_RE.match(key)
            if m:
                stem_keys = [i for i, k in enumerate(source_keys) if _is_variant(k, m["base"] + ("_ordinal" if m["ord"] else ""))]
                if stem_keys:
                    return max(stem_keys) + 0.5 + plurals.CATEGORY_ORDER.index(m["cat"]) / 100
            m3 = V3_SUFFIX_RE.match(key)
            if m3 and m3["base"] in source_keys:  # i18next v3 "key_0", "key_1" after their "key"
                return source_keys.index(m3["base"]) + 0.5 + V3_CATS.index(m3["cat"]) / 100
            return len(source_keys) + 1
        by_anchor: dict[str | None, list[str]] = {}
        for key in sorted(new, key=src_pos):
            before = [k for k in present if src_pos(k) < src_pos(key)]
            anchor = max(before, key=lambda k: (src_pos(k), pnode.members.index(next(m for m in pnode.members if m[0] == k)))) if before else None
            by_anchor.setdefault(anchor, []).append(key)
        for anchor, keys in by_anchor.items():
            if h.indent is None:
                members = [json.dumps(k, ensure_ascii=h.ensure_ascii) + h.key_sep + _dump(new[k], h, depth) for k in keys]
                if anchor is None:
                    text = h.item_sep.join(members) + (h.item_sep if pnode.members else "")
                    edits.append((pnode.start + 1, pnode.start + 1, text))
                else:
                    end = present[anchor][1].end
                    edits.append((end, end, h.item_sep + h.item_sep.join(members)))
                continue
            pad = h.newline + h.indent * depth
            members = [json.dumps(k, ensure_ascii=h.ensure_ascii) + h.key_sep + _dump(new[k], h, depth) for k in keys]
            if anchor is None:
                if pnode.members:
                    first_ks = pnode.members[0][1]
                    line_start = h.text.rfind("\n", 0, first_ks) + 1
                    edits.append((line_start, line_start, "".join(h.indent * depth + m + "," + h.newline for m in members)))
                else:
                    close = h.newline + h.indent * (depth - 1)
                    edits.append((pnode.start + 1, pnode.end - 1, pad + ("," + pad).join(members) + close))
            else:
                end = present[anchor][1].end
                edits.append((end, end, "," + pad + ("," + pad).join(members)))
    return edits

