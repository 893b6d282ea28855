"""The one acknowledgement rule: what a valid `revision` and `ack` are.

`python -m scripts check` reports every issue this module finds, and the
acknowledgement engine counts a page exactly when this module finds none, so the two
can never disagree: what the check accepts the engine counts, and what it rejects
the engine skips with the check's own message.

    revision: 2                                   # a whole number, 1 or more
    ack: {required: true, audience: [central, provincial], due: 45}   # days after `published`
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, TypeGuard

from . import dates, languages
from .registry import fields_for

ACK_KEYS = {"required": "bool", "audience": "levels", "due": "int"}

# What the sample configuration writes where the real form's address goes: a form URL
# with one of these is not set up yet, and pages say so instead of linking to a dead form.
FORM_PLACEHOLDERS = ("FORM-ID", "YOUR-FORM", "CHANGE-ME", "TODO")


def form_placeholder(template: Any) -> str | None:
    """The placeholder word in an `extra.ack_form_url` template, or None when it looks real."""
    text = str(template or "").upper()
    return next((marker for marker in FORM_PLACEHOLDERS if marker in text), None)
ACK_EXAMPLE = "ack: {required: true, audience: [central, provincial], due: 30}"


@dataclass(frozen=True)
class Issue:
    """What is wrong, as a rule id of the rules table and the values its message needs."""
    field: str  # top-level front-matter field the issue is on ("ack", "revision", "published")
    rule: str
    values: dict[str, Any]


@dataclass(frozen=True)
class AckRequirement:
    revision: int
    published: dt.date
    due_days: int
    audience: tuple[str, ...]  # levels, in the order of the level vocabulary


def _is_int(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def revision_issues(value: Any) -> list[Issue]:
    if not _is_int(value) or value < 1:
        return [Issue("revision", "bad-value", {"field": "revision", "detail":
                      f"cần số phiên bản là số nguyên từ 1 trở lên, ví dụ 1; đang là '{value}'"})]
    return []


def levels_issues(name: str, value: Any, field: str) -> list[Issue]:
    levels = languages.vocabulary("level")
    if not isinstance(value, list) or not value:
        return [Issue(field, "bad-value", {"field": name, "detail":
                      f"cần danh sách cấp, ví dụ [central, provincial]; dùng: {', '.join(levels)}"})]
    return [Issue(field, "unknown-choice", {"field": name, "value": v, "choices": ", ".join(levels)})
            for v in value if not isinstance(v, str) or v not in levels]


def ack_issues(value: Any, page_type: str | None = None) -> list[Issue]:
    """Issues of the `ack` field's own value."""
    if not isinstance(value, dict):
        return [Issue("ack", "bad-value", {"field": "ack", "detail": f"dạng đúng: '{ACK_EXAMPLE}'"})]
    out = [Issue("ack", "unknown-field", {"field": f"ack.{key}", "type": page_type or "",
                                          "hint": f" (dùng: {', '.join(ACK_KEYS)})"})
           for key in sorted(set(value) - set(ACK_KEYS), key=str)]
    if not isinstance(value.get("required"), bool):
        out.append(Issue("ack", "bad-value", {"field": "ack.required", "detail": "cần true hoặc false"}))
    if value.get("required") is True:
        if "audience" not in value:
            out.append(Issue("ack", "missing-field", {"field": "ack.audience", "help": "cấp báo cáo viên phải xác nhận",
                                                      "example": "[central, provincial]"}))
        else:
            out += levels_issues("ack.audience", value["audience"], "ack")
        due = value.get("due")
        if not _is_int(due) or due < 1:
            out.append(Issue("ack", "bad-value", {"field": "ack.due", "detail":
                             f"cần số ngày (số nguyên dương) kể từ ngày đăng; đang là '{due}'"}))
    return out


def requires_ack(meta: dict[str, Any]) -> bool:
    ack = meta.get("ack")
    return isinstance(ack, dict) and ack.get("required") is True


def requirement(meta: dict[str, Any]) -> tuple[AckRequirement | None, list[Issue]]:
    """(the requirement, []) for a page that validly requires acknowledgement; (None, issues)
    when it asks for one but something is wrong; (None, []) when it does not ask."""
    if not requires_ack(meta):
        return None, []
    page_type = meta.get("type")
    if not any(f.name == "ack" for f in fields_for(page_type)) if isinstance(page_type, str) else True:
        return None, [Issue("ack", "unknown-field", {"field": "ack", "type": page_type, "hint": ""})]
    issues = ack_issues(meta["ack"], page_type)
    if "revision" not in meta:
        issues.append(Issue("revision", "missing-field", {"field": "revision", "help": "phiên bản nội dung",
                                                          "example": "1"}))
    else:
        issues += revision_issues(meta["revision"])
    published = dates.parse_iso(meta.get("published"))
    if published is None:
        issues.append(Issue("published", "bad-date", {"field": "published", "value": meta.get("published"),
                                                      "hint": ", ví dụ 2026-11-29"}))
    if not isinstance(meta.get("id"), str) or not meta.get("id"):
        issues.append(Issue("id", "missing-field", {"field": "id", "help": "mã trang", "example": "luat-tre-em-2016"}))
    if issues:
        return None, issues
    assert published is not None  # else an issue was returned above
    levels = list(languages.vocabulary("level"))
    ack = meta["ack"]
    return AckRequirement(revision=meta["revision"], published=published, due_days=ack["due"],
                          audience=tuple(lv for lv in levels if lv in ack["audience"])), []
