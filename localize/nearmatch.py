"""Near matches in the translation memory: a person's translation of the same words with another ending
or other capitals ("Save As" translated, "Save As…" / "Save as:" / "Export to Spreadsheet" not).

UI catalogs are full of such variants (a menu item, its dialog title, its label with a colon), and people
translate them alike; the model translated each afresh, with other words ("Tabellenkalkulation" in one
string, "Tabellendokument" in the next).  A near match takes the person's words and gives them the new
source's ending: the period, colon or ellipsis is taken off or put on, as the locale writes it (a French
colon with its space, a Chinese or Japanese full stop).  Only what cannot change the meaning may differ: the final ".", ":",
"…"/"..." and the case of letters after the first (not ALL CAPS against other capitals: the person's
translation is in capitals too).  Works on masked text (the memory's form).  Memory.near_many also takes the
same words under another msgctxt when the entry's own context has no translation.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

# the final punctuation a near match may differ in, with the space before it ("Save as :" in French)
_TAIL_RE = re.compile(r"[ \u00a0\u202f]*(?:\.\.\.|…|:|\.)$")
# the same on the target side, with the full-width forms of Chinese and Japanese
_TARGET_TAIL_RE = re.compile(r"[ \u00a0\u202f]*(?:\.\.\.|…+|[:：.。．])$")
_SPACE_RE = re.compile(r"\s+")
_CLASS = {"...": "ellipsis", "…": "ellipsis", ":": "colon", ".": "period", "：": "colon", "。": "period",
          "．": "period"}


def split_tail(text: str) -> tuple[str, str]:
    """(body, ending): "Save as:" -> ("Save as", ":"); "etc.." and "?!" endings stay in the body."""
    m = _TAIL_RE.search(text)
    if not m or not m.start() or text[m.start() - 1] in ".…:":
        return text, ""
    return text[:m.start()], m.group(0)


def _class(tail: str) -> str:
    mark = tail.strip(" \u00a0\u202f")
    return _CLASS.get(mark if not mark.startswith("…") else "…", "")


def _caps(text: str) -> bool:
    """ALL CAPS words (two letters or more)."""
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters if ch.lower() != ch.upper())


def key(text: str) -> str:
    """What near matches share: the body, case-folded, spaces collapsed."""
    body, _tail = split_tail(text.strip())
    return _SPACE_RE.sub(" ", body).casefold()


def _ending(tail: str, locale: str, old: str) -> str:
    """The new source's ending as the target writes it; `old` is the ending the person's translation had.
    Conventions from the corpora's Debian catalogs: French writes " :" (a no-break space, 80%), German " …"
    after words (95% for "…"), Chinese "：" and "。", Japanese "。" but an ASCII colon after labels."""
    cls = _class(tail)
    if not cls:
        return ""
    lang = locale.replace("-", "_").split("_")[0].lower()
    mark = tail.strip(" \u00a0\u202f")
    if lang == "zh" and cls in ("colon", "period"):
        return {"colon": "：", "period": "。"}[cls]
    if lang == "ja" and cls == "period":
        return "。"
    if _class(old) == cls:  # the person's own spacing for this mark
        space = old[:len(old) - len(old.lstrip(" \u00a0\u202f"))]
    else:
        space = "\u00a0" if (lang, cls) == ("fr", "colon") else " " if (lang, mark) == ("de", "…") else ""
    return space + mark


def adapt(mem_source: str, mem_target: str, new_source: str, locale: str) -> str | None:
    """`mem_target` (a person's translation of `mem_source`) for `new_source`, or None when the two sources
    differ in more than the ending and the case of letters after the first, or the target's ending cannot
    be told (a period the translator added to a label)."""
    b_m, t_m = split_tail(mem_source.strip())
    b_n, t_n = split_tail(new_source.strip())
    if _SPACE_RE.sub(" ", b_m).casefold() != _SPACE_RE.sub(" ", b_n).casefold() or not b_n or not b_m:
        return None
    if b_m[0] != b_n[0] or not any(ch.isalpha() for ch in b_n) or _caps(b_m) != _caps(b_n):
        return None  # "save as" mid-sentence is not the label "Save as"; "FILE" was translated "DATEI", not "Datei"
    if _class(t_m) == _class(t_n):
        return mem_target  # the same ending (or "..." for "…"): only capitals differ
    target = mem_target.rstrip()
    m = _TARGET_TAIL_RE.search(target)
    if m and m.start() and not _class(t_m):
        return None  # the person put an ending where the source has none: what goes with the new one is unclear
    body, old = (target[:m.start()], m.group(0)) if m and m.start() and _class(t_m) else (target, "")
    if not body.strip():
        return None
    return body + _ending(t_n, locale, old) + mem_target[len(mem_target.rstrip()):]


def best(new_source: str, candidates: Iterable[tuple[str, str]], locale: str) -> str | None:
    """The adapted translation of `new_source` from the (source, target) candidates sharing its key, or None
    when there is none or they disagree: a candidate whose source differs only in its ending comes first
    (its capitals are the new source's), then any; two different answers at the same rank are no answer."""
    ranked: dict[int, set[str]] = {}
    b_n = split_tail(new_source.strip())[0]
    for src, tgt in candidates:
        out = adapt(src, tgt, new_source, locale)
        if out is not None:
            ranked.setdefault(0 if split_tail(src.strip())[0] == b_n else 1, set()).add(out)
    if not ranked:
        return None
    answers = ranked[min(ranked)]
    return next(iter(answers)) if len(answers) == 1 else None
