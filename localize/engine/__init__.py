"""Translation engines.  `Translator` is what the pipeline needs; ct2.py implements it with
CTranslate2 and is the only module that imports ctranslate2 (and sentencepiece) at run time."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

DEFAULT_MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "default"
CARD_NAME = "localize-model.json"


@dataclass(frozen=True)
class Request:
    text: str        # masked source text
    target: str      # target locale


class Translator(Protocol):
    """Translates batches; returns up to `n_best` hypotheses per request, best first."""

    @property
    def model_id(self) -> str: ...

    def supports(self, source: str, target: str) -> bool: ...

    def translate(self, requests: list[Request], n_best: int = 1) -> list[list[str]]: ...


def resolve_model(name: str, models: dict[str, str], root: Path) -> Path:
    """'default' -> the embedded model; a name from [models] -> its path; anything else is a path."""
    if name in ("default", "", None):
        return DEFAULT_MODEL_DIR
    target = models.get(name, name)
    p = Path(target)
    return p if p.is_absolute() else (root / p)


class Router:
    """Several models behind one Translator: requests go to the model configured for their locale
    ([models] "de" = ... or "en-de" = ...), the rest to the main model; each model sees whole batches."""

    def __init__(self, main: Translator, per_locale: dict[str, Translator]) -> None:
        self.main, self.per_locale = main, per_locale

    @property
    def model_id(self) -> str:
        ids = sorted({self.main.model_id} | {t.model_id for t in self.per_locale.values()})
        return "+".join(ids)

    @property
    def calls(self) -> int:
        return sum(getattr(t, "calls", 0) for t in {id(x): x for x in [self.main, *self.per_locale.values()]}.values())

    @property
    def beam_size(self) -> int:
        return getattr(self.main, "beam_size", 0)

    def pick(self, locale: str) -> Translator:
        from ..plurals import language
        return self.per_locale.get(locale) or self.per_locale.get(language(locale)) or self.main

    def supports(self, source: str, target: str) -> bool:
        return self.pick(target).supports(source, target)

    def translate(self, requests: list[Request], n_best: int = 1) -> list[list[str]]:
        groups: dict[int, list[int]] = {}
        engines: dict[int, Translator] = {}
        for i, r in enumerate(requests):
            eng = self.pick(r.target)
            groups.setdefault(id(eng), []).append(i)
            engines[id(eng)] = eng
        out: list[list[str]] = [[] for _ in requests]
        for key, idx in groups.items():
            res = engines[key].translate([requests[i] for i in idx], n_best)
            for i, r in zip(idx, res):
                out[i] = r
        return out


def load_engine(settings: object, device: str | None = None, compute_type: str | None = None,
                model: str | None = None) -> Translator:
    """Build the engine the settings ask for (CTranslate2 models, loaded once each)."""
    from .ct2 import CT2Translator

    e = settings.engine  # type: ignore[attr-defined]
    root = settings.root  # type: ignore[attr-defined]
    kw = dict(device=device or e.device, compute_type=compute_type or e.compute_type, beam_size=e.beam_size,
              max_batch_tokens=e.max_batch_tokens, no_repeat_ngram_size=e.no_repeat_ngram_size,
              max_length_ratio=e.max_length_ratio, intra_threads=e.intra_threads, inter_threads=e.inter_threads)
    loaded: dict[Path, CT2Translator] = {}

    def get(path: Path) -> CT2Translator:
        if path not in loaded:
            loaded[path] = CT2Translator(path, **kw)  # type: ignore[arg-type]
        return loaded[path]

    main = get(resolve_model(model or e.model, e.models, root))
    per: dict[str, Translator] = {}
    src = settings.source  # type: ignore[attr-defined]
    for key, target in e.models.items():
        if "-" in key:
            s, t = key.split("-", 1)
            if s != src.split("_")[0]:
                continue
        else:
            t = key
        per[t.replace("-", "_")] = get(resolve_model(target, {}, root))
    return Router(main, per) if per else main
