"""The acknowledgement dashboard (plain Python, no MkDocs): one summary page per language
and one detail page per update, so each page stays small as updates accumulate.

Two halves, so that the site never reads personal data:
- `aggregate(...)` (run by `ack publish` in the coordinator's workspace) computes the
  figures from the roster and the log and returns the ONE aggregate document written to
  the content repository (`data/dashboard.json`): small cells already suppressed, no
  reporter id, name, e-mail or phone, only counts of groups and whole percentages, the
  as-of date and the plans inside. `check_aggregate` is its allow-list: any other key or
  value type is refused.
- `Dashboard.from_aggregate(doc, tree)` (the build) renders it: `summary(lang)` and
  `detail(update_id, lang)` return Markdown with inline SVG bar charts (readable without
  JavaScript and at 360 px: the name and the figure on one line above each bar, text
  >= 12 px, a dashed target line, <title>/<desc>) and tables as their text alternative.

Aggregates only: no reporter id, name, email or phone ever appears. Every number the
aggregate holds comes from `published.publishable_figures` (counts randomly rounded to
multiples of 5 with a key readers do not have, groups under 5 reporters hidden by size): no
combination of them, of one build or of two, tells the status of a group under 5 or that a
group under 10 acknowledged all or none (scripts/acks/published.py states the guarantee,
tests/test_dashboard_privacy.py checks it with an exact solver). Percentages, states and bar
widths are computed from those rounded counts only, so the pages, the feed and the aggregate
carry nothing more. (`suppress`, the older cell suppression, is kept for tables a coordinator
shares outside the site; the published figures do not use it.)
"""
from __future__ import annotations

import datetime as dt
import html
import logging
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from ..model import dates
from ..model.languages import DEFAULT_LANGUAGE, label, strings, vocabulary
from ..model.tree import Tree
from ..render.sanitize import generated_block
from . import DATA, AckError, Problem, published, today
from .coverage import Coverage
from .messages import problem
from .plans import Plan, load_plans, plan_for
from .roster import Provinces, load_provinces, load_roster
from .updates import Update, updates_from_tree

log = logging.getLogger("mkdocs.plugins.ack_dashboard")

MIN_GROUP = published.K  # a group this small would let a reader infer one person's status: no figure
MIN_EXTREME = published.MIN_EXTREME  # no figure may tell that all or none of a group this small acknowledged
DETAIL_DIR = "dashboard"  # detail pages live under the summary page: /dashboard/<update id>/


# -- small-cell suppression --------------------------------------------------------------------
def _primary(aud: int, ack: int) -> bool:
    return 0 < aud < MIN_GROUP or (0 < aud < MIN_EXTREME and ack in (0, aud))


def suppress(cells: dict[tuple, tuple[int, int]]) -> set[tuple]:
    """The (row, column) cells of a table to hide, given {(row, col): (audience, acknowledged)}.

    Rows and columns both have published totals (a province over all updates, an update
    over all provinces), so a line with exactly one hidden cell gets a second one hidden:
    the smallest shown cell of that line.
    """
    hidden = {k for k, (aud, ack) in cells.items() if _primary(aud, ack)}
    lines: dict[tuple, list[tuple]] = {}
    for key, (aud, _) in cells.items():
        if aud > 0:
            lines.setdefault(("row", key[0]), []).append(key)
            lines.setdefault(("col", key[1]), []).append(key)
    changed = True
    while changed:
        changed = False
        for keys in lines.values():
            shown = [k for k in keys if k not in hidden]
            if len(keys) - len(shown) == 1 and shown:
                hidden.add(min(shown, key=lambda k: (cells[k][0], k)))
                changed = True
    return hidden


def percent(v) -> int | None:
    """Whole percent, rounded down: 74.9% shows as 74%, never as the 75% target it misses."""
    return None if v is None else math.floor(v * 100 + 1e-9)


def _pct(v) -> str:
    return "—" if v is None else f"{percent(v)}%"


