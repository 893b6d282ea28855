"""Output of `report` and `status`: terminal table (default), csv, json, md.

Every CSV cell that could open as a spreadsheet formula (= + - @ tab CR) gets a leading ' (`safe_row`)."""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Set as AbstractSet

from ..model.dates import format_date
from ..model.languages import DEFAULT_LANGUAGE, label, language, strings, vocabulary
from .log import safe_row
from .roster import Provinces


def pct(value, lang: str = "en") -> str:
    """A share with one decimal, written the way `lang` writes numbers: 79,2% (vi), 79.2% (en)."""
    if value is None:
        return "—"
    text = f"{value * 100:.1f}%"
    return text.replace(".", str(language(lang).numbers.get("decimal") or "."))  # the locale's decimal mark


def _day(value, lang: str) -> str:
    return format_date(value, lang) if value else ""


def _table(header: list[str], rows: list[list], right: AbstractSet[int] = frozenset()) -> str:
    cells = [header] + [[str(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    lines = []
    for n, r in enumerate(cells):
        lines.append("  ".join(c.rjust(widths[i]) if i in right else c.ljust(widths[i])
                               for i, c in enumerate(r)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _md(header: list[str], rows: list[list], right: AbstractSet[int] = frozenset()) -> str:
    esc = lambda c: str(c).replace("|", "\\|")  # noqa: E731
    out = ["| " + " | ".join(esc(h) for h in header) + " |",
           "|" + "|".join("---:" if i in right else "---" for i in range(len(header))) + "|"]
    out += ["| " + " | ".join(esc(c) for c in r) + " |" for r in rows]
    return "\n".join(out)


def _verdict(u: dict, t: dict) -> str:
    if not u["overdue"]:
        return t["not_due"]
    return t["under"] if u["under_target"] else t["ok"]


def _summary_rows(doc: dict, t: dict, lang: str) -> list[list]:
    return [[u["id"], u["revision"], _day(u["due"], lang), u["audience"], u["acknowledged"], u["stale"], u["pending"],
             pct(u["coverage"], lang), pct(u["evaluated_coverage"], lang) if u["overdue"] else "—", _verdict(u, t)]
            for u in doc["updates"]]


def _matrices(doc: dict, provinces: Provinces, lang: str):
    keys = [f"U{i}" for i in range(1, len(doc["updates"]) + 1)]
    legend = [[k, u["id"], (u.get("title_en") if lang != DEFAULT_LANGUAGE else "") or u["title"]]
              for k, u in zip(keys, doc["updates"], strict=True)]
    levels = [[label("level", lv, lang)] + [pct(u["by_level"][lv]["coverage"], lang) if lv in u["by_level"]
                                            else "" for u in doc["updates"]] for lv in vocabulary("level")]
    codes = [c for c in provinces.codes() if any(c in u["by_province"] for u in doc["updates"])]
    codes += sorted({c for u in doc["updates"] for c in u["by_province"]} - set(codes))
    provs = [[provinces.name(c, lang)] + [pct(u["by_province"][c]["coverage"], lang) if c in u["by_province"] else ""
                                          for u in doc["updates"]] for c in codes]
    return keys, legend, levels, provs


def report_text(doc: dict, provinces: Provinces, fmt: str = "table", lang: str = DEFAULT_LANGUAGE) -> str:
    if fmt == "json":
        return json.dumps(doc, ensure_ascii=False, indent=2)
    if fmt == "csv":
        return report_csv(doc, provinces)
    t = strings(lang, "report")
    title = t["report_title"].format(as_of=_day(doc["as_of"], lang), target=pct(doc["target"], lang))
    header = [t["update"], t["rev"], t["due"], t["audience"], t["ack"], t["stale"], t["pending"], t["coverage"],
              t["evaluated"], t["state"]]
    right = {1, 3, 4, 5, 6, 7, 8}
    if not doc["updates"]:
        return title + "\n\n" + t["none"]
    keys, legend, levels, provs = _matrices(doc, provinces, lang)
    if fmt == "md":
        return "\n\n".join([
            f"## {title}", _md(header, _summary_rows(doc, t, lang), right), t["footnote"],
            f"### {t['by_level']}", _md([t["level"]] + keys, levels, set(range(1, len(keys) + 1))),
            f"### {t['by_province']}", _md([t["province"]] + keys, provs, set(range(1, len(keys) + 1))),
            f"### {t['legend']}", _md(["", t["update"], ""], legend),
        ]) + "\n"
    return "\n\n".join([
        title, _table(header, _summary_rows(doc, t, lang), right), t["footnote"],
        t["by_level"], _table([t["level"]] + keys, levels, set(range(1, len(keys) + 1))),
        t["by_province"], _table([t["province"]] + keys, provs, set(range(1, len(keys) + 1))),
        t["legend"], _table(["", t["update"], ""], legend),
    ]) + "\n"


def report_csv(doc: dict, provinces: Provinces) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["update_id", "revision", "due", "overdue", "group", "key", "name", "audience", "acknowledged",
                "stale", "pending", "coverage", "evaluated", "evaluated_coverage", "target", "under_target"])
    for u in doc["updates"]:
        w.writerow(safe_row([u["id"], u["revision"], u["due"], u["overdue"], "total", "", "", u["audience"],
                             u["acknowledged"], u["stale"], u["pending"], u["coverage"], u["evaluated"],
                             u["evaluated_coverage"], doc["target"], u["under_target"]]))
        for lv, v in u["by_level"].items():
            w.writerow(safe_row([u["id"], u["revision"], u["due"], u["overdue"], "level", lv,
                                 label("level", lv, DEFAULT_LANGUAGE), v["audience"], v["acknowledged"], "", "",
                                 v["coverage"], "", "", doc["target"], ""]))
        for code, v in u["by_province"].items():
            w.writerow(safe_row([u["id"], u["revision"], u["due"], u["overdue"], "province", code, provinces.name(code),
                                 v["audience"], v["acknowledged"], "", "", v["coverage"], "", "", doc["target"], ""]))
    return buf.getvalue()


STATUS_ORDER = ("pending", "stale", "acknowledged")  # who needs action first

STATUS_JSON_KEYS = ("id", "revision", "as_of", "due", "audience", "coverage", "acknowledged", "stale", "pending")


def status_text(st: dict, provinces: Provinces, fmt: str = "table", lang: str = DEFAULT_LANGUAGE) -> str:
    if fmt == "json":
        return json.dumps({k: st[k] for k in STATUS_JSON_KEYS}, ensure_ascii=False, indent=2)
    people = st["people"]
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(["state", "reporter_id", "full_name", "level", "province", "province_name", "unit", "due",
                    "overdue", "acknowledged_at", "acknowledged_revision"])
        for state in STATUS_ORDER:
            for rid in st[state]:
                p = people[rid]
                w.writerow(safe_row([state, rid, p["full_name"], p["level"], p["province"],
                                     provinces.name(p["province"]), p["unit"], p["due"], p["overdue"],
                                     p["acknowledged_at"], p["acknowledged_revision"] or ""]))
        return buf.getvalue()
    t = strings(lang, "report")
    out = [t["status_title"].format(id=st["id"], rev=st["revision"], due=_day(st["due"], lang),
                                    as_of=_day(st["as_of"], lang)),
           t["status_counts"].format(aud=st["audience"], ack=len(st["acknowledged"]), stale=len(st["stale"]),
                                     pending=len(st["pending"]), cov=pct(st["coverage"], lang))]
    header = [t["reporter"], t["name"], t["level"], t["province"], t["unit"], t["own_due"], t["at"], t["last_rev"]]
    render = _md if fmt == "md" else _table
    headings = {"acknowledged": t["acknowledged"], "stale": t["stale_h"], "pending": t["pending_h"]}
    for state in STATUS_ORDER:
        heading_text = headings[state]
        rows = []
        for rid in st[state]:
            p = people[rid]
            due = _day(p["due"], lang) + (f" ({t['overdue']})" if p["overdue"] else "")
            when = (_day(p["acknowledged_at"][:10], lang) + " " + p["acknowledged_at"][11:16]).strip()
            if state == "stale":
                when += f" ({t['rev'].lower()} {p['acknowledged_revision']})"
            rows.append([rid, p["full_name"], label("level", p["level"], lang),
                         provinces.name(p["province"], lang) if p["province"] else label("level", "central", lang),
                         p["unit"], due, when, p["acknowledged_revision"] or "—"])
        heading = f"{heading_text} ({len(rows)})"
        out.append(("### " + heading) if fmt == "md" else heading)
        if rows:
            out.append(render(header, rows))
    return "\n\n".join(out) + "\n"
