"""Feeds per language (scripts/render/feeds.py): Atom parsed with xml.etree and checked for
RFC 4287's required elements, JSON Feed 1.1 with its items; each holds only its own
language. The real site's four feeds and its generated pages are checked on the build."""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

from test_legal_listing import sample

from scripts.model.tree import load_tree
from scripts.render import feeds

A = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}([+-]\d{2}:\d{2}|Z)$")
SITE = "https://example.org/handbook/"


def check_atom(text: str, lang: str) -> ET.Element:
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == A + "feed" and root.get(XML_LANG) == lang
    for tag in ("id", "title", "updated"):
        assert (root.findtext(A + tag) or "").strip(), tag
    assert RFC3339.match(root.findtext(A + "updated"))
    assert root.find(A + "author/" + A + "name") is not None  # feed-level author covers every entry
    self_link = [ln for ln in root.findall(A + "link") if ln.get("rel") == "self"]
    assert len(self_link) == 1 and self_link[0].get("href").endswith("feed.xml")
    entries = root.findall(A + "entry")
    assert entries
    ids = [en.findtext(A + "id") for en in entries]
    assert len(ids) == len(set(ids))
    for en in entries:
        for tag in ("id", "title", "updated", "summary"):
            assert (en.findtext(A + tag) or "").strip(), tag
        assert RFC3339.match(en.findtext(A + "updated"))
        link = en.find(A + "link")
        assert link is not None and link.get("href").startswith("http") and link.get("hreflang") == lang
    updated = [en.findtext(A + "updated") for en in entries]
    assert updated == sorted(updated, reverse=True)
    return root


def check_json(text: str, lang: str) -> dict:
    data = json.loads(text)
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert data["title"] and data["language"] == lang and data["feed_url"].endswith("feed.json")
    assert isinstance(data["items"], list) and data["items"]
    for item in data["items"]:
        assert item["id"] and item["url"].startswith("http") and (item.get("content_text") or item.get("content_html"))
        assert RFC3339.match(item["date_published"]) and item["language"] == lang
    return data


def test_each_feed_holds_only_its_language(tmp_path):
    docs = tmp_path / "docs"
    sample(docs)
    tree = load_tree(docs)
    vi_atom = check_atom(feeds.atom(tree, "vi", SITE, "Sổ tay"), "vi")
    en_atom = check_atom(feeds.atom(tree, "en", SITE, "Handbook"), "en")
    vi_json = check_json(feeds.json_feed(tree, "vi", SITE, "Sổ tay"), "vi")
    en_json = check_json(feeds.json_feed(tree, "en", SITE, "Handbook"), "en")
    vi_text = [en.findtext(A + "summary") for en in vi_atom.findall(A + "entry")]
    en_text = [en.findtext(A + "summary") for en in en_atom.findall(A + "entry")]
    assert vi_text == ["Thêm Điều 2.", "Đăng lần đầu luật cũ.", "Đăng lần đầu luật mới."]
    assert en_text == ["Article 2 added.", "Old law first published.", "New law first published."]
    assert [i["content_text"] for i in vi_json["items"]] == vi_text
    assert [i["content_text"] for i in en_json["items"]] == en_text
    assert all("/en/" not in i["url"] for i in vi_json["items"])
    assert all(i["url"].startswith(SITE + "en/") for i in en_json["items"])
    assert en_atom.findtext(A + "id") == SITE + "en/feed.xml" and vi_atom.findtext(A + "id") == SITE + "feed.xml"


def test_real_site_feeds_and_generated_pages(site):
    for lang, folder in (("vi", site), ("en", site / "en")):
        atom = check_atom((folder / "feed.xml").read_text(encoding="utf-8"), lang)
        data = check_json((folder / "feed.json").read_text(encoding="utf-8"), lang)
        assert len(atom.findall(A + "entry")) == len(data["items"]) >= 8
    vi = json.loads((site / "feed.json").read_text(encoding="utf-8"))
    en = json.loads((site / "en/feed.json").read_text(encoding="utf-8"))
    assert any("Đăng lần đầu" in i["content_text"] for i in vi["items"])
    assert not any("Đăng lần đầu" in i["content_text"] for i in en["items"])
    assert not any("First published" in i["content_text"] for i in vi["items"])
    index = (site / "legal/index.html").read_text(encoding="utf-8")
    assert "<!-- legal-index -->" not in index and "data-hb-filter" in index
    numbers = re.findall(r'<tr data-hb-row.*?<a href="[^"]+">([^<]+)</a>', index)
    assert numbers[0] == "33/QĐ-TTg" and numbers[-1] == "66/2011/QH12" and len(numbers) == 18
    page = (site / "legal/luat-pcmbn-2011/index.html").read_text(encoding="utf-8")
    assert "Hết hiệu lực toàn bộ" in page and "Tình trạng tính đến ngày" in page and 'id="history"' in page
    assert 'id="cite"' in page and "Luật Phòng, chống mua bán người số 66/2011/QH12 ngày 29/03/2011" in page
    home = (site / "en/index.html").read_text(encoding="utf-8")
    assert "<!-- latest-updates -->" not in home and "(Revision 2)" in home
    assert "What&#39;s new" in (site / "en/changelog/index.html").read_text(encoding="utf-8") or \
        "What's new" in (site / "en/changelog/index.html").read_text(encoding="utf-8")


def test_every_page_links_its_own_languages_feeds(site):
    import posixpath
    import re
    for page, feed_dir in (("legal/luat-tre-em-2016/index.html", ""), ("en/legal/luat-tre-em-2016/index.html", "en/"),
                           ("en/index.html", "en/"), ("index.html", "")):
        html = (site / page).read_text(encoding="utf-8")
        links = re.findall(r'<link rel="alternate feed" type="application/(?:atom\+xml|feed\+json)"[^>]*href="([^"]+)"', html)
        assert len(links) == 2, page
        for href in links:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(page), href))
            assert target in (f"{feed_dir}feed.xml", f"{feed_dir}feed.json"), (page, href)
            assert (site / target).exists()
