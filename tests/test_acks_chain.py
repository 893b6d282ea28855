"""The acknowledgement log's hash chain (scripts/acks/log.py): a log nobody can edit unseen.

A copy of the sample log (regenerated with its chain by scripts/acks/sample.py) is edited by
hand the ways the red team did; `ack verify` names the file and row of every change, every
report says the log did not verify, and a clean log (and an import onto it) verifies.
"""
from __future__ import annotations

import json
import shutil

import pytest
from conftest import ROOT

from scripts.acks import cli, log

SAMPLE = ROOT / "data" / "sample-workspace" / "acks"
AS_OF = "2026-11-29"


@pytest.fixture
def acks(tmp_path):
    target = tmp_path / "acks"
    shutil.copytree(SAMPLE, target)
    return target


def problems(acks) -> list[tuple[str, int, str]]:
    return [(p.path.rsplit("/", 1)[-1], p.line, p.rule) for p in log.verify(acks).problems]


def lines(path):
    return path.read_text(encoding="utf-8").split("\n")


def test_the_committed_sample_log_verifies(acks):
    check = log.verify(SAMPLE)
    assert check.verified and check.files == 13 and check.rows > 1000 and len(check.head) == 16
    assert cli.main(["verify", "--acks", str(SAMPLE)]) == 0


def test_twenty_rows_appended_by_hand_are_each_named(acks, capsys):
    path = sorted(acks.glob("*.csv"))[-1]
    rows = [f"BCV-{n:05d},luat-tre-em-2016,1,2026-11-20T10:00:00+07:00,form," for n in range(100, 120)]
    before = len(lines(path))
    path.write_text(path.read_text(encoding="utf-8") + "\n".join(rows) + "\n", encoding="utf-8")
    found = problems(acks)
    assert found == [(path.name, before + k, "log-tampered") for k in range(20)]
    # copying a chain value from another row does not help
    path.write_text(path.read_text(encoding="utf-8").replace(rows[0] + "\n", rows[0] + ",1447ba153e9dd2f1\n"),
                    encoding="utf-8")
    assert len(problems(acks)) == 20
    assert cli.main(["verify", "--acks", str(acks)]) == 1
    out = capsys.readouterr().out
    assert f"{path.name}:{before}: [log-tampered]" in out and "KHÔNG khớp chuỗi băm ở 20 chỗ" in out


def test_an_edited_row_is_named_and_only_it(acks):
    path = sorted(acks.glob("*.csv"))[3]
    text = lines(path)
    text[5] = text[5].replace("+07:00", "+06:00")
    path.write_text("\n".join(text), encoding="utf-8")
    assert problems(acks) == [(path.name, 6, "log-tampered")]


def test_a_removed_row_is_named_at_the_row_after_it(acks):
    files = sorted(acks.glob("*.csv"))
    path = files[2]
    text = lines(path)
    del text[4]
    path.write_text("\n".join(text), encoding="utf-8")
    assert problems(acks) == [(path.name, 5, "log-tampered")]
    # the last row of a file: the next file's first row says so
    path = files[5]
    text = [line for line in lines(path) if line]
    path.write_text("\n".join(text[:-1]) + "\n", encoding="utf-8")
    assert (files[6].name, 2, "log-tampered") in problems(acks)


def test_reordered_rows_and_files_are_named(acks):
    files = sorted(acks.glob("*.csv"))
    path = files[1]
    text = lines(path)
    text[2], text[3] = text[3], text[2]
    path.write_text("\n".join(text), encoding="utf-8")
    # rows A B C D become A C B D: C does not follow A, B does (it is accepted), D does not follow B
    assert problems(acks) == [(path.name, 3, "log-tampered"), (path.name, 5, "log-tampered")]
    shutil.copy(SAMPLE / path.name, path)
    files[4].rename(acks / ("2026-12-31-" + files[4].name))  # moved to the end of the log
    found = problems(acks)
    assert (files[5].name, 2, "log-tampered") in found and ("2026-12-31-" + files[4].name, 2, "log-tampered") in found


def test_a_file_added_by_hand_is_named(acks):
    (acks / "2026-11-30-them.csv").write_text("reporter_id,update_id,revision,acknowledged_at,channel,note\n"
                                              "BCV-00001,luat-tre-em-2016,1,2026-11-20T10:00:00+07:00,form,\n",
                                              encoding="utf-8")
    assert problems(acks) == [("2026-11-30-them.csv", 1, "log-tampered")]


