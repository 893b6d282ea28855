"""Each content rule rejects its bad input with `path:line: [rule-id]`, on a tiny tree.

Every test starts from a tree the checks accept (asserted), breaks one thing, and
asserts the exact rule and line: a check that stopped working fails its test.
"""
from __future__ import annotations

import datetime as dt
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from scripts import checks as check
from scripts.model import dates

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 29)

LEGAL_VI = """---
id: luat-mau
type: legal-update
title: Luật mẫu 2016
owner: Ban biên tập
last_reviewed: "2026-11-01"
published: "2026-01-15"
revision: 1
doc_number: 102/2016/QH13
doc_type: law
issuer: Quốc hội
signer: Người Ký Mẫu
issued: "2016-04-05"
effective: "2017-06-01"
status: in-force
source_url: https://example.org/luat
sources:
  - {title: Nguồn mẫu, url: "https://example.org/nguon"}
relations:
  - {type: replaces, target: luat-cu}
ack: {required: true, audience: [central, provincial], due: 30}
---

## Phạm vi điều chỉnh { #scope }

Xem [luật cũ](luat-cu.md#summary) và [đường dây nóng](../hotlines.md#hotline-111).

## Điều 1. Đối tượng

Xem [mục trên](#scope) và [Điều 1](#dieu-1-doi-tuong).
"""

LEGAL_EN = """---
id: luat-mau
type: legal-update
title: Sample law 2016
last_reviewed: "2026-11-01"
issuer: National Assembly
sources:
  - {title: Sample source, url: "https://example.org/source"}
---

## Scope { #scope }

See [the old law](luat-cu.md#summary) and [the hotline](../hotlines.md#hotline-111).
"""

OLD_VI = """---
id: luat-cu
type: legal-update
title: Luật cũ
owner: Ban biên tập
last_reviewed: "2026-11-01"
published: "2026-01-15"
revision: 1
doc_number: 25/2004/QH11
doc_type: law
issuer: Quốc hội
signer: Người Ký Mẫu
issued: "2004-06-15"
effective: "2005-01-01"
expiry: "2017-06-01"
status: expired
source_url: https://example.org/luat-cu
sources:
  - {title: Nguồn mẫu, url: "https://example.org/nguon"}
---

## Tóm tắt { #summary }

Văn bản đã hết hiệu lực.
"""

OLD_EN = """---
id: luat-cu
type: legal-update
title: Old law
last_reviewed: "2026-11-01"
issuer: National Assembly
sources:
  - {title: Sample source, url: "https://example.org/source"}
---

## Summary { #summary }

No longer in force.
"""

HOT_VI = """---
id: duong-day-nong
type: page
title: Đường dây nóng
owner: Ban biên tập
last_reviewed: "2026-11-01"
---

## Tổng đài 111 { #hotline-111 }
"""

HOT_EN = """---
id: duong-day-nong
type: page
title: Hotlines
owner: Ban biên tập
last_reviewed: "2026-11-01"
---

## Hotline 111 { #hotline-111 }
"""

MODULE_VI = """---
id: bai-mau
type: module
title: Bài mẫu
owner: Ban biên tập
last_reviewed: "2026-11-01"
published: "2026-02-01"
revision: 1
objectives: [Hiểu khung pháp lý]
key_points: [Trẻ em là người dưới 16 tuổi]
teaching: 30
exercises: 15
audience: [central, provincial, commune]
prerequisites: []
sources:
  - {title: Nguồn mẫu, url: "https://example.org/nguon"}
---

Nội dung. Xem [mục tiêu](#objectives).
"""

MODULE_EN = """---
id: bai-mau
type: module
title: Sample module
last_reviewed: "2026-11-01"
objectives: [Understand the legal framework]
key_points: [A child is a person under 16]
sources:
  - {title: Sample source, url: "https://example.org/source"}
---

Content.
"""

CONFIG = """site_name: test
nav:
  - hotlines.md
  - Văn bản pháp luật mới:
      - legal/luat-mau.md
      - legal/luat-cu.md
  - modules/bai-mau.md
markdown_extensions:
  - toc:
      slugify: !!python/name:scripts.model.folding.slugify
"""

