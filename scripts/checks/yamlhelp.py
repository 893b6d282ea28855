"""YAML errors explained in Vietnamese: the line and the likely cause, not the parser's text.

The parser's own message ("mapping values are not allowed in this context") means nothing
to an editor, and its line is often where the damage was noticed, not where it was done
(an unclosed quote is reported at the start of the block). `explain` looks at the front
matter line by line for the four usual causes, in the order an editor makes them, and
falls back to the parser's line with a general hint.
"""
from __future__ import annotations

import re

from ..model.tree import FrontMatterError, split_front_matter

_KEY = re.compile(r"^(?P<indent> *)(?:- +)?(?P<key>[A-Za-z_][\w.-]*)\s*:(?:\s+(?P<value>.*))?$")

GENERAL = ("kiểm tra dấu ':' và thụt lề quanh dòng này; giá trị có dấu ':' hoặc '#' cần đặt trong ngoặc kép, "
           "thụt lề bằng dấu cách (không dùng tab)")


def _unquoted_colon(value: str) -> bool:
    return not value.startswith(('"', "'", "[", "{", "|", ">")) and (": " in value or value.endswith(":"))


def _unclosed_quote(value: str) -> str | None:
    value = value.split(" #")[0].rstrip() if not value.startswith(('"', "'")) else value.rstrip()
    for q in ('"', "'"):
        if value.startswith(q):
            rest = value[1:].replace("\\\\", "").replace('\\"', "") if q == '"' else value[1:].replace("''", "")
            if q not in rest:
                return q
    return None


def _unclosed_bracket(value: str) -> str | None:
    if value.startswith(("[", "{")):
        opening, closing = value[0], "]" if value[0] == "[" else "}"
        if value.count(closing) < value.count(opening):
            return opening
    return None


def diagnose(yaml_text: str, first_line: int) -> tuple[int, str] | None:
    """(line, Vietnamese explanation) of the first usual mistake found, None when none is."""
    lines = yaml_text.split("\n")
    block_open = False  # the previous top-level key had no inline value: indented lines may follow
    for n, raw in enumerate(lines):
        line_no = first_line + n
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        if "\t" in raw[: len(raw) - len(raw.lstrip())]:
            return line_no, ("dòng này thụt lề bằng ký tự tab; YAML chỉ chấp nhận dấu cách: "
                             "xoá tab và thụt lề bằng hai dấu cách (hoặc không thụt nếu là trường cấp ngoài cùng)")
        m = _KEY.match(raw)
        indent = len(raw) - len(raw.lstrip(" "))
        if indent and not block_open:
            return line_no, ("dòng này thụt lề nhưng trường phía trên đã có giá trị trên cùng dòng: "
                             "trường cấp ngoài cùng bắt đầu ở đầu dòng, không có dấu cách phía trước; "
                             "chỉ các mục '- …' của một danh sách mới thụt hai dấu cách")
        if indent == 0:
            inline = (m.group("value") or "").strip() if m else ""
            block_open = bool(m) and (not inline or inline.startswith(("|", ">")))
        value = ((m.group("value") or "").strip() if m else raw.strip().lstrip("- ").strip())
        key = m.group("key") if m else None
        if key and value:
            q = _unclosed_quote(value)
            if q:
                return line_no, (f"giá trị của trường '{key}' mở dấu ngoặc {q} nhưng không đóng: "
                                 f"thêm {q} ở cuối giá trị, ví dụ {key}: {q}…{q}")
            b = _unclosed_bracket(value)
            if b:
                close = "]" if b == "[" else "}"
                return line_no, (f"giá trị của trường '{key}' mở '{b}' nhưng không đóng: thêm '{close}' ở cuối, "
                                 f"hoặc đặt cả giá trị trong ngoặc kép nếu '{b}' là một phần của chữ")
            if _unquoted_colon(value):
                shown = value.replace('"', "'")
                return line_no, (f"giá trị của trường '{key}' có dấu ':' nên YAML hiểu nhầm là một trường mới: "
                                 f"đặt cả giá trị trong ngoặc kép, ví dụ {key}: \"{shown}\"")
    return None


# messages of tree.parse_front_matter that carry the YAML parser's own words
PARSER_PREFIXES = ("YAML không đọc được (", "YAML không dựng được (")


def explain(page_text: str, error: FrontMatterError) -> tuple[int, str]:
    """The line and the Vietnamese message for a page whose front matter did not parse."""
    if not error.message.startswith(PARSER_PREFIXES):
        # the reader refused it for a reason of its own (anchors, tags, size): its message says why
        return error.line, error.message
    try:
        yaml_text, first, _, _ = split_front_matter(page_text.lstrip("\ufeff"))
    except FrontMatterError:
        return error.line, error.message  # the block is not closed: the reader's message says so
    if yaml_text is None:
        return error.line, error.message
    found = diagnose(yaml_text, first)
    if found:
        return found
    return error.line, f"YAML không đọc được ở dòng {error.line}: {GENERAL}"
