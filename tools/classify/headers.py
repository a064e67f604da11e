"""Header lexicon: what a column's name says about its semantic type, in English, Chinese and pinyin.

English headers are split into tokens (user_id, userId, USER-ID -> user, id); a rule matches when all its
tokens are present, and longer rules win (user_name -> person_name beats user -> user_id). Chinese headers
match by substring, longest first. Scores are priors, not verdicts: the values still have their say.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

PREFIXES = ("t", "f", "dim", "ods", "dwd", "dws", "ads", "tmp", "src", "fact", "stg")

# (type, tokens...) ; a token set matches when all of its tokens appear in the header
EN: dict[str, tuple[str, ...]] = {
    "user_id": ("uid", "userid", "user id", "customer id", "buyer id", "member id", "cust id", "client id",
                "account id", "visitor id", "reviewer id", "customer no", "cust no", "member no", "user no", "buyer",
                "customer", "user", "member", "custid", "customerid", "buyerid", "memberid", "yhid", "hyid",
                "passenger id", "guest id", "shopper id"),
    "item_id": ("item id", "sku id", "sku", "spu", "spu id", "goods id", "product id", "prod id", "asin", "upc",
                "ean", "gtin", "isbn", "itemid", "skuid", "goodsid", "productid", "item", "product", "goods", "spid",
                "sku no", "item no", "product code", "item code", "stock code", "stockcode", "article id", "barcode",
                "product number", "product model"),
    "order_id": ("order id", "order no", "order number", "trade no", "trade id", "transaction id", "payment id",
                 "txn id", "order sn", "orderid", "tradeno", "ddh", "ddbh", "order", "invoice id", "invoice no",
                 "bill no", "out trade no", "purchase id", "basket id"),
    "category_id": ("category id", "cate id", "cat id", "cid", "aisle id", "department id", "dept id", "class id",
                    "category code", "item category", "cateid", "categoryid", "catid", "leaf cate id", "cat1 id",
                    "cat2 id", "lmid"),
    "shop_id": ("shop id", "store id", "seller id", "merchant id", "vendor id", "brand id", "shopid", "sellerid",
                "storeid", "merchantid", "supplier id", "dpid", "provider number", "provider id", "seller nick",
                "shop name", "store name", "seller name", "merchant name", "shop nick"),
    "ad_id": ("ad id", "campaign id", "creative id", "adgroup id", "placement id", "adgroup", "campaign", "creative",
              "adid", "campaignid", "ad group id", "unit id", "ad unit id", "banner id", "ggid", "ad"),
    "session_id": ("session id", "session", "request id", "trace id", "pvid", "impression id", "sid", "req id",
                   "sessionid", "requestid", "visit id", "search id", "hhid"),
    "identifier": ("id", "uuid", "guid", "md5", "hash", "pk", "row id", "record id", "tuple id", "serial",
                   "sequential", "key", "index", "idx", "no", "seq", "sequence", "code id", "log id", "event id"),
    "product_title": ("lineitem name", "line item name", "title", "product name", "item name", "goods name",
                      "product title", "item title", "sku name", "prod name", "spmc", "spbt", "productname",
                      "itemname", "goods title", "name of product", "product", "book title", "book name"),
    "brand": ("vendor", "brand", "brand name", "manufacturer", "maker", "make", "brandname", "pp", "ppmc"),
    "category_name": ("category", "cate name", "category name", "aisle", "department", "dept", "cat name",
                      "category path", "class name", "genre", "cate", "catname", "lm", "lmmc", "product category",
                      "category level1", "cat1", "cat2", "cat3", "dept name", "aisle name", "department name", "cat"),
    "price": ("subtotal", "taxes", "shipping cost", "cost per item", "shipping price", "price", "amount", "gmv",
              "cost", "revenue", "pay amount", "total", "fee", "sales", "spend", "payment", "unit price",
              "sale price", "list price", "msrp", "jg", "je", "dj", "amt", "pay amt", "money", "total price",
              "order amount", "paid", "income", "price range", "tax", "shipping fee", "freight", "discount amount",
              "bid", "budget"),
    "currency": ("currency", "cur", "ccy", "currency code", "bz", "curr"),
    "quantity": ("qty", "quantity", "num", "installments", "installment", "stock", "inventory", "units", "number of",
                 "item count", "sl", "pieces", "add to cart order", "cart order", "buy num", "purchase qty",
                 "order qty", "number of cds", "stock num", "kcl"),
    "count_metric": ("pv", "uv", "clicks", "click count", "impressions", "imp", "views", "exposure", "visits", "cnt",
                     "count", "orders", "click cnt", "pv cnt", "imp cnt", "view count", "sessions", "buy cnt",
                     "fav cnt", "cart cnt", "order cnt", "likes", "shares", "followers", "sold", "sales volume",
                     "sample", "order num", "djl", "bgl"),
    "rate_metric": ("ctr", "cvr", "rate", "ratio", "pct", "percent", "conversion rate", "discount", "share",
                    "percentage", "click rate", "bounce rate", "roi", "zhl", "djl rate"),
    "rating": ("rating", "stars", "star", "overall", "review score", "rate score", "score", "pf", "user rating",
               "avg rating", "star rating"),
    "behavior_type": ("behavior", "behaviour", "behavior type", "action", "event type", "btype", "act type",
                      "behaviour type", "action type", "event", "xw", "xwlx", "op type", "operation", "btag"),
    "event_label": ("click", "clicked", "label", "is buy", "is click", "converted", "reordered", "target", "y",
                    "purchased", "is conversion", "is clicked", "is order", "conversion", "is purchase", "sfdj",
                    "clk", "nonclk", "noclk", "is clk"),
    "search_query": ("query", "keyword", "search term", "search query", "kw", "q", "search word", "keywords",
                     "search keyword", "ssc", "gjc", "query text"),
    "review_text": ("review", "comment", "feedback", "review text", "review content", "opinion", "comments",
                    "review body", "pl", "pj", "pjnr", "comment title", "review title", "review summary",
                    "comment message", "review comment"),
    "description": ("body", "body html", "description", "desc", "detail", "details", "about product",
                    "product description", "summary", "intro", "introduction", "about", "ms", "xq",
                    "long description", "item description"),
    "url": ("image src", "img src", "url", "link", "href", "image", "img", "pic url", "image url", "website",
            "homepage", "uri", "photo", "thumbnail", "pic", "picture", "img url", "landing page", "site",
            "image link", "photograph"),
    "timestamp": ("ts", "time", "timestamp", "datetime", "create time", "created at", "updated at", "event time",
                  "order time", "pay time", "log time", "time stamp", "created", "updated", "modified", "ctime",
                  "mtime", "gmt create", "gmt modified", "register time", "reg time", "login time", "click time",
                  "sj", "cjsj", "xdsj", "hour ts", "date time", "dep time", "arr time", "sched dep time",
                  "act dep time", "sched arr time", "act arr time", "start time", "end time", "tm"),
    "date": ("date", "dt", "day", "ds", "birthday", "birth date", "dob", "order date", "pay date", "stat date", "rq",
             "csrq", "biz date", "pt", "partition date", "open date"),
    "time_part": ("hour", "weekday", "dow", "day of week", "month", "order dow", "hour of day", "week", "minute",
                  "quarter", "order hour of day", "order day of week", "hh", "mm", "xs", "xq"),
    "duration": ("duration", "days since", "seconds", "stay", "elapsed", "dwell", "time spent", "latency",
                 "days since prior order", "stay seconds", "stay time", "sc", "tlsc", "watch time", "cost time",
                 "delivery days", "ms spent", "runtime"),
    "person_name": ("employee", "staff", "salesperson", "cashier", "agent name", "user name", "customer name",
                    "receiver", "consignee", "buyer name", "first name", "last name", "full name", "contact",
                    "contact name", "receiver name", "username", "nick", "nickname", "real name", "xm", "shr", "lxr",
                    "name of person", "author", "person", "recipient", "name", "contact person", "cardholder",
                    "buyer nick", "user nick", "nick name", "login name", "reviewer", "reviewer name", "screen name",
                    "display name", "account name"),
    "phone_number": ("phone", "mobile", "tel", "telephone", "cellphone", "phone number", "contact phone", "mobile no",
                     "phone no", "sjh", "dh", "lxdh", "sjhm", "mobile phone", "tel no", "cell", "fax",
                     "receiver phone", "phonenumber"),
    "email": ("email", "mail", "e mail", "email address", "yx", "dzyx"),
    "address": ("address", "addr", "street", "shipping address", "delivery address", "receiver address", "address1",
                "address2", "address3", "dz", "shdz", "xxdz", "street address", "postal address", "addr1"),
    "postal_code": ("zip", "zipcode", "postcode", "postal code", "zip code", "yb", "post code"),
    "region": ("city", "province", "country", "region", "state", "district", "county", "area", "prov", "nation",
               "locality", "cs", "sf", "dq", "town", "country code", "city name", "province name", "location"),
    "gender": ("gender", "sex", "xb"),
    "age": ("age", "age level", "age group", "age range", "nl", "age bucket", "age band"),
    "device_id": ("device id", "imei", "idfa", "oaid", "mac", "android id", "udid", "did", "device hash", "deviceid",
                  "device", "sbh", "sbid", "mac address"),
    "ip_address": ("ip", "client ip", "device ip", "ip address", "ipaddr", "remote addr", "user ip", "ip addr"),
    "national_id": ("id card", "idcard", "ssn", "passport", "national id", "id no", "identity", "id number", "sfz",
                    "sfzh", "zjhm", "identity card", "citizen id", "passport no", "id card no"),
    "bank_card": ("card no", "card number", "bank card", "bank account", "iban", "account no", "pan", "credit card",
                  "yhk", "yhkh", "kh", "card", "bank account no", "debit card", "cardno"),
    "geo_coordinate": ("lat", "lng", "lon", "latitude", "longitude", "geo", "coordinates", "gps", "jd", "wd",
                       "lat lng", "location lat", "location lng", "coord", "geohash"),
    "boolean_flag": ("published", "accepts marketing", "flag", "enabled", "active", "deleted", "is deleted",
                     "is active", "is valid", "valid", "is amazon seller", "has", "emergency service", "is vip",
                     "vip"),
    "categorical_code": ("method", "payment method", "shipping method", "tags", "tag", "discount code", "status",
                         "channel", "type", "level", "lv", "grade", "code", "occupation", "platform", "source",
                         "mode", "kind", "os", "state code", "zt", "qd", "lx", "condition", "availability", "format",
                         "language", "unit", "measure code", "hospital type", "hospital owner", "owner",
                         "site category", "app category", "banner pos", "device type", "device conn type", "src",
                         "flight", "device model", "model", "os version", "app version", "browser", "position", "pos",
                         "slot", "ad slot", "ad position", "placement", "scene", "module"),
    "numeric_measure": ("grams", "gram", "weight", "width", "height", "length", "lenght", "len", "size", "volume",
                        "value", "measure", "temperature", "distance", "mass", "energy", "calories", "zl", "depth",
                        "area size", "score avg"),
    "free_text": ("remark", "note", "notes", "memo", "text", "content", "message", "spec", "bz", "ly", "nr",
                  "specification", "measure name"),
}

ZH: dict[str, tuple[str, ...]] = {
    "user_id": ("用户ID", "用户id", "会员ID", "买家ID", "客户ID", "用户编号", "会员编号", "买家编号", "客户编号",
                "用户号", "会员号", "顾客ID"),
    "item_id": ("商家编码", "商品货号", "款号", "商品ID", "商品id", "商品编号", "货号", "SKU", "条码", "商品编码",
                "宝贝ID", "产品ID", "产品编号"),
    "order_id": ("单号", "物流单号", "运单号", "快递单号", "订单号", "订单ID", "订单编号", "交易号", "流水号",
                 "支付单号", "订单id", "交易单号"),
    "category_id": ("类目ID", "分类ID", "品类ID", "类目编号", "分类编号", "类目id"),
    "shop_id": ("店铺ID", "商家ID", "卖家ID", "门店ID", "品牌ID", "店铺编号", "商户号", "商户ID", "店铺id",
                "店铺名称", "店铺名", "卖家昵称", "商家名称", "商户名称"),
    "ad_id": ("活动ID", "活动id", "广告ID", "计划ID", "创意ID", "广告位ID", "推广计划", "广告id",
              "单元ID"),
    "session_id": ("会话ID", "请求ID", "会话id"),
    "identifier": ("编号", "序号", "主键", "ID", "标识"),
    "product_title": ("商品名称", "商品标题", "标题", "品名", "商品名", "产品名称", "宝贝标题", "商品全称"),
    "brand": ("品牌", "品牌名称", "厂商", "制造商", "厂家"),
    "category_name": ("类目", "分类", "品类", "类目名称", "一级类目", "二级类目", "三级类目", "部门", "类别"),
    "price": ("货款", "应付金额", "快递费", "税费", "手续费", "服务费", "佣金", "客单价", "成交价", "退款金额", "优惠金额", "价格",
              "金额", "单价", "售价", "实付", "支付金额", "成交额", "销售额", "费用", "成本", "收入", "原价",
              "优惠价", "实付金额", "订单金额", "总价", "运费", "花费", "消耗"),
    "currency": ("币种", "货币"),
    "quantity": ("数量", "件数", "库存", "购买数量", "商品数量"),
    "count_metric": ("展现量", "成交量", "访问次数", "加购次数", "收藏次数", "点击次数", "曝光量", "点击量", "浏览量",
                     "访问量", "点击数", "曝光数", "次数", "人数", "访客数", "订单数", "销量", "浏览次数", "收藏数",
                     "加购数", "下单数", "成交笔数"),
    "rate_metric": ("产出比", "投入产出比", "毛利率", "复购率", "率", "转化率", "点击率", "比例", "占比", "折扣",
                    "好评率", "比率", "百分比"),
    "rating": ("评分", "星级", "打分", "评价等级", "分数"),
    "behavior_type": ("行为", "行为类型", "操作类型", "动作"),
    "event_label": ("是否点击", "是否购买", "标签", "是否下单", "是否转化"),
    "search_query": ("搜索词", "关键词", "查询词", "检索词", "搜索关键词"),
    "review_text": ("评论", "评价", "评价内容", "评论内容", "买家评价", "用户评价"),
    "description": ("描述", "详情", "商品详情", "介绍", "简介", "商品描述"),
    "url": ("链接", "网址", "图片", "图片链接", "主图", "URL", "url"),
    "timestamp": ("时间", "时间戳", "创建时间", "下单时间", "支付时间", "更新时间", "注册时间", "登录时间",
                  "发货时间"),
    "date": ("日期", "生日", "出生日期", "开店日期", "统计日期"),
    "time_part": ("小时", "星期", "月份", "周几", "时段"),
    "duration": ("秒数", "分钟数", "天数", "停留秒数", "时长", "停留时长", "耗时", "间隔天数", "停留时间",
                 "观看时长"),
    "person_name": ("持卡人", "开户名", "户名", "负责人", "经办人", "下单人", "姓名", "收货人", "联系人", "买家姓名",
                    "客户姓名", "名字", "收件人", "真实姓名", "昵称", "用户名", "会员名", "买家昵称", "用户昵称",
                    "评论人", "登录名"),
    "phone_number": ("手机", "手机号", "电话", "联系电话", "手机号码", "电话号码", "联系方式"),
    "email": ("邮箱", "电子邮件", "邮件"),
    "address": ("地址", "收货地址", "详细地址", "住址", "街道"),
    "postal_code": ("邮编", "邮政编码"),
    "region": ("发货地", "产地", "籍贯", "收货城市", "省市", "城市", "省份", "省", "市", "区县", "国家", "地区",
               "区域", "所在地", "收货省份"),
    "gender": ("性别",),
    "age": ("年龄", "年龄段"),
    "device_id": ("设备ID", "设备号", "设备id", "设备标识"),
    "ip_address": ("IP地址", "ip地址", "IP"),
    "national_id": ("身份证", "身份证号", "证件号", "身份证号码", "证件号码"),
    "bank_card": ("银行卡", "银行卡号", "卡号", "银行账号", "账号"),
    "geo_coordinate": ("经度", "纬度", "经纬度", "坐标"),
    "boolean_flag": ("是否",),
    "categorical_code": ("方式", "支付方式", "配送方式", "型号", "设备型号", "终端", "操作系统", "尺码", "颜色",
                         "材质", "物流公司", "快递公司", "开户行", "状态", "渠道", "类型", "平台", "来源", "等级",
                         "订单状态", "广告位", "资源位", "坑位", "场景"),
    "numeric_measure": ("积分", "重量", "宽度", "高度", "体积", "长度", "尺寸", "温度"),
    "free_text": ("原因", "备注", "说明", "留言", "内容", "规格"),
}

AMBIGUOUS = {"name", "model", "type", "code", "value", "key"}  # exact matches that depend on the table
_ANON = re.compile(r"^(col|column|field|unnamed|var|attr|f|c|v|x|列|字段)[ _:-]?\d+$", re.I)
_CJK = re.compile(r"[\u3400-\u9fff]")


def tokens(header: str) -> list[str]:
    s = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", header.strip())
    s = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1 \2", s)
    toks = [t for t in re.split(r"[^0-9a-zA-Z]+", s.lower()) if t]
    while len(toks) > 1 and toks[0] in PREFIXES:
        toks = toks[1:]
    return toks


def is_anonymous(header: str) -> bool:
    h = header.strip()
    return not h or (bool(_ANON.match(h)) and not re.fullmatch(r"[CcIi]\d{1,2}", h))


@dataclass(frozen=True)
class HeaderHint:
    type: str
    score: float
    matched: str


_EN_RULES: list[tuple[str, tuple[str, ...], str]] = sorted(
    ((t, tuple(p.split()), p) for t, pats in EN.items() for p in pats), key=lambda r: -len(r[1]))


# "<thing> name" headers that name a thing, not a person ("CountyName", "hospital_name", "file_name")
_THING_NAMES = frozenset("""
county state country city province district region town area location place site domain host app device model
hospital clinic company corp corporation organization organisation org institution school university college
hotel restaurant store shop merchant seller brand vendor supplier manufacturer provider facility bank airline
carrier airport station venue product item lineitem goods sku spu category cate department dept aisle
file table column field dataset database schema server service team group segment event campaign ad adgroup
channel page menu dish recipe course project job task measure metric feature attribute tag label genre
series album song track movie book game plan package
""".split())


_WEAK_HEADS = frozenset(("value", "code", "cd"))
_UNITS = frozenset("g kg mg lb lbs oz cm mm m km in ml l usd cny rmb eur pct s sec secs ms min mins".split())


def _head(toks: list[str]) -> int:
    """The head noun of an English compound header: the last token, past a trailing unit (product_weight_g ->
    weight) or a word that only says 'some value of' (freight_value). It names what the column is; the tokens
    before it only say whose (customer_city is a city)."""
    i = len(toks) - 1
    if "per" in toks[1:]:  # cost_per_item is a cost
        i = toks.index("per", 1) - 1
    while i > 0 and toks[i] in _UNITS:
        i -= 1
    if i > 0 and toks[i] in _WEAK_HEADS:  # freight_value is a price, final_gender_code a gender
        i -= 1
    return i


def _find(toks: list[str], rule: tuple[str, ...]) -> int:
    """Where the rule's tokens stand together in the header, or -1."""
    n = len(rule)
    return next((i for i in range(len(toks) - n + 1) if tuple(toks[i:i + n]) == rule), -1)


