"""The agent's train_classifier tool: owner only, pydantic-checked, and --max-minutes as the CLI has it."""
from __future__ import annotations

import contextlib
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


@contextlib.contextmanager
def _train_tool(tmp_path, role: str):
    """(the tool, its session, the labelled CSV) in a fresh workspace."""
    data = tmp_path / "labelled.csv"
    _labelled_csv(data)
    with open_context(str(tmp_path / "ws")) as ctx:
        session = ToolSession(ctx=ctx, role=role)
        yield {t.name: t for t in build_tools(session)}["train_classifier"], session, str(data)


def test_train_tool_cuts_epochs_to_the_minutes_given(tmp_path):
    with _train_tool(tmp_path, "owner") as (tool, session, data):
        reply = tool.invoke({"task": "toy-task", "data": data, "epochs": 3, "max_minutes": 0.001})
        name, res = session.results[-1]
        assert name == "train_classifier" and "time_budget" in reply
        assert res["promoted"] and res["time_budget"]["epochs_budgeted"] < res["time_budget"]["epochs_planned"] == 3.0
        assert res["epochs_run"] < 3.0
        for bad in (-1, float("inf")):
            with pytest.raises(ValidationError):
                tool.invoke({"task": "toy-task", "data": data, "max_minutes": bad})


def test_train_tool_is_for_owners_only(tmp_path):
    with _train_tool(tmp_path, "viewer") as (tool, session, data):
        tool.invoke({"task": "toy-task", "data": data, "max_minutes": 1})
        assert "error" in session.results[-1][1]
        assert not (tmp_path / "ws" / "models" / "toy-task").exists()
