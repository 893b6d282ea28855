"""Every link of a built site, followed: shared by the gates (tests/test_gates.py) and the
other build paths (tests/test_engines.py)."""
from __future__ import annotations

import json
import re
from pathlib import Path


def site_url_of(site: Path) -> str:
    home = (site / "index.html").read_text(encoding="utf-8")
    return re.search(r'<link rel="canonical" href="([^"]+)"', home).group(1)


class PageLinks:
    """ids, links (a, link, area; meta refresh) and sources of one built page."""

    def __init__(self, text: str):
        from html.parser import HTMLParser
        self.ids: set[str] = set()
        self.links: list[str] = []
        outer = self

        class Parser(HTMLParser):
            def handle_starttag(self, tag, attrs):
                a = dict(attrs)
                if a.get("id"):
                    outer.ids.add(a["id"])
                if tag == "a" and a.get("name"):
                    outer.ids.add(a["name"])
                if tag in ("a", "link", "area") and a.get("href") is not None:
                    outer.links.append(a["href"])
                if tag in ("script", "img", "source", "iframe") and a.get("src"):
                    outer.links.append(a["src"])
                if tag == "meta" and (a.get("http-equiv") or "").lower() == "refresh":
                    outer.links.append((a.get("content") or "").split("url=", 1)[-1].split("URL=", 1)[-1])

        Parser().feed(text)


def resolve_link(site: Path, page: Path, href: str, site_url: str) -> tuple[Path, str] | None:
    """The file and fragment a link of `page` leads to, or None when it leaves the site."""
    from urllib.parse import unquote, urlsplit
    if href.startswith(site_url):
        href = "/" + href[len(site_url):]
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None  # another site, tel:, mailto:, javascript:
    base = site if parts.path.startswith("/") else page.parent
    target = (base / unquote(parts.path).lstrip("/")).resolve() if parts.path else page
    if target.is_dir():
        target = target / "index.html"
    return target, unquote(parts.fragment)


def broken_links(site: Path) -> list[str]:
    """Every link of every page in both languages (short links, redirects, feeds and the
    sitemap included) that reaches no file of the site, or no id of its page (#fragment)."""
    site_url = site_url_of(site)
    pages = {p.resolve(): PageLinks(p.read_text(encoding="utf-8")) for p in site.rglob("*.html")}
    links: list[tuple[Path, str]] = [(p, href) for p, parsed in pages.items() for href in parsed.links]
    for feed in [*site.rglob("feed.xml"), *site.glob("sitemap.xml"), *site.glob("*/sitemap.xml")]:
        links += [(feed.resolve(), url) for url in re.findall(r'(?:href="|<loc>)([^"<]+)', feed.read_text("utf-8"))]
    for feed in site.rglob("feed.json"):
        data = json.loads(feed.read_text(encoding="utf-8"))
        links += [(feed.resolve(), url) for url in [data.get("home_page_url"), data.get("feed_url")] if url]
        links += [(feed.resolve(), item["url"]) for item in data.get("items", [])]
    assert len(pages) > 100 and len(links) > 2000  # the whole site in both languages, not an empty one
    broken = []
    for page, href in links:
        if not href or href.startswith(("#__", "javascript:")):
            continue
        where = resolve_link(site, page, href, site_url)
        if where is None:
            continue
        target, fragment = where
        if not target.exists():
            broken.append(f"{page.relative_to(site.resolve())}: {href} (no {target.name})")
        elif fragment and target.suffix == ".html" and fragment not in pages[target].ids:
            broken.append(f"{page.relative_to(site.resolve())}: {href} (no #{fragment})")
    return broken
