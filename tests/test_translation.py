"""Translation workflow on temporary git repositories: a Vietnamese change makes the English
page outdated (with the Vietnamese diff since the translated version), mark-current clears
it, the build shows the notice on the English page only, and a `translation: pending` page
builds under /en/ with its notice."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench.harness import build, write_config
from scripts.model.tree import load_tree
from scripts.translation import cli, mark_current, status

ROOT = Path(__file__).resolve().parent.parent


VI = """---
id: trang-mau
type: page
title: Trang mẫu
owner: Ban biên tập
last_reviewed: "2026-11-01"
---

## Tóm tắt { #summary }

Câu thứ nhất.[^1]

[^1]: Nguồn mẫu.
"""
EN = """---
id: trang-mau
type: page
title: Sample page
last_reviewed: "2026-11-01"
---

## Summary { #summary }

First sentence.[^1]

[^1]: Sample source.
"""
PENDING_VI = """---
id: chua-dich
type: page
title: Trang chưa dịch
owner: Ban biên tập
last_reviewed: "2026-11-01"
translation: pending
---

## Nội dung { #content }

Văn bản chỉ có tiếng Việt.
"""
HOME_VI = """---
id: home
type: page
title: Trang chủ
owner: Ban biên tập
last_reviewed: "2026-11-01"
---