def header_hints(header: str) -> list[HeaderHint]:
    """Candidate types with prior scores, best first."""
    h = (header or "").strip()
    if not h or is_anonymous(h):
        return []
    out: dict[str, HeaderHint] = {}

    def add(t: str, score: float, matched: str) -> None:
        if t not in out or out[t].score < score:
            out[t] = HeaderHint(t, score, matched)

    cjk = bool(_CJK.search(h))
    if cjk:
        bare = re.sub(r"\s*[(（\[【][^)）\]】]*[)）\]】]\s*$", "", h)  # 重量(kg): the unit says nothing of the type
        for t, pats in ZH.items():
            for p in pats:
                if p in bare:
                    # the head comes last in Chinese too: 收货人手机号 is a phone number, 评论时间 a time
                    score = 0.92 if p == bare else min(0.55 + 0.1 * len(p), 0.88) + (
                        0.04 if bare.endswith(p) else -0.1)
                    add(t, score, p)
    toks = tokens(h)
    joined = "" if cjk else " ".join(toks)  # 用户ID is not the bare word "id"
    compact = "" if cjk else "".join(toks)
    head = _head(toks)
    for t, rule, text in _EN_RULES:
        if joined == text or compact == text.replace(" ", ""):
            add(t, 0.6 if text in AMBIGUOUS else 0.93, text)
        elif len(rule) > 1 and all(r in toks for r in rule):
            at_head = toks[head] == rule[-1]  # customer_unique_id is still a customer id
            at = _find(toks, rule)
            together = at >= 0 and at + len(rule) - 1 == head  # product_category_name: category name first
            score = min(0.6 + 0.12 * len(rule), 0.9) + (0.02 if together else 0.0)
            add(t, score if at_head else 0.58, text)  # else the head word outranks it
        elif len(rule) == 1 and rule[0] in toks:
            at = toks.index(rule[0])
            add(t, 0.85 if len(toks) == 1 and not cjk else 0.6 if at == head else 0.45 + 0.01 * at, text)
    if len(toks) > 1 and toks[-1] == "at":  # created_at, order_approved_at
        add("timestamp", 0.7, "* at")
    if "person_name" in out and out["person_name"].matched == "name" and "name" in toks:
        at = toks.index("name")
        if at > 0 and toks[at - 1] in _THING_NAMES:  # a county's or a hospital's name is not a person's
            out.pop("person_name")
    if toks and toks[0] in ("is", "has", "if") and len(toks) > 1:
        add("boolean_flag", 0.7, "is_*")
    if re.fullmatch(r"c\d{1,2}", compact):  # anonymised categorical features (Criteo/Avazu C1..C26)
        out.pop("identifier", None)
        add("categorical_code", 0.45, "C<n>")
    if re.fullmatch(r"i\d{1,2}", compact):  # anonymised integer features (Criteo I1..I13)
        out.pop("identifier", None)
        add("numeric_measure", 0.45, "I<n>")
    return sorted(out.values(), key=lambda x: -x.score)
