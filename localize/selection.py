"""What needs translating: the jobs (one target file per locale) a run covers, the segments that are
missing or stale, and the units (lines, sentences, ICU text runs) each of them becomes."""
from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import checks, formats, layout, plurals
from .config import ResourceSpec, Settings
from .errors import LocalizeError, ParseError
from .formats import icu
from .formats._keyed import KEPT_EMPTY
from .protect import Masked
from .provenance import Lockfile, localize_note, text_hash
from .segments import Resource, Segment


@dataclass
class Job:
    """One target file for one locale."""
    resource: Resource
    locale: str
    spec: ResourceSpec | None
    rel: str                      # path relative to the project root (lockfile key)
    n_forms: int | None = None    # plural forms: PO, the catalog's; other formats, the locale's

    @property
    def program(self) -> str | None:
        """The program a gettext catalog translates, from its Project-Id-Version ("apt 2.6.1", "GNU tar
        1.34", "xfce4-terminal 1.1.0"): its name and its commands (apt-get) are never translated."""
        return program_name(self.resource.header.get("Project-Id-Version", "")) if self.resource.format == "po" else None

    @property
    def accelerator(self) -> str:
        """The accelerator markers of this file: the resource's setting, else its format's default."""
        if self.spec is not None and self.spec.accelerator is not None:
            return self.spec.accelerator
        return formats.default_accelerator(self.resource.format)


@dataclass(slots=True)
class Form:
    """One plural form (or the only form) of a segment to translate."""
    index: int
    source: str
    nodes: list[Any] | None = None             # ICU tree when the segment is ICU
    units: list[Masked] = field(default_factory=list)
    results: list[str | None] = field(default_factory=list)
    # how units join back: per text of the form, [(separator before, unit index), ...]
    layout: list[list[tuple[str, int]]] = field(default_factory=list)
    failed: list[checks.Issue] = field(default_factory=list)
    first_fail: bool = False   # the engine's best hypothesis failed protection or checks for some unit
    evidence: dict[int, Any] = field(default_factory=dict)  # unit index -> confidence.Evidence
    sample: str | None = None  # the count placeholder `source` says as SAMPLE_MANY (sample_many): put back after


@dataclass(slots=True)
class Item:
    job: Job
    segment: Segment
    forms: list[Form]
    categories: list[str] = field(default_factory=list)
    stale: bool = False


@dataclass
class Options:
    locales: list[str] | None = None
    overwrite: bool = False
    final: bool = False
    dry_run: bool = False
    keep_going: bool = False
    n_best: int = 4
    ci: bool = False
    spellings: dict[str, str] = field(default_factory=dict)  # --to as the user wrote it, by normalized name


