"""?since=N in Chromium: a personal link opens the page with the reporter's last acknowledged
revision; the notes of later revisions show at the top and the sections they name are highlighted."""
from __future__ import annotations


def test_since_shows_later_revision_notes_and_highlights_named_sections(site, serve, page):
    base = serve(site)
    # blhs-dieu-150-151 is at revision 3; its revision-2 note names #amendments-2024-2025
    page.goto(base + "legal/blhs-dieu-150-151/?since=1")
    box = page.locator("#ack-since")
    assert box.is_visible()
    visible = box.locator("li[data-revision]:visible")
    assert sorted(visible.nth(i).get_attribute("data-revision") for i in range(visible.count())) == ["2", "3"]
    assert "Phiên bản 2" in box.inner_text() and "Phiên bản 3" in box.inner_text()
    assert page.locator("#amendments-2024-2025.since-changed").count() == 1
    # the notes come before the acknowledge box, at the top of the page
    order = page.evaluate("document.getElementById('ack-since').compareDocumentPosition("
                          "document.getElementById('acknowledge'))")
    assert order & 4  # Node.DOCUMENT_POSITION_FOLLOWING

    page.goto(base + "legal/blhs-dieu-150-151/")  # no ?since: nothing shown, nothing highlighted
    assert not page.locator("#ack-since").is_visible()
    assert page.locator(".since-changed").count() == 0
    page.goto(base + "legal/blhs-dieu-150-151/?since=3")  # already current
    assert not page.locator("#ack-since").is_visible()

    page.goto(base + "en/legal/blhs-dieu-150-151/?since=1")
    assert page.locator("#ack-since").is_visible()
    assert "Revision 2" in page.locator("#ack-since").inner_text()
    assert page.locator("#amendments-2024-2025.since-changed").count() == 1