def _esc(text) -> str:
    return html.escape(str(text), quote=True)


# -- charts ----------------------------------------------------------------------------------------
WIDTH, ROW, FONT = 360, 44, 14  # viewBox units; shown at most 1.4x, at least 0.9x on a 360 px phone
CHAR = 8.2  # a generous average advance of a 14-unit system-ui glyph (Vietnamese capitals, digits)


def bar_chart(rows: list[tuple], target: float, title: str, desc: str, lang: str, chart_id: str) -> str:
    """Horizontal bars: rows of (label, fraction or None when hidden, figure text, warn). The label
    (left) and the figure (right-aligned) share the line above the bar, so the figure is never cut
    at the chart's edge whatever its length; a long label is shortened to the room the figure leaves.
    `warn` adds ⚠ (an update overdue and under its target); a bar is red only then or, with warn None
    (provinces), whenever it is under the target line."""
    t = strings(lang, "dashboard")
    bar_w, top = WIDTH, 28
    height = top + ROW * len(rows) + 8
    tx = round(bar_w * target)
    out = [f'<figure class="ack-chart" id="{chart_id}">',
           f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{chart_id}-t {chart_id}-d" '
           f'viewBox="0 0 {WIDTH} {height}" width="100%" style="max-width:{WIDTH * 1.4:.0f}px" '
           f'font-size="{FONT}" font-family="system-ui, sans-serif">',
           f'<title id="{chart_id}-t">{_esc(title)}</title>', f'<desc id="{chart_id}-d">{_esc(desc)}</desc>']
    for i, row in enumerate(rows):
        name, value, text = row[:3]
        warn = row[3] if len(row) > 3 else None
        y = top + i * ROW
        figure = text + (" ⚠" if warn else "")
        room = max(6, int((WIDTH - CHAR * (len(figure) + 1)) / CHAR))
        short = name if len(name) <= room else name[:room - 1].rstrip() + "…"
        below = value is not None and (warn if warn is not None else value < target)
        # the full name as a tooltip only where the label is cut (every figure is shown as text)
        tip = f"<title>{_esc(name)}</title>" if short != name else ""
        out.append(f'<g>{tip}'
                   f'<text x="0" y="{y + 14}" fill="currentColor">{_esc(short)}</text>'
                   f'<text x="{WIDTH - 2}" y="{y + 14}" text-anchor="end" fill="currentColor">{_esc(figure)}</text>'
                   f'<rect x="0" y="{y + 20}" width="{bar_w}" height="16" fill="#9e9e9e" fill-opacity="0.18"/>')
        if value is not None and round(bar_w * value) > 0:  # a 0% bar draws nothing
            colour = "#c62828" if below else "#2e7d32"
            # whole units, from the shown percentage: the geometry says no more than the text
            out.append(f'<rect x="0" y="{y + 20}" width="{round(bar_w * value)}" height="16" fill="{colour}"/>')
        out.append("</g>")
    out.append(f'<line x1="{tx}" y1="{top - 4}" x2="{tx}" y2="{height - 4}" stroke="currentColor" '
               'stroke-width="2" stroke-dasharray="5 4"/>')
    anchor = "end" if target > 0.6 else "start"
    out.append(f'<text x="{tx}" y="{top - 10}" text-anchor="{anchor}" fill="currentColor" font-weight="bold">'
               f'{_esc(t["target"].format(target=_pct(target)))}</text>')
    out.append("</svg>")
    out.append(f"<figcaption>{_esc(desc)}</figcaption>")
    out.append("</figure>")
    return generated_block("\n".join(out))  # the build's own SVG: inserted after the page is sanitised


def _table(header, rows) -> str:
    def cell(c):
        return str(c).replace("|", "\\|")
    # numbers are right-aligned by handbook.css (one rule, not a style attribute per cell: page weight)
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(["---"] * len(header)) + "|"]
    lines += ["| " + " | ".join(cell(c) for c in r) + " |" for r in rows]
    return "\n".join(lines)