def collect_jobs(settings: Settings, paths: list[str], opts: Options, result: Any) -> list[Job]:
    """Target resources for every (resource, locale): from the config, or the PATHs given."""
    jobs: list[Job] = []
    locales = opts.locales or settings.targets
    root = settings.root

    def attempt(fn: Callable[[], Job | None], where: str) -> None:
        try:
            job = fn()
            if job is not None:
                jobs.append(job)
        except LocalizeError as exc:
            if not opts.keep_going:
                raise
            result.errors.append(str(exc))

    if paths:
        loaded: dict[str, Resource] = {}  # read while deciding what a path is: not read twice
        expanded = formats.expand(paths)
        if not expanded:
            raise ParseError(paths[0], "no string resource files here (PO, JSON, XLIFF, .ts, .properties, ...)")
        sources_here = {os.path.abspath(x) for x in expanded}
        for p in expanded:  # a directory: every resource file under it (not templates)
            implied = _implied_spec(settings, p, loaded, named=p in paths) if Path(p).is_file() else None
            if implied is not None:  # a template or the source-language file: the files of each target
                spec, spelled = implied
                if not locales:
                    raise ParseError(p, "a template (source-language file): name the target locales with --to "
                                        "or [project] targets")
                if not spec.spellings:
                    names = [plurals.normalize(x) for x in locales]
                    fmt = spec.format or formats.format_of(p)
                    spec.spellings = layout.spellings(str(settings.resolve(spec.path)), fmt, names, spelled,
                                                      opts.spellings)
                _spec_jobs(settings, spec, locales, opts, result, attempt)
                continue

            def one(p: str = p) -> Job | None:
                if formats.holds_all_locales(p):  # an Xcode string catalog: read for the one locale asked for
                    if not locales or len(locales) != 1:
                        raise ParseError(p, "a string catalog holds every locale: name one with --to, or list the "
                                            "file under [[resources]] to translate all targets")
                    res = formats.load(p, plurals.normalize(locales[0]))
                else:
                    res = loaded.pop(p, None) or formats.load(p)
                loc = res.locale
                if formats.is_bilingual(res.format):  # PO, XLIFF, .ts: the file holds its source text
                    # a catalog named on the command line without --to is translated into its own language,
                    # a target of localize.toml or not (`localize translate help/es/es.po`)
                    asked = opts.locales if p in paths else locales
                    wanted = [plurals.normalize(x) for x in asked or []]
                    if loc and wanted and not any(plurals.matches(loc, w) for w in wanted):
                        if p in paths:  # named, not found in a directory: say why nothing happens to it
                            result.issues.append(checks.Issue(
                                "skipped", checks.WARNING, f"{p} is {loc}, not among --to "
                                f"({', '.join(wanted)}): left as it is", p, "", loc))
                        return None  # `po/ --to de`: this catalog is another language's (never rewritten as de)
                    if not loc and len(wanted) == 1:
                        loc = wanted[0]  # a catalog whose header and name say no language
                    if not loc:
                        raise ParseError(p, "cannot tell the file's language (no Language header or "
                                            "target-language attribute); use --to")
                    res.locale = loc
                    return Job(res, loc, None, os.path.relpath(p, root), _po_forms(res))
                spec_loc = _spec_for(settings, p)
                if spec_loc is None:  # a translation beside its source file (i18n/de.json by i18n/en.json)
                    from .audit import sibling_source
                    sibling = sibling_source(p, settings.source)
                    implied = _implied_spec(settings, str(sibling[0]), loaded) if sibling is not None else None
                    if sibling is None or implied is None:
                        raise ParseError(p, f"a {res.format} file needs its source-language file: list it under "
                                            "[[resources]] in localize.toml")
                    wanted = [plurals.normalize(x) for x in locales or []]
                    if wanted and not any(plurals.matches(sibling[1], w) for w in wanted):
                        if p in paths:
                            result.issues.append(checks.Issue(
                                "skipped", checks.WARNING, f"{p} is {sibling[1]}, not among --to "
                                f"({', '.join(wanted)}): left as it is", p, "", sibling[1]))
                        return None  # `i18n/ --to pl`: de.json is another language's
                    if os.path.abspath(sibling[0]) in sources_here:
                        return None  # the source file in this run makes this file's job
                    spec_loc = (implied[0], sibling[1])
                spec, loc = spec_loc
                tpath = settings.resolve(spec.template) if spec.template else settings.resolve(spec.for_locale(settings.source))
                source = formats.load(tpath, settings.source, res.format)
                return Job(formats.module(res.format).pair(source, res, p, loc), loc, spec, os.path.relpath(p, root),
                           plurals.nplurals(loc))
            attempt(one, p)
        return _unique(jobs)
    for spec in settings.resources:
        _spec_jobs(settings, spec, locales, opts, result, attempt)
    return jobs


def _unique(jobs: list[Job]) -> list[Job]:
    """One job per (file, locale): a folder can name a file twice, as itself and as the target of a source
    beside it (qpdfview's en_AU.ts and en_GB.ts both imply qpdfview_{locale}.ts: its nl file was translated
    twice and counted 750 messages for 375)."""
    seen: set[tuple[str, str]] = set()
    out = []
    for job in jobs:
        key = (os.path.abspath(job.resource.path), plurals.normalize(job.locale))
        if key not in seen:
            seen.add(key)
            out.append(job)
    return out


