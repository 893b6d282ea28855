"""Reading Telex and VNI typed with the Vietnamese input method switched off.

"xaam haij tre em" -> "xâm hại trẻ em", "dduwowngf daay" -> "đường dây",
"xa6m ha5i" -> "xâm hại". A word is decoded only into a valid Vietnamese syllable
(initial consonant, vowel nucleus, final consonant, at most one tone), so English
words and numbers ("class", "issue", "2016") are left alone.

The search worker (overrides/assets/search/worker.js) has a JavaScript port of this
module; tests/test_search_telex.py checks that both agree on a table of inputs.
"""
from __future__ import annotations

import re
import unicodedata

INITIALS = ("ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr",
            "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "q", "r", "s", "t", "v", "x", "")
FINALS = ("ng", "nh", "ch", "c", "m", "n", "p", "t", "")
# Vowel nuclei with their semivowel endings (the rhyme minus the final consonant).
NUCLEI = set("""a ă â e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi oo ua uâ uê ui uô uơ
uy ưa ưi ươ ưu yê iêu oai oao oay oeo uây uôi uya uyê uyu ươi ươu yêu""".split())
OPEN_NUCLEI_NEED_FINAL = {"ă", "â", "iê", "uô", "ươ", "yê", "uyê", "oă", "uâ"}
ENDS_IN_SEMIVOWEL = ("i", "y", "o", "u")
VOWELS = "aăâeêioôơuưy"

TELEX_TONES = {"s": "\u0301", "f": "\u0300", "r": "\u0309", "x": "\u0303", "j": "\u0323"}
VNI_TONES = {"1": "\u0301", "2": "\u0300", "3": "\u0309", "4": "\u0303", "5": "\u0323"}
CIRCUMFLEX = {"a": "â", "e": "ê", "o": "ô"}
BREVE = {"a": "ă"}
HORN = {"o": "ơ", "u": "ư"}
_ASCII_WORD = re.compile(r"^[a-z0-9]+$")
_TOKEN = re.compile(r"\S+")


def _parts(word: str) -> tuple[str, str, str] | None:
    """(initial, vowels, rest) of a word, without judging the vowels or the rest."""
    for ini in INITIALS:
        if not word.startswith(ini):
            continue
        rest = word[len(ini):]
        if ini == "gi" and (not rest or rest[0] not in VOWELS):
            ini, rest = "g", "i" + rest  # "gì", "gìn"
        if ini == "qu" and not rest:
            continue
        m = re.match(rf"^([{VOWELS}]+)(.*)$", rest)
        if m:
            return ini, m.group(1), m.group(2)
    return None


def _valid(ini: str, nucleus: str, final: str) -> bool:
    if final not in FINALS or nucleus not in NUCLEI:
        return False
    if not final and nucleus in OPEN_NUCLEI_NEED_FINAL:
        return False
    if final and len(nucleus) > 1 and nucleus.endswith(ENDS_IN_SEMIVOWEL) and nucleus not in (
            "oa", "oă", "uâ", "uê", "uy", "iê", "yê", "uô", "ươ", "uyê", "oo", "oe", "ua", "uơ"):
        return False  # "aim" is not a rhyme
    if ini in ("k", "gh", "ngh") and nucleus[0] not in "eêiy":
        return False
    if ini in ("c", "ng") and nucleus[0] in "eêi":
        return False
    return True


def _split(word: str) -> tuple[str, str, str] | None:
    """(initial, nucleus, final) of a valid plain syllable, or None."""
    parts = _parts(word)
    return parts if parts and _valid(*parts) else None


def _tone_position(nucleus: str, final: str) -> int:
    for i, c in enumerate(nucleus):
        if c in "ăâêôơư":
            j = i
            if nucleus[i:i + 2] == "ươ":
                j = i + 1
            return j
    if final or len(nucleus) == 1:
        return len(nucleus) - 1
    if nucleus in ("oa", "oe", "uy"):
        return 1
    return 0 if len(nucleus) == 2 else 1


def _apply(letters: str, tone: str, quality: str) -> str | None:
    """Letters of a syllable + tone mark + vowel mark ("^", "(", "+") -> the syllable, or None."""
    parts = _parts(letters)
    if parts is None:
        return None
    ini, nucleus, final = parts
    if quality == "^":
        idx = [i for i, c in enumerate(nucleus) if c in CIRCUMFLEX]
        if not idx:
            return None
        i = idx[-1]
        nucleus = nucleus[:i] + CIRCUMFLEX[nucleus[i]] + nucleus[i + 1:]
    elif quality == "(":
        if "a" not in nucleus:
            return None
        i = nucleus.index("a")
        nucleus = nucleus[:i] + "ă" + nucleus[i + 1:]
    elif quality == "+":
        if "uo" in nucleus:
            nucleus = nucleus.replace("uo", "ươ", 1)
        elif "o" in nucleus:
            nucleus = nucleus.replace("o", "ơ", 1)
        elif "u" in nucleus:
            nucleus = nucleus.replace("u", "ư", 1)
        else:
            return None
    if not _valid(ini, nucleus, final):
        return None
    if tone:
        if final in ("c", "ch", "p", "t") and tone not in ("\u0301", "\u0323"):
            return None  # a checked syllable takes only sắc or nặng
        pos = _tone_position(nucleus, final)
        nucleus = nucleus[:pos + 1] + tone + nucleus[pos + 1:]
    return unicodedata.normalize("NFC", ini + nucleus + final)


def decode_word(word: str) -> str | None:
    """One word typed as Telex or VNI -> the Vietnamese syllable, or None if it is not one."""
    w = word.lower()
    if not _ASCII_WORD.match(w) or not re.search("[a-z]", w):
        return None
    if re.search("[0-9]", w):
        return _vni(w)
    return _telex(w)


def _vni(w: str) -> str | None:
    if not re.match(r"^[a-z][a-z0-9]*$", w):
        return None
    quality: str | None
    tone, quality, letters = "", "", ""
    for _i, c in enumerate(w):
        if c.isdigit():
            if c in VNI_TONES:
                if tone:
                    return None
                tone = VNI_TONES[c]
            elif c == "6":
                quality = quality or "^"
            elif c == "7":
                quality = "+" if quality in ("", "+") else None
            elif c == "8":
                quality = "(" if quality in ("", "(") else None
            elif c == "9":
                if not letters.endswith("d") or len(letters) != 1:
                    return None
                letters = "đ"
            else:
                return None
            if quality is None:
                return None
        else:
            letters += c
    if not (tone or quality or letters.startswith("đ")):
        return None
    return _apply(letters, tone, quality)


def _telex(w: str) -> str | None:
    letters, tone, quality = w, "", ""
    if letters.startswith("dd"):
        letters = "đ" + letters[2:]
    # the initial consonants, then the rest: tone keys (s f r x j) are never finals
    m = re.match(r"^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|đ|[bcdghklmnpqrstvx])?(.*)$", letters)
    assert m is not None  # the pattern matches any text
    ini, rest = m.group(1) or "", m.group(2)
    out = ""
    for c in rest:
        if c in TELEX_TONES and (any(v in out for v in "aeiouyw") or ini == "gi"):
            if tone:
                return None
            tone = TELEX_TONES[c]
        else:
            out += c
    if "w" in out:
        first = out.index("w")
        before = [c for c in out[:first] if c in "aou"]
        if not before:
            out = out[:first] + "u" + out[first + 1:]  # "w" alone types "ư"
            quality = "+"
        else:
            quality = "(" if before[-1] == "a" else "+"
        out = out.replace("w", "")
    for double in ("aa", "ee", "oo"):
        if double in out:
            if quality:
                return None
            out = out.replace(double, double[0], 1)
            quality = "^"
    if not (tone or quality or ini == "đ"):
        return None
    return _apply(ini + out, tone, quality)


def decode(query: str) -> str | None:
    """The query read as Telex/VNI ("xaam haij tre em" -> "xâm hại trẻ em"), or None when no
    word of it decodes. Words that do not decode are kept as typed."""
    words = _TOKEN.findall(query)
    out, changed = [], False
    for w in words:
        d = decode_word(w)
        if d is not None and d != w.lower():
            out.append(d)
            changed = True
        else:
            out.append(w.lower())
    return " ".join(out) if changed else None
