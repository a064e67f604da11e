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
from tools.sql.guard import SqlRefused, check

MAX_ROWS = 100_000
LEVEL_RANK = {"L1": 1, "L2": 2, "L3": 3, "L4": 4}


class RunSqlArgs(BaseModel):
    """Arguments of the run_sql tool."""

    sql: str = Field(..., description="one SELECT or WITH query over catalogued tables")
    role: str = Field("viewer", description="viewer | analyst | owner: decides what is masked")
    limit: int = Field(1000, ge=1, le=MAX_ROWS)
    timeout_s: float = Field(30.0, gt=0, le=600)


def sensitive_columns(catalog: Catalog, tables: list[str]) -> dict[str, tuple[str, str | None]]:
    """column name (lower case) -> (level, semantic type) for L3/L4 columns of the tables a query reads.

    Names are compared case-insensitively, as DuckDB resolves them. A `__rejects` table keeps whole source
    lines in `raw`, so `raw` carries the strictest level of its source table.
    """
    out: dict[str, tuple[str, str | None]] = {}

    def add(name: str, hit: tuple[str, str | None]) -> None:
        prev = out.get(name.lower())
        if prev is None or LEVEL_RANK[hit[0]] > LEVEL_RANK[prev[0]]:
            out[name.lower()] = hit

    for t in tables:
        base = t.split("__")[0]
        for name in {t, base}:
            asset = catalog.get(name)
            if asset is None:
                continue
            levels = []
            for c in asset.columns:
                if c.sensitivity in ("L3", "L4"):
                    add(c.name, (c.sensitivity, c.semantic_type))
                    levels.append(c.sensitivity)
            if t.endswith("__rejects") and name == base and levels:
                add("raw", (max(levels, key=LEVEL_RANK.__getitem__), None))
    return out


def _opaque(tree: exp.Expression) -> str | None:
    """A construct whose values cannot be traced to named columns: whole-row references (`SELECT u FROM
    users u`, `to_json(u)`), COLUMNS(...), positional `#n`, renamed table columns `t(a, b)`, PIVOT, or a star
    anywhere but a plain projection or count(*). Such a query is masked as a whole."""
    relations = {t.alias_or_name.lower() for t in tree.find_all(exp.Table)} | {
        t.name.lower() for t in tree.find_all(exp.Table)}
    relations |= {s.alias.lower() for s in tree.find_all(exp.Subquery) if s.alias}
    relations |= {c.alias_or_name.lower() for c in tree.find_all(exp.CTE)}
    for node in tree.walk():
        if isinstance(node, (exp.Columns, exp.PositionalColumn, exp.Pivot)):
            return node.key
        if isinstance(node, exp.TableAlias) and node.args.get("columns"):
            return "renamed table columns"
        if isinstance(node, exp.Column) and not isinstance(node.this, exp.Star) and not node.table \
                and node.name.lower() in relations:
            return f"whole-row reference {node.name}"
        if isinstance(node, exp.Star):
            holder = node.parent if isinstance(node.parent, exp.Column) else node
            if not isinstance(holder.parent, (exp.Select, exp.Count)):
                return "star inside an expression"
    return None


_PREDICATE_HOLDERS = (exp.Where, exp.Having, exp.Qualify, exp.Join, exp.Order, exp.Window, exp.Case, exp.If)


def filtered_by(tree: exp.Expression, withheld: set[str]) -> str | None:
    """A masked column used where its values decide which rows or what order come back (WHERE, HAVING, JOIN,
    ORDER BY, window, CASE/IF conditions): masking the output would not hide it, since `WHERE phone LIKE
    '138%'` answers questions about each value. Names given to such columns inside the query (aliases of CTE
    or subquery outputs) are followed too; a name that merely matches is refused as well (the safe side).
    IS NULL checks reveal only presence and stay allowed."""
    if not withheld:
        return None
    names = {w.lower() for w in withheld}
    while True:  # aliases that carry a masked column's values, to a fixed point
        more = set()
        for alias in tree.find_all(exp.Alias):
            if alias.alias and alias.alias.lower() not in names and any(
                    c.name.lower() in names for c in alias.this.find_all(exp.Column)):
                more.add(alias.alias.lower())
        if not more:
            break
        names |= more
    for col in tree.find_all(exp.Column):
        if col.name.lower() not in names:
            continue
        node, child = col.parent, col
        while node is not None and not isinstance(node, exp.Select):
            if isinstance(node, exp.Is) and child is node.this and isinstance(node.expression, exp.Null):
                break
            if isinstance(node, exp.Join) and child is not node.args.get("on") and \
                    child not in (node.args.get("using") or []):
                break  # the joined relation itself, not its condition
            if isinstance(node, _PREDICATE_HOLDERS):
                return col.name
            node, child = node.parent, node
    return None


def _strictest(levels) -> tuple[str, str | None]:
    return max(levels, key=lambda h: LEVEL_RANK[h[0]])


