"""Personal data in any text, without knowing any roster: phone numbers, e-mail addresses,
and the full names written next to them.

Plain Python, no MkDocs. Used by the content check `[personal-data]` (a person's phone or
e-mail in a page's front matter or body), by the build's output guard (every file of site/,
scripts/acks/privacy.py) and by anything else that must not publish a person's contacts.

What is found (`find(text)` -> [Finding(kind, value, offset)]):
- "phone": a Vietnamese number in any spelling: 0900 000 042, 0900.000.042, 090-000-0042,
  (024) 3826 1234, +84 900 000 042, +84 (0) 900…, 0084…, 84900000042, the pre-2018
  eleven-digit mobile form (0162 …), 1800/1900 service numbers; checked against the
  numbering plan (`phonenumbers`, region VN), so a date, a document number or a number in
  a chart is not a phone.
- "email": an address, also written to fool a scanner: `a [at] b [dot] vn`, `a(a)b.vn`,
  `a (at) b (dot) vn`, `a @ b . vn`, `a at b dot vn`, `a [a còng] b [chấm] vn`.
- "name": a Vietnamese full name (a common family name, then 1–4 capitalised words) within
  a few words of a phone or an e-mail.
Before matching, the text is read as a browser or a spreadsheet would show it: HTML
entities (`&#48;`, `&commat;`), `\\u0030` / `\\x30` / `\\u{30}` escapes and `%40`
percent escapes decoded, zero-width and soft-hyphen characters dropped, full-width and
other Unicode digits (`０９`) and full-width `＠．` read as ASCII.

Not found (the limits, stated in the README): a number split by words or written in words
("không chín…"), a number inside an image, base64 or encrypted data, a name alone.

The allow list (`data/public-contacts.yml`, `load_allowed`) names the published numbers and
official addresses (hotlines 111, 113, 1800 1567…): they are not personal. Offsets are those
of the text given to `find` (the decoding is mapped back).
"""
from __future__ import annotations

import bisect
import html
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import phonenumbers

KINDS = {"phone": "số điện thoại", "email": "địa chỉ e-mail", "name": "họ tên"}
KINDS_EN = {"phone": "phone number", "email": "e-mail address", "name": "full name"}

# --------------------------------------------------------------------------- reading as shown
# Characters a reader never sees: dropped (a zero-width space inside a number hides it from
# a plain scan, not from a reader).
_INVISIBLE = "\u00ad\u180e\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff"
_DECODE = re.compile(
    r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?"  # HTML entities
    r"|\\u\{[0-9a-fA-F]{1,6}\}|\\u[0-9a-fA-F]{4}|\\x[0-9a-fA-F]{2}"  # JS / JSON / Python escapes
    r"|%(?:2[0-9A-Fa-f]|[3-6][0-9A-Fa-f]|7[0-9A-Ea-e])"  # percent escapes of printable ASCII
    "|[" + _INVISIBLE + "]+"
)


_INVISIBLE_ANY = re.compile("[" + _INVISIBLE + "]")
# Length-preserving: full-width ASCII (０９＠．), other dashes, dots and spaces as ASCII.
_FOLD = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_FOLD.update({0xFE6B: ord("@"), 0xFE52: ord("."), 0x3002: ord("."), 0xFF61: ord("."), 0x2024: ord("."),
              0x2010: ord("-"), 0x2011: ord("-"), 0x2012: ord("-"), 0x2013: ord("-"), 0x2014: ord("-"),
              0x2212: ord("-"), 0xFE63: ord("-"), 0x00A0: ord(" "), 0x202F: ord(" "), 0x3000: ord(" "),
              **{c: ord(" ") for c in range(0x2000, 0x200B)}})
_FOLDED = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_FOLD)) + "]")
_OTHER_DIGIT = re.compile(r"(?![0-9])\d")  # a decimal digit of another script: ٣, ३, ３…


def _folded(m: re.Match[str]) -> str:
    return chr(_FOLD[ord(m.group(0))])


def _ascii_digit(m: re.Match[str]) -> str:
    return str(unicodedata.digit(m.group(0)))


def _decode_one(m: re.Match[str]) -> str:
    s = m.group(0)
    if s[0] == "&":
        out = html.unescape(s)
        return out if out != s else s
    if s[0] == "\\":
        digits = s[2:].strip("{}")
        try:
            return chr(int(digits, 16))
        except (ValueError, OverflowError):
            return s
    if s[0] == "%":
        return chr(int(s[1:], 16))
    return ""  # invisible characters


