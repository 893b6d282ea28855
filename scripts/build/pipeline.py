"""The build as steps that know no engine: what runs before the generator, the Markdown of
each page, the pages generated per language, and what runs after it.

MkDocs calls these from its hooks (mkdocs_hooks.py, a thin adapter); a generator without
hooks (Zensical) gets the same steps from a staging command that writes the finished
Markdown first and runs the post-build steps after, as FastAPI did when it left MkDocs.
Nothing here imports MkDocs: the adapter hands over plain values (paths, the `extra`
mapping, the site's address) and turns `BuildFailed` into its engine's abort.
"""
from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from scripts import checks, render
from scripts.acks import dashboard, privacy
from scripts.build import csp
from scripts.build.slim import slim_assets
from scripts.model import addresses, languages
from scripts.model.tree import Page, Tree, load_tree
from scripts.render import cards, downloads, feeds, home, listing, pwa, reference, sanitize, training
from scripts.render.context import RenderContext

# MkDocs counts the warnings of loggers under "mkdocs" in --strict builds; other engines
# print them as they are.
log = logging.getLogger("mkdocs.handbook")

DASHBOARD_MARKER = "<!-- ack-dashboard -->"
OFFLINE_SCRIPT = "assets/search/offline.js"
SEARCH_STUB = "assets/search/boot.js"
DOWNLOADS_ENV = "HANDBOOK_DOWNLOADS"  # make release: the folder of the offline zip and the PDFs


class BuildFailed(Exception):
    """A pre-build step found problems; the lines were logged, the message sums them up."""


@dataclass
class BuildState:
    """What the pre-build computed once for the whole build (every language)."""

    root: Path
    docs_dir: Path
    tree: Tree
    dashboard: dashboard.Dashboard | None = None
    dashboard_dir: str = ""
    translation_changed: dict = field(default_factory=dict)
    # token -> the build's own markup, for an engine whose pages are sanitised after they are
    # written (sanitise_pages): Zensical runs no hook between Markdown and the page
    generated: dict = field(default_factory=dict)


@dataclass(frozen=True)
class GeneratedPage:
    """A page the build adds to one language: its source path (as if under docs/) and text."""

    src_uri: str
    content: str
    in_nav: bool


# ---- before the generator -------------------------------------------------------------

def prebuild(root: Path, docs_dir: Path, config_file: Path, extra: dict, theme_dir: Path | None = None) -> BuildState:
    """The privacy guard, the content checks, the tree, the dashboard's figures and the dates
    of outdated translations; `BuildFailed` when the site must not be built. `theme_dir`: the
    theme's custom_dir (overrides/), the other folder files reach site/ from."""
    privacy_guard(root, docs_dir, theme_dir if theme_dir is not None else root / "overrides")
    no_roster_in_repo(root)
    tree = load_tree(docs_dir)
    run_checks(root, docs_dir, config_file, tree)
    state = BuildState(root=root, docs_dir=docs_dir, tree=tree)
    state.dashboard = load_dashboard(state, extra)
    state.translation_changed = translation_changed(tree)
    return state


def site_url_guard(site_url: str | None, config_file: Path) -> None:
    """[site-url-local]: a deployment build (HANDBOOK_DEPLOY=true) with a loopback site_url
    stops before anything is written (scripts/checks/site_url.py decides)."""
    from scripts.checks import site_url as site_url_check
    problem = site_url_check.check(site_url, config_file)
    if problem is not None:
        log.error(str(problem))
        raise BuildFailed("1 lỗi cấu hình: đặt SITE_URL là địa chỉ công khai rồi build lại")


def privacy_guard(root: Path, docs_dir: Path, theme_dir: Path | None = None) -> None:
    """Stop the build when docs/ or overrides/ could publish the roster: a symlink leaving its
    folder, or a data file holding a roster value (scripts/acks/privacy.py decides; this step only reports)."""
    _privacy_failed(privacy.scan_sources([docs_dir, theme_dir], _sample_roster(root)))


def _sample_roster(root: Path, warn=log.warning):
    """The fictional sample workspace's roster: the only roster a content repository may hold (its
    values are scanned for too; a real roster is never within the build's reach)."""
    return privacy.load_roster_quietly(root / "data" / "sample-workspace", warn)


