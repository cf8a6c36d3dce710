"""The GitHub action's and the GitLab template's script (`python -m localize.ci`) in a simulated CI: the
variables those systems set, a temporary git repository as the checkout with a bare repository as origin.
Asserted: workflow-command annotations, the job summary, the step outputs, the report artifact files, the
code-quality report, and the commit back (only on pushes of a branch, never on pull/merge requests)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from localize import ci

from .conftest import ROOT

CONFIG = """\
[project]
source = "en"
targets = ["de"]

[[resources]]
path = "po/{locale}.po"
template = "po/app.pot"

[[resources]]
path = "i18n/{locale}.json"
"""
POT = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "Save"
msgstr ""

msgid "Open file"
msgstr ""
"""
EN_V1 = '{\n  "save": "Save",\n  "greeting": "Hello {{name}}"\n}\n'
EN_V2 = '{\n  "save": "Save",\n  "greeting": "Hello, {{name}}!",\n  "quit": "Quit"\n}\n'
DE = '{\n  "save": "Speichern",\n  "greeting": "Hallo {{name}}"\n}\n'
GIT_ID = ["-c", "user.name=Dev", "-c", "user.email=dev@example.com"]


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


def clean_env() -> dict[str, str]:
    """The test process's environment without any real CI's variables."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("GITHUB_", "GITLAB_", "CI_", "RUNNER_", "LOCALIZE_", "GIT_")) and k not in ("CI",)}
    return {**env, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}  # no git identity to lean on


@pytest.fixture
def checkout(tmp_path: Path, request: pytest.FixtureRequest) -> tuple[Path, Path, Path]:
    """(checkout, origin, project): a repository on branch main pushed to a bare origin.  The project (in
    the subfolder `sub` when the test asks for it) has an untranslated POT entry pair for de, a JSON bundle
    with a new key, and a human translation whose source changed since the committed lockfile saw it."""
    sub = getattr(request, "param", "")
    origin, work = tmp_path / "origin.git", tmp_path / "work"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(origin)], check=True)
    subprocess.run(["git", "init", "-q", "-b", "main", str(work)], check=True)
    project = work / sub if sub else work
    (project / "po").mkdir(parents=True)
    (project / "i18n").mkdir()
    (project / "localize.toml").write_text(CONFIG)
    (project / "po" / "app.pot").write_text(POT)
    (project / "i18n" / "en.json").write_text(EN_V1)
    (project / "i18n" / "de.json").write_text(DE)
    # the lockfile records the human translation's source (no engine: nothing is missing yet)
    r = subprocess.run([sys.executable, "-m", "localize", "translate", "--to", "de", "i18n/de.json", "--json"],
                       cwd=project, capture_output=True, text=True, env=clean_env())
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["engine_calls"] == 0
    (project / "i18n" / "en.json").write_text(EN_V2)
    (work / ".gitignore").write_text(".localize/memory.sqlite\n.localize/run.lock\n")
    git(work, "add", ".")
    git(work, *GIT_ID, "commit", "-q", "-m", "app")
    git(work, "remote", "add", "origin", str(origin))
    git(work, "push", "-q", "origin", "main")
    return work, origin, project


def github_env(work: Path, tmp: Path, **extra: str) -> dict[str, str]:
    env = clean_env()
    (tmp / "runner").mkdir(exist_ok=True)
    env.update({
        "CI": "true", "GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": str(work), "GITHUB_EVENT_NAME": "push",
        "GITHUB_REF": "refs/heads/main", "GITHUB_REF_NAME": "main",
        "GITHUB_SHA": git(work, "rev-parse", "HEAD") if (work / ".git").exists() else "0" * 40,
        "GITHUB_REPOSITORY": "acme/app", "GITHUB_SERVER_URL": "https://github.com", "GITHUB_RUN_ID": "4242",
        "GITHUB_STEP_SUMMARY": str(tmp / "summary.md"), "GITHUB_OUTPUT": str(tmp / "output.txt"),
        "RUNNER_TEMP": str(tmp / "runner"), "RUNNER_OS": "Linux",
        "LOCALIZE_CONFIG": "localize.toml", "LOCALIZE_LOCALES": "", "LOCALIZE_FINAL": "false",
        "LOCALIZE_MIN_CHRF": "", "LOCALIZE_COMMIT": "false", "LOCALIZE_ARGS": "",
    })
    env.update(extra)
    return env


def run_ci(system: str, work: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "localize.ci", system], cwd=work, env=env,
                          capture_output=True, text=True, timeout=600)


def outputs(path: Path) -> dict[str, str]:
    return dict(line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)


def test_github_push_translates_annotates_summarizes_and_commits_back(checkout: tuple[Path, Path, Path],
                                                                       tmp_path: Path) -> None:
    work, origin, _ = checkout
    before = git(origin, "rev-parse", "main")
    r = run_ci("github", work, github_env(work, tmp_path, LOCALIZE_COMMIT="true"))
    assert r.returncode == 0, r.stdout + r.stderr
    # the stale human translation is a warning on its line of the diff
    assert ("::warning file=i18n/de.json,line=3::[stale] the source text changed since this human translation "
            "was made") in r.stderr
    # job summary: the markdown report
    summary = (tmp_path / "summary.md").read_text()
    assert "**localize translate --ci**: passed (exit 0)" in summary
    assert "# localize translation report" in summary and "| de | 3 |" in summary
    # step outputs and the artifact's files (outside the checkout: never committed)
    out = outputs(tmp_path / "output.txt")
    assert out["exit-code"] == "0"
    report = Path(out["report-dir"])
    assert report == tmp_path / "runner" / "localize-report"
    assert (report / "report.html").read_text().startswith("<!DOCTYPE html>")
    assert json.loads((report / "report.json").read_text())["locales"]["de"]["translated"] == 3
    assert sorted(json.loads(out["written"])) == ["i18n/de.json", "po/de.po"]
    # the commit back: on origin's main, by the Actions bot, the translations and the lockfile only
    head = git(origin, "rev-parse", "main")
    assert head != before and out["committed"] == head
    assert git(origin, "log", "-1", "--format=%an <%ae>", "main") == f"{ci.GITHUB_BOT[0]} <{ci.GITHUB_BOT[1]}>"
    message = git(origin, "log", "-1", "--format=%B", "main")
    assert message.startswith("localize: translate 2 file(s) (de)\n")
    assert "de: 3 translated, 0 final, 3 fuzzy for review" in message
    assert "Run: https://github.com/acme/app/actions/runs/4242" in message
    files = git(origin, "show", "--name-only", "--format=", "main").splitlines()
    assert sorted(files) == [".localize/lock.json", "i18n/de.json", "po/de.po"]
    assert git(origin, "rev-parse", "main~1") == before
    assert "#, fuzzy" in git(origin, "show", "main:po/de.po")
    assert git(work, "status", "--porcelain") == ""  # memory.sqlite, run.lock: ignored, not committed


def test_github_commit_back_rebases_when_the_branch_moved(checkout: tuple[Path, Path, Path], tmp_path: Path) -> None:
    """Someone pushed while localize translated: the commit is rebased onto the new head once and pushed."""
    work, origin, _ = checkout
    other = tmp_path / "other"
    subprocess.run(["git", "clone", "-q", str(origin), str(other)], check=True)
    (other / "NEWS").write_text("meanwhile\n")
    git(other, "add", "NEWS")
    git(other, *GIT_ID, "commit", "-q", "-m", "meanwhile")
    git(other, "push", "-q", "origin", "main")
    moved = git(origin, "rev-parse", "main")
    r = run_ci("github", work, github_env(work, tmp_path, LOCALIZE_COMMIT="true"))
    assert r.returncode == 0, r.stdout + r.stderr
    assert git(origin, "rev-parse", "main~1") == moved
    assert git(origin, "log", "-1", "--format=%s", "main").startswith("localize: translate 2 file(s)")
    assert outputs(tmp_path / "output.txt")["committed"] == git(origin, "rev-parse", "main")


def test_github_pull_request_never_commits(checkout: tuple[Path, Path, Path], tmp_path: Path) -> None:
    """Even with commit: true (a misconfigured workflow), a pull_request run does not push."""
    work, origin, _ = checkout
    before = git(origin, "rev-parse", "main")
    env = github_env(work, tmp_path, LOCALIZE_COMMIT="true", GITHUB_EVENT_NAME="pull_request",
                     GITHUB_REF="refs/pull/7/merge", GITHUB_REF_NAME="7/merge", LOCALIZE_LOCALES="de")
    r = run_ci("github", work, env)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "::notice title=localize::not committing back on a pull_request event" in r.stdout
    assert git(origin, "rev-parse", "main") == before
    assert outputs(tmp_path / "output.txt")["committed"] == ""
    assert git(work, "log", "--format=%s") == "app"  # not even a local commit


def test_github_failed_quality_gate_exits_1_with_an_error_annotation_and_no_commit(
        checkout: tuple[Path, Path, Path], tmp_path: Path) -> None:
    work, origin, _ = checkout
    before = git(origin, "rev-parse", "main")
    r = run_ci("github", work, github_env(work, tmp_path, LOCALIZE_COMMIT="true", LOCALIZE_MIN_CHRF="40"))
    assert r.returncode == 1, r.stdout + r.stderr
    assert "::error title=localize quality-gate::[quality-gate] de: the quality gate (min_chrf=40.0" in r.stderr
    assert "not committing back: localize translate exited 1" in r.stdout
    assert "**localize translate --ci**: failed: a check or a quality gate (exit 1)" in (tmp_path / "summary.md").read_text()
    out = outputs(tmp_path / "output.txt")
    assert out["exit-code"] == "1" and out["committed"] == ""
    assert (Path(out["report-dir"]) / "report.html").is_file()
    assert git(origin, "rev-parse", "main") == before


def test_github_bad_config_exits_2_with_a_summary(tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    r = run_ci("github", work, github_env(work, tmp_path, LOCALIZE_CONFIG="app/localize.toml"))
    assert r.returncode == 2
    assert "no such config file" in r.stderr
    assert "::error title=localize::" in r.stdout and "no such config file" in r.stdout
    assert "# localize translation failed (exit 2)" in (tmp_path / "summary.md").read_text()
    assert outputs(tmp_path / "output.txt")["exit-code"] == "2"


def gitlab_env(work: Path, **extra: str) -> dict[str, str]:
    env = clean_env()
    env.update({
        "CI": "true", "GITLAB_CI": "true", "CI_PROJECT_DIR": str(work), "CI_PIPELINE_SOURCE": "push",
        "CI_COMMIT_BRANCH": "main", "CI_DEFAULT_BRANCH": "main", "CI_COMMIT_SHA": git(work, "rev-parse", "HEAD"),
        "CI_PROJECT_PATH": "acme/app", "CI_SERVER_HOST": "gitlab.example.com", "CI_SERVER_PROTOCOL": "https",
        "CI_SERVER_PORT": "443", "CI_PIPELINE_URL": "https://gitlab.example.com/acme/app/-/pipelines/77",
        "LOCALIZE_CONFIG": "app/localize.toml", "LOCALIZE_COMMIT": "false",
    })
    env.update(extra)
    return env


@pytest.mark.parametrize("checkout", ["app"], indirect=True)
def test_gitlab_push_code_quality_artifact_and_commit_back(checkout: tuple[Path, Path, Path]) -> None:
    work, origin, _ = checkout
    git(work, "checkout", "-q", "--detach")  # GitLab checks out the commit, not the branch
    before = git(origin, "rev-parse", "main")
    r = run_ci("gitlab", work, gitlab_env(work, LOCALIZE_COMMIT="true", LOCALIZE_PUSH_URL=str(origin)))
    assert r.returncode == 0, r.stdout + r.stderr
    assert "::" not in r.stdout + r.stderr  # no GitHub workflow commands on GitLab
    quality = json.loads((work / "gl-code-quality-report.json").read_text())
    stale = [q for q in quality if q["check_name"] == "localize/stale"]
    assert stale and stale[0]["location"] == {"path": "app/i18n/de.json", "lines": {"begin": 3}}
    assert stale[0]["severity"] == "minor" and len(stale[0]["fingerprint"]) == 32
    assert len({q["fingerprint"] for q in quality}) == len(quality)
    assert (work / "localize-report" / "report.html").is_file()  # the artifact path of the template
    head = git(origin, "rev-parse", "main")
    assert head != before
    assert git(origin, "log", "-1", "--format=%an", "main") == ci.GITLAB_BOT[0]
    message = git(origin, "log", "-1", "--format=%B", "main")
    assert "Pipeline: https://gitlab.example.com/acme/app/-/pipelines/77" in message and "[skip ci]" in message
    files = git(origin, "show", "--name-only", "--format=", "main").splitlines()
    assert sorted(files) == ["app/.localize/lock.json", "app/i18n/de.json", "app/po/de.po"]


@pytest.mark.parametrize("checkout", ["app"], indirect=True)
def test_gitlab_merge_request_failing_gate_reports_and_never_commits(checkout: tuple[Path, Path, Path]) -> None:
    work, origin, _ = checkout
    before = git(origin, "rev-parse", "main")
    env = gitlab_env(work, CI_PIPELINE_SOURCE="merge_request_event", CI_MERGE_REQUEST_IID="3",
                     LOCALIZE_COMMIT="true", LOCALIZE_MIN_CHRF="40", LOCALIZE_PUSH_URL=str(origin))
    r = run_ci("gitlab", work, env)
    assert r.returncode == 1, r.stdout + r.stderr
    quality = json.loads((work / "gl-code-quality-report.json").read_text())
    gate = [q for q in quality if q["check_name"] == "localize/quality-gate"]
    assert gate and gate[0]["severity"] == "major" and gate[0]["location"]["path"] == "app/localize.toml"
    assert git(origin, "rev-parse", "main") == before


def test_gitlab_commit_back_without_a_token_is_an_error(tmp_path: Path) -> None:
    env = {"CI_PIPELINE_SOURCE": "push", "CI_COMMIT_BRANCH": "main"}
    assert ci.gitlab_push_url(env) == ""
    env.update(LOCALIZE_PUSH_TOKEN="s3cr3t", CI_SERVER_HOST="gitlab.example.com", CI_SERVER_PORT="8443",
               CI_PROJECT_PATH="acme/app")
    assert ci.gitlab_push_url(env) == "https://localize:s3cr3t@gitlab.example.com:8443/acme/app.git"


# ------------------------------------------------------------------------------ the formatting itself

@pytest.mark.parametrize("issue,line", [
    ({"check": "placeholders", "severity": "error", "message": "missing placeholder(s): %s", "path": "po/de.po",
      "location": "42"}, "::error file=po/de.po,line=42::[placeholders] missing placeholder(s): %25s"),
    ({"check": "length", "severity": "warning", "message": "a, b: c\nd", "path": "a,b:c.po", "location": "key"},
     "::warning file=a%2Cb%3Ac.po::[length] a, b: c%0Ad (key)"),
    ({"check": "quality-gate", "severity": "error", "message": "de: below", "path": "", "location": ""},
     "::error title=localize quality-gate::[quality-gate] de: below"),
    ({"check": "x", "severity": "info", "message": "m", "path": "f.po", "location": "3:7"},
     "::notice file=f.po,line=3::[x] m"),
])
def test_workflow_commands(issue: dict[str, str], line: str, tmp_path: Path) -> None:
    assert ci.workflow_commands([issue], {"GITHUB_WORKSPACE": str(Path.cwd())}) == [line]


def test_annotation_paths_are_relative_to_the_workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "app").mkdir()
    monkeypatch.chdir(tmp_path / "app")
    issue = {"check": "c", "severity": "error", "message": "m", "path": "po/de.po", "location": "1"}
    assert ci.workflow_commands([issue], {"GITHUB_WORKSPACE": str(tmp_path)}) == ["::error file=app/po/de.po,line=1::[c] m"]


def test_check_prints_workflow_commands_only_under_github_actions(tmp_path: Path) -> None:
    po = tmp_path / "de.po"
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: de\\n"\n\n'
                  'msgid "Open %s now"\nmsgstr "Jetzt öffnen"\n')
    base = clean_env()
    for env, expect in ((base, False), ({**base, "GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": str(tmp_path)}, True)):
        r = subprocess.run([sys.executable, "-m", "localize", "check", "de.po"], cwd=tmp_path, env=env,
                           capture_output=True, text=True)
        assert r.returncode == 1
        assert ("::error file=de.po,line=6::[placeholders] missing placeholder(s): %25s" in r.stdout) is expect
        r = subprocess.run([sys.executable, "-m", "localize", "check", "de.po", "--json"], cwd=tmp_path, env=env,
                           capture_output=True, text=True)
        assert json.loads(r.stdout)["errors"] == 1  # stdout stays JSON; the commands go to stderr
        assert ("::error file=de.po,line=6::" in r.stderr) is expect


# ------------------------------------------------------------------------------ the CI files themselves

def test_action_and_template_run_the_tested_script() -> None:
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    assert set(action["inputs"]) >= {"config", "locales", "final", "min-chrf", "commit"}
    steps = action["runs"]["steps"]
    assert action["runs"]["using"] == "composite"
    run = next(s for s in steps if s.get("id") == "run")
    assert "-m localize.ci github" in run["run"]
    assert {"LOCALIZE_CONFIG", "LOCALIZE_LOCALES", "LOCALIZE_FINAL", "LOCALIZE_MIN_CHRF", "LOCALIZE_COMMIT"} <= set(run["env"])
    uses = [s.get("uses", "") for s in steps]
    assert any(u.startswith("actions/upload-artifact@") for u in uses)
    assert sum(u.startswith("actions/cache/") for u in uses) >= 3
    # inputs reach scripts through env only (no ${{ inputs.* }} inside a script: no injection)
    assert all("inputs." not in s.get("run", "") for s in steps)
    gitlab = yaml.safe_load((ROOT / "ci" / "gitlab" / "localize.gitlab-ci.yml").read_text())
    job = gitlab[".localize"]
    assert any("-m localize.ci gitlab" in line for line in job["script"])
    assert job["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert "localize-report/" in job["artifacts"]["paths"]
    mr_rule = gitlab["localize"]["rules"][0]
    assert "merge_request_event" in mr_rule["if"] and mr_rule["variables"]["LOCALIZE_COMMIT"] == "false"
    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    assert hooks["localize-check"]["entry"] == "python -m localize.ci pre-commit-check"
    assert hooks["localize-translate"]["pass_filenames"] is False


def readme_workflows() -> list[dict]:
    text = (ROOT / "README.md").read_text()
    blocks = [b.split("```", 1)[0] for b in text.split("```yaml\n")[1:]]
    return [y for y in map(yaml.safe_load, blocks) if isinstance(y, dict) and "jobs" in y]


def test_readme_example_workflow_is_safe_by_default() -> None:
    """Pull requests (forks included) run with a read-only token and no secrets; only pushes to the
    default branch may write, and nothing uses pull_request_target."""
    flows = readme_workflows()
    assert flows, "README has no example workflow"
    for flow in flows:
        on = flow.get(True, flow.get("on"))  # YAML 1.1 reads the key `on` as True
        assert "pull_request_target" not in on and "pull_request" in on and "push" in on
        assert flow["permissions"] == {"contents": "read"}
        text = json.dumps(flow)
        assert "secrets." not in text
        for name, job in flow["jobs"].items():
            steps = job["steps"]
            action = next(s for s in steps if "localize" in s.get("uses", ""))
            writes = job.get("permissions", {}).get("contents") == "write"
            commit = str(action.get("with", {}).get("commit", "false"))
            if writes or commit != "false":
                # a writing job runs only for pushes to the default branch
                assert "github.event_name == 'push'" in job["if"] and "default_branch" in job["if"], name


def readme_yaml_blocks(tmp_path: Path) -> dict[str, Path]:
    """The README's example workflow, GitLab include and pre-commit config, each in a file."""
    text = (ROOT / "README.md").read_text()
    out = {}
    for block in (b.split("```", 1)[0] for b in text.split("```yaml\n")[1:]):
        data = yaml.safe_load(block)
        kind = "workflow" if "jobs" in data else "gitlab" if "include" in data else "pre-commit" if "repos" in data else ""
        if kind:
            (tmp_path / f"{kind}.yml").write_text(block)
            out[kind] = tmp_path / f"{kind}.yml"
    return out


