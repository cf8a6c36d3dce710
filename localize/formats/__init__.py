"""Resource formats: one adapter per format, chosen by file extension.

Each adapter offers read(path, data, locale) -> Resource and write(Resource) -> bytes; writes go
through `save()`, which is atomic.
"""
from __future__ import annotations

from pathlib import Path

from ..errors import ParseError
from ..segments import Resource
from ._io import atomic_write

EXTENSIONS = {".po": "po", ".pot": "po", ".json": "json"}


def format_of(path: str | Path, declared: str | None = None) -> str:
    if declared:
        if declared not in ("po", "json"):
            raise ParseError(str(path), f"unknown format {declared!r} (po, json)")
        return declared
    fmt = EXTENSIONS.get(Path(path).suffix.lower())
    if fmt is None:
        raise ParseError(str(path), "unknown file type (expected .po, .pot or .json)")
    return fmt


def load(path: str | Path, locale: str | None = None, fmt: str | None = None) -> Resource:
    """Read one resource file; every problem becomes a ParseError naming the file."""
    path = str(path)
    fmt = format_of(path, fmt)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise ParseError(path, "file not found") from None
    except OSError as exc:
        raise ParseError(path, f"cannot read: {exc.strerror}") from None
    if fmt == "po":
        from . import po
        return po.read(path, data, locale)
    from . import jsonfmt
    return jsonfmt.read(path, data, locale)


def dump(res: Resource) -> bytes:
    if res.format == "po":
        from . import po
        return po.write(res)
    from . import jsonfmt
    return jsonfmt.write(res)


def save(res: Resource) -> bool:
    """Write `res` atomically if its bytes changed; returns whether the file was written."""
    data = dump(res)
    p = Path(res.path)
    if p.exists() and p.read_bytes() == data:
        return False
    atomic_write(p, data)
    res.exists = True
    return True
