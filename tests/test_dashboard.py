"""The dashboard page body: aggregates from the sample data, accessible SVG, no personal data."""
from __future__ import annotations

import csv
import datetime as dt
import re
import sys
from pathlib import Path

import markdown
import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "acks"))
import ackfixtures as fx  # noqa: E402

from scripts.acks import dashboard  # noqa: E402
from scripts.model.languages import strings  # noqa: E402
from scripts.model.tree import load_tree  # noqa: E402
from scripts.acks.roster import normalize_phone  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
AS_OF = dt.date(2026, 11, 29)


@pytest.fixture(scope="module")
def docs(tmp_path_factory):
    return fx.make_docs(tmp_path_factory.mktemp("dash"))


@pytest.fixture(scope="module", params=["vi", "en"])
def page(request, docs):
    return request.param, dashboard.render(request.param, load_tree(docs), DATA / "reporters.csv", DATA / "acks", 0.75, AS_OF)


def roster_values():
    with open(DATA / "reporters.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) >= 300
    for r in rows:
        yield r["reporter_id"]
        yield r["full_name"]
        if r["email"]:
            yield r["email"]
            yield r["email"].split("@")[0]
        if r["phone"]:
            yield r["phone"]
            yield normalize_phone(r["phone"])


def test_dashboard_shows_no_roster_value(page):
    lang, body = page
    leaks = [v for v in roster_values() if v and v in body]
    assert leaks == []
    assert "example.invalid" not in body and "BCV-" not in body


def test_dashboard_has_every_update_and_province_with_target(page, docs):
    lang, body = page
    for uid, *_ in fx.SAMPLE_UPDATES:
        assert uid in body
    assert body.count("<svg") == 2 and body.count("</svg>") == 2
    assert ("Mục tiêu 75%" if lang == "vi" else "Target 75%") in body
    assert "stroke-dasharray" in body  # the target line
    province_chart = body.split(f'id="ack-chart-provinces-{lang}"')[1].split("</svg>")[0]
    assert province_chart.count("<g>") == 34  # every unit in force has reporters in the sample roster
    assert ("Tuyên Quang" if lang == "vi" else "Tuyen Quang") in province_chart
    assert "Hà Giang" not in province_chart  # former units are folded into the new ones


def test_dashboard_is_accessible_without_javascript(page):
    lang, body = page
    for svg in re.findall(r"<svg.*?</svg>", body, re.S):
        assert 'role="img"' in svg and "aria-labelledby=" in svg
        assert "<title id=" in svg and "<desc id=" in svg
        bars = re.findall(r"<g><title>(.*?)</title>", svg)
        assert bars and all("%" in b for b in bars)  # every bar has its value as text
        assert "<script" not in svg
    assert "<script" not in body


def test_dashboard_figures_match_the_report(docs):
    from scripts.acks.coverage import report
    from scripts.acks.roster import load_provinces, load_roster
    from scripts.acks.updates import load_updates
    roster = load_roster(DATA / "reporters.csv", load_provinces(DATA / "provinces.csv"))
    doc = report(roster, load_updates(docs), DATA / "acks", AS_OF)
    body = dashboard.render("en", load_tree(docs), DATA / "reporters.csv", DATA / "acks", 0.75, AS_OF)
    for u in doc["updates"]:
        assert f"({u['acknowledged']}/{u['audience']})" in body
    under = sum(1 for u in doc["updates"] if u["under_target"])
    assert (f"{under} overdue updates are under target" if under else "Every overdue update is on target") in body


def test_dashboard_survives_markdown_with_md_in_html(page):
    lang, body = page
    html = markdown.markdown(body, extensions=["md_in_html", "tables", "attr_list", "admonition"])
    assert html.count("<svg") == 2 and html.count("</svg>") == 2
    assert "<p><svg" not in html and "&lt;svg" not in html
    assert html.count("<table>") == 3


def test_dashboard_with_broken_roster_shows_a_notice_not_data(tmp_path, docs):
    bad = fx.write_roster(tmp_path / "reporters.csv", [["X1", "Tên Lộ Ra", "central", "Atlantis", "", "", "", "", ""]])
    body = dashboard.render("vi", load_tree(docs), bad, tmp_path / "acks", 0.75, AS_OF)
    assert "python -m scripts ack report" in body and "X1" not in body and "Tên Lộ Ra" not in body


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_dashboard_pages_have_front_matter_and_marker(lang):
    text = (ROOT / "docs" / f"dashboard.{lang}.md").read_text(encoding="utf-8")
    assert text.count("\n<!-- ack-dashboard -->\n") == 1
    head = text.split("---")[1]
    assert "id: dashboard" in head and "type: page" in head
    # any real review date (pinning one would fail on the next review, not on a bug)
    assert re.search(r'^last_reviewed: "20\d\d-\d\d-\d\d"$', head, re.M), head
    assert "owner: Ban biên tập Sổ tay" in head and "75%" in text


def test_small_groups_show_no_figure():
    """A province x update cell of 1-4 reporters would reveal individuals: no percentage."""
    t = strings("vi", "dashboard")
    assert dashboard._cell({"audience": 3, "acknowledged": 3, "coverage": 1.0}, 0.75, t) == "dưới 5 người"
    assert dashboard._cell({"audience": 5, "acknowledged": 3, "coverage": 0.6}, 0.75, t) == "60% ⚠"
    assert dashboard._cell(None, 0.75, t) == "—"
