"""Figures nobody can difference (scripts/acks/published.py), checked exactly.

The attacker knows every group's size exactly and every number published: each figure's
rounded counts (a superset of the percentages, the states and the chart geometry, which are
computed from them only). A group's count is determined only if every table of
acknowledgements consistent with all of that is the same there. For each small group the
search below finds a second table, verified exactly against every published number, where the
group's count differs: one build of the sample data, and two builds one reporter apart (the
newcomer's status for each update is such a group). A quick search for such a table comes
first; a group it does not settle goes to an exact integer program (HiGHS, `highspy`): the
largest and smallest count the group can have under every published number.
"""
from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass, field

import pytest
from conftest import ROOT

from scripts.acks import published
from scripts.acks.coverage import Coverage
from scripts.acks.plans import load_plans
from scripts.acks.roster import load_provinces, load_roster
from scripts.acks.updates import updates_from_tree
from scripts.model.tree import load_tree

AS_OF = dt.date(2026, 11, 29)
DATA = ROOT / "data"
SAMPLE = DATA / "sample-workspace"  # the fictional sample workspace


def coverage(roster_path, acks_dir) -> Coverage:
    provinces = load_provinces(SAMPLE / "provinces.csv")
    return Coverage(load_roster(roster_path, provinces), updates_from_tree(load_tree(ROOT / "docs")), acks_dir,
                    AS_OF, load_plans(DATA / "plans.yml"))


@dataclass
class Model:
    """Variables (a count each, 0..size) and constraints: the published count of a set of them."""
    size: dict = field(default_factory=dict)
    truth: dict = field(default_factory=dict)
    constraints: list = field(default_factory=list)  # (variables, group size, published acknowledged)
    by_var: dict = field(default_factory=dict)

    def add_constraint(self, variables, n, shown):
        k = len(self.constraints)
        self.constraints.append((frozenset(variables), n, shown))
        for v in variables:
            self.by_var.setdefault(v, []).append(k)

    def violated(self, moves: dict) -> set[int]:
        touched = {k for v in moves for k in self.by_var.get(v, ())}
        bad = set()
        for k in touched:
            variables, n, shown = self.constraints[k]
            total = sum(self.truth[v] + moves.get(v, 0) for v in variables)
            if shown not in published.roundings(total, n):
                bad.add(k)
        return bad

    def in_bounds(self, moves: dict) -> bool:
        return all(0 <= self.truth[v] + d <= self.size[v] for v, d in moves.items())

    def extreme(self, group, maximise: bool) -> int:
        """The exact largest (or smallest) count of `group` over every consistent table (MILP)."""
        import highspy
        import numpy as np
        names = sorted(self.size, key=repr)
        index = {v: i for i, v in enumerate(names)}
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        n = len(names)
        cost = np.zeros(n)
        for v in group:
            cost[index[v]] = 1.0
        none = np.array([], dtype=np.int32)
        h.addCols(n, cost, np.zeros(n), np.array([float(self.size[v]) for v in names]), 0, none, none, np.array([]))
        lower, upper, starts, cols = [], [], [], []
        for variables, size, shown in self.constraints:
            values = [t for t in range(0, size + 1) if shown in published.roundings(t, size)]
            lower.append(float(min(values)))
            upper.append(float(max(values)))
            assert values == list(range(min(values), max(values) + 1))  # an interval: one linear row
            starts.append(len(cols))
            cols += [index[v] for v in variables]
        h.addRows(len(lower), np.array(lower), np.array(upper), len(cols), np.array(starts, dtype=np.int32),
                  np.array(cols, dtype=np.int32), np.ones(len(cols)))
        h.changeColsIntegrality(n, np.arange(n, dtype=np.int32), np.array([highspy.HighsVarType.kInteger] * n))
        h.changeObjectiveSense(highspy.ObjSense.kMaximize if maximise else highspy.ObjSense.kMinimize)
        h.run()
        assert h.getModelStatus() == highspy.HighsModelStatus.kOptimal
        return round(h.getInfo().objective_function_value)

    def witness(self, group, direction: int, depth: int = 3) -> dict | None:
        """Moves (variable -> change) giving a consistent table whose count over `group` changes by
        `direction`; None when none was found within `depth` moves."""
        for start in sorted(group):
            moves = {start: direction}
            if not self.in_bounds(moves):
                continue
            found = self._repair(moves, group, depth - 1)
            if found is not None:
                return found
        return None

    def _repair(self, moves, group, depth):
        bad = self.violated(moves)
        if not bad:
            return moves
        if depth == 0:
            return None
        # compensate outside the group in one violated constraint, opposite way
        k = min(bad)
        variables, n, shown = self.constraints[k]
        total = sum(self.truth[v] + moves.get(v, 0) for v in variables)
        step = -1 if total > shown else 1
        for v in sorted(variables - set(group)):
            trial = dict(moves)
            trial[v] = trial.get(v, 0) + step
            if trial[v] == 0:
                del trial[v]
            if self.in_bounds(trial):
                found = self._repair(trial, group, depth - 1)
                if found is not None:
                    return found
        return None


