"""Installable and readable offline after the first visit (scripts/render/pwa.py,
overrides/assets/pwa/): the real site built and served over http with gzip, in Chromium on an
emulated phone — as a reporter in a province would use it."""
from __future__ import annotations

import json
import os
import re
import shutil
import struct
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from support import search as S

from bench.harness import Server, build, write_config
from scripts.render import pwa

ROOT = Path(__file__).resolve().parent.parent
PHONE = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
SAVED = ".hb-offline[data-state=saved]"


def sw_plan(site: Path) -> dict:
    text = (site / pwa.SW_NAME).read_text(encoding="utf-8")
    m = re.search(r"var PLAN = (\{.*?\});\n", text)
    assert m, "sw.js carries no plan"
    return json.loads(m.group(1))


# -- the build's output, no browser -------------------------------------------------------------
def test_manifest_per_language_is_valid_and_every_icon_exists(site):
    for lang, root in (("vi", ""), ("en", "en/")):
        manifest = json.loads((site / root / pwa.MANIFEST_NAME).read_text(encoding="utf-8"))
        assert manifest["lang"] == lang and manifest["display"] == "standalone"
        assert manifest["name"] and manifest["short_name"] and len(manifest["short_name"]) <= 12
        assert re.fullmatch(r"#[0-9a-f]{6}", manifest["theme_color"])
        # start_url and scope are the language's home, wherever the site is published
        here = f"https://example.org/so-tay/{root}{pwa.MANIFEST_NAME}"
        assert urljoin(here, manifest["start_url"]) == urljoin(here, manifest["scope"]) == f"https://example.org/so-tay/{root}"
        sizes = set()
        for icon in manifest["icons"]:
            path = site / urlsplit(urljoin(f"https://x/{root}", icon["src"])).path[1:]
            data = path.read_bytes()
            assert data[:8] == b"\x89PNG\r\n\x1a\n" and icon["type"] == "image/png"
            width, height = struct.unpack(">II", data[16:24])
            assert f"{width}x{height}" == icon["sizes"]
            sizes.add(width)
        assert {192, 512} <= sizes
    names = {json.loads((site / r / pwa.MANIFEST_NAME).read_text(encoding="utf-8"))["name"] for r in ("", "en/")}
    assert names == {"Sổ tay Báo cáo viên", "Reporter Handbook"}


def test_every_page_links_its_language_manifest(site):
    pages = [p for p in site.rglob("*.html") if "<html" in p.read_text(encoding="utf-8")[:200]
             and 'http-equiv="refresh"' not in p.read_text(encoding="utf-8")]
    assert len(pages) > 50
    for page in pages:
        rel = page.relative_to(site).as_posix()
        text = page.read_text(encoding="utf-8")
        m = re.search(r'<link rel="manifest" href="([^"]+)"', text)
        assert m, rel
        if rel.endswith("404.html"):
            continue  # links from the site root (base_url), like every link of the 404 page
        target = urlsplit(urljoin(f"https://x/{rel}", m.group(1))).path[1:]
        assert target == ("en/" if rel.startswith("en/") else "") + pwa.MANIFEST_NAME, rel


