"""File-level services behind `check`, `detect`, `score` and `memory import`: load catalogs or
bundles, pair JSON targets with their source bundle, and run checks, detection or scoring."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import checks, formats, plurals
from .errors import ParseError
from .segments import Resource


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
    if not source_file:
        raise ParseError(path, "a JSON bundle needs its source-language bundle: use --source-file "
                               "(or list it under [[resources]] in localize.toml)")
    src = formats.load(source_file, None, fmt)
    loc = locale or jsonfmt_locale(path, fmt)
    tgt = formats.load(path, loc, fmt)
    return formats.module(fmt).pair(src, tgt, path, loc or "und")


def jsonfmt_locale(path: str, fmt: str = "json") -> str | None:
    """The locale a file's name implies (the format's own guess_locale where it has one)."""
    from .formats.po import guess_locale
    return getattr(formats.module(fmt), "guess_locale", guess_locale)(path)


def load_targets(paths: list[str], source_file: str | None, locales: list[str] | None) -> list[Resource]:
    out: list[Resource] = []
    for p in paths:
        loc = locales[0] if locales and len(locales) == 1 else None
        fmt = formats.format_of(p)
        if not formats.is_bilingual(fmt):
            out.append(_pair_json(p, source_file, loc, fmt))
        else:
            res = formats.load(p, loc)
            out.append(res)
    return out


def audit_files(paths: list[str], source_file: str | None, locales: list[str] | None,
                include_fuzzy: bool = False) -> list[checks.Issue]:
    issues: list[checks.Issue] = []
    for res in load_targets(paths, source_file, locales):
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
        flagged = any(f.endswith("-format") for s in res.segments for f in s.flags)
        for seg in res.active:
            if not seg.translated and not (seg.targets and any(seg.targets)):
                continue
            if seg.fuzzy and not include_fuzzy:
                continue  # not used at run time (msgfmt skips it); `--include-fuzzy` checks it too
            ctx = checks.Context(target_locale=loc, kind=seg.kind, format_rules=checks.rules_for(seg.flags, flagged),
                                 pipe_forms=res.format == "json")
            nf = len(seg.plural_categories) if seg.plural_categories else n_forms
            for i in checks.check_segment(seg.source, seg.source_plural, seg.targets, ctx, nf):
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


def detect_files(paths: list[str], source_lang: str, candidates: list[str] | None,
                 backend: str | None = None) -> list[Finding]:
    from . import langid
    out: list[Finding] = []
    for p in paths:
        res = formats.load(p)
        loc = res.locale
        cands = candidates or ([source_lang] + ([loc] if loc else []))
        for seg in res.active:
            g = langid.detect(seg.source, cands, source_lang, backend)
            if g.lang and plurals.language(g.lang) != plurals.language(source_lang):
                out.append(Finding(p, seg.location, "source", source_lang, g.lang, g.confidence, seg.source))
            if loc and seg.translated and formats.is_bilingual(res.format):
                t = seg.targets[0]
                g = langid.detect(t, cands, loc, backend)
                if g.lang and plurals.language(g.lang) != plurals.language(loc) and t != seg.source:
                    out.append(Finding(p, seg.location, "target", loc, g.lang, g.confidence, t))
    return out


def score_files(paths: list[str], ref_dir: str | None, settings: Any, limit: int) -> list[dict[str, Any]]:
    from .scoring import score, translate_plain
    rows: list[dict[str, Any]] = []
    engine = None
    by_locale: dict[str, list[tuple[str, str]]] = {}
    for p in paths:
        res = formats.load(p)
        loc = res.locale or "und"
        if ref_dir:
            ref_path = Path(ref_dir) / Path(p).name
            ref = formats.load(ref_path, loc)
            refs = {s.id: s for s in ref.active if s.translated}
            pairs = [(s.targets[0], refs[s.id].targets[0]) for s in res.active if s.translated and s.id in refs]
        else:
            if engine is None:
                from .engine import load_engine
                engine = load_engine(settings)
            held = [s for s in res.active if s.translated and not s.fuzzy and s.source_plural is None][:limit]
            hyps = translate_plain(engine, [s.source for s in held], loc)
            pairs = list(zip(hyps, [s.targets[0] for s in held]))
        if not pairs:
            rows.append({"file": p, "locale": loc, "n": 0, "scores": {}})
            continue
        sc = score([h for h, _ in pairs], [r for _, r in pairs], loc)
        rows.append({"file": p, "locale": loc, "n": len(pairs), "scores": {k: v.as_dict() for k, v in sc.items()}})
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
