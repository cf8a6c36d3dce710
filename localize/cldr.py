"""Day and month names, country and language names, strftime date formats and Rails number settings from
CLDR instead of the model.

A string that is an English day or month name ("Monday", "January"; a date picker's "Mon" or "Jan")
gets the target locale's CLDR stand-alone name: the model writes "Ludzina" for the Polish Monday,
"Марк" for the Russian March and the English "Mar" for the French "mars", and gets abbreviations wrong
in most languages (`python scripts/bench_calendar.py`).  Full names are unambiguous as whole strings;
an abbreviation is one only in a list of them (at least `LIST_MIN` of its kind in the file: Rails'
`abbr_day_names`, a date picker's bundle) or where its context or key says so (msgctxt "abbreviated
month name", a `monthsShort` key), since "Dec", "Oct" and "Sun" are also a calculator's decimal and
octal modes or the star.  The name is capitalized as a stand-alone label (CLDR's contextTransforms ask
for titlecase in stand-alone use and menus in the languages whose names are lower case; the corpora's
labels agree, except Dutch), and an abbreviation loses CLDR's trailing period where the English one has
none ("janv." -> "janv").  Country and language names follow the same rule as abbreviations (a list of
four or more in the file, or a key or context that says "country" or "language").  A strftime date format
takes the locale's order from CLDR's pattern for its fields, and a Rails locale file's number settings and
`date.order` the locale's symbols and order.

babel (the CLDR data of Python's i18n ecosystem) is imported here only, lazily: a run that translates
loads it at its first unit (`localize --help` does not); its raw locale data is read directly (see _raw).
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from functools import lru_cache
from typing import Any, Iterable

DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
DAYS_ABBR = tuple(d[:3] for d in DAYS)
MONTHS_ABBR = tuple(m[:3] for m in MONTHS)
LIST_MIN = 4  # abbreviations, country or language names of one kind in a file that make it a list of them
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
    """The kinds whose names a file lists (LIST_MIN distinct ones or more): "days"/"months" for their
    abbreviations, "territories" for country names, "languages" for language names."""
    seen: dict[str, set[str]] = {}
    for s in sources:
        k = kind_of(s)
        if k is not None and k[2] == "abbreviated":
            seen.setdefault(k[0], set()).add(s.strip())
        elif k is None and (place := place_of(s)) is not None:
            seen.setdefault(place[0], set()).add(s.strip())
    return frozenset(kind for kind, names in seen.items() if len(names) >= LIST_MIN)


# ------------------------------------------------------------------ country and language names
# English names CLDR does not use that people write for the same places and languages
_PLACE_ALIASES = {"Czech Republic": "CZ", "Ivory Coast": "CI", "Burma": "MM", "Myanmar": "MM", "Swaziland": "SZ",
                  "Macedonia": "MK", "Vatican City": "VA", "United States of America": "US",
                  "Great Britain": "GB", "Russian Federation": "RU", "Republic of Korea": "KR", "Hong Kong": "HK",
                  "Macau": "MO", "Macao": "MO", "Cape Verde": "CV", "East Timor": "TL", "Palestine": "PS",
                  "Türkiye": "TR", "Turkey": "TR", "Bosnia and Herzegovina": "BA", "Trinidad and Tobago": "TT",
                  "Antigua and Barbuda": "AG", "Saint Kitts and Nevis": "KN", "Sao Tome and Principe": "ST"}
_LANGUAGE_ALIASES = {"Farsi": "fa", "Chinese (Simplified)": "zh_Hans", "Chinese (Traditional)": "zh_Hant",
                     "Simplified Chinese": "zh_Hans", "Traditional Chinese": "zh_Hant", "Portuguese (Brazil)": "pt_BR",
                     "Portuguese (Portugal)": "pt_PT", "Spanish (Latin America)": "es_419", "English (US)": "en_US",
                     "English (UK)": "en_GB", "Norwegian": "no", "Chinese (China)": "zh_CN", "Chinese (Taiwan)": "zh_TW"}
_CJK_PARENS = ("ja", "zh", "ko")
_QUALIFIED_RE = re.compile(r"(.+?) \((.+)\)")


@lru_cache(maxsize=1)
def _english_places() -> dict[str, tuple[str, str]]:
    """English name -> ("territories" or "languages", CLDR code), from CLDR's English data and the aliases."""
    out: dict[str, tuple[str, str]] = {}
    territories, languages = _raw("en", "territories"), _raw("en", "languages")
    for code, text in (languages or {}).items():
        out.setdefault(str(text), ("languages", str(code)))
    for code, text in (territories or {}).items():
        if str(code).isalpha():  # countries and territories, not regions ("001": world)
            out[str(text)] = ("territories", str(code))
    out.update({k: ("territories", v) for k, v in _PLACE_ALIASES.items()})
    out.update({k: ("languages", v) for k, v in _LANGUAGE_ALIASES.items()})
    return out


