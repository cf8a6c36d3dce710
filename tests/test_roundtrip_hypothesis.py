"""Property-based round trips for both formats: whatever strings a catalog or bundle holds, reading
and writing without changes is byte-identical, and a written translation reads back unchanged."""
from __future__ import annotations

import json

import polib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from localize.formats import jsonfmt, po

_chars = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from(
    ["\n", "\t", '"', "\\", "&", "_", "{", "}", "%"]), max_size=20)
text = st.lists(_chars | st.sampled_from(["%s", "{{x}}", "%(n)d", "<b>", "\\n"]), max_size=4).map("".join)
nonempty = text.filter(lambda s: s.strip() != "")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(nonempty, text, st.booleans()), min_size=1, max_size=8, unique_by=lambda t: t[0]),
       st.integers(min_value=30, max_value=200))
def test_po_roundtrip(entries: list[tuple[str, str, bool]], width: int) -> None:
    cat = polib.POFile(wrapwidth=width)
    cat.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "de",
                    "Plural-Forms": "nplurals=2; plural=(n != 1);"}
    for msgid, msgstr, fuzzy in entries:
        cat.append(polib.POEntry(msgid=msgid, msgstr=msgstr, flags=["fuzzy"] if fuzzy else []))
    data = cat.__unicode__().encode("utf-8")
    res = po.read("x.po", data)
    assert po.write(res) == data
    for seg, (msgid, msgstr, _f) in zip(res.active, entries):
        assert seg.source == msgid and (seg.targets[0] if seg.targets else "") == msgstr
        seg.targets = [msgstr + "!"]
    again = po.read("x.po", po.write(res))
    assert [s.targets for s in again.active] == [[m + "!"] for _i, m, _f in entries]


json_keys = st.text(alphabet="abcdefgh_.-/~", min_size=1, max_size=8)
json_tree = st.recursive(text, lambda children: st.dictionaries(json_keys, children, max_size=4), max_leaves=12)


@settings(max_examples=80, deadline=None)
@given(st.dictionaries(json_keys, json_tree, min_size=1, max_size=5), st.sampled_from([None, 2, 4, "\t"]),
       st.booleans())
def test_json_roundtrip(tree: dict, indent: object, ascii_only: bool) -> None:
    data = (json.dumps(tree, indent=indent, ensure_ascii=ascii_only) + "\n").encode()
    res = jsonfmt.read("en.json", data, "en")
    assert jsonfmt.write(res) == data
    target = jsonfmt.pair(res, None, "de.json", "de")
    for s in target.segments:
        s.targets = [t + "#" for t in (s.targets or ([s.source] * (len(s.plural_categories) or 1)))]
    out = jsonfmt.write(target)
    back = jsonfmt.pair(res, jsonfmt.read("de.json", out, "de"), "de.json", "de")
    assert [s.targets for s in back.segments] == [s.targets for s in target.segments]


mixed_tree = st.recursive(
    nonempty, lambda children: st.dictionaries(json_keys, children, min_size=1, max_size=4)
    | st.lists(children, min_size=1, max_size=3), max_leaves=14)


def _prune(node: object, draw_bits: list[bool]) -> object:
    """A partial translation of `node`: same shape, some members and trailing array items left out."""
    if isinstance(node, dict):
        out = {}
        for k, v in node.items():
            if not draw_bits or draw_bits.pop():
                sub = _prune(v, draw_bits)
                if sub is not None:
                    out[k] = sub
        return out
    if isinstance(node, list):
        keep = len(node) - (1 if draw_bits and draw_bits.pop() else 0)
        items = [_prune(v, draw_bits) for v in node[:max(keep, 1)]]
        return items if all(i is not None for i in items) else None
    return "T:" + str(node)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(json_keys, mixed_tree, min_size=1, max_size=5), st.lists(st.booleans(), max_size=40),
       st.sampled_from([None, 2, "\t"]))
def test_json_partial_target_is_completed_without_touching_what_was_there(tree: dict, bits: list[bool],
                                                                       indent: object) -> None:
    src = jsonfmt.read("en.json", (json.dumps(tree, indent=indent) + "\n").encode(), "en")
    partial = _prune(tree, list(bits))
    tgt_bytes = (json.dumps(partial, indent=indent) + "\n").encode()
    target = jsonfmt.pair(src, jsonfmt.read("de.json", tgt_bytes, "de"), "de.json", "de")
    before = {}
    for n, s in enumerate(target.segments):
        if not s.targets:
            s.targets = ["N:" + s.source] * (len(s.plural_categories) or 1)
        elif n % 2:  # a stale translation replaced next to the insertions
            s.targets = ["C:" + t for t in s.targets]
            before[s.id] = list(s.targets)
        else:
            before[s.id] = list(s.targets)
    out = jsonfmt.write(target)
    json.loads(out)  # valid JSON, always
    back = jsonfmt.pair(src, jsonfmt.read("de.json", out, "de"), "de.json", "de")
    got = {s.id: s.targets for s in back.segments}
    assert all(got[i] == t for i, t in before.items())          # what was there (or replaced) is there
    assert all(got[s.id] for s in back.segments)                # and every source string has a value


@settings(max_examples=200, deadline=None)
@given(st.lists(_chars | st.sampled_from(["|", " | ", "\n", "\v", ". ", ", ", "<a href='x|y'>", "$t(a|b)"]),
                max_size=60).map("".join), st.booleans())
def test_split_text_is_lossless(text: str, pipes: bool) -> None:
    from localize.selection import split_text
    pieces = split_text(text, pipes)
    assert "".join(sep + p for sep, p in pieces) == text
