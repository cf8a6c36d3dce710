"""Translate plain strings, without any file, exactly as `translate` would: the pipeline's units, masks,
engine pass, n-best choice, fallbacks and glossary (no memory).  For scoring, canaries, benchmarks and
the confidence's calibration."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from . import confidence
from .config import Settings
from .engine import Translator
from .formats import icu
from .pipeline import Pipeline, RunResult
from .segments import Resource, Segment
from .selection import Job, Options, _item


def translate_texts(engine: Translator, texts: list[str], locale: str, glossary: Any = None,
                    n_best: int = 4, source: str = "en", formality: str = "auto") -> list[str]:
    """Translate plain strings exactly as `translate` would (units, masks, memory-less engine pass,
    n-best choice, fallbacks, glossary), without any file: for scoring, canaries and benchmarks.
    `formality`: the `[project] formality` setting ("auto": the language's convention, no project)."""
    return [text for text, _units in translate_evidence(engine, texts, locale, glossary, n_best, source, formality)]


def translate_evidence(engine: Translator, texts: list[str], locale: str, glossary: Any = None, n_best: int = 4,
                       source: str = "en", formality: str = "auto") -> list[tuple[str, list[confidence.Evidence]]]:
    """translate_texts() with what the engine said about each unit of each string (confidence.Evidence)."""
    res = Resource(path=f"<strings>.{locale}", format="po", locale=locale)
    res.segments = [Segment(id=str(i), source=t) for i, t in enumerate(texts)]
    job = Job(res, locale, None, res.path, 2)
    items = [_item(job, s, False) for s in res.segments]
    pipe = Pipeline(Settings(root=Path("."), source=source, formality={"*": formality}), engine, Options(n_best=n_best),
                    glossary=glossary)
    pipe.build_units(items)
    pipe.translate_units(items, RunResult())
    out = []
    for it in items:
        f = it.forms[0]
        parts = Pipeline.joined(f)
        text = icu.rebuild(f.nodes, parts) if f.nodes is not None else parts[0]
        out.append((text, [f.evidence[i] for i in range(len(f.units)) if i in f.evidence]))
    return out
