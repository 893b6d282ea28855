"""Provinces (34 units since 1 July 2025, with the former 63) and the reporter roster."""
from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import phonenumbers

from ..model.dates import parse_loose
from ..model.folding import loose_key, nfc
from ..model.languages import DEFAULT_LANGUAGE, codes, label, vocabulary

# the 2018 renumbering of mobile numbers (0162-0169 -> 032-039, 0120 -> 070 …): one table for the
# roster's keys and the personal-data scan
from ..model.personal import RENUMBERED_2018
from . import AckError, Problem
from .messages import problem
from .tables import open_csv

# --------------------------------------------------------------------------- provinces

# Codes used in file names (remind writes <code>.csv): nothing that could climb out of a folder.
SAFE_CODE = re.compile(r"^[a-z0-9-]+$")

_PREFIXES = ("thanh pho ", "tp ", "tinh ", "province ", "city ")


def _place_keys(value: str) -> list[str]:
    key = loose_key(value.replace("_", " ").replace("-", " ").replace(".", " "))
    keys = [key]
    for prefix in _PREFIXES:
        if key.startswith(prefix):
            keys.append(key[len(prefix):])
    for suffix in (" city", " province"):
        if key.endswith(suffix):
            keys.append(key[: -len(suffix)])
    return keys


@dataclass(frozen=True)
class Province:
    code: str
    name_vi: str
    name_en: str
    kind: str  # province | city

    def name(self, lang: str) -> str:
        return self.name_vi if lang == DEFAULT_LANGUAGE else self.name_en


class Provinces:
    """The provincial-level units in force, and every name or code that resolves to one.

    `resolve("ha-giang")`, `resolve("Hà Giang")`, `resolve("tỉnh Hà Giang")`
    all give "tuyen-quang" (Resolution 202/2025/QH15, Art. 1).
    """

    def __init__(self, rows: list[dict], source: str = "provinces.csv"):
        self.units: dict[str, Province] = {}
        self.former: dict[str, str] = {}  # former code -> current code
        self._keys: dict[str, str] = {}
        for row in rows:
            code = row["code"].strip()
            if code not in self.units:
                self.units[code] = Province(code, nfc(row["name_vi"].strip()), row["name_en"].strip(),
                                            row.get("kind", "").strip())
            former_code = (row.get("former_code") or "").strip()
            if former_code:
                self.former[former_code] = code
            for value in (code, row["name_vi"], row["name_en"], former_code, row.get("former_name_vi") or ""):
                if value and value.strip():
                    for key in _place_keys(value):
                        self._keys.setdefault(key, code)
        if not self.units:
            raise AckError(problem(source, 0, "empty-file", "roster.init"))

    def resolve(self, value: str) -> str | None:
        """The current unit's code for a code or name, current or former; None if unknown."""
        if not value or not value.strip():
            return None
        if value in self.units:
            return value
        for key in _place_keys(value):
            if key in self._keys:
                return self._keys[key]
        return None

    def name(self, code: str, lang: str = DEFAULT_LANGUAGE) -> str:
        unit = self.units.get(code)
        return unit.name(lang) if unit else code

    def codes(self) -> list[str]:
        return list(self.units)

    def __len__(self):
        return len(self.units)


