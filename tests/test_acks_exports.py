"""Real form exports, written at test time the way each product writes them, imported into a
coordinator's workspace WITHOUT options; the exact stored timestamps are checked. Ambiguous
day/month orders are refused with the rule id, naming both readings.

How each product writes its export (what the fixtures below reproduce):
- Google Forms, the responses sheet downloaded as CSV from Google Sheets: the first column is
  `Timestamp` (English locale) or `Dấu thời gian` (Vietnamese locale), then one column per
  question title. Values as the sheet displays them: `10/07/2026 14:05:33` in a Vietnamese
  sheet (day first), `7/10/2026 14:05:33` in an English (United States) sheet (month first; a
  UK sheet writes day first under the same `Timestamp`).
- Google Forms "Download responses (.csv)" from the form: `Timestamp` with year first and the
  form's offset, `2026/07/10 2:05:33 PM GMT+7`.
- Microsoft Forms, "Open results in Excel" (XLSX): `ID`, `Start time`, `Completion time`,
  `Email`, `Name` (`Thời gian bắt đầu`, `Thời gian hoàn thành`, `Tên` in the Vietnamese
  interface), `Last modified time`, then the questions; the times are Excel date cells without
  zone, `Email` is `anonymous` for a form anyone can answer.
- KoboToolbox, CSV (`;` by default, `,` when chosen) or XLSX, headers as labels or XML names:
  `start`, `end` (with the device's offset), the questions, then `_id`, `_uuid`,
  `_submission_time` (the server's time in UTC, written WITHOUT an offset: kpi issue #3941),
  `_validation_status`, `_notes`, `_status`, `_submitted_by`, `__version__`, `_tags`, `_index`.
  In an XLSX export the times are date cells, offsets dropped (kpi issue #3943).
"""
from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest
from support import ackfixtures as fx

from scripts.acks import cli
from scripts.acks.links import token

SECRET = bytes(range(40))
ROSTER = [
    ["BCV-001", "Người Mẫu Một", "provincial", "ha-noi", "CA mẫu", "bcv001@example.invalid", "0900 000 001", "true",
     "2024-01-01"],
    ["BCV-002", "Người Mẫu Hai", "provincial", "hue", "CA mẫu", "bcv002@example.invalid", "0900 000 002", "true",
     "2024-01-01"],
    ["BCV-003", "Người Mẫu Ba", "central", "", "Vụ mẫu", "bcv003@example.invalid", "0900 000 003", "true",
     "2024-01-01"],
]
QUESTIONS_VI = ["Mã báo cáo viên", "Văn bản", "Phiên bản", "Mã xác thực"]


