"""`localize glossary diff`: what a glossary change does to the product's strings.

Compares two glossary versions (default: git HEAD against the working tree), lists terms added,
removed and changed, and for every string in the project's catalogs that a changed term touches,
per locale: the source, the current translation and the translation under the new glossary
(re-translated by the engine).  Output: markdown for a pull request and one self-contained HTML page.
"""
from __future__ import annotations

import difflib
import html
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError, GlossaryError
from .glossary import Entry, Glossary, parse_csv, parse_tbx, _conflicts
from .report import page


@dataclass
class TermChange:
    term: str
    kind: str                      # added | removed | changed
    before: dict[str, str] = field(default_factory=dict)
    after: dict[str, str] = field(default_factory=dict)
    flags_before: str = ""
    flags_after: str = ""


@dataclass
class Affected:
    file: str
    key: str
    locale: str
    source: str
    current: str
    proposed: str
    terms: list[str]
    confidence: float | None = None    # of the proposed machine translation (confidence.py)
    next_run: bool = True              # `translate` writes it; False: a person's translation (--overwrite only)


def _load_bytes(name: str, data: bytes) -> list[Entry]:
    p = Path(name)
    return parse_tbx(p, data) if p.suffix.lower() == ".tbx" else parse_csv(p, data)


def _git_show(root: Path, rel: str) -> bytes | None:
    try:
        r = subprocess.run(["git", "show", f"HEAD:{rel}"], cwd=root, capture_output=True, check=False)
    except FileNotFoundError:
        raise ConfigError("glossary diff against HEAD needs git; give OLD and NEW files instead") from None
    return r.stdout if r.returncode == 0 else None


def versions(settings: Any, old: str | None, new: str | None) -> tuple[Glossary, Glossary]:
    if old and new:
        o = _load_bytes(old, Path(old).read_bytes())
        n = _load_bytes(new, Path(new).read_bytes())
        _conflicts(n)
        return Glossary(o, "old", settings.source), Glossary(n, "new", settings.source)
    if not settings.glossaries:
        raise ConfigError("no glossary configured ([glossary] paths in localize.toml)")
    old_entries: list[Entry] = []
    new_entries: list[Entry] = []
    for pattern in settings.glossaries:
        for f in sorted(settings.root.glob(pattern)):
            rel = str(f.relative_to(settings.root))
            top = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=settings.root, capture_output=True,
                                 text=True).stdout.strip()
            git_rel = str(f.resolve().relative_to(Path(top).resolve())) if top else rel
            before = _git_show(Path(top) if top else settings.root, git_rel)
            if before is not None:
                old_entries += _load_bytes(rel, before)
            new_entries += _load_bytes(rel, f.read_bytes())
    _conflicts(new_entries)
    return Glossary(old_entries, "HEAD", settings.source), Glossary(new_entries, "worktree", settings.source)


def term_changes(old: Glossary, new: Glossary) -> list[TermChange]:
    def index(g: Glossary) -> dict[str, Entry]:
        return {(e.term if e.case else e.term.lower()): e for e in g.entries}
    a, b = index(old), index(new)
    out: list[TermChange] = []
    for k in sorted(set(a) | set(b)):
        ea, eb = a.get(k), b.get(k)
        fa = ",".join(sorted(ea.flags | {f"forbid:{x}" for x in ea.forbid})) if ea else ""
        fb = ",".join(sorted(eb.flags | {f"forbid:{x}" for x in eb.forbid})) if eb else ""
        if ea is None and eb is not None:
            out.append(TermChange(eb.term, "added", {}, eb.targets, "", fb))
        elif eb is None and ea is not None:
            out.append(TermChange(ea.term, "removed", ea.targets, {}, fa, ""))
        elif ea is not None and eb is not None and (ea.targets != eb.targets or fa != fb):
            out.append(TermChange(eb.term, "changed", ea.targets, eb.targets, fa, fb))
    return out


def affected_strings(settings: Any, old: Glossary, new: Glossary, changes: list[TermChange],
                     engine: Any = None) -> list[Affected]:
    """Strings whose source contains a changed term and whose translation the change alters: each is
    translated under the old and under the new glossary; a string is affected when the two differ
    and the new one differs from what the file holds now."""
    from .pipeline import Options, Pipeline, RunResult, _item, collect_jobs
    if not changes:
        return []
    terms = {c.term.lower() for c in changes}
    probe = Glossary([e for e in new.entries + old.entries if e.term.lower() in terms], "probe")
    result = RunResult()
    opts = Options(dry_run=True, overwrite=True, keep_going=True)
    jobs = collect_jobs(settings, [], opts, result)
    from .provenance import Lockfile, is_human
    lock = Lockfile(settings.resolve(settings.lockfile))
    items = []
    meta: list[tuple[Any, str, list[str]]] = []
    people: set[int] = set()  # items whose current translation a person wrote
    for job in jobs:
        for seg in job.resource.active:
            hits = [e.term for e, _s, _e in probe.matches(seg.source)]
            if not hits:
                continue
            # a change only matters for a locale when that locale's entry changed
            relevant = [c for c in changes if c.term in hits and (
                c.before.get(job.locale) != c.after.get(job.locale) or c.flags_before != c.flags_after
                or c.before.get(job.locale.split("_")[0]) != c.after.get(job.locale.split("_")[0]))]
            if not relevant:
                continue
            current = seg.targets[-1] if seg.targets else ""
            if is_human(seg, lock.get(job.rel, job.locale, seg.id)):
                people.add(len(items))
            items.append(_item(job, seg, True))
            meta.append((seg, current, [c.term for c in relevant]))
    if not items:
        return []
    if engine is None:
        from .engine import load_engine
        engine = load_engine(settings)
    from .formats import icu

    confs: list[float] = []

    def translated(glossary: Glossary) -> list[str]:
        fresh = [_item(it.job, it.segment, True) for it in items]
        pipe = Pipeline(settings, engine, opts, memory=None, glossary=glossary)
        pipe.build_units(fresh)
        pipe.translate_units(fresh, result)
        texts = []
        confs.clear()
        for it in fresh:
            f = it.forms[-1]
            joined = pipe.joined(f)
            texts.append(icu.rebuild(f.nodes, joined) if f.nodes is not None else joined[0])
            confs.append(pipe.confidence(it, [texts[-1]], [], glossary.required(it.segment.source, it.job.locale)))
        return texts

    out: list[Affected] = []
    for i, (it, (seg, current, tnames), before, text, conf) in enumerate(
            zip(items, meta, translated(old), translated(new), confs)):
        if text != before and text != current:  # the change alters what would be written
            out.append(Affected(it.job.rel, seg.location, it.job.locale, seg.source, current, text, tnames,
                                round(conf, 3), i not in people))
    return sorted(out, key=lambda a: not a.next_run)  # what the next translate writes first


