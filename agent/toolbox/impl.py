"""Tool bodies: each calls the function behind the matching CLI command, with the session's role."""
from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

from agent.toolbox import args as A
from agent.toolbox.session import ToolSession
from pandian.catalog import asset_json
from pandian.errors import PandianError


LEVEL_RANK = {None: 0, "L1": 1, "L2": 2, "L3": 3, "L4": 4}


def _require(s: ToolSession, roles: tuple[str, ...], what: str) -> None:
    """The same rights as the app's buttons: a chat turn (or an LLM obeying text found in the data) gets no more."""
    if s.role not in roles:
        raise PandianError(f"{what} is not allowed for role {s.role}", hint=f"needs role {' or '.join(roles)}")


def ingest_source(s: ToolSession, a: A.IngestSourceInput) -> dict[str, Any]:
    from tools.ingest.scan import ScanArgs, scan

    # ingesting reads files of the server's disk into the warehouse: a viewer could read any file that way
    _require(s, ("analyst", "owner"), "ingesting sources")
    from pandian.security.sources import check_source

    for src in a.sources:
        check_source(src, s.role, s.ctx.workspace.root, s.external_llm)
    s.step("ingest_source", ", ".join(a.sources))
    out = scan(s.ctx, ScanArgs(sources=a.sources), progress=False)
    return {"tables": [{"name": t["name"], "rows": t["rows"], "rejected_rows": t["rejected_rows"],
                        "status": t["status"], "columns": len(t["columns"])} for t in out["tables"]],
            "errors": out["errors"][:10], "summary": out["summary"]}


def list_assets(s: ToolSession, a: A.ListAssetsInput) -> dict[str, Any]:
    out = []
    for asset in s.ctx.catalog.assets():
        if a.domain and (asset.domain or "") != a.domain:
            continue
        sens = sorted({c.sensitivity for c in asset.columns if c.sensitivity in ("L3", "L4")})
        out.append({"name": asset.name, "rows": asset.rows, "columns": len(asset.columns), "domain": asset.domain,
                    "source": asset.source, "sensitive": sens})
    return {"tables": out, "count": len(out), "rows": sum(t["rows"] or 0 for t in out)}


def profile_table(s: ToolSession, a: A.ProfileTableInput) -> dict[str, Any]:
    asset = s.ctx.catalog.require(a.table)
    j = asset_json(asset)
    cols = []
    for c in j["columns"]:
        prof = c.get("profile") or {}
        cols.append({"name": c["name"], "type": c["type"], "semantic_type": c["semantic_type"],
                     "sensitivity": c["sensitivity"], "null_fraction": c["null_fraction"],
                     "distinct_count": c["distinct_count"],
                     **{k: prof[k] for k in ("min", "max", "mean") if k in prof and c["sensitivity"] not in ("L3", "L4")}})
    prof = j.get("profile") or {}
    return {"table": asset.name, "rows": asset.rows, "rejected_rows": asset.rejected_rows,
            "duplicate_rows": prof.get("duplicate_rows"), "columns": cols}


def clean_table(s: ToolSession, a: A.CleanTableInput) -> dict[str, Any]:
    from tools.clean.clean import CleanArgs
    from tools.clean.clean import clean_table as run

    s.ctx.catalog.require(a.table)
    s.step("clean_table", a.table)
    return run(s.ctx, CleanArgs(table=a.table))


def integrate_tables(s: ToolSession, a: A.IntegrateTablesInput) -> dict[str, Any]:
    from tools.integrate.integrate import IntegrateArgs
    from tools.integrate.integrate import integrate_tables as run

    for t in a.tables:
        s.ctx.catalog.require(t)
    s.step("integrate_tables", ", ".join(a.tables) or "all tables")
    return run(s.ctx, IntegrateArgs(tables=a.tables, create_view=a.create_view))


def classify_columns(s: ToolSession, a: A.ClassifyColumnsInput) -> dict[str, Any]:
    from tools.classify.service import classify_all

    names = [s.ctx.catalog.require(a.table).name] if a.table else None
    s.step("classify_columns", a.table or "all tables")
    classify_all(s.ctx.workspace, s.ctx.catalog, names)
    out = []
    for asset in s.ctx.catalog.assets():
        if names and asset.name not in names:
            continue
        for c in asset.columns:
            out.append({"table": asset.name, "column": c.name, "semantic_type": c.semantic_type,
                        "sensitivity": c.sensitivity, "confidence": round(c.confidence or 0, 2),
                        "label_source": c.label_source})
    levels: dict[str, int] = {}
    for c in out:
        levels[c["sensitivity"] or "-"] = levels.get(c["sensitivity"] or "-", 0) + 1
    return {"columns": out, "by_sensitivity": levels}