def place_of(text: str) -> tuple[str, str] | None:
    """("territories", "AT") for "Austria", ("languages", "pt_BR") for "Brazilian Portuguese"; else None."""
    t = text.strip()
    if not t or len(t) > 48 or not t[0].isupper() or any(c.isdigit() for c in t):
        return None
    names = _english_places()
    found = names.get(t)
    m = _QUALIFIED_RE.fullmatch(t) if found is None else None
    if m is not None:  # "Portuguese (Brazil)", "French (Canada)": a language and a country
        lang, region = names.get(m.group(1)), names.get(m.group(2))
        if lang is not None and lang[0] == "languages" and "_" not in lang[1] and region is not None \
                and region[0] == "territories":
            return "languages", f"{lang[1]}_{region[1]}"
    return found


def place_name(text: str, locale: str, lists: frozenset[str]) -> str | None:
    """The CLDR name of a country or language in `locale` ("Austria" -> German "Österreich", "German" ->
    French "Allemand"), when `text` is one and its file lists such names or its context says what it is
    (`lists`: list_kinds() and hinted()): "Turkey" or "Chad" alone could be a bird or a name."""
    found = place_of(text)
    if found is None or found[0] not in lists:
        return None
    kind, code = found
    table = _raw(locale, kind)
    value = table.get(code) if isinstance(table, Mapping) else None
    if value is None and kind == "languages" and "_" in code:  # pt_BR: "Portugiesisch (Brasilien)"
        lang, _sep, rest = code.partition("_")
        head = table.get(lang) if isinstance(table, Mapping) else None
        tail = _raw(locale, "territories" if rest.isupper() or rest.isdigit() else "scripts", rest)
        if head and isinstance(tail, str):
            value = f"{head}（{tail}）" if locale.split("_")[0] in _CJK_PARENS else f"{head} ({tail})"
    if not isinstance(value, str) or not value:
        return None
    if locale.replace("-", "_").split("_")[0] not in LOWER_CASE_LABELS:
        value = value[:1].upper() + value[1:]
    lead, trail = text[:len(text) - len(text.lstrip())], text[len(text.rstrip()):]
    return lead + value + trail


@lru_cache(maxsize=512)
def _raw(locale: str, *keys: str) -> Any:
    """CLDR data of `locale` at `keys`, read from babel's raw locale data with its aliases resolved here:
    babel 2.18's Locale.months memoizes a resolved alias into data that locales share (babel issue #1234:
    after zh_CN, French stand-alone months came back in Chinese).  None when babel, the locale or the
    data is missing."""
    try:
        from babel import Locale, UnknownLocaleError, localedata
    except ImportError:  # babel is a dependency; a broken install falls back to the model
        return None
    try:
        data = localedata.load(str(Locale.parse(locale.replace("-", "_"))))
    except (UnknownLocaleError, ValueError, OSError):
        return None

    def resolve(value: Any) -> Any:
        if isinstance(value, localedata.Alias):
            return walk(value.keys)
        if isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], localedata.Alias):
            return {**resolve(value[0]), **value[1]}  # an alias with overrides
        return value

    def walk(path: tuple[str, ...]) -> Any:
        node: Any = data
        for k in path:
            node = resolve(node[k])
        return node
    try:
        return walk(keys)
    except (KeyError, TypeError):
        return None


@lru_cache(maxsize=64)
def _names(locale: str, kind: str, width: str) -> dict[int, str] | None:
    """CLDR's stand-alone names of `kind` ("days" 0-6 from Monday, "months" 1-12) for `locale`."""
    found = _raw(locale, kind, "stand-alone", width)
    return {int(k): str(v) for k, v in found.items()} if isinstance(found, Mapping) else None


@lru_cache(maxsize=64)
def date_order(locale: str) -> tuple[str, ...] | None:
    """The order of day, month and year in `locale`'s short numeric date (CLDR's yMd pattern: German
    "d.M.y" -> ("day", "month", "year"), Japanese "y/M/d" -> ("year", "month", "day")): Rails' `date.order`."""
    pattern = _skeleton_pattern(locale, "yMd")
    if pattern is None:
        return None
    found = {name: pattern.find(ch) for name, ch in (("day", "d"), ("month", "M"), ("year", "y"))}
    if min(found.values()) < 0:
        return None
    return tuple(sorted(found, key=found.__getitem__))


