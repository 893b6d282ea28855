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
        return dict.fromkeys(on)
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


def job_targets(job: dict) -> list[str]:
    return make_targets([line for s in steps(job) for line in (s.get("run") or "").splitlines()])


def needs(job: dict) -> list[str]:
    value = job.get("needs") or []
    return [value] if isinstance(value, str) else list(value)


def waits_for(jobs: dict, name: str) -> set[str]:
    """Every job `name` waits for, directly or through another."""
    found, todo = set(), list(needs(jobs[name]))
    while todo:
        other = todo.pop()
        if other not in found:
            found.add(other)
            todo += needs(jobs[other])
    return found


def test_pull_requests_preview_first_and_tests_in_a_parallel_job():
    """The editor's preview job: check (annotations), translations, the offline preview copy,
    screenshots, uploads and the summary, in that order; it waits for no test. make test runs in
    a job of its own."""
    found = pull_request_workflows()
    assert found, "no workflow runs on pull_request"
    for path, workflow in found:
        jobs = workflow["jobs"]
        (preview,) = [n for n, j in jobs.items() if "preview" in job_targets(j)]
        (tester,) = [n for n, j in jobs.items() if "test" in job_targets(j)]
        assert preview != tester and job_targets(jobs[preview]) == ["check", "preview"], path.name
        # the checkers and the quick tests before the slow suite
        assert job_targets(jobs[tester]) == ["lint", "test-fast", "test"]
        assert tester not in waits_for(jobs, preview), f"{path.name}: the preview waits for the tests"
        runs = [line for s in steps(jobs[preview]) for line in (s.get("run") or "").splitlines()]
        assert any("CI=true" in line for line in runs if make_targets([line]) == ["check"]), \
            f"{path.name}: make check without CI=true prints no annotations"
        order = [i for i, s in enumerate(steps(jobs[preview]))]
        names = [(s.get("run") or "") + uses(s) for s in steps(jobs[preview])]
        at = {key: next(i for i, text in zip(order, names, strict=True) if key in text) for key in
              ("make check", "i18n changed", "make preview", "preview_shots shoot", "actions/upload-artifact",
               "preview_shots summary")}
        assert list(at.values()) == sorted(at.values()), at
        for job in jobs.values():
            setup = [s for s in steps(job) if uses(s) == "actions/setup-python"]
            assert setup and str(setup[0]["with"]["python-version"]) == "3.11", path.name
            assert any(uses(s) == "actions/checkout" for s in steps(job))


def test_pull_requests_upload_the_offline_preview_and_one_screenshot_image():
    for path, workflow in pull_request_workflows():
        all_steps = [s for job in workflow["jobs"].values() for s in steps(job)]
        uploads = [s for s in all_steps if uses(s) == "actions/upload-artifact"]
        assert [s["with"]["path"].rstrip("/") for s in uploads][0] == "dist/preview", path.name
        sheet = uploads[1]["with"]
        assert sheet["path"].endswith(".png") and sheet["archive"] is False  # opens in the browser
        summary = next(s for s in all_steps if "preview_shots summary" in (s.get("run") or ""))
        assert '"$GITHUB_STEP_SUMMARY"' in summary["run"]
        assert summary["env"] == {"PREVIEW_URL": "${{ steps.preview.outputs.artifact-url }}",
                                  "SHEET_URL": "${{ steps.sheet.outputs.artifact-url }}"}
        assert not any(uses(s) == "actions/deploy-pages" for s in all_steps), f"{path.name}: a PR must not deploy"
        checkout = next(s for s in all_steps if uses(s) == "actions/checkout")
        assert checkout["with"]["fetch-depth"] == 0  # translation_of: current needs the history


def test_no_job_but_deploy_holds_a_write_permission():
    for path in WORKFLOWS:
        workflow = load(path)
        assert workflow.get("permissions") == {}, f"{path.name}: permissions by job, none by default"
        for name, job in workflow["jobs"].items():
            perms = job.get("permissions")
            assert isinstance(perms, dict), f"{path.name}: job {name} says what it needs"
            writes = {k for k, v in perms.items() if v == "write"}
            if any(uses(s) == "actions/deploy-pages" for s in steps(job)):
                assert perms == {"pages": "write", "id-token": "write"}, name
            else:
                assert not writes, f"{path.name}: job {name} holds {sorted(writes)}"


PINNED = re.compile(r"^\s*(?:-\s+)?uses:\s+[\w.-]+/[\w./-]+@[0-9a-f]{40}\s+#\s+v\d+\.\d+\.\d+\s*$")


def test_every_action_is_pinned_to_a_commit_with_its_version_and_dependabot_updates_them():
    found = 0
    for path in WORKFLOWS:
        for line in path.read_text(encoding="utf-8").splitlines():
            if re.match(r"^\s*(?:-\s+)?uses:", line):
                found += 1
                assert PINNED.match(line), f"{path.name}: not pinned to a 40-hex commit with '# vX.Y.Z': {line}"
    assert found >= 6
    dependabot = load(ROOT / ".github" / "dependabot.yml")
    assert dependabot["version"] == 2
    assert [u["package-ecosystem"] for u in dependabot["updates"]] == ["github-actions"]


