"""A small ICU MessageFormat parser: enough to translate only the text of a message.

`parse()` turns a message into a tree (text, simple arguments, plural/select/selectordinal with
branches, `#`); `units()` lists the text runs a translator must translate (simple arguments and `#`
stay inside the runs, where protect.py masks them); `rebuild()` puts translated runs back into the
same syntax and, for plural arguments, gives the target locale its own CLDR categories.  Keywords,
selectors and argument names are never sent to the engine.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Union

from ._xml import between

COMPLEX = ("plural", "select", "selectordinal")


class ICUError(ValueError):
    pass


@dataclass
class Arg:
    name: str
    type: str = ""           # "", number, date, plural, select, selectordinal ...
    style: str = ""          # raw text after the type for simple args; "offset:1" for plurals
    branches: list[tuple[str, list["Node_"]]] = field(default_factory=list)

    @property
    def complex(self) -> bool:
        return self.type in COMPLEX


@dataclass
class Pound:
    pass


Node_ = Union[str, Arg, Pound]


# An XML element with attributes inside a message is literal text, braces in its attribute values
# included: Angular's XLIFF writes `{VAR_PLURAL, plural, other {<x id="INTERPOLATION" equiv-text="{{n}}"/>
# minutes}}`.  Only tags with quoted attributes: "a <b and {x} > c" keeps its argument.
XML_TAG_RE = re.compile(r'<[A-Za-z][\w:.-]*(?:\s+[\w:.-]+="[^"<>]*")+\s*/?>')


def _outside_tags(text: str, fn: Callable[[str], str]) -> str:
    """`fn` applied to the text between XML tags; the tags as they are."""
    return between(XML_TAG_RE, text, fn) if "<" in text else fn(text)


class _Parser:
    def __init__(self, text: str, strict: bool = True) -> None:
        self.t = text
        self.i = 0
        self.strict = strict

    def error(self, msg: str) -> ICUError:
        return ICUError(f"{msg} at offset {self.i}")

    def message(self, in_plural: bool, depth: int) -> list[Node_]:
        out: list[Node_] = []
        buf: list[str] = []
        t = self.t
        while self.i < len(t):
            c = t[self.i]
            if c == "'":
                nxt = t[self.i + 1] if self.i + 1 < len(t) else ""
                if nxt == "'":
                    buf.append("'")
                    self.i += 2
                    continue
                if nxt in "{}" or (in_plural and nxt == "#") or nxt == "|":
                    end = t.find("'", self.i + 1)
                    while end != -1 and end + 1 < len(t) and t[end + 1] == "'":
                        end = t.find("'", end + 2)
                    if end == -1:
                        buf.append(t[self.i + 1:])
                        self.i = len(t)
                        continue
                    buf.append(t[self.i + 1:end].replace("''", "'"))
                    self.i = end + 1
                    continue
                buf.append("'")
                self.i += 1
                continue
            if c == "<":
                tag = XML_TAG_RE.match(t, self.i)
                if tag:
                    buf.append(tag.group(0))
                    self.i = tag.end()
                    continue
            if c == "{":
                if buf:
                    out.append("".join(buf))
                    buf = []
                out.append(self.argument(depth))
                continue
            if c == "}":
                if depth == 0:
                    raise self.error("unmatched '}'")
                break
            if c == "#" and in_plural:
                if buf:
                    out.append("".join(buf))
                    buf = []
                out.append(Pound())
                self.i += 1
                continue
            buf.append(c)
            self.i += 1
        if buf:
            out.append("".join(buf))
        return out

    def ws(self) -> None:
        while self.i < len(self.t) and self.t[self.i].isspace():
            self.i += 1

    def ident(self) -> str:
        self.ws()
        start = self.i
        while self.i < len(self.t) and self.t[self.i] not in ",{}" and not self.t[self.i].isspace():
            self.i += 1
        return self.t[start:self.i]

    def argument(self, depth: int) -> Arg:
        self.i += 1  # {
        name = self.ident()
        if not name:
            raise self.error("empty argument name")
        self.ws()
        if self.i >= len(self.t):
            raise self.error("unclosed '{'")
        if self.t[self.i] == "}":
            self.i += 1
            return Arg(name)
        if self.t[self.i] != ",":
            raise self.error(f"expected ',' or '}}' after argument {name!r}")
        self.i += 1
        typ = self.ident()
        self.ws()
        if typ not in COMPLEX:
            start = self.i
            level = 0
            while self.i < len(self.t):
                ch = self.t[self.i]
                if ch == "{":
                    level += 1
                elif ch == "}":
                    if level == 0:
                        break
                    level -= 1
                self.i += 1
            if self.i >= len(self.t):
                raise self.error("unclosed '{'")
            style = self.t[start:self.i]
            self.i += 1
            return Arg(name, typ, style)
        if self.i >= len(self.t) or self.t[self.i] != ",":
            raise self.error(f"expected ',' after {typ}")
        self.i += 1
        arg = Arg(name, typ)
        while True:
            self.ws()
            if self.i >= len(self.t):
                raise self.error("unclosed '{'")
            if self.t[self.i] == "}":
                self.i += 1
                break
            sel = self.ident()
            if sel.startswith("offset:"):
                arg.style = sel
                continue
            self.ws()
            if self.i >= len(self.t) or self.t[self.i] != "{":
                raise self.error(f"expected '{{' after selector {sel!r}")
            self.i += 1
            body = self.message(typ != "select", depth + 1)
            if self.i >= len(self.t) or self.t[self.i] != "}":
                raise self.error("unclosed branch")
            self.i += 1
            arg.branches.append((sel, body))
        if self.strict and not any(sel == "other" for sel, _ in arg.branches):
            raise ICUError(f"{typ} argument {name!r} has no 'other' branch")
        if not arg.branches:
            raise ICUError(f"{typ} argument {name!r} has no branch")
        return arg


def parse(text: str, strict: bool = False) -> list[Node_]:
    """The message's tree.  Not strict: a plural/select without an `other` branch is read as it is
    (FormatJS and ICU4J reject it, and validate() reports it), so that its keywords, selectors and
    argument names are structure, never text to translate: Strapi's
    `{licenseLimitStatus, select, OVER_LIMIT {Over} AT_LIMIT {At}} seat limit` read as text had the
    engine write `{LizenzLimitStatus, Auswahl, ...}`."""
    p = _Parser(text, strict)
    nodes = p.message(False, 0)
    if p.i < len(text):
        raise p.error("unmatched '}'")
    return nodes


def is_complex(text: str) -> bool:
    """True when `text` parses as ICU and has a plural/select/selectordinal argument."""
    if "{" not in text or "," not in text:
        return False
    try:
        nodes = parse(text)
    except ICUError:
        return False
    return any(isinstance(n, Arg) and n.complex for n in nodes)


def _escape_text(text: str, in_plural: bool) -> str:
    out = []
    special = "{}#" if in_plural else "{}"
    for ch in text:
        if ch == "'":
            out.append("''")
        elif ch in special:
            out.append(f"'{ch}'")
        else:
            out.append(ch)
    return "".join(out)


def _arg_text(a: Arg) -> str:
    if not a.type:
        return "{" + a.name + "}"
    return "{" + a.name + ", " + a.type + (", " + a.style.strip() if a.style.strip() else "") + "}"


def units(nodes: list[Node_]) -> list[str]:
    """The text runs to translate, in order: maximal runs of text, simple arguments and `#`."""
    out: list[str] = []

    def walk(seq: list[Node_]) -> None:
        run: list[str] = []
        for n in seq:
            if isinstance(n, Arg) and n.complex:
                if "".join(run).strip():
                    out.append("".join(run))
                run = []
                for _sel, body in n.branches:
                    walk(body)
            elif isinstance(n, Arg):
                run.append(_arg_text(n))
            elif isinstance(n, Pound):
                run.append("#")
            else:  # literal braces stay quoted so they are not mistaken for arguments
                run.append(_outside_tags(n, lambda s: s.replace("{", "'{'").replace("}", "'}'")))
        if "".join(run).strip():
            out.append("".join(run))
    walk(nodes)
    return out


def rebuild(nodes: list[Node_], translated: list[str], categories: list[str] | None = None) -> str:
    """The message with its runs replaced by `translated` (same order as units()); plural arguments
    get exactly the target locale's `categories` (plus explicit =N branches)."""
    it = iter(translated)

    def emit(seq: list[Node_], in_plural: bool) -> str:
        parts: list[str] = []
        run_nodes: list[Node_] = []

        def flush() -> None:
            raw = "".join(_arg_text(n) if isinstance(n, Arg) else "#" if isinstance(n, Pound) else n for n in run_nodes)
            # a run of only whitespace is not a unit: keep it as it was
            if raw.strip():
                parts.append(_escape_run(next(it), in_plural))
            else:
                parts.append(_escape_text(raw, in_plural))
            run_nodes.clear()

        for n in seq:
            if isinstance(n, Arg) and n.complex:
                flush()
                branches = [(sel, emit(body, n.type != "select")) for sel, body in n.branches]
                if n.type == "plural" and categories:
                    have = dict(branches)
                    explicit = [(s, b) for s, b in branches if s.startswith("=")]
                    keyword = [b for s, b in branches if not s.startswith("=")]
                    if "other" in have or keyword:  # a plural of =N branches only keeps them
                        fallback = have.get("other", keyword[-1] if keyword else "")
                        branches = explicit + [(c, have.get(c, fallback)) for c in categories]
                head = "{" + n.name + ", " + n.type + ","
                if n.style:
                    head += " " + n.style
                parts.append(head + "".join(f" {s} {{{b}}}" for s, b in branches) + "}")
            else:
                run_nodes.append(n)
        flush()
        return "".join(parts)

    return emit(nodes, False)


