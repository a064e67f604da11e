"""Facts a data dictionary states, read from the catalog's profile and labels (no guessing in prose here).

Domain, grain, keys, freshness, units and quality notes are computed once, in both languages, and the
templates (or an LLM) only phrase them. Anything that carries a value goes through masking first.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from pandian.catalog import Asset, ColumnMeta
from pandian.security import mask_value
from tools.classify.headers import is_anonymous, tokens
from tools.profile.profiler import logical_type

ALWAYS_MASKED = frozenset({"L3", "L4"})  # a dictionary is a shareable document: personal data only masked
ID_TYPES = ("user_id", "item_id", "order_id", "category_id", "shop_id", "ad_id", "session_id")
TEXT_TYPES = ("product_title", "review_text", "description", "free_text", "address", "person_name", "search_query",
              "url", "category_name", "brand")
TIME_TYPES = ("timestamp", "date")
PII_LEVELS = ("L3", "L4")

DOMAINS: dict[str, tuple[str, str]] = {  # key -> (English, Chinese)
    "product": ("product", "商品"),
    "user_behavior": ("user behaviour", "用户行为"),
    "advertising": ("advertising", "广告"),
    "transaction": ("transaction", "交易"),
    "user_profile": ("user profile", "用户画像"),
    "other": ("other", "其他"),
}

_TYPE_SIGNALS: dict[str, dict[str, float]] = {
    "product": {"product_title": 3, "brand": 3, "category_name": 2, "item_id": 1, "category_id": 1, "price": 1,
                "description": 1, "url": 1, "shop_id": 1},
    "transaction": {"order_id": 3, "price": 2, "quantity": 2, "currency": 2},
    "user_behavior": {"behavior_type": 4, "session_id": 2, "search_query": 3, "timestamp": 0.5, "event_label": 1,
                      "review_text": 2, "rating": 1},
    "advertising": {"ad_id": 4, "event_label": 1.5, "rate_metric": 1, "count_metric": 0.5},
    "user_profile": {"person_name": 2, "phone_number": 3, "national_id": 3, "address": 2, "gender": 3, "age": 3,
                     "email": 2, "region": 0.5, "user_id": 0.5},
}
_NAME_SIGNALS: dict[str, tuple[str, ...]] = {
    "product": ("product", "products", "item", "items", "sku", "goods", "aisle", "aisles", "department",
                "departments", "category", "categories", "brand", "shop", "shops", "store", "catalog", "商品", "店铺"),
    "transaction": ("order", "orders", "trade", "payment", "transaction", "gmv", "sales", "invoice", "订单", "交易"),
    "user_behavior": ("behavior", "behaviour", "log", "logs", "event", "events", "search", "query", "queries", "view",
                      "views", "review", "reviews", "行为", "日志", "搜索", "评论"),
    "advertising": ("ad", "ads", "impression", "impressions", "campaign", "creative", "criteo", "avazu", "ctr",
                    "banner", "广告", "曝光"),
    "user_profile": ("user", "users", "customer", "customers", "member", "members", "profile", "用户", "会员"),
}
_COLUMN_NAME_SIGNALS = {"advertising": ("banner", "campaign", "impression", "creative", "site", "app", "ad")}


@dataclass
class ColumnFacts:
    """What the profile says about one column, masked and in both languages where it is prose."""

    name: str
    type: str
    logical: str
    semantic_type: str | None
    sensitivity: str | None
    unnamed: bool
    null_fraction: float | None
    distinct_count: int | None
    unique: bool
    profile: dict[str, Any]
    examples: list[Any] = field(default_factory=list)
    unit: tuple[str, str] | None = None
    notes: list[tuple[str, str]] = field(default_factory=list)


def header_of(col: ColumnMeta) -> str:
    return "" if col.unnamed or is_anonymous(col.name) else col.name


def column_facts(col: ColumnMeta, rows: int, hidden: set[str]) -> ColumnFacts:
    prof = dict(col.profile or {})
    f = ColumnFacts(
        name=col.name, type=(col.type or prof.get("type") or "").upper(),
        logical=prof.get("logical_type") or logical_type(col.type or ""), semantic_type=col.semantic_type,
        sensitivity=col.sensitivity, unnamed=col.unnamed or is_anonymous(col.name),
        null_fraction=col.null_fraction if col.null_fraction is not None else prof.get("null_fraction"),
        distinct_count=col.distinct_count if col.distinct_count is not None else prof.get("distinct_count"),
        unique=bool(prof.get("unique")), profile=prof)
    f.examples = examples(col, hidden)
    f.unit = unit_of(f)
    f.notes = quality_notes(f, rows)
    return f


def examples(col: ColumnMeta, hidden: set[str], n: int = 3) -> list[Any]:
    """A few example values; masked when the column's level is hidden (L3/L4 always)."""
    prof = col.profile or {}
    low_card = (col.distinct_count or 0) <= 20
    pool = [t["value"] for t in prof.get("top_values", [])] if low_card else []
    pool += [v for v in prof.get("samples", []) if v not in pool]
    out: list[Any] = []
    level = col.sensitivity
    for v in pool:
        if v is None or v == "":
            continue
        shown = mask_value(v, col.semantic_type, level) if level in hidden else v
        if isinstance(shown, str) and len(shown) > 80:
            shown = shown[:77] + "…"
        if shown not in out:
            out.append(shown)
        if len(out) >= n:
            break
    return out


