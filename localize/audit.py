"""File-level services behind `check`, `detect`, `score` and `memory import`: load catalogs or
bundles, pair JSON targets with their source bundle, and run checks, detection or scoring."""
from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import checks, formats, plurals
from .errors import LocalizeError, ParseError
from .formats.jsonfmt import PLURAL_OBJ_ID
from .segments import Resource, Segment
from .selection import is_debconf_choices, no_text


def _pair_json(path: str, source_file: str | None, locale: str | None, fmt: str = "json") -> Resource:
    """A monolingual file (JSON, Android, ...) paired with its source-language file."""
    if not source_file:  # the [[resources]] pattern of ./localize.toml may name it
        from .config import load
        from .pipeline import _spec_for
        settings = load()
        found = _spec_for(settings, path)
        if found is not None:
            spec, loc = found
            locale = locale or loc
            src = settings.resolve(spec.template) if spec.template else settings.resolve(spec.for_locale(settings.source))
            source_file = str(src)
    if not source_file:  # the source locale's sibling: i18n/de.json -> i18n/en.json, de/app.json -> en/app.json
        sibling = sibling_source(path, _project_source())
        if sibling is not None:
            source_file, locale = str(sibling[0]), locale or sibling[1]
    if not source_file:
        what = "a JSON bundle needs its source-language bundle" if fmt == "json" else \
            f"a {fmt} file needs its source-language file"
        raise ParseError(path, f"{what}: use --source-file (or list it under [[resources]] in localize.toml, "
                               "or put it beside: en.json, Messages.properties)")
    src = formats.load(source_file, None, fmt)
    loc = locale or jsonfmt_locale(path, fmt)
    tgt = formats.load(path, loc, fmt)
    return formats.module(fmt).pair(src, tgt, path, loc or "und")


def _project_source() -> str:
    return _source_of(os.getcwd())


@lru_cache(maxsize=8)
def _source_of(cwd: str) -> str:
    """The source locale of ./localize.toml (read once per directory: `check DIR` asks for every file)."""
    from .config import load
    return load().source


def sibling_source(path: str, source: str) -> tuple[Path, str] | None:
    """The source-language file beside a target file, and the target's locale: the last path part
    (file stem, a dotted part of it, or a folder) that names a locale, replaced by the source locale
    in each spelling (en_US, en-US, en).  None when no such file exists."""
    p = Path(path)
    from .formats.po import LOCALE_NAME_RE
    lang = plurals.language(source)
    regional = [f"{lang}_US", f"{lang}-US"] if lang == "en" else []  # Joplin's en_US.json, Node-RED's en-US/
    regional += [f"{lang}_{lang.upper()}", f"{lang}-{lang.upper()}"]  # Element's en_EN.json, de_DE
    spellings = list(dict.fromkeys([source, source.replace("_", "-"), lang] + (regional if source == lang else [])))
    parts = list(p.parts[:-1])
    found = _android_or_apple_source(p, source, spellings)
    if found is not None:
        return found
    # candidates from the most specific part outwards: "de.json", "app.de.json", "de/app.json"
    dotted = p.name.split(".")
    for i in range(len(dotted) - 2, -1, -1):
        if LOCALE_NAME_RE.match(dotted[i]) and plurals.normalize(dotted[i]) != plurals.normalize(source):
            for sp in spellings:
                cand = p.with_name(".".join(dotted[:i] + [sp] + dotted[i + 1:]))
                if cand.is_file():
                    return cand, plurals.normalize(dotted[i])
    for i in range(len(parts) - 1, -1, -1):
        if LOCALE_NAME_RE.match(parts[i]) and plurals.normalize(parts[i]) != plurals.normalize(source):
            for sp in spellings:
                cand = Path(*parts[:i], sp, *parts[i + 1:], p.name)
                if cand.is_file():
                    return cand, plurals.normalize(parts[i])
    # a Java-style base bundle: messagebundle_pt_BR.properties -> messagebundle_en.properties, else
    # messagebundle.properties (the base bundle is the source language's)
    # (and Jitsi's main-pl.json beside main.json: the same with a dash)
    for sep in ("_", "-"):
        words = p.stem.split(sep)
        for i in range(1, len(words)):
            loc = sep.join(words[i:])
            if LOCALE_NAME_RE.match(loc) and plurals.normalize(loc) != plurals.normalize(source):
                base = sep.join(words[:i])
                for cand in [p.with_name(f"{base}{sep}{sp}{p.suffix}") for sp in spellings] + [p.with_name(base + p.suffix)]:
                    if cand.is_file():
                        return cand, plurals.normalize(loc)
    return None


