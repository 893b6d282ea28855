"""The acknowledge box on pages that require acknowledgement."""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import markdown

from scripts.render import ackbox

META = {"id": "blhs-dieu-150-151", "revision": 2, "published": "2026-03-02",
        "ack": {"required": True, "audience": ["central", "provincial"], "due": 45}}
EXTRA = {"ack_form_url": "https://forms.example.invalid/f?entry.1={id}&entry.2={revision}&hl={lang}"}


def test_no_box_without_required_ack():
    assert ackbox.render({"id": "x", "revision": 1}, "vi", EXTRA) == ""
    assert ackbox.render({**META, "ack": {"required": False, "audience": ["central"], "due": 1}}, "vi", EXTRA) == ""


def test_box_shows_revision_due_date_and_button():
    vi = ackbox.render(META, "vi", EXTRA)
    assert "Phiên bản:</strong> 2" in vi
    assert '<time datetime="2026-04-16">16/04/2026</time>' in vi  # 2026-03-02 + 45 days
    assert re.search(r'<a class="md-button md-button--primary" href="[^"]+"[^>]*>Xác nhận đã đọc</a>', vi)
    en = ackbox.render(META, "en", EXTRA)
    assert ">Acknowledge</a>" in en and "2026-04-16" in en and "Revision:</strong> 2" in en


def test_form_url_is_filled_and_encoded():
    meta = {**META, "id": "id có dấu&x"}
    box = ackbox.render(meta, "en", EXTRA)
    href = re.search(r'href="([^"]+)"', box).group(1).replace("&amp;", "&")
    q = parse_qs(urlparse(href).query)
    assert q == {"entry.1": ["id có dấu&x"], "entry.2": ["2"], "hl": ["en"]}
    assert "%20c%C3%B3%20" in href


def test_inline_qr_svg_encodes_the_same_url_offline():
    box = ackbox.render(META, "vi", EXTRA)
    svg = re.search(r"<svg.*?</svg>", box, re.S).group(0)
    assert 'role="img"' in svg and "<title>" in svg and "aria-label=" in svg
    assert "<image" not in svg and "http" not in svg.replace("http://www.w3.org/2000/svg", "")
    import segno
    url = ackbox.form_url(EXTRA["ack_form_url"], META["id"], 2, "vi")
    expected = segno.make(url, error="m", micro=False)
    assert re.findall(r'd="([^"]+)"', svg)[-1] == re.findall(r'd="([^"]+)"', _svg_path(expected))[-1]


def _svg_path(qr):
    import io
    buf = io.BytesIO()
    qr.save(buf, kind="svg", scale=3, border=2, xmldecl=False, nl=False)
    return buf.getvalue().decode()


def test_box_is_valid_inside_markdown():
    html = markdown.markdown("# T\n\n" + ackbox.render(META, "vi", EXTRA) + "Văn bản.\n",
                             extensions=["md_in_html", "admonition", "attr_list"])
    assert html.count("<svg") == 1 and "md-button--primary" in html and "<p>Văn bản.</p>" in html
