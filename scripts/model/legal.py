"""Legal texts over time: a legal update's status on a date and its history, computed
from its own dates (`effective`, `expiry`) and from the typed relations written on
either side (this page's `relations`, and other pages' through `Tree.incoming`).

vbpl.vn's rules, as the handbook applies them:

- before `effective`: not yet in force; from that day: in force;
- from `expiry`, or from the `effective` date of a document that replaces or repeals
  it (written `replaces` on that document, or `replaced-by` on this one): expired;
- a document that replaces or repeals a part (`part: "Điều 7"`): partly expired;
- amendments are recorded as events; the status stays in force.

Front matter `status` is an override for what dates cannot express (suspended,
unverified) and then needs a `status_note`; the checks compare it with the computed one.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import dates
from .languages import DEFAULT_LANGUAGE

if TYPE_CHECKING:
    from .tree import Page, Tree

# relation types that may be written on the affected page instead: inverse -> forward
FORWARD = {"replaced-by": "replaces", "repealed-by": "repeals", "amended-by": "amends"}
INVERSE = {v: k for k, v in FORWARD.items()}
ENDING = ("replaces", "repeals")  # end the target's force (in full, or a part)
EFFECT = ENDING + ("amends",)  # change the target from the actor's effective date
ANNOUNCE_DAYS = 60  # a status change this close to the as-of date is announced
COMPUTED = ("not-yet-in-force", "in-force", "partly-expired", "expired")


@dataclass(frozen=True)
class Statement:
    """One relation, whichever page it was written on: `actor` <type> `subject` (part)."""
    actor: str
    type: str  # forward type: replaces, repeals, amends, guides, …
    subject: str
    part: str | None
    written_on: str  # id of the page whose front matter holds it


@dataclass(frozen=True)
class Event:
    date: dt.date
    kind: str  # issued, in-force, amended, replaced, repealed (partly-… with a part), expired
    other: str | None = None  # id of the document that caused it
    part: str | None = None


@dataclass(frozen=True)
class Status:
    key: str | None  # what the page shows: the override, else the computed status
    computed: str | None  # from dates and relations (None without a valid `effective`)
    as_of: dt.date
    override: str | None  # front matter `status`, when written
    change: tuple[dt.date, str] | None  # a change of the computed status within ANNOUNCE_DAYS


def canonical(page_id: str, rel: dict[str, Any]) -> Statement | None:
    """A relation as written on page_id, turned into its forward form."""
    if not isinstance(rel, dict) or not isinstance(rel.get("target"), str) or not isinstance(rel.get("type"), str):
        return None
    part = rel.get("part")
    part = str(part) if part not in (None, "") else None
    if rel["type"] in FORWARD:
        return Statement(rel["target"], FORWARD[rel["type"]], page_id, part, page_id)
    return Statement(page_id, rel["type"], rel["target"], part, page_id)


def statements(tree: Tree, page_id: str) -> list[Statement]:
    """Every relation that involves page_id, written on it or (towards it) on other pages."""
    out = []
    page = tree.page(page_id, DEFAULT_LANGUAGE)
    own = page.meta.get("relations") if page is not None else None
    for rel in own if isinstance(own, list) else []:
        st = canonical(page_id, rel)
        if st is not None:
            out.append(st)
    for other_id, rel_type, part in tree.incoming(page_id):
        if other_id != page_id:
            st = canonical(other_id, {"type": rel_type, "target": page_id, "part": part})
            if st is not None:
                out.append(st)
    return out


def _effective(tree: Tree, page_id: str) -> dt.date | None:
    page = tree.page(page_id, DEFAULT_LANGUAGE)
    return dates.parse_iso(page.meta.get("effective")) if page is not None else None


def effects(tree: Tree, page_id: str) -> list[tuple[dt.date, Statement]]:
    """What other documents do to this one (replace, repeal, amend), each from the day the
    other document takes effect; one entry per (actor, type, part) whichever side wrote it."""
    seen, out = set(), []
    for st in statements(tree, page_id):
        key = (st.actor, st.type, st.part)
        if st.subject != page_id or st.type not in EFFECT or key in seen:
            continue
        seen.add(key)
        when = _effective(tree, st.actor)
        if when is not None:
            out.append((when, st))
    return sorted(out, key=lambda item: (item[0], item[1].actor, item[1].type, item[1].part or ""))


def computed_status(tree: Tree, page: Page, on: dt.date) -> str | None:
    """not-yet-in-force / in-force / partly-expired / expired on a date; None without `effective`."""
    effective = dates.parse_iso(page.get("effective"))
    if effective is None:
        return None
    if on < effective:
        return "not-yet-in-force"
    expiry = dates.parse_iso(page.get("expiry"))
    if expiry is not None and expiry <= on:
        return "expired"
    partly = False
    for when, st in effects(tree, page.id):
        if st.type in ENDING and when <= on:
            if st.part is None:
                return "expired"
            partly = True
    return "partly-expired" if partly else "in-force"


def change_dates(tree: Tree, page: Page) -> list[dt.date]:
    """The days the computed status may change on."""
    found = {dates.parse_iso(page.get("effective")), dates.parse_iso(page.get("expiry"))}
    found |= {when for when, st in effects(tree, page.id) if st.type in ENDING}
    return sorted(d for d in found if d is not None)


def nearby_change(tree: Tree, page: Page, on: dt.date, days: int = ANNOUNCE_DAYS) -> tuple[dt.date, str] | None:
    """The next change of the computed status within `days` after `on`, else the latest one
    within `days` before it (inclusive): (date, new status)."""
    window = dt.timedelta(days=days)
    candidates = []
    for day in change_dates(tree, page):
        if abs((day - on).days) > days:
            continue
        before, after = computed_status(tree, page, day - dt.timedelta(days=1)), computed_status(tree, page, day)
        if before != after and after is not None:
            candidates.append((day, after))
    upcoming = [c for c in candidates if c[0] > on and c[0] - on <= window]
    if upcoming:
        return upcoming[0]
    past = [c for c in candidates if c[0] <= on]
    return past[-1] if past else None


def status(tree: Tree, page: Page, on: dt.date | None = None) -> Status:
    """The status a page shows on a date (default: the build's as-of date)."""
    on = on or dates.today()
    computed = computed_status(tree, page, on)
    override = page.get("status")
    override = override if isinstance(override, str) and override else None
    change = nearby_change(tree, page, on) if override in (None, computed) else None
    return Status(key=override or computed, computed=computed, as_of=on, override=override, change=change)


def contradicts(st: Status) -> bool:
    """An override that says something else than the dates do."""
    return st.override is not None and st.computed is not None and st.override != st.computed


def history(tree: Tree, page: Page) -> list[Event]:
    """The page's events by date: issued, in force, amended/replaced/repealed by …, expired."""
    out = []
    issued, effective, expiry = (dates.parse_iso(page.get(k)) for k in ("issued", "effective", "expiry"))
    if issued:
        out.append(Event(issued, "issued"))
    if effective:
        out.append(Event(effective, "in-force"))
    kinds = {"amends": "amended", "replaces": "replaced", "repeals": "repealed"}
    for when, st in effects(tree, page.id):
        kind = kinds[st.type]
        out.append(Event(when, ("partly-" + kind) if st.part else kind, st.actor, st.part))
    if expiry:
        out.append(Event(expiry, "expired"))
    order = {"issued": 0, "in-force": 1, "expired": 9}
    return sorted(out, key=lambda e: (e.date, order.get(e.kind, 5), e.other or "", e.part or ""))
