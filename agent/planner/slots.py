"""Argument extraction: tables, columns, paths, kinds, ratings and corrections, written loosely or exactly.

Table names resolve against the catalog: exact, normalised (case, separators, plural), misspelt (close
match), Chinese business words ("订单表" -> orders), or through a column only that table has.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from agent.planner.catalog_view import CatalogView

# business words in table names and their Chinese renderings
ZH_WORDS: dict[str, tuple[str, ...]] = {
    "order": ("订单", "交易", "下单"), "orders": ("订单",), "user": ("用户", "会员", "客户", "顾客", "买家"),
    "users": ("用户",), "customer": ("客户", "顾客"), "member": ("会员",), "product": ("商品", "产品", "货品", "宝贝"),
    "products": ("商品",), "item": ("商品", "明细", "条目"), "items": ("明细", "商品"), "goods": ("商品", "货品"),
    "sku": ("商品", "sku"), "shop": ("店铺", "商家", "门店"), "shops": ("店铺",), "store": ("门店", "店铺"),
    "seller": ("卖家", "商家"), "ad": ("广告",), "ads": ("广告",), "impression": ("曝光", "展示"),
    "impressions": ("曝光", "展示"), "click": ("点击",), "clicks": ("点击",), "review": ("评论", "评价"),
    "reviews": ("评论", "评价"), "comment": ("评论",), "behavior": ("行为", "日志"), "behaviour": ("行为",),
    "log": ("日志",), "logs": ("日志",), "event": ("事件", "埋点"), "events": ("事件", "埋点"), "search": ("搜索",),
    "query": ("搜索词", "查询词"), "queries": ("搜索词", "查询", "搜索"), "aisle": ("货架", "通道"),
    "aisles": ("货架", "通道"), "department": ("部门",), "departments": ("部门",), "category": ("类目", "品类", "分类"),
    "categories": ("类目", "品类"), "daily": ("每日", "日"), "gmv": ("成交额", "gmv", "GMV"), "payment": ("支付",),
    "payments": ("支付",), "refund": ("退款",), "refunds": ("退款",), "cart": ("购物车", "加购"),
    "coupon": ("优惠券",), "coupons": ("优惠券",), "inventory": ("库存",), "stock": ("库存",),
    "address": ("地址",), "price": ("价格",), "prices": ("价格",), "brand": ("品牌",), "brands": ("品牌",),
    "session": ("会话",), "sessions": ("会话",), "campaign": ("广告计划", "活动"), "campaigns": ("活动",),
    "sales": ("销售", "销量"), "visit": ("访问",), "visits": ("访问",), "detail": ("明细", "详情"),
    "details": ("明细",), "prior": ("历史",), "train": ("训练",), "sample": ("样本", "样例"),
}

PATH_RX = re.compile(
    r"(?:[a-z][a-z0-9+]*://[^\s'\"，。；]+)"                       # URLs (databases)
    r"|(?:(?:~|\.{1,2})?/?[\w.\-\u4e00-\u9fff]+/[\w.\-/\u4e00-\u9fff]*)"  # something/with/slashes
    r"|(?:[\w.\-]+\.(?:csv|tsv|txt|json|jsonl|ndjson|parquet|pq|xlsx|xlsm|zip|gz))\b", re.I)
QUOTED_RX = re.compile(r"[\"'“”‘’`「」]([^\"'“”‘’`「」]{1,200})[\"'“”‘’`「」]")
DOTTED_RX = re.compile(r"([A-Za-z_\u4e00-\u9fff][\w\u4e00-\u9fff]*)\.([A-Za-z_\u4e00-\u9fff][\w\u4e00-\u9fff]*)")
_WORD = re.compile(r"[a-z0-9]+")


def _norm(name: str) -> str:
    return re.sub(r"[^a-z0-9\u4e00-\u9fff]+", "_", name.lower()).strip("_")


def _singular(w: str) -> str:
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith("s") and not w.endswith("ss") and len(w) > 3:
        return w[:-1]
    return w


@dataclass
class TableHit:
    table: str
    score: float
    pos: int


def find_tables(text: str, view: CatalogView) -> list[TableHit]:
    """Tables the text mentions, best first (ties by position in the text)."""
    low = text.lower()
    words = _WORD.findall(low)
    sing_words = [_singular(w) for w in words]
    hits: dict[str, TableHit] = {}

    def add(t: str, score: float, pos: int) -> None:
        if t not in hits or hits[t].score < score:
            hits[t] = TableHit(t, score, pos if pos >= 0 else 10_000)

    names = list(view.tables)
    for t in names:
        tl = t.lower()
        m = re.search(r"(?<![\w])" + re.escape(tl) + r"(?![\w])", low)
        if m:
            # "... in orders", "orders 里": the table the request is *about*
            before, after = low[max(0, m.start() - 6):m.start()], low[m.end():m.end() + 3]
            about = bool(re.search(r"\b(in|from|of|on|for|table)\s*$", before) or re.match(r"\s*(里|中|表|的)", after))
            add(t, 10 + len(tl) / 100 + (0.5 if about else 0), m.start())
            continue
        parts = [p for p in _norm(t).split("_") if p]
        if not parts:
            continue
        sp = [_singular(p) for p in parts]
        # "order items", "orderitems", "order-item"
        for joiner in (" ", "", "-"):
            phrase = joiner.join(sp)
            m = re.search(r"(?<![a-z0-9])" + re.escape(phrase) + r"s?(?![a-z0-9])", " ".join(sing_words) if joiner == " " else low)
            if m and len(phrase) >= 2:
                add(t, 8 + len(phrase) / 100, low.find(sp[0]))
                break
        else:
            # misspelt: every part of the name closely matches some word
            def close(p: str, w: str) -> bool:
                return difflib.SequenceMatcher(None, p, w).ratio() >= 0.8 or (
                    difflib.SequenceMatcher(None, p + "s", w).ratio() >= 0.8 and len(w) >= 4)

            if all(any(len(p) >= 4 and close(p, w) for w in sing_words + words)
                   for p in sp if len(p) >= 4) and any(len(p) >= 4 for p in sp):
                pos = min((low.find(w) for w in sing_words + words if any(close(p, w) for p in sp)), default=-1)
                add(t, 6, pos)
                continue
            zh = _zh_match(text, sp)
            if zh is not None:
                add(t, zh[0], zh[1])
    # "评论表", "订单表": a Chinese business word + 表 names the table whose columns carry that meaning
    if not hits:
        for t, score in _tables_by_meaning(text, view):
            add(t, score, text.find("表"))
    # columns only one table has ("who has the most 手机号" is not a table, but buyer_phone may be)
    if not hits:
        owners: dict[str, set[str]] = {}
        for t, cols in view.tables.items():
            for c in cols:
                if len(c.name) >= 4:
                    owners.setdefault(c.name.lower(), set()).add(t)
        for col, ts in owners.items():
            if len(ts) == 1:
                m = re.search(r"(?<![\w])" + re.escape(col) + r"(?![\w])", low)
                if m:
                    add(next(iter(ts)), 3, m.start())
    ranked = sorted(hits.values(), key=lambda h: (-h.score, h.pos))
    # prefer the plain table over its derived side tables when both matched only by a prefix
    return ranked


def _tables_by_meaning(text: str, view: CatalogView) -> list[tuple[str, float]]:
    """Tables whose columns' semantic types match the word before 表 ("评论表" -> the table with review text)."""
    from tools.classify.headers import ZH
    from tools.classify.taxonomy import TYPES

    out: list[tuple[str, float]] = []
    for m in re.finditer(r"([\u4e00-\u9fff]{1,4})表", text):
        word = m.group(1).lstrip("的这那个张")
        if not word:
            continue
        types = {name for name, t in TYPES.items() if word in t.zh or t.zh in word}
        types |= {name for name, ws in ZH.items() if any(word == w or (len(w) >= 2 and w in word) for w in ws)}
        types -= {"identifier", "categorical_code", "free_text", "boolean_flag"}
        if not types:
            continue
        owners = [t for t, cols in view.tables.items() if not t.endswith(("__rejects", "__quarantine"))
                  and any(c.semantic_type in types for c in cols)]
        if len(owners) == 1:
            out.append((owners[0], 4.5))
    return out


