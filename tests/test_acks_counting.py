"""One counting rule: the report's byte-per-reporter scan (`Coverage`) and the status list
(`status`) read the log through the same rule (`coverage.revision_states`, `after_as_of`),
and on random logs both agree with the rule as the module's docstring states it, written
here the slow, obvious way.

Random rosters and logs (seeded, so a failure repeats): reporters of every level, inactive
ones, ones who joined after the date; rows for current, older, future, malformed and
unknown revisions, unknown reporters and updates, times on both sides of `as_of` (the last
second of the day included), duplicates and several rows per reporter.
"""
from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest
from support import ackfixtures as fx

from scripts.acks import DATA
from scripts.acks.coverage import Coverage, status
from scripts.acks.roster import load_provinces, load_roster
from scripts.acks.updates import Update

AS_OF = dt.date(2026, 11, 29)
LEVELS = ("central", "provincial", "commune")
PROVINCES = ("ha-noi", "cao-bang", "an-giang", "da-nang")
UPDATES = [Update("upd-a", 3, dt.date(2026, 3, 1), 30, ("central", "provincial")),
           Update("upd-b", 1, dt.date(2026, 6, 1), 45, LEVELS)]
TIMES = ["2026-01-05T08:00:00+07:00", "2026-06-10T10:30:00+07:00", "2026-11-29T23:59:59+07:00",
         "2026-11-30T00:00:00+07:00", "2027-01-01T09:00:00+07:00"]
REVISIONS = ["1", "2", "3", "4", "0", "x", ""]


def random_case(tmp_path: Path, seed: int):
    rng = random.Random(seed)
    rows = []
    for n in range(1, rng.randint(5, 40)):
        joined = rng.choice(["2024-01-01", "2026-05-01", "2026-11-29", "2026-12-01", ""])
        rows.append([f"R{n:03d}", f"Người Mẫu {n:03d}", rng.choice(LEVELS), rng.choice(PROVINCES), "Đơn vị mẫu",
                     f"r{n:03d}@example.invalid", f"0900 000 {n:03d}", rng.choice(["true", "true", "false"]), joined])
    ids = [r[0] for r in rows] + ["ZZZ"]
    log = [(rng.choice(ids), rng.choice(["upd-a", "upd-b", "upd-c"]), rng.choice(REVISIONS), rng.choice(TIMES),
            "form", "") for _ in range(rng.randint(0, 120))]
    roster_path = fx.write_roster(tmp_path / f"roster-{seed}.csv", rows)
    acks = tmp_path / f"acks-{seed}"
    fx.write_log(acks / "2026-log.csv", log)
    return load_roster(roster_path, load_provinces(DATA / "provinces.csv")), acks, log


def by_the_docstring(roster, update: Update, log) -> dict[str, str]:
    """reporter id -> acknowledged | stale | pending, read from the rule's words."""
    audience = {r.rid for r in roster.reporters
                if r.active and (r.joined is None or r.joined <= AS_OF) and r.level in update.audience}
    states = dict.fromkeys(audience, "pending")
    for rid, uid, rev, when, *_ in log:
        if rid not in audience or uid != update.id or dt.date.fromisoformat(when[:10]) > AS_OF:
            continue
        if rev == str(update.revision):
            states[rid] = "acknowledged"
        elif rev.isdigit() and 1 <= int(rev) < update.revision and states[rid] != "acknowledged":
            states[rid] = "stale"
    return states


@pytest.mark.parametrize("seed", range(25))
def test_report_and_status_count_as_the_rule_says(tmp_path, seed):
    roster, acks, log = random_case(tmp_path, seed)
    coverage = Coverage(roster, {u.id: u for u in UPDATES}, acks, AS_OF)
    for update in UPDATES:
        expected = by_the_docstring(roster, update, log)
        want = {s: sorted(r for r, v in expected.items() if v == s) for s in ("acknowledged", "stale", "pending")}
        listed = status(roster, update, acks, AS_OF)
        assert {s: listed[s] for s in want} == want
        summary = coverage.summary(update)
        assert (summary["audience"], summary["acknowledged"], summary["stale"], summary["pending"]) == \
            (len(expected), *(len(want[s]) for s in ("acknowledged", "stale", "pending")))
        people = {r.rid: r for r in roster.reporters}
        for code, figures in summary["by_province"].items():
            assert figures["acknowledged"] == sum(1 for r in want["acknowledged"]
                                                  if people[r].province == code and people[r].level != "central")


def test_the_random_cases_reach_every_state(tmp_path):
    """The cases above are not vacuous: across the seeds each state occurs for both updates
    (upd-b is at revision 1: it has no older revision to be stale on)."""
    seen = set()
    for seed in range(25):
        roster, _, log = random_case(tmp_path, seed)
        for update in UPDATES:
            seen |= {(update.id, s) for s in by_the_docstring(roster, update, log).values()}
    assert seen == {(u.id, s) for u in UPDATES for s in ("acknowledged", "stale", "pending")} - {("upd-b", "stale")}
