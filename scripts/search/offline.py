"""Search in the offline bundle opened from disk (file://), with no web server.

Run after `mkdocs build --no-directory-urls -d <dir>` (make offline does):

    python -m scripts.search.offline dist/so-tay-offline

From a file:// page Chromium refuses to start a worker from a file and to fetch() JSON,
but it runs <script src> files and workers started from a Blob. So this step writes:

- search/<lang>/bundle.js: every index file of the language (manifest, docs, term and
  pair shards, text chunks), as `self.HANDBOOK_SEARCH_FILES[lang] = {path: json, …}`,
  the path being the file's under search/ (what the worker asks for, without ?v=);
- assets/search/worker-source.js: the built worker (assets/search/worker.js, its build
  values filled in) as a string, and the languages, for assets/search/offline.js;
- search/search_index.js (`var __index = …`, the stub search_index.json): what Material's
  bundle loads with a <script> tag instead of fetching search_index.json when the page is
  a file:// page; it waits for `__index` before it starts the search worker;
- assets/search/offline.js, copied from overrides/ (the site on the web leaves it out);
- into every HTML page, before Material's bundle, <script> tags (relative paths) for
  worker-source.js and offline.js, which starts Material's search worker from a Blob
  and hands it the index when the page is a file:// page (and does nothing otherwise).

It also makes every link of the copy open from disk (fix_links): the links the handbook's
renderers write into raw HTML (the generated legal index, "Đọc bản tiếng Việt" on
translations, the dashboard, the feeds) are directory URLs (`../legal/x/`), which a
--no-directory-urls build leaves as they are and which a file:// page cannot open. Each is
read as it was written (from the page's directory URL) and pointed at the file serving it
(`../legal/x.html`, `../en/index.html`). The QR codes and printed links keep the public
address (site_url), which the build wrote.

Only the offline copy is changed; the site on the web never references these files.
Safe to run twice.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import sys
from pathlib import Path
from typing import Any

MARK = "<!-- handbook-offline-search -->"
BUNDLE_RE = re.compile(r'<script src="[^"]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js"></script>')


def _json(obj) -> str:
    # JSON is a JavaScript expression (U+2028/2029 included since ES2019); "</" kept out of
    # strings anyway so a file could be inlined in a page
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


def languages(search_dir: Path) -> list[str]:
    return sorted(p.parent.name for p in search_dir.glob("*/manifest.json"))


def write_bundle(search_dir: Path, lang: str) -> Path:
    files = {}
    for path in sorted((search_dir / lang).glob("*.json")):
        files[f"{lang}/{path.name}"] = json.loads(path.read_text(encoding="utf-8"))
    out = search_dir / lang / "bundle.js"
    out.write_text(
        "/* Sổ tay Báo cáo viên: the search index for file:// (scripts/search/offline.py) */\n"
        f"(self.HANDBOOK_SEARCH_FILES = self.HANDBOOK_SEARCH_FILES || {{}})[{_json(lang)}] = {_json(files)};\n",
        encoding="utf-8")
    return out


def write_worker_source(site_dir: Path, langs: list[str]) -> Path:
    worker = (site_dir / "assets/search/worker.js").read_text(encoding="utf-8")
    if "/*@@HANDBOOK_SEARCH_BUILD@@*/null" in worker:
        raise SystemExit("offline: assets/search/worker.js has no index location (the search index was not built)")
    out = site_dir / "assets/search/worker-source.js"
    out.write_text(
        "/* Sổ tay Báo cáo viên: the search worker's source for file:// (scripts/search/offline.py) */\n"
        f"self.HANDBOOK_WORKER_SOURCE = {_json(worker)};\n"
        f"self.HANDBOOK_SEARCH_LANGUAGES = {_json(langs)};\n",
        encoding="utf-8")
    return out


def write_material_index(search_dir: Path) -> Path:
    stub = json.loads((search_dir / "search_index.json").read_text(encoding="utf-8"))
    out = search_dir / "search_index.js"
    out.write_text(f"var __index = {_json(stub)};\n", encoding="utf-8")
    return out


def patch_pages(site_dir: Path) -> int:
    patched = 0
    for page in sorted(site_dir.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        if MARK in text:
            continue
        match = BUNDLE_RE.search(text)
        if not match:
            continue  # redirect stubs and the like: no search box
        rel = Path(os.path.relpath(site_dir / "assets/search", page.parent)).as_posix()
        tags = (f'{MARK}<script src="{rel}/worker-source.js"></script>'
                f'<script src="{rel}/offline.js"></script>')
        page.write_text(text[:match.start()] + tags + text[match.start():], encoding="utf-8")
        patched += 1
    return patched


# -- links that open from disk --------------------------------------------------------------------
A_HREF_RE = re.compile(r'(<a\b[^>]*?\shref=")([^"]*)(")', re.IGNORECASE)
_SCHEME_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def _page_dir_url(rel: str) -> str:
    """`legal/x.html` -> `legal/x/`, `legal/index.html` -> `legal/`, `index.html` -> ``: where the
    page lives on the web, the base its directory-URL links were written against."""
    if rel == "index.html" or rel.endswith("/index.html"):
        return rel[:-len("index.html")]
    return rel[:-len(".html")] + "/"


def _served_file(site_dir: Path, url: str) -> str | None:
    """The file of the copy a directory URL (`legal/x/`, `en/`, ``) or a file URL is served by."""
    url = url.lstrip("/")
    if url and not url.endswith("/"):
        return url if (site_dir / url).is_file() else None
    stem = url.rstrip("/")
    for candidate in ([stem + ".html"] if stem else []) + [(stem + "/" if stem else "") + "index.html"]:
        if (site_dir / candidate).is_file():
            return candidate
    return None


def fixed_href(site_dir: Path, rel: str, href: str) -> str | None:
    """The href to write instead of `href` on page `rel` (relative to site_dir), or None to keep it."""
    import html
    import posixpath
    raw = html.unescape(href)
    if not raw or raw.startswith(("#", "/", "?")) or _SCHEME_RE.match(raw):
        return None
    path, sep_q, rest = raw.partition("?") if "?" in raw.split("#", 1)[0] else (raw.split("#", 1)[0], "", "")
    tail = ("?" + rest) if sep_q else ("#" + raw.split("#", 1)[1] if "#" in raw else "")
    here = posixpath.dirname(rel)
    if path and not path.endswith("/"):
        target = posixpath.normpath(posixpath.join(here, path))
        if not target.startswith("..") and (site_dir / target).is_file():
            return None  # opens from disk as it is (MkDocs wrote it for this copy)
    written_for = posixpath.normpath(posixpath.join(_page_dir_url(rel), path or "."))
    if written_for.startswith(".."):
        return None
    url = "" if written_for == "." else written_for + ("/" if path.endswith("/") or not path else "")
    served = _served_file(site_dir, url)
    if served is None:
        return None  # dead either way: left for the link crawl of the copy to report
    new = posixpath.relpath(served, here or ".") + tail
    return html.escape(new, quote=True)


def fix_links(site_dir: Path) -> int:
    """Point every directory-URL link of the copy's pages at the file that serves it."""
    site_dir = Path(site_dir)
    changed = 0
    for page in sorted(site_dir.rglob("*.html")):
        rel = page.relative_to(site_dir).as_posix()
        text = page.read_text(encoding="utf-8")

        def one(m: re.Match, rel: str = rel) -> str:
            nonlocal changed
            new = fixed_href(site_dir, rel, m.group(2))
            if new is None or new == m.group(2):
                return m.group(0)
            changed += 1
            return m.group(1) + new + m.group(3)

        out = A_HREF_RE.sub(one, text)
        if out != text:
            page.write_text(out, encoding="utf-8")
    return changed


