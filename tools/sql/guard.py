"""Read-only by construction: one SELECT/WITH statement over catalogued tables, nothing else.

The statement is parsed with sqlglot (never string-matched); writes, DDL, several statements, file-reading
table functions (read_csv, query(), ...) and tables outside the catalog are refused with the reason, and
nothing is executed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import sqlglot
from sqlglot import exp

from pandian.errors import PandianError

_WRITE_NAMES = ("Insert", "Update", "Delete", "Drop", "Create", "Alter", "Command", "Merge", "TruncateTable", "Copy",
                "Set", "Pragma", "Transaction", "Commit", "Rollback", "Use", "Grant", "Revoke", "Attach", "Detach",
                "Install", "LoadData", "Into", "Analyze", "Cache", "Uncache", "Refresh", "Kill")
WRITE_NODES = tuple(getattr(exp, n) for n in _WRITE_NAMES if hasattr(exp, n))
DENIED_FUNCTIONS = re.compile(
    r"^(read_|glob$|getenv$|query$|query_table$|sniff_csv$|parquet_|duckdb_|pg_read|pg_ls|lo_|dblink|"
    r"current_setting$|set_config$|sql_auto_complete$|load$|install$|attach$|copy$|system$|shell$|"
    r"iceberg_|delta_scan$|sqlite_|postgres_|mysql_|which_secret$|nextval$|currval$|setseed$|load_extension$)",
    re.I)


class SqlRefused(PandianError):
    """The statement was not run: the message says why."""


@dataclass
class CheckedQuery:
    sql: str  # normalised, in the warehouse's dialect
    tree: exp.Expression
    tables: list[str]


def check(sql: str, allowed_tables: set[str], dialect: str = "duckdb", write_dialect: str | None = None) -> CheckedQuery:
    """The checked query, or SqlRefused; never another exception (odd tokens, deep nesting included)."""
    try:
        return _check(sql, allowed_tables, dialect, write_dialect)
    except PandianError:
        raise
    except RecursionError as exc:
        raise SqlRefused("SQL nested too deeply to check; nothing was executed",
                         hint="flatten the expression or use a CTE") from exc
    except sqlglot.errors.SqlglotError as exc:
        first = str(exc).splitlines()[0][:300] if str(exc) else type(exc).__name__
        raise SqlRefused(f"SQL does not parse: {first}") from exc


def _check(sql: str, allowed_tables: set[str], dialect: str, write_dialect: str | None) -> CheckedQuery:
    text = (sql or "").strip().rstrip(";").strip()
    if not text:
        raise SqlRefused("empty SQL")
    if len(text) > 20_000:
        raise SqlRefused("SQL longer than 20,000 characters")
    try:
        statements = [s for s in sqlglot.parse(text, read=dialect) if s is not None]
    except sqlglot.errors.ParseError as exc:
        first = str(exc).splitlines()[0][:300]
        raise SqlRefused(f"SQL does not parse: {first}") from exc
    if len(statements) != 1:
        raise SqlRefused(f"one statement at a time ({len(statements)} given); nothing was executed")
    tree = statements[0]
    if not isinstance(tree, exp.Query):
        raise SqlRefused(f"only SELECT / WITH queries are allowed (got {tree.key.upper()}); nothing was executed")
    for node in tree.walk():
        if isinstance(node, WRITE_NODES):
            raise SqlRefused(f"{node.key.upper()} is not allowed in read-only SQL; nothing was executed")
        if isinstance(node, (exp.Anonymous, exp.Func)):
            name = node.name if isinstance(node, exp.Anonymous) else (node.sql_name() or "")
            if DENIED_FUNCTIONS.match(name or ""):
                raise SqlRefused(f"function {name}() is not allowed: it reaches outside the catalogued tables")
    ctes = {c.alias_or_name for c in tree.find_all(exp.CTE)}
    tables: list[str] = []
    for t in tree.find_all(exp.Table):
        if isinstance(t.this, (exp.Anonymous, exp.Func)) or not isinstance(t.this, exp.Identifier):
            raise SqlRefused("table functions and file paths are not allowed in FROM; query catalogued tables")
        if t.args.get("db") or t.args.get("catalog"):
            raise SqlRefused(f"schema-qualified table {t.sql()} is not allowed; query catalogued tables")
        name = t.name
        if name in ctes:
            continue
        if name not in allowed_tables:
            import difflib

            close = difflib.get_close_matches(name, sorted(allowed_tables), n=3)
            raise SqlRefused(f"unknown table {name!r}",
                             hint=f"did you mean {', '.join(close)}?" if close else "see `pandian catalog`")
        tables.append(name)
    out = tree.sql(dialect=write_dialect or dialect)
    return CheckedQuery(sql=out, tree=tree, tables=sorted(set(tables)))
