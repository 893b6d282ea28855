"""The checks that protect a page's legal facts (scripts/checks/facts.py), on tiny trees:

- `[numbers-differ]`: a Vietnamese section and the same section of its English translation
  (paired by heading id) must contain the same numbers, whatever the date or amount format;
- `[citation-homepage]`: a citation must name the document, not a site's home page or a tag
  or search page.

Every test starts from a tree the checks accept (asserted), breaks one thing, and asserts the
rule, the file and the line; the last tests run both rules on the real site.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from scripts import checks as check
from scripts.checks import facts

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 12, 3)

VI = """---
id: luat-mau
type: legal-update
title: Luật mẫu
owner: Ban biên tập
last_reviewed: "2026-11-01"
published: "2026-01-15"
revision: 1
doc_number: 53/2024/QH15
doc_type: law
issuer: Quốc hội (khóa XV)
signer: Người Ký Mẫu
issued: "2024-11-28"
effective: "2025-07-01"
source_url: https://example.org/van-ban/luat-53-2024
sources:
  - {title: Nguồn mẫu, url: "https://example.org/van-ban/luat-53-2024/dieu-2"}
---

Luật có 8 chương, 63 điều.[^1]

## Tóm tắt { #summary }

Quốc hội khóa XV thông qua ngày 28/11/2024, 454/455 đại biểu tán thành; Luật có hiệu lực từ ngày 01/07/2025.

## Hình phạt { #penalties }

| Khoản | Mức phạt |
|---|---|
| Khoản 1 | từ 05 năm đến 10 năm |
| Khoản 4 | phạt tiền từ 20 triệu đồng đến 100.000.000 đồng |

Theo điểm đ khoản 2 Điều 327, nạn nhân từ đủ 16 đến dưới 18 tuổi; tỷ lệ 4,5%.

[^1]: Nguồn mẫu (ngày 02/03/2026), <https://example.org/van-ban/luat-53-2024/dieu-2>
"""

EN = """---
id: luat-mau
type: legal-update
title: Sample law
last_reviewed: "2026-11-01"
issuer: National Assembly (15th legislature)
sources:
  - {title: Sample source, url: "https://example.org/van-ban/luat-53-2024/dieu-2"}
---

The Law has 8 chapters and 63 articles.[^1]

## Summary { #summary }

The 15th National Assembly passed it on 28 November 2024, 454 of 455 deputies in favour; it has been in force since 1 July 2025.

## Penalties { #penalties }

| Clause | Penalty |
|---|---|
| Clause 1 | 5 to 10 years |
| Clause 4 | a fine of 20 million to 100,000,000 VND |

Under Article 327(2)(đ), a victim aged 16 to under 18; a rate of 4.5%. It may well apply.

[^1]: Sample source (2 March 2026, in Vietnamese), <https://example.org/van-ban/luat-53-2024/dieu-2>
"""

CONFIG = """site_name: test
nav:
  - Văn bản pháp luật mới:
      - legal/luat-mau.md
markdown_extensions:
  - toc:
      slugify: !!python/name:scripts.model.folding.slugify
