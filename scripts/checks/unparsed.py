"""One message per problem: a page whose front matter does not parse gets its `[yaml-syntax]`
line and nothing else about that page pair.

Every other check reads such a page as empty (no id, no owner, no revisions), so without this
one typo also reads as a missing revision note on the English file, CODEOWNERS out of date,
links to an id that "does not exist" and a published address "removed". `only_the_cause`
drops those: problems on either file of the pair (except the syntax line itself), and problems
elsewhere that are about the unparsed page (its id, its address, its anchors).
"""
from __future__ import annotations

import re
from typing import Any

from ..model.problem import Problem
from ..model.registry import SHORT_LINK_PREFIX
from ..model.tree import Page
from .context import Context

KEPT = {"yaml-syntax", "bad-filename"}
_ID_LINE = re.compile(r"^id:\s*[\"']?([a-z0-9][a-z0-9-]*)", re.M)


def _ids(page: Page) -> set[str]:
    """The id the page would have, read off its `id:` line (only to recognise messages about it)."""
    head = page.text.split("\n---", 1)[0]
    return set(_ID_LINE.findall(head))


def only_the_cause(ctx: Context) -> list[Problem]:
    broken = [p for p in ctx.tree.pages if p.error is not None]
    if not broken:
        return ctx.problems
    files, stems, ids = set(), set(), set()
    for page in broken:
        pair = list(page.versions.values()) or [page]
        files |= {ctx.rel(p.path) for p in pair}
        if page.stem:
            stems.add(page.stem)
        ids |= _ids(page)
    short = {f"{prefix}/{i}" for prefix in set(SHORT_LINK_PREFIX.values()) for i in ids}

    def about_unparsed(problem: Problem, values: dict[str, Any]) -> bool:
        if problem.path in files:
            return problem.rule not in KEPT
        if problem.rule == "unknown-target":
            return values.get("value") in ids
        if problem.rule == "url-removed":
            return values.get("stem") in stems | short
        if problem.rule == "broken-anchor":
            return values.get("page") in files
        return False

    values = {id(p): v for p, v in ctx.details}  # a problem added without ctx.add has none: kept unless on the pair
    return [p for p in ctx.problems if not about_unparsed(p, values.get(id(p), {}))]