Xin chào.
"""
HOME_EN = HOME_VI.replace("Trang chủ", "Home").replace("owner: Ban biên tập\n", "").replace("Xin chào", "Hello")


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, text in {"index.vi.md": HOME_VI, "index.en.md": HOME_EN, "trang-mau.vi.md": VI,
                       "trang-mau.en.md": EN, "chua-dich.vi.md": PENDING_VI}.items():
        (docs / name).write_text(text, encoding="utf-8")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "config", "user.email", "test@example.invalid")
    git(tmp_path, "config", "user.name", "Test")
    for p in load_tree(docs).pages:  # the English pages translate the current Vietnamese text
        if p.lang == "en":
            mark_current(p)
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "first", "--date", "2026-11-01T10:00:00")
    return tmp_path


def change_vietnamese(repo: Path) -> None:
    path = repo / "docs/trang-mau.vi.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Câu thứ nhất.", "Câu thứ nhất, đã sửa."),
                    encoding="utf-8")
    git(repo, "commit", "-qam", "vi change")


def entry(repo: Path, stem: str):
    return next(e for e in status(load_tree(repo / "docs"), repo) if e.stem == stem)


def test_up_to_date_pages_and_pending_page(repo):
    assert entry(repo, "trang-mau").state == "ok"
    assert entry(repo, "chua-dich").state == "pending"
    assert "translation_of: " in (repo / "docs/trang-mau.en.md").read_text(encoding="utf-8")


def test_vietnamese_change_makes_english_outdated_with_the_diff_and_mark_current_clears_it(repo, capsys):
    change_vietnamese(repo)
    e = entry(repo, "trang-mau")
    assert e.state == "outdated"
    assert "-Câu thứ nhất.[^1]\n+Câu thứ nhất, đã sửa.[^1]\n" in e.diff
    assert e.changed == git(repo, "log", "-1", "--format=%cs").strip()
    # the same in the three formats of the command
    out = subprocess.run([sys.executable, "-m", "scripts", "i18n", "status", "--docs", str(repo / "docs"),
                          "--format", "json"], capture_output=True, text=True, cwd=ROOT,
                         env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    data = json.loads(out.stdout)
    (page,) = [p for p in data["pages"] if p["stem"] == "trang-mau"]
    assert page["state"] == "outdated" and "+Câu thứ nhất, đã sửa." in page["diff"]
    assert data["coverage"]["outdated"] == 1 and data["coverage"]["pending"] == 1
    assert cli.main(["status", "--docs", str(repo / "docs")]) == 0
    table = capsys.readouterr().out
    assert "docs/trang-mau.en.md: CŨ (bản tiếng Việt đổi ngày" in table
    assert "    +Câu thứ nhất, đã sửa.[^1]" in table
    assert table.rstrip().endswith("0 không có bản tiếng Việt") and "1 cũ" in table
    assert cli.main(["mark-current", str(repo / "docs/trang-mau.en.md"), "--docs", str(repo / "docs")]) == 0
    assert entry(repo, "trang-mau").state == "ok"


def test_structure_differences_missing_and_orphan(repo):
    en = repo / "docs/trang-mau.en.md"
    en.write_text(en.read_text(encoding="utf-8").replace("{ #summary }", "{ #overview }")
                  .replace("First sentence.[^1]", "First [link](index.md) sentence.[^1]"), encoding="utf-8")
    e = entry(repo, "trang-mau")
    assert e.differences == ["mã mục tiêu đề khác nhau (chỉ bản tiếng Việt có #summary; chỉ bản dịch có #overview)",
                             "số liên kết khác nhau: bản tiếng Việt 0, bản dịch 1"]
    (repo / "docs/trang-mau.vi.md").rename(repo / "docs/khac.vi.md")
    states = {(x.stem, x.state) for x in status(load_tree(repo / "docs"), repo)}
    assert ("trang-mau", "orphan") in states and ("khac", "missing") in states


def test_changed_annotates_a_vietnamese_change_and_fails_on_a_missing_translation(repo, capsys, monkeypatch):
    monkeypatch.setenv("CI", "true")  # GitHub Actions: workflow annotations
    monkeypatch.delenv("GITLAB_CI", raising=False)
    git(repo, "checkout", "-qb", "pr")
    change_vietnamese(repo)
    assert cli.main(["changed", "--base", "main", "--docs", str(repo / "docs")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("::warning file=docs/trang-mau.vi.md,line=1,title=translation-not-updated::")
    assert "docs/trang-mau.en.md" in out
    (repo / "docs/moi.vi.md").write_text(VI.replace("trang-mau", "moi"), encoding="utf-8")
    assert cli.main(["changed", "--base", "main", "--docs", str(repo / "docs")]) == 1
    assert "::error file=docs/moi.vi.md,line=1,title=translation-missing::" in capsys.readouterr().out


def test_check_warns_on_an_outdated_translation_and_accepts_a_pending_one(repo):
    from scripts import checks
    change_vietnamese(repo)
    problems = checks.run(repo / "docs", root=repo)
    assert [(p.path, p.rule, p.severity) for p in problems] == [
        ("docs/trang-mau.en.md", "translation-outdated", "warning")]


@pytest.mark.slow
def test_built_site_notices(repo):
    change_vietnamese(repo)
    changed = git(repo, "log", "-1", "--format=%cs").strip()
    config = write_config(repo / "mkdocs.yml", repo / "docs",
                          nav=[{"Trang chủ": "index.md"}, "trang-mau.md", "chua-dich.md"])
    result = build(config, repo / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    en = (repo / "site/en/trang-mau/index.html").read_text(encoding="utf-8")
    y, m, d = changed.split("-")
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    assert "hb-translation-outdated" in en
    assert f"The Vietnamese text changed on {int(d)} {months[int(m) - 1]} {y}" in en
    assert 'href="../../trang-mau/" hreflang="vi"' in en
    vi = (repo / "site/trang-mau/index.html").read_text(encoding="utf-8")
    assert "hb-translation" not in vi
    pending = (repo / "site/en/chua-dich/index.html").read_text(encoding="utf-8")
    assert "hb-translation-pending" in pending and "Translation pending" in pending
    assert "Văn bản chỉ có tiếng Việt." in pending and 'href="../../chua-dich/"' in pending
    assert "hb-translation" not in (repo / "site/chua-dich/index.html").read_text(encoding="utf-8")
    # the translator catches up: mark-current, and the notice is gone from the next build
    assert cli.main(["mark-current", str(repo / "docs/trang-mau.en.md"), "--docs", str(repo / "docs")]) == 0
    result = build(config, repo / "site2")
    assert result.returncode == 0, result.stdout + result.stderr
    en = (repo / "site2/en/trang-mau/index.html").read_text(encoding="utf-8")
    assert "hb-translation-outdated" not in en and "hb-translation-notice" in en


def test_new_records_the_vietnamese_version_in_the_translation(tmp_path):
    from scripts.new import create
    from scripts.translation import translation_state
    (tmp_path / "docs").mkdir()
    create("guidance", "Hướng dẫn mẫu", None, tmp_path / "docs", None)
    page = load_tree(tmp_path / "docs").page("huong-dan-mau", "en")
    assert translation_state(page) == "ok"


def use_current(repo: Path) -> None:
    path = repo / "docs/trang-mau.en.md"
    text = path.read_text(encoding="utf-8")
    import re
    path.write_text(re.sub(r"translation_of: \w+", "translation_of: current", text), encoding="utf-8")
    git(repo, "commit", "-qam", "en: translation_of: current")


def web_edit(repo: Path, rel: str, old: str, new: str, message: str) -> None:
    """One commit per file, as the GitHub web editor makes them."""
    path = repo / rel
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    git(repo, "commit", "-qam", message)


def merge(repo: Path, branch: str, squash: bool = False) -> None:
    git(repo, "checkout", "-q", "main")
    if squash:
        git(repo, "merge", "-q", "--squash", branch)
        git(repo, "commit", "-qm", f"{branch} (squashed)")
    else:
        git(repo, "merge", "-q", "--no-ff", branch, "-m", f"merge {branch}")


@pytest.mark.parametrize("squash", [False, True])
@pytest.mark.parametrize("english_first", [False, True])
def test_current_both_pages_edited_in_one_pull_request_is_up_to_date(repo, monkeypatch, english_first, squash):
    """`translation_of: current` from the web editor: the English page edited in the same pull request
    as its Vietnamese page is up to date, whichever file was committed first, during the pull request
    (HANDBOOK_BASE = its target) and after it is merged (merge commit or squash); a later pull request
    that edits the Vietnamese page alone makes it outdated, with the right diff."""
    from scripts import checks
    use_current(repo)
    git(repo, "checkout", "-qb", "pr")
    edits = [("docs/trang-mau.vi.md", "Câu thứ nhất.", "Câu thứ nhất, đã sửa.", "vi"),
             ("docs/trang-mau.en.md", "First sentence.", "First sentence, edited.", "en")]
    for edit in (reversed(edits) if english_first else edits):
        web_edit(repo, *edit)
    monkeypatch.setenv("HANDBOOK_BASE", "main")
    assert entry(repo, "trang-mau").state == "ok"
    assert checks.run(repo / "docs", root=repo) == []
    monkeypatch.delenv("HANDBOOK_BASE")
    merge(repo, "pr", squash)
    assert entry(repo, "trang-mau").state == "ok"
    git(repo, "checkout", "-qb", "pr2")
    web_edit(repo, "docs/trang-mau.vi.md", "đã sửa.", "đã sửa lần hai.", "vi only")
    monkeypatch.setenv("HANDBOOK_BASE", "main")
    e = entry(repo, "trang-mau")
    assert e.state == "outdated" and "+Câu thứ nhất, đã sửa lần hai.[^1]" in e.diff
    monkeypatch.delenv("HANDBOOK_BASE")
    merge(repo, "pr2", squash)
    assert entry(repo, "trang-mau").state == "outdated"
    (p,) = checks.run(repo / "docs", root=repo)
    assert (p.rule, p.severity, p.path) == ("translation-outdated", "warning", "docs/trang-mau.en.md")
    assert "translation_of: current" in p.message


def test_current_being_written_on_disk_is_up_to_date_and_a_vietnamese_change_on_disk_is_not(repo):
    use_current(repo)
    assert entry(repo, "trang-mau").state == "ok"
    vi = repo / "docs/trang-mau.vi.md"
    vi.write_text(vi.read_text(encoding="utf-8").replace("Câu thứ nhất.", "Câu khác."), encoding="utf-8")
    assert entry(repo, "trang-mau").state == "outdated"
    en = repo / "docs/trang-mau.en.md"
    en.write_text(en.read_text(encoding="utf-8").replace("First sentence.", "Another."), encoding="utf-8")
    assert entry(repo, "trang-mau").state == "ok"


def test_changed_on_gitlab_prints_plain_lines_and_a_code_quality_report(repo, capsys, monkeypatch, tmp_path):
    """GitLab sets CI=true too: no GitHub `::` syntax there, the report GitLab reads instead."""
    monkeypatch.setenv("CI", "true")
    monkeypatch.setenv("GITLAB_CI", "true")
    git(repo, "checkout", "-qb", "pr")
    change_vietnamese(repo)
    (repo / "docs/moi.vi.md").write_text(VI.replace("trang-mau", "moi"), encoding="utf-8")
    report = tmp_path / "gl-code-quality-i18n.json"
    assert cli.main(["changed", "--base", "main", "--docs", str(repo / "docs"), "--codequality", str(report)]) == 1
    out = capsys.readouterr().out
    assert "::" not in out
    assert out.splitlines()[0].startswith("docs/moi.vi.md:1: [translation-missing] thiếu bản dịch docs/moi.en.md")
    assert "docs/trang-mau.vi.md:1: [translation-not-updated] (cảnh báo) bản tiếng Việt đã sửa" in out
    issues = json.loads(report.read_text(encoding="utf-8"))
    assert [(i["check_name"], i["severity"], i["location"]) for i in issues] == [
        ("translation-missing", "major", {"path": "docs/moi.vi.md", "lines": {"begin": 1}}),
        ("translation-not-updated", "minor", {"path": "docs/trang-mau.vi.md", "lines": {"begin": 1}})]
    assert all(len(i["fingerprint"]) == 64 and i["description"].startswith("[") for i in issues)
