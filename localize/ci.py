"""CI integrations: findings as GitHub workflow commands and GitLab code-quality entries, the runner behind
the GitHub composite action (action.yml) and the GitLab template (ci/gitlab/localize.gitlab-ci.yml), and
the pre-commit hooks (.pre-commit-hooks.yaml).  No click here (cli.py is the only click importer):

    python -m localize.ci github            # action.yml: translate --ci, job summary, outputs, commit back
    python -m localize.ci gitlab            # the GitLab template: the same, code-quality report
    python -m localize.ci pre-commit-check FILE...      # QA checks on the staged resources, no model
    python -m localize.ci pre-commit-translate          # localize translate (opt-in hook)

Settings come from the environment (LOCALIZE_CONFIG, LOCALIZE_LOCALES, LOCALIZE_FINAL, LOCALIZE_MIN_CHRF,
LOCALIZE_COMMIT, LOCALIZE_ARGS) plus the variables GitHub or GitLab set.  The exit code is localize
translate's: 0 ok, 1 checks or a quality gate failed, 2 bad input or configuration."""
from __future__ import annotations

import argparse
import functools
import hashlib
import json
import os
import re
import shlex
import subprocess
import sys
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, is_dataclass
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_CHECKS, EXIT_USAGE = 0, 1, 2
SUMMARY_LIMIT = 1_000_000  # GitHub rejects a job summary over 1 MiB per step
GITHUB_BOT = ("github-actions[bot]", "41898282+github-actions[bot]@users.noreply.github.com")
GITLAB_BOT = ("localize", "localize@noreply.invalid")
# Events whose checkout is the repository's own branch: only these may commit back.  pull_request* runs
# code a contributor (maybe from a fork) wrote; they get no write token and never push.
GITHUB_COMMIT_EVENTS = {"push", "workflow_dispatch", "schedule"}
GITLAB_COMMIT_SOURCES = {"push", "web", "schedule", "api", "trigger", "pipeline"}


# ------------------------------------------------------------------------------------- findings

def finding(item: Any) -> dict[str, str]:
    """An Issue (checks), a Finding (detect) or their dict as {check, severity, message, path, location}."""
    d = asdict(item) if is_dataclass(item) and not isinstance(item, type) else dict(item)
    if "check" not in d and "detected" in d:  # detect: a string in the wrong language
        d = {"check": "language", "severity": "warning", "path": d.get("path", ""), "location": d.get("location", ""),
             "message": f"{d.get('role', 'text')} looks like {d.get('detected')} ({float(d.get('confidence', 0)):.2f}), "
                        f"expected {d.get('expected')}: {str(d.get('text', ''))[:80]!r}"}
    return {"check": str(d.get("check", "")), "severity": str(d.get("severity", "error")),
            "message": str(d.get("message", "")), "path": str(d.get("path") or ""),
            "location": str(d.get("location") or ""), "segment_id": str(d.get("segment_id") or "")}


def line_of(location: str) -> int | None:
    """The line a location names: "42", "42:7", "line 42", "key (line 42)"; None for a bare key."""
    m = re.fullmatch(r"(\d+)(?::\d+)?", location.strip()) or re.search(r"\bline (\d+)", location)
    return int(m.group(1)) if m else None


@functools.lru_cache(maxsize=64)
def _segment_lines(path: str) -> dict[str, int]:
    from . import formats
    try:
        return {s.id: s.line for s in formats.load(path).segments if s.line is not None}
    except Exception:  # noqa: BLE001 - a file that cannot be read just gets no line
        return {}


def finding_line(f: dict[str, str], cwd: Path | None = None) -> int | None:
    """The finding's line: named by its location, else where its key (a JSON key, ...) sits in the file."""
    line = line_of(f["location"])
    if line is None and f["path"] and f.get("segment_id"):
        p = Path(f["path"]) if Path(f["path"]).is_absolute() else (cwd or Path.cwd()) / f["path"]
        line = _segment_lines(str(p.resolve())).get(f["segment_id"])
    return line


def repo_path(path: str, cwd: Path | None = None, root: str | Path | None = None) -> str:
    """`path` (relative to cwd) relative to the repository root, as annotations and reports want it."""
    if not path:
        return ""
    p = Path(path)
    p = p if p.is_absolute() else (cwd or Path.cwd()) / p
    base = Path(root) if root else Path.cwd()
    try:
        return p.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return path