def _spec_jobs(settings: Settings, spec: ResourceSpec, locales: list[str], opts: Options, result: Any,
               attempt: Callable[[Callable[[], Job | None], str], None]) -> None:
    """The jobs of one resource pattern: its template (or source-language file) and a target per locale,
    created from the template where missing; a PO catalog is merged with its POT as msgmerge would."""
    root = settings.root
    template: Resource | None = None
    tpath = settings.resolve(spec.template) if spec.template else settings.resolve(spec.for_locale(settings.source))
    try:
        if spec.template and not tpath.exists():  # its catalogs would be left as they are, silently (exit 0)
            raise ParseError(str(tpath), "template not found (named by `template` under [[resources]] in "
                                         "localize.toml): regenerate it, or fix the path")
        template = formats.load(tpath, settings.source, spec.format) if tpath.exists() else None
    except LocalizeError as exc:
        if not opts.keep_going:
            raise
        result.errors.append(str(exc))
        return
    for loc in locales:
        loc = plurals.normalize(loc)
        target = settings.resolve(spec.for_locale(loc))

        def one(target: Path = target, loc: str = loc, spec: ResourceSpec = spec) -> Job | None:
            fmt = formats.format_of(target, spec.format)
            rel = os.path.relpath(target, root)
            mod = formats.module(fmt)
            if formats.is_bilingual(fmt):  # PO, XLIFF, .ts: the target file holds the source text
                if target.exists() and template is not None and hasattr(mod, "for_locale") \
                        and Path(template.path).resolve() == target.resolve():
                    res = mod.for_locale(template, loc)  # an Xcode string catalog: each locale of one file
                elif target.exists():
                    res = formats.load(target, loc, fmt)
                    if template is not None and spec.template and hasattr(mod, "merge_template"):
                        mod.merge_template(res, template)
                elif template is not None:
                    res = formats.create(fmt, template, str(target), loc)
                else:
                    raise ParseError(str(target), "no such file and no template to create it from")
                res.locale = loc
                return Job(res, loc, spec, rel, _po_forms(res))
            if template is None:
                raise ParseError(str(tpath), "source-language file not found")
            existing = formats.load(target, loc, fmt) if target.exists() else None
            return Job(mod.pair(template, existing, str(target), loc), loc, spec, rel, plurals.nplurals(loc))
        attempt(one, str(target))


def _implied_spec(settings: Settings, path: str, loaded: dict[str, Resource],
                  named: bool = False) -> tuple[ResourceSpec, str] | None:
    """A template or source-language file named on the command line: the resource pattern it implies
    (its [[resources]] entry when localize.toml has one), with the path's own spelling of the source.
    A file read to decide (XLIFF, .ts) is left in `loaded` for the caller.  A gettext catalog in the source
    language counts only when `named` (Django's locale/en/LC_MESSAGES/django.po --to it: the catalogs
    beside it); found in a directory, it is that locale's catalog like the others."""
    for spec in settings.resources:
        if spec.template and settings.resolve(spec.template).resolve() == Path(path).resolve():
            return spec, ""
    found = _spec_for(settings, path)
    if found is not None:
        spec, loc = found
        return (spec, "") if loc == settings.source else None
    fmt = formats.format_of(path)
    if formats.holds_all_locales(path, fmt):
        return None
    rel = os.path.relpath(path, settings.root)
    implied = layout.implied_pattern(rel, fmt, settings.source)
    if implied is None and fmt == "po" and named:
        implied = layout.source_catalog_pattern(rel, settings.source)
    if implied is None and fmt in ("xliff", "ts"):
        try:
            loaded[path] = res = formats.load(path, None, fmt)
        except LocalizeError:
            return None  # read again, and reported, as a target (--keep-going goes on with the others)
        if not res.locale:  # Angular's messages.xlf: the source, not a target
            untagged = layout.untagged_pattern(rel, fmt)
            implied = (untagged, "") if untagged else None
    if implied is None:
        return None
    pattern, spelled = implied
    return ResourceSpec(path=pattern, template=rel, format=fmt), spelled


LINE_SPLIT_RE = re.compile(r"([\r\n\v\f]+[ \t]*)")  # argp help puts \v between its parts
PIPE_SPLIT_RE = re.compile(r"([\r\n\v\f]+[ \t]*|[ \t]*\|[ \t]*)")
SENTENCE_SPLIT_RE = re.compile(r"(?<=[.!?])(\s+)(?=[A-Z\"'(])")
LONG_LINE = 160


