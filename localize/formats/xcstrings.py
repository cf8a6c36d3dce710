"""Xcode string catalogs (.xcstrings): one JSON file holds every locale of a table.

    {"sourceLanguage" : "en", "strings" : {KEY : {"comment" : ..., "extractionState" : ...,
      "shouldTranslate" : false, "localizations" : {LANG : {"stringUnit" : {"state" : ..., "value" : ...},
      "variations" : {"plural" : {CAT : {"stringUnit" : ...}}, "device" : {DEVICE : {...}}},
      "substitutions" : {NAME : {"argNum" : 1, "formatSpecifier" : "lld", "variations" : {...}}}}}}},
     "version" : "1.0"}

Reading a locale gives that locale's units, with their source texts from the source language's units
(or the key itself, which is what Xcode stores for an extracted string whose value is its key): one
segment per string unit, one plural segment per `plural` variation (the target gets its CLDR categories
from plurals.py, and "zero" where its localization has one, as Apple's runtime uses it in every language).
Device variations and substitutions are units of their own.  `shouldTranslate: false` strings are
skipped, `extractionState: stale` ones are obsolete, the comment is the developer note.  States:
"needs_review" and "stale" are fuzzy; "new" is untranslated.

Writing changes only the target locale's `localizations.LANG` object of the strings whose units changed
(re-serialized as Xcode writes JSON: 2-space indent, `"key" : value`, sorted keys, `{\\n\\n}` for an empty
object; a string's `localizations` object is rewritten when a locale is new to it), so every other byte
stays as it was.  Machine output is `needs_review` unless it is final (`translated`).  Because one file
holds every locale, the pipeline reads each target locale with `for_locale()` from the one catalog it
read for the source language: they form a group, and writing any of them writes the changes of all, so
the jobs of one run never clobber each other (`MULTILINGUAL`: a [[resources]] path needs no {locale}).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
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
    group: list[Resource] = field(default_factory=list)   # the resources (one per locale) written together


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
    """The units of `locale` (None: the source language's own units, as targets of themselves, and no
    locale on the resource: a catalog names no one target, so a command that needs one asks for --to)."""
    h, tree = _parse(path, data)
    loc = plurals.normalize(locale) if locale else plurals.normalize(h.source_lang)
    res = Resource(path=path, format="xcstrings", locale=loc if locale else None, handle=h)  # None: pick a locale
    h.group.append(res)
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
                if t is not None and "zero" in t.values and "zero" not in want:  # a person wrote one: kept
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


def for_locale(base: Resource, locale: str) -> Resource:
    """The catalog `base` was read from, read for `locale` as a member of `base`'s group: writing any
    member writes every member's changes (the pipeline's jobs of one catalog, one per locale, each
    serialize the same whole file, so none clobbers another)."""
    bh: _Handle = base.handle
    res = read(base.path, bh.text.encode("utf-8"), locale)
    res.handle.group = bh.group
    bh.group.append(res)
    return res


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
            old = ((plural.get(cat) or {}).get("stringUnit") or {}) if isinstance(plural.get(cat), dict) else {}
            if state == MACHINE_STATE and old.get("state") == DONE_STATE and old.get("value"):
                continue  # a person's form of a partly translated plural: machine output fills only the others
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


def _changed(res: Resource) -> list[Segment]:
    h: _Handle = res.handle
    return [s for s in res.segments if s.id in h.snapshot and s.targets and any(s.targets)
            and (tuple(s.targets), s.fuzzy) != h.snapshot[s.id]]


def _edits(h: _Handle, tree: dict[str, Any], members: list[Resource]) -> list[tuple[int, int, str]]:
    """Per string with changed units (of any member locale): the changed localization objects rewritten in
    place, or the string's whole `localizations` object rewritten when a locale is new to it."""
    strings_node = _members(h.root)["strings"]
    entries = _members(strings_node)
    langs = _all_langs(tree)
    wanted: dict[str, dict[str, list[tuple[Resource, Segment]]]] = {}   # key -> lang -> (resource, segment)
    for res in members:
        rh: _Handle = res.handle
        lang = rh.lang_key or _find_lang(langs, res.locale or "") or (res.locale or "").replace("_", "-")
        for seg in _changed(res):
            wanted.setdefault(rh.refs[seg.id][0], {}).setdefault(lang, []).append((res, seg))
    edits: list[tuple[int, int, str]] = []
    for key, by_lang in wanted.items():
        entry = tree["strings"].get(key)
        enode = entries.get(key)
        if not isinstance(entry, dict) or enode is None:
            continue
        locs = entry.get("localizations") if isinstance(entry.get("localizations"), dict) else {}
        src_key = _find_lang(locs, h.source_lang)
        new_locs: dict[str, Any] = json.loads(json.dumps(locs))
        for lang, pairs in by_lang.items():
            have = _find_lang(locs, lang) or lang
            loc_obj = new_locs.get(have) if isinstance(new_locs.get(have), dict) else {}
            for res, seg in pairs:
                _key, path, kind = res.handle.refs[seg.id]
                _apply(loc_obj, locs.get(src_key) if src_key else None, path, kind, seg.plural_categories,
                       seg.targets, MACHINE_STATE if seg.fuzzy else DONE_STATE)
            _put(new_locs, have, loc_obj)
        lnode = _members(enode).get("localizations")
        if lnode is None:
            edits.append(_insert_member(h, enode, 2, "localizations", _dump(new_locs, h, 3)))
        elif all(k in locs for k in new_locs):  # every locale already there: each object rewritten in place
            lmembers = _members(lnode)
            for lang in by_lang:
                have = _find_lang(locs, lang) or lang
                node = lmembers[have]
                edits.append((node.start, node.end, _dump(new_locs[have], h, 4)))
        else:
            edits.append((lnode.start, lnode.end, _dump(new_locs, h, 3)))
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
    """The catalog with the changed units of `res` and of every other locale read with it (its group)."""
    h: _Handle = res.handle
    members = [r for r in h.group if r is not res and r.handle.text == h.text] + [res]
    if not any(_changed(r) for r in members):
        return h.text.encode("utf-8")
    out = _splice(h.text, _edits(h, json.loads(h.text), members))
    try:
        json.loads(out)
    except json.JSONDecodeError as exc:  # a bug here must never reach the disk
        raise ParseError(res.path, f"internal error: the catalog would not be valid JSON ({exc}); nothing written") from None
    return out.encode("utf-8")
