"""Resource formats: one adapter per format, registered below and chosen by file extension.

Every adapter module offers
    read(path, data, locale) -> Resource      parse the bytes of one file
    write(res) -> bytes                       the file's new bytes, only changed spans touched
and one of
    create(template, path, locale) -> Resource   bilingual formats (PO, XLIFF, Qt .ts): the file holds
                                                 its source text; a missing locale is made from the
                                                 template (POT, source XLIFF, ...); optional
                                                 merge_template(res, template) adds new entries
    pair(source, target, path, locale) -> Resource  monolingual formats (JSON, Android, ...): the
                                                 source text comes from the source-language file;
                                                 target None creates the file
A format whose one file holds every locale (Xcode .xcstrings) is bilingual and also sets MULTILINGUAL and
offers locales(path, data) and for_locale(resource, locale) (the locales of one file read as a group that
is written together).  Writes go through `save()`, which is atomic.  A new format is one module plus a line in FORMATS and
its extensions in EXTENSIONS.
"""
from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType

from ..errors import ParseError
from ..segments import Resource
from ._io import atomic_write

# format name -> adapter module (in localize.formats), imported on first use
FORMATS: dict[str, str] = {
    "po": "po",
    "json": "jsonfmt",
    "xliff": "xliff",             # XLIFF 1.2 and 2.0
    "ts": "ts",                   # Qt Linguist
    "android": "android",         # Android res/values*/strings.xml
    "properties": "properties",   # Java resource bundles
    "strings": "strings",         # Apple / GNUstep .strings
    "yaml": "yamlfmt",            # Rails / Symfony YAML
    "fluent": "fluent",           # Mozilla Fluent
    "stringsdict": "stringsdict", # Apple plural rules (XML plist)
    "xcstrings": "xcstrings",     # Xcode string catalogs: one JSON file holds every locale
    "arb": "arb",                 # Flutter / Dart Application Resource Bundles
    "dtd": "dtd",                 # Mozilla DTD entities (Thunderbird, older Firefox)
}

# file extension (lower case) -> format name
EXTENSIONS: dict[str, str] = {
    ".po": "po",
    ".pot": "po",
    ".json": "json",
    ".xlf": "xliff",
    ".xliff": "xliff",
    ".ts": "ts",
    ".xml": "android",
    ".properties": "properties",
    ".strings": "strings",
    ".yml": "yaml",
    ".yaml": "yaml",
    ".ftl": "fluent",
    ".stringsdict": "stringsdict",
    ".xcstrings": "xcstrings",
    ".arb": "arb",
    ".dtd": "dtd",
}


def module(fmt: str) -> ModuleType:
    """The adapter module of a registered format."""
    return importlib.import_module(f".{FORMATS[fmt]}", __name__)


def is_bilingual(fmt: str) -> bool:
    """True when a file of this format holds its own source text (PO, XLIFF, .ts)."""
    return not hasattr(module(fmt), "pair")


def review_keeps_out_of_build(fmt: str) -> bool:
    """True when the format's review marker keeps an entry out of what ships: only gettext's `#, fuzzy`
    (msgfmt leaves fuzzy entries out).  Qt's lrelease includes unfinished translations unless told
    -nounfinished, Angular and Symfony use an XLIFF target whatever its state, Xcode compiles
    needs_review: there, as in bundles, a translation that failed a check is not written at all."""
    return fmt == "po"


def missing_breaks_app(res: Resource) -> bool:
    """True when a key missing from a target file breaks the app instead of falling back to the source
    language: a Mozilla DTD entity the window references is an XML error, and a Mozilla .properties
    string (`%S`, `%1$S`, `#1`: nsIStringBundle has no fallback) throws where Java's ResourceBundle would
    fall back to the base bundle.  There a translation that failed a check is replaced by the source text
    (listed for review), never left out."""
    if res.format == "dtd":
        return True
    if res.format == "properties":
        handle = getattr(res.handle, "source", None)
        return bool(getattr(getattr(handle, "handle", None), "style", {}).get("mozilla"))
    return False


def falls_back_to_base(res: Resource) -> bool:
    """True when a key left out of a target file is answered by the source-language file at run time, so a
    value with nothing to translate (an icon path, "%s × %s", a key stroke) is better left out than
    copied (a copy would hide later changes of the base value): Java's ResourceBundle.  Not Mozilla's
    .properties (missing_breaks_app), and not Android, whose lint fails a release build on a string
    missing from one locale (MissingTranslation) unless the base marks it translatable="false"."""
    return res.format == "properties" and not missing_breaks_app(res)


def holds_all_locales(path: str | Path, declared: str | None = None) -> bool:
    """True for formats whose one file holds every locale (Xcode .xcstrings): a [[resources]] path
    needs no {locale}, and each locale's job reads and writes its own entries of the same file."""
    fmt = declared or EXTENSIONS.get(Path(path).suffix.lower())
    return fmt in FORMATS and getattr(module(fmt), "MULTILINGUAL", False)


# Formats whose strings carry no accelerator markers: Fluent has `.accesskey` attributes, Android none, so
# "&" there is text ("&lt;action&gt;", "Terms & Conditions") and "_" too.
NO_ACCELERATORS = frozenset({"fluent", "android", "dtd"})


