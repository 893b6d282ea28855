"""What the build adds to a page's Markdown from its front matter: pure functions from
(page, tree, language, extra) to Markdown, no MkDocs and no module state.

The boxes a page gets come from the registry (`registry.boxes_for(type)`); each box
name maps to one renderer in RENDERERS. A new box = one `Box` in the registry and one
renderer registered here.
"""
from __future__ import annotations

from collections.abc import Callable

from ..model import registry
from ..model.tree import Page, Tree
from . import ackbox, common, legal, module, training
from .context import RenderContext

Renderer = Callable[[RenderContext], str]

RENDERERS: dict[str, Renderer] = {
    "translation-notice": common.translation_notice,
    "ack": ackbox.box,
    "review": common.review_line,
    "legal-metadata": legal.metadata,
    "relations": legal.relations,
    "legal-history": legal.history,
    "module-top": module.top,
    "module-bottom": module.bottom,
    "session-timetable": training.timetable,
    "short-link": training.short_link,
    "trainer-tools": training.trainer_tools,
    "print-tools": training.print_tools,
    "glossary-terms": training.glossary_terms,
}


def register_renderer(box_name: str, renderer: Renderer) -> None:
    RENDERERS[box_name] = renderer


def decorate(markdown: str, page: Page, tree: Tree, lang: str, extra: dict | None = None) -> str:
    """The page's Markdown with every box its type gets, above and below the text."""
    ctx = RenderContext(page=page, tree=tree, lang=lang, extra=dict(extra or {}))
    top: list[str] = []
    bottom: list[str] = []
    for box in registry.boxes_for(page.get("type")):
        renderer = RENDERERS.get(box.name)
        if renderer is not None:
            (top if box.position == "top" else bottom).append(renderer(ctx))
    return "".join(top) + markdown + "".join(bottom)
