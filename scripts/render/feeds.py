"""Feeds per language from the revision notes: Atom (RFC 4287) and JSON Feed 1.1, each
holding only its own language's notes (the same entries as the changelog page).

Pure functions: (tree, language, site URL, site name) -> text; the build writes them to
`feed.xml` / `feed.json` at the language's root (`en/feed.xml` …).
"""
from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET

from ..model import dates
from ..model.languages import DEFAULT_LANGUAGE, label, t
from ..model.tree import Tree
from .escape import xml_chars
from .listing import Entry, revision_entries

ATOM_NS = "http://www.w3.org/2005/Atom"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
MAX_ITEMS = 50


def language_root(lang: str) -> str:
    """The path of a language's home below the site root: '' or 'en/'."""
    return "" if lang == DEFAULT_LANGUAGE else f"{lang}/"


def _base(site_url: str) -> str:
    return (site_url or "/").rstrip("/") + "/"


def _timestamp(day: dt.date) -> str:
    """Midnight in Viet Nam on that day, RFC 3339."""
    return dt.datetime(day.year, day.month, day.day, tzinfo=dates.TZ).isoformat()


def _title(entry: Entry, lang: str) -> str:
    return f'{entry.page.get("title", "")} ({t(lang, "listing.revision", revision=entry.revision)})'


def _author(tree: Tree) -> str:
    home = tree.page("home", DEFAULT_LANGUAGE)
    return str(home.get("owner")) if home is not None and home.get("owner") else "Ban biên tập Sổ tay"


def _entries(tree: Tree, lang: str) -> list[Entry]:
    return revision_entries(tree, lang)[:MAX_ITEMS]


def atom(tree: Tree, lang: str, site_url: str, site_name: str) -> str:
    base = _base(site_url)
    root = language_root(lang)
    entries = _entries(tree, lang)
    ET.register_namespace("", ATOM_NS)
    feed = ET.Element(f"{{{ATOM_NS}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": lang})

    def sub(parent, tag, text=None, **attrs):
        el = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", {k: xml_chars(v) for k, v in attrs.items()})
        if text is not None:
            el.text = xml_chars(text)
        return el

    sub(feed, "id", base + root + "feed.xml")
    sub(feed, "title", t(lang, "listing.feed_title", site=site_name))
    sub(feed, "subtitle", t(lang, "listing.feed_description"))
    sub(feed, "updated", _timestamp(entries[0].date if entries else dates.today()))
    sub(feed, "link", rel="self", type="application/atom+xml", href=base + root + "feed.xml")
    sub(feed, "link", rel="alternate", type="text/html", hreflang=lang, href=base + root + "changelog/")
    author = sub(feed, "author")
    sub(author, "name", _author(tree))
    for entry in entries:
        url = base + entry.page.url_path
        item = sub(feed, "entry")
        sub(item, "id", f"{url}#revision-{entry.revision}")
        sub(item, "title", _title(entry, lang))
        sub(item, "updated", _timestamp(entry.date))
        sub(item, "published", _timestamp(entry.date))
        sub(item, "link", rel="alternate", type="text/html", hreflang=lang, href=url)
        sub(item, "category", term=str(entry.page.get("type")), label=label("page_type", entry.page.get("type"), lang))
        sub(item, "summary", entry.note, type="text")
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def json_feed(tree: Tree, lang: str, site_url: str, site_name: str) -> str:
    base = _base(site_url)
    root = language_root(lang)
    items = []
    for entry in _entries(tree, lang):
        url = base + entry.page.url_path
        items.append({
            "id": f"{url}#revision-{entry.revision}",
            "url": url,
            "title": _title(entry, lang),
            "content_text": entry.note,
            "summary": entry.page.get("description") or entry.note,
            "date_published": _timestamp(entry.date),
            "date_modified": _timestamp(entry.date),
            "tags": [label("page_type", entry.page.get("type"), lang)],
            "language": lang,
        })
    feed = {
        "version": JSON_FEED_VERSION,
        "title": t(lang, "listing.feed_title", site=site_name),
        "description": t(lang, "listing.feed_description"),
        "home_page_url": base + root + "changelog/",
        "feed_url": base + root + "feed.json",
        "language": lang,
        "authors": [{"name": _author(tree)}],
        "items": items,
    }
    return json.dumps(feed, ensure_ascii=False, indent=2) + "\n"


def write_feeds(site_dir, tree: Tree, languages: list[str], site_url: str, site_names: dict) -> list:
    """feed.xml and feed.json at each language's root of the built site; the paths written."""
    from pathlib import Path
    written = []
    for lang in languages:
        folder = Path(site_dir) / language_root(lang)
        folder.mkdir(parents=True, exist_ok=True)
        name = site_names.get(lang) or site_names.get(DEFAULT_LANGUAGE) or ""
        for filename, text in (("feed.xml", atom(tree, lang, site_url, name)),
                               ("feed.json", json_feed(tree, lang, site_url, name))):
            (folder / filename).write_text(text, encoding="utf-8")
            written.append(folder / filename)
    return written
