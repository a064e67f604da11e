"""Embedded DuckDB warehouse: the default; parses files natively, so ingest is one streaming pass."""
from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb

from pandian.warehouse.base import LOADS_TABLE, Capabilities, Warehouse, is_internal, quote_ident, sql_literal

LOADS_DDL = (
    f"CREATE TABLE IF NOT EXISTS {LOADS_TABLE} (table_name VARCHAR PRIMARY KEY, load_id VARCHAR, source VARCHAR, "
    "content_hash VARCHAR, row_count BIGINT, rejected_rows BIGINT, loaded_at TIMESTAMP)"
)


class DuckDBWarehouse(Warehouse):
    capabilities = Capabilities(sqlglot_dialect="duckdb", approx_distinct=True, native_file_reads=True)

    def __init__(self, url: str, temp_dir: Path | None = None):
        self.url = url
        path = url.split("duckdb:///", 1)[1] if url.startswith("duckdb:///") else ":memory:"
        path = path.split("?", 1)[0] or ":memory:"
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.con = duckdb.connect(path)
        self._lock = threading.RLock()
        if temp_dir is not None:
            self.con.execute(f"SET temp_directory='{str(temp_dir).replace(chr(39), chr(39) * 2)}'")
        self.con.execute("SET preserve_insertion_order=true")
        self.con.execute("SET enable_progress_bar=false")
        # a bounded buffer pool keeps ingest and profiling flat in memory; DuckDB spills to temp_directory
        self.con.execute(f"SET memory_limit={sql_literal(os.environ.get('PANDIAN_DUCKDB_MEMORY', '512MB'))}")

    def query(self, sql: str, params: Sequence[Any] | None = None) -> list[tuple]:
        with self._lock:
            return self.con.execute(sql, params or []).fetchall()

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> None:
        with self._lock:
            self.con.execute(sql, params or [])

    def _all_tables(self) -> list[str]:
        rows = self.query(
            "SELECT table_name FROM duckdb_tables() WHERE schema_name = current_schema() "
            "AND database_name = current_database() AND NOT temporary ORDER BY table_name"
        )
        return [r[0] for r in rows]

    def list_tables(self) -> list[str]:
        return [t for t in self._all_tables() if not is_internal(t)]

    def columns(self, table: str) -> list[tuple[str, str]]:
        rows = self.query(
            "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = ? "
            "AND schema_name = current_schema() AND database_name = current_database() ORDER BY column_index",
            [table],
        )
        return [(r[0], r[1]) for r in rows]

    def parse_connection(self) -> duckdb.DuckDBPyConnection:
        """A connection of its own on the same database (the caller closes it).

        Why not `self.con`: parsing a file takes seconds and runs without the lock, and a DuckDB connection
        shared between threads interleaves statements: a query running meanwhile in the app (another user,
        one `Context` forked per request) saw wrong tables and results, and its ROLLBACK could undo the
        parser's work. A cursor is a separate connection to the same database (settings are shared).
        """
        with self._lock:
            return self.con.cursor()

    def _same_database(self, parser: duckdb.DuckDBPyConnection) -> bool:
        if self.path == ":memory:":
            return False
        try:
            row = parser.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()"
                                 ).fetchone()
        except duckdb.Error:
            return False
        return bool(row and row[0] and os.path.realpath(row[0]) == os.path.realpath(self.path))

    def materialize(self, parser: duckdb.DuckDBPyConnection, select_sql: str, target: str) -> int:
        if parser is not self.con and self._same_database(parser):
            # a cursor of this database (parse_connection): create the table in place, beside other work
            parser.execute(f"CREATE TABLE {quote_ident(target)} AS {select_sql}")
            return int(parser.execute(f"SELECT count(*) FROM {quote_ident(target)}").fetchone()[0])
        with self._lock:
            if parser is self.con:
                self.con.execute(f"CREATE TABLE {quote_ident(target)} AS {select_sql}")
            else:
                reader = parser.execute(select_sql).to_arrow_reader(100_000)
                self.con.register("__pandian_arrow_in", reader)
                try:
                    self.con.execute(f"CREATE TABLE {quote_ident(target)} AS SELECT * FROM __pandian_arrow_in")
                finally:
                    self.con.unregister("__pandian_arrow_in")
            return int(self.con.execute(f"SELECT count(*) FROM {quote_ident(target)}").fetchone()[0])

    def publish(self, swaps: Sequence[tuple[str, str]], drops: Sequence[str], load: dict[str, Any]) -> None:
        with self._lock:
            self.con.execute(LOADS_DDL)
            self.con.execute("BEGIN TRANSACTION")
            try:
                for name in drops:
                    self.con.execute(f"DROP TABLE IF EXISTS {quote_ident(name)}")
                for staged, final in swaps:
                    self.con.execute(f"DROP TABLE IF EXISTS {quote_ident(final)}")
                    self.con.execute(f"ALTER TABLE {quote_ident(staged)} RENAME TO {quote_ident(final)}")
                self.con.execute(f"DELETE FROM {LOADS_TABLE} WHERE table_name = ?", [load["table_name"]])
                self.con.execute(
                    f"INSERT INTO {LOADS_TABLE} VALUES (?, ?, ?, ?, ?, ?, now())",
                    [load["table_name"], load["load_id"], load["source"], load["content_hash"],
                     load["rows"], load["rejected_rows"]],
                )
                self.con.execute("COMMIT")
            except Exception:
                self.con.execute("ROLLBACK")
                raise
            try:
                self.con.execute("CHECKPOINT")
            except duckdb.TransactionException:
                # another connection (a concurrent ingest's parser) is writing: the commit is already durable
                # in the write-ahead log, and DuckDB checkpoints later; failing here would report a published
                # table as failed
                pass

    def forget_load(self, table: str) -> None:
        with self._lock:
            if LOADS_TABLE in self._all_tables():
                self.con.execute(f"DELETE FROM {LOADS_TABLE} WHERE table_name = ?", [table])

    def size_bytes(self, table: str) -> int | None:
        try:
            rows = self.query(
                "SELECT count(DISTINCT block_id) FROM pragma_storage_info(?) WHERE block_id IS NOT NULL AND block_id >= 0",
                [table],
            )
            blocks = int(rows[0][0] or 0)
            block_size = int(self.query("SELECT block_size FROM pragma_database_size()")[0][0])
            return blocks * block_size
        except duckdb.Error:
            return None

    def close(self) -> None:
        with self._lock:
            self.con.close()
