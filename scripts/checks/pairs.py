"""Checks across pages: unique ids, every language version present with the same id,
and fields that point at other pages pointing at pages that exist."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

from ..model import languages
from ..model.languages import DEFAULT_LANGUAGE
from ..model.tree import Page
from .context import Context, did_you_mean


def check_ids(ctx: Context) -> None:
    pages = [p for p in ctx.tree.pages if p.lang and p.error is None and p.has_front_matter]
    for lang in languages.codes():
        seen: dict[str, Page] = {}
        for p in pages:
            if p.lang != lang or not isinstance(p.meta.get("id"), str):
                continue
            pid = p.meta["id"]
            if pid in seen:
                ctx.add(p, p.line_of("id"), "duplicate-id", value=pid, other=ctx.rel(seen[pid].path))
            else:
                seen[pid] = p


def check_versions(ctx: Context) -> None:
    for p in [p for p in ctx.tree.pages if p.lang]:
        for lang in languages.codes():
            if lang == p.lang:
                continue
            other = p.versions.get(lang)
            if other is None:
                if p.lang == DEFAULT_LANGUAGE and p.meta.get("translation") == "pending":
                    continue  # the build publishes the Vietnamese text under the translation's URL
                if p.lang == DEFAULT_LANGUAGE or lang == DEFAULT_LANGUAGE:
                    expected = f"{Path(p.rel).parent / Path(cast(str, p.stem)).name}.{lang}.md".lstrip("./")
                    ctx.add(p, 1, "pair-missing", lang_name=languages.language_name(lang, DEFAULT_LANGUAGE),
                            expected=expected)
            elif lang == DEFAULT_LANGUAGE and p.meta.get("id") and other.meta.get("id") \
                    and p.meta["id"] != other.meta["id"]:
                ctx.add(p, p.line_of("id"), "pair-id-mismatch", value=p.meta["id"], other=other.meta["id"],
                        lang_name=languages.language_name(lang, DEFAULT_LANGUAGE), partner=ctx.rel(other.path))


def targets(meta: dict[str, Any]) -> Iterator[tuple[str, list[Any]]]:
    """(field, [ids]) for every field that points at other pages."""
    rel = meta.get("relations")
    if isinstance(rel, list):
        yield "relations.target", [r.get("target") for r in rel if isinstance(r, dict)]
    for name in ("related", "prerequisites"):
        v = meta.get(name)
        if isinstance(v, list):
            yield name, v


def check_targets(ctx: Context) -> None:
    pages = [p for p in ctx.tree.pages if p.lang == DEFAULT_LANGUAGE and p.error is None]
    ids = {p.meta.get("id") for p in pages}
    for p in pages:
        for name, ids_named in targets(p.meta):
            for t in ids_named:
                if isinstance(t, str) and t not in ids:
                    ctx.add(p, p.line_of(name.split(".")[0]), "unknown-target", field=name, value=t,
                            hint=did_you_mean(t, ids))
