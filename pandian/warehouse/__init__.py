"""Warehouse backends behind one factory: pick by SQLAlchemy URL."""
from __future__ import annotations

from pathlib import Path

from pandian.errors import PandianError, WarehouseBusyError
from pandian.warehouse.base import Capabilities, Warehouse, is_internal, quote_ident, sql_literal

__all__ = ["Capabilities", "Warehouse", "connect_warehouse", "is_internal", "quote_ident", "sql_literal",
           "normalize_url"]


def normalize_url(url: str) -> str:
    """Accept the URLs people type (postgresql://, mysql://) and pick the drivers pandian ships."""
    for plain, full in (("postgresql://", "postgresql+psycopg://"), ("postgres://", "postgresql+psycopg://"),
                        ("mysql://", "mysql+pymysql://"), ("mariadb://", "mysql+pymysql://")):
        if url.startswith(plain):
            return full + url[len(plain):]
    return url


def connect_warehouse(url: str, temp_dir: Path | None = None) -> Warehouse:
    url = normalize_url(url)
    if url.startswith("duckdb:"):
        from pandian.warehouse.duckdb_backend import DuckDBWarehouse

        try:
            return DuckDBWarehouse(url, temp_dir=temp_dir)
        except Exception as exc:  # duckdb.IOException: file locked by another process, etc.
            # DuckDB's words for a file another process holds ("Could not set lock", "Conflicting lock"), not any
            # message that mentions a lock (the file's path may)
            busy = any(w in str(exc) for w in ("Could not set lock", "Conflicting lock"))
            kind = WarehouseBusyError if busy else PandianError
            raise kind(f"cannot open the DuckDB warehouse: {exc}", source=url,
                       hint="is another pandian process writing to it? DuckDB allows one writer") from exc
    try:
        from pandian.warehouse.sqlalchemy_backend import PostgresWarehouse, SQLAlchemyWarehouse

        wh = PostgresWarehouse(url) if url.startswith("postgresql") else SQLAlchemyWarehouse(url)
        wh.query("SELECT 1")
        return wh
    except ImportError as exc:
        raise PandianError(f"no driver installed for this warehouse URL: {exc}", source=url,
                           hint="pip install the SQLAlchemy dialect for your database") from exc
    except PandianError:
        raise
    except Exception as exc:
        raise PandianError(f"cannot connect to the warehouse: {type(exc).__name__}: {str(exc).splitlines()[0]}",
                           source=_mask_url(url)) from exc


def _mask_url(url: str) -> str:
    try:
        import sqlalchemy as sa

        return sa.make_url(url).render_as_string(hide_password=True)
    except Exception:
        return url