def add_build(model: Model, figures, cells, rename=lambda c: c, extra=lambda f: ()):
    for c, (n, a) in cells.items():
        model.size.setdefault(rename(c), n)
        model.truth.setdefault(rename(c), a)
    for f in figures.values():
        if not f.hidden:
            model.add_constraint([rename(c) for c in f.cells] + list(extra(f)), f.audience, f.shown_acknowledged)


def small_groups(figures, cells):
    """(variables, size, acknowledged) of every group the guarantee covers: each unit cell and each
    figure's reporters, when smaller than MIN_EXTREME."""
    groups = {frozenset([c]): cells[c] for c in cells}
    for f in figures.values():
        groups[f.cells] = (f.audience, f.acknowledged)
    return [(g, n, a) for g, (n, a) in groups.items() if 0 < n < published.MIN_EXTREME]


def assert_guarantee(model: Model, groups, exact: bool = True):
    failures = []
    for group, n, a in groups:
        if n < published.K:  # its count must not be determined: some table moves it either way
            ok = model.witness(group, +1) is not None or model.witness(group, -1) is not None
            if not ok and exact:
                ok = model.extreme(group, True) > a or model.extreme(group, False) < a
        else:  # fewer than MIN_EXTREME: all or none must not be implied
            ok = a not in (0, n) or model.witness(group, +1 if a == 0 else -1) is not None
            if not ok and exact:
                ok = model.extreme(group, True) > 0 if a == 0 else model.extreme(group, False) < n
        if not ok:
            failures.append((sorted(group)[:3], n, a))
    assert failures == [], f"{len(failures)} small groups determined: {failures[:5]}"


def test_rounding_is_unbiased_keyed_and_never_pins_all():
    key = published.figure_key(b"x" * 32)
    assert published.roundings(15) == (15,) and published.roundings(16) == (15, 20)
    assert published.roundings(11, audience=11) == (10,)  # 15 would prove that all 11 acknowledged
    draws = [published.round_count(key, f"t{i}", 12) for i in range(2000)]
    assert set(draws) == {10, 15} and abs(sum(draws) / len(draws) - 12) < 0.2
    assert published.round_count(key, "same", 12) == published.round_count(key, "same", 12)
    other = published.figure_key(b"y" * 32)
    assert [published.round_count(key, f"t{i}", 12) for i in range(50)] != \
        [published.round_count(other, f"t{i}", 12) for i in range(50)]


def test_one_build_of_the_sample_determines_no_small_group():
    cov = coverage(SAMPLE / "reporters.csv", SAMPLE / "acks")
    cells = published.unit_cells(cov)
    key = published.figure_key(None, SAMPLE / "reporters.csv")
    figures = published.make_figures(cells, key)
    groups = small_groups(figures, cells)
    assert len(groups) > 100 and any(f.hidden for f in figures.values())
    assert all(f.hidden == (f.audience < published.K) for f in figures.values())
    model = Model()
    add_build(model, figures, cells)
    assert model.violated({}) == set()  # the truth is consistent with what was published
    assert_guarantee(model, groups)


def test_the_search_finds_a_determined_group_when_figures_are_exact():
    """The check can fail: with exact counts (no rounding) a hidden province is the difference."""
    cov = coverage(SAMPLE / "reporters.csv", SAMPLE / "acks")
    cells = published.unit_cells(cov)
    figures = published.make_figures(cells, published.figure_key(b"k" * 32))
    exact = {i: published.Figure(f.ident, f.cells, f.audience, f.acknowledged,
                                 None if f.hidden else f.audience, None if f.hidden else f.acknowledged)
             for i, f in figures.items()}
    model = Model()
    for f in exact.values():
        if not f.hidden:
            model.add_constraint(f.cells, f.audience, f.acknowledged)
    model.size.update({c: n for c, (n, a) in cells.items()})
    model.truth.update({c: a for c, (n, a) in cells.items()})
    # exact published counts are multiples of nothing: treat each as its own only rounding
    original = published.roundings
    try:
        published.roundings = lambda value, audience=None: (value,)
        with pytest.raises(AssertionError, match="small groups determined"):
            assert_guarantee(model, small_groups(exact, cells))
    finally:
        published.roundings = original


