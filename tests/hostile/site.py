"""A small site made of every hostile page of the red-team pass, and its build with the content
check switched off: what the sanitiser, the escaping and the CSP do on their own when content
got past the check (or the check has a gap)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

OTHER = "http://other.example"  # every request to it is aborted and recorded by the browser test
EVIL_TITLE = "x](javascript:alert(1)) [y"
REFRESH = f'x" http-equiv="refresh" content="0;url={OTHER}/desc'

# One paragraph each: the body vectors (tests/test_sanitize.py has them one by one)
BODY = "\n\n".join([
    "Trang thử.",
    "<img src=x onError=alert('img')>",
    "<svg ONLOAD=alert('svg')><animate attributeName=href values=javascript:alert('animate') /><a><text>s</text></a></svg>",
    "<details open ONTOGGLE=alert('details')><summary>s</summary>x</details>",
    '<iframe srcdoc="&lt;script&gt;alert(\'srcdoc\')&lt;/script&gt;"></iframe>',
    "[ref][1]",
    "[1]: javascript:alert('ref')",
    '<a id="lead" href=" javascript:alert(\'lead\')">lead</a>',
    '<a id="nl" href="\njavascript:alert(\'nl\')">nl</a>',
    f'<base href="{OTHER}/">',
    f'<meta http-equiv="refresh" content="1;url={OTHER}/meta">',
    f'<form action="{OTHER}/f"><button id="send">send</button></form>',
    f'<link rel="stylesheet" href="{OTHER}/x.css"><img src="{OTHER}/pixel.png">',
    f'![ảnh]({OTHER}/md.png)',
    '[attr](https://x.example){ onclick="alert(\'attr\')" }',
    '<div id="__config">{"search": "https://other.example/worker.js"}</div>',
    "<script>alert('script')</script>",
])

PAGE = '---\nid: {id}\ntype: page\ntitle: "{title}"\nowner: Ban\nlast_reviewed: "2026-11-01"\n{extra}---\n\n{body}\n'
MODULE = ('---\nid: m\ntype: module\ntitle: {title}\nowner: Ban\nlast_reviewed: "2026-11-01"\npublished: "2026-10-01"\n'
          'revision: 1\nrevisions:\n  - {{revision: 1, date: "2026-10-01", note: {note}}}\n'
          'audience: [central]\nteaching: 10\nexercises: 5\nobjectives: [{title}]\nkey_points: [{title}]\n---\n\nNội dung.\n')


def _yaml(text: str) -> str:
    import json
    return json.dumps(text, ensure_ascii=False)


def make_docs(docs: Path) -> Path:
    (docs / "modules").mkdir(parents=True)
    for lang, title in (("vi", "Trang chủ"), ("en", "Home")):
        (docs / f"index.{lang}.md").write_text(PAGE.format(id="home", title=title, extra="", body="Xin chào."),
                                               encoding="utf-8")
        (docs / f"evil.{lang}.md").write_text(
            PAGE.format(id="evil", title="Evil", extra=f"description: {_yaml(REFRESH)}\n", body=BODY), encoding="utf-8")
        (docs / "modules" / f"index.{lang}.md").write_text(
            PAGE.format(id="modules", title="Bài", extra="", body="<!-- module-index -->"), encoding="utf-8")
        (docs / "modules" / f"m.{lang}.md").write_text(
            MODULE.format(title=_yaml(EVIL_TITLE), note=_yaml(EVIL_TITLE + " <img src=x onerror=alert('note')>")),
            encoding="utf-8")
        (docs / f"changelog.{lang}.md").write_text(
            PAGE.format(id="changelog", title="Có gì mới", extra="", body="<!-- changelog -->"), encoding="utf-8")
    return docs


NAV = ["index.md", "evil.md", {"Bài": ["modules/index.md", "modules/m.md"]}, "changelog.md"]

# the build with the content check answering "nothing wrong"
_UNCHECKED = ("import sys; import scripts.checks as c; c.run = lambda *a, **k: []\n"
              "from mkdocs.__main__ import cli; sys.exit(cli(sys.argv[1:]))")


def build_unchecked(tmp: Path) -> tuple[subprocess.CompletedProcess, Path]:
    from bench.harness import write_config
    docs = make_docs(tmp / "docs")
    config = write_config(tmp / "mkdocs.yml", docs, nav=NAV)
    site = tmp / "site"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-c", _UNCHECKED, "build", "-f", str(config), "-d", str(site)],
                          cwd=tmp, env=env, capture_output=True, text=True, timeout=300)
    return proc, site
