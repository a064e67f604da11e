"""The semantic types and sensitivity levels pandian predicts (machine-readable copy of column_taxonomy.md).

Names are a contract: types may be added, never renamed. Levels follow GB/T 35273 / PIPL art. 28.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SemanticType:
    name: str
    zh: str
    level: str  # L1..L4
    meaning: str
    typical: str


LEVELS = {
    "L1": "public / business data",
    "L2": "internal: pseudonymous ids, behaviour, coarse demographics",
    "L3": "personal information that identifies or contacts a person",
    "L4": "sensitive personal information (PIPL art. 28)",
}

TYPES: dict[str, SemanticType] = {t.name: t for t in (
    SemanticType('user_id', '用户ID', 'L2', 'pseudonymous user / customer / member key', 'user_id, uid, customer_id, buyer_id, 会员ID'),
    SemanticType('item_id', '商品ID', 'L1', 'product key: item/sku/spu/goods id, ASIN, GTIN/EAN/UPC, ISBN', 'item_id, sku_id, goods_id, asin, upc, ean'),
    SemanticType('order_id', '订单ID', 'L2', 'order / transaction / payment key', 'order_id, trade_no, 订单号'),
    SemanticType('category_id', '类目ID', 'L1', 'numeric or coded category / aisle / department key', 'category_id, cate_id, cid, aisle_id'),
    SemanticType('shop_id', '店铺ID', 'L1', 'shop / seller / merchant / brand key', 'shop_id, seller_id, merchant_id'),
    SemanticType('ad_id', '广告ID', 'L1', 'ad / campaign / creative / adgroup / placement key', 'ad_id, campaign_id, creative_id, adgroup_id'),
    SemanticType('session_id', '会话ID', 'L2', 'session / request / trace / impression key', 'session_id, request_id, pvid'),
    SemanticType('identifier', '其他ID', 'L1', 'any other surrogate key, hash or GUID', 'id, uuid, md5'),
    SemanticType('product_title', '商品标题', 'L1', 'product name or title text', 'title, product_name, 商品名称'),
    SemanticType('brand', '品牌', 'L1', 'brand / manufacturer name', 'brand, brand_name, 品牌'),
    SemanticType('category_name', '类目名称', 'L1', 'category / aisle / department name or path', 'category, cate_name, "A > B > C"'),
    SemanticType('price', '价格', 'L1', 'monetary amount: price, amount, GMV, cost, revenue', 'price, pay_amount, 金额, "$12.99", "¥99"'),
    SemanticType('currency', '币种', 'L1', 'currency code or name', 'CNY, USD, RMB'),
    SemanticType('quantity', '数量', 'L1', 'item counts, stock, quantity bought', 'qty, quantity, stock, number_of_cds'),
    SemanticType('count_metric', '计数指标', 'L1', 'aggregated event counts: pv, uv, clicks, impressions', 'pv, clicks, impressions, 曝光量'),
    SemanticType('rate_metric', '比率指标', 'L1', 'ratio or rate in [0,1] or %: CTR, CVR, discount', 'ctr, cvr, conversion_rate'),
    SemanticType('rating', '评分', 'L1', 'review score / stars', 'rating, stars, score'),
    SemanticType('behavior_type', '行为类型', 'L2', 'user action kind', 'pv/cart/fav/buy, click/expose, behavior'),
    SemanticType('event_label', '事件标记', 'L2', '0/1 outcome of an event: clicked, converted, reordered', 'click, label, is_buy, reordered'),
    SemanticType('search_query', '搜索词', 'L2', 'text a user typed into search', 'query, keyword, 搜索词'),
    SemanticType('review_text', '评论', 'L2', 'user-written review / comment', 'review, comment, 评价'),
    SemanticType('description', '描述', 'L1', 'product or business long text written by the seller', 'description, about_product, 详情'),
    SemanticType('url', '链接', 'L1', 'web or image URL', 'url, image, pic_url'),
    SemanticType('timestamp', '时间戳', 'L1', 'instant in time: datetime string or unix seconds/millis', 'ts, create_time, 1511544070'),
    SemanticType('date', '日期', 'L1', 'calendar date (no time)', 'dt, date, 19970101, 2017-11-25'),
    SemanticType('time_part', '时间分量', 'L1', 'hour / weekday / month number as a small integer', 'hour, order_dow, order_hour_of_day'),
    SemanticType('duration', '时长', 'L1', 'elapsed time: days since, seconds stayed', 'days_since_prior_order, stay_seconds'),
    SemanticType('person_name', '姓名', 'L3', "a person's name", 'name, receiver, 收货人'),
    SemanticType('phone_number', '手机号', 'L3', 'telephone / mobile number', 'phone, mobile, tel, 13812345678'),
    SemanticType('email', '邮箱', 'L3', 'e-mail address', 'email'),
    SemanticType('address', '地址', 'L3', 'street / delivery address', 'address, 收货地址'),
    SemanticType('postal_code', '邮编', 'L2', 'postal / ZIP code', 'zip, postcode, 邮编'),
    SemanticType('region', '地区', 'L2', 'country / province / city / district name or code', 'city, province, country, 省份'),
    SemanticType('gender', '性别', 'L2', 'gender', 'gender, sex, 性别'),
    SemanticType('age', '年龄', 'L2', 'age or age bracket', 'age, age_level, 年龄段'),
    SemanticType('device_id', '设备ID', 'L3', 'device identifier: IMEI, IDFA, OAID, MAC, device hash', 'device_id, imei, idfa, oaid'),
    SemanticType('ip_address', 'IP地址', 'L3', 'IPv4 / IPv6 address', 'ip, client_ip, device_ip'),
    SemanticType('national_id', '身份证号', 'L4', 'national identity number: 18-digit resident id, SSN, passport', 'id_card, 身份证号, ssn'),
    SemanticType('bank_card', '银行卡号', 'L4', 'payment card or bank account number: card PAN, IBAN', 'card_no, bank_account, iban'),
    SemanticType('geo_coordinate', '经纬度', 'L4', 'precise latitude / longitude', 'lat, lng, longitude'),
    SemanticType('boolean_flag', '布尔标记', 'L1', 'other yes/no flag not tied to a user event', 'is_deleted, is_amazon_seller'),
    SemanticType('categorical_code', '编码类别', 'L1', 'low-cardinality code or enum (incl. anonymised hashed features)', 'status, channel, C1..C26 hashed fields'),
    SemanticType('numeric_measure', '数值度量', 'L1', 'other continuous measure: weight, size, score', 'weight, width, I1..I13'),
    SemanticType('free_text', '文本', 'L1', 'other free text', 'remark, note, spec text'),
)}


def level_of(semantic_type: str | None) -> str | None:
    t = TYPES.get(semantic_type or "")
    return t.level if t else None


def is_pii(semantic_type: str | None) -> bool:
    return level_of(semantic_type) in ("L3", "L4")
