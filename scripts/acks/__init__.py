"""Acknowledgement tracking: who has read which revision of which update.

Plain Python, no MkDocs. Data lives in `data/` (roster, provinces, the
append-only log `data/acks/*.csv`); pages that require acknowledgement are
found by their front matter (`ack: {required: true, ...}` + `revision`).

Modules: `roster` (provinces and reporters), `updates` (pages requiring
acknowledgement), `log` (reading and appending the log), `importer` (form
exports -> log rows), `coverage` (status and report), `formats` (table, csv,
json, md), `remind` (mail-merge files), `dashboard` (the site's aggregate page),
`cli` (`python -m scripts ack ...`).
"""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
DATA = ROOT / "data"

from ..model.dates import TZ, today
from ..model.problem import Problem

LOG_COLUMNS = ("reporter_id", "update_id", "revision", "acknowledged_at", "channel", "note")
__all__ = ["DATA", "LOG_COLUMNS", "ROOT", "TZ", "AckError", "Problem", "today"]


class AckError(Exception):
    """A clear, user-facing error: one or more `file:row: [rule] message` lines."""

    def __init__(self, problems):
        if isinstance(problems, (str, Problem)):
            problems = [problems]
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
