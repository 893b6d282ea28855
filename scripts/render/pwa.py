"""Installable, and readable with no connection after the first visit (a progressive web app).

Plain Python, no MkDocs: the build calls `write_site(site_dir, …)` once, after every language,
the search index and the slimmed assets are written, so what it lists and hashes is what the
site serves. It writes:

- `manifest.webmanifest` at each language's root (`en/manifest.webmanifest`): name, short
  name, icons, start_url and scope of that language (relative, so a site under a sub-path —
  a GitHub project page — works as it is), display standalone, theme colour;
- the icons `assets/pwa/icon-192.png` and `icon-512.png`, drawn here with Pillow (no font,
  no network): the same bytes on every build;
- `sw.js` at the site root (a service worker controls the pages under its own folder): the
  template `assets/pwa/sw.js` with its plan filled in — the build's version (a hash of
  every file it may keep), and per language the files to keep for reading offline.

What the service worker may keep is an allow-list built from the site itself (`plan`):
each page of the language (`*.html` under its root, short links and redirects included),
the CSS, JavaScript and icons those pages load (read from their <link>/<script> tags, same
site only), the search stub, engine and that language's index, the manifest, and the
offline page of every language (what a page not kept shows). Anything else — feeds, the
offline zip, PDFs, another origin (the acknowledgement form) — is never kept: the worker
lets the browser fetch it as if there were no worker.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

THEME_COLOR = "#4051b5"       # Material's default indigo: mkdocs.yml sets no palette
BACKGROUND_COLOR = "#ffffff"
ICON_SIZES = (192, 512)
ICON_DIR = "assets/pwa"
MANIFEST_NAME = "manifest.webmanifest"
SW_NAME = "sw.js"
SW_TEMPLATE = "assets/pwa/sw.js"   # copied by MkDocs from overrides/; moved to the root, filled
SW_MARK = "/*@@HANDBOOK_OFFLINE_PLAN@@*/null"
OFFLINE_STEM = "offline"           # the offline page of each language: offline/, en/offline/
# What one language may take on a phone, raw bytes (a gzip transfer is about a quarter).
# Measured on the real site: about 2.8 MB per language, 0.8 MB gzip (README, "On a reporter's phone").
BUDGET_BYTES = 3_500_000

# the kinds of file a kept page needs; nothing else is ever kept
ASSET_SUFFIXES = (".css", ".js", ".png", ".svg", ".ico", ".webmanifest")
NOT_PAGES = ("404.html",)          # served by the host for a missing address, never navigated to
_REFERENCE = re.compile(r'<(?:link|script)\b[^>]*?\b(?:href|src)="([^"]+)"[^>]*>', re.I)
_SEARCH_CONFIG = re.compile(r'"search":\s*"([^"]+)"')
_ENGINE = re.compile(r'var ENGINE = "([^"]+)"')
_MANIFESTS = re.compile(r'"manifests":(\{[^{}]*\})')


# -- what each language keeps -----------------------------------------------------------------
@dataclass
class LanguagePlan:
    lang: str
    root: str                     # "" or "en/": the language's folder under the site root
    pages: list[str] = field(default_factory=list)    # URLs relative to the site root ("legal/x/")
    files: list[str] = field(default_factory=list)    # assets, index, manifest (may carry ?v=)
    bytes: int = 0

    @property
    def urls(self) -> list[str]:
        return self.pages + self.files


def language_root(lang: str, default: str) -> str:
    return "" if lang == default else f"{lang}/"


def page_url(rel_file: str) -> str:
    """The address a reader opens for a built HTML file: 'legal/x/index.html' -> 'legal/x/'."""
    if rel_file == "index.html":
        return ""
    return rel_file[:-len("index.html")] if rel_file.endswith("/index.html") else rel_file


def _file_of(url: str) -> str:
    path = unquote(urlsplit(url).path)
    return path + "index.html" if path == "" or path.endswith("/") else path


def _language_of(rel: str, roots: dict[str, str]) -> str:
    """The language whose folder holds `rel` (the longest root that prefixes it)."""
    best = max((root for root in roots.values() if rel.startswith(root)), key=len)
    return next(lang for lang, root in roots.items() if root == best)


def _references(site_dir: Path, page: str) -> set[str]:
    """The site's own CSS/JS/icons a built page loads, as URLs relative to the site root."""
    text = (site_dir / _file_of(page)).read_text(encoding="utf-8", errors="replace")
    base = "https://site.invalid/"
    out = set()
    for ref in _REFERENCE.findall(text):
        url = urlsplit(urljoin(base + page, ref.replace("&amp;", "&")))
        if f"{url.scheme}://{url.netloc}/" != base or url.fragment:
            continue  # another origin: never kept
        rel = url.path[1:]
        if rel.endswith(ASSET_SUFFIXES) and (site_dir / unquote(rel)).is_file():
            out.add(rel + (f"?{url.query}" if url.query else ""))
    return out


