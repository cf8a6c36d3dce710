"""A span-recording JSON scanner: where every value of a bundle sits in its text, and a duplicate-key
check with the line of the second occurrence.  jsonfmt uses the spans to splice changed strings into
the original text (untouched bytes stay untouched)."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from ..errors import ParseError


@dataclass
class Node:
    kind: str  # obj | arr | str | lit
    start: int
    end: int
    value: Any = None
    members: list[tuple[str, int, "Node"]] = field(default_factory=list)  # obj: (key, key start, node)
    items: list["Node"] = field(default_factory=list)                     # arr


_WS = " \t\r\n"
_STR_RE = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_LIT_RE = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null")


class Scanner:
    def __init__(self, text: str) -> None:
        self.t = text

    def ws(self, i: int) -> int:
        while i < len(self.t) and self.t[i] in _WS:
            i += 1
        return i

    def value(self, i: int) -> Node:
        i = self.ws(i)
        c = self.t[i]
        if c == "{":
            node = Node("obj", i, i)
            i = self.ws(i + 1)
            if self.t[i] == "}":
                node.end = i + 1
                return node
            while True:
                i = self.ws(i)
                m = _STR_RE.match(self.t, i)
                assert m
                key = json.loads(m.group(0))
                i = self.ws(m.end())
                assert self.t[i] == ":"
                child = self.value(i + 1)
                node.members.append((key, m.start(), child))
                i = self.ws(child.end)
                if self.t[i] == ",":
                    i += 1
                    continue
                assert self.t[i] == "}"
                node.end = i + 1
                return node
        if c == "[":
            node = Node("arr", i, i)
            i = self.ws(i + 1)
            if self.t[i] == "]":
                node.end = i + 1
                return node
            while True:
                child = self.value(i)
                node.items.append(child)
                i = self.ws(child.end)
                if self.t[i] == ",":
                    i += 1
                    continue
                assert self.t[i] == "]"
                node.end = i + 1
                return node
        if c == '"':
            m = _STR_RE.match(self.t, i)
            assert m
            return Node("str", i, m.end(), json.loads(m.group(0)))
        m = _LIT_RE.match(self.t, i)
        assert m
        return Node("lit", i, m.end(), m.group(0))


def duplicates(root: Node, text: str) -> list[tuple[tuple[str | int, ...], int, int]]:
    """Keys defined twice in one object: (path of the key, line of the first, line of the last).
    The scanner keeps every member; readers take the last value, as JSON.parse does."""
    out: list[tuple[tuple[str | int, ...], int, int]] = []

    def walk(node: Node, path: tuple[str | int, ...]) -> None:
        first: dict[str, int] = {}
        for key, kstart, child in node.members:
            line = text.count("\n", 0, kstart) + 1
            if key in first:
                out.append((path + (key,), first[key], line))
            else:
                first[key] = line
            walk(child, path + (key,))
        for i, child in enumerate(node.items):
            walk(child, path + (i,))
    walk(root, ())
    return out


def dup_check(path: str, text: str) -> Any:
    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        seen: dict[str, Any] = {}
        for k, v in pairs:
            if k in seen:
                # find the line of the second occurrence for the message
                needle = json.dumps(k, ensure_ascii=False)
                first = text.find(needle)
                second = text.find(needle, first + 1)
                line = text.count("\n", 0, second) + 1 if second >= 0 else None
                raise ParseError(path, "duplicate key", line, k)
            seen[k] = v
        return seen
    return hook
