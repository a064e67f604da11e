"""Any SQLAlchemy warehouse (PostgreSQL, MySQL, Trino, Spark...): files are parsed by a local DuckDB, rows shipped."""
from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from typing import Any

import duckdb
import pyarrow as pa
import sqlalchemy as sa

from pandian.warehouse.base import LOADS_TABLE, Capabilities, Warehouse, is_internal

_DIALECTS = {"postgresql": "postgres", "mysql": "mysql", "mariadb": "mysql", "trino": "trino", "hive": "spark",
             "databricks": "databricks", "sqlite": "sqlite", "mssql": "tsql", "oracle": "oracle",
             "snowflake": "snowflake", "bigquery": "bigquery", "clickhouse": "clickhouse"}


def arrow_to_sa(t: pa.DataType) -> sa.types.TypeEngine:
    """Map parsed Arrow types onto portable SQLAlchemy types."""
    if pa.types.is_boolean(t):
        return sa.Boolean()
    if pa.types.is_integer(t):
        return sa.BigInteger()
    if pa.types.is_floating(t):
        return sa.Float(precision=53)
    if pa.types.is_decimal(t):
        return sa.Numeric(t.precision, t.scale)
    if pa.types.is_timestamp(t):
        return sa.DateTime(timezone=t.tz is not None)
    if pa.types.is_date(t):
        return sa.Date()
    if pa.types.is_time(t):
        return sa.Time()
    if pa.types.is_binary(t) or pa.types.is_large_binary(t):
        return sa.LargeBinary()
    return sa.Text()


class SQLAlchemyWarehouse(Warehouse):
    """Generic backend; subclasses override `_bulk_insert` with a native fast path (COPY)."""

    def __init__(self, url: str):
        self.url = url
        self.engine = sa.create_engine(url, pool_pre_ping=True)
        backend = self.engine.dialect.name
        self.capabilities = Capabilities(sqlglot_dialect=_DIALECTS.get(backend, backend),
                                         transactional_ddl=backend not in ("mysql", "mariadb"))

    def quote(self, name: str) -> str:
        return self.engine.dialect.identifier_preparer.quote_identifier(name)

    def query(self, sql: str, params: Sequence[Any] | None = None) -> list[tuple]:
        with self.engine.connect() as cn:
            res = cn.exec_driver_sql(sql, tuple(params) if params else ())
            return [tuple(r) for r in res.fetchall()] if res.returns_rows else []

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> None:
        with self.engine.begin() as cn:
            cn.exec_driver_sql(sql, tuple(params) if params else ())

    def _all_tables(self) -> list[str]:
        return sorted(sa.inspect(self.engine).get_table_names())

    def list_tables(self) -> list[str]:
        return [t for t in self._all_tables() if not is_internal(t)]

    def columns(self, table: str) -> list[tuple[str, str]]:
        return [(c["name"], str(c["type"])) for c in sa.inspect(self.engine).get_columns(table)]

    def parse_connection(self) -> duckdb.DuckDBPyConnection:
        con = duckdb.connect()
        con.execute(f"SET temp_directory='{tempfile.gettempdir()}'")
        con.execute("SET preserve_insertion_order=true")
        con.execute("SET enable_progress_bar=false")
        return con

    def materialize(self, parser: duckdb.DuckDBPyConnection, select_sql: str, target: str) -> int:
        reader = parser.execute(select_sql).to_arrow_reader(50_000)
        table = sa.Table(target, sa.MetaData(),
                         *[sa.Column(f.name, arrow_to_sa(f.type)) for f in reader.schema])
        table.create(self.engine)
        try:
            return self._bulk_insert(table, reader, parser, select_sql)
        except Exception:
            table.drop(self.engine, checkfirst=True)
            raise

    def _bulk_insert(self, table: sa.Table, reader: pa.RecordBatchReader,
                     parser: duckdb.DuckDBPyConnection, select_sql: str) -> int:
        total = 0
        with self.engine.begin() as cn:
            for batch in reader:
                rows = batch.to_pylist()
                if rows:
                    cn.execute(table.insert(), rows)
                    total += len(rows)
        return total

    def _loads_table(self) -> sa.Table:
        return sa.Table(LOADS_TABLE, sa.MetaData(),
                        sa.Column("table_name", sa.String(255), primary_key=True),
                        sa.Column("load_id", sa.String(64)), sa.Column("source", sa.Text),
                        sa.Column("content_hash", sa.String(128)), sa.Column("row_count", sa.BigInteger),
                        sa.Column("rejected_rows", sa.BigInteger), sa.Column("loaded_at", sa.DateTime))

    def publish(self, swaps: Sequence[tuple[str, str]], drops: Sequence[str], load: dict[str, Any]) -> None:
        loads = self._loads_table()
        loads.create(self.engine, checkfirst=True)
        with self.engine.begin() as cn:
            for name in drops:
                cn.exec_driver_sql(f"DROP TABLE IF EXISTS {self.quote(name)}")
            for staged, final in swaps:
                cn.exec_driver_sql(f"DROP TABLE IF EXISTS {self.quote(final)}")
                cn.exec_driver_sql(f"ALTER TABLE {self.quote(staged)} RENAME TO {self.quote(final)}")
            cn.execute(loads.delete().where(loads.c.table_name == load["table_name"]))
            cn.execute(loads.insert().values(table_name=load["table_name"], load_id=load["load_id"],
                                             source=load["source"], content_hash=load["content_hash"],
                                             row_count=load["rows"], rejected_rows=load["rejected_rows"],
                                             loaded_at=sa.func.now()))

    def forget_load(self, table: str) -> None:
        if LOADS_TABLE in self._all_tables():
            loads = self._loads_table()
            with self.engine.begin() as cn:
                cn.execute(loads.delete().where(loads.c.table_name == table))

    def close(self) -> None:
        self.engine.dispose()


class PostgresWarehouse(SQLAlchemyWarehouse):
    """PostgreSQL: rows go in with COPY from DuckDB-written CSV, far faster than INSERTs."""

    def size_bytes(self, table: str) -> int | None:
        try:
            return int(self.query("SELECT pg_total_relation_size(%s::regclass)", [self.quote(table)])[0][0])
        except Exception:
            return None

    def _bulk_insert(self, table: sa.Table, reader: pa.RecordBatchReader,
                     parser: duckdb.DuckDBPyConnection, select_sql: str) -> int:
        reader.close()
        fd, path = tempfile.mkstemp(suffix=".csv")
        os.close(fd)
        try:
            parser.execute(f"COPY ({select_sql}) TO '{path}' (FORMAT csv, HEADER false)")
            cols = ", ".join(self.quote(c.name) for c in table.columns)
            raw = self.engine.raw_connection()
            try:
                cur = raw.cursor()
                with cur.copy(f"COPY {self.quote(table.name)} ({cols}) FROM STDIN WITH (FORMAT csv)") as copy:
                    with open(path, "rb") as fh:
                        for chunk in iter(lambda: fh.read(1 << 20), b""):
                            copy.write(chunk)
                raw.commit()
                return cur.rowcount if cur.rowcount and cur.rowcount > 0 else self.row_count(table.name)
            finally:
                raw.close()
        finally:
            os.unlink(path)

