"""Chromium on the built hostile site (tests/hostile/site.py), built with the content check
switched off so that only the protection acts: the sanitiser, the escaping and the
Content-Security-Policy. Every request outside the site's origin is aborted and recorded.

And the CSP alone: an inline script and an event handler planted in a written page (past the
sanitiser, by patching the file) do not run, while the page's own scripts do."""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from hostile.site import EVIL_TITLE, build_unchecked

ROOT = Path(__file__).resolve().parent.parent


pytestmark = pytest.mark.slow

# Every attribute in the DOM that could run a script or leave the site
DOM_PROBE = """() => {
  const bad = [];
  const urlAttrs = ["href", "src", "action", "formaction", "xlink:href", "values", "data", "srcdoc", "ping"];
  for (const el of document.querySelectorAll("*")) {
    for (const a of el.attributes) {
      const v = (a.value || "").replace(/[\\u0000-\\u0020\\u007f]+/g, "").toLowerCase();
      if (a.name.startsWith("on")) bad.push(el.tagName + " " + a.name);
      if (urlAttrs.includes(a.name) && (v.startsWith("javascript:") || v.startsWith("vbscript:") ||
          v.startsWith("data:text") || v.includes("other.example"))) bad.push(el.tagName + " " + a.name + "=" + v);
    }
  }
  for (const el of document.querySelectorAll("base, iframe, object, embed, frame, link[href*='other'], " +
                                            "meta[http-equiv]:not([http-equiv='Content-Security-Policy'])")) {
    bad.push("element " + el.outerHTML.slice(0, 80));
  }
  for (const a of document.querySelectorAll("a[href]")) {
    if (a.protocol === "javascript:") bad.push("link " + a.getAttribute("href"));
  }
  return bad;
}"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    proc, site = build_unchecked(tmp_path_factory.mktemp("hostile"))
    assert proc.returncode == 0, proc.stderr[-3000:]
    return site


def _guard(page, base: str):
    """Abort and record every request that leaves `base`; record dialogs and CSP reports."""
    seen = {"foreign": [], "dialogs": [], "errors": []}

    def route(r):
        if r.request.url.startswith(base):
            return r.continue_()
        seen["foreign"].append(r.request.url)
        return r.abort()
    page.route("**/*", route)
    page.on("dialog", lambda d: (seen["dialogs"].append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    return seen


@pytest.mark.parametrize("path", ["evil/", "en/evil/", "modules/", "modules/m/", "changelog/", "en/changelog/"])
def test_no_dialog_no_foreign_request_no_redirect_no_live_script(hostile_site, serve, page, path):
    base = serve(hostile_site)
    seen = _guard(page, base)
    page.goto(base + path)
    page.wait_for_timeout(1500)  # the planted refreshes asked for 0 and 1 s
    # what a reader would click (the attr_list link is a real https link: its onclick is checked in the DOM)
    for selector in ("details summary", "#lead", "#nl", "a:has-text('ref')", "#send"):
        if page.locator(selector).count():
            page.locator(selector).first.click(no_wait_after=True, timeout=2000)
    page.mouse.move(200, 300)
    page.wait_for_timeout(300)
    assert page.url.startswith(base + path.split("#")[0]), page.url  # no redirect, no navigation away
    assert seen["dialogs"] == [], seen
    assert seen["foreign"] == [], seen
    assert page.evaluate(DOM_PROBE) == []
    # the page still works: Material read its own configuration (search, not the planted one)
    assert page.evaluate("JSON.parse(document.getElementById('__config').textContent).search").startswith(
        "../" if path.count("/") else "assets")


def test_a_hostile_title_is_text_in_every_listing(hostile_site, serve, page):
    base = serve(hostile_site)
    _guard(page, base)
    for path in ("modules/", "changelog/", "modules/m/"):
        page.goto(base + path)
        article = page.locator("article")
        assert EVIL_TITLE in article.inner_text()
        hrefs = article.locator("a").evaluate_all("els => els.map(a => a.getAttribute('href') || '')")
        assert not [h for h in hrefs if "javascript" in h.lower()], hrefs


def test_a_description_cannot_make_a_meta_refresh(hostile_site):
    from html.parser import HTMLParser
    metas = []

    class Metas(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag == "meta":
                metas.append(dict(attrs))
    Metas().feed((hostile_site / "evil" / "index.html").read_text(encoding="utf-8"))
    assert [m["http-equiv"] for m in metas if "http-equiv" in m] == ["Content-Security-Policy"]
    assert [m["content"] for m in metas if m.get("name") == "description"] == [
        'x" http-equiv="refresh" content="0;url=http://other.example/desc']  # the value, as text


def test_a_script_planted_in_the_written_page_does_not_run(hostile_site, serve, page, tmp_path):
    """Past the sanitiser: the file patched after the build. The CSP's hashes do not cover it."""
    import shutil
    site = tmp_path / "site"
    shutil.copytree(hostile_site, site)
    index = site / "index.html"
    html = index.read_text(encoding="utf-8")
    planted = ("<script>window.__planted = 1; alert('inline')</script>"
               "<img src=nope.png onerror=\"window.__handler = 1; alert('handler')\">"
               "<a id=\"planted-link\" href=\"javascript:window.__link = 1\">x</a>")
    index.write_text(html.replace("</article>", planted + "</article>", 1), encoding="utf-8")
    base = serve(site)
    seen = _guard(page, base)
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(base)
    page.locator("#planted-link").click()
    page.wait_for_timeout(500)
    assert page.evaluate("[window.__planted, window.__handler, window.__link]") == [None, None, None]
    assert seen["dialogs"] == [] and seen["foreign"] == []
    assert len(violations) >= 3, violations  # each blocked by the policy, not by chance
    # the page's own scripts ran: the theme's inline ones (hashed) and the site's files
    assert page.evaluate("document.documentElement.classList.contains('hb-js')")
    assert page.evaluate("typeof __md_scope") == "object"
    assert page.evaluate("typeof document$") == "object"  # Material's bundle
    # and the search box answers (the worker is the site's own)
    page.keyboard.press("/")
    page.keyboard.type("xin chào")
    page.wait_for_selector(".md-search-result__item", timeout=10000)
    assert seen["errors"] == []


