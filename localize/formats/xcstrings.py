"""Xcode string catalogs (.xcstrings): one JSON file holds every locale of a table.

    {"sourceLanguage" : "en", "strings" : {KEY : {"comment" : ..., "extractionState" : ...,
      "shouldTranslate" : false, "localizations" : {LANG : {"stringUnit" : {"state" : ..., "value" : ...},
      "variations" : {"plural" : {CAT : {"stringUnit" : ...}}, "device" : {DEVICE : {...}}},
      "substitutions" : {NAME : {"argNum" : 1, "formatSpecifier" : "lld", "variations" : {...}}}}}}},
     "version" : "1.0"}

Reading a locale gives that locale's units, with their source texts from the source language's units
(or the key itself, which is what Xcode stores for an extracted string whose value is its key): one
segment per string unit, one plural segment per `plural` variation (the target gets its CLDR categories
from plurals.py, and "zero" where the source has it, as Apple's runtime uses it in every language).
Device variations and substitutions are units of their own.  `shouldTranslate: false` strings are
skipped, `extractionState: stale` ones are obsolete, the comment is the developer note.  States:
"needs_review" and "stale" are fuzzy; "new" is untranslated.

Writing changes only the target locale's `localizations.LANG` object of the strings whose units changed
(re-serialized as Xcode writes JSON: 2-space indent, `"key" : value`, sorted keys, `{\\n\\n}` for an empty
object; inserted at its sorted place when new), so every other byte stays as it was.  Machine output is
`needs_review` unless it is final (`translated`).  Because one file holds every locale, each locale's
job of a run writes on top of the file as it is on disk when it is saved: locales never clobber each
other (`MULTILINGUAL`: a [[resources]] path needs no {locale}).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import plurals
from ..errors import ParseError
from ..segments import Resource, Segment
from ._jsonscan import Node, Scanner

MULTILINGUAL = True
PLURAL_ID = "#plural"
MACHINE_STATE, DONE_STATE = "needs_review", "translated"
FUZZY_STATES = {"needs_review", "stale"}
VPath = tuple[str, ...]   # variant path inside one localization: (), ("device", "iphone"), ("substitutions", "n")


@dataclass
class _Unit:
    kind: str                                  # unit | plural
    path: VPath
    values: dict[str, str]                     # "" -> value (unit) or category -> value (plural)
    states: dict[str, str]


@dataclass
class _Handle:
    text: str
    root: Node
    source_lang: str
    indent: str = "  "
    sep: str = " : "
    escape_slash: bool = False
    refs: dict[str, tuple[str, VPath, str]] = field(default_factory=dict)  # segment id -> (key, path, kind)
    snapshot: dict[str, tuple[tuple[str, ...], bool]] = field(default_factory=dict)
    lang_key: str | None = None                # the target locale as this file spells it


def _members(node: Node | None) -> dict[str, Node]:
    return {k: n for k, _s, n in node.members} if node is not None and node.kind == "obj" else {}


def _find_lang(locs: dict[str, Any], locale: str) -> str | None:
    want = plurals.normalize(locale)
    return next((k for k in locs if plurals.normalize(k) == want), None)


def _flatten(obj: Any, prefix: VPath = ()) -> list[_Unit]:
    """The string units of one localization object, in file order."""
    out: list[_Unit] = []
    if not isinstance(obj, dict):
        return out
    su = obj.get("stringUnit")
    if isinstance(su, dict):
        out.append(_Unit("unit", prefix, {"": str(su.get("value", ""))}, {"": str(su.get("state", ""))}))
    for vkind, variants in (obj.get("variations") or {}).items():
        if not isinstance(variants, dict):
            continue
        if vkind == "plural":
            vals = {c: str(v["stringUnit"].get("value", "")) for c, v in variants.items()
                    if isinstance(v, dict) and isinstance(v.get("stringUnit"), dict)}
            states = {c: str(v["stringUnit"].get("state", "")) for c, v in variants.items()
                      if isinstance(v, dict) and isinstance(v.get("stringUnit"), dict)}
            if vals:
                out.append(_Unit("plural", prefix + ("plural",), vals, states))
        else:
            for name, sub in variants.items():
                out += _flatten(sub, prefix + (vkind, name))
    for name, sub in (obj.get("substitutions") or {}).items():
        out += _flatten(sub, prefix + ("substitutions", name))
    return out


def _seg_id(key: str, path: VPath, kind: str) -> str:
    base = key + ("|" + "/".join(p for p in path if p != "plural") if [p for p in path if p != "plural"] else "")
    return base + (PLURAL_ID if kind == "plural" else "")


def _parse(path: str, data: bytes) -> tuple[_Handle, dict[str, Any]]:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ParseError(path, "not valid UTF-8", data[: exc.start].count(b"\n") + 1) from None
    try:
        tree = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ParseError(path, f"invalid JSON: {exc.msg} (column {exc.colno})", exc.lineno) from None
    if not isinstance(tree, dict) or not isinstance(tree.get("strings"), dict) or "sourceLanguage" not in tree:
        raise ParseError(path, "not a string catalog: expected an object with sourceLanguage and strings", 1)
    root = Scanner(text).value(0)
    h = _Handle(text=text, root=root, source_lang=str(tree["sourceLanguage"]),
                 sep=" : " if '" : ' in text or '":' not in text else ": ", escape_slash="\\/" in text)
    return h, tree


def read(path: str, data: bytes, locale: str | None = None) -> Resource:
    """The units of `locale` (None: the source language's own units, as targets of themselves)."""
    h, tree = _parse(path, data)
    loc = plurals.normalize(locale) if locale else plurals.normalize(h.source_lang)
    res = Resource(path=path, format="xcstrings", locale=loc, handle=h)
    strings_node = _members(h.root)["strings"]
    lines = {k: h.text.count("\n", 0, ks) + 1 for k, ks, _n in strings_node.members}
    for key, entry in tree["strings"].items():
        if not isinstance(entry, dict) or entry.get("shouldTranslate") is False:
            continue
        locs = entry.get("localizations") or {}
        if not isinstance(locs, dict):
            raise ParseError(path, "'localizations' must be an object", lines.get(key), key)
        src_key = _find_lang(locs, h.source_lang)
        units = _flatten(locs[src_key]) if src_key else []
        if not units:
            units = [_Unit("unit", (), {"": key}, {"": ""})]
        tgt_key = _find_lang(locs, loc)
        if h.lang_key is None and tgt_key is not None:
            h.lang_key = tgt_key
        is_source = plurals.normalize(loc) == plurals.normalize(h.source_lang)
        tgt = {(u.path, u.kind): u for u in (units if is_source else _flatten(locs[tgt_key]) if tgt_key else [])}
        comment = entry.get("comment")
        for u in units:
            if not any(u.values.values()):
                continue  # "" : { } entries Xcode keeps for empty literals
            sid = _seg_id(key, u.path, u.kind)
            seg = Segment(id=sid, source="", key=key, line=lines.get(key),
                          developer_notes=[comment] if isinstance(comment, str) and comment else [],
                          obsolete=entry.get("extractionState") == "stale")
            t = tgt.get((u.path, u.kind))
            if u.kind == "plural":
                cats = [c for c in plurals.CATEGORY_ORDER if c in u.values]
                seg.source = u.values.get("one") or u.values[cats[0]]
                seg.source_plural = u.values.get("other") or u.values[cats[-1]]
                want = plurals.categories(loc)
                if "zero" in u.values and "zero" not in want:
                    want = ["zero"] + want
                seg.plural_categories = want
                if t is not None:
                    vals = [t.values.get(c, "") if t.states.get(c) != "new" or is_source else "" for c in want]
                    seg.targets = vals if any(vals) else []
                    if any(t.states.get(c) in FUZZY_STATES for c in want) and seg.targets:
                        seg.flags.append("fuzzy")
            else:
                seg.source = u.values[""]
                if is_source:
                    seg.targets = [seg.source]  # the source language's own units (or the key, where Xcode stores none)
                elif t is not None and t.values[""] and t.states[""] != "new":
                    seg.targets = [t.values[""]]
                    if t.states[""] in FUZZY_STATES:
                        seg.flags.append("fuzzy")
            h.refs[sid] = (key, u.path, u.kind)
            h.snapshot[sid] = (tuple(seg.targets), seg.fuzzy)
            res.segments.append(seg)
    return res


def locales(path: str, data: bytes) -> list[str]:
    """The target locales a catalog holds (every localization but the source language's), normalized."""
    h, tree = _parse(path, data)
    src = plurals.normalize(h.source_lang)
    return sorted({plurals.normalize(k) for k in _all_langs(tree)} - {src})


def create(template: Resource, path: str, locale: str) -> Resource:
    """A catalog at a new place: the template catalog's text, read for `locale` (not yet written)."""
    th: _Handle = template.handle
    res = read(path, th.text.encode("utf-8"), locale)
    res.exists = False
    return res


# ------------------------------------------------------------------ writing

def _dump(value: Any, h: _Handle, depth: int) -> str:
    """JSON as Xcode writes it, the opening bracket on the current line at `depth`."""
    ind = h.indent
    if isinstance(value, dict):
        if not value:
            return "{\n\n" + ind * depth + "}"
        body = (",\n").join(ind * (depth + 1) + _str(k, h) + h.sep + _dump(v, h, depth + 1) for k, v in value.items())
        return "{\n" + body + "\n" + ind * depth + "}"
    if isinstance(value, list):
        if not value:
            return "[\n\n" + ind * depth + "]"
        return "[\n" + ",\n".join(ind * (depth + 1) + _dump(v, h, depth + 1) for v in value) + "\n" + ind * depth + "]"
    if isinstance(value, str):
        return _str(value, h)
    return json.dumps(value)


def _str(s: str, h: _Handle) -> str:
    out = json.dumps(s, ensure_ascii=False)
    return out.replace("/", "\\/") if h.escape_slash else out


def _put(d: dict[str, Any], key: str, value: Any) -> dict[str, Any]:
    """`d` with `key` set; a new key goes before the first key that sorts after it (Xcode sorts keys)."""
    if key in d:
        d[key] = value
        return d
    out: dict[str, Any] = {}
    placed = False
    for k, v in d.items():
        if not placed and k > key:
            out[key] = value
            placed = True
        out[k] = v
    if not placed:
        out[key] = value
    d.clear()
    d.update(out)
    return d


def _node(d: dict[str, Any], key: str) -> dict[str, Any]:
    if not isinstance(d.get(key), dict):
        _put(d, key, {})
    return d[key]


def _set_unit(obj: dict[str, Any], value: str, state: str) -> None:
    su = _node(obj, "stringUnit")
    _put(su, "state", state)
    _put(su, "value", value)


def _apply(loc_obj: dict[str, Any], src_obj: dict[str, Any] | None, path: VPath, kind: str,
           cats: list[str], targets: list[str], state: str) -> None:
    """Set one unit's (or plural group's) target values in a localization object."""
    obj, src = loc_obj, src_obj or {}
    i = 0
    while i < len(path):
        part = path[i]
        if part == "plural":
            break
        if part == "substitutions":
            name = path[i + 1]
            ssub = (src.get("substitutions") or {}).get(name) or {}
            sub = _node(_node(obj, "substitutions"), name)
            for k, v in ssub.items():  # argNum, formatSpecifier: code, copied from the source
                if k not in ("variations", "stringUnit") and k not in sub:
                    _put(sub, k, v)
            obj, src = sub, ssub
        else:  # variations / device / NAME
            obj = _node(_node(_node(obj, "variations"), part), path[i + 1])
            src = ((src.get("variations") or {}).get(part) or {}).get(path[i + 1]) or {}
        i += 2
    if kind == "plural":
        plural = _node(_node(obj, "variations"), "plural")
        for cat, val in zip(cats, targets):
            if val:
                _set_unit(_node(plural, cat), val, state)
    else:
        _set_unit(obj, targets[0], state)


def _insert_member(h: _Handle, obj: Node, depth: int, key: str, value_text: str) -> tuple[int, int, str]:
    """An edit adding `"key" : value` to the object `obj` (members at depth + 1) at its sorted place."""
    ind = h.indent
    member = _str(key, h) + h.sep + value_text
    if not obj.members:
        return obj.start, obj.end, "{\n" + ind * (depth + 1) + member + "\n" + ind * depth + "}"
    for k, kstart, _n in obj.members:
        if k > key:
            return kstart, kstart, member + ",\n" + ind * (depth + 1)
    last = obj.members[-1][2]
    return last.end, last.end, ",\n" + ind * (depth + 1) + member


def _edits(h: _Handle, res: Resource, tree: dict[str, Any], changed: list[Segment]) -> list[tuple[int, int, str]]:
    """Per string with changed units: its target localization object, rewritten or inserted."""
    lang = h.lang_key or _find_lang(_all_langs(tree), res.locale or "") or (res.locale or "").replace("_", "-")
    strings_node = _members(h.root)["strings"]
    entries = _members(strings_node)
    by_key: dict[str, list[Segment]] = {}
    for seg in changed:
        by_key.setdefault(h.refs[seg.id][0], []).append(seg)
    edits: list[tuple[int, int, str]] = []
    for key, segs in by_key.items():
        entry = tree["strings"].get(key)
        enode = entries.get(key)
        if not isinstance(entry, dict) or enode is None:
            continue
        locs = entry.get("localizations") if isinstance(entry.get("localizations"), dict) else {}
        have = _find_lang(locs, lang)
        loc_obj: dict[str, Any] = json.loads(json.dumps(locs[have])) if have else {}
        src_key = _find_lang(locs, h.source_lang)
        for seg in segs:
            _key, path, kind = h.refs[seg.id]
            _apply(loc_obj, locs.get(src_key) if src_key else None, path, kind, seg.plural_categories,
                   seg.targets, MACHINE_STATE if seg.fuzzy else DONE_STATE)
        lnode = _members(enode).get("localizations")
        if have is not None and lnode is not None:
            node = _members(lnode)[have]
            edits.append((node.start, node.end, _dump(loc_obj, h, 4)))
        elif lnode is not None:
            edits.append(_insert_member(h, lnode, 3, lang, _dump(loc_obj, h, 4)))
        else:
            edits.append(_insert_member(h, enode, 2, "localizations", _dump({lang: loc_obj}, h, 3)))
    return edits


def _all_langs(tree: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for entry in tree.get("strings", {}).values():
        if isinstance(entry, dict) and isinstance(entry.get("localizations"), dict):
            out.update(dict.fromkeys(entry["localizations"]))
    return out


def _splice(text: str, edits: list[tuple[int, int, str]]) -> str:
    for start, end, new in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        text = text[:start] + new + text[end:]
    return text


def write(res: Resource) -> bytes:
    """This locale's changed units written into the catalog: the file as it is on disk now when another
    locale's job already saved it (one file, every locale), else the text that was read."""
    h: _Handle = res.handle
    changed = [s for s in res.segments if s.id in h.snapshot and s.targets and any(s.targets)
               and (tuple(s.targets), s.fuzzy) != h.snapshot[s.id]]
    base = h.text
    p = Path(res.path)
    if changed and p.is_file():
        disk = p.read_bytes().decode("utf-8", "replace")
        if disk != h.text:
            base = disk
    if not changed:
        return h.text.encode("utf-8")
    bh, tree = _parse(res.path, base.encode("utf-8")) if base != h.text else (h, json.loads(h.text))
    if bh is not h:
        bh.refs, bh.lang_key = h.refs, h.lang_key
    out = _splice(base, _edits(bh, res, tree, changed))
    try:
        json.loads(out)
    except json.JSONDecodeError as exc:  # a bug here must never reach the disk
        raise ParseError(res.path, f"internal error: the catalog would not be valid JSON ({exc}); nothing written") from None
    return out.encode("utf-8")