def output_guard(state: BuildState, site_dir: Path) -> None:
    """After every file is written (last step of every engine's build): no file of site/ may hold
    personal data (privacy.scan_output: every file, archives and compressed files opened, generic
    patterns plus the sample roster's values); the files found are removed."""
    _privacy_failed(privacy.scan_output(site_dir, state.root, _sample_roster(state.root, None)))


def _privacy_failed(problems) -> None:
    for problem in problems:
        log.error(str(problem))
    if problems:
        raise BuildFailed(f"{len(problems)} lỗi bảo vệ dữ liệu cá nhân: sửa các dòng trên rồi build lại")


def no_roster_in_repo(root: Path) -> None:
    """Personal data lives in the coordinator's workspace, never in the content repository
    (scripts/acks/workspace.py decides; the fictional sample workspace is the one exception)."""
    from scripts.acks.workspace import rosters_in_repo
    problems = rosters_in_repo(root)
    for problem in problems:
        log.error(str(problem))
    if problems:
        raise BuildFailed(f"{len(problems)} tệp dạng danh sách báo cáo viên trong kho nội dung [roster-in-repo]")


def run_checks(root: Path, docs_dir: Path, config_file: Path, tree: Tree) -> None:
    problems = checks.run(docs_dir, config_file=config_file, root=root, tree=tree)
    # plain lines: engines prefix their log level, so GitHub's ::error form would not parse here
    for problem, line in zip(problems, checks.format_problems(problems, annotations=False), strict=True):
        # warnings (review due) are shown but must not fail a strict build
        (log.error if problem.is_error else log.info)(line)
    errors = checks.errors(problems)
    if errors:
        raise BuildFailed(f"{len(errors)} lỗi nội dung: sửa các dòng trên rồi build lại (python -m scripts check)")


def translation_changed(tree: Tree) -> dict:
    """stem -> date the Vietnamese text changed, for each outdated translation (from git)."""
    from scripts import translation
    return {p.stem: translation.changed_on(cast(Page, p.source).path) for p in tree.pages  # outdated: has one
            if p.lang and p.lang != languages.DEFAULT_LANGUAGE and translation.translation_state(p) == "outdated"}


def load_dashboard(state: BuildState, extra: dict):
    """The acknowledgement figures, when the site has a dashboard page (its marker): read from the
    ONE aggregate file `ack publish` writes (data/dashboard.json), never from a roster or a log
    (`extra.ack_target` is applied by publish, which wrote the targets into the file)."""
    pages = [p for p in state.tree.pages if p.lang and DASHBOARD_MARKER in p.body]
    if not pages:
        return None
    state.dashboard_dir = cast(str, pages[0].stem)  # detail pages go under the summary page's URL
    return dashboard.Dashboard.from_file(state.root / "data" / "dashboard.json", state.tree)


def browser_strings() -> dict:
    """The browser scripts' UI strings of every language (the same table as the Python side),
    for the config: the theme writes the page's language's into each page."""
    return {code: languages.browser_strings(code) for code in languages.codes()}


# ---- each page ------------------------------------------------------------------------

def render_extra(state: BuildState, extra: dict, site_url: str, nav) -> dict:
    """What renderers may read besides `extra`: the site's address, the nav (module order) and
    the dates the Vietnamese texts of outdated translations changed (read from git once)."""
    return dict(extra, site_url=site_url or "", nav=nav, translation_changed=state.translation_changed,
                downloads=downloads.available(os.environ.get(DOWNLOADS_ENV)))


