"""The dashboard page body: aggregates from the sample data, accessible SVG, no personal data."""
from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import markdown
import pytest
from support import ackfixtures as fx

from scripts.acks import dashboard
from scripts.acks.roster import normalize_phone
from scripts.model.tree import load_tree

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SAMPLE = DATA / "sample-workspace"
AS_OF = dt.date(2026, 11, 29)


@pytest.fixture(scope="module")
def docs(tmp_path_factory):
    return fx.make_docs(tmp_path_factory.mktemp("dash"))


@pytest.fixture(scope="module", params=["vi", "en"])
def page(request, docs):
    return request.param, dashboard.render(request.param, load_tree(docs), SAMPLE / "reporters.csv", SAMPLE / "acks", 0.75, AS_OF)


def roster_values():
    with open(SAMPLE / "reporters.csv", newline="", encoding="utf-8") as f:
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
        bars = re.findall(r"<g>.*?</g>", svg, re.S)
        values = [re.findall(r"<text[^>]*>([^<]*)</text>", b)[-1] for b in bars]
        assert bars and all("%" in v or v in ("ẩn", "hidden") for v in values), values  # every value as text
        assert "<script" not in svg
    assert "<script" not in body


def test_dashboard_figures_are_the_report_rounded(docs):
    """Every count shown is the exact one randomly rounded to a multiple of 5 (scripts/acks/published.py);
    the percentage and the state come from the rounded counts."""
    from scripts.acks.coverage import report
    from scripts.acks.roster import load_provinces, load_roster
    from scripts.acks.updates import load_updates
    roster = load_roster(SAMPLE / "reporters.csv", load_provinces(DATA / "provinces.csv"))
    doc = report(roster, load_updates(docs), SAMPLE / "acks", AS_OF)
    board = dashboard.Dashboard.load(load_tree(docs), SAMPLE / "reporters.csv", SAMPLE / "acks", None, AS_OF, 0.75)
    body = board.summary("en")
    for u in doc["updates"]:
        fig = board.summaries[u["id"]]  # the aggregate's published figure (ack publish writes it)
        assert u["target"] == 0.75 and fig["acknowledged"] % 5 == 0 and fig["audience"] % 5 == 0
        assert abs(fig["acknowledged"] - u["acknowledged"]) < 5 and abs(fig["audience"] - u["audience"]) < 5
        assert f"{fig['percent']}% (≈{fig['acknowledged']}/{fig['audience']})" in body
        assert fig["percent"] == fig["acknowledged"] * 100 // fig["audience"]
        assert fig["state"] == ("not_due" if not u["overdue"] else "under" if fig["percent"] < 75 else "ok")
    under = sum(1 for f in board.summaries.values() if f["state"] == "under")
    assert (f"{under} overdue updates are under target" if under else "Every overdue update is on target") in body
    # bar widths are whole units of the shown percentage (WIDTH units for 100%), no finer than the text
    chart = body.split('id="ack-chart-updates-en"')[1].split("</svg>")[0]
    widths = [int(w) for w in re.findall(r'<rect x="0" y="\d+" width="(\d+)" height="16" fill="#(?:c62828|2e7d32)"', chart)]
    expected = [round(dashboard.WIDTH * f["percent"] / 100) for f in board.summaries.values()]
    assert widths == [w for w in expected if w] and widths  # a 0% bar draws nothing


def test_dashboard_survives_markdown_with_md_in_html(page):
    lang, body = page
    html = markdown.markdown(body, extensions=["md_in_html", "tables", "attr_list", "admonition"])
    assert html.count("<svg") == 2 and html.count("</svg>") == 2
    assert "<p><svg" not in html and "&lt;svg" not in html
    assert html.count("<table>") == 1  # by update; the province and level tables are on the detail pages


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
    """Primary suppression: under 5 reporters, or a small group at 0% or 100%."""
    cells = {("a", "u"): (3, 1), ("b", "u"): (8, 8), ("c", "u"): (8, 0), ("d", "u"): (40, 30), ("e", "u"): (12, 12)}
    hidden = dashboard.suppress(cells)
    assert {("a", "u"), ("b", "u"), ("c", "u")} <= hidden
    assert ("e", "u") not in hidden  # 100% of 12 is not a small group


def _lines(cells):
    lines = {}
    for key, (aud, _) in cells.items():
        if aud:
            lines.setdefault(("row", key[0]), []).append(key)
            lines.setdefault(("col", key[1]), []).append(key)
    return lines


@pytest.mark.parametrize("seed", range(40))
def test_no_hidden_cell_can_be_worked_out_from_a_total(seed):
    """The differencing attack: a row or a column total minus its shown cells must never
    isolate exactly one hidden cell."""
    import random
    rng = random.Random(seed)
    cells = {}
    for p in range(rng.randint(2, 12)):
        for u in range(rng.randint(1, 6)):
            aud = rng.choice([0, 1, 2, 3, 4, 5, 6, 8, 9, 12, 20, 40])
            cells[(f"p{p}", f"u{u}")] = (aud, rng.randint(0, aud))
    hidden = dashboard.suppress(cells)
    for key, (aud, ack) in cells.items():
        if 0 < aud < dashboard.MIN_GROUP or (0 < aud < dashboard.MIN_EXTREME and ack in (0, aud)):
            assert key in hidden
    for line, keys in _lines(cells).items():
        n_hidden = sum(1 for k in keys if k in hidden)
        assert n_hidden != 1 or len(keys) == 1, (line, [(k, cells[k], k in hidden) for k in keys])


