"""Write the raw export files of a fictional Chinese e-commerce shop.

Why this exists: pandian inventories messy, real-world data assets, so its demo needs files
that look like what a search/recommendation team actually has lying around -- PII columns
(names, mobiles, resident ids, addresses), a GBK-encoded export, JSON Lines, an Excel report,
one log big enough to hurt, and the usual dirt (duplicates, nulls, negative amounts, full-width
characters, inconsistent spellings) -- while staying byte-for-byte reproducible from
``(seed, scale)`` so tests and screenshots are stable.

Determinism rules followed throughout: every random draw comes from
``numpy.random.default_rng([seed, stream, ...])`` with a fixed stream number per table (and a
chunk number for chunked tables), nothing reads the clock, and nothing iterates over a set or
relies on ``hash()``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import pathlib
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
from tqdm import tqdm

__all__ = ["generate_demo"]

# --------------------------------------------------------------------------------------------
# Time frame. All "local" times are Beijing time (UTC+8), written without a zone, as Chinese
# platforms export them; unix seconds are true UTC epoch seconds.
# --------------------------------------------------------------------------------------------

BEIJING_OFFSET_S = 8 * 3600
BEHAVIOR_START = 1511539200  # 2017-11-25 00:00:00 +08:00
BEHAVIOR_DAYS = 9  # 2017-11-25 .. 2017-12-03 inclusive
ORDER_DAYS = 90  # orders and daily_gmv cover the 90 days ending 2017-12-03
ORDER_START = BEHAVIOR_START + BEHAVIOR_DAYS * 86400 - ORDER_DAYS * 86400  # 2017-09-05 +08:00
REFERENCE_DATE = dt.date(2017, 12, 3)  # ages are as of this day
PROMO_DAYS = (dt.date(2017, 11, 10), dt.date(2017, 11, 11), dt.date(2017, 11, 12))

BEHAVIOR_CHUNK_ROWS = 1_000_000
AD_CHUNK_ROWS = 500_000
AD_IMPRESSIONS_CAP = 2_000_000
SEARCH_QUERIES_CAP = 500_000
REVIEWS_CAP = 100_000

# Random stream numbers: one per table so that changing one table never shifts another.
_S_SHOPS, _S_USERS, _S_PRODUCTS, _S_ORDERS, _S_GMV = 1, 2, 3, 4, 5
_S_BEHAVIOR, _S_ADS, _S_SEARCH, _S_REVIEWS = 6, 7, 8, 9

# Share of traffic per Beijing hour 0..23: a quiet night, a lunch bump, an evening peak.
HOUR_WEIGHTS = (
    0.030, 0.015, 0.008, 0.005, 0.004, 0.005, 0.010, 0.020, 0.030, 0.040, 0.045, 0.045,
    0.050, 0.050, 0.045, 0.045, 0.045, 0.045, 0.050, 0.060, 0.070, 0.075, 0.070, 0.055,
)
# 2017-11-25 and 11-26 / 12-02 and 12-03 are weekends.
BEHAVIOR_DAY_WEIGHTS = (1.10, 1.12, 1.00, 0.98, 0.99, 1.00, 1.05, 1.15, 1.18)

# --------------------------------------------------------------------------------------------
# People and places
# --------------------------------------------------------------------------------------------

# Ordered roughly by frequency; the last four are compound surnames.
SURNAMES = (
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡",
    "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
    "彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏",
    "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金",
    "石", "廖", "贾", "夏", "韦", "付", "方", "白", "邹", "孟", "熊", "秦", "邱", "江", "尹",
    "薛", "闫", "段", "雷", "侯", "龙", "史", "陶", "黎", "贺", "顾", "毛", "郝", "龚", "邵",
    "万", "钱", "严", "覃", "武", "戴", "莫", "孔", "向", "汤", "欧阳", "司马", "诸葛", "上官",
)
MALE_GIVEN_CHARS = (
    "伟", "强", "磊", "军", "洋", "勇", "杰", "涛", "明", "超", "刚", "平", "辉", "鹏", "华",
    "飞", "鑫", "波", "斌", "宇", "浩", "凯", "健", "俊", "帆", "帅", "旭", "宁", "龙", "林",
    "阳", "建", "国", "志", "文", "博", "毅", "晨", "昊", "然", "轩", "泽", "睿", "子", "豪",
    "一", "诚", "天", "瑞", "锋",
)
FEMALE_GIVEN_CHARS = (
    "芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "秀", "燕", "玲", "桂", "丹", "萍", "红",
    "玉", "兰", "琳", "雪", "倩", "婷", "颖", "慧", "晶", "璐", "欣", "怡", "佳", "悦", "梦",
    "涵", "雨", "萱", "诗", "琪", "思", "彤", "瑶", "妍", "可", "馨", "蕾", "薇", "嘉", "月",
    "洁", "露", "晓", "莉", "蓉",
)
MOBILE_PREFIXES = (
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "145", "147", "150",
    "151", "152", "153", "155", "156", "157", "158", "159", "166", "170", "171", "173", "175",
    "176", "177", "178", "180", "181", "182", "183", "184", "185", "186", "187", "188", "189",
    "191", "198", "199",
)


class Region(NamedTuple):
    """A district with its real GB/T 2260 code (the first 6 digits of a resident id)."""

    province: str
    city: str
    district: str
    code: str
    weight: float
    streets: tuple[str, ...]


REGIONS = (
    Region("北京市", "北京市", "朝阳区", "110105", 3.0, ("建国路", "朝阳北路", "望京街", "三里屯路")),
    Region("北京市", "北京市", "海淀区", "110108", 3.0, ("中关村大街", "学院路", "知春路", "西三环北路")),
    Region("北京市", "北京市", "东城区", "110101", 1.0, ("东长安街", "王府井大街", "东直门内大街")),
    Region("上海市", "上海市", "浦东新区", "310115", 3.5, ("世纪大道", "张杨路", "陆家嘴环路", "锦绣路")),
    Region("上海市", "上海市", "徐汇区", "310104", 2.0, ("漕溪北路", "衡山路", "肇嘉浜路")),
    Region("上海市", "上海市", "静安区", "310106", 1.5, ("南京西路", "延安中路", "江宁路")),
    Region("上海市", "上海市", "黄浦区", "310101", 1.0, ("南京东路", "淮海中路", "西藏中路")),
    Region("天津市", "天津市", "和平区", "120101", 1.0, ("南京路", "滨江道", "赤峰道")),
    Region("天津市", "天津市", "南开区", "120104", 1.0, ("鞍山西道", "卫津路", "红旗南路")),
    Region("重庆市", "重庆市", "渝中区", "500103", 1.2, ("中山三路", "民族路", "邹容路")),
    Region("重庆市", "重庆市", "江北区", "500105", 1.0, ("建新北路", "洋河路", "北城天街")),
    Region("广东省", "广州市", "天河区", "440106", 3.0, ("天河路", "体育西路", "天河北路", "华夏路")),
    Region("广东省", "广州市", "越秀区", "440104", 1.5, ("北京路", "中山五路", "环市东路")),
    Region("广东省", "广州市", "海珠区", "440105", 1.5, ("江南大道中", "新港中路", "昌岗中路")),
    Region("广东省", "深圳市", "南山区", "440305", 3.0, ("深南大道", "科技园南路", "南海大道", "后海大道")),
    Region("广东省", "深圳市", "福田区", "440304", 2.5, ("福华路", "深南中路", "华强北路", "益田路")),
    Region("广东省", "深圳市", "罗湖区", "440303", 1.2, ("人民南路", "东门中路", "宝安南路")),
    Region("浙江省", "杭州市", "西湖区", "330106", 2.5, ("文三路", "文二路", "天目山路", "古墩路")),
    Region("浙江省", "杭州市", "上城区", "330102", 1.5, ("延安路", "解放路", "钱江路")),
    Region("浙江省", "杭州市", "滨江区", "330108", 1.5, ("江南大道", "网商路", "滨盛路")),
    Region("浙江省", "宁波市", "鄞州区", "330212", 1.2, ("天童南路", "鄞州大道", "钱湖北路")),
    Region("江苏省", "南京市", "玄武区", "320102", 1.2, ("中山路", "珠江路", "北京东路")),
    Region("江苏省", "南京市", "秦淮区", "320104", 1.0, ("太平南路", "中华路", "应天大街")),
    Region("江苏省", "苏州市", "姑苏区", "320508", 1.2, ("观前街", "人民路", "干将西路")),
    Region("江苏省", "苏州市", "吴中区", "320506", 1.0, ("东吴北路", "宝带西路", "吴中大道")),
    Region("四川省", "成都市", "武侯区", "510107", 2.0, ("人民南路四段", "科华北路", "武侯祠大街")),
    Region("四川省", "成都市", "锦江区", "510104", 1.5, ("春熙路", "红星路三段", "东大街")),
    Region("湖北省", "武汉市", "洪山区", "420111", 1.5, ("珞喻路", "雄楚大道", "光谷大道")),
    Region("湖北省", "武汉市", "江岸区", "420102", 1.0, ("解放大道", "中山大道", "沿江大道")),
    Region("湖南省", "长沙市", "岳麓区", "430104", 1.2, ("麓山南路", "枫林一路", "岳麓大道")),
    Region("湖南省", "长沙市", "芙蓉区", "430102", 1.0, ("五一大道", "芙蓉中路", "解放西路")),
    Region("陕西省", "西安市", "雁塔区", "610113", 1.5, ("小寨东路", "长安南路", "科技路")),
    Region("陕西省", "西安市", "碑林区", "610103", 1.0, ("东大街", "南大街", "友谊东路")),
    Region("山东省", "济南市", "历下区", "370102", 1.0, ("泉城路", "经十路", "解放路")),
    Region("山东省", "青岛市", "市南区", "370202", 1.2, ("香港中路", "中山路", "东海西路")),
    Region("福建省", "福州市", "鼓楼区", "350102", 1.0, ("五四路", "东街", "杨桥路")),
    Region("福建省", "厦门市", "思明区", "350203", 1.2, ("中山路", "湖滨南路", "厦禾路")),
    Region("河南省", "郑州市", "金水区", "410105", 1.5, ("花园路", "农业路", "金水路")),
    Region("河北省", "石家庄市", "长安区", "130102", 1.0, ("中山东路", "建设北大街", "裕华东路")),
    Region("辽宁省", "沈阳市", "和平区", "210102", 1.0, ("太原街", "中华路", "南京南街")),
    Region("辽宁省", "大连市", "中山区", "210202", 0.8, ("人民路", "中山路", "解放路")),
    Region("安徽省", "合肥市", "蜀山区", "340104", 1.0, ("长江西路", "黄山路", "望江西路")),
    Region("云南省", "昆明市", "五华区", "530102", 0.8, ("东风西路", "人民中路", "翠湖南路")),
    Region("黑龙江省", "哈尔滨市", "南岗区", "230103", 0.8, ("西大直街", "红军街", "果戈里大街")),
    Region("江西省", "南昌市", "东湖区", "360102", 0.8, ("八一大道", "中山路", "叠山路")),
    Region("广西壮族自治区", "南宁市", "青秀区", "450103", 0.8, ("民族大道", "东葛路", "金湖路")),
)
GENERIC_STREETS = (
    "人民路", "解放路", "中山路", "建设路", "和平路", "新华路", "长江路", "黄河路", "学院路",
    "科技路", "文化路", "胜利路", "青年路", "朝阳路", "幸福路", "光明路", "滨江路", "东风路",
    "迎宾大道", "创业大道", "府前街", "工农路", "团结路",
)
COMMUNITIES = (
    "阳光花园", "锦绣华庭", "翠苑", "金色家园", "万科城", "桂花园", "世纪新城", "幸福里",
    "和平小区", "学府苑", "碧桂园", "保利花园", "龙湖时代天街", "绿地中央广场",
)

# Resident id (GB 11643-1999) checksum: weights for the 17 body digits and the check table.
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"

# (lower age, upper age, weight): shoppers skew 22-35.
AGE_BANDS = ((16, 21, 0.12), (22, 29, 0.34), (30, 35, 0.22), (36, 45, 0.18), (46, 59, 0.10), (60, 75, 0.04))

# --------------------------------------------------------------------------------------------
# Catalogue
# --------------------------------------------------------------------------------------------


class Leaf(NamedTuple):
    """A leaf category with the vocabulary its product titles and search queries are built from.

    ``brand_models`` pairs keep brands and models consistent (no "苹果 Mate 60"); an empty model
    switches the title to the adjective-first style used for clothing, food and home goods.
    """

    path: tuple[str, str, str]
    category_id: int
    weight: float
    brand_models: tuple[tuple[str, str], ...]
    specs: tuple[str, ...]
    variants: tuple[str, ...]
    adjectives: tuple[str, ...]
    nouns: tuple[str, ...]
    price_range: tuple[float, float]


LEAVES = (
    Leaf(("数码", "手机", "智能手机"), 1464116, 3.0,
         (("华为", "Mate 60 Pro"), ("华为", "nova 12"), ("小米", "14 Ultra"), ("小米", "Redmi K70"),
          ("苹果", "iPhone 15 Pro"), ("苹果", "iPhone 15"), ("OPPO", "Find X7"), ("vivo", "X100"),
          ("荣耀", "Magic6"), ("一加", "12")),
         ("8GB+256GB", "12GB+256GB", "12GB+512GB", "16GB+1TB"),
         ("雅川青", "曜金黑", "白色", "远峰蓝", "钛金属原色", "冰川蓝"),
         ("", "旗舰", "官方正品"), ("5G手机", "智能手机", "全网通手机"), (999, 9999)),
    Leaf(("数码", "手机配件", "手机壳"), 2885642, 2.0,
         (("倍思", ""), ("绿联", ""), ("品胜", ""), ("图拉斯", ""), ("闪魔", "")),
         ("iPhone 15 Pro Max", "iPhone15", "Mate60 Pro", "小米14", "iPhone 14"),
         ("透明", "黑色", "星空紫", "磨砂白"),
         ("磁吸", "液态硅胶", "防摔", "全包", "超薄"), ("手机壳", "保护套"), (19, 129)),
    Leaf(("数码", "电脑", "笔记本电脑"), 4756105, 1.2,
         (("联想", "拯救者 Y9000P"), ("联想", "小新 Pro14"), ("华为", "MateBook 14"),
          ("苹果", "MacBook Air M2"), ("戴尔", "灵越16"), ("惠普", "战66"), ("华硕", "天选5")),
         ("16GB+512GB", "32GB+1TB", "i7-13700H 16G 1T", "R7-7840H 16G 512G"),
         ("深空灰", "银色", "星光色", "午夜色"),
         ("", "轻薄", "高性能"), ("笔记本电脑", "轻薄本", "游戏本"), (3499, 14999)),
    Leaf(("数码", "影音", "蓝牙耳机"), 4145813, 1.5,
         (("苹果", "AirPods Pro 2"), ("索尼", "WF-1000XM5"), ("华为", "FreeBuds Pro 3"),
          ("小米", "Redmi Buds 5"), ("漫步者", "W820NB"), ("QCY", "T13")),
         ("主动降噪", "无线充电版", "标准版"), ("白色", "黑色", "冰霜银"),
         ("", "真无线"), ("蓝牙耳机", "降噪耳机", "运动耳机"), (99, 1999)),
    Leaf(("服饰", "女装", "连衣裙"), 3607361, 3.0,
         (("ONLY", ""), ("优衣库", ""), ("Vero Moda", ""), ("太平鸟", ""), ("伊芙丽", ""), ("乐町", "")),
         ("S", "M", "L", "XL"), ("碎花", "黑色", "杏色", "雾霾蓝"),
         ("夏季新款", "法式复古", "收腰显瘦", "气质", "雪纺", "小个子", "2017秋冬新款"),
         ("连衣裙", "长裙", "吊带裙"), (89, 699)),
    Leaf(("服饰", "男装", "T恤"), 1879194, 2.0,
         (("优衣库", ""), ("海澜之家", ""), ("李宁", ""), ("GXG", ""), ("森马", ""), ("杰克琼斯", "")),
         ("M", "L", "XL", "XXL"), ("白色", "黑色", "藏青", "灰色"),
         ("纯棉", "宽松", "短袖", "圆领", "潮牌", "冰丝"), ("T恤", "POLO衫", "打底衫"), (39, 299)),
    Leaf(("服饰", "男装", "羽绒服"), 2131531, 1.8,
         (("波司登", ""), ("鸭鸭", ""), ("雪中飞", ""), ("高梵", ""), ("海澜之家", "")),
         ("170/88A", "175/92A", "180/96A", "185/100A"), ("黑色", "军绿", "藏青", "卡其"),
         ("冬季", "加厚", "连帽", "短款", "轻薄"), ("羽绒服", "羽绒马甲"), (299, 1999)),
    Leaf(("美妆", "护肤", "精华"), 2355072, 1.5,
         (("雅诗兰黛", "小棕瓶"), ("兰蔻", "小黑瓶"), ("欧莱雅", "复颜"), ("珀莱雅", "红宝石"),
          ("薇诺娜", "舒敏"), ("SK-II", "神仙水")),
         ("30ml", "50ml", "100ml"), ("", "礼盒装"),
         ("保湿", "抗皱紧致", "修护"), ("精华液", "面部精华", "精华水"), (99, 1599)),
    Leaf(("美妆", "彩妆", "口红"), 982926, 1.5,
         (("迪奥", "烈艳蓝金"), ("圣罗兰", "小金条"), ("MAC", "子弹头"), ("花西子", "雕花"),
          ("完美日记", "小细跟"), ("阿玛尼", "红管")),
         ("#999", "#1966", "#316", "#520", "#888"), ("", "礼盒装"),
         ("哑光", "滋润", "显白", "不易掉色"), ("口红", "唇釉", "唇膏"), (59, 450)),
    Leaf(("美妆", "个护", "洗发水"), 4801426, 1.2,
         (("海飞丝", ""), ("潘婷", ""), ("清扬", ""), ("沙宣", ""), ("阿道夫", ""), ("滋源", "")),
         ("400ml", "750ml", "500ml*2瓶"), ("", "家庭装"),
         ("去屑", "控油", "蓬松", "无硅油"), ("洗发水", "洗发露", "护发素"), (29, 129)),
    Leaf(("食品", "零食", "坚果"), 1320293, 2.0,
         (("三只松鼠", ""), ("良品铺子", ""), ("百草味", ""), ("洽洽", "")),
         ("750g/30袋", "500g", "1kg"), ("", "礼盒装"),
         ("混合", "原味", "休闲", "年货"), ("每日坚果", "夏威夷果", "碧根果", "开心果"), (29, 199)),
    Leaf(("食品", "饮料", "咖啡"), 3002561, 1.2,
         (("雀巢", ""), ("三顿半", ""), ("瑞幸", ""), ("星巴克", ""), ("隅田川", "")),
         ("24条", "48颗", "1.8kg", "40包"), ("", "组合装"),
         ("速溶", "冻干", "美式", "挂耳"), ("咖啡", "黑咖啡", "咖啡粉"), (19, 299)),
    Leaf(("食品", "生鲜", "水果"), 5053046, 1.5,
         (("佳沛", ""), ("都乐", ""), ("褚橙", ""), ("鲜丰水果", "")),
         ("5斤", "10斤装", "2.5kg"), ("", "礼盒装"),
         ("新鲜", "当季", "现摘", "顺丰包邮"), ("赣南脐橙", "阳光玫瑰葡萄", "奇异果", "车厘子"), (29, 399)),
    Leaf(("食品", "粮油", "大米"), 4217906, 1.0,
         (("金龙鱼", ""), ("福临门", ""), ("十月稻田", ""), ("北大荒", "")),
         ("5kg", "10kg", "2.5kg*2"), ("", "真空包装"),
         ("新米", "东北", "当季"), ("东北大米", "五常稻花香", "长粒香米"), (29, 159)),
    Leaf(("家居", "床上用品", "四件套"), 3898483, 1.5,
         (("水星家纺", ""), ("罗莱", ""), ("富安娜", ""), ("梦洁", ""), ("无印良品", "")),
         ("1.5m床", "1.8m床", "2.0m床"), ("灰色", "米白", "格子", "浅蓝"),
         ("纯棉", "全棉", "简约", "ins风", "水洗棉"), ("四件套", "床单被套", "床笠"), (99, 999)),
    Leaf(("家居", "收纳", "收纳箱"), 2735466, 1.0,
         (("天马", ""), ("禧天龙", ""), ("爱丽思", ""), ("茶花", "")),
         ("大号", "中号", "3个装"), ("透明", "白色", "灰色"),
         ("加厚", "可折叠", "塑料", "带轮"), ("收纳箱", "整理箱", "储物盒"), (19, 159)),
    Leaf(("家居", "厨具", "炒锅"), 1029459, 1.0,
         (("苏泊尔", ""), ("双立人", ""), ("爱仕达", ""), ("炊大皇", ""), ("康宁", "")),
         ("28cm", "30cm", "32cm"), ("", "带锅盖"),
         ("不粘", "麦饭石", "铸铁", "无涂层"), ("炒锅", "平底锅", "汤锅"), (59, 899)),
    Leaf(("母婴", "奶粉", "婴幼儿奶粉"), 1575622, 1.2,
         (("飞鹤", "星飞帆"), ("美赞臣", "蓝臻"), ("爱他美", "卓萃"), ("惠氏", "启赋"), ("君乐宝", "至臻")),
         ("1段 800g", "2段 800g", "3段 800g*6罐"), ("", "罐装"),
         ("进口", "A2", "有机"), ("婴幼儿配方奶粉", "奶粉"), (159, 1599)),
    Leaf(("母婴", "尿裤", "纸尿裤"), 2440115, 1.2,
         (("帮宝适", "一级帮"), ("花王", "妙而舒"), ("好奇", "心钻装"), ("大王", "光羽"), ("babycare", "皇室")),
         ("NB84片", "S76片", "M58片", "L46片", "XL36片"), ("", "箱装"),
         ("超薄", "透气"), ("纸尿裤", "拉拉裤", "尿不湿"), (69, 299)),
    Leaf(("母婴", "玩具", "积木"), 3158249, 1.0,
         (("乐高", ""), ("布鲁可", ""), ("森宝", ""), ("启蒙", "")),
         ("6岁+", "3-6岁", "1000+颗粒"), ("", "礼盒装"),
         ("益智", "拼装", "儿童"), ("积木", "拼插玩具"), (49, 1299)),
    Leaf(("运动", "运动鞋", "跑步鞋"), 2520377, 2.0,
         (("耐克", "Air Zoom Pegasus 40"), ("阿迪达斯", "Ultraboost"), ("李宁", "赤兔6"),
          ("安踏", "C202"), ("特步", "160X"), ("361度", "飞燃")),
         ("39码", "40码", "41码", "42码", "43码", "44码"), ("黑白", "全黑", "荧光绿", "灰色"),
         ("男款", "女款", "缓震", "透气", "轻便"), ("跑步鞋", "运动鞋", "跑鞋"), (199, 1299)),
    Leaf(("运动", "健身", "瑜伽垫"), 1080785, 0.8,
         (("Keep", ""), ("迪卡侬", ""), ("李宁", ""), ("奥义", "")),
         ("6mm", "10mm", "15mm"), ("紫色", "蓝色", "粉色"),
         ("加厚", "防滑", "TPE", "加宽"), ("瑜伽垫", "健身垫"), (29, 299)),
    Leaf(("运动", "户外", "冲锋衣"), 4690421, 1.0,
         (("骆驼", ""), ("北面", ""), ("探路者", ""), ("凯乐石", ""), ("伯希和", "")),
         ("三合一", "单层", "抓绒内胆"), ("黑色", "藏蓝", "橙色"),
         ("防水", "防风", "男女款", "春秋"), ("冲锋衣", "户外外套"), (199, 2999)),
    Leaf(("家电", "大家电", "空调"), 3745287, 1.0,
         (("格力", "云佳"), ("美的", "风尊"), ("海尔", "静悦"), ("奥克斯", "京裕"), ("TCL", "小蓝翼")),
         ("1.5匹", "大1匹", "3匹柜机"), ("", "白色"),
         ("新一级能效", "变频", "冷暖"), ("空调挂机", "空调", "柜机"), (1999, 8999)),
    Leaf(("家电", "厨房电器", "空气炸锅"), 1349561, 1.2,
         (("美的", ""), ("九阳", ""), ("小熊", ""), ("苏泊尔", ""), ("飞利浦", "")),
         ("4.5L", "5L", "6L"), ("白色", "黑色"),
         ("可视", "家用", "大容量", "无油"), ("空气炸锅", "电烤箱"), (99, 899)),
    Leaf(("家电", "生活电器", "吸尘器"), 2945933, 1.0,
         (("戴森", "V12"), ("追觅", "V16"), ("小米", "米家"), ("石头", "P10"), ("科沃斯", "T20")),
         ("无线", "有线", "自动集尘"), ("", "白色"),
         ("家用", "大吸力", "手持"), ("吸尘器", "扫地机器人", "洗地机"), (299, 4999)),
)
CATEGORY_SEPARATOR = " > "
CATEGORY_SEPARATOR_VARIANTS = (">", "/", " / ", "-")

SHOP_WORDS = ("优品", "良品", "潮流", "时尚", "百货", "数码", "家居生活", "母婴", "美妆", "运动户外", "生鲜", "精选")
SHOP_SUFFIXES = ("专营店", "专卖店", "旗舰店", "小店", "官方店", "企业店")

# --------------------------------------------------------------------------------------------
# Behaviour, orders, ads, reviews
# --------------------------------------------------------------------------------------------

BEHAVIOR_TYPES = ("pv", "cart", "fav", "buy")
BEHAVIOR_WEIGHTS = (0.89, 0.055, 0.03, 0.025)
DEVICES = ("iOS", "Android", "PC", "H5")
DEVICE_WEIGHTS = (0.35, 0.52, 0.07, 0.06)
# Labels written to the log; indices 4.. are the inconsistent spellings, the last one is null.
DEVICE_LABELS = ("iOS", "Android", "PC", "H5", "ios", "android", "pc", None)
DEVICE_VARIANT_OF = (4, 5, 6, 6)  # misspelling used for each clean device (H5 rows get "pc")

ORDER_STATUSES = ("已支付", "已发货", "已完成", "已取消", "退款中")
# Status mix by order age: the last 2 days, the last week, anything older.
STATUS_WEIGHTS_BY_AGE = (
    (0.50, 0.35, 0.00, 0.10, 0.05),
    (0.05, 0.45, 0.35, 0.10, 0.05),
    (0.00, 0.03, 0.82, 0.10, 0.05),
)
STATUS_VARIANTS = (
    ("已付款", "支付成功"),
    ("发货", "已发货 "),
    ("完成", "交易成功", "已完成 "),
    ("取消", "交易关闭"),
    ("退款中 ", "申请退款"),
)

# (slot name, share of impressions, base click-through rate)
AD_POSITIONS = (
    ("首页焦点图", 0.10, 0.030),
    ("猜你喜欢", 0.35, 0.045),
    ("搜索结果页", 0.30, 0.050),
    ("商品详情页", 0.15, 0.025),
    ("购物车推荐", 0.10, 0.020),
)
# First octets of large Chinese ISP allocations, so IPs look domestic.
CN_IP_FIRST_OCTETS = (
    36, 39, 42, 58, 59, 60, 61, 101, 106, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120,
    121, 122, 123, 124, 125, 171, 175, 180, 182, 183, 202, 210, 211, 218, 219, 220, 221, 222, 223,
)
ZERO_AD_ID = "00000000-0000-0000-0000-000000000000"  # what iOS/Android report with tracking limited

RATING_WEIGHTS = (0.06, 0.03, 0.06, 0.15, 0.70)  # 1..5 stars
POSITIVE_PHRASES = (
    "质量很好", "物流很快", "包装很精美", "性价比很高", "和描述的一样", "客服态度很好",
    "非常满意", "已经回购好几次了", "推荐购买", "做工精细", "发货速度快", "好评",
)
NEUTRAL_PHRASES = (
    "还行吧", "一般般", "中规中矩", "物流有点慢", "包装一般", "价格有点贵", "凑合用",
    "和图片有点色差", "还没用，先评价",
)
NEGATIVE_PHRASES = (
    "质量太差了", "和描述严重不符", "物流太慢了", "客服不理人", "包装破损", "用了两天就坏了",
    "差评", "不建议购买", "申请退货了", "感觉买到假货了",
)
# Per top category: (extra positive phrases, extra negative phrases).
TOP_CATEGORY_PHRASES = (
    ("数码", ("运行流畅", "续航给力", "屏幕清晰", "音质不错"), ("发热严重", "电池不耐用", "有划痕")),
    ("服饰", ("尺码合适", "面料舒服", "上身效果好", "不掉色"), ("尺码偏小", "线头很多", "洗了缩水")),
    ("美妆", ("味道好闻", "不油腻", "吸收很快", "颜色很正"), ("过敏了", "味道刺鼻", "感觉是临期货")),
    ("食品", ("很新鲜", "味道不错", "孩子很喜欢吃", "分量足"), ("有坏果", "不新鲜", "快过期了")),
    ("家居", ("很实用", "质感很好", "安装简单"), ("有异味", "做工粗糙", "尺寸不对")),
    ("母婴", ("宝宝很喜欢", "很安全", "正品放心"), ("宝宝用了红屁股", "罐子瘪了", "缺零件")),
    ("运动", ("穿着很舒服", "很轻便", "很防滑"), ("磨脚", "开胶了", "尺码不准")),
    ("家电", ("噪音很小", "很省电", "安装师傅很专业"), ("噪音很大", "安装收费", "用了一周就坏了")),
)
DEFAULT_REVIEW = "此用户没有填写评价。"
POSITIVE_EMOJI = ("👍", "😄", "❤️", "")

SEARCH_ZERO_RESULT_RATE = 0.04
SEARCH_CLICK_RATE = 0.55


# --------------------------------------------------------------------------------------------
# Public entry point
# --------------------------------------------------------------------------------------------


def generate_demo(
    out_dir: pathlib.Path, scale: int = 100_000, seed: int = 42, progress: bool = True
) -> list[pathlib.Path]:
    """Write a realistic Chinese e-commerce shop's raw export files into out_dir; return the paths written.

    ``scale`` is the number of rows of ``user_behavior.csv``; every other table is sized from it
    (and capped) so a 10M-row demo stays quick. Same ``seed`` and ``scale`` give byte-identical
    files. ``daily_gmv.xlsx`` is skipped when openpyxl is not importable.
    """
    if isinstance(scale, bool) or not isinstance(scale, (int, np.integer)) or scale < 1:
        raise ValueError(f"scale must be a positive integer, got {scale!r}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    out_dir = pathlib.Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    sizes = _Sizes.for_scale(int(scale))
    seed = int(seed)

    shops = _make_shops(_rng(seed, _S_SHOPS), sizes.shops)
    users = _make_users(_rng(seed, _S_USERS), sizes.users)
    products = _make_products(_rng(seed, _S_PRODUCTS), sizes.products, shops)
    orders = _make_orders(_rng(seed, _S_ORDERS), sizes.orders, users, products)
    steps: list[tuple[str, Callable[[pathlib.Path], pathlib.Path | None]]] = [
        ("users.csv", lambda p: _write_users(p, _rng(seed, _S_USERS, 1), users)),
        ("products.csv", lambda p: _write_products(p, _rng(seed, _S_PRODUCTS, 1), products)),
        ("orders.csv", lambda p: _write_orders(p, _rng(seed, _S_ORDERS, 1), orders, users)),
        ("order_items.csv", lambda p: _write_order_items(p, _rng(seed, _S_ORDERS, 2), orders)),
        ("user_behavior.csv", lambda p: _write_behavior(p, seed, sizes.behavior, users, products, progress)),
        ("ad_impressions.csv", lambda p: _write_ad_impressions(p, seed, sizes.ads, users, progress)),
        ("search_queries.jsonl",
         lambda p: _write_search_queries(p, _rng(seed, _S_SEARCH), sizes.searches, users, products)),
        ("reviews.csv", lambda p: _write_reviews(p, _rng(seed, _S_REVIEWS), sizes.reviews, orders, products)),
        ("shops_gbk.csv", lambda p: _write_shops(p, _rng(seed, _S_SHOPS, 1), shops)),
        ("daily_gmv.xlsx", lambda p: _write_daily_gmv(p, _rng(seed, _S_GMV), orders)),
    ]
    written: list[pathlib.Path] = []
    with tqdm(steps, desc="demo data", unit="file", disable=not progress) as bar:
        for name, write in bar:
            bar.set_postfix_str(name)
            path = write(out_dir / name)
            if path is not None:
                written.append(path)
    return written


@dataclass(frozen=True)
class _Sizes:
    """Row counts per table: proportional to the behaviour log, floored and capped."""

    behavior: int
    users: int
    products: int
    orders: int
    ads: int
    searches: int
    reviews: int
    shops: int

    @classmethod
    def for_scale(cls, scale: int) -> _Sizes:
        return cls(
            behavior=scale,
            users=max(200, scale // 200),
            products=max(300, scale // 100),
            orders=max(300, scale // 50),
            ads=min(AD_IMPRESSIONS_CAP, max(500, scale // 5)),
            searches=min(SEARCH_QUERIES_CAP, max(200, scale // 20)),
            reviews=min(REVIEWS_CAP, max(200, scale // 100)),
            shops=min(200, max(50, scale // 2000)),
        )


# --------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------


def _rng(seed: int, stream: int, *sub: int) -> np.random.Generator:
    """Independent, reproducible generator per table (and per chunk)."""
    return np.random.default_rng([seed, stream, *sub])


def _choice(rng: np.random.Generator, n: int, weights: Sequence[float]) -> np.ndarray:
    """Indices drawn with the given (unnormalised) weights."""
    p = np.asarray(weights, dtype=np.float64)
    return rng.choice(len(p), size=n, p=p / p.sum())


def _skewed(rng: np.random.Generator, n: int, size: int, power: float) -> np.ndarray:
    """Indices in [0, size) where low indices are hot: a long-tailed popularity curve."""
    return np.minimum((rng.random(n) ** power * size).astype(np.int64), size - 1)


def _mask(rng: np.random.Generator, n: int, rate: float) -> np.ndarray:
    """Rows that receive a given kind of dirt; every kind shows up at least once, even in a small shop."""
    mask = rng.random(n) < rate
    if n and not mask.any():
        mask[int(rng.integers(n))] = True
    return mask


def _pick(rng: np.random.Generator, options: Sequence[str]) -> str:
    return options[int(rng.integers(len(options)))]


_FULLWIDTH_TABLE = {code: code + 0xFEE0 for code in range(0x21, 0x7F)} | {0x20: 0x3000}


def _fullwidth(text: str) -> str:
    """ASCII to full-width forms ("ABC 123" -> "ＡＢＣ　１２３"), as pasted from some IMEs."""
    return text.translate(_FULLWIDTH_TABLE)


def _money(cents: int) -> str:
    """Exact two-decimal yuan string from integer cents (no float rounding surprises)."""
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    return f"{sign}{cents // 100}.{cents % 100:02d}"


def _local_strings(unix_s: np.ndarray) -> list[str]:
    """Unix seconds to Beijing 'YYYY-MM-DD HH:MM:SS' strings."""
    stamps = (np.asarray(unix_s, dtype=np.int64) + BEIJING_OFFSET_S).astype("datetime64[s]")
    return [s.replace("T", " ") for s in np.datetime_as_string(stamps, unit="s").tolist()]


def _local_day(unix_s: np.ndarray) -> np.ndarray:
    """Beijing calendar day, as days since 1970-01-01."""
    return (np.asarray(unix_s, dtype=np.int64) + BEIJING_OFFSET_S) // 86400


def _random_times(
    rng: np.random.Generator, n: int, day0_unix: int, day_weights: Sequence[float]
) -> np.ndarray:
    """Unix seconds with a daily weighting and the evening-peak hour profile."""
    day = _choice(rng, n, day_weights)
    hour = _choice(rng, n, HOUR_WEIGHTS)
    return day0_unix + day * 86400 + hour * 3600 + rng.integers(0, 3600, n)


def _write_csv(
    path: pathlib.Path, header: Sequence[str], rows: Iterable[Sequence[object]], encoding: str = "utf-8"
) -> pathlib.Path:
    """Plain CSV, quoted only where needed, '\\n' line ends, None written as an empty cell."""
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _hex_strings(rng: np.random.Generator, n: int, n_bytes: int) -> pa.StringArray:
    """n random lowercase hex strings of 2*n_bytes characters, built without a Python loop."""
    raw = rng.integers(0, 256, size=(n, n_bytes), dtype=np.uint8)
    digits = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)
    chars = np.empty((n, 2 * n_bytes), dtype=np.uint8)
    chars[:, 0::2] = digits[raw >> 4]
    chars[:, 1::2] = digits[raw & 0x0F]
    width = 2 * n_bytes
    offsets = np.arange(0, width * (n + 1), width, dtype=np.int32)
    return pa.StringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(chars))


def _decimal_array(units: np.ndarray, scale: int, null_mask: np.ndarray | None = None) -> pa.Array:
    """decimal128 column from integer units of 10**-scale, so CSV shows exact fixed decimals."""
    units = np.asarray(units, dtype=np.int64)
    words = np.empty((len(units), 2), dtype=np.int64)
    words[:, 0] = units
    words[:, 1] = units >> 63  # sign extension to 128 bits
    arr = pa.Array.from_buffers(pa.decimal128(18, scale), len(units), [None, pa.py_buffer(words)])
    if null_mask is not None and null_mask.any():
        arr = pc.if_else(pa.array(null_mask), pa.scalar(None, arr.type), arr)
    return arr


def _arrow_csv_options() -> pacsv.WriteOptions:
    """Unquoted, like the csv-module files (Arrow's default quotes every string).

    Safe because no value in the Arrow-written tables contains a comma, quote or newline;
    Arrow raises rather than writing a broken row if one ever does.
    """
    return pacsv.WriteOptions(quoting_style="none", quoting_header="none", batch_size=65536)


# --------------------------------------------------------------------------------------------
# Shops
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Shops:
    ids: np.ndarray
    names: list[str]
    cities: list[str]
    brand_shop: dict[str, int]  # brand -> row index of its official flagship store


def _all_brands() -> list[str]:
    """Brands in first-appearance order (deterministic, unlike a set)."""
    brands: list[str] = []
    for leaf in LEAVES:
        for brand, _ in leaf.brand_models:
            if brand not in brands:
                brands.append(brand)
    return brands


def _make_shops(rng: np.random.Generator, n: int) -> _Shops:
    """Official brand flagships first, then third-party stores named after their city."""
    brands = _all_brands()
    n_official = min(len(brands), n // 2)
    official = [brands[i] for i in sorted(rng.choice(len(brands), n_official, replace=False).tolist())]
    cities = [r.city for r in REGIONS]
    names: list[str] = [f"{b}官方旗舰店" for b in official]
    shop_cities: list[str] = [_pick(rng, cities) for _ in official]
    seen = set(names)
    while len(names) < n:
        city = _pick(rng, cities)
        name = f"{city.removesuffix('市')}{_pick(rng, SHOP_WORDS)}{_pick(rng, SHOP_SUFFIXES)}"
        if name in seen:
            name = f"{name}{len(names)}号"
        seen.add(name)
        names.append(name)
        shop_cities.append(city)
    ids = 60001 + np.arange(n, dtype=np.int64)
    return _Shops(ids=ids, names=names, cities=shop_cities, brand_shop={b: i for i, b in enumerate(official)})


def _write_shops(path: pathlib.Path, rng: np.random.Generator, shops: _Shops) -> pathlib.Path:
    """GBK export (as from an old Windows back office); dates and rates not quite uniform."""
    n = len(shops.ids)
    open_days = rng.integers(dt.date(2009, 3, 1).toordinal(), dt.date(2017, 6, 30).toordinal(), n)
    rates = 100.0 - rng.gamma(1.2, 1.2, n)
    slash_date = _mask(rng, n, 0.05)
    short_city = _mask(rng, n, 0.05)
    odd_rate = rng.random(n)
    rows = []
    for i in range(n):
        day = dt.date.fromordinal(int(open_days[i]))
        opened = f"{day.year}/{day.month}/{day.day}" if slash_date[i] else day.isoformat()
        rate = max(rates[i], 85.0)
        if odd_rate[i] < 0.03:
            rate_text = ""
        elif odd_rate[i] < 0.08:
            rate_text = f"{rate:.0f}%"
        else:
            rate_text = f"{rate:.1f}%"
        city = shops.cities[i].removesuffix("市") if short_city[i] else shops.cities[i]
        rows.append((int(shops.ids[i]), shops.names[i], city, opened, rate_text))
    return _write_csv(path, ("shop_id", "店铺名称", "城市", "开店日期", "好评率"), rows, encoding="gbk")


# --------------------------------------------------------------------------------------------
# Users
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Users:
    ids: np.ndarray
    male: np.ndarray
    ages: np.ndarray
    names: list[str]
    phones: list[str]
    id_numbers: list[str]
    region: np.ndarray  # index into REGIONS of the shipping address
    addresses: list[str]
    register_unix: np.ndarray
    device: np.ndarray  # index into DEVICES of the user's main device


def _names(rng: np.random.Generator, male: np.ndarray) -> list[str]:
    """Surname (frequency-weighted) plus a one- or two-character given name matching gender."""
    n = len(male)
    surname_weights = 1.0 / (np.arange(len(SURNAMES)) + 6.0)
    surnames = _choice(rng, n, surname_weights)
    two_chars = rng.random(n) < 0.7
    first = rng.integers(0, 1 << 30, n)
    second = rng.integers(0, 1 << 30, n)
    out = []
    for i in range(n):
        chars = MALE_GIVEN_CHARS if male[i] else FEMALE_GIVEN_CHARS
        given = chars[first[i] % len(chars)]
        if two_chars[i]:
            given += chars[second[i] % len(chars)]
        out.append(SURNAMES[surnames[i]] + given)
    return out


def _mobiles(rng: np.random.Generator, n: int) -> list[str]:
    """11-digit mainland mobiles with real carrier prefixes."""
    prefixes = rng.integers(0, len(MOBILE_PREFIXES), n)
    tails = rng.integers(0, 100_000_000, n)
    return [f"{MOBILE_PREFIXES[p]}{t:08d}" for p, t in zip(prefixes.tolist(), tails.tolist())]


def _id_checksum(body17: str) -> str:
    """GB 11643 check character for the first 17 digits of a resident id."""
    return ID_CHECK_CHARS[sum(int(c) * w for c, w in zip(body17, ID_WEIGHTS)) % 11]


def _birth_date(age: int, day_offset: int) -> dt.date:
    """A birthday that makes the person exactly `age` on REFERENCE_DATE."""
    latest = REFERENCE_DATE.replace(year=REFERENCE_DATE.year - age)
    earliest = REFERENCE_DATE.replace(year=REFERENCE_DATE.year - age - 1) + dt.timedelta(days=1)
    span = (latest - earliest).days + 1
    return earliest + dt.timedelta(days=day_offset % span)


def _id_numbers(rng: np.random.Generator, ages: np.ndarray, male: np.ndarray, home_region: np.ndarray) -> list[str]:
    """18-digit resident ids: region of birth, birthday, sequence (odd = male), valid checksum."""
    n = len(ages)
    day_offsets = rng.integers(0, 366, n)
    seq = rng.integers(0, 500, n) * 2 + male.astype(np.int64)
    out = []
    for i in range(n):
        born = _birth_date(int(ages[i]), int(day_offsets[i]))
        body = f"{REGIONS[home_region[i]].code}{born:%Y%m%d}{int(seq[i]):03d}"
        out.append(body + _id_checksum(body))
    return out


def _address(region: Region, street: str, number: int, unit: tuple[int, int, int, int] | None, community: str) -> str:
    """'浙江省杭州市西湖区文三路88号' (+ '翠苑3栋2单元501室'); municipalities don't repeat the city."""
    head = region.province if region.province == region.city else region.province + region.city
    text = f"{head}{region.district}{street}{number}号"
    if unit is not None:
        building, entrance, floor, room = unit
        text += f"{community}{building}栋{entrance}单元{floor}{room:02d}室"
    return text


def _addresses(rng: np.random.Generator, region: np.ndarray) -> list[str]:
    n = len(region)
    street_pick = rng.integers(0, 1 << 30, n)
    local_street = rng.random(n) < 0.6
    numbers = rng.integers(1, 400, n)
    has_unit = rng.random(n) < 0.65
    units = np.stack([rng.integers(1, 30, n), rng.integers(1, 6, n), rng.integers(1, 33, n),
                      rng.integers(1, 5, n)], axis=1)
    community = rng.integers(0, len(COMMUNITIES), n)
    out = []
    for i in range(n):
        reg = REGIONS[region[i]]
        streets = reg.streets if local_street[i] else GENERIC_STREETS
        unit = tuple(int(x) for x in units[i]) if has_unit[i] else None
        out.append(_address(reg, streets[street_pick[i] % len(streets)], int(numbers[i]), unit,
                            COMMUNITIES[community[i]]))
    return out


def _make_users(rng: np.random.Generator, n: int) -> _Users:
    """Clean user master data; dirt is added only when the file is written."""
    male = rng.random(n) < 0.45  # shoppers skew female
    band = _choice(rng, n, [b[2] for b in AGE_BANDS])
    lows = np.array([b[0] for b in AGE_BANDS])[band]
    highs = np.array([b[1] for b in AGE_BANDS])[band]
    ages = lows + (rng.random(n) * (highs - lows + 1)).astype(np.int64)
    region = _choice(rng, n, [r.weight for r in REGIONS])
    moved = rng.random(n) < 0.35  # born elsewhere: id prefix differs from shipping address
    home_region = np.where(moved, _choice(rng, n, [r.weight for r in REGIONS]), region)
    names = _names(rng, male)
    phones = _mobiles(rng, n)
    id_numbers = _id_numbers(rng, ages, male, home_region)
    addresses = _addresses(rng, region)
    reg_start = int(dt.datetime(2010, 1, 1, tzinfo=dt.timezone.utc).timestamp()) - BEIJING_OFFSET_S
    reg_span = BEHAVIOR_START - 86400 - reg_start
    register_unix = reg_start + (rng.random(n) ** 0.6 * reg_span).astype(np.int64)
    device = _choice(rng, n, DEVICE_WEIGHTS)
    return _Users(ids=100001 + np.arange(n, dtype=np.int64), male=male, ages=ages, names=names,
                  phones=phones, id_numbers=id_numbers, region=region, addresses=addresses,
                  register_unix=register_unix, device=device)


def _dirty_phone(phone: str, roll: float) -> str | None:
    """Phones as typed by people and other systems: '+86 ' prefixes, dashes, blanks."""
    if roll < 0.006:
        return None
    if roll < 0.021:
        return "+86 " + phone
    if roll < 0.031:
        return f"{phone[:3]}-{phone[3:7]}-{phone[7:]}"
    return phone


def _write_users(path: pathlib.Path, rng: np.random.Generator, users: _Users) -> pathlib.Path:
    n = len(users.ids)
    phone_roll = rng.random(n)
    bad_age = _mask(rng, n, 0.006)
    bad_age_value = np.where(rng.random(n) < 0.4, 0, rng.integers(121, 1000, n))
    wide_address = _mask(rng, n, 0.01)
    no_address = _mask(rng, n, 0.005)
    no_id = _mask(rng, n, 0.004)
    no_gender = _mask(rng, n, 0.005)
    short_city = _mask(rng, n, 0.03)
    register_times = _local_strings(users.register_unix)

    def rows() -> Iterator[tuple[object, ...]]:
        for i in range(n):
            region = REGIONS[users.region[i]]
            address: str | None = users.addresses[i]
            if no_address[i]:
                address = None
            elif wide_address[i]:
                address = _fullwidth(address.replace("号", " 号 "))
            city = region.city.removesuffix("市") if short_city[i] else region.city
            yield (
                int(users.ids[i]),
                users.names[i],
                _dirty_phone(users.phones[i], phone_roll[i]),
                None if no_id[i] else users.id_numbers[i],
                address,
                None if no_gender[i] else ("男" if users.male[i] else "女"),
                int(bad_age_value[i]) if bad_age[i] else int(users.ages[i]),
                city,
                register_times[i],
            )

    header = ("user_id", "姓名", "手机号", "身份证号", "收货地址", "gender", "age", "city", "register_time")
    return _write_csv(path, header, rows())


# --------------------------------------------------------------------------------------------
# Products
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Products:
    ids: np.ndarray
    leaf: np.ndarray  # index into LEAVES
    price_cents: np.ndarray  # the true (clean) list price
    titles: list[str]
    brands: list[str]
    shop_ids: np.ndarray
    created_unix: np.ndarray
    hot: np.ndarray  # a permutation: hot[0] is the best seller
    by_leaf: np.ndarray  # product rows ordered by leaf
    leaf_start: np.ndarray
    leaf_count: np.ndarray

    def in_leaf(self, rng: np.random.Generator, leaf: np.ndarray, power: float = 2.0) -> np.ndarray:
        """Product rows from the given leaves (each needs >= 1 product), skewed to a few hits."""
        count = self.leaf_count[leaf]
        offset = np.minimum((rng.random(len(leaf)) ** power * count).astype(np.int64), count - 1)
        return self.by_leaf[self.leaf_start[leaf] + offset]


def _title(brand: str, model: str, spec: str, variant: str, adjectives: str, noun: str) -> str:
    """Marketplace-style title.

    Goods with a model line read spec-first ('华为 Mate 60 Pro 12GB+512GB 雅川青 5G手机'); the rest
    read adjective-first ('优衣库法式复古收腰显瘦连衣裙 M 黑色').
    """
    if model:
        parts = (brand, model, spec, variant, adjectives + noun)
    else:
        parts = (brand + adjectives + noun, spec, variant)
    return " ".join(p for p in parts if p)


def _list_price_cents(rng: np.random.Generator, leaf: np.ndarray) -> np.ndarray:
    """Log-uniform within the leaf's range, then 'charm' pricing (1999.00, 49.90, 9.99)."""
    lo = np.array([LEAVES[i].price_range[0] for i in leaf], dtype=np.float64)
    hi = np.array([LEAVES[i].price_range[1] for i in leaf], dtype=np.float64)
    yuan = np.exp(np.log(lo) + rng.random(len(leaf)) * (np.log(hi) - np.log(lo))).astype(np.int64)
    yuan = np.where(yuan >= 100, yuan // 10 * 10 + 9, yuan)
    cents = np.where(yuan < 100, np.array([0, 0, 90, 99])[rng.integers(0, 4, len(leaf))], 0)
    return yuan * 100 + cents


def _make_products(rng: np.random.Generator, n: int, shops: _Shops) -> _Products:
    leaf = _choice(rng, n, [lf.weight for lf in LEAVES])
    picks = rng.integers(0, 1 << 30, size=(n, 5))
    n_adjectives = rng.integers(0, 3, n)
    official = rng.random(n) < 0.5
    generic_shop = rng.integers(len(shops.brand_shop), len(shops.ids), n)
    titles, brands, shop_rows = [], [], []
    for i in range(n):
        lf = LEAVES[leaf[i]]
        p = picks[i]
        brand, model = lf.brand_models[p[0] % len(lf.brand_models)]
        spec = lf.specs[p[1] % len(lf.specs)]
        variant = lf.variants[p[2] % len(lf.variants)]
        first_adj = p[3] % len(lf.adjectives)
        adjectives = "".join(lf.adjectives[(first_adj + k) % len(lf.adjectives)] for k in range(n_adjectives[i]))
        noun = lf.nouns[p[4] % len(lf.nouns)]
        titles.append(_title(brand, model, spec, variant, adjectives, noun))
        brands.append(brand)
        own = shops.brand_shop.get(brand)
        shop_rows.append(own if (own is not None and official[i]) else int(generic_shop[i]))
    ids = 1_000_000 + np.cumsum(rng.integers(1, 40, n))
    created_start = int(dt.datetime(2015, 1, 1, tzinfo=dt.timezone.utc).timestamp()) - BEIJING_OFFSET_S
    created_unix = rng.integers(created_start, BEHAVIOR_START - 5 * 86400, n)
    order = np.argsort(leaf, kind="stable")
    count = np.bincount(leaf, minlength=len(LEAVES))
    start = np.concatenate([[0], np.cumsum(count)[:-1]])
    return _Products(ids=ids, leaf=leaf, price_cents=_list_price_cents(rng, leaf), titles=titles,
                     brands=brands, shop_ids=shops.ids[np.array(shop_rows, dtype=np.int64)],
                     created_unix=created_unix, hot=rng.permutation(n), by_leaf=order,
                     leaf_start=start, leaf_count=count)


def _category_path(leaf: Leaf, roll: float) -> str:
    """Mostly 'a > b > c'; a few rows from another system use other separators or a stray space."""
    if roll < 0.016:
        sep = CATEGORY_SEPARATOR_VARIANTS[int(roll * 1000) % len(CATEGORY_SEPARATOR_VARIANTS)]
        return sep.join(leaf.path)
    if roll < 0.022:
        return CATEGORY_SEPARATOR.join(leaf.path) + " "
    return CATEGORY_SEPARATOR.join(leaf.path)


def _write_products(path: pathlib.Path, rng: np.random.Generator, products: _Products) -> pathlib.Path:
    n = len(products.ids)
    price_roll = rng.random(n)
    wide_title = _mask(rng, n, 0.01)
    no_brand = _mask(rng, n, 0.01)
    path_roll = rng.random(n)
    created = _local_strings(products.created_unix)

    def rows() -> Iterator[tuple[object, ...]]:
        for i in range(n):
            cents = int(products.price_cents[i])
            if price_roll[i] < 0.005:
                price: str | None = None
            elif price_roll[i] < 0.011:
                price = _money(-cents)
            elif price_roll[i] < 0.013:
                price = "0.00"
            else:
                price = _money(cents)
            title = _fullwidth(products.titles[i]) if wide_title[i] else products.titles[i]
            yield (int(products.ids[i]), title, None if no_brand[i] else products.brands[i],
                   _category_path(LEAVES[products.leaf[i]], path_roll[i]), price, int(products.shop_ids[i]),
                   created[i])

    header = ("item_id", "title", "brand", "category_path", "price", "shop_id", "created_at")
    return _write_csv(path, header, rows())


# --------------------------------------------------------------------------------------------
# Orders and order items
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Orders:
    ids: list[str]
    unix: np.ndarray
    user_row: np.ndarray
    user_ids: np.ndarray
    pay_cents: np.ndarray
    status: np.ndarray  # index into ORDER_STATUSES
    line_order: np.ndarray  # order row of each line
    line_product: np.ndarray  # product row of each line
    line_item_id: np.ndarray
    line_qty: np.ndarray
    line_unit_cents: np.ndarray


def _order_day_weights() -> list[float]:
    """Weekends a little busier, a Double-11 spike, Double-12 warm-up in December."""
    first = dt.date(1970, 1, 1) + dt.timedelta(days=int(_local_day(np.array([ORDER_START]))[0]))
    weights = []
    for k in range(ORDER_DAYS):
        day = first + dt.timedelta(days=k)
        w = 1.15 if day.weekday() >= 5 else 1.0
        if day == dt.date(2017, 11, 11):
            w *= 8.0
        elif day in PROMO_DAYS:
            w *= 2.0
        elif day >= dt.date(2017, 12, 1):
            w *= 1.3
        weights.append(w)
    return weights


def _make_orders(rng: np.random.Generator, n: int, users: _Users, products: _Products) -> _Orders:
    unix = np.sort(_random_times(rng, n, ORDER_START, _order_day_weights()))
    day = _local_day(unix)
    promo = np.isin(day, [d.toordinal() - dt.date(1970, 1, 1).toordinal() for d in PROMO_DAYS])
    user_row = _skewed(rng, n, len(users.ids), 1.6)
    n_lines = np.minimum(rng.geometric(0.6, n), 5)
    line_order = np.repeat(np.arange(n), n_lines)
    m = len(line_order)
    line_product = products.hot[_skewed(rng, m, len(products.ids), 2.5)]
    line_qty = 1 + _choice(rng, m, (0.80, 0.13, 0.05, 0.015, 0.005))
    discount = np.where(promo[line_order], np.array([0.80, 0.85, 0.90])[rng.integers(0, 3, m)],
                        np.array([1.0, 1.0, 1.0, 0.95, 0.90])[rng.integers(0, 5, m)])
    line_unit_cents = np.round(products.price_cents[line_product] * discount).astype(np.int64)
    goods = np.bincount(line_order, weights=line_qty * line_unit_cents, minlength=n).astype(np.int64)
    coupon = np.where(promo | (rng.random(n) < 0.15), goods // 30000 * 3000, 0)
    shipping = np.where((goods < 9900) & (rng.random(n) < 0.5), 600, 0)
    pay_cents = np.maximum(goods - coupon + shipping, 1)
    age_days = (BEHAVIOR_START + BEHAVIOR_DAYS * 86400 - unix) // 86400
    age_group = np.where(age_days < 2, 0, np.where(age_days < 7, 1, 2))
    status = np.empty(n, dtype=np.int64)
    for g, weights in enumerate(STATUS_WEIGHTS_BY_AGE):
        rows = np.flatnonzero(age_group == g)
        status[rows] = _choice(rng, len(rows), weights)
    ids = [f"O{t[:10].replace('-', '')}{i + 1:07d}" for i, t in enumerate(_local_strings(unix))]
    return _Orders(ids=ids, unix=unix, user_row=user_row, user_ids=users.ids[user_row], pay_cents=pay_cents,
                   status=status, line_order=line_order, line_product=line_product,
                   line_item_id=products.ids[line_product], line_qty=line_qty, line_unit_cents=line_unit_cents)


def _dirty_status(status: int, roll: float) -> str:
    """~2% of rows carry the spelling another system (or an older app version) used."""
    if roll < 0.02:
        variants = STATUS_VARIANTS[status]
        return variants[int(roll * 10_000) % len(variants)]
    return ORDER_STATUSES[status]


def _write_orders(path: pathlib.Path, rng: np.random.Generator, orders: _Orders, users: _Users) -> pathlib.Path:
    n = len(orders.ids)
    gift = rng.random(n) < 0.15  # shipped to someone else: other name, phone, province
    other_names = _names(rng, rng.random(n) < 0.5)
    other_phones = _mobiles(rng, n)
    other_region = _choice(rng, n, [r.weight for r in REGIONS])
    amount_roll = rng.random(n)
    status_roll = rng.random(n)
    phone_roll = rng.random(n)
    province_roll = rng.random(n)
    no_receiver = _mask(rng, n, 0.003)
    duplicate = _mask(rng, n, 0.008)
    times = _local_strings(orders.unix)

    def rows() -> Iterator[tuple[object, ...]]:
        for i in range(n):
            u = int(orders.user_row[i])
            region = REGIONS[other_region[i] if gift[i] else users.region[u]]
            cents = int(orders.pay_cents[i])
            if amount_roll[i] < 0.003:
                amount: str | None = None
            elif amount_roll[i] < 0.007:
                amount = _money(-cents)
            else:
                amount = _money(cents)
            if province_roll[i] < 0.005:
                province: str | None = None
            elif province_roll[i] < 0.015:
                province = region.province.removesuffix("省").removesuffix("市")
            else:
                province = region.province
            row = (
                orders.ids[i], int(users.ids[u]), times[i], amount,
                _dirty_status(int(orders.status[i]), status_roll[i]), province,
                None if no_receiver[i] else (other_names[i] if gift[i] else users.names[u]),
                _dirty_phone(other_phones[i] if gift[i] else users.phones[u], phone_roll[i]),
            )
            yield row
            if duplicate[i]:
                yield row  # the classic double export / retried insert

    header = ("order_id", "user_id", "order_time", "pay_amount", "status", "province", "收货人", "联系电话")
    return _write_csv(path, header, rows())


def _write_order_items(path: pathlib.Path, rng: np.random.Generator, orders: _Orders) -> pathlib.Path:
    """unit_price is text with a '¥' in ~1% of rows (copied from a storefront), blank in a few."""
    m = len(orders.line_order)
    price_roll = rng.random(m)

    def rows() -> Iterator[tuple[object, ...]]:
        for j in range(m):
            cents = int(orders.line_unit_cents[j])
            if price_roll[j] < 0.002:
                price: str | None = None
            elif price_roll[j] < 0.012:
                price = "¥" + _money(cents)
            else:
                price = _money(cents)
            yield orders.ids[orders.line_order[j]], int(orders.line_item_id[j]), int(orders.line_qty[j]), price

    return _write_csv(path, ("order_id", "item_id", "quantity", "unit_price"), rows())


# --------------------------------------------------------------------------------------------
# Behaviour log (the big one): vectorised, chunked, written by Arrow
# --------------------------------------------------------------------------------------------

BEHAVIOR_SCHEMA = pa.schema([
    ("user_id", pa.int64()), ("item_id", pa.int64()), ("category_id", pa.int64()),
    ("behavior_type", pa.string()), ("ts", pa.int64()), ("session_id", pa.string()), ("device", pa.string()),
])
_MEAN_SESSION_ROWS = 8


def _write_behavior(
    path: pathlib.Path, seed: int, n_rows: int, users: _Users, products: _Products, progress: bool
) -> pathlib.Path:
    """Chunks of BEHAVIOR_CHUNK_ROWS with their own generator, so memory stays flat at any scale."""
    options = _arrow_csv_options()
    with pacsv.CSVWriter(str(path), BEHAVIOR_SCHEMA, write_options=options) as writer, tqdm(
        total=n_rows, desc=path.name, unit="row", unit_scale=True, leave=False, disable=not progress
    ) as bar:
        for k, start in enumerate(range(0, n_rows, BEHAVIOR_CHUNK_ROWS)):
            size = min(BEHAVIOR_CHUNK_ROWS, n_rows - start)
            writer.write_table(_behavior_chunk(_rng(seed, _S_BEHAVIOR, k), size, users, products))
            bar.update(size)
    pa.default_memory_pool().release_unused()  # hand Arrow's cached chunk buffers back to the OS
    return path


def _session_lengths(rng: np.random.Generator, n_rows: int, mean: int) -> np.ndarray:
    """Geometric session lengths that add up to exactly n_rows."""
    draw = n_rows // mean + 16
    lengths = rng.geometric(1.0 / mean, draw)
    while lengths.sum() < n_rows:
        lengths = np.concatenate([lengths, rng.geometric(1.0 / mean, draw)])
    ends = np.cumsum(lengths)
    k = int(np.searchsorted(ends, n_rows)) + 1
    lengths = lengths[:k].copy()
    lengths[-1] -= ends[k - 1] - n_rows
    return lengths


def _odd_timestamps(rng: np.random.Generator, n: int) -> np.ndarray:
    """Broken clocks: epoch-zero devices, last year, next year, 2037, and milliseconds."""
    kind = rng.integers(0, 5, n)
    ok = BEHAVIOR_START + rng.integers(0, BEHAVIOR_DAYS * 86400, n)
    return np.select(
        [kind == 0, kind == 1, kind == 2, kind == 3],
        [rng.integers(0, 3 * 86400, n),
         rng.integers(1451577600, 1483200000, n),  # 2016
         rng.integers(1514736000, 1546272000, n),  # 2018
         rng.integers(2114352000, 2147483647, n)],  # 2037 .. 2038-01-19
        default=ok * 1000,
    )


def _behavior_chunk(rng: np.random.Generator, n: int, users: _Users, products: _Products) -> pa.Table:
    """Sessions of one user on one device, drifting around one category, in time order."""
    lengths = _session_lengths(rng, n, _MEAN_SESSION_ROWS)
    k = len(lengths)
    sess = np.repeat(np.arange(k), lengths)
    first_row = np.cumsum(lengths) - lengths

    s_user = _skewed(rng, k, len(users.ids), 1.8)
    s_device = np.where(rng.random(k) < 0.8, users.device[s_user], _choice(rng, k, DEVICE_WEIGHTS))
    s_start = _random_times(rng, k, BEHAVIOR_START, BEHAVIOR_DAY_WEIGHTS)
    s_focus = products.leaf[products.hot[_skewed(rng, k, len(products.ids), 2.5)]]
    s_id = _hex_strings(rng, k, 8)

    elapsed = np.cumsum(rng.exponential(45.0, n).astype(np.int64))
    ts = s_start[sess] + elapsed - elapsed[first_row][sess]
    item_row = np.where(rng.random(n) < 0.6, products.in_leaf(rng, s_focus[sess]),
                        products.hot[_skewed(rng, n, len(products.ids), 2.5)])
    behavior = _choice(rng, n, BEHAVIOR_WEIGHTS).astype(np.int8)
    device = s_device[sess].astype(np.int8)
    user_row = s_user[sess]

    misspelt = _mask(rng, n, 0.01)
    device[misspelt] = np.array(DEVICE_VARIANT_OF, dtype=np.int8)[device[misspelt]]
    device[_mask(rng, n, 0.003)] = len(DEVICE_LABELS) - 1
    odd = np.flatnonzero(_mask(rng, n, 0.0005))
    ts[odd] = _odd_timestamps(rng, len(odd))
    no_category = _mask(rng, n, 0.003)
    dup = np.flatnonzero(_mask(rng, n - 1, 0.005))
    dup = dup[np.diff(dup, prepend=-2) > 1]  # no chains, so each copy equals its predecessor
    for col in (user_row, item_row, behavior, ts, sess, device, no_category):
        col[dup + 1] = col[dup]

    category_ids = np.array([lf.category_id for lf in LEAVES], dtype=np.int64)
    return pa.table({
        "user_id": pa.array(users.ids[user_row]),
        "item_id": pa.array(products.ids[item_row]),
        "category_id": pa.array(category_ids[products.leaf[item_row]], mask=no_category),
        "behavior_type": pc.take(pa.array(BEHAVIOR_TYPES, pa.string()), pa.array(behavior)),
        "ts": pa.array(ts),
        "session_id": pc.take(s_id, pa.array(sess)),
        "device": pc.take(pa.array(DEVICE_LABELS, pa.string()), pa.array(device)),
    }, schema=BEHAVIOR_SCHEMA)


# --------------------------------------------------------------------------------------------
# Ad impressions: vectorised, chunked
# --------------------------------------------------------------------------------------------

AD_SCHEMA = pa.schema([
    ("impression_id", pa.int64()), ("ad_id", pa.int64()), ("campaign_id", pa.int64()),
    ("user_id", pa.int64()), ("ts", pa.timestamp("s")), ("position", pa.string()),
    ("device_id", pa.string()), ("ip", pa.string()), ("clicked", pa.int8()),
    ("cost", pa.decimal128(18, 4)),
])
_ANON_DEVICES = 5000


def _luhn_digit(payload: str) -> str:
    """Luhn check digit, as the 15th digit of an IMEI."""
    total = 0
    for i, ch in enumerate(reversed(payload)):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return str((10 - total % 10) % 10)


def _device_id(rng: np.random.Generator, device: int) -> str:
    """IDFA on iOS; IMEI or OAID on Android; a cookie-style hex id on PC/H5."""
    if device == 1 and rng.random() < 0.45:
        body = f"86{int(rng.integers(0, 10**6)):06d}{int(rng.integers(0, 10**6)):06d}"
        return body + _luhn_digit(body)
    h = rng.bytes(16).hex()
    if device in (0, 1):
        uuid = f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
        return uuid.upper() if device == 0 else uuid
    return h


@dataclass(frozen=True)
class _AdPools:
    ad_ids: np.ndarray
    ad_campaign: np.ndarray
    campaign_ids: np.ndarray
    campaign_cpc: np.ndarray  # True: pay per click, False: pay per mille
    campaign_units: np.ndarray  # price per click / per impression in 1/10000 yuan
    campaign_quality: np.ndarray  # CTR multiplier
    devices: pa.StringArray  # one per user, then anonymous devices, then ZERO_AD_ID, then null
    user_ip_prefix: np.ndarray  # first three octets per user, as an int

    @classmethod
    def build(cls, rng: np.random.Generator, n_impressions: int, users: _Users) -> _AdPools:
        n_ads = min(5000, max(20, n_impressions // 2000))
        n_campaigns = max(5, n_ads // 8)
        cpc = rng.random(n_campaigns) < 0.7
        units = np.where(cpc, rng.integers(3000, 50_000, n_campaigns), rng.integers(200, 800, n_campaigns))
        anon_kinds = _choice(rng, _ANON_DEVICES, DEVICE_WEIGHTS)
        devices = [_device_id(rng, int(d)) for d in users.device] + [_device_id(rng, int(d)) for d in anon_kinds]
        return cls(
            ad_ids=300_001 + np.arange(n_ads, dtype=np.int64),
            ad_campaign=rng.integers(0, n_campaigns, n_ads),
            campaign_ids=7_001 + np.arange(n_campaigns, dtype=np.int64),
            campaign_cpc=cpc,
            campaign_units=units,
            campaign_quality=rng.lognormal(0.0, 0.3, n_campaigns),
            devices=pa.array(devices + [ZERO_AD_ID, None], pa.string()),
            user_ip_prefix=_cn_ip_prefixes(rng, len(users.ids)),
        )


def _cn_ip_prefixes(rng: np.random.Generator, n: int) -> np.ndarray:
    first = np.array(CN_IP_FIRST_OCTETS, dtype=np.int64)[rng.integers(0, len(CN_IP_FIRST_OCTETS), n)]
    return (first << 16) | (rng.integers(0, 256, n) << 8) | rng.integers(0, 256, n)


def _ip_strings(a: np.ndarray, b: np.ndarray, c: np.ndarray, d: np.ndarray, null_mask: np.ndarray) -> pa.Array:
    parts = [pc.cast(pa.array(x.astype(np.int64)), pa.string()) for x in (a, b, c, d)]
    parts[0] = pc.if_else(pa.array(null_mask), pa.scalar(None, pa.string()), parts[0])
    return pc.binary_join_element_wise(*parts, ".")


def _write_ad_impressions(
    path: pathlib.Path, seed: int, n_rows: int, users: _Users, progress: bool
) -> pathlib.Path:
    pools = _AdPools.build(_rng(seed, _S_ADS), n_rows, users)
    options = _arrow_csv_options()
    with pacsv.CSVWriter(str(path), AD_SCHEMA, write_options=options) as writer, tqdm(
        total=n_rows, desc=path.name, unit="row", unit_scale=True, leave=False, disable=not progress
    ) as bar:
        for k, start in enumerate(range(0, n_rows, AD_CHUNK_ROWS)):
            size = min(AD_CHUNK_ROWS, n_rows - start)
            writer.write_table(_ad_chunk(_rng(seed, _S_ADS, k + 1), start, size, users, pools))
            bar.update(size)
    pa.default_memory_pool().release_unused()
    return path


def _ad_chunk(rng: np.random.Generator, start: int, n: int, users: _Users, pools: _AdPools) -> pa.Table:
    """Impressions with per-slot CTR, CPC/CPM billing, per-user device ids and home IP blocks."""
    n_users = len(users.ids)
    ad = _skewed(rng, n, len(pools.ad_ids), 1.5)
    campaign = pools.ad_campaign[ad]
    anon = _mask(rng, n, 0.04)
    user_row = _skewed(rng, n, n_users, 1.8)
    ts = _random_times(rng, n, BEHAVIOR_START, BEHAVIOR_DAY_WEIGHTS)
    position = _choice(rng, n, [p[1] for p in AD_POSITIONS])
    ctr = np.array([p[2] for p in AD_POSITIONS])[position] * pools.campaign_quality[campaign]
    clicked = rng.random(n) < ctr
    price = pools.campaign_units[campaign]
    cost = np.where(pools.campaign_cpc[campaign], np.where(clicked, price, 0), price)

    device = np.where(anon, n_users + rng.integers(0, _ANON_DEVICES, n), user_row)
    device[_mask(rng, n, 0.01)] = n_users + _ANON_DEVICES  # tracking limited: all-zero id
    device[_mask(rng, n, 0.005)] = n_users + _ANON_DEVICES + 1  # null

    roaming = anon | (rng.random(n) < 0.15)  # mobile data / office network
    prefix = np.where(roaming, _cn_ip_prefixes(rng, n), pools.user_ip_prefix[user_row])
    a, b, c = prefix >> 16, (prefix >> 8) & 255, prefix & 255
    private = _mask(rng, n, 0.003)  # the proxy forwarded an internal address
    a = np.where(private, 192, a)
    b = np.where(private, 168, b)
    ip = _ip_strings(a, b, c, rng.integers(1, 255, n), _mask(rng, n, 0.002))

    return pa.table({
        "impression_id": pa.array(900_000_000_001 + start + np.arange(n, dtype=np.int64)),
        "ad_id": pa.array(pools.ad_ids[ad]),
        "campaign_id": pa.array(pools.campaign_ids[campaign]),
        "user_id": pa.array(users.ids[user_row], mask=anon),
        "ts": pa.array(ts + BEIJING_OFFSET_S, pa.timestamp("s")),
        "position": pc.take(pa.array([p[0] for p in AD_POSITIONS], pa.string()), pa.array(position)),
        "device_id": pc.take(pools.devices, pa.array(device)),
        "ip": ip,
        "clicked": pa.array(clicked.astype(np.int8)),
        "cost": _decimal_array(cost, 4, null_mask=_mask(rng, n, 0.003)),
    }, schema=AD_SCHEMA)


# --------------------------------------------------------------------------------------------
# Search queries (JSON Lines)
# --------------------------------------------------------------------------------------------

QUERY_TEMPLATE_WEIGHTS = (0.30, 0.25, 0.15, 0.15, 0.15)


def _query_text(leaf: Leaf, template: int, p: Sequence[int]) -> str:
    """What people type: '连衣裙 夏季新款 碎花', '华为 5G手机', 'iphone15promax 手机壳'."""
    terms = (*leaf.nouns, leaf.path[2])
    term = terms[p[0] % len(terms)]
    adj = leaf.adjectives[p[1] % len(leaf.adjectives)]
    brand, model = leaf.brand_models[p[2] % len(leaf.brand_models)]
    if template == 0:
        adj2 = leaf.adjectives[(p[1] + 1) % len(leaf.adjectives)]
        return f"{term} {adj} {adj2}" if adj2 != adj else f"{term} {adj}"
    if template == 1:
        return f"{brand} {term}" if p[3] % 2 else f"{brand}{term}"
    if template == 2:
        code = model.lower() if model else leaf.specs[p[3] % len(leaf.specs)]
        return f"{code.replace(' ', '')} {term}"
    if template == 3:
        return term
    return f"{adj} {term}"


def _tidy(text: str) -> str:
    """Collapse the gaps an empty adjective leaves behind."""
    return " ".join(text.split())


def _dirty_query(query: str, roll: float) -> str:
    if roll < 0.005:
        return ""
    if roll < 0.015:
        return _fullwidth(query)
    if roll < 0.025:
        return query + " "
    return query


def _write_search_queries(
    path: pathlib.Path, rng: np.random.Generator, n: int, users: _Users, products: _Products
) -> pathlib.Path:
    leaf = products.leaf[products.hot[_skewed(rng, n, len(products.ids), 2.0)]]
    template = _choice(rng, n, QUERY_TEMPLATE_WEIGHTS)
    picks = rng.integers(0, 1 << 30, size=(n, 4))
    dirt_roll = rng.random(n)
    user_ids = users.ids[_skewed(rng, n, len(users.ids), 1.8)]
    anon = _mask(rng, n, 0.03)
    times = _local_strings(_random_times(rng, n, BEHAVIOR_START, BEHAVIOR_DAY_WEIGHTS))
    zero = _mask(rng, n, SEARCH_ZERO_RESULT_RATE)
    counts = np.minimum(np.exp(rng.normal(6.0, 1.6, n)).astype(np.int64) + 1, 100_000)
    clicked = _mask(rng, n, SEARCH_CLICK_RATE)
    clicked_ids = products.ids[products.in_leaf(rng, leaf)]

    def lines() -> Iterator[str]:
        for i in range(n):
            text = _tidy(_query_text(LEAVES[leaf[i]], int(template[i]), picks[i].tolist()))
            query = _dirty_query(text, dirt_roll[i])
            result_count = 0 if (zero[i] or not query) else int(counts[i])
            record = {
                "query_id": i + 1,
                "user_id": None if anon[i] else int(user_ids[i]),
                "query": query,
                "ts": times[i],
                "result_count": result_count,
                "clicked_item_id": int(clicked_ids[i]) if (clicked[i] and result_count > 0) else None,
            }
            yield json.dumps(record, ensure_ascii=False) + "\n"

    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.writelines(lines())
    return path


# --------------------------------------------------------------------------------------------
# Reviews
# --------------------------------------------------------------------------------------------

_TOP_INDEX = {top: i for i, (top, _, _) in enumerate(TOP_CATEGORY_PHRASES)}
_CANCELLED, _REFUNDING = ORDER_STATUSES.index("已取消"), ORDER_STATUSES.index("退款中")


def _phrases(pool: Sequence[str], start: int, count: int) -> list[str]:
    """`count` distinct phrases from `pool`, deterministic from `start`."""
    return [pool[(start + k) % len(pool)] for k in range(min(count, len(pool)))]


def _review_text(rating: int, top: int, p: Sequence[int], roll: float) -> str | None:
    """Template review whose tone follows the stars; Taobao's auto-filled text for silent 5s."""
    if roll < 0.02:
        return None
    if rating == 5 and roll < 0.10:
        return DEFAULT_REVIEW
    _, top_pos, top_neg = TOP_CATEGORY_PHRASES[top]
    if rating >= 4:
        parts = _phrases(POSITIVE_PHRASES, p[0], 1 + p[1] % 3)
        if p[2] % 2:
            parts.insert(0, top_pos[p[3] % len(top_pos)])
        return "，".join(parts) + "！" + POSITIVE_EMOJI[p[4] % len(POSITIVE_EMOJI)]
    if rating == 3:
        return "，".join(_phrases(NEUTRAL_PHRASES, p[0], 1 + p[1] % 2)) + "。"
    parts = _phrases(NEGATIVE_PHRASES, p[0], 1 + p[1] % 2)
    if p[2] % 2:
        parts.insert(0, top_neg[p[3] % len(top_neg)])
    return "，".join(parts) + "。"


def _write_reviews(
    path: pathlib.Path, rng: np.random.Generator, n: int, orders: _Orders, products: _Products
) -> pathlib.Path:
    """Reviews come from real purchase lines (same user and item), a few days after the order."""
    m = len(orders.line_order)
    delay = rng.integers(2 * 86400, 15 * 86400, m)
    created = orders.unix[orders.line_order] + delay
    end = BEHAVIOR_START + BEHAVIOR_DAYS * 86400
    eligible = np.flatnonzero((created < end) & (orders.status[orders.line_order] != _CANCELLED))
    if len(eligible) == 0:
        eligible = np.arange(m)
    chosen = rng.choice(eligible, size=n, replace=n > len(eligible))
    chosen = chosen[np.argsort(created[chosen], kind="stable")]
    rating = 1 + _choice(rng, n, RATING_WEIGHTS)
    refunding = orders.status[orders.line_order[chosen]] == _REFUNDING
    rating = np.where(refunding & (rng.random(n) < 0.8), np.minimum(rating, 2), rating)
    no_rating = _mask(rng, n, 0.003)
    picks = rng.integers(0, 1 << 30, size=(n, 5))
    text_roll = rng.random(n)
    times = _local_strings(np.minimum(created[chosen], end - 1))

    def rows() -> Iterator[tuple[object, ...]]:
        for i in range(n):
            line = chosen[i]
            product = orders.line_product[line]
            top = _TOP_INDEX[LEAVES[products.leaf[product]].path[0]]
            order = orders.line_order[line]
            yield (
                20_000_001 + i,
                int(orders.line_item_id[line]),
                int(orders.user_ids[order]),
                None if no_rating[i] else int(rating[i]),
                _review_text(int(rating[i]), top, picks[i].tolist(), text_roll[i]),
                times[i],
            )

    return _write_csv(path, ("review_id", "item_id", "user_id", "rating", "review", "created_at"), rows())


# --------------------------------------------------------------------------------------------
# Daily GMV report (Excel)
# --------------------------------------------------------------------------------------------

XLSX_TIMESTAMP = dt.datetime(2017, 12, 4, 9, 0, 0)


def _daily_gmv_rows(rng: np.random.Generator, orders: _Orders) -> list[tuple[dt.date, float, int, int]]:
    """Daily totals of non-cancelled orders (so the report reconciles with orders.csv), plus UV."""
    first_day = int(_local_day(np.array([ORDER_START]))[0])
    day = _local_day(orders.unix) - first_day
    paid = orders.status != _CANCELLED
    gmv_cents = np.bincount(day[paid], weights=orders.pay_cents[paid], minlength=ORDER_DAYS)
    n_orders = np.bincount(day[paid], minlength=ORDER_DAYS)
    conversion = rng.uniform(0.025, 0.04, ORDER_DAYS)
    uv = np.round(n_orders / conversion).astype(np.int64) + rng.integers(50, 150, ORDER_DAYS)
    epoch = dt.date(1970, 1, 1)
    return [
        (epoch + dt.timedelta(days=first_day + k), round(float(gmv_cents[k]) / 100, 2), int(n_orders[k]), int(uv[k]))
        for k in range(ORDER_DAYS)
    ]


def _normalised_zip(data: bytes) -> bytes:
    """Re-pack a zip with fixed entry timestamps so the .xlsx is byte-identical run to run."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.create_system = 3
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def _write_daily_gmv(path: pathlib.Path, rng: np.random.Generator, orders: _Orders) -> pathlib.Path | None:
    """90-day report as a finance team would mail it; skipped when openpyxl is unavailable."""
    try:
        from openpyxl import Workbook
        from openpyxl.writer.excel import ExcelWriter
    except ImportError:
        return None
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "daily_gmv"
    sheet.append(["dt", "gmv", "orders", "uv"])
    for row in _daily_gmv_rows(rng, orders):
        sheet.append(list(row))
    for (date_cell, gmv_cell, _, _) in sheet.iter_rows(min_row=2):
        date_cell.number_format = "yyyy-mm-dd"
        gmv_cell.number_format = "#,##0.00"
    sheet.column_dimensions["A"].width = 12
    sheet.column_dimensions["B"].width = 14
    workbook.properties.creator = "pandian demo"
    workbook.properties.created = XLSX_TIMESTAMP
    workbook.properties.modified = XLSX_TIMESTAMP
    buffer = io.BytesIO()
    archive = zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)
    ExcelWriter(workbook, archive).save()  # not workbook.save(): that stamps "modified" with now()
    path.write_bytes(_normalised_zip(buffer.getvalue()))
    return path
