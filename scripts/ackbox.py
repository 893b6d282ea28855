"""The "acknowledge" box on a page that requires acknowledgement (plain Python, no MkDocs).

`render(meta, lang, extra)` -> HTML inserted by the build hook at the top of the
page: revision, due date (published + ack.due days), a button to the form
(`extra["ack_form_url"]` with {id}, {revision}, {lang} filled in, URL-encoded)
and an inline SVG QR code of the same URL (segno, no network, no image file).
"""
from __future__ import annotations

import datetime as dt
import html
import io
from urllib.parse import quote

from .acks.updates import _as_date as _date
from .render import fmt_date
from .schema import LEVELS as LEVEL_NAMES

TEXT = {
    "vi": {"title": "Xác nhận đã đọc", "button": "Xác nhận đã đọc",
           "intro": "Báo cáo viên thuộc đối tượng dưới đây cần xác nhận đã đọc phiên bản này.",
           "revision": "Phiên bản", "due": "Hạn xác nhận", "days": "{n} ngày sau ngày đăng {published}",
           "audience": "Đối tượng", "qr": "Mã QR mở biểu mẫu xác nhận đã đọc {id}, phiên bản {revision}",
           "scan": "Quét mã bằng điện thoại để mở biểu mẫu.",
           "no_form": "Biểu mẫu xác nhận chưa được cấu hình; liên hệ Ban biên tập."},
    "en": {"title": "Acknowledge", "button": "Acknowledge",
           "intro": "Reporters in the audience below are asked to confirm they have read this revision.",
           "revision": "Revision", "due": "Acknowledge by", "days": "{n} days after publication on {published}",
           "audience": "Audience", "qr": "QR code opening the acknowledgement form for {id}, revision {revision}",
           "scan": "Scan with a phone to open the form.",
           "no_form": "The acknowledgement form is not configured yet; contact the editorial board."},
}


def form_url(template: str, page_id: str, revision, lang: str) -> str:
    """The form URL with {id}, {revision}, {lang} replaced by URL-encoded values."""
    values = {"id": str(page_id), "revision": str(revision), "lang": lang}
    out = template
    for key, value in values.items():
        out = out.replace("{" + key + "}", quote(value, safe=""))
    return out


def qr_svg(url: str, label: str) -> str:
    import segno
    qr = segno.make(url, error="m", micro=False)
    buf = io.BytesIO()
    qr.save(buf, kind="svg", scale=3, border=2, dark="#000", light="#fff", xmldecl=False, svgns=True, title=label,
            svgclass="ack-qr", lineclass=None, omitsize=False, nl=False)
    svg = buf.getvalue().decode("utf-8")
    # Accessible name for assistive technology; the <title> is also kept for tooltips.
    return svg.replace("<svg ", f'<svg role="img" aria-label="{html.escape(label, quote=True)}" ', 1)


def render(meta: dict, lang: str, extra: dict) -> str:
    ack = meta.get("ack") if isinstance(meta, dict) else None
    if not isinstance(ack, dict) or ack.get("required") is not True:
        return ""
    t = TEXT.get(lang, TEXT["vi"])
    page_id, revision = meta.get("id", ""), meta.get("revision", "")
    published = _date(meta.get("published"))
    due_days = ack.get("due")
    rows = [f'<li><strong>{t["revision"]}:</strong> {html.escape(str(revision))}</li>']
    if published is not None and isinstance(due_days, int) and not isinstance(due_days, bool):
        due = published + dt.timedelta(days=due_days)
        rows.append(f'<li><strong>{t["due"]}:</strong> <time datetime="{due.isoformat()}">{fmt_date(due, lang)}'
                    f'</time> ({t["days"].format(n=due_days, published=fmt_date(published, lang))})</li>')
    audience = [LEVEL_NAMES[a][0 if lang == "vi" else 1] for a in ack.get("audience") or [] if a in LEVEL_NAMES]
    if audience:
        rows.append(f'<li><strong>{t["audience"]}:</strong> {", ".join(audience)}</li>')
    template = (extra or {}).get("ack_form_url")
    parts = [f'<div class="admonition ack-box" id="acknowledge" data-search-exclude data-ack-id="{html.escape(str(page_id), True)}" '
             f'data-ack-revision="{html.escape(str(revision), True)}">',
             f'<p class="admonition-title">{t["title"]}</p>', f'<p>{t["intro"]}</p>', "<ul>" + "".join(rows) + "</ul>"]
    if template:
        url = form_url(str(template), page_id, revision, lang)
        label = t["qr"].format(id=page_id, revision=revision)
        parts.append(f'<p><a class="md-button md-button--primary" href="{html.escape(url, quote=True)}" '
                     f'rel="noopener">{t["button"]}</a></p>')
        parts.append(f'<figure class="ack-qr-figure">{qr_svg(url, label)}<figcaption>{t["scan"]}</figcaption>'
                     "</figure>")
    else:
        parts.append(f'<p>{t["no_form"]}</p>')
    parts.append("</div>")
    return "\n".join(parts) + "\n\n"