def test_ci_files_and_readme_examples_validate_against_their_platforms_schemas(tmp_path: Path) -> None:
    """SchemaStore's schemas (vendored in check-jsonschema: no network) for action metadata, workflows and
    .gitlab-ci.yml; pre-commit's own validators for the hook manifest and the README's config."""
    bin_dir = Path(sys.executable).parent
    blocks = readme_yaml_blocks(tmp_path)
    assert set(blocks) == {"workflow", "gitlab", "pre-commit"}
    for schema, path in (("vendor.github-actions", ROOT / "action.yml"),
                         ("vendor.github-workflows", blocks["workflow"]),
                         *(("vendor.github-workflows", f) for f in sorted((ROOT / ".github" / "workflows").glob("*.yml"))),
                         ("vendor.gitlab-ci", ROOT / "ci" / "gitlab" / "localize.gitlab-ci.yml"),
                         ("vendor.gitlab-ci", blocks["gitlab"])):
        r = subprocess.run([str(bin_dir / "check-jsonschema"), "--builtin-schema", schema, str(path)],
                           capture_output=True, text=True)
        assert r.returncode == 0, f"{path}: {r.stdout}{r.stderr}"
    for command, path in (("validate-manifest", ROOT / ".pre-commit-hooks.yaml"),
                          ("validate-config", blocks["pre-commit"])):
        r = subprocess.run([str(bin_dir / "pre-commit"), command, str(path)], capture_output=True, text=True)
        assert r.returncode == 0, f"{path}: {r.stdout}{r.stderr}"


@pytest.mark.parametrize("checkout", ["app"], indirect=True)
def test_translate_annotations_are_relative_to_the_workspace(checkout: tuple[Path, Path, Path]) -> None:
    """Run from the repository root with a config in a subfolder: the findings still name the right file."""
    work, _, _ = checkout
    env = {**clean_env(), "GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": str(work)}
    r = subprocess.run([sys.executable, "-m", "localize", "translate", "-c", "app/localize.toml", "--json"],
                       cwd=work, env=env, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "::warning file=app/i18n/de.json,line=3::[stale]" in r.stderr
    json.loads(r.stdout)
