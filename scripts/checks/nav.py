"""The nav of mkdocs.yml: every page listed once, every listed page present.

Reads mkdocs.yml as YAML (its `!!python/...` tags ignored), and finds the line of each
nav entry in one pass over the file (a dict lookup per line, linear in its size).
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import cast

import yaml

from ..model.languages import DEFAULT_LANGUAGE
from ..model.nav import entries as nav_entries
from .context import Context
from .links import external


class _ConfigLoader(yaml.SafeLoader):
    pass


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)  # ignore !!python/… tags

# the last value on a line: "  - legal/x.md", "  - Trang chủ: index.md"
_LINE_VALUE = re.compile(r"(?:^|[\s:-])([^\s:]+)\s*$")


def read_nav(config_file: Path | None) -> tuple[set[str] | None, dict[str, int]]:
    """The page paths listed in mkdocs.yml's nav, with the line each first appears on."""
    if not config_file or not Path(config_file).exists():
        return None, {}
    text = Path(config_file).read_text(encoding="utf-8")
    config = yaml.load(text, Loader=_ConfigLoader)  # noqa: S506 - safe subclass
    nav = (config or {}).get("nav") if isinstance(config, dict) else None
    if nav is None:
        return None, {}
    paths = {p for p in nav_entries(nav) if not external(p)}
    lines: dict[str, int] = {}
    for n, line in enumerate(text.split("\n"), start=1):
        m = _LINE_VALUE.search(line)
        if m and m.group(1) in paths:
            lines.setdefault(m.group(1), n)
    return paths, lines


def not_in_nav(config_file: Path | None) -> list[str]:
    """mkdocs.yml's `not_in_nav` patterns (pages reached by links only, on purpose)."""
    if not config_file or not Path(config_file).exists():
        return []
    config = yaml.load(Path(config_file).read_text(encoding="utf-8"), Loader=_ConfigLoader)  # noqa: S506
    value = (config or {}).get("not_in_nav") if isinstance(config, dict) else None
    return [line.strip() for line in str(value or "").splitlines() if line.strip() and not line.startswith("#")]


def _listed_off_nav(stem: str, patterns: list[str]) -> bool:
    import fnmatch
    return any(fnmatch.fnmatch(f"/{stem}.{DEFAULT_LANGUAGE}.md", p if p.startswith("/") else f"*/{p}")
               for p in patterns)


def check_nav(ctx: Context, config_file: Path | None) -> None:
    nav_paths, nav_line = read_nav(config_file)
    if nav_paths is None:
        return
    config_rel = ctx.rel(Path(cast(Path, config_file)))  # read_nav found it
    stems = {p.stem + ".md" for p in ctx.tree.pages if p.stem}
    off_nav = not_in_nav(config_file)
    for p in ctx.tree.pages:
        if p.stem and p.lang == DEFAULT_LANGUAGE and p.stem + ".md" not in nav_paths \
                and not _listed_off_nav(p.stem, off_nav):
            ctx.add(p, 1, "not-in-nav", path=p.stem + ".md")
    for nav_path in sorted(nav_paths - stems):
        stem = nav_path[:-3] if nav_path.endswith(".md") else nav_path
        ctx.add(config_rel, nav_line.get(nav_path, 1), "nav-missing-page", path=nav_path,
                expected=f"docs/{stem}.{DEFAULT_LANGUAGE}.md")
