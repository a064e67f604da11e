"""kill -9 in the middle of ingest, clean, train and reindex (real subprocesses), then restart.

After each kill: no partial table (no `__pandian_` staging left, no half `__clean`), the catalog agrees with
the warehouse, the previous version of what was being replaced is intact, the previously promoted model is
still promoted, feedback stored before the kill is still there, and the search index can be rebuilt. The kill
lands when the process is seen writing (its files grow, or its run folder appears), not after a fixed sleep,
so the fault hits the work on a slow machine as well as on a fast one.
"""
from __future__ import annotations

import json

import duckdb
import pytest

from pandian.context import open_context
from tests.conftest import run_cli
from tests.security.checks import cli, consistency, cpu_at_least, grew, kill_when, warehouse_files
from tools.ingest.scan import ScanArgs, scan


def _csv(path, rows: int, dirty: bool = False) -> None:
    cols = "range AS id, 'item ' || range AS title, (range % 997) * 1.5 AS amount"
    if dirty:  # values the cleaner rewrites: padded text, currency strings, dates as text
        cols += (", CASE WHEN range % 13 = 0 THEN ' x' || (range % 50) ELSE 'x' || (range % 50) END AS cat, "
                 "CASE WHEN range % 7 = 0 THEN '¥' || (range % 900) ELSE CAST(range % 900 AS VARCHAR) END AS price, "
                 "strftime(DATE '2024-01-01' + CAST(range % 300 AS INT), '%Y/%m/%d') AS day")
    duckdb.sql(f"COPY (SELECT {cols} FROM range({rows})) TO '{path}' (HEADER true)")


def _restart(ws) -> dict:
    """What a user does next: any command. It reconciles; the workspace must then be consistent."""
    proc = run_cli("catalog", "--json", workspace=ws)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr[-2000:]
    with open_context(str(ws)) as ctx:
        problems = consistency(ctx)
        assert not problems, problems
    return {t["name"]: t for t in json.loads(proc.stdout)["tables"]}


def test_kill_while_replacing_a_table_keeps_the_old_version(tmp_path, record_property):
    src, ws = tmp_path / "events.csv", tmp_path / "ws"
    _csv(src, 1000)
    with open_context(str(ws)) as ctx:
        scan(ctx, ScanArgs(sources=[str(src)]), progress=False, classify_columns=False)
    _csv(src, 1_500_000)  # a new version of the file: the rescan replaces the table
    killed = kill_when(cli("scan", str(src), workspace=ws), grew(4 << 20, *warehouse_files(ws)), after=0.2)
    tables = _restart(ws)
    rows = tables["events"]["rows"]
    assert rows in (1000, 1_500_000), rows  # the old version or the new one, never a part
    with open_context(str(ws)) as ctx:
        assert ctx.warehouse.query("SELECT count(*), max(id) FROM events")[0] == (rows, rows - 1)
    out = json.loads(run_cli("scan", str(src), "--json", workspace=ws, check=True).stdout)
    record_property("faults_injected", int(killed))
    record_property("rows_lost", 1_500_000 - out["tables"][0]["rows"])
    assert out["tables"][0]["rows"] == 1_500_000
    _restart(ws)
    record_property("faults_survived", int(killed))


def test_kill_during_clean_leaves_no_half_clean_table(tmp_path, record_property):
    src, ws = tmp_path / "sales.csv", tmp_path / "ws"
    _csv(src, 150_000, dirty=True)
    from tools.clean.clean import CleanArgs, clean_table

    with open_context(str(ws)) as ctx:
        scan(ctx, ScanArgs(sources=[str(src)]), progress=False)
        first = clean_table(ctx, CleanArgs(table="sales"))
        before = {t: ctx.warehouse.query(f'SELECT count(*), sum(hash(COLUMNS(*))) FROM "{t}"')[0]
                  for t in ("sales__clean", "sales__quarantine")}
    assert first["rows_out"] == 150_000 and first["cells_changed"] > 1000
    proc = cli("clean", "sales", workspace=ws)
    killed = kill_when(proc, cpu_at_least(proc, 2.0))
    tables = _restart(ws)
    assert {"sales", "sales__clean", "sales__quarantine"} <= set(tables)
    with open_context(str(ws)) as ctx:  # the previous clean output is whole (a new one would be identical)
        for t, fingerprint in before.items():
            assert ctx.warehouse.query(f'SELECT count(*), sum(hash(COLUMNS(*))) FROM "{t}"')[0] == fingerprint, t
    again = json.loads(run_cli("clean", "sales", "--json", workspace=ws, check=True).stdout)
    record_property("faults_injected", int(killed))
    record_property("rows_lost", first["rows_out"] - again["rows_out"])
    assert again["rows_out"] == first["rows_out"] and again["cells_changed"] == first["cells_changed"]
    _restart(ws)
    record_property("faults_survived", int(killed))


def _fake_promoted_model(ws) -> str:
    """A promoted column-type run from 'yesterday' (its metadata is what the registry reads)."""
    from finetune.registry import Registry

    reg = Registry(ws / "models")
    run_id, tmp = reg.new_run("column-type")
    reg.commit_run("column-type", run_id, tmp, {"task": "column-type", "run_id": run_id, "labels": ["a", "b"],
                                               "dev": {"accuracy": 0.9, "macro_f1": 0.9}})
    reg.promote("column-type", run_id)
    return run_id


