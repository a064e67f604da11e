"""Catalog tab: tables by domain, columns with their labels, and corrections in place (a correction is feedback)."""

import gradio as gr
import pandas as pd

from pandian.ui.state import AppState

BADGE = {"L1": "🟢 L1", "L2": "🔵 L2", "L3": "🟠 L3", "L4": "🔴 L4"}


def tables_frame(state: AppState, domain: str | None = None) -> pd.DataFrame:
    rows = []
    for a in state.ctx.catalog.assets():
        if domain and domain != "all" and (a.domain or "other") != domain:
            continue
        sens = max((c.sensitivity or "L1" for c in a.columns), default="L1")
        rows.append({"table": a.name, "domain": a.domain or "other", "rows": a.rows, "rejected": a.rejected_rows,
                     "columns": len(a.columns), "max level": BADGE.get(sens, sens), "source": a.source})
    return pd.DataFrame(rows, columns=["table", "domain", "rows", "rejected", "columns", "max level", "source"])


def columns_frame(state: AppState, table: str | None) -> pd.DataFrame:
    cols = ["column", "type", "semantic type", "sensitivity", "confidence", "source", "evidence"]
    if not table:
        return pd.DataFrame(columns=cols)
    a = state.ctx.catalog.get(table)
    if a is None:
        return pd.DataFrame(columns=cols)
    return pd.DataFrame([{"column": c.name, "type": c.type, "semantic type": c.semantic_type or "-",
                          "sensitivity": BADGE.get(c.sensitivity or "", c.sensitivity or "-"),
                          "confidence": round(c.confidence or 0, 2), "source": c.label_source or "-",
                          "evidence": c.evidence or ""} for c in a.columns], columns=cols)


def _lowers(state: AppState, table: str, column: str, semantic_type: str | None, level: str | None) -> bool:
    """Would this correction lower the column's level (and so unmask it for its author)?"""
    from agent.toolbox.impl import LEVEL_RANK
    from tools.classify.taxonomy import level_of

    a = state.ctx.catalog.get(table)
    col = next((x for x in a.columns if x.name == column), None) if a else None
    if col is None:
        return False
    new = level or (level_of(semantic_type) if semantic_type else col.sensitivity)
    return LEVEL_RANK.get(new, 0) < LEVEL_RANK.get(col.sensitivity, 0)


def build(state: AppState) -> None:
    from tools.classify.taxonomy import TYPES

    def domains() -> list[str]:
        return ["all"] + sorted({a.domain or "other" for a in state.ctx.catalog.assets()})

    def names() -> list[str]:
        return state.ctx.catalog.names()

    with gr.Row():
        domain = gr.Dropdown(domains(), value="all", label="业务域 Domain", elem_id="cat_domain")
        refresh = gr.Button("刷新 Refresh", elem_id="cat_refresh")
    tables = gr.Dataframe(tables_frame(state), interactive=False, elem_id="cat_tables", max_height=300)
    table = gr.Dropdown(names(), label="表 Table", elem_id="cat_table", allow_custom_value=True)
    columns = gr.Dataframe(columns_frame(state, None), interactive=False, elem_id="cat_columns", max_height=420)
    gr.Markdown("**更正字段类型/敏感级 Correct a column** (立即生效并作为训练样本 / takes effect at once, kept for retraining)")
    with gr.Row():
        column = gr.Dropdown([], label="列 Column", elem_id="fix_column", allow_custom_value=True)
        new_type = gr.Dropdown(sorted(TYPES), label="语义类型 Semantic type", elem_id="fix_type")
        new_level = gr.Dropdown(["", "L1", "L2", "L3", "L4"], value="", label="敏感级 Sensitivity", elem_id="fix_level")
        fix = gr.Button("保存更正 Save correction", elem_id="fix_save", variant="primary")
    fix_status = gr.Markdown(elem_id="fix_status")

    def on_refresh(d: str):
        return tables_frame(state, d), gr.update(choices=names()), gr.update(choices=domains())

    refresh.click(on_refresh, domain, [tables, table, domain])
    domain.change(lambda d: tables_frame(state, d), domain, tables)

    def on_table(t: str):
        a = state.ctx.catalog.get(t) if t else None
        return columns_frame(state, t), gr.update(choices=[c.name for c in a.columns] if a else [], value=None)

    table.change(on_table, table, [columns, column])

    def on_fix(t: str, c: str, st: str | None, lv: str | None, request: gr.Request):
        from pandian.errors import PandianError
        from tools.classify.service import correct_column

        user, role = state.who(request)
        if role == "viewer":
            return "viewer 不能更正标签 / viewers cannot correct labels", gr.update()
        from pandian import audit

        args = {"target": f"{t}.{c}", "semantic_type": st, "sensitivity": lv}
        if role != "owner" and _lowers(state, t, c, st, lv):
            audit.record(state.ctx.catalog, user, role, "app", "record_feedback", args, "refused", None,
                         "only the owner may lower a sensitivity")
            return "❌ 只有 owner 可以降低敏感级（否则会解除脱敏） / only the owner may lower a sensitivity", gr.update()
        try:
            out = correct_column(state.workspace, state.ctx.catalog, f"{t}.{c}", st or None, lv or None, user=user)
        except PandianError as exc:
            audit.record(state.ctx.catalog, user, role, "app", "record_feedback", args, "error", None, exc.render())
            return f"❌ {exc.render()}", gr.update()
        audit.record(state.ctx.catalog, user, role, "app", "record_feedback", args, "ok", 1)
        return (f"✅ {t}.{c}: {out['previous']['semantic_type']}/{out['previous']['sensitivity']} → "
                f"{out['semantic_type']}/{out['sensitivity']} (by {user})"), columns_frame(state, t)

    fix.click(on_fix, [table, column, new_type, new_level], [fix_status, columns])