# ------------------------------------------------------------------ Rails number settings
@lru_cache(maxsize=64)
def _number_symbols(locale: str) -> tuple[str, str, str] | None:
    """(decimal symbol, group symbol, currency pattern) of `locale`'s Latin digits."""
    symbols = _raw(locale, "number_symbols", "latn")
    pattern = _raw(locale, "currency_formats", "standard")
    if not isinstance(symbols, Mapping) or "decimal" not in symbols or "group" not in symbols:
        return None
    return str(symbols["decimal"]), str(symbols["group"]), str(getattr(pattern, "pattern", pattern or ""))


def rails_number(key: str, value: str, locale: str) -> str | None:
    """A Rails locale file's number setting for `locale` (rails-i18n's convention, from CLDR):
    `number.*.format.separator` the decimal symbol ("," in German), `.delimiter` the group symbol, and
    `number.currency.format.format` the currency unit's place ("%n %u" where the locale writes "1,00 €").
    A source without grouping (`delimiter: ""`, Redmine's choice) stays without; anything else is None."""
    parts = [p for p in key.replace("/", ".").split(".") if p]
    if "number" not in parts:
        return None
    symbols = _number_symbols(locale)
    if symbols is None:
        return None
    decimal, group, pattern = symbols
    if parts[-2:] == ["format", "separator"] and value in (".", ","):
        return decimal
    if parts[-2:] == ["format", "delimiter"] and value in (",", ".", " ", "\u00a0", "\u202f", "'"):
        return group
    if parts[-3:] == ["currency", "format", "format"] and value.replace(" ", "") in ("%u%n", "%n%u") and "¤" in pattern:
        number = pattern.split(";")[0]
        at, digits = number.index("¤"), min((number.index(c) for c in "#0" if c in number), default=0)
        if at < digits:
            return "%u" + (" " if number[at + 1:digits].strip("\u00a0 ") != number[at + 1:digits] else "") + "%n"
        return "%n" + (" " if number[digits:at].rstrip("#0,.") != "" else "") + "%u"
    return None


_B = r"(?:(?<![A-Za-z])|(?<=[a-z])(?=[A-Z]))"  # a word's start, camelCase too ("abbrDayNames"; not "update")
_HINT_RE = re.compile(rf"{_B}(?i:(day|week))|{_B}(?i:(month))|{_B}(?i:(date|calendar|abbr))|"
                      rf"{_B}(?i:(countr|region|territor|nation|location))|{_B}(?i:(lang|locale))")


def hinted(context: str) -> frozenset[str]:
    """The kinds a string's context or key names: msgctxt "abbreviated day name", Rails'
    `date.abbr_month_names`, a `calendar.months.short` key, "country" or "region", "language" or "locale"."""
    kinds: set[str] = set()
    for m in _HINT_RE.finditer(context):
        kinds |= ({"days"} if m.group(1) else {"months"} if m.group(2) else {"days", "months"} if m.group(3)
                  else {"territories"} if m.group(4) else {"languages"})
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


# ------------------------------------------------------------------ strftime date formats
_TOKEN_RE = re.compile(r"%[-_0^#]?[a-zA-Z]|[^%]+")
_DIRECTIVE_RE = re.compile(r"%[-_0^#]?([a-zA-Z])")
_PATTERN_RE = re.compile(r"(?:%[-_0^#]?[aAbBdehmyYHIklMSpPZzr]|[ ,./:\-\u2013()\u00a0])+")
_DATE_FIELD = {"a": "E", "A": "E", "b": "M", "h": "M", "B": "M", "d": "d", "e": "d", "m": "M", "y": "y", "Y": "y"}
_SKELETON = {"a": "E", "A": "EEEE", "b": "MMM", "h": "MMM", "B": "MMMM", "d": "d", "e": "d", "m": "M", "y": "y",
             "Y": "y"}  # CLDR's availableFormats keys: yMEd, yMMMMEEEEd
_TIME = frozenset("HIklMSpPZzr")
_CLDR_FIELD = {"y": "y", "M": "M", "L": "M", "E": "E", "c": "E", "d": "d"}
_ISO_RE = re.compile(r"%[-_0^#]?Y-%[-_0^#]?m-%[-_0^#]?[de]")


def is_date_format(text: str) -> bool:
    """A strftime format and nothing else ("%A, %B %e, %Y", "%b %d %H:%M") with a date field in it."""
    return bool(_PATTERN_RE.fullmatch(text)) and any(
        (m := _DIRECTIVE_RE.fullmatch(t)) and m.group(1) in _DATE_FIELD for t in _TOKEN_RE.findall(text))