def _android_or_apple_source(p: Path, source: str, spellings: list[str]) -> tuple[Path, str] | None:
    """Android's res/values-pt-rBR[-land]/strings.xml -> res/values[-land]/strings.xml; Apple's and GNUstep's
    de.lproj/ or German.lproj/ -> en.lproj/, English.lproj/ or Base.lproj/ (the same file name)."""
    from .formats import android
    folder = p.parent.name
    if folder.startswith("values-") and p.suffix == ".xml":
        loc = android.guess_locale(str(p))
        if loc is None or plurals.normalize(loc) == plurals.normalize(source):
            return None
        quals = folder.split("-")[1:]
        rest = [q for q in quals[1:] if not (q.startswith("r") and len(q) == 3 and q[1:].isupper())]
        if quals[0].startswith("b+"):
            rest = quals[1:]
        cand = p.parent.parent / "-".join(["values", *rest]) / p.name
        return (cand, plurals.normalize(loc)) if cand.is_file() else None
    if folder.endswith(".lproj"):
        from .formats.po import LOCALE_NAME_RE
        name = folder[:-len(".lproj")]
        loc = plurals.normalize(name) if LOCALE_NAME_RE.match(name) else plurals.from_language_name(name)
        if loc is None or loc == plurals.normalize(source) or name == "Base":
            return None
        english = [n for n in ("English",) if plurals.language(source) == "en"]
        for sp in [*spellings, *english, "Base"]:
            cand = p.parent.parent / f"{sp}.lproj" / p.name
            if cand.is_file():
                return cand, loc
    return None


def jsonfmt_locale(path: str, fmt: str = "json") -> str | None:
    """The locale a file's name implies (the format's own guess_locale where it has one)."""
    from .formats.po import guess_locale
    return getattr(formats.module(fmt), "guess_locale", guess_locale)(path)


def is_source_file(path: str, source_file: str | None = None) -> bool:
    """A monolingual file in the source language (i18n/en.json, res/values/strings.xml, Messages.properties,
    Transifex's core.json beside de.json): what its translations are checked against, not a target."""
    from . import layout
    try:
        fmt = formats.format_of(path)
    except LocalizeError:
        return False
    if formats.is_bilingual(fmt):
        return False
    if source_file is not None:
        return os.path.abspath(path) == os.path.abspath(source_file)
    return layout.implied_pattern(path, fmt, _project_source()) is not None


def load_targets(paths: list[str], source_file: str | None, locales: list[str] | None,
                 unreadable: list[LocalizeError] | None = None) -> list[Resource]:
    """The resources of `paths`; with `unreadable`, a file that cannot be read is added to it (and the
    others are still read) instead of stopping everything."""
    out: list[Resource] = []
    for p in paths:
        try:
            loc = locales[0] if locales and len(locales) == 1 else None
            fmt = formats.format_of(p)
            if not formats.is_bilingual(fmt):
                out.append(_pair_json(p, source_file, loc, fmt))
            elif loc is None and formats.holds_all_locales(p):  # an Xcode string catalog: each locale it holds
                out.extend(formats.load_each_locale(p))
            else:
                out.append(formats.load(p, loc))
        except LocalizeError as exc:
            if unreadable is None:
                raise
            unreadable.append(exc)
    return out


