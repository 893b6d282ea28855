"""The protection, not the check: the allow-list sanitiser every page's HTML passes
(scripts/render/sanitize.py), the one escaping module (scripts/render/escape.py) and the
Content-Security-Policy (scripts/build/csp.py). Each vector of the red-team pass is here as
the HTML Markdown gives the sanitiser."""
from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import markdown
import pytest

from scripts.build import csp
from scripts.render import escape, sanitize
from scripts.render.escape import MARK_CLOSE, MARK_OPEN

ROOT = Path(__file__).resolve().parent.parent


EXTENSIONS = ["abbr", "admonition", "attr_list", "def_list", "footnotes", "md_in_html", "tables", "toc",
              "pymdownx.details", "pymdownx.superfences", "pymdownx.tabbed"]
CONFIG = {"toc": {"permalink": True}, "pymdownx.tabbed": {"alternate_style": True}}


def rendered(text: str) -> str:
    """The Markdown as the build renders it, then sanitised (what reaches the page)."""
    return sanitize.clean(markdown.markdown(text, extensions=EXTENSIONS, extension_configs=CONFIG))


SCRIPT_MARKERS = re.compile(r"javascript:|\son[a-z]+\s*=|<(script|iframe|svg|animate|base|meta|object|embed|form|"
                            r"style|link|math|template)\b|srcdoc|http-equiv", re.I)

# (name, Markdown body): every way a script, a redirect or a foreign request came through
VECTORS = [
    ("img onerror", "<img src=x onError=alert(1)>"),
    ("svg onload", "<svg ONLOAD=alert(1)></svg>"),
    ("details ontoggle", "<details open ONTOGGLE=alert(1)><summary>s</summary>x</details>"),
    ("iframe srcdoc", '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>'),
    ("reference link", "[x][1]\n\n[1]: javascript:alert(1)"),
    ("leading space", '<a href=" javascript:alert(1)">a</a>'),
    ("newline", '<a href="\njavascript:alert(1)">a</a>'),
    ("tab and entity", '<a href="java&#x09;script:alert(1)">a</a> <a href="&#106;avascript:alert(1)">b</a>'),
    ("svg animate", "<svg><animate attributeName=href values=javascript:alert(1) /><a><text>x</text></a></svg>"),
    ("base", '<base href="http://other.example/">'),
    ("meta refresh", '<meta http-equiv="refresh" content="0;url=http://other.example/">'),
    ("form", '<form action="http://other.example/"><input name=q><button formaction="javascript:alert(1)">b</button></form>'),
    ("object embed", '<object data="http://other.example/x.swf"></object><embed src="http://other.example/x">'),
    ("style", "<style>@import url(http://other.example/x.css);</style><link rel=stylesheet href=//other.example/x.css>"),
    ("attr_list handler", '[a](https://x.example){ onclick="alert(1)" }'),
    ("markdown link", "[a](javascript:alert(1)) [b](vbscript:x) [c](data:text/html,<script>alert(1)</script>)"),
    ("template", "<template><img src=x onerror=alert(1)></template><math><mi xlink:href=javascript:alert(1)>x</mi></math>"),
    ("style attribute", '<p style="background:url(http://other.example/x)">x</p>'),
    ("script", "<script>alert(1)</script><SCRIPT src=//other.example/x.js></SCRIPT>"),
]


@pytest.mark.parametrize("name, body", VECTORS, ids=[v[0] for v in VECTORS])
def test_no_vector_survives_the_sanitiser(name, body):
    out = rendered(body)
    assert not SCRIPT_MARKERS.search(out), out


def test_no_request_to_another_origin_from_content():
    out = rendered('![a](https://other.example/a.png) <img src="//other.example/b.png"> '
                   '<img src="x.png" srcset="https://other.example/c.png 2x"> <a ping="https://other.example/">p</a> '
                   '<video src="https://other.example/v.mp4"></video> <input type="image" src="https://other.example/i">')
    assert "other.example" not in out, out
    assert '<img src="x.png">' in out