def projection_levels_by_index(tree: exp.Expression, result_columns: list[str],
                               sensitive: dict[str, tuple[str, str | None]],
                               schema: dict[str, dict[str, str]] | None = None) -> dict[int, tuple[str, str | None]]:
    """Which output columns (by position) carry sensitive values, traced through CTEs and subqueries.

    A bare count() carries no value. When lineage cannot be traced (or the query uses a construct lineage
    cannot see through), every output column is treated as sensitive: over-masking is the safe failure.
    Positions, not names: two outputs may share a name.
    """
    if not sensitive:
        return {}
    sensitive = {k.lower(): v for k, v in sensitive.items()}
    everything = {i: _strictest(sensitive.values()) for i in range(len(result_columns))}
    if _opaque(tree):
        return everything
    touched = [c.name.lower() for c in tree.find_all(exp.Column) if c.name.lower() in sensitive]
    star_sensitive = any(isinstance(s, exp.Star) for s in tree.find_all(exp.Star))
    if not touched and not star_sensitive:
        return {}
    out: dict[int, tuple[str, str | None]] = {}
    try:
        from sqlglot.lineage import lineage
        from sqlglot.optimizer.qualify import qualify

        qualified = qualify(tree.copy(), schema=schema or {}, dialect="duckdb", validate_qualify_columns=False)
        selects = qualified.selects
        if len(selects) != len(result_columns):
            raise ValueError("projection count differs")
        # unique names for the outer projections, so a repeated alias cannot hide a column behind another
        first = qualified
        while isinstance(first, exp.SetOperation):
            first = first.this
        for i, proj in enumerate(list(first.selects)):
            inner = proj.this if isinstance(proj, exp.Alias) else proj
            proj.replace(exp.alias_(inner.copy(), f"__pandian_p{i}", quoted=True))
        for i, proj in enumerate(first.selects):
            inner = proj.this
            if isinstance(inner, exp.Count):
                continue
            node = lineage(f"__pandian_p{i}", qualified, schema=schema or {}, dialect="duckdb")
            leaves = [n.name.split(".")[-1].strip("\"").lower() for n in node.walk() if not n.downstream]
            hits = [sensitive[x] for x in leaves if x in sensitive]
            if hits:
                out[i] = _strictest(hits)
        return out
    except Exception:
        return everything


def projection_levels(tree: exp.Expression, result_columns: list[str],
                      sensitive: dict[str, tuple[str, str | None]],
                      schema: dict[str, dict[str, str]] | None = None) -> dict[str, tuple[str, str | None]]:
    """Output column name -> (level, semantic type); see projection_levels_by_index."""
    by_index = projection_levels_by_index(tree, result_columns, sensitive, schema)
    return {result_columns[i]: lv for i, lv in by_index.items()}


def run_sql(ctx: Context, args: RunSqlArgs) -> dict[str, Any]:
    wh = ctx.warehouse
    allowed = set(wh.list_tables())
    q = check(args.sql, allowed, dialect="duckdb", write_dialect=wh.capabilities.sqlglot_dialect)
    limited = f"SELECT * FROM ({q.sql}) AS pandian_q LIMIT {args.limit + 1}"
    hidden = masked_levels(args.role)
    sensitive = sensitive_columns(ctx.catalog, q.tables)
    withheld = sorted(c for c, lv in sensitive.items() if lv[0] in hidden)
    if withheld and any(isinstance(n, exp.Pivot) and not n.args.get("unpivot") for n in q.tree.walk()):
        # PIVOT names its output columns after values: masking the cells would still show them in the header
        raise SqlRefused(f"PIVOT is not allowed over tables with columns masked for {args.role} "
                         f"({', '.join(withheld[:5])}): its column names are values",
                         hint="GROUP BY the column instead; masked values are then shown masked")
    used = filtered_by(q.tree, set(withheld))
    if used:
        raise SqlRefused(f"column {used} is masked for {args.role}: it may be shown (masked) or counted, but not "
                         "filtered, joined, sorted or compared on, since that would reveal its values",
                         hint="IS NULL / IS NOT NULL checks are allowed; a role that may see it (e.g. owner) can "
                              "run the query as it is")
    columns, rows = _execute(wh, limited, args.timeout_s, withheld, args.role)
    truncated = len(rows) > args.limit
    rows = rows[: args.limit]
    schema = {t: {c: typ for c, typ in wh.columns(t)} for t in q.tables}
    levels = projection_levels_by_index(q.tree, columns, sensitive, schema)
    masked = {i: lv for i, lv in levels.items() if lv[0] in hidden}
    rows = [list(r) for r in rows]
    for i, (level, typ) in masked.items():
        for r in rows:
            r[i] = mask_value(r[i], typ, level)
    return {"sql": q.sql, "columns": columns, "rows": rows, "row_count": len(rows),
            "truncated": truncated, "role": args.role,
            "masked_columns": {columns[i]: lv[0] for i, lv in masked.items()}}


COMPILE_ERRORS = {"Binder Error", "Parser Error", "Catalog Error", "Syntax Error",  # DuckDB
                  "UndefinedColumn", "UndefinedTable", "UndefinedFunction", "AmbiguousColumn", "SyntaxError"}


def _failure(exc: Exception, withheld: list[str], role: str) -> PandianError:
    """A failed query's message, unless it could quote a value the role may not see.

    Runtime errors quote the offending value ("Could not convert string '1101...' to INT32"); when the query
    reads masked columns only the kind of error is kept. Compile-time errors (unknown column, syntax) never
    hold data and stay in full, so a user or an LLM can fix the query.
    """
    first = str(exc).splitlines()[0][:300] if str(exc) else type(exc).__name__
    kind = first.split(":", 1)[0] if ":" in first else type(exc).__name__
    driver = type(getattr(exc, "orig", None) or exc).__name__  # PostgreSQL: psycopg's error class
    if not withheld or kind in COMPILE_ERRORS or driver in COMPILE_ERRORS:
        return PandianError(f"query failed: {first}")
    return PandianError(f"query failed: {kind} (details withheld: they could show values of columns masked for "
                        f"{role}: {', '.join(withheld[:5])})", hint="a role that may see these columns gets the "
                        "full message")


def _execute(wh, sql: str, timeout_s: float, withheld: list[str] | None = None,
             role: str = "viewer") -> tuple[list[str], list[tuple]]:
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
                raise _failure(exc, withheld or [], role) from exc
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
            raise _failure(exc, withheld or [], role) from exc
        finally:
            trans.rollback()