class Shown:
    """A text as shown to a reader, with the way back to offsets of the original."""

    __slots__ = ("text", "_norm", "_orig")

    def __init__(self, raw: str):
        pieces, norm, orig = [], [0], [0]
        last = n = 0
        plain = "&" not in raw and "\\" not in raw and "%" not in raw and not _INVISIBLE_ANY.search(raw)
        for m in () if plain else _DECODE.finditer(raw):
            rep = _decode_one(m)
            if rep == m.group(0):
                continue
            pieces.append(raw[last:m.start()])
            n += m.start() - last
            pieces.append(rep)
            n += len(rep)
            last = m.end()
            norm.append(n)
            orig.append(last)
        pieces.append(raw[last:])
        text = "".join(pieces)
        if not text.isascii():  # both keep the length: offsets stay those of the decoded text
            text = _FOLDED.sub(_folded, text)
            text = _OTHER_DIGIT.sub(_ascii_digit, text)
        self.text = text
        self._norm, self._orig = norm, orig

    def original(self, offset: int) -> int:
        """The offset in the original text of `offset` in the shown text."""
        i = bisect.bisect_right(self._norm, offset) - 1
        return self._orig[i] + max(0, offset - self._norm[i]) if i >= 0 else offset


def shown(raw: str) -> str:
    return Shown(raw).text


# --------------------------------------------------------------------------- phone numbers
# A run of number groups joined by single separators (space, dot, dash), each group digits,
# "+84", "(024)", "(0)" or "(+84)". Every stretch of groups inside a run is tried, so a number
# after other numbers ("Mã 12 0900 000 042") is found; a stretch next to a "." or "-" of the
# same run is a decimal or a range ("1.0900000042"), not a phone.
_GROUP = r"(?:\+84|\(\+?84\)|\(0\)|\(\d{2,4}\)|\d+)"
_RUN = re.compile(r"(?<![A-Za-z0-9_])" + _GROUP + r"(?:[ .\-]?" + _GROUP + r")*")
_TOKEN = re.compile(_GROUP)
MAX_GROUPS = 6  # a number is written in at most six groups (+84 90 000 00 42)
MAX_RUN = 400  # groups of one run looked at (a list of 100,000 numbers is read in pieces)
_NOT_DIGIT = re.compile(r"\D")
# The 2018 renumbering of mobile numbers (eleven digits -> ten), prefixes without the 0.
RENUMBERED_2018 = {**{f"16{d}": f"3{d}" for d in range(2, 10)},
                   "120": "70", "121": "79", "122": "77", "126": "76", "128": "78",
                   "123": "83", "124": "84", "125": "85", "127": "81", "129": "82",
                   "186": "56", "188": "58", "199": "59"}


def phone_key(text: str) -> str | None:
    """The E.164 form (+84…) of a Vietnamese phone number written in `text`, or None when the
    digits are not a valid Vietnamese number (the numbering plan of `phonenumbers`)."""
    written = text.strip()
    digits = _NOT_DIGIT.sub("", written)
    international = written.startswith(("+", "00", "(+", "(84")) or (
        digits.startswith("84") and not written.startswith("0"))
    if international:
        if digits.startswith("0084"):
            digits = digits[4:]
        elif digits.startswith("84"):
            digits = digits[2:]
        else:
            return None
        if "(0)" in written and digits.startswith("0"):
            digits = digits[1:]
        nsn = digits
    elif digits.startswith("0"):
        nsn = digits[1:]
    elif digits.startswith(("1800", "1900")):
        nsn = digits
    else:
        return None
    return _valid(nsn)


@lru_cache(maxsize=1 << 14)
def _valid(nsn: str) -> str | None:
    if not (7 <= len(nsn) <= 11) or nsn.startswith("0"):
        return None
    if len(nsn) == 10 and nsn[:3] in RENUMBERED_2018:
        nsn = RENUMBERED_2018[nsn[:3]] + nsn[3:]
    number = phonenumbers.PhoneNumber(country_code=84, national_number=int(nsn))
    if not phonenumbers.is_valid_number(number):
        return None
    return "+84" + nsn


# Where a phone may be: eight digits or more with short separators between them.
_CANDIDATE = re.compile(r"\d(?:[ .\-()+]{0,3}\d){7,}")  # starts at a digit: the regex engine's fast path
_LEAD = 5  # characters before a candidate that may belong to it: "(+84) ", "+84 (0"


