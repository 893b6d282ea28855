"""The shipped data: provinces (Resolution 202/2025/QH15) and the fictional sample roster and log."""
from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

from support import ackfixtures as fx

from scripts.acks.log import iter_rows, log_files
from scripts.acks.roster import load_provinces, load_roster

DATA = Path(__file__).resolve().parent.parent / "data"
SAMPLE = DATA / "sample-workspace"
UNCHANGED = ["Hà Nội", "Huế", "Cao Bằng", "Điện Biên", "Hà Tĩnh", "Lai Châu", "Lạng Sơn", "Nghệ An", "Quảng Ninh",
             "Sơn La", "Thanh Hóa"]


def test_provinces_are_the_34_units_with_the_former_63():
    p = load_provinces(DATA / "provinces.csv")
    assert len(p) == 34
    with open(DATA / "provinces.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 63 and len({r["former_code"] for r in rows}) == 63
    kinds = {r["code"]: r["kind"] for r in rows}
    assert sum(1 for k in kinds.values() if k == "city") == 6
    merged = {c for c in kinds if sum(1 for r in rows if r["code"] == c) > 1}
    assert len(merged) == 23
    assert sorted(p.units[c].name_vi for c in kinds if c not in merged) == sorted(UNCHANGED)


def test_former_units_resolve_to_the_new_ones():
    p = load_provinces(DATA / "provinces.csv")
    for former, new in [("Hà Giang", "tuyen-quang"), ("yen-bai", "lao-cai"), ("Bắc Kạn", "thai-nguyen"),
                        ("Vĩnh Phúc", "phu-tho"), ("hoa-binh", "phu-tho"), ("Bắc Giang", "bac-ninh"),
                        ("Thừa Thiên Huế", "hue"), ("tỉnh Bình Dương", "ho-chi-minh"),
                        ("TP. Hồ Chí Minh", "ho-chi-minh"), ("Ba Ria - Vung Tau", "ho-chi-minh"),
                        ("thanh pho can tho", "can-tho"), ("HA NOI", "ha-noi"), ("Hanoi", "ha-noi")]:
        assert p.resolve(former) == new, former
    assert p.resolve("Atlantis") is None


def test_sample_roster_is_fictional_and_covers_every_province_and_level():
    p = load_provinces(DATA / "provinces.csv")
    roster = load_roster(SAMPLE / "reporters.csv", p)
    assert 300 <= len(roster) <= 600
    assert {r.province for r in roster.reporters if r.level != "central"} == set(p.codes())
    assert {r.province for r in roster.reporters if r.level == "central"} == {""}  # central staff: no province
    assert {r.level for r in roster.reporters} == {"central", "provincial", "commune"}
    assert any(r.province_given != r.province for r in roster.reporters)  # former codes/names in use
    assert any(not r.active for r in roster.reporters)
    for r in roster.reporters:
        assert re.fullmatch(r"BCV-\d{5}", r.rid)
        assert re.search(r"\d{3}$", r.full_name)
        assert not r.email or r.email.endswith("@example.invalid")
        assert re.fullmatch(r"0900 000 \d{3}", r.phone)
    assert "fictional" in (SAMPLE / "README.md").read_text(encoding="utf-8").lower()


def test_sample_log_is_valid_for_the_published_updates():
    p = load_provinces(DATA / "provinces.csv")
    roster = load_roster(SAMPLE / "reporters.csv", p)
    updates = {u[0]: u for u in fx.SAMPLE_UPDATES}
    assert log_files(SAMPLE / "acks")
    n = 0
    for rid, uid, rev, when in iter_rows(SAMPLE / "acks"):
        n += 1
        assert rid in roster.by_id and uid in updates
        _, _, cur, published, *_ = updates[uid]
        moment = dt.datetime.fromisoformat(when)
        assert moment.utcoffset() == dt.timedelta(hours=7)
        assert 1 <= int(rev) <= cur
        if int(rev) == cur:
            assert moment.date() >= dt.date.fromisoformat(published)
        assert moment.date() <= dt.date(2026, 11, 29)
    assert n > 500


def test_sample_updates_are_the_pages_current_revisions():
    """The sample log acknowledges each page at the revision, publication date, due and audience
    its front matter gives (else the published dashboard is all zeros), and so do the fixtures."""
    from scripts.acks import sample
    from scripts.acks.updates import load_updates
    docs = load_updates(DATA.parent / "docs")
    generated = {u[0]: u[1:5] for u in sample.SAMPLE_UPDATES}
    fixture = {u[0]: (u[2], dt.date.fromisoformat(u[3]), u[4], tuple(u[5])) for u in fx.SAMPLE_UPDATES}
    assert set(generated) == set(fixture) and len(generated) == 6
    for uid, (rev, published, due, audience) in generated.items():
        u = docs[uid]
        assert (rev, published, due, audience) == (u.revision, u.published, u.due_days, u.audience), uid
        assert fixture[uid] == (u.revision, u.published, u.due_days, u.audience), uid
    current = {(uid, str(docs[uid].revision)) for uid in generated}
    acked = {(uid, rev) for _, uid, rev, _ in iter_rows(SAMPLE / "acks")}
    assert current <= acked  # every update has rows at its current revision
    assert any(int(rev) < docs[uid].revision for uid, rev in acked)  # and some stale ones


def test_the_committed_dashboard_is_the_samples_and_shows_acknowledgements(tmp_path, monkeypatch):
    """data/dashboard.json is what `ack publish` writes on the sample today (so it is republished
    whenever the sample or the pages' revisions change), and the demo is not all zeros: every
    sample update has acknowledgements at its current revision, some over the target, some under."""
    import json

    from scripts.acks import cli
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("HANDBOOK_WORKSPACE", raising=False)
    out = tmp_path / "dashboard.json"
    assert cli.main(["publish", "--workspace", str(SAMPLE), "--as-of", "2026-11-29", "--out", str(out)]) == 0
    committed = json.loads((DATA / "dashboard.json").read_text(encoding="utf-8"))
    assert json.loads(out.read_text(encoding="utf-8")) == committed
    assert committed["log"] == "verified"
    figures = {u["id"]: u for u in committed["updates"]}
    shown = [figures[u[0]] for u in fx.SAMPLE_UPDATES]
    assert all(u["overdue"] and 0 < u["acknowledged"] < u["audience"] and u["percent"] > 0 for u in shown)
    assert {u["state"] for u in shown} == {"ok", "under"}