CHOICES_SPLIT_RE = re.compile(r"((?<!\\),[ \t]*)")  # debconf "Choices": items apart at unescaped commas


def is_debconf_choices(notes: list[str], source: str) -> bool:
    """A po-debconf `_Choices` list in one msgid ("Dialog, Readline, Gnome"): its extracted comments say
    "Type: select" (or multiselect) and "Choices"; the number of items is what debconf counts."""
    lines = {n.strip() for note in notes for n in note.split("\n")}
    return "Choices" in lines and any(n.startswith("Type: ") and "select" in n for n in lines) and ", " in source


def debconf_items(text: str) -> int:
    """How many items a debconf Choices list has (a "\\," inside an item is a literal comma)."""
    return len(CHOICES_SPLIT_RE.split(text)) // 2 + 1


def split_text(text: str, pipes: bool = False, commas: bool = False) -> list[tuple[str, str]]:
    """[(separator, piece)]: lines, and sentences of long lines; "".join(sep + piece) == text.
    `pipes`: "|" separates pieces too (JSON bundles: vue-i18n and Docusaurus plural forms
    "One post|{count} posts", and title separators "Home | Site", both safe to translate apart).
    `commas`: a debconf Choices list, each item translated apart (the count cannot change)."""
    if commas:
        return _split(text, CHOICES_SPLIT_RE)
    if pipes and "|" in text and "\ue000" not in text:
        # a pipe inside protected syntax ($t(a|b), an attribute) is not a separator: hide it first
        from .protect import find_spans
        chars = list(text)
        for start, end, _rule in find_spans(text):
            for i in range(start, end):
                if chars[i] == "|":
                    chars[i] = "\ue000"
        hidden = "".join(chars)
        return [(sep.replace("\ue000", "|"), piece.replace("\ue000", "|"))
                for sep, piece in _split(hidden, PIPE_SPLIT_RE)]
    return _split(text, LINE_SPLIT_RE)


