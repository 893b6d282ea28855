"""The small findings of the red-team pass: bounded pages, control characters, `moved_from`
out of the site or onto a generated file, `owner` and data/owners.yml injecting CODEOWNERS
rules, CI annotations and terminal output, feed.xml, git paths. Each asserts the exact rule
id, that nothing is written, and that no traceback reaches the user."""
from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from test_hostile_content import check_capped, pair, problems

from scripts import checks

ROOT = Path(__file__).resolve().parent.parent




def _clean(proc: subprocess.CompletedProcess, rule: str, where: str) -> str:
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out[-2000:]
    assert f"{where}: [{rule}]" in out, out[-2000:]
    assert "Traceback" not in out and "MemoryError" not in out, out[-2000:]
    return out


# -------------------------------------------------------------------------- bounded work per page
def test_a_20_mb_body_is_refused_in_bounded_memory(tmp_path):
    docs = tmp_path / "docs"
    pair(docs, "big", body=("Một đoạn văn có [liên kết](https://x.example) và <b>chữ</b>. " * 50 + "\n\n") * 7000)
    assert (docs / "big.vi.md").stat().st_size > 20_000_000
    _clean(check_capped(docs), "body-too-large", f"{docs / 'big.vi.md'}:8")


def test_100000_headings_are_refused(tmp_path):
    docs = tmp_path / "docs"
    pair(docs, "heads", body="".join(f"## M{i}\n" for i in range(100_000)))  # 0.8 MB: under the size limit
    _clean(check_capped(docs), "too-many-headings", f"{docs / 'heads.vi.md'}:8")
    assert [p for p in problems(docs) if p[0] == "heads.vi.md"] == [("heads.vi.md", 8, "too-many-headings")]


@pytest.mark.slow
def test_the_build_of_an_oversized_page_writes_nothing(tmp_path):
    from bench.harness import build, write_config
    docs = tmp_path / "docs"
    pair(docs, "index", body="".join(f"# H{i}\n\n" for i in range(1500)))
    config = write_config(tmp_path / "mkdocs.yml", docs, nav=["index.md"])
    proc = build(config, tmp_path / "site")
    assert proc.returncode != 0 and "[too-many-headings]" in proc.stdout + proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    assert not (tmp_path / "site").exists()


# -------------------------------------------------------------------------- control characters
@pytest.mark.parametrize("value, char", [("Luật\\x1b[2J", "U+001B"), ("a\\u202eb", "U+202E"), ("x\\x00y", "U+0000"),
                                         ("note\\x85", "U+0085")])
def test_control_characters_in_front_matter_are_refused(tmp_path, value, char):
    docs = tmp_path / "docs"
    pair(docs, "p", vi_extra=f'description: "{value}"\n')
    found = [p for p in checks.run(docs, root=docs.parent) if p.rule == "control-char"]
    assert [(Path(p.path).name, p.line) for p in found] == [("p.vi.md", 7)]
    assert char in found[0].message


def test_terminal_output_carries_no_escape_sequence(tmp_path):
    docs = tmp_path / "docs"
    pair(docs, "p", vi_extra='description: "\\x1b]0;pwned\\x07\\x1b[31mđỏ"\n')
    lines = checks.format_problems(checks.run(docs, root=docs.parent), annotations=False)
    assert lines and not any("\x1b" in line or "\x07" in line for line in lines)


def test_i18n_status_strips_escape_sequences():
    from scripts.translation import cli

    class Entry:
        translation, source, state, changed, recorded, current = "docs/x\x1b[2J.en.md", "", "outdated", "", "", ""
        differences = ["\x1b]0;title\x07khác"]
        diff = "-a\x1b[31m\n+b\r\n"
    cov = dict.fromkeys(("pages", "translations", "ok", "outdated", "missing", "pending", "unrecorded", "orphan"), 0)
    out = cli.format_table([Entry()], cov, True)
    assert "\x1b" not in out and "\x07" not in out and "\r" not in out
    assert "docs/x[2J.en.md" in out


