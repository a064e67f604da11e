"""Who may ingest what: only the owner, typing, reaches the server's disk."""
from __future__ import annotations

import pytest

from pandian.errors import PandianError
from pandian.security.sources import check_source


def test_owner_anything_others_uploads_and_remote_databases_only(tmp_path):
    ws = tmp_path / "ws"
    (ws / "uploads").mkdir(parents=True)
    up = ws / "uploads" / "a.csv"
    check_source("/etc/passwd", "owner", ws)
    check_source(str(up), "analyst", ws)
    check_source("postgresql://u@db.example/shop", "analyst", ws)
    for src in ("/etc/passwd", str(ws / "users.json"), str(ws / "uploads" / ".." / "users.json"),
                f"duckdb:///{ws}/warehouse.duckdb", "sqlite:////etc/x.db"):
        with pytest.raises(PandianError):
            check_source(src, "analyst", ws)
    with pytest.raises(PandianError):  # an external LLM acting on text it read gets no more than an analyst
        check_source("/etc/passwd", "owner", ws, external_llm=True)
