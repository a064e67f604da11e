"""Render a dictionary dict as JSON, Markdown, Excel or HTML (headings in the dictionary's language).

Renderers only print what the dict holds: examples were masked when it was built, so no format can show
more than another. Spreadsheet cells that start like a formula are quoted (formula injection).
"""
from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

HEAD = {
    "en": {"title": "Data dictionary", "purpose": "Description", "domain": "Business domain", "grain": "Grain",
           "pk": "Primary key", "joins": "Join keys", "rows": "Rows", "fresh": "Time range", "source": "Source",
           "notes": "Quality notes", "columns": "Columns", "name": "Column", "type": "Type",
           "stype": "Semantic type", "level": "Sensitivity", "desc": "Description", "unit": "Unit / format",
           "nulls": "Null %", "distinct": "Distinct", "examples": "Examples", "qnotes": "Quality notes",
           "none": "none", "warnings": "Warnings"},
    "zh": {"title": "数据字典", "purpose": "表说明", "domain": "业务域", "grain": "粒度", "pk": "主键",
           "joins": "关联键", "rows": "行数", "fresh": "时间范围", "source": "来源", "notes": "质量提示",
           "columns": "字段", "name": "字段名", "type": "类型", "stype": "语义类型", "level": "敏感级别",
           "desc": "说明", "unit": "单位/格式", "nulls": "空值率", "distinct": "不同值数", "examples": "示例",
           "qnotes": "质量提示", "none": "无", "warnings": "警告"},
}
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
COLUMN_FIELDS = ("name", "type", "stype", "level", "desc", "unit", "nulls", "distinct", "examples", "qnotes")


def _h(d: dict[str, Any]) -> dict[str, str]:
    return HEAD.get(d.get("lang", "en"), HEAD["en"])


def _pct(x: float | None) -> str:
    return "" if x is None else f"{x * 100:.1f}%"


def _fresh(d: dict[str, Any]) -> str:
    f = d.get("freshness")
    return f"{f['from']} … {f['to']} ({f['column']})" if f else ""


def _joins(d: dict[str, Any], none: str) -> str:
    parts = [f"{j['column']} → {', '.join(j['joins'][:5])}" if j["joins"] else j["column"]
             for j in d.get("join_keys", [])]
    return "; ".join(parts) or none


def _column_rows(d: dict[str, Any]) -> list[list[str]]:
    rows = []
    for c in d["columns"]:
        stype = c["semantic_type"] or ""
        if c.get("semantic_type_name"):
            stype = f"{stype} ({c['semantic_type_name']})"
        rows.append([c["name"], c["type"] or "", stype, c["sensitivity"] or "", c["description"], c.get("unit") or "",
                     _pct(c.get("null_fraction")),
                     "" if c.get("distinct_count") is None else f"{c['distinct_count']:,}",
                     ", ".join(str(e) for e in c["examples"]), "; ".join(c["quality_notes"])])
    return rows


def _summary(d: dict[str, Any]) -> list[tuple[str, str]]:
    h = _h(d)
    return [(h["purpose"], d["description"]), (h["domain"], f"{d['domain_name']} ({d['domain']})"),
            (h["grain"], d["grain"]), (h["pk"], ", ".join(d["primary_key"]) or h["none"]),
            (h["joins"], _joins(d, h["none"])), (h["rows"], f"{d['row_count']:,}"),
            (h["fresh"], _fresh(d) or h["none"]),
            (h["source"], d.get("source") or ""), (h["notes"], "; ".join(d.get("quality_notes") or []) or h["none"])]


def to_json(d: dict[str, Any]) -> str:
    return json.dumps(d, ensure_ascii=False, indent=2, default=str)


def _md_cell(v: str) -> str:
    from pandian.textsafe import md_cell

    return md_cell(v)


def to_markdown(d: dict[str, Any]) -> str:
    h = _h(d)
    lines = [f"# {h['title']}: {d['table']}", ""]
    for k, v in _summary(d):
        lines.append(f"- **{k}**: {_md_cell(v)}")
    lines += ["", f"## {h['columns']}", ""]
    heads = [h[k] for k in COLUMN_FIELDS]
    lines.append("| " + " | ".join(heads) + " |")
    lines.append("|" + "---|" * len(heads))
    for r in _column_rows(d):
        lines.append("| " + " | ".join(_md_cell(x) for x in r) + " |")
    if d.get("warnings"):
        lines += ["", f"## {h['warnings']}", ""] + [f"- {_md_cell(w)}" for w in d["warnings"]]
    return "\n".join(lines) + "\n"


def to_html(d: dict[str, Any]) -> str:
    h = _h(d)
    e = html.escape
    head = "".join(f"<tr><th>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in _summary(d))
    cols = [h[k] for k in COLUMN_FIELDS]
    body = "".join("<tr>" + "".join(f"<td>{e(x)}</td>" for x in r) + "</tr>" for r in _column_rows(d))
    warn = ("<h2>" + e(h["warnings"]) + "</h2><ul>" + "".join(f"<li>{e(w)}</li>" for w in d["warnings"]) + "</ul>"
            if d.get("warnings") else "")
    lang = "zh-CN" if d.get("lang") == "zh" else "en"
    return (f"<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{e(h['title'])}: "
            f"{e(d['table'])}</title><style>body{{font-family:sans-serif;margin:2em}}table{{border-collapse:collapse}}"
            f"td,th{{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}}</style></head><body>"
            f"<h1>{e(h['title'])}: {e(d['table'])}</h1><table>{head}</table><h2>{e(h['columns'])}</h2>"
            f"<table><thead><tr>{''.join(f'<th>{e(c)}</th>' for c in cols)}</tr></thead><tbody>{body}</tbody></table>"
            f"{warn}</body></html>\n")


def _safe_cell(v: Any) -> Any:
    if isinstance(v, str) and v.startswith(FORMULA_PREFIXES):
        return "'" + v
    return v


def write_xlsx(d: dict[str, Any], path: Path) -> None:
    from openpyxl import Workbook

    h = _h(d)
    wb = Workbook()
    ws = wb.active
    ws.title = "table"
    ws.append([_safe_cell(h["title"]), _safe_cell(d["table"])])
    for k, v in _summary(d):
        ws.append([_safe_cell(k), _safe_cell(v)])
    wc = wb.create_sheet("columns")
    wc.append([h[k] for k in COLUMN_FIELDS])
    for r in _column_rows(d):
        wc.append([_safe_cell(x) for x in r])
    wb.save(path)


def write(d: dict[str, Any], fmt: str, path: Path) -> Path:
    """Write atomically (a partial file never replaces a good one)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.partial")
    if fmt == "xlsx":
        write_xlsx(d, tmp)
    elif fmt in ("json", "md", "html"):
        text = {"json": to_json, "md": to_markdown, "html": to_html}[fmt](d)
        tmp.write_text(text, encoding="utf-8")
    else:
        from pandian.errors import PandianError

        raise PandianError(f"unknown dictionary format {fmt!r}", hint="json, md, xlsx or html")
    tmp.replace(path)
    return path


def render_text(d: dict[str, Any], fmt: str) -> str:
    if fmt == "xlsx":
        from pandian.errors import PandianError

        raise PandianError("an .xlsx dictionary needs a file", hint="add --out FILE.xlsx")
    return {"json": to_json, "md": to_markdown, "html": to_html}[fmt](d)
