"""pandian's Gradio app: chat, upload, catalog, dictionary review, feedback and retraining, dashboard.

`python app.py` or `pandian serve` starts it on 127.0.0.1 with analytics off. With no users file it is a
single-user owner app on loopback (and says so); `pandian user add` turns on logins and role masking.
"""

import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")


# the app serves generated files only: never the warehouse, catalog, users file, logs or models
OUTPUT_DIRS = ("reports", "charts", "exports", "dictionaries")
PRIVATE_DIRS = ("logs", "models", "knowledge", "uploads", "agent", "tmp")


def build_app(workspace: str | None = None, warehouse: str | None = None, state=None):
    import gradio as gr

    from pandian.ui import catalog, chat, dashboard, dictionary, feedback, ingest
    from pandian.ui.state import AppState
    from tools.classify.autotrain import STATUS

    state = state or AppState.open(workspace, warehouse)
    with gr.Blocks(title="pandian 盘点") as demo:
        gr.Markdown("# 盘点 pandian\n数据资产盘点助手 · data-asset inventory for e-commerce search & recommendation")
        gr.Markdown(state.banner(), elem_id="mode_banner")
        who = gr.Markdown(elem_id="who")
        status = gr.Markdown(STATUS.line(), elem_id="model_status")
        gr.Timer(3).tick(lambda: STATUS.line(), outputs=status)

        def whoami(request: gr.Request):
            user, role = state.who(request)
            return f"**{user}** · role **{role}**"

        demo.load(whoami, None, who)
        with gr.Tab("对话 Chat", elem_id="tab_chat"):
            chat.build(state)
        with gr.Tab("导入 Ingest", elem_id="tab_ingest"):
            ingest.build(state)
        with gr.Tab("目录 Catalog", elem_id="tab_catalog"):
            catalog.build(state)
        with gr.Tab("数据字典 Dictionary", elem_id="tab_dictionary"):
            dictionary.build(state)
        with gr.Tab("反馈与训练 Feedback", elem_id="tab_feedback"):
            feedback.build(state)
        with gr.Tab("仪表盘 Dashboard", elem_id="tab_dashboard"):
            dashboard.build(state)
    demo.state = state
    return demo


def serve(host: str = "127.0.0.1", port: int = 7860, workspace: str | None = None,
          warehouse: str | None = None, block: bool = True):
    from pandian.ui.state import AppState
    from tools.classify.autotrain import ensure_column_model

    state = AppState.open(workspace, warehouse)
    if not state.multi_user and host not in ("127.0.0.1", "localhost", "::1"):
        from pandian.errors import PandianError

        raise PandianError(f"single-user mode only listens on 127.0.0.1, not {host}",
                           hint="add users first: pandian user add NAME --role ROLE")
    demo = build_app(state=state)
    if os.environ.get("PANDIAN_AUTO_TRAIN", "1") != "0":  # after the UI's imports (see autotrain._preload)
        ensure_column_model(state.workspace)
    demo.queue(default_concurrency_limit=8)
    auth = state.auth if state.multi_user else None
    return demo.launch(server_name=host, server_port=port, share=False, auth=auth, prevent_thread_lock=not block,
                       allowed_paths=[str(state.workspace.root / d) for d in OUTPUT_DIRS],
                       blocked_paths=[str(state.workspace.root / d) for d in PRIVATE_DIRS], footer_links=[])


if __name__ == "__main__":
    serve()