def default_accelerator(fmt: str) -> str:
    return "" if fmt in NO_ACCELERATORS else "_&"


# Files a directory holds beside its string resources that share their extensions: tool configuration
# (JSON), TypeScript (.ts, .d.ts) and XML that is no Android resource file.
# ("app.json" and "common.json" are i18next namespaces: not in this list)
_CONFIG_JSON = frozenset({"package.json", "package-lock.json", "composer.json", "composer.lock", "jsconfig.json",
                          "manifest.json", "bower.json", "lerna.json", "angular.json", "nx.json", "turbo.json",
                          "vercel.json", "renovate.json", "deno.json", "firebase.json", "qqq.json"})


def _resource_file(f: Path) -> bool:
    """Whether a file found in a directory is a string resource (not configuration, code or other XML)."""
    name = f.name.lower()
    if name in _CONFIG_JSON or (name.startswith(("tsconfig", ".eslintrc", "babel.config")) and name.endswith(".json")):
        return False
    if name.endswith(".schema.json"):
        return False
    suffix = f.suffix.lower()
    if suffix in (".ts", ".xml"):  # a Qt Linguist file or an Android resource file, not TypeScript or a POM
        try:
            head = f.read_bytes()[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
        except OSError:
            return True
        if suffix == ".ts":
            return head.startswith(b"<")
        return b"<resources" in head
    return True


def expand(paths: list[str]) -> list[str]:
    """Paths as given, each directory replaced by the resource files under it (known extensions, sorted;
    hidden directories, node_modules, Translatewiki's qqq.json documentation, tool configuration, TypeScript
    and XML that is no Android resource skipped): `localize check locales/` checks every file there."""
    out: list[str] = []
    for p in paths:
        if not Path(p).is_dir():
            out.append(p)
            continue
        for f in sorted(Path(p).rglob("*")):
            rel = f.relative_to(p).parts
            if f.is_file() and f.suffix.lower() in EXTENSIONS and f.suffix.lower() != ".pot" \
                    and not any(part.startswith(".") or part == "node_modules" for part in rel[:-1]) \
                    and _resource_file(f):
                out.append(str(f))
    return out


def format_of(path: str | Path, declared: str | None = None) -> str:
    if declared:
        if declared not in FORMATS:
            raise ParseError(str(path), f"unknown format {declared!r} ({', '.join(sorted(FORMATS))})")
        return declared
    fmt = EXTENSIONS.get(Path(path).suffix.lower())
    if fmt is None:
        raise ParseError(str(path), f"unknown file type (expected {', '.join(sorted(EXTENSIONS))})")
    return fmt


def load(path: str | Path, locale: str | None = None, fmt: str | None = None) -> Resource:
    """Read one resource file; every problem becomes a ParseError naming the file."""
    path = str(path)
    fmt = format_of(path, fmt)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise ParseError(path, "file not found") from None
    except OSError as exc:
        raise ParseError(path, f"cannot read: {exc.strerror}") from None
    return module(fmt).read(path, data, locale)


def load_each_locale(path: str | Path, fmt: str | None = None) -> list[Resource]:
    """A file that holds every locale (Xcode .xcstrings) read once per target locale it has; any other
    file read once (its locale from the file)."""
    fmt = format_of(path, fmt)
    mod = module(fmt)
    if not getattr(mod, "MULTILINGUAL", False):
        return [load(path, None, fmt)]
    data = Path(path).read_bytes() if Path(path).is_file() else b""
    return [load(path, loc, fmt) for loc in mod.locales(str(path), data)] if data else [load(path, None, fmt)]


def create(fmt: str, template: Resource, path: str, locale: str) -> Resource:
    """A new (not yet written) target-locale resource from the source-language `template`."""
    mod = module(fmt)
    if hasattr(mod, "pair"):
        return mod.pair(template, None, path, locale)
    if not hasattr(mod, "create"):
        raise ParseError(path, f"no such file, and {fmt} files cannot be created from a template")
    return mod.create(template, path, locale)


def dump(res: Resource) -> bytes:
    return module(res.format).write(res)


def written_lines(res: Resource, data: bytes | None = None) -> dict[str, int]:
    """Segment id -> 1-based line in the bytes the last dump() gave (`data`): entries above a segment may
    have grown, so its line moved.  PO tracks them while writing; a bilingual XML file (.ts, XLIFF, which
    may have been created from its template) is read back once."""
    lines = dict(getattr(res.handle, "written_lines", None) or {})
    if lines or data is None or res.format == "po" or not is_bilingual(res.format):
        return lines
    try:
        return {sg.id: sg.line for sg in module(res.format).read(res.path, data, res.locale).segments
                if sg.line is not None}
    except ParseError:
        return {}


def save(res: Resource) -> bool:
    """Write `res` atomically if its bytes changed; returns whether the file was written."""
    data = dump(res)
    p = Path(res.path)
    if p.exists() and p.read_bytes() == data:
        return False
    atomic_write(p, data)
    res.exists = True
    return True