FILES = {
    "docs/legal/luat-mau.vi.md": LEGAL_VI,
    "docs/legal/luat-mau.en.md": LEGAL_EN,
    "docs/legal/luat-cu.vi.md": OLD_VI,
    "docs/legal/luat-cu.en.md": OLD_EN,
    "docs/hotlines.vi.md": HOT_VI,
    "docs/hotlines.en.md": HOT_EN,
    "docs/modules/bai-mau.vi.md": MODULE_VI,
    "docs/modules/bai-mau.en.md": MODULE_EN,
    "mkdocs.yml": CONFIG,
}


@pytest.fixture
def tree(tmp_path):
    for rel, text in FILES.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def run(root: Path):
    return check.run(root / "docs", config_file=root / "mkdocs.yml", root=root, today=TODAY)


def edit(root: Path, rel: str, old: str, new: str, count: int = 1):
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture does not contain {old!r}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def line_of(root: Path, rel: str, needle: str, start: int = 1) -> int:
    """The first line at or after `start` of root/rel that contains `needle`."""
    for n, line in enumerate((root / rel).read_text(encoding="utf-8").split("\n"), start=1):
        if n >= start and needle in line:
            return n
    raise AssertionError(needle)


def only(problems, rule):
    found = [p for p in problems if p.rule == rule]
    assert found, f"expected [{rule}], got {[(p.path, p.line, p.rule, p.message) for p in problems]}"
    return found


def test_valid_tree_passes(tree):
    assert run(tree) == []


def test_missing_field(tree):
    edit(tree, "docs/legal/luat-mau.vi.md", "signer: Người Ký Mẫu\n", "")
    (p,) = only(run(tree), "missing-field")
    assert p.path == "docs/legal/luat-mau.vi.md" and "'signer'" in p.message


def test_unknown_field_suggests_the_right_name(tree):
    edit(tree, "docs/legal/luat-mau.vi.md", "signer:", "signor:")
    problems = run(tree)
    (p,) = only(problems, "unknown-field")
    assert p.line == line_of(tree, "docs/legal/luat-mau.vi.md", "signor:")
    assert "có phải 'signer'" in p.message


def test_date_written_day_first_gets_the_iso_form(tree):
    edit(tree, "docs/legal/luat-mau.vi.md", 'issued: "2016-04-05"', "issued: 05/04/2016")
    (p,) = only(run(tree), "bad-date")
    assert p.line == line_of(tree, "docs/legal/luat-mau.vi.md", "issued:")
    assert "'2016-04-05' thay vì '05/04/2016'" in p.message


def test_impossible_date(tree):
    edit(tree, "docs/legal/luat-mau.vi.md", '"2017-06-01"', '"2017-02-30"')
    (p,) = only(run(tree), "bad-date")
    assert "không tồn tại" in p.message


def test_unknown_status_and_type(tree):
    edit(tree, "docs/legal/luat-mau.vi.md", "status: in-force", "status: active")
    edit(tree, "docs/hotlines.vi.md", "type: page", "type: article")
    problems = run(tree)
    assert "in-force" in only(problems, "unknown-status")[0].message
    assert only(problems, "unknown-type")[0].path == "docs/hotlines.vi.md"


def test_unknown_doc_type_and_level(tree):
    edit(tree, "docs/legal/luat-mau.vi.md", "doc_type: law", "doc_type: statute")
    edit(tree, "docs/legal/luat-mau.vi.md", "audience: [central, provincial]", "audience: [central, district]")
    problems = only(run(tree), "unknown-choice")
    assert {("statute" in p.message) or ("district" in p.message) for p in problems} == {True}
    assert len(problems) == 2


def test_duplicate_id(tree):
    edit(tree, "docs/legal/luat-cu.vi.md", "id: luat-cu", "id: luat-mau")
    edit(tree, "docs/legal/luat-cu.en.md", "id: luat-cu", "id: luat-mau")
    problems = only(run(tree), "duplicate-id")
    assert {p.path for p in problems} == {"docs/legal/luat-mau.vi.md", "docs/legal/luat-mau.en.md"} or \
        {p.path for p in problems} == {"docs/legal/luat-cu.vi.md", "docs/legal/luat-cu.en.md"}


