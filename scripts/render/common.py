"""Boxes every page gets: the translation notice on translations, the review line."""
from __future__ import annotations

from ..model import dates
from ..model.languages import DEFAULT_LANGUAGE, strings, t
from ..model.tree import url_path
from .context import RenderContext, e


def translation_notice(ctx: RenderContext) -> str:
    if ctx.lang == DEFAULT_LANGUAGE:
        return ""
    page = ctx.page
    depth = page.url_path.count("/")
    source_url = "../" * depth + url_path(page.stem, DEFAULT_LANGUAGE)
    return (f'<div class="admonition info hb-translation-notice" lang="{e(ctx.lang)}" data-search-exclude>'
            f'<p class="admonition-title">{e(t(ctx.lang, "page.notice_title"))}</p>'
            f'<p>{e(t(ctx.lang, "page.notice"))} <a href="{e(source_url)}" hreflang="{DEFAULT_LANGUAGE}" '
            f'lang="{DEFAULT_LANGUAGE}">{e(t(ctx.lang, "page.read_default"))}</a></p>'
            f'</div>\n\n')


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
    return f'\n\n<p class="hb-review" id="review" data-search-exclude>{" · ".join(parts)}</p>\n'
