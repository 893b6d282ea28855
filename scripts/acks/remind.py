"""Reminder lists for a mail merge: pending and stale reporters' contacts, one CSV per province.

Headers and values are in the coordinator's language (`lang`, Vietnamese by default). Each row
carries, per update, the reporter's last acknowledged revision (stale) and, when a form URL and
a secret are given, the reporter's personal signed link (see links.py)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import cast

from ..model.dates import format_date
from ..model.languages import DEFAULT_LANGUAGE, label, strings
from . import AckError
from .coverage import ACKNOWLEDGED, STALE, Coverage
from .log import safe_cell, write_csv_atomic
from .messages import problem
from .roster import SAFE_CODE

CENTRAL_FILE = "trung-uong"  # reminders of central reporters who have no province

REMIND_KEYS = ("reporter_id", "full_name", "email", "phone", "level", "province", "province_name", "unit",
               "updates", "titles", "states", "last_revisions", "earliest_due", "overdue", "links")


def remind_columns(lang: str = DEFAULT_LANGUAGE) -> tuple[str, ...]:
    t = strings(lang, "remind")
    return tuple(t[k] for k in REMIND_KEYS)


REMIND_COLUMNS = remind_columns(DEFAULT_LANGUAGE)


def not_yet_due(coverage: Coverage, ids: list[str]) -> list[str]:
    """Updates whose due date is after `as_of` (left out of reminders unless --all)."""
    return [u for u in ids if coverage.updates[u].due > coverage.as_of]


def todo(coverage: Coverage, ids: list[str], include_stale: bool = True, overdue_only: bool = False):
    """{person index: [(update, state, own due, last acknowledged revision or None)]}, in person order."""
    as_of = coverage.as_of
    out: dict[int, list] = {}
    for uid in ids:
        update = coverage.updates[uid]
        state = coverage.state[uid]
        last = coverage.last_old[uid]
        for lv, _pr, lo, hi, _ in coverage.groups:
            if lv not in update.audience:
                continue
            for i in range(lo, hi):
                s = state[i]
                if s == ACKNOWLEDGED or (s == STALE and not include_stale):
                    continue
                own_due = update.own_due(coverage.people[i].joined)
                if overdue_only and not as_of > own_due:
                    continue
                out.setdefault(i, []).append((update, "stale" if s == STALE else "pending", own_due, last.get(i)))
    return dict(sorted(out.items()))


def remind(coverage: Coverage, out_dir: Path | str, only: list[str] | None = None,
           include_stale: bool = True, overdue_only: bool = False, lang: str = DEFAULT_LANGUAGE,
           link: Callable | None = None, xlsx: bool = False) -> dict[str, tuple[Path, int]]:
    """Write `<out_dir>/<province code>.csv` (UTF-8 with BOM, for Excel/Word mail merge), and with
    `xlsx` the same table as `<province code>.xlsx` (dates as Excel date cells, text cells that could
    run as a formula written as text).

    One row per reporter who still has to acknowledge at least one update (pending,
    or stale when `include_stale`), listing those updates. Central reporters without a
    province go to `trung-uong.csv`. `link(reporter, update, since)` gives a personal link.
    Returns {province code: (path, rows)}. Only provinces with someone to remind get a file.
    """
    out_dir = Path(out_dir)
    t = strings(lang, "remind")
    as_of = coverage.as_of
    ids = only or list(coverage.updates)
    by_province: dict[str, list] = {}
    for i, items in todo(coverage, ids, include_stale, overdue_only).items():
        r = coverage.people[i]
        earliest = min(d for _, _, d, _ in items)
        by_province.setdefault(r.province, []).append([
            r.rid, r.full_name, r.email, r.phone, label("level", r.level, lang), r.province,
            coverage.roster.provinces.name(r.province, lang) if r.province else t["central"], r.unit,
            "; ".join(f"{u.id} ({t['revision'].format(rev=u.revision)})" for u, _, _, _ in items),
            "; ".join(u.title_in(lang) or u.id for u, _, _, _ in items),
            "; ".join(t[s] for _, s, _, _ in items),
            "; ".join(str(n) if n else t["none"] for _, _, _, n in items),
            earliest,
            t["yes"] if as_of > earliest else t["no"],
            " ; ".join(link(r, u, n) for u, _, _, n in items) if link else "",
        ])
    if "" in by_province:  # central reporters without a province: one file of their own
        by_province[CENTRAL_FILE] = by_province.pop("")
    bad = [code for code in by_province if not SAFE_CODE.fullmatch(code or "")]
    if bad:
        raise AckError([problem("provinces.csv", 0, "bad-id", "remind.remind", code=code)
                        for code in bad])
    out_dir.mkdir(parents=True, exist_ok=True)
    written = {}
    columns = remind_columns(lang)
    for code, rows in sorted(by_province.items()):
        text_rows = [[format_date(v, lang) if isinstance(v, dt.date) else v for v in r] for r in rows]
        path = write_csv_atomic(out_dir / f"{code}.csv", columns, text_rows, encoding="utf-8-sig", overwrite=True)
        if xlsx:
            write_xlsx(out_dir / f"{code}.xlsx", columns, rows, t["sheet"])
        written[code] = (path, len(rows))
    return written


def write_xlsx(path: Path, columns, rows, title: str) -> Path:
    """One sheet, a bold header row, dates as date cells (dd/mm/yyyy), written via a temporary file."""
    import os
    import tempfile

    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.worksheet import Worksheet
    wb = Workbook()
    ws = cast(Worksheet, wb.active)  # a new workbook has one active worksheet
    ws.title = title[:31]
    ws.append(list(columns))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([safe_cell(v) if isinstance(v, str) else v for v in row])
    for col in ws.iter_cols(min_row=2):
        for cell in col:
            if isinstance(cell.value, dt.date):
                cell.number_format = "DD/MM/YYYY"
    ws.freeze_panes = "A2"
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".part", dir=path.parent)
    os.close(fd)
    try:
        wb.save(tmp)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return path


__all__ = ["remind", "REMIND_COLUMNS", "REMIND_KEYS", "remind_columns", "not_yet_due", "todo"]
