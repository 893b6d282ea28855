"""Figures nobody can difference: what the dashboard, its detail pages and the aggregate file
may publish about acknowledgements (plain Python, no MkDocs).

The guarantee (k = 5, stated in the dashboard's documentation): no combination of published
figures — every table, chart and its SVG geometry, every page and the aggregate file, of one
build or of two builds one reporter apart — determines how many of a group of fewer than
K reporters acknowledged an update, or tells that all or none of a group of fewer than
MIN_EXTREME reporters did. It holds against a reader who knows every group's size exactly.

The method (random rounding with small-group suppression, as national statistics offices do):
- Every count published (audience, acknowledged) is rounded to a multiple of BASE, up or down
  at random, with probabilities that keep it unbiased; a multiple of BASE stays as it is. The
  draw is keyed (HMAC-SHA256 of a key readers do not have: the acknowledgement secret, else a
  hash of the private roster) and seeded by the figure's reporters and its exact counts, so
  rebuilding the same data gives the same figures (no averaging over rebuilds) and a reader
  cannot recompute a draw. An "acknowledged" count is never rounded up past `audience + 3`,
  so a published figure can never pin "all of them" (up to BASE−1 of slack on both sides).
- A figure over fewer than K reporters is not published at all; the decision depends on the
  group's size only, never on its acknowledgements (a pattern of hidden cells tells nothing).
- Percentages, the state against the target and chart geometry are computed from the rounded
  counts only, bar widths rounded to whole units: they carry nothing the rounded counts do not.
Every figure is computed once here; the dashboard and `ack publish` only render it.

`tests/test_dashboard_privacy.py` checks the guarantee with an exact witness search over every
published number of one build of the sample data and of two builds one reporter apart: for
every small group it finds a second table of acknowledgements, consistent with every
published number, in which that group's count differs (or is not all/none).
"""
from __future__ import annotations

import hashlib
import hmac
import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from .coverage import ACKNOWLEDGED, Coverage

K = 5  # a group smaller than this: no figure
MIN_EXTREME = 10  # a group smaller than this: no figure may tell that all or none acknowledged
BASE = 5  # every published count is a multiple of this
METHOD = {"k": K, "min_extreme": MIN_EXTREME, "base": BASE, "rounding": "random, keyed, unbiased"}


# --------------------------------------------------------------------------- rounding
def _draw(key: bytes, ident: str) -> float:
    digest = hmac.digest(key, ident.encode("utf-8"), "sha256")
    return int.from_bytes(digest[:8], "big") / 2 ** 64


def roundings(value: int, audience: int | None = None) -> tuple[int, ...]:
    """Every count `value` may be published as (the reader's view of the rule): itself when a
    multiple of BASE, else the multiples below and above it; for an acknowledged count of a group
    of `audience`, never a multiple so far above that it would prove everyone acknowledged."""
    low = value - value % BASE
    if low == value:
        return (value,)
    high = low + BASE
    if audience is not None and high - (BASE - 1) >= audience:
        return (low,)
    return (low, high)


def round_count(key: bytes, ident: str, value: int, audience: int | None = None) -> int:
    """`value` randomly rounded to a multiple of BASE (unbiased: up with probability value % BASE / BASE)."""
    options = roundings(value, audience)
    if len(options) == 1:
        return options[0]
    up = (value % BASE) / BASE
    return options[1] if _draw(key, ident) < up else options[0]


def figure_key(secret: bytes | None = None, roster: Path | str | None = None) -> bytes:
    """The rounding key: the acknowledgement secret (stable: a figure is drawn once), else a hash of
    the private roster file (drawn again whenever the roster changes), else a fixed key for
    fictional data (a warning: the guarantee then holds only while no reader knows the key)."""
    if secret:
        return hashlib.sha256(b"handbook-figures\n" + secret).digest()
    if roster and Path(roster).is_file():
        digest = hashlib.sha256(b"handbook-figures-roster\n")
        with open(roster, "rb") as f:
            while chunk := f.read(1 << 20):
                digest.update(chunk)
        return digest.digest()
    return hashlib.sha256(b"handbook-figures-fixed").digest()


def key_from_environment(roster: Path | str | None = None) -> bytes:
    secret = os.environ.get("HANDBOOK_ACK_SECRET", "").strip().encode("utf-8") or None
    if secret is None and os.environ.get("HANDBOOK_ACK_SECRET_FILE"):
        try:
            secret = Path(os.environ["HANDBOOK_ACK_SECRET_FILE"]).read_bytes().strip() or None
        except OSError:
            secret = None
    return figure_key(secret, roster)


# --------------------------------------------------------------------------- figures
Cell = tuple  # (update id, province code or "", level): the finest group the data has


@dataclass(frozen=True)
class Figure:
    """One published figure: the reporters it counts (as unit cells), exact and published counts."""
    ident: tuple  # ("update", uid) | ("level", uid, level) | ("province", uid, code) | ("province-all", code)
    cells: frozenset
    audience: int
    acknowledged: int
    shown_audience: int | None  # None: not published (fewer than K reporters)
    shown_acknowledged: int | None

    @property
    def hidden(self) -> bool:
        return self.shown_audience is None

    @property
    def coverage(self) -> int | None:
        """Whole percent of the published counts (never above 100), rounded down."""
        if self.hidden or not self.shown_audience:
            return None
        shown_ack = cast(int, self.shown_acknowledged)  # published together with shown_audience
        return math.floor(100 * min(shown_ack, self.shown_audience) / self.shown_audience + 1e-9)

    @property
    def shown_pair(self) -> tuple[int, int] | None:
        if self.hidden:
            return None
        # published: both counts are set
        shown_ack, shown_aud = cast(int, self.shown_acknowledged), cast(int, self.shown_audience)
        return min(shown_ack, shown_aud), shown_aud


