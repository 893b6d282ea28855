"""Presentation mode for modules (a projector at 1366×768) and the print button of legal
texts, guidance and the glossary, in Chromium on the built site."""
from __future__ import annotations

import pytest

MODULE = "nhan-dien-mua-ban-nguoi"

# the smallest font size of any text the reader sees in the article (the presentation bar and
# the trainer's buttons apart: controls, not text)
MIN_TEXT_PX = """() => {
  const root = document.querySelector('.md-content__inner');
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let min = Infinity, where = '', count = 0;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!n.textContent.trim()) continue;
    const el = n.parentElement;
    if (el.closest('.hb-trainer-tools, .hb-present-bar, svg')) continue;
    if (!el.getClientRects().length || getComputedStyle(el).visibility === 'hidden') continue;
    count += 1;
    const px = parseFloat(getComputedStyle(el).fontSize);
    if (px === 0) continue;  // text drawn as an icon (Material's footnote back-link: font-size 0)
    if (px < min) { min = px; where = el.tagName + ' ' + n.textContent.trim().slice(0, 40); }
  }
  return [min, where, count];
}"""


@pytest.fixture
def projector(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    yield page
    context.close()


def _visible_h2(page) -> list[str]:
    return page.eval_on_selector_all(".md-content__inner > h2", "els => els.filter(e => e.getClientRects().length)"
                                     ".map(e => e.id)")


def test_presentation_mode_at_1366x768(site, serve, projector):
    page = projector
    base = serve(site)
    page.goto(base + f"en/modules/{MODULE}/")
    before = page.evaluate(MIN_TEXT_PX)[0]
    sections = page.eval_on_selector_all(".md-content__inner > h2", "els => els.map(e => e.id)")
    assert len(sections) >= 3
    button = page.locator("button.hb-present-toggle")
    assert button.inner_text().strip() == "Present"
    button.click()
    assert page.evaluate("document.documentElement.classList.contains('hb-present')")
    assert not page.locator(".md-header").is_visible() and not page.locator(".md-sidebar--primary").is_visible()

    # screen 1: the title, the introduction and the QR code of the short link, in view
    assert page.locator(".md-content h1").is_visible() and _visible_h2(page) == []
    qr = page.locator(".hb-present-qr svg.hb-qr")
    assert qr.is_visible()
    box = qr.bounding_box()
    assert box["width"] >= 150 and box["y"] + box["height"] <= 768 and box["x"] + box["width"] <= 1366
    assert qr.get_attribute("data-qr-url").endswith(f"/en/m/{MODULE}/")
    assert page.locator(".hb-present-where").inner_text() == f"1 / {len(sections) + 1}"

    # room-sized type on every screen, boxes and tables included
    smallest = []
    for n, section in enumerate(sections, start=2):
        page.keyboard.press("ArrowRight" if n % 2 else "PageDown")
        assert _visible_h2(page) == [section]
        assert not page.locator(".md-content h1").is_visible()
        assert page.locator(".hb-present-where").inner_text() == f"{n} / {len(sections) + 1}"
        smallest.append(page.evaluate(MIN_TEXT_PX))
    page.keyboard.press("Home")
    smallest.append(page.evaluate(MIN_TEXT_PX))
    worst = min(smallest)
    print(f"\npresentation at 1366x768: smallest text {worst[0]} px ({worst[1]!r}); "
          f"{before} px without it; {len(sections) + 1} screens")
    assert all(count > 0 for _, _, count in smallest)
    assert worst[0] >= 24, worst
    assert before < 24  # what the mode is for: Material's boxes are 12.8 px at this width

    # previous, the last screen, the buttons of the bar
    page.keyboard.press("End")
    assert _visible_h2(page) == [sections[-1]]
    page.keyboard.press("ArrowLeft")
    assert _visible_h2(page) == [sections[-2]]
    page.locator(".hb-present-next").click()
    assert _visible_h2(page) == [sections[-1]]

    # remembered, like the instructor view: another module opens in presentation mode
    page.goto(base + "en/modules/khung-phap-ly/")
    assert page.evaluate("document.documentElement.classList.contains('hb-present')")
    assert page.locator(".hb-present-qr svg").is_visible()
    page.keyboard.press("Escape")
    assert not page.evaluate("document.documentElement.classList.contains('hb-present')")
    page.reload()
    assert not page.evaluate("document.documentElement.classList.contains('hb-present')")
    assert page.locator(".md-header").is_visible()
    # a link to a section opens on its screen
    page.goto(base + f"modules/{MODULE}/?present#{sections[1]}")
    assert _visible_h2(page) == [sections[1]]
    assert page.locator("button.hb-present-toggle").inner_text().strip() == "Trình chiếu"
    page.evaluate("localStorage.clear()")


def test_presentation_is_for_modules_only(site, serve, page):
    base = serve(site)
    page.goto(base + "plans/bcv-moi-mot-ngay/?present")
    assert page.locator("button.hb-present-toggle").count() == 0
    assert not page.evaluate("document.documentElement.classList.contains('hb-present')")
    page.evaluate("localStorage.clear()")


@pytest.mark.parametrize("path,has_tables", [("legal/luat-pcmbn-2024/", True), ("en/guidance/phong-ngua-cong-dong/", False),
                                              ("glossary/", True)])
def test_print_button_on_pages_read_on_paper(site, serve, page, path, has_tables):
    base = serve(site)
    page.goto(base + path)
    button = page.locator(".hb-print-tools button.hb-print")
    assert button.count() == 1 and button.is_visible() and button.inner_text().strip() == "In / Print"
    page.evaluate("window.print = () => { window.__printed = document.documentElement.dataset.print; }")
    button.click()
    assert page.evaluate("window.__printed") == "learner"
    page.emulate_media(media="print")
    assert not button.is_visible()
    # tables whole and at full width: nothing scrolled out of the printed page
    tables = page.eval_on_selector_all(".md-content table", """els => els.map(t => {
        const wrap = t.closest('.md-typeset__scrollwrap') || t.parentElement, s = getComputedStyle(t);
        return [s.breakInside, getComputedStyle(wrap).overflowX, t.scrollWidth <= wrap.clientWidth + 1];
    })""")
    assert bool(tables) == has_tables, path
    assert all(b == "avoid" and o == "visible" and fits for b, o, fits in tables), tables
    # every link to another page or site is followed by its address
    links = page.eval_on_selector_all(".md-content a[data-print-href]", """els => els.map(a =>
        [a.dataset.printHref, getComputedStyle(a, '::after').content])""")
    assert bool(links) == (path != "glossary/"), path  # the glossary's sources are plain text
    assert all(href in after for href, after in links), links[:3]
    if path.startswith("legal/"):  # the original text's address, printed
        assert any(href.startswith("https://") and "127.0.0.1" not in href for href, _ in links)
