"""The acknowledgement dashboard (plain Python, no MkDocs): one summary page per language
and one detail page per update, so each page stays small as updates accumulate.

`Dashboard.load(tree, roster, acks_dir, plans, as_of)` computes the figures once;
`summary(lang)` and `detail(update_id, lang)` return Markdown with inline SVG bar charts
(readable without JavaScript and at 360 px: labels above the bars, text >= 12 px, a
dashed target line, <title>/<desc>) and tables as their text alternative.

Aggregates only: no reporter id, name, email or phone ever appears. Every published
figure goes through `suppress`: a group under MIN_GROUP shows nothing, a small group at
0% or 100% shows nothing (it would tell each member's status), and when only one cell of
a row or column is hidden, a second one is too, so no hidden cell can be worked out by
subtracting the shown ones from a total.
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
from ..render.sanitize import generated_block
from . import DATA, AckError, today
from .coverage import Coverage
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
    tx = bar_w * target
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
        if value is not None:
            colour = "#c62828" if below else "#2e7d32"
            out.append(f'<rect x="0" y="{y + 20}" width="{bar_w * value:.1f}" height="16" fill="{colour}"/>')
        mark = " ⚠" if below else ""
        out.append(f'<text x="{bar_w + 6}" y="{y + 33}" fill="currentColor">{_esc(text)}{mark}</text></g>')
    out.append(f'<line x1="{tx:.1f}" y1="{top - 4}" x2="{tx:.1f}" y2="{height - 4}" stroke="currentColor" '
               'stroke-width="2" stroke-dasharray="5 4"/>')
    anchor = "end" if target > 0.6 else "start"
    out.append(f'<text x="{tx:.1f}" y="{top - 10}" text-anchor="{anchor}" fill="currentColor" font-weight="bold">'
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


# -- the figures ----------------------------------------------------------------------------------
@dataclass
class Dashboard:
    updates: dict[str, Update]
    summaries: dict[str, dict]  # update id -> Coverage.summary
    provinces: object
    plans: list[Plan]
    as_of: dt.date
    audience: int  # active reporters in the audience of at least one update
    hidden: set  # (province, update id) cells hidden in the province x update table
    hidden_levels: dict  # update id -> hidden levels
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
        except (AckError, OSError) as exc:
            log.warning("ack dashboard: %s", exc)
            return cls({}, {}, None, [], as_of, 0, set(), {}, error=True)
        cells = {(code, uid): (v["audience"], v["acknowledged"])
                 for uid, s in summaries.items() for code, v in s["by_province"].items()}
        levels = {uid: suppress({(lv, uid): (v["audience"], v["acknowledged"]) for lv, v in s["by_level"].items()})
                  for uid, s in summaries.items()}
        audience = sum(1 for r in cov.people if any(r.level in u.audience for u in updates.values()))
        return cls(updates, summaries, provinces, plans, as_of, audience, suppress(cells),
                   {uid: {lv for lv, _ in keys} for uid, keys in levels.items()})

    # -- helpers
    def _state(self, s: dict, t: dict) -> str:
        return t["not_due"] if not s["overdue"] else t["under"] if s["under_target"] else t["ok"]

    def _plan_name(self, s: dict, lang: str) -> str:
        plan = next((p for p in self.plans if p.id == s.get("plan")), None)
        return plan.title(lang) if plan else strings(lang, "dashboard")["no_plan"].format(target=_pct(s["target"]))

    def _province_rows(self, uids: list[str]) -> list[tuple[str, int, int, bool]]:
        """(code, audience, acknowledged, hidden) per province, over the given updates."""
        out = []
        for code in self.provinces.codes():
            keys = [(code, u) for u in uids if code in self.summaries[u]["by_province"]]
            if not keys:
                continue
            aud = sum(self.summaries[u]["by_province"][code]["audience"] for _, u in keys)
            ack = sum(self.summaries[u]["by_province"][code]["acknowledged"] for _, u in keys)
            # a combined figure is hidden when all its cells are, or when it is itself a small group
            hidden = all(k in self.hidden for k in keys) or _primary(aud, ack)
            out.append((code, aud, ack, hidden))
        return out

    # -- pages
    def summary(self, lang: str) -> str:
        t = strings(lang, "dashboard")
        if self.error:
            return f'!!! warning ""\n    {t["error"]}\n'
        if not self.updates:
            return t["none"] + "\n"
        ups = list(self.summaries.values())
        under = [s for s in ups if s["under_target"]]
        parts = [t["summary"].format(as_of=dates.format_date(self.as_of, lang), n=len(ups), aud=self.audience,
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

        parts.append(f"## {t['by_update']} {{ #coverage-by-update }}")
        rows = [(self.updates[s["id"]].title_in(lang) or s["id"], s["coverage"],
                 f"{_pct(s['coverage'])} ({s['acknowledged']}/{s['audience']})") for s in ups]
        targets = {s["target"] for s in ups}
        parts.append(bar_chart(rows, min(targets), t["by_update"], t["chart_update"].format(
            target="/".join(_pct(x) for x in sorted(targets))), lang, f"ack-chart-updates-{lang}"))
        table = []
        for s in ups:
            u = self.updates[s["id"]]
            title = _esc(u.title_in(lang) or u.id)
            table.append([f'<a href="{_esc(u.id)}/">{title}</a>',  # relative to the summary page's URL
                          dates.format_date(s["due"], lang), f"{_pct(s['coverage'])} ({s['acknowledged']}/{s['audience']})",
                          _pct(s["target"]), self._state(s, t)])
        parts.append(_table([t["update"], t["due"], t["coverage"], t["target"].format(target="").strip(),
                             t["state"]], table))

        parts.append(f"## {t['by_province']} {{ #coverage-by-province }}")
        prow = [(self.provinces.name(code, lang), None if hidden else ack / aud,
                 t["suppressed"] if hidden else _pct(ack / aud))
                for code, aud, ack, hidden in self._province_rows(list(self.summaries))]
        current = plan_for(self.plans, self.as_of)
        target = current.target if current else min(targets)
        parts.append(bar_chart(prow, target, t["by_province"], t["chart_province"].format(target=_pct(target)), lang,
                               f"ack-chart-provinces-{lang}"))
        parts.append(f"*{t['note']} {t['small_note'].format(n=MIN_GROUP, m=MIN_EXTREME)}*")
        return "\n\n".join(parts) + "\n"

    def detail(self, update_id: str, lang: str) -> str:
        t = strings(lang, "dashboard")
        s, u = self.summaries[update_id], self.updates[update_id]
        title = u.title_in(lang) or u.id
        parts = [f"# {t['detail_title'].format(title=title)}",
                 f'<p><a href="../">{_esc(t["back"])}</a></p>',
                 t["detail_intro"].format(revision=s["revision"], due=dates.format_date(s["due"], lang),
                                          target=_pct(s["target"]), plan=self._plan_name(s, lang),
                                          ack=s["acknowledged"], aud=s["audience"], cov=_pct(s["coverage"]),
                                          state=self._state(s, t))]
        parts.append(f"## {t['by_level']} {{ #coverage-by-level }}")
        hidden = self.hidden_levels.get(update_id, set())
        lrows = [[label("level", lv, lang), t["suppressed"] if lv in hidden else
                  f"{_pct(v['coverage'])} ({v['acknowledged']}/{v['audience']})"]
                 for lv in vocabulary("level") for v in [s["by_level"].get(lv)] if v and v["audience"]]
        parts.append(_table([t["level"], t["coverage"]], lrows))
        parts.append(f"## {t['by_province']} {{ #coverage-by-province }}")
        prow = [(self.provinces.name(code, lang), None if hidden else ack / aud,
                 t["suppressed"] if hidden else _pct(ack / aud))
                for code, aud, ack, hidden in self._province_rows([update_id])]
        parts.append(bar_chart(prow, s["target"], t["by_province"],
                               t["chart_province_one"].format(target=_pct(s["target"])), lang,
                               f"ack-chart-provinces-{lang}"))
        parts.append(_table([t["province"], t["coverage"]], [[name, text] for name, _, text in prow]))
        parts.append(f"*{t['note']} {t['small_note'].format(n=MIN_GROUP, m=MIN_EXTREME)}*")
        return "\n\n".join(parts) + "\n"

    def detail_paths(self, base: str = DETAIL_DIR) -> list[str]:
        """Source paths of the detail pages under the summary page's folder `base`."""
        return [f"{base}/{uid}.md" for uid in self.summaries]


def render(lang: str, tree: Tree, roster: Path, acks_dir: Path, target: float | None = None,
           as_of: dt.date | None = None) -> str:
    """The summary page body (kept for callers that need only that)."""
    return Dashboard.load(tree, roster, acks_dir, as_of=as_of, target=target).summary(lang)


__all__ = ["Dashboard", "render", "suppress", "bar_chart", "MIN_GROUP", "MIN_EXTREME", "DEFAULT_LANGUAGE"]
