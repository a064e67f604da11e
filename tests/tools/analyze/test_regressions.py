"""One regression test per reported bug (after ydata-profiling's practice)."""
from __future__ import annotations

import json

from tests.conftest import run_cli


def test_funnel_without_a_user_column_counts_events(tmp_path):
    """Bug: the event-only funnel split its SQL on ' AS ' inside CAST(... AS VARCHAR) and crashed (Taobao's
    unnamed columns had no user id label)."""
    f = tmp_path / "log.csv"
    rows = ["pv"] * 20 + ["cart"] * 6 + ["fav"] * 4 + ["buy"] * 2
    f.write_text("behavior_type,ts\n" + "".join(f"{b},2017-11-2{i % 5} 10:00:00\n" for i, b in enumerate(rows)),
                 encoding="utf-8")
    ws = tmp_path / "ws"
    run_cli("scan", str(f), workspace=ws, check=True)
    out = json.loads(run_cli("analyze", "log", "--kind", "funnel", "--json", workspace=ws, check=True).stdout)
    events = {r[0]: r[4] for r in out["rows"]}
    assert events == {"pv": 20, "cart": 6, "fav": 4, "buy": 2}
    assert out["summary"]["basis"] == "events"


def test_out_of_range_arguments_are_clear_errors(tmp_path):
    """Bug: --top-n 0 and --max-points 5 failed pydantic validation and were reported as crashes."""
    f = tmp_path / "sales.csv"
    f.write_text("item_id,amount\n1,3.5\n2,4.0\n1,2.0\n", encoding="utf-8")
    ws = tmp_path / "ws"
    run_cli("scan", str(f), workspace=ws, check=True)
    for args in (("analyze", "sales", "--kind", "topn", "--top-n", "0"), ("chart", "sales", "--max-points", "5")):
        out = run_cli(*args, workspace=ws)
        assert out.returncode == 2, out.stderr
        assert "unexpectedly" not in out.stderr and ("top_n" in out.stderr or "max_points" in out.stderr)


def test_chart_to_an_unwritable_place_is_a_clear_error(tmp_path):
    f = tmp_path / "sales.csv"
    f.write_text("item_id,amount\n1,3.5\n2,4.0\n", encoding="utf-8")
    ws = tmp_path / "ws"
    run_cli("scan", str(f), workspace=ws, check=True)
    blocker = tmp_path / "a_file"
    blocker.write_text("x")
    out = run_cli("chart", "sales", "--out", str(blocker / "chart.html"), workspace=ws)
    assert out.returncode == 2 and "cannot write the chart" in out.stderr and "unexpectedly" not in out.stderr
