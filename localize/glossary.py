"""Cultural glossaries: per-locale terms, do-not-translate words, regional variants and words to avoid.

File format (glossaries/*.csv, UTF-8, one row per term):

    term,de,de_AT,fr,es,pt_BR,note,flags
    Tasklight,,,,,,product name,dnt
    task,Aufgabe,,tâche,tarea,tarefa,,
    du,,,,,,"formal address: never 'du' in German",forbid:de

* `term`: the source-language term; matched on word boundaries, case-insensitively unless the flags
  say `case`, with simple English inflection (task, tasks, task's), never inside placeholders.
* one column per locale; a regional locale falls back to its language (de_AT -> de, pt_BR -> pt).
* `flags`: `dnt` (keep the term verbatim), `case` (case-sensitive), `forbid:LOCALES` (the locale
  cells - or the term itself when they are empty - must not appear in translations into those locales:
  informal address, regional words), `pos=noun` and the like are kept for reviewers.

TBX import: `Glossary.load()` also reads `.tbx` files (TermBase eXchange, ISO 30042).
"""
from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .errors import GlossaryError
from .plurals import language, normalize
from .protect import MASK_CLOSE, MASK_OPEN, Masked, find_spans

FIXED = {"term", "note", "flags", "pos"}
LOCALE_RE = re.compile(r"^[a-z]{2,3}(?:[_-][A-Za-z]{2,4})?$")


@dataclass
class Entry:
    term: str
    targets: dict[str, str]
    note: str = ""
    flags: set[str] = field(default_factory=set)
    forbid: set[str] = field(default_factory=set)     # locales where the targets (or term) are forbidden
    where: str = ""                                    # file:line

    @property
    def dnt(self) -> bool:
        return "dnt" in self.flags

    @property
    def case(self) -> bool:
        return "case" in self.flags

    def target(self, locale: str) -> str | None:
        loc = normalize(locale)
        return self.targets.get(loc) or self.targets.get(language(loc)) or None

    @property
    def pattern(self) -> re.Pattern[str]:
        body = re.escape(self.term)
        if re.search(r"[A-Za-z]$", self.term) and not self.dnt:
            body += r"(?:s|es|'s)?"
        return re.compile(r"(?<![\w-])" + body + r"(?![\w-])", 0 if self.case else re.I)


def _target_re(word: str) -> re.Pattern[str]:
    """A target term with its inflected forms (Aufgabe, Aufgaben; tâche, tâches)."""
    return re.compile(r"(?<!\w)" + re.escape(word) + r"\w{0,3}(?!\w)", re.I)


def expand(paths: list[Path]) -> list[Path]:
    """Glossary files: patterns (glossaries/*.csv) expanded, plain paths kept (missing ones too)."""
    files: list[Path] = []
    for p in paths:
        files += sorted(Path(p).parent.glob(Path(p).name)) if any(c in str(p) for c in "*?[") else [Path(p)]
    return files


