"""`pandian chart [TABLE] [--sql ...]`: the make_chart tool from the command line."""
from __future__ import annotations

import argparse
from collections.abc import Callable

from pandian.clikit import context_of, print_json

KINDS = ["auto", "line", "bar", "pie", "histogram", "heatmap", "scatter"]


def add_parsers(sub: argparse._SubParsersAction, common: Callable[[argparse.ArgumentParser], None]) -> None:
    p = sub.add_parser("chart", help="chart a table (aggregated in the warehouse) or a read-only query as offline HTML")
    p.add_argument("table", nargs="?", help="catalogued table (omit with --sql)")
    p.add_argument("--x")
    p.add_argument("--y")
    p.add_argument("--agg", choices=["count", "sum", "avg", "min", "max", "count_distinct"])
    p.add_argument("--kind", choices=KINDS, default="auto")
    p.add_argument("--sql", help="one read-only SELECT to chart instead of a table")
    p.add_argument("--title")
    p.add_argument("--lang", choices=["zh", "en"], default="en")
    p.add_argument("--out", help="HTML file (default WORKSPACE/charts/...)")
    p.add_argument("--role", choices=["viewer", "analyst", "owner"], default="viewer")
    p.add_argument("--max-points", type=int, default=5000)
    p.add_argument("--grain", choices=["hour", "day", "week", "month"])
    common(p)


def cmd_chart(args: argparse.Namespace) -> int:
    from tools.chart.chart import ChartArgs, make_chart

    a = ChartArgs(table=args.table, x=args.x, y=args.y, agg=args.agg, sql=args.sql, kind=args.kind, title=args.title,
                  lang=args.lang, out=args.out, role=args.role, max_points=args.max_points, grain=args.grain)
    with context_of(args) as ctx:
        out = make_chart(ctx, a)
    if args.json:
        print_json(out)
    else:
        print(f"{out['kind']} chart '{out['title']}' ({out['points']:,} points) -> {out['path']}")
        if out["note"]:
            print(f"note: {out['note']}")
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {"chart": cmd_chart}
