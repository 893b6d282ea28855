"""A coordinator's workspace apart from the content repository: `ack init`, given once and
remembered, refused inside the repository; personal files written only there (or where git
ignores them) and never over an input; `ack publish` writes the one aggregate file the build
reads; the build reads no workspace file and refuses a roster in the repository."""
from __future__ import annotations

import csv
import json
import re
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from support import ackfixtures as fx

from scripts.acks import cli, dashboard, workspace

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample-workspace"
AS_OF = "2026-11-29"
# every update of the real content that requires acknowledgement (the content grows)
REAL_UPDATES = len(__import__("scripts.acks.updates", fromlist=["x"]).updates_from_tree(
    __import__("scripts.model.tree", fromlist=["x"]).load_tree(ROOT / "docs", bodies=False)))


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A user configuration folder of the test's own (where the workspace is remembered)."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("HANDBOOK_WORKSPACE", raising=False)
    monkeypatch.delenv("HANDBOOK_ACK_SECRET", raising=False)
    return tmp_path


def test_init_creates_a_workspace_and_remembers_it(home, capsys):
    root = home / "dieu-phoi"
    assert cli.main(["init", str(root)]) == 0
    assert (root / "acks").is_dir() and not list((root / "acks").iterdir())  # an empty log
    assert (root / "provinces.csv").read_bytes() == (ROOT / "data" / "provinces.csv").read_bytes()
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# Không gian làm việc") and readme.index("## English") > 500  # Vietnamese first
    ignored = (root / ".gitignore").read_text(encoding="utf-8").split()
    assert {"reminders/", "rejects/", "*ack-secret*"} <= set(ignored)
    secret = root / "ack-secret"
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600 and len(secret.read_text().strip()) >= 43  # 32 bytes
    with open(root / "reporters.csv", encoding="utf-8") as f:
        assert next(csv.reader(f))[0] == "reporter_id"
    # given once: the next command finds it without --workspace
    assert workspace.resolve().root == root
    assert cli.main(["init", str(root)]) == 1 and "[workspace-exists]" in capsys.readouterr().err


def test_a_workspace_inside_the_content_repository_is_refused(home, capsys):
    target = ROOT / "data" / "my-workspace"
    assert cli.main(["init", str(target)]) == 1
    assert "[workspace-in-repo]" in capsys.readouterr().err and not target.exists()
    assert workspace.load(SAMPLE).sample  # the fictional sample is the one exception


def test_without_a_workspace_commands_say_how_to_make_one(home, capsys):
    assert cli.main(["report", "--docs", str(fx.make_docs(home))]) == 1
    err = capsys.readouterr().err
    assert "[no-workspace]" in err and "ack init" in err and "Traceback" not in err


