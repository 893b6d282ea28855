"""The page-type registry: for each type of page, its front-matter fields, the
templates `python -m scripts new` writes, its nav section, and the boxes the build
renders on it with the anchor ids those boxes create.

A new page type, field or box is one `register_*` call (or one entry in the tables
below); the checks, `new`, the renderer and the link checker read everything from here.
Labels of choices live in the locale files (`languages.label("status", key, lang)`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import languages
from .folding import fold

PLACEHOLDER = "CẦN ĐIỀN"  # what `new` writes where only the editor knows the value
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # a validator in checks/fields.py: id, str, date, int, url, enum, strlist, idlist, levels, ...
    types: tuple[str, ...]  # page types that have it ("*" = every type)
    required: bool = True
    shared: bool = True  # language-neutral: written in the default-language file, inherited by the others
    choices: str | None = None  # for enums: the vocabulary in the locale files
    help_vi: str = ""
    example: str = ""


@dataclass(frozen=True)
class Box:
    """Something the build adds to a page from its front matter (rendered by render/)."""
    name: str
    position: str  # "top" or "bottom"
    anchors: frozenset[str] = frozenset()  # ids the box creates, valid link targets


@dataclass(frozen=True)
class PageType:
    name: str
    section: str = ""  # folder under docs/ that `new` writes to ("" = not created by `new`)
    nav_title: str = ""  # the nav section of mkdocs.yml that `new` appends to
    nav_newest_first: bool = False  # `new` inserts at the top of the section (after its index page)
    boxes: tuple[str, ...] = ()  # type-specific boxes, in order; COMMON_BOXES come on every page
    template: str = ""  # default-language front matter after the common fields, for `new`
    translation_template: str = ""  # a translation's front matter after id/type/title
    body: dict[str, str] = field(default_factory=dict)  # lang -> Markdown body for `new` ("*" = any other language)


ALL = ("*",)
CONTENT = ("legal-update", "module", "guidance")

FIELDS: dict[str, Field] = {}
BOXES: dict[str, Box] = {}
PAGE_TYPES: dict[str, PageType] = {}
# Boxes every page gets: the translation notice first, then the type's own boxes, then these.
COMMON_BOXES = ("translation-notice", "ack", "review")


def register_field(f: Field) -> Field:
    FIELDS[f.name] = f
    return f


def register_box(box: Box) -> Box:
    BOXES[box.name] = box
    return box


def register_page_type(pt: PageType) -> PageType:
    PAGE_TYPES[pt.name] = pt
    return pt


def fields_for(page_type: str) -> list[Field]:
    return [f for f in FIELDS.values() if "*" in f.types or page_type in f.types]


def choices(f: Field) -> dict[str, Any]:
    """Allowed values of an enum field with their default-language labels."""
    if f.name == "type":
        return {k: languages.label("page_type", k, languages.DEFAULT_LANGUAGE) for k in PAGE_TYPES}
    return languages.vocabulary(f.choices or "")


def _folded(text: Any) -> str:
    return " ".join(fold(str(text)).replace("-", " ").replace("_", " ").split())


def choice_key(vocab: str, value: Any) -> Any:
    """The key of a vocabulary value written as its key or as a label in any language,
    compared on folded text: 'Nghị định', 'nghi dinh', 'Decree' -> 'decree'. Anything else
    is returned unchanged (the check then lists the allowed values)."""
    if not isinstance(value, str):
        return value
    table = languages.vocabulary(vocab) if vocab != "page_type" else {k: k for k in PAGE_TYPES}
    if value in table:
        return value
    wanted = _folded(value)
    found = {key for key in table if _folded(key) == wanted}
    for lang in languages.codes():
        found |= {key for key in table if _folded(languages.label(vocab, key, lang)) == wanted}
    return found.pop() if len(found) == 1 else value


# where vocabulary values are written in front matter: (field, vocabulary, how to reach the values)
VOCAB_FIELDS = (("type", "page_type", "value"), ("doc_type", "doc_type", "value"), ("status", "status", "value"),
                ("audience", "level", "list"), ("ack", "level", "ack.audience"),
                ("relations", "relation", "items.type"))


def normalise_choices(meta: dict[str, Any]) -> dict[str, Any]:
    """Front matter with every vocabulary value written as a label ('Nghị định', 'Còn hiệu lực',
    'Trung ương') replaced by its key ('decree', 'in-force', 'central'): editors may write either,
    every reader of the tree sees keys. The file itself is left as written."""
    if not isinstance(meta, dict):
        return meta
    out = dict(meta)
    for name, vocab, where in VOCAB_FIELDS:
        value = out.get(name)
        if name not in out:
            continue
        if where == "value":
            out[name] = choice_key(vocab, value)
        elif where == "list" and isinstance(value, list):
            out[name] = [choice_key(vocab, v) for v in value]
        elif where == "ack.audience" and isinstance(value, dict) and isinstance(value.get("audience"), list):
            out[name] = dict(value, audience=[choice_key(vocab, v) for v in value["audience"]])
        elif where == "items.type" and isinstance(value, list):
            out[name] = [dict(v, type=choice_key(vocab, v["type"])) if isinstance(v, dict) and "type" in v else v
                         for v in value]
    return out


def boxes_for(page_type: str | None) -> list[Box]:
    names = PAGE_TYPES[page_type].boxes if page_type in PAGE_TYPES else ()
    return [BOXES[n] for n in COMMON_BOXES[:1] + tuple(names) + COMMON_BOXES[1:] if n in BOXES]


def anchors_for(page_type: str | None) -> set[str]:
    """Anchor ids the build adds to a page of this type (links to them are valid)."""
    return set().union(*(b.anchors for b in boxes_for(page_type))) if page_type else \
        set().union(*(BOXES[n].anchors for n in COMMON_BOXES if n in BOXES))


# ack: {required: true, audience: [central, provincial], due: 30} (rule in ackrule.py)
RELATION_KEYS = {"type", "target", "part"}
REVISION_KEYS = {"revision", "date", "note"}
SOURCE_KEYS = {"title", "url", "article"}  # article: "Điều 142", shown in the citation

# -- fields ---------------------------------------------------------------------------
for _f in (
    Field("id", "id", ALL, help_vi="mã trang, chữ thường không dấu, nối bằng '-'", example="luat-tre-em-2016"),
    Field("type", "enum", ALL, choices="page_type", help_vi="loại trang", example="legal-update"),
    Field("title", "str", ALL, shared=False, help_vi="tiêu đề trang", example="Luật Trẻ em 2016"),
    Field("description", "str", ALL, required=False, shared=False, help_vi="tóm tắt một câu"),
    Field("owner", "str", ALL, help_vi="đơn vị/nhóm chịu trách nhiệm nội dung (không ghi tên, số điện thoại cá nhân)",
          example="Ban biên tập"),
    Field("last_reviewed", "date", ALL, shared=False, help_vi="ngày rà soát gần nhất, dạng YYYY-MM-DD",
          example="2026-11-29"),
    Field("review_in_months", "int", ALL, required=False, help_vi="số tháng đến lần rà soát tiếp theo (mặc định 6)",
          example="6"),
    Field("published", "date", CONTENT, help_vi="ngày đăng trên sổ tay, dạng YYYY-MM-DD", example="2026-11-29"),
    Field("revision", "revision", CONTENT, help_vi="phiên bản nội dung; chỉ tăng khi thay đổi nội dung quan trọng",
          example="1"),
    Field("revisions", "revisions", CONTENT, required=False, shared=False,
          help_vi="ghi chú các phiên bản: danh sách {revision, date, note}; revision và date ghi ở bản tiếng Việt, "
                  "note viết bằng ngôn ngữ của tệp"),
    Field("ack", "ack", CONTENT, required=False, help_vi="yêu cầu báo cáo viên xác nhận đã đọc"),
    Field("related", "idlist", ALL, required=False, help_vi="danh sách id các trang liên quan"),
    # translations (scripts/translation): which Vietnamese version a translation translates
    Field("translation_of", "hash", ALL, required=False, shared=False,
          help_vi="chỉ ở bản dịch: 'current' khi bản dịch khớp bản tiếng Việt trong lần sửa này (viết được trên "
                  "web), hoặc mã phiên bản tiếng Việt đã dịch do lệnh 'python -m scripts i18n mark-current' ghi",
          example="current"),
    Field("translation", "enum", ALL, required=False, shared=False, choices="translation",
          help_vi="chỉ ở bản tiếng Việt: 'pending' khi chưa có bản dịch (trang tiếng Anh hiện bản tiếng Việt "
                  "kèm thông báo)", example="pending"),
    Field("sources", "sources", CONTENT, shared=False,
          help_vi="nguồn trích dẫn: danh sách {title, url}, thêm article khi nguồn là một điều cụ thể "
                  "(article: \"Điều 142\"; hiện trong cách trích dẫn)"),
    # Legal updates (vbpl.vn's properties).
    Field("doc_number", "str", ("legal-update",), help_vi="số ký hiệu", example="102/2016/QH13"),
    Field("doc_number_exception", "bool", ("legal-update",), required=False,
          help_vi="true khi số ký hiệu đúng như văn bản gốc dù không theo mẫu thường gặp của loại văn bản"),
    Field("full_title", "str", ("legal-update",), required=False, shared=False,
          help_vi="tên đầy đủ của văn bản, dùng để trích dẫn (mặc định: title)",
          example="Luật Trẻ em"),
    Field("doc_type", "enum", ("legal-update",), choices="doc_type", help_vi="loại văn bản", example="law"),
    Field("issuer", "str", ("legal-update",), shared=False, help_vi="cơ quan ban hành", example="Quốc hội"),
    Field("signer", "str", ("legal-update",), help_vi="người ký (họ tên công khai trên văn bản)",
          example="Nguyễn Thị Kim Ngân"),
    Field("signer_title", "str", ("legal-update",), required=False, shared=False, help_vi="chức danh người ký"),
    Field("issued", "date", ("legal-update",), help_vi="ngày ban hành, dạng YYYY-MM-DD", example="2016-04-05"),
    Field("effective", "date", ("legal-update",), help_vi="ngày có hiệu lực, dạng YYYY-MM-DD", example="2017-06-01"),
    Field("expiry", "date", ("legal-update",), required=False, help_vi="ngày hết hiệu lực, dạng YYYY-MM-DD"),
    Field("gazette", "date", ("legal-update",), required=False, help_vi="ngày đăng công báo, dạng YYYY-MM-DD"),
    # status is computed from the dates and relations (model/legal.py); written only to
    # say what dates cannot (suspended, unverified), with a status_note explaining it
    Field("status", "enum", ("legal-update",), required=False, choices="status",
          help_vi="tình trạng hiệu lực khi ngày tháng không thể hiện được (ví dụ suspended, unverified); "
                  "cần kèm status_note", example="unverified"),
    Field("status_note", "str", ("legal-update",), required=False, shared=False,
          help_vi="giải thích tình trạng hiệu lực"),
    Field("source_url", "url", ("legal-update",), help_vi="đường dẫn văn bản gốc (http/https)",
          example="https://vbpl.vn/"),
    Field("relations", "relations", ("legal-update",), required=False,
          help_vi="quan hệ với văn bản khác: danh sách {type, target, part}; ghi một lần ở một bên "
                  "(replaces ở văn bản mới, hoặc replaced-by ở văn bản cũ; tương tự repeals/repealed-by, "
                  "amends/amended-by); tình trạng hiệu lực và lịch sử văn bản được tính từ đó"),
    # Training modules (Carpentries episodes).
    Field("objectives", "strlist", ("module",), shared=False, help_vi="mục tiêu học tập"),
    Field("key_points", "strlist", ("module",), shared=False, help_vi="ý chính cần nhớ"),
    Field("teaching", "int", ("module",), help_vi="số phút giảng", example="30"),
    Field("exercises", "int", ("module",), help_vi="số phút bài tập", example="15"),
    Field("audience", "levels", ("module",), help_vi="đối tượng: central, provincial, commune"),
    Field("prerequisites", "idlist", ("module",), required=False, help_vi="id các bài cần học trước"),
    # Session plans (a training day built from modules: the timetable is computed at build time).
    Field("start", "clock", ("session-plan",), help_vi="giờ bắt đầu buổi, dạng HH:MM", example='"08:00"'),
    Field("blocks", "blocks", ("session-plan",),
          help_vi="các phần của buổi theo thứ tự: '- id-bai', '- {module: id-bai, note: ...}' hoặc '- break: 15'"),
    Field("notes", "notes", ("session-plan",), required=False, shared=False,
          help_vi="ghi chú địa phương cho từng bài: {id-bai: \"ghi chú\"}"),
    Field("plan_audience", "levels", ("session-plan",), required=False, help_vi="đối tượng của buổi tập huấn"),
    # Stable addresses: where a page used to live (old paths without .vi/.en), kept working by redirects.
    Field("moved_from", "paths", ("legal-update", "module", "guidance", "session-plan"), required=False,
          help_vi="đường dẫn cũ của trang (không có đuôi .vi.md/.en.md), ví dụ modules/ten-cu"),
    # Glossary: terms in both languages, a short definition and a source.
    Field("terms", "terms", ("glossary",), shared=False,
          help_vi="danh sách thuật ngữ: {term, other, definition, source}"),
):
    register_field(_f)

# -- boxes ----------------------------------------------------------------------------
for _b in (
    Box("translation-notice", "top"),
    Box("ack", "top", frozenset({"acknowledge"})),
    Box("review", "bottom", frozenset({"review"})),
    Box("legal-metadata", "top", frozenset({"metadata", "status", "cite"})),
    Box("relations", "top", frozenset({"relations"})),
    Box("legal-history", "bottom", frozenset({"history"})),
    Box("module-top", "top", frozenset({"schedule", "objectives"})),
    Box("module-bottom", "bottom", frozenset({"key-points"})),
    Box("trainer-tools", "top"),
    Box("print-tools", "top"),
    Box("session-timetable", "top", frozenset({"timetable"})),
    Box("glossary-terms", "bottom", frozenset({"terms"})),
    Box("short-link", "bottom", frozenset({"short-link"})),
):
    register_box(_b)

# -- page types -------------------------------------------------------------------------
# What `new` writes for a type lives in Markdown files an editor can read and change:
# templates/<type>.<default language>.md and templates/<type>.translation.md (every other
# language), each the type's own front matter (after the common fields new.py adds) between
# `---` lines, then the page's body.
TEMPLATES = Path(__file__).resolve().parent / "templates"


def templates(page_type: str) -> dict[str, Any]:
    """`template`, `translation_template` and `body` of a type, read from its two files."""
    out: dict[str, Any] = {"template": "", "translation_template": "", "body": {}}
    for suffix, key, lang in ((languages.DEFAULT_LANGUAGE, "template", languages.DEFAULT_LANGUAGE),
                              ("translation", "translation_template", "*")):
        path = TEMPLATES / f"{page_type}.{suffix}.md"
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        if not lines or lines[0] != "---\n" or "---\n" not in lines[1:]:
            raise ValueError(f"{path}: front matter between two '---' lines first")
        close = lines.index("---\n", 1)
        out[key] = "".join(lines[1:close])
        out["body"][lang] = "".join(lines[close + 1:])
    return out


register_page_type(PageType("page"))
register_page_type(PageType(
    "legal-update", section="legal", nav_title="Văn bản pháp luật mới", nav_newest_first=True,
    boxes=("print-tools", "legal-metadata", "relations", "legal-history", "short-link"),
    **templates("legal-update")))
register_page_type(PageType(
    "module", section="modules", nav_title="Tài liệu bồi dưỡng",
    boxes=("trainer-tools", "module-top", "module-bottom", "short-link"),
    **templates("module")))
register_page_type(PageType("guidance", section="guidance", nav_title="Hướng dẫn chuyên đề", boxes=("print-tools",),
                            **templates("guidance")))
register_page_type(PageType(
    "session-plan", section="plans", nav_title="Kế hoạch buổi tập huấn",
    boxes=("trainer-tools", "session-timetable", "short-link"),
    **templates("session-plan")))
register_page_type(PageType("glossary", boxes=("print-tools", "glossary-terms")))

# Short links: /<prefix>/<id>/ in every language, for the types that have one.
SHORT_LINK_PREFIX = {"module": "m", "legal-update": "u", "guidance": "u", "session-plan": "p"}