def remove_server_pages(site_dir: Path) -> list[str]:
    """The 404 pages are what a web server answers for a missing address: a copy opened from
    disk has no server to answer with them, and their links are absolute (/…) for that reason."""
    removed = []
    for page in sorted(Path(site_dir).glob("404.html")) + sorted(Path(site_dir).glob("*/404.html")):
        page.unlink()
        removed.append(page.relative_to(site_dir).as_posix())
    return removed


# The script that starts search on file:// pages: kept out of the site on the web (the build
# drops it, scripts/build/mkdocs_hooks.py) and copied into the offline copy here.
OFFLINE_SCRIPT = Path(__file__).resolve().parents[2] / "overrides" / "assets" / "search" / "offline.js"


def make_offline(site_dir: Path) -> dict:
    site_dir = Path(site_dir)
    search_dir = site_dir / "search"
    if not (site_dir / "assets/search").is_dir():
        raise SystemExit(f"offline: {site_dir}/assets/search is missing (not a handbook site build)")
    shutil.copyfile(OFFLINE_SCRIPT, site_dir / "assets/search/offline.js")
    langs = languages(search_dir)
    if not langs:
        raise SystemExit(f"offline: no search/<lang>/manifest.json under {site_dir}")
    stats: dict[str, Any] = {"languages": {}}
    for lang in langs:
        stats["languages"][lang] = write_bundle(search_dir, lang).stat().st_size
    write_material_index(search_dir)
    stats["worker_source"] = write_worker_source(site_dir, langs).stat().st_size
    stats["pages"] = patch_pages(site_dir)
    stats["links_fixed"] = fix_links(site_dir)
    stats["removed"] = remove_server_pages(site_dir)
    return stats


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m scripts.search.offline <site built with --no-directory-urls>", file=sys.stderr)
        return 2
    stats = make_offline(Path(args[0]))
    sizes = ", ".join(f"{lang} {size // 1024} KB" for lang, size in stats["languages"].items())
    print(f"offline search: {stats['pages']} pages, index {sizes}; {stats['links_fixed']} links pointed at files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
