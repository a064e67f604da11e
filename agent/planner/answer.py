"""Answers from tool results, in the user's language, with the numbers and without filler."""
from __future__ import annotations

from typing import Any

from agent.planner.lang import pick
from pandian.textsafe import md_cell, md_text


def _n(x: Any) -> str:
    if isinstance(x, bool) or x is None:
        return str(x)
    if isinstance(x, int):
        return f"{x:,}"
    if isinstance(x, float):
        return f"{x:,.4g}" if abs(x) < 1e6 else f"{x:,.0f}"
    return str(x)


def _table_rows(columns: list[str], rows: list[list[Any]], limit: int = 10) -> str:
    if not columns:
        return ""
    head = "| " + " | ".join(md_cell(c) for c in columns) + " |\n|" + "---|" * len(columns) + "\n"
    body = "".join("| " + " | ".join(md_cell(_n(v)) for v in r) + " |\n" for r in rows[:limit])
    more = f"\n… {len(rows) - limit} more\n" if len(rows) > limit else ""
    return head + body + more


def compose(results: list[tuple[str, dict[str, Any]]], lang: str) -> str:
    parts = [_one(name, res, lang) for name, res in results]
    return "\n\n".join(p for p in parts if p)


def _one(name: str, r: dict[str, Any], lang: str) -> str:
    if "error" in r:
        hint = f"（{r['hint']}）" if lang == "zh" and r.get("hint") else (f" ({r['hint']})" if r.get("hint") else "")
        return pick(lang, f"{_zh_tool(name)}失败：{r['error']}{hint}", f"{name} failed: {r['error']}{hint}")
    if r.get("dry_run"):
        args = ", ".join(f"{k}={v!r}" for k, v in r.get("args", {}).items() if v not in (None, [], ""))
        return pick(lang, f"（演练）将调用 {name}({args})", f"(dry run) would call {name}({args})")
    fn = globals().get(f"_a_{name}")
    try:
        return fn(r, lang) if fn else _generic(name, r)
    except (KeyError, TypeError, ValueError, AttributeError):
        return _generic(name, r)


def _generic(name: str, r: dict[str, Any]) -> str:
    """A result shape the formatter does not know still reaches the user, trimmed."""
    import json

    return f"{name}: " + md_text(json.dumps(r, ensure_ascii=False, default=str)[:1500])


_ZH_TOOLS = {"ingest_source": "导入", "list_assets": "列出资产", "profile_table": "画像", "clean_table": "清洗",
             "integrate_tables": "整合", "classify_columns": "字段分类", "classify_text": "文本分类",
             "generate_dictionary": "生成数据字典", "search_catalog": "搜索目录", "run_sql": "查询",
             "make_chart": "画图", "analyze_table": "分析", "record_feedback": "记录反馈",
             "train_classifier": "训练", "inventory_report": "盘点报告"}


def _zh_tool(name: str) -> str:
    return _ZH_TOOLS.get(name, name)


def _a_ingest_source(r, lang):
    s = r.get("summary", {})
    lines = [pick(lang, f"导入了 {s.get('tables', 0)} 张表，共 {_n(s.get('rows', 0))} 行，拒收 {_n(s.get('rejected_rows', 0))} 行"
                        f"（{s.get('failed_sources', 0)} 个来源失败）。",
                  f"Ingested {s.get('tables', 0)} table(s), {_n(s.get('rows', 0))} rows, "
                  f"{_n(s.get('rejected_rows', 0))} rejected ({s.get('failed_sources', 0)} source(s) failed).")]
    for t in r.get("tables", [])[:15]:
        rej = pick(lang, f"，拒收 {_n(t['rejected_rows'])} 行", f", {_n(t['rejected_rows'])} rejected") if t.get("rejected_rows") else ""
        lines.append(f"- {t['name']}: {_n(t['rows'])} {pick(lang, '行', 'rows')}, {t['columns']} {pick(lang, '列', 'columns')}{rej}")
    for e in r.get("errors", [])[:5]:
        where = (e.get("source") or "") + (f":{e['line']}" if e.get("line") else "")
        lines.append(f"- {e.get('level', 'error')}: {where} {e.get('message')}")
    return "\n".join(lines)


def _a_list_assets(r, lang):
    if not r["tables"]:
        return pick(lang, "目录里还没有表。", "The catalog is empty.")
    lines = [pick(lang, f"共 {r['count']} 张表，{_n(r['rows'])} 行：", f"{r['count']} table(s), {_n(r['rows'])} rows:")]
    for t in r["tables"][:30]:
        sens = f" [{'/'.join(t['sensitive'])}]" if t.get("sensitive") else ""
        lines.append(f"- {t['name']}: {_n(t['rows'])} {pick(lang, '行', 'rows')}, {t['columns']} "
                     f"{pick(lang, '列', 'columns')}{sens}")
    return "\n".join(lines)


