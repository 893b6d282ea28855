"""MkDocs hooks: the only module that knows MkDocs. Each event hands over to the plain
packages under scripts/ — the model (read docs/ once), the checks, the renderer, the
acknowledgement dashboard, the search index — so the logic survives a move away from
MkDocs and Material. Each step is a small function that decides for itself whether it
applies (as in pydantic's docs hook).
"""
from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, InclusionLevel

from scripts import checks, render
from scripts.acks import dashboard, privacy
from scripts.build.slim import slim_assets, slim_html
from scripts.build.stock_search import skip_page_entries
from scripts.model import addresses, languages
from scripts.model.tree import Tree, load_tree
from scripts.render import cards, feeds, home, listing, pwa, reference, training
from scripts.render.context import RenderContext

log = logging.getLogger("mkdocs.handbook")

DASHBOARD_MARKER = "<!-- ack-dashboard -->"
OFFLINE_SCRIPT = "assets/search/offline.js"
# What on_pre_build computed once for the whole build (all languages): the tree the checks
# read (pages are rendered from it: one parse per build) and the dashboard's figures.
_state: dict = {}


def _nested(config) -> bool:
    """static-i18n runs one build per language inside the first; act once, outside."""
    i18n = config.plugins.get("i18n")
    return bool(i18n and getattr(i18n, "building", False))


def _language(config) -> str:
    i18n = config.plugins.get("i18n")
    return getattr(i18n, "current_language", None) or config.theme["language"]


def _root(config) -> Path:
    return Path(config.config_file_path).parent


def on_config(config):
    # a site may bring locale files of its own (extra.locales: folder next to mkdocs.yml)
    extra_locales = (config.extra or {}).get("locales")
    if extra_locales:
        languages.add_locale_dir(_root(config) / extra_locales)
    return config


def _privacy_guard(config) -> None:
    """Stop the build when docs/ could publish the roster: a symlink leaving docs/, or a data
    file holding a roster value (scripts/acks/privacy.py decides; this step only reports)."""
    problems = privacy.scan_docs(Path(config.docs_dir), privacy.load_roster_quietly(_root(config) / "data", log.warning))
    for problem in problems:
        log.error(str(problem))
    if problems:
        raise Abort(f"{len(problems)} lỗi bảo vệ dữ liệu cá nhân: sửa các dòng trên rồi build lại")


def on_pre_build(config):
    skip_page_entries(config)  # every build, nested ones too: the handbook's index replaces Material's
    if _nested(config):
        return
    _privacy_guard(config)
    tree = load_tree(config.docs_dir)
    _state["tree"] = tree
    problems = checks.run(Path(config.docs_dir), config_file=Path(config.config_file_path), root=_root(config),
                          tree=tree)
    # plain lines: MkDocs prefixes its log level, so GitHub's ::error form would not parse here
    for problem, line in zip(problems, checks.format_problems(problems, annotations=False)):
        # warnings (review due) are shown but must not fail a strict build
        (log.error if problem.is_error else log.info)(line)
    errors = checks.errors(problems)
    if errors:
        raise Abort(f"{len(errors)} lỗi nội dung: sửa các dòng trên rồi build lại (python -m scripts check)")
    _state["dashboard"] = _load_dashboard(tree, config)
    _state["translation_changed"] = _translation_changed(tree)


def _translation_changed(tree: Tree) -> dict:
    """stem -> date the Vietnamese text changed, for each outdated translation (from git)."""
    from scripts import translation
    return {p.stem: translation.changed_on(p.source.path) for p in tree.pages
            if p.lang and p.lang != languages.DEFAULT_LANGUAGE and translation.translation_state(p) == "outdated"}


def _load_dashboard(tree: Tree, config):
    """The acknowledgement figures, when the site has a dashboard page (its marker)."""
    pages = [p for p in tree.pages if p.lang and DASHBOARD_MARKER in p.body]
    if not pages:
        return None
    _state["dashboard_dir"] = pages[0].stem  # detail pages go under the summary page's URL
    data = _root(config) / "data"
    target = (config.extra or {}).get("ack_target")  # an explicit override; otherwise data/plans.yml
    return dashboard.Dashboard.load(tree, data / "reporters.csv", data / "acks", data / "plans.yml",
                                    target=float(target) if target is not None else None)