def page_markdown(state: BuildState, markdown: str, source_path: Path, lang: str, extra: dict,
                  keep_marks: bool = False) -> str:
    """The finished Markdown of one page of docs/ in `lang`: generated lists, the editors'
    reference, the module index, the boxes and the abbreviations. A file the tree does not
    know (not a page) is left as it is. With keep_marks, the build's own markup stays wrapped
    (`sanitize.generated`) for an engine that sanitises each page's HTML (`protect`, `page_html`)."""
    markdown = sanitize.strip_marks(markdown)  # the page's own text cannot pass as the build's markup
    source = state.tree.by_path().get(Path(source_path).resolve())
    if source is None:
        return markdown
    markdown = listing.expand(dashboard_summary(state, markdown, lang, extra), state.tree, source, lang)
    markdown = home.expand(markdown, state.tree, source, lang)  # the home page's "what's new" lines
    markdown = reference.expand(markdown, lang, state.tree)  # editors' guide: field reference, check messages
    markdown = module_index(state, markdown, source, lang, extra)
    markdown = downloads.expand(markdown, RenderContext(page=source, tree=state.tree, lang=lang, extra=extra))
    out = render.decorate(markdown, source, state.tree, lang, extra)
    out += training.abbreviation_lines(state.tree, lang)
    return out if keep_marks else sanitize.strip_marks(out)


# The sanitiser's two halves around the engine's Markdown rendering (render/sanitize.py): the
# build's markup swapped for random tokens before, every page's HTML sanitised and the markup
# put back after.
def protect(markdown: str) -> tuple[str, dict[str, str]]:
    return sanitize.protect(markdown)


def page_html(html: str, fragments: dict[str, str] | None) -> str:
    return sanitize.page_html(html, fragments)


# the article of a page, after the theme's own skip-link target (Material and Zensical write it
# first): what is after it is the page's content
_ARTICLE = re.compile(r'(<article class="md-content__inner md-typeset">\s*(?:<a id="__skip" tabindex="-1"></a>)?)'
                      r'(.*?)(</article>)', re.S)


def generated_ids(fragments: dict[str, str] | None) -> set[str]:
    """The anchors the build's own markup adds to a page (for the engine's link validation)."""
    return sanitize.generated_ids(fragments)


def sanitise_pages(site_dir: Path, fragments: dict[str, str]) -> int:
    """For an engine that runs no hook between Markdown and the page: the article of every
    written page sanitised, the build's markup (`fragments`, by token) put back. Pages counted."""
    count = 0
    for path in sorted(Path(site_dir).rglob("*.html")):
        if path.is_symlink() or not path.is_file():
            continue
        html = path.read_text(encoding="utf-8")
        done = _ARTICLE.sub(lambda m: m.group(1) + sanitize.page_html(m.group(2), fragments) + m.group(3), html, count=1)
        if done != html:
            path.write_text(done, encoding="utf-8")
            count += 1
    log.info("handbook sanitiser: %d pages", count)
    return count


def dashboard_summary(state: BuildState, markdown: str, lang: str, extra: dict) -> str:
    if DASHBOARD_MARKER not in markdown:
        return markdown
    board = state.dashboard or load_dashboard(state, extra)
    return markdown.replace(DASHBOARD_MARKER, board.summary(lang))


def module_index(state: BuildState, markdown: str, source, lang: str, extra: dict) -> str:
    if training.MODULE_INDEX_MARKER not in markdown:
        return markdown
    ctx = RenderContext(page=source, tree=state.tree, lang=lang, extra=extra)
    return markdown.replace(training.MODULE_INDEX_MARKER, training.module_index(ctx))


# ---- pages generated per language -----------------------------------------------------

def generated_pages(state: BuildState, lang: str, default: str, has_source: Callable[[str], bool],
                    extra: dict, keep_marks: bool = False) -> list[GeneratedPage]:
    """The pages `lang` gets besides docs/: stand-ins for pending translations, then one
    dashboard detail page per acknowledged update. `has_source(src_uri)` tells whether the
    engine already has a file for that path in this language. keep_marks: as page_markdown."""
    pages = pending_translations(state, lang, has_source, extra) if lang != default else []
    pages += dashboard_details(state, lang) + [offline_page(lang)]
    return pages if keep_marks else [GeneratedPage(p.src_uri, sanitize.strip_marks(p.content), p.in_nav)
                                     for p in pages]


def offline_page(lang: str) -> GeneratedPage:
    """The page the service worker shows for a page not kept on the device (scripts/render/pwa.py)."""
    content = pwa.offline_markdown(*(languages.t(lang, f"offline.{k}") for k in ("page_title", "page_lead", "page_home")))
    return GeneratedPage(f"{pwa.OFFLINE_STEM}.md", content, in_nav=False)