def test_pages_deploy_runs_only_on_main_with_the_configured_address():
    found = pages_workflows()
    assert len(found) == 1, "exactly one workflow deploys to GitHub Pages"
    path, workflow = found[0]
    on = triggers(workflow)
    assert set(on) <= {"push", "workflow_dispatch"}, f"{path.name}: deploys on {sorted(on)}"
    assert on["push"]["branches"] == ["main"]
    assert workflow["concurrency"]["group"] and workflow["concurrency"]["cancel-in-progress"] is False
    jobs = workflow["jobs"]
    deploy = next(j for j in jobs.values() if any(uses(s) == "actions/deploy-pages" for s in steps(j)))
    assert "github.ref == 'refs/heads/main'" in deploy.get("if", ""), "deploy job must be limited to main"
    assert deploy["environment"]["name"] == "github-pages"
    (build_name,) = needs(deploy)
    build = jobs[build_name]
    assert build["permissions"] == {"contents": "read", "pages": "read"}
    assert job_targets(build) == ["release"]
    configure = next(i for i, s in enumerate(steps(build)) if uses(s) == "actions/configure-pages")
    release = next(i for i, s in enumerate(steps(build)) if job_targets({"steps": [s]}) == ["release"])
    pages_id = steps(build)[configure]["id"]
    env = steps(build)[release]["env"]
    assert configure < release and env == {"SITE_URL": "${{ steps." + pages_id + ".outputs.base_url }}/",
                                           "HANDBOOK_DEPLOY": "true"}
    assert "github.repository" not in path.read_text(encoding="utf-8")  # no address built from the name
    artifact = [s for s in steps(build) if uses(s) == "actions/upload-pages-artifact"]
    assert [s["with"]["path"].rstrip("/") for s in artifact] == ["site"]


# -- GitLab -------------------------------------------------------------------------
MR_RULE = '$CI_PIPELINE_SOURCE == "merge_request_event"'
DEFAULT_BRANCH_RULE = "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"


def test_gitlab_merge_requests_preview_and_test_in_parallel_with_gitlab_output():
    config = load(GITLAB)
    assert config["image"] == "python:3.11"
    assert str(config["variables"]["NO_MKDOCS_2_WARNING"]) == "1"
    jobs = gitlab_jobs(config)
    preview, test = jobs["preview"], jobs["test"]
    for job in (preview, test):
        assert [r["if"] for r in job["rules"]] == [MR_RULE], "not a merge-request job"
    commands = gitlab_commands(preview)
    assert make_targets(commands) == ["check", "preview", "chromium"]
    assert make_targets(gitlab_commands(test)) == ["lint", "test-fast", "test"] and test["needs"] == []  # starts at once
    text = "\n".join(commands)
    assert "::" not in text and "CI=false" not in text  # GitLab's format, not GitHub's
    assert 'CHECK_ARGS="--codequality gl-code-quality-report.json"' in text
    assert "i18n changed" in text and "--codequality gl-code-quality-i18n.json" in text
    assert preview["artifacts"]["reports"]["codequality"] == ["gl-code-quality-report.json",
                                                               "gl-code-quality-i18n.json"]
    assert preview["artifacts"]["when"] == "always" and preview["artifacts"]["expose_as"]
    assert preview["artifacts"]["paths"] == ["dist/preview/"]
    assert "preview_shots shoot" in text and "preview_shots summary" in text
    assert str(preview["variables"]["GIT_DEPTH"]) == "0"


def test_gitlab_pages_job_publishes_public_from_the_default_branch_only():
    jobs = gitlab_jobs(load(GITLAB))
    pages = jobs.get("pages")
    assert pages is not None, "GitLab Pages needs a job named `pages`"
    assert pages["stage"] == "pages"
    assert [r["if"] for r in pages["rules"]] == [DEFAULT_BRANCH_RULE]
    assert pages["artifacts"]["paths"] == ["public"]
    assert pages["variables"]["SITE_URL"] == "$CI_PAGES_URL/" and pages["variables"]["HANDBOOK_DEPLOY"] == "true"
    commands = gitlab_commands(pages)
    assert make_targets(commands) == ["release"]
    moves = [i for i, line in enumerate(commands) if re.fullmatch(r"\s*(mv|cp -r) site/? public/?\s*", line)]
    build = next(i for i, line in enumerate(commands) if make_targets([line]) == ["release"])
    assert moves and moves[0] > build, "pages must move make release's site/ to public/"
    for name, job in jobs.items():
        if name != "pages":
            assert "public" not in ((job.get("artifacts") or {}).get("paths") or []), name


# -- both -----------------------------------------------------------------------------
def test_ci_runs_only_make_targets_that_exist_and_the_readme_names():
    known = makefile_targets() & readme_targets()
    assert {"check", "test", "test-zensical", "build", "serve", "preview"} <= known
    used = {}
    for path in WORKFLOWS:
        used[path.name] = make_targets(workflow_commands(load(path)))
    used[GITLAB.name] = [t for job in gitlab_jobs(load(GITLAB)).values() for t in make_targets(gitlab_commands(job))]
    github = {t for p in WORKFLOWS for t in used[p.name]}
    for name, targets in used.items():
        assert targets, f"{name} runs no make target"
        assert set(targets) <= known, f"{name}: {sorted(set(targets) - known)} not in Makefile ∩ README"
    # GitLab's image installs Chromium itself (make chromium); GitHub's runner has one
    assert set(used[GITLAB.name]) - {"chromium"} == github == {"check", "preview", "lint", "test-fast", "test", "test-zensical",
                                                                  "release"}


def test_ci_files_are_nfc():
    for path in [*WORKFLOWS, GITLAB, PRE_COMMIT, ROOT / ".github" / "dependabot.yml"]:
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