# -------------------------------------------------------------------------- CI annotations
def test_annotation_values_are_escaped_under_ci(tmp_path):
    docs = tmp_path / "docs"
    pair(docs, "p", vi_extra='description: "javascript:a\\n::add-mask::secret\\r\\n::error file=x::y 100%"\n')
    found = checks.run(docs, root=docs.parent)
    lines = checks.format_problems(found, annotations=True)
    assert lines and all(line.count("\n") == 0 and "\r" not in line for line in lines)
    assert not any(line.split("::", 2)[-1].startswith("add-mask") for line in lines)
    hit = next(line for line in lines if "%0A::add-mask::" in line)
    assert "%25" in hit and "%0D%0A::error" in hit
    from scripts.render import escape
    assert escape.annotation_property("docs/a,b:c.md") == "docs/a%2Cb%3Ac.md"


# -------------------------------------------------------------------------- moved_from
@pytest.mark.parametrize("value", ["../../../../x", "a/../../x", "/../x", "\\nfeed.xml", "feed.xml", "sitemap.xml",
                                   "assets/javascripts", "search", "en/x", "m/khung", "a\\\\b", "//other.example/x",
                                   "https://other.example/", "", "404.html", "Tài-liệu"])
def test_moved_from_outside_the_site_or_onto_a_generated_file_is_refused(tmp_path, value):
    docs = tmp_path / "docs"
    pair(docs, "p", vi_extra=f'moved_from: ["{value}"]\n')
    assert ("p.vi.md", 7, "bad-moved-from") in problems(docs)


def test_a_good_moved_from_passes_and_is_normalised():
    from scripts.model import addresses
    assert addresses.moved_stem(" /modules/cu/ ") == ("modules/cu", "")
    assert addresses.moved_stem("legal/luat_cu-2011") == ("legal/luat_cu-2011", "")


