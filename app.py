"""pandian's Gradio app. Until the agent lands, the chat answers from the catalog (what is there, how big)."""
from __future__ import annotations

import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")


def catalog_summary(workspace: str | None = None, warehouse: str | None = None) -> str:
    from pandian.context import open_context

    ctx = open_context(workspace, warehouse)
    try:
        ctx.warehouse
        assets = ctx.catalog.assets()
    finally:
        ctx.close()
    if not assets:
        return "目录为空 / The catalog is empty: run `pandian scan PATH`."
    lines = ["| table | rows | rejected | columns | source |", "|---|---:|---:|---:|---|"]
    for a in assets:
        lines.append(f"| {a.name} | {a.rows:,} | {a.rejected_rows:,} | {len(a.columns)} | {a.source.split('/')[-1]} |")
    return "\n".join(lines)


def build_app(workspace: str | None = None, warehouse: str | None = None):
    import gradio as gr

    def respond(message: str, history: list) -> str:
        return ("(The conversational agent is not built yet.) Here is what the catalog holds:\n\n"
                + catalog_summary(workspace, warehouse))

    with gr.Blocks(title="pandian 盘点") as demo:
        gr.Markdown("# 盘点 pandian\nData-asset inventory for e-commerce search & recommendation teams.")
        with gr.Tab("Chat"):
            gr.ChatInterface(respond)
        with gr.Tab("Catalog"):
            table = gr.Markdown(catalog_summary(workspace, warehouse))
            gr.Button("Refresh").click(lambda: catalog_summary(workspace, warehouse), outputs=table)
    return demo


def serve(host: str = "127.0.0.1", port: int = 7860, workspace: str | None = None,
          warehouse: str | None = None) -> None:
    build_app(workspace, warehouse).launch(server_name=host, server_port=port, share=False)


if __name__ == "__main__":
    serve()