@pytest.fixture
def ws(tmp_path, monkeypatch):
    """A workspace made by `ack init`, with a roster and a known secret; the content's docs."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("HANDBOOK_WORKSPACE", raising=False)
    monkeypatch.delenv("HANDBOOK_ACK_SECRET", raising=False)
    root = tmp_path / "workspace"
    assert cli.main(["init", str(root)]) == 0
    fx.write_roster(root / "reporters.csv", ROSTER)
    (root / "ack-secret").write_bytes(SECRET)
    docs = fx.make_docs(tmp_path / "content")
    return {"root": root, "docs": docs, "tmp": tmp_path}


def tok(rid, uid="luat-tre-em-2016", rev=1):
    return token(SECRET, rid, uid, rev)


def run(ws, *args):
    return cli.main([args[0], "--docs", str(ws["docs"]), *args[1:]])  # the workspace: remembered by init


def stored(ws) -> list[tuple]:
    rows = []
    for path in sorted((ws["root"] / "acks").glob("*.csv")):
        with open(path, newline="", encoding="utf-8") as f:
            rows += [(r["reporter_id"], r["update_id"], r["revision"], r["acknowledged_at"]) for r in csv.DictReader(f)]
    return sorted(rows)


def write_csv(path: Path, header, rows, delimiter=",", encoding="utf-8"):
    with open(path, "w", newline="", encoding=encoding) as f:
        w = csv.writer(f, delimiter=delimiter, lineterminator="\r\n")
        w.writerow(header)
        w.writerows(rows)
    return path


def write_xlsx(path: Path, header, rows, date_format="m/d/yy h:mm:ss"):
    from openpyxl import Workbook
    wb = Workbook()
    sheet = wb.active
    sheet.title = "Form1"
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, dt.datetime):
                cell.number_format = date_format  # a real Excel date cell
    wb.save(path)
    return path


def imported(ws, capsys, path, *args) -> str:
    rc = run(ws, "import", str(path), *args)
    out = capsys.readouterr()
    assert rc == 0, out.out + out.err
    return out.err


# ------------------------------------------------------------------------------------------ Google Forms


def test_google_sheets_csv_vietnamese_locale(ws, capsys):
    path = write_csv(ws["tmp"] / "Câu trả lời - Trang tính1.csv", ["Dấu thời gian", *QUESTIONS_VI, "Ghi chú"], [
        ["10/07/2026 14:05:33", "BCV-001", "luat-tre-em-2016", "1", tok("BCV-001"), ""],
        ["03/07/2026 9:01:02", "BCV-002", "luat-tre-em-2016", "1", tok("BCV-002"), "đã đọc"],
    ])
    err = imported(ws, capsys, path)
    assert stored(ws) == [("BCV-001", "luat-tre-em-2016", "1", "2026-07-10T14:05:33+07:00"),
                          ("BCV-002", "luat-tre-em-2016", "1", "2026-07-03T09:01:02+07:00")]
    assert "Google Forms" in err and "Asia/Ho_Chi_Minh" in err and "Dấu thời gian" in err


def test_google_sheets_csv_us_locale_is_refused_until_the_order_is_given(ws, capsys):
    rows = [["7/10/2026 14:05:33", "BCV-001", "luat-tre-em-2016", "1", tok("BCV-001")],
            ["7/3/2026 9:01:02", "BCV-002", "luat-tre-em-2016", "1", tok("BCV-002")]]
    path = write_csv(ws["tmp"] / "responses.csv", ["Timestamp", *QUESTIONS_VI], rows)
    assert run(ws, "import", str(path)) == 1
    out = capsys.readouterr()
    text = out.out + out.err
    assert f"{path}:2: [ambiguous-date]" in text
    assert "ngày 7 tháng 10" in text and "ngày 10 tháng 7" in text and "--date-order" in text
    assert "Traceback" not in out.out + out.err and stored(ws) == []  # nothing written
    imported(ws, capsys, path, "--date-order", "mdy")
    assert stored(ws) == [("BCV-001", "luat-tre-em-2016", "1", "2026-07-10T14:05:33+07:00"),
                          ("BCV-002", "luat-tre-em-2016", "1", "2026-07-03T09:01:02+07:00")]


def test_google_sheets_us_column_settled_by_a_day_over_12(ws, capsys):
    path = write_csv(ws["tmp"] / "responses.csv", ["Timestamp", *QUESTIONS_VI], [
        ["7/10/2026 14:05:33", "BCV-001", "luat-tre-em-2016", "1", tok("BCV-001")],
        ["7/13/2026 8:00:00", "BCV-002", "luat-tre-em-2016", "1", tok("BCV-002")],  # 13: the day, so month first
    ])
    err = imported(ws, capsys, path)
    assert stored(ws) == [("BCV-001", "luat-tre-em-2016", "1", "2026-07-10T14:05:33+07:00"),
                          ("BCV-002", "luat-tre-em-2016", "1", "2026-07-13T08:00:00+07:00")]
    assert "dòng 3" in err  # the report names the row that settled the order


def test_google_forms_download_responses_csv(ws, capsys):
    path = write_csv(ws["tmp"] / "Form (Responses).csv", ["Timestamp", "Email Address", *QUESTIONS_VI], [
        ["2026/07/10 2:05:33 PM GMT+7", "", "BCV-001", "luat-tre-em-2016", "1", tok("BCV-001")],
        ["2026/07/03 9:01:02 AM GMT+7", "", "BCV-002", "luat-tre-em-2016", "1", tok("BCV-002")],
    ])
    imported(ws, capsys, path)
    assert stored(ws) == [("BCV-001", "luat-tre-em-2016", "1", "2026-07-10T14:05:33+07:00"),
                          ("BCV-002", "luat-tre-em-2016", "1", "2026-07-03T09:01:02+07:00")]


# ------------------------------------------------------------------------------------------ Microsoft Forms


@pytest.mark.parametrize("meta", [
    ["ID", "Start time", "Completion time", "Email", "Name", "Last modified time"],
    ["ID", "Thời gian bắt đầu", "Thời gian hoàn thành", "Email", "Tên", "Thời gian sửa đổi lần cuối"],
], ids=["en", "vi"])
def test_microsoft_forms_xlsx(ws, capsys, meta):
    path = write_xlsx(ws["tmp"] / "Xác nhận đã đọc(1-2).xlsx", [*meta, *QUESTIONS_VI], [
        [1, dt.datetime(2026, 7, 10, 14, 3, 0), dt.datetime(2026, 7, 10, 14, 5, 33), "anonymous", None, None,
         "BCV-001", "luat-tre-em-2016", 1, tok("BCV-001")],
        [2, dt.datetime(2026, 7, 3, 9, 0, 0), dt.datetime(2026, 7, 3, 9, 1, 2), "anonymous", None, None,
         "BCV-002", "luat-tre-em-2016", 1, tok("BCV-002")],
    ])
    err = imported(ws, capsys, path)
    assert stored(ws) == [("BCV-001", "luat-tre-em-2016", "1", "2026-07-10T14:05:33+07:00"),
                          ("BCV-002", "luat-tre-em-2016", "1", "2026-07-03T09:01:02+07:00")]
    assert "Microsoft Forms" in err and meta[2] in err  # the completion time, never the start time


# ------------------------------------------------------------------------------------------ KoboToolbox

KOBO_TAIL = ["_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status", "_submitted_by",
             "__version__", "_tags", "_index"]


def kobo_rows(xlsx=False):
    def when(text):
        return dt.datetime.fromisoformat(text) if xlsx else text
    return [
        [when("2026-07-10T14:04:01.120+07:00") if not xlsx else dt.datetime(2026, 7, 10, 14, 4, 1),
         "2026-07-10T14:05:33.456+07:00" if not xlsx else dt.datetime(2026, 7, 10, 14, 5, 33),
         "BCV-001", "luat-tre-em-2016", 1 if xlsx else "1", tok("BCV-001"),
         381_204_551, "1f2e3d4c-0000-4000-8000-000000000001", when("2026-07-10T07:05:40"), "", "",
         "submitted_via_web", "", "vGq3sXnT7bH9k2", "", 1],
        ["2026-07-03T09:00:10.000+07:00" if not xlsx else dt.datetime(2026, 7, 3, 9, 0, 10),
         "2026-07-03T09:01:02.000+07:00" if not xlsx else dt.datetime(2026, 7, 3, 9, 1, 2),
         "BCV-002", "luat-tre-em-2016", 1 if xlsx else "1", tok("BCV-002"),
         381_204_552, "1f2e3d4c-0000-4000-8000-000000000002", when("2026-07-03T02:01:09"), "", "",
         "submitted_via_web", "", "vGq3sXnT7bH9k2", "", 2],
    ]


KOBO_EXPECTED = [("BCV-001", "luat-tre-em-2016", "1", "2026-07-10T14:05:40+07:00"),  # _submission_time, UTC
                 ("BCV-002", "luat-tre-em-2016", "1", "2026-07-03T09:01:09+07:00")]


@pytest.mark.parametrize("delimiter, questions", [
    (";", QUESTIONS_VI),  # the default separator, labels as headers
    (",", ["reporter_id", "update_id", "revision", "token"]),  # XML names as headers
    (";", ["nhom_xac_nhan/reporter_id", "nhom_xac_nhan/update_id", "nhom_xac_nhan/revision",
           "nhom_xac_nhan/token"]),  # names with the group path
], ids=["semicolon-labels", "comma-names", "group-names"])
def test_kobo_csv(ws, capsys, delimiter, questions):
    path = write_csv(ws["tmp"] / "aXYZ_-_Xac_nhan_da_doc_-_all_versions_-_labels_-_2026-07-11.csv",
                     ["start", "end", *questions, *KOBO_TAIL], kobo_rows(), delimiter=delimiter)
    err = imported(ws, capsys, path)
    assert stored(ws) == KOBO_EXPECTED  # __version__ is not the page's revision
    assert "KoboToolbox" in err and "_submission_time" in err and "UTC" in err


def test_kobo_xlsx_date_cells(ws, capsys):
    path = write_xlsx(ws["tmp"] / "kobo.xlsx", ["start", "end", *QUESTIONS_VI, *KOBO_TAIL], kobo_rows(xlsx=True),
                      date_format="yyyy-mm-dd hh:mm:ss")
    imported(ws, capsys, path)
    assert stored(ws) == KOBO_EXPECTED


# ------------------------------------------------------------------------------------------ what every profile shares


def test_update_given_by_title_or_prefix_accents_folded(ws, capsys):
    path = write_csv(ws["tmp"] / "dropdown.csv", ["Dấu thời gian", *QUESTIONS_VI], [
        ["10/07/2026 14:05:33", "BCV-001", "Luật Trẻ em 2016", "1", tok("BCV-001")],
        ["11/07/2026 08:00:00", "BCV-002", "bo luat hinh su", "2", tok("BCV-002", "blhs-dieu-150-151", 2)],
    ])
    imported(ws, capsys, path)
    assert stored(ws) == [("BCV-001", "luat-tre-em-2016", "1", "2026-07-10T14:05:33+07:00"),
                          ("BCV-002", "blhs-dieu-150-151", "2", "2026-07-11T08:00:00+07:00")]


def test_a_title_prefix_matching_several_updates_says_which(ws, capsys):
    path = write_csv(ws["tmp"] / "dropdown.csv", ["Dấu thời gian", *QUESTIONS_VI],
                     [["10/07/2026 14:05:33", "BCV-001", "Luật", "1", tok("BCV-001")]])
    assert run(ws, "import", str(path)) == 1
    out = capsys.readouterr().out
    assert f"{path}:2: [ambiguous-update]" in out and "luat-tre-em-2016" in out and "luat-pcmbn-2024" in out


def test_rows_without_token_are_kept_and_counted_apart_a_wrong_token_is_refused(ws, capsys):
    rows = [["10/07/2026 14:05:33", "BCV-001", "luat-tre-em-2016", "1", tok("BCV-001")],
            ["11/07/2026 08:00:00", "BCV-002", "luat-tre-em-2016", "1", ""]]  # the page's public button
    path = write_csv(ws["tmp"] / "a.csv", ["Dấu thời gian", *QUESTIONS_VI], rows)
    assert run(ws, "import", str(path), "--format", "json") == 0
    doc = json.loads(capsys.readouterr().out)
    assert (doc["added"], doc["signed"], doc["unsigned"]) == (2, 1, 1)
    bad = write_csv(ws["tmp"] / "b.csv", ["Dấu thời gian", *QUESTIONS_VI],
                    [["12/07/2026 08:00:00", "BCV-003", "luat-tre-em-2016", "1", tok("BCV-001")]])
    assert run(ws, "import", str(bad)) == 1
    assert f"{bad}:2: [bad-token]" in capsys.readouterr().out


def test_ignore_a_column(ws, capsys):
    header = ["Dấu thời gian", *QUESTIONS_VI, "Phiên bản (cũ)"]
    path = write_csv(ws["tmp"] / "a.csv", header,
                     [["10/07/2026 14:05:33", "BCV-001", "luat-tre-em-2016", "1", tok("BCV-001"), "7"]])
    assert run(ws, "import", str(path)) == 1
    assert "[duplicate-column]" in capsys.readouterr().out
    imported(ws, capsys, path, "--ignore", "Phiên bản (cũ)")
    assert stored(ws) == [("BCV-001", "luat-tre-em-2016", "1", "2026-07-10T14:05:33+07:00")]


@pytest.mark.parametrize("value", ["01/01/0001 00:00 GMT+14", "31/12/9999 23:59 GMT-12", "0001-01-01T00:00:00+14:00"])
def test_overflowing_dates_are_a_row_level_bad_date(ws, capsys, value):
    path = write_csv(ws["tmp"] / "a.csv", ["Dấu thời gian", *QUESTIONS_VI], [
        [value, "BCV-001", "luat-tre-em-2016", "1", tok("BCV-001")],
        ["11/07/2026 08:00:00", "BCV-002", "luat-tre-em-2016", "1", tok("BCV-002")]])
    assert run(ws, "import", str(path)) == 1
    out = capsys.readouterr()
    assert f"{path}:2: [bad-date]" in out.out and "Traceback" not in out.out + out.err
    assert run(ws, "import", str(path), "--skip-bad") == 0  # the good row goes in, the bad one to rejects/
    capsys.readouterr()
    assert stored(ws) == [("BCV-002", "luat-tre-em-2016", "1", "2026-07-11T08:00:00+07:00")]
    assert list((ws["root"] / "rejects").glob("rejects-*.csv"))


def test_the_report_says_how_each_file_was_read_in_either_language(ws, capsys):
    path = write_csv(ws["tmp"] / "kobo.csv", ["start", "end", *QUESTIONS_VI, *KOBO_TAIL], kobo_rows(), delimiter=";")
    assert run(ws, "import", str(path), "--format", "json", "--lang", "en", "--dry-run") == 0
    out = capsys.readouterr()
    doc = json.loads(out.out)
    assert doc["files"] == [{"path": str(path), "product": "KoboToolbox", "time_column": "_submission_time",
                             "zone": "UTC", "date_order": None}]
    assert "times without an offset read in UTC" in out.err and "not needed" in out.err


def test_a_mistyped_title_suggests_the_update(ws, capsys):
    path = write_csv(ws["tmp"] / "typo.csv", ["Dấu thời gian", *QUESTIONS_VI],
                     [["10/07/2026 14:05:33", "BCV-001", "Luat Tre em 2061", "1", tok("BCV-001")]])
    assert run(ws, "import", str(path)) == 1
    out = capsys.readouterr().out
    assert f"{path}:2: [unknown-update]" in out and "có phải: luat-tre-em-2016?" in out


def test_the_form_zone_is_a_setting(ws, capsys):
    path = write_csv(ws["tmp"] / "utc.csv", ["Dấu thời gian", *QUESTIONS_VI],
                     [["10/07/2026 14:05:33", "BCV-001", "luat-tre-em-2016", "1", tok("BCV-001")]])
    err = imported(ws, capsys, path, "--zone", "UTC")
    assert stored(ws) == [("BCV-001", "luat-tre-em-2016", "1", "2026-07-10T21:05:33+07:00")]
    assert "đọc theo UTC" in err
    assert run(ws, "import", str(path), "--zone", "Mars/Olympus") == 1
    assert "[bad-zone]" in capsys.readouterr().err


def test_a_value_against_the_settled_order_is_a_bad_row_not_a_guess(ws, capsys):
    path = write_csv(ws["tmp"] / "mixed.csv", ["Timestamp", *QUESTIONS_VI], [
        ["13/07/2026 14:05:33", "BCV-001", "luat-tre-em-2016", "1", tok("BCV-001")],  # day first, settled
        ["07/14/2026 08:00:00", "BCV-002", "luat-tre-em-2016", "1", tok("BCV-002")]])  # month first: no month 14
    assert run(ws, "import", str(path)) == 1
    out = capsys.readouterr().out
    assert f"{path}:3: [bad-date]" in out and stored(ws) == []
