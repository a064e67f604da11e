"""The `pandian dictionary` family through the real CLI (these commands load no model)."""
from __future__ import annotations

import json

from tests.conftest import run_cli


def test_dictionary_cli(ws_copy, tmp_path):
    p = run_cli("dictionary", "users", "--json", workspace=ws_copy, check=True)
    d = json.loads(p.stdout)
    assert d["table"] == "users" and {"description", "domain", "grain", "primary_key", "columns"} <= set(d)
    assert all({"name", "type", "semantic_type", "sensitivity", "description", "examples", "quality_notes"} <= set(c)
               for c in d["columns"])
    p = run_cli("dictionary", "orders", "--lang", "zh", workspace=ws_copy, check=True)
    assert p.stdout.startswith("# 数据字典: orders") and "下单时间" in p.stdout
    out = tmp_path / "orders.html"
    p = run_cli("dictionary", "orders", "--out", str(out), "--json", workspace=ws_copy, check=True)
    assert json.loads(p.stdout)["format"] == "html" and out.read_text(encoding="utf-8").startswith("<!doctype html>")

    p = run_cli("dictionary", "accept", "users.age", "--user", "carol", "--json", workspace=ws_copy, check=True)
    acc = json.loads(p.stdout)
    assert {a["lang"] for a in acc["accepted"]} == {"zh", "en"} and acc["column"] == "age"
    p = run_cli("dictionary", "rate", "users", "--rating", "5", "--comment", "useful", "--json",
                workspace=ws_copy, check=True)
    assert json.loads(p.stdout)["rating"] == 5
    p = run_cli("dictionary", "history", "users.age", "--json", workspace=ws_copy, check=True)
    assert [h["status"] for h in json.loads(p.stdout)["history"]][-2:] == ["accepted", "accepted"]


def test_dictionary_cli_errors(ws_copy):
    p = run_cli("dictionary", "user", workspace=ws_copy)
    assert p.returncode == 2 and "did you mean users" in p.stderr and "Traceback" not in p.stderr
    p = run_cli("dictionary", "edit", "users.age", workspace=ws_copy)
    assert p.returncode == 2 and "--text" in p.stderr
    p = run_cli("dictionary", "rate", "users", "--rating", "9", workspace=ws_copy)
    assert p.returncode == 2 and "between 1 and 5" in p.stderr
    p = run_cli("dictionary", "users", "orders", workspace=ws_copy)
    assert p.returncode == 2 and "actions are edit" in p.stderr
    p = run_cli("dictionary", "--help")
    assert "dictionary edit TABLE[.COLUMN]" in p.stdout
