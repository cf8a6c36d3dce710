"""The markup of a text as the checks compare it: which tags a source and a translation carry (HTML, XML,
Pango, numbered <0> tags), which are void, line breaks or mere emphasis."""
from __future__ import annotations

import re

from .protect import find_spans

TAG_RE = re.compile(r"<(/?)([A-Za-z][\w:.-]*|\d+(?=\s*/?>))[^<>]*?(/?)>")  # numbered: react-i18next <Trans>, Lingui
VOID_TAGS = {"br", "hr", "img", "input", "meta", "link", "wbr", "area", "col", "source", "embed", "param"}


VOID_MARKUP = {"br", "hr", "img", "wbr", "input"}


def markup_tags(text: str, names: set[str] | None = None) -> list[tuple[str, str, bool]]:
    """Markup tags: paired tags (<b>..</b>), tags with attribute values (<a href="x">), void HTML
    elements (<br/>), and in a translation any tag whose name is markup in the source (`names`).
    `<command>` or `<new name>` in a usage line is a placeholder word translators translate."""
    out = []
    pod = {s for s, _e, r in find_spans(text) if r in ("pod", "pod-pair")} if "<" in text else set()
    spans: list[str] = []  # what each open Pango <span> stands for
    for m in TAG_RE.finditer(text):
        if m.start() - 1 in pod:  # POD's B<dpkg>, E<lt>: not markup
            continue
        closing, raw, selfclose = m.group(1), m.group(2), bool(m.group(3))
        name = raw.lower()
        if name == "span" and not selfclose:  # Pango: <span weight="bold"> is <b>, style="italic" <i>
            if closing:
                name = spans.pop() if spans else name
            else:
                name = ("b" if _PANGO_BOLD_RE.search(m.group(0)) else "i" if _PANGO_ITALIC_RE.search(m.group(0))
                        else "span")
                spans.append(name)
            if name != "span":
                out.append((closing, name, selfclose))
                continue
        paired = (f"<{raw}" in text) if closing else (f"</{raw}>" in text)
        if (paired or "=" in m.group(0) or name in VOID_MARKUP or (names is not None and name in names)):
            out.append((closing, name, selfclose))
    return out


_PANGO_BOLD_RE = re.compile(r"""\b(?:font_)?weight\s*=\s*["'](?:bold|heavy|ultrabold)["']""")
_PANGO_ITALIC_RE = re.compile(r"""\b(?:font_)?style\s*=\s*["']italic["']""")


LINE_BREAK_TAGS = frozenset({"br", "wbr"})
STYLE_TAGS = frozenset({"b", "i", "em", "strong", "u", "font", "small", "big", "sup", "sub", "tt", "html", "body",
                        # Mallard's and DocBook's inline naming markup, which a person may drop or add around a
                        # name ("Quit <app>Four-in-a-row</app>" -> Czech "Ukončení hry"): the page still builds
                        "app", "gui", "guilabel", "guimenu", "guimenuitem", "application", "productname"})
