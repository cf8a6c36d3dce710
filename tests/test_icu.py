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