def _a_profile_table(r, lang):
    cols = r["columns"]
    nully = sorted((c for c in cols if (c["null_fraction"] or 0) > 0), key=lambda c: -(c["null_fraction"] or 0))[:5]
    head = pick(lang, f"{r['table']}：{_n(r['rows'])} 行，{len(cols)} 列，拒收 {_n(r.get('rejected_rows') or 0)} 行，"
                      f"重复行 {_n(r.get('duplicate_rows') or 0)}。",
                f"{r['table']}: {_n(r['rows'])} rows, {len(cols)} columns, {_n(r.get('rejected_rows') or 0)} rejected, "
                f"{_n(r.get('duplicate_rows') or 0)} duplicate rows.")
    rows = [[c["name"], c["type"], c["semantic_type"] or "-", c["sensitivity"] or "-",
             f"{(c['null_fraction'] or 0):.1%}", c["distinct_count"]] for c in cols]
    hdr = pick(lang, ["列", "类型", "语义类型", "敏感级", "空值率", "去重数"],
               ["column", "type", "semantic type", "level", "nulls", "distinct"])
    tail = ""
    if nully:
        tail = pick(lang, "空值最多：", "Most nulls: ") + ", ".join(f"{c['name']} {c['null_fraction']:.1%}" for c in nully)
    return head + "\n\n" + _table_rows(hdr, rows, 40) + ("\n" + tail if tail else "")


def _a_clean_table(r, lang):
    rules = ", ".join(f"{k} {_n(v)}" for k, v in sorted(r.get("by_rule", {}).items(), key=lambda kv: -kv[1]) if v)
    return pick(lang,
                f"已清洗 {r['table']} → {r.get('clean_table', r['table'] + '__clean')}：输入 {_n(r['rows_in'])} 行，输出 "
                f"{_n(r['rows_out'])} 行，{_n(r['rows_quarantined'])} 行进入隔离，修改 {_n(r['cells_changed'])} 个单元格"
                f"（源表未改动，每处修改都记录在 {r['table']}__quarantine）。按规则：{rules or '无'}",
                f"Cleaned {r['table']} into {r.get('clean_table', r['table'] + '__clean')}: {_n(r['rows_in'])} rows in, "
                f"{_n(r['rows_out'])} out, {_n(r['rows_quarantined'])} quarantined, {_n(r['cells_changed'])} cells "
                f"changed (source untouched; every change is in {r['table']}__quarantine). By rule: {rules or 'none'}")


def _a_integrate_tables(r, lang):
    rels = r.get("relations", [])
    if not rels:
        return pick(lang, "没有发现可靠的关联键。", "No reliable join keys found.")
    lines = [pick(lang, f"发现 {len(rels)} 个关联：", f"Found {len(rels)} relation(s):")]
    for x in rels[:20]:
        lines.append(f"- {x['left']} ↔ {x['right']} ({x['kind']}, "
                     f"{pick(lang, '覆盖率', 'coverage')} {x['coverage_left']:.0%} / {x['coverage_right']:.0%})")
    if r.get("view"):
        lines.append(pick(lang, f"已创建统一视图 {r['view']}。", f"Created the unified view {r['view']}."))
    return "\n".join(lines)


def _a_classify_columns(r, lang):
    cols = r["columns"]
    sens = [c for c in cols if c["sensitivity"] in ("L3", "L4")]
    levels = ", ".join(f"{k}: {v}" for k, v in sorted(r["by_sensitivity"].items()))
    lines = [pick(lang, f"已识别 {len(cols)} 个字段（{levels}）；敏感字段（L3/L4）{len(sens)} 个：",
                  f"Classified {len(cols)} column(s) ({levels}); {len(sens)} sensitive (L3/L4):")]
    for c in sens[:25]:
        lines.append(f"- {c['table']}.{c['column']}: {c['semantic_type']} {c['sensitivity']} ({c['confidence']:.2f})")
    return "\n".join(lines)


def _a_classify_text(r, lang):
    lines = [pick(lang, f"分类结果（模型 {r.get('model')}）：", f"Labels (model {r.get('model')}):")]
    for x in r["labels"][:20]:
        lines.append(f"- {md_text(x['text'])} → {md_text(x['label'])} ({x['confidence']:.2f})")
    return "\n".join(lines)


def _a_generate_dictionary(r, lang):
    cols = r.get("columns", [])
    head = pick(lang, f"{r['table']} 的数据字典：{r.get('description') or ''}（领域：{r.get('domain')}；粒度：{r.get('grain')}；"
                      f"主键：{r.get('primary_key') or '无'}）",
                f"Data dictionary of {r['table']}: {r.get('description') or ''} (domain: {r.get('domain')}; "
                f"grain: {r.get('grain')}; primary key: {r.get('primary_key') or 'none'})")
    rows = [[c["name"], c.get("semantic_type") or "-", c.get("sensitivity") or "-", (c.get("description") or "")[:80]]
            for c in cols]
    hdr = pick(lang, ["列", "语义类型", "敏感级", "说明"], ["column", "semantic type", "level", "description"])
    return head + "\n\n" + _table_rows(hdr, rows, 30)