def test_pair_with_different_ids(tree):
    edit(tree, "docs/legal/luat-mau.en.md", "id: luat-mau", "id: sample-law")
    (p,) = only(run(tree), "pair-id-mismatch")
    assert p.path == "docs/legal/luat-mau.en.md" and p.line == 2


def test_missing_partner(tree):
    (tree / "docs/legal/luat-cu.en.md").unlink()
    (p,) = only(run(tree), "pair-missing")
    assert p.path == "docs/legal/luat-cu.vi.md" and "legal/luat-cu.en.md" in p.message


def test_shared_field_repeated_differently_in_english(tree):
    edit(tree, "docs/legal/luat-mau.en.md", "issuer: National Assembly", "issuer: National Assembly\nrevision: 2")
    (p,) = only(run(tree), "pair-field-mismatch")
    assert p.path == "docs/legal/luat-mau.en.md" and "'revision'" in p.message


def test_text_not_nfc(tree):
    nfd = unicodedata.normalize("NFD", "Văn bản đã hết hiệu lực.")
    edit(tree, "docs/legal/luat-cu.vi.md", "Văn bản đã hết hiệu lực.", nfd)
    (p,) = only(run(tree), "not-nfc")
    assert p.line == line_of(tree, "docs/legal/luat-cu.vi.md", nfd)


def test_fix_nfc_repairs_it(tree):
    nfd = unicodedata.normalize("NFD", "Văn bản đã hết hiệu lực.")
    edit(tree, "docs/legal/luat-cu.vi.md", "Văn bản đã hết hiệu lực.", nfd)
    assert check.fix_nfc(tree / "docs") == [(tree / "docs/legal/luat-cu.vi.md")]
    assert run(tree) == []


def test_relation_to_unknown_id(tree):
    edit(tree, "docs/legal/luat-mau.vi.md", "target: luat-cu", "target: luat-khong-co")
    (p,) = only(run(tree), "unknown-target")
    assert p.line == line_of(tree, "docs/legal/luat-mau.vi.md", "relations:")


def test_prerequisite_to_unknown_id(tree):
    edit(tree, "docs/modules/bai-mau.vi.md", "prerequisites: []", "prerequisites: [bai-khac]")
    (p,) = only(run(tree), "unknown-target")
    assert "bai-khac" in p.message


def test_broken_link(tree):
    edit(tree, "docs/legal/luat-mau.vi.md", "(luat-cu.md#summary)", "(luat-cuu.md)")
    (p,) = only(run(tree), "broken-link")
    assert p.line == line_of(tree, "docs/legal/luat-mau.vi.md", "luat-cuu.md")


def test_broken_anchor_in_other_page_and_same_page(tree):
    edit(tree, "docs/legal/luat-mau.en.md", "hotlines.md#hotline-111", "hotlines.md#hotline-11")
    edit(tree, "docs/legal/luat-mau.vi.md", "(#dieu-1-doi-tuong)", "(#ieu-1-doi-tuong)")
    problems = only(run(tree), "broken-anchor")
    assert {p.path for p in problems} == {"docs/legal/luat-mau.en.md", "docs/legal/luat-mau.vi.md"}
    assert any("có phải '#hotline-111'" in p.message for p in problems)


def test_malformed_yaml_gets_its_line(tree):
    edit(tree, "docs/legal/luat-mau.vi.md", "issuer: Quốc hội", "issuer: Quốc hội: khoá XIII")
    (p,) = only(run(tree), "yaml-syntax")
    assert p.line == line_of(tree, "docs/legal/luat-mau.vi.md", "issuer:")


def test_unclosed_front_matter(tree):
    path = tree / "docs/hotlines.vi.md"
    path.write_text(HOT_VI.replace("---\n\n## ", "\n## "), encoding="utf-8")
    (p,) = only(run(tree), "yaml-syntax")
    assert p.line == 1 and "'---'" in p.message


def test_file_without_language_suffix(tree):
    (tree / "docs/notes.md").write_text("# Ghi chú\n", encoding="utf-8")
    (p,) = only(run(tree), "bad-filename")
    assert p.path == "docs/notes.md"


