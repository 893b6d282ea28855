"""The real site on a reporter's phone (360 × 740 in Chromium): no page wider than the screen,
the glossary's formatted terms rendered, and the home page's first screen."""
from __future__ import annotations

import re

import pytest

PHONE = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2, "is_mobile": True,
         "has_touch": True, "service_workers": "block"}


@pytest.fixture(scope="module")
def base(site, serve):
    return serve(site)


@pytest.fixture
def phone(browser):
    context = browser.new_context(**PHONE)
    yield context.new_page()
    context.close()


def reader_pages(site) -> list[str]:
    """Every page a reader can open, both languages (short links and redirects only forward)."""
    out = []
    for path in sorted(site.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in text[:1000]:
            continue
        rel = path.relative_to(site).as_posix()
        out.append(rel[:-len("index.html")] if rel.endswith("index.html") else rel)
    return out


def test_no_page_is_wider_than_a_phone(site, base, phone):
    pages = reader_pages(site)
    kinds = {p.split("/")[1] if p.startswith("en/") else p.split("/")[0] for p in pages}
    assert {"", "legal", "modules", "plans", "guidance", "glossary", "hotlines", "dashboard", "contributing",
            "offline", "404.html"} <= kinds, kinds  # every page type, in both languages
    assert any(p.startswith("en/glossary") for p in pages)
    wide = {}
    for path in pages:
        phone.goto(base + path)
        width = phone.evaluate("document.documentElement.scrollWidth")
        if width > 360:
            wide[path] = (width, phone.evaluate(
                """() => [...document.querySelectorAll('.md-content *')].filter(e => e.getBoundingClientRect().right > 361
                      && !e.closest('.md-typeset__scrollwrap')).slice(0, 3).map(e => e.tagName + '.' + e.className)"""))
    assert wide == {}, f"pages wider than 360 px: {wide}"


@pytest.mark.parametrize("lang", ["", "en/"])
def test_glossary_terms_render_formatted_and_its_table_scrolls_in_its_box(site, base, phone, lang):
    html_text = (site / lang / "glossary" / "index.html").read_text(encoding="utf-8")
    table = html_text[html_text.index('id="terms"'):html_text.index("</table>")]
    assert "**" not in table and "<strong>" in table
    phone.goto(base + lang + "glossary/")
    first = phone.locator("#terms tbody tr").first.locator("td").first
    assert first.locator("strong").count() == 1
    assert first.evaluate("e => getComputedStyle(e.querySelector('strong')).fontWeight") >= "700"
    wrap = phone.locator("#terms").locator("xpath=ancestor::div[contains(@class, 'md-typeset__scrollwrap')]")
    assert wrap.count() == 1
    assert wrap.evaluate("e => e.scrollWidth > e.clientWidth && getComputedStyle(e).overflowX === 'auto'")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert re.search(r"Trẻ em|Child", first.inner_text())


@pytest.mark.parametrize("lang, tasks", [
    ("", ["Văn bản đang có hiệu lực", "Những gì đã thay đổi", "Đường dây nóng", "Bài bồi dưỡng", "Kế hoạch tập huấn"]),
    ("en/", ["Texts in force", "What has changed", "Hotlines", "Training modules", "Session plans"]),
])
def test_the_home_page_fits_what_reporters_come_for_in_the_first_screen(base, phone, lang, tasks):
    """What the handbook is, what is new, the texts in force and what changed, the hotlines
    (tel: links), modules and plans: all above the fold of a 360 × 740 phone."""
    phone.goto(base + lang)
    article = phone.locator("article")
    h1 = article.locator("h1")
    assert h1.inner_text().rstrip("¶") in ("Sổ tay Báo cáo viên", "Reporter Handbook")
    needed = [h1, article.locator(".home-lead"), article.locator("#whats-new li").last,
              *(article.locator(".home-tasks a", has_text=t).first for t in tasks),
              article.locator('a[href="tel:111"]').first, article.locator('a[href="tel:113"]').first]
    for el in needed:
        box = el.bounding_box()
        assert box and box["y"] >= 0 and box["y"] + box["height"] <= 740, (el, box)
    assert article.locator("#whats-new li").count() == 3
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360


def test_whats_new_counts_the_changes_since_the_last_visit(base, phone):
    """Remembered on the device only: a first visit shows the latest changes; a later visit
    after a change marks it and says how many (here: a visit remembered before the latest day's)."""
    phone.goto(base)
    box = phone.locator("#whats-new")
    assert box.locator(".hb-new__title").inner_text() == "Có gì mới" and box.get_attribute("data-fresh") is None
    dates = box.get_attribute("data-dates").split()
    assert dates == sorted(dates, reverse=True) and phone.evaluate("localStorage.getItem('hb-seen')") == dates[0]
    phone.reload()  # the same visit: unchanged
    assert box.locator(".hb-new__title").inner_text() == "Có gì mới"
    # a reader whose last visit was before the newest changes (those of the latest day), in a new session
    before = next(d for d in dates if d < dates[0])
    phone.evaluate("(d) => { localStorage.setItem('hb-seen', d); sessionStorage.clear(); }", before)
    phone.reload()
    fresh = len([d for d in dates if d > before])
    assert box.get_attribute("data-fresh") == str(fresh)
    assert box.locator(".hb-new__title").inner_text() == (
        "1 thay đổi mới từ lần trước bạn xem" if fresh == 1 else f"{fresh} thay đổi mới từ lần trước bạn xem")
    assert box.locator("li.hb-new__fresh").count() == min(fresh, 3)
    phone.evaluate("() => sessionStorage.clear()")
    phone.reload()
    assert box.locator(".hb-new__title").inner_text() == "Không có gì mới từ lần trước bạn xem"
