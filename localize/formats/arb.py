"""Flutter / Dart ARB files (Application Resource Bundle): `app_en.arb` (the template) -> `app_de.arb`.

An ARB file is a JSON object whose message values are ICU MessageFormat (plural/select with the target's
CLDR categories, through the ICU code the JSON adapter already uses).  Keys starting with "@" are not
messages: `@key` objects are a message's metadata (description, placeholders with their type and
example) and `@@locale`, `@@last_modified`, `@@author` ... describe the file.  None of them is ever
translated; a message's description is its developer note.

Reading, pairing and writing are jsonfmt's (spans recorded, changed values spliced into the original text,
missing messages inserted after their source-order neighbour, a new file built from the source's
structure), so every untouched byte stays untouched.  What ARB adds: metadata is no segment, and a
target file's `@@locale` says the target locale (set when missing or wrong; a new target file holds
`@@locale` and the translated messages, the shape `flutter gen-l10n` expects of a non-template file).
"""
from __future__ import annotations

import re

from .. import plurals
from ..segments import Resource, Segment
from . import jsonfmt

LOCALE_KEY = "@@locale"
# app_en.arb, intl_messages_pt_BR.arb, strings_zh_Hant_TW.arb, de.arb
_NAME_RE = re.compile(r"(?:^|[_.\-])([a-z]{2,3}(?:[_-][A-Z][a-z]{3})?(?:[_-][A-Z]{2})?)\.arb$")


def guess_locale(path: str) -> str | None:
    """app_pt_BR.arb -> pt_BR; None when the name carries no locale."""
    m = _NAME_RE.search(path.replace("\\", "/").rsplit("/", 1)[-1])
    return plurals.normalize(m.group(1)) if m else None


def _is_meta(seg: Segment) -> bool:
    first = seg.id.split("/")[1] if seg.id.count("/") else seg.id
    return first.startswith("@")


def _own(res: Resource) -> Resource:
    """The jsonfmt resource as an ARB resource: metadata left out, descriptions as notes."""
    h: jsonfmt._Handle = res.handle
    res.format = "arb"
    kept: list[Segment] = []
    for seg in res.segments:
        if _is_meta(seg):
            continue
        key = jsonfmt._source_path(h.source.handle if h.source is not None else h, seg.id)
        desc = h.nodes.get(("@" + str(key[0]), "description")) if len(key) == 1 else None
        if desc is None and h.source is not None and len(key) == 1:
            desc = h.source.handle.nodes.get(("@" + str(key[0]), "description"))
        if desc is not None and desc.kind == "str" and desc.value and desc.value not in seg.developer_notes:
            seg.developer_notes.append(desc.value)
        kept.append(seg)
    res.segments = kept
    return res


def read(path: str, data: bytes, locale: str | None = None) -> Resource:
    res = jsonfmt.read(path, data, locale)
    if locale is None:
        node = res.handle.values.get((LOCALE_KEY,))
        res.locale = plurals.normalize(node.value) if node is not None and node.value else guess_locale(path)
    return _own(res)


def pair(source: Resource, target: Resource | None, path: str, locale: str) -> Resource:
    res = jsonfmt.pair(source, target, path, locale)
    return _own(res)


def _locale_value(res: Resource) -> str | None:
    """What `@@locale` must say in the file written for `res` (None: leave it alone)."""
    h: jsonfmt._Handle = res.handle
    if h.source is None or not res.locale or res.locale == "und":
        return None
    have = h.values.get((LOCALE_KEY,)) if h.root is not None else None
    if have is not None and have.value and plurals.normalize(have.value) == plurals.normalize(res.locale):
        return have.value  # already right, in the file's own spelling
    if have is None and (LOCALE_KEY,) not in h.source.handle.values:
        return None  # neither file has one: nothing to add
    return plurals.normalize(res.locale)  # Flutter writes pt_BR, zh_Hant


def write(res: Resource) -> bytes:
    value = _locale_value(res)
    segments = list(res.segments)
    if value is not None:
        segments.append(Segment(id="/" + LOCALE_KEY, source=value, targets=[value]))
    view = Resource(path=res.path, format="json", locale=res.locale, segments=segments, handle=res.handle,
                    exists=res.exists)
    return jsonfmt.write(view)
