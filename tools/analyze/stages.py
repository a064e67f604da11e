"""Funnel stages from an event column's own values: pv/view/浏览 -> view, cart/加购 -> cart, and so on.

Why: every platform spells its actions differently (pv, click, 浏览; buy, pay, 购买), so the stages are read
from the distinct values the warehouse returns instead of being assumed.
"""
from __future__ import annotations

import re

# stage -> tokens (lower-case, separators removed); a value matches on equality or containment.
STAGES: dict[str, tuple[str, ...]] = {
    "pv": ("pv", "view", "click", "browse", "detail", "impression", "expose", "visit", "浏览", "点击", "曝光",
           "访问"),
    "cart": ("cart", "addcart", "addtocart", "basket", "加购", "购物车", "加入购物车"),
    "fav": ("fav", "favorite", "favourite", "collect", "wishlist", "like", "star", "收藏", "关注"),
    "buy": ("buy", "order", "purchase", "pay", "paid", "checkout", "transaction", "购买", "下单", "支付", "成交",
            "付款"),
}
STAGE_ORDER = ("pv", "cart", "fav", "buy")
STAGE_LABELS = {"en": {"pv": "view", "cart": "add to cart", "fav": "favourite", "buy": "buy"},
                "zh": {"pv": "浏览", "cart": "加购", "fav": "收藏", "buy": "购买"}}


def _norm(value: str) -> str:
    return re.sub(r"[\s_\-./]+", "", str(value).strip().lower())


def stage_of(value: str) -> str | None:
    v = _norm(value)
    if not v:
        return None
    for stage in STAGE_ORDER:  # exact first: "pv" must not fall through to containment rules
        if v in STAGES[stage]:
            return stage
    for stage in ("cart", "fav", "buy", "pv"):  # 'addtocart' before 'click'; '加入购物车' before '购买'
        if any(tok in v for tok in STAGES[stage] if len(tok) >= 3 or not tok.isascii()):
            return stage
    return None


def detect_stages(values: list[str]) -> tuple[dict[str, list[str]], list[str]]:
    """stage -> the raw values that mean it (in STAGE_ORDER), and the values that matched no stage."""
    found: dict[str, list[str]] = {}
    unmatched: list[str] = []
    for v in values:
        s = stage_of(v)
        if s is None:
            unmatched.append(v)
        else:
            found.setdefault(s, []).append(v)
    return {s: found[s] for s in STAGE_ORDER if s in found}, unmatched
