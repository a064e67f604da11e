"""Test helpers that drive pandian in-process (the CLI tests drive it as a subprocess)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from pandian.context import open_context
from tools.ingest.scan import ScanArgs, scan


def scan_paths(ws: Path, warehouse: str | None, *sources: str | Path) -> dict[str, Any]:
    with open_context(str(ws), warehouse) as ctx:
        return scan(ctx, ScanArgs(sources=[str(s) for s in sources]), progress=False)


def query(ws: Path, warehouse: str | None, sql: str) -> list[tuple]:
    with open_context(str(ws), warehouse) as ctx:
        return ctx.warehouse.query(sql)


def by_name(out: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {t["name"]: t for t in out["tables"]}
