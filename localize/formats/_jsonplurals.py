"""The plural groups of JSON bundles: i18next v4 suffixes (`key_one`, `key_other`, `key_ordinal_few`),
i18next v3 pairs (`key`, `key_plural`; targets `key_0`..), and objects keyed by CLDR category (Element's
`{"one": ..., "other": ...}`): how they are found in a source bundle, which path holds each category, and
where a target locale's categories go when a tree is built.  Used by jsonfmt.py only."""
from __future__ import annotations

import re
from typing import Any, Union

from .. import plurals
from ._jsonscan import Node

Path_ = tuple[Union[str, int], ...]
PLURAL_SUFFIX_RE = re.compile(r"^(?P<base>.+?)_(?P<ord>ordinal_)?(?P<cat>zero|one|two|few|many|other)$")
V3_SUFFIX_RE = re.compile(r"^(?P<base>.+)_(?P<cat>plural|\d)$")
V3_CATS = ("", "plural", "0", "1", "2", "3", "4", "5")


def _v3_stem(key: str, strings: set[str]) -> str | None:
    """The i18next v3 plural group `key` belongs to: "stem" and "stem_plural", both strings, side by side."""
    stem = key[: -len("_plural")] if key.endswith("_plural") else key
    if stem and stem in strings and stem + "_plural" in strings and not PLURAL_SUFFIX_RE.match(stem):
        return stem
    return None


def _v3_groups(h: Any) -> dict[Path_, tuple[Path_, str]]:
    """i18next v3 plural pairs of a source bundle: each member's path -> (group base path, "" or "plural")."""
    out: dict[Path_, tuple[Path_, str]] = {}
    for path, node in h.nodes.items():
        strings = {k for k, _s, n in node.members if n.kind == "str"}
        for key in strings:
            stem = _v3_stem(key, strings)
            if stem is not None:
                out[path + (key,)] = (path + (stem,), "" if key == stem else "plural")
    return out


def _plural_objects(h: Any) -> set[Path_]:
    """Objects whose keys are CLDR plural categories, "other" and at least one more, all strings: one
    plural message (Element's `{"one": "%(count)s member", "other": "%(count)s members"}`)."""
    out: set[Path_] = set()
    for path, node in h.nodes.items():
        if node.kind != "obj" or len(node.members) < 2:
            continue
        keys = {k for k, _s, _n in node.members}
        if "other" in keys and keys <= set(plurals.CATEGORY_ORDER) and all(n.kind == "str" for _k, _s, n in node.members):
            out.add(path)
    return out


def _first_plural_path(base: Path_, forms: dict[str, str], h: Any) -> Path_:
    stem = base[-1]
    ordinal = isinstance(stem, str) and stem.endswith("_ordinal")
    for c in plurals.CATEGORY_ORDER:
        key = (stem[: -len("_ordinal")] + "_ordinal_" + c) if ordinal else f"{stem}_{c}"
        if base[:-1] + (key,) in h.values:
            return base[:-1] + (key,)
    raise KeyError(base)


def _plural_key(base: Path_, cat: str, nested: bool = False) -> Path_:
    if nested:  # a plural object: {"one": ..., "few": ..., "other": ...}
        return base + (cat,)
    if cat == "":  # i18next v3: the singular (or two-form) key is the bare key
        return base
    stem = str(base[-1])
    key = (stem[: -len("_ordinal")] + "_ordinal_" + cat) if stem.endswith("_ordinal") else f"{stem}_{cat}"
    return base[:-1] + (key,)


def _with_plurals(node: Node, path: Path_, obj: dict[str, Any], wanted: dict[Path_, str]) -> dict[str, Any]:
    keys = [k for k, _s, _n in node.members]
    strings = {k for k, _s, n in node.members if n.kind == "str"}
    out: dict[str, Any] = {}
    done: set[str] = set()
    for key in keys:
        stem3 = _v3_stem(key, strings)
        if stem3 is not None:
            if stem3 not in done:  # i18next v3 group: the target locale's keys, in their order
                done.add(stem3)
                for cat in V3_CATS:
                    p = _plural_key(path + (stem3,), cat)
                    if p in wanted:
                        out[str(p[-1])] = wanted[p]
            continue
        m = PLURAL_SUFFIX_RE.match(key)
        if m:
            stem = m["base"] + ("_ordinal" if m["ord"] else "")
            if stem in done:
                continue
            group = [p for p in wanted if p[:-1] == path and isinstance(p[-1], str) and _is_variant(p[-1], stem)]
            if group:
                done.add(stem)
                for cat in plurals.CATEGORY_ORDER:
                    p = _plural_key(path + (stem,), cat)
                    if p in wanted:
                        out[str(p[-1])] = wanted[p]
                continue
        if key in obj:
            out[key] = obj[key]
    return out


def _is_variant(key: str, stem: str) -> bool:
    m = PLURAL_SUFFIX_RE.match(key)
    return bool(m) and (m["base"] + ("_ordinal" if m["ord"] else "")) == stem