def find_phones(text: str) -> list[tuple[str, int, int, str]]:
    """(written, start, end, key) of every phone number in an already shown text."""
    out = []
    for cand in _CANDIDATE.finditer(text):
        for run in _RUN.finditer(text, max(0, cand.start() - _LEAD), cand.end()):
            if run.end() - run.start() < 8:
                continue
            tokens = [(m.start(), m.end(), _digits(m.group(0))) for m in _TOKEN.finditer(run.group(0))]
            if run.end() < len(text) and (text[run.end()].isalnum() or text[run.end()] == "_"):
                tokens = tokens[:-1]  # the last group is glued to a word
            for lo in range(0, len(tokens), MAX_RUN):
                out += _in_run(text, run.start(), tokens[lo:lo + MAX_RUN + MAX_GROUPS])
    return out


def _digits(token: str) -> int:
    return len(token) if token.isdigit() else sum(c.isdigit() for c in token)


def _in_run(text: str, base: int, tokens: list[tuple[int, int, int]]) -> list[tuple[str, int, int, str]]:
    out, i, n = [], 0, len(tokens)
    while i < n:
        start = base + tokens[i][0]
        if i > 0 and text[start - 1] in ".-":
            i += 1
            continue
        found = None
        for j in range(min(n, i + MAX_GROUPS) - 1, i - 1, -1):  # the longest stretch first
            end = base + tokens[j][1]
            if j + 1 < n and text[end] in ".-":
                continue
            if sum(t[2] for t in tokens[i:j + 1]) < 8 or _short_group(tokens[i:j + 1]):
                continue
            written = text[start:end]
            if _in_identifier(text, start, end):
                continue
            key = phone_key(written)
            if key:
                found = (written, start, end, key, j)
                break
        if found:
            out.append(found[:4])
            i = found[4] + 1
        else:
            i += 1
    return out


def _in_identifier(text: str, start: int, end: int) -> bool:
    """Digits glued on both sides into a name ("p-h.0793136603.json", a content hash in a file
    name) or a version parameter are an identifier, not a phone a reader would read. (A hash
    that happens to be all digits elsewhere, e.g. a bare JSON value, is still reported: rare,
    and it fails safe.)"""
    if start >= 3 and text[start - 3:start] in ("?v=", "&v="):  # a cache-busting version: worker.js?v=<hash>
        return True
    before = start >= 2 and text[start - 1] in "._-/" and text[start - 2].isalnum()
    after = end + 1 < len(text) and text[end] in "._-" and text[end + 1].isalpha()
    return before and after


def _short_group(tokens: list[tuple[int, int, int]]) -> bool:
    """A stretch with a one-digit group (other than "(0)") is a list of small numbers, not a phone."""
    return len(tokens) > 1 and any(e - s == 1 for s, e, _ in tokens)


# --------------------------------------------------------------------------- e-mail addresses
_OPEN, _CLOSE = r"[\[({<]", r"[\])}>]"
_AT = (r"(?:[ ]?@[ ]?"
       r"|[ ]?" + _OPEN + r"[ ]?(?:at|@|a|a[ ]?còng|còng|a[ ]?cong|cong)[ ]?" + _CLOSE + r"[ ]?"
       r"|[ ]+(?:at|AT)[ ]+)")
_DOT = (r"(?:[ ]?\.[ ]?"
        r"|[ ]?" + _OPEN + r"[ ]?(?:dot|chấm|cham|\.)[ ]?" + _CLOSE + r"[ ]?"
        r"|[ ]+(?:dot|DOT|chấm)[ ]+)")
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?"
# Written plainly: any top-level domain of letters. Written to fool a scanner (words or
# brackets for @ and .): the domains a reporter's address would have.
_TLDS = r"(?:vn|com|net|org|gov|edu|info|biz|io|me|co|invalid|example|test|local)"
_EMAIL_PLAIN = re.compile(r"(?<![\w.+\-%])[A-Za-z0-9][A-Za-z0-9._%+\-]{0,63}@" + _LABEL + r"(?:\." + _LABEL
                          + r")*\.[A-Za-z]{2,24}(?![\w\-])")
