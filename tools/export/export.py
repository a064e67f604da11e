"""`pandian export`: the whole table (no row limit), masked like every other path, streamed."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from pandian.context import Context
from pandian.errors import PandianError
from pandian.security import masked_levels
from pandian.security.sql_masks import FORMULA_PREFIXES, formula_safe_expr, mask_expr
from pandian.warehouse.base import quote_ident, sql_literal
from tools.profile.profiler import logical_type

XLSX_MAX_ROWS = 1_048_575
BATCH = 50_000


class ExportArgs(BaseModel):
    """Arguments of the export tool."""

    table: str
    out: str = Field(..., description="target file: .csv, .parquet or .xlsx")
    role: str = Field("viewer", description="viewer | analyst | owner: decides what is masked")


def export_table(ctx: Context, args: ExportArgs) -> dict[str, Any]:
    asset = ctx.catalog.require(args.table)
    wh = ctx.warehouse
    out = Path(args.out).expanduser()
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in ("csv", "parquet", "xlsx"):
        raise PandianError(f"cannot export to {out.name}: use a .csv, .parquet or .xlsx file name")
    out.parent.mkdir(parents=True, exist_ok=True)
    hidden = masked_levels(args.role)
    exprs, masked = [], {}
    for name, typ in wh.columns(asset.name):
        if name == "_row_id":
            continue
        meta = next((c for c in asset.columns if c.name == name), None)
        e = quote_ident(name)
        if meta is not None and meta.sensitivity in hidden:
            e = mask_expr(name, meta.semantic_type, meta.sensitivity)
            masked[name] = meta.sensitivity
        header = name
        if fmt in ("csv", "xlsx"):
            if name in masked or logical_type(typ) == "string":
                e = formula_safe_expr(e)
            if name.startswith(FORMULA_PREFIXES):  # a column *name* is a cell too (the header row)
                header = "'" + name
        exprs.append(f"{e} AS {quote_ident(header)}")
    select = f"SELECT {', '.join(exprs)} FROM {quote_ident(asset.name)} ORDER BY _row_id"
    tmp = out.with_name(f".{out.name}.partial")
    con = getattr(wh, "con", None)
    if con is None:
        raise PandianError("export from a non-DuckDB warehouse is not supported yet",
                           hint="use `pandian sql` with --limit, or export from the DuckDB warehouse")
    with wh._lock:
        if fmt == "xlsx":
            rows = _write_xlsx(con, select, tmp, asset.rows)
        else:
            opts = "FORMAT csv, HEADER true" if fmt == "csv" else "FORMAT parquet"
            con.execute(f"COPY ({select}) TO {sql_literal(str(tmp))} ({opts})")
            rows = asset.rows
    tmp.replace(out)
    return {"table": asset.name, "out": str(out), "format": fmt, "rows": rows, "role": args.role,
            "masked_columns": masked}


def _write_xlsx(con, select: str, path: Path, n_rows: int) -> int:
    if n_rows > XLSX_MAX_ROWS:
        raise PandianError(f"{n_rows:,} rows do not fit in an Excel sheet (max {XLSX_MAX_ROWS:,})",
                           hint="export to .csv or .parquet")
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("data")
    cur = con.execute(select)
    ws.append([d[0] for d in cur.description])
    written = 0
    while True:
        chunk = cur.fetchmany(BATCH)
        if not chunk:
            break
        for row in chunk:
            ws.append(list(row))
        written += len(chunk)
    wb.save(path)
    return written
