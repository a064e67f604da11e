"""A column the model gets wrong, corrected by a user, retrained, then predicted right on a fresh table."""
from __future__ import annotations

import json
import os
import random

from pandian.workspace import Workspace
from tests.conftest import run_cli
from tools.classify.training_data import FEEDBACK_WEIGHT, feedback_rows, values_of_text

COURIERS = ["顺丰速运", "圆通速递", "中通快递", "韵达快递", "申通快递", "京东物流", "EMS", "德邦快递", "极兔速递", "百世快递"]


def _write(path, header: bool, seed: int, n: int = 80) -> None:
    rng = random.Random(seed)
    lines = ["trade_no,carrier_nm"] if header else []
    lines += [f"T{rng.randrange(10**9):09d},{rng.choice(COURIERS)}" for _ in range(n)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _type(ws, table: str, column: str) -> str:
    cat = json.loads(run_cli("catalog", table, "--json", workspace=ws, check=True).stdout)
    return {c["name"]: c for c in cat["tables"][0]["columns"]}[column]["semantic_type"]


def test_feedback_retrains_the_model(tmp_path, monkeypatch):
    monkeypatch.setenv("PANDIAN_COLUMN_PER_TYPE", "4")  # a small, quick model: the real code path, less data
    monkeypatch.setenv("PANDIAN_COLUMN_SOTAB_MAX", "200")
    ws = tmp_path / "ws"
    first = json.loads(run_cli("train", "column-type", "--epochs", "3", "--json", workspace=ws, check=True,
                               timeout=900).stdout)
    assert first["promoted"] and first["n_feedback"] == 0 and first["n_synthetic"] == 44 * 4
    assert first["n_sotab"] == 200
    # what serves beside the text model was learned in the same run, its weight chosen on training tables
    assert first["cross_validated"] and first["stats_weight"] in (0.0, 0.15, 0.3, 0.45), first
    assert first["table_context_alpha"] is not None
    _write(tmp_path / "shipments.csv", header=True, seed=1)
    run_cli("scan", str(tmp_path / "shipments.csv"), workspace=ws, check=True)
    before = _type(ws, "shipments", "carrier_nm")
    target = next(t for t in ("brand", "categorical_code", "free_text") if t != before)
    run_cli("feedback", "column", "shipments.carrier_nm", "--type", target, workspace=ws, check=True)
    second = json.loads(run_cli("train", "column-type", "--epochs", "3", "--force", "--json", workspace=ws,
                                check=True, timeout=900).stdout)
    assert second["n_feedback"] >= 1 and second["promoted"]
    # the column statistics learned from the correction too: its values were kept beside it
    assert second["n_feedback_columns"] == 1
    rows = feedback_rows(Workspace.resolve(ws))
    assert {r["label"] for r in rows} == {target} and len(rows) == FEEDBACK_WEIGHT
    assert set(rows[0]["values"]) <= set(COURIERS) and len(set(rows[0]["values"])) >= 8
    # a fresh headerless file with the same kind of column: no header to match, the model must know it
    _write(tmp_path / "carriers_2024.csv", header=False, seed=2)
    run_cli("scan", str(tmp_path / "carriers_2024.csv"), workspace=ws, check=True)
    assert _type(ws, "carriers_2024", "col_2") == target
    assert os.path.exists(ws / "models" / "column-type" / "current.json")


def test_feedback_kept_before_values_were_stored_still_trains_the_statistics(tmp_path):
    """Catalogs written by older versions hold only the serialised text: its sample values are read back."""
    from pandian.catalog import Catalog
    from tools.classify.serialize import serialize

    ws = Workspace.resolve(tmp_path / "ws")
    cat = Catalog(ws.catalog_url)
    try:
        cat.add_feedback(user="owner", kind="column_type", target="t.old", value="brand",
                         text=serialize("old", ["Nike", "Adidas", "Puma"]))
        cat.add_feedback(user="owner", kind="column_type", target="t.new", value="region",
                         text=serialize("new", ["北京"]), values=["北京", "上海", "北京"])
    finally:
        cat.close()
    rows = feedback_rows(ws)
    assert [r["values"] for r in rows[::FEEDBACK_WEIGHT]] == [["Nike", "Adidas", "Puma"], ["北京", "上海", "北京"]]
    assert [r["label"] for r in rows[::FEEDBACK_WEIGHT]] == ["brand", "region"]
    assert values_of_text("header: x | kind: text") == []
