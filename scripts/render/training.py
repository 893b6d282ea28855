"""What the build adds for trainers: the module index with timings, a session plan's
timetable, the short link and its QR code, the trainer toolbar (print, instructor view),
the glossary table and the site-wide abbreviations. Pure functions of the render context.
"""
from __future__ import annotations

import io
import re

from ..model import schedule
from ..model.addresses import is_local_address, public_url, short_path
from ..model.languages import DEFAULT_LANGUAGE, codes, label, strings
from .context import RenderContext, e
from .escape import md, one_line, url
from .sanitize import generated_block

MODULE_INDEX_MARKER = "<!-- module-index -->"


def _hours(minutes: int, lang: str) -> str:
    return strings(lang, "training")["hours"].format(h=minutes // 60, m=minutes % 60)


def module_index(ctx: RenderContext) -> str:
    """A table of every module (nav order): teaching, exercises, total, audience, prerequisites."""
    L = strings(ctx.lang, "training")
    modules = schedule.module_order(ctx.extra.get("nav"), ctx.tree, ctx.lang)
    rows = [f'| {L["module"]} | {L["teaching"]} | {L["exercises"]} | {L["total"]} | {L["audience"]} | '
            f'{L["prerequisites"]} |', "|---|--:|--:|--:|---|---|"]
    teaching_sum = exercises_sum = 0
    for m in modules:
        teaching, exercises = m.get("teaching") or 0, m.get("exercises") or 0
        teaching_sum, exercises_sum = teaching_sum + teaching, exercises_sum + exercises
        audience = ", ".join(label("level", a, ctx.lang) for a in m.get("audience") or [])
        prereq = [ctx.tree.page(pid, ctx.lang) for pid in m.get("prerequisites") or []]
        prereq_md = ", ".join(f"[{md(p.get('title'))}]({ctx.href(p)})" for p in prereq if p is not None)
        rows.append(f"| [{md(m.get('title'))}]({ctx.href(m)}) | {teaching} | {exercises} | "
                    f"**{teaching + exercises}** | {md(audience)} | {prereq_md or L['none']} |")
    total = teaching_sum + exercises_sum
    rows.append(f"| **{L['sum']}** | **{teaching_sum}** | **{exercises_sum}** | **{total}** | | |")
    caption = L["sum_caption"].format(n=len(modules), teaching=teaching_sum, exercises=exercises_sum, total=total,
                                      hours=_hours(total, ctx.lang))
    return (generated_block('<div class="hb-module-index" id="module-index" markdown>') + "\n".join(rows)
            + f"\n\n{caption}\n\n" + generated_block("</div>"))


def timetable(ctx: RenderContext) -> str:
    """A session plan's timetable: the time of each block, computed from the modules' minutes."""
    L = strings(ctx.lang, "training")
    table = schedule.timetable(ctx.page, ctx.tree, ctx.lang)
    notes = ctx.page.meta.get("notes")
    if not isinstance(notes, dict):
        notes = {}
    rows = [f'| {L["time"]} | {L["block"]} | {L["minutes"]} | {L["notes"]} |', "|---|---|--:|---|"]
    for b in table.blocks:
        when = f"{schedule.clock(b.start)}–{schedule.clock(b.end)}"
        if b.kind == "break":
            rows.append(f"| {when} | *{md(label('break_label', b.label, ctx.lang))}* | {b.minutes} | |")
            continue
        if b.kind == "activity":
            rows.append(f"| {when} | {md(label('activity', b.label, ctx.lang))} | {b.minutes} | "
                        f"{md(notes.get(b.label, ''))} |")
            continue
        if b.page is None:
            name = L["missing_module"].format(id=b.module_id)
        else:
            name = f"[{md(b.page.get('title'))}]({ctx.href(b.page)})"
        detail = L["module_minutes"].format(teaching=b.teaching, exercises=b.exercises)
        note = notes.get(b.module_id) or (b.note if ctx.lang == DEFAULT_LANGUAGE else None) or ""
        rows.append(f"| {when} | {name}<br><small>{md(detail)}</small> | {b.minutes} | {md(note)} |")
    summary = L["plan_summary"].format(
        start=schedule.clock(table.start), end=schedule.clock(table.end), total=_hours(table.total, ctx.lang),
        teaching=table.sum("teaching"), exercises=table.sum("exercises"), breaks=table.sum("minutes", "break"),
        activities=table.sum("minutes", "activity"))
    audience = ", ".join(label("level", a, ctx.lang) for a in ctx.get("plan_audience") or [])
    head = f"{summary}" + (f" **{L['plan_audience']}:** {audience}." if audience else "")
    return (generated_block(f'<div class="hb-timetable" id="timetable" data-start="{schedule.clock(table.start)}" '
                            f'data-end="{schedule.clock(table.end)}" data-total="{table.total}" markdown>')
            + f"**{L['timetable']}**\n\n{head}\n\n" + "\n".join(rows) + generated_block("</div>"))


# -- short links -----------------------------------------------------------------------------------
def short_url(ctx: RenderContext) -> str | None:
    path = short_path(ctx.get("type"), ctx.get("id"), ctx.lang)
    if path is None:
        return None
    return public_url(ctx.extra.get("site_url"), path)


def qr_svg(url: str, label_text: str, scale: int = 8) -> str:
    """An inline SVG QR code of `url` (segno, no network); big enough to scan from a projected slide."""
    import segno
    qr = segno.make(url, error="m", micro=False)
    buf = io.BytesIO()
    qr.save(buf, kind="svg", scale=scale, border=4, dark="#000", light="#fff", xmldecl=False, svgns=True,
            title=label_text, svgclass="hb-qr", lineclass="hb-qr-line", omitsize=True, nl=False)
    svg = buf.getvalue().decode("utf-8")
    return svg.replace("<svg ", f'<svg role="img" aria-label="{e(label_text)}" data-qr-url="{e(url)}" ', 1)


def test_address_mark(site_url, lang: str) -> str:
    """The visible mark of a QR code or link carrying an address only the building machine opens
    (a local build, a test, a preview; a deployment build stops instead: [site-url-local])."""
    if not is_local_address(site_url):
        return ""
    T = strings(lang, "trainers")
    return f'<span class="hb-test-address" title="{e(T["test_address_hint"])}">{e(T["test_address"])}</span>'


def short_link(ctx: RenderContext) -> str:
    url = short_url(ctx)
    if url is None:
        return ""
    L = strings(ctx.lang, "training")
    mark = test_address_mark(ctx.extra.get("site_url"), ctx.lang)
    box_mark = mark.replace("<span ", '<span aria-hidden="true" ', 1)  # the caption's says it to screen readers
    return generated_block(f'<figure class="hb-short-link{" hb-test-site" if mark else ""}" id="short-link" data-search-exclude>'
            f'<div class="hb-qr-box">{qr_svg(url, L["qr"].format(url=url))}{box_mark}</div>'
            f'<figcaption><strong>{e(L["short_link"])}:</strong> <a href="{e(url)}">{e(url)}</a>{mark}<br>'
            f'<small>{e(L["scan"])}</small></figcaption></figure>')


def redirect_html(target: str, lang: str, title: str = "") -> str:
    """A tiny page that sends the reader to `target` (relative URL): meta refresh and a visible link, no JS."""
    L = strings(lang, "training")
    return (f'<!doctype html>\n<html lang="{e(lang)}"><head><meta charset="utf-8">'
            f'<title>{e(title or L["redirect_title"])}</title>'
            f'<meta name="robots" content="noindex">'
            f'<link rel="canonical" href="{e(target)}">'
            f'<meta http-equiv="refresh" content="0; url={e(target)}"></head>\n'
            f'<body><p>{e(L["redirect_text"])} <a href="{e(target)}">{e(title or target)}</a></p></body></html>\n')


# -- trainer toolbar: print and instructor view (trainers.js gives the buttons their behaviour) -----
def trainer_tools(ctx: RenderContext) -> str:
    L = strings(ctx.lang, "training")
    T = strings(ctx.lang, "trainers")
    # the presentation bar's labels ride on the button (trainers.js builds the bar)
    present = (f'<button type="button" class="md-button hb-present-toggle" aria-pressed="false" '
               f'title="{e(T["present_hint"])}" data-next="{e(T["present_next"])}" '
               f'data-prev="{e(T["present_prev"])}" data-exit="{e(T["present_exit"])}">{e(T["present"])}</button> '
               ) if ctx.get("type") == "module" else ""
    return generated_block(f'<div class="hb-trainer-tools" data-search-exclude hidden>'
            f'<button type="button" class="md-button hb-print" data-print="current" '
            f'title="{e(L["print_learner"])} · {e(L["print_instructor"])}">{e(L["print"])}</button> '
            + present +
            f'<label class="hb-instructor-toggle" title="{e(L["instructor_hint"])}">'
            f'<input type="checkbox" class="hb-instructor-switch"> {e(L["instructor_on"])}</label>'
            f'</div>')


def print_tools(ctx: RenderContext) -> str:
    """The print button of a page that is read on paper too (legal texts, guidance, glossary)."""
    T = strings(ctx.lang, "trainers")
    return generated_block(f'<div class="hb-trainer-tools hb-print-tools" data-search-exclude hidden>'
                           f'<button type="button" class="md-button hb-print" data-print="learner" '
                           f'title="{e(T["print_hint"])}">{e(strings(ctx.lang, "training")["print"])}</button></div>')


# -- glossary and abbreviations --------------------------------------------------------------------
def _terms(page) -> list[dict]:
    terms = page.meta.get("terms") if page is not None else None
    return [t for t in terms if isinstance(t, dict)] if isinstance(terms, list) else []


def glossary_terms(ctx: RenderContext) -> str:
    L = strings(ctx.lang, "training")
    rows = []
    # the column of the term in the other language: the first translation's, or the authoritative one
    other_lang = next((c for c in codes() if c != DEFAULT_LANGUAGE), DEFAULT_LANGUAGE) \
        if ctx.lang == DEFAULT_LANGUAGE else DEFAULT_LANGUAGE
    for t in _terms(ctx.page):
        anchor = re.sub(r"[^a-z0-9]+", "-", str(t.get("id") or "").lower()).strip("-")
        # HTML, not Markdown: the table is raw HTML, where Markdown is not parsed (was a literal **…**)
        term = f"<strong>{e(t.get('term', ''))}</strong>" + (f" ({e(t['abbr'])})" if t.get("abbr") else "")
        source = t.get("source") or ""
        if isinstance(source, dict):
            source = f'<a href="{url(source.get("url", ""))}" rel="noopener">{e(source.get("title", ""))}</a>' \
                if source.get("url") else e(source.get("title", ""))
        else:
            source = e(source)
        rows.append(f'<tr id="term-{anchor}"><td>{term}</td><td lang="{other_lang}">'
                    f'{e(t.get("other", ""))}</td><td>{e(t.get("definition", ""))}</td><td>{source}</td></tr>')
    if not rows:
        return ""
    # in Material's scrolling wrapper (what its script gives Markdown tables): on a phone the table
    # scrolls inside its box and the page stays as wide as the screen
    return '\n\n' + generated_block(
        '<div class="md-typeset__scrollwrap" tabindex="0" role="region" aria-labelledby="terms-caption">'
        '<div class="md-typeset__table"><table class="hb-glossary" id="terms">'
        f'<caption id="terms-caption">{e(L["glossary_caption"])}</caption>'
        f'<thead><tr><th>{e(L["term"])}</th><th>{e(L["other_term"])}</th>'
        f'<th>{e(L["definition"])}</th><th>{e(L["source"])}</th></tr></thead><tbody>'
        + "".join(rows) + "</tbody></table></div></div>") + "\n"


def abbreviations(tree, lang: str) -> dict[str, str]:
    """Abbreviation -> expansion in `lang`, from the glossary pages' terms (`abbr`)."""
    out: dict[str, str] = {}
    for page in tree.of_type("glossary", lang):
        for t in _terms(page):
            if isinstance(t.get("abbr"), str) and isinstance(t.get("term"), str):
                other = t.get("other") if lang != DEFAULT_LANGUAGE and isinstance(t.get("other"), str) else ""
                out[t["abbr"]] = f'{t["term"]} ({other})' if other else t["term"]
    return out


def abbreviation_lines(tree, lang: str) -> str:
    """Python-Markdown `abbr` definitions appended to every page: hover shows the expansion."""
    items = abbreviations(tree, lang)
    if not items:
        return ""
    return "\n\n" + "\n".join(f"*[{one_line(k)}]: {one_line(v)}" for k, v in sorted(items.items())) + "\n"
