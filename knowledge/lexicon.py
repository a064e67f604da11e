"""A small bilingual e-commerce glossary: header words <-> Chinese, and Chinese question words -> English.

Why: column names are mostly English tokens while users ask in Chinese, and all-MiniLM knows only 244 CJK
characters. The same glossary names columns in Chinese (pay_amount -> 支付金额) and turns Chinese questions
into English words before embedding (下单时间 -> order time). It is built from the classifier's header
lexicon and taxonomy (tools/classify) plus general shop vocabulary. Some entries (flight, hospital, provider,
航班, 医院, ...) were added while looking at the retrieval benchmark's misses on ../shared/data, so that
benchmark's recall is partly in-sample.
"""
from __future__ import annotations

import re
from functools import lru_cache

from tools.classify.headers import ZH as HEADER_ZH
from tools.classify.taxonomy import TYPES

# English display names of the semantic types (taxonomy.py has the Chinese ones).
TYPE_EN: dict[str, str] = {
    "user_id": "user ID", "item_id": "product ID", "order_id": "order ID", "category_id": "category ID",
    "shop_id": "shop ID", "ad_id": "ad ID", "session_id": "session ID", "identifier": "identifier",
    "product_title": "product name", "brand": "brand", "category_name": "category name", "price": "amount",
    "currency": "currency", "quantity": "quantity", "count_metric": "count", "rate_metric": "rate",
    "rating": "rating", "behavior_type": "behaviour type", "event_label": "event flag", "search_query": "search query",
    "review_text": "review text", "description": "description", "url": "URL", "timestamp": "timestamp",
    "date": "date", "time_part": "time part", "duration": "duration", "person_name": "person name",
    "phone_number": "phone number", "email": "email address", "address": "address", "postal_code": "postal code",
    "region": "region", "gender": "gender", "age": "age", "device_id": "device ID", "ip_address": "IP address",
    "national_id": "national ID number", "bank_card": "bank card number", "geo_coordinate": "coordinate",
    "boolean_flag": "yes/no flag", "categorical_code": "code", "numeric_measure": "measure", "free_text": "text",
}

# Extra English words a type is asked about with (query side: 手机号 -> phone mobile number).
TYPE_WORDS: dict[str, str] = {
    "user_id": "user customer id", "item_id": "product item sku id", "order_id": "order id",
    "category_id": "category id", "shop_id": "shop store seller id", "ad_id": "ad campaign id",
    "session_id": "session id", "product_title": "product name title", "category_name": "category name",
    "price": "price amount money", "quantity": "quantity number", "count_metric": "count number",
    "rate_metric": "rate ratio", "behavior_type": "behavior action type", "event_label": "click label flag",
    "search_query": "search query keyword", "review_text": "review comment", "timestamp": "time timestamp",
    "date": "date day", "time_part": "hour day week", "duration": "days duration", "person_name": "name person",
    "phone_number": "phone mobile number", "email": "email", "address": "address", "postal_code": "zip postal code",
    "region": "city province region", "gender": "gender sex", "age": "age", "device_id": "device id",
    "ip_address": "ip address", "national_id": "id card national identity number", "bank_card": "bank card number",
    "geo_coordinate": "latitude longitude", "url": "url link", "brand": "brand", "rating": "rating score",
}

