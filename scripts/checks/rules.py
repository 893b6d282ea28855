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
    "unsafe-html": "{detail}",
    "unsafe-url": "{detail}",
    "codeowners-stale": "tệp {file} đã cũ ({why}, hoặc data/owners.yml đã đổi); chạy 'python -m scripts codeowners --write' rồi commit tệp này cùng thay đổi",
    "translation-outdated": "bản dịch dịch từ phiên bản tiếng Việt cũ ({recorded}; bản tiếng Việt {source} hiện là {current}); xem thay đổi bằng 'python -m scripts i18n status', cập nhật bản dịch rồi chạy 'python -m scripts i18n mark-current {path}'",
    "review-overdue": "trang đã quá hạn rà soát ({last} + {months} tháng); rà soát nội dung rồi cập nhật 'last_reviewed'",
    "prerequisite-order": "bài '{module}' cần học sau bài '{prerequisite}' (prerequisites) nhưng kế hoạch xếp '{prerequisite}' sau; đổi thứ tự trong 'blocks'",
    "trainer-block-unmarked": "khối {what} thiếu lớp '{cls}' nên bản in cho học viên và chế độ giảng viên không nhận ra; viết: {fixed}",
    "url-list-foreign": "{n}/{total} đường dẫn trong data/urls.txt không còn trong docs/ này: danh sách có vẻ của một bản sổ tay khác nên không kiểm tra; nếu đúng là đã chuyển gần hết các trang, thêm 'moved_from' cho từng trang",
    "url-removed": "đường dẫn '{url}' đã công bố (data/urls.txt) không còn trang nào; thêm 'moved_from: [{stem}]' vào front matter của trang mới, hoặc xoá dòng này nếu trang bị bỏ hẳn",
}


# placeholders a caller may leave out (the acknowledgement engine reports missing ack keys
# without a place in the front matter)
OPTIONAL = {"place": ""}


def message(rule: str, **kw) -> str:
    return RULES[rule].format(**{**OPTIONAL, **kw}).rstrip()