def _zh_match(text: str, parts: list[str]) -> tuple[float, int] | None:
    """Score a table by the Chinese renderings of its name's words found in the text."""
    found, pos, total = 0, [], 0
    for p in parts:
        if p in ("tbl", "t", "dim", "fact", "ods", "dwd", "dws", "ads", "tmp", "stg", "src") or p.isdigit():
            continue
        total += 1
        for zh in ZH_WORDS.get(p, ()) + ZH_WORDS.get(p + "s", ()):
            i = text.find(zh)
            if i >= 0:
                found += 1
                pos.append(i)
                break
    if not total or not found:
        return None
    frac = found / total
    if frac < 0.5:
        return None
    return 4 + 1.5 * frac + 0.1 * found, min(pos)


def best_table(text: str, view: CatalogView, history_tables: list[str] | None = None) -> str | None:
    hits = [h for h in find_tables(text, view) if h.table in view.tables]
    if hits:
        top = hits[0]
        # "orders" also matches "orders__clean" by prefix only when named outright, so exact wins
        return top.table
    for t in history_tables or []:
        if t in view.tables:
            return t
    return None


def all_tables(text: str, view: CatalogView) -> list[str]:
    hits = find_tables(text, view)
    strong = [h for h in hits if h.score >= 4]
    return [h.table for h in sorted(strong, key=lambda h: h.pos)]


