"""Search on the real handbook content, in Chromium: what reporters actually type."""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest

import search_support as S

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def base(site, serve):
    return serve(site)


@pytest.fixture
def tab(page):
    page.requests = []
    page.on("request", lambda r: page.requests.append(r.url))
    return page


def run(tab, url, query):
    S.open_page(tab, url)
    msg = S.search(tab, query)
    return msg, S.results(tab)


def paths(res):
    return [urlsplit(r["href"]).path for r in res]


@pytest.mark.parametrize("query, expected", [
    ("duong day nong", "/hotlines/"),
    ("tong dai 111", "/hotlines/"),
    ("phong dieu tra than thien", "/guidance/phong-dieu-tra-than-thien/"),
    ("102 2016 qh13", "/legal/luat-tre-em-2016/"),
    ("1022016qh13", "/legal/luat-tre-em-2016/"),
    ("53/2024/QH15", "/legal/luat-pcmbn-2024/"),
])
def test_vietnamese_typed_without_diacritics(tab, base, query, expected):
    msg, res = run(tab, base, query)
    assert msg["lang"] == "vi" and res, query
    assert paths(res)[0] == expected


def test_snippets_keep_diacritics_and_mark_the_match(tab, base):
    _, res = run(tab, base, "xam hai tre em")
    assert res and all(not p.startswith("/en/") for p in paths(res))
    marks = {m.lower() for r in res for m in r["marks"]}
    assert {"xâm", "hại"} <= marks


def test_english_pages_search_english_only(tab, base):
    msg, res = run(tab, base + "en/", "trafficking")
    assert msg["lang"] == "en" and res
    assert all(p.startswith("/en/") for p in paths(res))
    _, res = run(tab, base + "en/", "1022016qh13")
    assert paths(res)[0] == "/en/legal/luat-tre-em-2016/"


def test_first_view_loads_no_index_and_a_query_loads_little(tab, base, site):
    S.open_page(tab, base + "legal/luat-tre-em-2016/")
    tab.wait_for_timeout(300)
    loaded = [u for u in tab.requests if "/search/" in u]
    assert not [u for u in loaded if "/search/vi/" in u or "/search/en/" in u], loaded
    stub = (site / "search" / "search_index.json").stat().st_size
    assert stub < 1000
    tab.requests.clear()
    S.search(tab, "xam hai")
    fetched = [u for u in tab.requests if "/search/" in u]
    assert fetched and not [u for u in fetched if "/search/en/" in u]


def test_no_vietnamese_result_says_so_and_links_to_english(tab, base):
    msg, res = run(tab, base + "modules/", "reporters")
    assert res == [] and msg["other"] > 0
    meta = tab.locator(".md-search-result__meta")
    assert meta.inner_text().strip() == f"Không có kết quả tiếng Việt — {msg['other']} kết quả bằng tiếng Anh"
    meta.locator("a").click()
    tab.wait_for_url(base + "en/**")
    tab.wait_for_selector(".md-search-result__item")
    assert tab.locator(S.QUERY_INPUT).input_value() == "reporters"
    assert all(p.startswith("/en/") for p in paths(S.results(tab)))
