"""`analyze_table` / `pandian analyze`: funnel, RFM, co-purchase, repurchase, trend and top-N by SQL pushdown.

Every per-row step runs in the warehouse (DuckDB or any SQLAlchemy one, via sqlglot); only aggregates come
back, so a 10-million-row log costs the same Python memory as a 10-thousand-row one. Results that carry
values of L3/L4 columns are masked for the caller's role before they leave.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, Literal

from pydantic import BaseModel, Field

from pandian.context import Context
from pandian.security import mask_value, masked_levels
from tools.analyze.columns import Column, table_info
from tools.analyze.common import Job
from tools.analyze.copurchase import copurchase
from tools.analyze.funnel import funnel
from tools.analyze.repurchase import repurchase
from tools.analyze.rfm import rfm
from tools.analyze.sqlkit import Runner
from tools.analyze.topn import topn
from tools.analyze.trend import trend

Kind = Literal["funnel", "rfm", "copurchase", "repurchase", "trend", "topn"]
KINDS: tuple[str, ...] = ("funnel", "rfm", "copurchase", "repurchase", "trend", "topn")


class AnalyzeArgs(BaseModel):
    """Arguments of the analyze_table tool. Column overrides are optional: they are picked from semantic types."""

    table: str
    kind: Kind
    user_col: str | None = Field(None, description="user / customer id column")
    item_col: str | None = Field(None, description="item / product id column")
    time_col: str | None = Field(None, description="timestamp column (TIMESTAMP, unix seconds/ms, or text)")
    event_col: str | None = Field(None, description="event-type column (pv/cart/fav/buy ...)")
    value_col: str | None = Field(None, description="numeric amount column (pay amount, price, GMV)")
    order_col: str | None = Field(None, description="order id column (baskets, purchase occasions)")
    group_col: str | None = Field(None, description="what topn ranks (default: item, else category ...)")
    top_n: int = Field(10, ge=1, le=1000)
    grain: Literal["hour", "day", "week", "month"] | None = Field(None, description="trend bucket; auto when None")
    role: str = Field("viewer", description="viewer | analyst | owner: decides what is masked")
    utc_offset_hours: float = Field(0.0, ge=-14, le=14,
                                    description="shift unix-epoch timestamps from UTC to local time (8 = Beijing)")


def _runners() -> dict[str, Callable[[Job, AnalyzeArgs], dict[str, Any]]]:
    return {
        "funnel": lambda j, a: funnel(j, a.top_n),
        "rfm": lambda j, a: rfm(j, a.top_n),
        "copurchase": lambda j, a: copurchase(j, a.top_n),
        "repurchase": lambda j, a: repurchase(j, a.top_n),
        "trend": lambda j, a: trend(j, a.grain),
        "topn": lambda j, a: topn(j, a.top_n),
    }


def analyze_table(ctx: Context, args: AnalyzeArgs) -> dict[str, Any]:
    started = time.perf_counter()
    hidden = masked_levels(args.role)
    info = table_info(ctx, args.table)
    overrides = {"user": args.user_col, "item": args.item_col, "time": args.time_col, "event": args.event_col,
                 "value": args.value_col, "order": args.order_col, "group": args.group_col}
    job = Job(run=Runner(ctx.warehouse), info=info, kind=args.kind, overrides=overrides,
              utc_offset_hours=args.utc_offset_hours)
    out = _runners()[args.kind](job, args)
    masked = _mask(out, out.pop("mask", {}), hidden)
    semantic = {c.name: c.semantic for c in info.columns if c.name in job.used.values()}
    return {
        "table": info.name, "kind": args.kind, "role": args.role, "table_rows": info.rows,
        "columns_used": dict(job.used), "semantic_types": semantic,
        "columns": out["columns"], "rows": out["rows"], "summary": job.summary, "notes": job.notes,
        "masked_columns": masked, "sql": out["sql"], "queries": len(job.run.statements),
        "elapsed_s": round(time.perf_counter() - started, 3),
    }


def _mask(out: dict[str, Any], sources: dict[str, Column], hidden: set[str]) -> dict[str, str]:
    """Mask result columns whose values come from an L3/L4 column the role may not see."""
    masked: dict[str, str] = {}
    idx = {c: i for i, c in enumerate(out["columns"])}
    for name, col in sources.items():
        if col.sensitivity in hidden and name in idx:
            i = idx[name]
            for r in out["rows"]:
                r[i] = mask_value(r[i], col.semantic, col.sensitivity)
            masked[name] = col.sensitivity
    return masked