def test_page_not_in_nav_and_nav_without_page(tree):
    edit(tree, "mkdocs.yml", "      - legal/luat-cu.md\n", "      - legal/luat-xoa.md\n")
    problems = run(tree)
    assert only(problems, "not-in-nav")[0].path == "docs/legal/luat-cu.vi.md"
    (p,) = only(problems, "nav-missing-page")
    assert p.path == "mkdocs.yml" and p.line == line_of(tree, "mkdocs.yml", "luat-xoa")


def test_effective_before_issued(tree):
    edit(tree, "docs/legal/luat-mau.vi.md", 'effective: "2017-06-01"', 'effective: "2015-06-01"')
    (p,) = only(run(tree), "date-order")
    assert p.line == line_of(tree, "docs/legal/luat-mau.vi.md", "effective:")


def test_bad_ack_block(tree):
    edit(tree, "docs/legal/luat-mau.vi.md", "due: 30", "due: soon")
    (p,) = only(run(tree), "bad-value")
    assert "ack.due" in p.message


def test_colon_inside_a_list_item(tree):
    edit(tree, "docs/modules/bai-mau.vi.md", "key_points: [Trẻ em là người dưới 16 tuổi]",
         "key_points:\n  - Ba cấp độ: phòng ngừa, hỗ trợ, can thiệp")
    (p,) = only(run(tree), "bad-value")
    assert p.line == line_of(tree, "docs/modules/bai-mau.vi.md", "Ba cấp độ:")
    assert "ngoặc kép" in p.message


def test_placeholder_left_by_new(tree):
    edit(tree, "docs/legal/luat-mau.vi.md", "signer: Người Ký Mẫu", 'signer: "CẦN ĐIỀN"')
    (p,) = only(run(tree), "placeholder")
    assert "'signer'" in p.message


def test_review_overdue_is_a_warning_not_an_error(tree):
    edit(tree, "docs/hotlines.vi.md", 'last_reviewed: "2026-11-01"', 'last_reviewed: "2025-01-01"')
    problems = run(tree)
    (p,) = only(problems, "review-overdue")
    assert p.severity == "warning" and check.errors(problems) == []


def test_annotation_format_under_ci(tree):
    edit(tree, "docs/legal/luat-mau.vi.md", "status: in-force", "status: active")
    problems = run(tree)
    plain = check.format_problems(problems, annotations=False)
    gh = check.format_problems(problems, annotations=True)
    line = line_of(tree, "docs/legal/luat-mau.vi.md", "status:")
    assert plain == [f"docs/legal/luat-mau.vi.md:{line}: [unknown-status] " + problems[0].message]
    assert gh == [f"::error file=docs/legal/luat-mau.vi.md,line={line},title=unknown-status::" + problems[0].message]


def _cli(*args, cwd, env_ci="false"):
    import os
    env = dict(os.environ, CI=env_ci, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "scripts", *args], cwd=cwd, env=env,
                          capture_output=True, text=True)


def test_cli_exit_codes_and_one_line_ok(tree):
    ok = _cli("check", "--docs", "docs", "--config", "mkdocs.yml", cwd=tree)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert ok.stdout.strip().startswith("✅") and len(ok.stdout.strip().splitlines()) == 1
    edit(tree, "docs/legal/luat-mau.vi.md", "issuer: Quốc hội", "issuer: [Quốc hội")
    bad = _cli("check", "--docs", "docs", "--config", "mkdocs.yml", cwd=tree)
    assert bad.returncode == 1
    assert "Traceback" not in bad.stdout + bad.stderr
    assert bad.stdout.startswith("docs/legal/luat-mau.vi.md:")
    assert "[yaml-syntax]" in bad.stdout


def test_new_writes_a_pair_the_checks_hold_until_filled(tree):
    result = _cli("new", "legal-update", "--title", "Nghị định mẫu về bảo vệ trẻ em", "--docs", "docs",
                  "--config", "mkdocs.yml", cwd=tree)
    assert result.returncode == 0, result.stderr
    vi = tree / "docs/legal/nghi-dinh-mau-ve-bao-ve-tre-em.vi.md"
    en = tree / "docs/legal/nghi-dinh-mau-ve-bao-ve-tre-em.en.md"
    assert vi.exists() and en.exists()
    assert "id: nghi-dinh-mau-ve-bao-ve-tre-em" in en.read_text(encoding="utf-8")
    # the build's date: today in Asia/Ho_Chi_Minh (not the machine's UTC date)
    assert f'published: "{dates.today().isoformat()}"' in vi.read_text(encoding="utf-8")
    assert "legal/nghi-dinh-mau-ve-bao-ve-tre-em.md" in (tree / "mkdocs.yml").read_text(encoding="utf-8")
    problems = run(tree)
    assert {p.rule for p in check.errors(problems)} == {"placeholder", "template-text"}
    again = _cli("new", "legal-update", "--title", "Nghị định mẫu về bảo vệ trẻ em", "--docs", "docs",
                 "--config", "mkdocs.yml", cwd=tree)
    assert again.returncode == 1 and "đã tồn tại" in again.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="make")
