"""The acknowledgement dashboard (plain Python, no MkDocs): one summary page per language
and one detail page per update, so each page stays small as updates accumulate.

`Dashboard.load(tree, roster, acks_dir, plans, as_of)` computes the figures once;
`summary(lang)` and `detail(update_id, lang)` return Markdown with inline SVG bar charts
(readable without JavaScript and at 360 px: labels above the bars, text >= 12 px, a
dashed target line, <title>/<desc>) and tables as their text alternative.

Aggregates only: no reporter id, name, email or phone ever appears. Every number shown comes
from `published.publishable_figures` (counts randomly rounded to multiples of 5 with a key
readers do not have, groups under 5 reporters hidden by size): no combination of them, of one
build or of two, tells the status of a group under 5 or that a group under 10 acknowledged
all or none (scripts/acks/published.py states and tests the guarantee). Percentages, states and
bar widths are computed from those rounded counts only.
"""
from __future__ import annotations

import datetime as dt
import html
import logging
import math
from dataclasses import dataclass
from pathlib import Path

from ..model import dates
from ..model.languages import DEFAULT_LANGUAGE, label, strings, vocabulary
from ..model.tree import Tree
from . import DATA, AckError, today
from .coverage import Coverage
from . import published
from .plans import Plan, load_plans, plan_for
from .roster import load_provinces, load_roster
from .updates import Update, updates_from_tree

log = logging.getLogger("mkdocs.plugins.ack_dashboard")

MIN_GROUP = 5  # a group this small would let a reader infer one person's status: no figure
MIN_EXTREME = 10  # 0% or 100% of a group this small tells every member's status: no figure
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


def _pct(v) -> str:
    """Whole percent, rounded down: 74.9% shows as 74%, never as the 75% target it misses."""
    return "—" if v is None else f"{math.floor(v * 100 + 1e-9):.0f}%"


def _esc(text) -> str:
    return html.escape(str(text), quote=True)


# -- charts ----------------------------------------------------------------------------------------
WIDTH, ROW, FONT = 360, 44, 14  # viewBox units; shown at most 1.4x, at least 0.9x on a 360 px phone


def bar_chart(rows: list[tuple[str, float | None, str]], target: float, title: str, desc: str, lang: str,
              chart_id: str) -> str:
    """Horizontal bars, a label above each: rows of (label, fraction or None when hidden, text after)."""
    t = strings(lang, "dashboard")
    bar_w, top = WIDTH - 80, 28
    height = top + ROW * len(rows) + 8
    tx = round(bar_w * target)
    out = [f'<figure class="ack-chart" id="{chart_id}">',
           f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{chart_id}-t {chart_id}-d" '
           f'viewBox="0 0 {WIDTH} {height}" width="100%" style="max-width:{WIDTH * 1.4:.0f}px" '
           f'font-size="{FONT}" font-family="system-ui, sans-serif">',
           f'<title id="{chart_id}-t">{_esc(title)}</title>', f'<desc id="{chart_id}-d">{_esc(desc)}</desc>']
    for i, (name, value, text) in enumerate(rows):
        y = top + i * ROW
        short = name if len(name) <= 44 else name[:43] + "…"
        below = value is not None and value < target
        # the full name as a tooltip only where the label is cut (every figure is shown as text)
        tip = f"<title>{_esc(name)}</title>" if short != name else ""
        out.append(f'<g>{tip}'
                   f'<text x="0" y="{y + 14}" fill="currentColor">{_esc(short)}</text>'
                   f'<rect x="0" y="{y + 20}" width="{bar_w}" height="16" fill="#9e9e9e" fill-opacity="0.18"/>')
        if value is not None and round(bar_w * value) > 0:  # a 0% bar draws nothing
            colour = "#c62828" if below else "#2e7d32"
            # whole units, from the shown percentage: the geometry says no more than the text
            out.append(f'<rect x="0" y="{y + 20}" width="{round(bar_w * value)}" height="16" fill="{colour}"/>')
        mark = " ⚠" if below else ""
        out.append(f'<text x="{bar_w + 6}" y="{y + 33}" fill="currentColor">{_esc(text)}{mark}</text></g>')
    out.append(f'<line x1="{tx}" y1="{top - 4}" x2="{tx}" y2="{height - 4}" stroke="currentColor" '
               'stroke-width="2" stroke-dasharray="5 4"/>')
    anchor = "end" if target > 0.6 else "start"
    out.append(f'<text x="{tx}" y="{top - 10}" text-anchor="{anchor}" fill="currentColor" font-weight="bold">'
               f'{_esc(t["target"].format(target=_pct(target)))}</text>')
    out.append("</svg>")
    out.append(f"<figcaption>{_esc(desc)}</figcaption>")
    out.append("</figure>")
    return "\n".join(out)


