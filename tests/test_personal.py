"""scripts/model/personal.py: personal data found in any text, without a roster."""
from __future__ import annotations

import pytest
from conftest import ROOT
from test_check import edit, line_of, only, run, tree  # noqa: F401  (the check's fixture site)

from scripts import checks
from scripts.model import personal

ALLOWED = personal.load_allowed()


@pytest.mark.parametrize("text, value", [
    ("gọi 0900 000 042 nhé", "0900 000 042"),
    ("0900.000.042", "0900.000.042"),
    ("090-000-0042", "090-000-0042"),
    ("(024) 3826 1234", "(024) 3826 1234"),
    ("+84 900 000 042", "+84 900 000 042"),
    ("+84 (0) 900 000 042", "+84 (0) 900 000 042"),
    ("0084900000042", "0084900000042"),
    ("84900000042", "84900000042"),
    ("tel:+84900000042", "+84900000042"),
    ("0162 123 4567", "0162 123 4567"),  # the pre-2018 eleven-digit form
    ("Mã 12 0900 000 042", "0900 000 042"),  # after another number
    ("０９００ ０００ ０４２", "0900 000 042"),  # full-width digits
    ("09\u200b00\u200c000042", "0900000042"),  # zero-width characters
    ("&#48;900&#x30;00042", "0900000042"),  # HTML entities
    ("\\u0030900000042", "0900000042"),  # JSON / JS escapes
    ("1900 1234", "1900 1234"),  # a service number not on the allow list
])
def test_a_phone_in_any_spelling_is_found(text, value):
    found = personal.find(text, ALLOWED)
    assert [(f.kind, f.value) for f in found] == [("phone", value)]
    assert found[0].key.startswith("+84")


@pytest.mark.parametrize("text", [
    "2026-11-29", "102/2016/QH13", "1022016qh13", "56/2017/NĐ-CP", "version 0.1.2", "1.0900000042",
    'M12 2A10 10 0 0 0 2 12a10 10 0 0 0 10 10', 'viewBox="0 0 360 84"', "012345678901234",
    "Tổng đài 111, Cảnh sát 113", "gọi 1800 1567", "2026-11-29T20:27:00+07:00", "0.5rem 0.25 10 20 30 40",
    "coverage 74.8% (16/23)", "#a0900000042", "Hello World", '"p-h.0793136603.json"', "bundle.0912345678.min.js",
    "manifest.json?v=0912345678",
])
def test_what_is_not_a_phone_or_is_allowed(text):
    assert personal.find(text, ALLOWED) == []


@pytest.mark.parametrize("text, key", [
    ("bcv00042@example.invalid", "bcv00042@example.invalid"),
    ("Ngoc.Tran@Example.VN", "ngoc.tran@example.vn"),
    ("ngoc [at] example [dot] vn", "ngoc@example.vn"),
    ("ngoc(a)example.vn", "ngoc@example.vn"),
    ("ngoc (at) example (dot) com", "ngoc@example.com"),
    ("ngoc @ example . vn", "ngoc@example.vn"),
    ("ngoc at example dot vn", "ngoc@example.vn"),
    ("ngoc [a còng] example [chấm] vn", "ngoc@example.vn"),
    ("ngoc＠example．vn", "ngoc@example.vn"),
    ("ngoc&#64;example&period;vn", "ngoc@example.vn"),
    ("mailto:ngoc%40example.vn", "ngoc@example.vn"),
])
def test_an_email_in_any_spelling_is_found(text, key):
    found = personal.find(text, ALLOWED)
    assert [(f.kind, f.key) for f in found] == [("email", key)]


@pytest.mark.parametrize("text", ["look at this", "@media screen", "meet at noon", "a (b) c.d",
                                  "martin.donath@squidfunk.com"])
def test_what_is_not_an_email_or_is_allowed(text):
    assert personal.find(text, ALLOWED) == []


def test_a_full_name_next_to_a_contact_is_found_at_its_offset():
    text = "Liên hệ Trần Thị Bích Ngọc, 0900 000 042. Tổng đài 111."
    found = personal.find(text, ALLOWED)
    assert [(f.kind, f.value, f.offset) for f in found] == [("name", "Trần Thị Bích Ngọc", 8),
                                                            ("phone", "0900 000 042", 28)]
    assert personal.kinds(found) == ["số điện thoại", "họ tên"]
    assert personal.find("Trần Thị Bích Ngọc ký ngày 01/01/2026", ALLOWED) == []  # a name alone is not


