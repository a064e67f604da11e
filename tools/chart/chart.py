"""`make_chart` / `pandian chart`: a chart of a table, a read-only query, or data in hand, as offline HTML.

Tables are aggregated in the warehouse (never 10 million points), queries go through run_sql (read-only,
masked by role), and analyze_table results are drawn in the shape that suits their kind.
"""
from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

import plotly.graph_objects as go
from pydantic import BaseModel, Field

from pandian.context import Context
from pandian.errors import PandianError
from pandian.security import masked_levels
from tools.chart.plot import Plot, figure, write_html
from tools.chart.results import is_analysis, plot_from_result
from tools.chart.rows_plot import rows_plot
from tools.chart.table_plot import table_plot

ChartKind = Literal["auto", "line", "bar", "pie", "histogram", "heatmap", "scatter"]


class ChartArgs(BaseModel):
    """Arguments of the make_chart tool: exactly one of table, sql or data."""

    table: str | None = Field(None, description="catalogued table to chart (aggregated in the warehouse)")
    x: str | None = Field(None, description="x column (auto when omitted)")
    y: str | None = Field(None, description="y column (row count when omitted)")
    agg: Literal["count", "sum", "avg", "min", "max", "count_distinct"] | None = None
    sql: str | None = Field(None, description="one read-only SELECT; run through run_sql, masked by role")
    data: dict[str, Any] | None = Field(None, description="{'columns': [...], 'rows': [[...]]} or an analyze_table result")
    kind: ChartKind = "auto"
    title: str | None = None
    lang: Literal["zh", "en"] = "en"
    out: str | None = Field(None, description="HTML path (default: the workspace charts/ folder)")
    role: str = Field("viewer", description="viewer | analyst | owner: decides what is masked")
    max_points: int = Field(5000, ge=10, le=1_000_000)
    grain: Literal["hour", "day", "week", "month"] | None = Field(None, description="time bucket for line charts")


def build_plot(ctx: Context | None, args: ChartArgs) -> tuple[Plot, dict[str, Any]]:
    """The Plot for the arguments and facts about where it came from (source, masked columns)."""
    masked_levels(args.role)  # unknown roles fail before any data is read
    given = [n for n in ("table", "sql", "data") if getattr(args, n)]
    if len(given) != 1:
        raise PandianError("make_chart needs exactly one of table, sql or data",
                           hint=f"got {', '.join(given) or 'none'}")
    if args.data is not None:
        if is_analysis(args.data):
            return plot_from_result(args.data, args.lang, args.title), {"source": f"analysis:{args.data['kind']}",
                                                                        "table": args.data.get("table")}
        cols, rows = args.data.get("columns"), args.data.get("rows")
        if not isinstance(cols, list) or not isinstance(rows, list):
            raise PandianError("data must hold 'columns' (a list of names) and 'rows' (a list of lists)")
        return rows_plot(cols, rows, args.x, args.y, args.kind, args.lang, args.max_points,
                         title=args.title), {"source": "data"}
    if ctx is None:
        raise PandianError("charting a table or a query needs an open workspace")
    if args.sql is not None:
        from tools.sql.run import RunSqlArgs, run_sql

        res = run_sql(ctx, RunSqlArgs(sql=args.sql, role=args.role, limit=min(args.max_points, 100_000)))
        plot = rows_plot(res["columns"], res["rows"], args.x, args.y, args.kind, args.lang, args.max_points,
                         title=args.title)
        if res["truncated"]:
            plot.sampled = True
            plot.notes.append(f"the query returned more than {args.max_points:,} rows; only the first "
                              f"{args.max_points:,} are plotted: aggregate in the query (GROUP BY)"
                              if args.lang != "zh" else
                              f"查询结果超过 {args.max_points:,} 行，只绘制了前 {args.max_points:,} 行；请在查询中聚合（GROUP BY）")
        return plot, {"source": "sql", "masked_columns": res["masked_columns"]}
    plot, masked = table_plot(ctx, args.table or "", args.x, args.y, args.agg, args.kind, args.role, args.lang,
                              args.max_points, args.grain)
    if args.title:
        plot.title = args.title
    return plot, {"source": "table", "table": args.table, "masked_columns": masked}


def chart_figure(ctx: Context | None, args: ChartArgs) -> tuple[go.Figure, dict[str, Any]]:
    """The plotly Figure (for the Gradio app to show inline) and the same facts make_chart returns."""
    plot, meta = build_plot(ctx, args)
    return figure(plot), {**_facts(plot), **meta}


def result_figure(result: dict[str, Any], lang: str = "en") -> go.Figure:
    """The Figure of an analyze_table result (for inline display)."""
    return figure(plot_from_result(result, lang))


def make_chart(ctx: Context, args: ChartArgs) -> dict[str, Any]:
    plot, meta = build_plot(ctx, args)
    out = Path(args.out) if args.out else _default_out(ctx, args, plot)
    write_html(figure(plot), out)
    return {"path": str(out), **_facts(plot), **meta}


def chart_from_result(result: dict[str, Any], lang: str, out: Path) -> dict[str, Any]:
    """Chart an analyze_table result: funnel -> funnel, trend -> line, topn -> bar, rfm -> pie of segments,
    copurchase -> bar of lift, repurchase -> bar of intervals."""
    plot = plot_from_result(result, lang)
    path = write_html(figure(plot), Path(out))
    return {"path": str(path), **_facts(plot), "source": f"analysis:{result['kind']}", "table": result.get("table")}


def _facts(plot: Plot) -> dict[str, Any]:
    return {"kind": plot.kind, "title": plot.title, "points": plot.points, "aggregated": plot.aggregated,
            "sampled": plot.sampled, "note": "; ".join(plot.notes)}


def _default_out(ctx: Context | None, args: ChartArgs, plot: Plot) -> Path:
    folder = ctx.workspace.charts if ctx is not None else Path.cwd()
    base = args.table or ("query" if args.sql else (args.data or {}).get("table") or "data")
    slug = re.sub(r"[^\w\-]+", "_", f"{base}_{plot.kind}").strip("_")[:80]
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    out = folder / f"{slug}_{stamp}.html"
    n = 1
    while out.exists():
        n += 1
        out = folder / f"{slug}_{stamp}_{n}.html"
    return out
