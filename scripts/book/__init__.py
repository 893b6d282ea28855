"""The handbook as a book: one PDF per language and edition, printed by Chromium from a
built site (python -m scripts.book SITE_DIR OUT_DIR; `make book`).

This module is the plan, pure and testable: which pages, in which parts and order, under
which titles, with which strings and dates. `printer.py` hands the plan to Chromium, which
assembles the pages of the built site into one document (`assemble.js`, `book.css`) and
prints it (Playwright's page.pdf), twice: the first print tells on which page each section
starts (the PDF's outline), the second writes those numbers into the table of contents and
beside every internal link.

Why Chromium and not WeasyPrint: the tests already drive Debian's Chromium, so the book needs
no new engine; it prints the pages exactly as the site lays them out (Material's CSS, the
QR codes' SVG, the status badges), with the system's fonts (DejaVu, Liberation: full
Vietnamese coverage, from Debian packages, no network), and it shapes Vietnamese stacked
diacritics with HarfBuzz as the browser does. WeasyPrint would be a second layout engine
with its own CSS support to keep in step with the site's (and a Pango stack to install);
its one advantage, CSS target-counter() for page numbers, is met here by the two prints.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import cast

from ..model import dates
from ..model.addresses import is_local_address, public_url
from ..model.languages import DEFAULT_LANGUAGE, strings
from ..model.nav import entries as nav_entries
from ..model.tree import Page, Tree
from ..render.training import qr_svg

# The parts of the book, in order, and what each holds: page types, or page ids.
PARTS: tuple[tuple[str, frozenset, frozenset], ...] = (
    ("legal", frozenset({"legal-update"}), frozenset()),
    ("modules", frozenset({"module"}), frozenset()),
    ("guidance", frozenset({"guidance"}), frozenset()),
    ("reference", frozenset({"glossary"}), frozenset({"duong-day-nong"})),
)
# The editions: what each keeps of a module's exercises.
EDITIONS = ("learner", "instructor")
FILE_NAMES = {"learner": "so-tay-{lang}.pdf", "instructor": "so-tay-{lang}-giang-vien.pdf"}


@dataclass(frozen=True)
class Book:
    lang: str
    edition: str
    plan: dict  # what assemble.js reads

    @property
    def file_name(self) -> str:
        return FILE_NAMES[self.edition].format(lang=self.lang)


def file_names(langs) -> list[str]:
    return [FILE_NAMES[ed].format(lang=lang) for lang in langs for ed in EDITIONS]


def served_file(site_dir: Path, url_path: str) -> str | None:
    """The file of a built site serving a directory URL (`legal/x/`): `legal/x/index.html`
    (directory URLs) or `legal/x.html` (the offline copy)."""
    stem = url_path.strip("/")
    candidates = ([f"{stem}/index.html", f"{stem}.html"] if stem else ["index.html"])
    return next((c for c in candidates if (Path(site_dir) / c).is_file()), None)


def _nav_rank(nav) -> dict[str, int]:
    return {path[:-len(".md")]: i for i, path in enumerate(nav_entries(nav)) if path.endswith(".md")}


def parts(tree: Tree, nav, lang: str) -> list[tuple[str, list[Page]]]:
    """The book's parts in `lang`: each part's pages in nav order (then by id)."""
    rank = _nav_rank(nav)
    out = []
    for key, types, ids in PARTS:
        pages = [p for p in tree.in_language(lang) if p.stem and p.error is None
                 and (p.get("type") in types or p.get("id") in ids) and not p.stem.endswith("index")]
        pages.sort(key=lambda p: (rank.get(cast(str, p.stem), len(rank)), str(p.get("id"))))
        if pages:
            out.append((key, pages))
    return out


def plan(tree: Tree, nav, lang: str, edition: str, site_dir: Path, site_url: str,
         as_of=None) -> Book:
    """What Chromium needs to assemble one book: the pages (the file serving each, its
    directory URL, its title), the strings of `lang`, the date, the public address."""
    if edition not in EDITIONS:
        raise ValueError(edition)
    as_of = as_of or dates.today()
    B = strings(lang, "book")
    home = tree.page("home", lang) or tree.page("home", DEFAULT_LANGUAGE)
    book_parts = []
    for key, pages in parts(tree, nav, lang):
        entries = []
        for p in pages:
            src = served_file(site_dir, p.url_path)
            if src is None:
                raise SystemExit(f"book: {site_dir} has no page for {p.url_path} (build the site first)")
            entries.append({"src": src, "url": p.url_path, "title": str(p.get("title") or p.stem),
                            "type": p.get("type")})
        book_parts.append({"key": key, "title": B[f"part_{key}"], "pages": entries})
    date_text = dates.format_date(as_of.isoformat(), lang)
    home_path = "" if lang == DEFAULT_LANGUAGE else f"{lang}/"
    home_url = public_url(site_url, home_path)
    return Book(lang, edition, {
        "lang": lang,
        "edition": edition,
        "title": str(home.get("title")) if home else "",
        "edition_title": B[f"edition_{edition}"],
        "date": as_of.isoformat(),
        "date_line": B["date_line"].format(date=date_text),
        "status_line": B["status_line"].format(date=date_text),
        "site_url": public_url(site_url),
        "home_url": home_url,
        "home_src": served_file(site_dir, home_path),
        "home_qr": qr_svg(home_url, strings(lang, "training")["qr"].format(url=home_url), scale=4),
        "test_address": strings(lang, "trainers")["test_address"] if is_local_address(site_url) else "",
        "address_line": B["address_line"],
        "toc": B["toc"],
        "page_ref": B["page_ref"],
        "translation_note": B["translation_note"] if lang != DEFAULT_LANGUAGE else "",
        "learner": edition == "learner",
        "parts": book_parts,
    })
