"""Acknowledgement tracking: import, status, report, remind on tiny trees built here.

Each test builds its own docs tree, roster and log under tmp_path (nothing read
from docs/), runs the command as a coordinator would, and asserts the exact
outcome: a rule that stopped working fails its test.
"""
from __future__ import annotations

import csv
import datetime as dt
import json
import subprocess
import sys
import unicodedata
from pathlib import Path

import openpyxl
import pytest
from support import ackfixtures as fx

from scripts.acks import cli
from scripts.acks.roster import normalize_phone
from scripts.acks.times import parse_time

ROOT = Path(__file__).resolve().parent.parent
AS_OF = "2026-11-29"

# upd-a: revision 2, due 2026-03-31 (central, provincial); upd-b: revision 1, due 2026-07-01 (all levels).
UPDATES = [
    ("upd-a", "legal-update", 2, "2026-03-01", 30, ["central", "provincial"], "Văn bản A", "Document A"),
    ("upd-b", "module", 1, "2026-06-01", 30, ["central", "provincial", "commune"], "Bài B", "Module B"),
]
ROSTER = [
    ["R01", "Người Mẫu Một", "central", "ha-noi", "Đơn vị mẫu", "r01@example.invalid", "0900 000 001", "true", "2024-01-01"],
    ["R02", "Người Mẫu Hai", "provincial", "ha-giang", "CA tỉnh", "r02@example.invalid", "0900 000 002", "true", "2024-01-01"],
    ["R03", "Người Mẫu Ba", "provincial", "Bình Dương", "CA tỉnh", "r03@example.invalid", "0900 000 003", "true", "2024-01-01"],
    ["R04", "Người Mẫu Bốn", "commune", "an-giang", "CA xã", "r04@example.invalid", "0900 000 004", "true", "2024-01-01"],
    ["R05", "Người Mẫu Năm", "provincial", "ha-noi", "CA tp", "r05@example.invalid", "0900 000 005", "false", "2024-01-01"],
    ["R06", "Người Mẫu Sáu", "provincial", "da-nang", "CA tp", "r06@example.invalid", "0900 000 006", "true", "2026-11-01"],
    ["R07", "Người Mẫu Bảy", "commune", "cao-bang", "CA xã", "r07@example.invalid", "0900 000 077", "true", "2024-01-01"],
    ["R08", "Người Mẫu Tám", "commune", "cao-bang", "CA xã", "r08@example.invalid", "0900 000 077", "true", "2024-01-01"],
]


@pytest.fixture
def env(tmp_path):
    docs = fx.make_docs(tmp_path, UPDATES, extra={
        "legal/khong-can.vi.md": fx.page("khong-can", "legal-update", 1, "2026-01-01", 30, ["central"], "Không cần",
                                         required=False),
        "index.vi.md": "---\nid: home\ntype: page\ntitle: Trang chủ\n---\n\nXin chào.\n",
    })
    roster = fx.write_roster(tmp_path / "data" / "reporters.csv", ROSTER)
    acks = tmp_path / "data" / "acks"
    acks.mkdir()
    return {"docs": docs, "roster": roster, "acks": acks, "tmp": tmp_path}


def run(env, *args, as_of=AS_OF):
    common = ["--roster", str(env["roster"]), "--acks", str(env["acks"]), "--docs", str(env["docs"])]
    if as_of and args[0] != "import":
        common += ["--as-of", as_of]
    return cli.main([args[0], *common, *args[1:]])


def log_rows(acks: Path) -> list[dict]:
    rows = []
    for p in sorted(acks.glob("*.csv")):
        if p.name.startswith("rejects-"):
            continue
        with open(p, newline="", encoding="utf-8") as f:
            rows += list(csv.DictReader(f))
    return rows


def write_csv(path: Path, header, rows, encoding="utf-8-sig", delimiter=","):
    with open(path, "w", newline="", encoding=encoding) as f:
        w = csv.writer(f, delimiter=delimiter, lineterminator="\r\n")
        w.writerow(header)
        w.writerows(rows)
    return path


def nfd(text):
    return unicodedata.normalize("NFD", text)


# --------------------------------------------------------------------------- parsing units


