"""Updates that require acknowledgement, read from the content model.

A page counts exactly when `model.ackrule.requirement` accepts its default-language
front matter — the rule `python -m scripts check` applies — so the check and the engine
never disagree. A page that asks for acknowledgement but breaks the rule is skipped
with the check's own message. Only front matter is read (`load_tree(bodies=False)`).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from ..checks.rules import message
from ..model import ackrule
from ..model.languages import DEFAULT_LANGUAGE
from ..model.tree import Tree, load_tree
from . import AckError
from .messages import problem


@dataclass(frozen=True)
class Update:
    id: str
    revision: int
    published: dt.date
    due_days: int
    audience: tuple[str, ...]
    title: str = ""
    title_en: str = ""
    path: str = ""
    titles: tuple = ()  # ((lang, title), ...) for every language version

    @property
    def due(self) -> dt.date:
        return self.published + dt.timedelta(days=self.due_days)

    def own_due(self, joined: dt.date | None) -> dt.date:
        """A reporter who joined after the due date has `due_days` from joining."""
        if joined is not None and joined > self.due:
            return joined + dt.timedelta(days=self.due_days)
        return self.due

    def title_in(self, lang: str) -> str:
        titles = dict(self.titles)
        return titles.get(lang) or titles.get(DEFAULT_LANGUAGE) or self.title or self.title_en


def update_from_meta(meta: dict, title_en: str = "", path: str = "", titles: tuple = ()) -> Update | None:
    """An Update from a page's front matter, or None when it does not (validly) require acknowledgement."""
    req, _ = ackrule.requirement(meta)
    if req is None:
        return None
    title = str(meta.get("title") or "")
    titles = titles or ((DEFAULT_LANGUAGE, title),) + ((("en", title_en),) if title_en else ())
    return Update(id=str(meta["id"]), revision=req.revision, published=req.published, due_days=req.due_days,
                  audience=req.audience, title=title, title_en=title_en, path=path, titles=titles)


def updates_from_tree(tree: Tree, warn=None) -> dict[str, Update]:
    """Every update requiring acknowledgement in the tree, by id, oldest publication first.

    A page with `ack.required: true` that breaks the acknowledgement rule is skipped and
    `warn(line)` is called with the check's message for each issue.
    """
    out: dict[str, Update] = {}
    for page in tree.pages:
        if page.lang != DEFAULT_LANGUAGE or page.error is not None:
            continue
        meta = page.meta
        req, issues = ackrule.requirement(meta)
        if issues:
            if warn:
                for issue in issues:
                    warn(f"{page.rel}:{page.line_of(issue.field)}: [{issue.rule}] {message(issue.rule, **issue.values)}"
                         " — trang này chưa được tính vào tiến độ xác nhận")
            continue
        if req is None:
            continue
        titles = tuple((lang, str(v.meta.get("title") or "")) for lang, v in page.versions.items() if v.meta.get("title"))
        # not None: `requirement` accepted this front matter above
        update = cast(Update, update_from_meta(meta, str(page.versions["en"].meta.get("title") or "") if "en" in page.versions
                                               else "", page.rel, titles))
        if update.id in out:
            if warn:
                warn(f"{page.rel}: [duplicate-id] id '{update.id}' đã dùng ở {out[update.id].path}; bỏ qua")
            continue
        out[update.id] = update
    return dict(sorted(out.items(), key=lambda kv: (kv[1].published, kv[0])))


def load_updates(docs_dir: Path | str, warn=None) -> dict[str, Update]:
    """`updates_from_tree` for a docs folder, reading front matter only."""
    docs_dir = Path(docs_dir)
    if not docs_dir.is_dir():
        raise AckError(problem(docs_dir, 0, "missing-docs", "updates.load-updates"))
    return updates_from_tree(load_tree(docs_dir, bodies=False), warn)