@pytest.mark.parametrize("secret", [b"s" * 32, None], ids=["secret-key", "roster-key"])
def test_two_builds_one_reporter_apart_determine_no_small_group_nor_the_newcomer(tmp_path, secret):
    roster = tmp_path / "reporters.csv"
    shutil.copy(SAMPLE / "reporters.csv", roster)
    acks = tmp_path / "acks"
    shutil.copytree(SAMPLE / "acks", acks)
    cov_a = coverage(roster, acks)
    key_a = published.figure_key(secret, roster)
    # the newcomer: a provincial reporter of Cao Bằng, who acknowledges one update
    with open(roster, "a", encoding="utf-8") as f:
        f.write("BCV-09999,Người Mới Mẫu,provincial,cao-bang,Công an Cao Bằng (đơn vị mẫu),"
                "bcv09999@example.invalid,0900 009 999,true,2026-01-01\n")
    rev = updates_from_tree(load_tree(ROOT / "docs"))["luat-pcmbn-2024"].revision  # the revision acknowledged today
    (acks / "2026-11-28-moi.csv").write_text("reporter_id,update_id,revision,acknowledged_at,channel,note\n"
                                             f"BCV-09999,luat-pcmbn-2024,{rev},2026-11-28T09:00:00+07:00,form,\n",
                                             encoding="utf-8")
    cov_b = coverage(roster, acks)
    key_b = published.figure_key(secret, roster)
    cells_a, cells_b = published.unit_cells(cov_a), published.unit_cells(cov_b)
    figures_a, figures_b = published.make_figures(cells_a, key_a), published.make_figures(cells_b, key_b)
    newcomer = {c: (cells_b[c][0] - cells_a.get(c, (0, 0))[0], cells_b[c][1] - cells_a.get(c, (0, 0))[1])
                for c in cells_b if cells_b[c] != cells_a.get(c)}
    assert newcomer and all(n == 1 for n, _ in newcomer.values())
    assert sorted(a for _, a in newcomer.values()) == [0] * (len(newcomer) - 1) + [1]
    model = Model()
    add_build(model, figures_a, cells_a)
    new = {c: ("new", *c) for c in newcomer}
    for c, (_n, a) in newcomer.items():
        model.size[new[c]], model.truth[new[c]] = 1, a
    for c, (_n, _a) in cells_b.items():
        if c not in cells_a:
            model.size[c], model.truth[c] = 0, 0
    add_build(model, figures_b, cells_b, extra=lambda f: [new[c] for c in f.cells if c in new])
    assert model.violated({}) == set()
    groups = small_groups(figures_a, cells_a) + small_groups(figures_b, cells_b)
    groups += [(frozenset([new[c]]), 1, a) for c, (n, a) in newcomer.items()]  # the newcomer's status
    assert_guarantee(model, groups)


def test_pages_say_nothing_but_the_published_figures(monkeypatch):
    """The aggregate `ack publish` writes (and so every page the build renders from it) is a function
    of publishable_figures (and dates, plans, titles): scrambling the exact counts of the coordinator's
    summary changes no byte of the aggregate, the summary or any detail page."""
    from scripts.acks import dashboard
    from scripts.acks.coverage import Coverage as Cov

    def build():
        doc = dashboard.aggregate(load_tree(ROOT / "docs"), SAMPLE / "reporters.csv", SAMPLE / "acks",
                                  DATA / "plans.yml", AS_OF)
        board = dashboard.Dashboard.from_aggregate(doc, load_tree(ROOT / "docs"))
        return doc, [board.summary(lang) for lang in ("vi", "en")] + \
            [board.detail(uid, lang) for uid in board.summaries for lang in ("vi", "en")]

    before_doc, before = build()
    exact = Cov.summary

    def scrambled(self, update, target=None):
        s = exact(self, update, target)
        for field_ in ("audience", "acknowledged", "stale", "pending", "evaluated", "evaluated_acknowledged"):
            s[field_] = 7
        s["coverage"] = s["evaluated_coverage"] = 0.123
        s["under_target"] = not s["under_target"]
        for table in (s["by_province"], s["by_level"]):
            for v in table.values():
                v.update(audience=3, acknowledged=1, coverage=1 / 3)
        return s
    monkeypatch.setattr(Cov, "summary", scrambled)
    after_doc, after = build()
    assert after_doc == before_doc and after == before
    assert all("≈" in p for p in before)
    assert dashboard.check_aggregate(before_doc) == []
