"""JSON bundles whose every value is a message object: the text under one key, the rest metadata.

Decided for the whole file (an ordinary nested bundle that happens to have a "message" key keeps all its
strings), from the shapes the tools that write them use:

* WebExtension/Chrome `messages.json`, Docusaurus, Crowdin and FormatJS's `crowdin`/`smartling` formats:
  `{"message", "description", "placeholders"}` (Smartling's file also holds a top-level `"smartling"`
  object of directives, which is configuration, not text);
* FormatJS `extract` (react-intl's default format): `{"defaultMessage", "description", "id"}`, with
  `file`/`start`/`end`/`line`/`col` under `--extract-source-location`; a description may be any JSON;
* Transifex structured JSON (FormatJS's `transifex`): `{"string", "developer_comment", "context",
  "character_limit"}`;
* Lokalise structured JSON (FormatJS's `lokalise`): `{"translation", "notes", "context", "limit", "tags"}`.

Only the text key is translated; descriptions, comments, notes and contexts are the translator's notes;
`character_limit`/`limit` is a length limit (as AOSP's `[CHAR LIMIT=n]`); everything else is code and is
copied as it is.

Translatewiki's convention (MediaWiki, jquery.i18n, banana-i18n, Etherpad, OOUI) documents messages in a
`qqq.json` beside the bundles, keyed like them: documentation(), the notes of every bundle in that folder.
`qqq` is no language: `localize check DIR` and `translate DIR` leave the file alone (formats.expand).
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Union

from ._jsonscan import Node

Path_ = tuple[Union[str, int], ...]


@dataclass(frozen=True)
class Shape:
    text: str                   # the translated member
    notes: tuple[str, ...]      # members that are notes for the translator, in the order shown
    limit: str | None           # the member holding a length limit
    other: frozenset[str]       # further members allowed (copied)

    @property
    def members(self) -> frozenset[str]:
        return frozenset({self.text, *self.notes, *([self.limit] if self.limit else [])}) | self.other


SHAPES = (
    Shape("message", ("description",), None, frozenset({"placeholders"})),
    Shape("defaultMessage", ("description",), None, frozenset({"id", "file", "start", "end", "line", "col"})),
    Shape("string", ("developer_comment", "context"), "character_limit", frozenset()),
    Shape("translation", ("notes", "context"), "limit", frozenset({"tags"})),
)
DIRECTIVES = frozenset({"smartling"})  # top-level configuration objects beside the messages


@dataclass
class Found:
    notes: dict[Path_, str]     # text path -> its note
    limits: dict[Path_, int]    # text path -> its length limit
    skip: set[Path_]            # paths (with everything under them) that are not text


def _note(node: Node, text: str) -> str:
    if node.kind == "str":
        return node.value
    return json.dumps(json.loads(text[node.start:node.end]), ensure_ascii=False) if node.kind == "obj" else ""


def _limit(node: Node) -> int | None:
    value: Any = node.value
    try:
        n = int(str(value).strip())
    except ValueError:
        return None
    return n if n > 0 else None


def _fits(shape: Shape, node: Node) -> bool:
    members = {k: n for k, _s, n in node.members} if node.kind == "obj" else {}
    return shape.text in members and members[shape.text].kind == "str" and set(members) <= shape.members


def _shape_of(root: Node) -> Shape | None:
    values = [child for k, _s, child in root.members if k not in DIRECTIVES or child.kind != "obj"]
    return next((shape for shape in SHAPES if values and all(_fits(shape, v) for v in values)), None)


def message_objects(root: Node | None, text: str) -> Found:
    """The notes, length limits and non-text paths of a bundle of message objects (nothing for others)."""
    found = Found({}, {}, set())
    if root is None or root.kind != "obj" or not root.members:
        return found
    shape = _shape_of(root)
    if shape is None:
        return found
    for key, _ks, child in root.members:
        if child.kind != "obj" or shape.text not in {k for k, _s, _n in child.members}:
            found.skip.add((key,))  # a directive
            continue
        here = (key, shape.text)
        notes = []
        for k, _s, n in child.members:
            if k == shape.text:
                continue
            found.skip.add((key, k))
            if k in shape.notes and (note := _note(n, text).strip()):
                notes.append((shape.notes.index(k), note if k != "context" else f"Context: {note}"))
            if k == shape.limit and (limit := _limit(n)) is not None:
                found.limits[here] = limit
        if notes:
            found.notes[here] = "\n".join(n for _i, n in sorted(notes))
    return found


DOCUMENTATION = "qqq.json"  # Translatewiki's message documentation pseudo-language


def documentation(path: str) -> dict[str, str]:
    """Pointer id ("/key", "/group/key") -> documentation, from the `qqq.json` beside `path` (none for
    qqq.json itself, or when there is none or it cannot be read)."""
    p = Path(path)
    doc = p.with_name(DOCUMENTATION)
    if p.name == DOCUMENTATION:
        return {}
    try:
        mtime = os.stat(doc).st_mtime_ns
    except OSError:
        return {}
    return _documentation(str(doc), mtime)


@lru_cache(maxsize=16)
def _documentation(path: str, _mtime: int) -> dict[str, str]:
    try:
        data = json.loads(Path(path).read_text("utf-8-sig"))
    except (OSError, ValueError):
        return {}
    out: dict[str, str] = {}

    def walk(node: Any, pointer: str) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                if pointer == "" and k == "@metadata":
                    continue
                walk(v, f"{pointer}/{str(k).replace('~', '~0').replace('/', '~1')}")
        elif isinstance(node, str) and node.strip():
            out[pointer] = node.strip()
    walk(data, "")
    return out
