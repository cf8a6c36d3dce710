"""Where a resource's other locales live, when no localize.toml says: the `{locale}` pattern that a
template or a source-language file named on the command line implies, and how a locale is spelled in it.

    localize translate po/app.pot --to de,pt_BR        # po/de.po, po/pt_BR.po (msginit / msgmerge)
    localize translate locale/django.pot --to de        # locale/de/LC_MESSAGES/django.po
    localize translate i18n/en.json --to de,pt-BR       # i18n/de.json, i18n/pt-BR.json
    localize translate res/values/strings.xml --to pt_BR   # res/values-pt-rBR/strings.xml
    localize translate src/Messages.properties --to de  # src/Messages_de.properties
    localize translate data/core.json --to it           # data/it.json (beside data/de.json, data/fr-FR.json)
    localize translate English.lproj/Localizable.strings --to de   # German.lproj/ where GNUstep has it, else de.lproj/

A target file that already exists keeps its spelling (pt_BR.json or pt-BR.json, whichever is there)."""
from __future__ import annotations

import re
from pathlib import Path

from . import plurals

# Formats whose tools name files with POSIX/Java locales (pt_BR): gettext, Java, Qt, Mozilla DTD
UNDERSCORE_FORMATS = frozenset({"po", "properties", "ts", "dtd"})


def is_template(path: str, fmt: str) -> bool:
    """A gettext template (.pot): never translated itself; its catalogs are."""
    return fmt == "po" and path.lower().endswith(".pot")


def implied_pattern(path: str, fmt: str, source: str) -> tuple[str, str] | None:
    """(the `{locale}` pattern of the files that translate `path`, how the path spelled the source locale)
    when `path` is a template or a file in the source language `source` (its name says so); None for
    any other file."""
    p = Path(path)
    if fmt == "po":
        if not is_template(path, fmt):
            return None
        if any(p.parent.glob(f"*/LC_MESSAGES/{p.stem}.po")):  # Django, Sphinx, Babel: locale/de/LC_MESSAGES/
            return str(p.parent / "{locale}" / "LC_MESSAGES" / f"{p.stem}.po"), ""
        return str(p.parent / "{locale}.po"), ""
    if fmt == "android":  # res/values/ and the default locale's qualified folders (values-land/, values-v21/)
        from .formats.android import guess_locale
        folder = p.parent.name
        if folder != "values" and not (folder.startswith("values-") and guess_locale(path) is None):
            return None
        return str(p.parent.parent / ("values-{locale}" + folder[len("values"):]) / p.name), ""
    match = _source_token(str(p), source)
    if match is not None:
        s = str(p)
        return s[:match.start()] + "{locale}" + s[match.end():], match.group()
    if fmt == "properties" and "_" not in p.stem:  # a Java base bundle: Messages.properties
        return str(p.with_name(f"{p.stem}_{{locale}}{p.suffix}")), ""
    if p.parent.name == "Base.lproj":  # Apple's base localization
        return str(p.parent.parent / "{locale}.lproj" / p.name), ""
    lproj = p.parent.name[:-len(".lproj")] if p.parent.name.endswith(".lproj") else ""
    if lproj and plurals.from_language_name(lproj) == source:  # GNUstep's and SOGo's English.lproj: German.lproj
        return str(p.parent.parent / "{locale}.lproj" / p.name), lproj
    suffixed = _suffixed_siblings(p)
    if suffixed:  # Jitsi's main.json beside main-pl.json, main-zh-CN.json (the Java base-bundle way, with a dash)
        sep, spelled = suffixed
        return str(p.with_name(f"{p.stem}{sep}{{locale}}{p.suffix}")), spelled
    named = _locale_siblings(p)
    if named:  # a source named for its role (Transifex's core.json) beside de.json, fr-FR.json
        return str(p.with_name("{locale}" + p.suffix)), next((n for n in named if "-" in n or "_" in n), "")
    return None


def source_catalog_pattern(path: str, source: str) -> tuple[str, str] | None:
    """A gettext catalog in the source language used as the template of the others: Django's and Sphinx's
    locale/en/LC_MESSAGES/django.po -> locale/{locale}/LC_MESSAGES/django.po, po/en.po -> po/{locale}.po."""
    p = Path(path)
    if p.parent.name == "LC_MESSAGES" and plurals.normalize(p.parent.parent.name) == plurals.normalize(source):
        return str(p.parent.parent.parent / "{locale}" / "LC_MESSAGES" / p.name), p.parent.parent.name
    if plurals.normalize(p.stem) == plurals.normalize(source):
        return str(p.with_name("{locale}" + p.suffix)), p.stem
    return None


_LOCALE_NAME_RE = re.compile(r"[a-z]{2,3}(?:[-_](?:[A-Z]{2}|[A-Z][a-z]{3}|\d{3}))*")


