"""Masking on every output path, over a generated demo shop: no role sees a value it may not see.

The clear values come from the source CSVs (names, phones, national ids, addresses of users.csv; receivers and
phones of orders.csv) and every output is searched for them: run_sql (including queries written to get round
the masking), previews, agent answers and tool results, dictionary files, search snippets, charts (figure JSON
and HTML), exports (csv/parquet/xlsx), the inventory report, analyses, the cleaning outputs, a rejects table,
and the text sent to an external LLM (L4 never, whatever the role). The owner run is the positive control: the
same search finds the clear values there, so a quiet search means masking, not a blind search.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from pandian.context import open_context
from pandian.demo import generate_demo
from tests.security.leaks import count_visible, find_leaks, hidden_for, needles, text_of
from tools.ingest.scan import ScanArgs, scan

Output = tuple[str, object]  # (label, result dict / text / written file)


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    """Demo shop + a dirty copy of users (its __rejects keeps raw lines) + users cleaned (quarantine)."""
    root = tmp_path_factory.mktemp("mask_shop")
    files = generate_demo(root / "demo", scale=2000, seed=23, progress=False)
    users = next(f for f in files if f.name == "users.csv")
    lines = users.read_text(encoding="utf-8").splitlines()
    dirty = root / "users_dirty.csv"
    # two ragged rows (an extra field): rejected whole, their raw text kept in users_dirty__rejects
    dirty.write_text("\n".join(lines[:40] + [lines[3] + ",x", lines[5] + ",y"] + lines[40:]) + "\n", encoding="utf-8")
    ws = root / "ws"
    with open_context(str(ws)) as ctx:
        scan(ctx, ScanArgs(sources=[str(f) for f in files] + [str(dirty)]), progress=False)
        from tools.clean.clean import CleanArgs, clean_table

        clean_table(ctx, CleanArgs(table="users"))
        assert ctx.warehouse.table_exists("users_dirty__rejects")
        users_asset = ctx.catalog.require("users")
        levels = {c.name: c.sensitivity for c in users_asset.columns}
        assert levels["身份证号"] == "L4" and levels["手机号"] == "L3", levels
    return {"ws": ws, "files": files, "values": needles(files), "root": root}


def _ctx(shop):
    return open_context(str(shop["ws"]))


# --- the paths ---------------------------------------------------------------------------------------------

EVASIONS = [
    "SELECT * FROM users", "SELECT * FROM orders", "FROM users", "SELECT * FROM users__clean",
    "SELECT * FROM users__quarantine", "SELECT * FROM users_dirty__rejects", "SELECT raw FROM users_dirty__rejects",
    "SELECT COLUMNS('手机号|身份证号') FROM users", "SELECT COLUMNS(*) FROM users", "SELECT u FROM users u",
    "SELECT to_json(u) AS j FROM users u", "SELECT {'p': \"手机号\"} AS s FROM users", "SELECT #3, #4, #5 FROM users",
    "SELECT c, d, e FROM users AS t(a, b, c, d, e)", "SELECT 'x' AS a, \"手机号\" AS a, \"身份证号\" AS a FROM users",
    "WITH c(p) AS (SELECT \"身份证号\" FROM users) SELECT p FROM c",
    "SELECT v FROM users UNPIVOT (v FOR k IN (\"姓名\", \"手机号\", \"身份证号\"))",
    "SELECT upper(x) AS y FROM (SELECT \"联系电话\" AS x FROM orders) t",
    "SELECT string_agg(\"收货人\", ',') AS s FROM orders", "SELECT list(\"身份证号\") AS l FROM users",
    "SELECT 'k' AS k UNION ALL SELECT \"身份证号\" FROM users", "SELECT \"手机号\" AS p, p || '' AS q FROM users",
    "SELECT CASE WHEN true THEN \"收货地址\" END AS c FROM users",
    "SELECT * FROM (PIVOT (SELECT \"手机号\" FROM users) ON \"手机号\")",  # values as column names
    "FROM users PIVOT (count(*) FOR \"姓名\" IN ('x'))",
]
ERRORS = [  # runtime errors quote the offending value
    "SELECT CAST(\"身份证号\" AS INTEGER) FROM users", "SELECT CAST(\"姓名\" AS DATE) FROM users",
    "SELECT strptime(\"收货地址\", '%Y') FROM users", "SELECT json_extract(\"收货人\", '$.a') FROM orders",
    "SELECT error(\"手机号\") FROM users",
]


def run_sql_outputs(shop, role: str, tmp: Path) -> Iterator[Output]:
    from pandian.errors import PandianError
    from tools.sql.run import RunSqlArgs, run_sql

    with _ctx(shop) as ctx:
        answered = 0
        for sql in EVASIONS:
            try:
                out = run_sql(ctx, RunSqlArgs(sql=sql, role=role, limit=500))
                answered += 1
            except PandianError as exc:  # a refusal is fine: its message is searched too
                out = exc.render()
            yield sql, out
        assert answered >= len(EVASIONS) - 3, "the evasions must mostly run, or they test nothing"
        for sql in ERRORS:
            try:
                out = run_sql(ctx, RunSqlArgs(sql=sql, role=role, limit=5))
            except PandianError as exc:
                out = exc.render()
            yield sql, out


def preview_outputs(shop, role: str, tmp: Path) -> Iterator[Output]:
    """What the app and the agent show of a table: profile, catalog listing, sample rows."""
    from agent.toolbox import build_tools
    from agent.toolbox.session import ToolSession

    with _ctx(shop) as ctx:
        tools = {t.name: t for t in build_tools(ToolSession(ctx=ctx.fork(), role=role))}
        for table in ("users", "orders", "users__clean", "users__quarantine"):
            yield f"profile_table {table}", tools["profile_table"].invoke({"table": table})
            yield f"run_sql preview {table}", tools["run_sql"].invoke({"sql": f'SELECT * FROM "{table}" LIMIT 50'})
        yield "list_assets", tools["list_assets"].invoke({})


QUESTIONS = ["preview the users table", "看一下 orders 表的数据", "show the phone numbers of users",
             "列出用户的身份证号", "top 10 收货人 in orders", "who are the users? show their names and addresses",
             "users 表的手机号有哪些", "SELECT 姓名, 手机号 FROM users"]


def agent_outputs(shop, role: str, tmp: Path) -> Iterator[Output]:
    from agent.chat import ask_stream

    with _ctx(shop) as ctx:
        for i, q in enumerate(QUESTIONS):
            events = list(ask_stream(ctx.fork(), q, session_id=f"mask-{role}-{i}", role=role, use_llm=False))
            final = events[-1]
            assert final["type"] == "final" and final["result"]["answer"], q
            # everything the UI shows: the answer, the streamed tool results, the tables and the figures
            yield q, {"events": [e for e in events if e["type"] != "final"], "result": final["result"],
                      "tables": final["tables"], "figures": [f.to_json() for f in final["figures"]]}


def toolbox_outputs(shop, role: str, tmp: Path) -> Iterator[Output]:
    """Every read tool of the agent, as the JSON the model (and the UI's step list) receives."""
    from agent.toolbox import build_tools
    from agent.toolbox.session import ToolSession

    with _ctx(shop) as ctx:
        session = ToolSession(ctx=ctx.fork(), role=role)
        tools = {t.name: t for t in build_tools(session)}
        calls = [("search_catalog", {"query": "手机号 身份证 收货地址 姓名", "k": 20}),
                 ("generate_dictionary", {"table": "users", "lang": "zh", "format": "md"}),
                 ("generate_dictionary", {"table": "orders", "lang": "en", "format": "html"}),
                 ("analyze_table", {"table": "orders", "kind": "topn", "user_col": "收货人"}),
                 ("make_chart", {"table": "users", "x": "姓名", "kind": "bar"}),
                 ("make_chart", {"sql": "SELECT \"手机号\", count(*) AS n FROM users GROUP BY 1", "kind": "bar"}),
                 ("integrate_tables", {"tables": ["users", "orders"]}),
                 ("classify_columns", {"table": "users"}),
                 ("inventory_report", {"lang": "zh"})]
        for name, args in calls:
            yield f"tool {name} {args}", tools[name].invoke(args)
        yield "tool artifacts", "\n".join(text_of(Path(p)) for p in session.artifacts if Path(p).exists())
        yield "tool figures", "\n".join(f.to_json() for f in session.figures)


def dictionary_outputs(shop, role: str, tmp: Path) -> Iterator[Output]:
    from knowledge.dictionary import DictionaryArgs, generate_dictionary
    with _ctx(shop) as ctx:
        for table in ("users", "orders", "users__clean"):
            for fmt in ("json", "md", "html", "xlsx"):
                out = tmp / f"{table}.{role}.{fmt}"
                res = generate_dictionary(ctx, DictionaryArgs(table=table, lang="zh", format=fmt, out=str(out),
                                                              role=role))
                yield f"dictionary {table} {fmt} (result)", res
                yield f"dictionary {table} {fmt} (file)", out


def search_outputs(shop, role: str, tmp: Path) -> Iterator[Output]:
    from knowledge.search import SearchArgs, search_catalog
    with _ctx(shop) as ctx:
        for q in ("手机号", "national id number", "收货地址 姓名", "receiver phone of orders"):
            yield f"search {q}", search_catalog(ctx, SearchArgs(query=q, k=20, role=role))


def chart_outputs(shop, role: str, tmp: Path) -> Iterator[Output]:
    from tools.analyze.analyze import AnalyzeArgs, analyze_table
    from tools.chart.chart import ChartArgs, chart_figure, make_chart

    charts = [ChartArgs(table="users", x="姓名", kind="bar"), ChartArgs(table="users", x="身份证号", kind="pie"),
              ChartArgs(table="orders", x="收货人", y="pay_amount", agg="sum", kind="bar"),
              ChartArgs(table="orders", x="联系电话", kind="bar"),
              ChartArgs(sql="SELECT \"收货地址\", count(*) AS n FROM users GROUP BY 1", kind="bar"),
              ChartArgs(sql="SELECT \"姓名\" AS name, age FROM users", x="name", y="age", kind="scatter"),
              ChartArgs(sql="SELECT \"身份证号\", age FROM users", kind="bar")]
    with _ctx(shop) as ctx:
        for i, args in enumerate(charts):
            args = args.model_copy(update={"role": role, "out": str(tmp / f"chart{i}.{role}.html")})
            fig, meta = chart_figure(ctx, args)
            yield f"chart figure {i}", fig.to_json() + text_of(meta)
            res = make_chart(ctx, args)
            yield f"chart html {i}", Path(res["path"])
        res = analyze_table(ctx, AnalyzeArgs(table="orders", kind="topn", group_col="收货人", role=role))
        args = ChartArgs(data=res, role=role, out=str(tmp / f"analysis.{role}.html"))
        fig, _ = chart_figure(ctx, args)
        yield "analysis chart figure", fig.to_json()
        yield "analysis chart html", Path(make_chart(ctx, args)["path"])


def export_outputs(shop, role: str, tmp: Path) -> Iterator[Output]:
    from tools.export.export import ExportArgs, export_table

    with _ctx(shop) as ctx:
        for table in ("users", "orders", "users__clean", "users__quarantine"):
            for fmt in ("csv", "parquet", "xlsx"):
                out = tmp / f"{table}.{role}.{fmt}"
                res = export_table(ctx, ExportArgs(table=table, out=str(out), role=role))
                assert res["rows"] > 0
                yield f"export {table}.{fmt}", out


def report_outputs(shop, role: str, tmp: Path) -> Iterator[Output]:
    from tools.report.inventory import ReportArgs, inventory_report

    with _ctx(shop) as ctx:
        for lang in ("zh", "en"):
            res = inventory_report(ctx, ReportArgs(lang=lang, role=role, out_dir=str(tmp / f"rep-{role}-{lang}")))
            yield f"report {lang} (result)", res
            yield f"report {lang} html", Path(res["html"])
            yield f"report {lang} md", Path(res["markdown"])


def analysis_outputs(shop, role: str, tmp: Path) -> Iterator[Output]:
    from tools.analyze.analyze import AnalyzeArgs, analyze_table

    runs = [AnalyzeArgs(table="orders", kind="topn", group_col="收货人"),
            AnalyzeArgs(table="orders", kind="topn", group_col="联系电话", value_col="pay_amount"),
            AnalyzeArgs(table="orders", kind="rfm", user_col="联系电话", time_col="order_time", value_col="pay_amount"),
            AnalyzeArgs(table="orders", kind="rfm", user_col="收货人", time_col="order_time"),
            AnalyzeArgs(table="orders", kind="repurchase", user_col="收货人", time_col="order_time"),
            AnalyzeArgs(table="users", kind="topn", group_col="身份证号"),
            AnalyzeArgs(table="users", kind="topn", group_col="收货地址"),
            AnalyzeArgs(table="users__clean", kind="topn", group_col="手机号")]
    with _ctx(shop) as ctx:
        for a in runs:
            res = analyze_table(ctx, a.model_copy(update={"role": role}))
            assert res["rows"], a
            yield f"analyze {a.table} {a.kind} {a.group_col or a.user_col}", res


PATHS: dict[str, Callable[..., Iterator[Output]]] = {
    "run_sql": run_sql_outputs, "preview": preview_outputs, "agent": agent_outputs, "toolbox": toolbox_outputs,
    "dictionary": dictionary_outputs, "search": search_outputs, "chart": chart_outputs, "export": export_outputs,
    "report": report_outputs, "analysis": analysis_outputs,
}


def _check(shop, path: str, role: str, tmp: Path, record_property) -> tuple[int, int]:
    hidden = hidden_for(role)
    values = shop["values"]
    leaks: dict[str, list[str]] = {}
    n = 0
    for label, out in PATHS[path](shop, role, tmp):
        n += 1
        found = find_leaks(text_of(out), values, hidden)
        if found:
            leaks[label] = found
    record_property("outputs_checked", n)
    record_property("values_leaked", sum(len(v) for v in leaks.values()))
    assert not leaks, f"{path} leaked values hidden from {role}: " + json.dumps(leaks, ensure_ascii=False)[:3000]
    return n, len(leaks)


@pytest.mark.parametrize("role", ["viewer", "analyst"])
@pytest.mark.parametrize("path", sorted(PATHS))
def test_no_path_leaks_a_masked_value(shop, path, role, tmp_path, record_property):
    n, _ = _check(shop, path, role, tmp_path, record_property)
    assert n > 0


def test_owner_sees_clear_values_so_the_search_is_not_blind(shop, tmp_path):
    """Positive control: the same outputs for the owner hold the clear values the viewer run did not."""
    values = shop["values"]
    assert sum(1 for lv in values.values() if lv == "L4") > 150 and sum(1 for lv in values.values() if lv == "L3") > 500
    for path in ("run_sql", "export", "preview"):
        text = "\n".join(text_of(out) for _, out in PATHS[path](shop, "owner", tmp_path))
        assert count_visible(text, values, {"L4"}) > 20, path  # the agent's preview shows 25 rows
        assert count_visible(text, values, {"L3"}) > 50, path
    # the analyst sees L3 in clear (masking is by level, not all-or-nothing)
    text = "\n".join(text_of(out) for _, out in run_sql_outputs(shop, "analyst", tmp_path))
    assert count_visible(text, values, {"L3"}) > 100


def test_viewer_error_messages_say_why_without_values(shop):
    from pandian.errors import PandianError
    from tools.sql.run import RunSqlArgs, run_sql

    with _ctx(shop) as ctx:
        with pytest.raises(PandianError) as err:
            run_sql(ctx, RunSqlArgs(sql='SELECT CAST("身份证号" AS INTEGER) FROM users', role="viewer"))
        assert "Conversion Error" in err.value.message and "withheld" in err.value.message
        with pytest.raises(PandianError) as err:  # a mistake in the query itself stays fully explained
            run_sql(ctx, RunSqlArgs(sql='SELECT "手机号码" FROM users', role="viewer"))
        assert "Binder Error" in err.value.message and "withheld" not in err.value.message
        owner = None
        with pytest.raises(PandianError) as err:
            run_sql(ctx, RunSqlArgs(sql='SELECT CAST("身份证号" AS INTEGER) FROM users', role="owner"))
        owner = err.value.message
    assert "Could not convert" in owner  # the owner may see the value, so the message is whole


# --- text sent to an external LLM ---------------------------------------------------------------------------

LLM_CALLS = [("run_sql", {"sql": "SELECT * FROM users LIMIT 100"}), ("run_sql", {"sql": "SELECT * FROM orders LIMIT 100"}),
             ("run_sql", {"sql": "SELECT to_json(u) AS j FROM users u LIMIT 20"}),
             ("profile_table", {"table": "users"}), ("search_catalog", {"query": "身份证号 手机号", "k": 10}),
             ("generate_dictionary", {"table": "users", "lang": "zh", "format": "md"}),
             ("analyze_table", {"table": "users", "kind": "topn", "user_col": "身份证号"}),
             ("make_chart", {"table": "users", "x": "身份证号", "kind": "bar"})]


@pytest.mark.parametrize("role", ["owner", "analyst", "viewer"])
def test_external_llm_never_gets_l4_and_l3_only_when_the_role_may(shop, monkeypatch, role, record_property):
    from agent.chat import ask
    from tests.agent.llm_server import ScriptedLLM, text, tool_call

    def script(body, i):
        done = sum(1 for m in body.get("messages", []) if m.get("role") == "tool")
        if done < len(LLM_CALLS):
            name, args = LLM_CALLS[done]
            return tool_call(name, args, call_id=f"call_{done}")
        return text("done")

    with ScriptedLLM(script) as llm, _ctx(shop) as ctx:
        monkeypatch.setenv("PANDIAN_LLM_BASE_URL", llm.base_url)
        monkeypatch.setenv("PANDIAN_LLM_MODEL", "scripted-1")
        monkeypatch.setenv("PANDIAN_LLM_API_KEY", "k")
        monkeypatch.setenv("PANDIAN_LLM_TIMEOUT", "30")
        res = ask(ctx, "show me everything about users: names, phones, id numbers 身份证号",
                  session_id=f"llm-mask-{role}", role=role)
    assert res["planner"] == "llm:scripted-1", res
    assert [c["name"] for c in res["tool_calls"]] == [n for n, _ in LLM_CALLS]
    sent = json.dumps(llm.requests, ensure_ascii=False)
    hidden = hidden_for(role, external_llm=True)
    leaked = find_leaks(sent, shop["values"], hidden)
    record_property("values_leaked", len(leaked))
    assert "L4" in hidden and not leaked, f"sent to the LLM for {role}: {leaked}"
    if role != "viewer":  # the positive control: the LLM did get the L3 values this role may see
        assert count_visible(sent, shop["values"], {"L3"}) > 20


# --- the same on PostgreSQL ---------------------------------------------------------------------------------

PORTABLE = ["SELECT * FROM users", "SELECT u FROM users u", "SELECT to_json(u) AS j FROM users u",
            "SELECT 'x' AS a, \"手机号\" AS a, \"身份证号\" AS a FROM users",
            "SELECT c FROM (SELECT \"身份证号\" AS c FROM users) AS t", "SELECT upper(\"姓名\") AS n FROM users",
            "SELECT 'k' AS k UNION ALL SELECT \"身份证号\" FROM users", "SELECT CAST(\"身份证号\" AS INTEGER) FROM users",
            "SELECT CAST(\"姓名\" AS DATE) FROM users"]


def test_run_sql_masks_on_every_backend(backend, shop):
    """Warehouse-side: the evasions and the error messages on DuckDB and PostgreSQL alike."""
    from pandian.errors import PandianError
    from tests.helpers import scan_paths
    from tools.sql.run import RunSqlArgs, run_sql

    ws, wh = backend
    scan_paths(ws, wh, next(f for f in shop["files"] if f.name == "users.csv"))
    values, outputs = shop["values"], []
    with open_context(str(ws), wh) as ctx:
        for role in ("viewer", "analyst"):
            for sql in PORTABLE:
                try:
                    out = run_sql(ctx, RunSqlArgs(sql=sql, role=role, limit=300))
                except PandianError as exc:
                    out = exc.render()
                leaked = find_leaks(text_of(out), values, hidden_for(role))
                assert not leaked, (role, sql, leaked)
                outputs.append(text_of(out))
        owner = run_sql(ctx, RunSqlArgs(sql="SELECT * FROM users", role="owner", limit=300))
    assert count_visible(text_of(owner), values, {"L3", "L4"}) > 100  # the positive control
