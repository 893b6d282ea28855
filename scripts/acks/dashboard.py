"""The acknowledgement dashboard page body (plain Python, no MkDocs).

`render(lang, tree, roster, acks_dir, target, as_of=None)` returns Markdown
with inline SVG bar charts (readable without JavaScript: text labels on every
bar, a dashed target line, <title> and aria-label) and tables. Aggregates only:
no reporter id, name, email or phone ever appears.
"""
from __future__ import annotations

import datetime as dt
import html
import logging
import math
from pathlib import Path

from ..model import dates
from ..model.languages import DEFAULT_LANGUAGE, label, strings, vocabulary
from ..model.tree import Tree
from . import DATA, AckError, today
from .coverage import Coverage
from .roster import load_provinces, load_roster
from .updates import updates_from_tree

log = logging.getLogger("mkdocs.plugins.ack_dashboard")

def _pct(v) -> str:
    """Whole percent, rounded down: 74.9% shows as 74%, never as the 75% target it misses."""
    return "—" if v is None else f"{math.floor(v * 100 + 1e-9):.0f}%"


def _esc(text) -> str:
    return html.escape(str(text), quote=True)


def bar_chart(rows: list[tuple[str, float | None, str]], target: float, title: str, desc: str, lang: str,
              chart_id: str) -> str:
    """Horizontal bars: rows of (label, fraction or None, text shown after the bar)."""
    t = strings(lang, "dashboard")
    label_w, bar_w, value_w, row_h, top = 290, 360, 150, 24, 30
    width = label_w + bar_w + value_w
    height = top + row_h * len(rows) + 10
    tx = label_w + bar_w * target
    out = [f'<figure class="ack-chart" id="{chart_id}">',
           f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{chart_id}-t {chart_id}-d" '
           f'viewBox="0 0 {width} {height}" width="100%" style="max-width:{width}px" font-size="13" '
           f'font-family="system-ui, sans-serif">',
           f'<title id="{chart_id}-t">{_esc(title)}</title>', f'<desc id="{chart_id}-d">{_esc(desc)}</desc>']
    for i, (label, value, text) in enumerate(rows):
        y = top + i * row_h
        short = label if len(label) <= 40 else label[:39] + "…"
        below = value is not None and value < target
        full = f"{label}: {text}" + (f" ({t['below']})" if below else "")
        out.append(f'<g><title>{_esc(full)}</title>'
                   f'<text x="{label_w - 8}" y="{y + 16}" text-anchor="end" fill="currentColor">{_esc(short)}</text>'
                   f'<rect x="{label_w}" y="{y + 4}" width="{bar_w}" height="{row_h - 8}" fill="#9e9e9e" '
                   'fill-opacity="0.18"/>')
        if value is not None:
            colour = "#c62828" if below else "#2e7d32"
            out.append(f'<rect x="{label_w}" y="{y + 4}" width="{bar_w * value:.1f}" height="{row_h - 8}" '
                       f'fill="{colour}"/>')
        mark = " ⚠" if below else ""
        out.append(f'<text x="{label_w + bar_w + 6}" y="{y + 16}" fill="currentColor">{_esc(text)}{mark}</text></g>')
    out.append(f'<line x1="{tx:.1f}" y1="{top - 6}" x2="{tx:.1f}" y2="{height - 6}" stroke="currentColor" '
               'stroke-width="2" stroke-dasharray="5 4"/>')
    out.append(f'<text x="{tx:.1f}" y="{top - 12}" text-anchor="middle" fill="currentColor" font-weight="bold">'
               f'{_esc(t["target"].format(target=_pct(target)))}</text>')
    out.append("</svg>")
    out.append(f"<figcaption>{_esc(desc)}</figcaption>")
    out.append("</figure>")
    return "\n".join(out)


# A group this small would let a reader infer one person's status: show no figure for it.
MIN_GROUP = 5


def _cell(group: dict | None, target: float, t: dict) -> str:
    if group is None:
        return "—"
    if group["audience"] < MIN_GROUP:
        return t["small"].format(n=MIN_GROUP)
    return _pct(group["coverage"]) + (" ⚠" if (group["coverage"] or 0) < target else "")


def _table(header, rows) -> str:
    def cell(c):
        return str(c).replace("|", "\\|")
    # numbers are right-aligned by handbook.css (one rule, not a style attribute per cell: page weight)
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(["---"] * len(header)) + "|"]
    lines += ["| " + " | ".join(cell(c) for c in r) + " |" for r in rows]
    return "\n".join(lines)


