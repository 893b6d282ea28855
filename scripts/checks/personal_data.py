"""[personal-data]: a person's phone number or e-mail address in a page (front matter or body).

Pages are published: a phone or an address written into `signer:`, a note or the body reaches
every reader and the search index. scripts/model/personal.py finds them in any spelling; the
published hotlines and official addresses of `data/public-contacts.yml` (the allow list) pass.
One line per line of the file, the value masked (the check's output lands in CI logs).
"""
from __future__ import annotations

from ..model import personal
from ..model.tree import Page
from .context import Context

IN_FIELD = "trường '{field}'"
IN_BODY = "nội dung trang"


def _field_at(page: Page, line: int) -> str | None:
    if line >= page.body_line or not page.lines:
        return None
    keys = [(n, k) for k, n in page.lines.items() if n <= line]
    return max(keys)[1] if keys else None


def check_page(ctx: Context, page: Page, allowed: personal.Allowed) -> None:
    text = page.text or ""
    if not any(c.isdigit() or c == "@" for c in text) and "&" not in text and "\\" not in text:
        return
    by_line: dict[int, list[personal.Finding]] = {}
    for f in personal.find(text, allowed):
        by_line.setdefault(text.count("\n", 0, f.offset) + 1, []).append(f)
    for line, found in sorted(by_line.items()):
        field = _field_at(page, line)
        contacts = [f for f in found if f.kind != "name"]
        ctx.add(page, line, "personal-data", location=IN_FIELD.format(field=field) if field else IN_BODY,
                kinds=", ".join(personal.kinds(found)), value=", ".join(personal.masked(f.value) for f in contacts))


def check(ctx: Context) -> None:
    path = personal.allow_list_for(ctx.root)
    try:
        allowed = personal.load_allowed(path)
    except personal.AllowListError as exc:
        ctx.add(path, 1, "bad-value", field="phones/emails", detail=str(exc))
        return
    for page in ctx.tree.pages:
        check_page(ctx, page, allowed)
