"""`pandian ask`: one conversational turn from the command line."""
from __future__ import annotations

import argparse
import sys
from typing import Any, Callable

from pandian.clikit import context_of, print_json


def add_parsers(sub: argparse._SubParsersAction, common: Callable[..., None]) -> None:
    p = sub.add_parser("ask", help="ask pandian in Chinese or English (one turn of the conversation)")
    p.add_argument("question")
    p.add_argument("--session", default="cli", help="conversation id: follow-ups resolve against its earlier turns")
    p.add_argument("--role", choices=["viewer", "analyst", "owner"], default="owner")
    p.add_argument("--user", default=None)
    p.add_argument("--offline", action="store_true", help="use the embedded planner even if an LLM is configured")
    p.add_argument("--dry-run", action="store_true", help="plan and show the tool calls without running them")
    common(p)


def cmd_ask(args: argparse.Namespace) -> int:
    import os

    from agent.chat import ask

    def progress(tool: str, msg: str) -> None:
        if not args.json and sys.stderr.isatty():
            print(f"… {tool} {msg}", file=sys.stderr)

    with context_of(args) as ctx:
        out: dict[str, Any] = ask(ctx, args.question, session_id=args.session, role=args.role,
                                  user=args.user or os.environ.get("USER", "owner"), progress=progress,
                                  use_llm=False if args.offline else None, dry_run=args.dry_run)
    if args.json:
        print_json(out)
    else:
        print(out["answer"])
        for a in out["artifacts"]:
            print(f"  → {a}")
        steps = " → ".join(c["name"] for c in out["tool_calls"]) or "no tools"
        print(f"[{out['planner']}: {steps}; {out['seconds']:.2f} s]", file=sys.stderr)
    return 0


COMMANDS = {"ask": cmd_ask}