def classify_text(s: ToolSession, a: A.ClassifyTextInput) -> dict[str, Any]:
    from finetune.predict import load_model
    from finetune.registry import Registry

    cur = Registry(s.ctx.workspace.models).current(a.task)
    if cur is None:
        raise PandianError(f"no trained {a.task!r} classifier yet",
                           hint=f"train one: pandian train {a.task} --data LABELLED.csv")
    texts = list(a.texts)
    if not texts and a.table:
        asset = s.ctx.catalog.require(a.table)
        col = a.column or next((c.name for c in asset.columns
                                if c.semantic_type in ("product_title", "review_text", "description", "free_text")), None)
        if col is None:
            raise PandianError(f"table {asset.name} has no text column to classify", hint="name one with column=")
        meta = next((c for c in asset.columns if c.name == col), None)
        from pandian.security import masked_levels

        if meta is not None and meta.sensitivity in masked_levels(s.data_role):
            raise PandianError(f"{asset.name}.{col} is {meta.sensitivity} and masked for your role",
                               hint="classify a non-personal text column, such as product titles")
        from pandian.warehouse.base import quote_ident

        rows = s.ctx.warehouse.query(f"SELECT {quote_ident(col)} FROM {quote_ident(asset.name)} "
                                     f"WHERE {quote_ident(col)} IS NOT NULL LIMIT 50")
        texts = [str(r[0]) for r in rows]
    if not texts:
        raise PandianError("nothing to classify", hint="quote the text, or name a table and column")
    model = load_model(Path(cur["path"]))
    preds = model.predict(texts)
    return {"task": a.task, "model": cur.get("run_id"),
            "labels": [{"text": t[:80], "label": p, "confidence": round(c, 3)} for t, (p, c) in zip(texts, preds)]}


def generate_dictionary(s: ToolSession, a: A.GenerateDictionaryInput) -> dict[str, Any]:
    from knowledge.dictionary import DictionaryArgs
    from knowledge.dictionary import generate_dictionary as run

    s.ctx.catalog.require(a.table)
    s.step("generate_dictionary", a.table)
    out_dir = s.ctx.workspace.root / "dictionaries"
    out_dir.mkdir(exist_ok=True)
    out = out_dir / f"{a.table}.{a.lang}.{s.data_role}.{a.format}"
    res = run(s.ctx, DictionaryArgs(table=a.table, lang=a.lang, format=a.format, out=str(out), role=s.data_role))
    s.artifacts.append(str(out))
    return res


def search_catalog(s: ToolSession, a: A.SearchCatalogInput) -> dict[str, Any]:
    from knowledge.search import SearchArgs
    from knowledge.search import search_catalog as run

    return {"query": a.query, "hits": run(s.ctx, SearchArgs(query=a.query, k=a.k, role=s.data_role))}


def run_sql(s: ToolSession, a: A.RunSqlInput) -> dict[str, Any]:
    from tools.sql.run import RunSqlArgs
    from tools.sql.run import run_sql as run

    return run(s.ctx, RunSqlArgs(sql=a.sql, role=s.data_role, limit=a.limit))


def analyze_table(s: ToolSession, a: A.AnalyzeTableInput) -> dict[str, Any]:
    from tools.analyze.analyze import AnalyzeArgs
    from tools.analyze.analyze import analyze_table as run

    s.ctx.catalog.require(a.table)
    s.step("analyze_table", f"{a.kind} {a.table}")
    kw = {k: v for k, v in a.model_dump().items() if v is not None}
    return run(s.ctx, AnalyzeArgs(**kw, role=s.data_role))


def make_chart(s: ToolSession, a: A.MakeChartInput) -> dict[str, Any]:
    from tools.chart.chart import ChartArgs, _default_out, _facts, build_plot
    from tools.chart.plot import figure, write_html

    s.step("make_chart", a.table or "query")
    if a.analysis and a.table:
        res = analyze_table(s, A.AnalyzeTableInput(table=a.table, kind=a.analysis))
        args = ChartArgs(data=res, lang=a.lang, title=a.title, role=s.data_role)
    else:
        if a.table:
            s.ctx.catalog.require(a.table)
        args = ChartArgs(table=None if a.sql else a.table, sql=a.sql, x=a.x, y=a.y, kind=a.kind, title=a.title,
                         lang=a.lang, role=s.data_role)
    plot, meta = build_plot(s.ctx, args)
    fig = figure(plot)
    out = _default_out(s.ctx, args, plot)
    write_html(fig, out)
    s.artifacts.append(str(out))
    s.figures.append(fig)
    return {"path": str(out), **_facts(plot), **{k: v for k, v in meta.items() if k != "data"}}


