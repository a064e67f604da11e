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
