"""Problems as a GitLab Code Quality report (what GitLab shows on a merge request's changed
lines, as GitHub shows `::error` annotations): a JSON list of issues, each with its file,
line, rule and message. The fingerprint leaves the line out, so a problem that only moves
is the same issue between the target branch and the merge request."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from ..model.problem import Problem

SEVERITY = {"error": "major", "warning": "minor"}


def issues(problems: list[Problem]) -> list[dict[str, Any]]:
    out = []
    for p in problems:
        key = f"{p.path}\0{p.rule}\0{p.message}".encode()
        out.append({"type": "issue", "check_name": p.rule, "description": f"[{p.rule}] {p.message}",
                    "categories": ["Style"], "severity": SEVERITY.get(p.severity, "info"),
                    "fingerprint": hashlib.sha256(key).hexdigest(),
                    "location": {"path": p.path, "lines": {"begin": max(p.line, 1)}}})
    return out


def write(path: Path | str, problems: list[Problem]) -> None:
    Path(path).write_text(json.dumps(issues(problems), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
