"""Boxes every page gets: the translation notice on translations, the review line."""
from __future__ import annotations

from typing import cast

from ..model import dates
from ..model.languages import DEFAULT_LANGUAGE, strings, t
from ..model.tree import url_path
from ..translation import translation_state
from .context import RenderContext, e
from .sanitize import generated_block


def _box(ctx: RenderContext, kind: str, css: str, title: str, text: str) -> str:
    stem = cast(str, ctx.page.stem)  # a built page has one
    depth = url_path(stem, ctx.lang).count("/")  # the URL being built (a pending page's is /en/…)
    source_url = "../" * depth + url_path(stem, DEFAULT_LANGUAGE)
    return generated_block(
        f'<div class="admonition {kind} {css}" lang="{e(ctx.lang)}" data-search-exclude>'
        f'<p class="admonition-title">{e(title)}</p>'
        f'<p>{e(text)} <a href="{e(source_url)}" hreflang="{DEFAULT_LANGUAGE}" '
        f'lang="{DEFAULT_LANGUAGE}">{e(t(ctx.lang, "page.read_default"))}</a></p>'
        f'</div>')


def translation_notice(ctx: RenderContext) -> str:
    """Nothing on Vietnamese pages. On a translation: the reference-translation notice, and a
    warning when the Vietnamese text changed after the version it translates (`translation_of`),
    dated from `extra["translation_changed"][stem]` (the build reads it from git). On the
    Vietnamese text published under a translation's URL (`translation: pending`): that notice."""
    if ctx.lang == DEFAULT_LANGUAGE:
        return ""
    page = ctx.page
    if page.lang == DEFAULT_LANGUAGE:
        return _box(ctx, "warning", "hb-translation-pending", t(ctx.lang, "page.pending_title"),
                    t(ctx.lang, "page.pending"))
    out = _box(ctx, "info", "hb-translation-notice", t(ctx.lang, "page.notice_title"), t(ctx.lang, "page.notice"))
    if translation_state(page) == "outdated":
        changed = (ctx.extra.get("translation_changed") or {}).get(page.stem)
        text = (t(ctx.lang, "page.outdated", date=dates.format_date(changed, ctx.lang)) if changed
                else t(ctx.lang, "page.outdated_nodate"))
        out += _box(ctx, "warning", "hb-translation-outdated", t(ctx.lang, "page.outdated_title"), text)
    return out


def review_line(ctx: RenderContext) -> str:
    last = ctx.get("last_reviewed")
    if not last:
        return ""
    L = strings(ctx.lang, "page")
    months = ctx.get("review_in_months") or 6
    parts = [f'{L["reviewed"]}: {e(dates.format_date(last, ctx.lang))}']
    last_date = dates.parse_iso(last)
    if last_date is not None and isinstance(months, int):
        parts[0] += f' ({L["next_review"]}: {dates.format_date(dates.add_months(last_date, months), ctx.lang)})'
    if ctx.get("owner"):
        parts.append(f'{L["owner"]}: {e(ctx.get("owner"))}')
    if ctx.get("revision"):
        parts.append(f'{L["revision"]} {e(ctx.get("revision"))}')
    return generated_block(f'<p class="hb-review" id="review" data-search-exclude>{" · ".join(parts)}</p>')