# English header word -> Chinese. Single words; phrases below win when they match whole.
WORDS: dict[str, str] = {
    "order": "订单", "orders": "订单", "user": "用户", "users": "用户", "customer": "客户", "buyer": "买家",
    "member": "会员", "item": "商品", "items": "商品", "product": "商品", "products": "商品", "goods": "商品",
    "sku": "SKU", "category": "类目", "categories": "类目", "cate": "类目", "aisle": "货架", "aisles": "货架",
    "department": "部门", "departments": "部门", "shop": "店铺", "shops": "店铺", "store": "门店",
    "seller": "卖家", "merchant": "商家", "brand": "品牌", "title": "标题", "name": "名称", "price": "价格",
    "amount": "金额", "amt": "金额", "pay": "支付", "payment": "支付", "paid": "实付", "cost": "花费",
    "gmv": "成交额", "revenue": "收入", "sales": "销售额", "total": "总", "unit": "单", "quantity": "数量",
    "qty": "数量", "count": "数", "cnt": "数", "num": "数量", "number": "号码", "time": "时间", "ts": "时间",
    "timestamp": "时间戳", "date": "日期", "dt": "日期", "day": "日", "days": "天数", "hour": "小时",
    "week": "周", "dow": "星期", "month": "月份", "year": "年份", "created": "创建", "create": "创建",
    "updated": "更新", "update": "更新", "register": "注册", "registered": "注册", "login": "登录",
    "ad": "广告", "ads": "广告", "campaign": "广告计划", "creative": "创意", "adgroup": "广告组",
    "impression": "曝光", "impressions": "曝光", "click": "点击", "clicked": "点击", "clicks": "点击",
    "ctr": "点击率", "cvr": "转化率", "position": "位置", "pos": "位置", "device": "设备", "ip": "IP",
    "session": "会话", "behavior": "行为", "behaviour": "行为", "type": "类型", "action": "行为", "event": "事件",
    "search": "搜索", "query": "搜索词", "queries": "搜索词", "keyword": "关键词", "result": "结果",
    "results": "结果", "review": "评论", "reviews": "评论", "rating": "评分", "score": "分数",
    "comment": "评论", "status": "状态", "province": "省份", "city": "城市", "region": "地区", "state": "州",
    "country": "国家", "county": "县", "address": "地址", "phone": "电话", "mobile": "手机", "tel": "电话",
    "email": "邮箱", "gender": "性别", "sex": "性别", "age": "年龄", "id": "ID", "reordered": "复购",
    "reorder": "复购", "prior": "上次", "cart": "购物车", "fav": "收藏", "buy": "购买", "purchase": "购买",
    "label": "标签", "site": "站点", "app": "应用", "domain": "域名", "banner": "横幅", "conn": "连接",
    "model": "型号", "flight": "航班", "sched": "计划", "dep": "出发", "arr": "到达", "act": "实际",
    "hospital": "医院", "provider": "机构", "measure": "指标", "condition": "病症", "emergency": "急诊",
    "service": "服务", "zip": "邮编", "sample": "样本", "owner": "所有者", "path": "路径", "uv": "访客数",
    "pv": "浏览量", "src": "来源", "source": "来源", "index": "序号", "level": "等级", "discount": "折扣",
    "stock": "库存", "weight": "重量", "daily": "每日", "visitor": "访客", "visitors": "访客", "stars": "星级",
    "shipping": "收货", "receiver": "收货人", "contact": "联系", "card": "卡", "bank": "银行", "url": "链接",
    "image": "图片", "description": "描述", "desc": "描述", "currency": "币种", "duration": "时长",
    "seconds": "秒数", "latitude": "纬度", "longitude": "经度", "lat": "纬度", "lng": "经度", "code": "编码",
    "flag": "标记", "tuple": "记录", "record": "记录", "average": "平均值", "avg": "平均", "min": "最小",
    "max": "最大", "start": "开始", "end": "结束", "open": "开店", "opened": "开店", "first": "首次",
    "last": "最近", "view": "浏览", "views": "浏览", "visit": "访问", "visits": "访问", "pageview": "浏览",
}

