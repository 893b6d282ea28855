"""The legal index's filter in Chromium: hidden without JS, shown with it; choosing a status
keeps only its rows and the headings of years that still have rows."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_legal_index_filter(site, serve, page):
    base = serve(site)
    page.goto(base + "legal/")
    form = page.locator("[data-hb-filter]")
    assert form.is_visible()
    rows = page.locator("tr[data-hb-row]")
    assert rows.count() == 18
    page.select_option("select[name=status]", "expired")
    visible = [r for r in rows.all() if r.is_visible()]
    assert len(visible) == 1 and "66/2011/QH12" in visible[0].inner_text()
    assert page.locator("#year-2011").is_visible() and not page.locator("#year-2024").is_visible()
    assert page.locator("[data-hb-count]").inner_text() == "1 văn bản"
    page.select_option("select[name=status]", "")
    page.select_option("select[name=type]", "law")
    assert sum(r.is_visible() for r in rows.all()) == 9
    page.locator("[data-hb-filter] button[type=reset]").click()
    page.wait_for_timeout(50)
    assert sum(r.is_visible() for r in rows.all()) == 18
    page.goto(base + "en/legal/")
    page.select_option("select[name=issuer]", "Prime Minister")
    assert [r.inner_text().split("\n")[0] for r in rows.all() if r.is_visible()] == ["33/QĐ-TTg", "1863/QĐ-TTg"]
