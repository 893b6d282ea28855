"""What every check module shares: the tree being checked and the list problems go to."""
from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model.problem import Problem
from ..model.tree import Page, Tree
from .rules import message


@dataclass
class Context:
    tree: Tree
    root: Path  # problems are reported relative to it
    today: dt.date
    problems: list[Problem] = field(default_factory=list)
    # (problem, the values its message was made from): what a problem is about, for unparsed.py
    details: list[tuple[Problem, dict[str, Any]]] = field(default_factory=list)

    def rel(self, path: Path | str) -> str:
        if isinstance(path, str):
            return path
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def add(self, where: Page | Path | str, line: int, rule: str, severity: str = "error", **values: Any) -> None:
        path = where.path if isinstance(where, Page) else where
        problem = Problem(self.rel(path), max(int(line or 1), 1), rule, message(rule, **values), severity)
        self.problems.append(problem)
        self.details.append((problem, values))


def did_you_mean(value: Any, candidates: Iterable[Any]) -> str:
    """' (có phải 'x'?)' with the closest candidate, '' when none is close: never a guess far off."""
    close = difflib.get_close_matches(str(value), sorted(c for c in candidates if isinstance(c, str)), n=1)
    return f" (có phải '{close[0]}'?)" if close else ""


def short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "…"
