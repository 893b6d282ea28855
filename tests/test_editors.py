"""Editors' messages: one problem, one line, in Vietnamese, at the line to fix.

Each test breaks one thing in the tiny tree of test_check.py and asserts the exact
output line an editor reads.
"""
from __future__ import annotations

import pytest
from test_check import FILES, TODAY, edit, line_of, run, tree  # noqa: F401  (tree: the fixture)

from scripts import checks as check

LEGAL = "docs/legal/luat-mau.vi.md"


def lines(root):
    return check.format_problems(run(root), annotations=False)


def test_wrong_id_in_english_is_one_line_naming_the_vietnamese_id(tree):
    edit(tree, "docs/legal/luat-mau.en.md", "id: luat-mau", "id: sample-law")
    assert lines(tree) == [
        "docs/legal/luat-mau.en.md:2: [pair-id-mismatch] id 'sample-law' khác id của bản tiếng Việt "
        "(docs/legal/luat-mau.vi.md); sửa dòng này thành 'id: luat-mau' (hai bản của một trang dùng chung một id)"]


def test_missing_field_points_where_it_belongs(tree):
    edit(tree, LEGAL, "signer: Người Ký Mẫu\n", "")
    at = line_of(tree, LEGAL, "issued:")  # signer goes just above the next registry field present
    assert lines(tree) == [
        f"{LEGAL}:{at}: [missing-field] thiếu trường 'signer' (người ký (họ tên công khai trên văn bản)); "
        "thêm dòng 'signer: Nguyễn Thị Kim Ngân' ngay trên dòng 'issued:' này"]


def test_missing_type_points_under_the_id(tree):
    edit(tree, "docs/hotlines.vi.md", "type: page\n", "")
    (p,) = [p for p in run(tree) if p.rule == "missing-field"]
    assert (p.path, p.line) == ("docs/hotlines.vi.md", line_of(tree, "docs/hotlines.vi.md", "title:"))


def test_missing_field_in_an_empty_front_matter_points_under_the_opening_line(tree):
    (tree / "docs/hotlines.vi.md").write_text("---\n---\n\nNội dung.\n", encoding="utf-8")
    problems = [p for p in run(tree) if p.rule == "missing-field" and p.path == "docs/hotlines.vi.md"]
    assert problems and {p.line for p in problems} == {2}


@pytest.mark.parametrize("bad, message", [
    ("issuer: Quốc hội: khoá XIII",
     "giá trị của trường 'issuer' có dấu ':' nên YAML hiểu nhầm là một trường mới: đặt cả giá trị trong "
     "ngoặc kép, ví dụ issuer: \"Quốc hội: khoá XIII\""),
    ('issuer: "Quốc hội',
     "giá trị của trường 'issuer' mở dấu ngoặc \" nhưng không đóng: thêm \" ở cuối giá trị, ví dụ issuer: \"…\""),
    ("issuer: [Quốc hội",
     "giá trị của trường 'issuer' mở '[' nhưng không đóng: thêm ']' ở cuối, hoặc đặt cả giá trị trong ngoặc kép "
     "nếu '[' là một phần của chữ"),
    ("  issuer: Quốc hội",
     "dòng này thụt lề nhưng trường phía trên đã có giá trị trên cùng dòng: trường cấp ngoài cùng bắt đầu ở đầu "
     "dòng, không có dấu cách phía trước; chỉ các mục '- …' của một danh sách mới thụt hai dấu cách"),
    ("\tissuer: Quốc hội",
     "dòng này thụt lề bằng ký tự tab; YAML chỉ chấp nhận dấu cách: xoá tab và thụt lề bằng hai dấu cách "
     "(hoặc không thụt nếu là trường cấp ngoài cùng)"),
])
def test_yaml_errors_explained_in_vietnamese_at_their_line(tree, bad, message):
    edit(tree, LEGAL, "issuer: Quốc hội", bad)
    at = line_of(tree, LEGAL, "issuer:")
    assert lines(tree) == [f"{LEGAL}:{at}: [yaml-syntax] {message}"]


def test_unexplained_yaml_error_has_no_english_parser_text(tree):
    edit(tree, LEGAL, "issuer: Quốc hội", "issuer: Quốc hội\n? [a")
    (line,) = lines(tree)
    assert "[yaml-syntax] YAML không đọc được ở dòng" in line
    assert "expected" not in line and "mapping" not in line


