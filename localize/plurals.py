"""CLDR plural categories per locale and the matching gettext Plural-Forms headers.

Categories are CLDR 44 cardinal rules (what `Intl.PluralRules` and i18next v4 use); the gettext
expressions are the ones GNU gettext and the Translation Project use for each language.  A regional
locale falls back to its language (pt_BR has its own entry because its gettext rule differs).
"""
from __future__ import annotations

import re
from functools import lru_cache

_TWO_ONE = "nplurals=2; plural=(n != 1);"
_TWO_GT1 = "nplurals=2; plural=(n > 1);"
_ONE = "nplurals=1; plural=0;"
_SLAVIC = ("nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
           "(n%100<10 || n%100>=20) ? 1 : 2);")

# language -> (CLDR cardinal categories, gettext Plural-Forms)
_TABLE: dict[str, tuple[tuple[str, ...], str]] = {}
for _l in "en de nl sv da nb nn no fi et el hu bg tr eu gl af sq az ka kk ky mn ne ta te ur uz eo fy".split():
    _TABLE[_l] = (("one", "other"), _TWO_ONE)
for _l in "es it ca".split():
    _TABLE[_l] = (("one", "many", "other"), _TWO_ONE)
_TABLE["pt"] = (("one", "many", "other"), _TWO_ONE)
_TABLE["pt_BR"] = (("one", "many", "other"), _TWO_GT1)
_TABLE["fr"] = (("one", "many", "other"), _TWO_GT1)
for _l in "ja zh ko vi th id ms lo my km jv".split():
    _TABLE[_l] = (("other",), _ONE)
for _l in "ru uk be".split():
    _TABLE[_l] = (("one", "few", "many", "other"), _SLAVIC)
for _l in "hr sr bs".split():
    _TABLE[_l] = (("one", "few", "other"), _SLAVIC)
_TABLE["pl"] = (("one", "few", "many", "other"),
                "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);")
for _l in ("cs", "sk"):
    _TABLE[_l] = (("one", "few", "many", "other"), "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;")
_TABLE["ar"] = (("zero", "one", "two", "few", "many", "other"),
                "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : "
                "n%100>=11 ? 4 : 5;")
_TABLE["he"] = (("one", "two", "other"), "nplurals=3; plural=(n==1 ? 0 : n==2 ? 1 : 2);")
_TABLE["ro"] = (("one", "few", "other"),
                "nplurals=3; plural=(n==1 ? 0 : (n==0 || (n%100 > 0 && n%100 < 20)) ? 1 : 2);")
_TABLE["lt"] = (("one", "few", "many", "other"),
                "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && (n%100<10 || n%100>=20) ? 1 : 2);")
_TABLE["lv"] = (("zero", "one", "other"),
                "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n != 0 ? 1 : 2);")
_TABLE["sl"] = (("one", "two", "few", "other"),
                "nplurals=4; plural=(n%100==1 ? 0 : n%100==2 ? 1 : n%100==3 || n%100==4 ? 2 : 3);")
_TABLE["ga"] = (("one", "two", "few", "many", "other"),
                "nplurals=5; plural=n==1 ? 0 : n==2 ? 1 : n<7 ? 2 : n<11 ? 3 : 4;")
_TABLE["cy"] = (("zero", "one", "two", "few", "many", "other"),
                "nplurals=6; plural=(n==0) ? 0 : (n==1) ? 1 : (n==2) ? 2 : (n==3) ? 3 : (n==6) ? 4 : 5;")
for _l in "hi bn fa gu kn mr zu am".split():
    _TABLE[_l] = (("one", "other"), _TWO_GT1)
_TABLE["is"] = (("one", "other"), "nplurals=2; plural=(n%10!=1 || n%100==11);")
_TABLE["mk"] = (("one", "other"), "nplurals=2; plural= n==1 || n%10==1 ? 0 : 1;")

CATEGORY_ORDER = ("zero", "one", "two", "few", "many", "other")
NPLURALS_RE = re.compile(r"nplurals\s*=\s*(\d+)")


