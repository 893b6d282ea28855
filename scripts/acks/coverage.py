"""Who has acknowledged what: status of one update, coverage report of all.

Counting rules (also in data/README.md):
- The audience of an update is every reporter who is active, joined on or
  before `as_of` (or has no joined date), and whose level is in `ack.audience`.
- A reporter has *acknowledged* when the log has a row for the update's current
  revision dated on or before `as_of`; *stale* when they acknowledged only an
  older revision; *pending* otherwise. acknowledged + stale + pending = audience;
  coverage = acknowledged / audience.
- Due date of an update = published + `ack.due` days. A reporter who joined after
  that date has their own due date: joined + `ack.due` days.
- An update is *overdue* when `as_of` is after its due date. It is evaluated
  against the target using only the reporters whose own due date has passed
  (`evaluated`, `evaluated_acknowledged`, `evaluated_coverage`); `under_target`
  is true when it is overdue and that coverage is below the target.
- The target of an update is that of the plan in force on its due date
  (`data/plans.yml`, see plans.py), unless one is given (`--target`).
- Coverage figures are exact fractions; only tables round them.

What one log row says is written once (`revision_states`, `after_as_of`) and read by both the
report's scan and `status`; tests/test_acks_counting.py holds both to the rule on random logs.
"""
from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from pathlib import Path
from typing import Any, cast

from ..model.languages import vocabulary
from . import Problem
from . import log as acklog
from .plans import Plan, plan_for
from .roster import Reporter, Roster
from .updates import Update

ACKNOWLEDGED, STALE = 2, 1
_MIN = dt.date.min


DEFAULT_TARGET = 0.75  # when no plan covers an update's due date and none is given


# A log bigger than this is read by two processes when two CPUs are free to us (2,000,000 rows
# are about 130 MB; the tests' logs are far smaller and are read in one process).
PARALLEL_MIN_BYTES = 48 * 1024 * 1024
_FORKED = None  # the Coverage a forked worker scans for (set only while the pool runs)
_UP = bytes.maketrans(b"\x02", b"\x03")  # acknowledged = 0b11 covers stale = 0b01: states merge by OR
_DOWN = bytes.maketrans(b"\x03", b"\x02")


def _processes(files) -> int:
    """How many processes read `files` (log.processes: two for a log of PARALLEL_MIN_BYTES or more)."""
    return acklog.processes(files, PARALLEL_MIN_BYTES)


def _split(files, n: int) -> list[list]:
    """`files` in n runs of consecutive files of about equal size (file order kept)."""
    if n < 2 or len(files) < 2:
        return [files]
    sizes = []
    for p in files:
        try:
            sizes.append(p.stat().st_size)
        except OSError:
            sizes.append(0)
    half, acc = sum(sizes) / 2, 0
    for k, size in enumerate(sizes):
        acc += size
        if acc >= half:
            cut = min(max(k + 1, 1), len(files) - 1)
            return [files[:cut], files[cut:]]
    return [files]


def _scan_part(files):
    """In a forked worker: the states of one run of log files, from zero; warnings returned, not printed."""
    cov = cast(Coverage, _FORKED)  # set by the parent before the pool forks
    cov.state = {uid: bytearray(len(cov.people)) for uid in cov.updates}
    cov.last_old = {uid: {} for uid in cov.updates}
    warnings: list[Problem] = []
    cov._scan_files(files, warnings.append)
    return {uid: bytes(s) for uid, s in cov.state.items()}, cov.last_old, warnings


def _ratio(a: int, b: int):
    return a / b if b else None


# ---- the counting rule: what one log row says, written once for the report and for status --

def revision_states(current: int) -> dict[str, int]:
    """The log's revision text -> the state a row gives its reporter for an update whose
    current revision is `current`: the current revision acknowledges, an older one (1 or
    more) makes stale, anything else counts for nothing. Revisions are compared as the
    importer writes them (a whole number, no leading zero or space)."""
    return {str(n): STALE for n in range(1, current)} | {str(current): ACKNOWLEDGED}


def after_as_of(as_of: dt.date) -> str:
    """A row counts when its time is not after this bound (`when > bound`: not counted). ISO
    times sort as text, and no time of the as_of day sorts after as_of + U+10FFFF."""
    return as_of.isoformat() + "\U0010ffff"


