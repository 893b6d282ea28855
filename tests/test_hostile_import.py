"""Hostile input to `ack import` and the log: every refusal is one `file:row: [rule-id] message`
line, no traceback, the log byte-identical afterwards, memory bounded (large cases run in a
subprocess capped at 1 GiB of address space)."""
from __future__ import annotations

import csv
import datetime as dt
import fcntl
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from support.hostile import HEADER, ROOT, assert_clean_refusal, cli, common, fx, make_env, run_capped, write_csv

from scripts.acks import tables, times


@pytest.fixture
def env(tmp_path):
    return make_env(tmp_path)


def refused(env, capsys, path, rule, *args):
    """Import `path`; assert exit 1, the rule, no traceback, the log unchanged. Returns the output."""
    before = fx.snapshot(env["acks"])
    rc = cli(env, "import", str(path), *args)
    out = capsys.readouterr()
    text = out.out + out.err
    assert rc == 1, text
    assert f"[{rule}]" in text, text
    assert "Traceback" not in text
    assert fx.snapshot(env["acks"]) == before
    return text


def log_rows(acks: Path) -> list[dict]:
    rows = []
    for p in sorted(acks.glob("*.csv")):
        if not p.name.startswith("rejects-"):
            with open(p, newline="", encoding="utf-8") as f:
                rows += list(csv.DictReader(f))
    return rows


# --------------------------------------------------------------------------- 1. limits, bounded memory


def test_a_file_over_the_size_limit_is_refused_before_reading_it(env):
    big = env["tmp"] / "export.csv"
    with open(big, "wb") as f:
        f.write(b"reporter_id,update_id,revision,acknowledged_at\n")
        f.truncate(1 << 30)  # 1 GiB (sparse)
    before = fx.snapshot(env["acks"])
    proc = run_capped(["import", *common(env), str(big)])
    assert_clean_refusal(proc, "file-too-large")
    assert f"{big}: [file-too-large]" in proc.stderr
    assert fx.snapshot(env["acks"]) == before


def test_a_one_gib_csv_line_is_refused_with_bounded_memory(env):
    """Even with the file-size limit lifted, a 1 GiB line is read in bounded pieces."""
    big = env["tmp"] / "one-line.csv"
    chunk = b"x" * (1 << 24)
    with open(big, "wb") as f:
        f.write(b"reporter_id,update_id,revision,acknowledged_at,note\nR01,upd-b,1,05/06/2026 10:00:00,")
        for _ in range(64):  # 64 x 16 MiB
            f.write(chunk)
        f.write(b"\n")
    before = fx.snapshot(env["acks"])
    proc = run_capped(["import", *common(env), str(big)],
                      prelude="import scripts.acks.tables as t; t.MAX_FILE_BYTES = 1 << 40")
    big.unlink()
    assert_clean_refusal(proc, "cell-too-long")
    assert f"{big}:2: [cell-too-long]" in proc.stderr
    assert fx.snapshot(env["acks"]) == before


def test_a_field_over_the_csv_limit_is_a_clean_line(env, capsys):
    src = env["tmp"] / "field.csv"
    src.write_text("reporter_id,update_id,revision,acknowledged_at,note\n"
                   'R01,upd-b,1,05/06/2026 10:00:00,"' + "y" * 300_000 + '"\n', encoding="utf-8")
    text = refused(env, capsys, src, "cell-too-long")
    assert f"{src}:2: [cell-too-long]" in text


def test_a_cell_over_a_few_hundred_characters_is_a_bad_row(env, capsys):
    src = write_csv(env["tmp"] / "long.csv", HEADER + ["note"],
                    [["R01", "upd-b", "1", "05/06/2026 10:00:00", "ghi chú " * 100],
                     ["R03", "upd-b", "1", "05/06/2026 10:00:00", "ngắn"]])
    text = refused(env, capsys, src, "cell-too-long")
    assert f"{src}:2: [cell-too-long]" in text and f"{src}:3:" not in text