# Language names as locales: Apple's legacy .lproj folders (German.lproj), GNUstep's and SOGo's
# (SpainSpanish, SpanishSpain, BrazilianPortuguese, ChineseTaiwan, SimplifiedChinese).
_LANGUAGE_NAMES = {
    "english": "en", "german": "de", "french": "fr", "spanish": "es", "italian": "it", "portuguese": "pt",
    "dutch": "nl", "polish": "pl", "russian": "ru", "japanese": "ja", "chinese": "zh", "korean": "ko",
    "swedish": "sv", "danish": "da", "norwegian": "nb", "bokmal": "nb", "nynorsk": "nn", "finnish": "fi",
    "czech": "cs", "slovak": "sk", "slovenian": "sl", "hungarian": "hu", "romanian": "ro", "bulgarian": "bg",
    "greek": "el", "turkish": "tr", "ukrainian": "uk", "belarusian": "be", "croatian": "hr", "serbian": "sr",
    "bosnian": "bs", "macedonian": "mk", "albanian": "sq", "lithuanian": "lt", "latvian": "lv",
    "estonian": "et", "icelandic": "is", "irish": "ga", "welsh": "cy", "catalan": "ca", "basque": "eu",
    "galician": "gl", "arabic": "ar", "hebrew": "he", "persian": "fa", "farsi": "fa", "hindi": "hi",
    "bengali": "bn", "thai": "th", "vietnamese": "vi", "indonesian": "id", "malay": "ms", "esperanto": "eo",
    "afrikaans": "af", "armenian": "hy", "georgian": "ka", "kazakh": "kk", "tamil": "ta", "urdu": "ur",
}
_REGION_NAMES = {
    "spain": "ES", "argentina": "AR", "mexico": "MX", "mexican": "MX", "brazil": "BR", "brasil": "BR",
    "brazilian": "BR", "portugal": "PT", "china": "CN", "simplified": "CN", "taiwan": "TW",
    "traditional": "TW", "hongkong": "HK", "canada": "CA", "canadian": "CA", "swiss": "CH",
    "switzerland": "CH", "austria": "AT", "austrian": "AT", "belgium": "BE", "belgian": "BE",
    "british": "GB", "uk": "GB", "american": "US", "us": "US", "usa": "US", "chile": "CL", "colombia": "CO",
}
_CAMEL_RE = re.compile(r"[A-Z][a-z]+|[A-Z]+(?![a-z])")


def from_language_name(name: str) -> str | None:
    """'German' -> 'de', 'SpanishSpain' / 'SpainSpanish' -> 'es_ES', 'BrazilianPortuguese' -> 'pt_BR',
    'TraditionalChinese' -> 'zh_TW', 'NorwegianBokmal' -> 'nb'; None when `name` is not such a name."""
    if not name[:1].isupper() or not name.isalpha() or len(name) < 4:
        return None
    words = [w.lower() for w in _CAMEL_RE.findall(name)]
    if "".join(words) != name.lower():
        return None
    langs = [w for w in words if w in _LANGUAGE_NAMES]
    rest = [w for w in words if w not in _LANGUAGE_NAMES]
    if not langs or len(rest) > 1 or (rest and rest[0] not in _REGION_NAMES):
        return None
    lang = _LANGUAGE_NAMES[langs[-1]]
    return f"{lang}_{_REGION_NAMES[rest[0]]}" if rest else lang


_NAMED_REGIONAL = {"pt_BR": "BrazilianPortuguese", "zh_CN": "SimplifiedChinese", "zh_TW": "TraditionalChinese"}


def language_name(locale: str) -> str | None:
    """The reverse of from_language_name for a folder to create: 'de' -> 'German', 'pt_BR' ->
    'BrazilianPortuguese'; None for a locale with no such name."""
    loc = normalize(locale)
    if loc in _NAMED_REGIONAL:
        return _NAMED_REGIONAL[loc]
    if "_" in loc:
        return None
    return next((n.capitalize() for n, code in _LANGUAGE_NAMES.items() if code == loc), None)


