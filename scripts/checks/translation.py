"""Translations that lag behind the Vietnamese text: a warning (the build still publishes
them, with a notice); `python -m scripts i18n status` gives the diff."""
from __future__ import annotations

from ..model.languages import DEFAULT_LANGUAGE
from ..translation import page_hash, recorded_hash, translation_state
from .context import Context


def check_translations(ctx: Context) -> None:
    for page in ctx.tree.pages:
        if not page.lang or page.lang == DEFAULT_LANGUAGE or page.source is None or page.error is not None:
            continue
        if page.source.error is not None or not page.meta.get("translation_of"):
            continue
        if translation_state(page) == "outdated":
            ctx.add(page, page.line_of("translation_of"), "translation-outdated", severity="warning",
                    recorded=recorded_hash(page) or page.meta["translation_of"], current=page_hash(page.source),
                    source=ctx.rel(page.source.path), path=ctx.rel(page.path))
