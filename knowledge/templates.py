"""The embedded description writer: bilingual sentences from semantic type, header words and statistics.

Why templates: pandian works without an LLM, and a dictionary must still read well in Chinese and English.
Every sentence names the column's business meaning (from the taxonomy and the header words), then its unit
or format, then, for small enums, the values. Unnamed columns are described from their type and values.
"""
from __future__ import annotations

from knowledge.facts import DOMAINS, PII_LEVELS, ColumnFacts
from knowledge.lexicon import PHRASES, TYPE_EN, WORDS, has_cjk, translate_zh, zh_label_en
from tools.classify.headers import tokens
from tools.classify.taxonomy import TYPES

# semantic type -> (English sentence, Chinese sentence); the label comes first, these explain it.
SENTENCES: dict[str, tuple[str, str]] = {
    "user_id": ("pseudonymous key of a user (customer / member); joins to other tables that hold user IDs",
                "用户（顾客/会员）的匿名标识，可与其他含用户ID的表关联"),
    "item_id": ("key of a product (item / SKU); joins to the product table", "商品（SKU）的标识，可与商品表关联"),
    "order_id": ("key of an order (transaction); links order lines to their order",
                 "订单（交易）的标识，可关联订单与订单明细"),
    "category_id": ("numeric code of a product category (such as an aisle or department)",
                    "商品类目（分类，如货架、部门）的编号"),
    "shop_id": ("key of a shop (seller / merchant)", "店铺（卖家、商家）的标识"),
    "ad_id": ("key of an ad, ad campaign or creative", "广告（广告计划、创意）的标识"),
    "session_id": ("key of one visit, request or ad impression; groups the events that happened together",
                   "一次访问、请求或广告曝光的标识，用于把同一次访问的事件归在一起"),
    "identifier": ("surrogate key or code that identifies a record", "标识记录的代理键或编码"),
    "product_title": ("name of the product as shown to shoppers", "展示给顾客的商品名称"),
    "brand": ("brand or manufacturer of the product", "商品的品牌或厂商"),
    "category_name": ("name or path of the product category (class / group)", "商品类目（分类、类别）的名称或类目路径"),
    "price": ("monetary amount (a price, payment or cost)", "货币金额（价格、支付额或花费）"),
    "currency": ("currency in which the amounts are stated", "金额所用的币种"),
    "quantity": ("number of units (items bought, in stock or in the cart)", "件数（购买、库存或加购的数量）"),
    "count_metric": ("aggregated count of events (orders, visits, clicks, results)", "事件的汇总计数（订单、访问、点击、结果数）"),
    "rate_metric": ("ratio or rate (e.g. click-through, conversion or positive-review rate)",
                    "比率（如点击率、转化率、好评率）"),
    "rating": ("review score given by a user", "用户给出的评分"),
    "behavior_type": ("kind of user action", "用户行为的类型"),
    "event_label": ("0/1 flag telling whether the event happened (clicked, reordered, converted)",
                    "表示事件是否发生的 0/1 标记（是否点击、是否复购、是否转化）"),
    "search_query": ("text a user typed into the search box", "用户在搜索框中输入的搜索词"),
    "review_text": ("review text written by a user", "用户撰写的评价内容"),
    "description": ("long descriptive text about the product or business", "商品或业务的详细描述文字"),
    "url": ("web address or image link", "网页地址或图片链接"),
    "timestamp": ("date and time at which it happened", "发生的日期和时间"),
    "date": ("calendar date", "日历日期"),
    "time_part": ("part of a date, such as the hour of day or the weekday, as a small number",
                  "时间分量（如一天中的小时、星期几），以小整数表示"),
    "duration": ("elapsed time between two events", "两个事件之间经过的时长"),
    "person_name": ("name of a person (personal information)", "个人姓名（个人信息）"),
    "phone_number": ("telephone or mobile number (personal information)", "电话或手机号码（个人信息）"),
    "email": ("e-mail address (personal information)", "电子邮箱地址（个人信息）"),
    "address": ("street or delivery address (personal information)", "街道或收货地址（个人信息）"),
    "postal_code": ("postal (ZIP) code", "邮政编码"),
    "region": ("geographic area: country, province, state or city", "地理区域：国家、省份、州或城市"),
    "gender": ("gender of the person", "性别"),
    "age": ("age in years or age bracket", "年龄或年龄段"),
    "device_id": ("identifier of the user's device (personal information)", "用户设备的标识（个人信息）"),
    "ip_address": ("network (IP) address of the client (personal information)", "客户端的网络 IP 地址（个人信息）"),
    "national_id": ("national identity number, e.g. the 18-digit resident ID card (sensitive personal information)",
                    "身份证号等证件号码（敏感个人信息）"),
    "bank_card": ("bank card or account number (sensitive personal information)", "银行卡号或银行账号（敏感个人信息）"),
    "geo_coordinate": ("precise latitude / longitude (sensitive personal information)", "精确经纬度（敏感个人信息）"),
    "boolean_flag": ("yes/no flag", "是/否标记"),
    "categorical_code": ("code taken from a small set of categories", "取值有限的类别编码"),
    "numeric_measure": ("numeric measure", "数值度量"),
    "free_text": ("free text", "自由文本"),
}
ENUM_TYPES = ("behavior_type", "event_label", "categorical_code", "gender", "boolean_flag", "currency", "rating",
              "region", "time_part", "category_name", "age")
