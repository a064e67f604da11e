"""The CLI's JSON contracts and workspace selection."""
from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import ROOT, run_cli

COLUMN_FIELDS = {"name", "type", "null_fraction", "distinct_count", "semantic_type", "sensitivity", "confidence",
                 "description"}


def test_catalog_json_shape(tmp_path, shared_data):
    ws = tmp_path / "ws"
    scan = json.loads(run_cli("scan", str(shared_data / "instacart_small"), "--json", workspace=ws, check=True).stdout)
    cat = json.loads(run_cli("catalog", "--json", workspace=ws, check=True).stdout)
    assert set(cat) >= {"tables", "errors"} and set(scan) >= {"tables", "errors"}
    assert {t["name"] for t in cat["tables"]} == {t["name"] for t in scan["tables"]} == {
        "aisles", "departments", "orders", "products", "user_orders", "users"}
    for t in cat["tables"]:
        assert {"name", "source", "rows", "rejected_rows", "columns"} <= set(t)
        for c in t["columns"]:
            assert COLUMN_FIELDS <= set(c)
    one = json.loads(run_cli("catalog", "orders", "--json", workspace=ws, check=True).stdout)
    assert [t["name"] for t in one["tables"]] == ["orders"] and one["tables"][0]["rows"] == 1560


def test_unknown_table_suggests_close_names(tmp_path, shared_data):
    ws = tmp_path / "ws"
    run_cli("scan", str(shared_data / "instacart_small"), workspace=ws, check=True)
    proc = run_cli("profile", "order", workspace=ws)
    assert proc.returncode != 0 and "did you mean" in proc.stderr and "orders" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_workspace_from_environment(tmp_path):
    f = tmp_path / "t.csv"
    f.write_text("a,b\n1,2\n")
    env = {**os.environ, "PANDIAN_WORKSPACE": str(tmp_path / "envws")}
    subprocess.run([sys.executable, "-m", "pandian.cli", "scan", str(f)], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    assert (tmp_path / "envws" / "warehouse.duckdb").exists() and (tmp_path / "envws" / "catalog.sqlite").exists()
    out = subprocess.run([sys.executable, "-m", "pandian.cli", "catalog", "--json"], cwd=ROOT, env=env,
                         check=True, capture_output=True, text=True).stdout
    assert [t["name"] for t in json.loads(out)["tables"]] == ["t"]


def test_console_script_installed():
    exe = ROOT / ".venv" / "bin" / "pandian"
    proc = subprocess.run([str(exe), "--help"], capture_output=True, text=True)
    assert proc.returncode == 0 and "scan" in proc.stdout and "catalog" in proc.stdout


def test_catalog_lists_while_another_process_holds_the_warehouse(tmp_path, shared_data):
    """Regression: with `pandian serve` running, `pandian catalog --json` exited 2 with no tables (DuckDB lets
    one process open the file); the catalog lives apart from the warehouse and is listed, with a warning."""
    import duckdb

    ws = tmp_path / "ws"
    run_cli("scan", str(shared_data / "instacart_small"), workspace=ws, check=True)
    holder = duckdb.connect(str(ws / "warehouse.duckdb"))  # another process's writer, as the app is
    try:
        proc = run_cli("catalog", "--json", workspace=ws)
        assert proc.returncode == 0, proc.stderr
        cat = json.loads(proc.stdout)
        assert len(cat["tables"]) == 6 and all(t["columns"] for t in cat["tables"])
        assert [e["level"] for e in cat["errors"]] == ["warning"] and "lock" in cat["errors"][0]["message"]
        plain = run_cli("catalog", workspace=ws)
        assert plain.returncode == 0 and "orders" in plain.stdout and "warning:" in plain.stderr
        assert "Traceback" not in plain.stderr
        sql = run_cli("sql", "SELECT 1", workspace=ws)  # queries still need the warehouse, and say so
        assert sql.returncode != 0 and "one writer" in sql.stderr and "Traceback" not in sql.stderr
    finally:
        holder.close()
