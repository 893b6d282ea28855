"""Print the books: the built site served on a loopback port, each book assembled in Chromium
(assemble.js) and printed twice with Playwright's page.pdf (the first print's outline gives
the page each section starts on; the second carries those numbers). Nothing leaves the
machine: every request to another origin is aborted.
"""
from __future__ import annotations

import functools
import html
import http.server
import io
import os
import re
import threading
import time
from pathlib import Path
from typing import cast

import yaml

from ..model import dates
from ..model.languages import codes
from ..model.tree import load_tree
from . import EDITIONS, Book, plan

HERE = Path(__file__).resolve().parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
FOOTER = ('<div style="width:100%;font-size:8pt;font-family:\'DejaVu Sans\',sans-serif;color:#555;'
          'text-align:center"><span class="pageNumber"></span></div>')
PDF_OPTIONS = {"format": "A4", "print_background": True, "outline": True, "tagged": True, "display_header_footer": True,
               "header_template": "<span></span>", "footer_template": FOOTER,
               "margin": {"top": "18mm", "bottom": "18mm", "left": "18mm", "right": "18mm"}}
MAX_PRINTS = 4  # the numbers settle in two; a page reference that moves a page break takes one more


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _Server:
    def __init__(self, directory: Path):
        handler = functools.partial(_Quiet, directory=str(directory))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


class _IgnoreTags(yaml.SafeLoader):
    pass


_IgnoreTags.add_multi_constructor("", lambda loader, suffix, node: None)


def read_nav(config_file: Path):
    config = yaml.load(Path(config_file).read_text(encoding="utf-8"), Loader=_IgnoreTags)  # noqa: S506
    return (config or {}).get("nav") or []


def built_site_url(site_dir: Path) -> str:
    """The address the site was built for (site_url): its home page's canonical link."""
    text = (Path(site_dir) / "index.html").read_text(encoding="utf-8")
    m = re.search(r'<link rel="canonical" href="([^"]+)"', text)
    if not m:
        raise SystemExit(f"book: {site_dir}/index.html has no canonical link (build with site_url)")
    url = html.unescape(m.group(1))
    return re.sub(r"(index\.html)?$", "", url, count=1)


def section_pages(pdf: bytes, count: int) -> list[int]:
    """The 1-based page of each of the first `count` top-level outline entries (the sections'
    titles, the book's only <h1>s)."""
    from pypdf import PdfReader
    reader = PdfReader(io.BytesIO(pdf))
    top = [item for item in reader.outline if not isinstance(item, list)]
    if len(top) != count:
        raise SystemExit(f"book: the PDF outline has {len(top)} top-level entries for {count} sections")
    return [cast(int, reader.get_destination_page_number(item)) + 1 for item in top]  # each names its page


def print_book(page, server_url: str, book: Book) -> tuple[bytes, int]:
    """One book's PDF and the number of prints it took."""
    page.goto(server_url + book.plan["home_src"])
    section_ids = page.evaluate((HERE / "assemble.js").read_text(encoding="utf-8"), book.plan)
    page.add_style_tag(path=str(HERE / "book.css"))
    page.evaluate("document.fonts.ready.then(() => true)")
    numbers_js = (HERE / "numbers.js").read_text(encoding="utf-8")
    pages: dict = {}
    for prints in range(1, MAX_PRINTS + 1):
        pdf = page.pdf(**PDF_OPTIONS)
        found = dict(zip(section_ids, section_pages(pdf, len(section_ids)), strict=False))  # a section not found: no page
        if found == pages:
            return pdf, prints
        pages = found
        page.evaluate(numbers_js, [pages, book.plan["page_ref"]])
    raise SystemExit(f"book: {book.file_name}: the page numbers did not settle after {MAX_PRINTS} prints")


def print_books(site_dir: Path, out_dir: Path, root: Path, langs=None, editions=EDITIONS) -> list[dict]:
    """Every book of `langs` × `editions` into out_dir; what was written (file, pages, bytes, seconds)."""
    from playwright.sync_api import sync_playwright
    from pypdf import PdfReader
    site_dir, out_dir = Path(site_dir), Path(out_dir)
    tree = load_tree(root / "docs")
    nav = read_nav(root / "mkdocs.yml")
    site_url = built_site_url(site_dir)
    as_of = dates.today()
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    server = _Server(site_dir)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            # the book's stylesheet is added as a <style>: the site's Content-Security-Policy is
            # for readers' browsers, not for this print job on its own pages
            context = browser.new_context(bypass_csp=True)
            context.route("**/*", lambda r: r.continue_() if r.request.url.startswith((server.url, "data:", "blob:"))
                          else r.abort())
            page = context.new_page()
            for lang in langs or codes():
                for edition in editions:
                    started = time.perf_counter()
                    book = plan(tree, nav, lang, edition, site_dir, site_url, as_of)
                    book.plan["root"] = server.url
                    pdf, prints = print_book(page, server.url, book)
                    target = out_dir / book.file_name
                    target.write_bytes(pdf)
                    written.append({"file": target, "lang": lang, "edition": edition, "bytes": len(pdf),
                                    "pages": len(PdfReader(io.BytesIO(pdf)).pages), "prints": prints,
                                    "seconds": round(time.perf_counter() - started, 1)})
            browser.close()
    finally:
        server.close()
    return written
