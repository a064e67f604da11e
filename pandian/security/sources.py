"""Which sources a role may ingest: ingesting reads the server's disk, so only the owner (typing, not an
external LLM acting on text it read) may point at any path or local database file; others may ingest what was
uploaded into the workspace and remote database servers."""
from __future__ import annotations

from pathlib import Path

from pandian.errors import PandianError

LOCAL_SCHEMES = ("duckdb", "sqlite", "file")


def check_source(source: str, role: str, workspace_root: Path, external_llm: bool = False) -> None:
    if role == "owner" and not external_llm:
        return
    if "://" in source:
        scheme = source.split("://", 1)[0].split("+", 1)[0].lower()
        if scheme not in LOCAL_SCHEMES:
            return  # a database server: it has its own access control
    else:
        uploads = (workspace_root / "uploads").resolve()
        try:
            Path(source).expanduser().resolve().relative_to(uploads)
            return
        except ValueError:
            pass
    raise PandianError(f"ingesting {source!r} is not allowed here: only uploaded files and remote databases",
                       hint="upload the file in the app, or ask the owner to scan it")