def _word_diff_html(a: str, b: str) -> str:
    wa, wb = a.split(" "), b.split(" ")
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, wa, wb).get_opcodes():
        if op == "equal":
            out.append(html.escape(" ".join(wa[i1:i2])))
        if op in ("delete", "replace"):
            out.append(f"<del>{html.escape(' '.join(wa[i1:i2]))}</del>")
        if op in ("insert", "replace"):
            out.append(f"<ins>{html.escape(' '.join(wb[j1:j2]))}</ins>")
    return " ".join(x for x in out if x)


def render(changes: list[TermChange], affected: list[Affected], old_name: str, new_name: str) -> tuple[str, str]:
    md = [f"# Glossary diff ({old_name} → {new_name})", ""]
    if not changes:
        md.append("No glossary terms changed.")
    else:
        md += ["| term | change | before | after |", "|---|---|---|---|"]
        for c in changes:
            fmt = lambda d, f: ", ".join(f"{k}: {v}" for k, v in sorted(d.items())) + (f" [{f}]" if f else "")  # noqa: E731
            md.append(f"| {c.term} | {c.kind} | {fmt(c.before, c.flags_before) or '-'} | {fmt(c.after, c.flags_after) or '-'} |")
    nxt = sum(a.next_run for a in affected)
    md += ["", f"## Strings affected ({len(affected)}: {nxt} on the next `localize translate`, "
               f"{len(affected) - nxt} people's translations that only `--overwrite` would replace)", ""]
    if affected:
        md += ["| locale | where | source | current | with the new glossary | confidence | next translate |",
               "|---|---|---|---|---|---:|---|"]
        for a in affected:
            cells = [a.locale, f"{a.file}:{a.key}", a.source, a.current or "(untranslated)", a.proposed,
                     "" if a.confidence is None else f"{a.confidence:.2f}",
                     "writes it" if a.next_run else "keeps the person's (--overwrite)"]
            md.append("| " + " | ".join(c.replace("|", "\\|").replace("\n", "⏎") for c in cells) + " |")
    e = html.escape
    body = [f"<h1>Glossary diff</h1><p class=small>{e(old_name)} → {e(new_name)}</p><h2>Terms</h2>"]
    if changes:
        body.append("<table><tr><th>term</th><th>change</th><th>before</th><th>after</th></tr>")
        for c in changes:
            cls = {"added": "ok", "removed": "err", "changed": "warn"}[c.kind]
            body.append(f"<tr><td><b>{e(c.term)}</b></td><td class={cls}>{c.kind}</td><td>"
                        + "<br>".join(f"{e(k)}: {e(v)}" for k, v in sorted(c.before.items())) + f" {e(c.flags_before)}</td><td>"
                        + "<br>".join(f"{e(k)}: {e(v)}" for k, v in sorted(c.after.items())) + f" {e(c.flags_after)}</td></tr>")
        body.append("</table>")
    else:
        body.append("<p>No glossary terms changed.</p>")
    body.append(f"<h2>Strings affected ({len(affected)}: {nxt} on the next translate, {len(affected) - nxt} "
                "people's translations that only --overwrite would replace)</h2>")
    for loc in sorted({a.locale for a in affected}):
        body.append(f"<h3>{e(loc)}</h3><table><tr><th>where</th><th>source</th><th>current</th><th>with the new glossary</th>"
                    "<th>confidence</th><th>next translate</th></tr>")
        for a in (x for x in affected if x.locale == loc):
            conf = "" if a.confidence is None else f"{a.confidence:.2f}"
            when = "writes it" if a.next_run else "<span class=warn>keeps the person's (--overwrite)</span>"
            body.append(f"<tr><td><code>{e(a.file)}:{e(a.key)}</code></td><td>{e(a.source)}</td>"
                        f"<td>{e(a.current) or '<i>untranslated</i>'}</td><td>{_word_diff_html(a.current, a.proposed)}</td>"
                        f"<td class=num>{conf}</td><td>{when}</td></tr>")
        body.append("</table>")
    return "\n".join(md) + "\n", page("Glossary diff", "".join(body))


def run_diff(settings: Any, old: str | None, new: str | None, engine: Any = None) -> tuple[str, str]:
    try:
        g_old, g_new = versions(settings, old, new)
    except GlossaryError:
        raise
    changes = term_changes(g_old, g_new)
    affected = affected_strings(settings, g_old, g_new, changes, engine)
    return render(changes, affected, old or "HEAD", new or "working tree")