def test_every_report_says_whether_the_log_verified(acks, capsys):
    common = ["--roster", str(SAMPLE.parent / "reporters.csv"), "--acks", str(acks), "--as-of", AS_OF]
    assert cli.main(["report", *common, "--format", "json"]) == 0
    out = capsys.readouterr()
    assert json.loads(out.out)["log"]["verified"] is True and "đã kiểm tra chuỗi băm" in out.err
    path = sorted(acks.glob("*.csv"))[-1]
    path.write_text(path.read_text(encoding="utf-8") + "BCV-00100,luat-tre-em-2016,1,2026-11-20T10:00:00+07:00,form,\n",
                    encoding="utf-8")
    assert cli.main(["report", *common, "--format", "md"]) == 0
    out = capsys.readouterr()
    assert "Nhật ký xác nhận: KHÔNG khớp chuỗi băm ở 1 chỗ" in out.out  # in the report itself
    assert f"{path.name}:" in out.err and "[log-tampered]" in out.err
    assert cli.main(["status", *common, "luat-tre-em-2016"]) == 0
    assert "KHÔNG khớp" in capsys.readouterr().err


def test_a_log_written_before_the_chain_is_sealed_by_the_next_import(tmp_path):
    acks = tmp_path / "acks"
    acks.mkdir()
    old = acks / "2026-01-01-cu.csv"
    old.write_text("reporter_id,update_id,revision,acknowledged_at,channel,note\n"
                   "R01,upd-b,1,2026-06-05T10:11:12+07:00,form,\nR02,upd-b,1,2026-06-06T10:11:12+07:00,form,\n",
                   encoding="utf-8")
    check = log.verify(acks)
    assert not check.verified and not check.problems and "chưa kiểm tra được" in check.summary()
    new = log.append(acks, [("R03", "upd-b", 1, "2026-06-07T10:11:12+07:00", "form", "")], "import-x")
    assert lines(new)[0].endswith(",chain") and log.verify(acks).verified
    old.write_text(old.read_text(encoding="utf-8").replace("R02", "R04"), encoding="utf-8")  # the old file edited
    assert problems(acks) == [(new.name, 2, "log-tampered")]


def test_an_import_chains_its_file_to_the_log(acks):
    first = log.append(acks, [("BCV-00001", "luat-tre-em-2016", 1, "2026-11-20T10:00:00+07:00", "form", "=x")],
                       "import-a")
    second = log.append(acks, [("BCV-00002", "luat-tre-em-2016", 1, "2026-11-21T10:00:00+07:00", "form", "")],
                        "import-b")
    check = log.verify(acks)
    assert check.verified and check.files == 15 and check.head == lines(second)[1].rsplit(",", 1)[1]
    assert "'=x" in lines(first)[1]  # formulas still neutralised
    assert list(log.iter_rows(acks))[-1] == ("BCV-00002", "luat-tre-em-2016", "1", "2026-11-21T10:00:00+07:00")


def test_the_dashboard_says_whether_its_log_verified(acks):
    from scripts.acks import dashboard
    from scripts.model.tree import load_tree
    tree = load_tree(ROOT / "docs")

    def summary(lang="vi"):
        board = dashboard.Dashboard.load(tree, ROOT / "data" / "sample-workspace" / "reporters.csv", acks,
                                         ROOT / "data" / "plans.yml",
                                         __import__("datetime").date(2026, 11, 29))
        return board.summary(lang)
    assert "Nhật ký xác nhận đã được kiểm tra chuỗi băm" in summary()
    path = sorted(acks.glob("*.csv"))[-1]
    path.write_text(path.read_text(encoding="utf-8") + "BCV-00100,luat-tre-em-2016,1,2026-11-20T10:00:00+07:00,form,\n",
                    encoding="utf-8")
    body = summary("en")
    assert '!!! warning ""\n    The acknowledgement log does NOT verify' in body
    assert "1202" not in body and "1201" not in body  # the log's row count is an exact figure: not shown


def test_two_processes_find_the_same_as_one(acks, monkeypatch):
    """A big log is checked by two processes (each run of files starts from the value stored on the
    last row before it): the same rows are named, and the same head."""
    files = sorted(acks.glob("*.csv"))
    text = lines(files[8])
    channel = text[3].split(",")[4]
    text[3] = text[3].replace(f",{channel},", ",form," if channel != "form" else ",paper,")  # the channel edited
    files[8].write_text("\n".join(text), encoding="utf-8")
    files[2].write_text(files[2].read_text(encoding="utf-8") + "BCV-00100,luat-tre-em-2016,1,2026-01-20T10:00:00+07:00,form,\n",
                        encoding="utf-8")
    one = log.verify(acks)
    monkeypatch.setattr(log, "processes", lambda files, min_bytes=0: 2)
    two = log.verify(acks)
    assert [(p.path, p.line) for p in two.problems] == [(p.path, p.line) for p in one.problems]
    assert len(one.problems) == 2 and (two.rows, two.head, two.files) == (one.rows, one.head, one.files)