# -- the aggregate (ack publish) ---------------------------------------------------------------------
FORMAT = 2  # 2: every count is a published figure (published.py: keyed rounding, small groups hidden)
STATES = ("ok", "under", "not_due")
LOG_STATES = ("verified", "tampered", "unchained")


def _cell(fig: dict | None, counts: bool) -> dict:
    """A published figure as an aggregate cell: hidden ({"suppressed": true}) or its whole percent,
    with its rounded counts where the page shows them."""
    if fig is None or fig.get("coverage") is None:
        return {"suppressed": True}
    out = {"percent": fig["coverage"]}
    if counts:
        out.update(audience=fig["audience"], acknowledged=fig["acknowledged"])
    return out


def aggregate(tree: Tree, roster: Path, acks_dir: Path, plans_file: Path | None = None,
              as_of: dt.date | None = None, target: float | None = None, provinces: Path | None = None,
              key: bytes | None = None) -> dict:
    """The published figures (data/dashboard.json) from the workspace's roster and log: only what
    `published.publishable_figures` lets out (counts rounded to multiples of 5 with `key`, groups
    under 5 hidden), the dates, plans and targets of the updates, and whether the log verified.
    `key` is the rounding key (published.figure_key: the ack secret, else a hash of the roster).
    AckError when the roster or the log cannot be read (publish then writes nothing)."""
    from .log import verify
    as_of = as_of or today()
    roster = Path(roster)
    prov_path = Path(provinces) if provinces else roster.parent / "provinces.csv"
    prov = load_provinces(prov_path if prov_path.exists() else DATA / "provinces.csv")
    people = load_roster(roster, prov)
    plans = load_plans(plans_file or DATA / "plans.yml")
    updates = updates_from_tree(tree)
    cov = Coverage(people, updates, acks_dir, as_of, plans)
    key = key if key is not None else published.key_from_environment(roster)
    figures = published.publishable_figures(cov, key, target, verify(acks_dir))
    # dates, revision, plan and target only: never a count of the exact summary
    summaries = {u: cov.summary(updates[u], target) for u in updates}
    docs = []
    for uid, s in summaries.items():
        f = figures["updates"][uid]
        docs.append({
            "id": uid, "revision": s["revision"], "due": s["due"], "overdue": s["overdue"],
            "target": s["target"], "plan": s["plan"], "state": f["state"],
            "audience": f["audience"], "acknowledged": f["acknowledged"], "percent": f["coverage"],
            "levels": {lv: _cell(c, True) for lv, c in f["by_level"].items()},
            "provinces": {code: _cell(c, False) for code, c in f["by_province"].items()},
        })
    current = plan_for(plans, as_of)
    used = {s["plan"] for s in summaries.values()} | ({current.id} if current else set())
    return {
        "format": FORMAT,
        "about": "Số liệu tổng hợp của trang Tiến độ xác nhận (python -m scripts ack publish): số lượng làm tròn "
                 "ngẫu nhiên tới bội của 5, nhóm dưới 5 người không hiện; không có dữ liệu cá nhân. Aggregate "
                 "figures of the dashboard, counts randomly rounded to multiples of 5, groups under 5 hidden; "
                 "no personal data.",
        "as_of": as_of.isoformat(),
        "plan": current.id if current else None,
        "target": target if target is not None else current.target if current else min(
            (s["target"] for s in summaries.values()), default=0.75),
        "plans": [{"id": p.id, "title": {k: str(v) for k, v in p.titles.items()}, "target": p.target,
                   "interim": p.interim} for p in plans if p.id in used],
        "min_group": published.K, "min_extreme": published.MIN_EXTREME, "base": published.BASE,
        "log": figures["log"],
        "audience": figures["audience"],
        "updates": docs,
        "provinces": {code: _cell(c, False) for code, c in figures["by_province"].items()},
    }


