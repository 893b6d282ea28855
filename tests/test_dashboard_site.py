"""The dashboard on the built site: a summary page and a detail page per update in each
language, readable on a 360 px phone (chart text >= 12 px), switcher to the same page."""
from __future__ import annotations

import re
from html import unescape

import pytest

UPDATE = "luat-tre-em-2016"


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_detail_page_per_update_in_each_language(site, prefix):
    summary = (site / prefix / "dashboard/index.html").read_text(encoding="utf-8")
    detail_path = site / prefix / f"dashboard/{UPDATE}/index.html"
    # the summary links every update's detail page (written `x/` by MkDocs, `../dashboard/x/` by Zensical)
    hrefs = re.findall(r'href="([^"]*)"', summary)
    assert any((detail_path.parent.parent / h).resolve() == detail_path.parent.resolve() for h in hrefs), hrefs
    html = detail_path.read_text(encoding="utf-8")
    assert f'<html lang="{prefix[:-1] or "vi"}"' in html
    switch = {unescape(href): lang for href, lang in
              re.findall(r'<a href="([^"]+)" hreflang="([a-z]+)"[^>]*class="md-select__link', html)}
    assert any(UPDATE in href for href in switch), switch  # the switcher leads to the same detail page
    for path in (site / prefix / "dashboard/index.html", detail_path):
        assert path.stat().st_size <= 60_000, (path, path.stat().st_size)


@pytest.mark.parametrize("path", ["dashboard/", "en/dashboard/", f"dashboard/{UPDATE}/"])
def test_chart_text_is_readable_on_a_phone(site, serve, browser, path):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(serve(site) + path)
    sizes = page.evaluate("""() => [...document.querySelectorAll('.ack-chart svg')].flatMap(svg => {
        const scale = svg.getScreenCTM().a;
        return [...svg.querySelectorAll('text')].map(t => parseFloat(svg.getAttribute('font-size')) * scale);
    })""")
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    context.close()
    assert sizes and min(sizes) >= 12, min(sizes)
    assert overflow <= 0


@pytest.mark.parametrize("path", ["dashboard/", "en/dashboard/", f"dashboard/{UPDATE}/"])
def test_chart_labels_are_not_clipped_on_a_phone(site, serve, browser, path):
    """Every label and figure (79% (126/159) ⚠) lies inside its chart at 360 px, as Chromium lays it out."""
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(serve(site) + path)
    boxes = page.evaluate("""() => [...document.querySelectorAll('.ack-chart svg')].flatMap(svg => {
        const width = svg.viewBox.baseVal.width;
        return [...svg.querySelectorAll('text')].map(t => { const b = t.getBBox();
            return {text: t.textContent, left: b.x, right: b.x + b.width, width}; });
    })""")
    context.close()
    figures = [b for b in boxes if "%" in b["text"] and "(" in b["text"]]
    assert figures or UPDATE in path  # the summary shows counts; a detail page shows percentages
    # a glyph's side bearing may reach a unit past its origin; a cut figure would be tens of units out
    assert boxes and all(b["left"] >= -2 and b["right"] <= b["width"] + 0.5 for b in boxes), [
        b for b in boxes if b["left"] < -2 or b["right"] > b["width"] + 0.5]
