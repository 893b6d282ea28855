"""Reminder lists for a mail merge: pending and stale reporters' contacts, one CSV per province."""
from __future__ import annotations

from pathlib import Path

from ..model.languages import label
from . import AckError, Problem
from .coverage import ACKNOWLEDGED, STALE, Coverage
from .log import write_csv_atomic
from .roster import SAFE_CODE

CENTRAL_FILE = "trung-uong"  # reminders of central reporters who have no province

REMIND_COLUMNS = ("reporter_id", "full_name", "email", "phone", "level", "level_vi", "province", "province_name",
                  "unit", "updates", "titles", "states", "earliest_due", "overdue")


def remind(coverage: Coverage, out_dir: Path | str, only: list[str] | None = None,
           include_stale: bool = True, overdue_only: bool = False) -> dict[str, tuple[Path, int]]:
    """Write `<out_dir>/<province code>.csv` (UTF-8 with BOM, for Excel/Word mail merge).

    One row per reporter who still has to acknowledge at least one update (pending,
    or stale when `include_stale`), listing those updates. Returns
    {province code: (path, rows)}. Only provinces with someone to remind get a file.
    """
    out_dir = Path(out_dir)
    as_of = coverage.as_of
    ids = only or list(coverage.updates)
    todo: dict[int, list] = {}
    for uid in ids:
        update = coverage.updates[uid]
        state = coverage.state[uid]
        for lv, pr, lo, hi, _ in coverage.groups:
            if lv not in update.audience:
                continue
            for i in range(lo, hi):
                s = state[i]
                if s == ACKNOWLEDGED or (s == STALE and not include_stale):
                    continue
                own_due = update.own_due(coverage.people[i].joined)
                if overdue_only and not as_of > own_due:
                    continue
                todo.setdefault(i, []).append((update, "stale" if s == STALE else "pending", own_due))
    by_province: dict[str, list] = {}
    for i in sorted(todo):
        r = coverage.people[i]
        items = todo[i]
        earliest = min(d for _, _, d in items)
        by_province.setdefault(r.province, []).append([
            r.rid, r.full_name, r.email, r.phone, r.level, label("level", r.level, "vi"), r.province,
            coverage.roster.provinces.name(r.province), r.unit,
            "; ".join(f"{u.id} (phiên bản {u.revision})" for u, _, _ in items),
            "; ".join(u.title or u.id for u, _, _ in items),
            "; ".join(s for _, s, _ in items),
            earliest.isoformat(),
            "yes" if as_of > earliest else "no",
        ])
    if "" in by_province:  # central reporters without a province: one file of their own
        by_province[CENTRAL_FILE] = by_province.pop("")
    bad = [code for code in by_province if not SAFE_CODE.fullmatch(code or "")]
    if bad:
        raise AckError([Problem("provinces.csv", 0, "bad-id",
                                f"mã tỉnh '{code}' không dùng làm tên tệp được (chỉ a-z, 0-9, '-'); không ghi gì")
                        for code in bad])
    out_dir.mkdir(parents=True, exist_ok=True)
    written = {}
    for code, rows in sorted(by_province.items()):
        path = write_csv_atomic(out_dir / f"{code}.csv", REMIND_COLUMNS, rows, encoding="utf-8-sig", overwrite=True)
        written[code] = (path, len(rows))
    return written


__all__ = ["remind", "REMIND_COLUMNS"]