def test_a_long_xlsx_cell_is_a_bad_row(env, capsys):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER + ["Ghi chú"])
    ws.append(["R01", "upd-b", 1, "05/06/2026 10:00:00", "a" * 5000])
    src = env["tmp"] / "long.xlsx"
    wb.save(src)
    text = refused(env, capsys, src, "cell-too-long")
    assert f"{src}:2: [cell-too-long]" in text


def test_an_xlsx_that_unzips_too_big_is_refused(env):
    wb = openpyxl.Workbook()
    wb.active.append(HEADER)
    wb.active.append(["R01", "upd-b", 1, "05/06/2026 10:00:00"])
    src = env["tmp"] / "bomb.xlsx"
    wb.save(src)
    with zipfile.ZipFile(src, "a", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/media/padding.xml", b"\0" * (400 * 1024 * 1024))
    assert src.stat().st_size < 2 * 1024 * 1024
    before = fx.snapshot(env["acks"])
    proc = run_capped(["import", *common(env), str(src)])
    assert_clean_refusal(proc, "file-too-large")
    assert fx.snapshot(env["acks"]) == before


def test_too_many_rows_stops_the_import(env, capsys, monkeypatch):
    monkeypatch.setattr(tables, "MAX_ROWS", 2)
    src = write_csv(env["tmp"] / "many.csv", HEADER, [["R01", "upd-b", "1", "05/06/2026 10:00:00"]] * 3)
    text = refused(env, capsys, src, "too-many-rows")
    assert f"{src}:4: [too-many-rows]" in text


def test_a_damaged_log_file_is_reported_and_the_others_still_count(env, capsys):
    fx.write_log(env["acks"] / "2026-08-01-000000-ok.csv",
                 [("R01", "upd-b", "1", "2026-06-10T09:00:00+07:00", "form", "")])
    damaged = env["acks"] / "2026-07-15-000000-old-version.csv"
    damaged.write_text("reporter_id,update_id,revision,acknowledged_at,channel,note\n"
                       "R03,upd-b,1,2026-06-10T09:00:00+07:00,form," + "z" * 200_000 + "\n"
                       "R03,upd-a,2,2026-06-10T09:00:00+07:00,form,\n", encoding="utf-8")
    assert cli(env, "status", "upd-b", "--format", "json") == 0
    out = capsys.readouterr()
    assert json.loads(out.out)["acknowledged"] == ["R01", "R02"]
    assert f"{damaged}:2: [log-damaged]" in out.err and "Traceback" not in out.err
    assert cli(env, "report", "--format", "json") == 0
    out = capsys.readouterr()
    doc = json.loads(out.out)
    assert {u["id"]: u["acknowledged"] for u in doc["updates"]} == {"upd-a": 1, "upd-b": 2}  # the row after counts
    assert "[log-damaged]" in out.err
    assert cli(env, "remind", "--out", str(env["tmp"] / "out")) == 0
    assert "[log-damaged]" in capsys.readouterr().err


def test_a_log_file_without_the_columns_is_skipped_with_a_warning(env, capsys):
    (env["acks"] / "notes.csv").write_text("file,row,rule,message\nx,1,y,z\n", encoding="utf-8")
    assert cli(env, "status", "upd-b", "--format", "json") == 0
    out = capsys.readouterr()
    assert json.loads(out.out)["acknowledged"] == ["R02"]
    assert "notes.csv:1: [log-damaged]" in out.err


# --------------------------------------------------------------------------- 3. formulas, channels


def test_every_written_csv_neutralises_formulas(env, capsys):
    fx.write_roster(env["roster"], [
        ["R01", "=HYPERLINK(\"http://x\",\"y\")", "central", "ha-noi", "@SUM(A1)", "r01@example.invalid",
         "+84 900 000 001", "true", "2024-01-01"],
        ["R02", "-2+3", "provincial", "ha-giang", "CA", "r02@example.invalid", "0900 000 002", "true", "2024-01-01"],
    ])
    out_dir = env["tmp"] / "reminders"
    assert cli(env, "remind", "--out", str(out_dir)) == 0
    capsys.readouterr()
    cells = [c for p in out_dir.glob("*.csv") for row in csv.reader(open(p, encoding="utf-8-sig")) for c in row]
    assert "'=HYPERLINK(\"http://x\",\"y\")" in cells and "'@SUM(A1)" in cells and "'+84 900 000 001" in cells
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert cli(env, "status", "upd-b", "--format", "csv") == 0
    cells = [c for row in csv.reader(capsys.readouterr().out.splitlines()) for c in row]
    assert "'-2+3" in cells and not [c for c in cells if c[:1] in ("=", "+", "-", "@")]
    # rejects: a bad row's note is written neutralised
    src = write_csv(env["tmp"] / "x.csv", HEADER + ["note"],
                    [["R01", "upd-b", "1", "05/06/2026 10:00:00", "ok"],
                     ["R09", "upd-b", "1", "05/06/2026 10:00:00", "=cmd|' /C calc'!A0"]])
    rej = env["tmp"] / "rejects.csv"
    assert cli(env, "import", str(src), "--skip-bad", "--rejects", str(rej)) == 0
    capsys.readouterr()
    cells = [c for row in csv.reader(open(rej, encoding="utf-8-sig")) for c in row]
    assert "'=cmd|' /C calc'!A0" in cells


def test_report_csv_neutralises_a_province_name(env, capsys):
    # (a provincial reporter's province: central reporters are never reported inside a province)
    provinces = (ROOT / "data" / "provinces.csv").read_text(encoding="utf-8").replace(",Đà Nẵng,Da Nang,", ",=1+1,Da Nang,", 1)
    (env["roster"].parent / "provinces.csv").write_text(provinces, encoding="utf-8")
    assert cli(env, "report", "--format", "csv") == 0
    text = capsys.readouterr().out
    assert ",'=1+1," in text and ",=1+1," not in text


def test_an_unknown_channel_is_a_bad_row(env, capsys):
    src = write_csv(env["tmp"] / "ch.csv", HEADER + ["Kênh"],
                    [["R01", "upd-b", "1", "05/06/2026 10:00:00", "Giấy"],
                     ["R03", "upd-b", "1", "05/06/2026 10:00:00", "=1+2"]])
    text = refused(env, capsys, src, "bad-channel")
    assert f"{src}:3: [bad-channel]" in text and f"{src}:2:" not in text
    # a proxy acknowledgement needs a note saying who acknowledged for whom, and why
    no_note = write_csv(env["tmp"] / "ch3.csv", HEADER + ["Kênh"],
                        [["R03", "upd-b", "1", "05/06/2026 10:00:00", "proxy"]])
    refused(env, capsys, no_note, "proxy-without-note")
    ok = write_csv(env["tmp"] / "ch2.csv", HEADER + ["Kênh", "Ghi chú"],
                   [["R01", "upd-b", "1", "05/06/2026 10:00:00", "Giấy", ""],
                    ["R03", "upd-b", "1", "05/06/2026 10:00:00", "proxy", "điều phối viên, không có điện thoại"]])
    assert cli(env, "import", str(ok)) == 0
    assert sorted(r["channel"] for r in log_rows(env["acks"])) == ["form", "giay", "proxy"]


# --------------------------------------------------------------------------- 2/4. output folders


def test_rejects_inside_the_log_folder_docs_or_site_are_refused(env, capsys):
    src = write_csv(env["tmp"] / "m.csv", HEADER, [["R01", "upd-b", "1", "05/06/2026 10:00:00"],
                                                   ["R09", "upd-b", "1", "05/06/2026 10:00:00"]])
    for target in (env["acks"] / "my-rejects.csv", env["acks"] / "sub" / "r.csv", env["docs"] / "r.csv",
                   env["docs"].parent / "site" / "r.csv"):
        text = refused(env, capsys, src, "unsafe-output", "--skip-bad", "--rejects", str(target))
        assert "--rejects: [unsafe-output]" in text
        assert not target.exists()


def test_remind_out_inside_docs_site_or_the_log_is_refused(env, capsys):
    for target in (env["docs"] / "nhac", env["docs"].parent / "site", env["acks"], env["acks"] / "x"):
        assert cli(env, "remind", "--out", str(target)) == 1
        err = capsys.readouterr().err
        assert "--out: [unsafe-output]" in err and "Traceback" not in err
        assert not target.exists() or target == env["acks"]
    assert cli(env, "status", "upd-b", "--format", "csv", "-o", str(env["docs"] / "s.csv")) == 1
    assert "[unsafe-output]" in capsys.readouterr().err and not (env["docs"] / "s.csv").exists()


def test_rejects_files_are_never_counted(env, capsys):
    fx.write_log(env["acks"] / "rejects-2026-01-01.csv", [("R01", "upd-b", "1", "2026-06-10T09:00:00+07:00", "form", "")])
    assert cli(env, "status", "upd-b", "--format", "json") == 0
    assert json.loads(capsys.readouterr().out)["acknowledged"] == ["R02"]


# --------------------------------------------------------------------------- 5. XLSX sheets


def _book(path: Path, sheets: dict, active: int = 0, hidden_rows=(), hidden_sheets=()) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
        if name in hidden_sheets:
            ws.sheet_state = "hidden"
    for name, row in hidden_rows:
        wb[name].row_dimensions[row].hidden = True
    wb.active = active
    wb.save(path)
    return path


def test_xlsx_imports_the_active_sheet_when_it_alone_has_data(env, capsys):
    src = _book(env["tmp"] / "a.xlsx", {"Trống": [], "Câu trả lời": [HEADER, ["R01", "upd-b", 1, "05/06/2026 10:00:00"]]},
                active=1)
    assert cli(env, "import", str(src)) == 0
    assert [r["reporter_id"] for r in log_rows(env["acks"])] == ["R02", "R01"]


def test_xlsx_with_several_sheets_of_data_needs_sheet(env, capsys):
    rows = [HEADER, ["R01", "upd-b", 1, "05/06/2026 10:00:00"]]
    src = _book(env["tmp"] / "two.xlsx", {"Form1": rows, "Cũ": [HEADER, ["R03", "upd-b", 1, "05/06/2026 10:00:00"]]})
    text = refused(env, capsys, src, "ambiguous-sheet")
    assert "'Form1'" in text and "'Cũ'" in text and "--sheet" in text
    assert cli(env, "import", str(src), "--sheet", "Cũ") == 0
    assert [r["reporter_id"] for r in log_rows(env["acks"])] == ["R02", "R03"]


def test_xlsx_with_hidden_rows_or_data_on_a_hidden_sheet_needs_sheet(env, capsys):
    rows = [HEADER, ["R01", "upd-b", 1, "05/06/2026 10:00:00"], ["R03", "upd-b", 1, "05/06/2026 10:00:00"]]
    src = _book(env["tmp"] / "hidden.xlsx", {"Form1": rows}, hidden_rows=[("Form1", 3)])
    text = refused(env, capsys, src, "ambiguous-sheet")
    assert "dòng bị ẩn" in text
    hidden_sheet = _book(env["tmp"] / "hs.xlsx", {"Trống": [], "Ẩn": rows}, hidden_sheets=("Ẩn",))
    text = refused(env, capsys, hidden_sheet, "ambiguous-sheet")
    assert "'Ẩn' (ẩn)" in text
    assert cli(env, "import", str(src), "--sheet", "Form1") == 0
    assert len(log_rows(env["acks"])) == 3


def _rewrite(src: Path, dest: Path, parts: dict) -> Path:
    """A copy of an XLSX with some parts replaced or added ({name: bytes or function of the old bytes})."""
    with zipfile.ZipFile(src) as z, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as out:
        names = z.namelist()
        for name in names:
            data = z.read(name)
            change = parts.get(name)
            out.writestr(name, change(data) if callable(change) else change if change is not None else data)
        for name, data in parts.items():
            if name not in names:
                out.writestr(name, data)
    return dest


def test_xlsx_rows_of_zero_height_count_as_hidden(env, capsys):
    rows = [HEADER, ["R01", "upd-b", 1, "05/06/2026 10:00:00"], ["R03", "upd-b", 1, "05/06/2026 10:00:00"]]
    src = _book(env["tmp"] / "book.xlsx", {"Form1": rows})
    # a row of height 0, not marked hidden (as some tools write it): nobody sees it either
    flat = _rewrite(src, env["tmp"] / "flat.xlsx",
                    {"xl/worksheets/sheet1.xml": lambda xml: xml.replace(b'<row r="3">', b'<row r="3" ht="0" '
                                                                                        b'customHeight="1">')})
    with zipfile.ZipFile(flat) as z:
        assert b'<row r="3" ht="0"' in z.read("xl/worksheets/sheet1.xml")
    text = refused(env, capsys, flat, "ambiguous-sheet")
    assert "dòng bị ẩn" in text


def test_xlsx_with_too_many_shared_strings_is_refused_before_openpyxl_reads_it(env, capsys):
    src = _book(env["tmp"] / "sst.xlsx", {"Form1": [HEADER, ["R01", "upd-b", 1, "05/06/2026 10:00:00"]]})
    n = tables.MAX_SHARED_STRINGS + 1
    sst = (b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
           b'2006/main" count="1" uniqueCount="1">' + b"<si><t>a</t></si>" * n + b"</sst>")
    rel = (b'<Relationship Id="rIdSst" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
           b'sharedStrings" Target="sharedStrings.xml"/></Relationships>')
    ctype = (b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.'
             b'spreadsheetml.sharedStrings+xml"/></Types>')
    many = _rewrite(src, env["tmp"] / "many.xlsx", {
        "xl/sharedStrings.xml": sst,
        "xl/_rels/workbook.xml.rels": lambda x: x.replace(b"</Relationships>", rel),
        "[Content_Types].xml": lambda x: x.replace(b"</Types>", ctype)})
    assert many.stat().st_size < 1024 * 1024  # a small file that unzips to a million strings
    text = refused(env, capsys, many, "file-too-large")
    assert "chuỗi dùng chung" in text


# --------------------------------------------------------------------------- 6. times


def test_ambiguous_day_month_with_am_pm_is_refused_showing_both_readings(env, capsys):
    src = write_csv(env["tmp"] / "us.csv", HEADER, [["R01", "upd-b", "1", "06/07/2026 10:11:12 AM"]])
    text = refused(env, capsys, src, "ambiguous-date")
    assert f"{src}:2: [ambiguous-date]" in text
    assert "ngày 6 tháng 7" in text and "ngày 7 tháng 6" in text


@pytest.mark.parametrize("text, expected", [
    ("2026/06/05 10:11:12 AM GMT+7", "2026-06-05T10:11:12+07:00"),
    ("2026/06/05 10:11:12 PM GMT+7", "2026-06-05T22:11:12+07:00"),
    ("2026/06/05 3:11:12 AM GMT", "2026-06-05T10:11:12+07:00"),
    ("15/06/2026 10:11:12 GMT+07:00", "2026-06-15T10:11:12+07:00"),
    ("6/25/2026 1:00:00 PM", "2026-06-25T13:00:00+07:00"),
    ("25/6/2026 1:00:00 PM", "2026-06-25T13:00:00+07:00"),
])
def test_offsets_and_unambiguous_am_pm_are_read(text, expected):
    assert times.read_time(text).isoformat() == expected


def test_a_time_in_the_future_is_refused(env, capsys):
    later = (dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)).astimezone(times.TZ)
    soon = (dt.datetime.now(dt.UTC) + dt.timedelta(minutes=5)).astimezone(times.TZ)
    src = write_csv(env["tmp"] / "f.csv", HEADER, [["R01", "upd-b", "1", later.strftime("%d/%m/%Y %H:%M:%S")],
                                                   ["R03", "upd-b", "1", soon.strftime("%d/%m/%Y %H:%M:%S")]])
    text = refused(env, capsys, src, "future-time")
    assert f"{src}:2: [future-time]" in text and f"{src}:3:" not in text