ABBREV = {"dt": "date", "ts": "timestamp", "qty": "quantity", "amt": "amount", "num": "number", "cnt": "count",
          "dow": "day of week", "pv": "page views", "uv": "unique visitors", "ctr": "click-through rate",
          "cvr": "conversion rate", "gmv": "GMV", "id": "ID", "ip": "IP", "url": "URL", "sku": "SKU",
          "pos": "position", "conn": "connection", "sched": "scheduled", "dep": "departure", "arr": "arrival",
          "act": "actual", "src": "source", "desc": "description", "cate": "category", "cat": "category"}
_FUNCTION_WORDS = {"to", "of", "the", "in", "on", "at", "by", "for", "a", "an", "and", "or", "since"}


def type_label(semantic_type: str | None) -> tuple[str, str]:
    if semantic_type in TYPES:
        en = TYPE_EN.get(semantic_type, semantic_type.replace("_", " "))
        return en[:1].upper() + en[1:], TYPES[semantic_type].zh
    return "Value", "取值"


def column_label(name: str, unnamed: bool, semantic_type: str | None) -> tuple[str, str]:
    """Readable (English, Chinese) label of a column: from its header words, else from its semantic type."""
    if unnamed:
        return type_label(semantic_type)
    if has_cjk(name):
        en = zh_label_en(name) or type_label(semantic_type)[0]
        return en[:1].upper() + en[1:], name
    toks = tokens(name)
    key = " ".join(toks)
    if key in PHRASES:
        return PHRASES[key]
    en_words = [ABBREV.get(t, t) for t in toks]
    en = " ".join(en_words) or name
    en = en[:1].upper() + en[1:]
    zh_parts = []
    for t in toks:
        if t in _FUNCTION_WORDS or t.isdigit() and len(toks) == 1:
            zh_parts = []
            break
        zh = WORDS.get(t)
        if zh is None and t.isdigit():
            zh = t
        if zh is None:
            zh_parts = []
            break
        zh_parts.append(zh)
    if zh_parts:
        zh = "".join(zh_parts)
        if zh == "ID":
            zh = "记录ID" if semantic_type in (None, "identifier") else type_label(semantic_type)[1]
    else:
        zh = f"{type_label(semantic_type)[1]}（{name}）"
    return en, zh


def table_label(name: str) -> tuple[str, str]:
    """(English, Chinese) name of what a table holds, from its name words."""
    toks = tokens(name)
    if has_cjk(name):
        return zh_label_en(name) or name, name
    en = " ".join(ABBREV.get(t, t) for t in toks) or name
    zh_parts: list[str] = []
    for t in toks:
        p = WORDS.get(t, t)
        if zh_parts and has_cjk(p) and (p.startswith(zh_parts[-1]) or zh_parts[-1].startswith(p)):
            zh_parts[-1] = max(p, zh_parts[-1], key=len)  # search + queries -> 搜索词, not 搜索搜索词
        else:
            zh_parts.append(p)
    zh = "".join(p if has_cjk(p) else f" {p} " for p in zh_parts).strip().replace("  ", " ")
    return en, zh or name


def _values_clause(f: ColumnFacts) -> tuple[str, str]:
    if f.semantic_type not in ENUM_TYPES or f.sensitivity in PII_LEVELS or not f.distinct_count \
            or f.distinct_count > 12:
        return "", ""
    tops = [str(t["value"]) for t in f.profile.get("top_values", [])][:6]
    if not tops:
        return "", ""
    more = len(tops) < (f.distinct_count or 0)
    return (f"; values: {', '.join(tops)}{', …' if more else ''}",
            f"；取值：{'、'.join(tops)}{' 等' if more else ''}")


def column_description(f: ColumnFacts) -> tuple[str, str]:
    """(English, Chinese) description of one column; never empty."""
    label_en, label_zh = column_label(f.name, f.unnamed, f.semantic_type)
    sent_en, sent_zh = SENTENCES.get(f.semantic_type or "", (f"values of type {f.type or 'unknown'}",
                                                              f"{f.type or '未知'} 类型的取值"))
    if f.semantic_type == "time_part" and f.unit and f.unit[0].startswith("packed"):
        sent_en, sent_zh = "date and hour packed into one number", "把日期和小时压缩成一个数字的时间编码"
    en = f"{label_en}: {sent_en}"
    zh = f"{label_zh}：{sent_zh}"
    if f.unit:
        en += f" ({f.unit[0]})"
        zh += f"（{f.unit[1]}）"
    v_en, v_zh = _values_clause(f)
    en += v_en
    zh += v_zh
    if f.unnamed:
        en += ". The source has no header for this column; its meaning is inferred from its values"
        zh += "。源文件中此列没有表头，含义由取值推断"
    if f.null_fraction is not None and f.null_fraction >= 1.0:
        en += ". It is empty in every row"
        zh += "。该列所有行均为空"
    return (en if en.endswith("…") else en + "."), zh + "。"


