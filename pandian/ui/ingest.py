"""Upload tab: files (CSV, Excel, JSON, Parquet, zip) or a database URL, with progress and per-file results."""

import shutil
from pathlib import Path

import gradio as gr
import pandas as pd

from pandian.ui.state import AppState


def build(state: AppState) -> None:
    files = gr.File(label="上传文件 Upload files", file_count="multiple", elem_id="up_files",
                    file_types=[".csv", ".tsv", ".txt", ".xlsx", ".json", ".jsonl", ".parquet", ".zip", ".gz"])
    url = gr.Textbox(label="或数据库 URL / or a database URL", placeholder="postgresql://user@host/db", elem_id="up_url")
    go = gr.Button("导入 Ingest", variant="primary", elem_id="up_go")
    result = gr.Dataframe(interactive=False, elem_id="up_result")
    errors = gr.Markdown(elem_id="up_errors")

    def run(paths: list | None, db_url: str, request: gr.Request, progress=gr.Progress()):
        from pandian.errors import PandianError
        from tools.ingest.scan import ScanArgs, scan

        user, role = state.who(request)
        if role == "viewer":
            return pd.DataFrame(), "viewer 不能导入数据 / viewers cannot ingest"
        sources: list[str] = []
        dest = state.workspace.root / "uploads"
        dest.mkdir(exist_ok=True)
        for p in paths or []:
            src = Path(p if isinstance(p, str) else p.name)
            target = dest / src.name
            shutil.copyfile(src, target)
            sources.append(str(target))
        if db_url and db_url.strip():
            from pandian.errors import PandianError
            from pandian.security.sources import check_source

            try:
                check_source(db_url.strip(), role, state.workspace.root)
            except PandianError as exc:
                return pd.DataFrame(), f"❌ {exc.render()}"
            sources.append(db_url.strip())
        if not sources:
            return pd.DataFrame(), "请选择文件或填写数据库 URL / choose files or give a database URL"
        rows, errs = [], []
        for i, s in enumerate(sources):
            progress((i, len(sources)), desc=f"{Path(s).name}")
            try:
                out = scan(state.ctx.fork(), ScanArgs(sources=[s]), progress=False)
            except PandianError as exc:
                errs.append(f"- **error** {Path(s).name}: {exc.render()}")
                continue
            from pandian import audit

            audit.record(state.ctx.catalog, user, role, "app", "ingest_source", {"sources": [Path(s).name]},
                         "error" if out["summary"]["failed_sources"] else "ok", out["summary"]["rows"])
            for t in out["tables"]:
                rows.append({"source": Path(s).name, "table": t["name"], "status": t["status"], "rows": t["rows"],
                             "rejected": t["rejected_rows"], "columns": len(t["columns"])})
            for e in out["errors"]:
                where = (e.get("source") or "") + (f":{e['line']}" if e.get("line") else "")
                errs.append(f"- **{e['level']}** {where}: {e['message']}" + (f" ({e['hint']})" if e.get("hint") else ""))
        progress((len(sources), len(sources)), desc="done")
        return pd.DataFrame(rows), "\n".join(errs) or "✅ 没有错误 / no errors"

    go.click(run, [files, url], [result, errors])