def test_an_impossible_day_has_its_own_message(env, capsys):
    src = write_csv(env["tmp"] / "d.csv", HEADER, [["R01", "upd-b", "1", "31/11/2026 10:00:00"]])
    text = refused(env, capsys, src, "bad-date")
    assert f"{src}:2: [bad-date] ngày 31/11/2026 không tồn tại" in text


# --------------------------------------------------------------------------- 7. concurrency


def test_an_import_waits_for_the_lock_then_says_it_is_locked(env, capsys):
    src = write_csv(env["tmp"] / "a.csv", HEADER, [["R01", "upd-b", "1", "05/06/2026 10:00:00"]])
    fd = os.open(env["acks"], os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        text = refused(env, capsys, src, "log-locked", "--wait", "0.3")
        assert "đã chờ 0.3 giây" in text
    finally:
        os.close(fd)
    assert cli(env, "import", str(src)) == 0


def test_two_imports_of_the_same_file_at_once_write_the_rows_once(env):
    rows = [[rid, "upd-b", "1", f"05/06/2026 10:{m:02d}:{s:02d}"] for rid in ("R01", "R03") for m in range(60)
            for s in range(0, 60, 3)]
    src = write_csv(env["tmp"] / "same.csv", HEADER, rows)
    # a long log makes the duplicate check take a while: without the lock both imports check
    # before either writes, and both write
    fx.write_log(env["acks"] / "2026-06-30-000000-big.csv",
                 [("R02", "upd-a", "1", f"2026-02-{1 + n % 28:02d}T10:00:00+07:00", "form", "") for n in range(400_000)])
    code = "import sys; from scripts.acks.cli import main; sys.exit(main(sys.argv[1:]))"
    penv = dict(os.environ, PYTHONPATH=str(ROOT))
    procs = [subprocess.Popen([sys.executable, "-c", code, "import", *common(env), str(src)], cwd=ROOT, env=penv,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], results
    logged = [r for r in log_rows(env["acks"]) if r["update_id"] == "upd-b"]
    assert len(logged) == 1 + len(rows)
    assert len({(r["reporter_id"], r["acknowledged_at"]) for r in logged}) == len(logged)


def test_leftover_part_files_are_cleaned_and_ignored_by_git(env, capsys):
    left = env["acks"] / ".tmp-abc123.part"
    left.write_text("half a file", encoding="utf-8")
    src = write_csv(env["tmp"] / "a.csv", HEADER, [["R01", "upd-b", "1", "05/06/2026 10:00:00"]])
    assert cli(env, "import", str(src)) == 0
    assert not left.exists()
    probe = ROOT / "data" / "sample-workspace" / "acks" / ".tmp-xyz.part"
    proc = subprocess.run(["git", "check-ignore", "-q", str(probe.relative_to(ROOT))], cwd=ROOT)
    assert proc.returncode == 0, ".tmp-*.part files in the sample log must be ignored by git"


def test_a_log_file_name_is_never_overwritten(env):
    from scripts.acks import log as acklog
    path = env["acks"] / "taken.csv"
    path.write_text("x\n", encoding="utf-8")
    with pytest.raises(FileExistsError):
        acklog.write_csv_atomic(path, ["a"], [["b"]])
    assert path.read_text(encoding="utf-8") == "x\n"
    assert not list(env["acks"].glob(".tmp-*"))


# --------------------------------------------------------------------------- 9. paths, encodings, columns


def test_a_province_code_that_climbs_out_of_the_folder_is_refused(env, capsys):
    provinces = (ROOT / "data" / "provinces.csv").read_text(encoding="utf-8")
    provinces += "../../x,Thoát,Escape,province,../../x,Thoát\n"
    (env["roster"].parent / "provinces.csv").write_text(provinces, encoding="utf-8")
    fx.write_roster(env["roster"], [["R01", "Người Mẫu Một", "central", "../../x", "Đơn vị", "r01@example.invalid",
                                     "0900 000 001", "true", "2024-01-01"]])
    out = env["tmp"] / "a" / "b" / "out"
    assert cli(env, "remind", "--out", str(out)) == 1
    err = capsys.readouterr().err
    assert "[bad-id]" in err and "'../../x'" in err and "Traceback" not in err
    assert not (env["tmp"] / "a" / "x.csv").exists() and not out.exists()


def test_utf32_is_an_encoding_error(env, capsys):
    src = env["tmp"] / "u32.csv"
    src.write_text("reporter_id,update_id,revision,acknowledged_at\nR01,upd-b,1,05/06/2026 10:00:00\n",
                   encoding="utf-32")
    text = refused(env, capsys, src, "bad-encoding")
    assert "UTF-32" in text


@pytest.mark.parametrize("char, name", [("\u200b", "U+200B"), ("\ufeff", "U+FEFF")])
def test_an_invisible_character_inside_an_id_is_named(env, capsys, char, name):
    src = write_csv(env["tmp"] / "zw.csv", HEADER, [[f"R0{char}1", "upd-b", "1", "05/06/2026 10:00:00"]])
    text = refused(env, capsys, src, "invisible-char")
    assert name in text


def test_a_header_only_file_says_zero_rows(env, capsys):
    src = write_csv(env["tmp"] / "empty.csv", HEADER, [])
    before = fx.snapshot(env["acks"])
    assert cli(env, "import", str(src)) == 0
    err = capsys.readouterr().err
    assert f"{src}: 0 dòng" in err
    assert fx.snapshot(env["acks"]) == before


def test_two_reporter_id_columns_with_different_values(env, capsys):
    src = write_csv(env["tmp"] / "dup.csv", ["reporter_id", "Mã BCV", "update_id", "revision", "Dấu thời gian"],
                    [["R01", "R01", "upd-b", "1", "05/06/2026 10:00:00"],
                     ["R01", "R03", "upd-b", "1", "05/06/2026 11:00:00"]])
    text = refused(env, capsys, src, "duplicate-column")
    assert f"{src}:3: [duplicate-column]" in text and f"{src}:2:" not in text


def test_a_damaged_roster_is_one_clear_line(env, capsys):
    env["roster"].write_text("reporter_id,full_name,level,province\nR01,\"" + "n" * 300_000 + "\",central,ha-noi\n",
                             encoding="utf-8")
    assert cli(env, "status", "upd-b") == 1
    err = capsys.readouterr().err
    assert f"{env['roster']}:2: [bad-file]" in err and "Traceback" not in err


def test_a_log_file_with_bytes_that_are_not_utf8_keeps_its_earlier_rows(env, capsys):
    bad = env["acks"] / "2026-08-01-000000-latin.csv"
    bad.write_bytes(b"reporter_id,update_id,revision,acknowledged_at,channel,note\n"
                    b"R01,upd-b,1,2026-06-10T09:00:00+07:00,form,\n"
                    b"R03,upd-b,1,2026-06-10T09:00:00+07:00,form,caf\xe9\n")
    assert cli(env, "status", "upd-b", "--format", "json") == 0
    out = capsys.readouterr()
    assert json.loads(out.out)["acknowledged"] == ["R01", "R02"]
    assert f"{bad}:" in out.err and "[log-damaged]" in out.err and "Traceback" not in out.err


def test_a_note_that_looks_like_a_formula_is_stored_neutralised(env, capsys):
    src = write_csv(env["tmp"] / "n.csv", HEADER + ["Ghi chú"],
                    [["R01", "upd-b", "1", "05/06/2026 10:00:00", "=HYPERLINK(\"http://x\")"]])
    assert cli(env, "import", str(src)) == 0
    assert [r["note"] for r in log_rows(env["acks"]) if r["reporter_id"] == "R01"] == ["'=HYPERLINK(\"http://x\")"]


def test_bytes_that_are_not_utf8_deep_in_a_long_log_file_skip_only_their_row(tmp_path):
    from scripts.acks import log as acklog
    acks = tmp_path / "acks"
    acks.mkdir()
    good = b"".join(b"R%05d,upd-b,1,2026-06-10T09:00:00+07:00,form,\n" % n for n in range(3000))
    (acks / "a.csv").write_bytes(b"reporter_id,update_id,revision,acknowledged_at,channel,note\n" + good
                                 + b"R99999,upd-b,1,2026-06-10T09:00:00+07:00,form,caf\xe9\n"
                                 + b"R77777,upd-b,1,2026-06-10T09:00:00+07:00,form,\n")
    warnings = []
    rows = [r[0] for r in acklog.iter_rows(acks, warn=warnings.append)]
    assert rows == [f"R{n:05d}" for n in range(3000)] + ["R77777"]
    assert [(w.line, w.rule) for w in warnings] == [(3002, "log-damaged")]


def test_a_device_is_not_read(env):
    before = fx.snapshot(env["acks"])
    proc = run_capped(["import", *common(env), "/dev/zero"], timeout=120)  # capped: an endless file
    assert_clean_refusal(proc, "unreadable-file")
    assert fx.snapshot(env["acks"]) == before


def test_escape_sequences_from_inputs_do_not_reach_the_terminal(env, capsys):
    src = write_csv(env["tmp"] / "esc.csv", HEADER, [["R\x1b[2J\x1b]0;pwned\x07", "upd-b", "1", "05/06/2026 10:00:00"]])
    text = refused(env, capsys, src, "invisible-char")
    assert "\x1b" not in text and "\\x1b[2J" in text
    fx.write_roster(env["roster"], [["R01", "Tên\x1b[31m Đỏ\u202e", "central", "ha-noi", "Đơn vị", "", "", "true",
                                     "2024-01-01"]])
    assert cli(env, "status", "upd-b") == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\u202e" not in out and "Tên\\x1b[31m Đỏ\\u202e" in out


def test_an_unknown_default_channel_is_refused(env, capsys):
    src = write_csv(env["tmp"] / "a.csv", HEADER, [["R01", "upd-b", "1", "05/06/2026 10:00:00"]])
    text = refused(env, capsys, src, "bad-channel", "--channel", "=cmd")
    assert "--channel: [bad-channel]" in text


@pytest.mark.slow
def test_an_import_at_the_row_limit_fits_in_the_memory_cap(env):
    """The largest import the limits allow (MAX_ROWS rows, long notes) runs under 1 GiB of address space."""
    n = tables.MAX_ROWS
    start = dt.datetime(2026, 6, 2, 0, 0, 0)
    src = env["tmp"] / "max.csv"
    with open(src, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(HEADER + ["note"])
        for i in range(n):
            when = start + dt.timedelta(seconds=i)
            w.writerow(["R01" if i % 2 else "R03", "upd-b", "1", when.strftime("%d/%m/%Y %H:%M:%S"),
                        "ghi chú dài " * 12])
    assert src.stat().st_size < tables.MAX_FILE_BYTES
    proc = run_capped(["import", *common(env), str(src)], timeout=900)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0 and "Traceback" not in out, out[-2000:]
    assert len(log_rows(env["acks"])) == 1 + n
