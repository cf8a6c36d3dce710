"""How a translation addresses the user: formal ("Sie", "vous", "u", "usted", "вы") or informal ("du",
"tu", "je", "tú", "ты").  The default model learned both from its corpora and mixes them within one
product ("Deine E-Mail-Adresse wurde bestätigt." next to "Ihr Konto ist gesperrt."); the pipeline
asks for one register per locale (`[project] formality`, else the register of the project's own human
translations, else the language's convention in software) and the n-best choice prefers hypotheses in it
(a soft check, like a lost negation).

Only pronouns and possessives are looked at: verb forms ("haga clic" / "haz clic") are left alone, and
a word that is also something else (German "Sie" = "they" at a sentence start, Spanish "su") counts
only where it cannot be.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

from . import plurals

FORMAL, INFORMAL = "formal", "informal"
CHOICES = (FORMAL, INFORMAL, "any", "auto")

_CI = re.IGNORECASE
# (informal markers, formal markers) per language; None: that side is not detectable from pronouns
MARKERS: dict[str, tuple[re.Pattern[str], re.Pattern[str] | None]] = {
    # German formal "Sie/Ihr" is capitalized; mid-sentence only ("Sie" opening a sentence may be "they")
    "de": (re.compile(r"\b(?:du|dich|dir|dein|deine|deinen|deinem|deiner|deines|euch|euer|eure|euren|eurem|eurer)\b", _CI),
           re.compile(r"(?<=[\w,;)] )(?:Sie|Ihnen|Ihr|Ihre|Ihren|Ihrem|Ihrer|Ihres)\b")),
    "fr": (re.compile(r"\b(?:tu|toi|ton|ta|tes|tien|tienne|tiens)\b|\bt['’](?=\w)", _CI),
           re.compile(r"\b(?:vous|votre|vos|vôtre)\b", _CI)),
    "nl": (re.compile(r"\b(?:jij|jou|jouw|je|jullie)\b", _CI), re.compile(r"\b(?:u|uw)\b", _CI)),
    "es": (re.compile(r"\b(?:tú|tus|contigo)\b", _CI), re.compile(r"\b(?:usted|ustedes)\b", _CI)),
    "it": (re.compile(r"\b(?:tu|tuo|tua|tuoi|tue)\b", _CI), re.compile(r"(?<=\w )(?:Lei|Suo|Sua|Suoi|Sue)\b")),
    "ru": (re.compile(r"\b(?:ты|тебя|тебе|тобой|твой|твоя|твоё|твое|твои|твоего|твоей|твоим|твоих)\b", _CI),
           re.compile(r"\b(?:вы|вас|вам|вами|ваш|ваша|ваше|ваши|вашего|вашей|вашим|ваших)\b", _CI)),
    "pl": (re.compile(r"\b(?:ty|ciebie|cię|tobie|tobą|twój|twoja|twoje|twojego|twojej|twoim|twoich)\b", _CI), None),
}
# When the project's own translations do not say: what software in the language usually does, which is
# also what the default model mostly writes (scripts/bench_formality.py: de, nl 89-93% formal, fr, ru
# 100%), so preferring it makes the output consistent.  Italian and Spanish output rarely shows a
# pronoun of address; Polish formal address (Pan/Pani) is not told from pronouns.
CONVENTION = {"de": FORMAL, "fr": FORMAL, "nl": FORMAL, "ru": FORMAL}


def has_markers(locale: str) -> bool:
    """Whether the register of `locale` can be read from pronouns at all."""
    return _markers(locale) is not None


def _markers(locale: str) -> tuple[re.Pattern[str], re.Pattern[str] | None] | None:
    return MARKERS.get(plurals.language(locale))


@lru_cache(maxsize=65536)
def register(text: str, locale: str) -> str | None:
    """FORMAL or INFORMAL when `text` addresses the user in one register only; None otherwise."""
    pats = _markers(locale)
    if pats is None:
        return None
    informal = pats[0].search(text) is not None
    formal = pats[1] is not None and pats[1].search(text) is not None
    if informal == formal:
        return None
    return INFORMAL if informal else FORMAL


def clashes(text: str, locale: str, want: str) -> str:
    """The first word of `text` in the register that is not `want` ("" when none)."""
    pats = _markers(locale)
    if pats is None or want not in (FORMAL, INFORMAL):
        return ""
    pat = pats[0] if want == FORMAL else pats[1]
    m = pat.search(text) if pat is not None else None
    return m.group(0) if m else ""


def detect(texts: Iterable[str], locale: str, minimum: int = 10, share: float = 0.8) -> str | None:
    """The register of a project's human translations: the one at least `share` of the strings that show
    one use, when at least `minimum` show one; None otherwise."""
    counts = {FORMAL: 0, INFORMAL: 0}
    for t in texts:
        r = register(t, locale)
        if r:
            counts[r] += 1
    total = counts[FORMAL] + counts[INFORMAL]
    if total < minimum:
        return None
    best = max(counts, key=lambda k: counts[k])
    return best if counts[best] >= share * total else None


def resolve(setting: str, locale: str, human: Iterable[str] = ()) -> str:
    """The register to prefer for `locale`: the setting when it names one ("any": none), else ("auto")
    the project's human translations', else the language's convention; "" for no preference."""
    if setting in (FORMAL, INFORMAL):
        return setting if _markers(locale) else ""
    if setting == "any" or _markers(locale) is None:
        return ""
    return detect(human, locale) or CONVENTION.get(plurals.language(locale), "")


def human_texts(jobs: Iterable[Any], ours: Callable[[Any, Any], bool], per_locale: int = 5000) -> dict[str, list[str]]:
    """Up to `per_locale` human translations per locale of the jobs' files: translated, not fuzzy, not
    localize's own output (its translator comment in PO, `ours(job, segment)`: its lockfile record)."""
    out: dict[str, list[str]] = {}
    for job in jobs:
        texts = out.setdefault(job.locale, [])
        for seg in job.resource.segments:
            if len(texts) >= per_locale:
                break
            if (seg.translated and not seg.fuzzy and not seg.obsolete
                    and not any(n.startswith("localize:") for n in seg.translator_notes) and not ours(job, seg)):
                texts.append(seg.targets[0])
    return out
