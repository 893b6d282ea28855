"""Trainers' tools without a browser: the module index, session plans and their checks,
short links and the published-URL list, QR codes, the glossary and abbreviations."""
from __future__ import annotations

import datetime as dt
import re
import shutil
from itertools import pairwise
from pathlib import Path

import pytest

from scripts import checks
from scripts.build.configfile import read_config
from scripts.model import addresses, schedule
from scripts.model.tree import load_tree
from scripts.render import training
from scripts.render.context import RenderContext

ROOT = Path(__file__).resolve().parent.parent


TODAY = dt.date(2026, 11, 29)
NAV = read_config(ROOT / "mkdocs.yml")["nav"]


@pytest.fixture(scope="module")
def tree():
    return load_tree(ROOT / "docs")


@pytest.fixture
def docs_copy(tmp_path):
    """A copy of docs/, mkdocs.yml and data/urls.txt to break on purpose."""
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    (tmp_path / "data").mkdir()
    if (ROOT / "data/urls.txt").exists():
        shutil.copy(ROOT / "data/urls.txt", tmp_path / "data/urls.txt")
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    return tmp_path


def run_checks(root: Path):
    return checks.errors(checks.run(root / "docs", config_file=root / "mkdocs.yml", root=root, today=TODAY))


def ctx_for(tree, page_id, lang, **extra):
    return RenderContext(page=tree.page(page_id, lang), tree=tree, lang=lang, extra=extra)


# -- 1. module index ---------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_module_index_lists_every_module_in_nav_order_with_minutes(tree, lang):
    out = training.module_index(ctx_for(tree, "modules", lang, nav=NAV))
    nav_modules = [line for line in NAV if isinstance(line, dict) and "Tài liệu bồi dưỡng" in line][0]["Tài liệu bồi dưỡng"]
    order = [Path(p).stem for p in nav_modules if not p.endswith("index.md")]
    positions = [out.index(f"({m}.md)") for m in order]
    assert positions == sorted(positions), "modules in nav order"
    for m in order:
        page = tree.page(m, lang)
        row = next(line for line in out.split("\n") if line.startswith("|") and f"({m}.md)" in line.split("|")[1])
        cells = [c.strip() for c in row.split("|")[1:-1]]
        assert cells[1:4] == [str(page.get("teaching")), str(page.get("exercises")),
                              f"**{page.get('teaching') + page.get('exercises')}**"], cells
    total = sum(tree.page(m, lang).get("teaching") + tree.page(m, lang).get("exercises") for m in order)
    assert f"**{total}**" in out and ("185" if total == 185 else str(total)) in out
    # prerequisites link to the module to study first
    row = next(line for line in out.split("\n") if line.startswith("|") and "(tiep-nhan-to-giac.md)" in line.split("|")[1])
    assert "(khung-phap-ly.md)" in row.split("|")[6]


def test_module_index_marker_is_on_both_index_pages():
    for lang in ("vi", "en"):
        assert training.MODULE_INDEX_MARKER in (ROOT / f"docs/modules/index.{lang}.md").read_text(encoding="utf-8")


# -- 2. session plans --------------------------------------------------------------------------------
def test_real_plans_have_computed_timetables(tree):
    full = schedule.timetable(tree.page("bcv-moi-mot-ngay", "vi"), tree, "vi")
    assert (schedule.clock(full.start), schedule.clock(full.end)) == ("08:00", "16:40")
    assert [b.module_id for b in full.blocks if b.kind == "module"] == [
        "khung-phap-ly", "nhan-dien-mua-ban-nguoi", "tiep-nhan-to-giac", "nhan-dien-xam-hai-tinh-duc",
        "truyen-thong-cong-dong"]
    half = schedule.timetable(tree.page("tinh-nua-ngay", "en"), tree, "en")
    assert (schedule.clock(half.start), schedule.clock(half.end)) == ("13:30", "17:00")
    # each block starts where the previous ended
    for a, b in pairwise(full.blocks):
        assert a.end == b.start
    out = training.timetable(ctx_for(tree, "bcv-moi-mot-ngay", "en"))
    assert "08:15–09:05" in out and "Lunch break" in out and 'data-end="16:40"' in out


