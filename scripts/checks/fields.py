"""One validator per field kind (the `kind` of a registry Field), in a table.

A validator gets (ctx, page, field, value, line) and adds problems; a new kind of
field is one function and one entry in VALIDATORS.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from ..model import ackrule, dates
from ..model.registry import ID_RE, RELATION_KEYS, REVISION_KEYS, SOURCE_KEYS, Field, choices
from ..model.schedule import parse_block, parse_clock
from ..model.tree import Page
from .context import Context, short

URL_RE = re.compile(r"^https?://[^\s/$.?#][^\s]*$")
# enum fields whose unknown values have their own rule id (clearer for editors)
ENUM_RULES = {"status": "unknown-status", "type": "unknown-type"}


def _bad(ctx: Context, page: Page, f: Field, line: int, detail: str) -> None:
    ctx.add(page, line, "bad-value", field=f.name, detail=detail)


def _issues(ctx: Context, page: Page, line: int, issues: Iterable[ackrule.Issue]) -> None:
    for issue in issues:
        ctx.add(page, line, issue.rule, **issue.values)


def check_id(ctx: Context, page: Page, f: Field, value: Any, line: int) -> None:
    if not isinstance(value, str) or not ID_RE.match(value):
        ctx.add(page, line, "bad-id", value=value)


def check_enum(ctx: Context, page: Page, f: Field, value: Any, line: int) -> None:
    allowed = choices(f)
    if not isinstance(value, str) or value not in allowed:
        ctx.add(page, line, ENUM_RULES.get(f.name, "unknown-choice"), field=f.name, value=value,
                choices=listed(allowed))


def listed(allowed: dict[str, Any]) -> str:
    """'decree (Nghị định), law (Luật)…': either form is accepted (registry.choice_key)."""
    return ", ".join(f"{k} ({v})" if v != k else k for k, v in allowed.items())


def check_date(ctx: Context, page: Page, f: Field, value: Any, line: int) -> None:
    if dates.parse_iso(value) is not None:
        return
    text = str(value).strip()
    fixed = dates.iso_fix_hint(text)
    if fixed:
        hint = f": viết '{fixed}' thay vì '{text}' (năm-tháng-ngày)"
    elif dates.ISO_DATE.match(text):
        hint = ": ngày hoặc tháng không tồn tại"
    else:
        hint = ", ví dụ 2026-11-29"
    ctx.add(page, line, "bad-date", field=f.name, value=text, hint=hint)


def check_int(ctx: Context, page: Page, f: Field, value: Any, line: int) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        _bad(ctx, page, f, line, f"cần một số nguyên không âm, ví dụ {f.example or 1}; đang là '{value}'")


def check_revision(ctx: Context, page: Page, f: Field, value: Any, line: int) -> None:
    _issues(ctx, page, line, ackrule.revision_issues(value))


def check_str(ctx: Context, page: Page, f: Field, value: Any, line: int) -> None:
    if not isinstance(value, str) or not value.strip():
        _bad(ctx, page, f, line, "cần một đoạn chữ, không để trống")


def check_url(ctx: Context, page: Page, f: Field, value: Any, line: int) -> None:
    if not isinstance(value, str) or not URL_RE.match(value):
        _bad(ctx, page, f, line, f"cần một đường dẫn đầy đủ bắt đầu bằng https://; đang là '{value}'")


def find_line(page: Page, start: int, needle: str) -> int:
    """The first line at or after `start` that contains needle (for items inside a list field)."""
    lines = page.text.split("\n")
    for n in range(start, min(len(lines), start + 200) + 1):
        if needle in lines[n - 1]:
            return n
    return start


def check_strlist(ctx: Context, page: Page, f: Field, value: Any, line: int) -> None:
    mappings = [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []
    if mappings:
        # "- Ba cấp độ: phòng ngừa, hỗ trợ" is a mapping to YAML: the classic trap
        first = str(next(iter(mappings[0]), ""))
        ctx.add(page, find_line(page, line, first), "bad-value", field=f.name,
                detail=f"dòng '{short(first)}: …' có dấu ':' và khoảng trắng nên YAML hiểu sai; "
                       "đặt cả dòng trong ngoặc kép: - \"…\"")
    elif not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
        _bad(ctx, page, f, line, "cần danh sách các dòng bắt đầu bằng '- ', mỗi dòng một ý, không để trống")


def check_idlist(ctx: Context, page: Page, f: Field, value: Any, line: int) -> None:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        _bad(ctx, page, f, line, "cần danh sách id, mỗi dòng '- id-trang'")


def check_levels(ctx: Context, page: Page, f: Field, value: Any, line: int) -> None:
    _issues(ctx, page, line, ackrule.levels_issues(f.name, value, f.name))


def check_ack(ctx: Context, page: Page, f: Field, value: Any, line: int) -> None:
    _issues(ctx, page, line, ackrule.ack_issues(value, page.get("type")))


def check_relations(ctx: Context, page: Page, f: Field, value: Any, line: int) -> None:
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        _bad(ctx, page, f, line, "cần danh sách, mỗi mục dạng '- {type: replaces, target: id-van-ban}'")
        return
    relation_types = choices(Field("relations.type", "enum", (), choices="relation"))
    for item in value:
        extra = set(item) - RELATION_KEYS
        if extra or "type" not in item or "target" not in item:
            _bad(ctx, page, f, line, f"mỗi quan hệ cần 'type' và 'target' (tuỳ chọn 'part'); thấy {sorted(map(str, item))}")
        elif item["type"] not in relation_types:
            ctx.add(page, line, "unknown-choice", field="relations.type", value=item["type"],
                    choices=listed(relation_types))


def check_bool(ctx: Context, page: Page, f: Field, value: Any, line: int) -> None:
    if not isinstance(value, bool):
        _bad(ctx, page, f, line, f"cần true hoặc false; đang là '{value}'")


def check_revisions(ctx: Context, page: Page, f: Field, value: Any, line: int) -> None:
    """The shape of `revisions` (the order and the current revision: checks/legal.py)."""
    example = "'- {revision: 2, date: \"2026-11-29\", note: \"Điều gì đã thay đổi\"}'"
    if not isinstance(value, list) or not value or not all(isinstance(v, dict) for v in value):
        _bad(ctx, page, f, line, f"cần danh sách, mỗi mục dạng {example}")
        return
    for item in value:
        at = find_line(page, line, f"revision: {item.get('revision')}")
        extra = set(map(str, item)) - REVISION_KEYS
        if extra or "revision" not in item or "note" not in item:
            _bad(ctx, page, f, at,
                 f"mỗi mục cần 'revision' và 'note' (bản tiếng Việt thêm 'date'); thấy {sorted(map(str, item))}")
        elif isinstance(item["revision"], bool) or not isinstance(item["revision"], int) or item["revision"] < 1:
            _bad(ctx, page, f, at, f"'revision' là số nguyên từ 1; đang là '{item['revision']}'")
        elif not isinstance(item["note"], str) or not item["note"].strip():
            _bad(ctx, page, f, at, "'note' cần một câu nói điều gì đã thay đổi, không để trống")
        elif "date" in item and dates.parse_iso(item["date"]) is None:
            ctx.add(page, at, "bad-date", field="revisions.date", value=item["date"], hint=", ví dụ 2026-11-29")


def check_sources(ctx: Context, page: Page, f: Field, value: Any, line: int) -> None:
    if not isinstance(value, list) or not value:
        _bad(ctx, page, f, line, "cần ít nhất một nguồn dạng '- {title: Tên nguồn, url: https://…}'")
        return
    for item in value:
        if not isinstance(item, dict) or set(item) - SOURCE_KEYS or "title" not in item:
            _bad(ctx, page, f, line, "mỗi nguồn dạng '- {title: Tên nguồn, url: https://…}' (thêm article: \"Điều 142\" "
                                     "nếu nguồn là một điều)")
        elif "article" in item and not (isinstance(item["article"], str) and item["article"].strip()):
            _bad(ctx, page, f, line, f"'article' của nguồn là tên điều, ví dụ article: \"Điều 142\"; đang là "
                                     f"'{item['article']}'")
        elif "url" in item and not (isinstance(item["url"], str) and URL_RE.match(item["url"])):
            _bad(ctx, page, f, line, f"đường dẫn nguồn '{item['url']}' phải bắt đầu bằng https://")


def check_clock(ctx: Context, page: Page, f: Field, value: Any, line: int) -> None:
    if parse_clock(value) is None:
        _bad(ctx, page, f, line, f"cần giờ dạng HH:MM trong ngoặc kép, ví dụ \"08:00\"; đang là '{value}'")


def check_blocks(ctx: Context, page: Page, f: Field, value: Any, line: int) -> None:
    if not isinstance(value, list) or not value:
        _bad(ctx, page, f, line, "cần danh sách các phần của buổi, mỗi dòng '- id-bai' hoặc '- break: 15'")
        return
    for index, item in enumerate(value):
        block = parse_block(item, index)
        if isinstance(block, str):
            needle = str(item if isinstance(item, str) else next(iter(item), "")) if item else "-"
            ctx.add(page, find_line(page, line, needle), "bad-value", field=f.name, detail=block)


def check_notes(ctx: Context, page: Page, f: Field, value: Any, line: int) -> None:
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        _bad(ctx, page, f, line, "cần dạng 'id-bai: \"ghi chú\"', mỗi bài một dòng")


def check_paths(ctx: Context, page: Page, f: Field, value: Any, line: int) -> None:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() and not v.endswith(".md")
                                              and "://" not in v for v in value):
        _bad(ctx, page, f, line, "cần danh sách đường dẫn cũ không có đuôi .md, ví dụ '- modules/ten-cu'")


TERM_KEYS = {"id", "term", "other", "abbr", "definition", "source"}


def check_terms(ctx: Context, page: Page, f: Field, value: Any, line: int) -> None:
    if not isinstance(value, list) or not value:
        _bad(ctx, page, f, line, "cần danh sách thuật ngữ dạng '- {id: ..., term: ..., other: ..., definition: ...}'")
        return
    for item in value:
        if not isinstance(item, dict) or set(item) - TERM_KEYS or not all(
                isinstance(item.get(k), str) and item[k].strip() for k in ("id", "term", "definition")):
            needle = str(item.get("id") or item.get("term") or "-") if isinstance(item, dict) else str(item)
            ctx.add(page, find_line(page, line, needle), "bad-value", field=f.name,
                    detail="mỗi thuật ngữ cần 'id', 'term', 'definition' (tuỳ chọn 'other', 'abbr', 'source'); "
                           f"thấy '{short(item)}'")


HASH_RE = re.compile(r"^[0-9a-f]{10}$")


def check_hash(ctx: Context, page: Page, f: Field, value: Any, line: int) -> None:
    if not isinstance(value, str) or not (HASH_RE.match(value) or value == "current"):
        _bad(ctx, page, f, line, "cần 'current' (bản dịch khớp bản tiếng Việt trong lần sửa này) hoặc mã 10 ký tự "
                                 f"0-9a-f do 'python -m scripts i18n mark-current TỆP' ghi; đang là '{value}'")


Validator = Callable[[Context, Page, Field, Any, int], None]
VALIDATORS: dict[str, Validator] = {
    "hash": check_hash,
    "clock": check_clock,
    "blocks": check_blocks,
    "notes": check_notes,
    "paths": check_paths,
    "terms": check_terms,
    "id": check_id,
    "enum": check_enum,
    "date": check_date,
    "int": check_int,
    "revision": check_revision,
    "str": check_str,
    "url": check_url,
    "strlist": check_strlist,
    "idlist": check_idlist,
    "levels": check_levels,
    "ack": check_ack,
    "relations": check_relations,
    "sources": check_sources,
    "bool": check_bool,
    "revisions": check_revisions,
}


def check_value(ctx: Context, page: Page, f: Field, value: Any, line: int) -> None:
    VALIDATORS[f.kind](ctx, page, f, value, line)
