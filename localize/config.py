"""localize.toml -> Settings.  Command-line flags override what the file says."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .plurals import normalize

CONFIG_NAME = "localize.toml"
DEFAULT_GLOSSARIES = ("glossaries/*.csv",)  # where the design keeps them; [glossary] paths overrides


@dataclass
class ResourceSpec:
    path: str                      # pattern with {locale}
    template: str | None = None    # POT (PO) or source-language file (JSON); default: path with source
    format: str | None = None
    accelerator: str | None = None  # characters that mark keyboard accelerators; None: the format's default
    # locales as the project writes them in paths ("en-US", "zh-Hans", "pt_BR"), by normalized name
    spellings: dict[str, str] = field(default_factory=dict)

    def for_locale(self, locale: str) -> str:
        return self.path.replace("{locale}", self.spellings.get(locale, locale))


@dataclass
class EngineSettings:
    model: str = "default"         # "default", a model name from [models], or a path
    models: dict[str, str] = field(default_factory=dict)  # "en-de" or "de" or "*" -> model dir
    device: str = "auto"
    compute_type: str = "auto"
    beam_size: int = 4
    num_hypotheses: int = 4
    max_batch_tokens: int = 0      # 0: the engine's default for its device (2048 on CPU, 16384 on GPU)
    no_repeat_ngram_size: int = 4
    max_length_ratio: float = 3.0
    intra_threads: int = 0
    inter_threads: int = 1
    cluster: str = ""              # Ray cluster to translate on: auto, ray://HOST:PORT, local:N ("": this process)
    shard_size: int = 0            # units per engine shard; 0: 2048 on CPU, 4096 on GPU (the output depends on it)


@dataclass
class QualitySettings:
    min_chrf: dict[str, float] = field(default_factory=dict)  # locale or "*" -> threshold
    min_bleu: dict[str, float] = field(default_factory=dict)

    def threshold(self, table: dict[str, float], locale: str) -> float | None:
        return table.get(locale, table.get(locale.split("_")[0], table.get("*")))


@dataclass
class Settings:
    root: Path
    source: str = "en"
    targets: list[str] = field(default_factory=list)
    resources: list[ResourceSpec] = field(default_factory=list)
    engine: EngineSettings = field(default_factory=EngineSettings)
    quality: QualitySettings = field(default_factory=QualitySettings)
    glossaries: list[str] = field(default_factory=lambda: list(DEFAULT_GLOSSARIES))
    memory: str = ".localize/memory.sqlite"
    lockfile: str = ".localize/lock.json"
    report: str | None = None
    final: bool = False
    min_confidence: float | None = None   # None: the default chosen from the calibration (confidence.json)
    formality: dict[str, str] = field(default_factory=dict)  # locale (or "*") -> formal | informal | any | auto
    config_path: Path | None = None

    def resolve(self, p: str) -> Path:
        q = Path(p)
        return q if q.is_absolute() else self.root / q


def _want(table: dict[str, Any], key: str, typ: type | tuple[type, ...], where: str) -> Any:
    if key in table and not isinstance(table[key], typ):
        names = typ.__name__ if isinstance(typ, type) else " or ".join(t.__name__ for t in typ)
        raise ConfigError(f"{where}: '{key}' must be {names}")
    return table.get(key)


def _thresholds(value: Any, where: str) -> dict[str, float]:
    if value is None:
        return {}
    if isinstance(value, (int, float)):
        return {"*": float(value)}
    if isinstance(value, dict) and all(isinstance(v, (int, float)) for v in value.values()):
        return {normalize(k) if k != "*" else k: float(v) for k, v in value.items()}
    raise ConfigError(f"{where}: must be a number or a table of locale = number")


def _formality(value: Any, where: str) -> dict[str, str]:
    from .formality import CHOICES
    if value is None:
        return {}
    table = {"*": value} if isinstance(value, str) else value
    if not isinstance(table, dict) or not all(isinstance(v, str) and v in CHOICES for v in table.values()):
        raise ConfigError(f"{where}: must be one of {', '.join(CHOICES)}, or a table of locale = one of them")
    return {normalize(k) if k != "*" else k: v for k, v in table.items()}


KNOWN = {"project", "resources", "engine", "models", "quality", "glossary", "memory", "output"}
KEYS = {
    "project": {"source", "targets", "formality"},
    "resources": {"path", "template", "format", "accelerator"},
    "engine": {"model", "device", "compute_type", "beam_size", "num_hypotheses", "max_batch_tokens",
               "no_repeat_ngram_size", "max_length_ratio", "intra_threads", "inter_threads", "cluster",
               "shard_size"},
    "quality": {"min_chrf", "min_bleu"},
    "glossary": {"paths"},
    "memory": {"path"},
    "output": {"report", "final", "lockfile", "min_confidence"},
}


CHOICES = {
    "device": ("auto", "cpu", "cuda"),
    "compute_type": ("auto", "default", "int8", "int8_float32", "int8_float16", "int8_bfloat16", "int16",
                     "float16", "bfloat16", "float32"),
}
MINIMUM = {"beam_size": 1, "num_hypotheses": 1, "max_batch_tokens": 0, "no_repeat_ngram_size": 0,
           "intra_threads": 0, "inter_threads": 1, "shard_size": 0}


def _unknown_keys(table: Any, section: str, where: str) -> None:
    """A misspelt key ("target" for "targets") is an error, never silently ignored."""
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: [{section}] must be a table")
    for key in table:
        if key not in KEYS[section]:
            import difflib
            near = difflib.get_close_matches(key, sorted(KEYS[section]), n=1)
            hint = f" (did you mean '{near[0]}'?)" if near else f" (known: {', '.join(sorted(KEYS[section]))})"
            raise ConfigError(f"{where}: unknown key '{key}' in [{section}]{hint}")


def load(path: str | Path | None = None, start: Path | None = None) -> Settings:
    """Read `path` (or localize.toml in `start`/the working folder, if there is one)."""
    if path is None:
        candidate = (start or Path.cwd()) / CONFIG_NAME
        if not candidate.exists():
            return Settings(root=(start or Path.cwd()))
        path = candidate
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not valid UTF-8") from None
    where = str(path)
    unknown = sorted(set(raw) - KNOWN)
    if unknown:
        import difflib
        near = difflib.get_close_matches(unknown[0], sorted(KNOWN), n=1)
        hint = f" (did you mean '{near[0]}'?)" if near else f" (known: {', '.join(sorted(KNOWN))})"
        raise ConfigError(f"{where}: unknown section(s) {', '.join(unknown)}{hint}")
    for section in KEYS:
        if section == "resources":
            for r in raw.get(section, []) if isinstance(raw.get(section), list) else []:
                _unknown_keys(r, section, where)
        elif section in raw:
            _unknown_keys(raw[section], section, where)
    s = Settings(root=path.parent.resolve(), config_path=path)
    proj = raw.get("project", {})
    s.source = normalize(_want(proj, "source", str, f"{where} [project]") or "en")
    targets = _want(proj, "targets", list, f"{where} [project]") or []
    if not all(isinstance(t, str) and t for t in targets):
        raise ConfigError(f"{where} [project]: 'targets' must be a list of locale names")
    s.targets = [normalize(t) for t in targets]
    s.formality = _formality(proj.get("formality"), f"{where} [project] formality")
    # paths keep the project's own spelling: locales/en-US/ stays en-US (normalized names are en_US)
    spellings = {normalize(t): t for t in targets}
    spellings[s.source] = _want(proj, "source", str, f"{where} [project]") or "en"
    res = raw.get("resources", [])
    if not isinstance(res, list):
        raise ConfigError(f"{where}: 'resources' must be an array of tables ([[resources]])")
    for i, r in enumerate(res, 1):
        w = f"{where} [[resources]] #{i}"
        p = _want(r, "path", str, w)
        if not p:
            raise ConfigError(f"{w}: 'path' is required")
        if "{locale}" not in p:
            from .formats import holds_all_locales  # an Xcode string catalog holds every locale in one file
            if not holds_all_locales(p, _want(r, "format", str, w)):
                raise ConfigError(f"{w}: 'path' must contain {{locale}}")
        s.resources.append(ResourceSpec(path=p, template=_want(r, "template", str, w),
                                        format=_want(r, "format", str, w),
                                        accelerator=_want(r, "accelerator", str, w), spellings=spellings))
    eng = raw.get("engine", {})
    e = s.engine
    w = f"{where} [engine]"
    for key in ("model", "device", "compute_type", "cluster"):
        v = _want(eng, key, str, w)
        if v:
            if key in CHOICES and v not in CHOICES[key]:
                raise ConfigError(f"{w}: '{key}' must be one of {', '.join(CHOICES[key])}, not {v!r}")
            setattr(e, key, v)
    for key in ("beam_size", "num_hypotheses", "max_batch_tokens", "no_repeat_ngram_size",
                "intra_threads", "inter_threads", "shard_size"):
        v = _want(eng, key, int, w)
        if v is not None:
            if isinstance(v, bool) or v < MINIMUM[key]:
                raise ConfigError(f"{w}: '{key}' must be an integer >= {MINIMUM[key]}, not {v!r}")
            setattr(e, key, v)
    ratio = _want(eng, "max_length_ratio", (int, float), w)
    if ratio is not None:
        if ratio <= 0:
            raise ConfigError(f"{w}: 'max_length_ratio' must be > 0, not {ratio!r}")
        e.max_length_ratio = float(ratio)
    models = raw.get("models", {})
    if not isinstance(models, dict) or not all(isinstance(v, str) for v in models.values()):
        raise ConfigError(f"{where} [models]: entries must be \"pair\" = \"model path or name\"")
    e.models = dict(models)
    q = raw.get("quality", {})
    s.quality.min_chrf = _thresholds(q.get("min_chrf"), f"{where} [quality] min_chrf")
    s.quality.min_bleu = _thresholds(q.get("min_bleu"), f"{where} [quality] min_bleu")
    g = raw.get("glossary", {})
    paths = _want(g, "paths", list, f"{where} [glossary]")
    s.glossaries = [str(p) for p in paths] if paths is not None else list(DEFAULT_GLOSSARIES)
    m = raw.get("memory", {})
    s.memory = _want(m, "path", str, f"{where} [memory]") or s.memory
    out = raw.get("output", {})
    s.report = _want(out, "report", str, f"{where} [output]")
    s.final = bool(_want(out, "final", bool, f"{where} [output]") or False)
    mc = _want(out, "min_confidence", (int, float), f"{where} [output]")
    if mc is not None and (isinstance(mc, bool) or not 0.0 <= float(mc) <= 1.0):
        raise ConfigError(f"{where} [output]: 'min_confidence' must be between 0 and 1, not {mc!r}")
    s.min_confidence = float(mc) if mc is not None else None
    s.lockfile = _want(out, "lockfile", str, f"{where} [output]") or s.lockfile
    return s
