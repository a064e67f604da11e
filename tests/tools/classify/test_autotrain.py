"""First use: the column-type model trains in the background, rules answer meanwhile, then the catalog is
re-classified with it."""
from __future__ import annotations

import json

from pandian.context import open_context
from pandian.workspace import Workspace
from tests.conftest import run_cli
from tests.helpers import scan_paths
from tools.classify import autotrain


def test_background_training_then_reclassify(tmp_path, monkeypatch, shared_data):
    monkeypatch.setenv("PANDIAN_COLUMN_PER_TYPE", "3")
    monkeypatch.setenv("PANDIAN_COLUMN_SOTAB_MAX", "100")
    monkeypatch.setenv("PANDIAN_COLUMN_EPOCHS", "1")
    ws_dir = tmp_path / "ws"
    scan_paths(ws_dir, None, shared_data / "instacart_small" / "orders.csv")
    before = json.loads(run_cli("catalog", "orders", "--json", workspace=ws_dir, check=True).stdout)
    assert {c["label_source"] for c in before["tables"][0]["columns"]} <= {"rule", "header", "fallback"}
    ws = Workspace.resolve(str(ws_dir))
    with open_context(str(ws_dir)) as ctx:  # forget the rule labels: only the re-classification can refill them
        names = [c.name for c in ctx.catalog.require("orders").columns]
        ctx.catalog.update_columns("orders", {n: {"semantic_type": None, "sensitivity": None} for n in names})
    monkeypatch.setattr(autotrain, "STATUS", autotrain.TrainStatus())
    thread = autotrain.ensure_column_model(ws)
    assert thread is not None and autotrain.STATUS.state == "training"
    assert "training" in autotrain.STATUS.line()
    thread.join(timeout=600)
    assert autotrain.STATUS.state == "done", autotrain.STATUS.message
    assert "ready" in autotrain.STATUS.line()
    assert (ws_dir / "models" / "column-type" / "current.json").exists()
    run = ws_dir / "models" / "column-type" / "runs" / autotrain.STATUS.result["run_id"]
    assert (run / "table_context.json").exists()  # learned from the SOTAB tables, saved inside the run
    assert autotrain.STATUS.result["table_context_alpha"] is not None
    assert (run / "column_stats.npz").exists() and autotrain.STATUS.result["stats_weight"] is not None
    budget = autotrain.STATUS.result["time_budget"]  # first use trains to a deadline
    assert budget["seconds"] >= autotrain.MIN_ENCODER_SECONDS and budget["epochs_planned"] == 1.0
    after = json.loads(run_cli("catalog", "orders", "--json", workspace=ws_dir, check=True).stdout)
    assert all(c["semantic_type"] and c["sensitivity"] for c in after["tables"][0]["columns"])
    # a second start finds the promoted model and does nothing
    assert autotrain.ensure_column_model(ws) is None and autotrain.STATUS.state == "done"


def test_foreground_training_reports_progress_to_its_caller(tmp_path, monkeypatch):
    """The app's retrain button shows the run's progress (statistics and context, then steps). The statistics
    come first so that a deadline's encoder budget is what is really left after them."""
    monkeypatch.setenv("PANDIAN_COLUMN_SOTAB_MAX", "100")
    monkeypatch.setattr(autotrain, "STATUS", autotrain.TrainStatus())
    seen: list[tuple[float, str]] = []
    meta = autotrain.train_column_model(Workspace.resolve(str(tmp_path / "ws")), epochs=1.0, n_per_type=3,
                                        max_len=48, on_progress=lambda f, m: seen.append((f, m)))
    assert meta["promoted"]
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and any(m.startswith("step ") for _, m in seen)
    assert seen[0] == (0.0, "learning column statistics and table context")
    assert [m for _, m in seen].count("learning column statistics and table context") == 1


_IMPORTS_PROBE = r"""
import json, sys, threading
from pandian.workspace import Workspace
from tools.classify import autotrain

start = threading.Thread.start
threading.Thread.start = lambda self: None  # the training thread is held back: its body runs below
ws = Workspace.resolve(sys.argv[1])
thread = autotrain.ensure_column_model(ws)
threading.Thread.start = start  # loading weights uses worker threads
loaded = set(sys.modules)
thread.run()
print(json.dumps({"state": autotrain.STATUS.state, "message": autotrain.STATUS.message,
                  "new": sorted(set(sys.modules) - loaded)}))
"""


def test_training_thread_imports_nothing_the_ui_might_be_importing(tmp_path):
    """Regression (2026-11-29): first use failed in a fresh-clone run.sh with `_DeadlockError` on narwhals, the
    thread importing sklearn while the main thread imported plotly for the UI. The thread must find its modules
    loaded: a fresh interpreter records sys.modules when the thread would start, then runs its body."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "PANDIAN_COLUMN_PER_TYPE": "3", "PANDIAN_COLUMN_SOTAB_MAX": "60",
           "PANDIAN_COLUMN_EPOCHS": "1", "HF_HUB_OFFLINE": "1"}
    out = subprocess.run([sys.executable, "-c", _IMPORTS_PROBE, str(tmp_path / "ws")], capture_output=True,
                         text=True, env=env, timeout=600, check=True)
    got = json.loads(out.stdout.strip().splitlines()[-1])
    assert got["state"] == "done", got["message"]
    late = [m for m in got["new"] if m.split(".")[0] in ("sklearn", "narwhals", "finetune", "tools", "pandian",
                                                          "scipy", "pandas", "plotly")
            or m.startswith(("transformers.trainer", "transformers.training_args", "transformers.data",
                             "transformers.models.", "transformers.generation"))]
    assert not late, late


def test_a_failing_preload_never_stops_the_app(monkeypatch, caplog):
    """A broken install is reported by the training run (status line), not by a traceback from `pandian serve`."""
    monkeypatch.setattr(autotrain, "PRELOAD", autotrain.PRELOAD + ("pandian_no_such_module",))
    with caplog.at_level("WARNING", logger=autotrain.log.name):
        autotrain._preload()
    assert "pandian_no_such_module" in caplog.text
