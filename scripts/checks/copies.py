"""What a page copied from a template or from another page still carries over: the sample
text of the `new` templates left in a body (`[template-text]`), and relations repeated from
the page it was copied from (`[copied-relations]`).

The template text is read from the registry (the bodies `new` writes), so a template edited
there is recognised here without a second list.
"""
from __future__ import annotations

import re
from typing import Any

from ..model import legal
from ..model.languages import DEFAULT_LANGUAGE
from ..model.registry import PAGE_TYPES, PLACEHOLDER
from ..model.tree import Page
from .context import Context, short
from .fields import find_line
from .links import body_lines

_FOOTNOTE_REF = re.compile(r"\[\^[^\]]+\]")
_INLINE_CODE = re.compile(r"`[^`]*`")
LONG = 25  # a template sentence this long is recognised at the start of a line with more after it


def _normal(line: str) -> str:
    text = re.sub(r"^\s*(?:[-*+]\s+|\[\^[^\]]+\]:\s*)", "", line)  # list item, footnote definition
    return " ".join(_FOOTNOTE_REF.sub("", _INLINE_CODE.sub("", text)).split())


def template_lines() -> set[str]:
    """The sample lines (not headings, not admonition titles) of every body `new` writes."""
    found = set()
    for pt in PAGE_TYPES.values():
        for text in pt.body.values():
            for line in text.split("\n"):
                stripped = line.strip()
                if not stripped or stripped.startswith(("#", "???", "!!!")):
                    continue
                found.add(_normal(line))
    found.discard("")
    return found


def _left_over(text: str, samples: set[str], long_samples: list[str]) -> str | None:
    line = _normal(text)
    if not line:
        return None
    if line in samples:
        return line
    if PLACEHOLDER in line:
        return PLACEHOLDER
    return next((s for s in long_samples if line.startswith(s)), None)


def check_template_text(ctx: Context) -> None:
    samples = template_lines()
    long_samples = sorted((s for s in samples if len(s) >= LONG), key=len, reverse=True)
    for page in ctx.tree.pages:
        if page.lang is None or page.error is not None:
            continue
        for n, line in body_lines(page):
            found = _left_over(line, samples, long_samples)
            if found:
                ctx.add(page, n, "template-text", text=short(found))
        for name, value in page.meta.items():  # a sample sentence pasted into a field (key_points…)
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, str) and PLACEHOLDER not in item:  # CẦN ĐIỀN there: [placeholder]
                    found = _left_over(item, samples, long_samples)
                    if found:
                        ctx.add(page, find_line(page, page.line_of(name), item[:20]), "template-text",
                                text=short(found))


def _relation_set(page: Page) -> frozenset[tuple[Any, Any, Any]]:
    rels = page.meta.get("relations")
    return frozenset((r.get("type"), r.get("target"), r.get("part")) for r in rels
                     if isinstance(r, dict)) if isinstance(rels, list) else frozenset()


def check_copied_relations(ctx: Context) -> None:
    """A relation to the page itself; relations (with an effect: replaces, repeals, amends…) that
    are exactly another page's. The copy is the page published later (else the later file name)."""
    pages = [p for p in ctx.tree.pages if p.lang == DEFAULT_LANGUAGE and p.error is None
             and isinstance(p.meta.get("id"), str) and p.meta.get("relations")]
    for page in pages:
        for rel in page.meta.get("relations") or []:
            if isinstance(rel, dict) and rel.get("target") == page.meta["id"]:
                ctx.add(page, find_line(page, page.line_of("relations"), f"target: {rel['target']}"),
                        "copied-relations", detail=f"quan hệ '{rel.get('type')}' trỏ tới chính trang này "
                        f"(id '{rel['target']}'); sửa 'target' thành id của văn bản kia")
    groups: dict[frozenset[tuple[Any, Any, Any]], list[Page]] = {}
    for page in pages:
        rels = _relation_set(page)
        if any(t in legal.EFFECT or t in legal.FORWARD for t, _, _ in rels):
            groups.setdefault(rels, []).append(page)
    for members in groups.values():
        if len(members) < 2:
            continue
        members.sort(key=lambda p: (str(p.meta.get("published") or ""), p.rel))
        first = members[0]
        for page in members[1:]:
            ctx.add(page, page.line_of("relations"), "copied-relations",
                    detail=f"'relations' giống hệt trang {ctx.rel(first.path)}, có vẻ chép từ trang đó; ghi "
                           "quan hệ của chính văn bản này (hoặc xoá khối 'relations' nếu không có)")
