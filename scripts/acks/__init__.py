"""Acknowledgement tracking: who has read which revision of which update.

Plain Python, no MkDocs. Personal data (the roster, the append-only log, the
secret, reminders) lives in a coordinator's workspace outside the content
repository (`workspace`); the content repository holds the provinces, the plans
and the one aggregate file the site reads (`data/dashboard.json`). Pages that
require acknowledgement are found by their front matter (`ack: {required: true,
...}` + `revision`).

Modules: `workspace` (ack init, where personal files may be written,
[roster-in-repo]), `roster` (provinces and reporters), `updates` (pages requiring
acknowledgement), `log` (reading and appending the log), `tables` (reading
CSV and XLSX, the limits), `times` (times, zones, date orders), `importer` (form
exports -> log rows: product profiles, matching, row rules), `coverage` (status and
report), `formats` (table, csv, json, md), `remind` (mail-merge files, CSV and
XLSX), `dashboard` (the aggregate `ack publish` writes, the pages the build
renders from it), `cli` (`python -m scripts ack ...`).
"""
from __future__ import annotations

from pathlib import Path

from ..model.dates import TZ, today
from ..model.problem import Problem

ROOT = Path(__file__).resolve().parent.parent.parent
DATA = ROOT / "data"


LOG_COLUMNS = ("reporter_id", "update_id", "revision", "acknowledged_at", "channel", "note")
__all__ = ["DATA", "LOG_COLUMNS", "ROOT", "TZ", "AckError", "Problem", "today"]


class AckError(Exception):
    """A clear, user-facing error: one or more `file:row: [rule] message` lines."""

    def __init__(self, problems):
        if isinstance(problems, (str, Problem)):
            problems = [problems]
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
