"""Write-back: only the files whose bytes changed are written, each atomically, after every target (and the
lockfile) was found writable; a dry run collects the diffs instead.  Issues and review rows are moved to the
lines of the file as written."""
from __future__ import annotations

import difflib
from pathlib import Path
from typing import TYPE_CHECKING

from . import formats
from .errors import LocalizeError

if TYPE_CHECKING:
    from .pipeline import RunResult
    from .selection import Job, Options


def relocate(job: Job, result: RunResult, data: bytes) -> None:
    """Issues and review rows name lines of the file as written: entries above may have grown, and a
    file created from its template (.ts, XLIFF) had the template's lines until now."""
    if not (any(i.path == job.rel for i in result.issues) or any(r["file"] == job.rel for r in result.review)):
        return
    moved = formats.written_lines(job.resource, data)
    by_line = {str(sg.line): str(moved[sg.id]) for sg in job.resource.segments
               if sg.key is None and sg.line is not None and sg.id in moved}
    if not any(a != b for a, b in by_line.items()):
        return
    for issue in result.issues:
        if issue.path == job.rel and issue.location in by_line:
            issue.location = by_line[issue.location]
    for row in result.review:
        if row["file"] == job.rel and row["key"] in by_line:
            row["key"] = by_line[row["key"]]


def write_jobs(jobs: list[Job], result: RunResult, lock_path: Path, opts: Options, no_model: set[str],
               unwritten: set[tuple[str, str]]) -> None:
    """Write the changed files; `unwritten` loses each (file, locale) that is on disk as it should be.  Every
    target (and the lockfile) is checked first: a read-only file or folder stops the run before anything is
    written (with --keep-going only that file is left)."""
    from .errors import WriteError
    from .formats._io import atomic_write, unwritable
    todo: list[tuple[Job, bytes]] = []
    for job in jobs:
        res = job.resource
        if job.locale in no_model:
            continue  # its file is neither created nor touched (the error is in result.errors)
        if not res.exists and not any(sg.targets for sg in res.segments if not sg.obsolete):
            unwritten.discard((job.rel, job.locale))
            continue  # a new file with nothing translated in it ("{}", an empty catalog) is not written
        data = formats.dump(res)
        relocate(job, result, data)
        path = Path(res.path)
        old = path.read_bytes() if path.exists() else b""
        if data == old:
            unwritten.discard((job.rel, job.locale))
            continue
        if opts.dry_run:
            enc = getattr(res.handle, "encoding", "utf-8")
            result.diffs[job.rel] = "".join(difflib.unified_diff(
                old.decode(enc, "replace").splitlines(True), data.decode(enc, "replace").splitlines(True),
                fromfile=f"a/{job.rel}", tofile=f"b/{job.rel}"))
            continue
        todo.append((job, data))
    if not todo:
        return
    why = unwritable(lock_path)
    if why:  # output without its records would pass for human translation on the next run
        raise WriteError(str(lock_path), f"cannot write the lockfile: {why}; nothing was written")
    blocked = {job.rel: WriteError(job.resource.path, f"cannot write: {why}")
               for job, _d in todo for why in [unwritable(job.resource.path)] if why}
    if blocked and not opts.keep_going:
        first = next(iter(blocked.values()))
        more = f" (and {len(blocked) - 1} more file(s))" if len(blocked) > 1 else ""
        raise WriteError(first.path, f"{first.message}{more}; nothing was written")
    for job, data in todo:
        if job.rel in blocked:
            result.errors.append(str(blocked[job.rel]))
            continue
        try:
            atomic_write(Path(job.resource.path), data)  # the bytes compared above: serialized once
            job.resource.exists = True
            if job.rel not in result.written:  # an Xcode string catalog: one file, a job per locale
                result.written.append(job.rel)
            unwritten.discard((job.rel, job.locale))
        except LocalizeError as exc:
            if not opts.keep_going:
                raise
            result.errors.append(str(exc))
