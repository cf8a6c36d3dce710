"""Day and month names from CLDR instead of the model.

A string that is an English day or month name ("Monday", "January"; a date picker's "Mon" or "Jan")
gets the target locale's CLDR stand-alone name: the model writes "Ludzina" for the Polish Monday,
"Марк" for the Russian March and the English "Mar" for the French "mars", and gets abbreviations wrong
in most languages (`python scripts/bench_calendar.py`).  Full names are unambiguous as whole strings;
an abbreviation is one only in a list of them (at least `LIST_MIN` of its kind in the file: Rails'
`abbr_day_names`, a date picker's bundle) or where its context or key says so (msgctxt "abbreviated
month name", a `monthsShort` key), since "Dec", "Oct" and "Sun" are also a calculator's decimal and
octal modes or the star.  The name is capitalized as a stand-alone label (CLDR's contextTransforms ask
for titlecase in stand-alone use and menus in the languages whose names are lower case; the corpora's
labels agree, except Dutch), and an
abbreviation loses CLDR's trailing period where the English one has none ("janv." -> "janv").

babel (the CLDR data of Python's i18n ecosystem, well kept by the Pallets team) is imported here only, and
only when a file has a name to look up.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any, Iterable

DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
DAYS_ABBR = tuple(d[:3] for d in DAYS)
MONTHS_ABBR = tuple(m[:3] for m in MONTHS)
LIST_MIN = 4  # abbreviations of one kind in a file that make it a list of them
# Languages whose people keep CLDR's lower case in labels too: the corpora's Dutch "maandag" (102 of 141),
# where their Spanish, French, Italian, Polish, Portuguese and Russian labels are mostly capitalized.
LOWER_CASE_LABELS = frozenset({"nl"})
MODEL = "cldr"  # the lockfile's and the translator comment's model for a name from CLDR

# English text -> (kind, index, width)
_NAMES: dict[str, tuple[str, int, str]] = {
    **{d: ("days", i, "wide") for i, d in enumerate(DAYS)},
    **{m: ("months", i + 1, "wide") for i, m in enumerate(MONTHS)},
    **{d: ("days", i, "abbreviated") for i, d in enumerate(DAYS_ABBR)},
    **{m: ("months", i + 1, "abbreviated") for i, m in enumerate(MONTHS_ABBR) if m != "May"},
}


def kind_of(text: str) -> tuple[str, int, str] | None:
    """(days|months, index, wide|abbreviated) when `text` is an English day or month name."""
    return _NAMES.get(text.strip())


def list_kinds(sources: Iterable[str]) -> frozenset[str]:
    """The kinds ("days", "months") whose abbreviations a file lists (LIST_MIN distinct ones or more)."""
    seen: dict[str, set[str]] = {}
    for s in sources:
        k = kind_of(s)
        if k is not None and k[2] == "abbreviated":
            seen.setdefault(k[0], set()).add(s.strip())
    return frozenset(kind for kind, names in seen.items() if len(names) >= LIST_MIN)


@lru_cache(maxsize=64)
def _names(locale: str, kind: str, width: str) -> dict[int, str] | None:
    """CLDR's stand-alone names of `kind` ("days" 0-6 from Monday, "months" 1-12) for `locale`.  Read from
    babel's raw locale data with its aliases resolved here: babel 2.18's Locale.months memoizes a resolved
    alias into data that locales share (babel issue #1234: after zh_CN, French stand-alone months came back
    in Chinese)."""
    try:
        from babel import Locale, UnknownLocaleError, localedata
    except ImportError:  # babel is a dependency; a broken install falls back to the model
        return None
    try:
        ident = str(Locale.parse(locale.replace("-", "_")))
        data = localedata.load(ident)
    except (UnknownLocaleError, ValueError, OSError):
        return None

    def resolve(value: Any) -> Any:
        if isinstance(value, localedata.Alias):
            return walk(value.keys)
        if isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], localedata.Alias):
            return {**resolve(value[0]), **value[1]}  # an alias with overrides
        return value

    def walk(keys: tuple[str, ...]) -> Any:
        node: Any = data
        for k in keys:
            node = resolve(node[k])
        return node
    try:
        found = walk((kind, "stand-alone", width))
    except (KeyError, TypeError):
        return None
    return {int(k): str(v) for k, v in found.items()} if isinstance(found, Mapping) else None


_B = r"(?:(?<![A-Za-z])|(?<=[a-z])(?=[A-Z]))"  # a word's start, camelCase too ("abbrDayNames"; not "update")
_HINT_RE = re.compile(rf"{_B}(?i:(day|week))|{_B}(?i:(month))|{_B}(?i:(date|calendar|abbr))")


def hinted(context: str) -> frozenset[str]:
    """The kinds a string's context or key names: msgctxt "abbreviated day name", Rails'
    `date.abbr_month_names`, a `calendar.months.short` key."""
    kinds: set[str] = set()
    for m in _HINT_RE.finditer(context):
        kinds |= {"days"} if m.group(1) else {"months"} if m.group(2) else {"days", "months"}
    return frozenset(kinds)


def name(text: str, locale: str, lists: frozenset[str] = frozenset()) -> str | None:
    """The CLDR name for an English day or month name `text` in `locale`; None when `text` is none, is an
    abbreviation outside a list of them (`lists`: list_kinds() of its file, or what hinted() reads in its
    context), or CLDR lacks the locale."""
    k = kind_of(text)
    if k is None:
        return None
    kind, index, width = k
    if width == "abbreviated" and kind not in lists:
        return None
    value = (_names(locale, kind, width) or {}).get(index)
    if not value:
        return None
    if width == "abbreviated" and value.endswith(".") and not text.strip().endswith("."):
        value = value[:-1]
    if locale.replace("-", "_").split("_")[0] not in LOWER_CASE_LABELS:
        value = value[:1].upper() + value[1:]
    lead, trail = text[:len(text) - len(text.lstrip())], text[len(text.rstrip()):]
    return lead + value + trail


def source() -> str:
    """What the names come from, for provenance notes: "CLDR (babel 2.18.0)"."""
    try:
        import babel
    except ImportError:
        return "CLDR"
    return f"CLDR (babel {babel.__version__})"
