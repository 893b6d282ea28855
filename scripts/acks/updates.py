"""Updates that require acknowledgement, read from the pages' front matter only.

A page counts when its default-language file (`*.vi.md`) has
`ack: {required: true, audience: [...], due: N}` and an integer `revision`
and `published` date. Only the front matter is read (the body can be long
and there may be hundreds of pages).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..content import read_front_matter
from ..schema import DEFAULT_LANGUAGE, LEVELS
from . import AckError, Problem

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

    @property
    def due(self) -> dt.date:
        return self.published + dt.timedelta(days=self.due_days)

    def own_due(self, joined: dt.date | None) -> dt.date:
        """A reporter who joined after the due date has `due_days` from joining."""
        if joined is not None and joined > self.due:
            return joined + dt.timedelta(days=self.due_days)
        return self.due

    def title_in(self, lang: str) -> str:
        return (self.title_en or self.title) if lang == "en" else (self.title or self.title_en)


def _as_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except (TypeError, ValueError):
        return None


def update_from_meta(meta: dict, title_en: str = "", path: str = "") -> Update | None:
    """An Update from merged front matter, or None when the page does not require acknowledgement."""
    ack = meta.get("ack")
    if not isinstance(ack, dict) or ack.get("required") is not True:
        return None
    rev, due = meta.get("revision"), ack.get("due")
    published = _as_date(meta.get("published"))
    audience = ack.get("audience") or []
    if isinstance(audience, str):
        audience = [audience]
    if (not meta.get("id") or isinstance(rev, bool) or not isinstance(rev, int) or rev < 1
            or isinstance(due, bool) or not isinstance(due, int) or due < 0 or published is None
            or not audience or any(a not in LEVELS for a in audience)):
        return None
    return Update(id=str(meta["id"]), revision=rev, published=published, due_days=due,
                  audience=tuple(a for a in LEVELS if a in audience), title=str(meta.get("title") or ""),
                  title_en=title_en, path=path)


def load_updates(docs_dir: Path | str, warn=None) -> dict[str, Update]:
    """Every update requiring acknowledgement under `docs_dir`, by id, oldest publication first.

    Pages with `ack.required: true` but an unusable revision, date, due or audience
    are skipped; `warn(message)` is called for each (`python -m scripts check` says why).
    """
    docs_dir = Path(docs_dir)
    if not docs_dir.is_dir():
        raise AckError(Problem(docs_dir, 0, "missing-docs", "không có thư mục nội dung (--docs)"))
    out: dict[str, Update] = {}
    for path in sorted(docs_dir.rglob(f"*.{DEFAULT_LANGUAGE}.md")):
        meta = read_front_matter(path)
        if not meta or not isinstance(meta.get("ack"), dict) or meta["ack"].get("required") is not True:
            continue
        en_path = path.with_name(path.name[: -len(f".{DEFAULT_LANGUAGE}.md")] + ".en.md")
        title_en = ""
        if en_path.exists():
            title_en = str((read_front_matter(en_path) or {}).get("title") or "")
        rel = path.relative_to(docs_dir).as_posix()
        update = update_from_meta(meta, title_en, rel)
        if update is None:
            if warn:
                warn(f"{rel}: [bad-ack] trang yêu cầu xác nhận nhưng thiếu hoặc sai revision, published, "
                     "ack.due hoặc ack.audience; bỏ qua (chạy: python -m scripts check)")
            continue
        if update.id in out:
            if warn:
                warn(f"{rel}: [duplicate-id] id '{update.id}' đã dùng ở {out[update.id].path}; bỏ qua")
            continue
        out[update.id] = update
    return dict(sorted(out.items(), key=lambda kv: (kv[1].published, kv[0])))