_EMAIL_HIDDEN = re.compile(r"(?<![\w.+\-%])[A-Za-z0-9][A-Za-z0-9._%+\-]{0,63}" + _AT + _LABEL + r"(?:" + _DOT
                           + _LABEL + r"){0,4}" + _DOT + _TLDS + r"(?![\w\-])", re.IGNORECASE)


def email_key(written: str) -> str:
    """An address in one form: lower case, the words and brackets for @ and . read as such."""
    text = written.strip().lower()
    m = re.match(r"[a-z0-9._%+\-]+", text)
    assert m is not None  # every address given here begins with a letter or a digit
    local, rest = m.group(0), text[m.end():]
    rest = re.sub(r"^(?:[ ]?@[ ]?|[ ]?" + _OPEN + r"[ ]?(?:at|@|a[ ]?còng|còng|a[ ]?cong|cong|a)[ ]?" + _CLOSE
                  + r"[ ]?|[ ]+at[ ]+)", "@", rest)
    rest = re.sub(r"[ ]?" + _OPEN + r"[ ]?(?:dot|chấm|cham|\.)[ ]?" + _CLOSE + r"[ ]?|[ ]+(?:dot|chấm)[ ]+|[ ]?\.[ ]?",
                  ".", rest)
    return local + rest


_HIDDEN_AT = re.compile(r"[\[({< ][ ]?(?:at|a|a ?c[oò]ng|c[oò]ng)[ ]?[\])}> ]", re.IGNORECASE)  # a cheap first look


def find_emails(text: str) -> list[tuple[str, int, int, str]]:
    """(written, start, end, key) of every e-mail address in an already shown text."""
    out, taken = [], []
    for m in (_EMAIL_PLAIN.finditer(text) if "@" in text else ()):
        out.append((m.group(0), m.start(), m.end(), email_key(m.group(0))))
        taken.append((m.start(), m.end()))
    if "@" in text or _HIDDEN_AT.search(text):
        for m in _EMAIL_HIDDEN.finditer(text):
            if any(s <= m.start() < e for s, e in taken):
                continue
            out.append((m.group(0), m.start(), m.end(), email_key(m.group(0))))
    return sorted(out, key=lambda x: x[1])


# --------------------------------------------------------------------------- full names
# Family names of almost every Vietnamese (the most common ones; a name is only reported
# next to a phone or an e-mail, never alone).
FAMILY_NAMES = frozenset("""
nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong ly truong dinh lam mai
trinh dao cao ha luu luong ta tang quach chau kieu thai thach lai doan to la van giang tieu
khuc khong mac lang nong cu ong phung vuong hua lo tong chu trieu
""".split())
_WORDS = re.compile(r"[^\W\d_]+(?:[ ][^\W\d_]+)*")


def _capitalised(word: str) -> bool:
    return word[:1].isupper() and (len(word) == 1 or word[1:].islower())


NEAR = 60  # characters between a name and the contact it sits next to


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("đ", "d")


def _names_near(text: str, start: int, end: int) -> list[tuple[str, int]]:
    """(name, offset) of the full names within NEAR characters of text[start:end]."""
    lo, hi = max(0, start - NEAR), min(len(text), end + NEAR)
    window = text[lo:hi]
    if not window.isascii() and not unicodedata.is_normalized("NFC", window):
        nfc = unicodedata.normalize("NFC", window)
        return [(name, start) for name, _ in _names_in(nfc)]  # offsets of NFD text would not map back
    return [(name, lo + at) for name, at in _names_in(window)]


def _names_in(window: str) -> list[tuple[str, int]]:
    found = []
    for m in _WORDS.finditer(window):
        words, at = m.group(0).split(" "), m.start()
        i = 0
        while i < len(words):
            # a name: a family name, then one to four more capitalised words ("Trần Thị Bích Ngọc")
            if _capitalised(words[i]) and _fold(words[i]) in FAMILY_NAMES:
                j = i + 1
                while j < len(words) and j - i < 5 and _capitalised(words[j]):
                    j += 1
                if j - i >= 2:
                    offset = at + sum(len(w) + 1 for w in words[:i])
                    found.append((" ".join(words[i:j]), offset))
                    i = j
                    continue
            i += 1
    return found


# --------------------------------------------------------------------------- allow list
@dataclass(frozen=True)
class Allowed:
    """Published, non-personal contacts: phone keys (+84…) and addresses (lower case)."""
    phones: frozenset[str] = field(default_factory=frozenset)
    emails: frozenset[str] = field(default_factory=frozenset)

    def allows(self, kind: str, key: str) -> bool:
        return key in (self.phones if kind == "phone" else self.emails if kind == "email" else ())