def test_a_page_cannot_plant_a_link_through_the_search_channel(hostile_site, serve, page):
    """Any same-origin page can post on "handbook-search": notice.js takes only the worker's
    shape and a link to this site."""
    base = serve(hostile_site)
    seen = _guard(page, base)
    page.goto(base + "evil/")
    page.keyboard.press("/")
    page.keyboard.type("zzqqxx")
    page.wait_for_timeout(1500)  # the worker's own message for this query has come and gone
    post = """(msg) => new BroadcastChannel("handbook-search").postMessage(msg)"""
    for href in ("javascript:alert(1)", " javascript:alert(1)", "https://other.example/en/?q=zzqqxx",
                 "//other.example/x", "data:text/html,<script>alert(1)</script>"):
        page.evaluate(post, {"query": "zzqqxx", "lang": "vi", "count": 0, "other": 3, "otherLang": "en", "href": href})
        page.wait_for_timeout(200)
        assert page.locator(".hb-search-notice__link").count() == 0, href
    page.evaluate(post, {"query": "zzqqxx", "lang": "vi", "count": 0, "other": 2, "otherLang": "<img src=x>",
                         "href": base + "en/?q=zzqqxx", "missing": [{"toString": 1}], "decoded": {"x": 1}})
    page.wait_for_timeout(200)
    assert page.locator(".hb-search-notice__link").count() == 0  # not a language of the site
    # the worker's shape with a link to this site is shown (the feature still works)
    page.evaluate(post, {"query": "zzqqxx", "lang": "vi", "count": 0, "other": 2, "otherLang": "en",
                         "href": base + "en/?q=zzqqxx"})
    page.wait_for_selector(".hb-search-notice__link", timeout=3000)
    assert page.locator(".hb-search-notice__link").get_attribute("href") == base + "en/?q=zzqqxx"
    assert seen["dialogs"] == [] and seen["foreign"] == []


def test_the_zensical_path_sanitises_the_hostile_pages_too(tmp_path):
    """Zensical runs no hook: the pipeline sanitises each written page's article afterwards."""
    import os
    import subprocess

    from test_engines import require

    from scripts.build import zensical_stage
    require(zensical_stage.ZENSICAL_I18N, ".venv-zensical/.installed")
    from hostile.site import NAV, make_docs

    from bench.harness import write_config
    docs = make_docs(tmp_path / "docs")
    config = write_config(tmp_path / "mkdocs.yml", docs, nav=NAV)
    code = ("import sys; import scripts.checks as c; c.run = lambda *a, **k: []\n"
            "from scripts.build.zensical_stage import main; sys.exit(main(sys.argv[1:]))")
    proc = subprocess.run([sys.executable, "-c", code, "-f", str(config), "-d", str(tmp_path / "site"), "--no-strict"],
                          cwd=tmp_path, env=dict(os.environ, PYTHONPATH=str(ROOT)), capture_output=True, text=True,
                          timeout=600)
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-3000:]
    for page in ("evil/index.html", "modules/index.html", "changelog/index.html"):
        html = (tmp_path / "site" / page).read_text(encoding="utf-8")
        article = re.search(r'<article class="md-content__inner md-typeset">(.*?)</article>', html, re.S).group(1)
        from html.parser import HTMLParser
        tags = []

        class Tags(HTMLParser):
            def handle_starttag(self, tag, attrs, tags=tags):
                tags.append((tag, dict(attrs)))
        Tags().feed(article)
        assert not [t for t, _ in tags if t in ("script", "iframe", "svg", "base", "meta", "object", "embed", "form",
                                                  "style", "link")], tags
        assert not [(t, a) for t, attrs in tags for a in attrs if a.startswith("on")]
        urls = [re.sub(r"[\x00-\x20]", "", attrs.get(k) or "").lower() for _, attrs in tags
                for k in ("href", "src", "action") if k in attrs]
        assert not [u for u in urls if u.startswith(("javascript:", "data:", "//")) or "other.example" in u], urls
        assert '<a id="__skip" tabindex="-1"></a>' in html  # the theme's own markup is kept
        assert "hbgen" not in html and html.count('http-equiv="Content-Security-Policy"') == 1
    assert not [p for p in (tmp_path / "site").rglob("search.json") if "hbgen" in p.read_text(encoding="utf-8")]
