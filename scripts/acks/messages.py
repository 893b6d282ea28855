"""Every acknowledgement rule in one table, as the content checks keep theirs (scripts/checks/rules.py):
rule id (English, stable) -> the Vietnamese messages coordinators read, one template per case
(`{…}` placeholders filled by the caller), and what the rule means and how to fix it, in
Vietnamese and English, for the generated reference page (scripts/render/reference.py,
docs/contributing/reference.*.md). Messages are Vietnamese in every language, as the content
checks' are: `--lang` changes the summary lines and labels, not the problem lines.

A case is named after the module and function that reports it (`tables.read-table`). Every
`problem`, `pair` and `message` call in scripts/acks names its rule and case literally, so
tests/test_ack_messages.py finds each one and holds the table to the code.
"""
from __future__ import annotations

from ..model.problem import Problem

MESSAGES: dict[str, dict[str, str]] = {
    "ambiguous-date": {
        "times.ambiguous": "'{text}' đọc được hai cách: ngày {first:02d}/{second:02d}/{year} (ngày {first} tháng {second}, "
                           "--date-order dmy) hoặc ngày {second:02d}/{first:02d}/{year} (ngày {second} tháng {first}, "
                           "--date-order mdy); không có gì trong tệp cho biết thứ tự (tiêu đề tiếng Anh không đủ: Google Sheets "
                           "tiếng Anh (Mỹ) ghi tháng trước, (Anh) ghi ngày trước); chạy lại với --date-order; không ghi gì",
    },
    "ambiguous-reporter": {
        "importer.match": "{kind} '{value}' dùng chung cho {n_candidates} báo cáo viên ({candidates}); cần thêm mã báo cáo "
                          "viên hoặc email",
        "importer.match-2": "{kind} '{value}' là của {candidates} nhưng {other_kind} '{other_value}' là của {ids}; kiểm tra lại "
                            "dòng này",
    },
    "ambiguous-sheet": {
        "tables.pick-sheet": "không có trang tính '{sheet}'; các trang tính: {sheets}",
        "tables.pick-sheet-2": "tệp có {n_with_data} trang tính có dữ liệu ({names}); chọn một bằng --sheet TÊN, ví dụ --sheet "
                               "'{active_title}'",
        "tables.pick-sheet-3": "dữ liệu nằm ở trang tính ẩn {sheet_shown}; kiểm tra rồi chọn bằng --sheet '{chosen_title}'",
        "tables.pick-sheet-4": "trang tính '{chosen_title}' có dòng bị ẩn; hiện các dòng đó và kiểm tra, hoặc nhập cả dòng ẩn "
                               "bằng --sheet '{chosen_title}' (các trang tính: {sheets})",
        "tables.read-table": "--sheet chỉ dùng cho tệp XLSX",
    },
    "ambiguous-update": {
        "importer.find": "'{value}' khớp với {n_starts} tài liệu: {names}; có phải một trong số đó? ghi đủ tên hoặc mã tài "
                         "liệu",
    },
    "bad-aggregate": {
        "dashboard.bad": "{msg}; tạo lại tệp bằng python -m scripts ack publish",
        "dashboard.read-aggregate": "tệp tổng hợp lớn hơn 8 MB",
        "dashboard.read-aggregate-2": "không đọc được tệp tổng hợp ({exc})",
    },
    "bad-channel": {
        "importer.bad-channel": "kênh '{shown}' không hợp lệ; dùng một trong: {channels}",
    },
    "bad-date": {
        "roster.load-roster": "ngày tham gia '{joined_raw}' không hợp lệ; dạng đúng YYYY-MM-DD",
        "times.moment": "'{text}' không phải ngày có thật (tháng {mo}, ngày {d})",
        "times.read-time": "thời gian '{value}' nằm ngoài các năm 1–9999",
        "times.moment-2": "ngày {d:02d}/{mo:02d}/{y} không tồn tại (trong '{text}')",
    },
    "bad-encoding": {
        "tables.encoding": "tệp không phải UTF-8 hay UTF-16; trong Excel chọn Lưu thành 'CSV UTF-8' hoặc 'Văn bản Unicode', "
                           "hoặc gửi tệp .xlsx",
        "tables.encoding-2": "tệp mã hoá UTF-32, không đọc được; trong Excel chọn Lưu thành 'CSV UTF-8' hoặc 'Văn bản Unicode' "
                             "(UTF-16), hoặc gửi tệp .xlsx",
    },
    "bad-file": {
        "roster.load-provinces": "tệp CSV hỏng ({exc})",
        "roster.load-roster": "tệp CSV hỏng ({exc}); sửa dòng này rồi chạy lại",
    },
    "bad-id": {
        "remind.remind": "mã tỉnh '{code}' không dùng làm tên tệp được (chỉ a-z, 0-9, '-'); không ghi gì",
        "roster.load-provinces": "mã '{code}' ở cột {col} không hợp lệ: chỉ chữ thường không dấu, số và dấu '-' (mã tỉnh "
                                 "được dùng làm tên tệp)",
    },
    "bad-plan": {
        "plans.load-plans": "kế hoạch thứ {n}: {bad}",
    },
    "bad-time": {
        "times.read-time": "không đọc được thời gian '{value}'; dạng đúng dd/mm/yyyy hh:mm:ss hoặc YYYY-MM-DDThh:mm:ss+07:00",
        "times.hour": "giờ '{text}' không hợp lệ: {hour} giờ với {ampm}",
        "times.moment": "giờ trong '{text}' không hợp lệ",
    },
    "bad-token": {
        "importer.check-row": "mã xác thực '{tok}' không khớp với báo cáo viên {rid}, tài liệu {uid}, phiên bản {rev}: đường dẫn "
                              "của người khác, của phiên bản khác, hoặc bị sửa",
    },
    "bad-value": {
        "roster.load-roster": "cột active '{active}' phải là true hoặc false",
    },
    "bad-workspace": {
        "workspace.load": "{config_name} phải là các cặp khoá: giá trị",
        "workspace.load-2": "không đọc được {config_name}; sửa hoặc tạo lại bằng ack init",
    },
    "bad-zone": {
        "workspace.check-zone": "múi giờ '{zone}' không có; ví dụ Asia/Ho_Chi_Minh",
    },
    "before-published": {
        "importer.row-key": "xác nhận lúc {moment:%d/%m/%Y %H:%M}, trước ngày đăng phiên bản {rev} của {update_id} "
                            "({published:%d/%m/%Y})",
    },
    "cell-too-long": {
        "importer.row-values": "ô ở cột '{header_b}' dài {n_cell} ký tự (tối đa {max_cell})",
        "tables.records": "một dòng dài hơn {max_line} ký tự: không phải tệp xuất biểu mẫu; không đọc tiếp, không ghi gì",
        "tables.records-2": "một ô dài hơn {csv_field_limit} ký tự (có thể thiếu dấu ngoặc kép đóng); không đọc tiếp, không ghi "
                            "gì",
    },
    "duplicate-column": {
        "importer.row-values": "hai cột '{header_a}' và '{header_b}' cùng là {fld} nhưng khác giá trị ('{found}' và '{v}'); xoá "
                               "một cột hoặc dùng --map",
    },
    "duplicate-reporter": {
        "roster.load-roster": "mã {rid} đã có ở dòng {first_row}",
    },
    "empty-file": {
        "links.load-secret": "tệp khoá bí mật trống",
        "roster.load-roster": "danh sách báo cáo viên trống",
        "roster.init": "danh sách tỉnh, thành phố trống",
        "tables.read-xlsx": "tệp trống",
        "tables.pick-sheet": "tệp XLSX không có trang tính nào",
    },
    "file-too-large": {
        "links.load-secret": "tệp khoá bí mật lớn hơn {max_secret_bytes} byte",
        "tables.open-csv": "tệp {size} MB, lớn hơn giới hạn {max_roster_bytes} MB",
        "tables.check-zip": "tệp XLSX giải nén ra {total} MB (tối đa {max_xlsx_unzipped} MB, mỗi phần {max_xlsx_part} MB); chia "
                            "nhỏ tệp",
        "tables.read-table": "tệp {size} MB, lớn hơn giới hạn {max_file_bytes} MB; chia thành nhiều tệp nhỏ hơn",
        "tables.check-zip-2": "tệp XLSX có hơn {max_shared_strings} chuỗi dùng chung: không phải tệp xuất biểu mẫu; chia nhỏ tệp "
                              "hoặc lưu lại thành CSV UTF-8; không ghi gì",
    },
    "future-time": {
        "times.read-time": "thời gian {moment:%d/%m/%Y %H:%M:%S} ở tương lai (bây giờ là {now:%d/%m/%Y %H:%M:%S}); "
                           "kiểm tra đồng hồ máy hoặc cột thời gian",
    },
    "invisible-char": {
        "importer.invisible-errors": "{what} '{value}' chứa ký tự vô hình: {hidden}; xoá ký tự đó (thường do sao chép từ web "
                                     "hoặc Word) rồi nhập lại",
    },
    "log-damaged": {
        "log.damaged": "{message}; dòng này không được tính, các dòng khác vẫn tính",
        "log.file-rows": "không đọc được tệp nhật ký ({reason}); bỏ qua tệp",
        "log.damaged-2": "còn lỗi khác trong tệp này (không in hết)",
        "log.file-rows-2": "dòng tiêu đề hỏng ({reason}); bỏ qua tệp",
        "log.file-rows-3": "tệp nhật ký phải có các cột {log_columns}; bỏ qua tệp",
        "log.rest-with-replacement": "dòng tiêu đề hỏng; bỏ qua tệp",
    },
    "log-locked": {
        "log.lock-file": "nhật ký đang được một lần nhập khác ghi (có tệp {lock_file}); đã chờ {timeout:g} giây, không ghi "
                         "gì; chạy lại sau khi lần nhập kia xong (nếu không có lần nhập nào đang chạy, xoá tệp {path})",
        "log.locked": "nhật ký đang được một lần nhập khác ghi (thư mục bị khoá); đã chờ {timeout:g} giây, không ghi gì; "
                      "chạy lại sau khi lần nhập kia xong",
    },
    "log-tampered": {
        "log.verify-rows": "dòng không khớp chuỗi băm của nhật ký: dòng này bị sửa, thêm hoặc chuyển chỗ bằng tay, hoặc một "
                           "dòng trước nó bị xoá; nhật ký chỉ được ghi bằng 'ack import' (sửa sai bằng cách nhập thêm dòng); "
                           "khôi phục tệp từ git",
        "log.verify-run": "tệp nhật ký không có cột chain nằm sau một tệp có chuỗi băm: không do 'ack import' ghi (thêm bằng "
                          "tay hoặc chép từ nơi khác); xoá tệp rồi nhập nội dung của nó bằng 'ack import'",
        "log.verify-rows-2": "dòng không có mã chuỗi băm (cột chain): không do 'ack import' ghi, có thể được thêm bằng tay; khôi "
                             "phục tệp từ git rồi nhập dòng này bằng 'ack import'",
    },
    "missing-column": {
        "importer.map-columns": "--ignore: không có cột {unknown} trong tệp; các cột: {header}",
        "importer.check-required": "thiếu cột {missing} (tệp được nhận là: {profile_name}); đặt câu hỏi của biểu mẫu theo hướng "
                                   "dẫn cho điều phối viên, hoặc dùng --map 'Tên cột=trường'",
        "roster.load-provinces": "thiếu cột {missing}",
    },
    "missing-dir": {
        "log.log-files": "--acks phải là một thư mục",
    },
    "missing-docs": {
        "updates.load-updates": "không có thư mục nội dung (--docs)",
    },
    "missing-file": {
        "dashboard.read-aggregate": "chưa có tệp tổng hợp (python -m scripts ack publish)",
        "roster.load-roster": "không tìm thấy danh sách báo cáo viên",
        "tables.read-table": "không tìm thấy tệp",
    },
    "missing-form-url": {
        "links.form-template": "mkdocs.yml chưa có extra.ack_form_url (địa chỉ https:// của biểu mẫu xác nhận)",
        "links.form-template-2": "extra.ack_form_url trong mkdocs.yml vẫn là địa chỉ mẫu (có chữ '{marker}'): dán địa chỉ "
                                 "https:// của biểu mẫu thật rồi tạo lại đường dẫn",
    },
    "missing-secret": {
        "importer.file-rules": "tệp có cột token nhưng chưa có khoá bí mật để kiểm tra: dùng --secret-file TỆP (ngoài kho mã) "
                               "hoặc biến môi trường HANDBOOK_ACK_SECRET; không ghi gì",
        "links.load-secret": "cần khoá bí mật để ký đường dẫn: --secret-file TỆP (ngoài kho mã) hoặc biến môi trường {env}",
    },
    "missing-token": {
        "importer.check-row": "thiếu mã xác thực (token) trong khi dùng --require-token; bỏ tuỳ chọn đó để nhận dòng không ký "
                              "(được đếm riêng), hoặc dùng kênh proxy kèm ghi chú",
    },
    "missing-value": {
        "cli.cmd-remind": "cần --out THƯ_MỤC (hoặc một không gian làm việc: mặc định reminders/ của nó)",
        "importer.row-update": "thiếu mã tài liệu (update_id)",
        "importer.match": "thiếu mã báo cáo viên, email và số điện thoại",
        "roster.load-roster": "thiếu mã báo cáo viên (reporter_id)",
        "roster.load-roster-2": "thiếu tỉnh, thành phố (province); chỉ báo cáo viên cấp trung ương được để trống",
    },
    "no-workspace": {
        "workspace.resolve": "chưa có không gian làm việc: tạo một lần bằng python -m scripts ack init THƯ_MỤC (ngoài kho nội "
                             "dung), hoặc chỉ ra bằng --workspace THƯ_MỤC hay biến môi trường {env}; thử với dữ liệu hư cấu: "
                             "--workspace data/sample-workspace",
        "workspace.load": "'{root}' không phải không gian làm việc (thiếu {config_name}); tạo bằng python -m scripts ack init "
                          "{root}",
    },
    "not-in-audience": {
        "importer.add": "báo cáo viên {rid} (cấp {level}) không thuộc đối tượng của {update_id} "
                        "({audience}): vẫn ghi vào nhật ký nhưng không tính vào tỉ lệ",
    },
    "not-xlsx": {
        "tables.read-table": "tệp Excel .xls cũ: hãy lưu lại thành .xlsx hoặc CSV UTF-8",
        "tables.read-table-2": "tệp có đuôi .xlsx nhưng không phải XLSX",
        "tables.check-zip": "không phải tệp XLSX hợp lệ ({exc})",
        "tables.read-xlsx": "tệp XLSX hỏng ({exc})",
    },
    "personal-data": {
        "cli.cmd-publish": "tệp tổng hợp chứa giá trị của danh sách ({hits}); không ghi",
        "privacy.scan-output": "danh sách được phép không đọc được ({exc}): không kiểm tra được site/, bản dựng dừng",
        "sitescan.symlink": "liên kết tượng trưng trong site/: bản dựng chỉ chép tệp, một liên kết sẽ công bố tệp nó trỏ tới; "
                            "xoá liên kết",
        "sitescan.found": "tệp sẽ công bố {what}{where}: dữ liệu cá nhân không được lên trang web; xoá tệp hoặc giá trị khỏi "
                          "docs/ hay overrides/ (số tổng đài, địa chỉ công bố chính thức thì thêm vào "
                          "data/public-contacts.yml){removed}",
        "sitescan.removed": "; bản dựng đã xoá tệp này khỏi site/",
        "sitescan.unchecked": "tệp {what}{where}: tệp không kiểm tra được thì không được công bố{removed}",
    },
    "proxy-without-note": {
        "importer.check-row": "xác nhận thay (kênh proxy) cần ghi chú: ai xác nhận thay, vì sao (ví dụ 'điều phối viên tỉnh, báo "
                              "cáo viên không có điện thoại')",
    },
    "roster-in-repo": {
        "workspace.rosters-in-repo": "tệp có dạng danh sách báo cáo viên hoặc nhật ký xác nhận (có cột mã báo cáo viên và họ "
                                     "tên, email, điện thoại hoặc tài liệu, thời gian) nằm trong kho nội dung: dữ liệu cá nhân "
                                     "chỉ ở không gian làm việc của điều phối viên (python -m scripts ack init THƯ_MỤC, ngoài "
                                     "kho); chuyển tệp ra đó rồi xoá khỏi kho (cả lịch sử git nếu đã commit)",
    },
    "roster-leak": {
        "privacy.scan-docs": "tệp dữ liệu chứa {n_hits} giá trị của danh sách báo cáo viên ({kinds}): dữ liệu cá nhân không được "
                             "nằm trong {label} (sẽ được công bố); chuyển tệp về thư mục làm việc của điều phối viên",
        "privacy.scan-docs-2": "không đọc được tệp dữ liệu để kiểm tra ({exc}); xoá hoặc sửa tệp",
    },
    "secret-in-repo": {
        "links.secret-in-repo-problem": "tệp khoá bí mật nằm trong kho mã ({root}); chuyển nó ra ngoài kho (ví dụ "
                                        "~/.config/so-tay/ack-secret) hoặc dùng biến môi trường {env}: khoá bị lộ thì ai cũng "
                                        "tạo được đường dẫn xác nhận",
        "links.env-file-problems": "tệp {name} trong kho mã có khoá bí mật ('{key}'): xoá dòng này, đổi khoá (coi như đã lộ) và "
                                   "giữ khoá ngoài kho mã (ví dụ ~/.config/so-tay/ack-secret, chmod 600) hoặc trong biến môi "
                                   "trường {env}",
    },
    "secret-permissions": {
        "links.load-secret": "tệp khoá bí mật để người khác trên máy đọc hoặc ghi được (quyền {mode:o}): ai đọc được khoá "
                             "thì tạo được mã xác thực giả; chạy 'chmod 600 {path}'",
    },
    "too-many-rows": {
        "importer.read-file": "hơn {max_rows} dòng trong một lần nhập; chia thành nhiều tệp nhỏ hơn rồi nhập từng tệp; "
                              "không ghi gì",
    },
    "unknown-level": {
        "roster.load-roster": "cấp '{level}' không hợp lệ; dùng: {levels}",
    },
    "unknown-province": {
        "cli.load": "tỉnh, thành phố '{given}' không có trong provinces.csv (dùng mã hoặc tên của 34 đơn vị hiện hành "
                    "hoặc 63 đơn vị cũ)",
    },
    "unknown-reporter": {
        "importer.match": "không có báo cáo viên nào với {given} trong danh sách",
    },
    "unknown-revision": {
        "importer.row-revision": "thiếu phiên bản (revision)",
        "importer.row-revision-2": "phiên bản '{raw_rev}' không phải số nguyên",
        "importer.row-revision-3": "tài liệu {update_id} không có phiên bản {rev} (phiên bản hiện hành: {current})",
    },
    "unknown-update": {
        "cli.pick": "'{u}' không phải tài liệu cần xác nhận; có: {known}",
        "importer.find": "không có tài liệu nào cần xác nhận với mã hoặc tên '{value}'; có phải: {ids}?",
        "importer.row-update": "không có tài liệu nào cần xác nhận với mã hoặc tên '{uid}'",
    },
    "unreadable-file": {
        "links.load-secret": "không đọc được tệp khoá bí mật ({exc})",
        "roster.load-provinces": "không đọc được danh sách tỉnh: {exc}",
        "roster.load-roster": "không đọc được danh sách báo cáo viên ({exc})",
        "tables.read-xlsx": "thiếu thư viện openpyxl để đọc .xlsx",
        "tables.read-table": "không phải tệp thường (thiết bị, ống dẫn…)",
        "tables.read-table-2": "đây là một thư mục, không phải tệp",
        "tables.read-table-3": "không đọc được tệp ({reason})",
    },
    "unsafe-output": {
        "cli.cmd-publish": "tệp tổng hợp thuộc kho nội dung, không thuộc không gian làm việc",
        "cli.cmd-publish-2": "không ghi '{out}': tệp tổng hợp là một tệp .json mới hoặc data/dashboard.json cũ, không bao giờ đè "
                             "lên tệp đầu vào",
        "privacy.check-output": "không ghi '{path}' vào trong {bad}: tệp có dữ liệu cá nhân hoặc dòng bị từ chối không được nằm "
                                "trong docs/, site/ hay thư mục nhật ký; chọn thư mục khác, ngoài kho mã (ví dụ ~/nhac-nho/)",
        "workspace.check-private-output": "không ghi '{path}': tệp có dữ liệu cá nhân chỉ được ghi {place} hoặc vào thư mục git "
                                          "bỏ qua (.gitignore), không vào nhật ký hay nơi git có thể đưa lên kho",
        "workspace.check-private-output-2": "không ghi '{path}': đó là (hoặc chứa) tệp đầu vào '{given_name}'; không bao giờ ghi "
                                            "đè lên tệp đầu vào; chọn tên khác",
    },
    "unsafe-symlink": {
        "privacy.scan-docs": "liên kết tượng trưng trỏ ra ngoài {label} ({target}): bản dựng sẽ chép tệp bên ngoài vào "
                             "trang web; xoá liên kết, chép nội dung cần công bố vào {label}",
    },
    "unwritable": {
        "log.write-new": "không tạo được tên tệp mới trong thư mục nhật ký",
    },
    "weak-secret": {
        "links.weak": "khoá bí mật quá ngắn hoặc không ngẫu nhiên ({size} byte; cần ít nhất {min_secret_bytes} byte "
                      "ngẫu nhiên): khoá yếu bị dò ra từ một đường dẫn cá nhân, rồi ai cũng tạo được mã xác thực giả; tạo "
                      "khoá mới: {make_secret}",
    },
    "workspace-exists": {
        "workspace.init": "'{root}' đã là không gian làm việc; không ghi đè",
        "workspace.init-2": "thư mục '{root}' không trống; chọn một thư mục mới",
    },
    "workspace-in-repo": {
        "workspace.refuse-in-repo": "không gian làm việc nằm trong kho nội dung ({repo}): danh sách và nhật ký là dữ liệu cá "
                                    "nhân, mọi biên tập viên đều tải kho này về; chọn thư mục ngoài kho, ví dụ "
                                    "~/so-tay-dieu-phoi (chỉ data/sample-workspace/ hư cấu được nằm trong kho)",
    },
    "yaml-syntax": {
        "plans.load-plans": "plans.yml không đọc được; kiểm tra thụt lề và dấu ':'",
    },
}


