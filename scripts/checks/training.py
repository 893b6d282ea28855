"""Checks for trainers' pages: a session plan's modules exist and come after their
prerequisites; every URL once published (data/urls.txt) is still served."""
from __future__ import annotations

import re

from ..model import addresses
from ..model.languages import DEFAULT_LANGUAGE
from ..model.registry import PLACEHOLDER
from ..model.schedule import parse_block
from .context import Context, did_you_mean
from .fields import find_line


def check_plans(ctx: Context) -> None:
    modules = {p.meta.get("id"): p for p in ctx.tree.pages
               if p.lang == DEFAULT_LANGUAGE and p.error is None and p.meta.get("type") == "module"}
    known = {p.meta.get("id") for p in ctx.tree.pages if p.lang == DEFAULT_LANGUAGE and p.error is None}
    for plan in ctx.tree.pages:
        if plan.lang != DEFAULT_LANGUAGE or plan.error is not None or plan.meta.get("type") != "session-plan":
            continue
        items = plan.meta.get("blocks")
        if not isinstance(items, list):
            continue
        line = plan.line_of("blocks")
        position: dict[str, int] = {}
        placed = []
        for index, item in enumerate(items):
            block = parse_block(item, index)
            if isinstance(block, str) or block.kind != "module" or block.module_id is None \
                    or PLACEHOLDER in block.module_id:  # a module block always names one
                continue
            where = find_line(plan, line + 1, block.module_id)
            if block.module_id not in modules:
                if block.module_id in known:
                    ctx.add(plan, where, "bad-value", field="blocks",
                            detail=f"'{block.module_id}' không phải bài bồi dưỡng (type: module)")
                else:
                    ctx.add(plan, where, "unknown-target", field="blocks", value=block.module_id,
                            hint=did_you_mean(block.module_id, modules))
                continue
            position.setdefault(block.module_id, index)
            placed.append((block.module_id, index, where))
        for module_id, index, where in placed:
            for prerequisite in modules[module_id].meta.get("prerequisites") or []:
                if isinstance(prerequisite, str) and position.get(prerequisite, -1) > index:
                    ctx.add(plan, where, "prerequisite-order", module=module_id, prerequisite=prerequisite)


def check_published_urls(ctx: Context) -> None:
    path = addresses.urls_file(ctx.tree)
    listed = addresses.read_urls(path)
    if not listed:
        return
    served = set(addresses.published_urls(ctx.tree))
    missing = []
    for n, url in listed:
        normal = url.strip().lstrip("/")
        if normal and not normal.endswith("/") and not normal.endswith(".html"):
            normal += "/"
        if normal not in served:
            missing.append((n, url, normal))
    if len(missing) * 2 > len(listed):
        # most of the list gone: a list written for another docs/ (a test fixture that copied data/)
        ctx.add(path, 1, "url-list-foreign", severity="warning", n=len(missing), total=len(listed))
        return
    for n, url, normal in missing:
        ctx.add(path, n, "url-removed", url=url, stem=addresses.stem_of(normal))


# `??? success "Gợi ý đáp án"` inside an exercise, `??? note "Ghi chú cho giảng viên"`: blocks the
# learner handout hides and the instructor view shows, recognised by their class
BLOCK = re.compile(r'^(?P<indent>\s*)(?P<marker>\?\?\?\+?|!!!)\s+(?P<classes>[\w -]+?)\s*(?:"(?P<title>[^"]*)")?\s*$')
INSTRUCTOR_TITLE = re.compile(r"giảng viên|instructor|trainer", re.IGNORECASE)


def check_trainer_blocks(ctx: Context) -> None:
    for page in ctx.tree.pages:
        if page.lang is None or page.error is not None or page.get("type") != "module":
            continue
        in_fence = False
        for n, line in enumerate(page.body.split("\n"), start=page.body_line):
            if line.lstrip().startswith(("```", "~~~")):
                in_fence = not in_fence
            m = None if in_fence else BLOCK.match(line)
            if not m:
                continue
            classes = m.group("classes").split()
            title = m.group("title") or ""
            kind = classes[0] if classes else ""
            if kind == "success" and m.group("indent") and "answer" not in classes:
                fixed = f'{m.group("indent")}{m.group("marker")} success answer "{title}"'
                ctx.add(page, n, "trainer-block-unmarked", what="gợi ý đáp án", cls="answer", fixed=fixed.strip())
            elif kind == "note" and INSTRUCTOR_TITLE.search(title) and "instructor" not in classes:
                fixed = f'{m.group("marker")} note instructor "{title}"'
                ctx.add(page, n, "trainer-block-unmarked", what="ghi chú cho giảng viên", cls="instructor", fixed=fixed)
