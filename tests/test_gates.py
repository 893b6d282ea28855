"""Gates every page of the built handbook must pass, in Debian's Chromium, in both languages.

For each page type (home, section indexes, a legal update, a module, guidance, hotlines,
plan, dashboard, contributing, the 404 page) and for the open search results:

* axe-core (node_modules, injected through Playwright): no serious or critical violation
  of WCAG 2.0/2.1 A and AA and WCAG 2.2 AA;
* every request is same-origin and answered below 400, and none fails;
* keyboard only: Tab reaches the search, the language switcher and the first nav link,
  each with a visible focus indicator; "/" and "s" open the search and typing finds pages;
  on a phone Tab reaches the menu button and Enter opens the drawer; Tab reaches the
  acknowledge button and Enter opens the form (real docs built with a test form address);
* the page's HTML weighs at most 60 kB;
* every internal link and #anchor of the built site resolves (feeds, sitemaps, short links);
* nothing the scripts add shifts the layout on a phone.

Plus the fixes these gates asked for: a 404 page per language, no page-status icon in the
nav, the home page's title, wide tables that scroll on a 360 px phone, footnote markers
that do not run together, and a Lighthouse accessibility score of 100 on the home page, a
legal update, a module and the dashboard.

Under CI=true a missing browser or node_modules fails the run; elsewhere it skips with
the command that installs it (make test runs npm ci).
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from support.site_links import broken_links

from tests.conftest import CHROMIUM, IN_CI, ROOT

pytestmark = pytest.mark.browser

NODE_MODULES = ROOT / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
LIGHTHOUSE = NODE_MODULES / ".bin" / "lighthouse"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
MAX_HTML_BYTES = 60_000
SEARCH_QUERY = "xam hai"

# One page of every type; each is checked at / (Vietnamese) and at /en/ (English).
PAGE_TYPES = {
    "home": "",
    "legal-index": "legal/",
    "modules-index": "modules/",
    "guidance-index": "guidance/",
    "legal-update": "legal/luat-tre-em-2016/",
    "module": "modules/khung-phap-ly/",
    "guidance": "guidance/xam-hai-tren-mang/",
    "hotlines": "hotlines/",
    "plan": "plan/",
    "dashboard": "dashboard/",
    "dashboard-detail": "dashboard/luat-tre-em-2016/",
    "session-plan": "plans/bcv-moi-mot-ngay/",
    "glossary": "glossary/",
    "changelog": "changelog/",
    "short-link": "m/khung-phap-ly/",
    "contributing": "contributing/",
    "404": "404.html",
}
PAGES = [(f"{lang}:{name}", prefix + path)
         for prefix, lang in (("", "vi"), ("en/", "en"))
         for name, path in PAGE_TYPES.items()]
PAGE_IDS = [page_id for page_id, _ in PAGES]
PAGE_URLS = dict(PAGES)


def _missing(message: str):
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def axe_source() -> Path:
    if not AXE.exists():
        _missing(f"{AXE.relative_to(ROOT)} is missing: run 'npm ci' (make test does it)")
    return AXE


@pytest.fixture(scope="module")
def base(site, serve) -> str:
    return serve(site)


def _html_file(site: Path, path: str) -> Path:
    return site / path if path.endswith(".html") else site / path / "index.html"


def _url_param(pages):
    return [pytest.param(path, id=page_id) for page_id, path in pages]


# ---------------------------------------------------------------- helpers


class Requests:
    """Every response and failed request of a page, for the same-origin / < 400 gate."""

    def __init__(self, page, base: str):
        self.base = base
        self.seen: list[tuple[int | str, str]] = []
        page.on("response", lambda r: self.seen.append((r.status, r.url)))
        page.on("requestfailed", lambda r: self.seen.append((f"failed: {r.failure}", r.url)))
        page.on("request", self._foreign)
        self.foreign: list[str] = []

    def _foreign(self, request):
        if not request.url.startswith((self.base, "data:", "blob:")):
            self.foreign.append(request.url)

    def problems(self) -> list[str]:
        bad = [f"{status} {url}" for status, url in self.seen
               if not isinstance(status, int) or status >= 400]
        return bad + [f"foreign {url}" for url in self.foreign]


def _open(page, url: str):
    page.goto(url)
    page.wait_for_load_state("networkidle")


def _search(page, query: str = SEARCH_QUERY):
    """Open Material's header search, type the query, wait for the result items."""
    page.locator("label.md-header__button[for=__search]").first.click() \
        if not page.locator(".md-search__input").is_visible() else None
    page.locator(".md-search__input").click()
    page.keyboard.type(query, delay=20)
    page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=10_000)