# rule -> (meaning, how to fix) in Vietnamese, then in English: the reference page's rows.
ACK_HELP: dict[str, tuple[str, str, str, str]] = {
    "ambiguous-date": ("ngày trong cột thời gian đọc được hai cách (ngày/tháng hay tháng/ngày) và không gì trong tệp cho "
                       "biết thứ tự",
                       "chạy lại với --date-order dmy hoặc mdy",
                       "a date in the time column reads two ways (day/month or month/day) and nothing in the file settles "
                       "the order",
                       "run again with --date-order dmy or mdy"),
    "ambiguous-reporter": ("mã, email và số điện thoại của một dòng trỏ tới những báo cáo viên khác nhau, hoặc dùng chung cho "
                           "nhiều người",
                           "kiểm tra dòng; thêm mã báo cáo viên hoặc email",
                           "a row's id, e-mail and phone point to different reporters, or are shared by several",
                           "check the row; add the reporter id or e-mail"),
    "ambiguous-sheet": ("không rõ trang tính nào của tệp XLSX cần nhập (nhiều trang có dữ liệu, trang ẩn, dòng ẩn)",
                        "chọn trang bằng --sheet TÊN",
                        "which sheet of the workbook to import is unclear (several with data, a hidden sheet, hidden rows)",
                        "name it with --sheet NAME"),
    "ambiguous-update": ("tên tài liệu khớp với nhiều tài liệu",
                         "ghi đủ tên hoặc mã tài liệu",
                         "a document title matches several documents",
                         "write the full title or the document id"),
    "bad-aggregate": ("tệp tổng hợp data/dashboard.json hỏng hoặc có khoá ngoài danh sách cho phép",
                      "tạo lại bằng python -m scripts ack publish",
                      "the aggregate data/dashboard.json is damaged or holds keys outside its allow-list",
                      "write it again with python -m scripts ack publish"),
    "bad-channel": ("kênh xác nhận không có trong danh sách",
                    "dùng một kênh trong danh sách (form, email, paper, proxy…)",
                    "the channel is not one of the known channels",
                    "use one of the listed channels (form, email, paper, proxy…)"),
    "bad-date": ("ngày không tồn tại hoặc không đúng dạng",
                 "sửa ngày trong tệp",
                 "a date that does not exist or is not in the expected form",
                 "correct the date in the file"),
    "bad-encoding": ("tệp không mã hoá UTF-8 hay UTF-16",
                     "trong Excel lưu thành 'CSV UTF-8' hoặc 'Văn bản Unicode', hoặc gửi tệp .xlsx",
                     "the file is neither UTF-8 nor UTF-16",
                     "save it from Excel as 'CSV UTF-8' or 'Unicode text', or send the .xlsx"),
    "bad-file": ("tệp CSV hỏng",
                 "sửa dòng được chỉ rồi chạy lại",
                 "a damaged CSV file",
                 "correct the line shown and run again"),
    "bad-id": ("mã tỉnh không dùng làm tên tệp được",
               "chỉ dùng chữ thường không dấu, số và '-'",
               "a province code that cannot be a file name",
               "use lower-case letters without accents, digits and '-'"),
    "bad-plan": ("một kế hoạch trong plans.yml thiếu hoặc sai trường",
                 "sửa kế hoạch theo thông báo",
                 "a plan in plans.yml lacks a field or has a wrong one",
                 "correct the plan as the message says"),
    "bad-time": ("giờ không đọc được hoặc không hợp lệ",
                 "viết dd/mm/yyyy hh:mm:ss hoặc YYYY-MM-DDThh:mm:ss+07:00",
                 "a time that cannot be read or is not valid",
                 "write dd/mm/yyyy hh:mm:ss or YYYY-MM-DDThh:mm:ss+07:00"),
    "bad-token": ("mã xác thực của dòng không khớp với báo cáo viên, tài liệu và phiên bản",
                  "kiểm tra đường dẫn cá nhân đã gửi (của người khác, phiên bản khác, hoặc bị sửa)",
                  "the row's token does not match its reporter, document and revision",
                  "check the personal link that was sent (someone else's, another revision's, or edited)"),
    "bad-value": ("giá trị trong danh sách báo cáo viên không hợp lệ",
                  "sửa giá trị theo thông báo",
                  "a value of the roster is not valid",
                  "correct it as the message says"),
    "bad-workspace": ("tệp cấu hình của không gian làm việc không đọc được",
                      "sửa hoặc tạo lại bằng ack init",
                      "the workspace's configuration cannot be read",
                      "correct it or create it again with ack init"),
    "bad-zone": ("múi giờ không có",
                 "dùng tên múi giờ IANA, ví dụ Asia/Ho_Chi_Minh",
                 "an unknown time zone",
                 "use an IANA zone name, e.g. Asia/Ho_Chi_Minh"),
    "before-published": ("thời gian xác nhận trước ngày đăng phiên bản",
                         "kiểm tra cột thời gian hoặc phiên bản",
                         "the acknowledgement is dated before the revision was published",
                         "check the time or the revision column"),
    "cell-too-long": ("một ô hoặc một dòng dài quá giới hạn",
                      "rút ngắn ô; một dòng rất dài thường là tệp không phải tệp xuất biểu mẫu",
                      "a cell or a line over the limit",
                      "shorten the cell; a huge line usually means the file is not a form export"),
    "duplicate-column": ("hai cột cùng một trường nhưng khác giá trị",
                         "xoá một cột hoặc dùng --map",
                         "two columns give the same field with different values",
                         "remove one column or use --map"),
    "duplicate-reporter": ("hai dòng của danh sách cùng một mã báo cáo viên",
                           "mỗi báo cáo viên một mã riêng",
                           "two roster rows share a reporter id",
                           "give each reporter their own id"),
    "empty-file": ("tệp trống",
                   "kiểm tra tệp đã chọn",
                   "the file is empty",
                   "check the file given"),
    "file-too-large": ("tệp lớn hơn giới hạn (kể cả tệp XLSX khi giải nén)",
                       "chia thành nhiều tệp nhỏ hơn",
                       "the file is over the limit (an XLSX also once unzipped)",
                       "split it into smaller files"),
    "future-time": ("thời gian xác nhận ở tương lai",
                    "kiểm tra đồng hồ máy hoặc cột thời gian",
                    "the acknowledgement time is in the future",
                    "check the computer's clock or the time column"),
    "invisible-char": ("giá trị chứa ký tự vô hình (thường do sao chép từ web hoặc Word)",
                       "xoá ký tự đó rồi nhập lại",
                       "a value holds an invisible character (usually pasted from the web or Word)",
                       "remove it and import again"),
    "log-damaged": ("(cảnh báo) một tệp hoặc một dòng của nhật ký hỏng: không được tính",
                    "khôi phục tệp từ git",
                    "(warning) a log file or row is damaged: not counted",
                    "restore the file from git"),
    "log-locked": ("nhật ký đang được một lần nhập khác ghi",
                   "chạy lại sau khi lần nhập kia xong",
                   "another import is writing the log",
                   "run again once it has finished"),
    "log-tampered": ("nhật ký bị sửa, thêm hoặc xoá bằng tay (chuỗi băm không khớp)",
                     "khôi phục tệp từ git; chỉ ghi nhật ký bằng ack import",
                     "the log was edited, added to or cut by hand (its hash chain does not match)",
                     "restore the file from git; write the log with ack import only"),
    "missing-column": ("thiếu một cột cần thiết",
                       "đặt câu hỏi của biểu mẫu theo hướng dẫn, hoặc dùng --map 'Tên cột=trường'",
                       "a required column is missing",
                       "name the form's questions as the guide says, or use --map 'Column=field'"),
    "missing-dir": ("--acks không phải là một thư mục",
                    "chỉ ra thư mục nhật ký",
                    "--acks is not a folder",
                    "give the log folder"),
    "missing-docs": ("không có thư mục nội dung",
                     "chỉ ra bằng --docs",
                     "the content folder does not exist",
                     "give it with --docs"),
    "missing-file": ("không tìm thấy tệp",
                     "kiểm tra đường dẫn tệp",
                     "the file was not found",
                     "check the path"),
    "missing-form-url": ("mkdocs.yml chưa có địa chỉ biểu mẫu xác nhận thật",
                         "dán địa chỉ https:// của biểu mẫu vào extra.ack_form_url",
                         "mkdocs.yml has no real acknowledgement form address",
                         "paste the form's https:// address into extra.ack_form_url"),
    "missing-secret": ("cần khoá bí mật (ký hoặc kiểm tra mã xác thực) nhưng chưa có",
                       "dùng --secret-file TỆP hoặc biến môi trường HANDBOOK_ACK_SECRET",
                       "a secret is needed (to sign or check tokens) and none is given",
                       "use --secret-file FILE or HANDBOOK_ACK_SECRET"),
    "missing-token": ("dòng không có mã xác thực trong khi dùng --require-token",
                      "bỏ --require-token, hoặc dùng kênh proxy kèm ghi chú",
                      "a row without a token under --require-token",
                      "drop --require-token, or use the proxy channel with a note"),
    "missing-value": ("thiếu một giá trị cần thiết",
                      "điền giá trị còn thiếu",
                      "a required value is missing",
                      "fill it in"),
    "no-workspace": ("chưa có không gian làm việc",
                     "tạo bằng python -m scripts ack init THƯ_MỤC (ngoài kho nội dung)",
                     "no workspace yet",
                     "create one with python -m scripts ack init FOLDER (outside the content repository)"),
    "not-in-audience": ("(cảnh báo) báo cáo viên không thuộc đối tượng của tài liệu: ghi vào nhật ký, không tính vào tỉ lệ",
                        "không cần sửa nếu đúng; nếu không, kiểm tra cấp của báo cáo viên",
                        "(warning) the reporter is outside the document's audience: logged, not counted",
                        "nothing to do if right; otherwise check the reporter's level"),
    "not-xlsx": ("tệp không phải XLSX hợp lệ (kể cả .xls cũ)",
                 "lưu lại thành .xlsx hoặc CSV UTF-8",
                 "not a valid XLSX (or an old .xls)",
                 "save it again as .xlsx or CSV UTF-8"),
    "personal-data": ("tệp sẽ công bố có dữ liệu cá nhân, hoặc không kiểm tra được",
                      "xoá giá trị hoặc tệp khỏi docs/ hay overrides/",
                      "a file to be published holds personal data, or cannot be checked",
                      "remove the value or the file from docs/ or overrides/"),
    "proxy-without-note": ("xác nhận thay (kênh proxy) thiếu ghi chú",
                           "ghi ai xác nhận thay và vì sao",
                           "a proxy acknowledgement without a note",
                           "note who acknowledged on their behalf and why"),
    "roster-in-repo": ("tệp có dạng danh sách báo cáo viên hoặc nhật ký nằm trong kho nội dung",
                       "chuyển tệp ra không gian làm việc của điều phối viên rồi xoá khỏi kho (cả lịch sử git)",
                       "a roster- or log-shaped file inside the content repository",
                       "move it to the coordinator's workspace and remove it from the repository (and its git history)"),
    "roster-leak": ("tệp dữ liệu sẽ công bố chứa giá trị của danh sách báo cáo viên, hoặc không đọc được",
                    "chuyển tệp về thư mục làm việc của điều phối viên",
                    "a data file to be published holds roster values, or cannot be read",
                    "move it back to the coordinator's workspace"),
    "secret-in-repo": ("khoá bí mật nằm trong kho mã",
                       "chuyển khoá ra ngoài kho và đổi khoá (coi như đã lộ)",
                       "the secret is inside the repository",
                       "move it out of the repository and change it (consider it leaked)"),
    "secret-permissions": ("tệp khoá bí mật để người khác đọc hoặc ghi được",
                           "chạy chmod 600 TỆP",
                           "other users can read or write the secret file",
                           "run chmod 600 FILE"),
    "too-many-rows": ("quá nhiều dòng trong một lần nhập",
                      "chia thành nhiều tệp rồi nhập từng tệp",
                      "too many rows in one import",
                      "split into several files and import them one by one"),
    "unknown-level": ("cấp báo cáo viên không có",
                      "dùng một cấp trong danh sách",
                      "an unknown reporter level",
                      "use one of the listed levels"),
    "unknown-province": ("tỉnh, thành phố không có trong provinces.csv",
                         "dùng mã hoặc tên của 34 đơn vị hiện hành hoặc 63 đơn vị cũ",
                         "a province not in provinces.csv",
                         "use the code or name of one of the 34 current or 63 former units"),
    "unknown-reporter": ("không có báo cáo viên nào với mã, email hay số điện thoại của dòng",
                         "kiểm tra dòng hoặc thêm người vào danh sách",
                         "no reporter has the row's id, e-mail or phone",
                         "check the row, or add the person to the roster"),
    "unknown-revision": ("phiên bản thiếu, không phải số nguyên hoặc không có",
                         "ghi số phiên bản của tài liệu",
                         "a revision missing, not a whole number, or that does not exist",
                         "write the document's revision number"),
    "unknown-update": ("không có tài liệu cần xác nhận với mã hoặc tên đó",
                       "dùng mã hoặc tên tài liệu (gợi ý tên gần giống nếu có)",
                       "no document requiring acknowledgement has that id or title",
                       "use the document's id or title (a close one is suggested)"),
    "unreadable-file": ("không đọc được tệp (thư mục, thiết bị, quyền, thiếu thư viện)",
                        "kiểm tra tệp và quyền đọc",
                        "the file cannot be read (a folder, a device, permissions, a missing library)",
                        "check the file and its permissions"),
    "unsafe-output": ("tệp có dữ liệu cá nhân sẽ được ghi vào nơi không được phép (docs/, site/, nhật ký, tệp đầu vào)",
                      "chọn thư mục khác, ngoài kho mã",
                      "a file with personal data would be written where it may not go (docs/, site/, the log, an input)",
                      "choose another folder, outside the repository"),
    "unsafe-symlink": ("liên kết tượng trưng trỏ ra ngoài docs/ hoặc overrides/",
                       "xoá liên kết, chép nội dung cần công bố vào thư mục",
                       "a symbolic link leaving docs/ or overrides/",
                       "remove the link, copy what is to be published into the folder"),
    "unwritable": ("không tạo được tệp mới trong thư mục nhật ký",
                   "kiểm tra quyền ghi của thư mục",
                   "no new file could be created in the log folder",
                   "check the folder's write permission"),
    "weak-secret": ("khoá bí mật quá ngắn hoặc không ngẫu nhiên",
                    "tạo khoá mới bằng python -c \"import secrets; print(secrets.token_hex(32))\"",
                    "the secret is too short or not random",
                    "make a new one with python -c \"import secrets; print(secrets.token_hex(32))\""),
    "workspace-exists": ("thư mục đã là không gian làm việc hoặc không trống",
                         "chọn một thư mục mới",
                         "the folder is already a workspace, or not empty",
                         "choose a new folder"),
    "workspace-in-repo": ("không gian làm việc nằm trong kho nội dung",
                          "chọn thư mục ngoài kho, ví dụ ~/so-tay-dieu-phoi",
                          "the workspace is inside the content repository",
                          "choose a folder outside it, e.g. ~/so-tay-dieu-phoi"),
    "yaml-syntax": ("plans.yml viết sai cú pháp YAML",
                    "kiểm tra thụt lề và dấu ':'",
                    "plans.yml is not valid YAML",
                    "check the indentation and the ':'"),
}


def message(rule: str, case: str, /, **values) -> str:
    """The Vietnamese message of `rule` in `case`, its placeholders filled from `values`."""
    return MESSAGES[rule][case].format(**values)


def pair(rule: str, case: str, /, **values) -> tuple[str, str]:
    """(rule, message): a row's problem before its file and row are known."""
    return rule, message(rule, case, **values)


def problem(where, row: int, rule: str, case: str, /, **values) -> Problem:
    """`file:row: [rule] message`."""
    return Problem(where, row, rule, message(rule, case, **values))
