"""Times in form exports: `read_time` (an aware datetime or a TimeProblem naming the rule),
`parse_time` (the same or None), and the day/month order of a whole time column (`OrderScan`,
`date_order`). Nothing is guessed: an order nothing in the file settles is [ambiguous-date].
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from ..model import dates
from ..model.dates import DMY
from ..model.folding import nfc
from . import TZ, AckError
from .messages import pair, problem
from .tables import cell_text

FUTURE_SKEW = dt.timedelta(minutes=10)  # a form server's clock may run this far ahead of ours

# "… GMT+7", "… UTC+07:00", "… GMT" at the end of a time (Google/Microsoft Forms exports)
_GMT = re.compile(r"\s*(?:GMT|UTC)\s*(?:([+-])(\d{1,2})(?::?(\d{2}))?)?$", re.IGNORECASE)
# year first: 2026/06/05 10:11:12 AM, 2026.06.05 10:11
_YMD = re.compile(r"(\d{4})[/.](\d{1,2})[/.](\d{1,2})"
                  r"(?:[ ,T]+(\d{1,2})[:h](\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(AM|PM|SA|CH)?)?", re.IGNORECASE)


class TimeProblem(ValueError):
    def __init__(self, rule: str, message: str):
        super().__init__(message)
        self.rule, self.message = rule, message


def _hour(h, ampm, text) -> int:
    hour = int(h or 0)
    if ampm:
        if hour > 12 or hour == 0:
            raise TimeProblem(*pair("bad-time", "times.hour", text=text, hour=hour, ampm=ampm.upper()))
        pm = ampm.upper() in ("PM", "CH")
        hour = (hour % 12) + (12 if pm else 0)
    return hour


def _moment(text, y, mo, d, h, mi, s, ampm, tz) -> dt.datetime:
    hour = _hour(h, ampm, text)
    try:
        day = dt.date(int(y), int(mo), int(d))
    except ValueError:
        if 1 <= int(mo) <= 12 and 1 <= int(d) <= 31:
            raise TimeProblem(*pair("bad-date", "times.moment-2", d=int(d), mo=int(mo), y=y, text=text)) from None
        raise TimeProblem(*pair("bad-date", "times.moment", text=text, mo=int(mo), d=int(d))) from None
    try:
        return dt.datetime(day.year, day.month, day.day, hour, int(mi or 0), int(s or 0), tzinfo=tz)
    except ValueError:
        raise TimeProblem(*pair("bad-time", "times.moment", text=text)) from None


def read_time(value, now: dt.datetime | None = None, order: str | None = None, zone=None) -> dt.datetime:
    """An aware datetime, or TimeProblem(rule, message). Never a guess:

    - an offset in the value (ISO `+07:00`, `GMT+7`, `UTC`) is used; a time without one is read in
      `zone` (the zone the product writes: UTC for Kobo's `_submission_time`, the form's otherwise;
      default Asia/Ho_Chi_Minh);
    - `d/m/yyyy` and `m/d/yyyy` are told apart by `order` ("dmy" or "mdy", settled for the whole
      column by `date_order`), else by the value itself (a first number over 12 is a day, a second
      one over 12 a month); when neither settles it, [ambiguous-date];
    - a day that does not exist, or a moment outside the years 1..9999 once moved to Viet Nam
      time, is [bad-date]; a moment more than 10 minutes ahead of `now` is [future-time].
    """
    try:
        moment = _read_time(value, order, zone or TZ)
    except OverflowError:  # a date at the edge of the calendar moved by its offset (01/01/0001 GMT+14)
        raise TimeProblem(*pair("bad-date", "times.read-time", value=cell_text(value)[:64])) from None
    if moment is None:
        raise TimeProblem(*pair("bad-time", "times.read-time", value=cell_text(value)[:64]))
    limit = (now or dates.now()) + FUTURE_SKEW
    if moment > limit:
        raise TimeProblem(*pair("future-time", "times.read-time", moment=moment,
                                now=now or dates.now()))
    return moment


def _aware(value: dt.datetime, zone) -> dt.datetime:
    return (value.replace(tzinfo=zone) if value.tzinfo is None else value).astimezone(TZ)


def day_month(text) -> tuple[int, int, str] | None:
    """(first, second, year) of a `n/n/yyyy …` text (the two numbers a date order decides), else None."""
    if not isinstance(text, str):
        return None
    stripped = _GMT.sub("", nfc(text).strip()) if len(text) <= 64 else ""
    m = DMY.fullmatch(stripped.strip())
    return (int(m.group(1)), int(m.group(2)), m.group(3)) if m else None


def _read_time(value, order: str | None = None, zone=TZ) -> dt.datetime | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):  # an Excel date cell: no offset, in the zone of the product
        return _aware(value, zone)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=zone).astimezone(TZ)
    text = nfc(str(value)).strip()
    if not text or len(text) > 64:
        return None
    tz = zone
    g = _GMT.search(text)
    if g and g.start() > 0:
        sign, hh, mm = g.groups()
        if sign:
            if int(hh) > 14 or int(mm or 0) > 59:
                return None
            delta = dt.timedelta(hours=int(hh), minutes=int(mm or 0))
            tz = dt.timezone(-delta if sign == "-" else delta)
        else:
            tz = dt.UTC
        text = text[:g.start()].strip()
    m = DMY.fullmatch(text)
    if m:
        a, b, y, h, mi, s, ampm = m.groups()
        first, second = int(a), int(b)
        if order == "mdy" or (order is None and second > 12 >= first):
            a, b = b, a
        elif order is None and first <= 12 and second <= 12 and first != second:
            raise TimeProblem(*pair("ambiguous-date", "times.ambiguous", text=text, first=first, second=second, year=y))
        return _moment(text, y, b, a, h, mi, s, ampm, tz).astimezone(TZ)
    m = _YMD.fullmatch(text)
    if m:
        y, mo, d, h, mi, s, ampm = m.groups()
        return _moment(text, y, mo, d, h, mi, s, ampm, tz).astimezone(TZ)
    if g:
        return None  # "GMT" after something that is not a date
    try:
        parsed = dt.datetime.fromisoformat(text.replace(" ", "T", 1) if re.match(r"\d{4}-\d\d-\d\d \d", text)
                                           else text)
    except ValueError:
        iso_day = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})\b", text)
        if iso_day:
            y, mo, d = iso_day.groups()
            if 1 <= int(mo) <= 12 and 1 <= int(d) <= 31:
                try:
                    dt.date(int(y), int(mo), int(d))
                except ValueError:
                    raise TimeProblem(*pair("bad-date", "times.moment-2", d=int(d), mo=int(mo), y=y, text=text)) from None
        return None
    return _aware(parsed, tz)


def parse_time(value, order: str | None = None, zone=None) -> dt.datetime | None:
    """An aware datetime (in `zone`, Asia/Ho_Chi_Minh by default, unless an offset is given), or None."""
    try:
        return _read_time(value, order, zone or TZ)
    except (TimeProblem, OverflowError):
        return None


def iso(moment: dt.datetime) -> str:
    return moment.astimezone(TZ).replace(microsecond=0).isoformat()


def _vietnamese(text) -> bool:
    """A header written in Vietnamese (it has a letter outside ASCII: Dấu thời gian, Thời gian…)."""
    return any(ord(c) > 127 and c.isalpha() for c in nfc(str(text or "")))


PRESCAN_ROWS = 5_000  # rows read ahead for the date order before deciding that none is needed


class OrderScan:
    """The day/month order of a time column, settled by what settles it, fed (row, value) pairs.

    Settled by: --date-order; a value whose first number is over 12 (day first) or second (month
    first) — for the whole column; a Vietnamese header (Google Sheets in Vietnamese writes
    `Dấu thời gian` day first), not with AM/PM times. Excel date cells and ISO or year-first times
    need no order. An English header settles nothing (a US sheet writes month first, a UK one day
    first). Nothing is guessed: `result` refuses [ambiguous-date], naming both readings of the
    first row that needs the order; a later value against a settled order is a bad row
    ([bad-date]: no such day), and an ambiguous one after a column read ahead without any is
    refused on its own row."""

    def __init__(self):
        self.day_first = self.month_first = self.needs = None
        self.english_clock = False  # AM/PM: an English-locale sheet, whatever its header says

    @property
    def settled(self) -> bool:
        return bool(self.day_first or self.month_first)

    def feed(self, number: int, value) -> bool:
        """True once the order is settled (nothing more to read)."""
        dm = day_month(value)
        if dm is None:
            return False
        first, second, year = dm
        if first > 12:
            self.day_first = (number, value)
        elif second > 12:
            self.month_first = (number, value)
        elif first != second and self.needs is None:
            self.needs = (number, value, first, second, year)
        if self.needs is not None and re.search(r"\b(?:AM|PM)\b", str(value), re.I):
            self.english_clock = True
        return self.settled

    def result(self, path: Path, header_text) -> tuple[str | None, tuple]:
        """(order or None, (what settled it, its values)) or AckError [ambiguous-date]."""
        if self.day_first:
            return "dmy", ("day", {"row": self.day_first[0], "value": cell_text(self.day_first[1])})
        if self.month_first:
            return "mdy", ("month", {"row": self.month_first[0], "value": cell_text(self.month_first[1])})
        if self.needs is None:
            return None, ("none", {})
        if _vietnamese(header_text) and not self.english_clock:
            return "dmy", ("header", {"header": cell_text(header_text)})
        number, value, first, second, year = self.needs
        raise AckError(problem(path, number, "ambiguous-date", "times.ambiguous", text=cell_text(value), first=first,
                               second=second, year=year))


def date_order(path: Path, header_text, values, given: str | None = None) -> tuple[str | None, tuple]:
    """OrderScan over all of `values` ((row, value) pairs); `given` (--date-order) wins."""
    if given:
        return given, ("option", {})
    scan = OrderScan()
    for number, value in values:
        if scan.feed(number, value):
            break
    return scan.result(path, header_text)