def _escape_run(text: str, in_plural: bool) -> str:
    """Escape a translated run: its arguments `{x}` and `#` are syntax and stay unescaped; other
    braces and apostrophes are quoted; XML tags (XML_TAG_RE) stay as they are."""
    return _outside_tags(text, _escape_plain_run)


def _escape_plain_run(text: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if text[i:i + 3] in ("'{'", "'}'"):
            out.append(text[i:i + 3])
            i += 3
            continue
        if ch == "{":
            end = text.find("}", i)
            if end != -1 and "{" not in text[i + 1:end]:
                out.append(text[i:end + 1])
                i = end + 1
                continue
            out.append("'{'")
        elif ch == "}":
            out.append("'}'")
        elif ch == "'":
            nxt = text[i + 1] if i + 1 < len(text) else ""
            out.append("''" if nxt in "{}#'" else "'")
        else:
            out.append(ch)
        i += 1
    return "".join(out)


def validate(text: str) -> str | None:
    """None when `text` parses as ICU MessageFormat, else the parser's message."""
    try:
        parse(text, strict=True)
    except ICUError as exc:
        return str(exc)
    return None


def argument_names(text: str) -> list[str]:
    names: list[str] = []

    def walk(seq: list[Node_]) -> None:
        for n in seq:
            if isinstance(n, Arg):
                names.append(n.name)
                for _s, body in n.branches:
                    walk(body)
    walk(parse(text))
    return names
