"""User-facing errors: every message names the source and, where it applies, the line."""
from __future__ import annotations


class PandianError(Exception):
    """An error a user can act on; the CLI prints it without a traceback."""

    def __init__(self, message: str, *, source: str | None = None, line: int | None = None, hint: str | None = None):
        self.message = message
        self.source = source
        self.line = line
        self.hint = hint
        super().__init__(self.render())

    def render(self) -> str:
        where = self.source or ""
        if self.line is not None:
            where = f"{where}:{self.line}" if where else f"line {self.line}"
        text = f"{where}: {self.message}" if where else self.message
        return f"{text} ({self.hint})" if self.hint else text

    def as_dict(self) -> dict:
        return {"source": self.source, "line": self.line, "message": self.message, "hint": self.hint}


class SourceError(PandianError):
    """A source could not be read at all; nothing of it was ingested."""


class WarehouseBusyError(PandianError):
    """The embedded warehouse file is held by another process (DuckDB allows one writer: a running app)."""


class UnknownTableError(PandianError):
    """A table name that the catalog does not hold."""
