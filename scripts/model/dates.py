"""Dates, in one place: parsing what editors and form exports write, formatting per
language, adding months, and the build's "as of" date.

The as-of date is today in Asia/Ho_Chi_Minh, or the day of `SOURCE_DATE_EPOCH` when it
is set (the reproducible-builds convention: one variable fixes the whole build).
"""
from __future__ import annotations

import datetime as dt
import os
import re
from typing import Any

from . import languages

TZ: dt.tzinfo
try:
    from zoneinfo import ZoneInfo
    TZ = ZoneInfo("Asia/Ho_Chi_Minh")
except Exception:  # pragma: no cover - tzdata missing; Viet Nam has had no DST since 1975
    TZ = dt.timezone(dt.timedelta(hours=7), "ICT")

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Day first, as Vietnamese write dates: 29/11/2026, 29.11.2026, 29-11-2026, with an optional time.
DMY = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})"
                 r"(?:[ ,T]+(\d{1,2})[:h](\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(AM|PM|SA|CH)?)?",
                 re.IGNORECASE)


def now() -> dt.datetime:
    """The current moment in Viet Nam (from SOURCE_DATE_EPOCH when set)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), TZ)
    return dt.datetime.now(TZ)


def today() -> dt.date:
    """The build's as-of date: today in Asia/Ho_Chi_Minh, or SOURCE_DATE_EPOCH's day."""
    return now().date()


def parse_iso(value: Any) -> dt.date | None:
    """`2026-11-29` (or a date object) -> date; anything else -> None."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value if value is not None else "").strip()
    if not ISO_DATE.match(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def parse_day_first(text: str) -> dt.date | None:
    """`29/11/2026` -> date; None when it is not that form or the day does not exist."""
    m = DMY.fullmatch(str(text).strip())
    if not m or m.group(4):
        return None
    try:
        return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    except ValueError:
        return None


def parse_loose(value: Any) -> dt.date | None:
    """A date written either way (ISO first, then day first), as rosters hold them."""
    text = str(value if value is not None else "").strip()
    if not text:
        return None
    return parse_iso(text[:10]) or parse_day_first(text)


def iso_fix_hint(text: str) -> str | None:
    """For `29/11/2026` the ISO spelling an editor should write ('2026-11-29'), else None."""
    m = DMY.fullmatch(str(text).strip())
    if not m or m.group(4):
        return None
    d, mo, y = m.group(1), m.group(2), m.group(3)
    return f"{y}-{int(mo):02d}-{int(d):02d}"


def format_date(value: Any, lang: str) -> str:
    """A date the way `lang` writes it: 01/07/2026 (vi), 1 Jul 2026 (en). Text that is not a
    date is returned unchanged."""
    d = parse_iso(value)
    if d is None:
        return str(value)
    spec = languages.language(lang)
    return spec.date_format.format(day=d.day, month=d.month, year=d.year, month_abbr=spec.months[d.month - 1])


def add_months(d: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day when it has no such day."""
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    for day in (d.day, 30, 29, 28):
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")
