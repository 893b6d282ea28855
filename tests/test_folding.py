"""scripts/model/folding.py on a table of Vietnamese spellings: the five tones on every vowel
quality (a ă â e ê i o ô ơ u ư y), đ/Đ, NFD input, uppercase, old/new tone placement."""
from __future__ import annotations

import unicodedata

import pytest

from scripts.model import folding

NFD = lambda s: unicodedata.normalize("NFD", s)  # noqa: E731

# word -> (fold, tone_key)
TABLE = [
    # the five tones (and none) on plain a
    ("ma", "ma", "ma"), ("mà", "ma", "ma`"), ("má", "ma", "ma'"), ("mã", "ma", "ma~"),
    ("mả", "ma", "ma?"), ("mạ", "ma", "ma."),
    # ă â: vowel quality kept by tone_key, dropped by fold
    ("ăn", "an", "ăn"), ("ằn", "an", "ăn`"), ("ắn", "an", "ăn'"), ("ẵn", "an", "ăn~"), ("ẳn", "an", "ăn?"),
    ("ặn", "an", "ăn."),
    ("ân", "an", "ân"), ("ần", "an", "ân`"), ("ấn", "an", "ân'"), ("ẫn", "an", "ân~"), ("ẩn", "an", "ân?"),
    ("ận", "an", "ân."),
    # e ê
    ("chè", "che", "che`"), ("ché", "che", "che'"), ("chẽ", "che", "che~"), ("chẻ", "che", "che?"),
    ("chẹ", "che", "che."),
    ("bề", "be", "bê`"), ("bế", "be", "bê'"), ("bễ", "be", "bê~"), ("bể", "be", "bê?"), ("bệ", "be", "bê."),
    # i y
    ("kì", "ki", "ki`"), ("kí", "ki", "ki'"), ("kĩ", "ki", "ki~"), ("kỉ", "ki", "ki?"), ("kị", "ki", "ki."),
    ("kỳ", "ky", "ky`"), ("ký", "ky", "ky'"), ("kỹ", "ky", "ky~"), ("kỷ", "ky", "ky?"), ("kỵ", "ky", "ky."),
    # o ô ơ
    ("tò", "to", "to`"), ("tó", "to", "to'"), ("tõ", "to", "to~"), ("tỏ", "to", "to?"), ("tọ", "to", "to."),
    ("tồ", "to", "tô`"), ("tố", "to", "tô'"), ("tỗ", "to", "tô~"), ("tổ", "to", "tô?"), ("tộ", "to", "tô."),
    ("mờ", "mo", "mơ`"), ("mớ", "mo", "mơ'"), ("mỡ", "mo", "mơ~"), ("mở", "mo", "mơ?"), ("mợ", "mo", "mơ."),
    # u ư
    ("tù", "tu", "tu`"), ("tú", "tu", "tu'"), ("tũ", "tu", "tu~"), ("tủ", "tu", "tu?"), ("tụ", "tu", "tu."),
    ("từ", "tu", "tư`"), ("tứ", "tu", "tư'"), ("tữ", "tu", "tư~"), ("tử", "tu", "tư?"), ("tự", "tu", "tư."),
    # đ / Đ and whole words
    ("đường", "duong", "đương`"), ("Đường", "duong", "đương`"), ("ĐIỀU", "dieu", "điêu`"),
    ("điều", "dieu", "điêu`"), ("xâm", "xam", "xâm"), ("hại", "hai", "hai."), ("trẻ", "tre", "tre?"),
    ("nóng", "nong", "nong'"), ("dây", "day", "dây"),
    # uppercase
    ("XÂM", "xam", "xâm"), ("Trẻ", "tre", "tre?"), ("QH13", "qh13", "qh13"),
]

# old and new tone placement write the same word
SAME = [("hoà", "hòa"), ("thuỷ", "thủy"), ("khoẻ", "khỏe"), ("uỷ", "ủy"), ("Uỷ", "ủy"), ("hoá", "hóa"),
        ("quỳ", "quỳ"), ("thoả", "thỏa"), ("tuỳ", "tùy")]
# ...but different letters or tones stay apart
DIFFERENT = [("mã", "ma"), ("mã", "mà"), ("ma", "mâ"), ("tơ", "tô"), ("tư", "tu"), ("đa", "da"), ("hoà", "hoả")]


@pytest.mark.parametrize("word,folded,key", TABLE)
def test_fold_and_tone_key(word, folded, key):
    assert folding.fold(word) == folded
    assert folding.tone_key(word) == key
    # the same word typed or pasted decomposed (NFD) gives the same keys
    assert folding.fold(NFD(word)) == folded
    assert folding.tone_key(NFD(word)) == key


@pytest.mark.parametrize("a,b", SAME)
def test_tone_placement_variants_share_a_key(a, b):
    assert folding.tone_key(a) == folding.tone_key(b)
    assert folding.tone_key(NFD(a)) == folding.tone_key(b)
    assert folding.fold(a) == folding.fold(b)
    assert folding.same_text(f"Ban {a}", f"ban {b}")


@pytest.mark.parametrize("a,b", DIFFERENT)
def test_different_words_keep_different_keys(a, b):
    assert folding.tone_key(a) != folding.tone_key(b)


def test_fold_sentence_and_nfd():
    text = "Phòng, chống XÂM HẠI trẻ em — Đường dây nóng 111"
    assert folding.fold(text) == "phong, chong xam hai tre em — duong day nong 111"
    assert folding.fold(NFD(text)) == folding.fold(text)
    assert folding.words(NFD("Đường dây nóng")) == ["Đường", "dây", "nóng"]


def test_compounds_join_document_numbers():
    assert folding.compounds("Luật Trẻ em 102/2016/QH13") == ["1022016qh13"]
    assert folding.compounds("Nghị định 56/2017/NĐ-CP quy định") == ["562017ndcp"]
    assert folding.compounds(NFD("Quyết định 1863/QĐ-TTg")) == ["1863qdttg"]
    assert folding.compounds("Điều 151. Tội mua bán người") == []
    assert folding.compounds("no numbers here") == []


def test_nfc():
    assert folding.nfc(NFD("Điều")) == "Điều"
    assert folding.is_nfc("Điều") and not folding.is_nfc(NFD("Điều"))
