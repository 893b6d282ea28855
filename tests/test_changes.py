"""The "What changed in 2025–2026" list (scripts/render/changes.py): one line per change of a
legal text in the marker's years, computed from dates and relations written on either page,
each line linking the page; on a tiny tree, then on the real site's page."""
from __future__ import annotations

from pathlib import Path

from scripts.model.tree import load_tree
from scripts.render import changes, listing

ROOT = Path(__file__).resolve().parent.parent

OLD = """---
id: luat-cu
type: legal-update
title: Luật cũ
owner: Ban biên tập
last_reviewed: "2026-11-01"
published: "2026-01-15"
revision: 1
doc_number: 66/2011/QH12
doc_type: law
issuer: Quốc hội
signer: Người Ký
issued: "2011-03-29"
effective: "2012-01-01"
expiry: "2025-07-01"
source_url: https://example.org/van-ban/66
sources:
  - {title: Nguồn, url: "https://example.org/van-ban/66"}
---

Văn bản cũ.
"""

NEW = """---
id: luat-moi
type: legal-update
title: Luật mới
owner: Ban biên tập
last_reviewed: "2026-11-01"
published: "2026-01-15"
revision: 1
doc_number: 53/2024/QH15
doc_type: law
issuer: Quốc hội
signer: Người Ký
issued: "2024-11-28"
effective: "2025-07-01"
source_url: https://example.org/van-ban/53
relations:
  - {type: replaces, target: luat-cu}
sources:
  - {title: Nguồn, url: "https://example.org/van-ban/53"}
---

Văn bản mới.
"""

AMENDING = """---
id: luat-sua
type: legal-update
title: Luật sửa đổi
owner: Ban biên tập
last_reviewed: "2026-11-01"
published: "2026-01-15"
revision: 1
doc_number: 86/2025/QH15
doc_type: law
issuer: Quốc hội
signer: Người Ký
issued: "2025-06-25"
effective: "2025-07-01"
source_url: https://example.org/van-ban/86
relations:
  - {type: amends, target: luat-moi, part: "Điều 27, 28"}
sources:
  - {title: Nguồn, url: "https://example.org/van-ban/86"}
---

Sửa đổi.
"""

PAGE = """---
id: nhung-diem-moi
type: page
title: Những điểm mới
owner: Ban biên tập
last_reviewed: "2026-11-01"
---

<!-- legal-changes 2025 2026 -->
"""


def _tree(tmp_path):
    for rel, text in {"legal/luat-cu.vi.md": OLD, "legal/luat-moi.vi.md": NEW, "legal/luat-sua.vi.md": AMENDING,
                      "legal/nhung-diem-moi.vi.md": PAGE}.items():
        path = tmp_path / "docs" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return load_tree(tmp_path / "docs")


def test_one_line_per_change_in_the_years_oldest_first(tmp_path):
    tree = _tree(tmp_path)
    page = tree.page("nhung-diem-moi", "vi")
    out = listing.expand(page.body, tree, page, "vi")
    lines = [line for line in out.splitlines() if line.startswith("- ")]
    assert "<!-- legal-changes" not in out
    # the 2011 and 2024 texts' own dates (2011, 2012, 2024) are outside the years: not listed
    assert all("01/07/2025" in line for line in lines), lines
    text = "\n".join(lines)
    assert "[Luật mới](luat-moi.md) (53/2024/QH15): Có hiệu lực" in text
    assert "[Luật sửa đổi](luat-sua.md) (86/2025/QH15): Có hiệu lực" in text
    # the amendment, written once on the amending law, shows on the amended one, with its part
    assert ("[Luật mới](luat-moi.md) (53/2024/QH15): Được sửa đổi, bổ sung một phần bởi [Luật sửa đổi](luat-sua.md)"
            " — Điều 27, 28") in text
    # replaced on its expiry date: said once, with the cause
    old = [line for line in lines if "Luật cũ" in line.split("·")[1]]
    assert len(old) == 1 and "Bị thay thế bởi [Luật mới](luat-moi.md)" in old[0]
    assert len(lines) == 4


def test_years_outside_give_the_empty_notice(tmp_path):
    tree = _tree(tmp_path)
    page = tree.page("nhung-diem-moi", "vi")
    out = changes.expand("<!-- legal-changes 2019 2020 -->", tree, page, "vi")
    assert not out.strip().startswith("- ") and "<!--" not in out


def test_the_real_page_lists_the_2025_amendments_and_the_juvenile_justice_law():
    tree = load_tree(ROOT / "docs")
    for lang, amended, in_force in (("vi", "Được sửa đổi, bổ sung một phần bởi", "Có hiệu lực"),
                                    ("en", "Partly amended by", "In force")):
        page = tree.page("nhung-diem-moi-2025-2026", lang)
        out = listing.expand(page.body, tree, page, lang)
        rows = [line for line in out.splitlines() if line.startswith("- **") and "](" in line.split(":")[0] + line]
        assert any("luat-pcmbn-2024.md" in r and amended in r and "luat-86-2025-qh15.md" in r for r in rows), rows
        assert any("blhs-xam-hai-tinh-duc.md" in r and "luat-tu-phap-nctn-2024.md" in r for r in rows)
        assert any("luat-tu-phap-nctn-2024.md" in r and in_force in r for r in rows)


def test_the_lists_escape_titles_like_every_renderer(tmp_path):
    """The "what changed" list and the home page's lines write a title through the one escaper
    (render/escape.py): a title cannot open a link, emphasis or raw HTML."""
    from scripts.render import escape, home
    hostile = "Luật [x](javascript:alert(1)) <b>*đậm*</b>"
    tree = _tree(tmp_path)
    for path in (tmp_path / "docs").rglob("luat-moi.*.md"):
        path.write_text(path.read_text(encoding="utf-8").replace("title: Luật mới", f'title: "{hostile}"')
                        .replace("revision: 1\n", 'revision: 1\nrevisions:\n  - {revision: 1, date: "2026-01-15", '
                                                   'note: "Đăng lần đầu."}\n', 1), encoding="utf-8")
    tree = load_tree(tmp_path / "docs")
    page = tree.page("nhung-diem-moi", "vi")
    out = listing.expand(page.body, tree, page, "vi")
    lines = home.whats_new(tree, page, "vi")
    for text in (out, lines):
        assert escape.md(hostile) in text and hostile not in text and "](javascript:" not in text
