"""Another database as a source: reflect every table and stream its rows out as Arrow batches."""
from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
import sqlalchemy as sa

from pandian.errors import SourceError
from pandian.warehouse import normalize_url

BATCH = 50_000


@dataclass
class DbTable:
    name: str
    label: str  # source label stored in the catalog (URL without password + table)
    schema: pa.Schema
    order_by: list[str]


def is_database_url(text: str) -> bool:
    head = text.split("://", 1)[0]
    return "://" in text and head.replace("+", "").replace("_", "").isalnum() and head not in ("file",)


def _arrow_type(col_type: sa.types.TypeEngine) -> pa.DataType:
    t = col_type
    try:
        py = t.python_type
    except NotImplementedError:
        py = None
    if isinstance(t, sa.Boolean):
        return pa.bool_()
    if isinstance(t, sa.Integer):
        return pa.int64()
    if isinstance(t, sa.Numeric) and not isinstance(t, sa.Float):
        p, s = getattr(t, "precision", None), getattr(t, "scale", None)
        if p and s is not None and p <= 38:
            return pa.decimal128(p, s)
        return pa.float64()
    if isinstance(t, sa.Float):
        return pa.float64()
    if isinstance(t, sa.DateTime):
        return pa.timestamp("us")
    if isinstance(t, sa.Date):
        return pa.date32()
    if isinstance(t, sa.Time):
        return pa.time64("us")
    if isinstance(t, sa.LargeBinary) or py is bytes:
        return pa.binary()
    return pa.string()


def open_source(url: str) -> tuple[sa.Engine, str]:
    url = normalize_url(url)
    try:
        engine = sa.create_engine(url, pool_pre_ping=True)
        safe = engine.url.render_as_string(hide_password=True)
        with engine.connect() as cn:
            cn.exec_driver_sql("SELECT 1")
    except ImportError as exc:
        raise SourceError(f"no driver for this database URL ({exc})", source=url.split("@")[-1]) from exc
    except Exception as exc:
        msg = str(exc).splitlines()[0][:300]
        shown = url
        try:
            shown = sa.make_url(url).render_as_string(hide_password=True)
        except Exception:
            pass
        raise SourceError(f"cannot connect to the database: {msg}", source=shown,
                          hint="check host, port, user and that the server is running") from exc
    return engine, safe


def list_tables(engine: sa.Engine, safe_url: str) -> list[DbTable]:
    insp = sa.inspect(engine)
    out = []
    for name in sorted(insp.get_table_names()):
        cols = insp.get_columns(name)
        pk = insp.get_pk_constraint(name).get("constrained_columns") or []
        schema = pa.schema([pa.field(c["name"], _arrow_type(c["type"])) for c in cols])
        out.append(DbTable(name=name, label=f"{safe_url}#{name}", schema=schema, order_by=pk))
    return out


def stream_table(engine: sa.Engine, table: DbTable, hasher: "hashlib._Hash") -> Iterator[pa.RecordBatch]:
    """Rows in primary-key order (so _row_id is stable), hashed as they pass for change detection."""
    meta = sa.MetaData()
    t = sa.Table(table.name, meta, autoload_with=engine)
    stmt = sa.select(t)
    if table.order_by:
        stmt = stmt.order_by(*[t.c[c] for c in table.order_by])
    names = table.schema.names
    hasher.update(str(table.schema).encode())
    with engine.connect() as cn:
        res = cn.execution_options(stream_results=True, yield_per=BATCH).execute(stmt)
        for part in res.partitions(BATCH):
            cols: dict[str, list[Any]] = {n: [] for n in names}
            for row in part:
                for n, v in zip(names, row):
                    cols[n].append(v)
            arrays = []
            for f in table.schema:
                vals = cols[f.name]
                try:
                    arrays.append(pa.array(vals, f.type))
                except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
                    arrays.append(pa.array([None if v is None else str(v) for v in vals], pa.string()))
            batch = pa.RecordBatch.from_arrays(arrays, names=names)
            if batch.schema != table.schema:
                if not _castable(batch, table.schema):
                    raise SourceError("values do not fit the declared column types", source=table.label)
                batch = batch.cast(table.schema, safe=False)
            sink = pa.BufferOutputStream()
            with pa.ipc.new_stream(sink, batch.schema) as w:
                w.write_batch(batch)
            hasher.update(sink.getvalue().to_pybytes())
            yield batch


def _castable(batch: pa.RecordBatch, schema: pa.Schema) -> bool:
    try:
        batch.cast(schema, safe=False)
        return True
    except Exception:
        return False
