"""One conversational turn: build the agent graph (LLM or offline planner), run it, report what ran."""
from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

from langchain_core.messages import AIMessage, HumanMessage, SystemMessage, ToolMessage

from agent.planner.model import OfflinePlanner
from agent.toolbox import TOOL_NAMES, build_tools
from agent.toolbox.session import ToolSession
from pandian.context import Context
from pandian.security.roles import check_role

_SAVERS: dict[str, Any] = {}
MAX_QUESTION_CHARS = 4000
_LOCK = threading.Lock()


def checkpointer(ctx: Context):
    """Conversation memory in the workspace (SQLite), so follow-ups work across processes and restarts."""
    from langgraph.checkpoint.sqlite import SqliteSaver

    path = ctx.workspace.root / "agent" / "conversations.sqlite"
    path.parent.mkdir(exist_ok=True)
    with _LOCK:
        saver = _SAVERS.get(str(path))
        if saver is None:
            con = sqlite3.connect(str(path), check_same_thread=False)
            con.execute("PRAGMA journal_mode=WAL")
            saver = SqliteSaver(con)
            _SAVERS[str(path)] = saver
    return saver


def intent_model(ctx: Context):
    """The learned intent classifier when one is trained (rated answers retrain it), else cues only."""
    from agent.planner.learned import load_intent_model

    return load_intent_model(ctx.workspace)


def ask(ctx: Context, question: str, session_id: str = "default", role: str = "viewer", user: str = "owner",
        progress: Callable[[str, str], None] | None = None, use_llm: bool | None = None,
        dry_run: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for event in ask_stream(ctx, question, session_id, role, user, progress, use_llm, dry_run):
        if event["type"] == "final":
            out = event["result"]
    return out


def ask_stream(ctx: Context, question: str, session_id: str = "default", role: str = "viewer", user: str = "owner",
               progress: Callable[[str, str], None] | None = None,
               use_llm: bool | None = None, dry_run: bool = False) -> Iterator[dict[str, Any]]:
    """Yields {"type": "tool_call"|"tool_result"|"final", ...} as the turn runs (the UI streams these)."""
    from langchain.agents import create_agent

    from agent.llm import OfflineFallback, SYSTEM, chat_model, llm_role, llm_settings, schema_context

    check_role(role)
    question = (question or "").strip()
    from pandian.errors import PandianError

    if not question:
        raise PandianError("empty question", hint='ask something, e.g. pandian ask "有哪些表?"')
    if len(question) > MAX_QUESTION_CHARS:
        raise PandianError(f"the message is {len(question):,} characters; the limit is {MAX_QUESTION_CHARS:,}",
                           hint="ask a shorter question; put data in a file and ingest it instead")
    session = ToolSession(ctx=ctx, role=role, user=user, session_id=session_id, progress=progress)
    tools = build_tools(session, dry_run=dry_run)
    offline = OfflinePlanner(session=session, intent_model=intent_model(ctx))
    settings = llm_settings() if use_llm is not False else None
    middleware = []
    if settings:
        session.external_llm = True
        session.role_for_llm = llm_role(role)
        model = chat_model(settings)
        fallback = OfflineFallback(offline, TOOL_NAMES)
        middleware.append(fallback)
        system = SYSTEM.format(role=role, context=schema_context(session, question))
    else:
        model, fallback, system = offline, None, None
    graph = create_agent(model, tools, system_prompt=system, middleware=middleware, checkpointer=checkpointer(ctx))
    config = {"configurable": {"thread_id": session_id}, "recursion_limit": 60}
    started = time.perf_counter()
    calls: list[dict[str, Any]] = []
    answer = ""
    for update in graph.stream({"messages": [HumanMessage(question)]}, config, stream_mode="updates"):
        for _node, delta in (update or {}).items():
            for m in (delta or {}).get("messages", []) if isinstance(delta, dict) else []:
                if isinstance(m, AIMessage):
                    for c in m.tool_calls or []:
                        calls.append({"name": c["name"], "args": c.get("args") or {}})
                        yield {"type": "tool_call", "name": c["name"], "args": c.get("args") or {}}
                    if not m.tool_calls and m.content:
                        answer = m.content if isinstance(m.content, str) else str(m.content)
                elif isinstance(m, ToolMessage):
                    yield {"type": "tool_result", "name": m.name, "content": str(m.content)[:2000]}
    planner = "offline"
    if settings and (fallback is None or fallback.reason is None):
        planner = f"llm:{settings['model']}"
    result = {"answer": answer, "tool_calls": calls, "artifacts": list(dict.fromkeys(session.artifacts)),
              "planner": planner, "session": session_id, "role": role,
              "seconds": round(time.perf_counter() - started, 3)}
    if fallback is not None and fallback.reason:
        result["fallback_reason"] = fallback.reason
    _log_turn(ctx, session_id, user, role, question, result)
    yield {"type": "final", "result": result, "figures": list(session.figures),
           "tables": [r for name, r in session.results if name == "run_sql" and "rows" in r]}


def _log_turn(ctx: Context, session_id: str, user: str, role: str, question: str, result: dict[str, Any]) -> None:
    """Every turn is kept (who asked what, which tools ran) so answers can be rated and audited later."""
    import json

    from pandian.catalog.models import utcnow

    path = ctx.workspace.logs / "turns.jsonl"
    from pandian.audit import mask_text

    rec = {"time": utcnow().isoformat(), "session": session_id, "user": user, "role": role,
           "question": mask_text(question), "tool_calls": json.loads(mask_text(json.dumps(result["tool_calls"],
                                                                                           ensure_ascii=False))),
           "planner": result["planner"], "answer": result["answer"][:2000]}
    with open(path, "a", encoding="utf-8") as f:
        f.write(json.dumps(rec, ensure_ascii=False, default=str) + "\n")
        f.flush()


__all__ = ["ask", "ask_stream", "SystemMessage"]
