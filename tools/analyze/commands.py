"""`pandian analyze TABLE --kind ...`: the analyze_table tool from the command line (optionally charted)."""
from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pandian.clikit import context_of, print_json

KIND_CHOICES = ["funnel", "rfm", "copurchase", "repurchase", "trend", "topn"]


def add_parsers(sub: argparse._SubParsersAction, common: Callable[[argparse.ArgumentParser], None]) -> None:
    p = sub.add_parser("analyze", help="funnel, RFM, co-purchase, repurchase, trend or top-N of a table (SQL pushdown)")
    p.add_argument("table")
    p.add_argument("--kind", required=True, choices=KIND_CHOICES)
    for part in ("user", "item", "time", "event", "value", "order", "group"):
        p.add_argument(f"--{part}-col", dest=f"{part}_col", help=f"{part} column (picked from semantic types when omitted)")
    p.add_argument("--top-n", type=int, default=10)
    p.add_argument("--grain", choices=["hour", "day", "week", "month"], help="trend bucket (auto when omitted)")
    p.add_argument("--utc-offset", type=float, default=0.0,
                   help="hours added to unix-epoch timestamps to get local time (8 for Beijing)")
    p.add_argument("--role", choices=["viewer", "analyst", "owner"], default="viewer")
    p.add_argument("--chart", metavar="OUT.html", help="also write the result as an offline HTML chart")
    p.add_argument("--lang", choices=["zh", "en"], default="en", help="language of the chart")
    common(p)


def cmd_analyze(args: argparse.Namespace) -> int:
    from tools.analyze.analyze import AnalyzeArgs, analyze_table

    a = AnalyzeArgs(table=args.table, kind=args.kind, user_col=args.user_col, item_col=args.item_col,
                    time_col=args.time_col, event_col=args.event_col, value_col=args.value_col,
                    order_col=args.order_col, group_col=args.group_col, top_n=args.top_n, grain=args.grain,
                    role=args.role, utc_offset_hours=args.utc_offset)
    with context_of(args) as ctx:
        out = analyze_table(ctx, a)
    if args.chart:
        from tools.chart.chart import chart_from_result

        out["chart"] = chart_from_result(out, args.lang, Path(args.chart))
    if args.json:
        print_json(out)
    else:
        _print_human(out)
    return 0


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float):
        return f"{v:,.4f}".rstrip("0").rstrip(".") if abs(v) < 1000 else f"{v:,.2f}"
    if isinstance(v, int):
        return f"{v:,}"
    return str(v)


def _print_human(out: dict[str, Any]) -> None:
    used = ", ".join(f"{k}={v}" for k, v in out["columns_used"].items())
    print(f"{out['kind']} of {out['table']} ({out['table_rows']:,} rows; {used})")
    table = [out["columns"]] + [[_cell(v) for v in r] for r in out["rows"]]
    widths = [min(40, max(len(str(r[i])) for r in table)) for i in range(len(out["columns"]))]
    for r in table:
        print("  ".join(str(v)[:40].ljust(w) for v, w in zip(r, widths)).rstrip())
    flat = {k: v for k, v in out["summary"].items() if not isinstance(v, (dict, list))}
    if flat:
        print("summary: " + ", ".join(f"{k}={_cell(v)}" for k, v in flat.items()))
    for n in out["notes"]:
        print(f"note: {n}", file=sys.stderr)
    if out["masked_columns"]:
        print("masked for " + out["role"] + ": " + ", ".join(f"{c} ({lv})" for c, lv in out["masked_columns"].items()),
              file=sys.stderr)
    if "chart" in out:
        print(f"chart: {out['chart']['path']}")


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {"analyze": cmd_analyze}