_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,80}$")
_DATE = re.compile(r"^\d{4}-\d\d-\d\d$")


def check_aggregate(doc, where: str = "data/dashboard.json") -> list[Problem]:
    """The aggregate's allow-list: only these keys, each of its type; ids and codes are slugs, so no
    name, e-mail or phone can ride in a key. Every problem is one [bad-aggregate] line."""
    problems = []

    def bad(msg):
        problems.append(problem(where, 0, "bad-aggregate", "dashboard.bad", msg=msg))

    def is_int(v):
        return isinstance(v, int) and not isinstance(v, bool) and v >= 0

    def is_num(v):
        return isinstance(v, (int, float)) and not isinstance(v, bool) and 0 <= v <= 1

    def cell(c, counts, name):
        if c == {"suppressed": True}:
            return
        allowed = {"percent", "audience", "acknowledged"} if counts else {"percent"}
        if not isinstance(c, dict) or set(c) - allowed or not is_int(c.get("percent")) or c["percent"] > 100 \
                or (counts and not (rounded(c.get("audience")) and rounded(c.get("acknowledged"))
                                    and c["audience"] and c["acknowledged"] <= c["audience"])):
            bad(f"ô '{name}' không hợp lệ")

    if not isinstance(doc, dict):
        bad("tệp phải là một đối tượng JSON")
        return problems
    top = {"format", "about", "as_of", "plan", "target", "plans", "min_group", "min_extreme", "base", "log", "audience",
           "updates", "provinces"}
    if set(doc) != top:
        bad(f"khoá không đúng: thừa {sorted(set(doc) - top)}, thiếu {sorted(top - set(doc))}")
        return problems
    if doc["format"] != FORMAT or not isinstance(doc["about"], str) or not _DATE.match(str(doc["as_of"])):
        bad("format, about hoặc as_of không hợp lệ")
    if not (doc["plan"] is None or _SLUG.match(str(doc["plan"]))) or not is_num(doc["target"]):
        bad("plan hoặc target không hợp lệ")
    if not all(is_int(doc[k]) for k in ("min_group", "min_extreme", "base", "audience")) \
            or not (doc["base"] and is_int(doc["audience"]) and doc["audience"] % doc["base"] == 0):
        bad("min_group, min_extreme, base, audience phải là số nguyên (audience là bội của base)")
    if doc["log"] is not None and doc["log"] not in LOG_STATES:
        bad("log phải là null, " + ", ".join(LOG_STATES))
    base = doc["base"] if is_int(doc["base"]) and doc["base"] else 1

    def rounded(v):  # a published count: a multiple of the rounding base
        return is_int(v) and v % base == 0
    for p in doc["plans"] if isinstance(doc["plans"], list) else [None]:
        if not isinstance(p, dict) or set(p) != {"id", "title", "target", "interim"} or not _SLUG.match(str(p["id"])) \
                or not isinstance(p["title"], dict) or not all(isinstance(v, str) and len(v) < 300
                                                              for v in p["title"].values()) \
                or not is_num(p["target"]) or not isinstance(p["interim"], bool):
            bad("một kế hoạch (plans) không hợp lệ")
    keys = {"id", "revision", "due", "overdue", "target", "plan", "state", "audience", "acknowledged", "percent",
            "levels", "provinces"}
    for u in doc["updates"] if isinstance(doc["updates"], list) else [None]:
        if not isinstance(u, dict) or set(u) != keys or not _SLUG.match(str(u["id"])) or not is_int(u["revision"]) \
                or not _DATE.match(str(u["due"])) or not isinstance(u["overdue"], bool) \
                or not (u["state"] is None or u["state"] in STATES) or not is_num(u["target"]) \
                or not (u["plan"] is None or _SLUG.match(str(u["plan"]))) \
                or not _figure_ok(u, rounded, is_int) \
                or not isinstance(u["levels"], dict) or not isinstance(u["provinces"], dict):
            bad(f"tài liệu '{str(u.get('id') if isinstance(u, dict) else u)[:40]}' không hợp lệ")
            continue
        for lv, c in u["levels"].items():
            if lv not in vocabulary("level"):
                bad(f"cấp '{str(lv)[:20]}' không có")
            cell(c, True, lv)
        for code, c in u["provinces"].items():
            if not _SLUG.match(str(code)):
                bad(f"mã tỉnh '{str(code)[:20]}' không hợp lệ")
            cell(c, False, code)
    for code, c in doc["provinces"].items() if isinstance(doc["provinces"], dict) else []:
        if not _SLUG.match(str(code)):
            bad(f"mã tỉnh '{str(code)[:20]}' không hợp lệ")
        cell(c, False, code)
    return problems


