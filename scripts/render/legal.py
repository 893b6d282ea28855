"""Boxes of a legal update: the metadata table (vbpl.vn's properties, the status computed
for the build's as-of date, how to cite it), its relations, shown on both sides (a
relation written on one page reads inverted on the other), and its history table."""
from __future__ import annotations

import re

from ..model import dates, folding
from ..model import legal as legal_model
from ..model.languages import DEFAULT_LANGUAGE, label, strings, t
from .context import RenderContext, e, md
from .escape import url
from .sanitize import generated_block

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
    rows.append(("status", status_text(ctx)))
    if ctx.get("source_url"):
        rows.append(("source_url", f'<a href="{url(ctx.get("source_url"))}" rel="noopener">{e(L["source_link"])}</a>'))
    if ctx.get("doc_number"):
        rows.append(("cite", f'<span class="hb-cite">{e(citation(ctx.page, ctx.lang))}</span>'))
    if source_articles(ctx.page):  # article-level sources: which article each one is
        rows.append(("sources", sources_list(ctx)))
    ids = {"status": ' id="status"', "cite": ' id="cite"'}
    names = {"cite": t(ctx.lang, "legal.cite"), "sources": t(ctx.lang, "legal.sources")}
    body = "".join(f"<tr{ids.get(k, '')}><th scope=\"row\">{e(names.get(k) or L[k])}</th><td>{v}</td></tr>"
                   for k, v in rows)
    return generated_block(f'<section class="hb-meta" id="metadata" aria-label="{e(L["metadata"])}">'
                           f'<table><caption>{e(L["metadata"])}</caption><tbody>{body}</tbody></table></section>')


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
    items, seen = [], set()
    for name, target, part in relations_both_ways(ctx):
        if (name, target.id, part) in seen:  # written on both sides: shown once
            continue
        seen.add((name, target.id, part))
        part = f' ({md(part)})' if part else ""
        items.append(f'- **{e(name)}**: [{md(target.get("title"))}]({ctx.href(target)}){part}')
    if not items:
        return ""
    return (generated_block('<div class="hb-relations" id="relations" markdown>')
            + f'**{e(t(ctx.lang, "page.relations"))}**\n\n' + "\n".join(items) + generated_block("</div>"))


def status_text(ctx: RenderContext) -> str:
    """The status label (override or computed), its note, the as-of date and a nearby change."""
    st = legal_model.status(ctx.tree, ctx.page, ctx.extra.get("as_of"))
    text = ""
    if st.key:
        text = f'<span class="hb-status hb-status--{e(st.key)}">{e(label("status", st.key, ctx.lang))}</span>'
    if ctx.get("status_note"):
        text += f' — {e(ctx.get("status_note"))}'
    if st.change:
        day, new = st.change
        text += (f' <strong class="hb-status-change">'
                 f'{e(t(ctx.lang, "legal.change_" + new, date=dates.format_date(day, ctx.lang)))}</strong>')
    text += f'<br><small class="hb-as-of">{e(t(ctx.lang, "legal.as_of", date=dates.format_date(st.as_of, ctx.lang)))}</small>'
    return text


# types whose title is the document's name ("Luật Trẻ em", "Bộ luật Hình sự"): cited by that name,
# then number, date and issuer; the others by their kind, number, date, issuer, then what they are
# about ("Nghị định số 56/2017/NĐ-CP ngày 09/05/2017 của Chính phủ quy định chi tiết …")
NAMED_TYPES = {"constitution", "code", "law", "ordinance"}


def _subject(name: str, kind: str) -> str:
    """The title without its kind and number: 'Nghị định 56/2017/NĐ-CP quy định chi tiết …' ->
    'quy định chi tiết …' (said once in the citation, not twice)."""
    text = name.strip()
    if kind and folding.fold(text[:len(kind)]) == folding.fold(kind):
        text = text[len(kind):]
    # the number as written in the title, also transliterated in English ("56/2017/ND-CP")
    text = re.sub(r"^\s*(?:(?:số|No\.?)\s*)?\d+/[^\s,:;]+", "", text)
    return text.strip(" ,:-–")


def source_articles(page) -> list[str]:
    """The articles the page's sources name (`article: "Điều 142"`), each once, in order."""
    found = []
    for source in page.get("sources") or []:
        article = source.get("article") if isinstance(source, dict) else None
        if isinstance(article, str) and article.strip() and article.strip() not in found:
            found.append(article.strip())
    return found


def citation(page, lang: str) -> str:
    """How to cite the document in Vietnamese legal citation form (and its English counterpart):
    kind, number, date, issuer, then the subject; named documents by name, number, date, issuer;
    articles named by the sources first ("Điều 150, Điều 151 Bộ luật Hình sự số …")."""
    name = page.get("full_title") or page.get("title") or ""
    number, doc_type = page.get("doc_number", ""), page.get("doc_type")
    kind = label("doc_type", doc_type, lang) if doc_type else ""
    values = {"number": number, "issued": dates.format_date(page.get("issued", ""), lang),
                  "issuer": page.get("issuer", "")}
    if doc_type in NAMED_TYPES or not kind:
        text = t(lang, "legal.cite_named", name=name, **values)
    else:
        text = t(lang, "legal.cite_format", kind=kind, subject=_subject(name, kind), **values)
    text = text.strip().rstrip(",")
    articles = source_articles(page)
    return t(lang, "legal.cite_articles", articles=", ".join(articles), citation=text) if articles else text


def sources_list(ctx: RenderContext) -> str:
    """The page's sources, each with the article it names: 'Điều 142 — <title>'."""
    items = []
    for source in ctx.get("sources") or []:
        if not isinstance(source, dict) or not source.get("title"):
            continue
        title = e(source["title"])
        if isinstance(source.get("url"), str) and source["url"].startswith(("https://", "http://")):
            title = f'<a href="{e(source["url"])}" rel="noopener">{title}</a>'
        article = source.get("article")
        items.append(f"<li>{e(article)} — {title}</li>" if isinstance(article, str) and article.strip()
                     else f"<li>{title}</li>")
    return f'<ul class="hb-sources">{"".join(items)}</ul>' if items else ""


def history(ctx: RenderContext) -> str:
    """The history table: events by date, from relations written once on either side."""
    events = legal_model.history(ctx.tree, ctx.page)
    if not events:
        return ""
    with_part = any(ev.part for ev in events)
    head = [t(ctx.lang, "legal.date"), t(ctx.lang, "legal.event")] + ([t(ctx.lang, "legal.part")] if with_part else [])
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for ev in events:
        other = ""
        target = ctx.tree.page(ev.other, ctx.lang) if ev.other else None
        if target is not None:
            number = f' ({md(target.get("doc_number"))})' if target.get("doc_number") else ""
            other = f'[{md(target.get("title"))}]({ctx.href(target)}){number}'
        elif ev.other:
            other = md(ev.other)
        cells = [dates.format_date(ev.date, ctx.lang), t(ctx.lang, "legal.event_" + ev.kind, other=other)]
        if with_part:
            cells.append(md(ev.part or ""))
        lines.append("| " + " | ".join(cells) + " |")
    return (f'\n\n## {t(ctx.lang, "legal.history")} {{ #history }}\n\n'
            + "\n".join(lines) + "\n\n")