class Glossary:
    def __init__(self, entries: list[Entry], digest: str, source_lang: str = "en") -> None:
        self.entries = entries
        self.hash = digest
        self.source_lang = source_lang

    # ------------------------------------------------------------------ loading
    @classmethod
    def load(cls, paths: list[Path], source_lang: str = "en") -> Glossary:
        entries: list[Entry] = []
        h = hashlib.sha256()
        for f in expand(paths):
            if not f.exists():
                raise GlossaryError(f"{f}: glossary file not found")
            data = f.read_bytes()
            h.update(data)
            entries += parse_tbx(f, data) if f.suffix.lower() == ".tbx" else parse_csv(f, data)
        _conflicts(entries)
        return cls(entries, h.hexdigest()[:16], source_lang)

    # ------------------------------------------------------------------ queries
    def matches(self, text: str) -> list[tuple[Entry, int, int]]:
        """Glossary terms in `text`, outside placeholders and markup, longest first."""
        protected = [(s, e) for s, e, _r in find_spans(text)]
        out: list[tuple[Entry, int, int]] = []
        taken: list[tuple[int, int]] = []
        for entry in sorted(self.entries, key=lambda e: -len(e.term)):
            if entry.forbid and not entry.targets and not entry.dnt:
                continue
            for m in entry.pattern.finditer(text):
                s, e = m.span()
                if any(a < e and s < b for a, b in protected + taken):
                    continue
                out.append((entry, s, e))
                taken.append((s, e))
        return sorted(out, key=lambda x: x[1])

    def dnt_terms(self, locale: str) -> list[str]:
        return [e.term for e in self.entries if e.dnt]

    @property
    def dnt_pattern(self) -> re.Pattern[str] | None:
        """One pattern for every do-not-translate term: case-insensitive unless the row says `case`."""
        alts = [(f"(?-i:{re.escape(e.term)})" if e.case else re.escape(e.term))
                for e in sorted(self.entries, key=lambda e: -len(e.term)) if e.dnt]
        return re.compile(r"(?<![\w-])(?:" + "|".join(alts) + r")(?![\w-])", re.I) if alts else None

    def forced_terms(self, locale: str) -> dict[str, str]:
        return {e.term: t for e in self.entries if not e.dnt and (t := e.target(locale))}

    def required(self, source: str, locale: str) -> list[tuple[str, str]]:
        """(source term, target term) pairs a translation of `source` into `locale` must use."""
        out = []
        for entry, _s, _e in self.matches(source):
            if entry.dnt:
                out.append((entry.term, entry.term))
            elif (t := entry.target(locale)):
                out.append((entry.term, t))
        return out

    def forbidden(self, locale: str) -> list[tuple[str, Entry]]:
        out = []
        lang = language(locale)
        for e in self.entries:
            if e.forbid and (normalize(locale) in e.forbid or lang in e.forbid):
                words = [w.strip() for w in (e.target(locale) or e.term).split("|") if w.strip()]
                out += [(w, e) for w in words]
        return out

    def complies(self, source: str, target: str, locale: str) -> bool:
        for term, required in self.required(source, locale):
            if not _target_re(required).search(target):
                return False
        for word, _e in self.forbidden(locale):
            if re.search(r"(?<!\w)" + re.escape(word) + r"(?!\w)", target, re.I):
                return False
        return True


def parse_csv(path: Path, data: bytes) -> list[Entry]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise GlossaryError(f"{path}:{line}: not valid UTF-8") from None
    rows = list(csv.reader(text.splitlines()))
    if not rows:
        return []
    header = [c.strip() for c in rows[0]]
    if "term" not in header:
        raise GlossaryError(f"{path}:1: the first row must name the columns and include 'term'")
    for col in header:
        if col and col not in FIXED and not LOCALE_RE.match(col):
            raise GlossaryError(f"{path}:1: unknown column {col!r} (expected term, note, flags, pos or a locale like de, pt_BR)")
    entries = []
    for n, row in enumerate(rows[1:], 2):
        if not any(c.strip() for c in row):
            continue
        if len(row) > len(header):
            raise GlossaryError(f"{path}:{n}: {len(row)} cells but {len(header)} columns")
        cells = dict(zip(header, [c.strip() for c in row] + [""] * (len(header) - len(row))))
        term = cells.get("term", "")
        if not term:
            raise GlossaryError(f"{path}:{n}: empty term")
        flags: set[str] = set()
        forbid: set[str] = set()
        for flag in re.split(r"[\s;]+", cells.get("flags", "")):
            if not flag:
                continue
            if flag.startswith("forbid"):
                _, _, locs = flag.partition(":")
                forbid |= {normalize(x) for x in locs.split(",") if x} or {"*"}
            elif flag in ("dnt", "case") or flag.startswith("pos="):
                flags.add(flag)
            else:
                raise GlossaryError(f"{path}:{n}: unknown flag {flag!r} (dnt, case, forbid:LOCALES, pos=...)")
        targets = {normalize(k): v for k, v in cells.items() if k not in FIXED and v}
        if "dnt" in flags and targets:
            raise GlossaryError(f"{path}:{n}: {term!r} is do-not-translate but has translations")
        entries.append(Entry(term, targets, cells.get("note", ""), flags, forbid, f"{path}:{n}"))
    return entries


