"""Synthetic labelled training columns for the column-type classifier.

Every taxonomy type (``tools.classify.taxonomy.TYPES``) gets ``n_per_type`` columns with a header drawn from
English (snake_case, camelCase, UPPER, export prefixes), Chinese, pinyin-abbreviation or anonymous styles,
and 20-40 realistic zh_CN / en_US cell values. Hard negatives are built in on purpose: 0/1 event labels vs 0/1
boolean flags, small quantities vs large counts, 11-digit order ids that look like mobiles, 10-digit unix
seconds vs plain ids. Checksummed identifiers are valid (GB 11643 resident ids, Luhn cards / IMEIs, EAN-13,
IBAN mod-97), so value validators agree with the labels.

Determinism: every draw comes from one ``random.Random(seed)``; vocabularies are tuples, dicts are only
iterated in insertion order, nothing uses ``hash()`` or set order.
"""
from __future__ import annotations

import random
import re
import string
from collections.abc import Callable
from dataclasses import dataclass

from pandian.demo import generator as demo_gen
from tools.classify.taxonomy import TYPES

__all__ = [
    "ANON_PATTERNS",
    "EXPORT_PREFIXES",
    "HEADERS",
    "VALUE_GENERATORS",
    "SynthColumn",
    "anonymous_header",
    "cn_resident_id",
    "ean13",
    "generate_columns",
    "iban",
    "luhn_digit",
    "make_header",
    "to_rows",
]

MIN_VALUES, MAX_VALUES = 20, 40
ANON_RATE = 0.27
DIRT_RATE = 0.10


@dataclass(frozen=True)
class SynthColumn:
    header: str          # the column name as it would appear in a file/table
    values: list[str]    # 20-40 cell values as strings ('' for null)
    label: str           # taxonomy type name
    lang: str            # 'zh' or 'en'


# ----------------------------------------------------------------------------------------------------------
# Headers
# ----------------------------------------------------------------------------------------------------------

_H: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    # type: (en snake_case, zh, pinyin abbreviations)
    "user_id": (("user_id", "uid", "customer_id", "buyer_id", "member_id", "cust_no", "client_id", "account_id",
                 "visitor_id", "reviewer_id", "passenger_id"),
                ("用户ID", "买家编号", "会员ID", "客户编号", "用户编号", "买家ID", "会员号"),
                ("yhid", "hyid", "khid", "yhbh", "mjid")),
    "item_id": (("item_id", "sku_id", "goods_id", "product_id", "asin", "upc", "ean", "gtin", "spu_id", "isbn",
                 "article_id", "barcode"),
                ("商品ID", "商品编号", "SKU编码", "货号", "条形码", "商品编码"),
                ("spid", "spbh", "hh", "txm")),
    "order_id": (("order_id", "trade_no", "order_no", "transaction_id", "payment_id", "order_sn", "invoice_no",
                  "out_trade_no"),
                 ("订单号", "订单编号", "交易号", "流水号", "支付单号"),
                 ("ddh", "ddbh", "jyh", "lsh")),
    "category_id": (("category_id", "cate_id", "cid", "aisle_id", "department_id", "cat_id", "leaf_cate_id",
                     "class_id"),
                    ("类目ID", "分类ID", "类目编号", "叶子类目ID"),
                    ("lmid", "flid", "lmbh")),
    "shop_id": (("shop_id", "seller_id", "merchant_id", "store_id", "vendor_id", "brand_id", "supplier_id"),
                ("店铺ID", "卖家ID", "商家编号", "门店编号"),
                ("dpid", "sjid", "mdbh")),
    "ad_id": (("ad_id", "campaign_id", "creative_id", "adgroup_id", "placement_id", "ad_unit_id", "banner_id"),
              ("广告ID", "计划ID", "创意ID", "广告组ID", "推广计划编号"),
              ("ggid", "jhid", "cyid")),
    "session_id": (("session_id", "request_id", "pvid", "trace_id", "impression_id", "visit_id", "search_id"),
                   ("会话ID", "请求ID", "曝光ID", "访问ID"),
                   ("hhid", "qqid")),
    "identifier": (("id", "uuid", "md5", "guid", "row_id", "record_id", "log_id", "event_id", "pk", "hash_key",
                    "serial_no"),
                   ("编号", "序号", "主键", "记录ID", "流水ID", "唯一标识"),
                   ("bh", "xh", "zj", "jlid")),
    "product_title": (("title", "product_name", "item_name", "goods_name", "product_title", "sku_name", "book_title"),
                      ("商品名称", "商品标题", "宝贝标题", "品名", "商品名"),
                      ("spmc", "spbt", "pm")),
    "brand": (("brand", "brand_name", "manufacturer", "maker", "make"),
              ("品牌", "品牌名称", "厂商", "生产厂家"),
              ("pp", "ppmc", "cs")),
    "category_name": (("category", "cate_name", "category_name", "aisle", "department", "category_path",
                       "cat_level1", "genre"),
                      ("类目", "类目名称", "分类", "商品分类", "一级类目", "类目路径"),
                      ("lm", "lmmc", "flmc")),
    "price": (("price", "pay_amount", "amount", "gmv", "cost", "revenue", "unit_price", "total_price", "sale_price",
               "list_price", "order_amount", "shipping_fee"),
              ("价格", "金额", "单价", "实付金额", "订单金额", "成交价", "运费", "销售额"),
              ("jg", "je", "dj", "sfje", "zje")),
    "currency": (("currency", "currency_code", "ccy", "cur"),
                 ("币种", "货币", "结算币种"),
                 ("bz", "hb")),
    "quantity": (("qty", "quantity", "stock", "inventory", "units", "buy_num", "number_of_cds", "order_qty",
                  "add_to_cart_order", "pieces"),
                 ("数量", "库存", "购买数量", "件数", "库存量"),
                 ("sl", "kcl", "gmsl", "js")),
    "count_metric": (("pv", "uv", "clicks", "impressions", "views", "click_cnt", "imp_cnt", "visits", "sessions",
                      "fav_cnt", "sales_volume", "followers"),
                     ("曝光量", "点击量", "浏览量", "访客数", "销量", "收藏数", "粉丝数"),
                     ("djl", "bgl", "lll", "fks")),
    "rate_metric": (("ctr", "cvr", "conversion_rate", "bounce_rate", "discount", "click_rate", "ratio", "pct",
                     "share"),
                    ("点击率", "转化率", "跳失率", "折扣率", "占比", "复购率"),
                    ("zhl", "djlv", "zkl", "zb")),
    "rating": (("rating", "stars", "score", "review_score", "star_rating", "avg_rating"),
               ("评分", "星级", "评价星级", "商品评分"),
               ("pf", "xj")),
    "behavior_type": (("behavior_type", "behavior", "action", "event_type", "btype", "action_type", "op_type"),
                      ("行为类型", "用户行为", "行为", "操作类型"),
                      ("xw", "xwlx", "czlx")),
    "event_label": (("click", "label", "is_buy", "reordered", "is_click", "clicked", "converted", "target",
                     "is_purchase", "y"),
                    ("是否点击", "是否购买", "标签", "是否转化", "是否复购"),
                    ("sfdj", "sfgm", "bq")),
    "search_query": (("query", "keyword", "search_term", "search_query", "kw", "q", "keywords"),
                     ("搜索词", "关键词", "搜索关键词", "查询词"),
                     ("ssc", "gjc")),
    "review_text": (("review", "comment", "review_text", "feedback", "review_body", "comments", "review_content"),
                    ("评价", "评论", "评价内容", "用户评论", "买家评价"),
                    ("pl", "pj", "pjnr")),
    "description": (("description", "desc", "about_product", "product_description", "detail", "summary", "intro"),
                    ("详情", "商品描述", "商品详情", "描述", "简介"),
                    ("ms", "spms", "jj")),
    "url": (("url", "image", "pic_url", "image_url", "link", "img_url", "homepage", "landing_page", "thumbnail"),
            ("链接", "图片链接", "商品链接", "主图", "图片地址"),
            ("lj", "tplj", "tpdz")),
    "timestamp": (("ts", "create_time", "timestamp", "created_at", "updated_at", "event_time", "pay_time",
                   "order_time", "gmt_create", "log_time", "click_time"),
                  ("时间", "创建时间", "下单时间", "支付时间", "时间戳", "更新时间"),
                  ("sj", "cjsj", "xdsj", "zfsj")),
    "date": (("dt", "date", "order_date", "birthday", "dob", "stat_date", "ds", "pay_date", "biz_date"),
             ("日期", "出生日期", "统计日期", "下单日期", "业务日期"),
             ("rq", "csrq", "tjrq")),
    "time_part": (("hour", "order_dow", "order_hour_of_day", "weekday", "month", "day_of_week", "hour_of_day",
                   "quarter"),
                  ("小时", "星期", "月份", "时段", "下单小时"),
                  ("xs", "yf", "xqj")),
    "duration": (("days_since_prior_order", "stay_seconds", "duration", "stay_time", "dwell_time", "watch_time",
                  "latency_ms", "elapsed"),
                 ("时长", "停留时长", "间隔天数", "观看时长", "耗时"),
                 ("sc", "tlsc", "jgts")),
    "person_name": (("name", "receiver", "customer_name", "full_name", "user_name", "contact_name", "consignee",
                     "first_name", "nickname", "buyer_nick", "reviewer"),
                    ("姓名", "收货人", "联系人", "客户姓名", "真实姓名", "买家昵称", "用户名"),
                    ("xm", "shr", "lxr")),
    "phone_number": (("phone", "mobile", "tel", "phone_number", "mobile_no", "contact_phone", "cellphone"),
                     ("手机号", "联系电话", "电话", "手机号码", "收货人电话"),
                     ("sjh", "dh", "lxdh", "sjhm")),
    "email": (("email", "e_mail", "email_address", "mail", "contact_email"),
              ("邮箱", "电子邮箱", "邮件地址"),
              ("yx", "dzyx")),
    "address": (("address", "shipping_address", "addr", "street_address", "delivery_address", "billing_address"),
                ("收货地址", "地址", "详细地址", "联系地址", "家庭住址"),
                ("dz", "shdz", "xxdz")),
    "postal_code": (("zip", "postcode", "zip_code", "postal_code", "zipcode"),
                    ("邮编", "邮政编码"),
                    ("yb", "yzbm")),
    "region": (("city", "province", "country", "region", "state", "district", "country_code", "city_name"),
               ("省份", "城市", "地区", "区县", "所在地区", "国家"),
               ("sf", "cs", "dq", "qx")),
    "gender": (("gender", "sex", "gender_code"),
               ("性别", "买家性别"),
               ("xb",)),
    "age": (("age", "age_level", "age_range", "age_group", "user_age"),
            ("年龄", "年龄段", "用户年龄"),
            ("nl", "nld")),
    "device_id": (("device_id", "imei", "idfa", "oaid", "android_id", "mac", "device_hash", "udid"),
                  ("设备ID", "设备号", "设备标识", "手机串号"),
                  ("sbid", "sbh")),
    "ip_address": (("ip", "client_ip", "device_ip", "ip_address", "remote_addr", "login_ip"),
                   ("IP地址", "登录IP", "客户端IP"),
                   ("ipdz", "dlip")),
    "national_id": (("id_card", "ssn", "id_no", "id_number", "national_id", "idcard_no", "cert_no"),
                    ("身份证号", "身份证号码", "证件号码", "身份证"),
                    ("sfzh", "zjhm", "sfz")),
    "bank_card": (("card_no", "bank_account", "iban", "card_number", "bank_card", "pan", "account_no"),
                  ("银行卡号", "银行账号", "卡号", "收款账号"),
                  ("yhkh", "kh", "yhzh")),
    "geo_coordinate": (("lat", "lng", "longitude", "latitude", "lon", "location", "lat_lng", "gps"),
                       ("经纬度", "经度", "纬度", "坐标", "定位"),
                       ("jd", "wd", "jwd")),
    "boolean_flag": (("is_deleted", "is_amazon_seller", "is_valid", "is_vip", "has_coupon", "is_active",
                      "is_refund", "is_new_user", "del_flag", "enabled"),
                     ("是否删除", "是否有效", "是否会员", "是否新客", "是否退款"),
                     ("sfsc", "sfyx", "sfhy")),
    "categorical_code": (("status", "channel", "order_status", "pay_type", "source", "type", "level", "C1", "C14",
                          "C26", "platform", "os"),
                         ("状态", "渠道", "订单状态", "支付方式", "来源", "类型", "等级"),
                         ("zt", "qd", "lx", "zffs")),
    "numeric_measure": (("weight", "width", "height", "length", "score_value", "I1", "I5", "I13", "volume",
                         "temperature", "distance_km", "item_weight"),
                        ("重量", "宽度", "长度", "高度", "体积", "得分", "距离"),
                        ("zl", "kd", "cd", "df")),
    "free_text": (("remark", "note", "notes", "spec", "memo", "message", "buyer_message", "comment_text"),
                  ("备注", "说明", "留言", "规格", "买家留言", "内容"),
                  ("bzxx", "ly", "gg", "sm")),
}