def _search_files(site_dir: Path, lang: str, sample_page: str) -> list[str]:
    """The search stub index, the worker stub as pages start it, the engine (worker.js?v=…),
    and every file of this language's index (its manifest as the engine asks for it)."""
    out = ["search/search_index.json"] if (site_dir / "search/search_index.json").is_file() else []
    text = (site_dir / _file_of(sample_page)).read_text(encoding="utf-8", errors="replace")
    m = _SEARCH_CONFIG.search(text)
    if m:  # "assets/search/boot.js?lang=vi", relative to the page's base (the root for a root page)
        boot = urlsplit(urljoin("https://site.invalid/" + sample_page, json.loads(f'"{m.group(1)}"')))
        out.append(boot.path[1:] + (f"?{boot.query}" if boot.query else ""))
    stub = site_dir / "assets/search/boot.js"
    if stub.is_file() and (engine := _ENGINE.search(stub.read_text(encoding="utf-8"))):
        out.append("assets/search/" + engine.group(1))
    worker = site_dir / "assets/search/worker.js"
    manifests = {}
    if worker.is_file() and (found := _MANIFESTS.search(worker.read_text(encoding="utf-8"))):
        manifests = json.loads(found.group(1))
    folder = site_dir / "search" / lang
    if folder.is_dir():
        out += sorted(f"search/{lang}/{p.name}" for p in folder.iterdir() if p.is_file() and p.name != "manifest.json")
        out.append(f"search/{manifests[lang]}" if lang in manifests else f"search/{lang}/manifest.json")
    return out


def plan(site_dir: Path, languages: list[str], default: str) -> dict[str, LanguagePlan]:
    """Per language: every page under its root and every file those pages need to work offline."""
    site_dir = Path(site_dir)
    roots = {lang: language_root(lang, default) for lang in languages}
    plans = {lang: LanguagePlan(lang, root) for lang, root in roots.items()}
    for html in sorted(site_dir.rglob("*.html")):
        rel = html.relative_to(site_dir).as_posix()
        if rel.split("/")[-1] in NOT_PAGES or rel.startswith(("assets/", "search/")):
            continue
        plans[_language_of(rel, roots)].pages.append(page_url(rel))
    offline_pages = [p for lp in plans.values() for p in lp.pages
                     if p in (f"{lp.root}{OFFLINE_STEM}/", f"{lp.root}{OFFLINE_STEM}.html")]
    for lang, lp in plans.items():
        assets: set[str] = set()
        for page in lp.pages + offline_pages:
            assets |= _references(site_dir, page)
        manifest = f"{lp.root}{MANIFEST_NAME}"
        icons = [f"{ICON_DIR}/icon-{size}.png" for size in ICON_SIZES]
        extra = [p for p in offline_pages if p not in lp.pages]
        files = sorted(assets - {manifest, *icons}) + [manifest, *icons]
        if lp.pages:
            files += _search_files(site_dir, lang, lp.pages[0])
        lp.pages += extra
        lp.files = list(dict.fromkeys(f for f in files if (site_dir / _file_of(f)).is_file()))
        lp.bytes = sum((site_dir / _file_of(u)).stat().st_size for u in lp.urls)
    return plans


def version(site_dir: Path, plans: dict[str, LanguagePlan]) -> str:
    """A hash of every file the worker may keep (its address and its bytes): a new build
    that changes any of them is a new version, and only then."""
    digest = hashlib.sha256()
    for url in sorted({u for lp in plans.values() for u in lp.urls}):
        digest.update(url.encode("utf-8") + b"\0")
        digest.update(hashlib.sha256((Path(site_dir) / _file_of(url)).read_bytes()).digest())
    return digest.hexdigest()[:12]


# -- the manifest and the icons ---------------------------------------------------------------
def web_manifest(lang: str, root: str, name: str, short_name: str, description: str) -> dict:
    """A web app manifest for one language, written at that language's root: every address is
    relative to the manifest, so start_url and scope are the language's home wherever the site
    is published."""
    up = "../" * root.count("/")
    return {
        "name": name,
        "short_name": short_name,
        "description": description,
        "lang": lang,
        "dir": "ltr",
        "id": "./",
        "start_url": "./",
        "scope": "./",
        "display": "standalone",
        "theme_color": THEME_COLOR,
        "background_color": BACKGROUND_COLOR,
        "icons": [{"src": f"{up}{ICON_DIR}/icon-{size}.png", "sizes": f"{size}x{size}", "type": "image/png",
                   "purpose": "any maskable"} for size in ICON_SIZES],
    }


