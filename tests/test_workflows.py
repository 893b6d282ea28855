"""CI and publishing files: GitHub workflows, .gitlab-ci.yml, pre-commit, `make serve`.

They are read as data (PyYAML) and as the commands they run; nothing here imports
`scripts`: the files may only rely on `python -m scripts check` and the make targets.
"""
from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.y*ml"))
GITLAB = ROOT / ".gitlab-ci.yml"
PRE_COMMIT = ROOT / ".pre-commit-config.yaml"
GITLAB_KEYWORDS = {"image", "services", "stages", "variables", "cache", "default", "include", "workflow",
                   "before_script", "after_script", "pages:deploy"}


# -- reading ------------------------------------------------------------------------
def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path.name}: not a mapping"
    return data


def triggers(workflow: dict) -> dict:
    """The `on:` block. YAML 1.1 reads the bare key `on` as the boolean True."""
    on = workflow.get("on", workflow.get(True))
    assert on is not None, "workflow without an `on:` trigger"
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return {name: None for name in on}
    return on


def steps(job: dict) -> list[dict]:
    return job.get("steps") or []


def uses(step: dict) -> str:
    return (step.get("uses") or "").split("@")[0]


def workflow_commands(workflow: dict) -> list[str]:
    return [line for job in workflow["jobs"].values() for step in steps(job)
            for line in (step.get("run") or "").splitlines()]


def gitlab_jobs(config: dict) -> dict[str, dict]:
    return {name: job for name, job in config.items()
            if name not in GITLAB_KEYWORDS and not name.startswith(".") and isinstance(job, dict)}


def gitlab_commands(job: dict) -> list[str]:
    lines = []
    for key in ("before_script", "script", "after_script"):
        for entry in job.get(key) or []:
            lines.extend(str(entry).splitlines())
    return lines


MAKE_OPTIONS_WITH_VALUE = {"-C", "-f", "-I", "-o", "-W", "--directory", "--file", "--include-dir", "--old-file",
                           "--what-if", "--assume-old", "--assume-new", "--new-file", "--makefile"}


def make_targets(lines: list[str]) -> list[str]:
    """Targets of every `make …` command in these shell lines (options and VAR=value skipped)."""
    found = []
    for line in lines:
        try:
            words = shlex.split(line, comments=True)
        except ValueError:
            continue
        for i, word in enumerate(words):
            if word != "make" and not word.endswith("/make"):
                continue
            skip = False
            for arg in words[i + 1:]:
                if skip:
                    skip = False
                elif arg in {"&&", "||", ";", "|"}:
                    break
                elif arg in MAKE_OPTIONS_WITH_VALUE:
                    skip = True
                elif not arg.startswith("-") and "=" not in arg:
                    found.append(arg)
    return found


def makefile_targets() -> set[str]:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    names = set()
    for match in re.finditer(r"^([A-Za-z0-9_.$()/ -]+?)\s*:(?![=:])", text, re.M):
        for name in match.group(1).split():
            if not name.startswith(".") and "$" not in name and "/" not in name:
                names.add(name)
    return names


def readme_targets() -> set[str]:
    return set(re.findall(r"\bmake ([a-z][\w-]*)", (ROOT / "README.md").read_text(encoding="utf-8")))


def deploys_pages(workflow: dict) -> bool:
    return any(uses(s) == "actions/deploy-pages" for job in workflow["jobs"].values() for s in steps(job))


def pull_request_workflows() -> list[tuple[Path, dict]]:
    loaded = [(p, load(p)) for p in WORKFLOWS]
    return [(p, w) for p, w in loaded if {"pull_request", "pull_request_target"} & set(triggers(w))]


def pages_workflows() -> list[tuple[Path, dict]]:
    return [(p, w) for p, w in ((p, load(p)) for p in WORKFLOWS) if deploys_pages(w)]


# -- the readers themselves ---------------------------------------------------------
def test_readers_see_on_as_the_trigger_and_skip_make_options():
    assert triggers(yaml.safe_load("on:\n  pull_request:\n")) == {"pull_request": None}
    assert triggers(yaml.safe_load("on: [push]\n")) == {"push": None}
    assert make_targets(["CI=true make check", "sudo -E make -o x test PORT=1 && make build  # make bench",
                         "echo 'make serve'", "remake it"]) == ["check", "test", "build"]
    assert {"serve", "test", "build", "check", "bench", "chromium", "clean"} <= makefile_targets()
    assert not {"SHELL", "PYTHON", "VENV", "PHONY"} & makefile_targets()


# -- GitHub -------------------------------------------------------------------------
def test_every_workflow_parses_with_jobs_and_a_trigger():
    assert WORKFLOWS, "no .github/workflows/*.yml"
    for path in WORKFLOWS:
        workflow = load(path)
        assert triggers(workflow), path.name
        assert workflow.get("jobs"), f"{path.name}: no jobs"
        assert str((workflow.get("env") or {}).get("NO_MKDOCS_2_WARNING")) == "1", path.name
        for name, job in workflow["jobs"].items():
            assert job.get("runs-on") and steps(job), f"{path.name}: job {name} has no runner or steps"


