"""Dictionary tab: search the knowledge store, read a table's dictionary, edit/accept descriptions, rate, export."""

import gradio as gr
import pandas as pd

from pandian.ui.state import AppState


def build(state: AppState) -> None:
    with gr.Row():
        query = gr.Textbox(label="搜索目录 Search the catalog", placeholder="哪张表有用户手机号 / order amount",
                           elem_id="dict_query", scale=6)
        search = gr.Button("搜索 Search", elem_id="dict_search", scale=1)
    hits = gr.Dataframe(interactive=False, elem_id="dict_hits", max_height=260)
    with gr.Row():
        table = gr.Dropdown(state.ctx.catalog.names(), label="表 Table", elem_id="dict_table", allow_custom_value=True)
        lang = gr.Radio(["zh", "en"], value="zh", label="语言 Language", elem_id="dict_lang")
        show = gr.Button("查看字典 Show dictionary", elem_id="dict_show")
    head = gr.Markdown(elem_id="dict_head")
    cols = gr.Dataframe(interactive=False, elem_id="dict_columns", max_height=420, wrap=True)
    with gr.Accordion("编辑 / 接受 / 评分 Edit, accept, rate", open=True):
        with gr.Row():
            column = gr.Dropdown([], label="列（空=表描述） Column (empty = table)", elem_id="dict_column",
                                 allow_custom_value=True)
            text = gr.Textbox(label="新描述 New description", elem_id="dict_text", scale=3)
        with gr.Row():
            save = gr.Button("保存编辑 Save edit", variant="primary", elem_id="dict_save")
            accept = gr.Button("接受草稿 Accept draft", elem_id="dict_accept")
            stars = gr.Slider(1, 5, value=4, step=1, label="评分 Rating", elem_id="dict_stars")
            rate = gr.Button("评分 Rate", elem_id="dict_rate")
        status = gr.Markdown(elem_id="dict_status")
    with gr.Row():
        fmt = gr.Radio(["xlsx", "md", "html"], value="xlsx", label="导出格式 Export format", elem_id="dict_fmt")
        export = gr.Button("导出 Export", elem_id="dict_export")
        file = gr.File(label="文件 File", elem_id="dict_file", interactive=False)

    def on_search(q: str, request: gr.Request):
        from knowledge.search import SearchArgs, search_catalog

        _, role = state.who(request)
        if not (q or "").strip():
            return pd.DataFrame()
        res = search_catalog(state.ctx, SearchArgs(query=q, k=10, role=role))
        return pd.DataFrame([{"table": h["table"], "column": h.get("column") or "", "score": round(h["score"], 3),
                              "snippet": h.get("snippet") or ""} for h in res])

    search.click(on_search, query, hits)
    query.submit(on_search, query, hits)

    def on_show(t: str, lg: str, request: gr.Request):
        from knowledge.dictionary import DictionaryArgs, generate_dictionary
        from pandian.errors import PandianError

        _, role = state.who(request)
        try:
            d = generate_dictionary(state.ctx, DictionaryArgs(table=t, lang=lg, format="json", role=role))
        except PandianError as exc:
            return f"❌ {exc.render()}", pd.DataFrame(), gr.update()
        md = (f"### {d['table']}\n{d.get('description') or ''}\n\n"
              f"- domain: {d.get('domain')} · grain: {d.get('grain')} · primary key: {d.get('primary_key') or '-'}")
        df = pd.DataFrame([{"column": c["name"], "type": c.get("type"), "semantic type": c.get("semantic_type"),
                            "sensitivity": c.get("sensitivity"), "description": c.get("description"),
                            "examples": ", ".join(str(x) for x in (c.get("examples") or [])[:3]),
                            "quality": "; ".join(c.get("quality_notes") or [])} for c in d["columns"]])
        return md, df, gr.update(choices=[""] + [c["name"] for c in d["columns"]])

    show.click(on_show, [table, lang], [head, cols, column])

    def target(t: str, c: str | None) -> str:
        return f"{t}.{c}" if c else t

    def guard(request: gr.Request) -> tuple[str, str | None]:
        user, role = state.who(request)
        return user, ("viewer 只能查看 / viewers can only read" if role == "viewer" else None)

    def on_save(t: str, c: str, txt: str, lg: str, request: gr.Request):
        from knowledge.edits import edit_description
        from pandian.errors import PandianError

        user, denied = guard(request)
        if denied:
            return denied
        try:
            out = edit_description(state.ctx, target(t, c), txt, lg, author=user)
        except PandianError as exc:
            return f"❌ {exc.render()}"
        return f"✅ 已保存 v{out['version_id']}（{user}）/ saved version {out['version_id']} by {user}"

    def on_accept(t: str, c: str, lg: str, request: gr.Request):
        from knowledge.edits import accept_description
        from pandian.errors import PandianError

        user, denied = guard(request)
        if denied:
            return denied
        try:
            out = accept_description(state.ctx, target(t, c), lg, author=user)
        except PandianError as exc:
            return f"❌ {exc.render()}"
        return f"✅ accepted {len(out['accepted'])}, already reviewed {len(out['already_reviewed'])}"

    def on_rate(t: str, r: float, request: gr.Request):
        from knowledge.edits import rate_dictionary
        from pandian.errors import PandianError

        user, _ = state.who(request)
        try:
            rate_dictionary(state.ctx, t, int(r), user=user)
        except PandianError as exc:
            return f"❌ {exc.render()}"
        return f"✅ {t}: {int(r)}/5"

    save.click(on_save, [table, column, text, lang], status)
    accept.click(on_accept, [table, column, lang], status)
    rate.click(on_rate, [table, stars], status)

    def on_export(t: str, lg: str, f: str, request: gr.Request):
        from knowledge.dictionary import DictionaryArgs, generate_dictionary

        from pandian.errors import PandianError

        _, role = state.who(request)
        out = state.workspace.root / "exports" / f"{t}.dictionary.{lg}.{role}.{f}"
        try:
            generate_dictionary(state.ctx, DictionaryArgs(table=t, lang=lg, format=f, out=str(out), role=role))
        except PandianError as exc:
            raise gr.Error(exc.render()) from exc
        return str(out)

    export.click(on_export, [table, lang, fmt], file)