def test_the_handbooks_own_markdown_survives_unchanged():
    body = ("# T\n\n!!! note \"Ghi chú\"\n    Nội dung **đậm** và [liên kết](../a/) ^^.\n\n"
            "??? question \"Hỏi\"\n    Đáp.\n\n=== \"A\"\n    a\n\n=== \"B\"\n    b\n\n"
            "| a | b |\n|---|--:|\n| 1 | 2 |\n\nChú thích[^1].\n\n[^1]: Nguồn <https://x.example/>.\n\n"
            "*[PCMBN]: Phòng, chống mua bán người\n\nPCMBN\n\nThuật ngữ\n:   Định nghĩa\n\n"
            "## Mục { #muc .instructor lang=en }\n\n[gọi](tel:111) [thư](mailto:a@b.example) ![ảnh](anh.png)\n")
    out = rendered(body)
    for kept in ('class="admonition note"', 'class="admonition-title"', "<details", "<summary>",
                 'class="tabbed-set tabbed-alternate"', 'type="radio"', 'name="__tabbed_1"', 'id="__tabbed_1_1"',
                 'style="text-align:right"', 'class="footnote-ref"', 'id="fn:1"', 'class="footnote-backref"',
                 '<abbr title="Phòng, chống mua bán người">', "<dl>", "<dd>", 'class="headerlink"',
                 'id="muc"', 'class="instructor"', 'lang="en"', 'href="tel:111"', 'href="mailto:a@b.example"',
                 '<img alt="ảnh" src="anh.png">', 'href="https://x.example/"', 'href="../a/"'):
        assert kept in out, (kept, out)


def test_theme_and_build_names_cannot_be_taken_by_content():
    """DOM clobbering: Material reads #__config and the header's #__drawer/#__search toggles."""
    out = rendered('<div id="__config" class="md-dialog hb-print ack-box ok">x</div> [a](x){ #__search } '
                   '<span id="hb-x">y</span> <label for="__drawer">z</label> [b](y){ .md-button }')
    assert "__config" not in out and "__search" not in out and "__drawer" not in out and "hb-" not in out
    assert 'class="ok"' in out and 'class="md-button"' in out


# -- the build's own markup: protected from the sanitiser, and not forgeable ---------------------------
def test_generated_markup_is_put_back_after_sanitising_and_content_cannot_forge_it():
    qr = '<svg role="img" class="hb-qr"><path d="M0 0h1"/></svg>'
    content = f"Text {MARK_OPEN}<script>alert(1)</script>{MARK_CLOSE} hbgen0123456789abcdefn0x"
    md_text = sanitize.strip_marks(content) + sanitize.generated_block(f'<figure class="hb-short-link">{qr}</figure>')
    protected, fragments = sanitize.protect(md_text)
    assert MARK_OPEN not in protected and len(fragments) == 1
    html = sanitize.page_html(markdown.markdown(protected), fragments)
    assert qr in html and "<script" not in html  # the content's marks were dropped, its script removed
    assert "hbgen0123456789abcdefn0x" in html  # a guessed token is only text (each page draws its own)
    assert re.search(r"<p>\s*<figure", html) is None  # the fragment's paragraph went with its token


def test_a_value_cannot_end_a_generated_fragment_early():
    value = f"a{MARK_CLOSE}<img src=x onerror=alert(1)>{MARK_OPEN}"
    block = sanitize.generated(f"<p>{escape.e(value)}</p>")
    protected, fragments = sanitize.protect(block)
    assert list(fragments.values()) == ["<p>a&lt;img src=x onerror=alert(1)&gt;</p>"]


# -- one escaper per context --------------------------------------------------------------------------
def test_text_and_attribute_context():
    assert escape.e('" http-equiv="refresh') == "&quot; http-equiv=&quot;refresh"
    assert escape.e("<b>&'\x1b[31m") == "&lt;b&gt;&amp;&#x27;[31m"  # a terminal escape loses its ESC


@pytest.mark.parametrize("value, out", [
    ("https://x.example/a?b=1&c=2", "https://x.example/a?b=1&amp;c=2"), ("../a/", "../a/"), ("tel:111", "tel:111"),
    ("mailto:a@b.example", "mailto:a@b.example"), ("javascript:alert(1)", "#"), (" JavaScript:x", "#"),
    ("java\tscript:x", "#"), ("&#106;avascript:x", "#"), ("data:text/html,x", "#"), ("//other.example/", "#"),
    ("\\\\other.example", "#"), ('https://x.example/"><script>', "https://x.example/&quot;&gt;&lt;script&gt;"),
])
def test_url_context(value, out):
    assert escape.url(value) == out


def test_markdown_context_gives_no_live_link():
    title = "x](javascript:alert(1)) [y"
    out = markdown.markdown(f"- [{escape.md(title)}](a.md)\n\n| a |\n|---|\n| {escape.md('p | q')} |",
                            extensions=["tables"])
    assert re.findall(r'href="([^"]*)"', out) == ["a.md"]  # one link, to the page: the title is its text
    assert "<td>p &#124; q</td>" in out  # one cell: the bar is text


def test_xml_context_drops_what_xml_forbids():
    assert escape.xml("a\x00b\x08c\x1fd & <e>") == "abcd &amp; &lt;e&gt;"


