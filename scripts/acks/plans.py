"""Plans and their reporter-update targets, as data (`data/plans.yml`).

An update is measured against the plan in force on its due date; the report and the
dashboard say which plan. A plan marked `interim: true` is a reference target the
handbook keeps while no successor plan is verified, and says so.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import yaml

from ..model import dates
from ..model.languages import DEFAULT_LANGUAGE, vocabulary
from . import AckError
from .messages import problem


@dataclass(frozen=True)
class Plan:
    id: str
    titles: dict
    start: dt.date
    end: dt.date | None
    target: float
    levels: tuple[str, ...]
    interim: bool = False
    page: str = ""

    def title(self, lang: str) -> str:
        return str(self.titles.get(lang) or self.titles.get(DEFAULT_LANGUAGE) or self.id)

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


def load_plans(path: Path | str) -> list[Plan]:
    """The plans of a plans.yml; [] when the file does not exist. Bad entries are an AckError."""
    path = Path(path)
    if not path.exists():
        return []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise AckError(problem(path, getattr(getattr(exc, "problem_mark", None), "line", -1) + 1, "yaml-syntax",
                               "plans.load-plans")) from None
    out, problems = [], []
    levels = set(vocabulary("level"))
    for n, item in enumerate(data.get("plans") or [], start=1):
        item = item if isinstance(item, dict) else {}
        period = item.get("period")
        period = period if isinstance(period, dict) else {}
        start, end = dates.parse_iso(period.get("start")), dates.parse_iso(period.get("end"))
        target = item.get("target")
        bad = []
        if not isinstance(item.get("id"), str):
            bad.append("thiếu id")
        if start is None or (period.get("end") is not None and end is None) or (end and end < start):
            bad.append("period cần {start: YYYY-MM-DD, end: YYYY-MM-DD} (end có thể bỏ trống), end không trước start")
        if isinstance(target, bool) or not isinstance(target, (int, float)) or not 0 < target <= 1:
            bad.append(f"target cần một số trong khoảng (0, 1], ví dụ 0.75; đang là '{target}'")
        if not item.get("levels") or not set(item.get("levels") or []) <= levels:
            bad.append(f"levels cần danh sách cấp: {', '.join(sorted(levels))}")
        if bad:
            problems.append(problem(path, 0, "bad-plan", "plans.load-plans", n=n, bad="; ".join(bad)))
            continue
        # checked above: start is a date, target a number
        out.append(Plan(id=item["id"], titles=dict(item.get("title") or {}), start=cast(dt.date, start), end=end,
                        target=float(cast(float, target)), levels=tuple(item["levels"]), interim=bool(item.get("interim")),
                        page=str(item.get("page") or "")))
    if problems:
        raise AckError(problems)
    return sorted(out, key=lambda p: p.start)


def plan_for(plans: list[Plan], day: dt.date) -> Plan | None:
    """The plan in force on `day` (the latest-starting one when periods overlap)."""
    found = [p for p in plans if p.covers(day)]
    return found[-1] if found else None
