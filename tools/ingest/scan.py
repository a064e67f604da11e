"""`pandian scan` / the `ingest_source` tool: ingest sources and answer in the catalog's JSON shape."""
from __future__ import annotations

import os
import sys
from typing import Any

from pydantic import BaseModel, Field

from pandian.catalog import asset_json
from pandian.context import Context
from tools.ingest.runner import Ingestor


class ScanArgs(BaseModel):
    """Arguments of the ingest tool."""

    sources: list[str] = Field(..., min_length=1, description="files, folders or SQLAlchemy database URLs")


def scan(ctx: Context, args: ScanArgs, progress: bool = True, classify_columns: bool = True) -> dict[str, Any]:
    bar = None
    if progress and sys.stderr.isatty():
        from tqdm import tqdm

        bar = tqdm(desc="scan", unit="table", file=sys.stderr)

    def tick(label: str) -> None:
        if bar is not None:
            bar.set_postfix_str(label[-60:])
            bar.update(1)

    ing = Ingestor(ctx.warehouse, ctx.catalog, ctx.workspace.tmp, ctx.report, tick)
    try:
        for src in args.sources:
            ing.ingest(src)
    finally:
        if bar is not None:
            bar.close()
    changed = [r.name for r in ing.results if r.status != "unchanged"]
    if changed and classify_columns:
        from tools.classify.service import classify_all

        classify_all(ctx.workspace, ctx.catalog, changed)
        dictionary_mode = os.environ.get("PANDIAN_SCAN_DICTIONARY", "1")
        if dictionary_mode != "0":  # data dictionaries; failures are warnings in this report
            try:
                from knowledge.dictionary import dictionaries_after_scan
            except Exception as exc:  # noqa: BLE001 - a broken optional layer must not break scanning
                ctx.report.warn(None, f"data dictionaries skipped: {type(exc).__name__}: {exc}")
            else:
                dictionaries_after_scan(ctx, changed, use_llm=dictionary_mode == "llm")
        else:  # a reload rewrote the catalog entry: restore the descriptions in force (a reviewer's edits)
            _restore_descriptions(ctx, changed)
    ctx.catalog.record_issues(ctx.report.failures + ctx.report.warnings)
    tables = []
    for r in ing.results:
        asset = ctx.catalog.get(r.name)
        if asset is None:
            continue
        entry = asset_json(asset)
        entry["status"] = r.status
        entry["timings"] = r.timings
        tables.append(entry)
    return {"tables": tables, "errors": ctx.report.errors_json(),
            "summary": {"tables": len(tables), "rows": sum(t["rows"] for t in tables),
                        "rejected_rows": sum(t["rejected_rows"] for t in tables),
                        "failed_sources": len(ctx.report.failures)}}


def _restore_descriptions(ctx: Context, tables: list[str]) -> None:
    try:
        from knowledge.dictionary import sync_catalog_fields
    except Exception as exc:  # noqa: BLE001 - a broken optional layer must not break scanning
        ctx.report.warn(None, f"descriptions not restored: {type(exc).__name__}: {exc}")
        return
    for name in tables:
        if ctx.catalog.description_versions(name):
            sync_catalog_fields(ctx, name)