class Coverage:
    """The log folded into one byte per (update, reporter): 0 pending, 1 stale, 2 acknowledged.

    Reporters are indexed in (level, province, joined) order so that every count
    is a `bytearray.count` over a contiguous slice.
    """

    def __init__(self, roster: Roster, updates: dict[str, Update], acks_dir: Path | str, as_of: dt.date,
                 plans: list[Plan] | None = None):
        self.roster, self.updates, self.as_of, self.plans = roster, updates, as_of, plans or []
        level_order = {lv: i for i, lv in enumerate(vocabulary("level"))}
        people = sorted(roster.counted(as_of),
                        key=lambda r: (level_order[r.level], r.province, r.joined or _MIN, r.rid))
        self.people: list[Reporter] = people
        self.index = {r.rid: i for i, r in enumerate(people)}
        # groups: (level, province, lo, hi, joined dates)
        self.groups: list[tuple[str, str, int, int, list]] = []
        i = 0
        while i < len(people):
            lv, pr = people[i].level, people[i].province
            j = i
            while j < len(people) and people[j].level == lv and people[j].province == pr:
                j += 1
            self.groups.append((lv, pr, i, j, [p.joined or _MIN for p in people[i:j]]))
            i = j
        self.state = {uid: bytearray(len(people)) for uid in updates}
        # the newest older revision each stale reporter acknowledged: {update id: {person index: revision}}
        self.last_old: dict[str, dict[int, int]] = {uid: {} for uid in updates}
        self._scan(acks_dir)

    def _scan(self, acks_dir):
        files = acklog.log_files(acks_dir)
        groups = _split(files, _processes(files))
        if len(groups) < 2:
            self._scan_files(files)
            return
        # A big log is read by two processes (the figures are the same: states merge by maximum).
        global _FORKED
        _FORKED = self
        try:
            import multiprocessing
            with multiprocessing.get_context("fork").Pool(len(groups)) as pool:
                parts = pool.map(_scan_part, groups)
        finally:
            _FORKED = None
        n = len(self.people)
        for uid, state in self.state.items():
            merged = 0
            for states, _, _ in parts:
                merged |= int.from_bytes(states[uid].translate(_UP), "big")
            state[:] = merged.to_bytes(n, "big").translate(_DOWN) if n else b""
            old = self.last_old[uid]
            for _, olds, _ in parts:
                for i, rev in olds[uid].items():
                    if rev > old.get(i, 0):
                        old[i] = rev
        for _, _, warnings in parts:  # in file order, as one process would print them
            for problem in warnings:
                acklog._stderr(problem)

    def _scan_files(self, files, warn=None):
        index = self.index
        after = after_as_of(self.as_of)
        table = {uid: (self.state[uid], revision_states(u.revision), self.last_old[uid])
                 for uid, u in self.updates.items()}
        get_i, get_u = index.get, table.get
        for row in acklog.iter_paths_rows(files, warn, raw=True):
            if len(row) < 4:
                continue
            entry = get_u(row[1])
            if entry is None:
                continue
            i = get_i(row[0])
            if i is None or row[3] > after:
                continue
            state, states, old = entry
            new = states.get(row[2])
            if new is None or state[i] == ACKNOWLEDGED:
                continue
            state[i] = new
            if new == STALE:
                n = int(row[2])
                if n > old.get(i, 0):
                    old[i] = n

    # ----------------------------------------------------------------- one update

    def plan(self, update: Update) -> Plan | None:
        return plan_for(self.plans, update.due)

    def target(self, update: Update, given: float | None = None) -> float:
        plan = self.plan(update)
        return given if given is not None else plan.target if plan else DEFAULT_TARGET

    def summary(self, update: Update, target: float | None = None) -> dict:
        plan = self.plan(update)
        target = self.target(update, target)
        state = self.state[update.id]
        audience_levels = set(update.audience)
        overdue = self.as_of > update.due
        threshold = max(update.due, self.as_of - dt.timedelta(days=update.due_days + 1))
        aud = ack = stale = ev = ev_ack = 0
        by_province: dict[str, list[int]] = {}
        by_level: dict[str, list[int]] = {lv: [0, 0] for lv in vocabulary("level") if lv in audience_levels}
        for lv, pr, lo, hi, joined in self.groups:
            if lv not in audience_levels:
                continue
            n, a = hi - lo, state.count(ACKNOWLEDGED, lo, hi)
            aud += n
            ack += a
            stale += state.count(STALE, lo, hi)
            if pr and lv != "central":  # central reporters count under their level, never inside a province
                p = by_province.setdefault(pr, [0, 0])
                p[0] += n
                p[1] += a
            by_level[lv][0] += n
            by_level[lv][1] += a
            if overdue:
                k = bisect_right(joined, threshold)
                ev += k
                ev_ack += state.count(ACKNOWLEDGED, lo, lo + k)
        ev_cov = _ratio(ev_ack, ev)
        order = {c: i for i, c in enumerate(self.roster.provinces.codes())}
        return {
            "id": update.id,
            "title": update.title,
            "title_en": update.title_en,
            "revision": update.revision,
            "published": update.published.isoformat(),
            "due": update.due.isoformat(),
            "due_days": update.due_days,
            "overdue": overdue,
            "audience_levels": list(update.audience),
            "audience": aud,
            "acknowledged": ack,
            "stale": stale,
            "pending": aud - ack - stale,
            "coverage": _ratio(ack, aud),
            "evaluated": ev,
            "evaluated_acknowledged": ev_ack,
            "evaluated_coverage": ev_cov,
            "under_target": bool(overdue and ev and ev_cov < target),
            "target": target,
            "plan": plan.id if plan else None,
            "by_province": {c: {"audience": v[0], "acknowledged": v[1], "coverage": _ratio(v[1], v[0])}
                            for c, v in sorted(by_province.items(), key=lambda kv: order.get(kv[0], 999))},
            "by_level": {lv: {"audience": v[0], "acknowledged": v[1], "coverage": _ratio(v[1], v[0])}
                         for lv, v in by_level.items()},
        }

    def report(self, target: float | None = None, only: list[str] | None = None) -> dict:
        """Every update's summary; `target` overrides the plans' targets when given."""
        ids = only or list(self.updates)
        current = plan_for(self.plans, self.as_of)
        overall = target if target is not None else current.target if current else DEFAULT_TARGET
        return {"target": overall, "as_of": self.as_of.isoformat(), "plan": current.id if current else None,
                "updates": [self.summary(self.updates[u], target) for u in ids]}


