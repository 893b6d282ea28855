"""MkDocs hooks: the only module that knows MkDocs. Each event hands over to plain
modules under scripts/ (content checks, page decorations, dashboard, search index),
so the logic survives a move away from MkDocs/Material.
"""
from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority

from scripts import check, render
from scripts.content import load_tree

log = logging.getLogger("mkdocs.handbook")


def _nested(config) -> bool:
    """static-i18n runs one build per language inside the first; act once, outside."""
    i18n = config.plugins.get("i18n")
    return bool(i18n and getattr(i18n, "building", False))


def _language(config) -> str:
    i18n = config.plugins.get("i18n")
    return getattr(i18n, "current_language", None) or config.theme["language"]


def on_pre_build(config):
    if _nested(config):
        return
    root = Path(config.config_file_path).parent
    tree = load_tree(config.docs_dir)
    problems = check.run(Path(config.docs_dir), config_file=Path(config.config_file_path), root=root, tree=tree)
    render.use_tree(tree)  # pages are rendered from what the checks read: one parse per build
    # plain lines: MkDocs prefixes its log level, so GitHub's ::error form would not parse here
    for problem, line in zip(problems, check.format_problems(problems, annotations=False)):
        # warnings (review due) are shown but must not fail a strict build
        (log.error if problem.severity == "error" else log.info)(line)
    errors = check.errors(problems)
    if errors:
        raise Abort(f"{len(errors)} lỗi nội dung: sửa các dòng trên rồi build lại (python -m scripts check)")


def on_page_markdown(markdown, page, config, files):
    source = render.page_at(Path(page.file.abs_src_path), Path(config.docs_dir))
    return render.decorate(markdown, source, _language(config), config.extra, docs_dir=Path(config.docs_dir))


@event_priority(-200)  # after static-i18n has written every language and its search index
def on_post_build(config):
    if _nested(config):
        return
    site_dir = Path(config.site_dir)
    _sitemap_per_language(site_dir, config)
    from scripts import searchindex
    stats = searchindex.build_site_search(site_dir)
    log.info("handbook search index: %s", stats)


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
