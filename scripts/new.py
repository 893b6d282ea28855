"""`python -m scripts new legal-update|module|guidance`: write a vi/en page pair from
templates, with the id and dates filled in and the page added to mkdocs.yml's nav.

Where only the editor knows the value, the template says "CẦN ĐIỀN" (to fill in);
the checks refuse to publish a page that still has one.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from .check import ID_RE, PLACEHOLDER
from .folding import slugify

P = PLACEHOLDER
SECTIONS = {
    "legal-update": ("legal", "Văn bản pháp luật mới"),
    "module": ("modules", "Tài liệu bồi dưỡng"),
    "guidance": ("guidance", "Hướng dẫn chuyên đề"),
}

COMMON = """id: {id}
type: {type}
title: "{title}"
owner: Ban biên tập Sổ tay
last_reviewed: "{today}"
published: "{today}"
revision: 1
"""

TEMPLATES_VI = {
    "legal-update": COMMON + f"""doc_number: "{P}"
doc_type: law
issuer: "{P}"
signer: "{P}"
issued: "{P}"
effective: "{P}"
status: in-force
source_url: "{P}"
sources:
  - title: "{P}"
    url: "{P}"
ack:
  required: true
  audience: [central, provincial]
  due: 30
""",
    "module": COMMON + f"""objectives:
  - "{P}"
key_points:
  - "{P}"
teaching: 30
exercises: 15
audience: [central, provincial]
sources:
  - title: "{P}"
    url: "{P}"
""",
    "guidance": COMMON + f"""sources:
  - title: "{P}"
    url: "{P}"
""",
}

TEMPLATES_EN = {
    "legal-update": f"""id: {{id}}
type: {{type}}
title: "{P}"
last_reviewed: "{{today}}"
issuer: "{P}"
sources:
  - title: "{P}"
    url: "{P}"
""",
    "module": f"""id: {{id}}
type: {{type}}
title: "{P}"
last_reviewed: "{{today}}"
objectives:
  - "{P}"
key_points:
  - "{P}"
sources:
  - title: "{P}"
    url: "{P}"
""",
    "guidance": f"""id: {{id}}
type: {{type}}
title: "{P}"
last_reviewed: "{{today}}"
sources:
  - title: "{P}"
    url: "{P}"
""",
}

BODY_VI = """
## Tóm tắt {{ #summary }}

Viết tóm tắt bằng câu ngắn, rõ ràng. Mỗi thông tin pháp lý cần có nguồn.[^1]

## Điểm chính cho báo cáo viên {{ #key-points-for-reporters }}

- Ý thứ nhất.

[^1]: Tên nguồn, đường dẫn.
"""

BODY_EN = """
## Summary {{ #summary }}

Translate the Vietnamese summary. Keep the same headings and the same ids.[^1]

## Key points for reporters {{ #key-points-for-reporters }}

- First point.

[^1]: Source name, link.
"""


class NewPageError(Exception):
    pass


def create(page_type: str, title: str, page_id: str | None, docs_dir: Path, config_file: Path | None,
           today: dt.date | None = None) -> list[Path]:
    if page_type not in SECTIONS:
        raise NewPageError(f"loại '{page_type}' không có; dùng: {', '.join(SECTIONS)}")
    page_id = page_id or slugify(title)
    if not ID_RE.match(page_id or ""):
        raise NewPageError(f"id '{page_id}' không hợp lệ: chỉ chữ thường không dấu, số và '-'")
    section, nav_title = SECTIONS[page_type]
    vi = docs_dir / section / f"{page_id}.vi.md"
    en = docs_dir / section / f"{page_id}.en.md"
    for path in (vi, en):
        if path.exists():
            raise NewPageError(f"{path} đã tồn tại; chọn id khác bằng --id")
    taken = {m.group(1) for p in docs_dir.rglob("*.md")
             for m in [re.search(r"^id:\s*(\S+)", p.read_text(encoding="utf-8"), re.M)] if m}
    if page_id in taken:
        raise NewPageError(f"id '{page_id}' đã được dùng; chọn id khác bằng --id")
    values = {"id": page_id, "type": page_type, "title": title.replace('"', "'"),
              "today": (today or dt.date.today()).isoformat()}
    vi.parent.mkdir(parents=True, exist_ok=True)
    vi.write_text("---\n" + TEMPLATES_VI[page_type].format(**values) + "---\n" + BODY_VI.format(), encoding="utf-8")
    en.write_text("---\n" + TEMPLATES_EN[page_type].format(**values) + "---\n" + BODY_EN.format(), encoding="utf-8")
    written = [vi, en]
    if config_file and config_file.exists():
        if add_to_nav(config_file, nav_title, f"{section}/{page_id}.md"):
            written.append(config_file)
        else:
            raise NewPageError(f"đã ghi {vi} và {en}, nhưng không thấy mục '{nav_title}' trong nav của "
                               f"{config_file}: thêm dòng '- {section}/{page_id}.md' vào mục lục")
    return written


def add_to_nav(config_file: Path, section_title: str, entry: str) -> bool:
    """Append `- entry` at the end of the nav section titled section_title (text edit keeps comments)."""
    lines = config_file.read_text(encoding="utf-8").split("\n")
    start = next((i for i, l in enumerate(lines) if re.match(r"^\s*- " + re.escape(section_title) + r":\s*$", l)), None)
    if start is None:
        return False
    indent = len(lines[start]) - len(lines[start].lstrip())
    last = start
    for i in range(start + 1, len(lines)):
        line = lines[i]
        if line.strip() and len(line) - len(line.lstrip()) <= indent:
            break
        if line.strip():
            last = i
    item_indent = " " * (len(lines[last]) - len(lines[last].lstrip())) if last > start else " " * (indent + 4)
    lines.insert(last + 1, f"{item_indent}- {entry}")
    config_file.write_text("\n".join(lines), encoding="utf-8")
    return True
