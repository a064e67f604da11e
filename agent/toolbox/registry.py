"""Build the LangChain tools for one session; results go back as compact JSON the model can read."""
from __future__ import annotations

import json
from typing import Any

from langchain_core.tools import StructuredTool

from agent.toolbox import args as A
from agent.toolbox import impl
from agent.toolbox.session import ToolSession
from pandian.errors import PandianError

SPECS: list[tuple[str, type, str]] = [
    ("ingest_source", A.IngestSourceInput, "Ingest files, folders or database URLs into the warehouse and catalog."),
    ("list_assets", A.ListAssetsInput, "List catalogued tables with rows, columns, domain and sensitive levels."),
    ("profile_table", A.ProfileTableInput, "Profile of one table: rows, null fractions, distinct counts, ranges."),
    ("clean_table", A.CleanTableInput, "Clean a table into <table>__clean with a quarantine of every change."),
    ("integrate_tables", A.IntegrateTablesInput, "Discover join keys between tables, optionally build a joined view."),
    ("classify_columns", A.ClassifyColumnsInput, "Classify columns: semantic type and sensitivity L1-L4."),
    ("classify_text", A.ClassifyTextInput, "Classify texts such as product titles with a fine-tuned classifier."),
    ("generate_dictionary", A.GenerateDictionaryInput, "Generate the bilingual data dictionary of a table."),
    ("search_catalog", A.SearchCatalogInput, "Search tables and columns by meaning (Chinese or English)."),
    ("run_sql", A.RunSqlInput, "Run one read-only SELECT query; results are masked by the user's role."),
    ("make_chart", A.MakeChartInput, "Draw a Plotly chart of a table, a query or an analysis; returns its path."),
    ("analyze_table", A.AnalyzeTableInput, "E-commerce analysis: funnel, rfm, copurchase, repurchase, trend, topn."),
    ("record_feedback", A.RecordFeedbackInput, "Store a rating or a correction (column type/sensitivity) at once."),
    ("train_classifier", A.TrainClassifierInput, "Retrain a classifier with feedback; promoted only if better."),
    ("inventory_report", A.InventoryReportInput, "Write the whole-warehouse inventory report (HTML and Markdown)."),
]
TOOL_NAMES = [name for name, _, _ in SPECS]

# which argument names the table a call is about (for routing checks and follow-ups)
TABLE_ARGS = {"profile_table": "table", "clean_table": "table", "integrate_tables": "tables",
              "classify_columns": "table", "classify_text": "table", "generate_dictionary": "table",
              "make_chart": "table", "analyze_table": "table", "record_feedback": "target"}

MAX_CONTENT = 6000


def table_argument(name: str, args: dict[str, Any]) -> str | None:
    if name == "run_sql":
        found = impl.tables_in_sql(args.get("sql", ""))
        return found[0] if found else None
    key = TABLE_ARGS.get(name)
    if key is None:
        return None
    v = args.get(key)
    if isinstance(v, list):
        return v[0] if v else None
    if isinstance(v, str) and name == "record_feedback":
        return v.split(".")[0]
    return v


def _compact(obj: Any, budget: int = MAX_CONTENT) -> str:
    """JSON for the model: long lists are cut, with a note, so a big result never floods the context."""
    def trim(o: Any, depth: int = 0) -> Any:
        if isinstance(o, dict):
            return {k: trim(v, depth + 1) for k, v in o.items()}
        if isinstance(o, list):
            cut = 25 if depth < 2 else 10
            items = [trim(v, depth + 1) for v in o[:cut]]
            if len(o) > cut:
                items.append(f"... {len(o) - cut} more")
            return items
        if isinstance(o, str) and len(o) > 300:
            return o[:300] + "…"
        return o

    text = json.dumps(trim(obj), ensure_ascii=False, default=str)
    return text if len(text) <= budget else text[:budget] + "…"


def build_tools(session: ToolSession, dry_run: bool = False) -> list[StructuredTool]:
    """dry_run: tools record their call and do nothing (routing checks of the planner)."""
    tools = []
    for name, model, desc in SPECS:
        fn = getattr(impl, name)

        def run(_fn=fn, _model=model, _name=name, **kwargs: Any) -> str:
            try:
                result = {"dry_run": True, "args": _model(**kwargs).model_dump()} if dry_run else _fn(
                    session, _model(**kwargs))
            except PandianError as exc:
                result = {"error": exc.message, "hint": exc.hint}
            except (ImportError, ModuleNotFoundError) as exc:
                result = {"error": f"{_name} is not available in this installation ({exc.name})"}
            session.results.append((_name, result))
            if not dry_run:
                from pandian import audit

                audit.record(session.ctx.catalog, session.user, session.role, "chat", _name, kwargs,
                             "error" if "error" in result else "ok", audit.rows_of(result), result.get("error"))
            return _compact(result)

        tools.append(StructuredTool.from_function(func=run, name=name, description=desc, args_schema=model))
    return tools
