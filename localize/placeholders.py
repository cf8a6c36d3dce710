"""Placeholders: which a text holds (the `protect` rules that are format syntax), which a gettext entry's
format flags declare, and when a translation's placeholders agree with its source's (same arguments, in
any order; printf flags and width may differ; numbered printf arguments may repeat, as msgfmt allows).
Used by the placeholder check (checks.py) and the plural-form checks."""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from .protect import RULES, Rule, find_spans

# the protect rules that are arguments; "%%" is not one (msgfmt does not count it): a percent sign a person
# writes as "٪" or as a word is theirs to choose, and machine output keeps it anyway (it is masked)
FORMAT_RULES = {"i18next", "i18next-nesting", "icu-arg", "brace", "percent-brace", "percent-name", "apple-var",
                "printf-named",
                "printf-inttypes", "printf", "qt-arg", "shell-var", "webext", "angular", "colon-var", "fluent",
                "lisp-format"}


# gettext format flags -> the placeholder rules that flag declares (msgfmt --check-format's view)
FLAG_RULES = {
    "c-format": {"printf", "printf-inttypes"},
    "python-format": {"printf", "printf-named"},
    "python-brace-format": {"brace"},
    "qt-format": {"qt-arg"}, "kde-format": {"qt-arg"}, "qt-plural-format": {"qt-arg"},
    "sh-format": {"shell-var"}, "perl-brace-format": {"brace"}, "javascript-format": {"printf", "brace"},
}
PERCENT_FIRST_RE = re.compile(r"%(\d+)(?![\d$])")   # "%100": Turkish 100%
PRINTF_RE = re.compile(r"^%(\d+\$)?[-+0#' I]*(?:\d+|\*(?:\d+\$)?)?(?:\.(?:\d+|\*(?:\d+\$)?)?)?"
                       r"(hh|h|ll|l|L|q|j|z|Z|t|I64|I32|I)?([diouxXeEfFgGaAcCsSpnm@])$")


def format_spans(text: str, rules: set[str] | None = None) -> Counter[str]:
    """Placeholders of `text`; of Fluent's placeables only variables ({ $n }, { NUMBER($n) }): a term
    ({ -brand-name }) or a string literal ({ "[" }) is text a translator may choose differently."""
    allowed = rules if rules is not None else FORMAT_RULES
    spans = find_spans(text) if rules is None else _spans(text, frozenset(rules))
    return Counter(normalize(text[s:e], rule) for s, e, rule in spans
                   if rule in allowed and (rule != "fluent" or "$" in text[s:e])
                   and (rule != "lisp-format" or text[e - 1] not in "%&|~\n"))  # ~a counts, ~% is a line break


@lru_cache(maxsize=65536)
def _spans(text: str, allowed: frozenset[str]) -> tuple[tuple[int, int, str], ...]:
    """Spans found by the protect rules less the placeholder kinds the entry does not use: a Qt "%1ms"
    is %1 and "ms", not printf's "%1m" hiding it."""
    return tuple(find_spans(text, _rules_without(frozenset(FORMAT_RULES - allowed))))


@lru_cache(maxsize=64)
def _rules_without(names: frozenset[str]) -> tuple[Rule, ...]:
    return tuple(r for r in RULES if r.name not in names)


@lru_cache(maxsize=65536)
def placeholder_keys(text: str, rules: frozenset[str] | None) -> tuple[str, ...]:
    """The sorted argument keys of `text`'s placeholders (cached: every text is checked per hypothesis
    and again per entry)."""
    return tuple(sorted(positional_key(p) for p in format_spans(text, rules).elements()))


def normalize(p: str, rule: str) -> str:
    """Placeholders that mean the same argument compare equal: flags, width and precision of a printf
    conversion may differ (%#10lx / %#-10lx), spaces inside {{ x }} and { x } do not matter."""
    if rule == "printf":
        m = PRINTF_RE.match(p)
        if m:
            # glibc's I flag (%Id: the locale's digits, Persian and Arabic catalogs) is the same argument
            # %i and %d are one conversion (msgfmt's check agrees)
            conv = "d" if m.group(3) == "i" else m.group(3)
            return "%" + (m.group(1) or "") + (m.group(2) if m.group(2) not in (None, "I") else "") + conv
    if rule == "icu-arg":  # {0,date, dd MMMM yyyy} -> {0,date}: the style (a date pattern) is the locale's to write
        m = re.match(r"\{\s*(\w+)\s*,\s*(\w+)", p)
        if m and m.group(2) in ("date", "time"):
            return "{" + m.group(1) + "," + m.group(2) + "}"
    if rule == "fluent":  # { DATETIME($date, month: "long") }: the options are the locale's to choose and order
        m = re.match(r"\{\s*([A-Z][A-Z0-9_-]*)\(\s*(\$[\w-]+)", p)
        if m:
            return "{" + m.group(1) + "(" + m.group(2) + ")}"
    if rule in ("i18next", "brace", "icu-arg", "fluent", "angular"):  # { name } is {name}: ICU, i18next, Fluent
        return re.sub(r"\s+", "", p)
    return p


def printf_args(text: str, rules: frozenset[str] | None) -> list[tuple[int, str]] | None:
    """(argument number, conversion) of each printf conversion of `text` in order (%s is the next
    argument, %2$s the second); None when there are none or other kinds of placeholders."""
    allowed = rules if rules is not None else FORMAT_RULES
    out: list[tuple[int, str]] = []
    for s, e, rule in find_spans(text):
        if rule not in allowed or rule == "percent":
            continue
        m = PRINTF_RE.match(text[s:e]) if rule == "printf" else None
        if m is None:
            return None
        out.append((int(m.group(1)[:-1]) if m.group(1) else len(out) + 1, (m.group(2) or "") + m.group(3)))
    return out or None


def numbered_args_match(src: str, tgt: str, rules: frozenset[str] | None) -> bool | None:
    """A translation that numbers its printf arguments may use one more than once ("报告 %1$s 程序错误到:
    %2$s ... 报告 %1$s 翻译错误到"), as msgfmt accepts: every argument of the source used, with its
    conversion, and no other.  None: not such a pair (no numbered printf arguments, or other kinds)."""
    if "$" not in tgt:
        return None
    a, b = printf_args(src, rules), printf_args(tgt, rules)
    if a is None or b is None or len(set(a)) != len(a) or not any("$" in p for p in format_spans(tgt, rules)):
        return None
    return set(a) == set(b)


def positional_key(p: str) -> str:
    """%1$s and %s are the same argument for counting; %(n)d and {n} are their own names."""
    return re.sub(r"^%(\d+)\$", "%", p)


# Qt Linguist files: QString::arg() placeholders (%1, %L1, %n); "%1ms" is never printf's "%1m"
QT_RULES = FORMAT_RULES - {"printf", "printf-inttypes", "printf-named", "lisp-format"}


def rules_for(flags: list[str], catalog_flags_formats: bool = False, fmt: str | None = None) -> set[str] | None:
    """The placeholder rules a gettext entry's format flags declare; None (all rules) without flags.
    In a catalog whose extractor marks format strings, an unmarked entry's {word} is literal text.  A Qt
    .ts message (`fmt` "ts") uses Qt's."""
    declared = [f for f in flags if f in FLAG_RULES]
    if not declared:
        if fmt == "ts":
            return set(QT_RULES)
        return FORMAT_RULES - {"brace"} if catalog_flags_formats else None
    out: set[str] = set()
    for f in declared:
        out |= FLAG_RULES[f]
    return out
