"""MkDocs hooks: the only module that knows MkDocs. Each event hands over to the plain
packages under scripts/ — the model (read docs/ once), the checks, the renderer, the
acknowledgement dashboard, the search index — so the logic survives a move away from
MkDocs and Material. Each step is a small function that decides for itself whether it
applies (as in pydantic's docs hook).
"""
from __future__ import annotations

import json
import logging
from pathlib import Path

from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority

from scripts import checks, render
from scripts.acks import dashboard, privacy
from scripts.model import languages
from scripts.model.tree import Tree, load_tree

log = logging.getLogger("mkdocs.handbook")

DASHBOARD_MARKER = "<!-- ack-dashboard -->"
# The tree the checks read in on_pre_build; pages are rendered from it (one parse per build).
_state: dict[str, Tree] = {}


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


def _tree(config) -> Tree:
    if "tree" not in _state:  # a build started without on_pre_build (should not happen)
        _state["tree"] = load_tree(config.docs_dir)
    return _state["tree"]


def _dashboard(markdown: str, lang: str, config) -> str:
    if DASHBOARD_MARKER not in markdown:
        return markdown
    data = _root(config) / "data"
    body = dashboard.render(lang, _tree(config), data / "reporters.csv", data / "acks",
                            float(config.extra.get("ack_target", 0.75)))
    return markdown.replace(DASHBOARD_MARKER, body)


def on_page_markdown(markdown, page, config, files):
    tree = _tree(config)
    source = tree.by_path().get(Path(page.file.abs_src_path).resolve())
    if source is None:
        return markdown
    lang = _language(config)
    return render.decorate(_dashboard(markdown, lang, config), source, tree, lang, config.extra)


@event_priority(-200)  # after static-i18n has written every language and its search index
def on_post_build(config):
    if _nested(config):
        return
    site_dir = Path(config.site_dir)
    _sitemap_per_language(site_dir, config)
    _browser_strings(site_dir)
    from scripts import searchindex
    stats = searchindex.build_site_search(site_dir)
    log.info("handbook search index: %s", stats)


def _browser_strings(site_dir: Path) -> None:
    """The browser scripts' UI strings, from the same language table as the Python side."""
    out = site_dir / "assets" / "i18n"
    out.mkdir(parents=True, exist_ok=True)
    for code in languages.codes():
        (out / f"{code}.json").write_text(json.dumps(languages.browser_strings(code), ensure_ascii=False),
                                          encoding="utf-8")


def _sitemap_per_language(site_dir: Path, config) -> None:
    """static-i18n writes one sitemap (all languages, with alternates) at the root; Material
    fetches <language root>/sitemap.xml to map pages across languages. Give it the same file."""
    i18n = config.plugins.get("i18n")
    root_map = site_dir / "sitemap.xml"
    if not (i18n and root_map.exists()):
        return
    for lang in getattr(i18n, "build_languages", []):
        target = site_dir / lang / "sitemap.xml"
        if target.parent.is_dir() and not target.exists():
            target.write_bytes(root_map.read_bytes())