def test_changing_a_modules_minutes_moves_the_plans_end_time(docs_copy):
    before = schedule.timetable(load_tree(docs_copy / "docs").page("bcv-moi-mot-ngay", "vi"),
                                load_tree(docs_copy / "docs"), "vi").end
    module = docs_copy / "docs/modules/khung-phap-ly.vi.md"
    module.write_text(module.read_text(encoding="utf-8").replace("teaching: 30", "teaching: 55"), encoding="utf-8")
    tree = load_tree(docs_copy / "docs")
    after = schedule.timetable(tree.page("bcv-moi-mot-ngay", "vi"), tree, "vi")
    assert after.end - before == 25
    assert schedule.clock(after.end) == "17:05"
    # the English plan inherits the same schedule (minutes are language-neutral)
    assert schedule.timetable(tree.page("bcv-moi-mot-ngay", "en"), tree, "en").end == after.end
    assert 'data-end="17:05"' in training.timetable(ctx_for(tree, "bcv-moi-mot-ngay", "en"))
    assert run_checks(docs_copy) == []


def _edit_plan(root: Path, old: str, new: str) -> None:
    plan = root / "docs/plans/bcv-moi-mot-ngay.vi.md"
    text = plan.read_text(encoding="utf-8")
    assert old in text
    plan.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_unknown_module_id_in_a_plan(docs_copy):
    _edit_plan(docs_copy, "  - tiep-nhan-to-giac\n", "  - tiep-nhan-to-giac-cu\n")
    problems = run_checks(docs_copy)
    assert [(p.rule, p.path) for p in problems] == [("unknown-target", "docs/plans/bcv-moi-mot-ngay.vi.md")]
    line = (docs_copy / problems[0].path).read_text(encoding="utf-8").split("\n")[problems[0].line - 1]
    assert "tiep-nhan-to-giac-cu" in line and "tiep-nhan-to-giac-cu" in problems[0].message
    assert "(có phải 'tiep-nhan-to-giac'?)" in problems[0].message


def test_prerequisite_placed_after_the_module_that_needs_it(docs_copy):
    _edit_plan(docs_copy, "  - khung-phap-ly\n  - break: 15\n  - nhan-dien-mua-ban-nguoi\n",
               "  - nhan-dien-mua-ban-nguoi\n  - break: 15\n  - khung-phap-ly\n")
    problems = run_checks(docs_copy)
    assert {p.rule for p in problems} == {"prerequisite-order"}, problems
    assert "nhan-dien-mua-ban-nguoi" in problems[0].message and "khung-phap-ly" in problems[0].message


@pytest.mark.parametrize("bad,detail", [
    ('start: "08:00"', 'start: "8h"'),
    ("  - break: 15\n", "  - break: mười lăm\n"),
    ("{activity: review, minutes: 30}", "{activity: karaoke, minutes: 30}"),
])
def test_malformed_plan_fields_are_explained(docs_copy, bad, detail):
    _edit_plan(docs_copy, bad, detail)
    problems = run_checks(docs_copy)
    assert [p.rule for p in problems] == ["bad-value"], problems


def test_new_session_plan_from_the_template(docs_copy):
    from scripts.new import create
    written = create("session-plan", "Buổi thử", "buoi-thu", docs_copy / "docs", docs_copy / "mkdocs.yml", today=TODAY)
    assert {p.name for p in written} >= {"buoi-thu.vi.md", "buoi-thu.en.md"}
    rules = {p.rule for p in run_checks(docs_copy)}
    # the editor has to name the second module and the English title, and write the preparation list
    assert rules == {"placeholder", "template-text"}, rules


# -- 7. glossary and abbreviations ------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_glossary_is_the_one_list_of_abbreviations(tree, lang):
    abbr = training.abbreviations(tree, lang)
    assert {"BLHS", "BLTTHS", "PCMBN", "HĐTP", "BCV", "UBND"} <= set(abbr)
    assert abbr["BLHS"] == ("Bộ luật Hình sự" if lang == "vi" else "Penal Code (Bộ luật Hình sự)")
    lines = training.abbreviation_lines(tree, lang)
    assert f"*[HĐTP]: {abbr['HĐTP']}" in lines
    table = training.glossary_terms(ctx_for(tree, "glossary", lang))
    assert 'id="terms"' in table and 'id="term-blhs"' in table
    vi_ids = [t["id"] for t in tree.page("glossary", "vi").meta["terms"]]
    assert vi_ids == [t["id"] for t in tree.page("glossary", lang).meta["terms"]], "same terms in both languages"