def test_allowed_values_written_in_vietnamese_are_accepted_and_read_as_keys(tree):
    edit(tree, LEGAL, "doc_type: law", "doc_type: Luật")
    edit(tree, LEGAL, "status: in-force", "status: còn hiệu lực")  # any case, with or without accents
    edit(tree, LEGAL, "audience: [central, provincial]", "audience: [Trung ương, Cap tinh]")
    edit(tree, LEGAL, "{type: replaces, target: luat-cu}", "{type: Thay thế, target: luat-cu}")
    assert lines(tree) == []
    from scripts.model.tree import load_tree
    page = load_tree(tree / "docs").page("luat-mau", "en")
    assert page.get("doc_type") == "law" and page.get("status") == "in-force"
    assert page.get("ack")["audience"] == ["central", "provincial"]
    assert page.get("relations")[0]["type"] == "replaces"


def test_decree_in_vietnamese(tree):
    from scripts.model.registry import choice_key
    assert choice_key("doc_type", "Nghị định") == "decree"
    assert choice_key("doc_type", "NGHI DINH") == "decree"
    assert choice_key("doc_type", "Decree") == "decree"  # the English label too
    assert choice_key("level", "Trung ương") == "central"


def test_an_unknown_value_still_lists_the_keys_and_their_vietnamese_labels(tree):
    edit(tree, LEGAL, "doc_type: law", "doc_type: Luật lệ")
    (p,) = [p for p in run(tree) if p.rule == "unknown-choice"]
    assert "decree (Nghị định)" in p.message and "'Luật lệ'" in p.message


def test_new_guesses_the_type_and_number_from_the_title_and_says_so(tree):
    from scripts.new import create
    create("legal-update", "Nghị định 56/2017/NĐ-CP về trẻ em", None, tree / "docs", tree / "mkdocs.yml")
    text = (tree / "docs/legal/nd-56-2017.vi.md").read_text(encoding="utf-8")
    assert 'doc_number: "56/2017/NĐ-CP"  # lấy từ tiêu đề: kiểm tra lại với văn bản gốc\n' in text
    assert 'doc_type: decree  # đoán từ "Nghị định" trong tiêu đề: kiểm tra lại; một trong (mã hoặc tên ' \
           'tiếng Việt): constitution (Hiến pháp), code (Bộ luật), law (Luật)' in text
    assert "audience: [central, provincial]  # một hoặc nhiều trong: central (Trung ương), " \
           "provincial (Cấp tỉnh), commune (Cấp xã)\n" in text


def test_new_marks_an_unknown_type_to_fill_in(tree):
    from scripts.new import create
    create("legal-update", "Văn bản mẫu", None, tree / "docs", tree / "mkdocs.yml")
    path = "docs/legal/van-ban-mau.vi.md"
    text = (tree / path).read_text(encoding="utf-8")
    assert 'doc_type: "CẦN ĐIỀN"  # một trong (mã hoặc tên tiếng Việt): constitution (Hiến pháp)' in text
    placeholders = {p.message.split("'")[1] for p in run(tree) if p.rule == "placeholder" and p.path == path}
    assert {"doc_number", "doc_type", "issuer", "signer", "issued", "effective", "source_url", "sources"} <= placeholders


def test_new_guesses_from_the_number_when_the_title_has_no_type_word(tree):
    from scripts.new import guess_doc_type
    assert guess_doc_type("Về phòng, chống mua bán người", "43/2021/TT-BCA") == ("circular", "dạng số ký hiệu 43/2021/TT-BCA")
    assert guess_doc_type("Nghị quyết liên tịch 01/2016", None)[0] == "joint-resolution"
    assert guess_doc_type("Về trẻ em", "102/2016/QH13") == (None, "")  # a law, a code or a resolution: unsure


OWNERS = """default: ["@example-org/editors"]
owners:
  Ban biên tập: ["@example-org/legal-team"]
  Nhóm đường dây nóng: ["@example-org/hotline-team"]
paths:
  /scripts/: ["@example-org/tech"]
folders:
  docs/: Ban biên tập
"""


