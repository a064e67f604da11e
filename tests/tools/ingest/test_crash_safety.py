"""kill -9 mid-ingest (real subprocesses): no partial table, catalog consistent with the warehouse."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from tests.conftest import ROOT, run_cli
from tests.helpers import query


def _big_csv(path, rows: int) -> None:
    import duckdb

    duckdb.sql(f"COPY (SELECT range AS id, range % 97 AS cat, 'item ' || range AS title FROM range({rows})) "
               f"TO '{path}' (HEADER true)")


def _consistent(ws, expect_rows: int | None) -> dict:
    proc = run_cli("catalog", "--json", workspace=ws, check=True)
    cat = json.loads(proc.stdout)
    tables = {t["name"]: t for t in cat["tables"]}
    left = query(ws, None, "SELECT table_name FROM duckdb_tables() WHERE table_name LIKE '\\_\\_pandian%' ESCAPE '\\'")
    assert left == [], f"staging tables left behind: {left}"
    wh_tables = {r[0] for r in query(ws, None, "SELECT table_name FROM duckdb_tables() WHERE NOT internal "
                                              "AND table_name NOT LIKE '\\_%' ESCAPE '\\'")}
    assert set(tables) == wh_tables
    for name, t in tables.items():
        assert query(ws, None, f'SELECT count(*) FROM "{name}"') == [(t["rows"],)]
        if expect_rows is not None:
            assert t["rows"] == expect_rows
    return tables


@pytest.mark.parametrize("delay", [0.8, 1.6])
def test_kill_during_ingest_leaves_no_partial_table(tmp_path, delay):
    src = tmp_path / "big.csv"
    _big_csv(src, 2_000_000)
    ws = tmp_path / "ws"
    proc = subprocess.Popen([sys.executable, "-m", "pandian.cli", "scan", str(src), "--workspace", str(ws)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    tables = _consistent(ws, 2_000_000)
    assert set(tables) <= {"big"}
    out = json.loads(run_cli("scan", str(src), "--json", workspace=ws, check=True).stdout)
    assert out["tables"][0]["rows"] == 2_000_000
    _consistent(ws, 2_000_000)


@pytest.mark.parametrize("point", ["before_publish", "after_publish"])
def test_crash_at_commit_points_recovers(tmp_path, point):
    src = tmp_path / "small.csv"
    src.write_text("a,b\n1,2\n3,4\n")
    ws = tmp_path / "ws"
    env = {**os.environ, "PANDIAN_FAULT": point}
    proc = subprocess.run([sys.executable, "-m", "pandian.cli", "scan", str(src), "--workspace", str(ws)],
                          cwd=ROOT, env=env, capture_output=True, text=True)
    assert proc.returncode == 137
    tables = _consistent(ws, 2)
    # after the warehouse committed, the catalog entry is recovered from the warehouse's load record
    assert set(tables) == ({"small"} if point == "after_publish" else set())
    if point == "after_publish":
        assert tables["small"]["source"] == str(src.resolve())
        again = json.loads(run_cli("scan", str(src), "--json", workspace=ws, check=True).stdout)
        assert again["tables"][0]["status"] == "unchanged"
