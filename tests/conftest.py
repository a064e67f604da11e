"""Shared fixtures: real data from ../shared, real warehouses (DuckDB always, PostgreSQL when it answers)."""
from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("PANDIAN_SHARED", ROOT.parent / "shared"))
DATA = SHARED / "data"
PG_URL = os.environ.get("PANDIAN_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
MYSQL_URL = os.environ.get("PANDIAN_TEST_MYSQL_URL", "mysql+pymysql://root@127.0.0.1:3306/test")
RUN_ID = uuid.uuid4().hex[:8]


def _reachable(url: str) -> str | None:
    try:
        eng = sa.create_engine(url, connect_args={"connect_timeout": 3})
        with eng.connect() as cn:
            cn.exec_driver_sql("SELECT 1")
        eng.dispose()
        return None
    except Exception as exc:  # noqa: BLE001 - any failure means "not available here"
        return f"{type(exc).__name__}: {str(exc).splitlines()[0][:160]}"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not DATA.exists():
        pytest.skip(f"../shared/data not found at {DATA}")
    return DATA


@pytest.fixture(scope="session")
def pg_schema_url():
    """A fresh PostgreSQL schema for this test run, dropped afterwards."""
    why = _reachable(PG_URL)
    if why:
        pytest.skip(f"PostgreSQL not reachable at {PG_URL}: {why}")
    schema = f"pandian_test_{RUN_ID}"
    eng = sa.create_engine(PG_URL)
    with eng.begin() as cn:
        cn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    yield f"{PG_URL}?options=-csearch_path%3D{schema}", schema
    with eng.begin() as cn:
        cn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    eng.dispose()


@pytest.fixture(scope="session")
def mysql_db_url():
    """A fresh MariaDB database for this test run (as a *source* of tables)."""
    why = _reachable(MYSQL_URL)
    if why:
        pytest.skip(f"MariaDB not reachable at {MYSQL_URL}: {why}")
    db = f"pandian_src_{RUN_ID}"
    eng = sa.create_engine(MYSQL_URL)
    with eng.begin() as cn:
        cn.exec_driver_sql(f"CREATE DATABASE `{db}` CHARACTER SET utf8mb4")
    yield MYSQL_URL.rsplit("/", 1)[0] + f"/{db}"
    with eng.begin() as cn:
        cn.exec_driver_sql(f"DROP DATABASE IF EXISTS `{db}`")
    eng.dispose()


_pg_counter = iter(range(10_000))


@pytest.fixture(params=["duckdb", "postgresql"])
def backend(request, tmp_path):
    """(workspace, warehouse_url) for every warehouse backend; one test body runs against each."""
    ws = tmp_path / "ws"
    if request.param == "duckdb":
        return ws, None
    url, schema = request.getfixturevalue("pg_schema_url")
    # one schema per test keeps tests independent
    sub = f"{schema}_{next(_pg_counter)}"
    eng = sa.create_engine(PG_URL)
    with eng.begin() as cn:
        cn.exec_driver_sql(f'CREATE SCHEMA "{sub}"')
    eng.dispose()
    request.addfinalizer(lambda: _drop_schema(sub))
    return ws, f"{PG_URL}?options=-csearch_path%3D{sub}"


def _drop_schema(name: str) -> None:
    eng = sa.create_engine(PG_URL)
    with eng.begin() as cn:
        cn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
    eng.dispose()


def run_cli(*args: str, workspace: Path | None = None, warehouse: str | None = None,
            check: bool = False, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run the real console entry point in a subprocess, as a user would."""
    cmd = [sys.executable, "-m", "pandian.cli", *args]
    if workspace is not None:
        cmd += ["--workspace", str(workspace)]
    if warehouse is not None:
        cmd += ["--warehouse", warehouse]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env, cwd=ROOT)
    if check and proc.returncode != 0:
        raise AssertionError(f"pandian {' '.join(args)} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return proc