"""


@pytest.fixture
def tree(tmp_path):
    for rel, text in {"docs/legal/luat-mau.vi.md": VI, "docs/legal/luat-mau.en.md": EN, "mkdocs.yml": CONFIG}.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def run(root: Path):
    return check.run(root / "docs", config_file=root / "mkdocs.yml", root=root, today=TODAY)


def of_rule(problems, rule):
    return [p for p in problems if p.rule == rule]


def edit(root: Path, rel: str, old: str, new: str):
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(root: Path, rel: str, needle: str) -> int:
    for n, line in enumerate((root / rel).read_text(encoding="utf-8").split("\n"), start=1):
        if needle in line:
            return n
    raise AssertionError(needle)


def test_matching_numbers_in_every_written_form_pass(tree):
    """Dates as 28/11/2024 and 28 November 2024, 05 and 5, 100.000.000 and 100,000,000,
    '20 triệu' and '20 million', 4,5% and 4.5%, 'khóa XV' and '15th', 'may' the verb."""
    problems = run(tree)
    assert of_rule(problems, "numbers-differ") == [] and of_rule(problems, "citation-homepage") == [], problems


def test_a_wrong_penalty_in_the_translation_is_reported_at_its_line(tree):
    edit(tree, "docs/legal/luat-mau.en.md", "| Clause 1 | 5 to 10 years |", "| Clause 1 | 5 to 12 years |")
    [p] = of_rule(run(tree), "numbers-differ")
    assert p.path == "docs/legal/luat-mau.en.md"
    assert p.line == line_of(tree, "docs/legal/luat-mau.en.md", "5 to 12 years")
    assert "#penalties" in p.message and "10" in p.message and "12" in p.message
    assert "docs/legal/luat-mau.vi.md" in p.message


def test_a_date_in_force_that_differs_is_reported_for_its_section(tree):
    edit(tree, "docs/legal/luat-mau.vi.md", "có hiệu lực từ ngày 01/07/2025", "có hiệu lực từ ngày 01/01/2026")
    [p] = of_rule(run(tree), "numbers-differ")
    assert "#summary" in p.message and "2026" in p.message and "2025" in p.message
    # reported where the English text has the number the Vietnamese one lacks
    assert p.line == line_of(tree, "docs/legal/luat-mau.en.md", "1 July 2025")


def test_an_age_missing_from_the_translation_is_reported(tree):
    edit(tree, "docs/legal/luat-mau.en.md", "a victim aged 16 to under 18", "a victim under 18")
    [p] = of_rule(run(tree), "numbers-differ")
    assert "#penalties" in p.message and "16" in p.message
    # only a Vietnamese number is missing: reported at the English heading of that section
    assert p.line == line_of(tree, "docs/legal/luat-mau.en.md", "{ #penalties }")


def test_the_text_before_the_first_heading_is_compared_too(tree):
    edit(tree, "docs/legal/luat-mau.en.md", "63 articles", "64 articles")
    [p] = of_rule(run(tree), "numbers-differ")
    assert "phần mở đầu" in p.message


def test_source_notes_and_addresses_are_not_compared(tree):
    """Footnote titles and URLs are citations, not the taught text."""
    edit(tree, "docs/legal/luat-mau.en.md", "(2 March 2026, in Vietnamese)", "(3 March 2026)")
    edit(tree, "docs/legal/luat-mau.en.md", "The Law has 8 chapters and 63 articles.[^1]",
         "The Law has 8 chapters and 63 articles.[^1] See <https://example.org/2030/99>.")
    assert of_rule(run(tree), "numbers-differ") == []


def test_a_heading_without_id_pairs_by_the_id_the_build_gives_it(tree):
    """'## Điều 327 …' (automatic id dieu-327-toi-chua-mai-dam) pairs with the English
    '## Article 327 { #dieu-327-toi-chua-mai-dam }'."""
    edit(tree, "docs/legal/luat-mau.vi.md", "\n[^1]:", "\n## Điều 327. Tội chứa mại dâm\n\nTừ 5 năm đến 10 năm.\n\n[^1]:")
    edit(tree, "docs/legal/luat-mau.en.md", "\n[^1]:",
         "\n## Article 327 { #dieu-327-toi-chua-mai-dam }\n\n5 to 12 years.\n\n[^1]:")
    [p] = of_rule(run(tree), "numbers-differ")
    assert "#dieu-327-toi-chua-mai-dam" in p.message and "12" in p.message


def test_a_section_of_one_language_only_is_left_to_the_translation_checks(tree):
    edit(tree, "docs/legal/luat-mau.en.md", "## Penalties { #penalties }", "## Penalties { #penalties-en }")
    assert of_rule(run(tree), "numbers-differ") == []


def test_numbers_normalised():
    assert facts.numbers_in("ngày 01/07/2025, từ 05 năm; 3.748 vụ; 10 triệu đồng; 4,5%", "vi") == \
        ["1", "7", "2025", "5", "3748", "10000000", "4.5"]
    assert sorted(facts.numbers_in("1 July 2025, 5 years; 3,748 cases; 10 million VND; 4.5%", "en")) == \
        sorted(["7", "1", "2025", "5", "3748", "10000000", "4.5"])
    assert facts.numbers_in("Quốc hội khóa XIII, Chương XIV", "vi") == ["13", "14"]
    assert facts.numbers_in("the 13th National Assembly, Chapter XIV", "en") == ["14", "13"]
    assert facts.numbers_in("it may well apply", "en") == []


# -- citations --------------------------------------------------------------------------

@pytest.mark.parametrize("url, kind", [
    ("https://thukyluat.vn/1DD24/luat-phong-chong-mua-ban-nguoi-2011/tag.html", "trang thẻ/tìm kiếm"),
    ("https://congly.vn/luat-thu-do-2024-ptag.html", "trang thẻ/tìm kiếm"),
    ("https://bnews.vn/tag/luat-so-56-2024-qh15/392428/1.html", "trang thẻ/tìm kiếm"),
    ("https://vbpl.vn/?q=trẻ+em", "trang thẻ/tìm kiếm"),
    ("https://vbpl.vn/", "trang chủ"),
    ("https://chinhphu.vn", "trang chủ"),
    ("https://mps.gov.vn/index.html", "trang chủ"),
])
def test_listing_and_home_pages_are_recognised(url, kind):
    assert facts.homepage_kind(url) == kind


@pytest.mark.parametrize("url", [
    "https://vbpl.vn/van-ban/chi-tiet/luat-phong-chong-mua-ban-nguoi-so-66-2011-qh12--26741",
    "https://congbao.chinhphu.vn/van-ban/luat-so-86-2025-qh15-45528/57612.htm",
    "https://hethongphapluat.com/luat-tre-em-2016/dieu-56",
    "https://thukyluat.vn/news/diem-tin-van-ban/dinh-nghia-ve-dam-o-68147.html",
    "https://pbgdpl.gov.vn/Pages/chi-tiet-tin.aspx?ItemID=3775&l=Gioithieuvanbanmoi",
])
def test_document_addresses_pass(url):
    assert facts.homepage_kind(url) is None


def test_a_source_pointing_at_a_tag_page_is_reported_at_its_line(tree):
    edit(tree, "docs/legal/luat-mau.vi.md", 'url: "https://example.org/van-ban/luat-53-2024/dieu-2"',
         'url: "https://example.org/tag/luat-2024/"')
    [p] = of_rule(run(tree), "citation-homepage")
    assert (p.path, p.line) == ("docs/legal/luat-mau.vi.md", line_of(tree, "docs/legal/luat-mau.vi.md", "/tag/luat-2024/"))
    assert "sources" in p.message and "trang thẻ/tìm kiếm" in p.message


def test_a_source_url_on_a_home_page_is_reported(tree):
    edit(tree, "docs/legal/luat-mau.vi.md", "source_url: https://example.org/van-ban/luat-53-2024",
         "source_url: https://vbpl.vn/")
    [p] = of_rule(run(tree), "citation-homepage")
    assert p.line == line_of(tree, "docs/legal/luat-mau.vi.md", "source_url:") and "trang chủ" in p.message


def test_a_footnote_citing_a_search_page_is_reported(tree):
    edit(tree, "docs/legal/luat-mau.en.md", "(2 March 2026, in Vietnamese), <https://example.org/van-ban/luat-53-2024/dieu-2>",
         "(2 March 2026, in Vietnamese), <https://example.org/search?q=luat>")
    [p] = of_rule(run(tree), "citation-homepage")
    assert p.path == "docs/legal/luat-mau.en.md" and p.line == line_of(tree, "docs/legal/luat-mau.en.md", "[^1]:")
    assert "chú thích nguồn" in p.message


def test_an_ordinary_link_to_a_home_page_is_not_a_citation(tree):
    edit(tree, "docs/legal/luat-mau.en.md", "The Law has 8 chapters",
         "See [the portal](https://vbpl.vn/). The Law has 8 chapters")
    assert of_rule(run(tree), "citation-homepage") == []


def test_the_real_site_passes_both_checks():
    problems = check.run(ROOT / "docs", config_file=ROOT / "mkdocs.yml", root=ROOT, today=TODAY)
    found = [p for p in problems if p.rule in ("numbers-differ", "citation-homepage")]
    assert found == [], found
    # and the check is not vacuous on the real site: most pages have numbers in paired sections
    page = check.load_tree(ROOT / "docs").page("blhs-xam-hai-tinh-duc", "en")
    assert "142" in facts.sections(page)["article-142"][1]