def report(roster: Roster, updates: dict[str, Update], acks_dir, as_of: dt.date, target: float | None = None,
           plans: list[Plan] | None = None) -> dict:
    """The `report --format json` document."""
    return Coverage(roster, updates, acks_dir, as_of, plans).report(target)


def status(roster: Roster, update: Update, acks_dir, as_of: dt.date) -> dict:
    """Acknowledged, stale and pending reporters of one update, with details for display.

    Returns {"id", "revision", "as_of", "due", "audience", "coverage", "acknowledged": [ids],
    "stale": [ids], "pending": [ids], "people": {id: {...}}}; id lists sorted.
    """
    members = {r.rid: r for r in roster.counted(as_of) if r.level in update.audience}
    as_of_s, after, states = as_of.isoformat(), after_as_of(as_of), revision_states(update.revision)
    first_ack: dict[str, str] = {}
    best_old: dict[str, tuple[int, str]] = {}
    for rid, uid, rev, when in acklog.iter_rows(acks_dir):
        if uid != update.id or rid not in members or when > after:
            continue
        rev_state = states.get(rev)
        if rev_state == ACKNOWLEDGED:
            if rid not in first_ack or when < first_ack[rid]:
                first_ack[rid] = when
        elif rev_state == STALE and (rid not in best_old or (int(rev), when) > best_old[rid]):
            best_old[rid] = (int(rev), when)
    acknowledged = sorted(first_ack)
    stale = sorted(r for r in best_old if r not in first_ack)
    pending = sorted(r for r in members if r not in first_ack and r not in best_old)
    people: dict[str, dict[str, Any]] = {}
    for rid, r in members.items():
        own_due = update.own_due(r.joined)
        state = "acknowledged" if rid in first_ack else "stale" if rid in best_old else "pending"
        people[rid] = {
            "full_name": r.full_name, "level": r.level, "province": r.province, "unit": r.unit,
            "email": r.email, "phone": r.phone, "state": state, "due": own_due.isoformat(),
            "overdue": state != "acknowledged" and as_of > own_due,
            "acknowledged_at": first_ack.get(rid, best_old.get(rid, (0, ""))[1]),
            "acknowledged_revision": update.revision if rid in first_ack else best_old.get(rid, (None,))[0],
        }
    return {"id": update.id, "revision": update.revision, "as_of": as_of_s, "due": update.due.isoformat(),
            "audience": len(members), "coverage": _ratio(len(acknowledged), len(members)),
            "acknowledged": acknowledged, "stale": stale, "pending": pending, "people": people}
