"""The search engine in Debian's Chromium, on the fixture site tests/fixtures/search
(built with the real overrides and hooks), in both languages: Material's search box,
accent folding, tone placement, NFD, ranking, AND, prefixes, language scoping and
the other-language notice, and what goes over the wire."""
from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from urllib.parse import urlsplit

import pytest
from support import search as S

pytestmark = pytest.mark.browser
NFD = lambda s: unicodedata.normalize("NFD", s)  # noqa: E731


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory):
    site = tmp_path_factory.mktemp("search-site")
    result = S.build(S.fixture_config(tmp_path_factory.mktemp("search-config")), site)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "handbook search index" in result.stdout + result.stderr
    return site


@pytest.fixture(scope="module")
def base(fixture_site):
    server = S.Server(fixture_site)
    yield server.url
    server.close()


@pytest.fixture(scope="module")
def chromium(browser):
    """Chromium: tests/conftest.py's session `browser` (one check, one launch for every test)."""
    return browser


@pytest.fixture
def tab(chromium, base):
    """A fresh browser context; fails the test if anything is requested from another origin."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.requests = []
    page.foreign = []
    page.on("request", lambda r: page.requests.append(r.url))
    page.on("request", lambda r: None if r.url.startswith((base, "data:", "blob:")) else page.foreign.append(r.url))
    yield page
    foreign = list(page.foreign)
    context.close()
    assert foreign == [], f"requests to other origins: {foreign}"


def paths(res):
    return [urlsplit(r["href"]).path for r in res]


def marked(result) -> set[str]:
    """The words marked in a result (a phrase is marked as one run: "xâm hại trẻ em")."""
    return {w for m in result["marks"] for w in re.split(r"[\s/\-]+", m) if w}


def go_and_search(tab, url, query):
    S.open_page(tab, url)
    msg = S.search(tab, query)
    return msg, S.results(tab)


# -- the wire ------------------------------------------------------------------------------
@pytest.mark.parametrize("path", ["", "en/", "xam-hai/", "en/luat-tre-em/"])
def test_first_page_view_does_not_download_the_index(tab, base, path):
    sizes = {}
    tab.on("response", lambda r: sizes.__setitem__(r.url, len(r.body())) if "/search/" in r.url else None)
    S.open_page(tab, base + path)
    tab.wait_for_timeout(300)  # let the worker start
    searched = [u for u in tab.requests if "/search/" in urlsplit(u).path and "/assets/" not in u]
    assert searched == [base + "search/search_index.json"], searched
    assert sizes[base + "search/search_index.json"] < 1024  # the stub: config only
    assert any("assets/search/boot.js?lang=" + ("en" if path.startswith("en/") else "vi") in u
               for u in tab.requests)


def test_first_page_view_starts_the_stub_and_a_query_loads_the_engine(tab, base, fixture_site):
    """Material starts its worker on every page: the page gets the stub (boot.js, under 1 kB),
    not the engine (worker.js); the first query loads the engine (its URL versioned by its
    hash) and is answered by it."""
    sizes = {}
    tab.on("response", lambda r: sizes.__setitem__(urlsplit(r.url).path, len(r.body()))
           if "/assets/search/" in r.url else None)
    S.open_page(tab, base + "xam-hai/")
    tab.wait_for_load_state("networkidle")
    tab.wait_for_timeout(300)
    assets = [u for u in tab.requests if "/assets/search/" in u]
    assert [urlsplit(u).path for u in assets if "/assets/search/boot.js" in u] == ["/assets/search/boot.js"]
    assert not any("/assets/search/worker.js" in u for u in assets), assets
    assert sizes["/assets/search/boot.js"] < 1024
    assert not any("/search/vi/" in u for u in tab.requests)
    # the built stub names the engine with the engine's own hash
    boot = (fixture_site / "assets/search/boot.js").read_text(encoding="utf-8")
    engine = (fixture_site / "assets/search/worker.js").read_bytes()
    assert f'"worker.js?v={hashlib.sha1(engine).hexdigest()[:10]}"' in boot and "@@" not in boot

    msg = S.search(tab, "xam hai tre em")
    engines = [u for u in tab.requests if "/assets/search/worker.js" in u]
    assert len(engines) == 1 and re.search(r"worker\.js\?v=[0-9a-f]{10}$", engines[0]), engines
    assert msg["count"] >= 1 and msg["lang"] == "vi"
    assert paths(S.results(tab))[0] == "/xam-hai/"
    # later queries go straight to the engine, which is not loaded again
    msg = S.search(tab, "dieu tra")
    assert msg["count"] >= 1
    assert len([u for u in tab.requests if "/assets/search/worker.js" in u]) == 1


def test_first_query_downloads_only_the_parts_it_needs(tab, base, fixture_site):
    S.open_page(tab, base)
    S.search(tab, "xam hai")
    fetched = [urlsplit(u).path for u in tab.requests if "/search/vi/" in u]
    manifest = json.loads((fixture_site / "search" / "vi" / "manifest.json").read_text(encoding="utf-8"))
    shard_files = {v[0] for v in manifest["shards"].values()}
    got_shards = {p.rsplit("/", 1)[1] for p in fetched} & shard_files
    assert "/search/vi/manifest.json" in fetched
    assert 1 <= len(got_shards) <= 2 < len(shard_files)
    assert not any("/search/en/" in u for u in tab.requests)  # the other language is not loaded


# -- Vietnamese ----------------------------------------------------------------------------
@pytest.mark.parametrize("query,first,marks", [
    ("xam hai tre em", "/xam-hai/", ["xâm", "hại", "trẻ", "em"]),
    ("XÂM HẠI trẻ em", "/xam-hai/", ["xâm", "hại", "trẻ", "em"]),
    ("duong day nong", "/duong-day-nong/", ["đường", "dây", "nóng"]),
    ("dieu tra", "/xam-hai/", ["điều", "tra"]),
])
def test_accent_insensitive(tab, base, query, first, marks):
    msg, res = go_and_search(tab, base, query)
    assert msg["count"] >= 1 and paths(res)[0] == first
    found = {m.lower() for m in marked(res[0])}
    assert set(marks) <= found, res[0]["marks"]


def test_section_link_and_heading(tab, base):
    _, res = go_and_search(tab, base, "dieu tra")
    assert any(s.endswith("#quy-trinh-dieu-tra") for s in res[0]["sections"])


@pytest.mark.parametrize("query,mark", [
    ("hòa giải", "Hoà"),        # new placement finds the old one
    ("hoà giải", "Hoà"),
    (NFD("hòa giải"), "Hoà"),   # a decomposed query
    ("thủy", "thuỷ"),
    ("khỏe", "khoẻ"),
    ("ủy ban", "Uỷ"),
])
def test_tone_placement_and_normal_form(tab, base, query, mark):
    msg, res = go_and_search(tab, base, query)
    assert paths(res)[0] == "/hoa-giai/"
    assert mark in marked(res[0])


@pytest.mark.parametrize("query", ["nặc danh", "nac danh", NFD("nặc danh")])
def test_page_stored_in_nfd(tab, base, query):
    _, res = go_and_search(tab, base, query)
    assert paths(res) == ["/to-giac/"]
    assert "nặc" in marked(res[0])  # shown in NFC, highlighted
    assert "nặc danh" in tab.locator(".md-search-result__item").first.inner_text()


def test_exact_diacritics_rank_first(tab, base):
    _, res = go_and_search(tab, base, "mã số")
    assert paths(res) == ["/ma-so/", "/te-nan/"]
    assert "mã" in marked(res[0]) and "Ma" in marked(res[1])
    _, res = go_and_search(tab, base, "mã")
    assert paths(res)[:2] == ["/ma-so/", "/te-nan/"]
    # without diacritics both still match
    _, res = go_and_search(tab, base, "ma so")
    assert set(paths(res)) >= {"/ma-so/", "/te-nan/"}


@pytest.mark.parametrize("query", ["102/2016/QH13", "102 2016 qh13", "1022016qh13", "1022016"])
def test_document_number_in_title_ranks_first(tab, base, query):
    _, res = go_and_search(tab, base, query)
    assert paths(res)[:2] == ["/luat-tre-em/", "/xam-hai/"]  # title above body
    assert "102/2016/QH13" in res[0]["title"]


def test_document_number_typed_loosely(tab, base):
    _, res = go_and_search(tab, base, "56 2017 nd cp")
    assert paths(res) == ["/luat-tre-em/"]
    assert {"56", "2017", "NĐ", "CP"} <= marked(res[0])


@pytest.mark.parametrize("query", ["Điều 151", "dieu 151"])
def test_article_heading_ranks_above_body(tab, base, query):
    _, res = go_and_search(tab, base, query)
    assert paths(res)[:2] == ["/blhs/", "/xam-hai/"]
    assert any(s.endswith("#dieu-151-toi-mua-ban-nguoi-duoi-16-tuoi") for s in res[0]["sections"])


def test_a_word_found_nowhere_still_answers(tab, base):
    """No page has every word: the pages with the most words, under a line naming the missing one."""
    msg, res = go_and_search(tab, base, "xyzzy tra")
    assert msg["count"] >= 2 and msg["missing"] == ["xyzzy"]
    assert paths(res)[0] == "/ma-so/"  # "Tra cứu" in its title
    meta = tab.locator(".md-search-result__meta")
    assert "Không tìm thấy: xyzzy" in meta.inner_text()
    assert "xyzzy" in tab.locator(".md-search-result__terms del").first.inner_text()  # Material's "missing" line
    msg, res = go_and_search(tab, base, "tra")
    assert msg["count"] >= 2 and not msg["missing"]


def test_stop_words_never_remove_a_page(tab, base):
    _, plain = go_and_search(tab, base, "xam hai tre em")
    _, with_stop = go_and_search(tab, base, "tre em bi xam hai")
    assert set(paths(with_stop)) == set(paths(plain)) and paths(with_stop)[0] == "/xam-hai/"
    _, res = go_and_search(tab, base, "xâm hại của trẻ em và")
    assert set(paths(res)) == set(paths(plain))


@pytest.mark.parametrize("query", ["xaam haij tre em", "xa6m ha5i tre3 em", "XAAM HAIJ TRER EM"])
def test_telex_and_vni_typed_with_the_input_method_off(tab, base, query):
    msg, res = go_and_search(tab, base, query)
    assert msg["decoded"] in ("xâm hại trẻ em", "xâm hại tre em")
    assert paths(res)[0] == "/xam-hai/"
    assert "Đang tìm: xâm hại" in tab.locator(".md-search-result__meta").inner_text()


def test_telex_notice_in_english(tab, base):
    msg, res = go_and_search(tab, base + "en/", "child abuse")
    assert msg["decoded"] is None  # an English query that matches is never read as Telex
    assert tab.locator(".hb-search-decoded").count() == 0


def test_highlight_is_the_phrase_and_h_is_the_query(tab, base):
    _, res = go_and_search(tab, base, "xam hai tre em")
    assert "xâm hại trẻ em" in [m.lower() for m in res[0]["marks"]]
    assert urlsplit(res[0]["href"]).query == "h=xam+hai+tre+em"


def test_prefix_on_the_last_term(tab, base):
    _, res = go_and_search(tab, base, "duong day no")
    assert paths(res)[0] == "/duong-day-nong/"
    _, res = go_and_search(tab, base, "xâm hạ")
    assert paths(res)[0] == "/xam-hai/"
    # a prefix typed with or without diacritics finds the same pages
    _, a = go_and_search(tab, base, "rà sô")
    _, b = go_and_search(tab, base, "ra so")
    assert set(paths(a)) == set(paths(b))


def test_snippets_escape_html(tab, base):
    _, res = go_and_search(tab, base, "ký hiệu")
    assert paths(res) == ["/ma-so/"]
    assert tab.locator(".md-search-result__item b").count() == 0
    assert "<b>&amp;" in tab.locator(".md-search-result__item").first.inner_text()


def test_vietnamese_results_only(tab, base):
    _, res = go_and_search(tab, base, "102 2016")
    assert res and all(not p.startswith("/en/") for p in paths(res))


def test_no_vietnamese_result_points_to_english(tab, base):
    msg, res = go_and_search(tab, base, "child abuse")
    assert res == [] and msg["other"] == 1
    meta = tab.locator(".md-search-result__meta")
    assert meta.inner_text().strip() == "Không có kết quả tiếng Việt — 1 kết quả bằng tiếng Anh"
    link = meta.locator("a")
    assert link.get_attribute("href") == base + "en/?q=child+abuse"
    link.click()
    tab.wait_for_url(base + "en/**")
    tab.evaluate(S.RECORD_CHANNEL)
    tab.wait_for_selector(".md-search-result__item")
    assert tab.locator(S.QUERY_INPUT).input_value() == "child abuse"
    assert paths(S.results(tab))[0] == "/en/xam-hai/"


# -- English -------------------------------------------------------------------------------
@pytest.mark.parametrize("query,first", [
    ("child abuse", "/en/xam-hai/"),
    ("hotline", "/en/duong-day-nong/"),
    ("102 2016 qh13", "/en/luat-tre-em/"),
    ("1022016qh13", "/en/luat-tre-em/"),
    ("56 2017 nd cp", "/en/luat-tre-em/"),
    ("article 151", "/en/blhs/"),
    ("mediat", "/en/hoa-giai/"),
])
def test_english_search(tab, base, query, first):
    msg, res = go_and_search(tab, base + "en/", query)
    assert paths(res)[0] == first
    assert all(p.startswith("/en/") for p in paths(res))
    assert res[0]["marks"]


def test_english_article_section(tab, base):
    _, res = go_and_search(tab, base + "en/", "article 151")
    assert any(s.endswith("#article-151-trafficking-in-persons-under-16") for s in res[0]["sections"])


def test_no_english_result_points_to_vietnamese(tab, base):
    msg, res = go_and_search(tab, base + "en/luat-tre-em/", "tre em")
    assert res == [] and msg["other"] == 3
    meta = tab.locator(".md-search-result__meta")
    assert meta.inner_text().strip() == "No English results — 3 results in Vietnamese"
    link = meta.locator("a")
    assert link.get_attribute("href") == base + "?q=tre+em"
    link.click()
    tab.wait_for_url(base + "?q=*")
    tab.wait_for_selector(".md-search-result__item")
    got = paths(S.results(tab))
    assert len(got) == 3 and "/xam-hai/" in got and not any(p.startswith("/en/") for p in got)


def test_english_word_found_nowhere(tab, base):
    msg, res = go_and_search(tab, base + "en/", "xyzzy child")
    assert paths(res)[0] == "/en/xam-hai/" and msg["missing"] == ["xyzzy"]
    assert "Not found: xyzzy" in tab.locator(".md-search-result__meta").inner_text()
    _, res = go_and_search(tab, base + "en/", "the child and abuse")  # English stop words are optional
    assert paths(res)[0] == "/en/xam-hai/"


# -- Material's UI -------------------------------------------------------------------------
def test_query_in_the_url_opens_search(tab, base):
    S.open_page(tab, base + "?q=duong+day+nong")
    tab.wait_for_selector(".md-search-result__item")
    assert paths(S.results(tab))[0] == "/duong-day-nong/"


def test_keyboard_enter_opens_the_top_result(tab, base):
    S.open_page(tab, base)
    tab.keyboard.press("s")  # Material's shortcut focuses the search box
    assert tab.evaluate("document.activeElement.matches('input[data-md-component=search-query]')")
    S.search(tab, "dieu 151")
    tab.locator(S.QUERY_INPUT).press("Enter")
    tab.wait_for_url(base + "blhs/**")


def test_js_folding_matches_python_in_chromium(tab, base):
    from test_search_index import WORKER, python_table
    expected, words, texts = python_table()
    S.open_page(tab, base)
    got = tab.evaluate("""([src, words, texts]) => {
        const f = new Function(src + "; return {fold, toneKey, words, compounds};")();
        return {fold: words.map(f.fold), toneKey: words.map(f.toneKey),
                words: texts.map(f.words), compounds: texts.map(f.compounds)};
    }""", [WORKER.read_text(encoding="utf-8"), words, texts])
    assert got == expected
