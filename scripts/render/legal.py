"""Boxes of a legal update: the metadata table (vbpl.vn's properties) and its relations,
shown on both sides (a relation written on one page reads inverted on the other)."""
from __future__ import annotations

from ..model import dates
from ..model.languages import DEFAULT_LANGUAGE, label, strings, t
from .context import RenderContext, e, md

DATE_FIELDS = ("issued", "effective", "expiry", "gazette")


def metadata(ctx: RenderContext) -> str:
    L = strings(ctx.lang, "page")
    rows = [("doc_number", e(ctx.get("doc_number", "")))]
    if ctx.get("doc_type"):
        rows.append(("doc_type", e(label("doc_type", ctx.get("doc_type"), ctx.lang))))
    rows.append(("issuer", e(ctx.get("issuer", ""))))
    signer = ctx.get("signer", "")
    if signer == t(DEFAULT_LANGUAGE, "page.unverified") and ctx.lang != DEFAULT_LANGUAGE:
        signer = t(ctx.lang, "page.unverified")
    if ctx.get("signer_title"):
        signer = f'{ctx.get("signer_title")} {signer}'.strip()
    rows.append(("signer", e(signer)))
    for key in DATE_FIELDS:
        if ctx.get(key):
            rows.append((key, e(dates.format_date(ctx.get(key), ctx.lang))))
    status = ctx.get("status")
    if status:
        text = f'<span class="hb-status hb-status--{e(status)}">{e(label("status", status, ctx.lang))}</span>'
        if ctx.get("status_note"):
            text += f' — {e(ctx.get("status_note"))}'
        rows.append(("status", text))
    if ctx.get("source_url"):
        rows.append(("source_url", f'<a href="{e(ctx.get("source_url"))}" rel="noopener">{e(L["source_link"])}</a>'))
    body = "".join(f"<tr><th scope=\"row\">{e(L[k])}</th><td>{v}</td></tr>" for k, v in rows)
    return (f'<section class="hb-meta" id="metadata" data-doc-number="{e(ctx.get("doc_number", ""))}" aria-label="{e(L["metadata"])}">'
            f'<table><caption>{e(L["metadata"])}</caption><tbody>{body}</tbody></table></section>\n\n')


def relations_both_ways(ctx: RenderContext):
    """(label, target page, part) for relations written on this page and, inverted, on others."""
    page, tree, lang = ctx.page, ctx.tree, ctx.lang
    for rel in ctx.get("relations") or []:
        target = tree.page(rel.get("target"), lang) if isinstance(rel, dict) else None
        if target is not None:
            yield label("relation", rel.get("type"), lang), target, rel.get("part")
    for other_id, rel_type, part in tree.incoming(page.id):
        other = tree.page(other_id, lang)
        if other is not None and other_id != page.id:
            yield label("inverse_relation", rel_type, lang), other, part


def relations(ctx: RenderContext) -> str:
    items = []
    for name, target, part in relations_both_ways(ctx):
        part = f' ({md(part)})' if part else ""
        items.append(f'- **{e(name)}**: [{md(target.get("title"))}]({ctx.href(target)}){part}')
    if not items:
        return ""
    return (f'<div class="hb-relations" id="relations" markdown>\n\n**{e(t(ctx.lang, "page.relations"))}**\n\n'
            + "\n".join(items) + "\n\n</div>\n\n")
