"""Hostile content in a pull request: front matter that tries to run a script or exhaust the
machine, raw HTML and script URLs. `python -m scripts check` (and so the build) reports each
as one `path:line: [rule-id] message` line, never a traceback."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from scripts import checks

ROOT = Path(__file__).resolve().parent.parent


HEAD = 'id: {id}\ntype: page\ntitle: "{title}"\nowner: Ban biên tập\nlast_reviewed: "2026-11-01"\n'


def pair(docs: Path, stem: str, vi_extra: str = "", body: str = "Nội dung.\n", title: str = "Trang", en_extra: str = ""):
    docs.mkdir(parents=True, exist_ok=True)
    pid = stem.replace("/", "-")
    (docs / f"{stem}.vi.md").write_text("---\n" + HEAD.format(id=pid, title=title) + vi_extra + "---\n\n" + body,
                                        encoding="utf-8")
    (docs / f"{stem}.en.md").write_text(f'---\nid: {pid}\ntype: page\ntitle: "Page"\nlast_reviewed: "2026-11-01"\n'
                                        f'{en_extra}---\n\nText.\n',
                                        encoding="utf-8")


def problems(docs: Path, config: Path | None = None) -> list[tuple[str, int, str]]:
    return [(Path(p.path).name, p.line, p.rule) for p in checks.run(docs, config_file=config, root=docs.parent)
            if p.is_error]


def check_capped(docs: Path) -> subprocess.CompletedProcess:
    """`python -m scripts check --docs DOCS` with the address space capped at 1 GiB."""
    code = ("import resource, sys; resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))\n"
            "from scripts.cli import main; sys.exit(main(sys.argv[1:]))")
    return subprocess.run([sys.executable, "-c", code, "check", "--docs", str(docs), "--config", ""], cwd=ROOT,
                          # plain `path:line: [rule]` lines, also under CI=true (which prints annotations)
                          env=dict(os.environ, PYTHONPATH=str(ROOT), CI="false"), capture_output=True, text=True,
                          timeout=120)


# --------------------------------------------------------------------------- front matter limits


BILLION_LAUGHS = "".join(
    ['lol0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n']
    + [f"lol{i}: &a{i} [*a{i-1},*a{i-1},*a{i-1},*a{i-1},*a{i-1},*a{i-1},*a{i-1},*a{i-1},*a{i-1}]\n" for i in range(1, 10)]
    + ["description: *a9\n"])


def test_yaml_aliases_billion_laughs_are_refused_in_bounded_memory(tmp_path):
    docs = tmp_path / "docs"
    pair(docs, "bomb", vi_extra=BILLION_LAUGHS)
    proc = check_capped(docs)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out[-2000:]
    assert f"{docs / 'bomb.vi.md'}:7: [yaml-syntax]" in out and "neo/bí danh" in out, out[-2000:]
    assert "Traceback" not in out and "MemoryError" not in out


@pytest.mark.parametrize("tagged", ["!!python/object/apply:os.system ['echo pwned']",
                                    "!!python/name:os.system", "!!binary aGVsbG8=", "!custom x"])
def test_any_yaml_tag_is_refused_with_a_clear_line(tmp_path, tagged):
    docs = tmp_path / "docs"
    pair(docs, "tag", vi_extra=f"description: {tagged}\n")
    proc = check_capped(docs)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert f"{docs / 'tag.vi.md'}:7: [yaml-syntax]" in out and "thẻ YAML" in out, out
    assert "Traceback" not in out and "pwned" not in out


def test_front_matter_over_64_kb_is_refused(tmp_path):
    docs = tmp_path / "docs"
    pair(docs, "big", vi_extra="description: \"" + "x" * 70_000 + "\"\n")
    assert [p for p in problems(docs) if p[0] == "big.vi.md"] == [("big.vi.md", 1, "yaml-syntax")]
    never_closed = docs / "open.vi.md"
    never_closed.write_text("---\nid: open\n" + "note: x\n" * 20_000 + "\nbody\n", encoding="utf-8")
    assert ("open.vi.md", 1, "yaml-syntax") in problems(docs)


def test_the_ack_engine_skips_a_hostile_page_without_a_traceback(tmp_path):
    from scripts.acks.updates import load_updates
    docs = tmp_path / "docs"
    pair(docs, "tag", vi_extra="description: !!python/object/apply:os.system ['echo pwned']\n")
    assert load_updates(docs) == {}


# --------------------------------------------------------------------------- unsafe HTML and URLs


@pytest.mark.parametrize("field, value", [
    ("title", "<img src=x onerror=alert(1)>"),
    ("owner", "Ban <b>biên tập</b>"),
    ("description", "a </title><script>alert(1)</script>"),
])
def test_angle_brackets_in_front_matter_text_are_unsafe_html(tmp_path, field, value):
    docs = tmp_path / "docs"
    if field == "title":
        pair(docs, "p", title=value.replace('"', '\\"'))
    else:
        pair(docs, "p", vi_extra=f"{field}: \"{value}\"\n")
    line = {"title": 4, "owner": 7, "description": 7}[field]
    assert ("p.vi.md", line, "unsafe-html") in problems(docs)


def test_objectives_of_a_module_are_checked_too(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "m.vi.md").write_text(
        "---\nid: m\ntype: module\ntitle: Bài\nowner: Ban\nlast_reviewed: \"2026-11-01\"\naudience: [central]\n"
        "teaching: 10\nexercises: 5\nobjectives:\n  - \"Hiểu <svg onload=alert(1)>\"\nkey_points: [\"Ý chính\"]\n"
        "---\n\nNội dung.\n", encoding="utf-8")
    (docs / "m.en.md").write_text("---\nid: m\ntype: module\ntitle: Module\n---\n\nText.\n", encoding="utf-8")
    assert ("m.vi.md", 10, "unsafe-html") in problems(docs)


@pytest.mark.parametrize("value", ["javascript:alert(1)", " JaVaScRiPt:alert(1)", "java\tscript:alert(1)",
                                   "&#106;avascript:alert(1)", "data:text/html;base64,PHNjcmlwdD4=",
                                   "vbscript:msgbox(1)"])
def test_script_urls_in_front_matter_are_unsafe_url(tmp_path, value):
    docs = tmp_path / "docs"
    pair(docs, "p", vi_extra=f"description: \"{value}\"\n")
    assert ("p.vi.md", 7, "unsafe-url") in problems(docs)


def _config(tmp_path: Path, extra: str) -> Path:
    path = tmp_path / "mkdocs.yml"
    path.write_text("site_name: X\nmarkdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: "
                    "!!python/name:material.extensions.emoji.twemoji\nextra:\n" + extra, encoding="utf-8")
    return path


def test_mkdocs_extra_urls_and_the_form_url(tmp_path):
    docs = tmp_path / "docs"
    pair(docs, "p")
    bad = _config(tmp_path, '  ack_form_url: "http://forms.example/{id}"\n  social:\n'
                            '    - link: "javascript:alert(1)"\n')
    found = [p for p in problems(docs, bad) if p[0] == "mkdocs.yml"]
    assert found == [("mkdocs.yml", 6, "unsafe-url"), ("mkdocs.yml", 8, "unsafe-url")]
    good = _config(tmp_path, '  ack_form_url: "https://forms.example/{id}"\n')
    assert [p for p in problems(docs, good) if p[0] == "mkdocs.yml"] == []
    assert [p for p in problems(ROOT / "docs", ROOT / "mkdocs.yml") if p[2].startswith("unsafe")] == []


def test_script_in_a_page_body_is_reported_and_no_page_is_exempt(tmp_path):
    docs = tmp_path / "docs"
    body = ("Xin chào.\n\n```html\n<script>trong khối mã: được</script>\n```\n\n`<script>` cũng được.\n\n"
            "<div onmouseover=\"alert(1)\">x</div>\n\n<SCRIPT src=//evil></SCRIPT>\n\n[bấm](javascript:alert(1))\n")
    pair(docs, "p", body=body)
    found = [p for p in problems(docs) if p[0] == "p.vi.md"]
    assert found == [("p.vi.md", 17, "unsafe-html"), ("p.vi.md", 19, "unsafe-html"), ("p.vi.md", 21, "unsafe-url")]
    # the sanitiser removes them whatever the configuration says: the old exemption is gone
    allowed = _config(tmp_path, "  raw_html_allowed: [p.vi.md]\n")
    assert [p for p in problems(docs, allowed) if p[0] == "p.vi.md"] == found


# (Markdown body, the line of the finding in the body, rule): every body vector of the red-team pass
BODY_FINDINGS = [
    ("<img src=x onError=alert(1)>", 1, "unsafe-html"),
    ("<svg ONLOAD=alert(1)></svg>", 1, "unsafe-html"),
    ("<details open ONTOGGLE=alert(1)><summary>s</summary>x</details>", 1, "unsafe-html"),
    ('<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>', 1, "unsafe-html"),
    ("[x][1]\n\n[1]: javascript:alert(1)", 3, "unsafe-url"),
    ('<a href=" javascript:alert(1)">a</a>', 1, "unsafe-url"),
    ('<a\nhref="\njavascript:alert(1)">a</a>', 1, "unsafe-url"),
    ("<svg><animate attributeName=href values=javascript:alert(1) /></svg>", 1, "unsafe-html"),
    ('Đầu.\n\n<base href="http://other.example/">', 3, "unsafe-html"),
    ('<meta http-equiv="refresh" content="0;url=http://other.example/">', 1, "unsafe-html"),
    ('<form action="http://other.example/"><button>b</button></form>', 1, "unsafe-html"),
    ('<object data="x"></object>', 1, "unsafe-html"),
    ("<style>p{}</style>", 1, "unsafe-html"),
    ('<p style="color:red">x</p>', 1, "unsafe-html"),
    ('[a](https://x.example){ onclick="alert(1)" }', 1, "unsafe-html"),
    ("![ảnh](https://other.example/a.png)", 1, "unsafe-url"),
    ("[a](//other.example/x)", 1, "unsafe-url"),
    ('<div id="__config">x</div>', 1, "unsafe-html"),
]


@pytest.mark.parametrize("body, line, rule", BODY_FINDINGS, ids=[b[0][:40] for b in BODY_FINDINGS])
def test_the_check_names_what_the_sanitiser_removes_at_its_line(tmp_path, body, line, rule):
    docs = tmp_path / "docs"
    pair(docs, "p", body=body + "\n")
    found = [p for p in problems(docs) if p[0] == "p.vi.md"]
    assert ("p.vi.md", 8 + line, rule) in found, found  # the body starts on line 9


def test_the_handbooks_own_markdown_is_not_reported(tmp_path):
    docs = tmp_path / "docs"
    body = ('!!! note "Ghi chú"\n    Xem <https://x.example/> và <a@b.example>.\n\n=== "A"\n    a\n\n'
            '<details markdown><summary>Đáp án</summary>\n\n**x**\n\n</details>\n\n'
            '<a href="https://x.example/feed.xml" type="application/atom+xml">Atom</a> [gọi](tel:111)\n\n'
            '## Mục { #muc .instructor }\n\nA < B và C > D.\n')
    pair(docs, "p", body=body)
    # (the e-mail autolink is the personal-data check's concern: tests/test_personal.py)
    assert [p for p in problems(docs) if p[0] == "p.vi.md" and p[2] != "personal-data"] == []


def test_escaped_but_allowed_characters_pass_the_check(tmp_path):
    docs = tmp_path / "docs"
    pair(docs, "p", title='Luật \\"A\\" & B', vi_extra="description: \"Điều 1 & Điều 2; 'trích dẫn'\"\n")
    assert problems(docs) == []


# --------------------------------------------------------------------------- in the browser


def _site(tmp_path: Path, title: str, owner: str) -> tuple:
    from bench.harness import build, write_config
    docs = tmp_path / "docs"
    docs.mkdir(parents=True)
    (docs / "index.vi.md").write_text(f"---\nid: home\ntype: page\ntitle: '{title}'\nowner: '{owner}'\n"
                                      "last_reviewed: \"2026-11-01\"\n---\n\nXin chào.\n", encoding="utf-8")
    (docs / "index.en.md").write_text(f"---\nid: home\ntype: page\ntitle: '{title}'\nlast_reviewed: \"2026-11-01\"\n"
                                      "---\n\nHello.\n", encoding="utf-8")
    config = write_config(tmp_path / "mkdocs.yml", docs, nav=["index.md"])
    return build(config, tmp_path / "site"), tmp_path / "site"


@pytest.mark.slow
def test_a_script_in_front_matter_cannot_build_and_allowed_characters_render_as_text(tmp_path, serve, page):
    result, _ = _site(tmp_path / "evil", "<img src=x onerror=alert(1)>", "Ban biên tập")
    out = result.stdout + result.stderr
    assert result.returncode != 0 and "[unsafe-html]" in out, out[-3000:]
    result, site = _site(tmp_path / "ok", 'Luật "A" & B <3', "Ban \"X\" & Y")
    assert result.returncode != 0  # "<3" is an angle bracket too
    result, site = _site(tmp_path / "ok2", 'Luật "A" & B', "Ban \"X\" & Y")
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(serve(site))
    assert "<img" not in page.title() and "onerror" not in page.content()  # the home page's title is the site name
    assert page.locator("article h1").first.inner_text() == 'Luật "A" & B'
    assert 'Ban "X" & Y' in page.locator("#review").inner_text()
    assert dialogs == [] and page.locator("img[src=x]").count() == 0


def test_percent_escaped_link_paths_are_decoded(tmp_path):
    docs = tmp_path / "docs"
    pair(docs, "tài-liệu")
    (docs / "ghi chu.pdf").write_bytes(b"%PDF-1.4\n")
    pair(docs, "p", body="[a](t%C3%A0i-li%E1%BB%87u.md) [b](ghi%20chu.pdf) ![c](ghi%20chu.pdf) [d](kh%C3%B4ng-c%C3%B3.md)\n")
    found = [p for p in problems(docs) if p[0] == "p.vi.md"]
    assert found == [("p.vi.md", 9, "broken-link")]


def test_the_renderer_escapes_every_front_matter_value_even_past_the_check(tmp_path):
    """Defence in depth: if a hostile value got past the check, the boxes still show it as text."""
    from scripts import render
    from scripts.model.tree import load_tree
    evil = "<img src=x onerror=alert(1)>"
    docs = tmp_path / "docs"
    (docs / "legal").mkdir(parents=True)
    (docs / "legal" / "x.vi.md").write_text(
        f"---\nid: x\ntype: legal-update\ntitle: '{evil}'\nowner: '{evil}'\nlast_reviewed: \"2026-11-01\"\n"
        f"doc_number: '{evil}'\ndoc_type: '{evil}'\nissuer: '{evil}'\nsigner: '{evil}'\nsigner_title: '{evil}'\n"
        f"issued: '{evil}'\nstatus: '{evil}'\nstatus_note: '{evil}'\nsource_url: '\"><script>alert(1)</script>'\n"
        f"published: \"2026-01-01\"\nrevision: '{evil}'\nack: {{required: true, audience: ['{evil}'], due: 30}}\n"
        f"---\n\nText.\n", encoding="utf-8")
    (docs / "m.vi.md").write_text(
        f"---\nid: m\ntype: module\ntitle: '{evil}'\nowner: x\nlast_reviewed: \"2026-11-01\"\n"
        f"audience: ['{evil}']\nobjectives: ['{evil}']\nkey_points: ['{evil}']\nteaching: 1\nexercises: 1\n"
        f"---\n\nText.\n", encoding="utf-8")
    tree = load_tree(docs)
    for page in tree.pages:
        for lang in ("vi", "en"):
            out = render.decorate("", page, tree, lang, {"ack_form_url": "https://f.example/{id}?r={revision}"})
            assert "<img" not in out and "<script" not in out, out
            assert "&lt;img" in out


def test_script_urls_hidden_inside_front_matter_text_and_attr_lists(tmp_path):
    docs = tmp_path / "docs"
    pair(docs, "p", vi_extra="description: \"xem [đây](javascript:alert(1))\"\nnote_a: \"Metadata: ok\"\n",
         body="[a](https://x.example){ onclick=\"alert(1)\" }\n\n## Tiêu đề { #muc-1 }\n")
    found = [p for p in problems(docs) if p[0] == "p.vi.md" and p[2].startswith("unsafe")]
    assert found == [("p.vi.md", 7, "unsafe-url"), ("p.vi.md", 11, "unsafe-html")]


def test_relation_text_is_escaped_for_markdown(tmp_path):
    from scripts import render
    from scripts.model.tree import load_tree
    docs = tmp_path / "docs" / "legal"
    docs.mkdir(parents=True)
    (docs / "a.vi.md").write_text("---\nid: a\ntype: legal-update\ntitle: 'x](javascript:alert(1)) [y'\n---\n",
                                  encoding="utf-8")
    (docs / "b.vi.md").write_text("---\nid: b\ntype: legal-update\ntitle: B\nrelations:\n  - {type: replaces, "
                                  "target: a, part: '[p](javascript:alert(2))'}\n---\n", encoding="utf-8")
    tree = load_tree(tmp_path / "docs")
    out = render.legal.relations(render.context.RenderContext(page=tree.page("b", "vi"), tree=tree, lang="vi"))
    assert "](javascript:" not in out and "[p]" not in out
    assert "x&#93;&#40;javascript:alert&#40;1&#41;&#41; &#91;y" in out