def test_the_plan_keeps_each_language_within_its_budget_and_nothing_else(site):
    plan = sw_plan(site)
    assert re.fullmatch(r"[0-9a-f]{12}", plan["version"])
    vi, en = plan["languages"]["vi"], plan["languages"]["en"]
    for lp, _other in ((vi, "en/"), (en, None)):
        assert 0 < lp["bytes"] <= pwa.BUDGET_BYTES
        urls = lp["pages"] + lp["files"]
        # every page of the language, the search engine and that language's index only
        assert {"legal/luat-tre-em-2016/", "hotlines/", "m/khung-phap-ly/"} <= {
            p[len(lp["root"]):] for p in lp["pages"] if p.startswith(lp["root"])}
        lang = "vi" if lp is vi else "en"
        assert any(u.startswith(f"search/{lang}/manifest.json?v=") for u in urls)
        assert any(re.fullmatch(r"assets/search/worker\.js\?v=[0-9a-f]{10}", u) for u in urls)
        assert not [u for u in urls if u.startswith(f"search/{'en' if lang == 'vi' else 'vi'}/")]
        # never a feed, a sitemap, a download or the 404 page; only files that exist
        assert not [u for u in urls if re.search(r"feed\.|sitemap|\.zip|\.pdf|404\.html|://", u)], urls
        for u in urls:
            assert (site / pwa._file_of(u)).is_file(), u
        assert lp["offline"] in lp["pages"]
    # both languages' offline pages are kept with either language (the other one may be opened offline)
    assert {vi["offline"], en["offline"]} <= set(vi["pages"]) & set(en["pages"])
    assert not [p for p in vi["pages"] if p.startswith("en/") and p != en["offline"]]


def test_plan_with_and_without_directory_urls(tmp_path):
    """Pages are listed at the address a reader opens: legal/x/ for legal/x/index.html,
    legal/x.html when the site is built without directory URLs; a page's own CSS is kept,
    another origin's, a feed and a download never."""
    for directory_urls in (True, False):
        site = tmp_path / str(directory_urls)
        page = "legal/x/index.html" if directory_urls else "legal/x.html"
        up = "../../" if directory_urls else "../"
        files = {"index.html": '<link rel="stylesheet" href="assets/a.css">', page: (
            f'<link rel="stylesheet" href="{up}assets/a.css"><link rel="stylesheet" href="https://cdn.example/c.css">'
            f'<link rel="alternate feed" href="{up}feed.xml"><script src="{up}assets/s.js?v=1"></script>'),
            "404.html": "", "feed.xml": "", "assets/a.css": "", "assets/s.js": "", "assets/unused.css": "", "x.zip": ""}
        files.update({"en/" + k: v.replace('href="assets', 'href="../assets').replace(up, "../" + up)
                      for k, v in files.items() if k.endswith(".html") and k != "404.html"})
        for name, text in files.items():
            (site / name).parent.mkdir(parents=True, exist_ok=True)
            (site / name).write_text(text, encoding="utf-8")
        plans = pwa.plan(site, ["vi", "en"], "vi")
        expected = ["", "legal/x/" if directory_urls else "legal/x.html"]
        assert plans["vi"].pages == expected and plans["en"].pages == ["en/" + p for p in expected]
        assert {"assets/a.css", "assets/s.js?v=1"} <= set(plans["vi"].files) and "assets/unused.css" not in plans["vi"].files
        assert not [f for f in plans["vi"].files + plans["en"].files if "cdn" in f or "feed" in f or f.endswith(".zip")]
        assert plans["en"].bytes == sum((site / pwa._file_of(u)).stat().st_size for u in plans["en"].urls)


# -- Chromium: a reporter's phone ----------------------------------------------------------------
@pytest.fixture
def phone(browser):
    """A fresh phone-sized context; records every request and aborts any to another origin
    (from the page, its workers and the service worker)."""
    context = browser.new_context(**PHONE)
    context.foreign = []
    context.served = []

    def route(r):
        url = r.request.url
        if url.startswith(("http://127.0.0.1:", "data:", "blob:")) and url.startswith(context.base):
            return r.continue_()
        context.foreign.append(url)
        return r.abort()

    context.base = ""
    context.route("**/*", route)
    yield context
    foreign = list(context.foreign)
    context.close()
    assert foreign == [], f"requests to another origin: {foreign}"


def gzip_server(directory: Path) -> Server:
    return Server(directory, gzip_enabled=True)


def open_search(tab):
    """On a phone the search box opens from the header's search button."""
    tab.click("button[for=__search]")


def cache_keys(tab) -> dict:
    return tab.evaluate("""async () => { const out = {};
      for (const name of await caches.keys()) out[name] = (await (await caches.open(name)).keys()).map(r => r.url);
      return out; }""")