def codeowners_repo(tree):
    import subprocess

    from scripts.cli import main
    subprocess.run(["git", "init", "-q", str(tree)], check=True)
    (tree / "data").mkdir()
    (tree / "data/owners.yml").write_text(OWNERS, encoding="utf-8")
    assert main(["codeowners", "--docs", str(tree / "docs"), "--write"]) == 0
    return (tree / ".github/CODEOWNERS").read_text(encoding="utf-8")


def test_codeowners_holds_folder_rules_and_no_line_per_ordinary_page(tree):
    text = codeowners_repo(tree)
    assert text == (tree / "CODEOWNERS").read_text(encoding="utf-8")
    assert "* @example-org/editors\n" in text and "/scripts/ @example-org/tech\n" in text
    assert "# owner: Ban biên tập\n/docs/ @example-org/legal-team\n" in text
    assert ".*.md" not in text  # every page has its folder's owner: no page line
    assert run(tree) == []


def test_a_page_copied_with_the_folders_owner_changes_nothing(tree):
    from scripts.checks import codeowners
    from scripts.model.tree import load_tree
    before = codeowners_repo(tree)
    for lang in ("vi", "en"):  # a web editor copies a page: no command run
        text = (tree / f"docs/legal/luat-cu.{lang}.md").read_text(encoding="utf-8")
        (tree / f"docs/legal/luat-khac.{lang}.md").write_text(text.replace("id: luat-cu", "id: luat-khac"),
                                                               encoding="utf-8")
    edit(tree, "mkdocs.yml", "      - legal/luat-cu.md\n", "      - legal/luat-cu.md\n      - legal/luat-khac.md\n")
    assert [p for p in run(tree) if p.rule == "codeowners-stale"] == []
    assert codeowners.expected(load_tree(tree / "docs"))[1] == before  # --write would change nothing
    (tree / "docs/legal/luat-cu.vi.md").rename(tree / "docs/luat-cu.vi.md")  # moved: still the folder's owner
    (tree / "docs/legal/luat-cu.en.md").rename(tree / "docs/luat-cu.en.md")
    assert codeowners.expected(load_tree(tree / "docs"))[1] == before


def test_a_page_with_another_owner_is_reported_on_its_owner_line_with_the_line_to_add(tree):
    from scripts.cli import main
    codeowners_repo(tree)
    for rel in ("docs/hotlines.vi.md", "docs/hotlines.en.md"):
        edit(tree, rel, "owner: Ban biên tập", "owner: Nhóm đường dây nóng")
    assert lines(tree) == [
        f"docs/hotlines.vi.md:{line_of(tree, 'docs/hotlines.vi.md', 'owner:')}: [codeowners-stale] "
        ".github/CODEOWNERS và CODEOWNERS thiếu dòng '/docs/hotlines.*.md @example-org/hotline-team' (owner "
        "'Nhóm đường dây nóng' của trang này khác người duyệt của thư mục); thêm đúng dòng đó vào cuối tệp (sửa "
        "được ngay trên web), hoặc chạy 'python -m scripts codeowners --write' rồi commit tệp cùng thay đổi"]
    # the line added by hand at the end of both files (a web editor's fix) is enough
    for rel in (".github/CODEOWNERS", "CODEOWNERS"):
        path = tree / rel
        path.write_text(path.read_text(encoding="utf-8") + "/docs/hotlines.*.md @example-org/hotline-team\n",
                        encoding="utf-8")
    assert run(tree) == []
    assert main(["codeowners", "--docs", str(tree / "docs"), "--write"]) == 0
    text = (tree / "CODEOWNERS").read_text(encoding="utf-8")
    assert "# owner: Nhóm đường dây nóng\n/docs/hotlines.*.md @example-org/hotline-team\n" in text
    assert run(tree) == []
    for rel in ("docs/hotlines.vi.md", "docs/hotlines.en.md"):  # an owner not in owners.yml
        edit(tree, rel, "owner: Nhóm đường dây nóng", "owner: Nhóm mới")
    main(["codeowners", "--docs", str(tree / "docs"), "--write"])
    assert "# owner 'Nhóm mới' chưa có trong data/owners.yml: người duyệt mặc định\n" \
           "/docs/hotlines.*.md @example-org/editors\n" in (tree / "CODEOWNERS").read_text(encoding="utf-8")