def in_github_actions(env: Mapping[str, str] | None = None) -> bool:
    return (env if env is not None else os.environ).get("GITHUB_ACTIONS") == "true"


def _escape_data(s: str) -> str:  # as actions/toolkit's escapeData
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(s: str) -> str:  # as actions/toolkit's escapeProperty
    return _escape_data(s).replace(":", "%3A").replace(",", "%2C")


def workflow_commands(items: Iterable[Any], env: Mapping[str, str] | None = None, cwd: Path | None = None) -> list[str]:
    """One `::error file=po/de.po,line=42::[placeholders] ...` line per finding (warnings as ::warning,
    anything else as ::notice); paths (relative to `cwd`, default the working directory) are made relative
    to $GITHUB_WORKSPACE, so they land on the diff."""
    env = env if env is not None else os.environ
    out = []
    for f in map(finding, items):
        level = {"error": "error", "warning": "warning"}.get(f["severity"], "notice")
        props = []
        line = finding_line(f, cwd)
        if f["path"]:
            props.append("file=" + _escape_property(repo_path(f["path"], cwd, env.get("GITHUB_WORKSPACE"))))
            if line is not None:
                props.append(f"line={line}")
        else:
            props.append("title=" + _escape_property(f"localize {f['check']}"))
        where = "" if line_of(f["location"]) is not None or not f["location"] else f" ({f['location']})"
        out.append(f"::{level} {','.join(props)}::" + _escape_data(f"[{f['check']}] {f['message']}{where}"))
    return out


def code_quality(items: Iterable[Any], root: str | Path | None = None, default_path: str = "localize.toml",
                 cwd: Path | None = None) -> list[dict[str, Any]]:
    """GitLab's code-quality report (a subset of Code Climate's format): description, check_name,
    fingerprint, severity, location.path/lines.begin.  A finding without a file names `default_path`."""
    severity = {"error": "major", "warning": "minor"}
    out, seen = [], set()
    for f in map(finding, items):
        path = repo_path(f["path"], cwd, root) if f["path"] else default_path
        fp = hashlib.md5("\0".join([path, f["location"], f["check"], f["message"]]).encode("utf-8")).hexdigest()
        if fp in seen:
            continue
        seen.add(fp)
        where = "" if line_of(f["location"]) is not None or not f["location"] else f" ({f['location']})"
        out.append({"description": f"[{f['check']}] {f['message']}{where}", "check_name": f"localize/{f['check']}",
                    "fingerprint": fp, "severity": severity.get(f["severity"], "info"),
                    "location": {"path": path, "lines": {"begin": finding_line(f, cwd) or 1}}})
    return out


# ------------------------------------------------------------------------------------- the CI runner

def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in ("1", "true", "yes", "on")


@dataclass
class Run:
    """What a CI run of `localize translate --ci` gave."""
    code: int
    report_dir: Path
    result: dict[str, Any] | None   # the --json summary (None when translate failed before printing it)
    report: dict[str, Any] | None   # report.json: every issue, not only the errors
    stderr: str
    committed: str = ""             # the commit pushed back, if any


def _translate(env: Mapping[str, str], root: Path, report_dir: Path) -> Run:
    config = root / env.get("LOCALIZE_CONFIG", "localize.toml")
    if not config.is_file():
        message = f"localize: error: {config}: no such config file (set the action's `config` input / LOCALIZE_CONFIG)\n"
        sys.stderr.write(message)
        return Run(EXIT_USAGE, report_dir, None, None, message)
    cmd = [sys.executable, "-m", "localize", "translate", "--ci", "--json", "--report", str(report_dir),
           "--config", str(config)]
    if env.get("LOCALIZE_LOCALES", "").strip():
        cmd += ["--to", env["LOCALIZE_LOCALES"].strip()]
    if _flag(env.get("LOCALIZE_FINAL")):
        cmd.append("--final")
    if env.get("LOCALIZE_MIN_CHRF", "").strip():
        cmd += ["--min-chrf", env["LOCALIZE_MIN_CHRF"].strip()]
    cmd += shlex.split(env.get("LOCALIZE_ARGS", ""))
    print("$ localize " + " ".join(shlex.quote(c) for c in cmd[3:]), flush=True)
    proc = subprocess.run(cmd, cwd=config.parent, env=dict(env), capture_output=True, text=True)
    sys.stderr.write(proc.stderr)  # under GitHub Actions: the findings as workflow commands
    try:
        result = json.loads(proc.stdout)
    except ValueError:
        result = None
        sys.stdout.write(proc.stdout)
    report_json = report_dir / "report.json"
    report = json.loads(report_json.read_text("utf-8")) if report_json.is_file() and result is not None else None
    if result is not None:
        for loc, st in result["locales"].items():
            print(f"{loc}: {st['translated']} translated, {st['final']} final, {st['fuzzy']} fuzzy for review, "
                  f"{st['failed_checks']} failed checks")
        print(f"wrote {len(result['written'])} file(s), {result['engine_calls']} engine call(s); exit {proc.returncode}")
    return Run(proc.returncode, report_dir, result, report, proc.stderr)


