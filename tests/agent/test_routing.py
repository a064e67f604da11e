"""Routing of the offline planner on the project's bilingual request sets, through the real agent graph."""
from __future__ import annotations

import json
import time

import pytest

from agent.chat import ask
from agent.planner.learned import REQUESTS, request_set
from agent.toolbox import TOOL_NAMES, table_argument
from pandian.context import open_context
from tests.conftest import DATA, run_cli
from tools.ingest.scan import ScanArgs, scan


def _route(ws, rows):
    wrong = []
    with open_context(str(ws)) as ctx:
        for r in rows:
            session = f"t-{r['session']}" if r["session"] else f"t-{r['id']}-{time.time_ns()}"
            res = ask(ctx, r["request"], session_id=session, role="owner", dry_run=True, use_llm=False)
            calls = res["tool_calls"]
            if r["tool"] == "refuse":
                ok = not calls and res["answer"]
            else:
                ok = bool(calls) and calls[0]["name"] == r["tool"] and (
                    not r["table"] or table_argument(calls[0]["name"], calls[0]["args"]) == r["table"])
            if not ok:
                wrong.append((r["id"], r["request"], calls[:1]))
    return wrong


def test_request_set_is_bilingual_and_covers_every_tool():
    rows = request_set()
    assert len(rows) >= 80
    assert sum(r["lang"] == "zh" for r in rows) >= len(rows) // 2 - 5
    assert set(TOOL_NAMES) <= {r["tool"] for r in rows}
    assert any(r["session"] for r in rows) and any(r["tool"] == "refuse" for r in rows)


def test_routing_accuracy_on_project_set(shop):
    ws, _ = shop
    rows = request_set()
    wrong = _route(ws, rows)
    assert 1 - len(wrong) / len(rows) >= 0.95, wrong


@pytest.mark.parametrize("requests,dirs", [
    ("requests_heldout.csv", ("instacart_small", "taobao_user_behavior", "ads")),
    ("requests_heldout2.csv", ("reviews_zh", "instacart_products")),
    ("requests_heldout3.csv", ("instacart_small", "taobao_user_behavior", "ads")),
])
def test_routing_on_other_real_tables(tmp_path, shared_data, requests, dirs):
    ws = tmp_path / "ws"
    with open_context(str(ws)) as ctx:
        scan(ctx, ScanArgs(sources=[str(DATA / d) for d in dirs]), progress=False)
    rows = request_set(REQUESTS.with_name(requests))
    wrong = _route(ws, rows)
    assert 1 - len(wrong) / len(rows) >= 0.9, wrong


@pytest.mark.parametrize("question,tool,table", [
    ("看一下 users 表的概况", "profile_table", "users"),
    ("分析用户行为的转化漏斗", "analyze_table", "user_behavior"),
    ("generate the data dictionary of orders", "generate_dictionary", "orders"),
    ("which table has the buyers' phone numbers?", "search_catalog", None),
])
def test_cli_ask_dry_run(shop, question, tool, table):
    ws, _ = shop
    out = json.loads(run_cli("ask", question, "--dry-run", "--json", workspace=ws, check=True).stdout)
    assert set(out) >= {"answer", "tool_calls", "artifacts", "planner"}
    assert out["planner"] == "offline"
    assert out["tool_calls"][0]["name"] == tool
    if table:
        assert table_argument(tool, out["tool_calls"][0]["args"]) == table
