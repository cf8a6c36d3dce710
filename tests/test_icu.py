from __future__ import annotations

import pytest

from localize.formats import icu

MSG = "{count, plural, =0 {No tasks.} one {One task.} other {# tasks.}}"


def test_units_and_rebuild_with_target_categories() -> None:
    nodes = icu.parse(MSG)
    units = icu.units(nodes)
    assert units == ["No tasks.", "One task.", "# tasks."]
    out = icu.rebuild(nodes, ["Keine.", "Eine.", "# Stück."], ["one", "few", "many", "other"])
    assert out == "{count, plural, =0 {Keine.} one {Eine.} few {# Stück.} many {# Stück.} other {# Stück.}}"
    assert icu.validate(out) is None


def test_nested_select_plural_and_quotes() -> None:
    msg = "{g, select, female {She has {n, plural, one {# item} other {# items}}} other {It''s '{'literal'}'}}"
    nodes = icu.parse(msg)
    units = icu.units(nodes)
    assert units[-1] == "It's '{'literal'}'"
    assert icu.units(icu.parse(icu.rebuild(nodes, units))) == units
    assert icu.argument_names(msg) == ["g", "n"]


@pytest.mark.parametrize("bad", ["{n, plural, one {x}}", "{n, plural, one {x} other {y}", "text }", "{, number}"])
def test_invalid_messages(bad: str) -> None:
    assert icu.validate(bad) is not None


def test_translated_keywords_do_not_parse_as_same_arguments() -> None:
    assert icu.is_complex(MSG) and not icu.is_complex("{name} shared a list")


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

words = st.sampled_from(["file", "files", "It's", "'{'x'}'", "{name}", "# items", "a-b", "ok.", " "])
texts = st.lists(words, min_size=1, max_size=4).map(" ".join)


@st.composite
def messages(draw: st.DrawFn, depth: int = 0) -> str:
    kind = draw(st.sampled_from(["text", "plural", "select"] if depth < 2 else ["text"]))
    if kind == "text":
        return draw(texts)
    if kind == "plural":
        one, other = draw(messages(depth + 1)), draw(messages(depth + 1))
        return f"{draw(texts)} {{n, plural, =0 {{none}} one {{{one}}} other {{{other}}}}}"
    a, b = draw(messages(depth + 1)), draw(messages(depth + 1))
    return f"{{g, select, female {{{a}}} other {{{b}}}}}"


@settings(max_examples=150, deadline=None)
@given(messages())
def test_rebuild_roundtrip(msg: str) -> None:
    nodes = icu.parse(msg)
    units = icu.units(nodes)
    again = icu.rebuild(nodes, units)
    assert icu.validate(again) is None
    assert icu.units(icu.parse(again)) == units
    assert icu.argument_names(again) == icu.argument_names(msg)
