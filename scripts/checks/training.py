"""Checks for trainers' pages: a session plan's modules exist and come after their
prerequisites; every URL once published (data/urls.txt) is still served."""
from __future__ import annotations

from ..model import addresses
from ..model.languages import DEFAULT_LANGUAGE
from ..model.registry import PLACEHOLDER
from ..model.schedule import parse_block
from .context import Context
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
            if isinstance(block, str) or block.kind != "module" or PLACEHOLDER in block.module_id:
                continue
            where = find_line(plan, line + 1, block.module_id)
            if block.module_id not in modules:
                if block.module_id in known:
                    ctx.add(plan, where, "bad-value", field="blocks",
                            detail=f"'{block.module_id}' không phải bài bồi dưỡng (type: module)")
                else:
                    ctx.add(plan, where, "unknown-target", field="blocks", value=block.module_id)
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
