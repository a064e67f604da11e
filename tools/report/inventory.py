"""`inventory_report`: the whole warehouse on one page (HTML and Markdown) - what a data team reviews first.

Everything comes from the catalog (no table scans): assets by domain, rows and freshness, sensitivity map,
quality scores with the top problems, dictionary coverage, and two charts.
"""
from __future__ import annotations

import html
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from pandian.context import Context

LEVELS = ("L1", "L2", "L3", "L4")
T = {
    "title": ("数据资产盘点报告", "Data asset inventory"),
    "summary": ("概况", "Summary"), "domains": ("按业务域", "By domain"), "assets": ("资产清单", "Assets"),
    "sensitivity": ("敏感级分布", "Sensitivity map"), "problems": ("主要问题", "Top problems"),
    "table": ("表", "table"), "rows": ("行数", "rows"), "columns": ("列数", "columns"), "domain": ("业务域", "domain"),
    "fresh": ("时间范围", "time range"), "quality": ("质量分", "quality"), "dict": ("字典覆盖", "dictionary"),
    "source": ("来源", "source"),
}


class ReportArgs(BaseModel):
    lang: Literal["zh", "en"] = "en"
    role: str = "viewer"
    out_dir: str | None = None


def _t(key: str, lang: str) -> str:
    zh, en = T[key]
    return zh if lang == "zh" else en


def _freshness(asset) -> str | None:
    lo, hi = None, None
    for c in asset.columns:
        p = c.profile or {}
        if c.semantic_type in ("timestamp", "date") and p.get("min") is not None and p.get("max") is not None:
            lo = min(lo, str(p["min"])) if lo else str(p["min"])
            hi = max(hi, str(p["max"])) if hi else str(p["max"])
    return f"{lo[:10]} … {hi[:10]}" if lo and hi else None


def _quality(asset) -> tuple[float, list[str]]:
    """1.0 = no nulls, no duplicates, nothing rejected; each problem costs its share."""
    problems = []
    rows = max(int(asset.rows or 0), 1)
    nulls = [c.null_fraction or 0 for c in asset.columns if c.name != "_row_id"]
    avg_null = sum(nulls) / len(nulls) if nulls else 0
    dup = int(((asset.profile or {}).get("duplicate_rows")) or 0) / rows
    rej = int(asset.rejected_rows or 0) / (rows + int(asset.rejected_rows or 0))
    for c in asset.columns:
        if (c.null_fraction or 0) >= 0.3:
            problems.append(f"{asset.name}.{c.name}: {c.null_fraction:.0%} null")
    if dup:
        problems.append(f"{asset.name}: {dup:.1%} duplicate rows")
    if rej:
        problems.append(f"{asset.name}: {asset.rejected_rows} rows rejected")
    score = max(0.0, 1.0 - avg_null - dup - rej)
    return round(score, 3), problems


def inventory_report(ctx: Context, args: ReportArgs) -> dict[str, Any]:
    assets = [a for a in ctx.catalog.assets() if not a.name.endswith(("__rejects", "__quarantine"))]
    lang = args.lang
    rows, problems, sens = [], [], {}
    described = total_cols = 0
    for a in assets:
        q, probs = _quality(a)
        problems += probs
        levels = {lv: sum(1 for c in a.columns if c.sensitivity == lv) for lv in LEVELS}
        sens[a.name] = levels
        cols = [c for c in a.columns if c.name != "_row_id"]
        d = sum(1 for c in cols if c.description)
        described += d
        total_cols += len(cols)
        rows.append({"table": a.name, "rows": int(a.rows or 0), "columns": len(cols), "domain": a.domain or "other",
                     "freshness": _freshness(a), "quality": q, "dictionary": d / len(cols) if cols else 0.0,
                     "source": a.source, "sensitive": levels["L3"] + levels["L4"]})
    by_domain: dict[str, dict[str, int]] = {}
    for r in rows:
        dd = by_domain.setdefault(r["domain"], {"tables": 0, "rows": 0})
        dd["tables"] += 1
        dd["rows"] += r["rows"]
    issues = [f"{i.source or ''}{':' + str(i.line) if i.line else ''}: {i.message}" for i in ctx.catalog.issues(20)
              if i.level == "error"]
    summary = {"tables": len(rows), "rows": sum(r["rows"] for r in rows), "columns": total_cols,
               "sensitive_columns": sum(r["sensitive"] for r in rows),
               "dictionary_coverage": round(described / total_cols, 4) if total_cols else 0.0,
               "mean_quality": round(sum(r["quality"] for r in rows) / len(rows), 3) if rows else None}
    top = (issues + sorted(problems, key=len))[:15]
    out_dir = Path(args.out_dir) if args.out_dir else ctx.workspace.root / "reports"
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    md_path, html_path = out_dir / f"inventory-{stamp}.md", out_dir / f"inventory-{stamp}.html"
    md_path.write_text(_markdown(rows, by_domain, sens, summary, top, lang), encoding="utf-8")
    html_path.write_text(_html(rows, by_domain, sens, summary, top, lang), encoding="utf-8")
    return {"html": str(html_path), "markdown": str(md_path), "summary": summary, "by_domain": by_domain,
            "tables": rows, "top_problems": top}


