"""Feedback tab: what users said, how many new labelled examples exist, and retraining with before/after metrics."""

import gradio as gr
import pandas as pd

from pandian.ui.state import AppState

LABEL_KINDS = ("column_type", "sensitivity")


def new_examples(state: AppState) -> tuple[int, str | None]:
    """Corrections stored since the promoted column-type model was trained."""
    from finetune.registry import Registry

    try:
        cur = Registry(state.workspace.models).current("column-type")
    except Exception:  # noqa: BLE001 - a corrupt pointer counts as "no model"
        cur = None
    since = (cur or {}).get("created_at")
    n = 0
    for fb in state.ctx.catalog.feedback():
        if fb.kind in LABEL_KINDS and (since is None or fb.created_at.isoformat(timespec="seconds") > since):
            n += 1
    return n, (cur or {}).get("run_id")


def feedback_frame(state: AppState) -> pd.DataFrame:
    rows = [{"time": fb.created_at.isoformat(timespec="seconds"), "user": fb.user, "kind": fb.kind,
             "target": fb.target, "value": fb.value, "previous": fb.previous, "rating": fb.rating,
             "comment": (fb.comment or "")[:120]} for fb in state.ctx.catalog.feedback()]
    return pd.DataFrame(rows[::-1], columns=["time", "user", "kind", "target", "value", "previous", "rating", "comment"])


def build(state: AppState) -> None:
    info = gr.Markdown(elem_id="fb_info")
    table = gr.Dataframe(feedback_frame(state), interactive=False, elem_id="fb_table", max_height=360)
    with gr.Row():
        refresh = gr.Button("刷新 Refresh", elem_id="fb_refresh")
        retrain = gr.Button("重新训练字段分类器 Retrain column classifier", variant="primary", elem_id="fb_retrain")
    result = gr.Markdown(elem_id="fb_result")

    def summary() -> str:
        n, run = new_examples(state)
        return (f"**{n}** 条新的标注样本（自当前模型 {run or '无'} 之后） / new labelled examples since the promoted "
                f"model {run or 'none'}")

    def on_refresh():
        return summary(), feedback_frame(state)

    refresh.click(on_refresh, None, [info, table])

    def on_retrain(request: gr.Request, progress=gr.Progress()):
        from tools.classify.autotrain import train_column_model
        from tools.classify.service import classify_all

        user, role = state.who(request)
        if role != "owner":
            return "只有 owner 可以重新训练 / only owners can retrain", summary()
        from pandian.errors import PandianError
        from tools.classify.autotrain import STATUS

        if getattr(STATUS, "state", None) == "training":
            return "训练已在进行中 / a training run is already going (see the status line)", summary()
        progress(0.05, desc="training")
        try:
            meta = train_column_model(state.workspace, on_progress=lambda f, msg: progress(0.05 + 0.9 * f, desc=msg))
        except PandianError as exc:
            return f"❌ {exc.render()}", summary()
        if meta.get("promoted"):
            classify_all(state.workspace, state.ctx.catalog, None)
        prev = meta.get("previous") or {}
        before = prev.get("dev_macro_f1")
        after = (meta.get("dev") or {}).get("macro_f1")
        text = (f"run `{meta.get('run_id')}`: dev macro-F1 before **{before if before is not None else '-'}** → after "
                f"**{after if after is not None else '-'}**; {'✅ promoted 已上线' if meta.get('promoted') else '❌ not promoted 未上线'} "
                f"({meta.get('decision')}); {meta.get('n_train')} train / {meta.get('n_dev')} dev examples")
        return text, summary()

    retrain.click(on_retrain, None, [result, info])
    info.value = summary()
