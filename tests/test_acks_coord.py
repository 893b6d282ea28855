"""Coordinator features: central reporters without a province, --province, --lang, signed links,
not-in-audience, what changed since a revision, phone renumbering (issue "Acknowledgements a
coordinator can trust and act on")."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from support import ackfixtures as fx

from scripts.acks import cli

AS_OF = "2026-11-29"
UPDATES = [
    ("upd-a", "legal-update", 2, "2026-03-01", 30, ["central", "provincial"], "Văn bản A", "Document A"),
    ("upd-b", "module", 1, "2026-06-01", 30, ["central", "provincial", "commune"], "Bài B", "Module B"),
    ("upd-c", "module", 1, "2026-11-20", 30, ["provincial"], "Bài C", "Module C"),  # due 2026-12-20
]
ROSTER = [
    ["C01", "Trung Ương Một", "central", "", "Vụ mẫu", "c01@example.invalid", "0900 000 101", "true", "2024-01-01"],
    ["C02", "Trung Ương Hai", "central", "", "Vụ mẫu", "c02@example.invalid", "0900 000 102", "true", "2024-01-01"],
    ["P01", "Tỉnh Một", "provincial", "ha-giang", "CA tỉnh", "p01@example.invalid", "0900 000 201", "true", "2024-01-01"],
    ["P02", "Tỉnh Hai", "provincial", "tuyen-quang", "CA tỉnh", "p02@example.invalid", "0900 000 202", "true", "2024-01-01"],
    ["P03", "Tỉnh Ba", "provincial", "da-nang", "CA tp", "p03@example.invalid", "0900 000 203", "true", "2024-01-01"],
    ["X01", "Xã Một", "commune", "cao-bang", "CA xã", "x01@example.invalid", "0900 000 301", "true", "2024-01-01"],
]
LOG = [
    ("C01", "upd-a", "2", "2026-03-05T09:00:00+07:00", "form", ""),
    ("P01", "upd-a", "1", "2026-01-05T09:00:00+07:00", "form", ""),
    ("P02", "upd-a", "2", "2026-03-06T09:00:00+07:00", "form", ""),
    ("C02", "upd-b", "1", "2026-06-05T09:00:00+07:00", "form", ""),
]


@pytest.fixture
def env(tmp_path):
    docs = fx.make_docs(tmp_path, UPDATES)
    roster = fx.write_roster(tmp_path / "data" / "reporters.csv", ROSTER)
    acks = tmp_path / "data" / "acks"
    acks.mkdir()
    with open(acks / "2026-06-05-seed.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["reporter_id", "update_id", "revision", "acknowledged_at", "channel", "note"])
        w.writerows(LOG)
    config = tmp_path / "mkdocs.yml"
    config.write_text('extra:\n  ack_form_url: "https://forms.example.org/f?entry.1={id}&entry.2={revision}"\n',
                      encoding="utf-8")
    return {"docs": docs, "roster": roster, "acks": acks, "tmp": tmp_path, "config": config}


def run(env, *args, as_of=AS_OF):
    common = ["--roster", str(env["roster"]), "--acks", str(env["acks"]), "--docs", str(env["docs"])]
    if as_of and args[0] not in ("import",):
        common += ["--as-of", as_of]
    return cli.main([args[0], *common, *args[1:]])


def read_csv(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


# ----------------------------------------------------------------------------- 1. central, blank province

def test_central_reporters_with_blank_province_are_counted_by_level_not_province(env, capsys):
    assert run(env, "report", "--format", "json") == 0
    a = json.loads(capsys.readouterr().out)["updates"][0]
    assert a["audience"] == 5 and a["by_level"]["central"] == {"audience": 2, "acknowledged": 1, "coverage": 0.5}
    assert set(a["by_province"]) == {"tuyen-quang", "da-nang"}
    assert "" not in a["by_province"]
    assert sum(v["audience"] for v in a["by_province"].values()) == 3  # provincial only


def test_blank_province_is_refused_below_central(env, capsys):
    fx.write_roster(env["roster"], ROSTER + [["P09", "Tỉnh Chín", "provincial", "", "", "", "", "true", ""]])
    assert run(env, "report") == 1
    assert f"{env['roster']}:8: [missing-value]" in capsys.readouterr().err


def test_sample_central_staff_have_no_province_and_dashboard_omits_them(tmp_path):
    import datetime as dt

    from scripts.acks import dashboard
    from scripts.acks.coverage import report
    from scripts.acks.roster import load_provinces, load_roster
    from scripts.acks.updates import load_updates
    from scripts.model.tree import load_tree
    data = Path(__file__).resolve().parent.parent / "data" / "sample-workspace"
    rows = read_csv(data / "reporters.csv")
    central = [r for r in rows if r["level"] == "central"]
    assert central and all(r["province"] == "" for r in central)  # fictional sample: central staff, no province
    docs = fx.make_docs(tmp_path)
    roster = load_roster(data / "reporters.csv", load_provinces(data.parent / "provinces.csv"))
    for s in report(roster, load_updates(docs), data / "acks", dt.date(2026, 11, 29))["updates"]:
        assert "" not in s["by_province"]
        provincial = sum(v["audience"] for lv, v in s["by_level"].items() if lv != "central")
        assert sum(v["audience"] for v in s["by_province"].values()) == provincial
    board = dashboard.Dashboard.load(load_tree(docs), data / "reporters.csv", data / "acks", None,
                                     dt.date(2026, 11, 29))
    assert board.summaries and all("" not in s["provinces"] for s in board.summaries.values())


# ----------------------------------------------------------------------------- 2. coordinators

def test_province_filter_on_status_report_remind_accepts_former_names(env, capsys):
    for given in ("tuyen-quang", "Hà Giang", "tỉnh tuyên quang", "ha-giang"):
        assert run(env, "status", "upd-a", "--format", "json", "--province", given) == 0
        st = json.loads(capsys.readouterr().out)
        assert (st["audience"], st["acknowledged"], st["stale"], st["pending"]) == (2, ["P02"], ["P01"], [])
    assert run(env, "report", "--format", "json", "--province", "Đà Nẵng") == 0
    a = json.loads(capsys.readouterr().out)["updates"][0]
    assert a["audience"] == 1 and set(a["by_province"]) == {"da-nang"} and a["by_level"]["central"]["audience"] == 0
    out = env["tmp"] / "r"
    assert run(env, "remind", "--out", str(out), "--province", "ha-giang") == 0
    assert sorted(p.name for p in out.glob("*.csv")) == ["tuyen-quang.csv"]
    assert run(env, "status", "upd-a", "--province", "Atlantis") == 1
    err = capsys.readouterr().err
    assert "--province: [unknown-province]" in err and "Traceback" not in err


def test_status_lists_pending_then_stale_then_acknowledged_with_counts(env, capsys):
    assert run(env, "status", "upd-a") == 0
    out = capsys.readouterr().out
    i, j, k = out.index("Chưa xác nhận (2)"), out.index("Xác nhận phiên bản cũ (1)"), out.index("Đã xác nhận (2)")
    assert i < j < k
    stale = out[j:k]
    assert "P01" in stale and "Phiên bản đã xác nhận" in out  # the stale reporter's last revision
    assert run(env, "status", "upd-a", "--lang", "en") == 0
    out = capsys.readouterr().out
    assert out.index("Pending") < out.index("Acknowledged") and "Last acknowledged revision" in out
    assert run(env, "status", "upd-a", "--format", "csv") == 0
    states = [line.split(",")[0] for line in capsys.readouterr().out.splitlines()[1:]]
    assert states == ["pending", "pending", "stale", "acknowledged", "acknowledged"]


def test_reminder_headers_are_vietnamese_by_default_english_on_request(env, capsys):
    out = env["tmp"] / "vi"
    assert run(env, "remind", "--out", str(out)) == 0
    assert "✅" in capsys.readouterr().err
    with open(out / "trung-uong.csv", newline="", encoding="utf-8-sig") as f:
        header = next(csv.reader(f))
    assert header[:4] == ["Mã báo cáo viên", "Họ và tên", "Email", "Số điện thoại"]
    rows = read_csv(out / "tuyen-quang.csv")
    assert [(r["Mã báo cáo viên"], r["Trạng thái"], r["Phiên bản đã xác nhận gần nhất"], r["Quá hạn"])
            for r in rows] == [("P01", "đã xác nhận phiên bản cũ; chưa xác nhận", "1; chưa có", "có"),
                               ("P02", "chưa xác nhận", "chưa có", "có")]
    central = read_csv(out / "trung-uong.csv")
    assert {r["Mã báo cáo viên"] for r in central} == {"C01", "C02"}
    assert {r["Tỉnh, thành phố"] for r in central} == {"Trung ương"}
    en = env["tmp"] / "en"
    assert run(env, "remind", "--out", str(en), "--lang", "en") == 0
    assert "reporters to remind" in capsys.readouterr().err
    rows = read_csv(en / "tuyen-quang.csv")
    assert rows[0]["Reporter ID"] == "P01" and rows[0]["States"] == "stale; pending"
    assert rows[0]["Updates"] == "upd-a (revision 2); upd-b (revision 1)"


def test_remind_leaves_out_updates_not_yet_due_unless_all(env, capsys):
    out = env["tmp"] / "r"
    assert run(env, "remind", "--out", str(out)) == 0
    assert "upd-c" in capsys.readouterr().err  # said what it left out
    text = "".join(p.read_text(encoding="utf-8-sig") for p in out.glob("*.csv"))
    assert "upd-a" in text and "upd-c" not in text
    out2 = env["tmp"] / "r2"
    assert run(env, "remind", "--out", str(out2), "--all") == 0
    assert "upd-c" in "".join(p.read_text(encoding="utf-8-sig") for p in out2.glob("*.csv"))


HEADER = ["Mã báo cáo viên", "Mã tài liệu", "Phiên bản", "Dấu thời gian"]


def write_export(path: Path, header, rows) -> Path:
    with open(path, "w", newline="", encoding="utf-8-sig") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


def log_snapshot(acks: Path) -> dict:
    return {p.name: p.read_bytes() for p in sorted(acks.iterdir())}


def test_acknowledgement_outside_the_audience_is_a_warning_stored_not_counted(env, capsys):
    src = write_export(env["tmp"] / "x.csv", HEADER, [["X01", "upd-a", "2", "05/06/2026 10:00:00"]])
    assert run(env, "import", str(src), "--format", "json") == 0
    cap = capsys.readouterr()
    assert f"{src}:2: [not-in-audience]" in cap.err
    doc = json.loads(cap.out)
    assert doc["added"] == 1 and doc["not_in_audience"] == 1
    assert any("X01,upd-a,2" in p.read_text(encoding="utf-8") for p in env["acks"].glob("*.csv"))
    assert run(env, "report", "--format", "json", "upd-a") == 0
    a = json.loads(capsys.readouterr().out)["updates"][0]
    assert (a["audience"], a["acknowledged"]) == (5, 2)


# ----------------------------------------------------------------------------- 3. signed links

SECRET = b"9f2c4e7a1b8d03f6c5e2a9174b6d8e0f3a7c1e5b9d2f4a6c8e0b1d3f5a7c9e2b"  # 32 bytes, hex (a test key)


@pytest.fixture
def secret_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("outside") / "ack-secret"
    path.write_bytes(SECRET + b"\n")
    path.chmod(0o600)  # a key others on the machine can read is refused
    return path


def test_token_is_hmac_sha256_base32_ten_characters():
    import base64
    import hashlib
    import hmac

    from scripts.acks.links import token
    want = base64.b32encode(hmac.new(SECRET, b"P01|upd-a|2", hashlib.sha256).digest()).decode()[:10]
    assert token(SECRET, "P01", "upd-a", 2) == want and len(want) == 10


def test_import_verifies_tokens(env, capsys, secret_file):
    from scripts.acks.links import token
    good = token(SECRET, "P01", "upd-a", 2)
    head = HEADER + ["token"]
    before = log_snapshot(env["acks"])
    for rows, rule in (
            ([["P01", "upd-a", "2", "05/06/2026 10:00:00", token(SECRET, "P02", "upd-a", 2)]], "bad-token"),  # wrong reporter
            ([["P01", "upd-a", "2", "05/06/2026 10:00:00", token(SECRET, "P01", "upd-a", 1)]], "bad-token"),  # wrong revision
            ([["P01", "upd-a", "2", "05/06/2026 10:00:00", ""]], "missing-token")):
        src = write_export(env["tmp"] / "t.csv", head, rows)
        assert run(env, "import", str(src), "--secret-file", str(secret_file), "--require-token") == 1
        cap = capsys.readouterr()
        assert f"{src}:2: [{rule}]" in cap.out and "Traceback" not in cap.out + cap.err
        assert log_snapshot(env["acks"]) == before  # nothing written
    # a token column without a secret: refused before reading rows
    src = write_export(env["tmp"] / "t.csv", head, [["P01", "upd-a", "2", "05/06/2026 10:00:00", good]])
    assert run(env, "import", str(src)) == 1
    assert "[missing-secret]" in capsys.readouterr().err and log_snapshot(env["acks"]) == before
    # good token (any case), and a missing one (the page's public button) kept, counted apart
    src = write_export(env["tmp"] / "t.csv", head, [["P01", "upd-a", "2", "05/06/2026 10:00:00", good.lower()],
                                                    ["P03", "upd-a", "2", "05/06/2026 10:00:00", ""]])
    assert run(env, "import", str(src), "--secret-file", str(secret_file), "--format", "json") == 0
    doc = json.loads(capsys.readouterr().out)
    assert (doc["added"], doc["signed"], doc["unsigned"]) == (2, 1, 1)


def test_proxy_row_without_token_needs_a_note(env, capsys, secret_file, monkeypatch):
    monkeypatch.setenv("HANDBOOK_ACK_SECRET", SECRET.decode())
    head = HEADER + ["token", "Kênh", "Ghi chú"]
    src = write_export(env["tmp"] / "p.csv", head, [["P03", "upd-a", "2", "05/06/2026 10:00:00", "", "proxy", ""]])
    assert run(env, "import", str(src)) == 1
    assert "[proxy-without-note]" in capsys.readouterr().out
    src = write_export(env["tmp"] / "p.csv", head, [["P03", "upd-a", "2", "05/06/2026 10:00:00", "", "proxy",
                                                     "điều phối viên tỉnh nhập thay, không có điện thoại"]])
    assert run(env, "import", str(src), "--format", "json") == 0
    doc = json.loads(capsys.readouterr().out)
    assert (doc["added"], doc["proxy"], doc["unsigned"]) == (1, 1, 0)


def test_secret_file_inside_the_repository_is_refused(env, capsys):
    root = Path(__file__).resolve().parent.parent
    inside = root / "data" / "ack-secret-test.txt"
    assert run(env, "links", "--secret-file", str(inside)) == 1
    err = capsys.readouterr().err
    assert "[secret-in-repo]" in err and "Traceback" not in err
    assert not inside.exists()


def test_links_are_personal_signed_and_carry_since(env, capsys, secret_file):
    from urllib.parse import parse_qs, urlsplit

    from scripts.acks.links import token
    config = ["--config", str(env["config"])]
    assert run(env, "links", "--secret-file", str(secret_file), "--format", "json", *config, "upd-a") == 0
    rows = json.loads(capsys.readouterr().out)
    by = {r["reporter_id"]: r for r in rows}
    assert set(by) == {"C02", "P01", "P03"}  # pending or stale only
    q = parse_qs(urlsplit(by["P01"]["link"]).query)
    assert q["reporter"] == ["P01"] and q["token"] == [token(SECRET, "P01", "upd-a", 2)] and q["since"] == ["1"]
    assert by["P01"]["link"].startswith("https://")
    assert "since" not in parse_qs(urlsplit(by["P03"]["link"]).query)  # never acknowledged
    # remind with a secret: the links column
    out = env["tmp"] / "r"
    assert run(env, "remind", "--out", str(out), "--secret-file", str(secret_file), *config, "upd-a") == 0
    rows = read_csv(out / "tuyen-quang.csv")
    assert "since=1" in rows[0]["Đường dẫn xác nhận"] and "reporter=P01" in rows[0]["Đường dẫn xác nhận"]


def test_links_refuse_a_placeholder_form(env, capsys, secret_file):
    # the sample mkdocs.yml's form (FORM-ID) is not a form: no reporter gets a dead link
    placeholder = env["tmp"] / "placeholder.yml"
    placeholder.write_text('extra:\n  # ack_form_url: the form\n  ack_form_url: "https://docs.google.com/forms/d/e/FORM-ID/viewform?x={id}"\n',
                           encoding="utf-8")
    assert run(env, "links", "--secret-file", str(secret_file), "--config", str(placeholder), "upd-a") == 1
    err = capsys.readouterr().err
    assert "FORM-ID" in err and "địa chỉ mẫu" in err and "Traceback" not in err
    assert f"{placeholder}:3: [missing-form-url]" in err  # the key's line, not the comment's


def test_form_url_placeholders_for_reporter_and_token():
    from scripts.acks.links import personal_url
    from scripts.render.ackbox import form_url
    t = "https://forms.example/f?id={id}&r={revision}&who={reporter}&t={token}&s={since}"
    assert personal_url(t, "upd-a", 2, "vi", "P 01", "ABC", 1) == \
        "https://forms.example/f?id=upd-a&r=2&who=P%2001&t=ABC&s=1"
    assert form_url(t, "upd-a", 2, "vi") == "https://forms.example/f?id=upd-a&r=2&who=&t=&s="


def test_check_refuses_a_secret_file_inside_the_repository(tmp_path, monkeypatch, capsys):
    from scripts.acks import links
    repo = tmp_path / "repo"
    (repo / "data").mkdir(parents=True)
    assert links.secret_problems(None, repo) == []
    (repo / "data" / "ack-secret").write_text("x")
    probs = links.secret_problems(None, repo)
    assert [p.rule for p in probs] == ["secret-in-repo"] and "ack-secret" in probs[0].path
    outside = tmp_path / "elsewhere.key"
    monkeypatch.setenv("HANDBOOK_ACK_SECRET_FILE", str(repo / "k.txt"))
    monkeypatch.setenv("CI", "false")  # plain `path:line: [rule]` lines, as an editor sees them
    assert len(links.secret_problems(None, repo)) == 2
    assert links.secret_problems(str(outside), repo)[0].path.endswith("ack-secret")
    # python -m scripts check: the real repository has none, and refuses one given inside it
    from scripts import cli as top
    root = Path(__file__).resolve().parent.parent
    monkeypatch.delenv("HANDBOOK_ACK_SECRET_FILE")
    assert top.main(["check", "--secret-file", str(root / "data" / "k.txt")]) == 1
    assert "[secret-in-repo]" in capsys.readouterr().out


# ----------------------------------------------------------------------------- 4. what changed

def test_since_notes_are_rendered_hidden_escaped_with_named_anchors():
    from scripts.render.ackbox import since_notes
    meta = {"revisions": [{"revision": 1, "date": "2026-01-01", "note": "Đầu tiên."},
                          {"revision": 2, "date": "2026-02-01", "note": "Sửa #muc-a và #muc-b <b>x</b>; R&D #1"}]}
    html = since_notes(meta, "vi")
    assert html.startswith('<div class="admonition info ack-since" id="ack-since" hidden')
    assert 'data-revision="2" data-anchors="muc-a muc-b" hidden' in html
    assert '<a href="#muc-a">#muc-a</a>' in html and "&lt;b&gt;x&lt;/b&gt;" in html and "<b>" not in html
    assert since_notes({}, "vi") == ""
    root = Path(__file__).resolve().parent.parent
    assert "assets/since.js" in (root / "mkdocs.yml").read_text(encoding="utf-8")
    assert (root / "overrides" / "assets" / "since.js").exists()


# ----------------------------------------------------------------------------- 5. phones

@pytest.mark.parametrize("old, new", [
    ("0162 123 4567", "0321234567"), ("01691234567", "0391234567"), ("0120 123 4567", "070 123 4567"),
    ("01211234567", "0791234567"), ("01221234567", "0771234567"), ("01261234567", "0761234567"),
    ("01281234567", "0781234567"), ("01231234567", "0831234567"), ("01241234567", "0841234567"),
    ("01251234567", "0851234567"), ("01271234567", "0811234567"), ("01291234567", "0821234567"),
    ("01861234567", "0561234567"), ("01881234567", "0581234567"), ("01991234567", "0591234567"),
    ("+84 162 123 4567", "+84 32 123 4567"), ("841621234567", "84321234567"),
])
def test_pre_2018_eleven_digit_numbers_match_their_ten_digit_form(old, new):
    from scripts.acks.roster import normalize_phone
    assert normalize_phone(old) == normalize_phone(new)
    assert normalize_phone(new).startswith("+84") and len(normalize_phone(new)) == 12  # E.164


def test_roster_and_export_with_two_forms_of_one_number_match(env, capsys):
    roster = ROSTER + [["P04", "Tỉnh Bốn", "provincial", "da-nang", "CA tp", "", "0321 234 567", "true", "2024-01-01"],
                       ["P05", "Tỉnh Năm", "provincial", "da-nang", "CA tp", "", "0168 765 4321", "true", "2024-01-01"]]
    fx.write_roster(env["roster"], roster)
    src = write_export(env["tmp"] / "ph.csv", ["Số điện thoại", "Mã tài liệu", "Phiên bản", "Dấu thời gian"],
                       [["0162 123 4567", "upd-a", "2", "05/06/2026 10:00:00"],   # roster has the new form
                        ["+84 38 765 4321", "upd-a", "2", "05/06/2026 10:00:00"]])  # roster has the old form
    assert run(env, "import", str(src), "--format", "json") == 0
    assert json.loads(capsys.readouterr().out)["added"] == 2
    assert run(env, "status", "upd-a", "--format", "json") == 0
    assert {"P04", "P05"} <= set(json.loads(capsys.readouterr().out)["acknowledged"])


def test_privacy_scan_finds_a_roster_number_in_its_old_or_new_form(tmp_path):
    import shutil

    from scripts.acks import privacy
    from scripts.acks.roster import load_provinces, load_roster
    root = Path(__file__).resolve().parent.parent
    data = tmp_path / "data"
    fx.write_roster(data / "reporters.csv", [["BCV-1", "Người Mẫu", "provincial", "da-nang", "", "",
                                              "0162 123 4567", "true", ""]])
    shutil.copy(root / "data" / "provinces.csv", data / "provinces.csv")
    roster = load_roster(data / "reporters.csv", load_provinces(data / "provinces.csv"))
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, text in (("a.txt", "gọi 0321234567"), ("b.json", '{"t": "+84 32 123 4567"}'), ("c.csv", "01621234567\n")):
        (docs / name).write_text(text, encoding="utf-8")
    assert {Path(p.path).name for p in privacy.scan_docs(docs, roster)} == {"a.txt", "b.json", "c.csv"}


# ----------------------------------------------------------------------------- 7. performance helpers

def test_fast_xlsx_reader_gives_the_rows_openpyxl_gives(tmp_path):
    import datetime as dt

    import openpyxl

    from scripts.acks import tables
    path = tmp_path / "x.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Dấu thời gian", "Email", "Số", "Mã", "PB", "Ghi chú"])
    ws.append([dt.datetime(2026, 6, 5, 10, 11, 12), "a@b", 84900000001, "upd-a", 2, None])
    ws.append([45000.5, "x & <y>", 1.5, "=1+2", True, "ghi chú"])
    ws["A3"].number_format = "dd/mm/yyyy hh:mm"
    ws.append([])
    ws.cell(row=7, column=3, value="lẻ")
    ws.cell(row=7, column=9, value="ngoài")  # beyond the header: dropped
    ws.append(["05/06/2026 10:11:12", "", 0, "", "", "x"])
    ws["B8"] = dt.date(2026, 1, 2)
    wb.save(path)
    wo = openpyxl.Workbook(write_only=True)  # inline strings, as the benchmark writes them
    sheet = wo.create_sheet("Câu trả lời")
    sheet.append(["Mã", "Phiên bản"])
    sheet.append(["R01", 1])
    sheet.append(["Rich & co", 2.5])
    wo.save(tmp_path / "inline.xlsx")
    for p in (path, tmp_path / "inline.xlsx"):
        table = tables.read_table(p)
        fast = [(n, v) for n, v in table.rows if any(x is not None for x in v)]
        table.close()
        book = openpyxl.load_workbook(p, read_only=True, data_only=True)
        slow = [(n, list(v)) for n, v in enumerate(book.active.iter_rows(min_row=2, values_only=True,
                                                                         max_col=len(table.header)), start=2)
                if any(x is not None for x in v)]
        book.close()
        assert fast == slow


def test_token_matches_full_base32_of_the_digest():
    import base64
    import hashlib
    import hmac

    from scripts.acks.links import token
    for rid in ("R1", "BCV-00001", "Người 1"):
        full = base64.b32encode(hmac.new(b"k", f"{rid}|u|3".encode(), hashlib.sha256).digest()).decode()
        assert token(b"k", rid, "u", 3) == full[:10]


def test_a_big_log_read_by_two_processes_gives_the_same_states(env, monkeypatch, capsys):
    import datetime as dt

    from scripts.acks import coverage
    from scripts.acks.roster import load_provinces, load_roster
    from scripts.acks.updates import load_updates
    more = [("P01", "upd-a", "1", "2026-01-06T09:00:00+07:00", "form", ""),   # stale, newest old revision 1
            ("X01", "upd-b", "1", "2026-06-07T09:00:00+07:00", "form", ""),
            ("P03", "upd-a", "2", "2026-12-30T09:00:00+07:00", "form", "")]  # after as_of: not counted
    for k, row in enumerate(more):
        with open(env["acks"] / f"2026-07-0{k + 1}-more.csv", "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["reporter_id", "update_id", "revision", "acknowledged_at", "channel", "note"])
            w.writerow(row)
            if k == 1:
                f.write("X01," + "u" * 200_000 + ",1,2026-06-07T09:00:00+07:00,form,\n")  # a damaged row: warned
    provinces = load_provinces(Path(__file__).resolve().parent.parent / "data" / "provinces.csv")
    roster = load_roster(env["roster"], provinces)
    updates = load_updates(env["docs"])
    as_of = dt.date(2026, 11, 29)
    monkeypatch.setenv("HANDBOOK_ACK_PROCESSES", "1")
    one = coverage.Coverage(roster, updates, env["acks"], as_of)
    err_one = capsys.readouterr().err
    monkeypatch.setenv("HANDBOOK_ACK_PROCESSES", "2")
    monkeypatch.setattr(coverage, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(coverage, "_processes", lambda files: 2)
    two = coverage.Coverage(roster, updates, env["acks"], as_of)
    err_two = capsys.readouterr().err
    assert one.state == two.state and one.last_old == two.last_old and err_one == err_two
    assert "[log-damaged]" in err_two
    assert one.state["upd-a"].count(coverage.STALE) == 1 and one.report()["updates"] == two.report()["updates"]


def test_import_summary_in_vietnamese_by_default_english_on_request(env, capsys):
    src = write_export(env["tmp"] / "s.csv", HEADER, [["P03", "upd-a", "2", "05/06/2026 10:00:00"]])
    assert run(env, "import", str(src), "--dry-run") == 0
    assert "(thử, không ghi gì) đọc 1 dòng: 1 xác nhận mới" in capsys.readouterr().err
    assert run(env, "import", str(src), "--lang", "en") == 0
    assert "✅ read 1 rows: added 1 acknowledgements" in capsys.readouterr().err
    bad = write_export(env["tmp"] / "b.csv", HEADER, [["ZZZ", "upd-a", "2", "05/06/2026 10:00:00"]])
    assert run(env, "import", str(bad)) == 1
    assert "KHÔNG ghi gì vào nhật ký" in capsys.readouterr().err
