"""The offline planner as a LangChain chat model: the same agent graph runs with it or with a real LLM.

Each call looks at the conversation: the newest human message is planned once; each following call emits
the next tool call of that plan, and when the plan is done, the answer composed from the tool results.
"""
from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import ConfigDict, PrivateAttr

from agent.planner.answer import compose
from agent.planner.catalog_view import CatalogView
from agent.planner.plan import Plan, make_plan
from agent.toolbox.registry import table_argument


class OfflinePlanner(BaseChatModel):
    """pandian's embedded planner; needs no network and no weights beyond an optional intent classifier."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    session: Any = None            # agent.toolbox.session.ToolSession (full tool results, the catalog)
    intent_model: Any = None       # optional callable(text) -> {intent: prob}
    _plans: dict[str, Plan] = PrivateAttr(default_factory=dict)
    _emitted: set[str] = PrivateAttr(default_factory=set)
    note: str | None = None        # prepended to the answer (e.g. "the LLM timed out")

    @property
    def _llm_type(self) -> str:
        return "pandian-offline-planner"

    def bind_tools(self, tools: Sequence[Any], **kwargs: Any) -> "OfflinePlanner":
        return self

    def plan_for(self, messages: list[BaseMessage]) -> tuple[Plan, int]:
        idx = max(i for i, m in enumerate(messages) if isinstance(m, HumanMessage))
        human = messages[idx]
        key = f"{idx}:{human.id}:{human.content}"
        if key not in self._plans:
            view = CatalogView.from_catalog(self.session.ctx.catalog)
            self._plans[key] = make_plan(_text(human), view, history_tables(messages[:idx]), self.intent_model)
        return self._plans[key], idx

    def _generate(self, messages: list[BaseMessage], stop: list[str] | None = None, run_manager=None,
                  **kwargs: Any) -> ChatResult:
        plan, idx = self.plan_for(messages)
        tool_msgs = [m for m in messages[idx + 1:] if isinstance(m, ToolMessage)]
        turn_results = self.session.results[-len(tool_msgs):] if tool_msgs else []
        # only the steps this planner issued count as done (after an LLM fallback mid-turn, the LLM's don't)
        mine = [i for i, m in enumerate(tool_msgs) if m.tool_call_id in self._emitted]
        done = [tool_msgs[i] for i in mine]
        results = [turn_results[i] for i in mine if i < len(turn_results)]
        step = _next_step(plan, len(done), results)
        if plan.intent == "refuse" and not done:
            from pandian import audit

            audit.record(self.session.ctx.catalog, self.session.user, self.session.role, "chat", "refusal",
                         {"request": _text(messages[idx])}, "refused", None, plan.answer)
        if step is not None:
            name, args = step
            call_id = f"call_{uuid.uuid4().hex[:12]}"
            self._emitted.add(call_id)
            msg = AIMessage(content="", tool_calls=[{"name": name, "args": args, "id": call_id, "type": "tool_call"}])
        else:
            text = plan.answer if plan.answer is not None else compose(results, plan.lang)
            if self.note:
                text = f"{self.note}\n\n{text}"
            msg = AIMessage(content=text or "-")
        return ChatResult(generations=[ChatGeneration(message=msg)])


def _next_step(plan: Plan, n_done: int, results: list[tuple[str, dict[str, Any]]]) -> tuple[str, dict[str, Any]] | None:
    if plan.answer is not None:
        return None
    if results and "error" in results[-1][1] and results[-1][0] == "ingest_source":
        return None  # nothing to build on
    executed = 0
    for step in plan.steps:
        call = step(results) if callable(step) else step
        if call is None:
            continue
        if executed == n_done:
            return call
        executed += 1
    return None


def _text(m: BaseMessage) -> str:
    c = m.content
    if isinstance(c, str):
        return c
    return " ".join(p.get("text", "") if isinstance(p, dict) else str(p) for p in c)


def history_tables(messages: list[BaseMessage]) -> list[str]:
    """Tables earlier turns were about, most recent first: what "it" / "它" refers to."""
    out: list[str] = []
    for m in reversed(messages):
        if isinstance(m, AIMessage):
            for call in m.tool_calls or []:
                t = table_argument(call["name"], call.get("args") or {})
                if t and t not in out:
                    out.append(t)
    return out
