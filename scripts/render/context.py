"""What a box renderer gets: the page, the tree it belongs to, the language being built
and the site's `extra` settings. Renderers are pure: same context, same Markdown."""
from __future__ import annotations

import html
import os
from dataclasses import dataclass, field

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
        return os.path.relpath(target.path.with_name(target.stem.rsplit("/", 1)[-1] + ".md"), self.page.path.parent)


def e(text) -> str:
    """Escape for HTML text and attribute values."""
    return html.escape(str(text), quote=True)


# For text placed where Markdown is still parsed (a list item, link text): the HTML specials and
# every character that could open Markdown syntax (a link, emphasis, code, an attribute list)
# become character references, so a value can only ever show as text.
_MD_ESCAPES = {ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;", ord('"'): "&quot;", ord("'"): "&#39;"}
_MD_ESCAPES.update({ord(c): f"&#{ord(c)};" for c in "[]()`*_\\!{}|~"})


def md(text) -> str:
    """Escape for text inside Markdown (HTML specials and Markdown punctuation)."""
    return str(text).translate(_MD_ESCAPES)
