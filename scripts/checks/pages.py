"""Checks of one page on its own: file name, NFC, front matter, fields, date order, review."""
from __future__ import annotations

import difflib
import unicodedata

from ..model import dates
from ..model.languages import DEFAULT_LANGUAGE
from ..model.registry import PAGE_TYPES, PLACEHOLDER, fields_for
from ..model.tree import Page
from . import yamlhelp
from .context import Context, short
from .fields import check_value


def check_page(ctx: Context, page: Page) -> None:
    check_nfc(ctx, page)
    if page.lang is None:
        ctx.add(page, 1, "bad-filename")
        return
    if page.error is not None:
        line, detail = yamlhelp.explain(page.text, page.error)
        ctx.add(page, line, "yaml-syntax", detail=detail)
        return
    if not page.has_front_matter:
        ctx.add(page, 1, "no-front-matter")
        return
    check_fields(ctx, page)


def check_nfc(ctx: Context, page: Page) -> None:
    found = 0
    for n, line in enumerate(page.text.split("\n"), start=1):
        if not unicodedata.is_normalized("NFC", line):
            col = next(i for i, ch in enumerate(line, start=1)
                       if unicodedata.combining(ch) or not unicodedata.is_normalized("NFC", line[: i]))
            ctx.add(page, n, "not-nfc", col=col)
            found += 1
            if found >= 5:  # enough to point at the problem; --fix-nfc fixes the whole file
                break


def check_fields(ctx: Context, page: Page) -> None:
    meta = page.meta
    ptype = page.get("type")
    if ptype is None:
        if page.lang == DEFAULT_LANGUAGE or page.source is None:
            line, place = where_missing(page, "type", [f.name for f in fields_for("page")])
            ctx.add(page, line, "missing-field", field="type", help="loại trang", example="legal-update", place=place)
        return
    if ptype not in PAGE_TYPES:
        if "type" in meta:
            ctx.add(page, page.line_of("type"), "unknown-type", value=ptype, choices=", ".join(PAGE_TYPES))
        return
    specs = {f.name: f for f in fields_for(ptype)}
    is_default = page.lang == DEFAULT_LANGUAGE
    for name, spec in specs.items():
        present = name in meta
        inherited = (not is_default) and spec.shared and page.source is not None
        if spec.required and not present and not inherited:
            line, place = where_missing(page, name, list(specs))
            ctx.add(page, line, "missing-field", field=name, help=spec.help_vi, example=spec.example or "…",
                    place=place)
    for name, value in meta.items():
        line = page.line_of(name)
        if name not in specs:
            close = difflib.get_close_matches(str(name), list(specs), n=1)
            hint = f" (có phải '{close[0]}'?)" if close else ""
            ctx.add(page, line, "unknown-field", field=name, type=ptype, hint=hint)
            continue
        if PLACEHOLDER in str(value):
            ctx.add(page, line, "placeholder", field=name, marker=PLACEHOLDER)
            continue
        check_value(ctx, page, specs[name], value, line)
        source = page.source
        if not is_default and specs[name].shared and source is not None and name in source.meta:
            other = source.meta[name]
            if other != value and name != "id":  # a different id is pair-id-mismatch's one line
                ctx.add(page, line, "pair-field-mismatch", field=name, value=short(value), other=short(other))
    check_dates_order(ctx, page)
    check_review(ctx, page)


def where_missing(page: Page, name: str, order: list[str]) -> tuple[int, str]:
    """Where a missing field belongs: just above the next field the registry lists after it
    (the line shown), else at the end of the front matter, else the line after the opening '---'."""
    after = order[order.index(name) + 1:] if name in order else []
    following = next((f for f in after if f in page.lines), None)
    if following is not None:
        return page.line_of(following), f"ngay trên dòng '{following}:' này"
    if page.lines and page.body_line > 2:
        return page.body_line - 1, "ngay trên dòng '---' đóng khối front matter"
    return 2, "ngay dưới dòng '---' đầu tệp"


# (earlier, later, message): pairs of legal dates that must not be in reverse order
DATE_ORDER = (
    ("issued", "effective", "ngày có hiệu lực (effective) trước ngày ban hành (issued); kiểm tra lại hai ngày"),
    ("effective", "expiry", "ngày hết hiệu lực (expiry) trước ngày có hiệu lực (effective); kiểm tra lại hai ngày"),
)


def check_dates_order(ctx: Context, page: Page) -> None:
    if page.lang != DEFAULT_LANGUAGE:
        return
    for earlier, later, detail in DATE_ORDER:
        a, b = dates.parse_iso(page.meta.get(earlier)), dates.parse_iso(page.meta.get(later))
        if a and b and b < a:
            ctx.add(page, page.line_of(later), "date-order", detail=detail)


def check_review(ctx: Context, page: Page) -> None:
    last = dates.parse_iso(page.meta.get("last_reviewed"))
    months = page.get("review_in_months") or 6
    if last is None or not isinstance(months, int):
        return
    if dates.add_months(last, months) < ctx.today:
        ctx.add(page, page.line_of("last_reviewed"), "review-overdue", severity="warning",
                last=last.isoformat(), months=months)