def _split(text: str, splitter: re.Pattern[str]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    parts = splitter.split(text)
    sep = ""
    for k, part in enumerate(parts):
        if k % 2 == 1:
            sep += part
            continue
        if len(part) > LONG_LINE:
            sents = SENTENCE_SPLIT_RE.split(part)
            for j, sp in enumerate(sents):
                if j % 2 == 1:
                    sep += sp
                    continue
                for inner, piece in _chunks(sp):
                    out.append((sep + inner, piece))
                    sep = ""
        else:
            if part == "" and out and k == len(parts) - 1:
                out.append((sep, ""))
                sep = ""
                continue
            out.append((sep, part))
            sep = ""
    if sep:
        out.append((sep, ""))
    return out


MAX_PIECE = 600  # characters: longer sentences are cut at clauses (a model truncates input past its limit)
_WS_RE = re.compile(r"\s+")


def _chunks(sentence: str) -> list[tuple[str, str]]:
    """A sentence too long for a model's input (the default model reads 254 tokens, ~1,000 characters;
    what is past the limit would be silently dropped) is cut at clause boundaries, else at spaces,
    never inside protected syntax: [(separator, piece)], the first separator empty."""
    if len(sentence) <= MAX_PIECE:
        return [("", sentence)]
    from .protect import find_spans
    spans = find_spans(sentence)
    cuts = [m for m in _WS_RE.finditer(sentence)
            if not any(a < m.start() < b or a < m.end() < b for a, b, _r in spans)]
    out: list[tuple[str, str]] = []
    start, sep = 0, ""
    while len(sentence) - start > MAX_PIECE:
        window = [m for m in cuts if start + MAX_PIECE // 3 <= m.start() <= start + MAX_PIECE]
        clause = [m for m in window if sentence[m.start() - 1] in ",;:"]
        pick = (clause or window or [None])[-1]
        if pick is None:
            break
        out.append((sep, sentence[start:pick.start()]))
        sep, start = pick.group(0), pick.end()
    out.append((sep, sentence[start:]))
    return out


def _spec_for(settings: Settings, path: str) -> tuple[ResourceSpec, str] | None:
    """The [[resources]] pattern a file belongs to, and the locale its name gives."""
    target = Path(path).resolve()
    for spec in settings.resources:
        if "{locale}" not in spec.path:
            continue  # an Xcode string catalog: one file for every locale, its name says none
        pattern = re.escape(str(settings.resolve(spec.path).resolve())).replace(re.escape("{locale}"), r"(?P<loc>[^/\\]+)")
        m = re.fullmatch(pattern, str(target))
        if m:
            return spec, plurals.normalize(m.group("loc"))
    return None


def _po_forms(res: Resource) -> int:
    return plurals.nplurals_of_header(res.header.get("Plural-Forms")) or plurals.nplurals(res.locale or "en")


def fix_po_header(job: Job) -> None:
    """Give a catalog the Plural-Forms and Language its locale needs when missing or wrong."""
    res = job.resource
    if res.format != "po" or not job.locale:
        return
    want = plurals.plural_forms(job.locale)
    declared = plurals.nplurals_of_header(res.header.get("Plural-Forms"))
    if declared is None or (plurals.known(job.locale) and declared != plurals.nplurals(job.locale)
                            and not any(s.is_plural and s.translated for s in res.segments)):
        res.header["Plural-Forms"] = want
        job.n_forms = plurals.nplurals(job.locale)
    if not res.header.get("Language"):
        res.header["Language"] = job.locale


def is_machine(seg: Segment) -> bool:
    return localize_note(seg.translator_notes) is not None


# Entries where translators put their own names and e-mail addresses (KDE's KAboutData, GNOME's about
# dialogs): machine "translation" of "Your names" or "translator-credits" would ship as credits.
CREDITS_CONTEXTS = {"NAME OF TRANSLATORS", "EMAIL OF TRANSLATORS"}
CREDITS_IDS = {"translator-credits", "translator_credits", "TRANSLATOR-CREDITS", "translator-credits-email"}


# A note that says the whole string is not to be translated: Mozilla's "LOCALIZATION NOTE (key): DONT_TRANSLATE",
# GNOME's "Translators: Do NOT translate or transliterate this text (this is an icon file name)!".  A note
# that names a word ("Do not translate 'Firefox'") is about that word, not the string.
_DNT_NOTE_RE = re.compile(r"^(?:LOCALIZATION NOTE\s*(?:\([^)]*\))?\s*:?|translators?\s*:)?\s*"
                          r"(?:DONT_TRANSLATE\b|(?:do not|don't|never) translate(?: or transliterate)?"
                          r"(?: this(?: text| string| message| word| name)?| it)?"
                          r"\s*(?:[.!,;:-]|\(this is an? [^)]*\)|$))", re.I)


# itstool's image entries in Mallard/DocBook help catalogs: a file reference and its checksum, copied (a
# translator changes it only to point at a localized screenshot); also xml2po's older "@@image: '...'; md5=..."
_ITSTOOL_EXTERNAL_RE = re.compile(r"external ref='[^']*' md5='[0-9a-f]*'"
                                  r"|@@image: '[^']*'; md5=(?:[0-9a-f]+|THIS FILE DOESN'T EXIST)")


# itstool's path comment of a help catalog's credits: an author's, editor's or copyright holder's name, an e-mail
# address, a year (DocBook <author>/<othercredit>, Mallard <credit><name>): people copy them ("Ross" became "Ros")
_ITSTOOL_CREDIT_RE = re.compile(r"\(itstool\) path: (?:\S*/)?(?:author|othercredit|editor|firstname|surname|"
                                r"othername|personname|holder|year|credit/name|credit/email|email)$")


# "Translators: in the About dialog, name of an author of the game" (four-in-a-row): a person's name, copied
# ("David Neary" came back "David Near" in Russian)
_PERSON_NOTE_RE = re.compile(r"\bname of (?:an?|the) (?:author|person|contributor|artist|designer|maintainer|"
                             r"documenter|developer)\b|\b(?:author|person)'s name\b", re.I)


def do_not_translate(seg: Segment) -> bool:
    """The developer's note says the string is not to be translated, or it is an itstool image reference or
    a help catalog's credit: it is copied as it is."""
    if _ITSTOOL_EXTERNAL_RE.fullmatch(seg.source.strip()):
        return True
    if any(_ITSTOOL_CREDIT_RE.match(n.strip()) or _PERSON_NOTE_RE.search(n) for n in seg.developer_notes):
        return True
    return any(_DNT_NOTE_RE.match(n.strip()) and not _QUOTED_RE.search(n) for n in seg.developer_notes)


_NO_COPY_NOTE_RE = re.compile(r"\b(?:do not|don't|never)\s+copy\b.*\b(?:locali[sz]ed|translated|locale|"
                              r"language)\s+(?:files?|bundles?|propert(?:y|ies)|resources?)\b", re.I | re.S)


_PROGRAM_RE = re.compile(r"(?:GNU\s+)?([A-Za-z][a-z0-9]*(?:[-_.][a-z0-9]+)*)(?:\s+(?:v(?:ersion)?\s*)?[\w.~+-]*\d[\w.~+-]*"
                         r"|\s+(?:master|main|trunk|HEAD|git|dev|devel|unstable|stable))?\s*")


# placeholders, and programs named with an English word their own messages use as a word ("No rule to
# make target", "less than", "free space")
_NOT_PROGRAM_NAMES = frozenset("package project messages app application make find time less more which patch "
                               "file nice watch screen top free kill sort join split cut paste touch tail head "
                               "date sleep yes test true false install units mail calendar clock weather maps "
                               "music photos videos contacts boxes characters logs software settings files".split())


@lru_cache(maxsize=256)
def program_name(project: str) -> str | None:
    """"apt 2.6.1" -> "apt", "GNU tar 1.34" -> "tar", "gnome-calculator master" -> "gnome-calculator";
    None for a placeholder ("PACKAGE VERSION"), a name of several words or an English word too short to
    be a program name with confidence."""
    m = _PROGRAM_RE.fullmatch(project.strip())
    if not m or m.group(1).lower() in _NOT_PROGRAM_NAMES:
        return None  # (a capitalized name counts too: Sphinx's "Running Sphinx v%s" lost "Sphinx" in Polish)
    return m.group(1) if len(m.group(1)) >= 2 else None


@lru_cache(maxsize=256)
def dnt_pattern(glossary: re.Pattern[str] | None, program: str | None) -> re.Pattern[str] | None:
    """The glossary's do-not-translate terms, and a catalog's own program name with its commands ("apt",
    "apt-get", "dpkg-deb", a quoted 'apt-get autoremove'): "Run apt update" had lost "apt update" in German."""
    if program is None:
        return glossary
    name = re.escape(program) + r"(?:-[a-z0-9]+)*"
    own = (r"(?-i:(?<=['\"‘“`«])" + name + r"(?:\s[^'\"’”`»\n]{0,60}?)?(?=['\"’”`»]))"
           r"|(?<![\w-])(?-i:" + name + r")(?![\w-])")
    return re.compile(own + ("|" + glossary.pattern if glossary else ""), re.I)


def no_text(seg: Segment) -> bool:
    """Entries that hold no text for a translator: JSON metadata ("$schema"), translator credits (a person's
    name): never translated, and neither checked nor language-detected as translations."""
    return bool(seg.key and str(seg.key).split(".")[-1].startswith("$")) or \
        (seg.context or "") in CREDITS_CONTEXTS or seg.source.strip() in CREDITS_IDS


def not_for_translations(seg: Segment) -> bool:
    """The developer's note says the key is not to be copied into translated files (Sweet Home 3D's icons,
    file extensions and key strokes): it stays in the source file only (the base bundle answers)."""
    return any(_NO_COPY_NOTE_RE.search(n) for n in seg.developer_notes)


# a note naming a word: "Do not translate 'X'"
_QUOTED_RE = re.compile(r"(?<!\w)['\"“‘«„][^'\"”’»“]+['\"”’»“](?!\w)")


def select(job: Job, lock: Lockfile, opts: Options,
           glossary_stale: Callable[[Segment, str, str], bool] | None = None) -> list[Item]:
    """Segments that need the engine: untranslated, missing plural forms, or stale machine output (its source
    changed, or `glossary_stale(segment, locale, the glossary hash it was written under)`: a term of it did)."""
    items: list[Item] = []
    for seg in job.resource.segments:
        if seg.obsolete or not seg.source.strip() or seg.id == "":
            continue
        if not_for_translations(seg):
            continue  # "do not copy the following key in localized file": the base file answers
        if no_text(seg):  # "$schema" and similar JSON metadata; the translators' own names (KDE, GNOME credits)
            if seg.key and not job.resource.exists and not seg.targets:
                seg.targets = [seg.source]  # a new bundle gets the source's "$schema" (and the like) as it is
            continue
        if KEPT_EMPTY in seg.flags and not opts.overwrite:
            continue  # a DTD or .properties key a person left empty on purpose (formats/_keyed.py)
        rec = lock.get(job.rel, job.locale, seg.id)
        written_by_us = rec is not None and rec.tgt == text_hash(seg.targets)
        stale = written_by_us and rec is not None and (rec.src != seg.source_hash or (
            glossary_stale is not None and glossary_stale(seg, job.locale, rec.glossary)))
        if job.resource.format == "po" and is_machine(seg) and not written_by_us:
            note = localize_note(seg.translator_notes) or ""
            stale = f"src {seg.source_hash}" not in note and seg.translated and "fuzzy" in seg.flags
        if rec is not None and written_by_us and not stale and not opts.overwrite:
            continue  # exactly as the last run left it
        complete = seg.translated and (not seg.is_plural or _forms_complete(job, seg))
        if complete and not stale and not opts.overwrite:
            continue
        if not stale and not opts.overwrite and _other_answers_for_many(job, seg):
            continue  # a person's complete Italian group: its "many" form is their "other" form, not the engine's
        if seg.fuzzy and seg.translated and not is_machine(seg) and not opts.overwrite:
            continue  # a translator's fuzzy entry is theirs to review
        items.append(_item(job, seg, stale or opts.overwrite))
    return items


# Romance languages' "many" is for a million and up ("1 milione di file"): the person's "other" form reads right
MANY_LIKE_OTHER = frozenset({"es", "it", "ca", "pt", "fr"})


def _other_answers_for_many(job: Job, seg: Segment) -> bool:
    """An existing i18next group a person translated for every category but a "many" of MANY_LIKE_OTHER (Medusa's
    complete Italian bundle got 51 machine-worded `_many` keys beside the person's `_other`): the missing form
    gets a copy of their "other" form, in the locale's category order, and nothing goes to the engine."""
    if not (job.resource.exists and job.resource.format == "json" and seg.plural_categories
            and seg.id.endswith("#plural") and plurals.language(job.locale) in MANY_LIKE_OTHER and not is_machine(seg)):
        return False
    have = {c: t for c, t in zip(seg.plural_categories, seg.targets) if t}
    cats = plurals.categories(job.locale)
    if not have.get("other") or any(c not in have and c != "many" for c in cats) or "many" in have:
        return False
    seg.targets = [have.get(c) or have["other"] for c in cats]
    seg.plural_categories = list(cats)
    return True


def _forms_complete(job: Job, seg: Segment) -> bool:
    if seg.plural_categories:
        return len(seg.targets) == len(seg.plural_categories) and all(seg.targets)
    if job.resource.format == "properties":  # Mozilla's rule may count fewer forms than CLDR's (he): theirs
        return seg.translated
    return len(seg.targets) >= (job.n_forms or 1) and all(seg.targets)


_PAREN_PLURAL_RE = re.compile(r"(?<=[^\W\d_])\((e?s)\)(?!\w)")


def count_form(text: str, one: bool) -> str:
    """An English source that writes both numbers at once ("%n torrent(s) removed", "%d match(es)") as the
    form for one ("%n torrent removed") or for many ("%n torrents removed"): Qt's numerus messages have one
    source for every form, and the engine translates "torrent(s)" badly."""
    return _PAREN_PLURAL_RE.sub("" if one else r"\1", text)


# Polish, Russian, Ukrainian and Belarusian "many" (5 files, 11 files: a genitive plural) is no form English has:
# the engine, trained on the "few" form of people's catalogs, gives the nominative plural of the "few" form for
# "%d files" ("%d pliki") and the genitive for "5 files" ("5 plików").  On the corpora's pl and ru catalogs
# (scripts/bench_plural_many.py) that helps short messages and not long ones, where the number changes more
# than the noun's case.
MANY_IS_GENITIVE = frozenset({"pl", "ru", "uk", "be"})
SAMPLE_MANY = "5"
_COUNT_RE = re.compile(r"%(?:\d+\$)?'?(?:l|ll|z|j|h)?[diu](?![A-Za-z])|%L?n(?![A-Za-z])|\{\{\s*count\s*\}\}"
                       r"|\{\s*(?:count|n|num|number)\s*\}|%\((?:count|n|num|number)\)[diu]")
MAX_SAMPLED_WORDS = 3


def sample_many(text: str) -> tuple[str, str] | None:
    """(the text with its count said as SAMPLE_MANY, the count placeholder) for a short plural source with one
    count ("%d files", "{{count}} items selected"); None for any other text."""
    found = _COUNT_RE.findall(text)
    if len(found) != 1 or len(text.split()) > MAX_SAMPLED_WORDS or SAMPLE_MANY in text or "\n" in text:
        return None
    return text.replace(found[0], SAMPLE_MANY, 1), found[0]


def unsample(text: str, placeholder: str) -> str | None:
    """The translation of a sampled source with its count placeholder back; None when the number is not there
    exactly once."""
    at = [m.start() for m in re.finditer(rf"(?<![\d.,]){SAMPLE_MANY}(?![\d.,]\d|\d)", text)]
    return text[:at[0]] + placeholder + text[at[0] + 1:] if len(at) == 1 else None


def _numbered_forms(singular: str, plural: str, n: int) -> list[str]:
    """Source text per numbered plural form (gettext msgstr[i], i18next v3 key_i): form 0 is the
    singular, the rest the plural; a one-form language gets the plural."""
    return [plural] if n == 1 else [singular] + [plural] * (n - 1)


def _item(job: Job, seg: Segment, stale: bool) -> Item:
    sources: list[str]
    cats: list[str] = []
    plural = seg.source_plural or seg.source
    if seg.plural_categories and seg.id.endswith("#plural3"):  # i18next v3: gettext-like form counts
        cats = plurals.i18next_v3_suffixes(job.locale)
        sources = _numbered_forms(seg.source, plural, len(cats))
    elif seg.plural_categories:
        ordinal = seg.id.removesuffix("#plural").endswith("_ordinal")
        cats = plurals.ordinal_categories(job.locale) if ordinal else plurals.categories(job.locale)
        zero = seg.form_sources() if not ordinal else None  # with an explicit zero form (Rails, i18next)
        cats = list(seg.plural_categories) if zero is not None else cats
        sources = zero if zero is not None else [seg.source if c == "one" and not ordinal else plural for c in cats]
    elif seg.source_plural is not None:
        sources = _numbered_forms(seg.source, plural, job.n_forms or 2)
    else:
        sources = [seg.source]
    if seg.is_plural and "(" in "".join(sources):  # "%n torrent(s) removed.": each form says one or many
        sources = [count_form(s, (cats[i] == "one") if cats else (i == 0 and len(sources) > 1))
                   for i, s in enumerate(sources)]
    forms = []
    genitive = plurals.language(job.locale) in MANY_IS_GENITIVE
    for i, s in enumerate(sources):
        f = Form(i, s)
        if seg.kind == "icu" or icu.is_complex(s):
            try:
                f.nodes = icu.parse(s)
            except icu.ICUError:
                f.nodes = None
        many = (cats[i] == "many") if cats else (len(sources) == 3 and i == 2)
        sampled = sample_many(s) if genitive and many and f.nodes is None and i > 0 else None
        if sampled is not None:
            f.source, f.sample = sampled
        forms.append(f)
    return Item(job, seg, forms, cats, stale)