def _suffixed_siblings(p: Path) -> tuple[str, str] | None:
    """(separator, a spelling with a region) when files named `p`'s stem + "-"/"_" + a locale lie beside `p`
    (two or more, so "main-old.json" alone is no pattern) and `p` itself names no locale."""
    if _LOCALE_NAME_RE.fullmatch(p.stem) or not p.parent.is_dir() or p.suffix == ".properties":
        return None
    for sep in ("-", "_"):
        locs = [q.stem[len(p.stem) + 1:] for q in p.parent.glob(f"{p.stem}{sep}*{p.suffix}")]
        locs = [x for x in locs if _LOCALE_NAME_RE.fullmatch(x)]
        if len(locs) >= 2 or (locs and not any(q != p and q.stem.startswith(p.stem + sep) and
                                                not _LOCALE_NAME_RE.fullmatch(q.stem[len(p.stem) + 1:])
                                                for q in p.parent.glob(f"*{p.suffix}"))):
            return sep, next((x for x in sorted(locs) if "-" in x or "_" in x), "")
    return None


def _locale_siblings(p: Path) -> list[str]:
    """The locale-named files beside `p` with its extension (de.json, pt-BR.json), when `p` itself is not
    named for a locale."""
    if _LOCALE_NAME_RE.fullmatch(p.stem) or not p.parent.is_dir():
        return []
    return sorted(q.stem for q in p.parent.glob("*" + p.suffix) if q != p and _LOCALE_NAME_RE.fullmatch(q.stem))


def untagged_pattern(path: str, fmt: str) -> str | None:
    """The targets of a bilingual source file that names no target language, in its content or its name:
    Angular's messages.xlf -> messages.{locale}.xlf, Qt's app.ts -> app_{locale}.ts."""
    p = Path(path)
    if fmt == "xliff":
        return str(p.with_name(f"{p.stem}.{{locale}}{p.suffix}"))
    if fmt == "ts":
        return str(p.with_name(f"{p.stem}_{{locale}}{p.suffix}"))
    return None


def _source_token(path: str, source: str) -> re.Match[str] | None:
    """The last place the path spells the source locale as a token of its own: en.json, locales/en/,
    messages_en.properties, app_en_US.ts, en-US.yml, en.lproj (never the "en" inside "often")."""
    lang = source.split("_")[0]
    rx = re.compile(rf"(?<![A-Za-z0-9]){re.escape(lang)}(?:[-_][A-Z]{{2}}|[-_][A-Z][a-z]{{3}})?(?![A-Za-z0-9])")
    found = list(rx.finditer(path))
    return found[-1] if found else None


def spellings(pattern: str, fmt: str, locales: list[str], source_spelling: str = "",
              given: dict[str, str] | None = None) -> dict[str, str]:
    """How each (normalized) locale is written in `pattern`: the spelling of a file that exists already;
    else Android's qualifier (pt-rBR, b+sr+Latn), the separator the source file's own locale uses
    (en_US, en-US), the format's convention (pt_BR for gettext, Java, Qt), or the user's own (`given`)."""
    style = "-" if "-" in source_spelling else "_" if "_" in source_spelling else ""
    out: dict[str, str] = {}
    named = _lproj_names(pattern)
    for loc in locales:
        if fmt == "android":
            out[loc] = android_qualifier(loc)
            continue
        if loc in named:  # GNUstep's German.lproj is German's folder: not a new de.lproj beside it
            out[loc] = named[loc]
            continue
        if plurals.from_language_name(source_spelling) and plurals.language_name(loc):
            out[loc] = plurals.language_name(loc)  # type: ignore[assignment]  # beside English.lproj: French.lproj
            continue
        parts = loc.split("_")
        candidates = [loc, "-".join(parts), (given or {}).get(loc, loc)]
        if len(parts) == 1:  # `--to de` beside an existing pager.de-DE.yml: that file, not a new pager.de.yml
            main = plurals.main_region(loc)
            candidates += [f"{loc}{sep}{main}" for sep in ("-", "_")] if main else []
        existing = [c for c in candidates if Path(pattern.replace("{locale}", c)).exists()]
        if existing:
            out[loc] = existing[0]
        elif style:
            out[loc] = style.join(parts)
        elif fmt in UNDERSCORE_FORMATS:
            out[loc] = loc
        else:
            out[loc] = (given or {}).get(loc, "-".join(parts))
    return out


def _lproj_names(pattern: str) -> dict[str, str]:
    """Locale -> the folder name of the existing `*.lproj` folders named for a language (GNUstep's German.lproj,
    BrazilianPortuguese.lproj) beside a `{locale}.lproj` pattern's place."""
    p = Path(pattern)
    if p.parent.name != "{locale}.lproj" or not p.parent.parent.is_dir():
        return {}
    out: dict[str, str] = {}
    for d in sorted(p.parent.parent.glob("*.lproj")):
        loc = plurals.from_language_name(d.name[:-len(".lproj")])
        if loc is not None and (d / p.name).is_file():
            out.setdefault(loc, d.name[:-len(".lproj")])
    return out


def android_qualifier(locale: str) -> str:
    """de -> de, pt_BR -> pt-rBR, sr_Latn -> b+sr+Latn, zh_Hans_CN -> b+zh+Hans+CN (Android resource
    directory qualifiers: a region alone has the "r" form, a script needs BCP 47's "b+")."""
    parts = locale.split("_")
    if len(parts) == 1:
        return parts[0]
    if len(parts) == 2 and len(parts[1]) == 2 and parts[1].isupper():
        return f"{parts[0]}-r{parts[1]}"
    return "b+" + "+".join(parts)