def test_after_one_visit_every_page_and_search_work_offline(site, phone):
    server = gzip_server(site)
    phone.base = server.url
    base = server.url
    tab = phone.new_page()
    try:
        tab.goto(base)
        tab.wait_for_selector(SAVED, timeout=60_000)
        assert tab.inner_text(".hb-offline").startswith("Đã lưu để đọc ngoại tuyến")
        caches = cache_keys(tab)
        plan = sw_plan(site)
        assert list(caches) == [f"hb-{plan['version']}-vi"]  # the reader's language only
        kept = next(iter(caches.values()))
        assert all(u.startswith(base) for u in kept)  # nothing of another origin
        assert not [u for u in kept if "feed." in u]
        # the feeds stay fresh online: not kept, fetched from the server each time
        assert tab.evaluate("async () => (await fetch('feed.xml', {cache: 'no-store'})).ok")
    finally:
        phone.set_offline(True)
        server.close()  # the server is gone too: nothing can come from the network
    tab.reload()
    assert tab.title() == "Sổ tay Báo cáo viên"
    tab.goto(base + "legal/luat-tre-em-2016/")  # never visited
    assert "Luật Trẻ em" in tab.inner_text("h1")
    assert tab.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"  # styled
    tab.goto(base + "m/khung-phap-ly/")  # a short link, then its target, both kept
    tab.wait_for_url(base + "modules/khung-phap-ly/")
    tab.goto(base + "hotlines/index.html")  # the same page by its file name
    assert "111" in tab.inner_text("article")
    S.open_page(tab, base + "legal/")
    open_search(tab)
    msg = S.search(tab, "xam hai")
    res = S.results(tab)
    assert msg["count"] > 0 and res and not [r for r in res if "/en/" in r["href"]]
    tab.click(".md-search-result__item a")  # a result (…/?h=xam+hai) opens from the copy
    tab.wait_for_load_state("load")
    assert "?h=" in tab.url and tab.inner_text("h1")
    assert tab.evaluate("async () => (await fetch('feed.xml').then(r => r.ok, () => false))") is False
    # the other language was not kept: its offline page, in English, with the way back
    tab.goto(base + "en/legal/")
    assert urlsplit(tab.url).path == "/en/offline/"
    assert tab.inner_text("h1").rstrip("¶") == "You are offline"
    again = tab.locator("article a", has_text="Open the page you chose again")
    assert again.get_attribute("href") == base + "en/legal/"
    tab.goto(base + "no-such-page/")
    assert urlsplit(tab.url).path == "/offline/" and tab.inner_text("h1").rstrip("¶") == "Bạn đang ngoại tuyến"


def test_the_other_language_is_kept_when_opened_and_the_copy_can_be_removed(site, phone):
    server = gzip_server(site)
    phone.base = server.url
    base = server.url
    tab = phone.new_page()
    try:
        tab.goto(base + "hotlines/")
        tab.wait_for_selector(SAVED, timeout=60_000)
        tab.goto(base + "en/hotlines/")
        tab.wait_for_selector(SAVED, timeout=60_000)
        assert tab.inner_text(".hb-offline").startswith("Saved for offline reading")
        version = sw_plan(site)["version"]
        assert sorted(cache_keys(tab)) == [f"hb-{version}-en", f"hb-{version}-vi"]
        phone.set_offline(True)
        tab.goto(base + "en/legal/luat-tre-em-2016/")
        assert "Law on Children" in tab.inner_text("h1")
        phone.set_offline(False)
        tab.goto(base + "en/")
        tab.wait_for_selector(SAVED, timeout=60_000)
        tab.click(".hb-offline__action")  # "Remove the saved copy"
        tab.wait_for_selector(".hb-offline[data-state=removed]")
        assert cache_keys(tab) == {}
        assert tab.evaluate("navigator.serviceWorker.getRegistrations().then(r => r.length)") == 0
        tab.reload()  # stays removed on this device until the reader saves again
        tab.wait_for_selector(".hb-offline[data-state=off]")
        assert tab.evaluate("navigator.serviceWorker.getRegistrations().then(r => r.length)") == 0
        tab.click(".hb-offline__action")  # "Save for offline reading"
        tab.wait_for_selector(SAVED, timeout=60_000)
        assert list(cache_keys(tab)) == [f"hb-{version}-en"]
    finally:
        server.close()


