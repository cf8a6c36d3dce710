"""One writing run per project at a time.

`localize translate --to de & localize translate --to fr &` would otherwise both read the lockfile, and
the one that saves last would drop the other's records.  A run holds an advisory lock (`flock`) on
`.localize/run.lock` from before it reads the lockfile until after it saves it; a second run waits for
it.  The kernel releases the lock when the process ends, however it ends, so it is never stale.  On
systems without `fcntl` (Windows) runs are not serialized.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import WriteError

RUN_LOCK = ".localize/run.lock"


@contextmanager
def project_lock(path: Path, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the project's run lock; `on_wait(message)` is called once if another run holds it."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fh = open(path, "a+", encoding="ascii")
    except OSError as exc:
        raise WriteError(str(path), f"cannot take the project's run lock: {exc.strerror or exc}") from None
    with fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip()
            if on_wait is not None:
                who = f" (pid {holder})" if holder.isdigit() else ""
                on_wait(f"another localize run{who} is working on this project; waiting for it to finish")
            fcntl.flock(fh, fcntl.LOCK_EX)
        fh.seek(0)
        fh.truncate()
        fh.write(f"{os.getpid()}\n")
        fh.flush()
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
