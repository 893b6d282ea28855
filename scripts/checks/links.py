"""Links and anchors in page bodies: every relative link reaches a page (or file) that
exists, and every `#anchor` one that the target page has — its headings, explicit
`{ #id }`s, footnotes, and the anchors of the boxes the build adds to its type."""
from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

from ..model import folding, languages
from ..model.registry import anchors_for
from ..model.tree import Page
from .context import Context

FENCE = re.compile(r"^\s*(```|~~~)")
LINK = re.compile(r"(?<!!)\[(?:[^\]\[]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
ATTR_ID = re.compile(r"\{[^}]*#([A-Za-z0-9_\-]+)[^}]*\}\s*$")
HTML_ID = re.compile(r"\bid=\"([^\"]+)\"")
FOOTNOTE = re.compile(r"^\[\^([^\]]+)\]:")


def external(target: str) -> bool:
    return bool(re.match(r"^[a-zA-Z][a-zA-Z0-9+.\-]*:", target))


def localised(path: Path, lang: str | None) -> Path | None:
    """`x.md` -> `x.<lang>.md`; `x.vi.md` stays; other files -> None."""
    name = path.name
    if re.search(r"\.({})\.md$".format("|".join(languages.codes())), name):
        return path.resolve()
    if name.endswith(".md"):
        return path.with_name(name[:-3] + f".{lang}.md").resolve()
    return None


def body_lines(page: Page) -> Iterator[tuple[int, str]]:
    """(line number, text) of the body outside fenced code."""
    in_fence = False
    for n, line in enumerate(page.body.split("\n"), start=page.body_line):
        if FENCE.match(line):
            in_fence = not in_fence
            continue
        if not in_fence:
            yield n, line


class Anchors:
    """The anchor ids of each page, computed once per check run."""

    def __init__(self, ctx: Context):
        self.by_path = ctx.tree.by_path()
        self.cache: dict[Path, set[str]] = {}

    def of(self, path: Path) -> set[str]:
        if path not in self.cache:
            page = self.by_path.get(path)
            text = page.body if page else path.read_text(encoding="utf-8")
            found = anchors_for(page.get("type") if page else None)
            in_fence = False
            for line in text.split("\n"):
                if FENCE.match(line):
                    in_fence = not in_fence
                    continue
                if in_fence:
                    continue
                h = HEADING.match(line)
                if h:
                    m = ATTR_ID.search(h.group(2))
                    found.add(m.group(1) if m else folding.slugify(re.sub(r"\{[^}]*\}\s*$", "", h.group(2))))
                else:
                    m = ATTR_ID.search(line)
                    if m:
                        found.add(m.group(1))
                found.update(HTML_ID.findall(line))
                found.update(f"fn:{x}" for x in FOOTNOTE.findall(line))
            self.cache[path] = found
        return self.cache[path]


def check_links(ctx: Context) -> None:
    anchors = Anchors(ctx)
    for page in ctx.tree.pages:
        if page.lang is None or page.error is not None:
            continue
        base_dir = page.path.parent
        for n, line in body_lines(page):
            stripped = re.sub(r"`[^`]*`", "", line)
            for m in IMAGE.finditer(stripped):
                target = m.group(1)
                if not external(target) and not (base_dir / unquote(target.split("#")[0])).exists():
                    ctx.add(page, n, "broken-link", target=target, hint="")
            for m in LINK.finditer(stripped):
                check_link(ctx, anchors, page, n, m.group(1), base_dir)


def closest_page(ctx: Context, page: Page, base_dir: Path, written: str) -> str | None:
    """The link to the existing page closest to what was written ('luat-cuu.md' -> 'luat-cu.md'),
    written the way links are (relative, without the language suffix)."""
    candidates = {}
    for other in ctx.tree.pages:
        if other.lang == page.lang and other.stem:
            link = os.path.relpath(other.path.with_name(Path(other.stem).name + ".md"), base_dir)
            candidates[Path(link).as_posix()] = other
    close = difflib.get_close_matches(Path(written).as_posix(), sorted(candidates), n=1, cutoff=0.75)
    return close[0] if close else None


def check_link(ctx: Context, anchors: Anchors, page: Page, line: int, target: str, base_dir: Path) -> None:
    if external(target) or target.startswith("/"):
        return
    path_part, _, anchor = target.partition("#")
    path_part = unquote(path_part)  # a URL: 't%C3%A0i-li%E1%BB%87u.md', 'ghi%20chu.pdf' name files as written
    dest: Path | None
    if not path_part:
        dest = page.path
    else:
        if not path_part.endswith(".md"):
            candidate = (base_dir / path_part).resolve()
            if candidate.is_dir():
                candidate = candidate / "index.md"
                path_part = os.path.relpath(candidate, base_dir)
            elif candidate.exists():
                return  # an asset (PDF, image) that exists
            else:
                ctx.add(page, line, "broken-link", target=target,
                        hint="; liên kết tới trang khác viết dạng 'ten-trang.md' (không có đuôi .vi/.en)")
                return
        dest = localised(base_dir / path_part, page.lang)
        if dest is None or not dest.exists():
            wanted = dest or base_dir / path_part
            close = closest_page(ctx, page, base_dir, path_part)
            ctx.add(page, line, "broken-link", target=target, hint=f" (không có tệp '{ctx.rel(wanted)}'"
                    + (f"; có phải '{close}'?)" if close else ")"))
            return
    if anchor:
        found = anchors.of(dest)
        if anchor not in found:
            close_anchor = difflib.get_close_matches(anchor, sorted(found), n=1)
            hint = f"; có phải '#{close_anchor[0]}'?" if close_anchor else ""
            ctx.add(page, line, "broken-anchor", target=target, page=ctx.rel(dest), anchor=anchor, hint=hint)
