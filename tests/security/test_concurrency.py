"""Two users at once, as in the app: one Context shared by threads through ctx.fork().

One user ingests a folder while another runs queries and chat turns: nothing is lost (row counts match the
sources), nothing is corrupted (catalog == warehouse, no staging left), and queries keep answering while the
ingest runs. A second *process* opening the workspace while one holds it gets a clear error, not a traceback.
"""
from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
import traceback

import duckdb
import pytest

from pandian.context import open_context
from pandian.demo import generate_demo
from tests.conftest import ROOT
from tests.security.checks import consistency
from tools.ingest.scan import ScanArgs, scan

N_FILES, ROWS = 3, 150_000


def _folder(path, prefix: str, n_files: int = N_FILES, rows: int = ROWS) -> dict[str, int]:
    path.mkdir()
    out = {}
    for i in range(n_files):
        rows_i = rows + i * 1000 + len(prefix)  # every file a different size: a swapped count would show
        duckdb.sql(f"COPY (SELECT range AS id, 'sku-' || (range % 997) AS sku, (range % 500) * 1.25 AS amount, "
                   f"TIMESTAMP '2024-01-01' + INTERVAL (range % 86400) SECOND AS ts FROM range({rows_i})) "
                   f"TO '{path / f'{prefix}_{i}.csv'}' (HEADER true)")
        out[f"{prefix}_{i}"] = rows_i
    return out


@pytest.fixture()
def shop(tmp_path):
    files = generate_demo(tmp_path / "demo", scale=2000, seed=31, progress=False)
    ws = tmp_path / "ws"
    with open_context(str(ws)) as ctx:
        scan(ctx, ScanArgs(sources=[str(f) for f in files]), progress=False)
        truth = {"orders": ctx.warehouse.query("SELECT count(*), round(sum(pay_amount), 2) FROM orders")[0],
                 "order_ids": ctx.warehouse.query("SELECT count(DISTINCT order_id) FROM orders")[0][0]}
    return ws, truth


def test_two_ingests_while_another_user_queries_and_chats(shop, tmp_path, record_property):
    from agent.chat import ask
    from tools.sql.run import RunSqlArgs, run_sql

    ws, truth = shop
    folders = {"north": _folder(tmp_path / "north", "north"), "south": _folder(tmp_path / "south", "southern")}
    expected = {k: v for f in folders.values() for k, v in f.items()}
    errors: list[str] = []
    finished: list[str] = []
    window: dict[str, float] = {}
    answered: list[tuple[float, str]] = []
    latencies: list[float] = []
    results: list[dict] = []

    with open_context(str(ws)) as ctx:
        ctx.warehouse  # reconcile once, as the app does at start

        def ingest(folder: str) -> None:
            try:
                window.setdefault("start", time.perf_counter())
                results.append(scan(ctx.fork(), ScanArgs(sources=[str(tmp_path / folder)]), progress=False))
            except Exception:  # noqa: BLE001 - reported by the test
                errors.append("ingest: " + traceback.format_exc())
            finally:
                window["end"] = time.perf_counter()
                finished.append(folder)

        def user() -> None:
            i = 0
            while len(finished) < len(folders) or i < 3:
                i += 1
                try:
                    c = ctx.fork()
                    t0 = time.perf_counter()
                    got = run_sql(c, RunSqlArgs(sql="SELECT count(*), round(sum(pay_amount), 2) FROM orders",
                                                role="viewer"))["rows"][0]
                    latencies.append(time.perf_counter() - t0)
                    if tuple(got) != tuple(truth["orders"]):
                        errors.append(f"query {i} answered {got}, expected {truth['orders']}")
                    answered.append((time.perf_counter(), "sql"))
                    if i % 3 == 0:
                        res = ask(c, "how many orders are there?", session_id=f"u2-{i}", role="analyst", use_llm=False)
                        if str(truth["order_ids"]) not in res["answer"].replace(",", ""):
                            errors.append(f"chat turn {i}: {res['answer'][:200]}")
                        answered.append((time.perf_counter(), "chat"))
                except Exception:  # noqa: BLE001
                    errors.append(f"query {i}: " + traceback.format_exc())
                if i > 400:
                    break

        threads = [threading.Thread(target=ingest, args=(f,)) for f in folders] + [threading.Thread(target=user)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=240)
        assert not any(t.is_alive() for t in threads), "a user thread hung"
        assert not errors, "\n".join(errors[:5])
        got = {t["name"]: t["rows"] for r in results for t in r["tables"]}
        assert all(not r["summary"]["failed_sources"] for r in results), [r["errors"] for r in results]
        assert got == expected, f"ingested {got}, sources hold {expected}"
        for name, rows in expected.items():
            assert ctx.warehouse.row_count(name) == rows
            assert ctx.warehouse.query(f'SELECT count(DISTINCT id), min(id), max(id) FROM "{name}"')[0] == (rows, 0, rows - 1)
        problems = consistency(ctx)
        assert not problems, problems
    during = [kind for t, kind in answered if window["start"] < t < window["end"]]
    record_property("ingest_seconds", round(window["end"] - window["start"], 2))
    record_property("answers_during_ingest", len(during))
    record_property("max_query_seconds", round(max(latencies), 3))
    record_property("faults_injected", 1)
    record_property("faults_survived", 1)
    record_property("rows_lost", sum(expected.values()) - sum(got.values()))
    assert "sql" in during, f"no query completed during the {window['end'] - window['start']:.1f} s ingest"
    # a fresh process sees the same, consistent workspace
    with open_context(str(ws)) as ctx:
        assert not consistency(ctx)


def test_second_process_gets_a_clear_error_while_the_workspace_is_held(shop, record_property):
    ws, _ = shop
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time\nfrom pandian.context import open_context\n"
         f"ctx = open_context({str(ws)!r})\nctx.warehouse\nprint('held', flush=True)\ntime.sleep(60)"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
        for args in (["sql", "SELECT count(*) FROM orders"], ["scan", str(ws.parent / "demo")]):
            proc = subprocess.run([sys.executable, "-m", "pandian.cli", *args, "--workspace", str(ws)], cwd=ROOT,
                                  capture_output=True, text=True, timeout=120, env=env)
            assert proc.returncode == 2, (args, proc.returncode, proc.stderr[-2000:])
            assert "Traceback" not in proc.stderr, proc.stderr[-2000:]
            first = proc.stderr.strip().splitlines()[0]
            assert first.startswith("error:") and "cannot open the DuckDB warehouse" in first, proc.stderr
            assert "another pandian process" in first and str(holder.pid) in first, first
        # the catalog is kept apart from the warehouse: it is still listed, with a warning saying why it is unchecked
        proc = subprocess.run([sys.executable, "-m", "pandian.cli", "catalog", "--workspace", str(ws)], cwd=ROOT,
                              capture_output=True, text=True, timeout=120, env=env)
        assert proc.returncode == 0 and "orders" in proc.stdout, proc.stderr[-2000:]
        first = proc.stderr.strip().splitlines()[0]
        assert first.startswith("warning:") and "cannot open the DuckDB warehouse" in first, proc.stderr
        assert str(holder.pid) in first and "not checked against the warehouse" in first, first
    finally:
        holder.kill()
        holder.wait()
    # once the holder is gone the workspace opens normally, nothing damaged
    with open_context(str(ws)) as ctx:
        assert not consistency(ctx)
    record_property("faults_injected", 3)
    record_property("faults_survived", 3)