def _figure_ok(u: dict, rounded, is_int) -> bool:
    """An update's own figure: hidden (all three null) or rounded counts and the whole percent of them."""
    figure = (u["audience"], u["acknowledged"], u["percent"])
    if figure == (None, None, None):
        return True
    return rounded(u["audience"]) and rounded(u["acknowledged"]) and 0 < u["audience"] \
        and u["acknowledged"] <= u["audience"] and is_int(u["percent"]) and u["percent"] <= 100


def read_aggregate(path: Path) -> dict:
    """The aggregate file, checked (AckError [bad-aggregate] / [missing-file])."""
    import json
    path = Path(path)
    try:
        if path.stat().st_size > 8 * 1024 * 1024:
            raise AckError(problem(path, 0, "bad-aggregate", "dashboard.read-aggregate"))
        doc = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise AckError(problem(path, 0, "missing-file", "dashboard.read-aggregate")) from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise AckError(problem(path, 0, "bad-aggregate", "dashboard.read-aggregate-2", exc=type(exc).__name__)) from None
    problems = check_aggregate(doc, str(path))
    if problems:
        raise AckError(problems)
    return doc


# -- the pages (the build) ---------------------------------------------------------------------------
def _dict_plans(doc: dict) -> list[Plan]:
    return [Plan(id=p["id"], titles=p["title"], start=dt.date.min, end=None, target=p["target"], levels=(),
                 interim=p["interim"]) for p in doc["plans"]]