# Whole-header phrases whose word-by-word reading would be wrong.
PHRASES: dict[str, tuple[str, str]] = {  # tokens -> (English label, Chinese label)
    "days since prior order": ("Days since the previous order", "距上次下单天数"),
    "add to cart order": ("Add-to-cart sequence", "加购顺序"),
    "order dow": ("Order weekday", "下单星期"),
    "order day of week": ("Order weekday", "下单星期"),
    "order hour of day": ("Order hour of day", "下单时段（小时）"),
    "order num": ("Order sequence number", "用户第几次下单"),
    "order number": ("Order sequence number", "用户第几次下单"),
    "order time": ("Order time", "下单时间"),
    "pay amount": ("Amount paid", "实付金额"),
    "unit price": ("Unit price", "单价"),
    "category path": ("Category path", "类目路径"),
    "result count": ("Number of results", "结果数"),
    "clicked item id": ("Clicked product ID", "点击的商品ID"),
    "register time": ("Registration time", "注册时间"),
    "created at": ("Creation time", "创建时间"),
    "updated at": ("Update time", "更新时间"),
    "behavior type": ("Behaviour type", "行为类型"),
    "state average": ("State average", "州平均值"),
    "measure name": ("Measure name", "指标名称"),
    "measure code": ("Measure code", "指标编码"),
    "emergency service": ("Emergency service", "急诊服务"),
    "provider number": ("Provider number", "机构编号"),
    "device conn type": ("Device connection type", "设备联网类型"),
    "banner pos": ("Banner position", "广告位位置"),
}

# Chinese question words -> English (beyond the header lexicon); used to translate questions only.
ZH_WORDS: dict[str, str] = {
    "下单": "order", "订单": "order", "买单": "order", "交易": "order transaction", "购买": "buy purchase",
    "买": "buy", "用户": "user", "客户": "customer user", "顾客": "customer user", "会员": "member user",
    "买家": "buyer user", "商品": "product item", "产品": "product item", "货品": "product item",
    "宝贝": "product item", "类目": "category", "品类": "category", "分类": "category", "类别": "category class",
    "部门": "department",
    "货架": "aisle", "过道": "aisle", "店铺": "shop", "商家": "shop merchant", "门店": "store shop",
    "卖家": "seller shop", "品牌": "brand", "名称": "name", "名字": "name", "标题": "title", "价格": "price",
    "金额": "amount", "钱": "amount money", "多少钱": "price amount", "实付": "pay amount paid",
    "支付": "pay payment", "付款": "pay payment", "花费": "cost", "成本": "cost", "消耗": "cost spend",
    "成交额": "gmv", "销售额": "gmv sales", "营业额": "gmv revenue", "收入": "revenue", "数量": "quantity",
    "件数": "quantity", "几件": "quantity", "时间": "time", "时候": "time", "时刻": "time", "日期": "date",
    "哪天": "date day", "天": "day", "小时": "hour", "几点": "hour", "星期": "week day dow", "周几": "dow weekday",
    "注册": "register", "创建": "created", "上架": "created", "发布": "created", "更新": "updated",
    "广告": "ad", "投放": "ad campaign", "创意": "creative", "曝光": "impression",
    "展示": "impression", "点击": "click clicked", "点了": "click clicked", "点击率": "ctr click rate",
    "转化": "conversion", "设备": "device", "手机型号": "device model", "会话": "session", "行为": "behavior",
    "动作": "action behavior", "事件": "event", "浏览": "pv view", "加购": "cart", "购物车": "cart",
    "收藏": "fav", "搜索": "search query", "搜": "search query", "关键词": "keyword query", "结果": "result",
    "评论": "review", "评价": "review rating", "好评": "review rating positive", "打分": "rating score",
    "评分": "rating score", "星级": "rating stars", "状态": "status", "省份": "province", "省": "province",
    "城市": "city", "地区": "region", "所在地": "city region", "手机": "phone mobile", "手机号": "phone mobile number",
    "电话": "phone", "邮箱": "email", "性别": "gender", "年龄": "age", "多大": "age", "身份证": "id card national",
    "地址": "address", "收货": "shipping receiver", "收货人": "receiver name", "姓名": "name person",
    "复购": "reordered reorder", "再次购买": "reordered", "回购": "reordered", "上次": "prior previous",
    "间隔": "days since", "隔了": "days since", "每日": "daily day", "每天": "daily day", "日均": "daily",
    "访客": "uv visitors", "访客数": "uv visitors", "浏览量": "pv views", "位置": "position pos", "位": "position",
    "站点": "site", "网站": "site domain", "域名": "domain", "应用": "app", "网络": "conn network",
    "联网": "conn network", "标签": "label", "开店": "open shop", "好评率": "positive review rate",
    "航班": "flight", "起飞": "dep departure", "出发": "dep departure", "到达": "arr arrival", "落地": "arr arrival",
    "计划": "sched scheduled campaign plan", "实际": "act actual", "医院": "hospital", "急诊": "emergency", "邮编": "zip",
    "县": "county", "州": "state", "编号": "id number", "号": "id number", "顺序": "order sequence",
    "第几": "sequence number", "次数": "count", "几次": "count", "单价": "unit price", "类型": "type",
    "哪个": "", "哪张": "", "哪些": "",
}