def test_installable_in_chromium(site, phone):
    server = gzip_server(site)
    phone.base = server.url
    tab = phone.new_page()
    try:
        tab.goto(server.url + "en/")
        tab.wait_for_selector(SAVED, timeout=60_000)
        cdp = phone.new_cdp_session(tab)
        manifest = cdp.send("Page.getAppManifest")
        assert manifest["url"] == server.url + "en/manifest.webmanifest" and manifest["errors"] == []
        errors = [e["errorId"] for e in cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]]
        assert [e for e in errors if e != "in-incognito"] == []  # a test browser context is incognito
    finally:
        server.close()


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    """The real site built twice for a project page (SITE_URL with a path), the second time
    with one page changed: what a reader's phone meets across a deploy."""
    base = tmp_path_factory.mktemp("pwa-update")
    docs = base / "docs"
    shutil.copytree(ROOT / "docs", docs)
    shutil.copytree(ROOT / "data", base / "data")
    env = {"SITE_URL": "https://example.github.io/so-tay/"}
    config = write_config(base / "mkdocs.yml", docs)
    sites = []
    for n in (1, 2):
        if n == 2:
            page = docs / "hotlines.vi.md"
            page.write_text(page.read_text(encoding="utf-8") + "\n\nĐoạn mới của bản dựng thứ hai.\n", encoding="utf-8")
        result = build(config, base / f"site{n}", env=env)
        assert result.returncode == 0, result.stdout + result.stderr
        sites.append(base / f"site{n}")
    return base, sites


def test_a_new_build_replaces_the_copy_and_offers_a_reload_under_a_sub_path(two_builds, phone):
    base_dir, (first, second) = two_builds
    served = base_dir / "www"
    served.mkdir(exist_ok=True)
    link = served / "so-tay"
    link.symlink_to(first, target_is_directory=True)
    server = gzip_server(served)
    phone.base = server.url
    base = server.url + "so-tay/"
    tab = phone.new_page()
    try:
        tab.goto(base + "hotlines/")
        tab.wait_for_selector(SAVED, timeout=60_000)
        old, new = sw_plan(first)["version"], sw_plan(second)["version"]
        assert old != new and list(cache_keys(tab)) == [f"hb-{old}-vi"]
        assert tab.evaluate("navigator.serviceWorker.controller.scriptURL") == base + "sw.js"
        # the deploy
        swap = served / "next"
        swap.symlink_to(second, target_is_directory=True)
        os.replace(swap, link)
        tab.reload()
        bar = tab.wait_for_selector(".hb-update", timeout=60_000)
        assert bar.inner_text().strip() == "Có bản cập nhật mới — tải lại"
        assert "Đoạn mới" not in tab.inner_text("article")  # the page in use stays the old build's until asked
        with tab.expect_event("load"):
            tab.click(".hb-update button")
        tab.wait_for_function("(v) => navigator.serviceWorker.controller"
                              " && caches.keys().then(k => k.length === 1 && k[0] === v)",
                              arg=f"hb-{new}-vi", timeout=30_000)
        assert "Đoạn mới của bản dựng thứ hai." in tab.inner_text("article")
        # the new copy works offline
        phone.set_offline(True)
        tab.goto(base + "legal/")
        assert tab.inner_text("h1")
        tab.goto(base + "en/")
        assert urlsplit(tab.url).path == "/so-tay/en/offline/"
    finally:
        server.close()
