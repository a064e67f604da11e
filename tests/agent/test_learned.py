"""Answers rated 4-5 in the app become examples for the learned intent model."""
from __future__ import annotations

import json

from pandian.catalog import Catalog
from pandian.workspace import Workspace


def test_rated_app_answers_become_examples(tmp_path):
    from agent.planner.learned import rated_examples

    ws = Workspace.resolve(tmp_path / "ws")
    answers = {"把订单金额做成图": "已生成bar图「orders」（12 个点）", "统计一下": "row_count = 301"}
    with open(ws.logs / "turns.jsonl", "w", encoding="utf-8") as f:
        for q, a in answers.items():
            f.write(json.dumps({"question": q, "tool_calls": [{"name": "make_chart" if "图" in q else "run_sql"}],
                                "answer": a}, ensure_ascii=False) + "\n")
    cat = Catalog(ws.catalog_url)
    try:  # the app stores the bubble: the tool steps, then the answer
        cat.add_feedback(user="u", kind="answer", target="s:1", rating=5, text="✓ 正在画图\n\n" + answers["把订单金额做成图"])
        cat.add_feedback(user="u", kind="answer", target="s:3", rating=1, text=answers["统计一下"])
    finally:
        cat.close()
    assert rated_examples(ws) == [("把订单金额做成图", "make_chart")]
