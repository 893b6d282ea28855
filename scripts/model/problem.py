"""One problem found in an input, printed `path:line: [rule-id] message`.

Shared by the content checks and the acknowledgement engine, so every tool reports
bad input the same way.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int  # 1-based; 0 when the problem is about the whole file
    rule: str
    message: str
    severity: str = "error"  # or "warning"

    def __post_init__(self) -> None:
        # callers pass paths as Path objects and rows as None; keep instances comparable
        object.__setattr__(self, "path", str(self.path) if self.path is not None else "")
        object.__setattr__(self, "line", int(self.line or 0))

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.path and self.line else self.path
        return f"{where}: [{self.rule}] {self.message}" if where else f"[{self.rule}] {self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"
