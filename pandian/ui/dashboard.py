"""Dashboard tab: assets by domain, rows over time, sensitivity map, quality, dictionary coverage, feedback
trend and model versions - all from the catalog, the feedback store and the model registry."""

from collections import Counter

import gradio as gr
import pandas as pd
import plotly.graph_objects as go

from pandian.ui.state import AppState

LEVELS = ("L1", "L2", "L3", "L4")


def figures(state: AppState) -> dict[str, go.Figure]:
    from tools.report.inventory import _quality

    assets = [a for a in state.ctx.catalog.assets() if not a.name.endswith(("__rejects", "__quarantine"))]
    dom = Counter(a.domain or "other" for a in assets)
    f_dom = go.Figure(go.Pie(labels=list(dom), values=list(dom.values()), hole=0.4))
    f_dom.update_layout(title="资产按业务域 Assets by domain", height=320)
    by_day: Counter = Counter()
    for a in assets:
        by_day[a.updated_at.date().isoformat()] += int(a.rows or 0)
    days = sorted(by_day)
    f_rows = go.Figure(go.Bar(x=days, y=[by_day[d] for d in days]))
    f_rows.update_layout(title="按加载日期的行数 Rows by load date", height=320)
    names = [a.name for a in assets]
    z = [[sum(1 for c in a.columns if c.sensitivity == lv) for lv in LEVELS] for a in assets]
    f_sens = go.Figure(go.Heatmap(z=z, x=list(LEVELS), y=names, colorscale="Reds"))
    f_sens.update_layout(title="敏感级分布 Sensitivity map", height=max(320, 22 * len(names) + 120))
    qual = [_quality(a)[0] for a in assets]
    cover = [sum(1 for c in a.columns if c.description) / max(1, len(a.columns)) for a in assets]
    f_q = go.Figure([go.Bar(name="质量 quality", x=names, y=qual), go.Bar(name="字典覆盖 dictionary", x=names, y=cover)])
    f_q.update_layout(title="质量分与字典覆盖 Quality and dictionary coverage", barmode="group", height=340,
                      yaxis_range=[0, 1])
    fb_days: Counter = Counter()
    for fb in state.ctx.catalog.feedback():
        fb_days[(fb.created_at.date().isoformat(), fb.kind)] += 1
    f_fb = go.Figure()
    for kind in sorted({k for _, k in fb_days}):
        ds = sorted(d for d, k in fb_days if k == kind)
        f_fb.add_trace(go.Scatter(x=ds, y=[fb_days[(d, kind)] for d in ds], mode="lines+markers", name=kind))
    f_fb.update_layout(title="反馈趋势 Feedback trend", height=320)
    return {"domain": f_dom, "rows": f_rows, "sensitivity": f_sens, "quality": f_q, "feedback": f_fb}


def models_frame(state: AppState) -> pd.DataFrame:
    from finetune.registry import Registry

    reg = Registry(state.workspace.models)
    rows = []
    for task in reg.tasks():
        try:
            cur = (reg.current(task) or {}).get("run_id")
        except Exception:  # noqa: BLE001
            cur = None
        for m in reg.history(task):
            dev = m.get("dev") or {}
            rows.append({"task": task, "run": m.get("run_id"), "created": m.get("created_at"),
                         "dev macro-F1": dev.get("macro_f1"), "dev accuracy": dev.get("accuracy"),
                         "train examples": m.get("n_train"), "promoted": "✅" if m.get("run_id") == cur else ""})
    return pd.DataFrame(rows, columns=["task", "run", "created", "dev macro-F1", "dev accuracy", "train examples",
                                       "promoted"])


def build(state: AppState) -> None:
    refresh = gr.Button("刷新 Refresh", elem_id="dash_refresh")
    with gr.Row():
        p_dom = gr.Plot(elem_id="dash_domain")
        p_rows = gr.Plot(elem_id="dash_rows")
    p_sens = gr.Plot(elem_id="dash_sensitivity")
    p_q = gr.Plot(elem_id="dash_quality")
    p_fb = gr.Plot(elem_id="dash_feedback")
    models = gr.Dataframe(interactive=False, elem_id="dash_models")

    def load():
        f = figures(state)
        return f["domain"], f["rows"], f["sensitivity"], f["quality"], f["feedback"], models_frame(state)

    refresh.click(load, None, [p_dom, p_rows, p_sens, p_q, p_fb, models])
