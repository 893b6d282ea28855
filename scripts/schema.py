"""The content model: which front-matter fields each page type has.

One table, read by the checks (`check.py`), the page generator (`new.py`) and
the build hooks. Field names are English and ASCII; values an editor types in
Vietnamese (titles, objectives) live in the language file they belong to.

Fields marked `shared` describe the document, not the language: they are
written in the Vietnamese file, may be omitted from the English file (which
then inherits them), and when repeated there must be equal.
"""
from __future__ import annotations

from dataclasses import dataclass, field

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"

PAGE_TYPES = {
    "page": "trang thông thường",
    "legal-update": "văn bản pháp luật mới",
    "module": "tài liệu bồi dưỡng",
    "guidance": "hướng dẫn chuyên đề",
}

# Document types (vbpl.vn: "loại văn bản"), ASCII keys -> (vi, en) labels.
DOC_TYPES = {
    "constitution": ("Hiến pháp", "Constitution"),
    "code": ("Bộ luật", "Code"),
    "law": ("Luật", "Law"),
    "resolution": ("Nghị quyết", "Resolution"),
    "ordinance": ("Pháp lệnh", "Ordinance"),
    "decree": ("Nghị định", "Decree"),
    "decision": ("Quyết định", "Decision"),
    "circular": ("Thông tư", "Circular"),
    "joint-circular": ("Thông tư liên tịch", "Joint circular"),
    "order": ("Lệnh", "Order"),
    "joint-resolution": ("Nghị quyết liên tịch", "Joint resolution"),
    "plan": ("Kế hoạch", "Plan"),
}

# Status values (vbpl.vn: "tình trạng hiệu lực").
STATUSES = {
    "in-force": ("Còn hiệu lực", "In force"),
    "expired": ("Hết hiệu lực toàn bộ", "No longer in force"),
    "partly-expired": ("Hết hiệu lực một phần", "Partly no longer in force"),
    "not-yet-in-force": ("Chưa có hiệu lực", "Not yet in force"),
    "suspended": ("Ngưng hiệu lực", "Suspended"),
    "partly-suspended": ("Ngưng hiệu lực một phần", "Partly suspended"),
    "unverified": ("Chưa xác minh", "Unverified"),
}

# Typed relations between documents (vbpl.vn), each with its inverse label.
RELATIONS = {
    "legal-basis": ("Căn cứ ban hành", "Legal basis"),
    "guides": ("Hướng dẫn", "Guides"),
    "details": ("Quy định chi tiết", "Details"),
    "amends": ("Sửa đổi, bổ sung", "Amends"),
    "replaces": ("Thay thế", "Replaces"),
    "repeals": ("Bãi bỏ", "Repeals"),
    "corrects": ("Đính chính", "Corrects"),
    "refers-to": ("Dẫn chiếu", "Refers to"),
    "related": ("Liên quan", "Related"),
}

# How a relation reads from the other side: "A replaces B" shows on B as "replaced by A".
INVERSE_RELATIONS = {
    "legal-basis": ("Là căn cứ ban hành của", "Legal basis for"),
    "guides": ("Được hướng dẫn bởi", "Guided by"),
    "details": ("Được quy định chi tiết bởi", "Detailed by"),
    "amends": ("Được sửa đổi, bổ sung bởi", "Amended by"),
    "replaces": ("Bị thay thế bởi", "Replaced by"),
    "repeals": ("Bị bãi bỏ bởi", "Repealed by"),
    "corrects": ("Được đính chính bởi", "Corrected by"),
    "refers-to": ("Được dẫn chiếu bởi", "Referred to by"),
    "related": ("Liên quan", "Related"),
}

LEVELS = {
    "central": ("Trung ương", "Central"),
    "provincial": ("Cấp tỉnh", "Provincial"),
    "commune": ("Cấp xã", "Commune"),
}


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # str, text, date, int, url, enum, list, relations, ack, bool
    types: tuple[str, ...]  # page types that have it
    required: bool = True
    shared: bool = True  # language-neutral: inherited by the English file
    choices: dict | None = None
    help_vi: str = ""
    example: str = ""
    extra: dict = field(default_factory=dict)


ALL = tuple(PAGE_TYPES)
CONTENT = ("legal-update", "module", "guidance")