@pytest.mark.parametrize("value", ["+84 90 000 0001", "84900000001", "0900.000.001", "0900 000 001", "900000001",
                                   "(+84) 900-000-001", 84900000001, 900000001.0])
def test_phone_formats_normalise_to_one_key(value):
    assert normalize_phone(value) == "+84900000001"  # E.164 (phonenumbers, region VN)


@pytest.mark.parametrize("text, expected", [
    ("05/06/2026 10:11:12", "2026-06-05T10:11:12+07:00"),
    ("05/06/2026 10:11", "2026-06-05T10:11:00+07:00"),
    ("5/6/2026", "2026-06-05T00:00:00+07:00"),
    ("2026-06-05T03:11:12Z", "2026-06-05T10:11:12+07:00"),
    ("2026-06-05 10:11:12", "2026-06-05T10:11:12+07:00"),
    ("2026-06-05T10:11:12+09:00", "2026-06-05T08:11:12+07:00"),
    (dt.datetime(2026, 6, 5, 10, 11, 12), "2026-06-05T10:11:12+07:00"),
])
def test_times_parse_to_iso_with_vietnam_offset(text, expected):
    assert parse_time(text, order="dmy").isoformat() == expected


@pytest.mark.parametrize("text", ["31/02/2026 10:00:00", "hôm qua", "2026-13-01", "", None])
def test_unparsable_times_are_none(text):
    assert parse_time(text) is None


# --------------------------------------------------------------------------- import: messy exports


def test_import_bom_csv_with_nfd_headers_ddmm_dates_and_phone_formats(env, capsys):
    src = write_csv(env["tmp"] / "google-forms.csv",
                    [nfd("Dấu thời gian"), nfd("Địa chỉ email"), nfd("Số điện thoại"), nfd("Mã tài liệu"),
                     nfd("Phiên bản"), nfd("Họ và tên")],
                    [["05/06/2026 10:11:12", "R01@Example.Invalid", "", "upd-b", "1", nfd("Người Mẫu Một")],
                     ["6/6/2026 08:00", "", "+84 90 000 0002", "upd-b", "1", ""],
                     ["07/06/2026 09:00:00", "", "84900000003", "upd-b", "1", ""],
                     ["08/06/2026 09:00:00", "", "0900.000.004", "upd-b", "1", ""],
                     ["08/06/2026 09:00:00", "", "0900.000.004", "upd-b", "1", ""]])  # duplicate submission
    assert src.read_bytes().startswith(b"\xef\xbb\xbf")
    assert run(env, "import", str(src)) == 0
    rows = log_rows(env["acks"])
    assert [(r["reporter_id"], r["update_id"], r["revision"], r["acknowledged_at"], r["channel"]) for r in rows] == [
        ("R01", "upd-b", "1", "2026-06-05T10:11:12+07:00", "form"),
        ("R02", "upd-b", "1", "2026-06-06T08:00:00+07:00", "form"),
        ("R03", "upd-b", "1", "2026-06-07T09:00:00+07:00", "form"),
        ("R04", "upd-b", "1", "2026-06-08T09:00:00+07:00", "form"),
    ]
    assert "1 dòng trùng" in capsys.readouterr().err


def test_import_utf16_tab_separated_as_excel_saves_unicode_text(env):
    src = env["tmp"] / "excel-unicode.txt"
    text = "Mã báo cáo viên\tMã tài liệu\tPhiên bản\tThời gian\tGhi chú\r\n" \
           "R01\tupd-a\t2\t15/03/2026 14:30:00\tđã đọc kỹ, có ghi chú\r\n" \
           "r02\tupd-a\t1\t20/02/2026 08:00:00\t\r\n"
    src.write_bytes(text.encode("utf-16"))  # BOM + UTF-16-LE, as Excel writes
    assert src.read_bytes()[:2] == b"\xff\xfe"
    assert run(env, "import", str(src)) == 0
    rows = log_rows(env["acks"])
    assert [(r["reporter_id"], r["revision"], r["acknowledged_at"], r["note"]) for r in rows] == [
        ("R01", "2", "2026-03-15T14:30:00+07:00", "đã đọc kỹ, có ghi chú"),
        ("R02", "1", "2026-02-20T08:00:00+07:00", ""),
    ]