def dashboard_details(state: BuildState, lang: str) -> list[GeneratedPage]:
    board = state.dashboard
    if board is None or board.error or board.unpublished:
        return []
    return [GeneratedPage(src_uri, board.detail(uid, lang), in_nav=False)
            for uid, src_uri in zip(board.summaries, board.detail_paths(state.dashboard_dir), strict=True)]


def pending_translations(state: BuildState, lang: str, has_source: Callable[[str], bool],
                         extra: dict) -> list[GeneratedPage]:
    """A Vietnamese page marked `translation: pending` with no file in this language is built
    under this language's URL, the Vietnamese text with a notice (not a 404)."""
    tree = state.tree
    pages = []
    for page in tree.in_language(languages.DEFAULT_LANGUAGE):
        if not page.stem or lang in page.versions or page.meta.get("translation") != "pending":
            continue
        src_uri = f"{page.stem}.md"
        if has_source(src_uri):
            continue
        body = listing.expand(sanitize.strip_marks(page.body), tree, page, lang)
        content = (f"---\ntitle: {json.dumps(str(page.meta.get('title') or page.stem), ensure_ascii=False)}\n---\n"
                   + render.decorate(body, page, tree, lang, extra))
        pages.append(GeneratedPage(src_uri, content, in_nav=True))
    return pages


# ---- after the generator --------------------------------------------------------------

def postbuild(state: BuildState, site_dir: Path, site_url: str, directory_urls: bool,
              langs: Iterable[str], site_name: str, assets: Iterable[str], form_url=None,
              policy: bool = True) -> None:
    """Feeds, short links and redirects, the published URLs, the handbook's search index, the
    slimmed assets and every page's Content-Security-Policy, once every language is written
    (policy=False: a live-reload server, whose injected script has no hash); then the cards and
    the offline copy, `output_guard` last of all."""
    write_feeds(state, site_dir, site_url, list(langs), site_name)
    short_links(site_dir, state.tree, directory_urls)
    published_urls(state.tree)
    from scripts.search import index as searchindex
    stats = searchindex.build_site_search(site_dir, docs_dir=state.docs_dir)
    log.info("handbook search index: %s", stats)
    slim(site_dir, assets)
    publish_downloads(site_dir)
    if policy:
        content_security_policy(site_dir, form_url)


def content_security_policy(site_dir: Path, form_url=None) -> None:
    """Every HTML file of the site with its Content-Security-Policy (build/csp.py), computed from
    the file as written: pages, 404 pages, short links and redirects."""
    count = 0
    for path in sorted(Path(site_dir).rglob("*.html")):
        if path.is_symlink() or not path.is_file():
            continue
        html = path.read_text(encoding="utf-8")
        done = csp.with_policy(html, form_url)
        if done != html:
            path.write_text(done, encoding="utf-8")
        count += 1
    log.info("handbook content security policy: %d pages", count)


def publish_downloads(site_dir: Path) -> None:
    """make release: the offline zip and the books into site/downloads/ (listed on the trainers' page)."""
    import shutil
    files = downloads.available(os.environ.get(DOWNLOADS_ENV))
    for f in files:
        target = site_dir / downloads.FOLDER / f["name"]
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(Path(os.environ[DOWNLOADS_ENV]) / f["name"], target)
    if files:
        log.info("handbook downloads: %s", ", ".join(f["name"] for f in files))


def write_cards(site_dir: Path, page_cards: dict) -> None:
    """The link previews' cards (scripts/render/cards.py) the pages named (path -> card)."""
    try:
        written = cards.write_cards(site_dir, page_cards)
    except cards.FontMissing as missing:
        raise BuildFailed(f"thiếu phông {missing} để vẽ ảnh xem trước liên kết: cài fonts-dejavu-core "
                          "(sudo apt-get install -y fonts-dejavu-core; make build tự cài khi chạy bằng root)") from None
    log.info("handbook link preview cards: %d", written)


