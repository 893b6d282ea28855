"""Vietnamese text normalisation: NFC, accent folding, tone-placement-free keys, slugs.

Plain Python, no MkDocs: the checks, the search index and the acknowledgement
importer all compare Vietnamese text through these functions, so "hoà" and
"hòa", NFC and NFD, "Đường" and "duong" meet in exactly one place.
"""
from __future__ import annotations

import re
import unicodedata

# The five Vietnamese tone marks as combining characters. The vowel-quality
# marks (circumflex U+0302, breve U+0306, horn U+031B) are not tones: "â" and
# "a" are different letters, "à" and "a" the same letter with another tone.
TONE_MARKS = {
    "\u0300": "`",  # huyền
    "\u0301": "'",  # sắc
    "\u0303": "~",  # ngã
    "\u0309": "?",  # hỏi
    "\u0323": ".",  # nặng
}

_WORD = re.compile(r"\w+", re.UNICODE)
# A document number or a code: letters and digits joined by / - . ("102/2016/QH13",
# "56/2017/NĐ-CP"). Indexed also as one token without the separators, so a reader
# who types "1022016qh13" or "56 2017 nd cp" still finds it.
# (\b and possessive \w++: a match starts at a word's start and takes whole words, so a long word
# costs one pass, not one per letter)
_COMPOUND = re.compile(r"\b\w++(?=[/\-.]\w)(?:[/\-.]\w++)+", re.UNICODE)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def is_nfc(text: str) -> bool:
    return unicodedata.is_normalized("NFC", text)


def fold(text: str) -> str:
    """Lowercase, strip every diacritic, and map đ to d: "Đường dây" -> "duong day"."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.replace("đ", "d").replace("Đ", "d")


def tone_key(word: str) -> str:
    """A key for the exact spelling that ignores where the tone mark sits.

    "hoà" and "hòa" both give "hoa`"; "khoẻ" and "khỏe" both give "khoe?" —
    the old and the new placement rules write the same word. Vowel-quality
    marks are kept, so "mã" ("ma~") and "ma" ("ma") stay apart.
    """
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = "".join(TONE_MARKS[c] for c in decomposed if c in TONE_MARKS)
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONE_MARKS))
    return base + tones


def words(text: str) -> list[str]:
    """The words of a text, NFC, in order (punctuation dropped)."""
    return _WORD.findall(nfc(text))


def compound_spans(text: str) -> list[str]:
    """Document numbers and codes in a text as written: "Số 56/2017/NĐ-CP" -> ["56/2017/NĐ-CP"]."""
    return [m.group(0) for m in _COMPOUND.finditer(nfc(text))]


def compounds(text: str) -> list[str]:
    """Document numbers and codes in a text, folded and joined: "56/2017/NĐ-CP" -> "562017ndcp"."""
    return ["".join(_WORD.findall(fold(span))) for span in compound_spans(text)]


def slugify(value: str, separator: str = "-") -> str:
    """ASCII heading anchor: "Điều 151. Tội mua bán người" -> "dieu-151-toi-mua-ban-nguoi".

    Python-Markdown's default slug drops "Đ" ("ieu-1"); this one folds it to "d",
    so an anchor is predictable from the heading and a trainer can type it.
    """
    folded = fold(value)
    folded = re.sub(r"<[^>]+>", "", folded)  # toc passes rendered HTML for code spans
    return re.sub(r"[^a-z0-9]+", separator, folded).strip(separator)


def same_text(a: str, b: str) -> bool:
    """True when two strings are the same words whatever the normal form or tone placement."""
    return [tone_key(w) for w in words(a)] == [tone_key(w) for w in words(b)]


def loose_key(text: str) -> str:
    """Key for matching headers and names loosely: folded words joined by single spaces."""
    return " ".join(fold(w) for w in words(text))