def test_environment_variable_names_the_workspace(home, monkeypatch, capsys):
    monkeypatch.setenv("HANDBOOK_WORKSPACE", str(SAMPLE))
    assert cli.main(["report", "--as-of", AS_OF, "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert len(doc["updates"]) == REAL_UPDATES


@pytest.fixture
def ws(home):
    root = home / "ws"
    assert cli.main(["init", str(root)]) == 0
    shutil.copyfile(SAMPLE / "reporters.csv", root / "reporters.csv")
    for path in (SAMPLE / "acks").glob("*.csv"):
        shutil.copyfile(path, root / "acks" / path.name)
    return root


def test_remind_writes_csv_and_xlsx_into_the_workspace_by_default(ws, capsys):
    assert cli.main(["remind", "--as-of", AS_OF]) == 0
    capsys.readouterr()
    csvs, xlsxs = sorted((ws / "reminders").glob("*.csv")), sorted((ws / "reminders").glob("*.xlsx"))
    assert csvs and [p.stem for p in csvs] == [p.stem for p in xlsxs]
    from openpyxl import load_workbook
    sheet = load_workbook(xlsxs[0]).active
    header = [c.value for c in sheet[1]]
    assert header[:2] == ["Mã báo cáo viên", "Họ và tên"]
    due = header.index("Hạn sớm nhất")
    assert sheet.cell(2, due + 1).is_date and sheet.cell(2, due + 1).number_format == "DD/MM/YYYY"
    with open(csvs[0], encoding="utf-8-sig") as f:
        row = next(r for i, r in enumerate(csv.reader(f)) if i == 1)
    assert row[due].count("/") == 2  # 16/03/2026, as a Vietnamese reader writes it


@pytest.mark.parametrize("where", ["repo", "input", "log", "elsewhere"])
def test_personal_files_go_only_into_the_workspace_or_an_ignored_folder(ws, home, capsys, where):
    export = home / "export.csv"
    export.write_text("Dấu thời gian,Mã báo cáo viên,Văn bản,Phiên bản\n01/07/2026 10:00,BCV-00001,x,1\n",
                      encoding="utf-8")
    before = export.read_bytes()
    target = {"repo": ROOT / "nhac-nho", "input": export, "log": ws / "acks" / "r.csv",
              "elsewhere": home / "Desktop" / "r.csv"}[where]
    if where == "input":
        rc = cli.main(["import", str(export), "--skip-bad", "--rejects", str(target), "--docs",
                       str(fx.make_docs(home))])
    elif where == "repo":
        rc = cli.main(["remind", "--out", str(target), "--as-of", AS_OF])
    else:
        rc = cli.main(["import", str(export), "--skip-bad", "--rejects", str(target)])
    err = capsys.readouterr().err
    assert rc == 1 and "[unsafe-output]" in err, err
    assert not (ROOT / "nhac-nho").exists() and export.read_bytes() == before
    assert not (home / "Desktop").exists()


def test_remind_into_the_repository_root_or_rejects_over_the_sample_roster_are_refused(home, monkeypatch, capsys):
    """The two findings of the red-team pass: `remind --out .` and `--rejects data/reporters.csv`."""
    monkeypatch.chdir(ROOT)
    before = (SAMPLE / "reporters.csv").read_bytes()
    common = ["--roster", str(SAMPLE / "reporters.csv"), "--acks", str(SAMPLE / "acks")]
    assert cli.main(["remind", *common, "--out", ".", "--as-of", AS_OF]) == 1
    assert "[unsafe-output]" in capsys.readouterr().err and not list(ROOT.glob("*.csv"))
    export = home / "e.csv"
    export.write_text("Dấu thời gian,Mã báo cáo viên,Văn bản,Phiên bản\n01/07/2026 10:00,X,x,1\n", encoding="utf-8")
    for target in (SAMPLE / "reporters.csv", ROOT / "data" / "rejects.csv"):
        assert cli.main(["import", *common, str(export), "--skip-bad", "--rejects", str(target)]) == 1
        assert "[unsafe-output]" in capsys.readouterr().err
    assert (SAMPLE / "reporters.csv").read_bytes() == before and not (ROOT / "data" / "rejects.csv").exists()


def test_a_folder_git_ignores_is_accepted(home, capsys):
    repo = home / "repo"
    repo.mkdir()
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    (repo / ".gitignore").write_text("nhac/\n", encoding="utf-8")
    workspace.check_private_output(repo / "nhac", "--out", None, is_file=False)  # ignored: fine
    with pytest.raises(workspace.AckError) as exc:
        workspace.check_private_output(repo / "tracked", "--out", None, is_file=False)
    assert exc.value.problems[0].rule == "unsafe-output"


def test_publish_writes_one_aggregate_without_personal_data(ws, home, capsys):
    out = home / "content" / "data" / "dashboard.json"
    assert cli.main(["publish", "--as-of", AS_OF, "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    doc = json.loads(text)
    assert dashboard.check_aggregate(doc) == []
    assert doc["as_of"] == AS_OF and doc["plan"] == "tham-chieu-2026" and len(doc["updates"]) == REAL_UPDATES
    with open(ws / "reporters.csv", newline="", encoding="utf-8") as f:
        people = list(csv.DictReader(f))
    for r in people:
        for value in (r["reporter_id"], r["full_name"], r["email"], r["phone"], r["phone"].replace(" ", "")):
            assert not value or value not in text
    assert "@" not in text and "BCV-" not in text
    # the same figures the one-step renderer shows
    docs = fx.make_docs(home / "d")
    from scripts.model.tree import load_tree
    board = dashboard.Dashboard.from_aggregate(doc, load_tree(docs))
    first = doc["updates"][0]
    assert f"(≈{first['acknowledged']}/{first['audience']})" in board.summary("vi")
    # published figures only: counts are multiples of 5 (scripts/acks/published.py), never an exact count
    assert doc["base"] == 5 and all(u["audience"] % 5 == 0 and u["acknowledged"] % 5 == 0 for u in doc["updates"])


def test_an_aggregate_with_anything_else_is_refused(tmp_path):
    doc = json.loads((ROOT / "data" / "dashboard.json").read_text(encoding="utf-8"))
    assert dashboard.check_aggregate(doc) == []
    for tamper in (lambda d: d.update(names=["Nguyễn Văn A"]),
                   lambda d: d["updates"][0].update(reporters=["BCV-00001"]),
                   lambda d: d["updates"][0]["provinces"].update({"ha-noi": {"percent": 50, "email": "a@b.c"}}),
                   lambda d: d["updates"][0]["provinces"].update({"Nguyễn Văn A 0900000001": {"suppressed": True}})):
        bad = json.loads(json.dumps(doc))
        tamper(bad)
        problems = dashboard.check_aggregate(bad)
        assert problems and {p.rule for p in problems} == {"bad-aggregate"}


def _content_copy(tmp_path: Path) -> Path:
    """The content repository without any workspace: docs, theme, config, public data and the aggregate."""
    copy = tmp_path / "content"
    for name in ("docs", "overrides"):
        shutil.copytree(ROOT / name, copy / name, symlinks=True)
    for name in ("mkdocs.yml", "CODEOWNERS"):
        shutil.copyfile(ROOT / name, copy / name)
    (copy / "scripts").symlink_to(ROOT / "scripts")  # the code, not the content (hooks: scripts/build/)
    (copy / "data").mkdir()
    for path in (ROOT / "data").iterdir():
        if path.is_file():
            shutil.copyfile(path, copy / "data" / path.name)
    assert not (copy / "data" / "sample-workspace").exists()
    return copy


@pytest.mark.slow
def test_the_build_reads_only_the_aggregate(tmp_path):
    from conftest import build_site
    copy = _content_copy(tmp_path)
    missing = tmp_path / "no-such-workspace"
    site = tmp_path / "site"
    result = build_site(copy / "mkdocs.yml", site, env={"HANDBOOK_WORKSPACE": str(missing)})
    assert result.returncode == 0, result.stdout + result.stderr
    page = (site / "dashboard" / "index.html").read_text(encoding="utf-8")
    doc = json.loads((copy / "data" / "dashboard.json").read_text(encoding="utf-8"))
    first = doc["updates"][0]
    assert f"(≈{first['acknowledged']}/{first['audience']})" in page  # the figures, from the aggregate alone
    assert (site / "dashboard" / first["id"] / "index.html").exists()
    # and without the aggregate: a notice, no figures, the build still passes
    (copy / "data" / "dashboard.json").unlink()
    site2 = tmp_path / "site2"
    result = build_site(copy / "mkdocs.yml", site2)
    assert result.returncode == 0, result.stdout + result.stderr
    page = (site2 / "dashboard" / "index.html").read_text(encoding="utf-8")
    assert "ack publish" in page and f"(≈{first['acknowledged']}/{first['audience']})" not in page


@pytest.mark.slow
def test_the_build_refuses_a_roster_planted_in_the_content(tmp_path):
    from conftest import build_site
    copy = _content_copy(tmp_path)
    planted = copy / "overrides" / "assets" / "ds.csv"
    planted.write_text("Mã báo cáo viên,Họ và tên,Số điện thoại\nX1,Người Thật,0912345678\n", encoding="utf-8")
    result = build_site(copy / "mkdocs.yml", tmp_path / "site")
    assert result.returncode != 0
    assert "overrides/assets/ds.csv:1: [roster-in-repo]" in result.stdout + result.stderr


def test_tables_a_coordinator_reads_are_in_vietnamese_formats(home, monkeypatch, capsys):
    monkeypatch.setenv("HANDBOOK_WORKSPACE", str(SAMPLE))
    assert cli.main(["report", "--as-of", AS_OF]) == 0
    vi = capsys.readouterr().out
    assert re.search(r"\b\d{1,3},\d%", vi) and "16/03/2026" in vi and "29/11/2026" in vi and not re.search(r"\b\d{1,3}\.\d%", vi)
    head = vi.splitlines()[2]
    assert "Phiên bản" in head and "Đã xác nhận" in head and "Chưa xác nhận" in head
    assert not {"PB", "XN", "Rev", "reporter_id"} & set(head.replace("*", " ").split())
    assert cli.main(["status", "luat-tre-em-2016", "--as-of", AS_OF, "--province", "Hà Giang"]) == 0
    status = capsys.readouterr().out
    assert "Mã báo cáo viên" in status and "reporter_id" not in status and "2026-" not in status
    assert cli.main(["report", "--as-of", AS_OF, "--lang", "en"]) == 0
    en = capsys.readouterr().out
    assert re.search(r"\b\d{1,3}\.\d%", en) and "16 Mar 2026" in en and "Revision" in en


def test_reminder_xlsx_cells_never_run_as_formulas(tmp_path):
    import datetime as dt

    from openpyxl import load_workbook

    from scripts.acks.remind import write_xlsx
    path = write_xlsx(tmp_path / "r.xlsx", ["Mã", "Họ và tên", "Hạn"],
                      [["X1", '=HYPERLINK("http://x","y")', dt.date(2026, 3, 16)]], "Nhắc")
    sheet = load_workbook(path).active
    assert sheet["B2"].value == "'=HYPERLINK(\"http://x\",\"y\")" and sheet["B2"].data_type == "s"
    assert sheet["C2"].is_date and sheet.title == "Nhắc"


def test_publish_never_writes_over_an_input(ws, capsys):
    before = (ws / "reporters.csv").read_bytes()
    assert cli.main(["publish", "--as-of", AS_OF, "--out", str(ws / "reporters.csv")]) == 1
    assert "[unsafe-output]" in capsys.readouterr().err and (ws / "reporters.csv").read_bytes() == before


@pytest.mark.slow
def test_a_new_coordinator_end_to_end(ws, home, capsys):
    """Done when: a workspace is set up, an export of each product is imported without options,
    the aggregate is published into the content and the built site shows the new figures, with no
    personal data in the content at any step."""
    import datetime as dt

    from conftest import build_site
    from openpyxl import Workbook

    from scripts.acks.coverage import status
    from scripts.acks.links import token
    from scripts.acks.roster import load_provinces, load_roster
    from scripts.acks.updates import load_updates
    uid = "nq-202-2025-qh15"
    roster = load_roster(ws / "reporters.csv", load_provinces(ws / "provinces.csv"))
    update = load_updates(ROOT / "docs")[uid]
    st = status(roster, update, ws / "acks", dt.date(2026, 11, 29))
    before = len(st["acknowledged"])
    a, b, c = st["pending"][:3]
    secret = (ws / "ack-secret").read_bytes().strip()
    rev = update.revision  # the revision reporters acknowledge today
    tok = lambda rid: token(secret, rid, uid, rev)  # noqa: E731
    google = home / "google.csv"
    with open(google, "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([["Dấu thời gian", "Mã báo cáo viên", "Văn bản", "Phiên bản", "Mã xác thực"],
                                 ["20/11/2026 09:15:00", a, "Nghị quyết 202/2025/QH15", str(rev), tok(a)]])
    microsoft = home / "microsoft.xlsx"
    book = Workbook()
    book.active.append(["ID", "Start time", "Completion time", "Email", "Name", "Mã báo cáo viên", "Văn bản",
                        "Phiên bản", "Mã xác thực"])
    book.active.append([1, dt.datetime(2026, 11, 21, 8, 0), dt.datetime(2026, 11, 21, 8, 2), "anonymous", None, b,
                        uid, rev, tok(b)])
    book.save(microsoft)
    kobo = home / "kobo.csv"
    with open(kobo, "w", newline="", encoding="utf-8") as f:
        csv.writer(f, delimiter=";").writerows([
            ["start", "end", "reporter_id", "update_id", "revision", "token", "_id", "_uuid", "_submission_time",
             "_validation_status", "__version__", "_index"],
            ["2026-11-22T10:00:00+07:00", "2026-11-22T10:01:00+07:00", c, uid, str(rev), tok(c), "9", "u-9",
             "2026-11-22T03:01:05", "", "vAbc", "1"]])
    for export in (google, microsoft, kobo):
        assert cli.main(["import", str(export)]) == 0, capsys.readouterr()
    capsys.readouterr()
    copy = _content_copy(home)
    assert cli.main(["publish", "--as-of", AS_OF, "--out", str(copy / "data" / "dashboard.json")]) == 0
    result = build_site(copy / "mkdocs.yml", home / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    page = (home / "site" / "dashboard" / "index.html").read_text(encoding="utf-8")
    text = (copy / "data" / "dashboard.json").read_text(encoding="utf-8")
    # the new figures as published: the exact ones randomly rounded to a multiple of 5
    fig = next(u for u in json.loads(text)["updates"] if u["id"] == uid)
    assert f"(≈{fig['acknowledged']}/{fig['audience']})" in page
    assert abs(fig["acknowledged"] - (before + 3)) < 5
    assert abs(fig["audience"] - (len(st["acknowledged"]) + len(st["stale"]) + len(st["pending"]))) < 5
    assert not {a, b, c} & set(re.findall(r"BCV-\d+", text)) and "BCV-" not in page


def test_without_flock_the_log_is_locked_by_a_lock_file(tmp_path, monkeypatch):
    """Windows has no fcntl: two imports still cannot write at once, and the lock file goes away."""
    from scripts.acks import log
    monkeypatch.setattr(log, "fcntl", None)
    acks = tmp_path / "acks"
    with log.locked(acks, timeout=0):
        assert (acks / log.LOCK_FILE).exists()
        with pytest.raises(workspace.AckError) as exc:
            with log.locked(acks, timeout=0.2, poll=0.05):
                pass
        assert exc.value.problems[0].rule == "log-locked" and log.LOCK_FILE in str(exc.value)
    assert not (acks / log.LOCK_FILE).exists() and log.log_files(acks) == []
