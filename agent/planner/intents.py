"""Intent recognition: bilingual cue words scored per tool, with a char n-gram classifier for the rest.

Cues are regular expressions (English on word boundaries, Chinese by substring) with weights; the best total
wins. Cues describe the *request*, never table names, so they hold on warehouses pandian has not seen.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# intent -> [(pattern, weight)]
CUES: dict[str, list[tuple[str, float]]] = {
    "ingest_source": [
        (r"\b(ingest|import|load|scan|upload|read in|pull in|connect to|add (the )?(file|folder|source|database))\b", 2),
        (r"导入|扫描|加载|接入|读入|读取|上传|载入|入库", 2),
        (r"(?:^|\s)(\.{0,2}/|~/)?[\w.\-]+/[\w.\-/]*|\.(csv|tsv|json|jsonl|parquet|xlsx|zip)\b", 1.5),
        (r"\b(postgres(ql)?|mysql|mariadb|sqlite|duckdb)(\+\w+)?://", 3),
    ],
    "list_assets": [
        (r"\b(list|show|what|which)\b.{0,20}\b(tables|assets|datasets)\b", 2.2),
        (r"\b(what|which) (tables|datasets|assets)\b.{0,12}\b(do we have|are there|exist|we got)\b", 3),
        (r"\bevery (table|dataset|asset)\b|\bwhat data (do we|have we|is there)\b", 2.2),
        (r"\bhow many tables\b|\bcatalog\b|\binventory of tables\b|\ball tables\b", 2),
        (r"有哪些表|哪些(数据)?表|(有什么|有哪些)数据|列出.{0,6}(表|资产|数据集)|所有(的)?表|多少(张|个)表|表清单|资产清单|资产列表|目录", 2.2),
    ],
    "profile_table": [
        (r"\b(profile|profiling|statistics|stats|null (rate|ratio|fraction)s?|missing values|distribution|"
         r"describe|schema|columns of|fields of|data quality|quality of|summary of)\b", 2),
        (r"画像|概况|统计信息|统计|空值|缺失|分布|质量|表结构|字段有哪些|有哪些(字段|列)|列信息|描述一下|基本情况|概览", 2),
    ],
    "clean_table": [
        (r"\b(clean|cleanse|cleaning|clean up|tidy|tidy up|scrub|sanitise|sanitize|dedupe|de-duplicate|deduplicate|"
         r"fix (the )?(errors|data|values)|dirty|noise|normali[sz]e|bad (values|data|rows|records))\b", 2.5),
        (r"清洗|清理|去重|脏数据|纠错|修复数据|规范化|标准化|去噪|洗一下|整理干净|弄干净|修正错误|错误值|异常值", 2.5),
    ],
    "integrate_tables": [
        (r"\b(join|joins|joined|integrate|integration|foreign keys?|join keys?|relationships?|relations|related|relate|"
         r"link|links|linked|connect(ed)?|unified view|merge)\b", 2.2),
        (r"关联|整合|外键|连接键|关联键|打通|合并|融合|关系|join", 2.2),
    ],
    "classify_columns": [
        (r"\b(sensitive|sensitivity|pii|personal (data|information)|privacy|semantic types?|classify (the )?columns|"
         r"column types?|which columns)\b", 2.2),
        (r"(哪些|哪个)(字段|列).{0,10}(敏感|隐私|个人)|(有没有|是否有|有无|是否包含).{0,8}(敏感|隐私|个人)|\b(which|what) columns?\b.{0,30}\b(sensitive|pii|personal)", 3),
        (r"敏感|隐私|个人信息|分级|语义类型|字段类型|列类型|字段分类|识别字段|字段识别|数据分类|密级|pii", 2.2),
    ],
    "classify_text": [
        (r"\b(categor(y|ise|ize)|classify)\b.{0,30}\b(title|titles|text|product name|products?|review|reviews|sentence)\b", 2.4),
        (r"\b(label|tag|categori[sz]e|classify)\b.{0,40}\b(with|into) (categor(y|ies)|classes|labels)\b", 2.6),
        (r"\bwhat category\b|\bwhich category\b", 2.4),
        (r"(商品|标题|文本|评论|这句话|这个商品).{0,12}(分类|类目|品类|哪一类|什么类)|(分类|类目).{0,6}(标题|文本|评论)|属于(什么|哪个)(类|类目|品类)", 2.4),
    ],
    "generate_dictionary": [
        (r"\b(data )?dictionar(y|ies)\b|\bdocument(ation)? (for|of)\b|\bdocument the\b|"
         r"\b(field|column) (descriptions|definitions|docs)\b", 2.6),
        (r"数据字典|字典|说明文档|字段说明|字段描述|文档化|字段含义表", 2.6),
    ],
    "search_catalog": [
        (r"\b(which|what) (table|tables|column|columns|field|fields)\b.{0,40}\b(has|have|contain|contains|holds?|store|stores)\b\s+\w", 2.6),
        (r"\bwhere (can i find|is|are|do we (have|keep|store))\b|\bfind (the )?(column|table|field)s?\b|\bsearch\b|"
         r"\blook(ing)? for\b|\bwhat does .{1,40} mean\b|\bmeaning of\b|"
         r"\bis there (a|an|any) (column|field|table)\b|\bwhere .{0,40}\b(lives?|stored|kept|recorded)\b", 2.4),
        (r"哪(张|个|些)表.{0,12}(有|包含|存|记录)|有没有.{0,16}(字段|列|表)|(?<!有)哪(个|些)(字段|列)|在哪|搜索|查找|找一下|找找|是什么意思|什么含义|含义|指的是什么|哪里有", 2.4),
    ],
    "run_sql": [
        (r"^\s*(select|with)\b", 6),
        (r"\bsql\b|\bquery\b|\bhow many\b|\bcount\b|\bdistinct\b|\bnumber of\b|\btotal\b|\baverage\b|\bsum of\b|\bmax(imum)?\b|"
         r"\bmin(imum)?\b|\bhow (big|large)\b|\bshow (me )?(the )?(first |top |last |some )?\d* ?rows\b|\bpreview\b|\bsample rows\b", 1.6),
        (r"多少|几(条|个|行)|总数|总和|平均|最大|最小|查询|前\s*\d+\s*(行|条)|看看.{0,6}数据|预览|样例数据|sql", 1.6),
    ],
    "make_chart": [
        (r"\b(chart|plot|graph|visuali[sz]e|visuali[sz]ation|histogram|pie|bar chart|line chart|heatmap|draw)\b", 2.8),
        (r"图表|画图|画一个|画个|作图|可视化|柱状图|条形图|折线图|饼图|直方图|热力图|画出|图", 2.8),
    ],
    "analyze_table": [
        (r"\b(funnel|conversion( rate)?s?|rfm|segment(s|ation)?|co-?purchase|bought together|basket|repurchase|"
         r"repeat (purchase|buy|buyers)|retention|trend|trends|over time|daily|weekly|monthly|per day|per month|"
         r"top ?\d*|best[- ]selling|most (popular|sold|viewed|bought|often|frequent(ly)?)|ranking|rank|ranked|"
         r"(bought|purchased|ordered|reordered|sold) together)\b", 2.4),
        (r"漏斗|转化|rfm|分层|用户价值|共同购买|一起买|关联购买|购物篮|复购|回购|重复购买|趋势|走势|每天|每日|按天|按月|每月|按周|"
         r"排行|排名|最常|最多|最热销|最畅销|销量最高|最受欢迎|top|前\s*\d+\s*(名|个|款)", 2.4),
    ],
    "record_feedback": [
        (r"\b(rate (this|that|it|the answer|your answer|the dictionary|dictionary)|rating|stars?|thumbs (up|down)|feedback|"
         r"wrong|incorrect|should be|is actually|is not a|mislabel(l)?ed|good answer|bad answer|great answer|useless|"
         r"helpful)\b", 2.4),
        (r"\b[1-5] ?stars?\b|\b(rate|rating)\b.{0,30}\b[1-5]\b", 3),
        (r"评分|打分|打\s*[1-5一二三四五]\s*(分|星)|[1-5一二三四五]\s*星|好评|差评|反馈|不对|错了|应该是|其实是|不是.{0,8}(类型|字段)|标错|改成|改为|"
         r"很有用|没用|有帮助|回答得?很好|不准|有误|(?<!\d)[1-5]\s*分(?!钟|布|析|类|组)", 2.4),
        (r"[👍👎]", 3),
    ],
    "train_classifier": [
        (r"\b(re-?train(ing|ed)?|train(ing|ed)?|fine-?tun(e|ing|ed)|finetun(e|ing))\b", 3),
        (r"训练|重训|再训练|微调|重新学习", 3),
    ],
    "inventory_report": [
        (r"\b(inventory|report|overview|audit|take stock)\b", 2.4),
        (r"盘点|报告|报表|总览|全景|资产概况|汇总|清点", 2.4),
    ],
}

# A refusal is decided before any tool is chosen: nothing runs.
REFUSE: list[tuple[str, str]] = [
    (r"\b(drop|delete|truncate|update|insert|alter|remove|wipe|erase)\b.{0,40}\b(table|tables|rows?|data|records|from|into|column)\b", "write"),
    (r"^\s*(drop|delete|truncate|update|insert|alter|create|grant|revoke)\b", "write"),
    (r"\b(remove|delete|erase|wipe|purge)\s+(all|every)\b(?!\s+(the\s+)?(duplicates?|dupes|duplicate rows))", "write"),
    (r"\b(anonymi[sz]e|overwrite)\b.{0,30}\b(values|names|data|columns?|rows)\b", "write"),
    (r"(改成|改为|替换为|替换成|覆盖为)(匿名|空|null|0)", "write"),
    (r"删除|删掉|删了|清空|drop\s+table|修改.{0,6}(数据|记录|表)|更新.{0,6}(数据|记录)|插入|改写数据|truncate", "write"),
    (r"\b(unmask(ed)?|in (the )?clear|plain ?text|raw|full|real|all)\b.{0,30}\b(phone|id card|id number|mobile|password|"
     r"bank|card numbers?|ssn|passport)", "clear"),
    (r"(明文|完整|真实|未脱敏|不脱敏|原始).{0,12}(手机号|身份证|银行卡|密码|电话|证件)|(手机号|身份证|银行卡|密码).{0,10}(明文|不脱敏|未脱敏)|"
     r"导出.{0,10}(所有|全部).{0,6}(手机号|身份证|银行卡)", "clear"),
    (r"\bexport\b.{0,30}\b(phone|mobile|id card|id numbers?|bank card)", "clear"),
]

_COMPILED = {k: [(re.compile(p, re.I), w) for p, w in v] for k, v in CUES.items()}
_REFUSE = [(re.compile(p, re.I), why) for p, why in REFUSE]

# when totals tie, the more specific intent wins
PRIORITY = ["record_feedback", "train_classifier", "make_chart", "classify_text", "generate_dictionary",
            "clean_table", "integrate_tables", "analyze_table", "search_catalog", "classify_columns",
            "inventory_report", "ingest_source", "profile_table", "run_sql", "list_assets"]


@dataclass
class Intent:
    name: str
    score: float
    scores: dict[str, float]
    source: str  # cues | model | default


def cue_scores(text: str) -> dict[str, float]:
    out: dict[str, float] = {}
    for intent, pats in _COMPILED.items():
        s = sum(w for rx, w in pats if rx.search(text))
        if s:
            out[intent] = s
    return out


def refusal(text: str) -> str | None:
    for rx, why in _REFUSE:
        if rx.search(text):
            return why
    return None


_DOTTED = re.compile(r"[A-Za-z_\u4e00-\u9fff][\w\u4e00-\u9fff]*\.[A-Za-z_\u4e00-\u9fff][\w\u4e00-\u9fff]*")
_LEVEL = re.compile(r"\bL[1-4]\b")


def _is_correction(text: str) -> bool:
    """TABLE.COLUMN together with a semantic type name or a level is a label correction, however phrased."""
    if not _DOTTED.search(text):
        return False
    if _LEVEL.search(text):
        return True
    from tools.classify.taxonomy import TYPES

    return any(re.search(r"(?<![\w.])" + re.escape(t) + r"(?![\w])", text) for t in TYPES if "_" in t)


def recognise(text: str, model=None) -> Intent:
    """Best intent by cue score; the learned classifier decides only when no cue fires (measured: as a bonus
    on top of cues it lost more requests than it won)."""
    scores = cue_scores(text)
    if _is_correction(text):
        scores["record_feedback"] = scores.get("record_feedback", 0) + 4
    if scores:
        best = max(scores.items(), key=lambda kv: (kv[1], -PRIORITY.index(kv[0])))
        return Intent(best[0], best[1], scores, "cues")
    if model is not None:
        probs = model(text)
        if probs:
            name, p = max(probs.items(), key=lambda kv: kv[1])
            if p >= 0.35:
                return Intent(name, p, probs, "model")
    return Intent("unknown", 0.0, {}, "default")
