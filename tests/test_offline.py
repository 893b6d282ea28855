"""The offline bundle (make offline): search works from file:// with no network at all.

The zip is built as `make offline` builds it (mkdocs --no-directory-urls, then
scripts/search/offline.py, then the zip), unzipped into a temporary directory and opened
from disk in Chromium; every request outside file:// is aborted and counted.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from support.search import QUERY_INPUT

ROOT = Path(__file__).resolve().parent.parent
MAX_ZIP = 10 * 1024 * 1024
PUBLIC = "https://so-tay.example.org/"  # the deploy workflow's SITE_URL, for the copy it publishes


@pytest.fixture(scope="module")
def offline_zip(tmp_path_factory) -> Path:
    """dist/so-tay-offline.zip as `make offline` makes it in the deploy workflow, in a temporary directory."""
    work = tmp_path_factory.mktemp("offline")
    out = work / "so-tay-offline"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT), SITE_URL=PUBLIC, HANDBOOK_DEPLOY="true")
    for cmd in ([sys.executable, "-m", "mkdocs", "build", "--strict", "--no-directory-urls", "-d", str(out)],
                [sys.executable, "-m", "scripts.search.offline", str(out)],
                [sys.executable, "-m", "zipfile", "-c", "so-tay-offline.zip", "so-tay-offline"]):
        result = subprocess.run(cmd, cwd=ROOT if "mkdocs" in cmd else work, env=env, capture_output=True, text=True)
        assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    return work / "so-tay-offline.zip"


def test_make_offline_runs_the_search_step():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    rule = makefile.split("\noffline:", 1)[1].split("\n\n", 1)[0]
    assert "scripts.search.offline dist/so-tay-offline" in rule
    assert rule.index("mkdocs build") < rule.index("scripts.search.offline") < rule.index("zipfile")


def test_online_site_has_no_offline_search(site):
    for page in [site / "index.html", site / "en/index.html", site / "modules/khung-phap-ly/index.html"]:
        text = page.read_text(encoding="utf-8")
        assert "offline.js" not in text and "worker-source.js" not in text
    assert not (site / "search/vi/bundle.js").exists()
    assert not (site / "assets/search/worker-source.js").exists()
    assert not (site / "assets/search/offline.js").exists()  # copied into the offline copy only


@pytest.mark.slow
def test_offline_step_is_idempotent(offline_zip, tmp_path):
    with zipfile.ZipFile(offline_zip) as z:
        z.extractall(tmp_path)
    out = tmp_path / "so-tay-offline"
    before = (out / "index.html").read_text(encoding="utf-8")
    assert before.count("offline.js") == 1
    assert before.index("assets/search/offline.js") < before.index("assets/javascripts/bundle.")
    assert '<script src="../assets/search/offline.js">' in (out / "en/index.html").read_text(encoding="utf-8")
    from scripts.search.offline import make_offline
    make_offline(out)
    assert (out / "index.html").read_text(encoding="utf-8") == before


def _search(page, query: str) -> tuple[list[str], float]:
    """Put `query` in Material's search box; the result titles, and ms until the first showed
    (the first query of the page: the index is read from disk then)."""
    box = page.locator(QUERY_INPUT)
    box.click()
    started = time.perf_counter()
    box.fill(query)
    box.press("End")  # the keyup Material listens to
    page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=15_000)
    ms = (time.perf_counter() - started) * 1000
    titles = page.eval_on_selector_all(
        ".md-search-result__item a.md-search-result__link:first-child :is(h1,h2)", "els => els.map(e => e.textContent)")
    return titles, ms


@pytest.mark.slow
def test_offline_search_from_file_urls(offline_zip, tmp_path, browser):
    size = offline_zip.stat().st_size
    print(f"\noffline zip: {size / 1024 / 1024:.2f} MB")
    assert size <= MAX_ZIP
    with zipfile.ZipFile(offline_zip) as z:
        z.extractall(tmp_path)
    root = (tmp_path / "so-tay-offline").as_uri() + "/"

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    outside, errors = [], []

    def block(route):
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", block)
    context.on("request", lambda r: None if r.url.startswith(("file:", "blob:", "data:")) else outside.append(r.url))
    workers = []  # the search worker's file: Material's config.search (the stub) or the engine
    context.on("request", lambda r: workers.append(r.url) if "/assets/search/boot.js" in r.url
               or "/assets/search/worker.js" in r.url else None)
    page = context.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(root + "index.html")
        page.wait_for_load_state("load")
        vi_titles, vi_ms = _search(page, "xam hai")
        print(f"first query from file:// (vi, 'xam hai'): {vi_ms:.0f} ms; {vi_titles[:3]}")
        assert any("xâm hại" in t.lower() for t in vi_titles), vi_titles
        assert page.url.startswith(root)
        # config.search is the stub, which a Blob worker could not run (importScripts of a
        # file): offline.js starts the engine itself from its source instead, so neither file
        # is requested
        assert page.evaluate("JSON.parse(document.querySelector('#__config').textContent).search") \
            .endswith("assets/search/boot.js?lang=vi")
        assert workers == [], workers
        # the worker's notices (BroadcastChannel) work too: Telex read, and the other language
        _search(page, "xaam haij")
        page.wait_for_function("() => /xâm hại/.test(document.querySelector('.md-search-result__meta').textContent)")
        box = page.locator(QUERY_INPUT)
        box.fill("referring")
        box.press("End")
        link = page.locator(".md-search-result__meta .hb-search-notice a")
        link.wait_for(timeout=10_000)
        assert link.get_attribute("href") == root + "en/index.html?q=referring"
        link.click()  # the English page opens with the query searched
        page.wait_for_url(root + "en/index.html?q=referring")
        page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=15_000)
        page.goto(root + "index.html")

        page.keyboard.press("Escape")
        page.eval_on_selector("a.md-select__link[hreflang=en]", "a => a.click()")
        page.wait_for_url(root + "en/index.html")
        en_titles, en_ms = _search(page, "child abuse")
        print(f"first query from file:// (en, 'child abuse'): {en_ms:.0f} ms; {en_titles[:3]}")
        assert any(("child" in t.lower() or "abuse" in t.lower()) for t in en_titles), en_titles
        assert not any("xâm hại" in t.lower() for t in en_titles), en_titles

        # a result opens its page from disk
        page.locator(".md-search-result__item a.md-search-result__link").first.click()
        page.wait_for_load_state("load")
        assert page.url.startswith(root + "en/") and ".html" in page.url
    finally:
        context.close()
    assert outside == [], outside
    assert errors == [], errors


@pytest.fixture(scope="module")
def offline_copy(offline_zip, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(offline_zip) as z:
        z.extractall(out)
    return out / "so-tay-offline"


def _ids(path: Path, cache: dict) -> set[str]:
    if path not in cache:
        cache[path] = set(re.findall(r'\sid="([^"]+)"', path.read_text(encoding="utf-8")))
    return cache[path]


@pytest.mark.slow
def test_every_link_of_the_offline_copy_opens_from_disk(offline_copy, browser):
    """Every page of the unzipped copy, both languages, opened in Chromium from file://: every
    link on it (as the browser resolves it, after the page's scripts ran) leads to a file of
    the copy and, when it has one, to an anchor of that page; a short link lands on a page."""
    from urllib.parse import unquote, urlsplit
    pages = sorted(offline_copy.rglob("*.html"))
    assert len([p for p in pages if p.relative_to(offline_copy).parts[0] == "en"]) > 25
    assert len(pages) > 60
    context = browser.new_context()
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:", "blob:")) else r.abort())
    page = context.new_page()
    dead, seen, cache, followed = [], set(), {}, 0
    kinds = {"legal index": False, "read in Vietnamese": False, "dashboard": False}
    try:
        for html_file in pages:
            rel = html_file.relative_to(offline_copy).as_posix()
            page.goto(html_file.as_uri(), wait_until="domcontentloaded")
            if 'http-equiv="refresh"' in html_file.read_text(encoding="utf-8"):  # a short link
                here = html_file.as_uri()
                page.wait_for_url(lambda u, here=here: u != here)
                landed = Path(unquote(urlsplit(page.url).path))
                if not landed.is_file():
                    dead.append((rel, page.url))
                continue
            links = page.eval_on_selector_all(
                "a[href]", "els => els.map(a => [a.href, a.getAttribute('href'), a.closest('.hb-listing, table, "
                           ".hb-translation-notice, .hb-dashboard') ? a.closest('[class]').className : ''])")
            for full, raw, _where in links:
                parts = urlsplit(full)
                if parts.scheme != "file":
                    assert parts.scheme in ("http", "https", "mailto", "tel", "javascript"), (rel, raw)
                    continue
                followed += 1
                target = Path(unquote(parts.path))
                if not target.is_file():
                    dead.append((rel, raw))
                elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in _ids(target, cache):
                    dead.append((rel, raw + " (no such anchor)"))
                seen.add(target)
            if rel == "legal/index.html" or rel == "en/legal/index.html":
                kinds["legal index"] |= any("/legal/luat-pcmbn-2024.html" in f for f, _, _ in links)
            if rel.startswith("en/legal/"):
                kinds["read in Vietnamese"] |= any(f.endswith("/legal/luat-pcmbn-2024.html") and "/en/" not in f
                                                  for f, _, _ in links)
            if rel.startswith("dashboard"):
                kinds["dashboard"] |= any("/dashboard/" in f for f, _, _ in links)
    finally:
        context.close()
    print(f"\noffline copy: {len(pages)} pages, {followed} links to files of the copy, {len(seen)} distinct files")
    assert dead == [], dead[:20]
    assert all(kinds.values()), kinds


@pytest.mark.slow
def test_offline_copy_keeps_the_public_address(offline_copy, browser):
    """QR codes (decoded from a screenshot) and printed links of the copy give the public site."""
    import io

    import zxingcpp
    from PIL import Image
    assert not (offline_copy / "404.html").exists()  # a server's page: nothing serves it from disk
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        for path, short in (("modules/nhan-dien-mua-ban-nguoi.html", "m/nhan-dien-mua-ban-nguoi/"),
                            ("en/legal/luat-pcmbn-2024.html", "en/u/luat-pcmbn-2024/")):
            page.goto((offline_copy / path).as_uri())
            png = page.locator("#short-link svg.hb-qr").screenshot()
            decoded = [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)).convert("L"))]
            assert decoded == [PUBLIC + short]
            assert page.locator(f'#short-link a[href="{PUBLIC + short}"]').count() == 1
            assert page.locator(".hb-test-address").count() == 0
            page.evaluate("window.hbTrainers.preparePrint('learner')")
            printed = page.eval_on_selector_all(".md-content a[data-print-href]", "els => els.map(a => a.dataset.printHref)")
            assert printed and all(h.startswith(PUBLIC) or not h.startswith("file:") for h in printed), printed
            assert any(h.startswith(PUBLIC) for h in printed)
    finally:
        context.close()