def test_a_rule_of_owners_yml_missing_from_the_file_is_reported_on_the_file(tree):
    codeowners_repo(tree)
    edit(tree, "CODEOWNERS", "/scripts/ @example-org/tech\n", "")
    (p,) = run(tree)
    assert (p.path, p.line, p.rule) == ("CODEOWNERS", 1, "codeowners-stale")
    assert "'/scripts/ @example-org/tech'" in p.message


def test_codeowners_write_refuses_while_a_page_does_not_parse(tree, capsys):
    from scripts.cli import main
    before = codeowners_repo(tree)
    edit(tree, "docs/hotlines.vi.md", "title: Đường dây nóng", "title: Đường dây: nóng")
    assert main(["codeowners", "--docs", str(tree / "docs"), "--write"]) == 1
    assert "docs/hotlines.vi.md" in capsys.readouterr().err
    assert (tree / "CODEOWNERS").read_text(encoding="utf-8") == before


def test_real_codeowners_is_current():
    from pathlib import Path

    from scripts.checks import codeowners
    from scripts.model.tree import load_tree
    root = Path(__file__).resolve().parent.parent
    _, text = codeowners.expected(load_tree(root / "docs", bodies=False))
    assert (root / ".github/CODEOWNERS").read_text(encoding="utf-8") == text
    assert "VÍ DỤ — EXAMPLES" in (root / "data/owners.yml").read_text(encoding="utf-8")


def test_reference_covers_every_rule_and_every_field():
    from scripts.checks.rules import RULE_HELP, RULES
    from scripts.model.registry import FIELDS
    from scripts.render import reference
    assert set(RULE_HELP) == set(RULES)
    messages = reference.check_messages("vi")
    for rule in RULES:
        assert f"| `{rule}` |" in messages and f"[{rule}]" in messages
    fields = reference.field_reference("vi")
    for name in FIELDS:
        assert f"| `{name}` |" in fields
    assert "`decree` (Nghị định)" in fields and "`central` (Trung ương)" in fields
    assert "```yaml\n---\nid: luat-tre-em-2016\ntype: legal-update\n" in fields


def test_reference_markers_expand_in_both_languages(tree):
    from scripts.model.tree import load_tree
    from scripts.render import reference
    md = "<!-- field-reference -->\n<!-- check-messages -->\n<!-- translation-coverage -->\n<!-- section-owners -->"
    for lang, word in (("vi", "Bắt buộc"), ("en", "Required")):
        out = reference.expand(md, lang, load_tree(tree / "docs"))
        assert "<!--" not in out and word in out


@pytest.mark.slow
def test_built_guide_has_the_generated_reference(site):
    for prefix in ("", "en/"):
        page = (site / prefix / "contributing/reference/index.html").read_text(encoding="utf-8")
        assert "codeowners-stale" in page and "Nghị định" in page and "field-reference" not in page
        guide = (site / prefix / "contributing/index.html").read_text(encoding="utf-8")
        assert "translation-coverage" not in guide and "Ban biên tập Sổ tay" in guide


def test_a_page_listed_in_not_in_nav_is_not_reported(tree):
    (tree / "docs/ref.vi.md").write_text(FILES["docs/hotlines.vi.md"].replace("id: duong-day-nong", "id: ref"),
                                         encoding="utf-8")
    (tree / "docs/ref.en.md").write_text(FILES["docs/hotlines.en.md"].replace("id: duong-day-nong", "id: ref"),
                                         encoding="utf-8")
    assert [p.rule for p in run(tree)] == ["not-in-nav"]
    config = tree / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\nnot_in_nav: |\n  /ref.*.md\n", encoding="utf-8")
    assert run(tree) == []


def test_new_module_leaves_the_minutes_to_the_editor(tree):
    from scripts.new import create
    create("module", "Bài mới", None, tree / "docs", None)
    text = (tree / "docs/modules/bai-moi.vi.md").read_text(encoding="utf-8")
    assert 'teaching: "CẦN ĐIỀN"  # số phút giảng, ví dụ 30\n' in text
    from scripts import checks
    problems = checks.run(tree / "docs", root=tree, today=TODAY)
    assert {p.message.split("'")[1] for p in problems if p.rule == "placeholder"
            and p.path == "docs/modules/bai-moi.vi.md"} == {"objectives", "key_points", "teaching", "exercises",
                                                            "sources"}