_PURPOSE: dict[str, tuple[str, str]] = {
    "product": ("product data: what is sold and how it is described", "商品数据：售卖的商品及其描述信息"),
    "transaction": ("transaction data: orders, payments and amounts", "交易数据：订单、支付与金额"),
    "user_behavior": ("user behaviour data: what users did (views, clicks, carts, searches, purchases, reviews) "
                      "and when",
                      "用户行为数据：用户在何时做了什么（浏览、点击、加购、搜索、购买、评价）"),
    "advertising": ("advertising data: ad impressions, clicks and costs", "广告数据：广告曝光、点击与花费"),
    "user_profile": ("user profile data: who the users are and how to reach them", "用户画像数据：用户是谁、如何联系"),
    "other": ("a general data table", "通用数据表"),
}

GRAIN_OF_TYPE: dict[str, tuple[str, str]] = {
    "user_id": ("one user", "一个用户"), "item_id": ("one product", "一个商品"), "order_id": ("one order", "一个订单"),
    "category_id": ("one category", "一个类目"), "shop_id": ("one shop", "一个店铺"), "ad_id": ("one ad", "一个广告"),
    "session_id": ("one session / impression", "一次会话/曝光"),
}


def grain_text(pk: list[str], cols: dict[str, ColumnFacts], domain: str, table: str) -> tuple[str, str]:
    """What one row is, (English, Chinese)."""
    if len(pk) == 1:
        f = cols[pk[0]]
        if f.semantic_type in GRAIN_OF_TYPE:
            en, zh = GRAIN_OF_TYPE[f.semantic_type]
            return f"{en} (one row per {pk[0]})", f"{zh}（每个 {pk[0]} 一行）"
        if f.semantic_type in ("date", "timestamp"):
            daily = {"daily", "day", "dt", "date"} & (set(tokens(table)) | set(tokens(f.name)))
            if daily:
                return f"one day (one row per {pk[0]})", f"一天（每个 {pk[0]} 一行）"
            return f"one point in time (one row per {pk[0]})", f"一个时间点（每个 {pk[0]} 一行）"
        return f"one record, identified by {pk[0]}", f"一条记录，以 {pk[0]} 唯一标识"
    if len(pk) == 2:
        a, b = (cols[c] for c in pk)
        types = {a.semantic_type, b.semantic_type}
        if types == {"order_id", "item_id"}:
            return (f"one product line of an order (one row per {pk[0]} + {pk[1]})",
                    f"订单中的一个商品行（每个 {pk[0]} + {pk[1]} 组合一行）")
        return (f"one combination of {pk[0]} and {pk[1]}", f"{pk[0]} 与 {pk[1]} 的一个组合")
    if domain == "user_behavior":
        return "one user action event (no unique key)", "一次用户行为事件（无唯一键）"
    if domain == "advertising":
        return "one ad impression or ad event (no unique key)", "一次广告曝光或广告事件（无唯一键）"
    if domain == "transaction":
        return "one transaction record (no unique key)", "一条交易记录（无唯一键）"
    return "one record (no unique key found)", "一条记录（未发现唯一键）"


def table_description(table: str, domain: str, grain: tuple[str, str], cols: list[ColumnFacts],
                      rows: int) -> tuple[str, str]:
    """(English, Chinese) purpose of a table: its domain, what a row is, what it covers, personal data."""
    t_en, t_zh = table_label(table)
    p_en, p_zh = _PURPOSE.get(domain, _PURPOSE["other"])
    labels = [column_label(f.name, f.unnamed, f.semantic_type) for f in cols]
    covers_en = ", ".join(dict.fromkeys(lbl[0].lower() if not lbl[0].isupper() else lbl[0] for lbl in labels[:10]))
    covers_zh = "、".join(dict.fromkeys(lbl[1] for lbl in labels[:10]))
    more_en = f" and {len(labels) - 10} more" if len(labels) > 10 else ""
    more_zh = f" 等 {len(labels)} 列" if len(labels) > 10 else ""
    en = f"{t_en[:1].upper() + t_en[1:]}: {p_en}. Each row is {grain[0]}; {rows:,} rows."
    zh = f"{t_zh}：{p_zh}。每行代表{grain[1]}，共 {rows:,} 行。"
    if labels:
        en += f" Columns cover {covers_en}{more_en}."
        zh += f"字段包括{covers_zh}{more_zh}。"
    pii = [f for f in cols if f.sensitivity in PII_LEVELS]
    if pii:
        kinds_en = ", ".join(dict.fromkeys(type_label(f.semantic_type)[0].lower() for f in pii))
        kinds_zh = "、".join(dict.fromkeys(type_label(f.semantic_type)[1] for f in pii))
        en += f" Holds personal information ({kinds_en}); values are masked for viewers."
        zh += f"含个人信息（{kinds_zh}），对普通查看者脱敏展示。"
    if rows == 0:
        en += " The table is currently empty."
        zh += "该表目前没有数据。"
    return en, zh


def domain_names(domain: str) -> tuple[str, str]:
    return DOMAINS.get(domain, DOMAINS["other"])
