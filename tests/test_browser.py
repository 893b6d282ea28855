"""The built site in Debian's Chromium: both home pages, switching language from a deep
page keeps the reader on the same page and anchor, and nothing loads from elsewhere."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def _record_requests(page, base):
    foreign = []
    page.on("request", lambda r: None if r.url.startswith((base, "data:", "blob:")) else foreign.append(r.url))
    return foreign


def test_home_in_both_languages(site, serve, page):
    base = serve(site)
    foreign = _record_requests(page, base)
    page.goto(base)
    assert page.locator("html").get_attribute("lang") == "vi"
    assert "Sổ tay Báo cáo viên" in page.title()
    assert page.locator("nav.md-nav--primary").get_by_text("Văn bản pháp luật mới").count() >= 1
    page.goto(base + "en/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Reporter Handbook" in page.title()
    assert page.locator(".hb-translation-notice").is_visible()
    assert page.locator("nav.md-nav--primary").get_by_text("Legal updates").count() >= 1
    assert foreign == []


def _switch(page, hreflang):
    page.locator(".md-header__option .md-select").hover()
    page.locator(f".md-select__link[hreflang={hreflang}]").click()
    page.wait_for_load_state()


def test_switch_language_from_a_deep_page(site, serve, page):
    base = serve(site)
    page.goto(base + "legal/blhs-dieu-150-151/#article-151")
    assert page.locator("#article-151").count() == 1
    vi_heading = page.locator("#article-151").inner_text()
    _switch(page, "en")
    assert page.url.startswith(base + "en/legal/blhs-dieu-150-151/")
    assert page.locator("html").get_attribute("lang") == "en"
    # the same anchor exists in English, so a trainer's deep link works in either language
    assert page.locator("#article-151").count() == 1
    assert page.locator("#article-151").inner_text() != vi_heading
    _switch(page, "vi")
    assert page.url.startswith(base + "legal/blhs-dieu-150-151/")
    assert page.locator("html").get_attribute("lang") == "vi"


def test_hotline_numbers_are_callable_links_or_text(site, serve, page):
    base = serve(site)
    for url in ("hotlines/", "en/hotlines/"):
        page.goto(base + url)
        text = page.locator("article").inner_text()
        assert "111" in text and "113" in text