def _table(header, rows) -> str:
    def cell(c):
        return str(c).replace("|", "\\|")
    # numbers are right-aligned by handbook.css (one rule, not a style attribute per cell: page weight)
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(["---"] * len(header)) + "|"]
    lines += ["| " + " | ".join(cell(c) for c in r) + " |" for r in rows]
    return "\n".join(lines)


# -- the figures ----------------------------------------------------------------------------------
@dataclass
class Dashboard:
    updates: dict[str, Update]
    summaries: dict[str, dict]  # update id -> Coverage.summary: dates, plan and target only (never its counts)
    provinces: object
    plans: list[Plan]
    as_of: dt.date
    figures: dict  # published.publishable_figures: every number the pages show
    error: bool = False

    @classmethod
    def load(cls, tree: Tree, roster: Path, acks_dir: Path, plans_file: Path | None = None,
             as_of: dt.date | None = None, target: float | None = None) -> "Dashboard":
        as_of = as_of or today()
        try:
            roster = Path(roster)
            prov_path = roster.parent / "provinces.csv"
            provinces = load_provinces(prov_path if prov_path.exists() else DATA / "provinces.csv")
            people = load_roster(roster, provinces)
            plans = load_plans(plans_file or roster.parent / "plans.yml")
            updates = updates_from_tree(tree)
            cov = Coverage(people, updates, acks_dir, as_of, plans)
            summaries = {u: cov.summary(updates[u], target) for u in updates}
            from .log import verify
            figures = published.publishable_figures(cov, published.key_from_environment(roster), target,
                                                    verify(acks_dir))
        except (AckError, OSError) as exc:
            log.warning("ack dashboard: %s", exc)
            return cls({}, {}, None, [], as_of, {}, error=True)
        return cls(updates, summaries, provinces, plans, as_of, figures)

    # -- helpers
    def _state(self, uid: str, t: dict) -> str:
        state = self.figures["updates"][uid]["state"]
        return t[state] if state else t["suppressed"]

    def _plan_name(self, s: dict, lang: str) -> str:
        plan = next((p for p in self.plans if p.id == s.get("plan")), None)
        return plan.title(lang) if plan else strings(lang, "dashboard")["no_plan"].format(target=_pct(s["target"]))

    @staticmethod
    def _shown(fig: dict | None, t: dict) -> str:
        """'74% (≈15/20)' from a published figure, or the hidden mark."""
        if not fig or fig.get("coverage") is None:
            return t["suppressed"]
        return f"{fig['coverage']}% (≈{fig['acknowledged']}/{fig['audience']})"

    def _province_rows(self, by_province: dict, lang: str, t: dict) -> list[tuple[str, float | None, str]]:
        return [(self.provinces.name(code, lang), None if not fig else fig["coverage"] / 100,
                 t["suppressed"] if not fig else f"{fig['coverage']}%") for code, fig in by_province.items()]

    # -- pages
    def summary(self, lang: str) -> str:
        t = strings(lang, "dashboard")
        if self.error:
            return f'!!! warning ""\n    {t["error"]}\n'
        if not self.updates:
            return t["none"] + "\n"
        ups = list(self.summaries.values())
        figs = self.figures["updates"]
        under = [s for s in ups if figs[s["id"]]["state"] == "under"]
        parts = [t["summary"].format(as_of=dates.format_date(self.as_of, lang), n=len(ups),
                                     aud=f"≈{self.figures['audience']}",
                                     under=t["under_n"].format(k=len(under)) if under else t["under_0"])]
        used = {s["plan"] for s in ups}
        lines = [t["plans"]]
        for plan in self.plans:
            if plan.id in used:
                note = f" ({t['interim']})" if plan.interim else ""
                lines.append(f"- {_esc(t['plan_line'].format(title=plan.title(lang), target=_pct(plan.target)))}{note}")
        if None in used:
            lines.append(f"- {t['no_plan'].format(target=_pct(next(s['target'] for s in ups if s['plan'] is None)))}")
        parts.append("\n".join(lines))
        state = self.figures.get("log")
        if state:  # whether the log the figures come from verified (its hash chain; no counts)
            line = strings(lang, "log")[f"page_{state}"]
            parts.append(line if state == "verified" else f'!!! warning ""\n    {line}')

        parts.append(f"## {t['by_update']} {{ #coverage-by-update }}")
        rows = []
        for s in ups:
            fig = figs[s["id"]]
            # the chart says the percentage; the table under it has the counts too
            rows.append((self.updates[s["id"]].title_in(lang) or s["id"],
                         None if fig["coverage"] is None else fig["coverage"] / 100,
                         t["suppressed"] if fig["coverage"] is None else f"{fig['coverage']}%"))
        targets = {s["target"] for s in ups}
        parts.append(bar_chart(rows, min(targets), t["by_update"], t["chart_update"].format(
            target="/".join(_pct(x) for x in sorted(targets))), lang, f"ack-chart-updates-{lang}"))
        table = []
        for s in ups:
            u = self.updates[s["id"]]
            title = _esc(u.title_in(lang) or u.id)
            table.append([f'<a href="{_esc(u.id)}/">{title}</a>',  # relative to the summary page's URL
                          dates.format_date(s["due"], lang), self._shown(figs[s["id"]], t),
                          _pct(s["target"]), self._state(s["id"], t)])
        parts.append(_table([t["update"], t["due"], t["coverage"], t["target"].format(target="").strip(),
                             t["state"]], table))

        parts.append(f"## {t['by_province']} {{ #coverage-by-province }}")
        prow = self._province_rows(self.figures["by_province"], lang, t)
        current = plan_for(self.plans, self.as_of)
        target = current.target if current else min(targets)
        parts.append(bar_chart(prow, target, t["by_province"], t["chart_province"].format(target=_pct(target)), lang,
                               f"ack-chart-provinces-{lang}"))
        parts.append(f"*{t['note']} {t['small_note'].format(n=published.K, m=published.MIN_EXTREME, b=published.BASE)}*")
        return "\n\n".join(parts) + "\n"

    def detail(self, update_id: str, lang: str) -> str:
        t = strings(lang, "dashboard")
        s, u = self.summaries[update_id], self.updates[update_id]
        fig = self.figures["updates"][update_id]
        title = u.title_in(lang) or u.id
        hidden = fig["coverage"] is None
        parts = [f"# {t['detail_title'].format(title=title)}",
                 f'<p><a href="../">{_esc(t["back"])}</a></p>',
                 t["detail_intro"].format(revision=s["revision"], due=dates.format_date(s["due"], lang),
                                          target=_pct(s["target"]), plan=self._plan_name(s, lang),
                                          ack="≈" + str(fig["acknowledged"]) if not hidden else t["suppressed"],
                                          aud=fig["audience"] if not hidden else "…",
                                          cov=f"{fig['coverage']}%" if not hidden else t["suppressed"],
                                          state=self._state(update_id, t))]
        parts.append(f"## {t['by_level']} {{ #coverage-by-level }}")
        lrows = [[label("level", lv, lang), self._shown(fig["by_level"].get(lv), t)]
                 for lv in vocabulary("level") if lv in fig["by_level"]]
        parts.append(_table([t["level"], t["coverage"]], lrows))
        parts.append(f"## {t['by_province']} {{ #coverage-by-province }}")
        prow = self._province_rows(fig["by_province"], lang, t)
        parts.append(bar_chart(prow, s["target"], t["by_province"],
                               t["chart_province_one"].format(target=_pct(s["target"])), lang,
                               f"ack-chart-provinces-{lang}"))
        parts.append(_table([t["province"], t["coverage"]], [[name, text] for name, _, text in prow]))
        parts.append(f"*{t['note']} {t['small_note'].format(n=published.K, m=published.MIN_EXTREME, b=published.BASE)}*")
        return "\n\n".join(parts) + "\n"

    def detail_paths(self, base: str = DETAIL_DIR) -> list[str]:
        """Source paths of the detail pages under the summary page's folder `base`."""
        return [f"{base}/{uid}.md" for uid in self.summaries]


def render(lang: str, tree: Tree, roster: Path, acks_dir: Path, target: float | None = None,
           as_of: dt.date | None = None) -> str:
    """The summary page body (kept for callers that need only that)."""
    return Dashboard.load(tree, roster, acks_dir, as_of=as_of, target=target).summary(lang)


__all__ = ["Dashboard", "render", "suppress", "bar_chart", "MIN_GROUP", "MIN_EXTREME", "DEFAULT_LANGUAGE"]
