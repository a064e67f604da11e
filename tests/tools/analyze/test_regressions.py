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


def test_impossible_dates_in_text_do_not_fail_the_query(backend, tmp_path):
    """Bug: on PostgreSQL sqlglot writes TRY_CAST as CAST, so one '2017-02-30' in a text time column failed the
    whole trend query; only calendar-valid dates and clock times may now reach the cast (both backends)."""
    from pandian.context import open_context
    from tests.helpers import scan_paths
    from tools.analyze.analyze import AnalyzeArgs, analyze_table

    ws, wh = backend
    f = tmp_path / "clicks.csv"
    f.write_text("user_id,when,action\n"
                 "u1,2017-11-25 10:00:00,pv\nu2,2017-11-25 11:30:00,pv\nu3,2016-02-29 09:00:00,pv\n"
                 "u4,2017-02-30 10:00:00,pv\nu5,2017-11-26 25:00:00,pv\nu6,20170230,pv\nu7,20171126,pv\n",
                 encoding="utf-8")
    scan_paths(ws, wh, f)
    with open_context(str(ws), wh) as ctx:
        out = analyze_table(ctx, AnalyzeArgs(table="clicks", kind="trend", time_col="when", grain="day"))
    rows = [dict(zip(out["columns"], r)) for r in out["rows"]]
    counted = {r["bucket"][:10]: r["events"] for r in rows}
    assert counted.get("2017-11-25") == 2 and counted.get("2017-11-26") == 1
    assert out["summary"]["time"]["rows_without_time"] == 3  # 02-30 (twice) and 25:00
