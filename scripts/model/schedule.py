"""Session plans: the timetable of a training day, computed from its modules' minutes.

A plan's front matter names a start time (`start: "08:00"`) and its blocks in order:
a module id (`- khung-phap-ly`), a module with a note (`- {module: id, note: "…"}`) or a
break (`- break: 15`, optionally `{break: 60, label: lunch}`). Each module lasts its
`teaching` + `exercises` minutes, so changing a module's minutes moves every time after
it. Opening, review, practice and closing slots are `{activity: practice, minutes: 60}`. Shared by
the checks (what is wrong with a plan) and the renderer (the timetable).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .nav import entries as nav_entries

if TYPE_CHECKING:
    from .tree import Page, Tree

CLOCK_RE = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
BREAK_LABELS = ("break", "lunch")  # vocabulary "break_label" in the locale files
ACTIVITIES = ("opening", "review", "practice", "closing")  # vocabulary "activity" in the locale files


def parse_clock(value: Any) -> int | None:
    """"08:00" -> minutes after midnight; None when it is not HH:MM."""
    m = CLOCK_RE.match(str(value).strip()) if isinstance(value, (str, int)) else None
    return int(m.group(1)) * 60 + int(m.group(2)) if m else None


def clock(minutes: int) -> str:
    """Minutes after midnight -> "HH:MM" (past midnight wraps round)."""
    minutes %= 24 * 60
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@dataclass
class Block:
    kind: str  # "module", "break" or "activity"
    index: int  # position in the plan's `blocks` list
    module_id: str | None = None
    note: str | None = None
    label: str = "break"
    minutes: int = 0
    teaching: int = 0
    exercises: int = 0
    start: int = 0  # minutes after midnight
    page: Page | None = None  # the module's Page in the plan's language, when it exists

    @property
    def end(self) -> int:
        return self.start + self.minutes


@dataclass
class Timetable:
    start: int
    blocks: list[Block] = field(default_factory=list)

    @property
    def end(self) -> int:
        return self.blocks[-1].end if self.blocks else self.start

    @property
    def total(self) -> int:
        return self.end - self.start

    def sum(self, attr: str, kind: str | None = None) -> int:
        return sum(getattr(b, attr) for b in self.blocks if kind is None or b.kind == kind)


def parse_block(item: Any, index: int) -> Block | str:
    """One entry of `blocks` -> a Block, or a Vietnamese explanation of what is wrong with it."""
    if isinstance(item, str):
        return Block("module", index, module_id=item)
    if isinstance(item, dict):
        keys = set(item)
        if "module" in item and keys <= {"module", "note"}:
            if not isinstance(item["module"], str):
                return "'module' cần một id bài, ví dụ 'module: khung-phap-ly'"
            note = item.get("note")
            if note is not None and not isinstance(note, str):
                return "'note' cần một đoạn chữ"
            return Block("module", index, module_id=item["module"], note=note)
        if "break" in item and keys <= {"break", "label"}:
            minutes = item["break"]
            if not isinstance(minutes, int) or isinstance(minutes, bool) or minutes <= 0:
                return f"'break' cần số phút nghỉ (số nguyên dương), ví dụ 'break: 15'; đang là '{minutes}'"
            label = item.get("label", "break")
            if label not in BREAK_LABELS:
                return f"'label' của giờ nghỉ là một trong: {', '.join(BREAK_LABELS)}; đang là '{label}'"
            return Block("break", index, label=label, minutes=minutes)
        if "activity" in item and keys <= {"activity", "minutes"}:
            minutes = item.get("minutes")
            if item["activity"] not in ACTIVITIES:
                return f"'activity' là một trong: {', '.join(ACTIVITIES)}; đang là '{item['activity']}'"
            if not isinstance(minutes, int) or isinstance(minutes, bool) or minutes <= 0:
                return f"hoạt động '{item['activity']}' cần 'minutes' (số phút, số nguyên dương); đang là '{minutes}'"
            return Block("activity", index, label=item["activity"], minutes=minutes)
    return ("mỗi phần là '- id-bai', '- {module: id-bai, note: \"…\"}', '- break: 15' "
            "hoặc '- {activity: opening, minutes: 15}'; "
            f"thấy '{item}'")


def _minutes(page: Page | None, key: str) -> int:
    value = page.get(key) if page is not None else None
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0


def timetable(plan: Page, tree: Tree, lang: str) -> Timetable:
    """The plan's timetable in `lang` (modules looked up by id; malformed blocks skipped)."""
    start = parse_clock(plan.get("start"))
    table = Timetable(start=start if start is not None else 8 * 60)
    at = table.start
    items = plan.get("blocks")
    for index, item in enumerate(items if isinstance(items, list) else []):
        block = parse_block(item, index)
        if isinstance(block, str):
            continue
        if block.kind == "module":
            page = tree.page(block.module_id, lang)
            block.page = page
            block.teaching, block.exercises = _minutes(page, "teaching"), _minutes(page, "exercises")
            block.minutes = block.teaching + block.exercises
        block.start = at
        at = block.end
        table.blocks.append(block)
    return table


def module_order(nav: Any, tree: Tree, lang: str) -> list[Page]:
    """The module pages in nav order (then any not in the nav, by id), in `lang`."""
    stems = [path[:-3] for path in nav_entries(nav) if path.endswith(".md")]
    modules = [p for p in tree.pages if p.lang == lang and p.get("type") == "module" and p.stem]
    rank: dict[str | None, int] = {stem: i for i, stem in enumerate(stems)}
    return sorted(modules, key=lambda p: (rank.get(p.stem, len(rank)), str(p.id)))
