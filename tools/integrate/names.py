"""What a column name says about the entity it keys: goods_id, 商品ID and products.id all name a product.

Names are split into tokens, singularised and mapped through a small synonym vocabulary of e-commerce
entities; the key suffix (id, key, no, 号 ...) is cut off. Two columns are a name match when they key the
same entity. Nothing here is tied to a particular data set: the vocabulary is the common one of shop data.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

# key suffixes: strong ones almost always mean "identifier", weak ones also mean counts/sequences (order_num)
STRONG_SUFFIXES = {"id", "ids", "key", "sk", "pk", "fk", "uuid", "guid", "号", "编号", "单号"}
WEAK_SUFFIXES = {"no", "num", "number", "code", "cd", "码", "编码", "代码", "序号"}
CJK_SUFFIXES = ("单号", "编号", "编码", "代码", "序号", "号", "码")

# entity word -> canonical entity (singular forms; Chinese words as they appear)
_ENTITY_WORDS: dict[str, tuple[str, ...]] = {
    "product": ("product", "item", "goods", "good", "sku", "spu", "prod", "commodity", "merchandise",
                "商品", "货品", "宝贝", "产品", "物品", "单品"),
    "user": ("user", "usr", "customer", "cust", "buyer", "member", "client", "consumer", "shopper",
             "用户", "会员", "客户", "买家", "顾客", "消费者"),
    "order": ("order", "trade", "订单", "交易"),
    "shop": ("shop", "store", "seller", "merchant", "vendor", "店铺", "商家", "卖家", "门店", "商户", "店"),
    "category": ("category", "cate", "cat", "类目", "品类", "分类", "类别"),
    "brand": ("brand", "品牌"),
    "ad": ("ad", "advert", "advertisement", "广告"),
    "campaign": ("campaign", "营销活动"),
    "session": ("session", "会话"),
    "device": ("device", "设备"),
    "department": ("department", "dept", "部门"),
    "supplier": ("supplier", "供应商"),
    "warehouse": ("warehouse", "仓库"),
    "coupon": ("coupon", "优惠券"),
    "address": ("address", "地址"),
}
SYNONYMS: dict[str, str] = {w: canon for canon, words in _ENTITY_WORDS.items() for w in words}
# whole names that are keys by themselves
ABBREVIATIONS: dict[str, str] = {"uid": "user", "userid": "user", "pid": "product", "sku": "product",
                                 "spu": "product", "asin": "product", "upc": "product", "ean": "product",
                                 "gtin": "product", "cid": "category", "oid": "order", "tid": "order"}
# qualifiers that point a column at its own table (categories.parent_id -> categories.category_id)
SELF_QUALIFIERS = {"parent", "super", "superior", "manager", "boss", "leader", "referrer", "referer", "inviter",
                   "上级", "父", "父级", "推荐人", "邀请人"}
# warehouse naming layers that say nothing about the entity (dim_product, ods_orders, tb_user)
TABLE_PREFIXES = {"dim", "fact", "fct", "ods", "dwd", "dws", "dwm", "ads", "tb", "tbl", "t", "src", "raw", "stg",
                  "stage", "ext", "d", "f"}

_TOKEN = re.compile(r"[a-z0-9]+|[\u3400-\u9fff]+")


def singular(word: str) -> str:
    """Cheap English singular: categories -> category, boxes -> box, goods stays goods, orders -> order."""
    if not word.isascii() or len(word) <= 3 or word in SYNONYMS:
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def tokens(name: str) -> list[str]:
    """camelCase, snake_case, spaces and CJK runs -> lower-case tokens; CJK key suffixes split off."""
    s = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    s = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", s).lower()
    out: list[str] = []
    for tok in _TOKEN.findall(s):
        if not tok.isascii():
            cuts = [suf for suf in CJK_SUFFIXES if tok.endswith(suf) and len(tok) > len(suf)]
            suf = next((c for c in cuts if canon(tok[: -len(c)]) in _ENTITY_WORDS), cuts[0] if cuts else None)
            out += [tok[: -len(suf)], suf] if suf else [tok]
            continue
        glued = next((suf for suf in ("id", "no", "key") if tok.endswith(suf) and tok[: -len(suf)] in SYNONYMS), None)
        if glued and tok not in ABBREVIATIONS:
            out += [tok[: -len(glued)], glued]  # userid, itemid, orderno
        else:
            out.append(tok)
    return out


_CJK_WORDS = sorted((w for w in SYNONYMS if not w.isascii()), key=len, reverse=True)


def canon(word: str) -> str:
    """Canonical entity of one word; a Chinese word ending in an entity word (下单用户) is that entity."""
    w = singular(word)
    if w in SYNONYMS:
        return SYNONYMS[w]
    if not w.isascii():
        hit = next((x for x in _CJK_WORDS if w.endswith(x)), None)
        if hit:
            return SYNONYMS[hit]
    return w


def table_concepts(table: str) -> tuple[str, set[str]]:
    """(the entity a table holds as a whole, every entity its name mentions): products -> product."""
    toks = [t for t in tokens(table) if not t.isdigit()]
    while len(toks) > 1 and toks[0] in TABLE_PREFIXES:
        toks = toks[1:]
    if not toks:
        return table, set()
    full = "_".join(singular(t) for t in toks)
    whole = SYNONYMS.get(full, full) if len(toks) > 1 else canon(toks[0])
    return whole, {canon(t) for t in toks}


@dataclass(frozen=True)
class KeyName:
    """What a column name says: is it a key, of which entity, qualified how."""

    raw: str
    norm: str
    key_like: bool
    concept: str | None  # canonical entity incl. qualifiers ("clicked_product") or None
    head: str | None  # canonical last entity word ("product")
    qualifiers: tuple[str, ...] = field(default_factory=tuple)
    bare: bool = False  # the name is only a key word (id, key, 编号): the entity comes from the table
    weak_suffix: bool = False
    self_ref: bool = False  # parent_id and friends


def key_name(column: str, table: str) -> KeyName:
    toks = tokens(column)
    norm = "_".join(toks)
    if not toks:
        return KeyName(column, norm, False, None, None)
    if len(toks) == 1 and toks[0] in ABBREVIATIONS:
        c = ABBREVIATIONS[toks[0]]
        return KeyName(column, norm, True, c, c)
    suffix = toks[-1]
    if suffix not in STRONG_SUFFIXES and suffix not in WEAK_SUFFIXES:
        return KeyName(column, norm, False, None, None)
    weak = suffix in WEAK_SUFFIXES
    entity = [t for t in toks[:-1] if not t.isdigit()]
    if not entity:
        whole, _ = table_concepts(table)
        return KeyName(column, norm, True, whole, whole, bare=True, weak_suffix=weak)
    words = [canon(t) for t in entity]
    head, quals = words[-1], tuple(words[:-1])
    self_ref = head in SELF_QUALIFIERS or any(q in SELF_QUALIFIERS for q in quals)
    full = "_".join(singular(t) for t in entity)
    concept = SYNONYMS.get(full) or "_".join(words)
    if full in SYNONYMS:
        head, quals = concept, ()
    return KeyName(column, norm, True, concept, head, quals, False, weak, self_ref)


def name_similarity(a: KeyName, b: KeyName) -> tuple[float, str]:
    """How strongly two key names say 'same entity', with the reason in words."""
    if not (a.key_like and b.key_like):
        return 0.0, ""
    if a.norm == b.norm and not (a.bare and b.bare):
        return 1.0, f"same name {a.raw!r}"
    weak = 0.1 if (a.weak_suffix != b.weak_suffix) else 0.0
    if a.concept and a.concept == b.concept:
        if a.bare and b.bare:
            return 0.0, ""  # users.id vs users_v2.id says nothing by name alone... unless tables agree (below)
        how = "table key" if (a.bare or b.bare) else "synonyms"
        return 0.9 - weak, f"{how}: {a.raw!r} ~ {b.raw!r} ({a.concept})"
    if a.head and a.head == b.head and not (a.bare and b.bare):
        if not a.qualifiers or not b.qualifiers:
            q = a if a.qualifiers else b
            return 0.75 - weak, f"qualified reference: {q.raw!r} is a kind of {q.head}"
        return 0.5 - weak, f"both qualified {a.head} keys ({a.raw!r}, {b.raw!r})"
    ea, eb = (a.concept or ""), (b.concept or "")
    if ea and eb and ea.isascii() and eb.isascii() and min(len(ea), len(eb)) >= 4:
        r = difflib.SequenceMatcher(None, ea, eb).ratio()
        if r >= 0.85:
            return round(0.7 * r, 3), f"similar names {a.raw!r} ~ {b.raw!r}"
    return 0.0, ""


def table_match(k: KeyName, table: str) -> int:
    """2 when the column keys the entity its table holds (users.user_id), 1 when the table mentions it."""
    whole, mentioned = table_concepts(table)
    if k.concept is None:
        return 0
    if k.bare or k.concept == whole:
        return 2
    return 1 if k.concept in mentioned or k.head in mentioned else 0
