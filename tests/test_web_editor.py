"""An editor who only uses the web editor: in a temporary git repository holding the real
content, a legal page added by copying another (no command run: the files are written as
the web editor writes them, one commit each) passes `check`, leaves CODEOWNERS as it is,
and needs no translation command; the preview copy (`make preview`) opens from file:// in
Chromium with every navigation link reaching a page, in both languages."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCE = "docs/legal/qd-1863-2019-ttg"


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), "-c", "user.name=Biên tập", "-c", "user.email=bt@example.invalid",
                           *args], check=True, capture_output=True, text=True).stdout


def cli(repo: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, CI="false", PYTHONPATH=str(ROOT), NO_MKDOCS_2_WARNING="1")
    return subprocess.run([sys.executable, "-m", "scripts", *args], cwd=repo, env=env, capture_output=True, text=True)


@pytest.fixture
def repo(tmp_path):
    """The real docs/, mkdocs.yml, owners and CODEOWNERS files in a fresh repository."""
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    (tmp_path / "data").mkdir()
    for name in ("owners.yml", "urls.txt"):
        if (ROOT / "data" / name).exists():
            shutil.copy(ROOT / "data" / name, tmp_path / "data" / name)
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    (tmp_path / ".github").mkdir()
    shutil.copy(ROOT / ".github/CODEOWNERS", tmp_path / ".github/CODEOWNERS")
    shutil.copy(ROOT / "CODEOWNERS", tmp_path / "CODEOWNERS")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "start")
    return tmp_path


def web_copy(repo: Path, source: str, new: str, changes: dict[str, list[tuple[str, str]]]) -> None:
    """Create new.<lang>.md from source.<lang>.md with these text replacements, one commit each."""
    for lang, edits in changes.items():
        text = (repo / f"{source}.{lang}.md").read_text(encoding="utf-8")
        for old, value in edits:
            assert re.search(old, text, re.M), (lang, old)
            text = re.sub(old, value, text, count=1, flags=re.M)
        (repo / f"{new}.{lang}.md").write_text(text, encoding="utf-8")
        git(repo, "add", f"{new}.{lang}.md")
        git(repo, "commit", "-qm", f"Create {new}.{lang}.md")


DECREE = {
    "vi": [(r"^id: .*$", "id: nd-56-2017"),
           (r"^title: .*$", 'title: "Nghị định 56/2017/NĐ-CP quy định chi tiết một số điều của Luật Trẻ em"'),
           (r"^full_title: .*$", 'full_title: "Nghị định quy định chi tiết một số điều của Luật Trẻ em"'),
           (r"^doc_number: .*$", "doc_number: 56/2017/NĐ-CP"), (r"^doc_type: .*$", "doc_type: Nghị định"),
           (r"^issuer: .*$", "issuer: Chính phủ"), (r"^issued: .*$", 'issued: "2017-05-09"'),
           (r"^effective: .*$", 'effective: "2017-07-01"')],
    "en": [(r"^id: .*$", "id: nd-56-2017"),
           (r"^title: .*$", 'title: "Decree 56/2017/ND-CP detailing the Law on Children"'),
           (r"^translation_of: .*$", "translation_of: current")],
}


def test_a_legal_page_copied_in_the_web_editor_passes_check_with_no_command(repo):
    before = {rel: (repo / rel).read_text(encoding="utf-8") for rel in (".github/CODEOWNERS", "CODEOWNERS")}
    web_copy(repo, SOURCE, "docs/legal/nd-56-2017", DECREE)
    config = repo / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if x.strip() == "- legal/qd-1863-2019-ttg.md")
    config.write_text(text.replace(line, line.replace("qd-1863-2019-ttg", "nd-56-2017") + "\n" + line, 1),
                      encoding="utf-8")
    git(repo, "commit", "-qam", "Update mkdocs.yml")
    result = cli(repo, "check", "--docs", "docs", "--config", "mkdocs.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("✅ nội dung ok"), result.stdout
    assert "translation-outdated" not in result.stdout  # translation_of: current, written by hand
    # the page has its folder's owner: CODEOWNERS needs no line, and --write would change nothing
    assert cli(repo, "codeowners", "--docs", "docs").stdout == before["CODEOWNERS"]
    assert {rel: (repo / rel).read_text(encoding="utf-8") for rel in before} == before


def test_a_copy_that_keeps_template_text_or_its_sources_relations_is_told(repo):
    decree = {lang: list(edits) for lang, edits in DECREE.items()}
    decree["vi"].append((r"^## (.*)$", "## \\1\n\n- Ý thứ nhất."))
    web_copy(repo, SOURCE, "docs/legal/nd-56-2017", decree)
    result = cli(repo, "check", "--docs", "docs", "--config", "")
    assert result.returncode == 1
    assert [x.split(": [")[1].split("]")[0] for x in result.stdout.splitlines()] == ["template-text"], result.stdout


# -- the preview, opened from disk ---------------------------------------------------------------
@pytest.fixture(scope="module")
def preview(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("preview") / "preview"
    env = {k: v for k, v in os.environ.items() if k not in {"MAKEFLAGS", "MAKELEVEL", "MFLAGS"}}
    result = subprocess.run(["make", "--no-print-directory", "-C", str(ROOT), "preview", f"PREVIEW_DIR={out}"],
                            env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    return out


@pytest.mark.slow
def test_preview_opens_from_disk_with_every_navigation_link_reaching_a_page(preview, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    outside = []
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                  else (outside.append(route.request.url), route.abort()))
    page = context.new_page()
    # every page the navigation reaches, from each language's home page, following the navigation
    # of each page reached (sections open on their own pages)
    seen, todo, pages = set(), [(preview / "index.html").as_uri(), (preview / "en/index.html").as_uri()], 0
    while todo:
        url = todo.pop()
        if url in seen:
            continue
        seen.add(url)
        assert url.endswith(".html"), f"navigation link to a folder ({url}) shows a listing from disk"
        page.goto(url)
        assert page.locator("article.md-content__inner").count() == 1, f"{url} is not a page"
        pages += 1
        for href in page.eval_on_selector_all(".md-nav a[href], .md-tabs a[href], .md-header a[href]",
                                              "els => els.map(a => a.href)"):
            target = urlsplit(href)._replace(query="", fragment="").geturl()
            if target.startswith("file:") and target not in seen:
                todo.append(target)
    english = sum(1 for url in seen if "/preview/en/" in url)
    assert english >= 25 and pages - english >= 25, (pages, english)  # both languages' navigation, not an empty site
    assert outside == []
    context.close()


@pytest.mark.slow
def test_preview_screenshots_of_the_changed_pages_in_both_languages(preview, tmp_path, browser):
    from bench import preview_shots
    sheet, manifest_path = tmp_path / "all.png", tmp_path / "shots.json"
    manifest = preview_shots.shoot(preview, ["legal/luat-tre-em-2016"], sheet, manifest_path, browser)
    (entry,) = manifest["pages"]
    assert set(entry["langs"]) == {"vi", "en"}
    for lang, shot in entry["langs"].items():
        png = (preview / shot["png"]).read_bytes()
        assert png.startswith(b"\x89PNG") and len(png) > 10_000, lang
    from scripts.model.tree import load_tree
    title = load_tree(ROOT / "docs", bodies=False).page("luat-tre-em-2016", "vi").get("title")
    assert entry["langs"]["vi"]["title"] == title and sheet.read_bytes().startswith(b"\x89PNG")
    text = preview_shots.summary(manifest, "https://example.invalid/a/1", "https://example.invalid/a/2")
    assert "[site-preview](https://example.invalid/a/1)" in text and "(https://example.invalid/a/2)" in text
    assert f"| {title} | `legal/luat-tre-em-2016.html` · ảnh/screenshot " \
           "`_screenshots/legal--luat-tre-em-2016.vi.png` | `en/legal/luat-tre-em-2016.html`" in text


def test_preview_summary_links_each_file_where_the_host_serves_them_and_changed_pages_are_found(repo):
    """GitLab serves one file of an artifact: the summary links each page and screenshot there.
    The changed pages are those of docs/ changed since the base, both languages, a deleted one
    skipped, the home page when none changed."""
    from bench import preview_shots
    manifest = {"pages": [{"stem": "legal/nd-56-2017", "langs": {
        "vi": {"page": "legal/nd-56-2017.html", "png": "_screenshots/legal--nd-56-2017.vi.png", "title": "Nghị định 56"},
        "en": {"page": "en/legal/nd-56-2017.html", "png": "_screenshots/legal--nd-56-2017.en.png",
               "title": "Decree 56"}}}]}
    text = preview_shots.summary(manifest, file_url="https://gitlab.example.invalid/-/jobs/1/artifacts/file/dist/preview/")
    assert ("| Nghị định 56 | [`legal/nd-56-2017.html`](https://gitlab.example.invalid/-/jobs/1/artifacts/file/dist/"
            "preview/legal/nd-56-2017.html) · ảnh/screenshot [`_screenshots/legal--nd-56-2017.vi.png`]") in text
    assert "::" not in text
    docs = repo / "docs"
    assert preview_shots.changed_stems(docs, "main") == ["index"]  # nothing changed: the home page
    git(repo, "checkout", "-qb", "pr")
    web_copy(repo, SOURCE, "docs/legal/nd-56-2017", DECREE)
    (docs / "legal/luat-pcmbn-2011.vi.md").unlink()
    (docs / "legal/luat-pcmbn-2011.en.md").unlink()
    edit = docs / "hotlines.en.md"
    edit.write_text(edit.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")  # not committed yet
    assert preview_shots.changed_stems(docs, "main") == ["hotlines", "legal/nd-56-2017"]
    assert preview_shots.offline_path("index", "en") == "en/index.html"
    assert preview_shots.offline_path("legal/index", "vi") == "legal/index.html"