NOTHING_ALLOWED = Allowed()
ALLOW_FILE = Path(__file__).resolve().parent.parent.parent / "data" / "public-contacts.yml"


def allow_list_for(root: Path | str) -> Path:
    """A site's own allow list (data/public-contacts.yml next to its mkdocs.yml), else the handbook's."""
    own = Path(root) / "data" / "public-contacts.yml"
    return own if own.exists() else ALLOW_FILE


class AllowListError(ValueError):
    """The allow list cannot be read or holds a value that is not a phone or an address."""


def allowed_from(data: Any) -> Allowed:
    """The allow list from its YAML data: {phones: [{number, name, source}], emails: [{address, …}]}."""
    if data is None:
        return NOTHING_ALLOWED
    if not isinstance(data, dict):
        raise AllowListError("tệp phải là một bảng có 'phones' và 'emails'")
    phones: set[str] = set()
    emails: set[str] = set()
    for item in data.get("phones") or []:
        number = str(item.get("number") if isinstance(item, dict) else item)
        digits = _NOT_DIGIT.sub("", number)
        if len(digits) <= 5:  # short codes (111, 113) are never read as a phone; listed for readers
            continue
        key = phone_key(number)
        if key is None:
            raise AllowListError(f"'{number}' không phải số điện thoại Việt Nam hợp lệ")
        phones.add(key)
    for item in data.get("emails") or []:
        address = str(item.get("address") if isinstance(item, dict) else item).strip()
        if not _EMAIL_PLAIN.fullmatch(address):
            raise AllowListError(f"'{address}' không phải địa chỉ e-mail")
        emails.add(email_key(address))
    return Allowed(frozenset(phones), frozenset(emails))


def load_allowed(path: Path | str | None = None) -> Allowed:
    """The allow list file (default data/public-contacts.yml); nothing allowed when it is missing."""
    import yaml
    path = Path(path) if path else ALLOW_FILE
    if not path.exists():
        return NOTHING_ALLOWED
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise AllowListError(f"không đọc được {path.name}: {exc}") from None
    return allowed_from(data)


# --------------------------------------------------------------------------- findings
@dataclass(frozen=True, order=True)
class Finding:
    offset: int  # in the text given to find()
    kind: str  # "phone", "email" or "name"
    value: str  # as written (after decoding); never print it where it would be published
    key: str = ""  # +84… for a phone, the address for an e-mail

    @property
    def label(self) -> str:
        return KINDS[self.kind]


def find_shown(text: str, allowed: Allowed = NOTHING_ALLOWED, names: bool = True) -> list[Finding]:
    """Findings in a text already decoded by Shown (offsets in that text)."""
    contacts = [("phone", *p) for p in find_phones(text)] + [("email", *e) for e in find_emails(text)]
    out = []
    for kind, written, start, end, key in contacts:
        if allowed.allows(kind, key):
            continue
        out.append(Finding(start, kind, written, key))
        if names:
            out += [Finding(at, "name", name) for name, at in _names_near(text, start, end)]
    return sorted(set(out))


def find(raw: str, allowed: Allowed = NOTHING_ALLOWED, names: bool = True) -> list[Finding]:
    """Every phone number and e-mail address of a person in `raw` (not in the allow list), and
    the full names next to them; offsets in `raw`."""
    view = Shown(raw)
    return [Finding(view.original(f.offset), f.kind, f.value, f.key) for f in find_shown(view.text, allowed, names)]


def kinds(findings: Iterable[Finding]) -> list[str]:
    """The Vietnamese names of the kinds found, in a fixed order (phone, e-mail, name)."""
    present = {f.kind for f in findings}
    return [KINDS[k] for k in KINDS if k in present]


def masked(value: str) -> str:
    """A value shown to the editor who wrote it without repeating it whole: 09•••••42."""
    v = value.strip()
    keep = 2 if len(v) > 6 else 1
    return v[:keep] + "•" * max(3, len(v) - 2 * keep) + v[-keep:]


__all__ = ["Finding", "Allowed", "AllowListError", "Shown", "find", "find_shown", "find_phones", "find_emails",
           "phone_key", "email_key", "load_allowed", "allowed_from", "kinds", "masked", "shown", "KINDS",
           "NOTHING_ALLOWED"]