def test_offsets_are_those_of_the_original_text():
    text = "x &#48;900 000 042 y ngoc&#64;example.vn"
    found = personal.find(text)
    assert [text[f.offset:f.offset + 6] for f in found] == ["&#48;9", "ngoc&#"]


def test_the_allow_list_is_checked_and_an_unknown_entry_is_refused():
    allowed = personal.allowed_from({"phones": [{"number": "024 3826 1234"}, "111"],
                                     "emails": [{"address": "lienhe@bocongan.gov.vn"}]})
    assert personal.find("(024) 3826-1234, +84 24 3826 1234, LienHe@BoCongAn.gov.vn", allowed) == []
    with pytest.raises(personal.AllowListError):
        personal.allowed_from({"phones": ["12345678"]})
    with pytest.raises(personal.AllowListError):
        personal.allowed_from({"emails": ["not an address"]})


def test_masked_values_do_not_repeat_the_value():
    assert personal.masked("0900 000 042") == "09••••••••42"


# --------------------------------------------------------------------------- the content check



@pytest.mark.parametrize("old, new, needle, where", [
    ("signer: Người Ký Mẫu", "signer: Người Ký Mẫu (0912 345 678)", "signer:", "trường 'signer'"),
    ("signer: Người Ký Mẫu", 'signer: "Nguyễn Văn An, an.nguyen [at] example [dot] vn"', "signer:", "trường 'signer'"),
    ("signer: Người Ký Mẫu", 'signer: "Người Ký Mẫu &#48;912&#32;345&#32;678"', "signer:", "trường 'signer'"),
])
def test_a_phone_or_email_in_front_matter_is_refused_at_its_line(tree, old, new, needle, where):
    edit(tree, "docs/legal/luat-mau.vi.md", old, new)
    [p] = only(run(tree), "personal-data")
    assert (p.path, p.line) == ("docs/legal/luat-mau.vi.md", line_of(tree, "docs/legal/luat-mau.vi.md", needle))
    assert p.message.startswith(where) and "0912 345 678" not in p.message and "an.nguyen" not in p.message


def test_a_phone_in_the_body_is_refused_at_its_line_with_the_name_next_to_it(tree):
    path = tree / "docs/legal/luat-mau.vi.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nLiên hệ Trần Thị Bích Ngọc: ０９１２ ３４５ ６７８.\n",
                    encoding="utf-8")
    [p] = only(run(tree), "personal-data")
    assert p.line == line_of(tree, "docs/legal/luat-mau.vi.md", "Liên hệ")
    assert p.message.startswith("nội dung trang có số điện thoại, họ tên của một người")


def test_the_allow_list_is_honoured(tree):
    path = tree / "docs/legal/luat-mau.vi.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nGọi 111, 113 hoặc 1800 1567; hỏi 0243 826 1234.\n",
                    encoding="utf-8")
    assert [p.rule for p in run(tree)] == ["personal-data"]  # the landline is not on the list
    (tree / "data").mkdir(exist_ok=True)
    (tree / "data" / "public-contacts.yml").write_text(
        'phones:\n  - {number: "1800 1567"}\n  - {number: "024 3826 1234", name: Văn phòng}\n', encoding="utf-8")
    assert run(tree) == []
    (tree / "data" / "public-contacts.yml").write_text('phones:\n  - {number: "12"}\n  - "999"\n  - "12 34 56"\n',
                                                       encoding="utf-8")
    assert [(p.path, p.rule) for p in run(tree)] == [("data/public-contacts.yml", "bad-value")]


def test_the_real_docs_pass_the_personal_data_check():
    problems = checks.run(ROOT / "docs", config_file=ROOT / "mkdocs.yml", root=ROOT)
    assert [p for p in problems if p.rule == "personal-data"] == []
    # …and would not without the allow list: the hotlines page names 1800 1567
    tree_ = checks.load_tree(ROOT / "docs")
    assert any(personal.find(p.text) for p in tree_.pages if p.rel.startswith("hotlines"))
