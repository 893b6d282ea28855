"""The "acknowledge" box on a page that requires acknowledgement: revision, due date
(published + ack.due days), a button to the form (`extra.ack_form_url` with {id},
{revision}, {lang} filled in, URL-encoded) and an inline SVG QR code of the same URL
(segno: no network, no image file)."""
from __future__ import annotations

import datetime as dt
import io
import re
from urllib.parse import quote

from ..model import ackrule, dates
from ..model.languages import label, strings
from .context import RenderContext, e
from .sanitize import generated_block


def form_url(template: str, page_id: str, revision, lang: str) -> str:
    """The form URL with {id}, {revision}, {lang} replaced by URL-encoded values."""
    out = template
    # {reporter}, {token}, {since}: personal links only (scripts/acks/links.py); empty on the page
    for key, value in {"id": str(page_id), "revision": str(revision), "lang": lang,
                       "reporter": "", "token": "", "since": ""}.items():
        out = out.replace("{" + key + "}", quote(value, safe=""))
    return out


def qr_svg(url: str, label_text: str) -> str:
    import segno
    qr = segno.make(url, error="m", micro=False)
    buf = io.BytesIO()
    qr.save(buf, kind="svg", scale=3, border=2, dark="#000", light="#fff", xmldecl=False, svgns=True,
            title=label_text, svgclass="ack-qr", lineclass=None, omitsize=False, nl=False)
    svg = buf.getvalue().decode("utf-8")
    # Accessible name for assistive technology; the <title> is also kept for tooltips.
    return svg.replace("<svg ", f'<svg role="img" aria-label="{e(label_text)}" ', 1)


ANCHOR = re.compile(r"(?<![\w&/])#([A-Za-z][A-Za-z0-9_-]{0,80})")


def since_notes(meta: dict, lang: str) -> str:
    """The page's revision notes, hidden; overrides/assets/since.js shows those after N when the
    page is opened with ?since=N (a personal link carries the reporter's last acknowledged revision)
    and highlights the sections whose anchors a note names (`#anchor`)."""
    entries = [r for r in meta.get("revisions") or [] if isinstance(r, dict)]
    items = []
    for r in entries:
        rev = r.get("revision")
        if not isinstance(rev, int) or isinstance(rev, bool):
            continue
        note = str(r.get("note") or "")
        anchors = list(dict.fromkeys(ANCHOR.findall(note)))
        text = ANCHOR.sub(lambda m: f'<a href="#{e(m.group(1))}">#{e(m.group(1))}</a>', e(note)) if anchors else e(note)
        when = dates.parse_iso(r.get("date"))
        stamp = f' <time datetime="{when.isoformat()}">({dates.format_date(when, lang)})</time>' if when else ""
        items.append(f'<li data-revision="{rev}" data-anchors="{e(" ".join(anchors))}" hidden>'
                     f'<strong>{e(strings(lang, "ackbox")["revision"])} {rev}</strong>{stamp}: {text}</li>')
    if not items:
        return ""
    T = strings(lang, "ackbox")
    return (f'<div class="admonition info ack-since" id="ack-since" hidden data-search-exclude>\n'
            f'<p class="admonition-title">{e(T["since_title"])}</p>\n<p>{e(T["since_intro"])}</p>\n'
            f'<ul>{"".join(items)}</ul>\n</div>\n\n')


def render(meta: dict, lang: str, extra: dict) -> str:
    """The box for a page's merged front matter in `lang` ("" when it asks for no acknowledgement)."""
    if not isinstance(meta, dict) or not ackrule.requires_ack(meta):
        return ""
    T = strings(lang, "ackbox")
    ack = meta["ack"]
    page_id, revision = meta.get("id", ""), meta.get("revision", "")
    published = dates.parse_iso(meta.get("published"))
    due_days = ack.get("due")
    rows = [f'<li><strong>{e(T["revision"])}:</strong> {e(revision)}</li>']
    if published is not None and isinstance(due_days, int) and not isinstance(due_days, bool):
        due = published + dt.timedelta(days=due_days)
        rows.append(f'<li><strong>{e(T["due"])}:</strong> <time datetime="{due.isoformat()}">'
                    f'{dates.format_date(due, lang)}</time> '
                    f'({e(T["days"].format(n=due_days, published=dates.format_date(published, lang)))})</li>')
    audience = [label("level", a, lang) for a in ack.get("audience") or [] if isinstance(a, str)]
    if audience:
        rows.append(f'<li><strong>{e(T["audience"])}:</strong> {e(", ".join(audience))}</li>')
    template = (extra or {}).get("ack_form_url")
    parts = [f'<div class="admonition ack-box" id="acknowledge" data-search-exclude data-ack-id="{e(page_id)}" '
             f'data-ack-revision="{e(revision)}">',
             f'<p class="admonition-title">{e(T["title"])}</p>', f'<p>{e(T["intro"])}</p>',
             "<ul>" + "".join(rows) + "</ul>"]
    if template and not ackrule.form_placeholder(template):
        url = form_url(str(template), page_id, revision, lang)
        parts.append(f'<p><a class="md-button md-button--primary" href="{e(url)}" rel="noopener">{e(T["button"])}</a></p>')
        parts.append(f'<figure class="ack-qr-figure">{qr_svg(url, T["qr"].format(id=page_id, revision=revision))}'
                     f'<figcaption>{e(T["scan"])}</figcaption></figure>')
    else:
        parts.append(f'<p>{e(T["no_form"])}</p>')
    parts.append("</div>")
    return since_notes(meta, lang) + "\n".join(parts) + "\n\n"


def box(ctx: RenderContext) -> str:
    out = render(ctx.page.merged, ctx.lang, ctx.extra)
    return generated_block(out) if out else ""
