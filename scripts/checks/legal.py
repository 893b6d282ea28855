"""Checks of legal texts over time: a hand-written status that contradicts the dates,
relations that contradict their inverse written on the other page, document numbers
that do not fit their type, and revision notes."""
from __future__ import annotations

import re
from itertools import pairwise
from typing import Any

from ..model import dates, legal
from ..model.languages import DEFAULT_LANGUAGE, label, vocabulary
from ..model.registry import PLACEHOLDER
from ..model.tree import Page
from .context import Context
from .fields import find_line

# doc_type -> (pattern, example) pairs a number may follow (vbpl.vn's usual forms)
_ISSUER = r"[A-ZĐ][A-ZĐ0-9]*(?:-[A-ZĐ0-9]+)*"
DOC_NUMBER_FORMATS: dict[str, tuple[tuple[str, str], ...]] = {
    "code": ((r"\d+/\d{4}/QH\d+", "100/2015/QH13"),),
    "law": ((r"\d+/\d{4}/QH\d+", "102/2016/QH13"),),
    "resolution": ((r"\d+/\d{4}/QH\d+", "121/2020/QH14"), (r"\d+/\d{4}/UBTVQH\d+", "1234/2024/UBTVQH15"),
                   (rf"\d+/\d{{4}}/NQ-{_ISSUER}", "02/2019/NQ-HĐTP"), (rf"\d+/NQ-{_ISSUER}", "30/NQ-CP")),
    "ordinance": ((r"\d+/\d{4}/UBTVQH\d+", "02/2022/UBTVQH15"),),
    "decree": ((r"\d+/\d{4}/NĐ-CP", "56/2017/NĐ-CP"),),
    "decision": ((r"\d+/QĐ-TTg", "1863/QĐ-TTg"), (r"\d+/\d{4}/QĐ-TTg", "19/2023/QĐ-TTg"),
                 (rf"\d+/(?:\d{{4}}/)?QĐ-{_ISSUER}", "1472/QĐ-BCA")),
    "circular": ((rf"\d+/\d{{4}}/TT-{_ISSUER}", "43/2021/TT-BCA"),),
    "joint-circular": ((rf"\d+/\d{{4}}/TTLT-{_ISSUER}", "01/2017/TTLT-BCA-BQP"),),
    "order": ((r"\d+/\d{4}/L-CTN", "12/2016/L-CTN"),),
    "joint-resolution": ((rf"\d+/\d{{4}}/NQLT-{_ISSUER}", "01/2016/NQLT-CP-UBTWMTTQVN"),),
    "plan": ((rf"\d+/KH-{_ISSUER}", "506/KH-BCA"),),
}


def doc_number_fits(doc_type: str, number: str) -> bool:
    forms = DOC_NUMBER_FORMATS.get(doc_type)
    return forms is None or any(re.fullmatch(rx, number.strip()) for rx, _ in forms)


def _legal_pages(ctx: Context) -> list[Page]:
    return [p for p in ctx.tree.pages if p.lang == DEFAULT_LANGUAGE and p.error is None
            and p.meta.get("type") == "legal-update" and isinstance(p.meta.get("id"), str)]


def check_status(ctx: Context) -> None:
    for page in _legal_pages(ctx):
        st = legal.status(ctx.tree, page, ctx.today)
        if legal.contradicts(st) and st.override in vocabulary("status"):
            noted = any(isinstance(v.meta.get("status_note"), str) and v.meta["status_note"].strip()
                        for v in page.versions.values())
            if not noted:
                computed = f'{label("status", st.computed, DEFAULT_LANGUAGE)} ({st.computed})' if st.computed else "—"
                ctx.add(page, page.line_of("status"), "status-contradicts", override=st.override, computed=computed,
                        as_of=dates.format_date(st.as_of, DEFAULT_LANGUAGE))


def check_doc_numbers(ctx: Context) -> None:
    for page in _legal_pages(ctx):
        number, doc_type = page.meta.get("doc_number"), page.meta.get("doc_type")
        if not isinstance(number, str) or not isinstance(doc_type, str) or PLACEHOLDER in number \
                or page.meta.get("doc_number_exception") is True:
            continue
        if not doc_number_fits(doc_type, number):
            patterns = ", ".join(f"ví dụ {ex}" for _, ex in DOC_NUMBER_FORMATS[doc_type])
            ctx.add(page, page.line_of("doc_number"), "doc-number-format", value=number,
                    doc_type=label("doc_type", doc_type, DEFAULT_LANGUAGE), patterns=patterns)


def _describe(st: legal.Statement) -> str:
    part = f" ({st.part})" if st.part else ""
    return f"{st.actor} {label('relation', st.type, DEFAULT_LANGUAGE).lower()} {st.subject}{part}"


