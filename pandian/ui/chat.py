"""Chat tab: streamed tool steps, answers with inline charts and tables, and feedback on every answer."""

import uuid
from typing import Any

import gradio as gr

from pandian.ui.state import MAX_MESSAGE_CHARS, AppState

STEP_ZH = {"ingest_source": "导入", "list_assets": "列出资产", "profile_table": "画像", "clean_table": "清洗",
           "integrate_tables": "整合", "classify_columns": "识别字段", "classify_text": "文本分类",
           "generate_dictionary": "生成字典", "search_catalog": "搜索目录", "run_sql": "查询", "make_chart": "画图",
           "analyze_table": "分析", "record_feedback": "记录反馈", "train_classifier": "训练",
           "inventory_report": "生成盘点报告"}


def _step_line(name: str, args: dict[str, Any], i: int, zh: bool) -> str:
    target = args.get("table") or ", ".join(args.get("tables") or args.get("sources") or []) or ""
    if zh:
        return f"正在{STEP_ZH.get(name, name)} {target}… （第 {i} 步）"
    return f"Running {name} {target}… (step {i})"


def build(state: AppState) -> None:
    from agent.chat import ask_stream
    from agent.planner.lang import detect_lang

    session_id = gr.State(lambda: uuid.uuid4().hex[:12])
    chatbot = gr.Chatbot(label="pandian", height=520, elem_id="chatbot", sanitize_html=True,
                         feedback_options=("Like", "Dislike"))
    with gr.Row():
        box = gr.Textbox(placeholder="问点什么，例如：画出 orders 每天的订单趋势 / ask, e.g. which table has phone numbers?",
                         show_label=False, scale=8, elem_id="chat_input", max_length=MAX_MESSAGE_CHARS)
        send = gr.Button("发送 Send", variant="primary", scale=1, elem_id="chat_send")
    plot = gr.Plot(label="图表 Chart", elem_id="chat_plot", visible=True)
    table = gr.Dataframe(label="结果 Result", elem_id="chat_table", max_height=360, interactive=False, wrap=True)
    files = gr.File(label="生成的文件 Files", file_count="multiple", elem_id="chat_files", interactive=False)
    with gr.Accordion("评价这个回答 Rate this answer", open=True):
        with gr.Row():
            rating = gr.Slider(1, 5, value=5, step=1, label="评分 Rating (1-5)", elem_id="rate_slider")
            correction = gr.Textbox(label="更正（可选） Correction (optional)", elem_id="rate_text")
            rate_btn = gr.Button("提交评价 Submit rating", elem_id="rate_submit")
        rate_status = gr.Markdown(elem_id="rate_status")

    def respond(message: str, history: list[dict[str, Any]], sid: str, request: gr.Request):
        user, role = state.who(request)
        history = list(history or [])
        message = (message or "").strip()
        if not message:
            yield history, gr.update(), gr.update(), gr.update(), ""
            return
        if len(message) > MAX_MESSAGE_CHARS:
            history += [{"role": "user", "content": message[:200] + "…"},
                        {"role": "assistant", "content": f"消息太长（{len(message):,} 字符，上限 {MAX_MESSAGE_CHARS:,}）。"
                                                         f" / Message too long ({len(message):,} chars, limit "
                                                         f"{MAX_MESSAGE_CHARS:,})."}]
            yield history, gr.update(), gr.update(), gr.update(), ""
            return
        zh = detect_lang(message) == "zh"
        history += [{"role": "user", "content": message}, {"role": "assistant", "content": "…"}]
        yield history, gr.update(), gr.update(), gr.update(), ""
        steps: list[str] = []
        final: dict[str, Any] = {}
        try:
            for ev in ask_stream(state.ctx.fork(), message, session_id=f"{user}:{sid}", role=role, user=user):
                if ev["type"] == "tool_call":
                    steps.append(_step_line(ev["name"], ev["args"], len(steps) + 1, zh))
                    history[-1] = {"role": "assistant", "content": "\n".join(steps)}
                    yield history, gr.update(), gr.update(), gr.update(), ""
                elif ev["type"] == "final":
                    final = ev
        except Exception as exc:  # noqa: BLE001 - the user sees one clear line, never a traceback
            from pandian.errors import PandianError

            text = exc.render() if isinstance(exc, PandianError) else f"{type(exc).__name__}: {exc}"
            history[-1] = {"role": "assistant", "content": ("出错了：" if zh else "Error: ") + text}
            yield history, gr.update(), gr.update(), gr.update(), ""
            return
        res = final.get("result", {})
        done = "\n".join(f"✓ {s}" for s in steps)
        history[-1] = {"role": "assistant", "content": (done + "\n\n" if done else "") + (res.get("answer") or "-")}
        figs = final.get("figures") or []
        for fig in figs:
            history.append({"role": "assistant", "content": gr.Plot(fig)})
        tables = final.get("tables") or []
        df = gr.update()
        if tables:
            import pandas as pd

            t = tables[-1]
            df = gr.update(value=pd.DataFrame(t["rows"], columns=t["columns"]))
        arts = [a for a in res.get("artifacts", [])]
        yield (history, gr.update(value=figs[-1]) if figs else gr.update(), df,
               gr.update(value=arts) if arts else gr.update(), "")

    outs = [chatbot, plot, table, files, box]
    box.submit(respond, [box, chatbot, session_id], outs)
    send.click(respond, [box, chatbot, session_id], outs)

    def like(data: gr.LikeData, history: list[dict[str, Any]], sid: str, request: gr.Request):
        user, role = state.who(request)
        answer = _content(history, data.index)
        state.ctx.catalog.add_feedback(user=user, kind="answer", target=f"session:{user}:{sid}:{data.index}",
                                       rating=5 if data.liked else 1, text=answer,
                                       comment="thumbs up" if data.liked else "thumbs down")
        return "已记录 / recorded: " + ("👍" if data.liked else "👎")

    chatbot.like(like, [chatbot, session_id], rate_status)

    def rate(r: float, text: str, history: list[dict[str, Any]], sid: str, request: gr.Request):
        user, role = state.who(request)
        idx = _last_answer_index(history)
        if idx is None:
            return "先提个问题 / ask something first"
        fid = state.ctx.catalog.add_feedback(user=user, kind="answer", target=f"session:{user}:{sid}:{idx}",
                                             rating=int(r), text=_content(history, idx), comment=text or None)
        return f"已保存评价 #{fid}：{int(r)}/5 / rating #{fid} saved: {int(r)}/5"

    rate_btn.click(rate, [rating, correction, chatbot, session_id], rate_status)


def _text(content: Any) -> str | None:
    """Message text whatever shape the browser sends it back in (a string or a list of content blocks)."""
    if isinstance(content, str):
        return content
    if isinstance(content, dict):
        return content.get("text") if content.get("type", "text") == "text" else None
    if isinstance(content, list):
        parts = [t for t in (_text(c) for c in content) if t]
        return "\n".join(parts) if parts else None
    return None


def _content(history: list[dict[str, Any]], index: Any) -> str:
    i = index[0] if isinstance(index, (list, tuple)) else index
    try:
        return (_text(history[int(i)]["content"]) or "")[:4000]
    except (IndexError, TypeError, ValueError, KeyError):
        return ""


def _last_answer_index(history: list[dict[str, Any]]) -> int | None:
    for i in range(len(history or []) - 1, -1, -1):
        if history[i].get("role") == "assistant" and _text(history[i].get("content")):
            return i
    return None