def _link(update, lang) -> str:
    title = update.title_in(lang) or update.id
    suffix = f".{DEFAULT_LANGUAGE}.md"
    if update.path and update.path.endswith(suffix):
        return f"[{title}]({update.path[:-len(suffix)]}.md)"
    return title


def render(lang: str, tree: Tree, roster: Path, acks_dir: Path, target: float,
           as_of: dt.date | None = None) -> str:
    t = strings(lang, "dashboard")
    as_of = as_of or today()
    try:
        roster = Path(roster)
        prov_path = roster.parent / "provinces.csv"
        provinces = load_provinces(prov_path if prov_path.exists() else DATA / "provinces.csv")
        people = load_roster(roster, provinces)
        updates = updates_from_tree(tree)
        cov = Coverage(people, updates, acks_dir, as_of)
        doc = cov.report(target)
    except (AckError, OSError) as exc:
        log.warning("ack dashboard: %s", exc)
        return f'!!! warning ""\n    {t["error"]}\n'
    if not updates:
        return t["none"] + "\n"
    ups = doc["updates"]
    in_any = sum(1 for r in cov.people if any(r.level in u.audience for u in updates.values()))
    under = [u for u in ups if u["under_target"]]
    parts = [t["summary"].format(as_of=dates.format_date(as_of, lang),
                                 n=len(ups), aud=in_any, target=_pct(target),
                                 under=t["under_n"].format(k=len(under)) if under else t["under_0"])]

    # By update
    parts.append(f"## {t['by_update']} {{ #coverage-by-update }}")
    rows = [(updates[u["id"]].title_in(lang) or u["id"], u["coverage"],
             f"{_pct(u['coverage'])} ({u['acknowledged']}/{u['audience']})") for u in ups]
    parts.append(bar_chart(rows, target, t["by_update"], t["chart_update"].format(target=_pct(target)), lang,
                           f"ack-chart-updates-{lang}"))
    table = []
    for u in ups:
        state = t["not_due"] if not u["overdue"] else t["under"] if u["under_target"] else t["ok"]
        due = dt.date.fromisoformat(u["due"])
        table.append([_link(updates[u["id"]], lang), u["revision"], dates.format_date(due, lang), u["audience"], u["acknowledged"], u["stale"], _pct(u["coverage"]), state])
    parts.append(_table([t["update"], t["revision"], t["due"], t["audience"], t["acknowledged"], t["stale"],
                         t["coverage"], t["state"]], table))

    # By province (all updates combined)
    parts.append(f"## {t['by_province']} {{ #coverage-by-province }}")
    totals: dict[str, list[int]] = {}
    for u in ups:
        for code, v in u["by_province"].items():
            acc = totals.setdefault(code, [0, 0])
            acc[0] += v["audience"]
            acc[1] += v["acknowledged"]
    codes = [c for c in provinces.codes() if c in totals]
    prow = [(provinces.name(c, lang), totals[c][1] / totals[c][0] if totals[c][0] else None,
             f"{_pct(totals[c][1] / totals[c][0] if totals[c][0] else None)} ({totals[c][1]}/{totals[c][0]})")
            for c in codes]
    parts.append(bar_chart(prow, target, t["by_province"], t["chart_province"].format(target=_pct(target)), lang,
                           f"ack-chart-provinces-{lang}"))

    # By level
    parts.append(f"## {t['by_level']} {{ #coverage-by-level }}")
    keys = [f"{i}" for i in range(1, len(ups) + 1)]
    head = [t["level"]] + [f"{k}. {updates[u['id']].id}" for k, u in zip(keys, ups)]
    lrows = []
    for lv in vocabulary("level"):
        lrows.append([label("level", lv, lang)] + [
            (f"{_pct(u['by_level'][lv]['coverage'])} ({u['by_level'][lv]['acknowledged']}/"
             f"{u['by_level'][lv]['audience']})") if lv in u["by_level"] else "—" for u in ups])
    parts.append(_table(head, lrows))

    # Matrix province x update
    parts.append(f"## {t['matrix']} {{ #province-and-update }}")
    mrows = []
    for c in codes:
        mrows.append([provinces.name(c, lang)] + [_cell(u["by_province"].get(c), target, t) for u in ups])
    parts.append(_table([t["province"]] + [f"{k}. {updates[u['id']].id}" for k, u in zip(keys, ups)], mrows))
    parts.append(f"*{t['note']}*")
    return "\n\n".join(parts) + "\n"