def offline_copy(state: BuildState, site_dir: Path, langs: list[str], default: str, site_name: str,
                 site_description: str) -> None:
    """Manifests, icons and the service worker that keeps a language for reading offline; last,
    so that it lists and hashes the site as served."""
    names = {}
    for lang in langs:
        home_page = state.tree.page("home", lang)
        names[lang] = {"name": str(home_page.get("title")) if home_page else site_name,
                       "short_name": languages.t(lang, "offline.short_name"),
                       "description": str(home_page.get("description") or "") if home_page else site_description}
    stats = pwa.write_site(site_dir, langs, default, names)
    log.info("handbook offline copy: %s", stats)
    for lang, figures in (stats.get("languages") or {}).items():
        if figures["bytes"] > pwa.BUDGET_BYTES:
            log.info("handbook offline copy of '%s': %d bytes, over the budget of %d", lang, figures["bytes"],
                     pwa.BUDGET_BYTES)


def open_graph(state: BuildState, source_path: Path | None, stem: str, lang: str, site_url: str, site_name: str,
               title: str, description: str, url: str, is_home: bool, page_cards: dict) -> list:
    """One page's Open Graph tags; its card is added to `page_cards` (drawn once after the build)."""
    source = state.tree.by_path().get(Path(source_path).resolve()) if source_path else None
    card = cards.card_for(state.tree, source, lang, site_name, stem=stem)
    path = cards.card_path(card)
    page_cards[path] = card
    site = (site_url or "").rstrip("/") + "/"
    return cards.meta(title, description, url or site, lang, site + path, site_name,
                      kind="website" if is_home else "article")


def slim(site_dir: Path, assets: Iterable[str]) -> None:
    """Our CSS and JS that every page loads, without comments and indentation (build/slim.py):
    extra_css, extra_javascript and the search worker's stub."""
    names = [*assets, SEARCH_STUB]
    done = slim_assets(site_dir, [n for n in names if "://" not in n and not n.startswith("/")])
    saved = sum(before - after for before, after in done.values())
    log.info("handbook assets slimmed: %d files, %d bytes fewer", len(done), saved)


def write_feeds(state: BuildState, site_dir: Path, site_url: str, langs: list[str], site_name: str) -> None:
    """feed.xml (Atom) and feed.json (JSON Feed) per language, from the revision notes."""
    tree = state.tree
    names = {lang: (home_page.get("title") if (home_page := tree.page("home", lang)) else site_name)
             for lang in langs}
    written = feeds.write_feeds(site_dir, tree, langs, site_url or "", names)
    log.info("handbook feeds: %s", ", ".join(p.relative_to(site_dir).as_posix() for p in written))


def short_links(site_dir: Path, tree: Tree, directory_urls: bool = True) -> None:
    """Tiny pages at /m/<id>/, /u/<id>/, /p/<id>/ (and each `moved_from` path) sending the reader
    to the page's current URL: meta refresh plus a visible link, no JavaScript."""
    written = 0
    root = Path(site_dir).resolve()
    for kind, table in (("short", addresses.short_links(tree)), ("moved", addresses.redirects(tree))):
        for path, page in table.items():
            target = site_dir / path / "index.html"
            if not target.resolve().is_relative_to(root) or target.parent.is_file():  # never outside site/
                log.warning("%s '%s' of %s is not a path of this site; no redirect written", kind, path, page.rel)
                continue
            if kind == "moved" and target.exists():
                log.warning("moved_from '%s' of %s is a page that exists; no redirect written", path, page.rel)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            href = "../" * path.count("/") + (page.url_path if directory_urls else
                                               page.url_path + "index.html" if cast(str, page.stem).split("/")[-1] == "index"
                                               else page.url_path[:-1] + ".html")
            target.write_text(training.redirect_html(href, cast(str, page.lang), str(page.get("title") or "")), encoding="utf-8")
            written += 1
    log.info("handbook short links and redirects: %d", written)


def published_urls(tree: Tree) -> None:
    """With HANDBOOK_WRITE_URLS=1 the build adds the URLs it published to data/urls.txt."""
    if os.environ.get("HANDBOOK_WRITE_URLS", "") not in ("1", "true", "yes"):
        return
    path = addresses.urls_file(tree)
    urls = addresses.write_urls(path, addresses.published_urls(tree))
    log.info("handbook: %d published URLs in %s", len(urls), path)