_IDENT_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_CJK_RE = re.compile(r"[\u3400-\u9fff]")


def _typical(name: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Header-like entries of the taxonomy's ``typical`` field, split into (en, zh)."""
    en, zh = [], []
    for tok in TYPES[name].typical.split(","):
        tok = tok.strip()
        if _CJK_RE.search(tok) and " " not in tok and '"' not in tok:
            zh.append(tok)
        elif _IDENT_RE.match(tok) and not tok.isupper():  # skip value examples such as CNY, USD
            en.append(tok)
    return tuple(en), tuple(zh)


def _build_headers() -> dict[str, dict[str, tuple[str, ...]]]:
    out: dict[str, dict[str, tuple[str, ...]]] = {}
    for name in TYPES:
        en, zh, py = _H[name]
        ten, tzh = _typical(name)
        out[name] = {
            "en": tuple(dict.fromkeys(ten + en)),
            "zh": tuple(dict.fromkeys(tzh + zh + (TYPES[name].zh,))),
            "pinyin": tuple(dict.fromkeys(py)),
        }
    return out


HEADERS: dict[str, dict[str, tuple[str, ...]]] = _build_headers()

EXPORT_PREFIXES = ("t_", "f_", "dim_", "ods_", "dwd_")
# Each pattern, formatted with a number, satisfies tools.classify.headers.is_anonymous.
ANON_PATTERNS_EN = ("col_{n}", "col{n}", "column{n}", "column_{n}", "field_{n:02d}", "field{n}", "unnamed_{n}",
                    "Unnamed_{n}", "var_{n}", "attr_{n}", "COL_{n}", "x{n}", "v_{n}")
ANON_PATTERNS_ZH = ("列{n}", "字段{n}", "列_{n}", "字段_{n:02d}", "col_{n}", "field_{n}")
ANON_PATTERNS = ANON_PATTERNS_EN + ANON_PATTERNS_ZH


def _camel(snake: str, upper_first: bool = False) -> str:
    parts = [p for p in snake.split("_") if p]
    if not parts:
        return snake
    head = parts[0].capitalize() if upper_first else parts[0]
    return head + "".join(p.capitalize() if not p.isupper() else p for p in parts[1:])


def anonymous_header(rng: random.Random, lang: str) -> str:
    pats = ANON_PATTERNS_ZH if lang == "zh" else ANON_PATTERNS_EN
    return rng.choice(pats).format(n=rng.randint(0, 40))


def make_header(rng: random.Random, label: str, lang: str) -> str:
    """A non-anonymous header for ``label`` in a style fitting ``lang``."""
    h = HEADERS[label]
    if lang == "zh":
        if rng.random() < 0.5 or not h["pinyin"]:
            base = rng.choice(h["zh"])
            return rng.choice(("t_", "f_")) + base if rng.random() < 0.05 else base
        # the first pinyin abbreviation is the canonical one (sjh, sfzh, spmc ...): give it half the mass
        base = h["pinyin"][0] if rng.random() < 0.5 else rng.choice(h["pinyin"])
        r = rng.random()
        if r < 0.15:
            return base.upper()
        if r < 0.30:
            return rng.choice(EXPORT_PREFIXES) + base
        return base
    base = rng.choice(h["en"])
    r = rng.random()
    if r < 0.40:
        return base
    if r < 0.58:
        return _camel(base)
    if r < 0.70:
        return base.upper()
    if r < 0.76:
        return _camel(base, upper_first=True)
    return rng.choice(EXPORT_PREFIXES) + base


# ----------------------------------------------------------------------------------------------------------
# Checksums
# ----------------------------------------------------------------------------------------------------------

def luhn_digit(body: str) -> str:
    """The Luhn check digit to append to ``body``."""
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def ean13(body12: str) -> str:
    s = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(body12))
    return body12 + str((10 - s % 10) % 10)


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(n))


