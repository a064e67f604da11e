"""Chart words in the user's language: column meanings from semantic types, metric and grain names.

Why: a Chinese-speaking merchant should read 用户数 and 每日, not count_distinct(user_id) and day.
"""
from __future__ import annotations

from tools.classify.taxonomy import TYPES

# result / metric column -> (en, zh)
WORDS: dict[str, tuple[str, str]] = {
    "count": ("rows", "行数"), "events": ("events", "行为数"), "users": ("users", "用户数"), "buys": ("buys", "购买数"),
    "value_sum": ("amount", "金额合计"), "share": ("share", "占比"), "key": ("key", "名称"),
    "stage": ("stage", "阶段"), "bucket": ("time", "时间"), "segment": ("segment", "客户分层"),
    "lift": ("lift", "提升度"), "support": ("support", "支持度"), "pair_baskets": ("baskets with both", "共同购买篮数"),
    "pair": ("item pair", "商品组合"), "interval_days": ("days between purchases", "复购间隔（天）"),
    "intervals": ("repeat purchases", "复购次数"), "correlation": ("correlation", "相关系数"),
    "value": ("value", "数值"), "other": ("other", "其他"), "null": ("(empty)", "（空）"),
}
AGG: dict[str, tuple[str, str]] = {
    "sum": ("sum of {c}", "{c}合计"), "avg": ("average {c}", "{c}平均值"), "min": ("minimum {c}", "{c}最小值"),
    "max": ("maximum {c}", "{c}最大值"), "count_distinct": ("distinct {c}", "{c}去重数"),
    "count": ("rows", "行数"),
}
GRAIN: dict[str, tuple[str, str]] = {"hour": ("hourly", "每小时"), "day": ("daily", "每日"), "week": ("weekly", "每周"),
                                     "month": ("monthly", "每月")}
KIND_TITLES: dict[str, tuple[str, str]] = {
    "funnel": ("Conversion funnel ({basis})", "转化漏斗（{basis}）"),
    "trend": ("{grain} trend", "{grain}趋势"),
    "topn": ("Top {n} {dim} by {measure}", "{dim} Top {n}（按{measure}）"),
    "rfm": ("RFM customer segments", "RFM 客户分层"),
    "copurchase": ("Items bought together (lift)", "关联购买商品组合（提升度）"),
    "repurchase": ("Days between repeat purchases", "复购间隔天数分布"),
}


def word(key: str, lang: str) -> str:
    en, zh = WORDS.get(key, (key, key))
    return zh if lang == "zh" else en


def col_label(name: str, semantic: str | None, lang: str) -> str:
    """en: the column name; zh: the semantic type's Chinese name with the column name, when it adds anything."""
    if lang != "zh":
        return name
    if name in WORDS:
        return WORDS[name][1]
    t = TYPES.get(semantic or "")
    if t is None or t.zh == name or not name.isascii():
        return name
    return f"{t.zh}（{name}）"


def agg_label(agg: str, column: str | None, lang: str) -> str:
    en, zh = AGG[agg]
    return (zh if lang == "zh" else en).format(c=column or "")


def grain_word(grain: str, lang: str) -> str:
    en, zh = GRAIN[grain]
    return zh if lang == "zh" else en.capitalize()


def join_title(main: str, table: str | None, lang: str) -> str:
    if not table:
        return main
    return f"{table}：{main}" if lang == "zh" else f"{main} — {table}"
