"""Links that look right when shared (Zalo, Facebook): Open Graph tags on every page and a card
drawn at build time (scripts/render/cards.py), Vietnamese drawn from the font's own letters."""
from __future__ import annotations

import re
import struct
from html import unescape

import pytest

from scripts.model import legal
from scripts.model.languages import label
from scripts.model.tree import load_tree
from scripts.render import cards

ROOT = __import__("pathlib").Path(__file__).resolve().parent.parent


def tags(text: str) -> dict[str, str]:
    return {p: unescape(c) for p, c in re.findall(r'<meta property="(og:[a-z:_]+)" content="([^"]*)"', text)}


def test_every_page_has_its_open_graph_tags_and_card(site):
    home = (site / "index.html").read_text(encoding="utf-8")
    site_url = re.search(r'<link rel="canonical" href="([^"]+)"', home).group(1)
    pages = [p for p in site.rglob("*.html") if 'http-equiv="refresh"' not in p.read_text(encoding="utf-8")[:1000]
             and p.name != "404.html"]
    assert len(pages) > 60
    images = set()
    for page in pages:
        rel = page.relative_to(site).as_posix()
        text = page.read_text(encoding="utf-8")
        og = tags(text)
        assert og.get("og:title") and og.get("og:description"), rel
        canonical = re.search(r'<link rel="canonical" href="([^"]+)"', text).group(1)
        assert og["og:url"] == canonical and og["og:url"].startswith(site_url), rel  # the public address
        assert og["og:locale"] == ("en_US" if rel.startswith("en/") else "vi_VN"), rel
        assert og["og:image"].startswith(site_url + cards.CARD_DIR + "/"), rel
        png = site / og["og:image"][len(site_url):]
        data = png.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", data[16:24]) == cards.SIZE, rel
        images.add(og["og:image"])
        assert '<meta name="twitter:card" content="summary_large_image">' in text
    assert len(images) >= 30  # a card per section and per legal update, per language


def test_a_legal_pages_card_shows_its_number_and_status_on_the_build_date(site):
    tree = load_tree(ROOT / "docs")
    for lang in ("vi", "en"):
        for page in tree.of_type("legal-update", lang):
            card = cards.card_for(tree, page, lang, "Sổ tay")
            status = legal.status(tree, page)
            assert card.name == f"legal-{page.id}" and card.title == page.get("title")
            assert any(page.get("doc_number") in line for line in card.lines)
            assert card.lines[-1].startswith(label("status", status.key, lang))
            assert status.as_of.strftime("%Y") in card.lines[-1]
            text = (site / page.url_path / "index.html").read_text(encoding="utf-8")
            assert tags(text)["og:image"].endswith(f"/{cards.card_path(card)}")
    # two legal pages, two different cards
    first, second = list(tree.of_type("legal-update", "vi"))[:2]
    assert cards.draw(cards.card_for(tree, first, "vi", "Sổ tay")) != cards.draw(cards.card_for(tree, second, "vi", "Sổ tay"))


@pytest.mark.parametrize("accented, plain", [("ệ", "e"), ("ộ", "o"), ("ữ", "u"), ("Đ", "D"), ("ỷ", "y")])
def test_vietnamese_letters_are_drawn_from_the_font(accented, plain):
    """DejaVu has every precomposed Vietnamese letter: each is drawn as itself, not as a box
    and not as its base letter."""
    from PIL import Image, ImageDraw
    font = cards.font("bold", 66)

    def drawn(text):
        image = Image.new("L", (120, 120), 0)
        ImageDraw.Draw(image).text((20, 10), text, font=font, fill=255)
        return image.tobytes()
    assert drawn(accented) != drawn(plain) and drawn(accented) != drawn("\uffff")  # U+FFFF: a letter it lacks


def test_a_missing_font_is_one_clear_line(tmp_path, monkeypatch):
    monkeypatch.setattr(cards, "FONT_DIRS", (tmp_path,))
    with pytest.raises(cards.FontMissing):
        cards.draw(cards.Card("x", "vi", "a", "b"))
