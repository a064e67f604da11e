"""pandian's Gradio app. Until the agent lands, the chat answers from the catalog (what is there, how big).

On start it makes sure the column-type model exists: if none is promoted it is trained in the background
while the app already serves (the status line shows progress; verified-format rules answer meanwhile).
"""
from __future__ import annotations

import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")


def catalog_markdown(workspace: str | None = None, warehouse: str | None = None) -> str:
    from pandian.context import open_context

    ctx = open_context(workspace, warehouse)
    try:
        ctx.warehouse
        assets = ctx.catalog.assets()
    finally:
        ctx.close()
    if not assets:
        return "目录为空 / The catalog is empty: run `pandian scan PATH`."
    lines = ["| table | rows | rejected | columns | sensitive columns | source |", "|---|---:|---:|---:|---|---|"]
    for a in assets:
        pii = [f"{c.name} ({c.sensitivity})" for c in a.columns if c.sensitivity in ("L3", "L4")]
        lines.append(f"| {a.name} | {a.rows:,} | {a.rejected_rows:,} | {len(a.columns)} | {', '.join(pii[:4]) or '-'} "
                     f"| {a.source.split('/')[-1]} |")
    return "\n".join(lines)


def columns_markdown(workspace: str | None, warehouse: str | None, table: str) -> str:
    from pandian.context import open_context

    ctx = open_context(workspace, warehouse)
    try:
        a = ctx.catalog.get(table)
    finally:
        ctx.close()
    if a is None:
        return f"no table {table!r}"
    lines = ["| column | type | semantic type | sensitivity | confidence | evidence |", "|---|---|---|---|---:|---|"]
    for c in a.columns:
        lines.append(f"| {c.name} | {c.type} | {c.semantic_type or '-'} | {c.sensitivity or '-'} | "
                     f"{(c.confidence or 0):.2f} | {(c.evidence or '').replace('|', '/')} |")
    return "\n".join(lines)


def build_app(workspace: str | None = None, warehouse: str | None = None):
    import gradio as gr

    from tools.classify.autotrain import STATUS

    def respond(message: str, history: list) -> str:
        return ("(The conversational agent is not built yet.) Here is what the catalog holds:\n\n"
                + catalog_markdown(workspace, warehouse))

    with gr.Blocks(title="pandian 盘点") as demo:
        gr.Markdown("# 盘点 pandian\nData-asset inventory for e-commerce search & recommendation teams.")
        status = gr.Markdown(STATUS.line())
        gr.Timer(3).tick(lambda: STATUS.line(), outputs=status)
        with gr.Tab("Chat"):
            gr.ChatInterface(respond)
        with gr.Tab("Catalog"):
            table = gr.Markdown(catalog_markdown(workspace, warehouse))
            gr.Button("Refresh").click(lambda: catalog_markdown(workspace, warehouse), outputs=table)
            name = gr.Textbox(label="table")
            cols = gr.Markdown()
            name.submit(lambda t: columns_markdown(workspace, warehouse, t), inputs=name, outputs=cols)
    return demo


def serve(host: str = "127.0.0.1", port: int = 7860, workspace: str | None = None,
          warehouse: str | None = None) -> None:
    from pandian.workspace import Workspace
    from tools.classify.autotrain import ensure_column_model

    if os.environ.get("PANDIAN_AUTO_TRAIN", "1") != "0":
        ensure_column_model(Workspace.resolve(workspace, warehouse))
    build_app(workspace, warehouse).launch(server_name=host, server_port=port, share=False)


if __name__ == "__main__":
    serve()
