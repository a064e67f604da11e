"""Column and table profiles by SQL pushdown: the warehouse does the counting, Python only reads answers."""
from __future__ import annotations

import time
from collections import Counter
from datetime import datetime
from typing import Any

from pandian.jsonvalues import jsonable as _jsonable
from pandian.warehouse import Warehouse
from pandian.warehouse.base import quote_ident
from tools.profile.patterns import value_pattern

EXACT_DISTINCT_MAX_ROWS = 2_000_000
TOP_K = 5
SAMPLE_VALUES = 20
SYSTEM_COLUMNS = ("_row_id",)

_NUM = ("TINYINT", "SMALLINT", "INTEGER", "INT", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER",
        "UBIGINT", "UHUGEINT", "FLOAT", "DOUBLE", "REAL", "DECIMAL", "NUMERIC", "DOUBLE PRECISION")
_TIME = ("DATE", "TIMESTAMP", "TIME", "DATETIME", "INTERVAL")


def logical_type(sql_type: str) -> str:
    t = sql_type.upper().split("(")[0].strip()
    if t in ("BOOLEAN", "BOOL", "TINYINT(1)"):
        return "boolean"
    if t.startswith(("FLOAT", "DOUBLE", "REAL")):
        return "float"
    if t.startswith(("DECIMAL", "NUMERIC")):
        return "decimal"
    if t in _NUM or t.endswith("INT") or t.startswith("INT"):
        return "integer"
    if t.startswith("TIMESTAMP") or t == "DATETIME":
        return "timestamp"
    if t == "DATE":
        return "date"
    if t.startswith("TIME"):
        return "time"
    if t in ("BLOB", "BYTEA", "BINARY", "VARBINARY", "LARGEBINARY"):
        return "binary"
    return "string"


class _SQL:
    """Writes in DuckDB's dialect and transpiles for the warehouse (each backend declares its dialect)."""

    def __init__(self, wh: Warehouse):
        self.wh = wh
        self.dialect = wh.capabilities.sqlglot_dialect

    def q(self, sql: str) -> list[tuple]:
        return self.wh.query(self.wh.from_duckdb(sql))


def profile_table(wh: Warehouse, table: str) -> dict[str, Any]:
    started = time.perf_counter()
    sql = _SQL(wh)
    cols = [(n, t) for n, t in wh.columns(table) if n not in SYSTEM_COLUMNS]
    t = quote_ident(table)
    n_rows = int(sql.q(f"SELECT count(*) FROM {t}")[0][0])
    approx = wh.capabilities.approx_distinct and n_rows > EXACT_DISTINCT_MAX_ROWS
    aggs: list[str] = []
    plan: list[tuple[str, str, str, list[str]]] = []
    for name, typ in cols:
        c = quote_ident(name)
        kind = logical_type(typ)
        parts = [f"count({c})", f"approx_count_distinct({c})" if approx else f"count(DISTINCT {c})"]
        keys = ["non_null", "distinct"]
        if kind in ("integer", "float", "decimal"):
            parts += [f"min({c})", f"max({c})", f"avg(CAST({c} AS DOUBLE))", f"stddev_samp(CAST({c} AS DOUBLE))"]
            keys += ["min", "max", "mean", "std"]
        elif kind in ("date", "timestamp", "time"):
            parts += [f"min({c})", f"max({c})"]
            keys += ["min", "max"]
        elif kind == "string":
            parts += [f"min(length({c}))", f"max(length({c}))", f"avg(length({c}))"]
            keys += ["min_length", "max_length", "mean_length"]
        elif kind == "boolean":
            parts += [f"sum(CASE WHEN {c} THEN 1 ELSE 0 END)"]
            keys += ["true_count"]
        aggs += parts
        plan.append((name, typ, kind, keys))
    row = sql.q(f"SELECT {', '.join(aggs)} FROM {t}")[0] if aggs else ()
    columns: list[dict[str, Any]] = []
    i = 0
    for name, typ, kind, keys in plan:
        vals = dict(zip(keys, row[i: i + len(keys)]))
        i += len(keys)
        non_null = int(vals.pop("non_null") or 0)
        distinct = int(vals.pop("distinct") or 0)
        col: dict[str, Any] = {
            "name": name, "type": typ.upper(), "logical_type": kind, "null_count": n_rows - non_null,
            "null_fraction": round((n_rows - non_null) / n_rows, 6) if n_rows else 0.0,
            "distinct_count": min(distinct, non_null), "distinct_is_approx": approx,
            "unique": bool(non_null and distinct >= non_null and not approx),
        }
        for k, v in vals.items():
            col[k] = round(float(v), 6) if k in ("mean", "std", "mean_length") and v is not None else _jsonable(v)
        col.update(_values(sql, t, name, n_rows, col["distinct_count"]))
        columns.append(col)
    dup = _duplicates(sql, t, [c[0] for c in cols]) if cols and n_rows else 0
    return {
        "table": table, "rows": n_rows, "columns_count": len(columns), "size_bytes": wh.size_bytes(table),
        "duplicate_rows": dup, "distinct_method": "hll" if approx else "exact",
        "profiled_at": datetime.now().isoformat(timespec="seconds"),
        "seconds": round(time.perf_counter() - started, 3), "columns": columns,
    }


def _values(sql: _SQL, t: str, name: str, n_rows: int, distinct: int) -> dict[str, Any]:
    """Top values (exact unless the column is huge and high-cardinality), samples and value patterns."""
    c = quote_ident(name)
    src = t
    sampled = n_rows > EXACT_DISTINCT_MAX_ROWS and distinct > 100_000
    if sampled:
        src = (f"(SELECT {c} FROM {t} USING SAMPLE reservoir(200000 ROWS) REPEATABLE (7))"
               if sql.dialect == "duckdb" else f"(SELECT {c} FROM {t} LIMIT 200000) AS s")
    top = sql.q(f"SELECT CAST({c} AS VARCHAR) AS v, count(*) AS k FROM {src} WHERE {c} IS NOT NULL "
                f"GROUP BY {c} ORDER BY k DESC, v LIMIT {TOP_K}")
    # the first distinct values in row order (a DISTINCT query returns them in hash or sorted order, which
    # reads differently: sorted titles look like a list, not like a table's rows)
    samples_rows = sql.q(f"SELECT CAST({c} AS VARCHAR) AS v FROM {t} WHERE {c} IS NOT NULL LIMIT 2000")
    samples = list(dict.fromkeys(r[0] for r in samples_rows if r[0] is not None))[:200]
    patterns = Counter(value_pattern(v) for v in samples)
    return {
        "top_values": [{"value": v, "count": int(k)} for v, k in top],
        "top_values_from": "sample" if sampled else "all",
        "samples": samples[:SAMPLE_VALUES],
        "patterns": [{"pattern": p, "count": k} for p, k in patterns.most_common(TOP_K)],
    }


def _duplicates(sql: _SQL, t: str, names: list[str]) -> int:
    cols = ", ".join(quote_ident(n) for n in names)
    if sql.dialect == "duckdb":
        return int(sql.q(f"SELECT count(*) - count(DISTINCT hash({cols})) FROM {t}")[0][0])
    r = sql.q(f"SELECT coalesce(sum(k - 1), 0) FROM (SELECT count(*) AS k FROM {t} GROUP BY {cols}) AS g WHERE k > 1")
    return int(r[0][0] or 0)
