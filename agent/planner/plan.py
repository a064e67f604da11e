"""From a request to a plan: which tools, in which order, with which arguments.

A step is either fixed (tool, args) or a function of the results so far, so that "盘点 data/" can
dictionary exactly the tables the ingest step produced.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from agent.planner import slots
from agent.planner.catalog_view import CatalogView
from agent.planner.intents import Intent, cue_scores, recognise, refusal
from agent.planner.lang import detect_lang, pick

Step = tuple[str, dict[str, Any]] | Callable[[list[tuple[str, dict[str, Any]]]], tuple[str, dict[str, Any]] | None]


@dataclass
class Plan:
    intent: str
    lang: str
    steps: list[Step] = field(default_factory=list)
    answer: str | None = None  # a refusal or a question back, when nothing should run
    table: str | None = None


def make_plan(text: str, view: CatalogView, history_tables: list[str], model=None) -> Plan:
    lang = detect_lang(text)
    why = refusal(text)
    if why:
        return Plan("refuse", lang, answer=_refusal_text(why, lang))
    intent = recognise(text, model)
    return _PLANNERS.get(intent.name, _unknown)(text, view, history_tables, lang, intent)


def _refusal_text(why: str, lang: str) -> str:
    if why == "write":
        return pick(lang, "这个请求会修改或删除仓库中的数据，pandian 的对话只允许只读查询，所以没有执行任何操作。"
                          "清洗会生成新的 __clean 表，源表不会被改动；如确需修改，请在仓库里由有权限的人直接操作。",
                    "That request would change or delete warehouse data. Chat in pandian is read-only, so nothing "
                    "was executed. Cleaning writes a new __clean table and never edits the source; real changes "
                    "must be made in the warehouse by someone allowed to.")
    return pick(lang, "不能以明文导出或展示敏感个人信息（L3/L4，如手机号、身份证号、银行卡号）。查询结果、导出和图表都会按你的"
                      "角色脱敏；L4 数据对任何对话都不以明文出现。没有执行任何操作。",
                "I can't export or show sensitive personal data (L3/L4: phone numbers, ID cards, bank cards) in clear. "
                "Queries, exports and charts are masked by your role, and L4 values never appear in clear in chat. "
                "Nothing was executed.")


def _need_table(view: CatalogView, lang: str, what: str) -> str:
    names = view.user_tables()
    if not names:
        return pick(lang, "仓库里还没有表。先导入数据，例如：导入 data/orders.csv",
                    "The warehouse has no tables yet. Ingest something first, e.g. `ingest data/orders.csv`.")
    shown = ", ".join(names[:12])
    return pick(lang, f"请告诉我要{what}哪张表。现有的表：{shown}", f"Which table should I {what}? Tables: {shown}")


def _table(text: str, view: CatalogView, history: list[str]) -> str | None:
    return slots.best_table(text, view, history)


def _single(tool: str, what_zh: str, what_en: str, extra: Callable[[str, str], dict[str, Any]] | None = None):
    def planner(text: str, view: CatalogView, history: list[str], lang: str, intent: Intent) -> Plan:
        t = _table(text, view, history)
        if t is None:
            return Plan(intent.name, lang, answer=_need_table(view, lang, pick(lang, what_zh, what_en)))
        args = {"table": t, **(extra(text, lang) if extra else {})}
        return Plan(intent.name, lang, [(tool, args)], table=t)
    return planner


def _ingest(text: str, view: CatalogView, history: list[str], lang: str, intent: Intent) -> Plan:
    paths = slots.find_paths(text)
    if not paths:
        return Plan(intent.name, lang, answer=pick(lang, "请给出要导入的文件、目录或数据库 URL，例如：导入 data/orders.csv",
                                                    "Give me a file, folder or database URL to ingest, e.g. "
                                                    "`ingest data/orders.csv`."))
    steps: list[Step] = [("ingest_source", {"sources": paths})]
    if re.search(r"盘点|清点|inventory|take stock|audit", text, re.I):
        steps += _inventory_followups(lang)
    return Plan("ingest_source", lang, steps)


def _inventory_followups(lang: str) -> list[Step]:
    def ingested(results: list[tuple[str, dict[str, Any]]]) -> list[str]:
        for name, res in results:
            if name == "ingest_source":
                return [t["name"] for t in res.get("tables", [])][:8]
        return []

    steps: list[Step] = []
    for i in range(8):
        def dict_step(results, i=i):
            names = ingested(results)
            return ("generate_dictionary", {"table": names[i], "lang": lang, "format": "md"}) if i < len(names) else None
        steps.append(dict_step)
    steps.append(("inventory_report", {"lang": lang}))
    return steps


def _list(text, view, history, lang, intent) -> Plan:
    return Plan("list_assets", lang, [("list_assets", {})])


def _integrate(text, view, history, lang, intent) -> Plan:
    tables = slots.all_tables(text, view)
    view_wanted = bool(re.search(r"\bview\b|unified|wide table|joined table|视图|宽表|合成|拼成", text, re.I))
    if len(tables) < 2:
        tables = []
    return Plan("integrate_tables", lang, [("integrate_tables", {"tables": tables, "create_view": view_wanted})],
                table=tables[0] if tables else None)


def _classify_columns(text, view, history, lang, intent) -> Plan:
    t = slots.best_table(text, view, [])
    if t is None and re.search(r"它|这张表|该表|其|\bits?\b|\bthey\b|\btheir\b|this table|that table", text, re.I):
        t = next((h for h in history if h in view.tables), None)
    return Plan("classify_columns", lang, [("classify_columns", {"table": t})], table=t)


def _classify_text(text, view, history, lang, intent) -> Plan:
    quoted = [q for q in slots.QUOTED_RX.findall(text) if len(q.strip()) >= 2]
    if not quoted:
        m = re.search(r"[:：]\s*(.+)$", text)
        if m and len(m.group(1)) >= 4:
            quoted = [m.group(1).strip()]
    if quoted:
        return Plan("classify_text", lang, [("classify_text", {"texts": quoted})])
    t = _table(text, view, history)
    if t is None:
        return Plan("classify_text", lang, answer=pick(lang, "请用引号给出要分类的文本，或告诉我哪张表的标题列。",
                                                       "Quote the text to classify, or name a table with a title column."))
    cols = slots.find_columns(text, view, t)
    return Plan("classify_text", lang, [("classify_text", {"table": t, "column": cols[0] if cols else None})], table=t)


def _dictionary(text, view, history, lang, intent) -> Plan:
    def extra(text: str, lang: str) -> dict[str, Any]:
        fmt = "md"
        for f, rx in (("xlsx", r"excel|xlsx|表格文件"), ("html", r"\bhtml\b|网页"), ("json", r"\bjson\b"),
                      ("md", r"markdown|\bmd\b")):
            if re.search(rx, text, re.I):
                fmt = f
                break
        return {"lang": lang, "format": fmt}
    return _single("generate_dictionary", "生成数据字典的", "document", extra)(text, view, history, lang, intent)


def _search(text, view, history, lang, intent) -> Plan:
    return Plan("search_catalog", lang, [("search_catalog", {"query": text.strip(), "k": 5})])


def _sql(text, view, history, lang, intent) -> Plan:
    sql = slots.find_sql(text)
    if sql:
        tables = [t for t in re.findall(r"(?i)\b(?:from|join)\s+\"?([\w]+)", sql)]
        return Plan("run_sql", lang, [("run_sql", {"sql": sql})], table=tables[0] if tables else None)
    t = _table(text, view, history)
    if t is None:
        return Plan("run_sql", lang, answer=_need_table(view, lang, pick(lang, "查询", "query")))
    return Plan("run_sql", lang, [("run_sql", {"sql": nl_to_sql(text, view, t)})], table=t)


def nl_to_sql(text: str, view: CatalogView, table: str) -> str:
    """The few question shapes an offline planner can answer with SQL; anything else previews the table."""
    from pandian.warehouse.base import quote_ident as q

    cols = [c for c in slots.find_columns(text, view, table)]
    info = {c.name: c for c in view.tables.get(table, [])}
    numeric = [c for c in cols if re.search(r"int|float|double|decimal|numeric|real", info[c].type, re.I)]
    t = q(table)
    agg = None
    for fn, rx in (("avg", r"average|mean|avg|平均"), ("sum", r"\bsum\b|total|总和|合计|总额|总金额|总共"),
                   ("max", r"\bmax(imum)?\b|largest|highest|最大|最高"), ("min", r"\bmin(imum)?\b|smallest|lowest|最小|最低")):
        if re.search(rx, text, re.I):
            agg = fn
            break
    if agg:
        target = numeric[0] if numeric else next(
            (c.name for c in info.values() if c.semantic_type in ("price", "quantity", "count_metric", "numeric_measure")
             and re.search(r"int|float|double|decimal|numeric", c.type, re.I)), None)
        if target:
            return f"SELECT {agg}({q(target)}) AS {q(agg + '_' + target)} FROM {t}"
    if re.search(r"how many|count|number of|多少|几个|几条|几行|行数|数量|总数", text, re.I):
        if cols and not re.search(r"rows|records|行|条", text, re.I):
            return f"SELECT count(DISTINCT {q(cols[0])}) AS {q('distinct_' + cols[0])} FROM {t}"
        for word, types in ((r"users?|customers?|buyers?|用户|客户|买家|会员", ("user_id",)),
                            (r"products?|items?|goods|skus?|商品|产品", ("item_id",)),
                            (r"\borders?\b|订单", ("order_id",))):
            if re.search(word, text, re.I) and not re.search(r"rows|records|行|条", text, re.I):
                c = view.columns_of_type(table, *types)
                if c:
                    return f"SELECT count(DISTINCT {q(c[0])}) AS {q('distinct_' + c[0])} FROM {t}"
        return f"SELECT count(*) AS row_count FROM {t}"
    n = slots.find_top_n(text) or 10
    shown = ", ".join(q(c) for c in cols) if cols else "*"
    return f"SELECT {shown} FROM {t} LIMIT {min(n, 100)}"


def _chart(text, view, history, lang, intent) -> Plan:
    t = _table(text, view, history)
    sql = slots.find_sql(text)
    if t is None and not sql:
        return Plan("make_chart", lang, answer=_need_table(view, lang, pick(lang, "画图的", "chart")))
    args: dict[str, Any] = {"lang": lang, "kind": slots.find_kind(text, slots.CHART_KINDS) or "auto"}
    if sql:
        args["sql"] = sql
    else:
        args["table"] = t
        analysis = slots.find_kind(text, slots.ANALYSIS_KINDS)
        cols = slots.find_columns(text, view, t)
        if analysis and not (cols and args["kind"] in ("histogram", "heatmap", "scatter")):
            args["analysis"] = analysis
        else:
            if cols:
                args["x"] = cols[0]
            if len(cols) > 1:
                args["y"] = cols[1]
    return Plan("make_chart", lang, [("make_chart", args)], table=t)


def _analyze(text, view, history, lang, intent) -> Plan:
    t = _table(text, view, history)
    if t is None:
        return Plan("analyze_table", lang, answer=_need_table(view, lang, pick(lang, "分析", "analyse")))
    kind = slots.find_kind(text, slots.ANALYSIS_KINDS) or "topn"
    args: dict[str, Any] = {"table": t, "kind": kind}
    if (n := slots.find_top_n(text)) is not None:
        args["top_n"] = n
    if (g := slots.find_grain(text)) is not None:
        args["grain"] = g
    return Plan("analyze_table", lang, [("analyze_table", args)], table=t)


def _feedback(text, view, history, lang, intent) -> Plan:
    dotted = slots.find_dotted(text, view)
    if dotted:
        t, c = dotted
        current = next((x.semantic_type for x in view.tables[t] if x.name == c), None)
        st = slots.find_semantic_type(text, exclude=None)
        if st == current and not slots.find_sensitivity(text):
            st = slots.find_semantic_type(text, exclude=current) or st  # else: a confirmation
        level = slots.find_sensitivity(text)
        if st or level:
            return Plan("record_feedback", lang, [("record_feedback", {
                "kind": "column", "target": f"{t}.{c}", "semantic_type": st, "sensitivity": level,
                "comment": text.strip()[:500]})], table=t)
    rating = slots.find_rating(text)
    if re.search(r"dictionary|字典", text, re.I):
        t = _table(text, view, history)
        if t:
            return Plan("record_feedback", lang, [("record_feedback", {
                "kind": "dictionary", "target": t, "rating": rating, "comment": text.strip()[:500]})], table=t)
    return Plan("record_feedback", lang, [("record_feedback", {"kind": "answer", "rating": rating,
                                                               "comment": text.strip()[:500]})])


def _train(text, view, history, lang, intent) -> Plan:
    task = "column-type"
    if re.search(r"product|title|商品|标题|text|文本|类目", text, re.I) and not re.search(r"column|字段|列", text, re.I):
        task = "product-category"
    paths = [p for p in slots.find_paths(text) if p.lower().endswith(".csv")]
    args: dict[str, Any] = {"task": task}
    if paths:
        args["data"] = paths[0]
    return Plan("train_classifier", lang, [("train_classifier", args)])


def _report(text, view, history, lang, intent) -> Plan:
    if slots.find_paths(text):
        return _ingest(text, view, history, lang, intent)
    return Plan("inventory_report", lang, [("inventory_report", {"lang": lang})])


def _unknown(text, view, history, lang, intent) -> Plan:
    t = slots.best_table(text, view, [])
    if t is not None:  # a bare table name: show what it is
        return Plan("profile_table", lang, [("profile_table", {"table": t})], table=t)
    return Plan("unknown", lang, answer=pick(
        lang, "我没听懂这个请求。我可以：导入数据、列出/画像/清洗/整合表、识别敏感字段、生成数据字典、搜索目录、"
              "只读 SQL 查询、分析（漏斗、RFM、共同购买、复购、趋势、TopN）、画图、记录反馈、重新训练和生成盘点报告。",
        "I did not understand that. I can ingest data; list, profile, clean and integrate tables; classify sensitive "
        "columns; write data dictionaries; search the catalog; run read-only SQL; analyse (funnel, RFM, co-purchase, "
        "repurchase, trend, top-N); chart; take feedback; retrain; and write the inventory report."))


_PLANNERS = {
    "ingest_source": _ingest, "list_assets": _list,
    "profile_table": _single("profile_table", "画像", "profile"),
    "clean_table": _single("clean_table", "清洗", "clean"),
    "integrate_tables": _integrate, "classify_columns": _classify_columns, "classify_text": _classify_text,
    "generate_dictionary": _dictionary, "search_catalog": _search, "run_sql": _sql, "make_chart": _chart,
    "analyze_table": _analyze, "record_feedback": _feedback, "train_classifier": _train,
    "inventory_report": _report,
}


def explain(plan: Plan) -> str:
    return json.dumps({"intent": plan.intent, "steps": [s if isinstance(s, tuple) else "dynamic" for s in plan.steps]},
                      ensure_ascii=False, default=str)


__all__ = ["Plan", "make_plan", "nl_to_sql", "cue_scores"]
