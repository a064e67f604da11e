"""`pandian clean TABLE`: the cleaning tool from the command line."""
from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from pandian.clikit import context_of, print_json
from tools.clean import rules as R


def add_parsers(sub: argparse._SubParsersAction, common: Callable[..., None]) -> None:
    p = sub.add_parser("clean", help="write TABLE__clean (cleaned, typed) and TABLE__quarantine (every change)")
    p.add_argument("table")
    p.add_argument("--rules", help="comma-separated rules or families to run (default all): "
                                   + ", ".join(list(R.RULE_FAMILIES) + list(R.ALL_RULES)))
    common(p)


def cmd_clean(args: argparse.Namespace) -> int:
    from tools.clean.clean import CleanArgs, clean_table

    rules = [r for r in args.rules.split(",") if r.strip()] if args.rules else None
    with context_of(args) as ctx:
        out = clean_table(ctx, CleanArgs(table=args.table, rules=rules), progress=True)
    if args.json:
        print_json(out)
    else:
        _print(out)
    return 0


def _print(out: dict[str, Any]) -> None:
    if out.get("empty"):
        print(out["message"])
        return
    print(f"{out['table']}: {out['rows_in']:,} rows in -> {out['clean_table']}: {out['rows_out']:,} rows "
          f"({out['rows_removed']:,} removed), {out['cells_changed']:,} cells changed; "
          f"details in {out['quarantine_table']} ({out['seconds']} s)")
    for rule, n in sorted(out["by_rule"].items(), key=lambda kv: -kv[1]):
        print(f"  {rule:<18} {n:>10,}")
    for col, conv in out["conversions"].items():
        print(f"  {col}: {conv['from']} -> {conv['to']} (from {conv['format']} values)")
    for d in out["dependencies"]:
        print(f"  dependency {d['determinant']} -> {d['dependent']} (holds for {d['strength']:.0%} of rows)")


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {"clean": cmd_clean}
