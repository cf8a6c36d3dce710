"""The edges of a unit that stay out of the engine's sight and go back around its translation: entities at
its start or end ("&laquo; First", "Last &raquo;") and a tag pair that wraps it whole ("<b>Interface</b>").
protect.mask peels them before masking the rest."""
from __future__ import annotations

import re

from .syntax import ENTITY

# an edge quote whose partner is inside the text ("&quot;%s&quot; not found") moves with the words
_PARTNER = {"&laquo;": "&raquo;", "&raquo;": "&laquo;", "&lsaquo;": "&rsaquo;", "&rsaquo;": "&lsaquo;",
            "&ldquo;": "&rdquo;", "&rdquo;": "&ldquo;", "&lsquo;": "&rsquo;", "&rsquo;": "&lsquo;",
            "&bdquo;": "&ldquo;", "&sbquo;": "&lsquo;", "&quot;": "&quot;", "&apos;": "&apos;",
            "&#34;": "&#34;", "&#39;": "&#39;", "&#x27;": "&#x27;", "&#x22;": "&#x22;"}
_LEAD_ENTITIES_RE = re.compile(rf"^(?:{ENTITY}[ \t\u00a0]*)+")
_TRAIL_ENTITIES_RE = re.compile(rf"(?:[ \t\u00a0]*{ENTITY})+$")
_ESCAPED_TAG_START_RE = re.compile(r"&lt;/?[A-Za-z]")


def peel_entities(body: str) -> tuple[str, str, str]:
    """(leading entities, the rest, trailing entities) of a stripped text: "&laquo; First" and "Last &raquo;"
    keep their arrows where they are (the engine moved them: "Pierwszy &laquo;"), "&nbsp;in %d buffer" its
    space.  Nothing is peeled from a text that would have no letters left."""
    m = _LEAD_ENTITIES_RE.match(body) if "&" in body else None
    lead = m.group(0) if m else ""
    if lead.endswith("&lt;") and _ESCAPED_TAG_START_RE.match(body, len(lead) - 4):
        lead = lead[:-4] if lead[:-4].strip() else ""  # "&lt;b>Bold&lt;/b>": a tag, masked whole
    rest = body[len(lead):]
    t = _TRAIL_ENTITIES_RE.search(rest) if "&" in rest else None
    trail = t.group(0) if t else ""
    core = rest[:len(rest) - len(trail)]
    if not (lead or trail) or not any(ch.isalpha() for ch in core) or core.endswith(("\n", "\r")):
        return "", body, ""  # (an entity on a line of its own is the text's: "word &amp;\n&amp;")
    if any(p in core for e, p in _PARTNER.items() if e in lead or e in trail):
        return "", body, ""  # "&laquo;%s&raquo; introuvable": guillemets quoting, not an arrow
    return lead, core, trail


# A tag pair around the whole text: "<b>Interface</b>", "<span weight='bold'>General</span>"
_WRAP_RE = re.compile(r"<([A-Za-z][\w:.-]*)(?:\s[^<>]*)?>(.*)</\1\s*>", re.S)


def peel_wrapper(body: str) -> tuple[str, str, str]:
    """(opening tag, the text inside, closing tag) of a stripped text that one tag pair wraps whole; else
    ("", body, "").  The engine translates "Interface" well and "⟦0⟧Interface⟦1⟧" badly (GNOME's and
    Xfce's bold section headers: "<b>Interface</b>" had become "<b>Füllung</b>", in Russian "Фортина")."""
    m = _WRAP_RE.fullmatch(body) if body.startswith("<") and body.endswith(">") else None
    if not m or re.search(rf"</?{re.escape(m.group(1))}\b", m.group(2)):  # "<b>a</b> or <b>b</b>"
        return "", body, ""
    inner = m.group(2)
    core = inner.strip()
    if not any(ch.isalpha() for ch in core):
        return "", body, ""
    start = m.start(2) + (len(inner) - len(inner.lstrip()))
    end = start + len(core)
    return body[:start], core, body[end:]


def peel_edges(body: str) -> tuple[str, str, str]:
    """Entities (peel_entities) and whole-text tag pairs (peel_wrapper) at the edges of a stripped text,
    outermost first: what stays out of the engine's sight and goes back around its translation."""
    lead = trail = ""
    for _ in range(4):
        a, core, b = peel_entities(body)
        c, core, d = peel_wrapper(core)
        if not (a or b or c or d):
            break
        lead, trail, body = lead + a + c, d + b + trail, core
    return lead, body, trail
