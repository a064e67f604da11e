"""The agent's train_classifier tool: owner only, pydantic-checked, and --max-minutes as the CLI has it."""
from __future__ import annotations

import random

import pytest
from pydantic import ValidationError

from agent.toolbox.registry import build_tools
from agent.toolbox.session import ToolSession
from pandian.context import open_context


def _labelled_csv(path) -> None:
    rng = random.Random(3)
    fruit, books = ["apple", "pear", "mango", "plum"], ["novel", "atlas", "memoir", "poems"]
    lines = ["text,label"]
    for i in range(120):
        words, label = (fruit, "fruit") if i % 2 else (books, "book")
        lines.append(" ".join(rng.choice(words) for _ in range(3)) + f" {i},{label}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_train_tool_cuts_epochs_to_the_minutes_given(tmp_path):
    data = tmp_path / "labelled.csv"
    _labelled_csv(data)
    with open_context(str(tmp_path / "ws")) as ctx:
        session = ToolSession(ctx=ctx, role="owner")
        tools = {t.name: t for t in build_tools(session)}
        reply = tools["train_classifier"].invoke({"task": "toy-task", "data": str(data), "epochs": 3,
                                                  "max_minutes": 0.001})
        name, res = session.results[-1]
        assert name == "train_classifier" and "time_budget" in reply
        assert res["promoted"] and res["time_budget"]["epochs_budgeted"] < res["time_budget"]["epochs_planned"] == 3.0
        assert res["epochs_run"] < 3.0
        with pytest.raises(ValidationError):
            tools["train_classifier"].invoke({"task": "toy-task", "data": str(data), "max_minutes": -1})


def test_train_tool_is_for_owners_only(tmp_path):
    data = tmp_path / "labelled.csv"
    _labelled_csv(data)
    with open_context(str(tmp_path / "ws")) as ctx:
        session = ToolSession(ctx=ctx, role="viewer")
        tools = {t.name: t for t in build_tools(session)}
        tools["train_classifier"].invoke({"task": "toy-task", "data": str(data), "max_minutes": 1})
        assert "error" in session.results[-1][1]
        assert not (tmp_path / "ws" / "models" / "toy-task").exists()