def load_provinces(path: Path | str) -> Provinces:
    path = Path(path)
    try:
        with open_csv(path) as f:
            rows = list(csv.DictReader(f))
    except csv.Error as exc:
        raise AckError(problem(path, 0, "bad-file", "roster.load-provinces", exc=exc)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise AckError(problem(path, 0, "unreadable-file", "roster.load-provinces", exc=exc)) from None
    missing = {"code", "name_vi", "name_en"} - set(rows[0] if rows else ())
    if missing:
        raise AckError(problem(path, 1, "missing-column", "roster.load-provinces",
                               missing=', '.join(sorted(missing))))
    bad = [problem(path, n, "bad-id", "roster.load-provinces", code=row.get(col) or '', col=col)
           for n, row in enumerate(rows, start=2) for col in ("code", "former_code")
           if (row.get(col) or "").strip() and not SAFE_CODE.fullmatch((row.get(col) or "").strip())]
    if bad:
        raise AckError(bad)
    return Provinces(rows, str(path))


# --------------------------------------------------------------------------- contacts


def normalize_email(value) -> str:
    value = str(value or "").strip().lower()
    if value.startswith("mailto:"):
        value = value[7:]
    return value


_NOT_DIGIT = re.compile(r"\D")

def _national(digits: str) -> str | None:
    """The national significant number (no 0, no 84) of a Vietnamese number's digits, or None."""
    if digits.startswith("0084"):
        return digits[4:] or None
    if digits.startswith("84") and len(digits) in (11, 12):
        return digits[2:]
    if digits.startswith("0"):
        return digits[1:] or None
    if len(digits) in (9, 10):
        return digits  # a spreadsheet dropped the leading zero
    return None


@lru_cache(maxsize=1 << 16)
def _e164(digits: str) -> str:
    nsn = _national(digits)
    if nsn is None:
        return digits
    if len(nsn) == 10 and nsn[:3] in RENUMBERED_2018:
        nsn = RENUMBERED_2018[nsn[:3]] + nsn[3:]  # the pre-2018 eleven-digit form of a mobile number
    if not nsn.isdigit() or len(nsn) > 15:
        return digits
    # the number is known (country 84, its national significant number): phonenumbers formats it
    # without parsing the text again (parsing is what costs: 20,000 roster phones, 100,000 rows)
    number = phonenumbers.PhoneNumber(country_code=84, national_number=int(nsn),
                                      italian_leading_zero=nsn.startswith("0") or None)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalize_phone(value) -> str:
    """Vietnamese numbers in one form, E.164 (phonenumbers, region VN): "+84 90 000 0001", "84900000001",
    "0900.000.001", "900000001" -> "+84900000001"; a number in its pre-2018 eleven-digit form gives its
    ten-digit number's key ("01621234567" -> "+84321234567"). Other digit strings are returned as digits."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    digits = _NOT_DIGIT.sub("", text)
    if not digits:
        return ""
    if text.lstrip().startswith("+") and not digits.startswith("84"):
        try:  # a foreign number written with its country code
            number = phonenumbers.parse(text, "VN")
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        except phonenumbers.NumberParseException:
            return digits
    return _e164(digits[:20])


# --------------------------------------------------------------------------- roster

_LEVEL_KEYS = {}
for _code in vocabulary("level"):
    for _label in (_code, *(label("level", _code, _lang) for _lang in codes())):
        _LEVEL_KEYS[loose_key(_label)] = _code
_LEVEL_KEYS.update({"tw": "central", "tinh": "provincial", "xa": "commune", "province": "provincial"})

_TRUE = {"", "true", "1", "yes", "y", "x", "co", "active", "dang hoat dong"}
_FALSE = {"false", "0", "no", "n", "khong", "inactive", "nghi", "ngung"}

ROSTER_COLUMNS = ("reporter_id", "full_name", "level", "province", "unit", "email", "phone", "active", "joined")
_REQUIRED = ("reporter_id", "full_name", "level", "province")


@dataclass(slots=True)
class Reporter:
    rid: str
    full_name: str
    level: str
    province: str  # current unit code (former codes and names resolved); "" for a central reporter without one
    unit: str
    email: str
    phone: str
    active: bool
    joined: dt.date | None
    province_given: str = ""

    @property
    def phone_key(self) -> str:
        return normalize_phone(self.phone)


class Roster:
    def __init__(self, reporters: list[Reporter], provinces: Provinces, source: str = ""):
        self.reporters = reporters
        self.provinces = provinces
        self.source = source
        self.by_id = {r.rid: r for r in reporters}
        self._by_email: dict[str, list[Reporter]] | None = None
        self._by_phone: dict[str, list[Reporter]] | None = None

    # Built on first use: only an import matches by email or phone (normalising 20,000 phones
    # with phonenumbers costs about half a second that report and status do not need).
    @property
    def by_email(self) -> dict[str, list[Reporter]]:
        if self._by_email is None:
            self._by_email = {}
            for r in self.reporters:
                if r.email:
                    self._by_email.setdefault(normalize_email(r.email), []).append(r)
        return self._by_email

    @property
    def by_phone(self) -> dict[str, list[Reporter]]:
        if self._by_phone is None:
            self._by_phone = {}
            for r in self.reporters:
                key = r.phone_key
                if key:
                    self._by_phone.setdefault(key, []).append(r)
        return self._by_phone

    def __len__(self):
        return len(self.reporters)

    def counted(self, as_of: dt.date) -> list[Reporter]:
        """Reporters who count on `as_of`: active, and joined on or before that day."""
        return [r for r in self.reporters if r.active and (r.joined is None or r.joined <= as_of)]


def _header_map(header: list[str]) -> dict[str, int]:
    out = {}
    for i, name in enumerate(header):
        key = loose_key((name or "").replace("_", " ")).replace(" ", "_")
        if key in ROSTER_COLUMNS and key not in out:
            out[key] = i
    return out


def load_roster(path: Path | str, provinces: Provinces) -> Roster:
    """Read the roster; any bad row raises AckError listing every problem (`file:row: [rule] message`)."""
    path = Path(path)
    try:
        with open_csv(path) as f:
            reader = csv.reader(f)
            rows = []
            try:
                for row in reader:
                    rows.append(row)
            except csv.Error as exc:
                raise AckError(problem(path, reader.line_num, "bad-file", "roster.load-roster", exc=exc)) from None
    except FileNotFoundError:
        raise AckError(problem(path, 0, "missing-file", "roster.load-roster")) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise AckError(problem(path, 0, "unreadable-file", "roster.load-roster", exc=exc)) from None
    if not rows:
        raise AckError(problem(path, 0, "empty-file", "roster.load-roster"))
    cols = _header_map(rows[0])
    missing = [c for c in _REQUIRED if c not in cols]
    if missing:
        raise AckError(problem(path, 1, "missing-column", "roster.load-provinces", missing=', '.join(missing)))
    problems: list[Problem] = []
    reporters: list[Reporter] = []
    seen: dict[str, int] = {}

    def cell(row, name):
        i = cols.get(name)
        return nfc(row[i].strip()) if i is not None and i < len(row) else ""

    for lineno, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        rid = cell(row, "reporter_id")
        if not rid:
            problems.append(problem(path, lineno, "missing-value", "roster.load-roster"))
            continue
        if rid in seen:
            problems.append(problem(path, lineno, "duplicate-reporter", "roster.load-roster", rid=rid,
                                    first_row=seen[rid]))
            continue
        seen[rid] = lineno
        level = _LEVEL_KEYS.get(loose_key(cell(row, "level")))
        if level is None:
            problems.append(problem(path, lineno, "unknown-level", "roster.load-roster",
                                    level=cell(row, 'level'),
                                    levels=', '.join(vocabulary('level'))))
            continue
        given = cell(row, "province")
        province = "" if (level == "central" and not given) else provinces.resolve(given)
        if province is None and not given:
            problems.append(problem(path, lineno, "missing-value", "roster.load-roster-2"))
            continue
        if province is None:
            problems.append(problem(path, lineno, "unknown-province", "cli.load", given=given))
            continue
        active_raw = loose_key(cell(row, "active"))
        if active_raw in _TRUE or active_raw == "":
            active = True
        elif active_raw in _FALSE:
            active = False
        else:
            problems.append(problem(path, lineno, "bad-value", "roster.load-roster",
                                    active=cell(row, 'active')))
            continue
        joined_raw = cell(row, "joined")
        joined = parse_loose(joined_raw)
        if joined_raw and joined is None:
            problems.append(problem(path, lineno, "bad-date", "roster.load-roster", joined_raw=joined_raw))
            continue
        reporters.append(Reporter(rid=rid, full_name=cell(row, "full_name"), level=level, province=province,
                                  unit=cell(row, "unit"), email=cell(row, "email"), phone=cell(row, "phone"),
                                  active=active, joined=joined, province_given=given))
    if problems:
        raise AckError(problems)
    return Roster(reporters, provinces, str(path))
