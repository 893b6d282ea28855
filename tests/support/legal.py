"""Helpers (no tests here): tiny legal trees for the tests of legal texts over time."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from scripts.model.tree import load_tree

VI = """---
id: {id}
type: legal-update
title: "{title}"
owner: Ban biên tập
last_reviewed: "2026-11-01"
published: "{published}"
revision: {revision}
doc_number: {doc_number}
doc_type: {doc_type}
issuer: Quốc hội
signer: Người Ký Mẫu
issued: "{issued}"
effective: "{effective}"
{extra}source_url: https://example.org/{id}
sources:
  - {{title: Nguồn mẫu, url: "https://example.org/nguon"}}
---

## Tóm tắt {{ #summary }}

Nội dung.
"""

EN = """---
id: {id}
type: legal-update
title: "{title} (en)"
last_reviewed: "2026-11-01"
issuer: National Assembly
{extra_en}sources:
  - {{title: Sample source, url: "https://example.org/source"}}
---

## Summary {{ #summary }}

Content.
"""


def write_legal(docs: Path, page_id: str, *, effective: str, issued: str | None = None, extra: str = "",
                extra_en: str = "", doc_number: str | None = None, doc_type: str = "law", revision: int = 1,
                published: str = "2026-01-15", title: str | None = None) -> None:
    (docs / "legal").mkdir(parents=True, exist_ok=True)
    values = {"id": page_id, "title": title or f"Văn bản {page_id}", "published": published, "revision": revision,
                  "doc_number": doc_number or f"{abs(hash(page_id)) % 90 + 10}/{effective[:4]}/QH15", "doc_type": doc_type,
                  "issued": issued or effective, "effective": effective, "extra": extra, "extra_en": extra_en}
    (docs / f"legal/{page_id}.vi.md").write_text(VI.format(**values), encoding="utf-8")
    (docs / f"legal/{page_id}.en.md").write_text(EN.format(**values), encoding="utf-8")


def tree_of(docs: Path):
    return load_tree(docs)


def epoch(day: dt.date) -> str:
    """SOURCE_DATE_EPOCH for noon of `day` in Viet Nam."""
    moment = dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    return str(int(moment.timestamp()))