def cn_resident_id(rng: random.Random) -> str:
    """An 18-digit GB 11643 resident id with a valid check character."""
    region = rng.choice(demo_gen.REGIONS).code
    y, m = rng.randint(1950, 2006), rng.randint(1, 12)
    d = rng.randint(1, 28)
    body = f"{region}{y:04d}{m:02d}{d:02d}{rng.randint(0, 999):03d}"
    s = sum(int(c) * w for c, w in zip(body, demo_gen.ID_WEIGHTS))
    return body + demo_gen.ID_CHECK_CHARS[s % 11]


def _cn_resident_id_x(rng: random.Random) -> str:
    for _ in range(200):
        v = cn_resident_id(rng)
        if v.endswith("X"):
            return v
    return v


def _iban_check(country: str, bban: str) -> str:
    rearranged = bban + country + "00"
    num = "".join(str(int(c, 36)) for c in rearranged)
    return f"{98 - int(num) % 97:02d}"


def iban(rng: random.Random) -> str:
    country, bban = rng.choice((
        ("DE", _digits(rng, 18)),
        ("GB", rng.choice(("NWBK", "BARC", "HBUK", "LOYD")) + _digits(rng, 14)),
        ("NL", rng.choice(("ABNA", "INGB", "RABO")) + _digits(rng, 10)),
        ("FR", _digits(rng, 23)),
    ))
    return country + _iban_check(country, bban) + bban


def _luhn_number(rng: random.Random, prefix: str, length: int) -> str:
    body = prefix + _digits(rng, length - len(prefix) - 1)
    return body + luhn_digit(body)


# ----------------------------------------------------------------------------------------------------------
# Shared vocabularies and small helpers
# ----------------------------------------------------------------------------------------------------------

def _n(rng: random.Random) -> int:
    return rng.randint(MIN_VALUES, MAX_VALUES)


def _col(rng: random.Random, fn: Callable[[], str]) -> list[str]:
    return [fn() for _ in range(_n(rng))]


def _pick_vocab(rng: random.Random, vocab: tuple[str, ...], k_lo: int = 3, k_hi: int = 8) -> tuple[str, ...]:
    k = min(len(vocab), rng.randint(k_lo, k_hi))
    return tuple(rng.sample(vocab, k))


def _skewed(rng: random.Random, vocab: tuple[str, ...]) -> Callable[[], str]:
    weights = [1.0 / (i + 1) for i in range(len(vocab))]
    return lambda: rng.choices(vocab, weights)[0]