def _axe(page, axe_source: Path) -> list[dict]:
    # evaluated through the DevTools protocol: the pages' Content-Security-Policy refuses an inline
    # <script> (what add_script_tag writes), as it should
    page.evaluate(Path(axe_source).read_text(encoding="utf-8") + "\n;true")
    result = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return r.violations.map(v => ({id: v.id, impact: v.impact,
                targets: v.nodes.map(n => n.target.join(' ')).slice(0, 5), count: v.nodes.length}));
        }""", AXE_TAGS)
    return [v for v in result if v["impact"] in ("serious", "critical")]


def _format(violations: list[dict]) -> str:
    return "\n".join(f"{v['id']} ({v['impact']}, {v['count']} nodes): {v['targets']}" for v in violations)


# ---------------------------------------------------------------- a. axe-core


@pytest.mark.parametrize("path", _url_param(PAGES))
def test_axe_no_serious_violation(site, base, page, axe_source, path):
    _open(page, base + path)
    violations = _axe(page, axe_source)
    assert violations == [], f"{path}:\n{_format(violations)}"


@pytest.mark.parametrize("lang", ["", "en/"])
def test_axe_search_results(base, page, axe_source, lang):
    requests = Requests(page, base)
    _open(page, base + lang)
    _search(page)
    violations = _axe(page, axe_source)
    assert violations == [], f"search on /{lang}:\n{_format(violations)}"
    page.wait_for_load_state("networkidle")
    assert requests.problems() == []


# ---------------------------------------------------------------- b. requests


@pytest.mark.parametrize("path", _url_param(PAGES))
def test_every_request_same_origin_and_ok(site, base, page, path):
    requests = Requests(page, base)
    _open(page, base + path)
    # the language switcher is the one place that fetched more (sitemaps): open it too
    page.locator(".md-header__option .md-select").hover()
    page.wait_for_load_state("networkidle")
    assert requests.seen, "no response recorded"
    assert requests.problems() == [], path
    # a sitemap is for search engines: a page that fetches it pays its whole size (it grows with the site)
    assert [url for _, url in requests.seen if url.endswith("sitemap.xml")] == [], path


# ---------------------------------------------------------------- c. keyboard


def _focused(page) -> dict:
    return page.evaluate("""() => {
        const el = document.activeElement;
        const s = getComputedStyle(el);
        return {
            tag: el.tagName.toLowerCase(),
            cls: el.className && el.className.baseVal === undefined ? el.className : '',
            text: (el.innerText || el.getAttribute('aria-label') || '').trim().slice(0, 40),
            href: el.getAttribute('href') || '',
            inNav: !!el.closest('nav.md-nav--primary'),
            inSelect: !!el.closest('.md-select'),
            isSearch: el.matches('.md-search__input'),
            outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0,
            shadow: s.boxShadow !== 'none',
        };
    }""")


@pytest.mark.parametrize("lang", ["", "en/"])
def test_keyboard_reaches_search_language_and_nav(base, page, lang):
    _open(page, base + lang)
    page.locator("body").click(position={"x": 5, "y": 400})  # focus the document, not an element
    reached = {"search": None, "language": None, "nav": None}
    trail = []
    for _ in range(200):  # the whole tab order, wrapping round to the header, as the nav grows
        page.keyboard.press("Tab")
        f = _focused(page)
        trail.append(f"{f['tag']}.{f['cls']} {f['text']!r}")
        key = ("search" if f["isSearch"] else "language" if f["inSelect"]
               else "nav" if f["inNav"] and f["tag"] == "a" else None)
        if key and reached[key] is None:
            reached[key] = f
        if all(reached.values()):
            break
    assert all(reached.values()), f"not reached: {[k for k, v in reached.items() if not v]}\n" + "\n".join(trail)
    invisible = [k for k, f in reached.items() if not (f["outline"] or f["shadow"])]
    assert invisible == [], f"no visible focus indicator on {invisible}: {reached}"


@pytest.mark.parametrize("key", ["/", "s"])
@pytest.mark.parametrize("lang", ["", "en/"])
def test_keyboard_shortcut_opens_search(base, page, lang, key):
    _open(page, base + lang)
    page.locator("body").click(position={"x": 5, "y": 400})
    page.keyboard.press(key)
    from playwright.sync_api import expect
    expect(page.locator(".md-search__input")).to_be_focused()
    expect(page.locator("#__search")).to_be_checked()
    page.keyboard.type(SEARCH_QUERY, delay=20)
    page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=10_000)
    assert page.locator(".md-search-result__item").count() >= 1


# ---------------------------------------------------------------- d. HTML size




@pytest.mark.parametrize("path", [
    pytest.param(path, id=page_id) for page_id, path in PAGES])
def test_html_size(site, path):
    size = _html_file(site, path).stat().st_size
    print(f"{path or '/'}: {size} bytes")
    assert size <= MAX_HTML_BYTES, f"{path or '/'} is {size} bytes (limit {MAX_HTML_BYTES})"


# ---------------------------------------------------------------- fixes


@pytest.mark.parametrize(("path", "lang", "text", "name"), [
    ("404.html", "vi", "Không tìm thấy trang", "Sổ tay Báo cáo viên"),
    ("en/404.html", "en", "Page not found", "Reporter Handbook"),
])
def test_404_page_per_language(site, base, page, path, lang, text, name):
    assert _html_file(site, path).exists(), f"{path} was not built"
    _open(page, base + path)
    assert page.locator("html").get_attribute("lang") == lang
    assert text in page.locator("h1").inner_text()
    assert name in page.title()
    assert page.locator(".md-header__topic").first.inner_text().strip() == name
    # its links work from any depth: absolute, into the same language
    home = base + ("" if lang == "vi" else "en/")
    assert page.locator(".md-header__button.md-logo").evaluate("a => a.href") == home
    assert page.locator("article a").last.evaluate("a => a.href") == home


@pytest.mark.parametrize("path", ["legal/", "legal/luat-tre-em-2016/", "en/legal/luat-tre-em-2016/"])
def test_no_page_status_icon_in_nav(base, page, path):
    """Legal updates carry a `status` (in force, expired…) that Material took for its page status."""
    _open(page, base + path)
    assert page.locator(".md-sidebar .md-status, .md-nav .md-status").count() == 0


@pytest.mark.parametrize(("path", "title"), [("", "Sổ tay Báo cáo viên"), ("en/", "Reporter Handbook"),
                                             ("hotlines/", "Đường dây nóng - Sổ tay Báo cáo viên")])
def test_page_titles(base, page, path, title):
    _open(page, base + path)
    assert page.title() == title


# the generated legal index and module index are the widest tables (the hotlines page became a list)
@pytest.mark.parametrize("path", ["legal/", "en/legal/", "modules/", "en/modules/"])
def test_wide_table_scrolls_on_a_phone(browser, base, path, tmp_path):
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=1)
    phone = context.new_page()
    try:
        _open(phone, base + path)
        table = phone.locator("article table:not([class])").first
        table.scroll_into_view_if_needed()
        shot = tmp_path / f"{path.strip('/').replace('/', '-')}-360.png"
        phone.screenshot(path=str(shot))
        print(f"screenshot: {shot}")
        state = table.evaluate("""(t) => {
            let box = t.parentElement;
            while (box && box !== document.body && !['auto', 'scroll'].includes(getComputedStyle(box).overflowX)) {
                box = box.parentElement;
            }
            if (getComputedStyle(t).overflowX !== 'visible' && t.scrollWidth > t.clientWidth) box = t;
            const before = box.scrollLeft;
            box.scrollLeft = box.scrollWidth;
            const reached = box.scrollLeft + box.clientWidth;
            const cells = [...t.querySelectorAll('th, td')];
            return {
                page: document.documentElement.scrollWidth, viewport: innerWidth,
                scroller: box.className || box.tagName, scrollWidth: box.scrollWidth,
                clientWidth: box.clientWidth, reached, before,
                tableRight: t.getBoundingClientRect().right, boxRight: box.getBoundingClientRect().right,
                clipped: cells.filter(c => c.scrollWidth > c.clientWidth + 1).map(c => c.innerText),
                narrow: cells.filter(c => c.getBoundingClientRect().width < 80)
                             .map(c => [c.innerText, c.getBoundingClientRect().width]),
                headerLines: [...t.querySelectorAll('th')].map(c => {
                    const s = getComputedStyle(c);
                    const content = c.getBoundingClientRect().height - parseFloat(s.paddingTop) - parseFloat(s.paddingBottom);
                    return Math.round(content / parseFloat(s.lineHeight));
                }),
                // words per line in cells that wrap: a squeezed column holds one word a line
                wordsPerLine: cells.map(c => {
                    const r = document.createRange(); r.selectNodeContents(c);
                    const lines = new Set([...r.getClientRects()].map(q => Math.round(q.bottom))).size;
                    // a line break written in the cell (number, then title) is not a squeeze
                    const text = c.innerText.trim(), breaks = (text.match(/\\n/g) || []).length;
                    return [text, lines, text.split(/\\s+/).length / Math.max(lines - breaks, 1)];
                }).filter(([, lines]) => lines > 1),
            };
        }""")
        print(json.dumps(state, ensure_ascii=False))
        assert state["page"] <= state["viewport"], f"the page itself scrolls sideways: {state}"
        assert state["scrollWidth"] > state["clientWidth"], f"the table fits or does not scroll: {state}"
        assert state["reached"] >= state["scrollWidth"] - 1, f"the last column cannot be reached: {state}"
        assert state["tableRight"] <= state["boxRight"] + 1, f"the table's right edge stays hidden: {state}"
        assert state["clipped"] == [], f"cell text clipped: {state}"
        assert state["narrow"] == [], f"columns squeezed: {state}"
        assert max(state["headerLines"]) <= 1, f"header cells wrap: {state}"
        squeezed = [(text, lines) for text, lines, per_line in state["wordsPerLine"] if lines > 2 and per_line < 3]
        assert squeezed == [], f"cells squeezed to a word or two a line: {squeezed}"
    finally:
        context.close()


def test_adjacent_footnote_markers_are_separated(base, page):
    _open(page, base + "hotlines/")
    sup = page.locator("article sup[id^=fnref] + sup[id^=fnref]").first
    separator = sup.evaluate("(s) => getComputedStyle(s, '::before').content")
    assert separator not in ("none", "normal", '""'), separator


# ---------------------------------------------------------------- Lighthouse


LIGHTHOUSE_PAGES = {"home": "", "legal-update": "legal/luat-tre-em-2016/", "module": "modules/khung-phap-ly/",
                    "dashboard": "dashboard/"}


@pytest.mark.parametrize("path", [pytest.param(p, id=name) for name, p in LIGHTHOUSE_PAGES.items()])
def test_lighthouse_accessibility(base, browser, tmp_path, path):
    """Lighthouse 12.2.3 (node_modules), Chromium headless, on the home page, a legal update, a
    module and the dashboard: accessibility 100 (`python -m scripts bench lighthouse` prints
    all four categories)."""
    if not LIGHTHOUSE.exists():
        _missing("node_modules/.bin/lighthouse is missing: run 'npm ci' (make test does it)")
    if not shutil.which("node"):
        _missing("node is missing")
    out = tmp_path / "lighthouse.json"
    env = dict(os.environ, CHROME_PATH=CHROMIUM)
    result = subprocess.run(
        [str(LIGHTHOUSE), base + path, "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
         "--only-categories=accessibility", "--output=json", f"--output-path={out}", "--quiet"],
        env=env, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    score = report["categories"]["accessibility"]["score"]
    failing = sorted(k for k, a in report["audits"].items()
                     if a.get("scoreDisplayMode") == "binary" and a.get("score") == 0)
    print(f"Lighthouse accessibility of /{path}: {score * 100:.0f}; failing audits: {failing}")
    assert score == 1, f"/{path}: accessibility {score * 100:.0f}: {failing}"


# ---------------------------------------------------------------- the acknowledgement form
FORM = "https://forms.example.org/f?entry.1={id}&entry.2={revision}&hl={lang}"
PLACEHOLDER_FORM = "https://docs.google.com/forms/d/e/FORM-ID/viewform?entry.1={id}&entry.2={revision}"


def _real_docs_with_form(tmp_path_factory, name: str, url: str):
    """The real docs built strictly with extra.ack_form_url = url (the repository's mkdocs.yml
    has no form yet); the config sits in a temporary folder that sees the real data/."""
    from bench.harness import real_config, write_config
    from tests.conftest import build_site
    folder = tmp_path_factory.mktemp(name)
    (folder / "data").symlink_to(ROOT / "data")
    extra = dict(real_config().get("extra") or {}, ack_form_url=url)
    config = write_config(folder / "mkdocs.yml", ROOT / "docs", extra=extra)
    result = build_site(config, folder / "site")
    return folder / "site", result


@pytest.fixture(scope="module")
def form_base(tmp_path_factory, serve) -> str:
    site, result = _real_docs_with_form(tmp_path_factory, "with-form", FORM)
    assert result.returncode == 0, result.stdout + result.stderr
    return serve(site)


@pytest.mark.parametrize("lang", ["", "en/"])
def test_keyboard_reaches_and_uses_the_acknowledge_button(form_base, page, lang):
    page.route("https://forms.example.org/**", lambda route: route.fulfill(
        status=200, content_type="text/html", body="<title>form</title>"))  # the form host, answered here
    _open(page, form_base + lang + "legal/luat-tre-em-2016/")
    page.locator("body").click(position={"x": 5, "y": 400})
    found = None
    for _ in range(300):
        page.keyboard.press("Tab")
        if page.evaluate("() => !!document.activeElement.closest('#acknowledge') && "
                         "document.activeElement.matches('a.md-button')"):
            found = _focused(page)
            break
    assert found, "Tab never reached the acknowledge button"
    assert found["outline"] or found["shadow"], f"no visible focus on the acknowledge button: {found}"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.startswith("https://forms.example.org/f?entry.1=luat-tre-em-2016&entry.2=")
    assert page.url.endswith("&hl=" + ("en" if lang else "vi"))


@pytest.mark.slow  # builds the real docs
def test_placeholder_form_warns_and_pages_say_not_set_up(tmp_path_factory):
    site, result = _real_docs_with_form(tmp_path_factory, "placeholder-form", PLACEHOLDER_FORM)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output  # a warning: the site still builds, strictly
    config = (site.parent / "mkdocs.yml").read_text(encoding="utf-8").split("\n")
    line = next(n for n, text in enumerate(config, start=1) if text.lstrip().startswith("ack_form_url:"))
    assert f"mkdocs.yml:{line}: [form-placeholder]" in output and "FORM-ID" in output
    dead = [p.relative_to(site).as_posix() for p in site.rglob("*.html") if 'href="https://docs.google.com' in
            p.read_text(encoding="utf-8")]
    assert dead == []
    vi = (site / "legal" / "luat-tre-em-2016" / "index.html").read_text(encoding="utf-8")
    en = (site / "en" / "legal" / "luat-tre-em-2016" / "index.html").read_text(encoding="utf-8")
    assert "Biểu mẫu xác nhận chưa được cấu hình" in vi and "md-button--primary" not in vi
    assert "The acknowledgement form is not configured yet" in en


def test_the_repository_site_links_to_no_placeholder_form(site):
    """Whatever mkdocs.yml holds, no page links to a placeholder form; until a real form is
    set, the acknowledge box says so."""
    from bench.harness import real_config
    from scripts.model.ackrule import FORM_PLACEHOLDERS, form_placeholder
    pages = [p.read_text(encoding="utf-8") for p in site.rglob("*.html")]
    assert not [marker for page in pages for marker in FORM_PLACEHOLDERS
                if re.search(r'href="[^"]*' + re.escape(marker), page)]
    form = (real_config().get("extra") or {}).get("ack_form_url")
    if not form or form_placeholder(form):
        page = (site / "legal" / "luat-tre-em-2016" / "index.html").read_text(encoding="utf-8")
        assert 'id="acknowledge"' in page and "Biểu mẫu xác nhận chưa được cấu hình" in page


# ---------------------------------------------------------------- the navigation drawer on a phone
@pytest.mark.parametrize("lang", ["", "en/"])
def test_keyboard_opens_the_navigation_drawer_on_a_phone(browser, base, lang):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    phone = context.new_page()
    try:
        _open(phone, base + lang + "modules/khung-phap-ly/")  # focus at the top of the document
        for _ in range(30):
            phone.keyboard.press("Tab")
            if phone.evaluate("() => document.activeElement.matches('button.md-header__button[for=__drawer]')"):
                break
        else:
            pytest.fail("Tab never reached the menu button")
        found = _focused(phone)
        assert found["outline"] or found["shadow"], f"no visible focus on the menu button: {found}"
        phone.keyboard.press("Enter")
        from playwright.sync_api import expect
        expect(phone.locator("#__drawer")).to_be_checked()
        assert phone.locator("button[for=__drawer]").get_attribute("aria-expanded") == "true"
        link = phone.locator("nav.md-nav--primary a.md-nav__link[href]").first
        expect(link).to_be_visible()
    finally:
        context.close()


@pytest.mark.parametrize("path", ["modules/khung-phap-ly/", "en/modules/khung-phap-ly/", "legal/luat-tre-em-2016/"])
def test_no_layout_shift_on_a_phone(browser, base, path):
    """Nothing the scripts add moves the page (the trainers' tools used to push a module down)."""
    context = browser.new_context(viewport={"width": 412, "height": 823})
    phone = context.new_page()
    try:
        _open(phone, base + path)
        shift = phone.evaluate("""() => new Promise(resolve => {
            let total = 0;
            new PerformanceObserver(list => { for (const e of list.getEntries()) total += e.value; })
                .observe({type: 'layout-shift', buffered: true});
            setTimeout(() => resolve(total), 300);
        })""")
        assert shift < 0.01, f"{path}: cumulative layout shift {shift:.3f}"
        assert phone.locator(".hb-trainer-tools").first.is_visible() or "modules" not in path
    finally:
        context.close()


# ---------------------------------------------------------------- links and anchors of the built site
def test_every_internal_link_and_anchor_resolves(site):
    """Every link of every page in both languages (short links, redirects, feeds and the
    sitemap included) reaches a file of the site, and every #fragment an id of that page."""
    broken = broken_links(site)
    assert broken == [], f"{len(broken)} broken links:\n" + "\n".join(sorted(set(broken))[:40])


def test_switching_language_fetches_no_sitemap(base, page):
    """Material fetches <root>/sitemap.xml next to every link[rel=alternate]; pages have none,
    so switching language is a plain link to the same page (no sitemap, no 404)."""
    requests = Requests(page, base)
    _open(page, base + "legal/luat-tre-em-2016/")
    assert page.locator("link[rel=alternate]").count() == 0
    page.locator(".md-header__option .md-select").hover()
    with page.expect_navigation():
        page.locator(".md-select a[hreflang=en]").first.click()
    page.wait_for_load_state("networkidle")
    assert page.url == base + "en/legal/luat-tre-em-2016/"
    assert requests.problems() == [] and not [u for _, u in requests.seen if "sitemap" in u]