FIELDS: tuple[Field, ...] = (
    Field("id", "id", ALL, help_vi="mã trang, chữ thường không dấu, nối bằng '-'", example="luat-tre-em-2016"),
    Field("type", "enum", ALL, choices=PAGE_TYPES, help_vi="loại trang", example="legal-update"),
    Field("title", "str", ALL, shared=False, help_vi="tiêu đề trang", example="Luật Trẻ em 2016"),
    Field("description", "str", ALL, required=False, shared=False, help_vi="tóm tắt một câu"),
    Field("owner", "str", ALL, help_vi="đơn vị/nhóm chịu trách nhiệm nội dung (không ghi tên, số điện thoại cá nhân)", example="Ban biên tập"),
    Field("last_reviewed", "date", ALL, shared=False, help_vi="ngày rà soát gần nhất, dạng YYYY-MM-DD", example="2026-11-29"),
    Field("review_in_months", "int", ALL, required=False, help_vi="số tháng đến lần rà soát tiếp theo (mặc định 6)", example="6"),
    Field("published", "date", CONTENT, help_vi="ngày đăng trên sổ tay, dạng YYYY-MM-DD", example="2026-11-29"),
    Field("revision", "int", CONTENT, help_vi="phiên bản nội dung; chỉ tăng khi thay đổi nội dung quan trọng", example="1"),
    Field("ack", "ack", CONTENT, required=False, help_vi="yêu cầu báo cáo viên xác nhận đã đọc"),
    Field("related", "idlist", ALL, required=False, help_vi="danh sách id các trang liên quan"),
    Field("sources", "sources", CONTENT, shared=False, help_vi="nguồn trích dẫn: danh sách {title, url}"),
    # Legal updates (vbpl.vn's properties).
    Field("doc_number", "str", ("legal-update",), help_vi="số ký hiệu", example="102/2016/QH13"),
    Field("doc_type", "enum", ("legal-update",), choices=DOC_TYPES, help_vi="loại văn bản", example="law"),
    Field("issuer", "str", ("legal-update",), shared=False, help_vi="cơ quan ban hành", example="Quốc hội"),
    Field("signer", "str", ("legal-update",), help_vi="người ký (họ tên công khai trên văn bản)", example="Nguyễn Thị Kim Ngân"),
    Field("signer_title", "str", ("legal-update",), required=False, shared=False, help_vi="chức danh người ký"),
    Field("issued", "date", ("legal-update",), help_vi="ngày ban hành, dạng YYYY-MM-DD", example="2016-04-05"),
    Field("effective", "date", ("legal-update",), help_vi="ngày có hiệu lực, dạng YYYY-MM-DD", example="2017-06-01"),
    Field("expiry", "date", ("legal-update",), required=False, help_vi="ngày hết hiệu lực, dạng YYYY-MM-DD"),
    Field("gazette", "date", ("legal-update",), required=False, help_vi="ngày đăng công báo, dạng YYYY-MM-DD"),
    Field("status", "enum", ("legal-update",), choices=STATUSES, help_vi="tình trạng hiệu lực", example="in-force"),
    Field("status_note", "str", ("legal-update",), required=False, shared=False, help_vi="giải thích tình trạng hiệu lực"),
    Field("source_url", "url", ("legal-update",), help_vi="đường dẫn văn bản gốc (http/https)", example="https://vbpl.vn/"),
    Field("relations", "relations", ("legal-update",), required=False, help_vi="quan hệ với văn bản khác: danh sách {type, target, part}"),
    # Training modules (Carpentries episodes).
    Field("objectives", "strlist", ("module",), shared=False, help_vi="mục tiêu học tập"),
    Field("key_points", "strlist", ("module",), shared=False, help_vi="ý chính cần nhớ"),
    Field("teaching", "int", ("module",), help_vi="số phút giảng", example="30"),
    Field("exercises", "int", ("module",), help_vi="số phút bài tập", example="15"),
    Field("audience", "levels", ("module",), help_vi="đối tượng: central, provincial, commune"),
    Field("prerequisites", "idlist", ("module",), required=False, help_vi="id các bài cần học trước"),
)

FIELDS_BY_NAME = {f.name: f for f in FIELDS}


def fields_for(page_type: str) -> list[Field]:
    return [f for f in FIELDS if page_type in f.types]


# ack: {required: true, audience: [central, provincial], due: 30}
ACK_KEYS = {"required": "bool", "audience": "levels", "due": "int"}
RELATION_KEYS = {"type", "target", "part"}
SOURCE_KEYS = {"title", "url"}