def audit_files(paths: list[str], source_file: str | None, locales: list[str] | None,
                include_fuzzy: bool = False, unreadable: list[LocalizeError] | None = None) -> list[checks.Issue]:
    """Check issues of every file; with `unreadable`, files that cannot be read are collected there."""
    issues: list[checks.Issue] = []
    for res in load_targets(paths, source_file, locales, unreadable):
        loc = res.locale or ""
        n_forms = None
        if res.format == "po":
            n_forms = plurals.nplurals_of_header(res.header.get("Plural-Forms"))
            if loc and plurals.known(loc) and n_forms is not None and n_forms != plurals.nplurals(loc):
                issues.append(checks.Issue("plural-header", checks.WARNING,
                                           f"Plural-Forms declares nplurals={n_forms}; {loc} uses {plurals.nplurals(loc)}",
                                           res.path, "1", loc))
            if res.header and n_forms is None and any(s.source_plural for s in res.segments):
                issues.append(checks.Issue("plural-header", checks.ERROR, "plural messages but no Plural-Forms header",
                                           res.path, "1", loc))
        for key, first, last in getattr(res.handle, "duplicates", []):  # JSON: the file still loads
            issues.append(checks.Issue("duplicate-key", checks.ERROR, f"key {key!r} is defined twice (lines {first} "
                                       f"and {last}); the last value is used, as JSON.parse does", res.path,
                                       str(last), loc, key))
        flagged = any(f.endswith("-format") for s in res.segments for f in s.flags)
        # forms only one number selects (they may spell it out: Arabic "أسبوعين", two weeks): from a catalog's
        # Plural-Forms; elsewhere (Qt numerus forms, CLDR categories) from the locale's rules
        known = bool(loc) and plurals.known(loc or "")
        single = (plurals.single_value_forms(res.header.get("Plural-Forms")) if res.format == "po" else
                  plurals.single_value_forms(plurals.plural_forms(loc or "")) if known else frozenset())
        single_cats = plurals.single_value_categories(loc or "") if known else frozenset()
        rare_cats = plurals.rare_categories(loc or "")
        messages: dict[str, tuple[str, ...]] = {}
        if res.format == "fluent":
            from .formats import fluent
            messages = fluent.message_sources(res)
        for seg in res.active:
            if not seg.translated and not (seg.targets and any(seg.targets)):
                continue
            if no_text(seg):
                continue  # "$schema", translator credits
            if seg.fuzzy and not include_fuzzy:
                continue  # not used at run time (msgfmt skips it); `--include-fuzzy` checks it too
            if not seg.source.strip() and not seg.source_plural:
                continue  # an empty source (Volto's id keys, whose English lives in the code): nothing to compare
            ctx = checks.Context(target_locale=loc, kind=seg.kind, format_rules=checks.rules_for(seg.flags, flagged, res.format),
                                 accelerator=formats.default_accelerator(res.format),
                                 pipe_forms=res.format == "json", max_chars=seg.max_chars,
                                 single_forms=frozenset(i for i, c in enumerate(seg.plural_categories) if c in single_cats)
                                 if seg.plural_categories else single,
                                 rare_forms=frozenset(i for i, c in enumerate(seg.plural_categories) if c in rare_cats),
                                 other_answers=res.format == "json" and seg.id.endswith(PLURAL_OBJ_ID),
                                 debconf_choices=res.format == "po" and is_debconf_choices(seg.developer_notes, seg.source))
            if res.format == "json" and loc and formats.module("json").is_pipe_plural(seg):
                ctx.pipe_plural_forms = len(plurals.categories(loc))
            if messages:  # a Fluent variant: [one] may spell out the number where only 1 selects it
                key = fluent.variant_key(seg.id)
                ctx.single_value = key is not None and (key.isdigit() or key in single_cats)
                ctx.message_sources = messages.get(fluent.message_of(seg.id), ())
            nf = len(seg.plural_categories) if seg.plural_categories else n_forms
            if ctx.pipe_plural_forms is not None:
                found = checks.check_pipe_plural(seg.source, seg.targets[0], ctx, ctx.pipe_plural_forms)
            else:
                found = checks.check_segment(seg.source, seg.source_plural, seg.targets, ctx, nf,
                                             sources=seg.form_sources())
            for i in found:
                i.path, i.location, i.segment_id = res.path, seg.location, seg.id
                issues.append(i)
    return issues


@dataclass
class Finding:
    path: str
    location: str
    role: str          # source | target
    expected: str
    detected: str
    confidence: float
    text: str

    def __str__(self) -> str:
        return (f"{self.path}:{self.location}: {self.role} looks like {self.detected} "
                f"({self.confidence:.2f}), expected {self.expected}: {self.text[:80]!r}")