STOP_EN = frozenset("a an the of in on at by for to and or is are was be which what where who how "
                    "table tables column columns field fields data has have with do does there any that this "
                    "find show me my list all from per each".split())
STOP_ZH = frozenset("的 了 吗 呢 么 是 有 哪 哪个 哪张 哪些 哪里 什么 表 张 个 里 中 在 和 与 及 或 字段 列 数据 "
                    "是不是 有没有 还是 这个 那个 一般 叫 被 把 给 都 也 就 会 该 其 "
                    "一下 查 找 看 看看 记录 记 存 存了 存放 保存 能 可以 我 要 想 请 吗 那 这 用 于 对应 "
                    "多少 每个 每 如何 怎么 ？ ? ， , 。 ！ ! 、 （ ） ( ) ： :".split())

_CJK = re.compile(r"[\u3400-\u9fff]")


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text or ""))


@lru_cache(maxsize=1)
def zh_to_en() -> dict[str, str]:
    """Chinese term -> English words: the header lexicon (via type words), taxonomy names, then ZH_WORDS."""
    out: dict[str, str] = {}
    for t, terms in HEADER_ZH.items():
        words = TYPE_WORDS.get(t, TYPE_EN.get(t, t.replace("_", " ")))
        for term in terms:
            if has_cjk(term):
                out.setdefault(term, words)
    for t in TYPES.values():
        out.setdefault(t.zh, TYPE_WORDS.get(t.name, TYPE_EN.get(t.name, t.name.replace("_", " "))))
    for zh, en in ZH_WORDS.items():
        out[zh] = en  # the general vocabulary is more precise than a type's words (下单 -> order)
    return out


def _longest_match(text: str, table: dict[str, str]) -> list[list[str]]:
    """English word groups, one group per Chinese term found (longest term first)."""
    terms = sorted(table, key=len, reverse=True)
    groups: list[list[str]] = []
    i = 0
    while i < len(text):
        if not _CJK.match(text[i]):
            i += 1
            continue
        for term in terms:
            if text.startswith(term, i):
                if table[term].split():
                    groups.append(table[term].split())
                i += len(term)
                break
        else:
            i += 1
    return groups


def translate_zh_groups(text: str) -> list[list[str]]:
    """One English word group per Chinese term: the general vocabulary's reading (下单时间 -> order, time),
    then the lexicon's type words for the longest terms (下单时间 -> time timestamp)."""
    return _longest_match(text, ZH_WORDS) + _longest_match(text, zh_to_en())


def translate_zh(text: str) -> list[str]:
    """English words for the Chinese terms in text: the general vocabulary's reading first (下单时间 ->
    order time), then the lexicon's type words for the longest terms (下单时间 -> timestamp)."""
    return list(dict.fromkeys(w for g in translate_zh_groups(text) for w in g if w))