def test_pull_requests_run_check_with_annotations_then_test_then_build():
    found = pull_request_workflows()
    assert found, "no workflow runs on pull_request"
    for path, workflow in found:
        commands = workflow_commands(workflow)
        assert make_targets(commands) == ["check", "test", "build"], path.name
        check = next(line for line in commands if make_targets([line]) == ["check"])
        assert "CI=true" in check, f"{path.name}: make check without CI=true prints no annotations"
        setup = [s for job in workflow["jobs"].values() for s in steps(job) if uses(s) == "actions/setup-python"]
        assert setup and str(setup[0]["with"]["python-version"]) == "3.11", path.name
        assert any(uses(s) == "actions/checkout" for job in workflow["jobs"].values() for s in steps(job))


def test_pull_requests_upload_the_built_site_as_an_artifact():
    for path, workflow in pull_request_workflows():
        all_steps = [s for job in workflow["jobs"].values() for s in steps(job)]
        uploads = [s for s in all_steps if uses(s) == "actions/upload-artifact"]
        assert uploads, f"{path.name}: no actions/upload-artifact step"
        assert [s["with"]["path"].rstrip("/") for s in uploads] == ["site"], path.name
        build = next(i for i, s in enumerate(all_steps) if make_targets((s.get("run") or "").splitlines()) == ["build"])
        assert all_steps.index(uploads[0]) > build, f"{path.name}: upload before make build"
        assert not any(uses(s) == "actions/deploy-pages" for s in all_steps), f"{path.name}: a PR must not deploy"


def test_pages_deploy_runs_only_on_main_with_its_permissions():
    found = pages_workflows()
    assert len(found) == 1, "exactly one workflow deploys to GitHub Pages"
    path, workflow = found[0]
    on = triggers(workflow)
    assert set(on) <= {"push", "workflow_dispatch"}, f"{path.name}: deploys on {sorted(on)}"
    assert on["push"]["branches"] == ["main"]
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert workflow["concurrency"]["group"] and workflow["concurrency"]["cancel-in-progress"] is False
    jobs = workflow["jobs"]
    deploy_name, deploy = next((n, j) for n, j in jobs.items() if any(uses(s) == "actions/deploy-pages" for s in steps(j)))
    assert "github.ref == 'refs/heads/main'" in deploy.get("if", ""), "deploy job must be limited to main"
    assert deploy["environment"]["name"] == "github-pages"
    build = jobs[deploy["needs"]] if isinstance(deploy["needs"], str) else jobs[deploy["needs"][0]]
    assert make_targets([line for s in steps(build) for line in (s.get("run") or "").splitlines()]) == ["build"]
    artifact = [s for s in steps(build) if uses(s) == "actions/upload-pages-artifact"]
    assert [s["with"]["path"].rstrip("/") for s in artifact] == ["site"], deploy_name


# -- GitLab -------------------------------------------------------------------------
MR_RULE = '$CI_PIPELINE_SOURCE == "merge_request_event"'
DEFAULT_BRANCH_RULE = "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"


def test_gitlab_checks_and_tests_merge_requests():
    config = load(GITLAB)
    assert config["stages"] == ["check", "test", "pages"]
    assert config["image"] == "python:3.11"
    assert str(config["variables"]["NO_MKDOCS_2_WARNING"]) == "1"
    jobs = gitlab_jobs(config)
    by_target = {}
    for name, job in jobs.items():
        for target in make_targets(gitlab_commands(job)):
            by_target.setdefault(target, []).append(name)
    for target, stage in (("check", "check"), ("test", "test")):
        assert target in by_target, f"no GitLab job runs make {target}"
        for name in by_target[target]:
            assert jobs[name]["stage"] == stage
            assert [r["if"] for r in jobs[name]["rules"]] == [MR_RULE], f"{name}: not a merge-request job"
    preview = [n for n in by_target.get("build", []) if n != "pages"]
    assert preview and all("site/" in jobs[n]["artifacts"]["paths"] for n in preview), "no site/ preview on MRs"


def test_gitlab_pages_job_publishes_public_from_the_default_branch_only():
    jobs = gitlab_jobs(load(GITLAB))
    pages = jobs.get("pages")
    assert pages is not None, "GitLab Pages needs a job named `pages`"
    assert pages["stage"] == "pages"
    assert [r["if"] for r in pages["rules"]] == [DEFAULT_BRANCH_RULE]
    assert pages["artifacts"]["paths"] == ["public"]
    commands = gitlab_commands(pages)
    assert make_targets(commands) == ["build"]
    moves = [i for i, line in enumerate(commands) if re.fullmatch(r"\s*(mv|cp -r) site/? public/?\s*", line)]
    build = next(i for i, line in enumerate(commands) if make_targets([line]) == ["build"])
    assert moves and moves[0] > build, "pages must move make build's site/ to public/"
    for name, job in jobs.items():
        if name != "pages":
            assert "public" not in ((job.get("artifacts") or {}).get("paths") or []), name