@dataclass
class Dashboard:
    doc: dict  # the aggregate (see `aggregate`)
    updates: dict[str, Update]  # the tree's updates: titles of the pages
    provinces: Provinces | None
    error: bool = False
    unpublished: bool = False

    @classmethod
    def from_aggregate(cls, doc: dict | None, tree: Tree, provinces: Provinces | None = None) -> Dashboard:
        updates = updates_from_tree(tree)
        if doc is None:
            return cls({"updates": []}, updates, None, unpublished=True)
        return cls(doc, updates, provinces or load_provinces(DATA / "provinces.csv"))

    @classmethod
    def from_file(cls, path: Path, tree: Tree) -> Dashboard:
        """The build's entry: the aggregate file only (never the workspace). No file: a notice."""
        if not Path(path).exists():
            return cls.from_aggregate(None, tree)
        try:
            doc = read_aggregate(path)
            # plan titles are public data of the content repository: a language added since the
            # figures were published gets its titles without publishing again
            plans = {p.id: p for p in load_plans(Path(path).parent / "plans.yml")}
            for p in doc["plans"]:
                if p["id"] in plans:
                    p["title"] = {**p["title"], **{k: str(v) for k, v in plans[p["id"]].titles.items()}}
            return cls.from_aggregate(doc, tree)
        except AckError as exc:
            log.warning("ack dashboard: %s", exc)
            return cls({"updates": []}, {}, None, error=True)

    @classmethod
    def load(cls, tree: Tree, roster: Path, acks_dir: Path, plans_file: Path | None = None,
             as_of: dt.date | None = None, target: float | None = None, key: bytes | None = None) -> Dashboard:
        """Compute and render in one go (tests, demos): what publish writes, as the build reads it."""
        try:
            doc = aggregate(tree, roster, acks_dir, plans_file, as_of, target, key=key)
        except (AckError, OSError) as exc:
            log.warning("ack dashboard: %s", exc)
            return cls({"updates": []}, {}, None, error=True)
        return cls.from_aggregate(doc, tree)

    @property
    def summaries(self) -> dict[str, dict]:
        return {u["id"]: u for u in self.doc["updates"]}

    @property
    def as_of(self) -> dt.date:
        return dt.date.fromisoformat(self.doc["as_of"])

    # -- helpers
    def _title(self, uid: str, lang: str) -> str:
        u = self.updates.get(uid)
        return (u.title_in(lang) if u else "") or uid

    @staticmethod
    def _state(s: dict, t: dict) -> str:
        """The state against the target, from the published (rounded) figure only; hidden with it."""
        return t[s["state"]] if s["state"] else t["suppressed"]

    @staticmethod
    def _shown(c: dict | None, t: dict) -> str:
        """'74% (≈15/20)' from a published figure (an update or a level cell), or the hidden mark."""
        if not c or c.get("suppressed") or c.get("percent") is None:
            return t["suppressed"]
        return f"{c['percent']}% (≈{c['acknowledged']}/{c['audience']})"

    @staticmethod
    def _fraction(s: dict) -> float | None:
        return None if s.get("percent") is None else s["percent"] / 100

    def _plan_name(self, s: dict, lang: str) -> str:
        plan = next((p for p in _dict_plans(self.doc) if p.id == s.get("plan")), None)
        return plan.title(lang) if plan else strings(lang, "dashboard")["no_plan"].format(target=_pct(s["target"]))

    def _province_rows(self, cells: dict, lang: str, t: dict) -> list[tuple]:
        out = []
        provinces = cast(Provinces, self.provinces)  # None only for a dashboard without figures (no rows to show)
        for code in provinces.codes():
            c = cells.get(code)
            if c is None:
                continue
            hidden = c.get("suppressed", False)
            out.append((provinces.name(code, lang), None if hidden else c["percent"] / 100,
                        t["suppressed"] if hidden else f"{c['percent']}%"))
        return out

    def _note(self, t: dict) -> str:
        return f"*{t['note']} {t['small_note'].format(n=self.doc['min_group'], m=self.doc['min_extreme'], b=self.doc['base'])}*"

    def _log_line(self, lang: str) -> str | None:
        """Whether the log the figures come from verified (its hash chain; a state, no counts)."""
        state = self.doc.get("log")
        if not state:
            return None
        line = strings(lang, "log")[f"page_{state}"]
        return line if state == "verified" else f'!!! warning ""\n    {line}'

    # -- pages
    def summary(self, lang: str) -> str:
        t = strings(lang, "dashboard")
        if self.error:
            return f'!!! warning ""\n    {t["error"]}\n'
        if self.unpublished:
            return f'!!! info ""\n    {t["unpublished"]}\n'
        if not self.doc["updates"]:
            return t["none"] + "\n"
        ups = self.doc["updates"]
        under = [s for s in ups if s["state"] == "under"]
        parts = [t["summary"].format(as_of=dates.format_date(self.as_of, lang), n=len(ups), aud=f"≈{self.doc['audience']}",
                                     under=t["under_n"].format(k=len(under)) if under else t["under_0"])]
        used = {s["plan"] for s in ups}
        lines = []
        for plan in _dict_plans(self.doc):
            if plan.id in used:
                note = f" ({t['interim']})" if plan.interim else ""
                lines.append(f"- {_esc(t['plan_line'].format(title=plan.title(lang), target=_pct(plan.target)))}{note}")
        if None in used:
            lines.append(f"- {t['no_plan'].format(target=_pct(next(s['target'] for s in ups if s['plan'] is None)))}")
        parts.append(t["plans"] + "\n\n" + "\n".join(lines))  # a blank line: Markdown starts a list only after one
        log_line = self._log_line(lang)
        if log_line:
            parts.append(log_line)

        parts.append(f"## {t['by_update']} {{ #coverage-by-update }}")
        rows = [(self._title(s["id"], lang), self._fraction(s), self._shown(s, t), s["state"] == "under") for s in ups]
        targets = {s["target"] for s in ups}
        parts.append(bar_chart(rows, min(targets), t["by_update"], t["chart_update"].format(
            target="/".join(_pct(x) for x in sorted(targets))), lang, f"ack-chart-updates-{lang}"))
        table = []
        for s in ups:
            title = _esc(self._title(s["id"], lang))
            table.append([f'<a href="{_esc(s["id"])}/">{title}</a>',  # relative to the summary page's URL
                          dates.format_date(dt.date.fromisoformat(s["due"]), lang),
                          self._shown(s, t), _pct(s["target"]), self._state(s, t)])
        parts.append(_table([t["update"], t["due"], t["coverage"], t["target"].format(target="").strip(),
                             t["state"]], table))

        parts.append(f"## {t['by_province']} {{ #coverage-by-province }}")
        target = self.doc["target"]
        parts.append(bar_chart(self._province_rows(self.doc["provinces"], lang, t), target, t["by_province"],
                               t["chart_province"].format(target=_pct(target)), lang, f"ack-chart-provinces-{lang}"))
        parts.append(self._note(t))
        return "\n\n".join(parts) + "\n"

    def detail(self, update_id: str, lang: str) -> str:
        t = strings(lang, "dashboard")
        s = self.summaries[update_id]
        title = self._title(update_id, lang)
        hidden = s["percent"] is None
        parts = [f"# {t['detail_title'].format(title=title)}",
                 f'<p><a href="../">{_esc(t["back"])}</a></p>',
                 "\n".join("- " + t[f"detail_{k}"].format(
                     revision=s["revision"], due=dates.format_date(dt.date.fromisoformat(s["due"]), lang),
                     target=_pct(s["target"]), plan=_esc(self._plan_name(s, lang)),
                     ack=t["suppressed"] if hidden else f"≈{s['acknowledged']}", aud="…" if hidden else s["audience"],
                     cov=t["suppressed"] if hidden else f"{s['percent']}%", state=self._state(s, t))
                     for k in ("revision", "due", "plan", "ack", "state"))]
        parts.append(f"## {t['by_level']} {{ #coverage-by-level }}")
        lrows = []
        for lv in vocabulary("level"):
            c = s["levels"].get(lv)
            if c is None:
                continue
            lrows.append([label("level", lv, lang), self._shown(c, t)])
        parts.append(_table([t["level"], t["coverage"]], lrows))
        parts.append(f"## {t['by_province']} {{ #coverage-by-province }}")
        prow = self._province_rows(s["provinces"], lang, t)
        parts.append(bar_chart(prow, s["target"], t["by_province"],
                               t["chart_province_one"].format(target=_pct(s["target"])), lang,
                               f"ack-chart-provinces-{lang}"))
        parts.append(_table([t["province"], t["coverage"]], [[name, text] for name, _, text in prow]))
        parts.append(self._note(t))
        return "\n\n".join(parts) + "\n"

    def detail_paths(self, base: str = DETAIL_DIR) -> list[str]:
        """Source paths of the detail pages under the summary page's folder `base`."""
        return [f"{base}/{uid}.md" for uid in self.summaries]


def render(lang: str, tree: Tree, roster: Path, acks_dir: Path, target: float | None = None,
           as_of: dt.date | None = None) -> str:
    """The summary page body (kept for callers that need only that)."""
    return Dashboard.load(tree, roster, acks_dir, as_of=as_of, target=target).summary(lang)


__all__ = ["Dashboard", "render", "suppress", "bar_chart", "aggregate", "check_aggregate", "read_aggregate",
           "MIN_GROUP", "MIN_EXTREME", "DEFAULT_LANGUAGE"]
