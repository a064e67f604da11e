"""`pandian integrate TABLE... [--view NAME]`: relations between tables, and optionally one joined table."""
from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

from pandian.clikit import context_of, print_json


def add_parsers(sub: argparse._SubParsersAction, common: Callable[..., None]) -> None:
    p = sub.add_parser("integrate", help="find join keys between tables (names + value inclusion); "
                                         "--view builds one joined table")
    p.add_argument("tables", nargs="*", metavar="TABLE", help="tables to relate (default: every source table)")
    p.add_argument("--view", nargs="?", const="", default=None, metavar="NAME",
                   help="also create a joined table (default name <t1>__<t2>__joined); give it after the "
                        "tables, or as --view=NAME")
    p.add_argument("--min-coverage", type=float, default=None,
                   help="share of referencing values that must exist on the key side (default 0.9)")
    common(p)


def cmd_integrate(args: argparse.Namespace) -> int:
    from pandian.errors import PandianError
    from tools.integrate.integrate import IntegrateArgs, integrate_tables

    if args.min_coverage is not None and not 0 < args.min_coverage <= 1:
        raise PandianError(f"--min-coverage must be in (0, 1], got {args.min_coverage}", hint="e.g. 0.8")
    iargs = IntegrateArgs(tables=args.tables or None, create_view=args.view is not None,
                          view_name=args.view or None, min_coverage=args.min_coverage)
    with context_of(args) as ctx:
        out = integrate_tables(ctx, iargs, progress=True)
    if args.json:
        print_json(out)
    else:
        _print(out)
    return 0 if out["relations"] else 1


def _print(out: dict[str, Any]) -> None:
    for r in out["relations"]:
        print(f"{r['left']:<34} {r['kind']:^5} {r['right']:<34} coverage {r['coverage_left']:>6.1%} / "
              f"{r['coverage_right']:>6.1%}  score {r['score']:.2f}  ({r['evidence_kind']})")
    if not out["relations"]:
        print(f"{out['message']} ({out['hint']})", file=sys.stderr)
    v = out.get("view")
    if v:
        print(f"joined table {v['name']}: {v['rows']:,} rows ({v['root']} + {', '.join(v['tables'][1:])}), "
              f"{len(v['columns'])} columns")
        for s in v["skipped"]:
            print(f"  not joined: {s['table']} ({s['reason']})", file=sys.stderr)
    print(f"{len(out['relations'])} relation(s) among {len(out['tables'])} table(s), "
          f"{out['candidates_checked']} pair(s) measured in {out['seconds']:.2f} s", file=sys.stderr)


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {"integrate": cmd_integrate}
