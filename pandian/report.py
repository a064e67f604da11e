"""Structured run report (after DataHub's SourceReport): failures and warnings are collected, not raised away."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Issue:
    source: str | None
    message: str
    line: int | None = None
    level: str = "error"
    hint: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"source": self.source, "line": self.line, "level": self.level, "message": self.message, "hint": self.hint}


@dataclass
class RunReport:
    """What one command did: shown to the user and returned as JSON."""

    failures: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)

    def fail(self, source: str | None, message: str, line: int | None = None, hint: str | None = None) -> None:
        self.failures.append(Issue(source, message, line, "error", hint))

    def warn(self, source: str | None, message: str, line: int | None = None, hint: str | None = None) -> None:
        self.warnings.append(Issue(source, message, line, "warning", hint))

    def errors_json(self) -> list[dict[str, Any]]:
        return [i.as_dict() for i in self.failures + self.warnings]
