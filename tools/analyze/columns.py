"""Which column plays which part (user, item, time, event, amount, order): semantic types first, header words next.

Why: analyses are asked for in business words ("funnel of user_behavior"), so the tool has to find the
columns itself, and when it cannot, say exactly which one is missing and which flag supplies it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pandian.context import Context
from pandian.errors import PandianError
from tools.analyze.stages import detect_stages
from tools.profile.profiler import SYSTEM_COLUMNS, logical_type

NUMERIC = ("integer", "float", "decimal")

# part -> (semantic types in order of preference, header tokens, what to call it in an error, CLI flag)
PARTS: dict[str, tuple[tuple[str, ...], tuple[str, ...], str, str]] = {
    "user": (("user_id",),
             ("user", "userid", "uid", "customer", "customerid", "buyer", "buyerid", "member", "memberid", "client",
              "用户", "会员", "客户", "买家"),
             "a user id column", "--user-col"),
    "item": (("item_id",),
             ("item", "itemid", "sku", "skuid", "goods", "goodsid", "product", "productid", "spu", "asin", "商品"),
             "an item / product id column", "--item-col"),
    "time": (("timestamp", "date"),
             ("time", "ts", "timestamp", "datetime", "date", "dt", "day", "时间", "日期"),
             "a timestamp column", "--time-col"),
    "event": (("behavior_type",),
              ("behavior", "behaviour", "event", "action", "btype", "behaviortype", "eventtype", "行为", "事件"),
              "an event-type column (pv/cart/fav/buy ...)", "--event-col"),
    "value": (("price",),
              ("amount", "amt", "gmv", "revenue", "sales", "pay", "payment", "total", "price", "金额", "实付", "销售额",
               "收入", "价格"),
              "a numeric amount column", "--value-col"),
    "order": (("order_id",),
              ("order", "orderid", "orderno", "trade", "tradeno", "订单", "订单号"),
              "an order id column", "--order-col"),
}
# A column labelled with one of these may still be picked by its header (the label says little).
WEAK_TYPES = (None, "identifier", "categorical_code", "free_text", "numeric_measure")
# For an amount, prefer totals over unit prices when both exist.
_AMOUNT_FIRST = ("amount", "amt", "gmv", "revenue", "sales", "pay", "payment", "total", "金额", "实付", "销售额")
# Dimensions topn ranks when no item column exists, in order.
DIMENSION_TYPES = ("item_id", "product_title", "category_id", "category_name", "brand", "shop_id", "ad_id",
                   "search_query", "region", "categorical_code", "behavior_type")


@dataclass(frozen=True)
class Column:
    name: str
    sql_type: str
    logical: str
    semantic: str | None = None
    sensitivity: str | None = None
    distinct: int | None = None
    top_values: tuple[Any, ...] = ()

    @property
    def numeric(self) -> bool:
        return self.logical in NUMERIC

    @property
    def tokens(self) -> list[str]:
        return tokens(self.name)


@dataclass
class TableInfo:
    name: str
    rows: int
    columns: list[Column] = field(default_factory=list)
    version: str | None = None  # the load that produced the table: cached facts about it are keyed on this

    def find(self, name: str) -> Column | None:
        for c in self.columns:
            if c.name == name:
                return c
        low = name.lower()
        return next((c for c in self.columns if c.name.lower() == low), None)

    def require_column(self, name: str, flag: str) -> Column:
        col = self.find(name)
        if col is None:
            raise PandianError(f"{flag} {name!r}: table {self.name} has no such column",
                               hint="columns: " + ", ".join(c.name for c in self.columns))
        return col


def tokens(name: str) -> list[str]:
    """'order_time' -> ['order', 'time', 'ordertime']; 'createTime' -> ['create', 'time', 'createtime']."""
    spaced = re.sub(r"([a-z])([A-Z])", r"\1 \2", name)
    parts = [p for p in re.split(r"[^0-9a-zA-Z\u3400-\u9fff]+", spaced.lower()) if p]
    return parts + ([("".join(parts))] if len(parts) > 1 else [])


def table_info(ctx: Context, table: str) -> TableInfo:
    """Warehouse column types joined with the catalog's semantic types, sensitivity and profile."""
    asset = ctx.catalog.require(table)
    wh = ctx.warehouse
    if not wh.table_exists(asset.name):
        raise PandianError(f"table {asset.name} is in the catalog but not in the warehouse",
                           hint="scan its source again")
    meta = {c.name: c for c in asset.columns}
    cols = []
    for name, typ in wh.columns(asset.name):
        if name in SYSTEM_COLUMNS:
            continue
        m = meta.get(name)
        prof = (m.profile or {}) if m is not None else {}
        top = tuple(v.get("value") for v in prof.get("top_values", []) if isinstance(v, dict))
        cols.append(Column(name=name, sql_type=typ, logical=logical_type(typ),
                           semantic=m.semantic_type if m else None, sensitivity=m.sensitivity if m else None,
                           distinct=m.distinct_count if m else None, top_values=top))
    return TableInfo(name=asset.name, rows=int(asset.rows or 0), columns=cols,
                     version=asset.load_id or asset.content_hash)