def _without_offline_script(files) -> None:
    """The offline bundle's script (overrides/assets/search/offline.js) is for the copy opened
    from disk only: the offline step copies it there (scripts/search/offline.py)."""
    script = files.get_file_from_path(OFFLINE_SCRIPT)
    if script is not None:
        files.remove(script)


@event_priority(-150)  # after static-i18n has chosen this language's files
def on_files(files, config):
    """One generated detail page per acknowledged update, in the language being built."""
    _without_offline_script(files)
    lang = _language(config)
    i18n = config.plugins.get("i18n")
    default = getattr(i18n, "default_language", languages.DEFAULT_LANGUAGE)
    if lang != default:
        _pending_translations(files, config, lang)
    _offline_page(files, config, lang, default)
    board = _state.get("dashboard")
    if board is None or board.error:
        return files
    for uid, src_uri in zip(board.summaries, board.detail_paths(_state["dashboard_dir"])):
        generated = File.generated(config, src_uri, content=board.detail(uid, lang),
                                   inclusion=InclusionLevel.NOT_IN_NAV)
        if lang != default:
            generated.dest_uri = f"{lang}/{generated.dest_uri}"
        files.append(generated)
    return files


def _offline_page(files, config, lang: str, default: str) -> None:
    """The page the service worker shows for a page not kept on the device (scripts/render/pwa.py)."""
    content = pwa.offline_markdown(*(languages.t(lang, f"offline.{k}") for k in ("page_title", "page_lead", "page_home")))
    page = File.generated(config, f"{pwa.OFFLINE_STEM}.md", content=content, inclusion=InclusionLevel.NOT_IN_NAV)
    if lang != default:
        page.dest_uri = f"{lang}/{page.dest_uri}"
    files.append(page)


def _pending_translations(files, config, lang: str) -> None:
    """A Vietnamese page marked `translation: pending` with no file in this language is built
    under this language's URL, the Vietnamese text with a notice (not a 404)."""
    tree = _tree(config)
    for page in tree.in_language(languages.DEFAULT_LANGUAGE):
        if not page.stem or lang in page.versions or page.meta.get("translation") != "pending":
            continue
        src_uri = f"{page.stem}.md"
        if files.get_file_from_path(src_uri) is not None:
            continue
        body = listing.expand(page.body, tree, page, lang)
        content = (f"---\ntitle: {json.dumps(str(page.meta.get('title') or page.stem), ensure_ascii=False)}\n---\n"
                   + render.decorate(body, page, tree, lang, _extra(config)))
        generated = File.generated(config, src_uri, content=content)
        generated.dest_uri = f"{lang}/{generated.dest_uri}"
        files.append(generated)


def _tree(config) -> Tree:
    if "tree" not in _state:  # a build started without on_pre_build (should not happen)
        _state["tree"] = load_tree(config.docs_dir)
    return _state["tree"]


def _dashboard(markdown: str, lang: str, config) -> str:
    if DASHBOARD_MARKER not in markdown:
        return markdown
    board = _state.get("dashboard") or _load_dashboard(_tree(config), config)
    return markdown.replace(DASHBOARD_MARKER, board.summary(lang))


def _extra(config) -> dict:
    """What renderers may read besides `extra`: the site's address, the nav (module order) and
    the dates the Vietnamese texts of outdated translations changed (read from git once)."""
    return dict(config.extra or {}, site_url=config.site_url or "", nav=config.nav,
                translation_changed=_state.get("translation_changed") or {})


def _module_index(markdown: str, source, tree: Tree, lang: str, config) -> str:
    if training.MODULE_INDEX_MARKER not in markdown:
        return markdown
    ctx = RenderContext(page=source, tree=tree, lang=lang, extra=_extra(config))
    return markdown.replace(training.MODULE_INDEX_MARKER, training.module_index(ctx))