def test_make_check_ends_with_its_summary_and_no_make_error_line(tree):
    import os
    edit(tree, "docs/legal/luat-mau.vi.md", "issuer: Quốc hội", "issuer: [Quốc hội")
    env = {k: v for k, v in os.environ.items() if k not in {"CI", "STRICT", "MAKEFLAGS", "MAKELEVEL", "MFLAGS"}}

    def make(**extra):
        return subprocess.run(["make", "--no-print-directory", "-C", str(ROOT), "check", f"DOCS={tree / 'docs'}",
                               f"CONFIG={tree / 'mkdocs.yml'}"], env={**env, **extra}, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    editor = make()
    out = editor.stdout.strip().splitlines()
    assert "make:" not in editor.stdout and "Error" not in editor.stdout, editor.stdout
    assert out[0].startswith(f"{tree}/docs/legal/luat-mau.vi.md:") and "[yaml-syntax]" in out[0]
    assert out[-1].startswith("❌ 1 lỗi") and len(out) == 2
    assert make(CI="true").returncode != 0 and make(STRICT="1").returncode != 0  # CI still fails the job
    edit(tree, "docs/legal/luat-mau.vi.md", "issuer: [Quốc hội", "issuer: Quốc hội")
    ok = make(CI="true")
    assert ok.returncode == 0 and ok.stdout.strip().startswith("✅"), ok.stdout


# -- what a copied template or page carries over ------------------------------------------
@pytest.mark.parametrize("left, shown", [
    ("- Ý thứ nhất.", "Ý thứ nhất."),
    ("Viết tóm tắt bằng câu ngắn, rõ ràng. Mỗi thông tin pháp lý cần có nguồn.[^1] Luật mới có hiệu lực.",
     "Viết tóm tắt bằng câu ngắn, rõ ràng. Mỗi thông tin pháp l…"),
    ("Số điện thoại: CẦN ĐIỀN", "CẦN ĐIỀN"),
])
def test_template_text_left_in_a_body_is_reported_at_its_line(tree, left, shown):
    edit(tree, "docs/legal/luat-cu.vi.md", "Văn bản đã hết hiệu lực.", left)
    (p,) = run(tree)
    assert (p.path, p.line, p.rule) == ("docs/legal/luat-cu.vi.md", line_of(tree, "docs/legal/luat-cu.vi.md", left),
                                        "template-text")
    assert p.message == f"dòng này vẫn là chữ mẫu của trang mẫu ('{shown}'); thay bằng nội dung thật hoặc xoá dòng"


def test_template_text_pasted_into_a_field_is_reported_at_its_line(tree):
    edit(tree, "docs/modules/bai-mau.vi.md", "key_points: [Trẻ em là người dưới 16 tuổi]",
         "key_points:\n  - Trẻ em là người dưới 16 tuổi\n  - Ý thứ nhất.")
    (p,) = run(tree)
    assert (p.rule, p.line) == ("template-text", line_of(tree, "docs/modules/bai-mau.vi.md", "- Ý thứ nhất."))


def test_template_text_in_english_and_in_code_is_told_apart(tree):
    edit(tree, "docs/legal/luat-cu.en.md", "No longer in force.", "- First point.")
    (p,) = run(tree)
    assert (p.path, p.rule) == ("docs/legal/luat-cu.en.md", "template-text")
    edit(tree, "docs/legal/luat-cu.en.md", "- First point.", "The template says `First point.` here.")
    edit(tree, "docs/legal/luat-cu.vi.md", "Văn bản đã hết hiệu lực.", "```\n- Ý thứ nhất.\n```")
    assert run(tree) == []  # quoted in code (as the editors' guide does): not left over


def test_relation_to_the_page_itself(tree):
    edit(tree, "docs/legal/luat-mau.vi.md", "{type: replaces, target: luat-cu}",
         "{type: replaces, target: luat-cu}\n  - {type: amends, target: luat-mau}")
    (p,) = run(tree)
    assert (p.rule, p.line) == ("copied-relations", line_of(tree, "docs/legal/luat-mau.vi.md", "target: luat-mau"))
    assert "trỏ tới chính trang này (id 'luat-mau')" in p.message


def test_relations_copied_from_another_page_are_reported_on_the_copy(tree):
    for lang in ("vi", "en"):  # a web editor copies luat-mau (relations included) into a new page
        text = (tree / f"docs/legal/luat-mau.{lang}.md").read_text(encoding="utf-8")
        text = text.replace("id: luat-mau", "id: luat-moi").replace('published: "2026-01-15"', 'published: "2026-11-20"')
        (tree / f"docs/legal/luat-moi.{lang}.md").write_text(text, encoding="utf-8")
    edit(tree, "mkdocs.yml", "      - legal/luat-cu.md\n", "      - legal/luat-cu.md\n      - legal/luat-moi.md\n")
    (p,) = [p for p in run(tree) if p.rule == "copied-relations"]
    assert (p.path, p.line) == ("docs/legal/luat-moi.vi.md", line_of(tree, "docs/legal/luat-moi.vi.md", "relations:"))
    assert "giống hệt trang docs/legal/luat-mau.vi.md" in p.message
    edit(tree, "docs/legal/luat-moi.vi.md", "{type: replaces, target: luat-cu}", "{type: amends, target: luat-cu}")
    assert [p for p in run(tree) if p.rule == "copied-relations"] == []


def test_unknown_target_suggests_the_closest_id(tree):
    edit(tree, "docs/legal/luat-mau.vi.md", "target: luat-cu", "target: luat-cuu")
    (p,) = run(tree)
    assert p.message == ("trường 'relations.target' trỏ tới id 'luat-cuu' không tồn tại (có phải 'luat-cu'?); "
                         "kiểm tra lại id trang đích")
    edit(tree, "docs/legal/luat-mau.vi.md", "target: luat-cuu", "target: nghi-dinh-khac")
    (p,) = run(tree)
    assert "có phải" not in p.message  # nothing close: no guess


def test_broken_link_suggests_the_closest_page(tree):
    edit(tree, "docs/legal/luat-mau.vi.md", "(luat-cu.md#summary)", "(luat-cuu.md)")
    (p,) = run(tree)
    assert p.message == ("liên kết 'luat-cuu.md' trỏ tới trang không tồn tại (không có tệp "
                         "'docs/legal/luat-cuu.vi.md'; có phải 'luat-cu.md'?)")
    edit(tree, "docs/legal/luat-mau.vi.md", "(../hotlines.md#hotline-111)", "(hotline.md)")
    assert any("có phải '../hotlines.md'?" in p.message for p in run(tree))


def test_check_writes_a_gitlab_code_quality_report_and_no_github_syntax_on_gitlab(tree):
    import json
    edit(tree, "docs/legal/luat-mau.vi.md", "status: in-force", "status: active")
    import os
    env = dict(os.environ, CI="true", GITLAB_CI="true", PYTHONPATH=str(ROOT))
    result = subprocess.run([sys.executable, "-m", "scripts", "check", "--docs", "docs", "--config", "mkdocs.yml",
                             "--codequality", "gl-code-quality-report.json"], cwd=tree, env=env,
                            capture_output=True, text=True)
    at = line_of(tree, "docs/legal/luat-mau.vi.md", "status:")
    assert result.returncode == 1 and "::" not in result.stdout
    assert result.stdout.startswith(f"docs/legal/luat-mau.vi.md:{at}: [unknown-status] ")
    (issue,) = json.loads((tree / "gl-code-quality-report.json").read_text(encoding="utf-8"))
    assert issue["location"] == {"path": "docs/legal/luat-mau.vi.md", "lines": {"begin": at}}
    assert (issue["check_name"], issue["severity"]) == ("unknown-status", "major")
