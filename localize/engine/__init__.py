"""Translation engines.  `Translator` is what the pipeline needs; ct2.py implements it with
CTranslate2 and is the only module that imports ctranslate2 (and sentencepiece) at run time."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

EMBEDDED_DIR = Path(__file__).resolve().parent.parent / "models"
DEFAULT_MODEL_DIR = EMBEDDED_DIR / "default"
CARD_NAME = "localize-model.json"


class Hypothesis(str):
    """A translation hypothesis: the text, plus the model's length-normalized log-probability where the
    engine reports one (`score`, None otherwise) and the token counts of the hypothesis and of its
    source (0: unknown).  A str, so every consumer of plain hypotheses works."""
    score: float | None = None
    tokens: int = 0
    source_tokens: int = 0

    def __new__(cls, text: str, score: float | None = None, tokens: int = 0, source_tokens: int = 0) -> Hypothesis:
        obj = super().__new__(cls, text)
        obj.score, obj.tokens, obj.source_tokens = score, tokens, source_tokens
        return obj


@dataclass(frozen=True)
class Request:
    text: str        # masked source text
    target: str      # target locale


class Translator(Protocol):
    """Translates batches; returns up to `n_best` hypotheses per request, best first (plain strings,
    or `Hypothesis` strings that carry the model's score: the confidence uses it where present)."""

    @property
    def model_id(self) -> str: ...

    def supports(self, source: str, target: str) -> bool: ...

    def translate(self, requests: list[Request], n_best: int = 1) -> list[list[str]]: ...


def embedded_models() -> list[Path]:
    """The model directories shipped inside the package (one per language group), "default" first."""
    if not EMBEDDED_DIR.is_dir():
        return []
    found = [d for d in EMBEDDED_DIR.iterdir() if (d / CARD_NAME).exists()]
    return sorted(found, key=lambda d: (d.name != "default", d.name))


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

    @property
    def device(self) -> str:
        return str(getattr(self.main, "device", "cpu"))

    def pick(self, locale: str) -> Translator:
        from ..plurals import language, normalize
        return (self.per_locale.get(locale) or self.per_locale.get(normalize(locale))
                or self.per_locale.get(language(locale)) or self.main)

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


class LazyTranslator:
    """A model that is read (its card) now and loaded on its first batch: an embedded group model is
    only loaded when a locale of the run needs it."""

    def __init__(self, path: Path, **kw: object) -> None:
        from .ct2 import read_card
        self.card = read_card(path)
        self._kw = kw
        self._loaded: Translator | None = None

    @property
    def model_id(self) -> str:
        return self.card.model_id

    @property
    def calls(self) -> int:
        return getattr(self._loaded, "calls", 0)

    @property
    def device(self) -> str:
        return str(getattr(self.loaded, "device", "cpu"))

    @property
    def loaded(self) -> Translator:
        if self._loaded is None:
            from .ct2 import CT2Translator
            self._loaded = CT2Translator(self.card.path, **self._kw)  # type: ignore[arg-type]
        return self._loaded

    def supports(self, source: str, target: str) -> bool:
        return self.card.supports(source, target)

    def translate(self, requests: list[Request], n_best: int = 1) -> list[list[str]]:
        return self.loaded.translate(requests, n_best)


def load_engine(settings: object, device: str | None = None, compute_type: str | None = None,
                model: str | None = None, lazy: bool = False) -> Translator:
    """Build the engine the settings ask for (CTranslate2 models, loaded once each).  With the embedded
    default (ten languages), a target locale it does not cover goes to another embedded model that does,
    if the package holds one, loaded only if that locale has work.
    `lazy`: every model only read (its card) until it translates (a cluster driver never loads one)."""
    from ..plurals import normalize
    from .ct2 import CT2Translator

    e = settings.engine  # type: ignore[attr-defined]
    root = settings.root  # type: ignore[attr-defined]
    kw = dict(device=device or e.device, compute_type=compute_type or e.compute_type, beam_size=e.beam_size,
              max_batch_tokens=e.max_batch_tokens, no_repeat_ngram_size=e.no_repeat_ngram_size,
              max_length_ratio=e.max_length_ratio, intra_threads=e.intra_threads, inter_threads=e.inter_threads)
    loaded: dict[Path, Translator] = {}
    lazy_all = lazy

    def get(path: Path, lazy: bool = False) -> Translator:
        if path not in loaded:
            loaded[path] = LazyTranslator(path, **kw) if lazy or lazy_all else CT2Translator(path, **kw)  # type: ignore[arg-type]
        return loaded[path]

    main_path = resolve_model(model or e.model, e.models, root)
    main = get(main_path)
    per: dict[str, Translator] = {}
    src = settings.source  # type: ignore[attr-defined]
    for key, target in e.models.items():
        if "-" in key:
            s, t = key.split("-", 1)
            if s != src.split("_")[0]:
                continue
        else:
            t = key
        per[normalize(t)] = get(resolve_model(target, {}, root))
    if main_path == DEFAULT_MODEL_DIR:
        groups = [LazyTranslator(d, **kw) for d in embedded_models() if d != DEFAULT_MODEL_DIR]
        for loc in getattr(settings, "targets", []):
            norm = normalize(loc)
            if norm in per or per.get(norm.split("_")[0]) or main.supports(src, loc):
                continue
            owner = next((g for g in groups if g.supports(src, loc)), None)
            if owner is not None:
                per[norm] = loaded.setdefault(owner.card.path, owner)
    return Router(main, per) if per else main