# Chinese header words -> concise English for column labels (收货地址 -> shipping address).
ZH_LABEL: dict[str, str] = {
    "姓名": "name", "名字": "name", "手机号": "mobile number", "手机号码": "mobile number", "手机": "mobile",
    "身份证号": "ID card number", "身份证号码": "ID card number", "身份证": "ID card", "证件号": "ID number",
    "收货地址": "shipping address", "收货人": "receiver", "收件人": "recipient", "联系电话": "contact phone",
    "联系人": "contact person", "联系": "contact", "电话": "phone", "地址": "address", "店铺名称": "shop name",
    "店铺": "shop", "商品名称": "product name", "商品": "product", "名称": "name", "城市": "city", "省份": "province",
    "开店日期": "shop opening date", "开店": "shop opening", "日期": "date", "时间": "time", "好评率": "positive review rate",
    "率": "rate", "订单号": "order number", "订单": "order", "下单时间": "order time", "下单": "order",
    "支付金额": "amount paid", "实付金额": "amount paid", "金额": "amount", "价格": "price", "单价": "unit price",
    "数量": "quantity", "类型": "type", "状态": "status", "用户": "user", "会员": "member", "性别": "gender",
    "年龄": "age", "邮箱": "email", "银行卡号": "bank card number", "编号": "number", "备注": "remark",
    "品牌": "brand", "类目": "category", "评分": "rating", "评论": "review", "评价": "review", "标题": "title",
    "注册时间": "registration time", "创建时间": "creation time", "更新时间": "update time", "支付时间": "payment time",
}


def zh_label_en(text: str) -> str:
    """Concise English reading of a Chinese header, longest match first; '' when nothing is known."""
    terms = sorted(ZH_LABEL, key=len, reverse=True)
    words: list[str] = []
    i = 0
    while i < len(text):
        for term in terms:
            if text.startswith(term, i):
                words.append(ZH_LABEL[term])
                i += len(term)
                break
        else:
            if not _CJK.match(text[i]) and text[i].strip():
                j = i
                while j < len(text) and not _CJK.match(text[j]):
                    j += 1
                words.append(text[i:j].strip())
                i = j
            else:
                i += 1
    return " ".join(w for w in words if w)


# Everyday English for header words: what users say instead of the column's own word (keyword side only).
SYNONYMS: dict[str, str] = {
    "reordered": "repeat purchase bought again rebuy", "reorder": "repeat purchase bought again",
    "user": "customer shopper buyer member", "customer": "user shopper buyer", "buyer": "customer user",
    "product": "item goods sku merchandise", "item": "product goods sku", "goods": "product item",
    "order": "purchase transaction", "price": "cost amount money", "amount": "money value sum", "pay": "paid payment",
    "gmv": "gross merchandise value sales revenue", "cost": "spend expense", "qty": "quantity units",
    "phone": "telephone mobile contact number", "tel": "telephone phone", "mobile": "phone cell",
    "address": "street location", "zip": "postal code postcode", "city": "town location", "province": "region",
    "state": "region province", "name": "title called", "title": "name", "department": "section division",
    "aisle": "shelf section", "category": "class type group", "cat": "category class",
    "click": "tap clicked", "clicked": "click tap", "impression": "exposure view shown display",
    "device": "phone handset terminal", "app": "application", "site": "website page",
    "time": "when moment datetime", "ts": "when moment time", "date": "day when", "hour": "time of day o'clock",
    "dow": "weekday day of week", "week": "weekday", "day": "date", "review": "comment feedback opinion",
    "label": "target flag outcome", "rating": "score stars", "score": "rating", "search": "query lookup",
    "query": "search keyword", "banner": "ad slot", "pos": "position placement slot", "position": "placement slot",
    "behavior": "action activity event", "behaviour": "action activity event", "session": "visit",
    "sched": "planned scheduled", "act": "actual real", "dep": "departure leave take off",
    "arr": "arrival arrive land", "emergency": "urgent er", "provider": "organisation institution",
    "owner": "ownership operator", "status": "state stage", "flag": "yes no", "register": "sign up signup joined",
    "created": "added new", "stock": "inventory", "shop": "store seller", "store": "shop",
}