@pytest.mark.parametrize("old, bad", [("title: Luật cũ", "title: Luật cũ: sửa đổi"),
                                      ("issuer: Quốc hội", "\tissuer: Quốc hội")])
def test_one_yaml_typo_prints_exactly_one_line(tree, bad, old):
    """In a repository with CODEOWNERS, revision notes on both files and a relation pointing at the
    page: the unparsed page gives its [yaml-syntax] line and nothing else (no codeowners, no revision
    notes on the English file, no unknown target on the page that relates to it)."""
    import subprocess

    from test_check import _cli
    codeowners_repo(tree)
    for rel, note in (("docs/legal/luat-cu.vi.md", 'revisions:\n  - {revision: 1, date: "2026-01-15", note: "Đăng."}\n'),
                      ("docs/legal/luat-cu.en.md", 'revisions:\n  - {revision: 1, note: "Published."}\n')):
        edit(tree, rel, "sources:", note + "sources:")
    assert run(tree) == []
    edit(tree, "docs/legal/luat-cu.vi.md", old, bad)
    result = _cli("check", "--docs", "docs", "--config", "mkdocs.yml", cwd=tree)
    at = line_of(tree, "docs/legal/luat-cu.vi.md", bad.strip())
    assert result.returncode == 1
    (line,) = result.stdout.splitlines()
    assert line.startswith(f"docs/legal/luat-cu.vi.md:{at}: [yaml-syntax] ")
    subprocess.run(["git", "-C", str(tree), "add", "."], check=True)
    subprocess.run(["git", "-C", str(tree), "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit",
                    "-qm", "x"], check=True)
    changed = _cli("i18n", "changed", "--base", "HEAD", "--docs", "docs", cwd=tree)
    assert changed.stdout == "" and changed.returncode == 0, changed.stdout + changed.stderr


@pytest.mark.parametrize("title, number, wanted", [
    ("Nghị định 56/2017/NĐ-CP quy định chi tiết một số điều của Luật Trẻ em", None, "nd-56-2017"),
    ("Quyết định 1863/QĐ-TTg năm 2019 phê duyệt Kế hoạch hành động", None, "qd-1863-2019-ttg"),
    ("Nghị quyết hướng dẫn Điều 150", "02/2019/NQ-HĐTP", "nq-02-2019-hdtp"),
    ("Nghị quyết về phòng, chống xâm hại trẻ em", "121/2020/QH14", "nq-121-2020-qh14"),
    ("Thông tư 43/2021/TT-BCA", None, "tt-43-2021-bca"),
])
def test_new_proposes_a_short_id_from_the_document_number(title, number, wanted):
    from scripts.new import propose_id
    assert propose_id("legal-update", title, number)[0] == wanted


def test_new_says_where_the_short_id_comes_from_and_the_short_link_stays_short(tree):
    from test_check import _cli
    title = "Nghị định 56/2017/NĐ-CP quy định chi tiết một số điều của Luật Trẻ em"
    result = _cli("new", "legal-update", "--title", title, "--docs", "docs", "--config", "mkdocs.yml", cwd=tree)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == (
        "id: nd-56-2017 (từ số ký hiệu 56/2017/NĐ-CP; là đường dẫn ngắn và mã QR của trang; muốn id khác thì chạy "
        "lại với --id)")
    assert (tree / "docs/legal/nd-56-2017.vi.md").exists() and (tree / "docs/legal/nd-56-2017.en.md").exists()
    guidance = _cli("new", "guidance", "--title", "Hướng dẫn mới", "--docs", "docs", "--config", "", cwd=tree)
    assert "id: huong-dan-moi (từ tiêu đề;" in guidance.stdout, guidance.stderr


def test_a_page_made_by_new_needs_no_codeowners_change(tree):
    from scripts.new import create
    before = codeowners_repo(tree)
    create("legal-update", "Nghị định 56/2017/NĐ-CP về trẻ em", None, tree / "docs", tree / "mkdocs.yml")
    assert not [p for p in run(tree) if p.rule == "codeowners-stale"]
    from scripts.cli import main
    assert main(["codeowners", "--docs", str(tree / "docs"), "--write"]) == 0
    assert (tree / "CODEOWNERS").read_text(encoding="utf-8") == before
