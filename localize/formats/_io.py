"""Atomic file writes shared by all formats: temp file in the same folder, fsync, rename."""
from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from ..errors import WriteError


def _umask() -> int:
    """The process umask, read without changing it where the system tells (Linux)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    old = os.umask(0o022)
    os.umask(old)
    return old


def unwritable(path: str | Path) -> str | None:
    """Why `path` cannot be written, or None.  Read-only is what the permissions say, and also a file or
    folder without any write bit (chmod a-w), which is respected even by root (CI containers)."""
    p = Path(path)
    if p.exists():
        if p.is_dir():
            return "is a directory"
        if not os.access(p, os.W_OK) or not p.stat().st_mode & 0o222:
            return "read-only file"
    folder = p.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent  # the folder that would hold the new ones
    if not folder.is_dir():
        return f"{folder} is not a directory"
    if not os.access(folder, os.W_OK | os.X_OK) or not folder.stat().st_mode & 0o222:
        return f"read-only directory {folder}"
    return None


def atomic_write(path: str | Path, data: bytes | Iterable[bytes]) -> None:
    """Replace `path` with `data` (bytes, or chunks of bytes written as they come) so that a crash
    leaves either the old or the new file, never half.
    An existing file keeps its mode; a new one gets what the umask gives (mkstemp's temp file is 0600)."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            mode = path.stat().st_mode & 0o7777
        else:
            mode = 0o666 & ~_umask()
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=str(path.parent))
    except OSError as exc:
        raise WriteError(str(path), f"cannot write: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            if isinstance(data, bytes):
                fh.write(data)
            else:
                for chunk in data:
                    fh.write(chunk)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise WriteError(str(path), f"cannot write: {exc.strerror or exc}") from None
        raise
