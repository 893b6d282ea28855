"""Coordinator features: central reporters without a province, --province, --lang, signed links,
not-in-audience, what changed since a revision, phone renumbering (issue "Acknowledgements a
coordinator can trust and act on")."""
from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "acks"))
import ackfixtures as fx  # noqa: E402

from scripts.acks import cli  # noqa: E402

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
    return {"docs": docs, "roster": roster, "acks": acks, "tmp": tmp_path}


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
    from scripts.model.tree import load_tree
    data = Path(__file__).resolve().parent.parent / "data"
    rows = read_csv(data / "reporters.csv")
    central = [r for r in rows if r["level"] == "central"]
    assert central and all(r["province"] == "" for r in central)  # fictional sample: central staff, no province
    docs = fx.make_docs(tmp_path)
    board = dashboard.Dashboard.load(load_tree(docs), data / "reporters.csv", data / "acks", None,
                                     dt.date(2026, 11, 29))
    for s in board.summaries.values():
        assert "" not in s["by_province"]
        provincial = sum(v["audience"] for lv, v in s["by_level"].items() if lv != "central")
        assert sum(v["audience"] for v in s["by_province"].values()) == provincial