# For the editors' guide (generated into docs/contributing/ at build time): what each rule
# means, how to fix it, and sample values its example line is formatted with.
# tests/test_editors.py fails when a rule lacks its entry.
RULE_HELP: dict[str, tuple[str, str, dict]] = {
    "yaml-syntax": ("thông tin đầu trang (front matter) viết sai cú pháp YAML", "sửa đúng dòng được chỉ theo gợi ý",
                    {"detail": "giá trị của trường 'issuer' có dấu ':' nên YAML hiểu nhầm là một trường mới: "
                               "đặt cả giá trị trong ngoặc kép, ví dụ issuer: \"Quốc hội: khoá XIII\""}),
    "no-front-matter": ("tệp không bắt đầu bằng khối '---'", "thêm khối thông tin đầu trang", {}),
    "bad-filename": ("tên tệp thiếu đuôi ngôn ngữ", "đổi tên thành 'ten.vi.md' / 'ten.en.md'", {}),
    "missing-field": ("thiếu một trường bắt buộc", "thêm dòng như gợi ý, tại dòng được chỉ",
                      {"field": "signer", "help": "người ký", "example": "Nguyễn Văn A",
                       "place": "ngay trên dòng 'issued:' này"}),
    "unknown-field": ("tên trường không có trong mô hình nội dung", "sửa chính tả hoặc xoá dòng",
                      {"field": "signor", "type": "legal-update", "hint": " (có phải 'signer'?)"}),
    "bad-id": ("id có chữ hoa, dấu hoặc khoảng trắng", "chỉ dùng chữ thường không dấu, số và '-'",
               {"value": "Luật Trẻ em"}),
    "bad-date": ("ngày không viết dạng năm-tháng-ngày", "viết \"YYYY-MM-DD\" trong ngoặc kép",
                 {"value": "05/04/2016", "field": "issued",
                  "hint": ": viết '2016-04-05' thay vì '05/04/2016' (năm-tháng-ngày)"}),
    "bad-value": ("giá trị không đúng kiểu (số, danh sách, đường dẫn…)", "viết theo dạng trong thông báo",
                  {"field": "teaching", "detail": "cần một số nguyên không âm, ví dụ 30; đang là 'ba mươi'"}),
    "unknown-type": ("loại trang không tồn tại", "dùng một loại trong danh sách",
                     {"value": "article", "choices": "page (Trang), legal-update (Văn bản pháp luật mới), …"}),
    "unknown-status": ("tình trạng hiệu lực không tồn tại", "dùng mã hoặc tên tiếng Việt trong danh sách",
                       {"value": "active", "choices": "in-force (Còn hiệu lực), expired (Hết hiệu lực toàn bộ), …"}),
    "unknown-choice": ("giá trị không có trong danh sách cho phép", "dùng mã hoặc tên tiếng Việt trong danh sách",
                       {"value": "Luật lệ", "field": "doc_type", "choices": "law (Luật), decree (Nghị định), …"}),
    "date-order": ("hai ngày ngược thứ tự", "kiểm tra lại với văn bản gốc",
                   {"detail": "ngày có hiệu lực (effective) trước ngày ban hành (issued); kiểm tra lại hai ngày"}),
    "duplicate-id": ("hai trang cùng một id", "đặt id khác cho trang mới",
                     {"value": "luat-tre-em-2016", "other": "docs/legal/luat-tre-em-2016.vi.md"}),
    "pair-missing": ("thiếu bản tiếng Anh hoặc tiếng Việt", "tạo tệp còn thiếu (hoặc ghi 'translation: pending' "
                     "ở bản tiếng Việt khi bản dịch chưa có)",
                     {"lang_name": "tiếng Anh", "expected": "legal/nd-56.en.md"}),
    "pair-id-mismatch": ("bản tiếng Anh có id khác bản tiếng Việt", "sửa id bản tiếng Anh như gợi ý",
                         {"value": "sample-law", "lang_name": "tiếng Việt", "partner": "docs/legal/luat-mau.vi.md",
                          "other": "luat-mau"}),
    "pair-field-mismatch": ("trường dùng chung ghi khác nhau ở hai bản", "xoá trường ở bản tiếng Anh",
                            {"field": "revision", "value": "2", "other": "1"}),
    "not-nfc": ("dấu tiếng Việt bị tách rời (dán từ Word/PDF)", "chạy 'python -m scripts check --fix-nfc'",
                {"col": 12}),
    "unknown-target": ("trỏ tới id trang không tồn tại", "kiểm tra id trang đích",
                       {"field": "relations.target", "value": "luat-cu"}),
    "broken-link": ("liên kết tới trang không có", "viết 'ten-trang.md' (không có .vi/.en), đúng thư mục",
                    {"target": "luat-moi.md", "hint": ""}),
    "broken-anchor": ("liên kết tới mục không có trong trang", "dùng đúng mã mục { #… } của tiêu đề",
                      {"target": "luat-cu.md#tom-tat", "page": "luat-cu.md", "anchor": "tom-tat",
                       "hint": " (có phải '#summary'?)"}),
    "not-in-nav": ("trang chưa có trong mục lục", "thêm dòng vào nav của mkdocs.yml", {"path": "legal/nd-56.md"}),
    "nav-missing-page": ("mục lục nhắc tới tệp không có", "tạo tệp hoặc xoá dòng trong mkdocs.yml",
                         {"path": "legal/nd-56.md", "expected": "docs/legal/nd-56.vi.md"}),
    "placeholder": ("còn chữ 'CẦN ĐIỀN' do lệnh new để lại", "điền nội dung thật",
                    {"field": "issuer", "marker": "CẦN ĐIỀN"}),
    "status-contradicts": ("tình trạng ghi tay khác tình trạng tính từ ngày tháng", "xoá dòng status, hoặc thêm status_note",
                           {"override": "in-force", "computed": "expired", "as_of": "29/11/2026"}),
    "relation-conflict": ("hai trang ghi quan hệ mâu thuẫn nhau", "ghi quan hệ ở một bên thôi",
                          {"mine": "replaces", "other": "luat-cu", "theirs": "amended-by",
                           "file": "docs/legal/luat-cu.vi.md"}),
    "doc-number-format": ("số ký hiệu không theo mẫu thường gặp của loại văn bản",
                          "kiểm tra số, hoặc ghi doc_number_exception: true",
                          {"value": "56/2017/NĐ", "doc_type": "Nghị định", "patterns": "ví dụ 56/2017/NĐ-CP"}),
    "revision-notes": ("ghi chú phiên bản thiếu hoặc không khớp revision", "thêm một dòng vào revisions",
                       {"detail": "revision là 2 nhưng revisions không có mục revision: 2"}),
    "codeowners-stale": ("CODEOWNERS chưa cập nhật theo trường owner", "chạy 'python -m scripts codeowners --write'",
                         {"file": ".github/CODEOWNERS", "why": "không khớp với trường owner của các trang"}),
    "translation-outdated": ("(cảnh báo) bản tiếng Việt đã thay đổi sau khi dịch", "cập nhật bản dịch rồi chạy "
                             "'python -m scripts i18n mark-current TỆP'",
                             {"recorded": "3f2a9c1b7d", "source": "docs/legal/nd-56.vi.md", "current": "8e41d0a2c5",
                              "path": "docs/legal/nd-56.en.md"}),
    "review-overdue": ("(cảnh báo) đã quá hạn rà soát", "rà soát rồi sửa last_reviewed",
                       {"last": "2026-01-15", "months": 6}),
}
