"""The checks of legal texts over time: each rule rejects its bad input with
`path:line: [rule-id]` and a Vietnamese message, on a tiny tree the checks first accept."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from support.legal import write_legal
from test_check import line_of, only

from scripts import checks

TODAY = dt.date(2026, 11, 29)


def run(root: Path):
    return checks.run(root / "docs", root=root, today=TODAY)


def formatted(problem) -> str:
    return checks.format_problems([problem], annotations=False)[0]


@pytest.fixture
def root(tmp_path):
    docs = tmp_path / "docs"
    write_legal(docs, "old", issued="2011-03-29", effective="2012-01-01", doc_number="66/2011/QH12")
    write_legal(docs, "new", issued="2024-11-28", effective="2025-07-01", doc_number="53/2024/QH15",
                extra="relations:\n  - {type: replaces, target: old}\n")
    assert run(tmp_path) == []
    return tmp_path


def test_status_override_contradicting_the_dates_without_a_note(root):
    write_legal(root / "docs", "old", issued="2011-03-29", effective="2012-01-01", doc_number="66/2011/QH12",
                extra="status: in-force\n")
    (p,) = only(run(root), "status-contradicts")
    assert p.path == "docs/legal/old.vi.md" and p.line == line_of(root, p.path, "status: in-force")
    assert "'in-force'" in p.message and "Hết hiệu lực toàn bộ (expired)" in p.message and "xoá dòng 'status'" in p.message
    assert formatted(p).startswith(f"docs/legal/old.vi.md:{p.line}: [status-contradicts] tình trạng ghi tay")


def test_status_override_with_a_note_or_agreeing_is_accepted(root):
    write_legal(root / "docs", "old", issued="2011-03-29", effective="2012-01-01", doc_number="66/2011/QH12",
                extra='status: suspended\nstatus_note: "Ngưng hiệu lực theo quyết định X."\n')
    assert run(root) == []
    write_legal(root / "docs", "old", issued="2011-03-29", effective="2012-01-01", doc_number="66/2011/QH12",
                extra="status: expired\n")
    assert run(root) == []


def test_expiry_before_effective(root):
    write_legal(root / "docs", "old", issued="2011-03-29", effective="2012-01-01", doc_number="66/2011/QH12",
                extra='expiry: "2011-12-31"\n')
    (p,) = only(run(root), "date-order")
    assert p.line == line_of(root, "docs/legal/old.vi.md", "expiry:") and "hết hiệu lực" in p.message


def test_relation_contradicting_its_inverse_on_the_other_page(root):
    # old says it is only amended by new; new says it replaces old
    write_legal(root / "docs", "old", issued="2011-03-29", effective="2012-01-01", doc_number="66/2011/QH12",
                extra="relations:\n  - {type: amended-by, target: new}\n")
    problems = only(run(root), "relation-conflict")
    by_path = {p.path: p for p in problems}
    assert set(by_path) == {"docs/legal/old.vi.md", "docs/legal/new.vi.md"}
    assert by_path["docs/legal/old.vi.md"].line == line_of(root, "docs/legal/old.vi.md", "target: new")
    assert by_path["docs/legal/new.vi.md"].line == line_of(root, "docs/legal/new.vi.md", "target: old")
    assert "mâu thuẫn" in by_path["docs/legal/old.vi.md"].message


def test_relation_written_the_same_on_both_sides_is_fine(root):
    write_legal(root / "docs", "old", issued="2011-03-29", effective="2012-01-01", doc_number="66/2011/QH12",
                extra="relations:\n  - {type: replaced-by, target: new}\n")
    assert run(root) == []


def test_each_claiming_to_replace_the_other(root):
    write_legal(root / "docs", "old", issued="2011-03-29", effective="2012-01-01", doc_number="66/2011/QH12",
                extra="relations:\n  - {type: replaces, target: new}\n")
    problems = only(run(root), "relation-conflict")
    assert {p.path for p in problems} == {"docs/legal/old.vi.md", "docs/legal/new.vi.md"}


def test_partial_and_full_replacement_conflict(root):
    write_legal(root / "docs", "old", issued="2011-03-29", effective="2012-01-01", doc_number="66/2011/QH12",
                extra='relations:\n  - {type: replaced-by, target: new, part: "Điều 7"}\n')
    assert only(run(root), "relation-conflict")


@pytest.mark.parametrize("doc_type,number", [("law", "53/2024/NĐ-CP"), ("decree", "56/2017/QH14"),
                                             ("decision", "1863/2019/NĐ-CP"), ("law", "53-2024-QH15")])
def test_doc_number_not_fitting_its_type(root, doc_type, number):
    write_legal(root / "docs", "new", issued="2024-11-28", effective="2025-07-01", doc_number=number,
                doc_type=doc_type, extra="relations:\n  - {type: replaces, target: old}\n")
    (p,) = only(run(root), "doc-number-format")
    assert p.line == line_of(root, "docs/legal/new.vi.md", "doc_number:")
    assert f"'{number}'" in p.message and "doc_number_exception: true" in p.message


@pytest.mark.parametrize("doc_type,number", [("decree", "56/2017/NĐ-CP"), ("decision", "1863/QĐ-TTg"),
                                             ("resolution", "02/2019/NQ-HĐTP"), ("resolution", "121/2020/QH14"),
                                             ("code", "100/2015/QH13"), ("circular", "43/2021/TT-BCA")])
def test_doc_numbers_that_fit(root, doc_type, number):
    write_legal(root / "docs", "new", issued="2024-11-28", effective="2025-07-01", doc_number=number,
                doc_type=doc_type, extra="relations:\n  - {type: replaces, target: old}\n")
    assert run(root) == []


def test_doc_number_exception(root):
    write_legal(root / "docs", "new", issued="2024-11-28", effective="2025-07-01", doc_number="53/2024/ND-CP",
                extra="doc_number_exception: true\nrelations:\n  - {type: replaces, target: old}\n")
    assert run(root) == []


REVS_VI = 'revisions:\n  - {revision: 1, date: "2026-01-15", note: "Đăng lần đầu."}\n'
REVS_EN = 'revisions:\n  - {revision: 1, note: "First published."}\n'


def test_revision_notes_accepted(root):
    write_legal(root / "docs", "old", effective="2012-01-01", doc_number="66/2011/QH12", extra=REVS_VI, extra_en=REVS_EN)
    assert run(root) == []


def test_current_revision_without_a_note(root):
    write_legal(root / "docs", "old", effective="2012-01-01", doc_number="66/2011/QH12", revision=2,
                extra=REVS_VI, extra_en=REVS_EN)
    problems = only(run(root), "revision-notes")
    vi = [p for p in problems if p.path == "docs/legal/old.vi.md"]
    assert len(vi) == 1 and vi[0].line == line_of(root, "docs/legal/old.vi.md", "revisions:")
    assert "phiên bản 2" in vi[0].message


def test_revision_dates_going_back(root):
    revs = ('revisions:\n  - {revision: 1, date: "2026-03-01", note: "Đăng lần đầu."}\n'
            '  - {revision: 2, date: "2026-02-01", note: "Sửa Điều 7."}\n')
    en = REVS_EN + '  - {revision: 2, note: "Article 7 corrected."}\n'
    write_legal(root / "docs", "old", effective="2012-01-01", doc_number="66/2011/QH12", revision=2,
                extra=revs, extra_en=en)
    (p,) = only(run(root), "revision-notes")
    assert p.line == line_of(root, "docs/legal/old.vi.md", "revision: 2,") and "không được lùi lại" in p.message


def test_translation_missing_the_note_of_the_current_revision(root):
    write_legal(root / "docs", "old", effective="2012-01-01", doc_number="66/2011/QH12", extra=REVS_VI)
    (p,) = only(run(root), "revision-notes")
    assert p.path == "docs/legal/old.en.md"


def test_translation_with_a_date_of_its_own(root):
    write_legal(root / "docs", "old", effective="2012-01-01", doc_number="66/2011/QH12", extra=REVS_VI,
                extra_en='revisions:\n  - {revision: 1, date: "2026-01-16", note: "First published."}\n')
    (p,) = only(run(root), "revision-notes")
    assert p.path == "docs/legal/old.en.md" and p.line == line_of(root, p.path, "revision: 1")


def test_revision_note_with_a_bad_shape(root):
    write_legal(root / "docs", "old", effective="2012-01-01", doc_number="66/2011/QH12",
                extra='revisions:\n  - {revision: 1, date: "2026-01-15"}\n', extra_en=REVS_EN)
    (p,) = only(run(root), "bad-value")
    assert p.line == line_of(root, "docs/legal/old.vi.md", "revision: 1,") and "'note'" in p.message