def test_kill_during_training_keeps_the_promoted_model_and_the_feedback(tmp_path, record_property):
    from finetune.registry import Registry

    src, ws = tmp_path / "contacts.csv", tmp_path / "ws"
    src.write_text("id,phone,city\n" + "".join(f"{i},1380013{i:04d},杭州\n" for i in range(200)), encoding="utf-8")
    with open_context(str(ws)) as ctx:
        scan(ctx, ScanArgs(sources=[str(src)]), progress=False)
    fb = run_cli("feedback", "column", "contacts.city", "--type", "region", "--sensitivity", "L2",
                 "--comment", "before the kill", workspace=ws, check=True)
    assert fb.returncode == 0
    with open_context(str(ws)) as ctx:
        ctx.catalog.add_feedback(user="u1", kind="answer", target="session:s1", rating=5, comment="rated before kill")
        feedback_before = [(f.kind, f.target, f.comment) for f in ctx.catalog.feedback()]
    assert len(feedback_before) >= 2
    previous = _fake_promoted_model(ws)
    runs = ws / "models" / "column-type" / "runs"
    env = {"PANDIAN_COLUMN_EPOCHS": "0.2", "PANDIAN_COLUMN_PER_TYPE": "3", "PANDIAN_COLUMN_SOTAB_MAX": "200"}
    proc = cli("train", "column-type", workspace=ws, env=env)
    killed = kill_when(proc, lambda: any(p.name.startswith(".tmp-") for p in runs.iterdir()), after=1.5,
                       timeout=120)
    assert killed, "training finished before the kill: the test must kill it mid-run"
    reg = Registry(ws / "models")
    cur = reg.current("column-type")
    assert cur is not None and cur["run_id"] == previous
    assert [m["run_id"] for m in reg.history("column-type")] == [previous]  # the killed run is no run
    reg.sweep("column-type")  # what the next training does first
    assert not [p for p in runs.iterdir() if p.name.startswith(".")]
    _restart(ws)
    with open_context(str(ws)) as ctx:
        feedback_after = [(f.kind, f.target, f.comment) for f in ctx.catalog.feedback()]
        record_property("faults_injected", int(killed))
        record_property("feedback_lost", len(set(feedback_before) - set(feedback_after)))
        assert feedback_after == feedback_before
        col = next(c for c in ctx.catalog.require("contacts").columns if c.name == "city")
        assert (col.semantic_type, col.sensitivity, col.label_source) == ("region", "L2", "user")
        assert ctx.warehouse.row_count("contacts") == 200
    record_property("rows_lost", 0)
    record_property("faults_survived", int(killed))


def test_kill_during_reindex_then_the_index_rebuilds(tmp_path, record_property):
    import knowledge.index  # noqa: F401 - a broken knowledge layer must fail here, not skip
    from pandian.demo import generate_demo

    files = generate_demo(tmp_path / "demo", scale=2000, seed=5, progress=False)
    ws = tmp_path / "ws"
    with open_context(str(ws)) as ctx:
        scan(ctx, ScanArgs(sources=[str(f) for f in files]), progress=False)
    chroma = ws / "chroma"
    proc = cli("reindex", workspace=ws, env={"HF_HUB_OFFLINE": "1"})
    # the store appears about 1 s in and is reset; the documents are embedded for about 6 s before one bulk
    # write: the kill lands in between, with the store emptied and not yet refilled
    killed = kill_when(proc, lambda: (chroma / "chroma.sqlite3").exists(), after=1.0, timeout=90)
    _restart(ws)
    out = run_cli("search", "手机号 phone number", "--k", "5", "--json", workspace=ws)
    assert out.returncode == 0 and "Traceback" not in out.stderr, out.stderr[-2000:]
    hits = json.loads(out.stdout)
    hits = hits.get("hits", hits) if isinstance(hits, dict) else hits
    assert any(h.get("column") in ("手机号", "联系电话") for h in hits), hits
    record_property("faults_injected", int(killed))
    record_property("faults_survived", int(killed))


@pytest.mark.parametrize("point", ["before_publish", "after_publish"])
def test_crash_points_of_a_replacing_scan(tmp_path, point, record_property):
    """The exact commit points (PANDIAN_FAULT exits like kill -9): before, the old version stays; after, the
    new one is recovered from the warehouse's load record."""
    src, ws = tmp_path / "t.csv", tmp_path / "ws"
    src.write_text("a,b\n1,2\n3,4\n")
    with open_context(str(ws)) as ctx:
        scan(ctx, ScanArgs(sources=[str(src)]), progress=False, classify_columns=False)
    src.write_text("a,b\n1,2\n3,4\n5,6\n")
    proc = cli("scan", str(src), workspace=ws, env={"PANDIAN_FAULT": point})
    proc.wait(timeout=120)
    proc.stderr.close()
    assert proc.returncode == 137
    tables = _restart(ws)
    record_property("faults_injected", 1)
    record_property("rows_lost", (2 if point == "before_publish" else 3) - tables["t"]["rows"])
    assert tables["t"]["rows"] == (2 if point == "before_publish" else 3)
    record_property("faults_survived", 1)