def _git(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=check)


def commit_message(run: Run, footer: str = "") -> str:
    res = run.result or {}
    locales = ", ".join(res.get("locales", {})) or "-"
    n = len(res.get("written", []))
    lines = [f"localize: translate {n} file(s) ({locales})" if n else "localize: update the lockfile", ""]
    for loc, st in res.get("locales", {}).items():
        lines.append(f"{loc}: {st['translated']} translated, {st['final']} final, {st['fuzzy']} fuzzy for review")
    lines += ["", f"Machine translations by {res.get('model', 'localize')}; fuzzy entries and the report's review "
              "list need a person."]
    return "\n".join(lines + ([footer] if footer else [])) + "\n"


def commit_back(run: Run, root: Path, config: Path, branch: str, author: tuple[str, str], message: str,
                push_url: str = "origin") -> str:
    """Commit the written files and the lockfile (never the memory: a cache) and push them to `branch`;
    the new commit's id, or "" when nothing changed.  A push the branch moved under is rebased once."""
    from .config import load
    settings = load(config)
    paths = [str(settings.resolve(p).resolve()) for p in (run.result or {}).get("written", [])]
    lock = settings.resolve(settings.lockfile)
    if lock.is_file():
        paths.append(str(lock.resolve()))
    if not paths:
        return ""
    _git(root, "add", "--", *paths)
    if not _git(root, "diff", "--cached", "--name-only").stdout.strip():
        return ""
    who = ("-c", f"user.name={author[0]}", "-c", f"user.email={author[1]}")
    _git(root, *who, "commit", "-q", "-m", message)
    sha = _git(root, "rev-parse", "HEAD").stdout.strip()
    target = f"HEAD:refs/heads/{branch}"
    if _git(root, "push", "-q", push_url, target, check=False).returncode != 0:
        _git(root, *who, "pull", "-q", "--rebase", push_url, branch)
        _git(root, "push", "-q", push_url, target)
        sha = _git(root, "rev-parse", "HEAD").stdout.strip()
    return sha


def _append(path: str | None, text: str) -> None:
    if path:
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(text)


def _summary(run: Run, artifact: str = "localize-report") -> str:
    md_path = run.report_dir / "report.md"
    if run.result is None or not md_path.is_file():
        tail = "\n".join(run.stderr.strip().splitlines()[-20:])
        return f"# localize translation failed (exit {run.code})\n\n```\n{tail}\n```\n"
    md = md_path.read_text("utf-8")
    status = {EXIT_OK: "passed", EXIT_CHECKS: "failed: a check or a quality gate"}.get(run.code, "failed")
    md = f"**localize translate --ci**: {status} (exit {run.code}); the HTML report is the `{artifact}` " \
         f"artifact.\n\n" + md
    if len(md.encode("utf-8")) > SUMMARY_LIMIT:
        md = md.encode("utf-8")[:SUMMARY_LIMIT - 200].decode("utf-8", "ignore") + \
             "\n\n... (truncated: the whole report is in the artifact)\n"
    return md