def on_page_markdown(markdown, page, config, files):
    if page.file.generated_by or not page.file.abs_src_path:
        return markdown  # pages this hook generated are complete already
    tree = _tree(config)
    source = tree.by_path().get(Path(page.file.abs_src_path).resolve())
    if source is None:
        return markdown
    lang = _language(config)
    markdown = listing.expand(_dashboard(markdown, lang, config), tree, source, lang)  # generated lists
    markdown = home.expand(markdown, tree, source, lang)  # the home page's "what's new" lines
    markdown = reference.expand(markdown, lang, tree)  # editors' guide: field reference, check messages
    markdown = _module_index(markdown, source, tree, lang, config)
    out = render.decorate(markdown, source, tree, lang, _extra(config))
    return out + training.abbreviation_lines(tree, lang)


_DEFAULT_404: dict[str, str] = {}


def on_post_template(output_content, template_name, config):
    """static-i18n renders the theme's 404.html once per language into the same site_dir, so
    the last language's page overwrote the default one. Keep the default language's page at
    /404.html and write every other language's at /<lang>/404.html."""
    i18n = config.plugins.get("i18n")
    if template_name != "404.html" or not i18n:
        return output_content
    if i18n.current_language == i18n.default_language:
        _DEFAULT_404["html"] = output_content
        return output_content
    target = Path(config.site_dir) / i18n.current_language / "404.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(output_content, encoding="utf-8")
    return _DEFAULT_404.get("html", output_content)


@event_priority(-150)  # after static-i18n, which sets the switcher only for pages of docs/
def on_page_context(context, page, config, nav):
    # the browser scripts' UI strings in the page's language (the same table as the Python side)
    context["handbook_strings"] = languages.browser_strings(_language(config))
    context["handbook_nav"] = languages.strings(_language(config), "nav")  # the navigation's own words
    context["handbook_og"] = _open_graph(page, config)
    return _switcher_of_generated_page(context, page, config)


def _open_graph(page, config) -> list:
    """The page's Open Graph tags and its card (drawn once per card after the build)."""
    lang = _language(config)
    tree = _tree(config)
    source = tree.by_path().get(Path(page.file.abs_src_path).resolve()) if page.file.abs_src_path else None
    stem = page.file.src_uri[:-len(".md")] if page.file.src_uri.endswith(".md") else page.file.src_uri
    card = cards.card_for(tree, source, lang, config.site_name, stem=stem)
    path = cards.card_path(card)
    _state.setdefault("cards", {})[path] = card
    site = (config.site_url or "").rstrip("/") + "/"
    meta = page.meta or {}
    title = str(meta.get("title") or page.title or config.site_name)
    description = str(meta.get("description") or config.site_description or "")
    return cards.meta(title, description, page.canonical_url or site, lang, site + path, config.site_name,
                      kind="website" if page.is_homepage else "article")


@event_priority(-200)  # last: the page as it is written
def on_post_page(output, page, config):
    return slim_html(output)


def _switcher_of_generated_page(context, page, config):
    """The language switcher of a generated page leads to the same page in each language."""
    # static-i18n sets `config.extra.alternate` as an attribute, which the theme reads
    alternates = getattr(config.extra, "alternate", None) or (config.extra or {}).get("alternate")
    if page.file.abs_src_path or not alternates:
        return context
    i18n = config.plugins.get("i18n")
    default = getattr(i18n, "default_language", languages.DEFAULT_LANGUAGE)
    path = page.file.src_uri[:-len(".md")] + "/"
    links = [dict(alt, link=path if alt.get("lang") == default else f"{alt.get('lang')}/{path}") for alt in alternates]
    config.extra.alternate = links
    return context


@event_priority(-200)  # after static-i18n has written every language and its search index
def on_post_build(config):
    if _nested(config):
        return
    site_dir = Path(config.site_dir)
    _feeds(site_dir, config)
    _short_links(site_dir, _tree(config), config.use_directory_urls)
    _published_urls(_tree(config))
    from scripts.search import index as searchindex
    stats = searchindex.build_site_search(site_dir, docs_dir=Path(config.docs_dir))
    log.info("handbook search index: %s", stats)
    _slim_assets(site_dir, config)
    _cards(site_dir)
    _offline_copy(site_dir, config)


