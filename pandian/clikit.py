"""What every command module shares: the common flags, opening the workspace, printing JSON."""
from __future__ import annotations

import argparse
import json
from typing import Any

from pandian.context import Context, open_context


def common_flags(p: argparse.ArgumentParser, json_flag: bool = True) -> None:
    p.add_argument("--workspace", help="workspace folder (default $PANDIAN_WORKSPACE or ./pandian-workspace)")
    p.add_argument("--warehouse", help="SQLAlchemy URL of the warehouse (default $PANDIAN_WAREHOUSE_URL or "
                                       "an embedded DuckDB file in the workspace)")
    if json_flag:
        p.add_argument("--json", action="store_true", help="print JSON instead of a table")


def context_of(args: argparse.Namespace) -> Context:
    return open_context(args.workspace, args.warehouse)


def print_json(obj: Any) -> None:
    print(json.dumps(obj, ensure_ascii=False, indent=2, default=str))