def _markdown(rows, by_domain, sens, summary, top, lang) -> str:
    L = lambda k: _t(k, lang)  # noqa: E731
    out = [f"# {L('title')}", "", f"## {L('summary')}", ""]
    out += [f"- {k}: {v}" for k, v in summary.items()]
    out += ["", f"## {L('domains')}", "", f"| {L('domain')} | tables | {L('rows')} |", "|---|---|---|"]
    out += [f"| {d} | {v['tables']} | {v['rows']:,} |" for d, v in sorted(by_domain.items())]
    out += ["", f"## {L('assets')}", "",
            f"| {L('table')} | {L('rows')} | {L('columns')} | {L('domain')} | {L('fresh')} | {L('quality')} | {L('dict')} |",
            "|---|---|---|---|---|---|---|"]
    out += [f"| {r['table']} | {r['rows']:,} | {r['columns']} | {r['domain']} | {r['freshness'] or '-'} | "
            f"{r['quality']:.2f} | {r['dictionary']:.0%} |" for r in rows]
    out += ["", f"## {L('sensitivity')}", "", f"| {L('table')} | " + " | ".join(LEVELS) + " |", "|---|---|---|---|---|"]
    out += [f"| {t} | " + " | ".join(str(v[lv]) for lv in LEVELS) + " |" for t, v in sens.items()]
    out += ["", f"## {L('problems')}", ""] + [f"- {p}" for p in top] + [""]
    return "\n".join(out)


def _html(rows, by_domain, sens, summary, top, lang) -> str:
    import plotly.graph_objects as go

    L = lambda k: _t(k, lang)  # noqa: E731
    e = html.escape
    fig1 = go.Figure(go.Bar(x=[r["table"] for r in rows], y=[r["rows"] for r in rows]))
    fig1.update_layout(title=L("rows"), height=360)
    tables = list(sens)
    fig2 = go.Figure(go.Heatmap(z=[[sens[t][lv] for lv in LEVELS] for t in tables], x=list(LEVELS), y=tables,
                                colorscale="Reds"))
    fig2.update_layout(title=L("sensitivity"), height=max(300, 24 * len(tables) + 120))
    charts = fig1.to_html(full_html=False, include_plotlyjs=True) + fig2.to_html(full_html=False, include_plotlyjs=False)
    head = "".join(f"<li>{e(str(k))}: {e(str(v))}</li>" for k, v in summary.items())
    trs = "".join(
        f"<tr><td>{e(r['table'])}</td><td>{r['rows']:,}</td><td>{r['columns']}</td><td>{e(r['domain'])}</td>"
        f"<td>{e(r['freshness'] or '-')}</td><td>{r['quality']:.2f}</td><td>{r['dictionary']:.0%}</td></tr>" for r in rows)
    probs = "".join(f"<li>{e(p)}</li>" for p in top)
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{L('title')}</title>"
            "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;"
            "padding:4px 8px}</style></head><body>"
            f"<h1>{L('title')}</h1><h2>{L('summary')}</h2><ul>{head}</ul><h2>{L('assets')}</h2>"
            f"<table><tr><th>{L('table')}</th><th>{L('rows')}</th><th>{L('columns')}</th><th>{L('domain')}</th>"
            f"<th>{L('fresh')}</th><th>{L('quality')}</th><th>{L('dict')}</th></tr>{trs}</table>"
            f"<h2>{L('problems')}</h2><ul>{probs}</ul>{charts}</body></html>")