def check_relation_conflicts(ctx: Context) -> None:
    """Two pages that both write relations about each other must say the same thing: the
    same effects (replaces/repeals/amends, same part), and never each the actor of the same
    one-way relation towards the other."""
    pages = {p.meta["id"]: p for p in _legal_pages(ctx)}
    written: dict[frozenset[str], dict[str, list[tuple[legal.Statement, int]]]] = {}
    for pid, page in pages.items():
        rels = page.meta.get("relations")
        for rel in rels if isinstance(rels, list) else []:
            st = legal.canonical(pid, rel)
            if st is None or st.actor == st.subject:
                continue
            other = st.subject if st.actor == pid else st.actor
            line = find_line(page, page.line_of("relations"), other)
            written.setdefault(frozenset((pid, other)), {}).setdefault(pid, []).append((st, line))
    for _pair, sides in sorted(written.items(), key=lambda kv: sorted(kv[0])):
        if len(sides) < 2:
            continue
        (a, a_items), (b, b_items) = sorted(sides.items())
        for mine_id, mine, other_id, theirs in ((a, a_items, b, b_items), (b, b_items, a, a_items)):
            their_effects = {(s.actor, s.type, s.part) for s, _ in theirs if s.type in legal.EFFECT}
            their_kinds = {(s.actor, s.type) for s, _ in theirs if s.type != "related"}
            for st, line in mine:
                reverse = (st.subject, st.type) in their_kinds
                differs = st.type in legal.EFFECT and their_effects and (st.actor, st.type, st.part) not in their_effects
                if reverse or differs:
                    theirs_text = "; ".join(_describe(s) for s, _ in theirs)
                    ctx.add(pages[mine_id], line, "relation-conflict", mine=_describe(st), other=other_id,
                            theirs=theirs_text, file=ctx.rel(pages[other_id].path))


def _revision_entries(page: Page) -> list[dict[str, Any]]:
    value = page.meta.get("revisions")
    return [v for v in value if isinstance(v, dict) and isinstance(v.get("revision"), int)
            and not isinstance(v.get("revision"), bool)] if isinstance(value, list) else []


def check_revisions(ctx: Context) -> None:
    for page in ctx.tree.pages:
        if page.error is not None or page.lang is None or "revisions" not in page.meta:
            continue
        entries = _revision_entries(page)
        line = page.line_of("revisions")
        if page.lang == DEFAULT_LANGUAGE:
            _check_source_revisions(ctx, page, entries, line)
        else:
            _check_translated_revisions(ctx, page, entries, line)


def _check_source_revisions(ctx: Context, page: Page, entries: list[dict[str, Any]], line: int) -> None:
    current = page.meta.get("revision")
    numbers = [e["revision"] for e in entries]
    if isinstance(current, int) and current not in numbers:
        ctx.add(page, line, "revision-notes",
                detail=f"'revision' là {current} nhưng 'revisions' chưa có mục cho phiên bản {current}; "
                       f"thêm '- {{revision: {current}, date: \"YYYY-MM-DD\", note: \"điều gì đã thay đổi\"}}'")
    for e in entries:
        at = find_line(page, line, f"revision: {e['revision']}")
        if isinstance(current, int) and e["revision"] > current:
            ctx.add(page, at, "revision-notes", detail=f"mục cho phiên bản {e['revision']} lớn hơn 'revision' hiện tại "
                                                       f"({current}); tăng 'revision' hoặc sửa số phiên bản")
        if "date" not in e:
            ctx.add(page, at, "revision-notes", detail=f"mục phiên bản {e['revision']} thiếu 'date' (YYYY-MM-DD)")
        if numbers.count(e["revision"]) > 1 and numbers.index(e["revision"]) != entries.index(e):
            ctx.add(page, at, "revision-notes", detail=f"phiên bản {e['revision']} được ghi hai lần")
    dated = sorted(((e["revision"], day, e) for e in entries if (day := dates.parse_iso(e.get("date")))),
                   key=lambda item: item[0])
    for (rev_a, day_a, _), (rev_b, day_b, _) in pairwise(dated):
        if day_b < day_a:
            ctx.add(page, find_line(page, line, f"revision: {rev_b}"), "revision-notes",
                    detail=f"ngày của phiên bản {rev_b} ({day_b.isoformat()}) trước ngày của phiên bản {rev_a} "
                           f"({day_a.isoformat()}); ngày các phiên bản không được lùi lại")


def _check_translated_revisions(ctx: Context, page: Page, entries: list[dict[str, Any]], line: int) -> None:
    source = page.source
    if source is None:
        return
    src = {e["revision"]: e for e in _revision_entries(source)}
    for e in entries:
        at = find_line(page, line, f"revision: {e['revision']}")
        if e["revision"] not in src:
            ctx.add(page, at, "revision-notes", detail=f"bản tiếng Việt không có mục cho phiên bản {e['revision']}; "
                                                       "số phiên bản và ngày lấy từ bản tiếng Việt")
        elif "date" in e and dates.parse_iso(e["date"]) != dates.parse_iso(src[e["revision"]].get("date")):
            ctx.add(page, at, "revision-notes", detail=f"ngày của phiên bản {e['revision']} khác bản tiếng Việt; "
                                                       "xoá 'date' ở bản dịch (dùng ngày của bản tiếng Việt)")
    current = source.meta.get("revision")
    if isinstance(current, int) and current in src and current not in {e["revision"] for e in entries}:
        ctx.add(page, line, "revision-notes", detail=f"thiếu ghi chú bằng ngôn ngữ này cho phiên bản {current} "
                                                     "(bản tiếng Việt đã có)")


def check_missing_translated_notes(ctx: Context) -> None:
    """A translation without `revisions` while the default-language file has them."""
    for page in ctx.tree.pages:
        source = page.source
        if (page.lang and page.lang != DEFAULT_LANGUAGE and page.error is None and page.has_front_matter
                and source is not None and "revisions" not in page.meta and _revision_entries(source)):
            ctx.add(page, max(page.lines.values(), default=1), "revision-notes",
                    detail="bản tiếng Việt có 'revisions' nhưng bản này chưa có; thêm "
                           "'revisions:' với ghi chú bằng ngôn ngữ này cho từng phiên bản ('- {revision: 1, note: \"…\"}')")


def check_legal(ctx: Context) -> None:
    check_status(ctx)
    check_doc_numbers(ctx)
    check_relation_conflicts(ctx)
    check_revisions(ctx)
    check_missing_translated_notes(ctx)
