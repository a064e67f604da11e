"""`run_sql` / `pandian sql`: checked, limited, timed-out, rolled back and masked by the caller's role."""
from __future__ import annotations

import threading
from typing import Any

from pydantic import BaseModel, Field
from sqlglot import exp

from pandian.catalog import Catalog
from pandian.context import Context
from pandian.errors import PandianError
from pandian.security import mask_value, masked_levels
from tools.sql.guard import check

MAX_ROWS = 100_000
LEVEL_RANK = {"L1": 1, "L2": 2, "L3": 3, "L4": 4}


class RunSqlArgs(BaseModel):
    """Arguments of the run_sql tool."""

    sql: str = Field(..., description="one SELECT or WITH query over catalogued tables")
    role: str = Field("viewer", description="viewer | analyst | owner: decides what is masked")
    limit: int = Field(1000, ge=1, le=MAX_ROWS)
    timeout_s: float = Field(30.0, gt=0, le=600)


def sensitive_columns(catalog: Catalog, tables: list[str]) -> dict[str, tuple[str, str | None]]:
    """column name -> (level, semantic type) for L3/L4 columns of the tables a query reads."""
    out: dict[str, tuple[str, str | None]] = {}
    for t in tables:
        base = t.split("__")[0]
        for name in {t, base}:
            asset = catalog.get(name)
            if asset is None:
                continue
            for c in asset.columns:
                if c.sensitivity in ("L3", "L4"):
                    prev = out.get(c.name)
                    if prev is None or LEVEL_RANK[c.sensitivity] > LEVEL_RANK[prev[0]]:
                        out[c.name] = (c.sensitivity, c.semantic_type)
    return out


def projection_levels(tree: exp.Expression, result_columns: list[str],
                      sensitive: dict[str, tuple[str, str | None]],
                      schema: dict[str, dict[str, str]] | None = None) -> dict[str, tuple[str, str | None]]:
    """Which output columns carry sensitive values, traced through CTEs and subqueries with sqlglot's lineage.

    A bare count() carries no value. When lineage cannot be traced, every output column is treated as
    sensitive if the query touches any sensitive column anywhere: over-masking is the safe failure.
    """
    if not sensitive:
        return {}
    touched = [c.name for c in tree.find_all(exp.Column) if c.name in sensitive]
    star_sensitive = any(isinstance(s, exp.Star) for s in tree.find_all(exp.Star))
    if not touched and not star_sensitive:
        return {}
    strictest = max((sensitive[c] for c in touched), key=lambda h: LEVEL_RANK[h[0]], default=None)
    out: dict[str, tuple[str, str | None]] = {}
    try:
        from sqlglot.lineage import lineage
        from sqlglot.optimizer.qualify import qualify

        qualified = qualify(tree.copy(), schema=schema or {}, dialect="duckdb", validate_qualify_columns=False)
        selects = qualified.selects
        if len(selects) != len(result_columns):
            raise ValueError("projection count differs")
        for name, proj in zip(result_columns, selects):
            inner = proj.this if isinstance(proj, exp.Alias) else proj
            if isinstance(inner, exp.Count):
                continue
            node = lineage(proj.alias_or_name, qualified, schema=schema or {}, dialect="duckdb")
            leaves = [n.name.split(".")[-1].strip("\"") for n in node.walk() if not n.downstream]
            hits = [sensitive[x] for x in leaves if x in sensitive]
            if hits:
                out[name] = max(hits, key=lambda h: LEVEL_RANK[h[0]])
        return out
    except Exception:
        fallback = strictest or max(sensitive.values(), key=lambda h: LEVEL_RANK[h[0]])
        return {c: sensitive.get(c, fallback) for c in result_columns}


def run_sql(ctx: Context, args: RunSqlArgs) -> dict[str, Any]:
    wh = ctx.warehouse
    allowed = set(wh.list_tables())
    q = check(args.sql, allowed, dialect="duckdb", write_dialect=wh.capabilities.sqlglot_dialect)
    limited = f"SELECT * FROM ({q.sql}) AS pandian_q LIMIT {args.limit + 1}"
    columns, rows = _execute(wh, limited, args.timeout_s)
    truncated = len(rows) > args.limit
    rows = rows[: args.limit]
    schema = {t: {c: typ for c, typ in wh.columns(t)} for t in q.tables}
    levels = projection_levels(q.tree, columns, sensitive_columns(ctx.catalog, q.tables), schema)
    hidden = masked_levels(args.role)
    masked = {c: lv for c, lv in levels.items() if lv[0] in hidden}
    if masked:
        idx = {c: i for i, c in enumerate(columns)}
        rows = [list(r) for r in rows]
        for c, (level, typ) in masked.items():
            i = idx[c]
            for r in rows:
                r[i] = mask_value(r[i], typ, level)
    return {"sql": q.sql, "columns": columns, "rows": [list(r) for r in rows], "row_count": len(rows),
            "truncated": truncated, "role": args.role,
            "masked_columns": {c: lv[0] for c, lv in masked.items()}}


def _execute(wh, sql: str, timeout_s: float) -> tuple[list[str], list[tuple]]:
    """Run inside a transaction that is always rolled back; interrupted at the timeout."""
    con = getattr(wh, "con", None)
    if con is not None:  # DuckDB
        timer = threading.Timer(timeout_s, con.interrupt)
        with wh._lock:
            timer.start()
            try:
                con.execute("BEGIN TRANSACTION")
                try:
                    cur = con.execute(sql)
                    cols = [d[0] for d in cur.description]
                    return cols, cur.fetchall()
                finally:
                    con.execute("ROLLBACK")
            except Exception as exc:
                if "interrupt" in str(exc).lower():
                    raise PandianError(f"query stopped after the {timeout_s:.0f} s timeout") from exc
                raise PandianError(f"query failed: {str(exc).splitlines()[0][:300]}") from exc
            finally:
                timer.cancel()
    engine = wh.engine
    with engine.connect() as cn:
        trans = cn.begin()
        try:
            if engine.dialect.name == "postgresql":
                cn.exec_driver_sql("SET TRANSACTION READ ONLY")
                cn.exec_driver_sql(f"SET LOCAL statement_timeout = {int(timeout_s * 1000)}")
            res = cn.exec_driver_sql(sql)
            return list(res.keys()), [tuple(r) for r in res.fetchall()]
        except Exception as exc:
            raise PandianError(f"query failed: {str(exc).splitlines()[0][:300]}") from exc
        finally:
            trans.rollback()