def test_import_xlsx_with_vietnamese_headers(env):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Dấu thời gian", "Địa chỉ email", "Mã tài liệu", "Phiên bản", "Số điện thoại"])
    ws.append([dt.datetime(2026, 6, 10, 9, 30), "r01@example.invalid", "upd-b", 1, None])
    ws.append(["11/06/2026 10:00:00", None, "upd-b", "1", 84900000002])  # phone typed as a number
    ws.append([dt.datetime(2026, 6, 10, 9, 30), "r01@example.invalid", "upd-b", 1, None])  # duplicate
    src = env["tmp"] / "microsoft-forms.xlsx"
    wb.save(src)
    assert run(env, "import", str(src)) == 0
    rows = log_rows(env["acks"])
    assert [(r["reporter_id"], r["acknowledged_at"]) for r in rows] == [
        ("R01", "2026-06-10T09:30:00+07:00"), ("R02", "2026-06-11T10:00:00+07:00")]


def test_import_map_option_for_unknown_headers(env):
    src = write_csv(env["tmp"] / "tu-lam.csv", ["Người xác nhận", "Văn bản số", "Bản", "Lúc"],
                    [["R01", "upd-b", "1", "2026-06-20 10:00:00"]])
    assert run(env, "import", str(src)) == 1  # headers not recognised
    assert log_rows(env["acks"]) == []
    assert run(env, "import", str(src), "--map", "Người xác nhận=reporter_id", "--map", "Văn bản số=update_id",
               "--map", "Bản=revision", "--map", "Lúc=acknowledged_at") == 0
    assert [r["reporter_id"] for r in log_rows(env["acks"])] == ["R01"]


def test_reimport_is_idempotent_and_log_is_append_only(env, capsys):
    src = write_csv(env["tmp"] / "a.csv", ["reporter_id", "update_id", "revision", "Dấu thời gian"],
                    [["R01", "upd-b", "1", "05/06/2026 10:00:00"], ["R02", "upd-b", "1", "05/06/2026 11:00:00"]])
    assert run(env, "import", str(src)) == 0
    first = fx.snapshot(env["acks"])
    assert len(first) == 1
    assert run(env, "import", str(src)) == 0
    assert fx.snapshot(env["acks"]) == first  # nothing added, nothing rewritten
    assert "thêm 0 xác nhận" in capsys.readouterr().err
    # Same acknowledgement written in another format + one new row: only the new row is added.
    src2 = write_csv(env["tmp"] / "b.csv", ["reporter_id", "update_id", "revision", "Dấu thời gian"],
                     [["R01", "upd-b", "1", "2026-06-05T03:00:00Z"], ["R03", "upd-b", "1", "06/06/2026 09:00:00"]])
    assert run(env, "import", str(src2)) == 0
    after = fx.snapshot(env["acks"])
    assert {k: v for k, v in after.items() if k in first} == first
    assert len(after) == 2
    assert [r["reporter_id"] for r in log_rows(env["acks"])] == ["R01", "R02", "R03"]


BAD_ROWS = [
    # header: reporter_id, email, phone, update_id, revision, acknowledged_at
    (["R99", "", "", "upd-b", "1", "05/06/2026 10:00:00"], "unknown-reporter"),
    (["R01", "", "", "khong-co", "1", "05/06/2026 10:00:00"], "unknown-update"),
    (["R01", "", "", "khong-can", "1", "05/06/2026 10:00:00"], "unknown-update"),  # ack not required
    (["R01", "", "", "upd-a", "3", "05/06/2026 10:00:00"], "unknown-revision"),
    (["R01", "", "", "upd-b", "1", "31/05/2026 23:59:00"], "before-published"),
    (["R01", "", "", "upd-b", "1", "ngày 5 tháng 6"], "bad-time"),
    (["", "r01@example.invalid", "0900 000 002", "upd-b", "1", "05/06/2026 10:00:00"], "ambiguous-reporter"),
    (["", "", "0900 000 077", "upd-b", "1", "05/06/2026 10:00:00"], "ambiguous-reporter"),  # shared phone
]