def github(env: Mapping[str, str]) -> int:
    """action.yml's step: translate, job summary, step outputs, commit back on pushes."""
    root = Path(env.get("GITHUB_WORKSPACE") or os.getcwd())
    report_dir = Path(env.get("LOCALIZE_REPORT_DIR") or Path(env.get("RUNNER_TEMP") or root) / "localize-report")
    run = _translate(env, root, report_dir)
    if run.result is None:  # translate failed before its summary: its error lines become annotations too
        for line in run.stderr.splitlines():
            if line.startswith("localize: error: "):
                print("::error title=localize::" + _escape_data(line[len("localize: error: "):]))
    _append(env.get("GITHUB_STEP_SUMMARY"), _summary(run, env.get("LOCALIZE_ARTIFACT_NAME") or "localize-report"))
    event, ref = env.get("GITHUB_EVENT_NAME", ""), env.get("GITHUB_REF", "")
    if _flag(env.get("LOCALIZE_COMMIT")) and run.code == EXIT_OK:
        if event not in GITHUB_COMMIT_EVENTS or not ref.startswith("refs/heads/"):
            print(f"::notice title=localize::not committing back on a {event or 'unknown'} event ({ref}): only pushes "
                  "(and manual or scheduled runs) of a branch commit translations")
        else:
            footer = ""
            if env.get("GITHUB_RUN_ID"):
                footer = (f"Run: {env.get('GITHUB_SERVER_URL', 'https://github.com')}/{env.get('GITHUB_REPOSITORY', '')}"
                          f"/actions/runs/{env['GITHUB_RUN_ID']}")
            config = root / env.get("LOCALIZE_CONFIG", "localize.toml")
            run.committed = commit_back(run, root, config, ref[len("refs/heads/"):], GITHUB_BOT,
                                        commit_message(run, footer))
            print(f"committed {run.committed} to {ref}" if run.committed else "nothing to commit")
    elif _flag(env.get("LOCALIZE_COMMIT")) and run.code != EXIT_OK:
        print(f"::notice title=localize::not committing back: localize translate exited {run.code}")
    _outputs(env.get("GITHUB_OUTPUT"), run)
    return run.code


def _outputs(path: str | None, run: Run) -> None:
    written = (run.result or {}).get("written", [])
    _append(path, f"exit-code={run.code}\nreport-dir={run.report_dir}\nwritten={json.dumps(written)}\n"
                  f"committed={run.committed}\n")


def gitlab_push_url(env: Mapping[str, str]) -> str:
    """Where to push on GitLab: LOCALIZE_PUSH_URL, else the project over HTTPS with LOCALIZE_PUSH_TOKEN
    (CI_JOB_TOKEN cannot push); "" without either.  Never printed: it holds the token."""
    if env.get("LOCALIZE_PUSH_URL"):
        return env["LOCALIZE_PUSH_URL"]
    token = env.get("LOCALIZE_PUSH_TOKEN", "")
    if not token:
        return ""
    port = env.get("CI_SERVER_PORT", "")
    host = env.get("CI_SERVER_HOST", "gitlab.com") + (f":{port}" if port and port not in ("80", "443") else "")
    return f"{env.get('CI_SERVER_PROTOCOL', 'https')}://localize:{token}@{host}/{env.get('CI_PROJECT_PATH', '')}.git"


def gitlab(env: Mapping[str, str]) -> int:
    """The GitLab template's script: translate, report artifact, code-quality JSON, commit back on pushes."""
    root = Path(env.get("CI_PROJECT_DIR") or os.getcwd())
    report_dir = Path(env.get("LOCALIZE_REPORT_DIR") or root / "localize-report")
    run = _translate(env, root, report_dir)
    config = root / env.get("LOCALIZE_CONFIG", "localize.toml")
    issues = (run.report or {}).get("issues") or (run.result or {}).get("issues") or []
    if run.result is None:
        issues = [{"check": "run", "severity": "error", "message": line, "path": "", "location": ""}
                  for line in run.stderr.splitlines() if line.startswith("localize: error")]
    quality = code_quality(issues, root, repo_path(str(config), root=root), cwd=config.parent)
    out = root / env.get("LOCALIZE_CODEQUALITY", "gl-code-quality-report.json")
    out.write_text(json.dumps(quality, ensure_ascii=False, indent=2) + "\n", "utf-8")
    print(f"code-quality report: {out} ({len(quality)} finding(s)); report: {report_dir}")
    source, branch = env.get("CI_PIPELINE_SOURCE", ""), env.get("CI_COMMIT_BRANCH", "")
    if _flag(env.get("LOCALIZE_COMMIT")) and run.code == EXIT_OK:
        if source not in GITLAB_COMMIT_SOURCES or not branch or env.get("CI_MERGE_REQUEST_IID"):
            print(f"not committing back on a {source or 'unknown'} pipeline: only branch pipelines (push, web, "
                  "schedule) commit translations")
        else:
            push_url = gitlab_push_url(env)
            if not push_url:
                print("localize: error: commit back needs a LOCALIZE_PUSH_TOKEN CI/CD variable (a project access token "
                      "with write_repository, protected and masked)", file=sys.stderr)
                return EXIT_USAGE
            footer = f"Pipeline: {env['CI_PIPELINE_URL']}\n" if env.get("CI_PIPELINE_URL") else ""
            author = (env.get("LOCALIZE_GIT_NAME") or GITLAB_BOT[0], env.get("LOCALIZE_GIT_EMAIL") or GITLAB_BOT[1])
            run.committed = commit_back(run, root, config, branch, author,
                                        commit_message(run, footer + "[skip ci]"), push_url)
            print(f"committed {run.committed} to {branch}" if run.committed else "nothing to commit")
    return run.code