def _check_correction(s: ToolSession, a: A.RecordFeedbackInput) -> None:
    """Label corrections change what is masked: a viewer makes none, and only the owner, typing it (no external
    LLM in the loop), may lower a column's sensitivity - else a correction would unmask data for its author."""
    from tools.classify.taxonomy import level_of

    _require(s, ("analyst", "owner"), "correcting column labels")
    table, _, column = (a.target or "").partition(".")
    asset = s.ctx.catalog.get(table)
    col = next((c for c in asset.columns if c.name == column), None) if asset else None
    if col is None:
        return  # correct_column says what is wrong
    new_level = a.sensitivity or (level_of(a.semantic_type) if a.semantic_type else col.sensitivity)
    if LEVEL_RANK.get(new_level, 0) < LEVEL_RANK.get(col.sensitivity, 0):
        if s.role != "owner" or s.external_llm:
            raise PandianError(f"lowering {a.target} from {col.sensitivity} to {new_level} would unmask it; only the "
                               "owner may, and not through a chat with an external LLM",
                               hint=f"pandian feedback column {a.target} --sensitivity {new_level} (as the owner)")


def record_feedback(s: ToolSession, a: A.RecordFeedbackInput) -> dict[str, Any]:
    cat = s.ctx.catalog
    if a.kind == "column" or (a.target and "." in a.target and (a.semantic_type or a.sensitivity)):
        if not a.target or "." not in a.target:
            raise PandianError("a column correction needs TABLE.COLUMN", hint="e.g. orders.buyer_phone 应该是 phone_number")
        _check_correction(s, a)
        from tools.classify.service import correct_column

        out = correct_column(s.ctx.workspace, cat, a.target, a.semantic_type, a.sensitivity, user=s.user,
                             comment=a.comment)
        return {"kind": "column", **out}
    if a.kind == "dictionary" and a.target:
        cat.require(a.target)
    target = a.target if a.kind == "dictionary" else f"session:{s.session_id}"
    fid = cat.add_feedback(user=s.user, kind=a.kind, target=target, rating=a.rating, comment=a.comment,
                           text=_last_answer(s))
    return {"kind": a.kind, "id": fid, "rating": a.rating, "target": target}


def _last_answer(s: ToolSession) -> str | None:
    return getattr(s, "last_answer", None)


def train_classifier(s: ToolSession, a: A.TrainClassifierInput) -> dict[str, Any]:
    _require(s, ("owner",), "retraining a classifier")  # as the app's retrain button: minutes of CPU, a new model
    s.step("train_classifier", a.task)
    if a.task == "column-type":
        from tools.classify.autotrain import train_column_model
        from tools.classify.service import classify_all

        deadline = time.monotonic() + a.max_minutes * 60 if a.max_minutes else None
        res = train_column_model(s.ctx.workspace, epochs=a.epochs, deadline=deadline)
        if res.get("promoted"):
            classify_all(s.ctx.workspace, s.ctx.catalog, None)
        return _train_summary(res)
    if not a.data:
        raise PandianError(f"training {a.task!r} needs a labelled CSV (text,label)",
                           hint=f"pandian train {a.task} --data FILE.csv")
    from finetune.data import read_csv
    from finetune.train import TrainConfig, train

    ex = read_csv(Path(a.data))
    cfg = TrainConfig(task=a.task, epochs=a.epochs or 3.0, time_budget_s=a.max_minutes * 60 if a.max_minutes else None)
    res = train(s.ctx.workspace.models, cfg, ex, source=a.data)
    return _train_summary(res)


def _train_summary(res: dict[str, Any]) -> dict[str, Any]:
    keep = ("task", "run_id", "promoted", "dev", "previous", "n_train", "n_dev", "train_seconds", "epochs_run",
            "time_budget", "decision")
    return {k: res[k] for k in keep if k in res}


def inventory_report(s: ToolSession, a: A.InventoryReportInput) -> dict[str, Any]:
    from tools.report.inventory import ReportArgs, inventory_report as run

    s.step("inventory_report", "")
    res = run(s.ctx, ReportArgs(lang=a.lang, role=s.data_role))
    s.artifacts.extend([res["html"], res["markdown"]])
    return res


def tables_in_sql(sql: str) -> list[str]:
    try:
        import sqlglot
        from sqlglot import exp

        return [t.name for t in sqlglot.parse_one(sql, read="duckdb").find_all(exp.Table)]
    except Exception:
        return re.findall(r"(?i)\bfrom\s+\"?([\w]+)", sql)