def _fits(part: str, col: Column) -> bool:
    """Physical type check: an amount must be numeric (or text we can parse), a time must be time-like."""
    if part == "value":
        return col.numeric or col.logical == "string"
    if part == "time":
        return col.logical in ("timestamp", "date", "string") or col.numeric
    if part == "event":
        return col.logical in ("string", "integer")
    return col.logical not in ("boolean", "binary", "float")


def pick(info: TableInfo, part: str, override: str | None = None, flag: str | None = None,
         exclude: tuple[str, ...] = ()) -> Column | None:
    """The column for `part`: the override when given (must exist), else by semantic type, else by header."""
    types, words, _, default_flag = PARTS[part]
    if override:
        return info.require_column(override, flag or default_flag)
    cands = [c for c in info.columns if c.name not in exclude and _fits(part, c)]
    by_type: list[Column] = []
    for t in types:
        by_type += [c for c in cands if c.semantic == t and c not in by_type]
    if part == "time":
        by_type += [c for c in cands if c.semantic in WEAK_TYPES and c.logical in ("timestamp", "date")
                    and c not in by_type]
    if part == "value":
        by_type = [c for c in by_type if c.numeric] + [c for c in by_type if not c.numeric]
        by_type.sort(key=lambda c: 0 if any(w in c.tokens or w in c.name for w in _AMOUNT_FIRST) else 1)
    if by_type:
        return by_type[0]
    for c in cands:
        if c.semantic not in WEAK_TYPES:
            continue
        if any(w in c.tokens or (not w.isascii() and w in c.name) for w in words):
            if part == "value" and not c.numeric:
                continue
            return c
    if part == "event":
        for c in cands:
            if c.logical == "string" and c.top_values and len(detect_stages([str(v) for v in c.top_values])[0]) >= 2:
                return c
    return None


def require(info: TableInfo, part: str, kind: str, override: str | None = None) -> Column:
    col = pick(info, part, override)
    if col is None:
        _, _, what, flag = PARTS[part]
        raise PandianError(f"{kind} needs {what}; table {info.name} has none", hint=f"pass {flag}")
    return col


def dimension(info: TableInfo, override: str | None, flag: str) -> Column | None:
    """What topn ranks: the given column, else the item column, else the first category-like column."""
    if override:
        return info.require_column(override, flag)
    item = pick(info, "item")
    if item is not None:
        return item
    for t in DIMENSION_TYPES:
        for c in info.columns:
            if c.semantic == t:
                return c
    for c in info.columns:
        if c.logical == "string" and c.semantic not in ("review_text", "description", "free_text", "url"):
            return c
    return None
