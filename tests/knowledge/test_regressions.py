"""One regression test per reported bug in the knowledge layer."""
from __future__ import annotations

import json

from tests.conftest import run_cli


def test_dictionary_of_a_time_column_labelled_time_part(tmp_path):
    """Bug: unit_of called float() on a TIME column's max ('23:50:00') once it was labelled time_part."""
    f = tmp_path / "slots.csv"
    f.write_text("slot_id,slot_time\n1,08:00:00\n2,12:30:00\n3,23:50:00\n", encoding="utf-8")
    ws = tmp_path / "ws"
    run_cli("scan", str(f), workspace=ws, check=True)
    run_cli("feedback", "column", "slots.slot_time", "--type", "time_part", workspace=ws, check=True)
    out = run_cli("dictionary", "slots", "--format", "json", workspace=ws)
    assert out.returncode == 0, out.stderr
    col = next(c for c in json.loads(out.stdout)["columns"] if c["name"] == "slot_time")
    assert col["semantic_type"] == "time_part" and col["description"]


def test_indexing_does_not_compute_join_keys(ws_copy, monkeypatch):
    """Bug: every re-index computed each table's join keys against every other table (quadratic in the catalog)
    and threw them away; the dictionary still shows them."""
    import knowledge.dictionary as kd
    from knowledge.index import index_tables
    from pandian.context import open_context

    calls = []
    real = kd.join_keys
    monkeypatch.setattr(kd, "join_keys", lambda a, o: calls.append(a.name) or real(a, o))
    with open_context(str(ws_copy)) as ctx:
        assert index_tables(ctx, ["orders", "users"]) > 0
        assert calls == []
        d = kd.build_dictionary(ctx, "orders")
    assert calls == ["orders"] and any(j["joins"] for j in d["join_keys"])