# -- both -----------------------------------------------------------------------------
def test_ci_runs_only_make_targets_that_exist_and_the_readme_names():
    known = makefile_targets() & readme_targets()
    assert {"check", "test", "build", "serve"} <= known
    used = {}
    for path in WORKFLOWS:
        used[path.name] = make_targets(workflow_commands(load(path)))
    used[GITLAB.name] = [t for job in gitlab_jobs(load(GITLAB)).values() for t in make_targets(gitlab_commands(job))]
    for name, targets in used.items():
        assert targets, f"{name} runs no make target"
        assert set(targets) <= known, f"{name}: {sorted(set(targets) - known)} not in Makefile ∩ README"
    assert set(used[GITLAB.name]) == {t for p in WORKFLOWS for t in used[p.name]} == {"check", "test", "build"}


def test_ci_files_are_nfc():
    for path in [*WORKFLOWS, GITLAB, PRE_COMMIT]:
        assert unicodedata.is_normalized("NFC", path.read_text(encoding="utf-8")), path.name


# -- pre-commit ------------------------------------------------------------------------
def hooks() -> list[dict]:
    config = load(PRE_COMMIT)
    return [hook for repo in config["repos"] for hook in repo["hooks"] if repo["repo"] == "local"]


def test_pre_commit_hooks_run_the_content_checks_on_docs():
    found = hooks()
    assert found and all(h["language"] == "system" and h["id"] and h["name"] for h in found)
    checks = [h for h in found if "python -m scripts check" in h["entry"]]
    assert checks, "no hook calls python -m scripts check"
    for hook in checks:
        assert hook.get("pass_filenames") is False, "the check takes no file names"
        files = re.compile(hook["files"])
        assert files.search("docs/legal/nd-56.vi.md") and files.search("docs/index.en.md")
        assert not files.search("scripts/check.py") and not files.search("README.md")
    assert any("--fix-nfc" in h["entry"] for h in checks)


def test_pre_commit_nfc_hook_normalises_markdown_yaml_and_csv(tmp_path):
    nfc = [h for h in hooks() if h["id"] == "nfc"]
    assert len(nfc) == 1
    hook = nfc[0]
    assert set(hook["types_or"]) == {"markdown", "yaml", "csv"}
    assert re.search(hook["exclude"], "docs/legal/a.vi.md") and not re.search(hook["exclude"], "data/roster.csv")
    nfd = unicodedata.normalize("NFD", "Trẻ em, Hà Nội\r\n")
    files = {name: tmp_path / name for name in ("a.md", "b.yml", "c.csv", "ok.csv")}
    for name, path in files.items():
        path.write_bytes(("ok\n" if name == "ok.csv" else nfd).encode("utf-8"))
    run = subprocess.run([*shlex.split(hook["entry"]), *map(str, files.values())], capture_output=True, text=True)
    assert run.returncode == 1, run.stdout + run.stderr  # fails the commit once: re-add the fixed files
    for name, path in files.items():
        expected = "ok\n" if name == "ok.csv" else unicodedata.normalize("NFC", nfd)
        assert path.read_bytes().decode("utf-8") == expected, name  # line endings kept
    assert "ok.csv" not in run.stdout and "c.csv" in run.stdout
    again = subprocess.run([*shlex.split(hook["entry"]), *map(str, files.values())], capture_output=True, text=True)
    assert again.returncode == 0, again.stdout + again.stderr


# -- make serve ----------------------------------------------------------------------------
def make_dry_run(*args: str) -> str:
    env = {k: v for k, v in os.environ.items() if k not in {"HOST", "PORT", "MAKEFLAGS", "MAKELEVEL", "MFLAGS"}}
    result = subprocess.run(["make", "-n", "serve", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    serve = [line for line in result.stdout.splitlines() if "mkdocs serve" in line]
    assert len(serve) == 1, result.stdout
    return serve[0]


@pytest.mark.skipif(sys.platform == "win32", reason="make")
def test_make_serve_takes_host_and_port():
    line = make_dry_run("PORT=8123", "HOST=0.0.0.0")
    assert "--dev-addr 0.0.0.0:8123" in line and "--livereload" in line


@pytest.mark.skipif(sys.platform == "win32", reason="make")
def test_make_serve_defaults_to_localhost_8000():
    line = make_dry_run()
    assert "--dev-addr 127.0.0.1:8000" in line and "--livereload" in line