def _pct(x: float) -> str:
    p = x * 100
    if 0 < p < 0.1:
        return "<0.1"
    return f"{p:.0f}" if p >= 10 else f"{p:.1f}".rstrip("0").rstrip(".")


def _num(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:,.2f}".rstrip("0").rstrip(".") if abs(v) < 1e15 else f"{v:.3g}"
    if isinstance(v, int):
        return f"{v:,}" if abs(v) >= 10_000 and not (1e9 <= abs(v) < 3e12) else str(v)
    return str(v)


def unix_unit(v: Any) -> str | None:
    """'s' or 'ms' when an integer looks like a unix epoch between 1990 and 2060."""
    try:
        x = float(v)
    except (TypeError, ValueError):
        return None
    if 631_152_000 <= x <= 2_840_140_800:
        return "s"
    if 631_152_000_000 <= x <= 2_840_140_800_000:
        return "ms"
    return None


def epoch_iso(v: Any, unit: str) -> str:
    x = float(v) / (1000 if unit == "ms" else 1)
    return datetime.fromtimestamp(x, tz=timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")


_HEX = re.compile(r"[0-9a-f]+|[0-9A-F]+")
_CURRENCY = {"usd": "USD", "dollar": "USD", "cny": "CNY", "rmb": "CNY", "yuan": "CNY", "eur": "EUR", "euro": "EUR",
             "gbp": "GBP", "jpy": "JPY"}
_CURRENCY_SIGN = {"$": "USD", "¥": "CNY", "￥": "CNY", "€": "EUR", "£": "GBP", "元": "CNY"}



def _isnum(x: object) -> bool:
    """Profile min/max are numbers only for numeric columns (a TIME column's max is '23:50:00')."""
    return isinstance(x, (int, float)) and not isinstance(x, bool)

def unit_of(f: ColumnFacts) -> tuple[str, str] | None:
    """Unit or format of the values, (English, Chinese); None when nothing useful can be said."""
    t, prof = f.semantic_type, f.profile
    toks = set(tokens(f.name)) if not f.unnamed else set()
    lo, hi = prof.get("min"), prof.get("max")
    sample = next((s for s in prof.get("samples", []) if s), None)
    if t in TIME_TYPES:
        if f.logical in ("integer", "float", "decimal"):
            u = unix_unit(hi) or unix_unit(lo)
            if u:
                return (f"Unix epoch {'seconds' if u == 's' else 'milliseconds'} (UTC)",
                        f"Unix 时间戳（{'秒' if u == 's' else '毫秒'}，UTC）")
            if sample and re.fullmatch(r"\d{8}", str(sample)):
                return "integer YYYYMMDD", "整数 YYYYMMDD"
        if f.logical == "timestamp":
            return "YYYY-MM-DD hh:mm:ss", "YYYY-MM-DD hh:mm:ss"
        if f.logical == "date":
            return "YYYY-MM-DD", "YYYY-MM-DD"
        if sample:
            return f"text, e.g. “{sample}”", f"文本，形如“{sample}”"
        return None
    if t == "price":
        cur = next((_CURRENCY[x] for x in toks if x in _CURRENCY), None)
        if cur is None and sample:
            cur = next((c for s, c in _CURRENCY_SIGN.items() if s in str(sample)), None)
        rng = f"; {_num(lo)}–{_num(hi)}" if lo is not None and hi is not None else ""
        if cur:
            return f"{cur}{rng}", f"{cur}{rng.replace('; ', '；')}"
        return f"money, currency not stated{rng}", f"货币金额，币种未注明{rng.replace('; ', '；')}"
    if t == "rate_metric":
        if sample and "%" in str(sample):
            return "percentage text (e.g. 98.5%)", "百分比文本（如 98.5%）"
        if _isnum(hi) and _isnum(lo) and 0 <= float(lo) and float(hi) <= 1:
            return "fraction between 0 and 1", "0 到 1 之间的小数"
        return "percent or ratio", "百分比或比值"
    if t == "duration":
        for key, en, zh in (("days", "days", "天"), ("day", "days", "天"), ("seconds", "seconds", "秒"),
                            ("sec", "seconds", "秒"), ("ms", "milliseconds", "毫秒"), ("minutes", "minutes", "分钟"),
                            ("hours", "hours", "小时")):
            if key in toks:
                return en, zh
        return None
    if t == "time_part":
        if _isnum(hi) and float(hi) > 10_000:
            return f"packed date-time code, e.g. {sample}", f"压缩的日期时间编码，如 {sample}"
        if "hour" in toks or (_isnum(hi) and 12 < float(hi) <= 23):
            return "hour of day (0–23)", "一天中的小时（0–23）"
        if toks & {"dow", "weekday", "week"} or (_isnum(hi) and float(hi) <= 6):
            return "day of week (0–6)", "星期几（0–6）"
        if "month" in toks:
            return "month (1–12)", "月份（1–12）"
        return None
    if t == "age" and f.logical in ("integer", "float", "decimal"):
        return "years", "岁"
    if t in ("quantity", "count_metric"):
        return "count", "个数"
    if t == "geo_coordinate":
        return "degrees", "度"
    if t == "national_id" and prof.get("max_length") == 18:
        return "18-character resident ID", "18 位居民身份证号"
    return None


def quality_notes(f: ColumnFacts, rows: int) -> list[tuple[str, str]]:
    """Profile findings worth a reader's attention, (English, Chinese); no clear L3/L4 values in them."""
    notes: list[tuple[str, str]] = []
    prof, nf = f.profile, f.null_fraction or 0.0
    if rows and nf >= 1.0:
        notes.append(("always empty (100% null)", "全部为空（100% 空值）"))
        return notes
    if nf > 0.5:
        notes.append((f"mostly empty ({_pct(nf)}% null)", f"大部分为空（{_pct(nf)}% 空值）"))
    elif nf > 0.05:
        notes.append((f"high null fraction ({_pct(nf)}% null)", f"空值较多（{_pct(nf)}% 空值）"))
    elif nf > 0:
        notes.append((f"some empty values ({_pct(nf)}%)", f"少量空值（{_pct(nf)}%）"))
    if rows > 1 and f.distinct_count == 1:
        notes.append(("constant: every row has the same value", "常量：所有行取值相同"))
    shapes = _shapes(prof.get("patterns") or [])
    total = sum(shapes.values())
    samples = [str(v) for v in prof.get("samples", [])]
    hashes = bool(samples) and len({len(v) for v in samples}) == 1 and all(_HEX.fullmatch(v) for v in samples)
    if (f.logical == "string" and f.semantic_type not in TEXT_TYPES and len(shapes) > 1 and total >= 3
            and max(shapes.values()) / total < 0.9 and not hashes):  # hex hashes mix letters and digits by nature
        top = ", ".join(f"“{p}”" for p in list(shapes)[:3])
        notes.append((f"mixed formats ({len(shapes)} value shapes: {top})", f"格式不统一（{len(shapes)} 种取值形态：{top}）"))
    if f.semantic_type in ("price", "quantity", "count_metric", "duration", "age") and f.sensitivity not in PII_LEVELS:
        lo = prof.get("min")
        if isinstance(lo, (int, float)) and lo < 0:
            notes.append((f"negative values (min {_num(lo)})", f"存在负值（最小 {_num(lo)}）"))
    if f.semantic_type == "age":
        hi = prof.get("max")
        if isinstance(hi, (int, float)) and hi > 120:
            notes.append((f"implausible ages (max {_num(hi)})", f"存在不合理年龄（最大 {_num(hi)}）"))
    numeric_types = ("price", "quantity", "count_metric", "rate_metric", "rating", "age", "duration",
                     "numeric_measure", "date", "timestamp")
    if f.semantic_type in numeric_types and f.logical == "string":
        notes.append(("stored as text, not as a number/date type", "以文本存储，未使用数值/日期类型"))
    if f.semantic_type in TIME_TYPES:
        rng = time_range(f)
        if rng:
            lo_y, hi_y = int(rng[0][:4]), int(rng[1][:4])
            if lo_y < 1990 or hi_y > datetime.now().year + 1:
                notes.append((f"out-of-range times ({rng[0]} … {rng[1]})", f"存在超出合理范围的时间（{rng[0]} … {rng[1]}）"))
    if f.unique and f.semantic_type not in ID_TYPES + ("identifier",) and f.sensitivity not in PII_LEVELS \
            and f.semantic_type not in TEXT_TYPES and f.semantic_type not in TIME_TYPES and rows > 20:
        notes.append(("every value is distinct", "每个取值都不相同"))
    return notes


def _shapes(patterns: list[dict[str, Any]]) -> dict[str, int]:
    """Value shapes with run lengths dropped (9{4}.9{2} and 9{3}.9 are both 9.9): only real format mixes remain."""
    out: dict[str, int] = {}
    for p in patterns:
        key = re.sub(r"\{\d+\}", "", p["pattern"])
        out[key] = out.get(key, 0) + p["count"]
    return dict(sorted(out.items(), key=lambda kv: -kv[1]))


def time_range(f: ColumnFacts) -> tuple[str, str] | None:
    """(min, max) of a time column as readable strings, from the profile."""
    lo, hi = f.profile.get("min"), f.profile.get("max")
    if lo is None or hi is None:
        return None
    if f.logical in ("integer", "float", "decimal"):
        u = unix_unit(hi) or unix_unit(lo)
        if u and unix_unit(lo) and unix_unit(hi):
            return epoch_iso(lo, u), epoch_iso(hi, u)
        if re.fullmatch(r"\d{8}", str(int(lo))) and re.fullmatch(r"\d{8}", str(int(hi))):
            return f"{int(lo)}", f"{int(hi)}"
        return None
    if f.logical in ("timestamp", "date"):
        return str(lo).replace("T", " "), str(hi).replace("T", " ")
    return None


def freshness(cols: list[ColumnFacts]) -> dict[str, Any] | None:
    """Time span of the table: every time column's range, the first one as the headline."""
    spans = []
    for f in cols:
        if f.semantic_type in TIME_TYPES or f.logical in ("timestamp", "date"):
            rng = time_range(f)
            if rng:
                spans.append({"column": f.name, "from": rng[0], "to": rng[1]})
    if not spans:
        return None
    return {**spans[0], "columns": spans}


def infer_domain(asset: Asset) -> str:
    """Business domain from the column types and the table's and columns' names."""
    scores = {d: 0.0 for d in _TYPE_SIGNALS}
    present = {c.semantic_type for c in asset.columns if c.semantic_type}
    for d, sig in _TYPE_SIGNALS.items():
        scores[d] += sum(w for t, w in sig.items() if t in present)
    name_toks = set(tokens(asset.name)) | {w for w in _NAME_SIGNALS["product"] + _NAME_SIGNALS["transaction"]
                                            + _NAME_SIGNALS["user_behavior"] + _NAME_SIGNALS["advertising"]
                                            + _NAME_SIGNALS["user_profile"] if not w.isascii() and w in asset.name}
    for d, words in _NAME_SIGNALS.items():
        if name_toks & set(words):
            scores[d] += 3
    col_toks = set()
    for c in asset.columns:
        col_toks |= set(tokens(c.name))
    for d, words in _COLUMN_NAME_SIGNALS.items():
        scores[d] += min(3.0, 0.75 * len(col_toks & set(words)))
    if "user_id" not in present and not (present & {"gender", "age", "national_id"}) \
            and not (name_toks & set(_NAME_SIGNALS["user_profile"])):
        scores["user_profile"] *= 0.3  # names, phones and addresses alone (a hospital list) are not a user profile
    best = max(scores, key=lambda d: scores[d])
    return best if scores[best] >= 3 else "other"


def primary_key(cols: list[ColumnFacts], rows: int) -> list[str]:
    """A single column that is unique and never null, ids first; [] when none."""
    if rows < 2:
        return []
    keyish = ID_TYPES + ("identifier",)
    cands = [f for f in cols if f.unique and not f.null_fraction and f.logical != "boolean"
             and (f.logical != "float" or f.semantic_type in keyish)  # 20-digit ids arrive as DOUBLE
             and f.semantic_type not in TEXT_TYPES and f.sensitivity not in PII_LEVELS]

    def rank(f: ColumnFacts) -> tuple[int, int]:
        toks = tokens(f.name)
        if f.semantic_type in ID_TYPES:
            return 0, cols.index(f)
        if f.semantic_type == "identifier" or "id" in toks:
            return 1, cols.index(f)
        if f.semantic_type in TIME_TYPES:
            return 3, cols.index(f)
        return 2, cols.index(f)

    cands.sort(key=rank)
    return [cands[0].name] if cands else []


def composite_candidates(cols: list[ColumnFacts]) -> list[tuple[str, str]]:
    """Pairs of id columns that could form a key together (checked in the warehouse by the caller)."""
    ids = [f.name for f in cols if (f.semantic_type in ID_TYPES or f.semantic_type == "identifier")
           and not f.null_fraction][:4]
    pairs = [(a, b) for i, a in enumerate(ids) for b in ids[i + 1:]]
    return pairs[:3]


def join_keys(asset: Asset, others: list[Asset]) -> list[dict[str, Any]]:
    """Id columns and where else they appear (same name, or same type and a shared name word)."""
    out = []
    for c in asset.columns:
        if c.semantic_type not in ID_TYPES and not (c.semantic_type == "identifier" and "id" in tokens(c.name)
                                                    and not c.unnamed):
            continue
        mine = set(tokens(c.name)) - {"id"}
        hits = []
        for o in others:
            if o.name == asset.name:
                continue
            for oc in o.columns:
                if oc.name.lower() == c.name.lower() or (
                        oc.semantic_type == c.semantic_type and not c.unnamed and not oc.unnamed
                        and mine & (set(tokens(oc.name)) - {"id"})):
                    hits.append(f"{o.name}.{oc.name}")
        if c.semantic_type in ID_TYPES or hits:
            out.append({"column": c.name, "semantic_type": c.semantic_type, "joins": hits[:20]})
    return out