@pytest.mark.slow
def test_the_build_never_writes_a_redirect_outside_the_site(tmp_path):
    """Past the check: the build itself only writes the paths moved_stem accepts."""
    from bench.harness import write_config
    docs = tmp_path / "docs"
    pair(docs, "index", vi_extra='moved_from: ["../../escaped", "\\nfeed.xml", "cu/trang"]\n')
    (tmp_path / "work").mkdir()
    config = write_config(tmp_path / "work" / "mkdocs.yml", docs, nav=["index.md"])
    code = ("import sys; import scripts.checks as c; c.run = lambda *a, **k: []\n"
            "from mkdocs.__main__ import cli; sys.exit(cli(sys.argv[1:]))")
    proc = subprocess.run([sys.executable, "-c", code, "build", "-f", str(config), "-d", str(tmp_path / "work" / "site")],
                          cwd=tmp_path, env=dict(os.environ, PYTHONPATH=str(ROOT), NO_MKDOCS_2_WARNING="1"),
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr[-3000:]
    site = tmp_path / "work" / "site"
    assert (site / "cu" / "trang" / "index.html").is_file()
    assert not (tmp_path / "escaped").exists() and not (tmp_path / "work" / "escaped").exists()
    assert (site / "feed.xml").is_file()  # the feed, not a folder of a redirect
    ET.parse(site / "feed.xml")


# -------------------------------------------------------------------------- owner and data/owners.yml
@pytest.mark.parametrize("owner", ["Ban\\n/.github/ @attacker", "Ban\\r\\n* @attacker", "Ban # @x", "@attacker",
                                   "x" * 120])
def test_an_owner_must_be_one_line_of_allowed_characters(tmp_path, owner):
    docs = tmp_path / "docs"
    pair(docs, "p", vi_extra=f'owner: "{owner}"\n'.replace("owner: Ban biên tập\n", ""))
    text = (docs / "p.vi.md").read_text(encoding="utf-8").replace("owner: Ban biên tập\n", "", 1)
    (docs / "p.vi.md").write_text(text, encoding="utf-8")
    assert ("p.vi.md", 6, "bad-owner") in problems(docs), problems(docs)


OWNERS_BAD = {
    "alias": "default: &a ['@org/team']\nowners:\n  Ban: *a\n",
    "tag": "default: !!python/object/apply:os.system ['echo pwned']\n",
    "newline in a handle": "default: ['@org/team\\n/.github/ @attacker']\n",
    "newline in a name": "owners:\n  \"Ban\\n/CODEOWNERS @attacker\": ['@org/team']\n",
    "path with a space": "paths:\n  \"/.github/ @attacker /x\": ['@org/team']\n",
    "not a handle": "default: ['attacker']\n",
}


@pytest.mark.parametrize("name", list(OWNERS_BAD))
def test_owners_yml_is_read_safely_and_each_value_checked(tmp_path, name):
    root = tmp_path / "repo"
    docs = root / "docs"
    pair(docs, "p")
    (root / "data").mkdir()
    (root / "data" / "owners.yml").write_text(OWNERS_BAD[name], encoding="utf-8")
    (root / ".git").mkdir()  # codeowners looks only inside a repository
    found = [p for p in checks.run(docs, root=root) if p.is_error]
    assert [p.path for p in found if p.rule == "bad-owner"] == ["data/owners.yml"], found
    from scripts.checks import codeowners
    assert codeowners.load_owners(root) is None  # nothing generated from a bad table
    code = "from scripts.cli import main; import sys; sys.exit(main(sys.argv[1:]))"
    proc = subprocess.run([sys.executable, "-c", code, "check", "--docs", str(docs), "--config", ""], cwd=root,
                          env=dict(os.environ, PYTHONPATH=str(ROOT), CI="false"), capture_output=True, text=True,
                          timeout=120)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1 and "data/owners.yml" in out and "[bad-owner]" in out, out[-2000:]
    assert "Traceback" not in out and "pwned" not in out


def test_the_real_owners_file_passes():
    from scripts.checks import safety
    table, found = safety.load_owners(ROOT / "data" / "owners.yml")
    assert found == [] and table


# -------------------------------------------------------------------------- feeds
def test_feed_xml_is_well_formed_with_control_characters_in_notes(tmp_path):
    from scripts.model.tree import load_tree
    from scripts.render import feeds
    docs = tmp_path / "docs"
    pair(docs, "p",
         vi_extra='revision: 1\nrevisions:\n  - {revision: 1, date: "2026-11-01", note: "a\\x01b\\x1bc\\ufffed <&>"}\n')
    for f in docs.glob("p.*.md"):
        f.write_text(f.read_text(encoding="utf-8").replace("type: page", "type: guidance"), encoding="utf-8")
    xml = feeds.atom(load_tree(docs), "vi", "https://example.invalid/", "Sổ tay")
    root = ET.fromstring(xml.split("\n", 1)[1])
    summary = root.find("{http://www.w3.org/2005/Atom}entry/{http://www.w3.org/2005/Atom}summary")
    assert summary.text == "abcd <&>"


# -------------------------------------------------------------------------- git paths
def test_i18n_changed_sees_vietnamese_file_names(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("CI", "true")  # GitHub's annotations: the path is a property value there
    monkeypatch.delenv("GITLAB_CI", raising=False)
    from scripts.translation import cli

    def git(*args):
        subprocess.run(["git", "-C", str(tmp_path), *args], check=True, capture_output=True)
    docs = tmp_path / "docs"
    pair(docs, "tài-liệu")
    git("init", "-q", "-b", "main")
    git("config", "user.email", "t@example.invalid")
    git("config", "user.name", "T")
    git("add", ".")
    git("commit", "-qm", "first")
    git("checkout", "-qb", "pr")
    path = docs / "tài-liệu.vi.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nThêm.\n", encoding="utf-8")
    git("commit", "-qam", "vi")
    assert cli.main(["changed", "--base", "main", "--docs", str(docs)]) == 0
    out = capsys.readouterr().out
    assert "::warning file=docs/tài-liệu.vi.md,line=1,title=translation-not-updated::" in out, out
    assert cli.porcelain_paths("R  mới.md\0cũ.md\0 M tài liệu.md\0") == {"mới.md", "cũ.md", "tài liệu.md"}


# -------------------------------------------------------------------------- files copied as they are
@pytest.mark.parametrize("name", ["x.html", "hinh.svg", "a.js", "b.xml", "c.xhtml", "d.SVG", "noext"])
def test_a_file_the_browser_could_run_is_refused_in_docs(tmp_path, name):
    docs = tmp_path / "docs"
    pair(docs, "p")
    (docs / "img").mkdir()
    (docs / "img" / name).write_text("<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", encoding="utf-8")
    found = [p for p in checks.run(docs, root=docs.parent) if p.rule == "unsafe-file"]
    assert [(p.path, p.line) for p in found] == [(f"docs/img/{name}", 1)]


def test_images_and_pdfs_pass(tmp_path):
    docs = tmp_path / "docs"
    pair(docs, "p")
    for name in ("a.png", "b.JPG", "c.webp", "d.pdf"):
        (docs / name).write_bytes(b"\x89PNG")
    assert [p for p in checks.run(docs, root=docs.parent) if p.rule == "unsafe-file"] == []