def _a_search_catalog(r, lang):
    hits = r.get("hits", [])
    if not hits:
        return pick(lang, "目录里没有找到相关的表或字段。", "Nothing in the catalog matches.")
    lines = [pick(lang, "最相关的表/字段：", "Best matches:")]
    for h in hits:
        where = f"{h['table']}.{h['column']}" if h.get("column") else h["table"]
        lines.append(f"- {md_text(where)} ({h['score']:.2f}): {md_text((h.get('snippet') or '')[:120])}")
    return "\n".join(lines)


def _a_run_sql(r, lang):
    head = f"`{r['sql']}`\n\n"
    masked = ""
    if r.get("masked_columns"):
        masked = "\n" + pick(lang, f"按角色 {r['role']} 脱敏的列：", f"Masked for role {r['role']}: ") + \
            ", ".join(f"{c} ({lv})" for c, lv in r["masked_columns"].items())
    if r["row_count"] == 1 and len(r["columns"]) == 1:
        return head + f"{r['columns'][0]} = {_n(r['rows'][0][0])}" + masked
    more = pick(lang, "（已截断）", " (truncated)") if r.get("truncated") else ""
    return head + _table_rows(r["columns"], r["rows"], 20) + pick(lang, f"\n共 {r['row_count']} 行{more}",
                                                                  f"\n{r['row_count']} row(s){more}") + masked


def _a_analyze_table(r, lang):
    summ = r.get("summary") or {}
    s = ", ".join(f"{k}: {_n(v)}" for k, v in list(summ.items())[:8] if not isinstance(v, (dict, list)))
    used = ", ".join(f"{k}={v}" for k, v in (r.get("columns_used") or {}).items() if v)
    head = pick(lang, f"{r['table']} 的 {r['kind']} 分析（{used}）：{s}", f"{r['kind']} of {r['table']} ({used}): {s}")
    return head + "\n\n" + _table_rows(r.get("columns", []), r.get("rows", []), 12)


def _a_make_chart(r, lang):
    note = f" {r['note']}" if r.get("note") else ""
    return pick(lang, f"已生成{r.get('kind')}图「{r.get('title')}」（{_n(r.get('points'))} 个点）：{r.get('path')}{note}",
                f"Drew a {r.get('kind')} chart \"{r.get('title')}\" ({_n(r.get('points'))} points): {r.get('path')}{note}")


def _a_record_feedback(r, lang):
    if r.get("kind") == "column":
        return pick(lang, f"已更正 {r['table']}.{r['column']}：{r['previous']['semantic_type']}/{r['previous']['sensitivity']}"
                          f" → {r['semantic_type']}/{r['sensitivity']}，立即生效，并作为重新训练的样本保存。",
                    f"Corrected {r['table']}.{r['column']}: {r['previous']['semantic_type']}/{r['previous']['sensitivity']}"
                    f" → {r['semantic_type']}/{r['sensitivity']}; in effect now and kept as a training example.")
    rating = f" {r['rating']}/5" if r.get("rating") else ""
    return pick(lang, f"已记录反馈{rating}（#{r['id']}），谢谢。", f"Feedback{rating} recorded (#{r['id']}), thank you.")


def _a_train_classifier(r, lang):
    dev = r.get("dev") or {}
    prev = r.get("previous") or {}
    f1 = dev.get("macro_f1")
    pf1 = prev.get("dev_macro_f1") if isinstance(prev, dict) else None
    promoted = r.get("promoted")
    return pick(lang, f"已训练 {r.get('task')}（{r.get('run_id')}）：验证集 macro-F1 {_n(f1)}（之前 {_n(pf1)}），"
                      f"{'已上线' if promoted else '未上线（没有更好）'}。",
                f"Trained {r.get('task')} ({r.get('run_id')}): dev macro-F1 {_n(f1)} (before {_n(pf1)}), "
                f"{'promoted' if promoted else 'not promoted (not better)'}.")


def _a_inventory_report(r, lang):
    s = r.get("summary", {})
    return pick(lang, f"盘点报告已生成：{s.get('tables')} 张表，{_n(s.get('rows'))} 行，敏感字段 {s.get('sensitive_columns')} 个，"
                      f"字典覆盖率 {s.get('dictionary_coverage', 0):.0%}。\nHTML：{r['html']}\nMarkdown：{r['markdown']}",
                f"Inventory report written: {s.get('tables')} tables, {_n(s.get('rows'))} rows, "
                f"{s.get('sensitive_columns')} sensitive columns, dictionary coverage "
                f"{s.get('dictionary_coverage', 0):.0%}.\nHTML: {r['html']}\nMarkdown: {r['markdown']}")
