"""The "acknowledge" box on a page that requires acknowledgement: revision, due date
(published + ack.due days), a button to the form (`extra.ack_form_url` with {id},
{revision}, {lang} filled in, URL-encoded) and an inline SVG QR code of the same URL
(segno: no network, no image file)."""
from __future__ import annotations

import datetime as dt
import io
from urllib.parse import quote

from ..model import ackrule, dates
from ..model.languages import label, strings
from .context import RenderContext, e


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
    if template:
        url = form_url(str(template), page_id, revision, lang)
        parts.append(f'<p><a class="md-button md-button--primary" href="{e(url)}" rel="noopener">{e(T["button"])}</a></p>')
        parts.append(f'<figure class="ack-qr-figure">{qr_svg(url, T["qr"].format(id=page_id, revision=revision))}'
                     f'<figcaption>{e(T["scan"])}</figcaption></figure>')
    else:
        parts.append(f'<p>{e(T["no_form"])}</p>')
    parts.append("</div>")
    return "\n".join(parts) + "\n\n"


def box(ctx: RenderContext) -> str:
    return render(ctx.page.merged, ctx.lang, ctx.extra)