def _hex(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789abcdef") for _ in range(n))


def _uuid(rng: random.Random, upper: bool = False) -> str:
    h = _hex(rng, 32)
    h = h[:12] + "4" + h[13:16] + rng.choice("89ab") + h[17:]
    u = f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
    return u.upper() if upper else u


def _alnum(rng: random.Random, n: int, alphabet: str = string.ascii_uppercase + string.digits) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


_BRANDS_ZH = tuple(dict.fromkeys(b for leaf in demo_gen.LEAVES for b, _ in leaf.brand_models))
_BRANDS_EN = ("Apple", "Samsung", "Sony", "Nike", "Adidas", "Anker", "Logitech", "Philips", "Dyson", "Lego",
              "Nestle", "L'Oreal", "Estee Lauder", "Uniqlo", "Levi's", "Bose", "Canon", "Dell", "HP", "Lenovo",
              "Xiaomi", "Huawei", "Panasonic", "KitchenAid", "Pampers", "Colgate", "Gillette", "Kindle", "JBL")
_NOUNS_EN = ("Wireless Earbuds", "Phone Case", "Running Shoes", "Yoga Mat", "Coffee Maker", "Air Fryer",
             "Laptop Stand", "USB-C Cable", "Backpack", "Water Bottle", "Desk Lamp", "Bluetooth Speaker",
             "Face Moisturizer", "Shampoo", "Baby Wipes", "Building Blocks Set", "Down Jacket", "T-Shirt",
             "Summer Dress", "Vacuum Cleaner", "Mechanical Keyboard", "Gaming Mouse", "Smart Watch")
_ADJ_EN = ("Premium", "Portable", "Ultra-Thin", "Waterproof", "Lightweight", "Organic", "Noise Cancelling",
           "Fast Charging", "Stainless Steel", "Non-Slip", "Rechargeable", "Classic", "Slim Fit", "Heavy Duty")
_SPECS_EN = ("256GB", "Black", "Pack of 2", "Large", "1.5L", "20000mAh", "Size M", "Blue", "6.1 inch", "500ml",
             "Medium", "Set of 4", "White", "US Plug")
_CATS_EN = (("Electronics", "Cell Phones & Accessories", "Cases"), ("Electronics", "Headphones", "Earbuds"),
            ("Home & Kitchen", "Kitchen & Dining", "Coffee Makers"), ("Clothing", "Women", "Dresses"),
            ("Sports & Outdoors", "Fitness", "Yoga"), ("Beauty", "Skin Care", "Moisturizers"),
            ("Toys & Games", "Building Toys", "Blocks"), ("Books", "Fiction", "Mystery"),
            ("Grocery", "Snacks", "Nuts"), ("Baby", "Diapering", "Wipes"))
_AISLES_EN = ("fresh fruits", "fresh vegetables", "packaged cheese", "yogurt", "milk", "chips pretzels",
              "soft drinks", "frozen meals", "bread", "ice cream ice", "energy granola bars", "baby food formula")
_DEPTS_EN = ("produce", "dairy eggs", "snacks", "beverages", "frozen", "pantry", "bakery", "household",
             "personal care", "babies", "meat seafood", "deli")
_FIRST_EN = ("James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda", "William",
             "Elizabeth", "David", "Susan", "Emily", "Daniel", "Sarah", "Chris", "Jessica", "Kevin", "Laura", "Ryan")
_LAST_EN = ("Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Wilson", "Anderson",
            "Taylor", "Thomas", "Moore", "Martin", "Lee", "Clark", "Lewis", "Walker", "Hall", "Young")
_US_STATES = (("California", "CA", "Los Angeles", "900"), ("New York", "NY", "New York", "100"),
              ("Texas", "TX", "Houston", "770"), ("Illinois", "IL", "Chicago", "606"),
              ("Washington", "WA", "Seattle", "981"), ("Florida", "FL", "Miami", "331"),
              ("Massachusetts", "MA", "Boston", "021"), ("Georgia", "GA", "Atlanta", "303"))
_US_STREETS = ("Main St", "Oak Ave", "Maple Dr", "Park Ave", "Elm St", "Washington Blvd", "Lake Rd",
               "Sunset Blvd", "Pine St", "2nd Ave")
_COUNTRIES_EN = ("China", "United States", "Japan", "Germany", "United Kingdom", "France", "Canada", "Brazil",
                 "India", "Australia", "South Korea", "Singapore")
_COUNTRY_CODES = ("CN", "US", "JP", "DE", "GB", "FR", "CA", "BR", "IN", "AU", "KR", "SG")
_COUNTRIES_ZH = ("中国", "美国", "日本", "德国", "英国", "法国", "韩国", "新加坡", "澳大利亚", "加拿大")
_CITY_CENTERS = ((39.9042, 116.4074), (31.2304, 121.4737), (23.1291, 113.2644), (22.5431, 114.0579),
                 (30.2741, 120.1551), (30.5728, 104.0668), (34.3416, 108.9398), (32.0603, 118.7969),
                 (30.5928, 114.3055), (29.5630, 106.5516))
_POSTAL_CN = ("100", "200", "300", "400", "510", "518", "310", "610", "430", "710", "210", "215", "250", "266")
_ZH_REVIEW_EXTRA = tuple(p for _, pos, neg in demo_gen.TOP_CATEGORY_PHRASES for p in pos + neg)
_EN_REVIEW = ("Great product, works as described.", "Arrived quickly and well packaged.",
              "Battery life is amazing!", "Not worth the money.", "Stopped working after two weeks.",
              "Fits perfectly, very comfortable.", "Color is different from the picture.",
              "Would definitely buy again.", "Customer service was helpful.", "Cheap plastic, broke easily.",
              "My kids love it", "Five stars, highly recommend.", "Okay for the price.", "Too small, returned it.")


def _zh_name(rng: random.Random) -> str:
    chars = demo_gen.MALE_GIVEN_CHARS if rng.random() < 0.5 else demo_gen.FEMALE_GIVEN_CHARS
    given = rng.choice(chars) + (rng.choice(chars) if rng.random() < 0.7 else "")
    return rng.choice(demo_gen.SURNAMES) + given


def _en_name(rng: random.Random) -> str:
    return f"{rng.choice(_FIRST_EN)} {rng.choice(_LAST_EN)}"


def _cn_mobile(rng: random.Random) -> str:
    return rng.choice(demo_gen.MOBILE_PREFIXES) + _digits(rng, 8)


def _zh_title(rng: random.Random) -> str:
    leaf = rng.choice(demo_gen.LEAVES)
    brand, model = rng.choice(leaf.brand_models)
    if model:
        parts = [brand, model, rng.choice(leaf.specs), rng.choice(leaf.variants), rng.choice(leaf.nouns)]
        if rng.random() < 0.5:
            parts.insert(0, rng.choice(leaf.adjectives))
    else:
        parts = [brand, rng.choice(leaf.adjectives), rng.choice(leaf.adjectives), rng.choice(leaf.nouns),
                 rng.choice(leaf.variants)]
    return " ".join(p for p in parts if p)


def _en_title(rng: random.Random) -> str:
    t = f"{rng.choice(_BRANDS_EN)} {rng.choice(_ADJ_EN)} {rng.choice(_NOUNS_EN)}"
    if rng.random() < 0.7:
        t += rng.choice((", ", " - ", " ")) + rng.choice(_SPECS_EN)
    return t


def _zh_address(rng: random.Random) -> str:
    r = rng.choice(demo_gen.REGIONS)
    street = rng.choice(r.streets + demo_gen.GENERIC_STREETS)
    city = "" if r.city == r.province else r.city
    s = f"{r.province}{city}{r.district}{street}{rng.randint(1, 999)}号"
    if rng.random() < 0.7:
        s += f"{rng.choice(demo_gen.COMMUNITIES)}{rng.randint(1, 30)}栋{rng.randint(1, 30)}{rng.randint(1, 4):02d}室"
    return s


def _en_address(rng: random.Random) -> str:
    _state, abbr, city, zip3 = rng.choice(_US_STATES)
    s = f"{rng.randint(1, 9999)} {rng.choice(_US_STREETS)}"
    if rng.random() < 0.3:
        s += f", Apt {rng.randint(1, 40)}{rng.choice('ABCD')}"
    return f"{s}, {city}, {abbr} {zip3}{rng.randint(0, 99):02d}"


def _epoch(rng: random.Random) -> int:
    return rng.randint(1483228800, 1704067200)  # 2017-01-01 .. 2024-01-01 UTC


def _ymdhms(sec: int) -> tuple[int, int, int, int, int, int]:
    days, rem = divmod(sec, 86400)
    # civil-from-days (Howard Hinnant), avoiding datetime for speed-neutral clarity
    z = days + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    y = yoe + era * 400
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + 3 if mp < 10 else mp - 9
    return y + (m <= 2), m, d, rem // 3600, rem % 3600 // 60, rem % 60


# ----------------------------------------------------------------------------------------------------------
# Value generators, one per type: (rng, lang) -> 20..40 strings
# ----------------------------------------------------------------------------------------------------------

def _gen_user_id(rng: random.Random, lang: str) -> list[str]:
    mode = rng.randrange(5)
    if mode == 0:
        lo = 10 ** rng.randint(4, 8)
        return _col(rng, lambda: str(rng.randint(lo, lo * 10 - 1)))
    if mode == 1:
        return _col(rng, lambda: f"U{rng.randint(1, 999999):06d}")
    if mode == 2 and lang == "en":
        return _col(rng, lambda: "A" + _alnum(rng, rng.randint(12, 13)))  # Amazon reviewer ids
    if mode == 2:
        return _col(rng, lambda: f"tb_{_alnum(rng, 8, string.ascii_lowercase + string.digits)}")
    if mode == 3:
        pre = rng.choice(("CUST", "C", "M", "VIP"))
        return _col(rng, lambda: f"{pre}{rng.choice(('', '-'))}{rng.randint(1, 99999):05d}")
    return _col(rng, lambda: str(rng.randint(1, 1_000_000)))


def _gen_item_id(rng: random.Random, lang: str) -> list[str]:
    mode = rng.randrange(6)
    if mode == 0:
        lo = 10 ** rng.randint(5, 11)
        return _col(rng, lambda: str(rng.randint(lo, lo * 10 - 1)))
    if mode == 1:
        pre = rng.choice(("SKU", "SKU-", "SP", "G"))
        return _col(rng, lambda: f"{pre}{rng.randint(1, 999999):06d}")
    if mode == 2:
        return _col(rng, lambda: "B0" + _alnum(rng, 8))
    if mode == 3:
        pre = rng.choice(("690", "692", "693", "400", "500", "978"))
        return _col(rng, lambda: ean13(pre + _digits(rng, 9)))
    if mode == 4:  # UPC-A
        return _col(rng, lambda: ean13("0" + _digits(rng, 11))[1:])
    return _col(rng, lambda: f"{rng.randint(100, 99999)}-{rng.choice(('S', 'M', 'L', 'BK', 'WH'))}")


def _gen_order_id(rng: random.Random, lang: str) -> list[str]:
    mode = rng.randrange(6)
    if mode == 0:
        n = rng.randint(16, 19)
        return _col(rng, lambda: str(rng.randint(1, 9)) + _digits(rng, n - 1))
    if mode == 1:
        pre = rng.choice(("O", "E", "DD", "SO", ""))

        def f() -> str:
            y, m, d, *_ = _ymdhms(_epoch(rng))
            return f"{pre}{y:04d}{m:02d}{d:02d}{_digits(rng, rng.choice((6, 8, 10)))}"
        return _col(rng, f)
    if mode == 2:  # hard negative: 11 digits starting with 1, looks like a mobile
        return _col(rng, lambda: "1" + str(rng.randint(0, 9)) + _digits(rng, 9))
    if mode == 3:
        return _col(rng, lambda: f"{rng.randint(100, 999)}-{_digits(rng, 7)}-{_digits(rng, 7)}")
    if mode == 4:
        start = rng.randint(1, 3_000_000)
        return [str(start + i * rng.randint(1, 3)) for i in range(_n(rng))]
    pre = rng.choice(("ORD-", "#", "INV-"))
    return _col(rng, lambda: f"{pre}{rng.randint(10000, 999999)}")


def _gen_category_id(rng: random.Random, lang: str) -> list[str]:
    mode = rng.randrange(4)
    if mode == 0:
        hi = rng.choice((21, 134, 500))
        pool = tuple(str(rng.randint(1, hi)) for _ in range(rng.randint(4, 15)))
        return _col(rng, _skewed(rng, pool))
    if mode == 1:
        pool = tuple(str(leaf.category_id) for leaf in demo_gen.LEAVES)
        pool = _pick_vocab(rng, pool, 4, 12)
        return _col(rng, _skewed(rng, pool))
    if mode == 2:
        pool = tuple(f"C{rng.randint(1, 9999):04d}" for _ in range(rng.randint(3, 10)))
        return _col(rng, lambda: rng.choice(pool))
    pool = tuple(str(rng.randint(10000, 99999)) for _ in range(rng.randint(5, 15)))
    return _col(rng, lambda: rng.choice(pool))


def _gen_shop_id(rng: random.Random, lang: str) -> list[str]:
    mode = rng.randrange(3)
    if mode == 0:
        pool = tuple(str(rng.randint(1000, 9_999_999)) for _ in range(rng.randint(5, 25)))
    elif mode == 1:
        pre = rng.choice(("S", "SHOP", "M", "MCH"))
        pool = tuple(f"{pre}{rng.randint(1, 99999):05d}" for _ in range(rng.randint(5, 25)))
    else:
        pool = tuple("A" + _alnum(rng, 13) for _ in range(rng.randint(5, 25)))
    return _col(rng, lambda: rng.choice(pool))


def _gen_ad_id(rng: random.Random, lang: str) -> list[str]:
    mode = rng.randrange(4)
    if mode == 0:
        pool = tuple(str(rng.randint(100000, 9_999_999)) for _ in range(rng.randint(5, 30)))
        return _col(rng, lambda: rng.choice(pool))
    if mode == 1:
        pre = rng.choice(("cmp_", "cr_", "adg_", "camp-", "ad_"))
        return _col(rng, lambda: f"{pre}{rng.randint(1, 999999)}")
    if mode == 2:
        return _col(rng, lambda: str(rng.randint(10 ** 14, 10 ** 16)))
    return _col(rng, lambda: str(rng.randint(1, 5000)))


def _gen_session_id(rng: random.Random, lang: str) -> list[str]:
    mode = rng.randrange(4)
    if mode == 0:
        return _col(rng, lambda: _hex(rng, 32))
    if mode == 1:
        return _col(rng, lambda: _uuid(rng))
    if mode == 2:
        return _col(rng, lambda: "sess_" + _hex(rng, 16))
    return _col(rng, lambda: f"{_epoch(rng)}{_digits(rng, 3)}_{_hex(rng, 8)}")


def _gen_identifier(rng: random.Random, lang: str) -> list[str]:
    mode = rng.randrange(5)
    if mode == 0:
        return _col(rng, lambda: _hex(rng, 32))
    if mode == 1:
        return _col(rng, lambda: _uuid(rng, upper=rng.random() < 0.2))
    if mode == 2:  # sequential serial ints
        start = rng.choice((0, 1, rng.randint(1, 10 ** 6)))
        return [str(start + i) for i in range(_n(rng))]
    if mode == 3:
        pre = rng.choice(("ID", "R", "LOG", "EVT"))
        return _col(rng, lambda: f"{pre}{rng.randint(1, 10 ** 8):08d}")
    return _col(rng, lambda: str(rng.randint(10 ** 9, 10 ** 10)))  # large ints that are not timestamps


def _gen_product_title(rng: random.Random, lang: str) -> list[str]:
    if lang == "zh":
        return _col(rng, lambda: _zh_title(rng) if rng.random() < 0.85 else _en_title(rng))
    return _col(rng, lambda: _en_title(rng))


def _gen_brand(rng: random.Random, lang: str) -> list[str]:
    vocab = _BRANDS_ZH if lang == "zh" else _BRANDS_EN
    pool = _pick_vocab(rng, vocab, 4, 15)
    return _col(rng, _skewed(rng, pool))


def _gen_category_name(rng: random.Random, lang: str) -> list[str]:
    mode = rng.randrange(3)
    if lang == "zh":
        if mode == 0:
            sep = rng.choice((demo_gen.CATEGORY_SEPARATOR,) + demo_gen.CATEGORY_SEPARATOR_VARIANTS)
            depth = rng.choice((2, 3))
            return _col(rng, lambda: sep.join(rng.choice(demo_gen.LEAVES).path[:depth]))
        level = rng.randrange(3)
        pool = tuple(dict.fromkeys(leaf.path[level] for leaf in demo_gen.LEAVES))
        return _col(rng, lambda: rng.choice(pool))
    if mode == 0:
        sep = rng.choice((" > ", ">", "/", "|"))
        return _col(rng, lambda: sep.join(rng.choice(_CATS_EN)[:rng.choice((2, 3))]))
    if mode == 1:
        return _col(rng, lambda: rng.choice(_AISLES_EN))
    return _col(rng, lambda: rng.choice(_DEPTS_EN + tuple(c[0] for c in _CATS_EN)))


def _gen_price(rng: random.Random, lang: str) -> list[str]:
    hi = rng.choice((50, 300, 2000, 15000))
    cents = rng.random() < 0.7
    mode = rng.randrange(6)

    def amount() -> float:
        x = rng.uniform(0.5, hi) if rng.random() < 0.5 else rng.choice((9.9, 19.9, 29.9, 99, 199, 299)) * (hi / 300)
        return round(x, 2) if cents else float(int(x) + (0 if rng.random() < 0.5 else 0.99))

    if mode == 0:
        sym = "¥" if lang == "zh" else rng.choice(("$", "€", "£"))
        return _col(rng, lambda: f"{sym}{amount():,.2f}")
    if mode == 1:
        return _col(rng, lambda: f"{amount():,.2f}")
    if mode == 2 and lang == "zh":
        return _col(rng, lambda: f"{amount():g}元")
    if mode == 2:
        return _col(rng, lambda: f"{amount():.2f} USD")
    if mode == 3:  # refunds can be negative
        return _col(rng, lambda: f"{amount() * (-1 if rng.random() < 0.08 else 1):.2f}")
    if mode == 4:
        return _col(rng, lambda: f"{amount():g}")
    return _col(rng, lambda: f"{amount():.1f}")


def _gen_currency(rng: random.Random, lang: str) -> list[str]:
    if lang == "zh":
        vocab = rng.choice((("CNY", "USD", "HKD", "EUR", "JPY"), ("人民币", "美元", "港币", "欧元", "日元"),
                            ("RMB", "USD", "HKD")))
    else:
        vocab = rng.choice((("USD", "EUR", "GBP", "JPY", "CAD", "AUD", "CNY"), ("usd", "eur", "gbp"),
                            ("US Dollar", "Euro", "British Pound")))
    return _col(rng, _skewed(rng, vocab))


def _gen_quantity(rng: random.Random, lang: str) -> list[str]:
    mode = rng.randrange(3)
    if mode == 0:
        return _col(rng, lambda: str(rng.choices(range(1, 11), [40, 20, 10, 6, 5, 3, 2, 2, 1, 1])[0]))
    if mode == 1:  # stock
        return _col(rng, lambda: str(rng.randint(0, rng.choice((50, 300, 999)))))
    if lang == "zh" and rng.random() < 0.5:
        return _col(rng, lambda: f"{rng.randint(1, 12)}件")
    return _col(rng, lambda: str(rng.randint(1, 30)))


def _gen_count_metric(rng: random.Random, lang: str) -> list[str]:
    scale = rng.choice((100, 5000, 200000, 5_000_000))
    fmt = rng.randrange(4)

    def f() -> str:
        v = int(rng.paretovariate(1.2) * scale / 10)
        if fmt == 0 and v >= 1000:
            return f"{v:,}"
        if fmt == 1 and lang == "zh" and v >= 10000:
            return f"{v / 10000:.1f}万"
        return str(v)
    return _col(rng, f)


def _gen_rate_metric(rng: random.Random, lang: str) -> list[str]:
    mode = rng.randrange(4)
    hi = rng.choice((0.05, 0.2, 1.0))
    if mode == 0:
        return _col(rng, lambda: f"{rng.uniform(0, hi):.4f}")
    if mode == 1:
        return _col(rng, lambda: f"{rng.uniform(0, hi) * 100:.2f}%")
    if mode == 2:
        return _col(rng, lambda: f"{rng.uniform(0, hi):.6f}".rstrip("0").rstrip(".") or "0")
    return _col(rng, lambda: f"{rng.uniform(0, hi) * 100:.1f}%")


def _gen_rating(rng: random.Random, lang: str) -> list[str]:
    w = demo_gen.RATING_WEIGHTS
    mode = rng.randrange(5)
    if mode == 0:
        return _col(rng, lambda: str(rng.choices((1, 2, 3, 4, 5), w)[0]))
    if mode == 1:
        return _col(rng, lambda: f"{rng.choice((1.0, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 4.5, 5.0, 5.0)):.1f}")
    if mode == 2 and lang == "zh":
        return _col(rng, lambda: f"{rng.choices((1, 2, 3, 4, 5), w)[0]}星")
    if mode == 2:
        return _col(rng, lambda: f"{rng.choices((1, 2, 3, 4, 5), w)[0]}.0 out of 5 stars")
    if mode == 3:
        return _col(rng, lambda: f"{rng.uniform(3.2, 5.0):.1f}/5")
    return _col(rng, lambda: f"{rng.uniform(1, 5):.2f}")


def _gen_behavior_type(rng: random.Random, lang: str) -> list[str]:
    if lang == "zh":
        vocab = rng.choice((demo_gen.BEHAVIOR_TYPES, ("浏览", "加购", "收藏", "购买"), ("点击", "曝光", "下单"),
                            ("浏览", "搜索", "加购", "支付")))
    else:
        vocab = rng.choice((demo_gen.BEHAVIOR_TYPES, ("click", "expose", "convert"),
                            ("view", "addtocart", "transaction"), ("PV", "CART", "FAV", "BUY"),
                            ("impression", "click", "purchase")))
    return _col(rng, _skewed(rng, vocab))


def _gen_event_label(rng: random.Random, lang: str) -> list[str]:
    p = rng.choice((0.03, 0.1, 0.3, 0.6))
    vals = rng.choice((("0", "1"), ("0", "1"), ("0", "1"), ("0.0", "1.0")))
    out = _col(rng, lambda: vals[1] if rng.random() < p else vals[0])
    out[rng.randrange(len(out))] = vals[1]  # a label column is never all-negative
    return out


def _gen_search_query(rng: random.Random, lang: str) -> list[str]:
    if lang == "zh":
        def f() -> str:
            leaf = rng.choice(demo_gen.LEAVES)
            brand, model = rng.choice(leaf.brand_models)
            r = rng.random()
            if r < 0.35:
                return f"{brand}{model}".strip()
            if r < 0.7:
                return f"{rng.choice(leaf.adjectives)}{rng.choice(leaf.nouns)}"
            return f"{rng.choice(leaf.nouns)} {rng.choice(leaf.variants)}"
    else:
        def f() -> str:
            r = rng.random()
            if r < 0.4:
                return rng.choice(_NOUNS_EN).lower()
            if r < 0.7:
                return f"{rng.choice(_BRANDS_EN).lower()} {rng.choice(_NOUNS_EN).lower()}"
            return f"{rng.choice(_ADJ_EN).lower()} {rng.choice(_NOUNS_EN).lower()} {rng.choice(('', 'for men', 'for women', 'cheap', 'best'))}".strip()
    return _col(rng, f)


def _gen_review_text(rng: random.Random, lang: str) -> list[str]:
    if lang == "zh":
        phrases = demo_gen.POSITIVE_PHRASES + demo_gen.NEUTRAL_PHRASES + demo_gen.NEGATIVE_PHRASES + _ZH_REVIEW_EXTRA

        def f() -> str:
            s = "，".join(rng.sample(phrases, rng.randint(2, 5))) + rng.choice(("。", "！", "", "~"))
            s += rng.choice(demo_gen.POSITIVE_EMOJI) if rng.random() < 0.2 else ""
            while len(s) < 10:
                s = rng.choice(phrases) + "，" + s
            return s[:80] if rng.random() > 0.05 else demo_gen.DEFAULT_REVIEW
    else:
        def f() -> str:
            s = " ".join(rng.sample(_EN_REVIEW, rng.randint(1, 3)))
            return s[:80]
    return _col(rng, f)


def _gen_description(rng: random.Random, lang: str) -> list[str]:
    if lang == "zh":
        def f() -> str:
            leaf = rng.choice(demo_gen.LEAVES)
            brand, model = rng.choice(leaf.brand_models)
            return (f"【{brand}官方正品】{brand}{model}{rng.choice(leaf.nouns)}，{rng.choice(leaf.adjectives) or '品质之选'}设计，"
                    f"规格{rng.choice(leaf.specs)}，颜色{rng.choice(leaf.variants)}可选。"
                    f"{rng.choice(('全国包邮，', '7天无理由退换，', '正品保障，假一赔十，'))}"
                    f"{rng.choice(('下单即送精美礼品。', '支持花呗分期。', '48小时内发货，售后无忧。'))}")
    else:
        def f() -> str:
            return (f"The {rng.choice(_BRANDS_EN)} {rng.choice(_ADJ_EN).lower()} {rng.choice(_NOUNS_EN).lower()} is "
                    f"designed for everyday use. {rng.choice(('Made from durable materials', 'Built with premium components', 'Crafted with care'))}, "
                    f"it {rng.choice(('fits most needs', 'lasts for years', 'is easy to clean'))}. "
                    f"Package includes: 1 x {rng.choice(_NOUNS_EN)}, user manual. {rng.choice(('1-year warranty.', 'Ships in 24 hours.', ''))}").strip()
    return _col(rng, f)


def _gen_url(rng: random.Random, lang: str) -> list[str]:
    if lang == "zh":
        mode = rng.randrange(3)
        if mode == 0:
            return _col(rng, lambda: f"https://item.taobao.com/item.htm?id={rng.randint(10 ** 11, 10 ** 12)}")
        if mode == 1:
            return _col(rng, lambda: f"https://img.alicdn.com/imgextra/i{rng.randint(1, 4)}/{rng.randint(10 ** 9, 10 ** 10)}/O1CN01{_alnum(rng, 12, string.ascii_letters + string.digits)}.jpg")
        return _col(rng, lambda: f"https://item.jd.com/{rng.randint(10 ** 8, 10 ** 11)}.html")
    mode = rng.randrange(3)
    if mode == 0:
        return _col(rng, lambda: f"https://www.amazon.com/dp/B0{_alnum(rng, 8)}")
    if mode == 1:
        return _col(rng, lambda: f"https://m.media-amazon.com/images/I/{_alnum(rng, 11, string.ascii_letters + string.digits)}._AC_SL1500_.jpg")
    return _col(rng, lambda: f"https://www.example-shop.com/{rng.choice(('products', 'p', 'item'))}/{rng.randint(1, 99999)}?utm_source={rng.choice(('google', 'email', 'fb'))}")


def _gen_timestamp(rng: random.Random, lang: str) -> list[str]:
    mode = rng.randrange(6)
    if mode == 0:  # unix seconds; hard negative vs 10-digit ids
        base = rng.randint(1483228800, 1700000000)
        return _col(rng, lambda: str(base + rng.randint(0, 9 * 86400)))
    if mode == 1:
        return _col(rng, lambda: str(_epoch(rng) * 1000 + rng.randint(0, 999)))

    def fmt(sec: int) -> str:
        y, m, d, hh, mm, ss = _ymdhms(sec)
        if mode == 2:
            return f"{y:04d}-{m:02d}-{d:02d} {hh:02d}:{mm:02d}:{ss:02d}"
        if mode == 3:
            return f"{y:04d}-{m:02d}-{d:02d}T{hh:02d}:{mm:02d}:{ss:02d}" + rng.choice(("Z", "+08:00", ".000Z"))
        if mode == 4:
            return f"{y:04d}/{m}/{d} {hh}:{mm:02d}" if lang == "zh" else f"{m}/{d}/{y:04d} {hh:02d}:{mm:02d}"
        return f"{y:04d}{m:02d}{d:02d}{hh:02d}{mm:02d}{ss:02d}"
    return _col(rng, lambda: fmt(_epoch(rng)))


def _gen_date(rng: random.Random, lang: str) -> list[str]:
    mode = rng.randrange(6 if lang == "zh" else 5)
    birth = rng.random() < 0.2

    def f() -> str:
        sec = rng.randint(-631152000, 946684800) if birth else _epoch(rng)
        y, m, d, *_ = _ymdhms(sec)
        return (f"{y:04d}-{m:02d}-{d:02d}", f"{y:04d}{m:02d}{d:02d}", f"{y:04d}/{m:02d}/{d:02d}",
                f"{m:02d}/{d:02d}/{y:04d}" if lang == "en" else f"{y:04d}.{m:02d}.{d:02d}",
                f"{y:04d}-{m}-{d}", f"{y:04d}年{m}月{d}日")[mode]
    return _col(rng, f)


def _gen_time_part(rng: random.Random, lang: str) -> list[str]:
    mode = rng.randrange(6)
    if mode in (0, 1):
        hours = tuple(range(len(demo_gen.HOUR_WEIGHTS)))  # 24 diurnal weights
        return _col(rng, lambda: str(rng.choices(hours, demo_gen.HOUR_WEIGHTS)[0]))
    if mode == 2:
        return _col(rng, lambda: str(rng.randint(0, 6)))
    if mode == 3:
        return _col(rng, lambda: str(rng.randint(1, 12)))
    if mode == 4:
        names = (("周一", "周二", "周三", "周四", "周五", "周六", "周日") if lang == "zh" else
                 ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"))
        return _col(rng, lambda: rng.choice(names))
    if lang == "zh":
        return _col(rng, lambda: f"{rng.randint(0, 23)}时" if rng.random() < 0.5 else f"{rng.randint(1, 12)}月")
    return _col(rng, lambda: rng.choice(("Q1", "Q2", "Q3", "Q4")))


def _gen_duration(rng: random.Random, lang: str) -> list[str]:
    mode = rng.randrange(5)
    if mode == 0:
        return _col(rng, lambda: f"{float(rng.choice(range(31))):.1f}")
    if mode == 1:
        return _col(rng, lambda: str(int(rng.expovariate(1 / 60))))
    if mode == 2:
        def hms() -> str:
            s = int(rng.expovariate(1 / 400))
            return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"
        return _col(rng, hms)
    if mode == 3:
        return _col(rng, lambda: f"{rng.expovariate(1 / 120):.3f}")
    if lang == "zh":
        return _col(rng, lambda: f"{rng.randint(0, 59)}分{rng.randint(0, 59)}秒" if rng.random() < 0.5 else f"{rng.randint(1, 300)}秒")
    return _col(rng, lambda: f"{rng.randint(1, 300)}s" if rng.random() < 0.5 else f"{rng.randint(1, 59)} min")


_NICK_WORDS_EN = ("sunny", "happy", "blue", "lucky", "coffee", "pixel", "tiger", "moon", "star", "ninja",
                  "cool", "silver", "rocket", "panda", "film", "music", "gamer", "shop", "daily", "wild")
_NICK_WORDS_ZH = ("快乐", "小鱼", "阳光", "幸福", "宝贝", "小猫", "微笑", "星星", "糖果", "木子", "爱吃鱼",
                  "追风", "少年", "小仙女", "晴天", "清风", "大白", "可乐")


def _nick(rng: random.Random, lang: str) -> str:
    """An account name as shops and review sites show people: buyer nicks, reviewer handles."""
    mode = rng.randrange(4)
    if lang == "zh":
        if mode == 0:
            return f"tb{_digits(rng, rng.randint(6, 10))}" + (f"_{rng.randint(1, 99)}" if rng.random() < 0.3 else "")
        if mode == 1:
            return "".join(rng.sample(_NICK_WORDS_ZH, 2)) + (str(rng.randint(1, 2024)) if rng.random() < 0.4 else "")
        if mode == 2:
            n = "".join(rng.sample(_NICK_WORDS_ZH, 2))
            return n[0] + "***" + n[-1]  # how Taobao shows a buyer nick to others
        return f"{rng.choice(_NICK_WORDS_ZH)}_{rng.choice(_NICK_WORDS_EN)}{rng.randint(1, 999)}"
    first, last = rng.choice(_FIRST_EN).lower(), rng.choice(_LAST_EN).lower()
    if mode == 0:
        return f"{first}{last[:rng.randint(1, len(last))]}{rng.randint(1, 99) if rng.random() < 0.7 else ''}"
    if mode == 1:
        return f"{first}{rng.choice(('.', '_', ''))}{last}"
    if mode == 2:
        return "".join(rng.sample(_NICK_WORDS_EN, 2)) + str(rng.randint(1, 2024))
    return f"{first[0]}{last}{rng.randint(1, 99)}"


def _gen_person_name(rng: random.Random, lang: str) -> list[str]:
    if rng.random() < 0.2:
        if rng.random() < 0.3:  # one poster for a whole page of reviews or articles
            author = _nick(rng, lang)
            return _col(rng, lambda: author)
        return _col(rng, lambda: _nick(rng, lang))
    if lang == "zh":
        mode = rng.randrange(3)
        if mode == 0:
            return _col(rng, lambda: _zh_name(rng))
        if mode == 1:
            def masked() -> str:
                n = _zh_name(rng)
                return n[0] + "*" * (len(n) - 1) if rng.random() < 0.6 else n[0] + "*" + n[2:]
            return _col(rng, masked)
        return _col(rng, lambda: _zh_name(rng) if rng.random() < 0.85 else rng.choice(demo_gen.SURNAMES) + rng.choice(("先生", "女士")))
    mode = rng.randrange(3)
    if mode == 0:
        return _col(rng, lambda: _en_name(rng))
    if mode == 1:
        return _col(rng, lambda: f"{rng.choice(_FIRST_EN)[0]}. {rng.choice(_LAST_EN)}")
    return _col(rng, lambda: rng.choice(_FIRST_EN))


def _gen_phone_number(rng: random.Random, lang: str) -> list[str]:
    if lang == "zh":
        mode = rng.randrange(5)
        if mode == 0:
            return _col(rng, lambda: _cn_mobile(rng))
        if mode == 1:
            return _col(rng, lambda: rng.choice(("+86 ", "+86-", "86", "+86")) + _cn_mobile(rng))
        if mode == 2:
            def masked() -> str:
                m = _cn_mobile(rng)
                return m[:3] + "****" + m[7:]
            return _col(rng, masked)
        if mode == 3:
            return _col(rng, lambda: f"{rng.choice(('010', '021', '0571', '020', '0755', '028'))}-{rng.randint(2, 8)}{_digits(rng, 7)}")
        def spaced() -> str:
            m = _cn_mobile(rng)
            return f"{m[:3]} {m[3:7]} {m[7:]}"
        return _col(rng, spaced)
    mode = rng.randrange(3)
    if mode == 0:
        return _col(rng, lambda: f"({rng.randint(201, 989)}) {rng.randint(200, 999)}-{_digits(rng, 4)}")
    if mode == 1:
        return _col(rng, lambda: f"+1-{rng.randint(201, 989)}-{rng.randint(200, 999)}-{_digits(rng, 4)}")
    return _col(rng, lambda: f"{rng.randint(201, 989)}.{rng.randint(200, 999)}.{_digits(rng, 4)}")


_PINYIN = ("zhang", "wang", "li", "liu", "chen", "yang", "huang", "zhao", "wu", "zhou", "wei", "fang", "min",
           "jing", "lei", "jun", "yang", "tao", "ming", "hua", "xiao", "yu", "hao", "ting")


def _gen_email(rng: random.Random, lang: str) -> list[str]:
    if lang == "zh":
        def f() -> str:
            if rng.random() < 0.4:
                return f"{rng.randint(10 ** 5, 10 ** 10)}@qq.com"
            user = rng.choice(_PINYIN) + rng.choice(_PINYIN) + (str(rng.randint(1, 2024)) if rng.random() < 0.6 else "")
            return f"{user}@{rng.choice(('163.com', '126.com', 'sina.com', 'foxmail.com', 'aliyun.com', 'gmail.com'))}"
    else:
        def f() -> str:
            first, last = rng.choice(_FIRST_EN).lower(), rng.choice(_LAST_EN).lower()
            user = rng.choice((f"{first}.{last}", f"{first[0]}{last}", f"{first}{rng.randint(1, 99)}", f"{first}_{last}"))
            return f"{user}@{rng.choice(('gmail.com', 'yahoo.com', 'outlook.com', 'hotmail.com', 'icloud.com', 'company.com'))}"
    return _col(rng, f)


def _gen_address(rng: random.Random, lang: str) -> list[str]:
    return _col(rng, lambda: _zh_address(rng) if lang == "zh" else _en_address(rng))


def _gen_postal_code(rng: random.Random, lang: str) -> list[str]:
    if lang == "zh":
        return _col(rng, lambda: rng.choice(_POSTAL_CN) + _digits(rng, 3))
    if rng.random() < 0.7:
        return _col(rng, lambda: rng.choice(_US_STATES)[3] + _digits(rng, 2))
    return _col(rng, lambda: f"{rng.choice(_US_STATES)[3]}{_digits(rng, 2)}-{_digits(rng, 4)}")


def _gen_region(rng: random.Random, lang: str) -> list[str]:
    regions = demo_gen.REGIONS
    if lang == "zh":
        mode = rng.randrange(5)
        if mode == 0:
            return _col(rng, lambda: rng.choice(regions).province)
        if mode == 1:
            return _col(rng, lambda: rng.choice(regions).city)
        if mode == 2:
            return _col(rng, lambda: rng.choice(regions).district)
        if mode == 3:
            return _col(rng, lambda: rng.choice(_COUNTRIES_ZH))
        return _col(rng, lambda: rng.choice(regions).province.rstrip("省市"))
    mode = rng.randrange(4)
    if mode == 0:
        return _col(rng, lambda: rng.choice(_COUNTRIES_EN))
    if mode == 1:
        return _col(rng, _skewed(rng, _COUNTRY_CODES))
    if mode == 2:
        return _col(rng, lambda: rng.choice(_US_STATES)[rng.choice((0, 1))])
    return _col(rng, lambda: rng.choice(("Beijing", "Shanghai", "Shenzhen", "Hangzhou", "Chengdu", "New York",
                                         "London", "Tokyo", "Los Angeles", "Chicago", "Berlin", "Paris")))


def _gen_gender(rng: random.Random, lang: str) -> list[str]:
    if lang == "zh":
        vocab = rng.choice((("男", "女"), ("男", "女", "未知"), ("女", "男", "保密")))
    else:
        vocab = rng.choice((("M", "F"), ("male", "female"), ("Male", "Female", "Unknown"), ("F", "M", "U")))
    return _col(rng, lambda: rng.choice(vocab))


def _gen_age(rng: random.Random, lang: str) -> list[str]:
    mode = rng.randrange(3)
    if mode == 0:
        def age() -> str:
            lo, hi, _ = rng.choices(demo_gen.AGE_BANDS, [b[2] for b in demo_gen.AGE_BANDS])[0]
            return str(rng.randint(max(12, lo - 4), min(80, hi + 5)))
        return _col(rng, age)
    if mode == 1:
        brackets = ("<18", "18-24", "25-29", "30-34", "35-39", "40-49", "50+") if lang == "en" else \
            ("18岁以下", "18-24岁", "25-29岁", "30-34岁", "35-39岁", "40-49岁", "50岁以上")
        return _col(rng, lambda: rng.choice(brackets))
    return _col(rng, lambda: str(rng.randint(12, 80)))


def _gen_device_id(rng: random.Random, lang: str) -> list[str]:
    mode = rng.randrange(5)
    if mode == 0:
        return _col(rng, lambda: _luhn_number(rng, rng.choice(("35", "86", "01")), 15))
    if mode == 1:
        return _col(rng, lambda: _uuid(rng, upper=True))
    if mode == 2:
        sep = rng.choice((":", "-"))
        up = rng.random() < 0.5
        def mac() -> str:
            m = sep.join(_hex(rng, 2) for _ in range(6))
            return m.upper() if up else m
        return _col(rng, mac)
    if mode == 3:
        return _col(rng, lambda: _hex(rng, 32))
    return _col(rng, lambda: _hex(rng, 16))


def _gen_ip_address(rng: random.Random, lang: str) -> list[str]:
    firsts = demo_gen.CN_IP_FIRST_OCTETS if lang == "zh" else (8, 23, 34, 52, 64, 72, 98, 104, 142, 173, 192, 208)
    v6_rate = rng.choice((0.0, 0.0, 0.1))

    def f() -> str:
        if rng.random() < v6_rate:
            return "2409:" + ":".join(_hex(rng, 4).lstrip("0") or "0" for _ in range(7))
        return f"{rng.choice(firsts)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
    return _col(rng, f)


def _gen_national_id(rng: random.Random, lang: str) -> list[str]:
    if lang == "zh" or rng.random() < 0.3:
        x_rate = rng.choice((0.1, 0.25))
        return _col(rng, lambda: _cn_resident_id_x(rng) if rng.random() < x_rate else cn_resident_id(rng))

    def ssn() -> str:
        return f"{rng.randint(1, 665):03d}-{rng.randint(1, 99):02d}-{rng.randint(1, 9999):04d}"
    return _col(rng, ssn)


def _gen_bank_card(rng: random.Random, lang: str) -> list[str]:
    grouped = rng.random() < 0.3
    iban_rate = 0.0 if lang == "zh" else rng.choice((0.0, 0.0, 1.0, 0.15))

    def card() -> str:
        if rng.random() < iban_rate:
            return iban(rng)
        prefix, length = rng.choice((("62", rng.choice((16, 19))), ("622", 19), ("4", 16), ("5" + str(rng.randint(1, 5)), 16)))
        if lang == "en" and prefix.startswith("62"):
            prefix = rng.choice(("4", "51", "55"))
        num = _luhn_number(rng, prefix, length)
        if grouped:
            num = " ".join(num[i:i + 4] for i in range(0, len(num), 4))
        return num
    return _col(rng, card)


def _gen_geo_coordinate(rng: random.Random, lang: str) -> list[str]:
    mode = rng.randrange(3)
    spread = rng.choice((0.05, 0.3, 2.0))

    def point() -> tuple[float, float]:
        lat, lng = rng.choice(_CITY_CENTERS)
        return lat + rng.uniform(-spread, spread), lng + rng.uniform(-spread, spread)
    if mode == 0:
        return _col(rng, lambda: f"{point()[0]:.6f}")
    if mode == 1:
        return _col(rng, lambda: f"{point()[1]:.6f}")
    sep = rng.choice((",", ", "))
    lng_first = rng.random() < 0.5
    def pair() -> str:
        lat, lng = point()
        return f"{lng:.6f}{sep}{lat:.6f}" if lng_first else f"{lat:.6f}{sep}{lng:.6f}"
    return _col(rng, pair)


def _gen_boolean_flag(rng: random.Random, lang: str) -> list[str]:
    pairs = (("0", "1"), ("true", "false"), ("True", "False"), ("Y", "N"), ("yes", "no"))
    if lang == "zh":
        pairs += (("是", "否"), ("是", "否"), ("0", "1"))
    pair = rng.choice(pairs)
    p = rng.uniform(0.05, 0.6)
    return _col(rng, lambda: pair[0] if rng.random() < p else pair[1])


def _gen_categorical_code(rng: random.Random, lang: str) -> list[str]:
    mode = rng.randrange(5)
    if mode == 0:
        pool = tuple(_hex(rng, 8) for _ in range(rng.randint(3, 12)))
        return _col(rng, _skewed(rng, pool))
    if mode == 1:
        vocab = (demo_gen.ORDER_STATUSES if lang == "zh" else
                 ("PAID", "SHIPPED", "DELIVERED", "CANCELLED", "REFUNDING", "PENDING"))
        return _col(rng, _skewed(rng, _pick_vocab(rng, vocab, 3, 6)))
    if mode == 2:
        vocab = (("APP", "小程序", "PC", "H5", "线下门店") if lang == "zh" else
                 ("app", "web", "mini_program", "offline", "api"))
        return _col(rng, _skewed(rng, vocab))
    if mode == 3:
        vocab = demo_gen.DEVICES if rng.random() < 0.5 else ("A", "B", "C", "D")
        return _col(rng, _skewed(rng, vocab))
    pool = tuple(f"{i:02d}" for i in range(1, rng.randint(4, 10)))
    return _col(rng, _skewed(rng, pool))


def _gen_numeric_measure(rng: random.Random, lang: str) -> list[str]:
    mode = rng.randrange(5)
    if mode == 0:  # weight
        unit = rng.choice(("", "", "kg", "g")) if lang == "en" else rng.choice(("", "", "kg", "克"))
        return _col(rng, lambda: f"{rng.uniform(0.05, 30):.2f}{unit}")
    if mode == 1:  # size
        return _col(rng, lambda: f"{rng.uniform(1, 200):.1f}")
    if mode == 2:  # Criteo-like heavy-tailed ints with missing values
        return _col(rng, lambda: "" if rng.random() < 0.15 else str(int(rng.paretovariate(0.9)) - 1))
    if mode == 3:  # scores
        return _col(rng, lambda: f"{rng.gauss(0, 1):.4f}")
    return _col(rng, lambda: f"{rng.uniform(-20, 40):.1f}")


_FREE_ZH = ("请尽快发货", "不要辣", "周末送货", "放快递柜", "发票抬头：个人", "颜色:黑色;尺码:XL", "送人的，不要放价格单",
            "电话联系后再送", "规格：500ml*12瓶", "包装结实一点，谢谢", "尺码：42；颜色：白色", "无", "已与客服沟通",
            "含电池，需走陆运", "赠品随机发", "材质：纯棉，产地：浙江")
_FREE_EN = ("Leave at front door", "Gift wrap please", "Call before delivery", "No plastic bag", "Size: XL; Color: Black",
            "Material: 100% cotton", "Fragile - handle with care", "Deliver after 6pm", "See attached invoice",
            "Customer asked for refund", "Dimensions: 10 x 20 x 5 cm", "N/A for international orders",
            "Backordered, ships next week", "Includes 2 batteries")


def _gen_free_text(rng: random.Random, lang: str) -> list[str]:
    vocab = _FREE_ZH if lang == "zh" else _FREE_EN
    empty = rng.choice((0.0, 0.3, 0.6))
    return _col(rng, lambda: "" if rng.random() < empty else rng.choice(vocab))


VALUE_GENERATORS: dict[str, Callable[[random.Random, str], list[str]]] = {
    name: globals()[f"_gen_{name}"] for name in TYPES
}


# ----------------------------------------------------------------------------------------------------------
# Dirt and assembly
# ----------------------------------------------------------------------------------------------------------

def _dirty(rng: random.Random, values: list[str]) -> list[str]:
    out = list(values)
    for _ in range(rng.randint(1, 3)):
        i = rng.randrange(len(out))
        r = rng.random()
        if r < 0.5:
            out[i] = ""
        elif r < 0.75 and out[i]:
            out[i] = rng.choice((" ", "  ", "\t")) + out[i] + rng.choice(("", " "))
        else:
            out[i] = rng.choice(("N/A", "-", "null", "NULL")) if r < 0.95 else ""
    return out


def generate_columns(n_per_type: int = 30, seed: int = 0) -> list[SynthColumn]:
    """Deterministic labelled columns for every taxonomy type."""
    rng = random.Random(seed)
    out: list[SynthColumn] = []
    for label in TYPES:
        gen = VALUE_GENERATORS[label]
        for _ in range(n_per_type):
            lang = "zh" if rng.random() < 0.5 else "en"
            header = anonymous_header(rng, lang) if rng.random() < ANON_RATE else make_header(rng, label, lang)
            values = gen(rng, lang)
            if rng.random() < DIRT_RATE:
                values = _dirty(rng, values)
            out.append(SynthColumn(header=header, values=values, label=label, lang=lang))
    return out


def to_rows(columns: list[SynthColumn]) -> list[dict[str, str]]:
    """Flat rows (header, label, lang, values joined with ' || ') for CSV / dataset export."""
    return [{"header": c.header, "label": c.label, "lang": c.lang, "values": " || ".join(c.values)}
            for c in columns]
