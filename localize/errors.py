"""Error types.  Every error a user can cause carries a location and becomes one line in cli.py."""
from __future__ import annotations


class LocalizeError(Exception):
    """Base class: a problem the user can fix (exit code 2)."""

    exit_code = 2


class ParseError(LocalizeError):
    """A resource file that cannot be read: names the file and the line (or key)."""

    def __init__(self, path: str, message: str, line: int | None = None, key: str | None = None) -> None:
        self.path, self.line, self.key, self.message = str(path), line, key, message
        where = self.path
        if line is not None:
            where += f":{line}"
        if key is not None:
            where += f": key {key!r}"
        super().__init__(f"{where}: {message}")


class ConfigError(LocalizeError):
    """A broken localize.toml or a bad option."""


class ModelError(LocalizeError):
    """A missing or unusable model, or a missing optional dependency."""


class GlossaryError(LocalizeError):
    """A malformed glossary row or a conflict between rows."""


class WriteError(LocalizeError):
    """An output file (or its folder) that cannot be written: read-only, missing permission, disk full."""

    def __init__(self, path: str, message: str) -> None:
        self.path, self.message = str(path), message
        super().__init__(f"{self.path}: {message}")


class EngineError(LocalizeError):
    """The engine failed while translating."""