# ------------------------------------------------------------------------------------- pre-commit

def resource_files(paths: list[str], config: str | None = None) -> list[str]:
    """The files among `paths` that `localize check` should see: targets of the project's [[resources]]
    (not its source-locale files or templates), and outside them PO catalogs, XLIFF files and bundles with a
    source-language file beside them.  package.json, TypeScript .ts, POT templates ... are left out."""
    from . import formats
    from .audit import sibling_source
    from .config import load
    from .errors import LocalizeError
    from .plurals import normalize
    from .selection import _spec_for
    settings = load(config) if config or Path("localize.toml").is_file() else None
    source = settings.source if settings is not None else "en"
    templates = {settings.resolve(s.template).resolve() for s in settings.resources if s.template} if settings else set()
    out = []
    for p in paths:
        try:
            fmt = formats.format_of(p)
        except LocalizeError:
            continue  # not a string file
        if p.endswith(".pot") or Path(p).resolve() in templates:
            continue  # templates hold no translations
        found = _spec_for(settings, p) if settings is not None else None
        if found is not None:
            if found[1] != normalize(source):
                out.append(p)  # a target of [[resources]]
        elif fmt in ("po", "xliff") or (not formats.is_bilingual(fmt) and sibling_source(p, source) is not None):
            out.append(p)  # self-contained, or a bundle whose source file is beside it
    return out


def pre_commit_check(paths: list[str], config: str | None = None) -> int:
    """The localize-check hook: `localize check` on the staged resource files; never loads a model."""
    from .audit import audit_files
    from .errors import LocalizeError
    try:
        files = resource_files(paths, config)
        issues = audit_files(files, None, None) if files else []
    except LocalizeError as exc:
        print(f"localize: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    errors = [i for i in issues if i.severity == "error"]
    for i in issues:
        print(str(i))
    if in_github_actions():
        for line in workflow_commands(issues):
            print(line)
    print(f"{len(errors)} error(s), {len(issues) - len(errors)} warning(s) in {len(files)} file(s)"
          + (f" ({len(paths) - len(files)} other staged file(s) skipped)" if len(paths) > len(files) else ""))
    return EXIT_CHECKS if errors else EXIT_OK


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m localize.ci", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("github", help="the GitHub action's step (action.yml)")
    sub.add_parser("gitlab", help="the GitLab template's script")
    pc = sub.add_parser("pre-commit-check", help="localize check on the staged resource files")
    pc.add_argument("--config")
    pc.add_argument("files", nargs="*")
    pt = sub.add_parser("pre-commit-translate", help="localize translate (opt-in hook)")
    pt.add_argument("args", nargs=argparse.REMAINDER)
    ns = parser.parse_args(argv)
    if ns.command == "github":
        return github(os.environ)
    if ns.command == "gitlab":
        return gitlab(os.environ)
    if ns.command == "pre-commit-check":
        return pre_commit_check(ns.files, ns.config)
    # pass_filenames: false; translate works on the whole project as localize.toml says
    return subprocess.call([sys.executable, "-m", "localize", "translate", "--quiet", *ns.args])


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