def icon_png(size: int) -> bytes:
    """The handbook's icon: an open book, white on the theme colour, full bleed (a maskable
    icon keeps its drawing inside the middle 80%)."""
    import io

    from PIL import Image, ImageDraw

    scale = 4  # drawn large and reduced: smooth edges, same bytes every time
    s = size * scale
    image = Image.new("RGB", (s, s), THEME_COLOR)
    draw = ImageDraw.Draw(image)
    u = s / 100  # drawing units: the book fits in the middle 60 x 44
    white = "#ffffff"
    draw.polygon([(20 * u, 30 * u), (48 * u, 34 * u), (48 * u, 76 * u), (20 * u, 72 * u)], fill=white)
    draw.polygon([(80 * u, 30 * u), (52 * u, 34 * u), (52 * u, 76 * u), (80 * u, 72 * u)], fill=white)
    for k in range(3):  # lines of text on each page
        y = (44 + 9 * k) * u
        draw.line([(26 * u, y), (43 * u, y + 2 * u)], fill=THEME_COLOR, width=max(1, int(2.2 * u)))
        draw.line([(74 * u, y), (57 * u, y + 2 * u)], fill=THEME_COLOR, width=max(1, int(2.2 * u)))
    image = image.resize((size, size), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


# -- the site ---------------------------------------------------------------------------------
def offline_markdown(title: str, lead: str, home_label: str) -> str:
    """The offline page of one language (a generated page `offline.md`, built with the theme):
    what a reader sees for a page that is not kept on the device while there is no
    connection. pwa.js adds a link back to the address asked for (?from=)."""
    return (f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\nsearch:\n  exclude: true\n---\n\n"
            f"# {title}\n\n{lead}\n\n"
            f"[{home_label}](index.md){{ .md-button .md-button--primary #offline-home }}\n")


def write_site(site_dir: Path, languages: list[str], default: str, names: dict[str, dict]) -> dict:
    """Manifests, icons and the service worker for the built site; returns what was written
    (per language: pages, files, bytes) and the version. `names[lang]` gives name, short_name
    and description."""
    site_dir = Path(site_dir)
    icon_dir = site_dir / ICON_DIR
    icon_dir.mkdir(parents=True, exist_ok=True)
    for size in ICON_SIZES:
        (icon_dir / f"icon-{size}.png").write_bytes(icon_png(size))
    for lang in languages:
        root = language_root(lang, default)
        n = names.get(lang) or names.get(default) or {}
        manifest = web_manifest(lang, root, n.get("name", ""), n.get("short_name", ""), n.get("description", ""))
        (site_dir / root).mkdir(parents=True, exist_ok=True)
        (site_dir / root / MANIFEST_NAME).write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n",
                                                     encoding="utf-8")
    template = site_dir / SW_TEMPLATE
    if not template.is_file():
        return {"skipped": f"no {SW_TEMPLATE}"}
    plans = plan(site_dir, languages, default)
    build_version = version(site_dir, plans)
    offline = {lang: next((p for p in lp.pages if PurePosixPath(p.rstrip("/")).stem == OFFLINE_STEM
                           and p.startswith(lp.root)), "") for lang, lp in plans.items()}
    sw_plan = {
        "version": build_version,
        "default": default,
        "languages": {lang: {"root": lp.root, "pages": lp.pages, "files": lp.files, "bytes": lp.bytes,
                             "offline": offline[lang]} for lang, lp in plans.items()},
    }
    source = template.read_text(encoding="utf-8")
    if SW_MARK not in source:
        raise ValueError(f"{SW_TEMPLATE}: the plan's mark {SW_MARK!r} is missing")
    (site_dir / SW_NAME).write_text(
        source.replace(SW_MARK, json.dumps(sw_plan, ensure_ascii=False, separators=(",", ":"))), encoding="utf-8")
    template.unlink()  # served only from the root, where its scope is the whole site
    return {"version": build_version, "budget": BUDGET_BYTES,
            "languages": {lang: {"pages": len(lp.pages), "files": len(lp.files), "bytes": lp.bytes}
                          for lang, lp in plans.items()}}