def find_paths(text: str) -> list[str]:
    quoted = [q.strip() for q in QUOTED_RX.findall(text) if "/" in q or "." in q or "://" in q]
    out = [q for q in quoted if PATH_RX.fullmatch(q) or "/" in q or "://" in q]
    for m in PATH_RX.finditer(text):
        s = m.group(0).rstrip(".,;:)，。")
        if any(s in q for q in out):
            continue
        if re.fullmatch(r"[\d./]+", s):  # dates like 2024/05/01, fractions
            continue
        if "/" not in s and "://" not in s and "." not in s:
            continue
        out.append(s)
    return out


def find_columns(text: str, view: CatalogView, table: str | None) -> list[str]:
    """Columns of `table` the text names: exactly, normalised, or by their semantic type's words."""
    if not table or table not in view.tables:
        return []
    from tools.classify.headers import ZH
    from tools.classify.taxonomy import TYPES

    low = text.lower()
    found: list[tuple[int, str]] = []
    for c in view.tables[table]:
        if c.name == "_row_id":
            continue
        cl = c.name.lower()
        m = re.search(r"(?<![\w])" + re.escape(cl) + r"(?![\w])", low)
        if m:
            found.append((m.start(), c.name))
            continue
        spaced = cl.replace("_", " ")
        if " " in spaced and spaced in low:
            found.append((low.find(spaced), c.name))
            continue
        if c.semantic_type:
            words = list(ZH.get(c.semantic_type, ()))
            t = TYPES.get(c.semantic_type)
            if t:
                words.append(t.zh)
            for w in sorted(words, key=len, reverse=True):
                if len(w) >= 2 and w in text:
                    found.append((text.find(w) + 1000, c.name))
                    break
    seen, out = set(), []
    for _, n in sorted(found):
        if n not in seen:
            seen.add(n)
            out.append(n)
    return out


def find_dotted(text: str, view: CatalogView) -> tuple[str, str] | None:
    """`table.column` written outright (the form corrections usually take)."""
    for m in DOTTED_RX.finditer(text):
        t, c = m.group(1), m.group(2)
        t_res = t if t in view.tables else best_table(t, view)
        if t_res and any(col.name == c for col in view.tables[t_res]):
            return t_res, c
    return None


RATING_RX = re.compile(r"(?<!\d)([1-5])\s*(?:/\s*5|星|分|颗星|stars?|out of 5)", re.I)
ZH_NUM = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}


def find_rating(text: str) -> int | None:
    m = RATING_RX.search(text)
    if m:
        return int(m.group(1))
    m = re.search(r"([一二两三四五])\s*(?:星|颗星|分)", text)
    if m:
        return ZH_NUM[m.group(1)]
    m = re.search(r"\b(?:rate|rating|give)\D{0,12}([1-5])\b", text, re.I)
    if m:
        return int(m.group(1))
    if re.search(r"👍|thumbs up|好评|很好|不错|有用|great|helpful|good answer", text, re.I):
        return 5
    if re.search(r"👎|thumbs down|差评|没用|不对|错了|wrong|useless|bad answer|incorrect", text, re.I):
        return 1
    return None