# languages whose main country's code is not the language's own letters (pl_PL, de_DE are)
_MAIN_REGION = {"ja": "JP", "ko": "KR", "sv": "SE", "da": "DK", "cs": "CZ", "el": "GR", "uk": "UA", "en": "US",
                "nb": "NO", "sl": "SI", "et": "EE", "he": "IL", "vi": "VN", "hi": "IN", "fa": "IR", "ca": "ES",
                "eu": "ES", "gl": "ES", "sr": "RS", "ar": "SA", "sq": "AL", "ka": "GE", "kk": "KZ", "be": "BY"}


def main_region(language: str) -> str | None:
    """The country a language's unqualified locale means ("pl" -> "PL", "ja" -> "JP"), for matching files."""
    lang = normalize(language)
    return None if "_" in lang or not lang.isalpha() else _MAIN_REGION.get(lang, lang.upper())


def matches(locale: str, wanted: str) -> bool:
    """A file's locale answers a requested one: the same after normalize(), or the request names the language
    alone and the file its main country ("pl" for a pl_PL.ts, "ja" for ja_JP.po; not "pt" for pt_BR)."""
    a, b = normalize(locale), normalize(wanted)
    if a == b:
        return True
    parts = a.split("_")
    return len(parts) == 2 and parts[0] == b and parts[1] in (b.upper(), main_region(b))


def normalize(locale: str) -> str:
    """'pt-br' -> 'pt_BR', 'de-AT' -> 'de_AT', 'sr@latin' kept; a language name ('German',
    'BrazilianPortuguese') becomes its code (from_language_name)."""
    named = from_language_name(locale)
    if named is not None:
        return named
    if locale.startswith("b+"):  # Android's BCP 47 qualifier: values-b+sr+Latn, values-b+es+419
        locale = locale[2:].replace("+", "_")
    loc = locale.replace("-", "_")
    parts = loc.split("_", 1)
    if len(parts) == 2:
        region = parts[1]
        if len(region) == 3 and region[0] == "r" and region[1:].isalpha() and region[1:].isupper():
            region = region[1:]  # Android resource qualifiers: values-pt-rBR
        region = region.upper() if len(region) == 2 else region
        return f"{parts[0].lower()}_{region}"
    return loc.lower()


def language(locale: str) -> str:
    return normalize(locale).split("_")[0].split("@")[0]


def _entry(locale: str) -> tuple[tuple[str, ...], str]:
    loc = normalize(locale).split("@")[0]
    if loc in _TABLE:
        return _TABLE[loc]
    return _TABLE.get(language(loc), (("one", "other"), _TWO_ONE))


def known(locale: str) -> bool:
    loc = normalize(locale).split("@")[0]
    return loc in _TABLE or language(loc) in _TABLE


def categories(locale: str) -> list[str]:
    """CLDR cardinal plural categories of `locale`, in canonical order (zero one two few many other)."""
    return list(_entry(locale)[0])


def plural_forms(locale: str) -> str:
    """The gettext Plural-Forms header value for `locale`."""
    return _entry(locale)[1]


def nplurals(locale: str) -> int:
    return int(NPLURALS_RE.search(plural_forms(locale)).group(1))  # type: ignore[union-attr]


def nplurals_of_header(value: str | None) -> int | None:
    """nplurals from a Plural-Forms header value, or None when missing or unreadable."""
    if not value:
        return None
    m = NPLURALS_RE.search(value)
    return int(m.group(1)) if m else None


@lru_cache(maxsize=256)
def single_value_forms(value: str | None) -> frozenset[int]:
    """The forms of a Plural-Forms header that only one number selects (Arabic's 0, 1 and 2, Hebrew's 1
    and 2): their translation may spell the number out and leave out the count ("نتيجتان", two results)."""
    import gettext
    m = re.search(r"plural\s*=\s*([^;]+)", value or "")
    if not m:
        return frozenset()
    try:
        fn = gettext.c2py(m.group(1).strip())
        hits: dict[int, int] = {}
        for n in range(0, 1001):
            i = fn(n)
            hits[i] = hits.get(i, 0) + 1
    except (ValueError, SyntaxError, RecursionError, ZeroDivisionError):
        return frozenset()
    return frozenset(i for i, k in hits.items() if k == 1)


