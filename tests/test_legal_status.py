"""Status over time (scripts/model/legal.py): before, on and after each boundary, with the
as-of date frozen through SOURCE_DATE_EPOCH; replacement written on either side; partial
repeal; amendments recorded without changing the status; the history of events."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from support.legal import epoch, tree_of, write_legal

from scripts import render
from scripts.model import dates, legal

D = dt.date
DAY = dt.timedelta(days=1)


def status_on(docs: Path, page_id: str, day: dt.date, monkeypatch) -> legal.Status:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(day))
    assert dates.today() == day
    tree = tree_of(docs)
    return legal.status(tree, tree.page(page_id, "vi"))


@pytest.fixture
def docs(tmp_path):
    return tmp_path / "docs"


def test_effective_and_expiry_boundaries(docs, monkeypatch):
    write_legal(docs, "a", issued="2027-05-01", effective="2027-07-01", extra='expiry: "2030-01-01"\n')
    for day, expected in ((D(2027, 6, 30), "not-yet-in-force"), (D(2027, 7, 1), "in-force"),
                          (D(2027, 7, 2), "in-force"), (D(2029, 12, 31), "in-force"),
                          (D(2030, 1, 1), "expired"), (D(2030, 1, 2), "expired")):
        st = status_on(docs, "a", day, monkeypatch)
        assert (st.key, st.computed, st.as_of) == (expected, expected, day), day


@pytest.mark.parametrize("side", ["new-page", "old-page"])
def test_replacement_written_on_either_side(docs, monkeypatch, side):
    if side == "new-page":
        write_legal(docs, "old", effective="2012-01-01")
        write_legal(docs, "new", effective="2025-07-01", extra="relations:\n  - {type: replaces, target: old}\n")
    else:
        write_legal(docs, "old", effective="2012-01-01", extra="relations:\n  - {type: replaced-by, target: new}\n")
        write_legal(docs, "new", effective="2025-07-01")
    assert status_on(docs, "old", D(2025, 6, 30), monkeypatch).key == "in-force"
    assert status_on(docs, "old", D(2025, 7, 1), monkeypatch).key == "expired"
    assert status_on(docs, "old", D(2026, 1, 1), monkeypatch).key == "expired"
    assert status_on(docs, "new", D(2025, 6, 30), monkeypatch).key == "not-yet-in-force"
    assert status_on(docs, "new", D(2025, 7, 1), monkeypatch).key == "in-force"
    tree = tree_of(docs)
    events = [(e.date, e.kind, e.other) for e in legal.history(tree, tree.page("old", "vi"))]
    assert events == [(D(2012, 1, 1), "issued", None), (D(2012, 1, 1), "in-force", None),
                      (D(2025, 7, 1), "replaced", "new")]


def test_replacement_written_on_both_sides_counts_once(docs):
    write_legal(docs, "old", effective="2012-01-01", extra="relations:\n  - {type: replaced-by, target: new}\n")
    write_legal(docs, "new", effective="2025-07-01", extra="relations:\n  - {type: replaces, target: old}\n")
    tree = tree_of(docs)
    assert [e.kind for e in legal.history(tree, tree.page("old", "vi"))] == ["issued", "in-force", "replaced"]


def test_partial_repeal_and_amendment(docs, monkeypatch):
    write_legal(docs, "base", effective="2018-01-01")
    write_legal(docs, "cut", effective="2026-03-01",
                extra='relations:\n  - {type: repeals, target: base, part: "Điều 7"}\n')
    write_legal(docs, "fix", effective="2025-07-01", extra="relations:\n  - {type: amends, target: base}\n")
    assert status_on(docs, "base", D(2025, 7, 1), monkeypatch).key == "in-force"  # amended: still in force
    assert status_on(docs, "base", D(2026, 2, 28), monkeypatch).key == "in-force"
    assert status_on(docs, "base", D(2026, 3, 1), monkeypatch).key == "partly-expired"
    tree = tree_of(docs)
    events = [(e.date, e.kind, e.other, e.part) for e in legal.history(tree, tree.page("base", "vi"))]
    assert events[2:] == [(D(2025, 7, 1), "amended", "fix", None),
                          (D(2026, 3, 1), "partly-repealed", "cut", "Điều 7")]


def test_full_repeal_after_partial(docs, monkeypatch):
    write_legal(docs, "base", effective="2018-01-01")
    write_legal(docs, "cut", effective="2026-03-01", extra='relations:\n  - {type: repeals, target: base, part: "Điều 7"}\n')
    write_legal(docs, "end", effective="2027-01-01", extra="relations:\n  - {type: replaces, target: base}\n")
    assert status_on(docs, "base", D(2026, 12, 31), monkeypatch).key == "partly-expired"
    assert status_on(docs, "base", D(2027, 1, 1), monkeypatch).key == "expired"


def test_change_within_60_days_is_announced(docs, monkeypatch):
    write_legal(docs, "a", issued="2027-04-01", effective="2027-07-01")
    assert status_on(docs, "a", D(2027, 5, 1), monkeypatch).change is None  # 61 days before
    st = status_on(docs, "a", D(2027, 5, 2), monkeypatch)  # 60 days before
    assert st.key == "not-yet-in-force" and st.change == (D(2027, 7, 1), "in-force")
    assert status_on(docs, "a", D(2027, 7, 15), monkeypatch).change == (D(2027, 7, 1), "in-force")
    assert status_on(docs, "a", D(2027, 9, 30), monkeypatch).change is None
    tree = tree_of(docs)
    out = render.decorate("", tree.page("a", "vi"), tree, "vi", {})
    assert "Có hiệu lực từ 01/07/2027" not in out  # SOURCE_DATE_EPOCH is 30/09/2027 now
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(D(2027, 6, 1)))
    vi = render.decorate("", tree.page("a", "vi"), tree, "vi", {})
    en = render.decorate("", tree.page("a", "en"), tree, "en", {})
    assert "Chưa có hiệu lực" in vi and "Có hiệu lực từ 01/07/2027" in vi and "Tình trạng tính đến ngày 01/06/2027" in vi
    assert "Not yet in force" in en and "In force from 1 Jul 2027" in en and "Status as of 1 Jun 2027" in en


def test_expiry_announced(docs, monkeypatch):
    write_legal(docs, "old", effective="2012-01-01")
    write_legal(docs, "new", effective="2027-07-01", extra="relations:\n  - {type: replaces, target: old}\n")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(D(2027, 6, 20)))
    tree = tree_of(docs)
    vi = render.decorate("", tree.page("old", "vi"), tree, "vi", {})
    assert "Còn hiệu lực" in vi and "Hết hiệu lực từ 01/07/2027" in vi


def test_override_wins_and_contradiction_is_detected(docs, monkeypatch):
    write_legal(docs, "a", effective="2020-01-01", extra="status: suspended\n")
    st = status_on(docs, "a", D(2026, 1, 1), monkeypatch)
    assert (st.key, st.computed, st.override) == ("suspended", "in-force", "suspended")
    assert legal.contradicts(st)
    write_legal(docs, "b", effective="2020-01-01", extra="status: in-force\n")
    assert not legal.contradicts(status_on(docs, "b", D(2026, 1, 1), monkeypatch))


def test_history_rendered_in_both_languages_with_links(docs, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(D(2026, 1, 1)))
    write_legal(docs, "old", issued="2011-03-29", effective="2012-01-01", extra='expiry: "2025-07-01"\n')
    write_legal(docs, "new", effective="2025-07-01", doc_number="53/2024/QH15",
                extra="relations:\n  - {type: replaces, target: old}\n")
    tree = tree_of(docs)
    vi = render.decorate("", tree.page("old", "vi"), tree, "vi", {})
    en = render.decorate("", tree.page("old", "en"), tree, "en", {})
    assert "## Lịch sử văn bản { #history }" in vi and "## History { #history }" in en
    assert "| 29/03/2011 | Ban hành |" in vi and "| 29 Mar 2011 | Issued |" in en
    assert "| 01/07/2025 | Bị thay thế bởi [Văn bản new](new.md) (53/2024/QH15) |" in vi
    # a title is escaped as Markdown text (render/escape.py): its parentheses as &#40; &#41;
    assert "| 1 Jul 2025 | Replaced by [Văn bản new &#40;en&#41;](new.md) (53/2024/QH15) |" in en
    assert vi.index("Bị thay thế bởi") < vi.index("| 01/07/2025 | Hết hiệu lực |")
    # the other side shows the inverse relation, not a history event
    new_vi = render.decorate("", tree.page("new", "vi"), tree, "vi", {})
    assert "Bị thay thế" not in new_vi.split("{ #history }")[1]


def test_citation_in_metadata(docs, monkeypatch):
    write_legal(docs, "a", issued="2016-04-05", effective="2017-06-01", doc_number="102/2016/QH13",
                extra='full_title: "Luật Trẻ em"\n', extra_en='full_title: "Law on Children"\n')
    tree = tree_of(docs)
    vi = render.decorate("", tree.page("a", "vi"), tree, "vi", {})
    en = render.decorate("", tree.page("a", "en"), tree, "en", {})
    assert "Luật Trẻ em số 102/2016/QH13 ngày 05/04/2016 của Quốc hội" in vi and 'id="cite"' in vi
    assert "Law on Children No. 102/2016/QH13 of 5 Apr 2016, National Assembly" in en


def test_citation_follows_the_vietnamese_form_for_each_type_without_repeating_the_number(docs):
    """Kind, number, date, issuer, then the subject (the title's kind and number said once); the
    articles the sources name come first, in both languages; a named document by its name."""
    title = "Nghị định 56/2017/NĐ-CP quy định chi tiết một số điều của Luật Trẻ em"
    write_legal(docs, "nd-56-2017", issued="2017-05-09", effective="2017-07-01", doc_number="56/2017/NĐ-CP",
                doc_type="decree", title=title,
                extra_en='full_title: "Decree detailing a number of articles of the Law on Children"\n')
    for lang, source in (("vi", '{title: Nghị định 56/2017/NĐ-CP, url: "https://vbpl.vn/x", article: "Điều 4"}'),
                         ("en", '{title: Decree 56/2017/ND-CP, url: "https://vbpl.vn/x", article: "Article 4"}')):
        path = docs / f"legal/nd-56-2017.{lang}.md"
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"(sources:\n  - ).*\n", lambda m, source=source: m.group(1) + source + "\n", text),
                        encoding="utf-8")
    tree = tree_of(docs)
    from scripts.render.legal import citation
    vi, en = tree.page("nd-56-2017", "vi"), tree.page("nd-56-2017", "en")
    assert citation(vi, "vi") == ("Điều 4 Nghị định số 56/2017/NĐ-CP ngày 09/05/2017 của Quốc hội quy định chi "
                                  "tiết một số điều của Luật Trẻ em")
    assert citation(en, "en") == ("Article 4 of the Decree No. 56/2017/NĐ-CP of 9 May 2017, National Assembly, "
                                  "detailing a number of articles of the Law on Children")
    from scripts.render.legal import _subject
    assert _subject("Decree 56/2017/ND-CP detailing the Law on Children", "Decree") == \
        "detailing the Law on Children"
    assert _subject("Nghị quyết về việc sắp xếp", "Nghị quyết") == "về việc sắp xếp"
    html = render.decorate("", vi, tree, "vi", {})
    assert '<li>Điều 4 — <a href="https://vbpl.vn/x" rel="noopener">Nghị định 56/2017/NĐ-CP</a></li>' in html
    assert render.decorate("", en, tree, "en", {}).count("Article 4 —") == 1


def test_relations_box_reads_the_inverse_on_the_other_page_once(docs):
    write_legal(docs, "old", effective="2012-01-01", extra="relations:\n  - {type: replaced-by, target: new}\n")
    write_legal(docs, "new", effective="2025-07-01", extra="relations:\n  - {type: replaces, target: old}\n")
    tree = tree_of(docs)
    new_vi = render.decorate("", tree.page("new", "vi"), tree, "vi", {})
    old_en = render.decorate("", tree.page("old", "en"), tree, "en", {})
    assert new_vi.count("- **Thay thế**: [Văn bản old](old.md)") == 1
    assert old_en.count("- **Replaced by**: [Văn bản new &#40;en&#41;](new.md)") == 1  # titles are escaped for Markdown
