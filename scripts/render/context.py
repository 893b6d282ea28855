"""What a box renderer gets: the page, the tree it belongs to, the language being built
and the site's `extra` settings. Renderers are pure: same context, same Markdown."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import cast

from ..model.tree import Page, Tree


@dataclass(frozen=True)
class RenderContext:
    page: Page
    tree: Tree
    lang: str
    extra: dict = field(default_factory=dict)

    def get(self, key: str, default=None):
        return self.page.get(key, default)

    def href(self, target: Page) -> str:
        """Relative Markdown link to the target page without language suffix (static-i18n localises it)."""
        stem = cast(str, target.stem)  # a page linked to has one
        return os.path.relpath(target.path.with_name(stem.rsplit("/", 1)[-1] + ".md"), self.page.path.parent)


# The escapers live in scripts/render/escape.py (one module for every renderer); these names
# stay importable from here for the renderers that already use them.
from .escape import e, md  # noqa: E402,F401
