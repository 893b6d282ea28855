"""Acknowledgement tracking: who has read which revision of which update.

Plain Python, no MkDocs. Data lives in `data/` (roster, provinces, the
append-only log `data/acks/*.csv`); pages that require acknowledgement are
found by their front matter (`ack: {required: true, ...}` + `revision`).

Modules: `roster` (provinces and reporters), `updates` (pages requiring
acknowledgement), `log` (reading and appending the log), `importer` (form
exports -> log rows), `coverage` (status and report), `formats` (table, csv,
json, md), `remind` (mail-merge files), `cli` (`python -m scripts ack ...`).
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
DATA = ROOT / "data"

try:
    from zoneinfo import ZoneInfo
    TZ = ZoneInfo("Asia/Ho_Chi_Minh")
except Exception:  # pragma: no cover - tzdata missing; Viet Nam has had no DST since 1975
    TZ = dt.timezone(dt.timedelta(hours=7), "ICT")

LOG_COLUMNS = ("reporter_id", "update_id", "revision", "acknowledged_at", "channel", "note")


def today() -> dt.date:
    """Today's date in Viet Nam."""
    return dt.datetime.now(TZ).date()


class Problem:
    """One bad input line: printed as `file:row: [rule-id] message`."""

    __slots__ = ("file", "row", "rule", "message")

    def __init__(self, file, row, rule: str, message: str):
        self.file, self.row, self.rule, self.message = str(file), row, rule, message

    def __str__(self):
        where = f"{self.file}:{self.row}" if self.row else self.file
        return f"{where}: [{self.rule}] {self.message}" if where else f"[{self.rule}] {self.message}"

    def __repr__(self):
        return f"Problem({self})"


class AckError(Exception):
    """A clear, user-facing error: one or more `file:row: [rule] message` lines."""

    def __init__(self, problems):
        if isinstance(problems, (str, Problem)):
            problems = [problems]
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
