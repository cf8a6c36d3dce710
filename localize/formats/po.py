"""gettext PO/POT catalogs.  The only module that imports polib.

Reading: polib parses the decoded text (any declared charset); every entry becomes a Segment.
Writing: the original text is kept and only the lines of entries whose translation, flags or
translator comments changed are replaced (their msgid lines are never re-wrapped), plus the header
fields PO-Revision-Date, X-Generator, Language and Plural-Forms when needed.  Untouched entries stay
byte-identical.
"""
from __future__ import annotations

import bisect
import codecs
import itertools
import os
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

import polib

from .. import plurals
from ..errors import ParseError
from ..segments import Resource, Segment
from . import icu
from ._potext import LOCALE_NAME_RE, check_syntax, decode, fit_charset, guess_locale, header_locale  # noqa: F401

SYNTAX_LINE_RE = re.compile(r"line (\d+)")
GENERATOR = "localize"


@dataclass
class _Handle:
    text: str
    encoding: str
    newline: str
    entries: dict[str, polib.POEntry] = field(default_factory=dict)
    blocks: dict[str, tuple[int, int]] = field(default_factory=dict)  # id -> (first line, end line) 0-based
    snapshot: dict[str, tuple[Any, ...]] = field(default_factory=dict)
    header_end: int = 0  # first line after the header block
    bom: bool = False
    obsolete_start: int | None = None
    pofile: polib.POFile | None = None
    created: dict[int, list[tuple[polib.POEntry, str]]] = field(default_factory=dict)  # a template's
    # blank entries and their text, per number of plural forms
    written_lines: dict[str, int] = field(default_factory=dict)  # id -> 1-based line in the last write()


def _entry_id(msgctxt: str | None, msgid: str) -> str:
    return f"{msgctxt}\x04{msgid}" if msgctxt is not None else msgid


