"""The "What changed in 2025–2026" list (`<!-- legal-changes 2025 2026 -->`): one line per
change of a legal text in those years, newest last, each linked to its page, computed from
the pages' dates and relations (the same events as their history tables): a text coming into
force, amended, replaced, repealed or expiring. Nothing is typed twice: a new relation or a
new legal page shows up here at the next build.
"""
from __future__ import annotations

import re
from typing import cast

from ..model import dates
from ..model import legal as legal_model
from ..model.languages import t
from ..model.tree import Page, Tree
from .context import e
from .escape import md, md_href

MARKER_RE = re.compile(r"<!--\s*legal-changes\s+(\d{4})\s+(\d{4})\s*-->")
SHOWN = {"in-force", "amended", "partly-amended", "replaced", "partly-replaced", "repealed", "partly-repealed",
         "expired"}


def _link(from_page: Page, to_page: Page) -> str:
    """A relative Markdown link target without language suffix (static-i18n localises it)."""
    return md_href(cast(str, from_page.stem), cast(str, to_page.stem))


def change_lines(tree: Tree, page: Page, lang: str, first: int, last: int) -> list[tuple]:
    """(date, id, kind, line) of every change between 1 January `first` and 31 December `last`."""
    out = []
    docs = [p for p in tree.in_language(lang) if p.get("type") == "legal-update" and isinstance(p.id, str) and p.stem]
    for doc in docs:
        events = legal_model.history(tree, doc)
        # an expiry on the day a text replaces or repeals it is the same change: say it once, with its cause
        ended = {ev.date for ev in events if ev.kind in ("replaced", "repealed")}
        for ev in events:
            if ev.kind not in SHOWN or not first <= ev.date.year <= last or (ev.kind == "expired" and ev.date in ended):
                continue
            other = tree.page(ev.other, lang) if ev.other else None
            other_md = f"[{md(other.get('title', ''))}]({_link(page, other)})" if other is not None else \
                md(ev.other or "")
            what = t(lang, "legal.event_" + ev.kind, other=other_md)
            number = f" ({md(doc.get('doc_number'))})" if doc.get("doc_number") else ""
            part = f" — {md(ev.part)}" if ev.part else ""
            line = (f"- **{dates.format_date(ev.date, lang)}** · [{md(doc.get('title', ''))}]"
                    f"({_link(page, doc)}){number}: {what}{part}")
            out.append((ev.date, doc.id, ev.kind, line))
    return sorted(out, key=lambda row: row[:3])


def expand(markdown: str, tree: Tree, page: Page, lang: str) -> str:
    def render(m):
        rows = change_lines(tree, page, lang, int(m.group(1)), int(m.group(2)))
        if not rows:
            return f"_{e(t(lang, 'listing.none'))}_\n"
        return "\n".join(line for *_, line in rows) + "\n"
    return MARKER_RE.sub(render, markdown)