def _detect_resource(path: str, source_lang: str) -> tuple[Resource, bool]:
    """A file for `detect` and whether its segments carry real source texts: a monolingual bundle is
    paired with its source-language file when one is found (config, sibling), else its values are
    checked as targets only."""
    fmt = formats.format_of(path)
    if formats.is_bilingual(fmt):
        return formats.load(path), True
    try:
        return _pair_json(path, None, None, fmt), True
    except ParseError as exc:
        if "source-language" not in exc.message:
            raise
    loc = jsonfmt_locale(path, fmt)  # a source-language file's values are its sources
    return formats.load(path, loc, fmt), bool(loc) and plurals.language(loc or "") == plurals.language(source_lang)


def detect_files(paths: list[str], source_lang: str, candidates: list[str] | None,
                 backend: str | None = None) -> list[Finding]:
    from . import langid
    out: list[Finding] = []
    todo: list[tuple[str, Resource, bool]] = []
    if any(Path(p).is_dir() for p in paths):  # a folder: every resource file under it, as check and translate
        expanded = formats.expand(paths)
        if not expanded:
            raise ParseError(paths[0], "no string resource files here (PO, JSON, XLIFF, .ts, .properties, ...)")
        paths = expanded
    for p in paths:  # an Xcode string catalog: each locale it holds (its sources checked once)
        each = formats.load_each_locale(p) if formats.holds_all_locales(p) else []
        todo += [(p, r, i == 0) for i, r in enumerate(each)] or [(p, *_detect_resource(p, source_lang))]
    for p, res, has_source in todo:
        loc = res.locale
        if loc and plurals.language(loc) == plurals.language(source_lang):
            loc = None  # the source-language file itself: its texts are sources
        cands = candidates or ([source_lang] + ([loc] if loc else []))
        for seg in res.active:
            if no_text(seg):
                continue
            if has_source:
                g = langid.detect(seg.source, cands, source_lang, backend)
                if g.lang and plurals.language(g.lang) != plurals.language(source_lang):
                    out.append(Finding(p, seg.location, "source", source_lang, g.lang, g.confidence, seg.source))
            if loc and seg.translated:  # targets of every format
                t = seg.targets[0]
                if t == seg.source and len(checks.WORD_RE.findall(t)) < 2:
                    continue  # "OK", "Status": one word reads the same in many languages
                g = langid.detect(t, cands, loc, backend)
                if g.lang and plurals.language(g.lang) != plurals.language(loc):
                    out.append(Finding(p, seg.location, "target", loc, g.lang, g.confidence, t))
    return out


def human_filter(settings: Any) -> Callable[[str, str, Segment], bool]:
    """(path, locale, segment) -> whether a person wrote its translation (provenance.is_human, with
    the project's lockfile: machine output in a JSON bundle is no human reference either)."""
    from .provenance import Lockfile, is_human
    lock = Lockfile(settings.resolve(settings.lockfile))
    root = Path(settings.root).resolve()

    def human(path: str, locale: str, seg: Segment) -> bool:
        rel = os.path.relpath(Path(path).resolve(), root)
        return is_human(seg, lock.get(rel, locale, seg.id))
    return human


def _scored_resource(p: str, settings: Any, need_source: bool) -> tuple[Resource, str]:
    """A file to score and its locale: from the config's resource pattern, else the PO Language
    header or the file name (`und` only when none says)."""
    from .selection import _spec_for
    fmt = formats.format_of(p)
    found = _spec_for(settings, p)
    loc = found[1] if found else None
    if formats.is_bilingual(fmt) or not need_source:
        res = formats.load(p, loc)
        loc = loc or res.locale or jsonfmt_locale(p, fmt)
    else:
        spec = found[0] if found else None
        src = (settings.resolve(spec.template or spec.for_locale(settings.source)) if spec else None)
        res = _pair_json(p, str(src) if src else None, loc, fmt)
        loc = loc or res.locale
    loc = plurals.normalize(loc) if loc and loc != "und" else "und"
    res.locale = loc
    return res, loc