# str.splitlines() also breaks at these; polib splits a catalog given as text with it, so a U+2029 inside
# a msgstr (brasero's as.po) was "Syntax error in po file".  Such a catalog goes through a file, which
# polib reads by lines as msgfmt does.
_SPLITLINES_EXTRA = re.compile("[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def _polib_parse(text: str) -> polib.POFile:
    if not _SPLITLINES_EXTRA.search(text):
        return polib.pofile(text, wrapwidth=78)
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        p = os.path.join(tmp, "catalog.po")
        with open(p, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        return polib.pofile(p, wrapwidth=78, encoding="utf-8")


def _snapshot(e: polib.POEntry) -> tuple[Any, ...]:
    return (e.msgstr, tuple(sorted(e.msgstr_plural.items())), tuple(e.flags), e.tcomment)


def read(path: str, data: bytes, locale: str | None = None) -> Resource:
    text, enc = decode(path, data)
    bom = data.startswith(codecs.BOM_UTF8)
    check_syntax(path, text.replace("\r\n", "\n"))
    newline = "\r\n" if "\r\n" in text[:2000] else "\n"
    try:
        po = _polib_parse(text.replace("\r\n", "\n"))
    except (OSError, ValueError, UnicodeError) as exc:
        m = SYNTAX_LINE_RE.search(str(exc))
        msg = str(exc).split(" (line")[0]
        raise ParseError(path, msg or "cannot parse PO file", int(m.group(1)) if m else None) from None
    lines = text.replace("\r\n", "\n").split("\n")
    handle = _Handle(text=text, encoding=enc, newline=newline, pofile=po, bom=bom)
    header = dict(po.metadata)
    lang = locale or header_locale(header.get("Language")) or guess_locale(path)
    declared = plurals.nplurals_of_header(header.get("Plural-Forms"))
    n_forms = declared or (plurals.nplurals(lang) if lang else 2)
    res = Resource(path=path, format="po", locale=lang, header=header, handle=handle)
    starts = sorted(max(e.linenum - 1, 0) for e in po if e.linenum is not None)
    handle.header_end = starts[0] if starts else len(lines)
    seen: dict[str, int] = {}
    for e in po:
        sid = _entry_id(e.msgctxt, e.msgid)
        if e.obsolete:
            sid = "#~" + sid
            if handle.obsolete_start is None and e.linenum is not None:
                handle.obsolete_start = max(e.linenum - 1, 0)
        elif sid in seen:
            raise ParseError(path, f"duplicate message definition (first defined at line {seen[sid]})", e.linenum)
        seen[sid] = e.linenum
        if e.msgid_plural:
            have = [i + 1 for i in e.msgstr_plural]
            # without a Plural-Forms header the entry's own msgstr[n] lines are the truth
            forms = max([n_forms] + have) if declared or not have else max(have)
            targets = [e.msgstr_plural.get(i, "") for i in range(forms)]
            if not any(targets):
                targets = []
        else:
            targets = [e.msgstr] if e.msgstr else []
        res.segments.append(_segment(sid, e, targets))
        handle.entries[sid] = e
        handle.snapshot[sid] = _snapshot(e)
    # block of each entry: from its first line to the line before the next entry, minus blank lines
    ordered = sorted((_block_start(lines, max(e.linenum - 1, 0)), sid)
                     for sid, e in handle.entries.items() if e.linenum is not None)
    for i, (start, sid) in enumerate(ordered):
        end = ordered[i + 1][0] if i + 1 < len(ordered) else len(lines)
        while end > start and not lines[end - 1].strip():
            end -= 1
        handle.blocks[sid] = (start, end)
    return res


def _block_start(lines: list[str], start: int) -> int:
    """The first line of the entry polib places at `start`: an obsolete entry's previous msgid (`#~| msgid`)
    comes before the line polib names (a merge had put a blank line between them, cutting it off)."""
    while start > 0 and lines[start - 1].startswith("#~|"):
        start -= 1
    return start


# ---------------------------------------------------------------- rendering (gettext style)

def _escape(s: str) -> str:
    return (s.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\r", "\\r")
            .replace("\n", "\\n"))


def render_field(keyword: str, value: str, width: int = 79, prefix: str = "") -> list[str]:
    """Lines of `keyword "value"` wrapped the way GNU gettext wraps them (at 79 columns, after \\n)."""
    pieces = [p for p in re.split(r"(?<=\n)", value) if p != ""] or [""]
    one_line = f'{prefix}{keyword} "{_escape(value)}"'
    if len(pieces) == 1 and len(one_line) <= width:
        return [one_line]
    out = [f'{prefix}{keyword} ""']
    for piece in pieces:
        esc = _escape(piece)
        while len(esc) + 2 + len(prefix) > width:
            cut = esc.rfind(" ", 0, width - 2 - len(prefix))
            if cut <= 0:
                break
            if esc[cut - 1: cut] == "\\":  # never split an escape
                break
            out.append(f'{prefix}"{esc[:cut + 1]}"')
            esc = esc[cut + 1:]
        out.append(f'{prefix}"{esc}"')
    return out


def _render_msgstr(e: polib.POEntry) -> list[str]:
    if e.msgid_plural:
        out: list[str] = []
        for i in sorted(e.msgstr_plural):
            out += render_field(f"msgstr[{i}]", e.msgstr_plural[i])
        return out
    return render_field("msgstr", e.msgstr)


def _rewrite_block(block: list[str], e: polib.POEntry, old_tcomment: str) -> list[str]:
    """Replace translator comments (when changed), flags and msgstr lines of one entry; keep every
    other line as it was."""
    comments = [ln for ln in block if ln.startswith("#")]
    body = [ln for ln in block if not ln.startswith("#")]
    is_tc = [ln == "#" or ln.startswith("# ") for ln in comments]
    keep_comments = [ln for ln, tc in zip(comments, is_tc) if not tc and not ln.startswith("#,")]
    if e.tcomment == old_tcomment:
        tcomments = [ln for ln, tc in zip(comments, is_tc) if tc]
    else:
        tcomments = ["# " + c if c else "#" for c in e.tcomment.split("\n")] if e.tcomment else []
    flags = ["#, " + ", ".join(e.flags)] if e.flags else []
    # gettext order: translator comments, extracted (#.), references (#:), flags (#,), previous (#|)
    before_flags = [ln for ln in keep_comments if ln.startswith("#.") or ln.startswith("#:")]
    after_flags = [ln for ln in keep_comments if ln not in before_flags]
    first_msgstr = next((i for i, ln in enumerate(body) if ln.startswith("msgstr")), len(body))
    return tcomments + before_flags + flags + after_flags + body[:first_msgstr] + _render_msgstr(e)


def _apply(seg: Segment, e: polib.POEntry, n_forms: int) -> None:
    if e.msgid_plural:
        if not seg.targets and not any(e.msgstr_plural.values()):
            return _apply_flags(seg, e)
        forms = max(n_forms, len(seg.targets))
        had = set(e.msgstr_plural)
        new = {i: (seg.targets[i] if i < len(seg.targets) else "") for i in range(forms)}
        # forms the entry lacks stay out while nothing fills them: read() pads an entry with fewer
        # msgstr[n] than the header's nplurals (gettext's el.po: msgstr[0] alone; Okular's be.po: three
        # of four), and an unchanged catalog must come back byte-identical (msgfmt -c accepts it)
        while new and (i := max(new)) not in had and not new[i] and i > 0:
            del new[i]
        e.msgstr_plural = new
    else:
        e.msgstr = seg.targets[0] if seg.targets else ""
    _apply_flags(seg, e)


def _apply_flags(seg: Segment, e: polib.POEntry) -> None:
    e.flags = list(seg.flags)
    e.tcomment = "\n".join(seg.translator_notes)


def _fit(seg: Segment, e: polib.POEntry, encoding: str) -> None:
    """A changed entry's text in the catalog's charset: machine text with « » or „ “ in a KOI8-R or
    ISO-8859-1 catalog gets ASCII quotes (fit_charset) rather than failing the whole file; the segment
    keeps what was written."""
    if encoding.lower().replace("-", "").replace("_", "") in ("utf8", "utf16", "utf32"):
        return
    if e.msgid_plural:
        e.msgstr_plural = {i: fit_charset(v, encoding) for i, v in e.msgstr_plural.items()}
        if seg.targets:
            seg.targets = [fit_charset(t, encoding) for t in seg.targets]
    else:
        e.msgstr = fit_charset(e.msgstr, encoding)
        if seg.targets:
            seg.targets = [e.msgstr] + [fit_charset(t, encoding) for t in seg.targets[1:]]
    e.tcomment = fit_charset(e.tcomment, encoding)


def _set_header_field(lines: list[str], end: int, key: str, value: str) -> tuple[list[str], int]:
    pat = re.compile(r'^"' + re.escape(key) + r':.*\\n"$')
    for i in range(end):
        if pat.match(lines[i]):
            lines[i] = f'"{key}: {value}\\n"'
            return lines, end
    last = max((i for i in range(end) if lines[i].startswith('"')), default=None)
    if last is None:
        return lines, end
    lines.insert(last + 1, f'"{key}: {value}\\n"')
    return lines, end + 1


def write(res: Resource) -> bytes:
    """Serialize `res`, touching only what changed since it was read (or everything, for a new file)."""
    h: _Handle = res.handle
    # without a Plural-Forms header an entry keeps the forms it has (read() took them as they are)
    n_forms = plurals.nplurals_of_header(res.header.get("Plural-Forms")) or 0
    changed: list[str] = []
    for seg in res.segments:
        e = h.entries.get(seg.id)
        if e is None or seg.obsolete:
            continue
        _apply(seg, e, n_forms)
        if _snapshot(e) != h.snapshot[seg.id]:
            changed.append(seg.id)
            _fit(seg, e, h.encoding)
    lines = h.text.replace("\r\n", "\n").split("\n")
    header_changes = {k: v for k, v in res.header.items() if h.pofile is not None and h.pofile.metadata.get(k) != v}
    bom = codecs.BOM_UTF8 if h.bom else b""
    if not changed and not header_changes:
        h.written_lines = {sid: start + 1 for sid, (start, _e) in h.blocks.items()}
        return bom + h.text.encode(h.encoding)
    # the changed blocks spliced in, in file order: one pass over the lines (a slice assignment per block
    # would move the rest of the list each time, quadratic in the entries of a big catalog)
    grown: list[tuple[int, int]] = []  # (block start, lines added) for the new line numbers
    body: list[str] = []
    pos = h.header_end
    for sid in sorted(changed, key=lambda s: h.blocks[s][0]):
        start, end = h.blocks[sid]
        block = _rewrite_block(lines[start:end], h.entries[sid], h.snapshot[sid][3])
        grown.append((start, len(block) - (end - start)))
        body += lines[pos:start]
        body += block
        pos = end
    body += lines[pos:]
    if changed:
        res.header.setdefault("X-Generator", GENERATOR)
        res.header["PO-Revision-Date"] = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M+0000")
    head, end = lines[:h.header_end], h.header_end
    for key, value in res.header.items():
        if h.pofile is not None and h.pofile.metadata.get(key) == value:
            continue
        head, end = _set_header_field(head, end, key, value)
    del lines
    lines = head + body
    del head, body
    # lines added above each block: a running sum (not a sum per block, quadratic in entries)
    starts, added = [s for s, _d in grown], list(itertools.accumulate(d for _s, d in grown))
    shift = end - h.header_end
    h.written_lines = {}
    for sid, (start, _e) in h.blocks.items():
        i = bisect.bisect_left(starts, start)
        h.written_lines[sid] = start + 1 + shift + (added[i - 1] if i else 0)
    # encoded a few thousand lines at a time: a big catalog never exists as one str beside its bytes
    step = 4096
    parts: list[bytes] = [bom]
    for i in range(0, len(lines), step):
        chunk = h.newline.join(lines[i:i + step])
        try:
            parts.append(chunk.encode(h.encoding) + (h.newline.encode(h.encoding) if i + step < len(lines) else b""))
        except UnicodeEncodeError as exc:
            line = i + chunk[: exc.start].count(h.newline) + 1
            raise ParseError(res.path, f"translation cannot be written in the file's charset {h.encoding}",
                             line) from None
    return b"".join(parts)


def create(template: Resource, path: str, locale: str) -> Resource:
    """A new catalog for `locale` from a POT (what msginit does): header filled, msgstrs empty."""
    src: polib.POFile = template.handle.pofile
    po = polib.POFile(wrapwidth=79)
    title = src.header.splitlines()[0] if src.header and "SOME DESCRIPTIVE TITLE" not in src.header else ""
    po.header = (f"{title}\n" if title else "") + (
        f"{locale} translation, created by localize from {template.path.rsplit('/', 1)[-1]}.\n"
        "This file is distributed under the same license as the package.")
    meta = dict(src.metadata)
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M+0000")
    meta.update({
        "PO-Revision-Date": now, "Last-Translator": "localize (machine translation)",
        "Language-Team": "none", "Language": locale, "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8", "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": plurals.plural_forms(locale),
    })
    meta.pop("X-Generator", None)
    po.metadata = meta
    # polib writes the header, then "\n", then the entries joined by "\n"; the entries depend only on
    # the template and the number of plural forms, so they are rendered once per template and count
    n = plurals.nplurals(locale)
    cache = template.handle.created
    if n not in cache:
        tlines = template.handle.text.replace("\r\n", "\n").split("\n")
        rendered = []
        for sid, e in template.handle.entries.items():
            if e.obsolete:
                continue
            ne = _blank_entry(e, n)
            rendered.append((ne, "\n".join(new_block(tlines, template.handle.blocks.get(sid), ne)) + "\n"))
        cache[n] = rendered
    head = po.__unicode__()
    text = head + ("\n" + "\n".join(r for _e, r in cache[n]) if cache[n] else "")
    # the Resource is built from what was rendered, as read() would find it in `text` (a test holds the
    # two equal): no second parse of a catalog that was just written out
    handle = _Handle(text=text, encoding="utf-8", newline="\n", pofile=po)
    res = Resource(path=path, format="po", locale=locale, header=dict(po.metadata), handle=handle)
    line = handle.header_end = head.count("\n") + 1  # 0-based: the first entry's first line
    for ne, r in cache[n]:
        e = _blank_entry(ne, n)
        e.linenum = line + 1
        sid = _entry_id(e.msgctxt, e.msgid)
        res.segments.append(_segment(sid, e, []))
        handle.entries[sid] = e
        handle.snapshot[sid] = _snapshot(e)
        size = r.count("\n")  # an entry's text ends with a newline; a blank line follows
        handle.blocks[sid] = (line, line + size)
        line += size + 1
    res.exists = False
    return res


def new_block(tlines: list[str], span: tuple[int, int] | None, ne: polib.POEntry) -> list[str]:
    """The lines of `ne`, a new entry made from the template entry at `span` of the template's lines:
    its `#.`/`#:` comments and msgctxt/msgid/msgid_plural lines as the template has them (msginit and
    msgmerge keep xgettext's wrapping: polib would write a multi-line msgid unwrapped and re-wrap the
    others), then `ne`'s translator comments, flags, previous msgid and msgstr rendered as gettext does."""
    if span is None:
        return ne.__unicode__(79).rstrip("\n").split("\n")
    block = tlines[span[0]:span[1]]
    body = [ln for ln in block if not ln.startswith("#")]
    ids = body[:next((i for i, ln in enumerate(body) if ln.startswith("msgstr")), len(body))]
    tcomments = ["# " + c if c else "#" for c in ne.tcomment.split("\n")] if ne.tcomment else []
    flags = ["#, " + ", ".join(ne.flags)] if ne.flags else []
    previous = []
    if ne.previous_msgid:
        previous = render_field("msgid", ne.previous_msgid, prefix="#| ")
        if ne.previous_msgid_plural:
            previous += render_field("msgid_plural", ne.previous_msgid_plural, prefix="#| ")
    return (tcomments + [ln for ln in block if ln.startswith(("#.", "#:"))] + flags + previous + ids
            + _render_msgstr(ne))


def _blank_entry(e: polib.POEntry, n: int) -> polib.POEntry:
    """An untranslated copy of template entry `e` for a catalog with `n` plural forms."""
    ne = polib.POEntry(msgid=e.msgid, msgid_plural=e.msgid_plural, msgctxt=e.msgctxt,
                       comment=e.comment, tcomment="", occurrences=list(e.occurrences),
                       flags=[f for f in e.flags if f != "fuzzy"])
    if e.msgid_plural:
        ne.msgstr_plural = {i: "" for i in range(n)}
    return ne


_DEFAULT_RE = re.compile(r'^Default:\s*"((?:[^"\\]|\\.)*)"\s*$')


def default_text(comment: str) -> str | None:
    """The source text of a catalog whose msgids are message ids: Zope/Plone i18ndude, Pyramid's lingua and
    Plone Volto write it in an extracted comment, `#. Default: "Enter a user name, ..."`, for
    `msgid "addUserFormUsernameDescription"` (a comment a tool wrapped over several `#.` lines too)."""
    lines = [ln.strip() for ln in comment.split("\n")] if comment else []
    for i, line in enumerate(lines):
        if not line.startswith("Default:"):
            continue
        text = line
        for j in range(i + 1, min(len(lines), i + 40) + 1):
            m = _DEFAULT_RE.match(text)
            if m:
                return polib.unescape(m.group(1))
            if j < len(lines):
                text += " " + lines[j]
        return None
    return None


def _segment(sid: str, e: polib.POEntry, targets: list[str]) -> Segment:
    default = default_text(e.comment) if not e.msgid_plural else None
    source = default if default else e.msgid
    return Segment(
        id=sid, source=source, source_plural=e.msgid_plural or None, context=e.msgctxt,
        kind="icu" if not e.msgid_plural and icu.is_complex(source) else "text",  # react-intl messages in PO
        targets=targets, flags=list(e.flags),
        developer_notes=e.comment.split("\n") if e.comment else [],
        translator_notes=e.tcomment.split("\n") if e.tcomment else [],
        previous_source=e.previous_msgid or None,
        references=[f"{f}:{ln}" if ln else f for f, ln in e.occurrences],
        line=e.linenum, obsolete=e.obsolete,
    )


def merge_template(res: Resource, template: Resource) -> list[str]:
    """Update a catalog from its template the way `msgmerge --previous` does: entries in the template's
    order, `#.`/`#:` comments and format flags from the template, a new msgid filled from the most
    similar existing translation (fuzzy, with `#| msgid`) or from a matching obsolete entry, and
    translations whose msgid left the template kept as `#~` obsolete entries (untranslated ones dropped).
    Entries that nothing changed keep their bytes.  Returns the ids of the entries that are new."""
    h: _Handle = res.handle
    lines = h.text.replace("\r\n", "\n").split("\n")
    tentries: dict[str, polib.POEntry] = template.handle.entries
    tlines = template.handle.text.replace("\r\n", "\n").split("\n")
    order = [s.id for s in template.active if s.id in tentries]
    active = [s.id for s in res.segments if not s.obsolete and s.id in h.blocks]
    obsolete = {sid[2:]: sid for sid in h.entries if sid.startswith("#~") and sid in h.blocks}
    n_forms = plurals.nplurals_of_header(res.header.get("Plural-Forms")) or plurals.nplurals(res.locale or "en")
    blocks: list[list[str]] = []
    added: list[str] = []
    used: set[str] = set()
    refreshed = False
    pool = sorted((e for e in h.entries.values() if not e.obsolete and _has_text(e)), key=lambda e: len(e.msgid))
    sizes = [len(e.msgid) for e in pool]
    for tid in order:
        te = tentries[tid]
        if tid in h.blocks and tid in active:
            start, end = h.blocks[tid]
            blocks.append(_refresh(lines[start:end], h.entries[tid], te))
            refreshed = refreshed or blocks[-1] != lines[start:end]
            used.add(tid)
            continue
        old = h.entries.get(obsolete.get(tid, "\0"))
        near = old or _most_similar(te, pool, sizes)
        ne = polib.POEntry(msgid=te.msgid, msgid_plural=te.msgid_plural, msgctxt=te.msgctxt, comment=te.comment,
                           occurrences=list(te.occurrences), flags=[f for f in te.flags if f != "fuzzy"])
        if te.msgid_plural:
            ne.msgstr_plural = {i: "" for i in range(n_forms)}
        if near is not None:
            ne.msgstr, ne.tcomment = near.msgstr, near.tcomment
            if te.msgid_plural:
                ne.msgstr_plural = dict(near.msgstr_plural) or ne.msgstr_plural
            if old is not None:
                used.add(obsolete[tid])
            else:
                used.add(_entry_id(near.msgctxt, near.msgid))
                ne.previous_msgid, ne.previous_msgid_plural = near.msgid, near.msgid_plural or None
            if near is not old or "fuzzy" in near.flags:
                ne.flags.insert(0, "fuzzy")
        blocks.append(new_block(tlines, template.handle.blocks.get(tid), ne))
        added.append(tid)
    gone = [sid for sid in active if sid not in used and sid not in tentries]
    for sid in gone:  # translated: kept obsolete with its comments and flags; untranslated: dropped
        e = h.entries[sid]
        if _has_text(e):
            start, end = h.blocks[sid]
            blocks.append([ln if ln.startswith(("# ", "#,")) or ln == "#" else "#~ " + ln
                           for ln in lines[start:end] if not ln.startswith(("#:", "#.", "#|"))])
    for sid in sorted(set(obsolete.values()) - used, key=lambda x: h.blocks[x][0]):
        start, end = h.blocks[sid]
        blocks.append(lines[start:end])
    body = [ln for b in blocks for ln in ([""] + b)]
    if h.blocks:
        first, tail_start = min(b[0] for b in h.blocks.values()), max(b[1] for b in h.blocks.values())
        head = lines[:first] + ([""] if first and lines[first - 1].strip() else [])
    else:  # a catalog with a header only
        first = len(lines)
        while first > 0 and not lines[first - 1].strip():
            first -= 1
        tail_start, head = first, lines[:first] + [""]
    new_lines = head + body[1:] + lines[tail_start:]
    created = (template.header.get("POT-Creation-Date") or "").strip()
    dated = bool(created) and res.header.get("POT-Creation-Date", created) != created
    if not (added or gone or refreshed or dated or [a for a in active if a in tentries] != [o for o in order if o in active]):
        return []  # nothing to merge: the file stays as it is, blank lines and all
    if dated:
        new_lines, _end = _set_header_field(new_lines, first, "POT-Creation-Date", created)
    if new_lines == lines:
        return []
    text = "\n".join(new_lines).replace("\n", h.newline)
    fresh = read(res.path, (codecs.BOM_UTF8 if h.bom else b"") + text.encode(h.encoding), res.locale)
    res.segments, res.handle, res.header = fresh.segments, fresh.handle, fresh.header
    return added


def _refresh(block: list[str], e: polib.POEntry, te: polib.POEntry) -> list[str]:
    """An existing entry's lines with the template's `#.` and `#:` comments and format flags; the
    lines themselves when those did not change."""
    flags = (["fuzzy"] if "fuzzy" in e.flags else []) + [f for f in te.flags if f != "fuzzy"]
    if e.comment == te.comment and list(e.occurrences) == list(te.occurrences) and list(e.flags) == flags:
        return block
    rendered = polib.POEntry(msgid="x", comment=te.comment, occurrences=list(te.occurrences)).__unicode__(79)
    comments = [ln for ln in block if ln.startswith("#")]
    tcs = [ln for ln in comments if ln == "#" or ln.startswith("# ")]
    prev = [ln for ln in comments if ln.startswith("#|")]
    dev = [ln for ln in rendered.split("\n") if ln.startswith(("#.", "#:"))]
    return tcs + dev + (["#, " + ", ".join(flags)] if flags else []) + prev + [ln for ln in block if not ln.startswith("#")]


def _has_text(e: polib.POEntry) -> bool:
    return bool(e.msgstr or any(e.msgstr_plural.values()))


def _most_similar(te: polib.POEntry, pool: list[polib.POEntry], sizes: list[int]) -> polib.POEntry | None:
    """The existing translated entry whose msgid is most like `te`'s (same context, both plural or
    both not), when similar enough for msgmerge's fuzzy match (ratio >= 0.6)."""
    import bisect
    import difflib
    n = len(te.msgid)
    lo = bisect.bisect_left(sizes, int(n * 0.42))
    best, best_ratio = None, 0.6
    sm = difflib.SequenceMatcher(autojunk=False)
    sm.set_seq2(te.msgid)
    for e in pool[lo:]:
        if len(e.msgid) > n * 2.4:
            break
        if e.msgctxt != te.msgctxt or bool(e.msgid_plural) != bool(te.msgid_plural) or not e.msgid:
            continue
        sm.set_seq1(e.msgid)
        if sm.real_quick_ratio() >= best_ratio and sm.quick_ratio() >= best_ratio and sm.ratio() >= best_ratio:
            best, best_ratio = e, sm.ratio()
    return best


def read_mo(path: str) -> list[tuple[str | None, str, str]]:
    """(context, msgid, msgstr) of a compiled .mo catalog (memory import)."""
    return read_mo_catalog(path)[1]


def read_mo_catalog(path: str) -> tuple[str | None, list[tuple[str | None, str, str]]]:
    """The locale of a compiled .mo catalog (its Language header, else its path: de.mo,
    de/LC_MESSAGES/app.mo) and its (context, msgid, msgstr) rows."""
    try:
        mo = polib.mofile(path)
    except (OSError, ValueError) as exc:
        raise ParseError(path, f"cannot read MO file: {exc}") from None
    out: list[tuple[str | None, str, str]] = []
    for e in mo:
        if e.msgid and e.msgstr:
            out.append((e.msgctxt, e.msgid, e.msgstr))
    lang = (mo.metadata.get("Language") or "").strip()
    return (plurals.normalize(lang) if lang else guess_locale(path) or _lc_messages_locale(path)), out


def _lc_messages_locale(path: str) -> str | None:
    """de/LC_MESSAGES/app.mo -> de (the layout of /usr/share/locale)."""
    parts = re.split(r"[\\/]", path)
    if len(parts) >= 3 and parts[-2] == "LC_MESSAGES" and LOCALE_NAME_RE.match(parts[-3]):
        return plurals.normalize(parts[-3])
    return None
