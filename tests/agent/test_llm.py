"""The LLM path against a scripted OpenAI-compatible server (real langchain-openai client, real HTTP)."""
from __future__ import annotations

import pandas as pd
import pytest

from agent.chat import ask
from pandian.context import open_context
from tests.agent.llm_server import ScriptedLLM, text, tool_call


def _configure(monkeypatch, llm: ScriptedLLM, timeout: str = "5", stream: bool = False) -> None:
    monkeypatch.setenv("PANDIAN_LLM_BASE_URL", llm.base_url)
    monkeypatch.setenv("PANDIAN_LLM_MODEL", "scripted-1")
    monkeypatch.setenv("PANDIAN_LLM_API_KEY", "k")
    monkeypatch.setenv("PANDIAN_LLM_TIMEOUT", timeout)
    monkeypatch.setenv("PANDIAN_LLM_STREAM", "1" if stream else "0")


def _has_tool_result(body) -> bool:
    return any(m.get("role") == "tool" for m in body.get("messages", []))


@pytest.mark.parametrize("stream", [False, True])
def test_llm_tool_calls_are_executed(shop, monkeypatch, stream):
    ws, _ = shop

    def script(body, i):
        if not _has_tool_result(body):
            return tool_call("run_sql", {"sql": "SELECT count(*) AS n FROM orders"})
        return text("orders has this many rows: see the tool result")

    with ScriptedLLM(script) as llm, open_context(str(ws)) as ctx:
        _configure(monkeypatch, llm, stream=stream)
        res = ask(ctx, "how many orders are there?", session_id=f"llm-{stream}", role="owner")
    assert res["planner"] == "llm:scripted-1"
    assert res["tool_calls"] == [{"name": "run_sql", "args": {"sql": "SELECT count(*) AS n FROM orders"}}]
    assert "orders has this many rows" in res["answer"]
    assert llm.requests[0].get("tools"), "tool schemas must be sent"
    names = {t["function"]["name"] for t in llm.requests[0]["tools"]}
    assert {"run_sql", "clean_table", "inventory_report"} <= names
    tool_msg = next(m for m in llm.requests[-1]["messages"] if m["role"] == "tool")
    assert '"rows"' in tool_msg["content"]


def test_l4_never_reaches_the_prompt(shop, monkeypatch):
    ws, files = shop
    users = pd.read_csv(next(f for f in files if f.name == "users.csv"), dtype=str)
    ids = [x for x in users["身份证号"].dropna()]

    def script(body, i):
        if not _has_tool_result(body):
            return tool_call("run_sql", {"sql": "SELECT * FROM users LIMIT 50"})
        return text("done")

    with ScriptedLLM(script) as llm, open_context(str(ws)) as ctx:
        _configure(monkeypatch, llm)
        res = ask(ctx, "show users with their id numbers", session_id="l4", role="owner")
    sent = llm.prompt_text()
    assert res["tool_calls"][0]["name"] == "run_sql"
    assert not any(x in sent for x in ids), "an L4 value was sent to the LLM"


@pytest.mark.parametrize("failure", ["timeout", "junk", "malformed", "unknown_tool"])
def test_fallback_to_offline_planner(shop, monkeypatch, failure):
    ws, _ = shop

    def script(body, i):
        if failure == "timeout":
            return "sleep:3"
        if failure == "junk":
            return "<html>502 bad gateway</html>"
        if failure == "malformed":
            return tool_call("run_sql", "{not json")
        return tool_call("drop_everything", {})

    with ScriptedLLM(script) as llm, open_context(str(ws)) as ctx:
        _configure(monkeypatch, llm, timeout="1")
        res = ask(ctx, "仓库里有哪些表？", session_id=f"fb-{failure}", role="owner")
    assert res["planner"] == "offline"
    assert res.get("fallback_reason")
    assert [c["name"] for c in res["tool_calls"]] == ["list_assets"]
    assert "离线规划器" in res["answer"] and "orders" in res["answer"]


def test_fallback_mid_turn_runs_the_offline_plan_itself(shop, monkeypatch):
    """Bug: after a mid-turn fallback the offline planner counted the LLM's tool results as its own steps."""
    ws, _ = shop

    def script(body, i):
        if not _has_tool_result(body):
            return tool_call("run_sql", {"sql": "SELECT 1 AS one"})
        return tool_call("run_sql", "{broken")

    with ScriptedLLM(script) as llm, open_context(str(ws)) as ctx:
        _configure(monkeypatch, llm)
        res = ask(ctx, "仓库里有哪些表？", session_id="fb-mid", role="owner")
    assert res["planner"] == "offline" and res.get("fallback_reason")
    assert [c["name"] for c in res["tool_calls"]] == ["run_sql", "list_assets"]
    assert "orders" in res["answer"]