def unit_cells(cov: Coverage) -> dict[Cell, tuple[int, int]]:
    """(audience, acknowledged) of every (update, province, level) cell; central reporters form one
    cell per update (they count by level, never inside a province)."""
    cells: dict[Cell, list[int]] = {}
    for uid, update in cov.updates.items():
        state = cov.state[uid]
        levels = set(update.audience)
        for lv, pr, lo, hi, _ in cov.groups:
            if lv not in levels:
                continue
            cell = (uid, "" if lv == "central" else pr, lv)
            c = cells.setdefault(cell, [0, 0])
            c[0] += hi - lo
            c[1] += state.count(ACKNOWLEDGED, lo, hi)
    return {k: (v[0], v[1]) for k, v in cells.items()}


def groupings(cells) -> dict[tuple, frozenset]:
    """Every published figure's unit cells: per update, per update and level, per update and
    province, per province over every update."""
    out: dict[tuple, set] = {}
    for cell in cells:
        uid, pr, lv = cell
        out.setdefault(("update", uid), set()).add(cell)
        out.setdefault(("level", uid, lv), set()).add(cell)
        if pr:
            out.setdefault(("province", uid, pr), set()).add(cell)
            out.setdefault(("province-all", pr), set()).add(cell)
    return {k: frozenset(v) for k, v in out.items()}


def make_figures(cells: dict[Cell, tuple[int, int]], key: bytes) -> dict[tuple, Figure]:
    """Every published figure from the unit cells (exact), rounded and suppressed."""
    figures = {}
    for ident, members in groupings(cells).items():
        n = sum(cells[c][0] for c in members)
        a = sum(cells[c][1] for c in members)
        # one draw per set of reporters and exact counts: the same group is the same figure everywhere
        seed = "|".join("/".join(c) for c in sorted(members))
        if n < K:
            figures[ident] = Figure(ident, members, n, a, None, None)
            continue
        figures[ident] = Figure(ident, members, n, a, round_count(key, f"n|{n}|{seed}", n),
                                round_count(key, f"a|{a}|{n}|{seed}", a, audience=n))
    return figures


def publishable_figures(cov: Coverage, key: bytes, given_target: float | None = None, log_check=None) -> dict:
    """Everything the dashboard and the aggregate file may publish, already rounded and suppressed
    (JSON-ready). A hidden figure is None. Counts are multiples of BASE; `coverage` whole percent.

    {"method": {...}, "as_of": "YYYY-MM-DD", "audience": int (reporters in some update's audience,
     rounded), "updates": {uid: {"audience", "acknowledged", "coverage", "state",
     "by_level": {level: figure | None}, "by_province": {code: figure | None}}},
     "by_province": {code: figure | None}, "log": "verified" | "tampered" | "unchained" | None}
    (figure = {"audience", "acknowledged", "coverage"}). `log_check` (log.verify's result) gives only
    its state: the log's row and file counts would be exact figures.
    """
    figures = make_figures(unit_cells(cov), key)
    people = sum(1 for r in cov.people if any(r.level in u.audience for u in cov.updates.values()))

    def fig(ident):
        f = figures.get(ident)
        if f is None or f.hidden:
            return None
        shown_ack, shown_aud = cast(tuple[int, int], f.shown_pair)  # not hidden
        return {"audience": shown_aud, "acknowledged": shown_ack, "coverage": f.coverage}

    order = {c: i for i, c in enumerate(cov.roster.provinces.codes())}
    updates = {}
    for uid, u in cov.updates.items():
        overall = fig(("update", uid)) or {"audience": None, "acknowledged": None, "coverage": None}
        target = cov.target(u, given_target)
        overdue = cov.as_of > u.due
        pct = overall["coverage"]
        state = "not_due" if not overdue else None if pct is None else "under" if pct < round(target * 100) else "ok"
        codes = sorted({i[2] for i in figures if i[0] == "province" and i[1] == uid}, key=lambda c: order.get(c, 999))
        updates[uid] = {**overall, "state": state, "target": target, "overdue": overdue,
                        "by_level": {i[2]: fig(i) for i in figures if i[0] == "level" and i[1] == uid},
                        "by_province": {c: fig(("province", uid, c)) for c in codes}}
    codes = sorted({i[1] for i in figures if i[0] == "province-all"}, key=lambda c: order.get(c, 999))
    return {"method": METHOD, "as_of": cov.as_of.isoformat(),
            "audience": round_count(key, f"people|{people}", people),
            "updates": updates, "by_province": {c: fig(("province-all", c)) for c in codes},
            "log": _log_state(log_check)}


def _log_state(check) -> str | None:
    if check is None or not check.files:
        return None
    return "tampered" if check.problems else "unchained" if check.unchained_only else "verified"


__all__ = ["publishable_figures", "make_figures", "unit_cells", "groupings", "roundings", "round_count",
           "figure_key", "key_from_environment", "Figure", "K", "MIN_EXTREME", "BASE", "METHOD"]