def test_a_lone_hidden_cell_in_a_line_hides_a_second_one():
    cells = {("p1", "u"): (3, 2), ("p2", "u"): (30, 20), ("p3", "u"): (50, 40)}
    assert dashboard.suppress(cells) == {("p1", "u"), ("p2", "u")}  # the smallest shown one goes too


def test_each_update_is_measured_against_the_plan_in_force_on_its_due_date(tmp_path, docs):
    plans = tmp_path / "plans.yml"
    plans.write_text("""plans:
  - {id: old, title: {vi: Cũ, en: Old}, period: {start: "2021-01-01", end: "2026-03-31"}, target: 0.5, levels: [central]}
  - {id: new, title: {vi: Mới, en: New}, period: {start: "2026-04-01"}, target: 0.9, levels: [central], interim: true}
""", encoding="utf-8")
    board = dashboard.Dashboard.load(load_tree(docs), SAMPLE / "reporters.csv", SAMPLE / "acks", plans, AS_OF)
    by_id = board.summaries
    assert by_id["luat-tre-em-2016"]["plan"] == "old" and by_id["luat-tre-em-2016"]["target"] == 0.5  # due 16/03/2026
    assert by_id["luat-pcmbn-2024"]["plan"] == "new" and by_id["luat-pcmbn-2024"]["target"] == 0.9
    body = board.summary("en")
    assert "Old: target 50%" in body and "New: target 90%" in body and "no successor plan" in body
    assert "Old" in board.detail("luat-tre-em-2016", "en")


def test_detail_page_per_update_has_levels_and_provinces(docs):
    board = dashboard.Dashboard.load(load_tree(docs), SAMPLE / "reporters.csv", SAMPLE / "acks", None, AS_OF)
    body = board.detail("luat-tre-em-2016", "vi")
    assert body.startswith("# Tiến độ xác nhận: Luật Trẻ em 2016")
    assert "Trung ương" in body and "Tuyên Quang" in body and '<a href="../">' in body
    assert board.detail_paths()[0].startswith("dashboard/")


def test_summary_stays_small_with_50_updates(tmp_path):
    updates = [(f"cap-nhat-{i:02d}", "guidance", 1, f"2026-{1 + i % 10:02d}-{1 + i % 27:02d}", 30,
                ["central", "provincial"], f"Tài liệu cập nhật số {i}", f"Update number {i}") for i in range(50)]
    docs = fx.make_docs(tmp_path, updates=updates)
    board = dashboard.Dashboard.load(load_tree(docs), SAMPLE / "reporters.csv", SAMPLE / "acks", None, AS_OF)
    for lang in ("vi", "en"):
        summary = markdown.markdown(board.summary(lang), extensions=["md_in_html", "tables", "attr_list"])
        detail = markdown.markdown(board.detail("cap-nhat-07", lang), extensions=["md_in_html", "tables", "attr_list"])
        # Material's page frame adds about 23 kB: the pages stay under 60 kB
        assert len(summary.encode()) < 35_000, len(summary.encode())
        assert len(detail.encode()) < 30_000, len(detail.encode())


def test_no_warning_sign_on_an_update_not_yet_due(docs):
    """The chart agrees with the table: an update not yet due is "chưa đến hạn", never ⚠ or red."""
    board = dashboard.Dashboard.load(load_tree(docs), SAMPLE / "reporters.csv", SAMPLE / "acks", None,
                                     dt.date(2026, 10, 1))
    s = board.summaries["nq-202-2025-qh15"]  # due 15/10/2026, under 75% on 1/10
    assert not s["overdue"] and s["acknowledged"] / s["audience"] < 0.75
    body = board.summary("vi")
    chart = body.split('id="ack-chart-updates-vi"')[1].split("</svg>")[0]
    row = next(g for g in re.findall(r"<g>.*?</g>", chart, re.S) if "Nghị quyết 202" in g)
    assert "⚠" not in row and "#c62828" not in row
    overdue_under = [u for u in board.summaries.values() if u["state"] == "under"]  # the published state
    assert chart.count("⚠") == len(overdue_under) > 0


def test_the_plans_explanation_is_a_list_and_the_detail_has_no_nested_parentheses(docs):
    board = dashboard.Dashboard.load(load_tree(docs), SAMPLE / "reporters.csv", SAMPLE / "acks", None, AS_OF)
    for lang in ("vi", "en"):
        html = markdown.markdown(board.summary(lang), extensions=["md_in_html", "tables", "attr_list"])
        assert re.search(r"</p>\s*<ul>\s*<li>", html), html[:800]  # a real list, not "… - Mục tiêu …" inline
        detail = markdown.markdown(board.detail("luat-tre-em-2016", lang), extensions=["md_in_html", "tables"])
        for text in re.findall(r"<li>(.*?)</li>", detail, re.S):
            depth = 0
            for ch in text:
                depth += {"(": 1, ")": -1}.get(ch, 0)
                assert depth <= 1, text


def test_chart_figures_are_inside_the_chart_whatever_their_length():
    rows = [("Một tên tài liệu rất dài, dài hơn chỗ của nó trên điện thoại", 0.79, "79% (12 345/15 678)", True),
            ("Ngắn", 0.5, "50% (1/2)", False)]
    svg = dashboard.bar_chart(rows, 0.75, "t", "d", "vi", "c")
    for g in re.findall(r"<g>.*?</g>", svg, re.S):
        name, figure = re.findall(r"<text[^>]*>([^<]*)</text>", g)[:2]
        assert 'text-anchor="end"' in g  # the figure is right-aligned inside the chart
        assert (len(name) + len(figure) + 1) * dashboard.CHAR <= dashboard.WIDTH, (name, figure)
