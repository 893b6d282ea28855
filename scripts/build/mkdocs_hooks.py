"""MkDocs hooks: the only module that knows MkDocs, a thin adapter over the engine-neutral
build steps of pipeline.py (before the build, each page's Markdown, the generated pages of
each language, after the build). What is left here is what only MkDocs and static-i18n
need: when to act once for all languages, File objects, the 404 page per language, the
per-page browser strings and the switcher of generated pages.
"""
from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, InclusionLevel

from scripts.build import pipeline
from scripts.build.slim import slim_html
from scripts.build.stock_search import skip_page_entries
from scripts.model import languages
from scripts.model.tree import load_tree

# The state of this build (pipeline.BuildState), computed once in on_pre_build for every
# language: static-i18n runs the other languages' builds inside the first one.
_state: dict = {}


def _nested(config) -> bool:
    """static-i18n runs one build per language inside the first; act once, outside."""
    i18n = config.plugins.get("i18n")
    return bool(i18n and getattr(i18n, "building", False))


def _language(config) -> str:
    i18n = config.plugins.get("i18n")
    return getattr(i18n, "current_language", None) or config.theme["language"]


def _default_language(config) -> str:
    return getattr(config.plugins.get("i18n"), "default_language", languages.DEFAULT_LANGUAGE)


def _root(config) -> Path:
    return Path(config.config_file_path).parent


def on_startup(command, dirty):
    _state["command"] = command  # `mkdocs serve` injects a live-reload script: no CSP there


def on_config(config):
    # a site may bring locale files of its own (extra.locales: folder next to mkdocs.yml)
    extra_locales = (config.extra or {}).get("locales")
    if extra_locales:
        languages.add_locale_dir(_root(config) / extra_locales)
    config.extra["handbook_strings"] = pipeline.browser_strings()
    try:
        pipeline.site_url_guard(config.site_url, Path(config.config_file_path))  # [site-url-local]
    except pipeline.BuildFailed as failed:
        raise Abort(str(failed)) from None
    return config


def on_pre_build(config):
    skip_page_entries(config)  # every build, nested ones too: the handbook's index replaces Material's
    if _nested(config):
        return
    try:
        _state["build"] = pipeline.prebuild(_root(config), Path(config.docs_dir), Path(config.config_file_path),
                                            dict(config.extra or {}), _theme_dir(config))
    except pipeline.BuildFailed as failed:
        raise Abort(str(failed)) from None


def _theme_dir(config) -> Path | None:
    custom = config.theme.custom_dir
    return Path(custom) if custom else None


def _build(config) -> pipeline.BuildState:
    if "build" not in _state:  # a build started without on_pre_build (should not happen)
        docs_dir = Path(config.docs_dir)
        _state["build"] = pipeline.BuildState(root=_root(config), docs_dir=docs_dir, tree=load_tree(docs_dir))
    return _state["build"]


def _extra(config) -> dict:
    return pipeline.render_extra(_build(config), dict(config.extra or {}), config.site_url, config.nav)


def _without_offline_script(files) -> None:
    """The offline bundle's script (overrides/assets/search/offline.js) is for the copy opened
    from disk only: the offline step copies it there (scripts/search/offline.py)."""
    script = files.get_file_from_path(pipeline.OFFLINE_SCRIPT)
    if script is not None:
        files.remove(script)


@event_priority(-150)  # after static-i18n has chosen this language's files
def on_files(files, config):
    """The pages the pipeline generates for the language being built."""
    _without_offline_script(files)
    lang, default = _language(config), _default_language(config)
    generated = pipeline.generated_pages(_build(config), lang, default,
                                         lambda src_uri: files.get_file_from_path(src_uri) is not None,
                                         _extra(config), keep_marks=True)
    for page in generated:
        file = File.generated(config, page.src_uri, content=page.content,
                              **({} if page.in_nav else {"inclusion": InclusionLevel.NOT_IN_NAV}))
        if lang != default:
            file.dest_uri = f"{lang}/{file.dest_uri}"
        files.append(file)
    return files


def on_page_markdown(markdown, page, config, files):
    if not (page.file.generated_by or not page.file.abs_src_path):  # generated pages are complete already
        markdown = pipeline.page_markdown(_build(config), markdown, Path(page.file.abs_src_path), _language(config),
                                          _extra(config), keep_marks=True)
    # the build's own markup out of the Markdown until the page's HTML is sanitised
    markdown, page.handbook_generated = pipeline.protect(markdown)
    return markdown


def on_page_content(html, page, config, files):
    """Every page's HTML through the allow-list sanitiser, then the build's markup put back."""
    fragments = getattr(page, "handbook_generated", None)
    if fragments and page.present_anchor_ids is not None:
        # MkDocs validates anchors against what its Markdown saw: tokens, not the build's markup
        page.present_anchor_ids |= pipeline.generated_ids(fragments)
    return pipeline.page_html(html, fragments)


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
    context["handbook_nav"] = languages.strings(_language(config), "nav")  # the navigation's own words
    context["handbook_og"] = _open_graph(page, config)
    return _switcher_of_generated_page(context, page, config)


def _open_graph(page, config) -> list:
    src = page.file.src_uri
    meta = page.meta or {}
    return pipeline.open_graph(_build(config), page.file.abs_src_path, src[:-len(".md")] if src.endswith(".md") else src,
                               _language(config), config.site_url or "", config.site_name,
                               str(meta.get("title") or page.title or config.site_name),
                               str(meta.get("description") or config.site_description or ""),
                               page.canonical_url or "", page.is_homepage, _state.setdefault("cards", {}))


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
    path = page.file.src_uri[:-len(".md")] + ("/" if config.use_directory_urls else ".html")  # the offline copy's are files
    links = [dict(alt, link=path if alt.get("lang") == default else f"{alt.get('lang')}/{path}") for alt in alternates]
    config.extra.alternate = links
    return context


@event_priority(-200)  # after static-i18n has written every language and its search index
def on_post_build(config):
    if _nested(config):
        return
    i18n = config.plugins.get("i18n")
    langs = list(getattr(i18n, "build_languages", None) or languages.codes())
    assets = [str(getattr(e, "path", e)) for e in [*config.extra_css, *config.extra_javascript]]
    site_dir = Path(config.site_dir)
    try:
        pipeline.postbuild(_build(config), site_dir, config.site_url or "", config.use_directory_urls,
                           langs, config.site_name, assets, form_url=(config.extra or {}).get("ack_form_url"),
                           policy=_state.get("command") != "serve")
        pipeline.write_cards(site_dir, _state.pop("cards", {}))
        pipeline.offline_copy(_build(config), site_dir, langs, _default_language(config), config.site_name,
                              config.site_description or "")
        pipeline.output_guard(_build(config), site_dir)  # last: every file the build wrote
    except pipeline.BuildFailed as failed:  # a missing font, or the output guard found personal data in site/
        raise Abort(str(failed)) from None
