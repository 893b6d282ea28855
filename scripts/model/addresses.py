"""Stable addresses: every URL the site publishes, the short links that never change
(`m/<id>/` for modules, `u/<id>/` for legal updates and guidance, `p/<id>/` for session
plans, under `en/` for English), and the redirects a moved page keeps (`moved_from`).

`data/urls.txt` is the list of URLs once published; a URL in it must still be served
(a page, a short link or a redirect), which `checks/training.py` enforces.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .languages import DEFAULT_LANGUAGE, codes
from .registry import ID_RE, SHORT_LINK_PREFIX
from .tree import Page, Tree, url_path

URLS_FILE = Path("data") / "urls.txt"  # relative to the folder holding docs/
HEADER = ("# Published URLs (relative to site_url), one per line. Written by the build with HANDBOOK_WRITE_URLS=1\n"
          "# or by `python -m scripts.urls --update`. A URL listed here must keep working: a page, a short link,\n"
          "# or a redirect from `moved_from` (python -m scripts check fails with [url-removed] otherwise).\n")


def short_path(page_type: str | None, page_id: Any, lang: str | None) -> str | None:
    """`m/khung-phap-ly/` (default language) or `en/m/khung-phap-ly/`; None for types without one."""
    prefix = SHORT_LINK_PREFIX.get(page_type or "")
    if not prefix or not isinstance(page_id, str) or not ID_RE.match(page_id):
        return None
    return ("" if lang == DEFAULT_LANGUAGE else f"{lang}/") + f"{prefix}/{page_id}/"


def _built(tree: Tree) -> list[Page]:
    return [p for p in tree.pages if p.stem and p.lang and p.error is None]


def short_links(tree: Tree) -> dict[str, Page]:
    """Short path -> the page it leads to."""
    out = {}
    for p in _built(tree):
        path = short_path(p.get("type"), p.get("id"), p.lang)
        if path:
            out[path] = p
    return out


# One segment of an old page path: what page stems are made of (no dot: never a file name such
# as feed.xml, sitemap.xml or 404.html; no `..`: never outside the site).
_SEGMENT = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")
# First segments the build writes itself: its assets, the search index, the short links, the
# languages' folders.
GENERATED_ROOTS = frozenset({"assets", "search", *SHORT_LINK_PREFIX.values()})


def moved_stem(value: Any) -> tuple[str | None, str]:
    """(`thu-muc/ten-trang`, "") for a `moved_from` entry the build may write a redirect at, or
    (None, why it may not) in Vietnamese: outside the site, onto a generated file, not a path."""
    if not isinstance(value, str):
        return None, "không phải một đường dẫn (chữ)"
    text = value.strip()
    parts = list(text.strip("/").split("/"))
    if not text.strip("/"):
        return None, "rỗng"
    if any(s in ("..", ".") for s in parts) or "\\" in text or "://" in text or text.startswith("//"):
        return None, "ra ngoài địa chỉ của sổ tay"
    if not all(_SEGMENT.fullmatch(s) for s in parts):
        return None, "có ký tự không dùng trong đường dẫn trang (chỉ chữ thường không dấu, số, '-', '_')"
    if parts[0] in GENERATED_ROOTS or parts[0] in codes():
        return None, f"trùng thư mục '{parts[0]}/' do bản dựng tạo"
    return "/".join(parts), ""


def redirects(tree: Tree) -> dict[str, Page]:
    """Old path (from `moved_from`) -> the page now serving it, in every language the page has.
    Only paths `moved_stem` accepts: the check reports the others ([bad-moved-from])."""
    out = {}
    for p in _built(tree):
        moved = p.get("moved_from")
        for old in moved if isinstance(moved, list) else []:
            stem, _ = moved_stem(old)
            if stem:
                out[url_path(stem, p.lang)] = p
    return out


def published_urls(tree: Tree) -> list[str]:
    """Every URL the site serves: pages, short links, redirects (sorted, relative to site_url)."""
    urls = {p.url_path for p in _built(tree)} | set(short_links(tree)) | set(redirects(tree))
    return sorted(urls)


def urls_file(tree: Tree) -> Path:
    return tree.docs_dir.parent / URLS_FILE


def read_urls(path: Path) -> list[tuple[int, str]]:
    """(line number, url) for each URL in the list; comments and blank lines skipped."""
    if not path.exists():
        return []
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        line = line.strip()
        if line and not line.startswith("#"):
            out.append((n, line))
    return out


def write_urls(path: Path, urls: list[str], keep: bool = True) -> list[str]:
    """Write the list; with keep=True the URLs already listed stay (a published URL is a promise)."""
    listed = {u for _, u in read_urls(path)} if keep else set()
    merged = sorted(listed | {u or "/" for u in urls})
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER + "\n".join(merged) + "\n", encoding="utf-8")
    return merged


def stem_of(url: str) -> str:
    """`en/modules/x/` -> `modules/x` (what `moved_from` takes)."""
    parts = url.strip("/").split("/")
    if len(parts) > 1 and parts[0] in codes() and parts[0] != DEFAULT_LANGUAGE:
        parts = parts[1:]
    return "/".join(parts) or "index"


# -- the public address: what QR codes, short links and printed links carry -----------------------
# A build is a deployment when the deploy workflow says so (HANDBOOK_DEPLOY=true); it must then
# carry the public address. Every other build (local, tests, previews) may keep the loopback
# default of mkdocs.yml, and its QR codes and short links say they are a test address.
DEPLOY_ENV = "HANDBOOK_DEPLOY"
_TRUE = frozenset({"1", "true", "yes"})
_LOOPBACK_NAMES = frozenset({"", "localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"})


def deploying(env: Mapping[str, str] | None = None) -> bool:
    import os
    return str((env if env is not None else os.environ).get(DEPLOY_ENV, "")).strip().lower() in _TRUE


def is_local_address(url: Any) -> bool:
    """Whether `url` can only be opened on the machine that built the site: no host, a
    loopback or unspecified address (127.0.0.0/8, ::1, 0.0.0.0, ::), localhost, or a file:// URL."""
    import ipaddress
    from urllib.parse import urlsplit
    parts = urlsplit(str(url or "").strip())
    if parts.scheme not in ("http", "https"):
        return True
    host = (parts.hostname or "").rstrip(".").lower()
    if host in _LOOPBACK_NAMES or host.endswith(".localhost"):
        return True
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return False
    return ip.is_loopback or ip.is_unspecified


def public_url(site_url: Any, path: str = "") -> str:
    """`path` (relative to the site's root) under the site's public address."""
    return str(site_url or "/").rstrip("/") + "/" + path.lstrip("/")