def parse_tbx(path: Path, data: bytes) -> list[Entry]:
    """TBX (TermBase eXchange): each termEntry's first source-language term and its translations."""
    import xml.etree.ElementTree as ET
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise GlossaryError(f"{path}:{exc.position[0]}: invalid TBX: {exc}") from None
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    entries = []
    for te in root.iter():
        if not te.tag.endswith("termEntry") and not te.tag.endswith("conceptEntry"):
            continue
        terms: dict[str, str] = {}
        for ls in te:
            if not (ls.tag.endswith("langSet") or ls.tag.endswith("langSec")):
                continue
            lang = ls.get(xml_lang) or ls.get("lang") or ""
            term = next((t.text for t in ls.iter() if t.tag.endswith("term") and t.text), None)
            if lang and term:
                terms.setdefault(normalize(lang), term.strip())
        src = terms.pop("en", None)
        if src:
            entries.append(Entry(src, terms, where=f"{path}"))
    return entries


def _conflicts(entries: list[Entry]) -> None:
    seen: dict[str, Entry] = {}
    for e in entries:
        key = e.term if e.case else e.term.lower()
        if key in seen:
            first = seen[key]
            for loc, t in e.targets.items():
                if loc in first.targets and first.targets[loc] != t:
                    raise GlossaryError(f"{e.where}: {e.term!r} -> {t!r} ({loc}) conflicts with {first.where}: "
                                        f"{first.targets[loc]!r}")
            if e.dnt != first.dnt:
                raise GlossaryError(f"{e.where}: {e.term!r} conflicts with {first.where} (do-not-translate differs)")
        else:
            seen[key] = e


def apply_forced(m: Masked, forced: dict[str, str]) -> Masked:
    """Mask forced glossary terms in an already masked text; each mask restores to the target term.
    (Used as the fallback when no hypothesis uses the term on its own.)"""
    if not forced:
        return m
    alts = "|".join(re.escape(t) for t in sorted(forced, key=len, reverse=True))
    lookup = {k.lower(): v for k, v in forced.items()}
    pat = re.compile(r"(?<![\w⟦])(?:" + alts + r")(?:s|es)?(?![\w⟧])", re.I)
    spans = list(m.spans)
    rules = list(m.rules)

    def sub(mt: re.Match[str]) -> str:
        word = mt.group(0)
        base = word.lower()
        target = lookup.get(base) or lookup.get(base.rstrip("s")) or lookup.get(base[:-2] if base.endswith("es") else base)
        if target is None:
            return word
        spans.append(target)
        rules.append("glossary")
        return f"{MASK_OPEN}{len(spans) - 1}{MASK_CLOSE}"

    text = pat.sub(sub, m.text)
    return replace(m, text=text, spans=spans, rules=rules)


def compliance_report(settings: Any, glossary: Glossary) -> dict[str, dict[str, Any]]:
    """Per locale: strings whose source has a glossary term, and how many translations comply."""
    from .pipeline import Options, RunResult, collect_jobs
    result = RunResult()
    jobs = collect_jobs(settings, [], Options(keep_going=True), result)
    rows: dict[str, dict[str, Any]] = {}
    for job in jobs:
        r = rows.setdefault(job.locale, {"with_terms": 0, "compliant": 0, "rate": 100.0, "violations": []})
        for seg in job.resource.active:
            if not seg.translated or not glossary.required(seg.source, job.locale):
                continue
            r["with_terms"] += 1
            if glossary.complies(seg.source, seg.targets[-1], job.locale):
                r["compliant"] += 1
            else:
                r["violations"].append({"file": job.rel, "key": seg.location, "source": seg.source,
                                        "target": seg.targets[-1]})
    for r in rows.values():
        r["rate"] = 100.0 * r["compliant"] / r["with_terms"] if r["with_terms"] else 100.0
    return rows