def test_bad_rows_are_reported_and_nothing_is_written(env, capsys):
    fx.write_log(env["acks"] / "2026-06-01-old.csv", [("R02", "upd-b", "1", "2026-06-02T08:00:00+07:00", "form", "")])
    before = fx.snapshot(env["acks"])
    good = ["R01", "", "", "upd-b", "1", "05/06/2026 10:00:00"]
    src = write_csv(env["tmp"] / "bad.csv", ["reporter_id", "email", "phone", "update_id", "revision",
                                             "Dấu thời gian"], [good] + [r for r, _ in BAD_ROWS])
    assert run(env, "import", str(src)) == 1
    assert fx.snapshot(env["acks"]) == before  # byte-identical: atomic failure
    out = capsys.readouterr()
    lines = out.out.strip().splitlines()
    for n, (_, rule) in enumerate(BAD_ROWS, start=3):  # row 1 header, row 2 the good row
        assert any(line.startswith(f"{src}:{n}: [{rule}] ") for line in lines), (rule, lines)
    assert len(lines) == len(BAD_ROWS)
    assert "KHÔNG ghi" in out.err and "Traceback" not in out.err + out.out


def test_acknowledging_an_older_revision_is_accepted_as_stale(env):
    src = write_csv(env["tmp"] / "old.csv", ["reporter_id", "update_id", "revision", "Dấu thời gian"],
                    [["R01", "upd-a", "1", "01/01/2026 10:00:00"]])  # before rev 2 was published: fine for rev 1
    assert run(env, "import", str(src)) == 0
    assert len(log_rows(env["acks"])) == 1


def test_skip_bad_writes_good_rows_and_a_rejects_file(env, capsys):
    src = write_csv(env["tmp"] / "mixed.csv", ["reporter_id", "update_id", "revision", "Dấu thời gian"],
                    [["R01", "upd-b", "1", "05/06/2026 10:00:00"], ["R99", "upd-b", "1", "05/06/2026 10:00:00"],
                     ["R02", "upd-b", "1", "sai giờ"]])
    assert run(env, "import", str(src), "--skip-bad") == 0
    assert [r["reporter_id"] for r in log_rows(env["acks"])] == ["R01"]
    rejects = list(env["acks"].glob("rejects-*.csv"))
    assert len(rejects) == 1
    with open(rejects[0], newline="", encoding="utf-8-sig") as f:
        rej = list(csv.DictReader(f))
    assert [(r["row"], r["rule"], r["reporter_id"]) for r in rej] == [("3", "unknown-reporter", "R99"),
                                                                      ("4", "bad-time", "R02")]
    assert "[unknown-reporter]" in capsys.readouterr().out
    # The rejects file is not part of the log: the report still counts one acknowledgement.
    assert run(env, "status", "upd-b", "--format", "json") == 0
    status = json.loads(capsys.readouterr().out)
    assert status["acknowledged"] == ["R01"]
    # --rejects FILE puts it elsewhere
    other = env["tmp"] / "elsewhere" / "rej.csv"
    assert run(env, "import", str(src), "--skip-bad", "--rejects", str(other)) == 0
    assert other.exists() and len(list(env["acks"].glob("rejects-*.csv"))) == 1


def test_missing_column_unreadable_and_fake_xlsx_give_one_clear_line(env, capsys):
    before = fx.snapshot(env["acks"])
    no_update = write_csv(env["tmp"] / "thieu.csv", ["Địa chỉ email", "Phiên bản", "Dấu thời gian"],
                          [["r01@example.invalid", "1", "05/06/2026 10:00:00"]])
    fake = env["tmp"] / "bao-cao.xlsx"
    fake.write_text("không phải excel", encoding="utf-8")
    legacy = env["tmp"] / "cu.xls"
    legacy.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    latin = env["tmp"] / "latin.csv"
    latin.write_bytes("reporter_id,update_id\nR01,upd-b,\xe9\n".encode().replace(b"\xc3\xa9", b"\xe9"))
    for path, rule in ((no_update, "missing-column"), (fake, "not-xlsx"), (legacy, "not-xlsx"),
                       (env["tmp"] / "khong-co.csv", "missing-file"), (latin, "bad-encoding")):
        assert run(env, "import", str(path)) == 1
        err = capsys.readouterr().err
        assert f"[{rule}]" in err and "Traceback" not in err, err
    assert fx.snapshot(env["acks"]) == before