def format_fields(text: str) -> Counter[str]:
    """The fields a strftime format shows: a date directive as its field (%e, %d and %-d are all the day;
    %b, %B and %m the month: a translator or CLDR may write either), any other directive as it is."""
    out: Counter[str] = Counter()
    for t in _TOKEN_RE.findall(text):
        m = _DIRECTIVE_RE.fullmatch(t)
        if m is not None:
            out[_DATE_FIELD.get(m.group(1), t)] += 1
    return out


def date_format(text: str, locale: str) -> str | None:
    """A strftime date format put in `locale`'s order and punctuation from CLDR's pattern for the same fields
    ("%A, %B %e, %Y" -> German "%A, %e. %B %Y", Spanish "%A, %e de %B de %Y"), each field written with the
    source's own directive (%e stays %e, %b stays %b).  A time part is kept as the source writes it (GNOME
    has separate 12- and 24-hour strings; translators keep %p in the 12-hour ones), ISO 8601 "%Y-%m-%d" is
    kept, and None when `text` is no date format or CLDR has no pattern for its fields."""
    if not is_date_format(text) or _ISO_RE.search(text):
        return None
    toks = _TOKEN_RE.findall(text)
    kinds = []
    for t in toks:
        m = _DIRECTIVE_RE.fullmatch(t)
        kinds.append("" if m is None else "date" if m.group(1) in _DATE_FIELD else "time" if m.group(1) in _TIME
                     else "x")
    if "x" in kinds:
        return None
    times = [i for i, k in enumerate(kinds) if k == "time"]
    first, last = (times[0], times[-1]) if times else (len(toks), len(toks))
    if "date" in kinds[first:last + 1] or ("date" in kinds[:first] and "date" in kinds[last + 1:]):
        return None  # a time part inside the date: no place for it in CLDR's pattern
    fields: dict[str, str] = {}
    for t, k in zip(toks, kinds):
        if k == "date":
            field = _DATE_FIELD[_DIRECTIVE_RE.fullmatch(t).group(1)]  # type: ignore[union-attr]
            if field in fields:
                return None
            fields[field] = t
    skeleton = "".join(_SKELETON[_DIRECTIVE_RE.fullmatch(fields[f]).group(1)]  # type: ignore[union-attr]
                       for f in "yMEd" if f in fields)
    pattern = _skeleton_pattern(locale, skeleton)
    if pattern is None:
        return None
    date = _to_strftime(pattern, fields)
    if date is None:
        return None
    if not times:
        return date
    if "date" not in kinds[:first]:  # the time first: "%H:%M %A"
        rest = "".join(toks[last + 1:])
        return "".join(toks[:last + 1]) + rest[:len(rest) - len(rest.lstrip(" ,"))] + date
    head = "".join(toks[:first])
    return date + head[len(head.rstrip(" ,")):] + "".join(toks[first:])


@lru_cache(maxsize=256)
def _skeleton_pattern(locale: str, skeleton: str) -> str | None:
    try:
        from babel import Locale, UnknownLocaleError, localedata
        from babel.dates import match_skeleton
    except ImportError:
        return None
    try:
        skeletons = localedata.load(str(Locale.parse(locale.replace("-", "_"))))["datetime_skeletons"]
    except (UnknownLocaleError, ValueError, OSError, KeyError):
        return None
    best = match_skeleton(skeleton, list(skeletons))
    return getattr(skeletons[best], "pattern", None) if best is not None else None


def _to_strftime(pattern: str, fields: dict[str, str]) -> str | None:
    """A CLDR pattern ("EEEE, d. MMMM y") in strftime, each field as the source wrote it (`fields`); None
    when the pattern has a field the source has not, or lacks one it has."""
    out: list[str] = []
    used: set[str] = set()
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "'":  # quoted literal; '' is a quote
            j = pattern.find("'", i + 1)
            if j == i + 1:
                out.append("'")
                i += 2
                continue
            out.append(pattern[i + 1:j] if j > 0 else pattern[i + 1:])
            i = j + 1 if j > 0 else len(pattern)
            continue
        if ch.isascii() and ch.isalpha():
            j = i
            while j < len(pattern) and pattern[j] == ch:
                j += 1
            field = _CLDR_FIELD.get(ch)
            if field is None or field not in fields:
                return None
            mine = fields[field]
            if field == "M" and j - i <= 2 and mine[-1] in "bBh":  # CLDR writes this month as a number (ja "M月")
                mine = "%-m" if j - i == 1 and "%-" in "".join(fields.values()) else "%m"
            out.append(mine)
            used.add(field)
            i = j
            continue
        out.append(ch)
        i += 1
    return "".join(out) if used == set(fields) else None


def source() -> str:
    """What the names come from, for provenance notes: "CLDR (babel 2.18.0)"."""
    try:
        import babel
    except ImportError:
        return "CLDR"
    return f"CLDR (babel {babel.__version__})"
