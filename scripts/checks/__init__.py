"""Content checks for `docs/`: one line per problem, `path:line: [rule-id] message`.

Run by editors (`python -m scripts check`), by the build (the hook calls `run`) and by
CI (GitHub annotations under CI=true). Rules and their Vietnamese messages live in
`rules.py`; field validators in `fields.py`; per-page checks in `pages.py`; ids and
language versions in `pairs.py`; links in `links.py`; the nav in `nav.py`; script-running
content (raw HTML, javascript: URLs) in `safety.py`; the numbers of the two languages and
citations that point at a home page in `facts.py`.
"""
from __future__ import annotations

import datetime as dt
import os
import unicodedata
from pathlib import Path

from ..model import dates
from ..model.problem import Problem
from ..model.tree import Tree, load_tree
from ..render import escape
from . import codeowners, copies, facts, legal, links, nav, pages, pairs, personal_data, safety, training, translation, unparsed
from .context import Context

__all__ = ["run", "errors", "format_problems", "fix_nfc", "Problem"]


def run(docs_dir: Path, config_file: Path | None = None, root: Path | None = None,
        today: dt.date | None = None, tree: Tree | None = None) -> list[Problem]:
    """Check every page under docs_dir (or an already loaded tree); the problems by file and line."""
    tree = tree or load_tree(docs_dir)
    ctx = Context(tree=tree, root=(root or Path.cwd()).resolve(), today=today or dates.today())
    for page in tree.pages:
        pages.check_page(ctx, page)
    pairs.check_ids(ctx)
    pairs.check_versions(ctx)
    pairs.check_targets(ctx)
    legal.check_legal(ctx)
    copies.check_template_text(ctx)
    copies.check_copied_relations(ctx)
    links.check_links(ctx)
    nav.check_nav(ctx, Path(config_file) if config_file else None)
    training.check_plans(ctx)
    training.check_trainer_blocks(ctx)
    training.check_published_urls(ctx)
    safety.check(ctx, Path(config_file) if config_file else None)
    personal_data.check(ctx)
    codeowners.check_codeowners(ctx)
    translation.check_translations(ctx)
    facts.check(ctx)  # numbers of the two languages, citations of the document itself
    return sorted(set(unparsed.only_the_cause(ctx)))


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.is_error]


def format_problems(problems: list[Problem], annotations: bool | None = None) -> list[str]:
    """Plain `path:line: [rule] message` lines, or GitHub annotations (default under CI=true, except on
    GitLab, which sets CI=true too and reads a Code Quality report instead: codequality.py)."""
    if annotations is None:
        annotations = os.environ.get("CI", "").lower() == "true" and os.environ.get("GITLAB_CI", "") != "true"
    out = []
    for p in problems:
        # values from pages reach these lines: escaped for the annotation format, or for a terminal
        if annotations:
            out.append(f"::{p.severity} file={escape.annotation_property(p.path)},line={p.line},"
                       f"title={escape.annotation_property(p.rule)}::{escape.annotation_data(p.message)}")
        else:
            tag = "" if p.is_error else " (cảnh báo)"
            out.append(escape.terminal(f"{p.path}:{p.line}: [{p.rule}]{tag} {p.message}"))
    return out


def fix_nfc(docs_dir: Path) -> list[Path]:
    """Rewrite every Markdown file under docs_dir in NFC; return the files changed."""
    changed = []
    for path in sorted(Path(docs_dir).rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        fixed = unicodedata.normalize("NFC", text)
        if fixed != text:
            path.write_text(fixed, encoding="utf-8")
            changed.append(path)
    return changed