def _cards(site_dir: Path) -> None:
    """The link previews' cards (scripts/render/cards.py), before the offline copy lists the site."""
    try:
        written = cards.write_cards(site_dir, _state.pop("cards", {}))
    except cards.FontMissing as missing:
        raise Abort(f"thiếu phông {missing} để vẽ ảnh xem trước liên kết: cài fonts-dejavu-core "
                    "(sudo apt-get install -y fonts-dejavu-core; make build tự cài khi chạy bằng root)") from None
    log.info("handbook link preview cards: %d", written)


def _offline_copy(site_dir: Path, config) -> None:
    """Manifests, icons and the service worker that keeps a language for reading offline."""
    tree = _tree(config)
    i18n = config.plugins.get("i18n")
    langs = list(getattr(i18n, "build_languages", None) or languages.codes())
    default = getattr(i18n, "default_language", languages.DEFAULT_LANGUAGE)
    names = {}
    for lang in langs:
        home = tree.page("home", lang)
        names[lang] = {"name": str(home.get("title") if home else config.site_name),
                       "short_name": languages.t(lang, "offline.short_name"),
                       "description": str(home.get("description") or "") if home else config.site_description or ""}
    stats = pwa.write_site(site_dir, langs, default, names)
    log.info("handbook offline copy: %s", stats)
    for lang, figures in (stats.get("languages") or {}).items():
        if figures["bytes"] > pwa.BUDGET_BYTES:
            log.info("handbook offline copy of '%s': %d bytes, over the budget of %d", lang, figures["bytes"], pwa.BUDGET_BYTES)


def _slim_assets(site_dir: Path, config) -> None:
    """Our CSS and JS that every page loads, without comments and indentation (build/slim.py):
    extra_css, extra_javascript and the search worker's stub (config.search)."""
    names = [str(getattr(e, "path", e)) for e in [*config.extra_css, *config.extra_javascript]]
    names.append("assets/search/boot.js")
    done = slim_assets(site_dir, [n for n in names if "://" not in n and not n.startswith("/")])
    saved = sum(before - after for before, after in done.values())
    log.info("handbook assets slimmed: %d files, %d bytes fewer", len(done), saved)


def _feeds(site_dir: Path, config) -> None:
    """feed.xml (Atom) and feed.json (JSON Feed) per language, from the revision notes."""
    tree = _tree(config)
    i18n = config.plugins.get("i18n")
    langs = list(getattr(i18n, "build_languages", None) or languages.codes())
    names = {lang: (tree.page("home", lang).get("title") if tree.page("home", lang) else config.site_name)
             for lang in langs}
    written = feeds.write_feeds(site_dir, tree, langs, config.site_url or "", names)
    log.info("handbook feeds: %s", ", ".join(p.relative_to(site_dir).as_posix() for p in written))


def _short_links(site_dir: Path, tree: Tree, directory_urls: bool = True) -> None:
    """Tiny pages at /m/<id>/, /u/<id>/, /p/<id>/ (and each `moved_from` path) sending the reader
    to the page's current URL: meta refresh plus a visible link, no JavaScript."""
    written = 0
    for kind, table in (("short", addresses.short_links(tree)), ("moved", addresses.redirects(tree))):
        for path, page in table.items():
            target = site_dir / path / "index.html"
            if kind == "moved" and target.exists():
                log.warning("moved_from '%s' of %s is a page that exists; no redirect written", path, page.rel)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            href = "../" * path.count("/") + (page.url_path if directory_urls else
                                               page.url_path + "index.html" if page.stem.split("/")[-1] == "index"
                                               else page.url_path[:-1] + ".html")
            target.write_text(training.redirect_html(href, page.lang, str(page.get("title") or "")), encoding="utf-8")
            written += 1
    log.info("handbook short links and redirects: %d", written)


def _published_urls(tree: Tree) -> None:
    """With HANDBOOK_WRITE_URLS=1 the build adds the URLs it published to data/urls.txt."""
    if os.environ.get("HANDBOOK_WRITE_URLS", "") not in ("1", "true", "yes"):
        return
    path = addresses.urls_file(tree)
    urls = addresses.write_urls(path, addresses.published_urls(tree))
    log.info("handbook: %d published URLs in %s", len(urls), path)