def score_files(paths: list[str], ref_dir: str | None, settings: Any, limit: int) -> list[dict[str, Any]]:
    from . import scoring
    from .scoring import score, sentence_chrf
    rows: list[dict[str, Any]] = []
    lowest: dict[str, list[dict[str, Any]]] = {}
    engine = None
    by_locale: dict[str, list[tuple[str, str]]] = {}
    human = human_filter(settings)
    todo: list[tuple[str, Resource | None]] = []
    for p in paths:  # an Xcode string catalog is scored per locale it holds
        todo += [(p, r) for r in formats.load_each_locale(p)] if formats.holds_all_locales(p) else [(p, None)]
    for p, each in todo:
        res, loc = (each, each.locale or "und") if each is not None else _scored_resource(p, settings, not ref_dir)
        if ref_dir:  # only a person's translation is a reference
            ref_path = Path(ref_dir) / Path(p).name
            ref = formats.load(ref_path, loc)
            refs = {s.id: s for s in ref.active if human(str(ref_path), loc, s)}
            pairs = [(s.targets[0], refs[s.id].targets[0]) for s in res.active if s.translated and s.id in refs]
        else:
            if engine is None:
                from .engine import load_engine
                engine = load_engine(settings)
            # held out: human translations only (not fuzzy, not written by localize, --final or not)
            held = [s for s in res.active if human(p, loc, s) and s.source_plural is None][:limit]
            scored = scoring.translate_scored(engine, [s.source for s in held], loc)
            hyps = [h for h, _c in scored]
            pairs = list(zip(hyps, [s.targets[0] for s in held]))
            # the canary's strings by risk, lowest confidence first, each with its sentence chrF
            lowest[p] = sorted(({"source": s.source, "machine": h, "human": s.targets[0], "confidence": round(c, 3),
                                 "chrf": round(sentence_chrf(h, s.targets[0]), 1)} for s, (h, c) in zip(held, scored)),
                               key=lambda r: r["confidence"])[:10]
        if not pairs:
            rows.append({"file": p, "locale": loc, "n": 0, "scores": {}})
            continue
        sc = score([h for h, _ in pairs], [r for _, r in pairs], loc)
        rows.append({"file": p, "locale": loc, "n": len(pairs), "scores": {k: v.as_dict() for k, v in sc.items()}})
        if p in lowest:
            rows[-1]["confidence"] = round(sum(c for _h, c in scored) / len(scored), 3)  # mean over the held-out
            rows[-1]["lowest_confidence"] = lowest[p]
        by_locale.setdefault(loc, []).extend(pairs)
    for loc, pairs in sorted(by_locale.items()):  # corpus-level per locale over all its files
        if len([r for r in rows if r["locale"] == loc]) > 1:
            sc = score([h for h, _ in pairs], [r for _, r in pairs], loc)
            rows.append({"file": f"(all {loc})", "locale": loc, "n": len(pairs),
                         "scores": {k: v.as_dict() for k, v in sc.items()}})
    return rows


def import_memory(settings: Any, paths: list[str], source_file: str | None, locales: list[str] | None) -> int:
    from .memory import Key, Memory, human_rows
    from .protect import mask_pair
    rows: list[tuple[Key, str]] = []
    src_lang = settings.source
    for p in paths:
        if p.endswith(".mo"):
            from .formats.po import read_mo_catalog
            header_loc, mo_rows = read_mo_catalog(p)
            loc = (locales[0] if locales else None) or header_loc
            if not loc:
                raise ParseError(p, "cannot tell the locale of a .mo file (no Language header): use --to")
            for ctx, src, tgt in mo_rows:
                m = mask_pair(src, tgt)
                if m:
                    rows.append((Key(src_lang, plurals.normalize(loc), ctx or "", m[0]), m[1]))
            continue
        for res in load_targets([p], source_file, locales):
            loc = res.locale
            if not loc:
                raise ParseError(p, "cannot tell the locale: use --to")
            rows += human_rows(res.active, src_lang, plurals.normalize(loc))
    with Memory(settings.resolve(settings.memory)) as mem:
        return mem.add_many(rows, "human")