def test_a_glossary_term_without_definition_is_refused(docs_copy):
    page = docs_copy / "docs/glossary.en.md"
    page.write_text(page.read_text(encoding="utf-8").replace("    definition: A person under 16.\n", ""), encoding="utf-8")
    problems = run_checks(docs_copy)
    assert [p.rule for p in problems] == ["bad-value"] and "tre-em" in problems[0].message


# -- 4. the published-URL list, without a build ---------------------------------------------------------
def test_published_url_list_is_up_to_date_and_checked(docs_copy):
    tree = load_tree(ROOT / "docs", bodies=False)
    listed = {u for _, u in addresses.read_urls(ROOT / "data/urls.txt")}
    assert {u or "/" for u in addresses.published_urls(tree)} <= listed, "run: python -m scripts.urls --update"
    # a page deleted without a redirect: its two URLs are reported on data/urls.txt's lines
    for lang in ("vi", "en"):
        (docs_copy / f"docs/plans/tinh-nua-ngay.{lang}.md").unlink()
    (docs_copy / "docs/plans/index.vi.md").write_text(
        (docs_copy / "docs/plans/index.vi.md").read_text(encoding="utf-8").replace("(tinh-nua-ngay.md)", "(index.md)"),
        encoding="utf-8")
    (docs_copy / "docs/plans/index.en.md").write_text(
        (docs_copy / "docs/plans/index.en.md").read_text(encoding="utf-8").replace("(tinh-nua-ngay.md)", "(index.md)"),
        encoding="utf-8")
    cfg = docs_copy / "mkdocs.yml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace("      - plans/tinh-nua-ngay.md\n", ""), encoding="utf-8")
    problems = run_checks(docs_copy)
    assert {p.rule for p in problems} == {"url-removed"}
    urls = sorted(re.search(r"'([^']+)'", p.message).group(1) for p in problems)
    assert urls == ["en/p/tinh-nua-ngay/", "en/plans/tinh-nua-ngay/", "p/tinh-nua-ngay/", "plans/tinh-nua-ngay/"]


def test_a_url_list_of_another_site_is_a_warning_not_an_error(tmp_path):
    """Fixture sites copy data/ for the dashboard: the real site's URL list must not fail them."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (tmp_path / "data").mkdir()
    shutil.copy(ROOT / "data/urls.txt", tmp_path / "data/urls.txt")
    for lang, title in (("vi", "Trang chủ"), ("en", "Home")):
        (docs / f"index.{lang}.md").write_text(
            f'---\nid: home\ntype: page\ntitle: {title}\nowner: Ban\nlast_reviewed: "2026-11-01"\n---\n\nx\n',
            encoding="utf-8")
    problems = checks.run(docs, root=tmp_path, today=TODAY)
    assert checks.errors(problems) == []
    assert [p.rule for p in problems] == ["url-list-foreign"]


# -- 6. answers and instructor notes are marked so print and instructor view find them -----------------
def test_unmarked_answer_and_instructor_note_are_reported(docs_copy):
    page = docs_copy / "docs/modules/khung-phap-ly.en.md"
    text = page.read_text(encoding="utf-8")
    text = text.replace('??? success answer "Suggested answer"', '??? success "Suggested answer"', 1)
    text = text.replace('??? note instructor "Instructor notes"', '??? note "Instructor notes"')
    page.write_text(text, encoding="utf-8")
    problems = run_checks(docs_copy)
    assert [p.rule for p in problems] == ["trainer-block-unmarked"] * 2
    assert 'success answer "Suggested answer"' in problems[0].message
    assert '??? note instructor "Instructor notes"' in problems[1].message


def test_new_module_template_marks_answers_and_notes(docs_copy):
    from scripts.new import create
    create("module", "Bài thử", "bai-thu", docs_copy / "docs", docs_copy / "mkdocs.yml", today=TODAY)
    for lang in ("vi", "en"):
        text = (docs_copy / f"docs/modules/bai-thu.{lang}.md").read_text(encoding="utf-8")
        assert "??? success answer" in text and "??? note instructor" in text
    assert "trainer-block-unmarked" not in {p.rule for p in run_checks(docs_copy)}