# -- the Content-Security-Policy ----------------------------------------------------------------------
def test_csp_hashes_the_runnable_inline_scripts_only():
    html = ('<html><head><meta charset="utf-8"><script>a()</script><script src="x.js"></script>'
            '<script id="__config" type="application/json">{"a":1}</script><script type="module">b()</script>'
            '</head><body><script>a()</script></body></html>')
    out = csp.with_policy(html, "https://docs.google.com/forms/d/e/X/viewform?entry.1={id}")
    meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', out)
    assert out.index("charset") < meta.start() < out.index("<script")
    policy = dict(d.split(" ", 1) for d in meta.group(1).split("; "))

    def sha(s):
        return "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
    assert policy["script-src"] == f"'self' {sha('a()')} {sha('b()')}"
    assert "unsafe-inline" not in policy["script-src"] and "unsafe-eval" not in policy["script-src"]
    assert policy["default-src"] == "'self'" and policy["base-uri"] == "'self'"
    assert policy["object-src"] == "'none'" and policy["frame-src"] == "'none'"
    assert policy["form-action"] == "https://docs.google.com"
    assert "form-action 'none'" in csp.with_policy(html, None)
    assert "form-action 'none'" in csp.with_policy(html, "http://insecure.example/f")
    again = csp.with_policy(out, None)  # a second pass replaces the policy, never adds one
    assert again.count("Content-Security-Policy") == 1


# -- the hostile title through every renderer ------------------------------------------------------
EVIL = "x](javascript:alert(1)) [y <img src=x onerror=alert(1)> | z"


def test_a_hostile_title_gives_no_live_link_in_any_renderer(tmp_path):
    """Module index, timetable, relations, history, latest updates, changelog, the editors'
    owners table: each value is text, wherever it lands (the sanitiser would also catch it:
    this is the escaping alone)."""
    import json

    from scripts.model.tree import load_tree
    from scripts.render import legal, listing, reference, training
    from scripts.render.context import RenderContext
    docs = tmp_path / "docs"
    (docs / "legal").mkdir(parents=True)
    (docs / "modules").mkdir()
    t = json.dumps(EVIL, ensure_ascii=False)
    (docs / "legal" / "a.vi.md").write_text(
        f"---\nid: a\ntype: legal-update\ntitle: {t}\ndoc_number: {t}\nowner: {t}\nissued: '2020-01-01'\n"
        f"revision: 1\nrevisions: [{{revision: 1, date: '2026-01-01', note: {t}}}]\n---\n", encoding="utf-8")
    (docs / "legal" / "b.vi.md").write_text(
        f"---\nid: b\ntype: legal-update\ntitle: B\nissued: '2021-01-01'\nrelations:\n"
        f"  - {{type: replaces, target: a, part: {t}, date: '2021-01-01'}}\n---\n", encoding="utf-8")
    (docs / "modules" / "m.vi.md").write_text(
        f"---\nid: m\ntype: module\ntitle: {t}\nteaching: 10\nexercises: 5\naudience: [central]\n"
        f"prerequisites: [m2]\n---\n", encoding="utf-8")
    (docs / "modules" / "m2.vi.md").write_text(f"---\nid: m2\ntype: module\ntitle: {t}\nteaching: 1\n---\n",
                                               encoding="utf-8")
    (docs / "plan.vi.md").write_text(
        f"---\nid: plan\ntype: session-plan\ntitle: P\nstart: '08:00'\nblocks: [m, m2]\nnotes: {{m: {t}}}\n---\n",
        encoding="utf-8")
    (docs / "index.vi.md").write_text("---\nid: home\ntype: page\ntitle: H\n---\n", encoding="utf-8")
    tree = load_tree(docs)

    def ctx(pid):
        return RenderContext(page=tree.page(pid, "vi"), tree=tree, lang="vi", extra={"nav": None})
    home = tree.page("home", "vi")
    outputs = {
        "module index": training.module_index(ctx("home")),
        "timetable": training.timetable(ctx("plan")),
        "relations": legal.relations(ctx("b")),
        "history": legal.history(ctx("a")) + legal.history(ctx("b")),
        "latest updates": listing.latest_updates(tree, home, "vi"),
        "changelog": listing.changelog(tree, home, "vi"),
        "owners": reference.section_owners(tree, "vi"),
        "metadata": legal.metadata(ctx("a")),
    }
    for name, out in outputs.items():
        protected, fragments = sanitize.protect(out)
        raw = markdown.markdown(protected, extensions=EXTENSIONS, extension_configs=CONFIG)
        html = sanitize.restore(raw, fragments)  # the escaping alone, before any sanitising
        hrefs = re.findall(r'href="([^"]*)"', html)
        assert not [h for h in hrefs if "javascript" in h.lower()], (name, hrefs)
        assert "<img" not in html, (name, html)
        if name != "history":  # the history shows the relation's kind and date here, not the title
            import html as htmllib
            shown = htmllib.unescape(re.sub(r"<[^>]+>", "", html))
            assert "x](javascript:alert(1)) [y" in shown, (name, shown)  # shown as text, in full
