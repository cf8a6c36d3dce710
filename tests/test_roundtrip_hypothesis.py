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
