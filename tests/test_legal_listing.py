"""Generated lists (scripts/render/listing.py): the legal index newest first with its
filter and per-year headings, the latest updates on the home page and the changelog,
each in its own language; `new` puts a legal update at the top of its nav section."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from support.legal import write_legal

from scripts.model.tree import load_tree
from scripts.new import create
from scripts.render import listing

ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2026, 11, 29)

INDEX = """---
id: legal-updates
type: page
title: {title}
owner: Ban
last_reviewed: "2026-11-01"
---

Intro.

<!-- legal-index -->
"""


def sample(docs: Path) -> None:
    write_legal(docs, "old", issued="2011-03-29", effective="2012-01-01", doc_number="66/2011/QH12",
                published="2026-06-01",
                extra='revisions:\n  - {revision: 1, date: "2026-06-01", note: "Đăng lần đầu luật cũ."}\n',
                extra_en='revisions:\n  - {revision: 1, note: "Old law first published."}\n')
    write_legal(docs, "new", issued="2024-11-28", effective="2025-07-01", doc_number="53/2024/QH15", revision=2,
                extra='relations:\n  - {type: replaces, target: old}\n'
                      'revisions:\n  - {revision: 1, date: "2026-06-01", note: "Đăng lần đầu luật mới."}\n'
                      '  - {revision: 2, date: "2026-10-01", note: "Thêm Điều 2."}\n',
                extra_en='revisions:\n  - {revision: 1, note: "New law first published."}\n'
                         '  - {revision: 2, note: "Article 2 added."}\n')
    write_legal(docs, "soon", issued="2026-11-20", effective="2027-07-01", doc_number="56/2026/NĐ-CP",
                doc_type="decree")
    write_legal(docs, "same-year", issued="2024-06-01", effective="2024-08-01", doc_number="12/2024/QH15")
    for lang, title in (("vi", "Văn bản pháp luật mới"), ("en", "Legal updates")):
        (docs / f"legal/index.{lang}.md").write_text(INDEX.format(title=title), encoding="utf-8")


def test_legal_index_newest_first_by_year_with_computed_status(tmp_path):
    docs = tmp_path / "docs"
    sample(docs)
    tree = load_tree(docs)
    vi = listing.legal_index(tree, tree.page("legal-updates", "vi"), "vi", AS_OF)
    numbers = re.findall(r'<a href="[^"]+">([^<]+)</a>', vi)
    assert numbers == ["56/2026/NĐ-CP", "53/2024/QH15", "12/2024/QH15", "66/2011/QH12"]
    assert re.findall(r"## (\d{4}) \{ #year-\d{4} \}", vi) == ["2026", "2024", "2011"]
    assert '<a href="new/">53/2024/QH15</a>' in vi
    row = re.search(r'<tr data-hb-row[^>]*data-year="2011">.*?</tr>', vi).group(0)
    assert 'data-status="expired"' in row and "Hết hiệu lực toàn bộ" in row and "29/03/2011" in row
    assert "01/01/2012" in row and "Luật" in row and "Quốc hội" in row
    assert 'data-status="not-yet-in-force"' in vi
    # the filter: every status, type and issuer present, hidden until the script shows it
    assert '<form class="hb-filter" data-hb-filter hidden' in vi and "<script>" in vi
    assert re.findall(r'<select name="(\w+)">', vi) == ["status", "type", "issuer"]
    assert '<option value="not-yet-in-force">Chưa có hiệu lực</option>' in vi
    assert '<option value="decree">Nghị định</option>' in vi
    assert "Tình trạng tính đến ngày 29/11/2026" in vi
    en = listing.legal_index(tree, tree.page("legal-updates", "en"), "en", AS_OF)
    assert "No longer in force" in en and "29 Mar 2011" in en and "Status as of 29 Nov 2026" in en
    assert '<a href="new/">53/2024/QH15</a>' in en


def test_marker_is_replaced_and_intro_kept(tmp_path):
    docs = tmp_path / "docs"
    sample(docs)
    tree = load_tree(docs)
    page = tree.page("legal-updates", "vi")
    out = listing.expand(page.body, tree, page, "vi")
    assert "Intro." in out and listing.LEGAL_INDEX not in out and "53/2024/QH15" in out


def test_changelog_and_latest_updates_newest_first_in_their_language(tmp_path):
    docs = tmp_path / "docs"
    sample(docs)
    tree = load_tree(docs)
    entries = [(e.page.id, e.revision, e.date) for e in listing.revision_entries(tree, "en")]
    assert entries == [("new", 2, dt.date(2026, 10, 1)), ("old", 1, dt.date(2026, 6, 1)),
                       ("new", 1, dt.date(2026, 6, 1))]
    page = tree.page("legal-updates", "vi")
    vi = listing.changelog(tree, page, "vi")
    assert vi.index("Thêm Điều 2.") < vi.index("Đăng lần đầu luật cũ.") < vi.index("Đăng lần đầu luật mới.")
    assert "**01/10/2026**" in vi and "phiên bản 2" in vi and "Article 2" not in vi
    en = listing.changelog(tree, tree.page("legal-updates", "en"), "en")
    assert "Article 2 added." in en and "**1 Oct 2026**" in en and "Thêm Điều 2" not in en
    latest = listing.latest_updates(tree, page, "vi", count=2)
    assert latest.count("\n- ") + latest.startswith("- ") == 2 and "Thêm Điều 2." in latest


def test_new_legal_update_goes_to_the_top_of_its_nav_section(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    config = tmp_path / "mkdocs.yml"
    config.write_text((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8")
    create("legal-update", "Nghị định mẫu", "nd-mau", docs, config, today=AS_OF)
    nav = config.read_text(encoding="utf-8").split("\nnav:\n", 1)[1].splitlines()
    i = nav.index("      - legal/index.md")
    assert nav[i + 1] == "      - legal/nd-mau.md"
    assert nav[-1].strip() == "- Đóng góp nội dung: contributing/index.md"
    # module sections keep appending at the end
    create("module", "Bài mẫu", "bai-mau", docs, config, today=AS_OF)
    nav = config.read_text(encoding="utf-8").split("\nnav:\n", 1)[1].splitlines()
    assert nav.index("      - modules/bai-mau.md") == nav.index("  - Kế hoạch buổi tập huấn:") - 1  # the end of its own section