def find_semantic_type(text: str, exclude: str | None = None) -> str | None:
    """The semantic type a correction names ("should be phone_number", "应该是手机号")."""
    from tools.classify.headers import ZH
    from tools.classify.taxonomy import TYPES

    tail = re.split(r"should be|is actually|is an?|应该是|其实是|改成|改为|标为|设为|属于", text, maxsplit=1, flags=re.I)
    seg = tail[1] if len(tail) > 1 else text
    low = seg.lower()
    for name in sorted(TYPES, key=len, reverse=True):
        if name != exclude and re.search(r"(?<![a-z_])" + re.escape(name) + r"(?![a-z_])", low):
            return name
    for name, t in TYPES.items():
        if t.zh in seg:
            return name
    best = None
    for name, words in ZH.items():
        for w in words:
            if len(w) >= 2 and w in seg and (best is None or len(w) > best[1]):
                best = (name, len(w))
    if best:
        return best[0]
    en = {"phone": "phone_number", "mobile": "phone_number", "e-mail": "email", "mail": "email", "name": "person_name",
          "id card": "national_id", "address": "address", "price": "price", "amount": "price", "timestamp": "timestamp",
          "time": "timestamp", "date": "date", "city": "region", "gender": "gender", "age": "age"}
    for w, name in en.items():
        if re.search(r"\b" + re.escape(w) + r"\b", low):
            return name
    return None


def find_sensitivity(text: str) -> str | None:
    m = re.search(r"\bL([1-4])\b", text, re.I)
    return f"L{m.group(1)}" if m else None


CHART_KINDS = [("heatmap", r"heat ?map|热力图|相关性"), ("histogram", r"histogram|直方图|分布图"),
               ("pie", r"\bpie\b|饼图|占比|份额|share"), ("line", r"line chart|\bline\b|折线|曲线|趋势图"),
               ("scatter", r"scatter|散点"), ("bar", r"\bbar\b|bar chart|柱状|条形|柱形")]

ANALYSIS_KINDS = [("funnel", r"funnel|conversion|漏斗|转化"), ("rfm", r"\brfm\b|segment|分层|用户价值|价值用户"),
                  ("copurchase", r"co-?purchase|bought together|basket|一起买|共同购买|关联购买|购物篮|搭配"),
                  ("repurchase", r"repurchase|repeat (purchase|buy|buyer)|retention|复购|回购|重复购买|留存"),
                  ("trend", r"trend|over time|daily|weekly|monthly|per (day|week|month)|趋势|走势|每天|每日|按天|按周|按月|每月|时间序列"),
                  ("topn", r"\btop\b|best[- ]selling|most (popular|sold|viewed|bought|common|frequent)|ranking|rank|排行|排名|最热|最畅销|销量最高|最受欢迎|最多|前\s*\d+")]


def find_kind(text: str, table: list[tuple[str, str]]) -> str | None:
    for kind, rx in table:
        if re.search(rx, text, re.I):
            return kind
    return None


def find_top_n(text: str) -> int | None:
    m = re.search(r"(?:top|前)\s*(\d{1,3})", text, re.I)
    return int(m.group(1)) if m else None


def find_grain(text: str) -> str | None:
    for grain, rx in (("hour", r"hourly|per hour|每小时|按小时"), ("day", r"daily|per day|by day|每天|每日|按天|按日"),
                      ("week", r"weekly|per week|by week|每周|按周"), ("month", r"monthly|per month|by month|每月|按月")):
        if re.search(rx, text, re.I):
            return grain
    return None


def find_sql(text: str) -> str | None:
    m = re.search(r"(?is)\b(select|with)\b\s.+", text)
    if not m:
        return None
    sql = m.group(0).strip().strip("`").strip()
    return sql if re.search(r"(?i)\bfrom\b|\bselect\s+\d", sql) else None
