"""Every content rule in one table: id (English, stable) -> message (Vietnamese, for editors).

Messages say what is wrong and how to fix it. `{…}` placeholders are filled by the check.
"""
from __future__ import annotations

RULES: dict[str, str] = {
    "yaml-syntax": "{detail}",
    "no-front-matter": "trang thiếu khối front matter: dòng đầu tiên phải là '---', sau đó các trường id, type, title…, rồi '---'",
    "bad-filename": "tên tệp phải có đuôi ngôn ngữ: 'ten-trang.vi.md' và 'ten-trang.en.md'",
    "missing-field": "thiếu trường '{field}' ({help}); thêm dòng '{field}: {example}' {place}",
    "unknown-field": "trường '{field}' không có trong mô hình nội dung của loại '{type}'{hint}; xoá hoặc sửa tên trường",
    "bad-id": "id '{value}' không hợp lệ: chỉ dùng chữ thường không dấu, số và dấu '-', ví dụ 'luat-tre-em-2016'",
    "bad-date": "ngày '{value}' ở trường '{field}' không đúng dạng YYYY-MM-DD{hint}",
    "bad-value": "trường '{field}': {detail}",
    "unknown-type": "loại trang '{value}' không tồn tại; dùng một trong (mã hoặc tên tiếng Việt): {choices}",
    "unknown-status": "tình trạng hiệu lực '{value}' không tồn tại; dùng một trong (mã hoặc tên tiếng Việt): {choices}",
    "unknown-choice": "giá trị '{value}' của trường '{field}' không tồn tại; dùng một trong (mã hoặc tên tiếng Việt): {choices}",
    "date-order": "{detail}",
    "duplicate-id": "id '{value}' đã dùng ở {other}; mỗi trang cần một id riêng",
    "pair-missing": "thiếu bản {lang_name} '{expected}': mỗi trang có đủ hai tệp .vi.md và .en.md (tạo bằng 'python -m scripts new')",
    "pair-id-mismatch": "id '{value}' khác id của bản {lang_name} ({partner}); sửa dòng này thành 'id: {other}' (hai bản của một trang dùng chung một id)",
    "pair-field-mismatch": "trường '{field}' = '{value}' khác bản tiếng Việt ('{other}'); trường này dùng chung, hãy xoá ở bản tiếng Anh hoặc sửa cho giống",
    "not-nfc": "văn bản chưa ở dạng Unicode NFC (dấu tiếng Việt bị tách rời, thường do dán từ Word/PDF) tại cột {col}; chạy 'python -m scripts check --fix-nfc' để chuẩn hoá",
    "unknown-target": "trường '{field}' trỏ tới id '{value}' không tồn tại; kiểm tra lại id trang đích",
    "broken-link": "liên kết '{target}' trỏ tới trang không tồn tại{hint}",
    "broken-anchor": "liên kết '{target}': trang '{page}' không có mục '#{anchor}'{hint}",
    "not-in-nav": "trang chưa có trong mục lục (nav) của mkdocs.yml; thêm dòng '- {path}' vào đúng mục",
    "nav-missing-page": "mục lục (nav) trong mkdocs.yml nhắc tới '{path}' nhưng không có tệp '{expected}'",
    "placeholder": "trường '{field}' vẫn còn chữ mẫu '{marker}' do 'python -m scripts new' tạo; điền nội dung thật",
    "status-contradicts": "tình trạng ghi tay '{override}' khác tình trạng tính từ ngày tháng và quan hệ ('{computed}', tính đến {as_of}); xoá dòng 'status' để dùng tình trạng tự tính; chỉ ghi tay điều ngày tháng không thể hiện được (suspended, unverified…) và khi đó thêm 'status_note' giải thích",
    "relation-conflict": "quan hệ '{mine}' với '{other}' mâu thuẫn với quan hệ ghi ở trang kia ({theirs}, {file}); ghi quan hệ ở một bên thôi, hoặc sửa cho khớp",
    "doc-number-format": "số ký hiệu '{value}' không theo mẫu của loại '{doc_type}' ({patterns}); kiểm tra lại số, hoặc thêm 'doc_number_exception: true' nếu văn bản gốc ghi đúng như vậy",
    "revision-notes": "{detail}",
    "codeowners-stale": "tệp {file} đã cũ ({why}, hoặc data/owners.yml đã đổi); chạy 'python -m scripts codeowners --write' rồi commit tệp này cùng thay đổi",
    "review-overdue": "trang đã quá hạn rà soát ({last} + {months} tháng); rà soát nội dung rồi cập nhật 'last_reviewed'",
}


# placeholders a caller may leave out (the acknowledgement engine reports missing ack keys
# without a place in the front matter)
OPTIONAL = {"place": ""}


def message(rule: str, **kw) -> str:
    return RULES[rule].format(**{**OPTIONAL, **kw}).rstrip()
