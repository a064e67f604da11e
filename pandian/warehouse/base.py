"""The warehouse contract: what ingestion, profiling and the tools need from any SQL backend."""
from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import duckdb

INTERNAL_PREFIXES = ("__pandian_", "_pandian_")
LOADS_TABLE = "_pandian_loads"


@dataclass(frozen=True)
class Capabilities:
    """What a backend can do, declared once (after dlt's destination capabilities)."""

    sqlglot_dialect: str
    approx_distinct: bool = False
    native_file_reads: bool = False  # can parse CSV/JSON/Parquet itself (DuckDB)
    transactional_ddl: bool = True


def quote_ident(name: str) -> str:
    """Quote an identifier so hostile names (quotes, spaces, SQL) stay a name."""
    return '"' + name.replace('"', '""') + '"'


def sql_literal(value: str) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def is_internal(name: str) -> bool:
    return name.startswith(INTERNAL_PREFIXES)


class Warehouse(ABC):
    """One SQL warehouse; subclasses differ in how bytes get in and how DDL is swapped."""

    capabilities: Capabilities
    url: str

    def quote(self, name: str) -> str:
        return quote_ident(name)

    def from_duckdb(self, sql: str) -> str:
        """pandian's tools write DuckDB SQL; this is that statement in the warehouse's own dialect."""
        dialect = self.capabilities.sqlglot_dialect
        if dialect == "duckdb":
            return sql
        import sqlglot

        return sqlglot.transpile(sql, read="duckdb", write=dialect)[0]

    @abstractmethod
    def query(self, sql: str, params: Sequence[Any] | None = None) -> list[tuple]:
        """Run a statement in the warehouse's own dialect and return all rows."""

    @abstractmethod
    def execute(self, sql: str, params: Sequence[Any] | None = None) -> None:
        """Run a statement that returns nothing."""

    @abstractmethod
    def list_tables(self) -> list[str]:
        """User-visible tables (internal staging and bookkeeping tables excluded)."""

    @abstractmethod
    def columns(self, table: str) -> list[tuple[str, str]]:
        """(name, type) pairs in table order."""

    def table_exists(self, table: str) -> bool:
        return table in self._all_tables()

    @abstractmethod
    def _all_tables(self) -> list[str]:
        """Every table, internal ones included."""

    @abstractmethod
    def parse_connection(self) -> duckdb.DuckDBPyConnection:
        """A DuckDB connection that parses source files; the warehouse itself when it is DuckDB."""

    @abstractmethod
    def materialize(self, parser: duckdb.DuckDBPyConnection, select_sql: str, target: str) -> int:
        """Create table `target` in the warehouse from a SELECT run on the parser connection; return rows."""

    @abstractmethod
    def publish(self, swaps: Sequence[tuple[str, str]], drops: Sequence[str], load: dict[str, Any]) -> None:
        """Atomically rename staged tables over their targets, drop others and record the load."""

    def drop(self, table: str) -> None:
        self.execute(f"DROP TABLE IF EXISTS {self.quote(table)}")

    def row_count(self, table: str) -> int:
        return int(self.query(f"SELECT count(*) FROM {self.quote(table)}")[0][0])

    def loads(self) -> dict[str, dict[str, Any]]:
        """Latest load record per table, the warehouse-side half of crash recovery."""
        if LOADS_TABLE not in self._all_tables():
            return {}
        rows = self.query(
            f"SELECT table_name, load_id, source, content_hash, row_count, rejected_rows FROM {LOADS_TABLE}"
        )
        return {
            r[0]: {"load_id": r[1], "source": r[2], "content_hash": r[3], "rows": r[4], "rejected_rows": r[5]}
            for r in rows
        }

    def cleanup_staging(self) -> list[str]:
        """Drop staging tables a killed run left behind."""
        left = [t for t in self._all_tables() if t.startswith("__pandian_")]
        for t in left:
            self.drop(t)
        return left

    def size_bytes(self, table: str) -> int | None:
        return None

    def close(self) -> None:  # pragma: no cover - trivial
        pass