def single_value_categories(locale: str) -> frozenset[str]:
    """CLDR categories of `locale` that only one whole number selects (German/Polish "one" is 1 only;
    Russian "one" is 1, 21, 31 ...; French "one" is 0 and 1): a Fluent variant or ICU branch for one of
    them may spell the number out ("[one] minuta")."""
    names, forms = _entry(locale)
    single = single_value_forms(forms)
    n = nplurals(locale)
    return frozenset(names[i] for i in single if i < len(names) and (len(names) == n or i == 0))


# Categories that whole counts of things below a million never select: Spanish, Italian, Catalan,
# Portuguese and French "many" (1000000, compact "1M"), Czech, Slovak and Lithuanian "many" and Polish,
# Russian, Ukrainian and Belarusian "other" (fractions: 1,5).  Files people write often leave them out
# (i18next falls back), so a missing one is worth a warning, not a failed build.
_RARE = {**{lang: frozenset({"many"}) for lang in ("es", "it", "ca", "pt", "fr", "cs", "sk", "lt")},
         **{lang: frozenset({"other"}) for lang in ("pl", "ru", "uk", "be")}}


def rare_categories(locale: str) -> frozenset[str]:
    """The CLDR categories of `locale` that only big numbers or fractions select (see _RARE)."""
    return _RARE.get(language(locale), frozenset()) if locale else frozenset()


def pipe_forms(text: str, locale: str) -> str:
    """A translated Docusaurus plural message ("Un article|{count} articles") with one "|"-separated form
    per CLDR category of `locale`, in Docusaurus' order (zero one two few many other): the singular for
    "one", the plural for the rest; Japanese gets only the plural (Docusaurus would show a second form's
    absence as the singular for every count)."""
    parts = text.split("|")
    if len(parts) != 2:
        return text
    return "|".join(parts[0] if c == "one" else parts[1] for c in categories(locale))


# CLDR ordinal categories (selectordinal, i18next `_ordinal_*`) for the languages that have more than "other"
_ORDINAL: dict[str, tuple[str, ...]] = {
    "en": ("one", "two", "few", "other"), "fr": ("one", "other"), "it": ("many", "other"),
    "ca": ("one", "two", "few", "other"), "hu": ("one", "other"), "sv": ("one", "other"),
    "ro": ("one", "other"), "vi": ("one", "other"), "ms": ("one", "other"), "ka": ("one", "many", "other"),
    "mk": ("one", "two", "many", "other"), "hi": ("one", "two", "few", "many", "other"),
    "bn": ("one", "two", "few", "many", "other"), "cy": ("zero", "one", "two", "few", "many", "other"),
    "ga": ("one", "other"), "kk": ("many", "other"), "uk": ("few", "other"), "sq": ("one", "many", "other"),
}


def ordinal_categories(locale: str) -> list[str]:
    """CLDR ordinal plural categories of `locale` (most languages only have "other")."""
    return list(_ORDINAL.get(language(locale), ("other",)))


def i18next_v3_suffixes(locale: str) -> list[str]:
    """i18next v3 (compatibilityJSON "v3") plural keys of a locale: "key"/"key_plural" for two-form
    languages, "key_0" .. "key_{n-1}" otherwise (one form: "key_0"); "" stands for the bare key."""
    n = nplurals(locale)
    return ["", "plural"] if n == 2 else [str(i) for i in range(n)]


def locale_code_for(text: str, source: str, target: str) -> str | None:
    """The target locale written like `text`, when `text` is exactly the source locale's code ("en",
    "en-US", "en_US"): a bundle's language field, not text.  None otherwise."""
    t = text.strip()
    if not t or len(t) > 12 or " " in t or from_language_name(t) is not None:  # "English" is a word here
        return None
    same = normalize(t).lower() == normalize(source).lower()
    if not same and not ("_" in t or "-" in t) and t.lower() == language(source):
        same = True  # "en" in a project whose source is en_US
    if not same:
        return None
    lang, _sep, region = normalize(target).partition("_")
    sep = "_" if "_" in t else "-"
    if t.isupper():
        lang = lang.upper()
    elif region and t[-2:].islower() and sep in t:
        region = region.lower()
    return lang + (sep + region if region else "")