def test_module_entry_point_never_prints_a_traceback(env):
    garbage = env["tmp"] / "rac.xlsx"
    garbage.write_bytes(b"PK\x03\x04garbage")
    proc = subprocess.run([sys.executable, "-m", "scripts.acks", "import", str(garbage), "--roster",
                           str(env["roster"]), "--acks", str(env["acks"]), "--docs", str(env["docs"])],
                          cwd=ROOT, capture_output=True, text=True, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin"})
    assert proc.returncode == 1
    assert "[not-xlsx]" in proc.stderr and "Traceback" not in proc.stderr


def test_progress_bar_goes_to_stderr_only_when_asked(env, capsys):
    src = write_csv(env["tmp"] / "p.csv", ["reporter_id", "update_id", "revision", "Dấu thời gian"],
                    [["R01", "upd-b", "1", "05/06/2026 10:00:00"]])
    assert run(env, "import", str(src), "--dry-run") == 0
    assert "100%" not in capsys.readouterr().err  # stderr is not a terminal under pytest
    assert run(env, "import", str(src), "--dry-run", "--progress") == 0
    out = capsys.readouterr()
    assert "100%" in out.err and "100%" not in out.out
    assert log_rows(env["acks"]) == []  # --dry-run writes nothing


# --------------------------------------------------------------------------- status / report / remind


def seed_log(env):
    fx.write_log(env["acks"] / "2026-seed.csv", [
        ("R01", "upd-a", "2", "2026-03-10T09:00:00+07:00", "form", ""),   # current: acknowledged
        ("R02", "upd-a", "1", "2026-01-10T09:00:00+07:00", "form", ""),   # older revision: stale
        ("R05", "upd-a", "2", "2026-03-10T09:00:00+07:00", "form", ""),   # inactive: not counted
        ("R01", "upd-b", "1", "2026-06-05T09:00:00+07:00", "email", ""),
        ("R02", "upd-b", "1", "2026-06-05T09:00:00+07:00", "paper", ""),
        ("R04", "upd-b", "1", "2026-06-05T09:00:00+07:00", "proxy", "thay mặt"),
        ("R07", "upd-b", "1", "2026-12-01T09:00:00+07:00", "form", ""),   # after as_of: not yet counted
        ("ZZZ", "upd-b", "1", "2026-06-05T09:00:00+07:00", "form", ""),   # unknown in roster: ignored
    ])


def test_status_partitions_the_audience(env, capsys):
    seed_log(env)
    assert run(env, "status", "upd-a", "--format", "json") == 0
    st = json.loads(capsys.readouterr().out)
    assert st["id"] == "upd-a" and st["revision"] == 2
    assert st["acknowledged"] == ["R01"]
    assert st["stale"] == ["R02"]
    assert st["pending"] == ["R03", "R06"]  # R05 inactive, R04/R07/R08 not in audience (commune)
    audience = {"R01", "R02", "R03", "R06"}
    parts = st["acknowledged"] + st["stale"] + st["pending"]
    assert sorted(parts) == sorted(audience) and len(parts) == len(set(parts))
    for key in ("acknowledged", "stale", "pending"):
        assert st[key] == sorted(st[key])
    # The table shows names, province (the new unit for a former code) and level.
    assert run(env, "status", "upd-a") == 0
    table = capsys.readouterr().out
    assert "Người Mẫu Hai" in table and "Tuyên Quang" in table and "Cấp tỉnh" in table
    assert "Người Mẫu Năm" not in table  # inactive


def test_status_counts_only_acknowledgements_up_to_as_of(env, capsys):
    seed_log(env)
    assert run(env, "status", "upd-b", "--format", "json", as_of="2026-12-02") == 0
    assert "R07" in json.loads(capsys.readouterr().out)["acknowledged"]
    assert run(env, "status", "upd-b", "--format", "json") == 0
    assert "R07" in json.loads(capsys.readouterr().out)["pending"]


def test_report_json_shape_and_counts(env, capsys):
    seed_log(env)
    assert run(env, "report", "--format", "json") == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["target"] == 0.75 and doc["as_of"] == AS_OF
    assert [u["id"] for u in doc["updates"]] == ["upd-a", "upd-b"]  # not the page with required: false
    a, b = doc["updates"]
    for u in doc["updates"]:
        assert {"id", "revision", "due", "overdue", "audience", "acknowledged", "stale", "pending", "coverage",
                "by_province", "by_level"} <= set(u)
        for k in ("audience", "acknowledged", "stale", "pending"):
            assert isinstance(u[k], int)
        assert u["audience"] == u["acknowledged"] + u["stale"] + u["pending"]
        assert 0 <= u["coverage"] <= 1
        for group in list(u["by_province"].values()) + list(u["by_level"].values()):
            assert set(group) == {"audience", "acknowledged", "coverage"}
    assert (a["revision"], a["due"], a["overdue"]) == (2, "2026-03-31", True)
    assert (a["audience"], a["acknowledged"], a["stale"], a["pending"]) == (4, 1, 1, 2)
    assert a["coverage"] == 0.25
    # Former codes and names count under the unit in force since 1 July 2025.
    # R01 is central: counted under its level, never inside a province (even with one written in the roster).
    assert set(a["by_province"]) == {"tuyen-quang", "ho-chi-minh", "da-nang"}
    assert a["by_province"]["tuyen-quang"] == {"audience": 1, "acknowledged": 0, "coverage": 0.0}
    assert a["by_level"] == {"central": {"audience": 1, "acknowledged": 1, "coverage": 1.0},
                             "provincial": {"audience": 3, "acknowledged": 0, "coverage": 0.0}}
    assert (b["audience"], b["acknowledged"], b["pending"]) == (7, 3, 4)
    assert b["by_level"]["commune"] == {"audience": 3, "acknowledged": 1, "coverage": 1 / 3}  # exact: only tables round


def test_report_other_formats(env, capsys):
    seed_log(env)
    assert run(env, "report", "--format", "csv") == 0
    rows = list(csv.DictReader(capsys.readouterr().out.splitlines()))
    total = [r for r in rows if r["group"] == "total"]
    assert [(r["update_id"], r["audience"], r["acknowledged"]) for r in total] == [("upd-a", "4", "1"),
                                                                                ("upd-b", "7", "3")]
    assert {r["key"] for r in rows if r["group"] == "province"} >= {"tuyen-quang", "ho-chi-minh"}
    assert run(env, "report", "--format", "md", "--lang", "en") == 0
    md = capsys.readouterr().out
    assert "| upd-a |" in md and "UNDER TARGET" in md and "Tuyen Quang" in md
    assert run(env, "report") == 0
    assert "DƯỚI MỤC TIÊU" in capsys.readouterr().out


def test_fail_under_exit_code(env, capsys):
    seed_log(env)
    assert run(env, "report", "--fail-under") == 1  # upd-a overdue at 25 %
    assert "upd-a" in capsys.readouterr().err
    assert run(env, "report", "--fail-under", "--target", "0.2", "upd-a") == 0
    assert run(env, "report", "--fail-under", as_of="2026-03-31") == 0  # due today: not yet overdue
    assert run(env, "report", "--fail-under", as_of="2026-04-01") == 1
    assert run(env, "report") == 0  # without --fail-under the report itself succeeds


def test_joined_after_due_gets_own_due_date(env, capsys):
    # Only R01 and R02 acknowledge upd-a; R03 pending; R06 joined 2026-11-01, after the due date 2026-03-31,
    # so their own due date is 2026-12-01: not yet counted in the evaluation on 2026-11-29.
    fx.write_log(env["acks"] / "x.csv", [
        ("R01", "upd-a", "2", "2026-03-10T09:00:00+07:00", "form", ""),
        ("R02", "upd-a", "2", "2026-03-10T09:00:00+07:00", "form", ""),
        ("R03", "upd-a", "2", "2026-03-10T09:00:00+07:00", "form", ""),
    ])
    assert run(env, "report", "--format", "json", "upd-a") == 0
    a = json.loads(capsys.readouterr().out)["updates"][0]
    assert (a["audience"], a["acknowledged"], a["coverage"]) == (4, 3, 0.75)
    assert (a["evaluated"], a["evaluated_acknowledged"], a["evaluated_coverage"]) == (3, 3, 1.0)
    assert a["under_target"] is False
    assert run(env, "report", "--fail-under", "--target", "0.8", "upd-a") == 0
    # After R06's own due date passes, they count: 3/4 < 0.8.
    assert run(env, "report", "--fail-under", "--target", "0.8", "upd-a", as_of="2026-12-02") == 1
    capsys.readouterr()
    assert run(env, "status", "upd-a", "--format", "csv") == 0
    rows = {r["reporter_id"]: r for r in csv.DictReader(capsys.readouterr().out.splitlines())}
    assert rows["R06"]["due"] == "2026-12-01" and rows["R06"]["overdue"] == "False"
    assert rows["R03"]["due"] == "2026-03-31"


def test_reporter_who_joins_after_as_of_is_not_yet_in_audience(env, capsys):
    assert run(env, "status", "upd-a", "--format", "json", as_of="2026-10-31") == 0
    assert "R06" not in json.loads(capsys.readouterr().out)["pending"]
    assert run(env, "status", "upd-a", "--format", "json", as_of="2026-11-01") == 0
    assert "R06" in json.loads(capsys.readouterr().out)["pending"]


def test_inactive_reporters_are_excluded_everywhere(env, capsys):
    seed_log(env)
    assert run(env, "report", "--format", "json") == 0
    a = json.loads(capsys.readouterr().out)["updates"][0]
    assert "ha-noi" not in a["by_province"]  # R05 (provincial, ha-noi) inactive; R01 is central
    out = env["tmp"] / "remind"
    assert run(env, "remind", "--out", str(out)) == 0
    text = "".join(p.read_text(encoding="utf-8-sig") for p in out.glob("*.csv"))
    assert "R05" not in text


def test_remind_writes_one_file_per_province_with_pending_and_stale(env, capsys):
    seed_log(env)
    out = env["tmp"] / "remind"
    assert run(env, "remind", "--out", str(out)) == 0
    files = sorted(p.name for p in out.glob("*.csv"))
    # R01 acknowledged everything -> no ha-noi file; R02 (former "ha-giang") under tuyen-quang.
    assert files == ["cao-bang.csv", "da-nang.csv", "ho-chi-minh.csv", "tuyen-quang.csv"]
    with open(out / "tuyen-quang.csv", newline="", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    # Vietnamese headers and values by default (--lang en for English)
    assert [(r["Mã báo cáo viên"], r["Email"], r["Số điện thoại"], r["Trạng thái"],
             r["Phiên bản đã xác nhận gần nhất"]) for r in rows] == [
        ("R02", "r02@example.invalid", "0900 000 002", "đã xác nhận phiên bản cũ", "1")]
    assert rows[0]["Tài liệu"] == "upd-a (phiên bản 2)"
    with open(out / "cao-bang.csv", newline="", encoding="utf-8-sig") as f:
        assert sorted(r["Mã báo cáo viên"] for r in csv.DictReader(f)) == ["R07", "R08"]
    out2 = env["tmp"] / "remind2"
    assert run(env, "remind", "--out", str(out2), "--no-stale", "upd-a") == 0
    assert sorted(p.name for p in out2.glob("*.csv")) == ["da-nang.csv", "ho-chi-minh.csv"]


def test_unknown_update_and_bad_roster_are_clear_errors(env, capsys):
    assert run(env, "status", "khong-co") == 1
    assert "[unknown-update]" in capsys.readouterr().err
    fx.write_roster(env["roster"], ROSTER + [["R09", "Người Mẫu Chín", "provincial", "Atlantis", "", "", "", "true", ""],
                                             ["R01", "Trùng", "central", "ha-noi", "", "", "", "true", ""]])
    assert run(env, "report") == 1
    err = capsys.readouterr().err
    assert f"{env['roster']}:10: [unknown-province]" in err and f"{env['roster']}:11: [duplicate-reporter]" in err
    assert "Traceback" not in err
