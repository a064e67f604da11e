"""make_chart / chart_from_result: offline HTML, the right trace per kind, zh labels, warehouse aggregation,
sampling that says so, and masking of sensitive axes by role."""
from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from pandian.context import open_context
from pandian.demo import generate_demo
from pandian.errors import PandianError
from tests.conftest import run_cli
from tests.helpers import scan_paths
from tools.analyze.analyze import AnalyzeArgs, analyze_table
from tools.chart.chart import ChartArgs, chart_figure, chart_from_result, make_chart, result_figure


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    d = tmp_path_factory.mktemp("chart")
    files = {f.name: f for f in generate_demo(d / "data", scale=5000, seed=5, progress=False)}
    ws = d / "ws"
    scan_paths(ws, None, files["user_behavior.csv"], files["orders.csv"], files["users.csv"])
    return ws, files


def _fig(ws, warehouse=None, **kw):
    with open_context(str(ws), warehouse) as ctx:
        return chart_figure(ctx, ChartArgs(**kw))


def _chart(ws, warehouse=None, **kw):
    with open_context(str(ws), warehouse) as ctx:
        return make_chart(ctx, ChartArgs(**kw))


def _offline(html: str) -> None:
    assert "cdn.plot.ly" not in html and not re.search(r"<script[^>]+src=[\"']https?:", html)
    assert len(html) > 1_000_000 and "Plotly.newPlot" in html  # plotly.js itself is inside the file


def test_analysis_results_charted_offline_with_the_right_traces(shop, tmp_path):
    ws, _ = shop
    with open_context(str(ws)) as ctx:
        results = {k: analyze_table(ctx, AnalyzeArgs(table=t, kind=k)) for t, k in (
            ("user_behavior", "funnel"), ("user_behavior", "trend"), ("user_behavior", "topn"),
            ("orders", "rfm"), ("user_behavior", "repurchase"), ("user_behavior", "copurchase"))}
    expected = {"funnel": "funnel", "trend": "scatter", "topn": "bar", "rfm": "pie", "repurchase": "bar",
                "copurchase": "bar"}
    for kind, trace in expected.items():
        out = chart_from_result(results[kind], "en", tmp_path / f"{kind}.html")
        html = (tmp_path / f"{kind}.html").read_text("utf-8")
        _offline(html)
        fig = result_figure(results[kind], "en")
        assert fig.data[0].type == trace and out["kind"] in ("funnel", "line", "bar", "pie")
        assert out["aggregated"] is True and out["points"] >= 4
    funnel = result_figure(results["funnel"], "zh")
    assert list(funnel.data[0].y) == ["浏览", "加购", "收藏", "购买"]
    assert list(funnel.data[0].x) == [r[3] for r in results["funnel"]["rows"]]
    assert "转化漏斗" in funnel.layout.title.text
    rfm = result_figure(results["rfm"], "zh")
    assert "RFM 客户分层" in rfm.layout.title.text and "重要价值客户" in list(rfm.data[0].labels)
    lift = result_figure(results["copurchase"], "en")
    assert list(lift.data[0].y) == [r[6] for r in results["copurchase"]["rows"]] and " + " in lift.data[0].x[0]
    trend = result_figure(results["trend"], "en")
    assert trend.data[0].mode == "lines+markers" and list(trend.data[0].y) == [r[1] for r in results["trend"]["rows"]]


def test_table_charts_are_aggregated_in_the_warehouse(shop, tmp_path):
    ws, files = shop
    df = pd.read_csv(files["user_behavior.csv"])
    out = _chart(ws, table="user_behavior", out=str(tmp_path / "ub.html"))
    _offline((tmp_path / "ub.html").read_text("utf-8"))
    assert out["kind"] == "line" and out["aggregated"] and "aggregated 5,000 rows in the warehouse" in out["note"]
    fig, facts = _fig(ws, table="user_behavior", grain="day")
    assert sum(fig.data[0].y) == len(df) - int(re.search(r"(\d+) row\(s\) with timestamps", facts["note"])[1])
    assert facts["points"] == len(fig.data[0].x) <= 11

    bar, facts = _fig(ws, table="user_behavior", x="behavior_type")
    assert bar.data[0].type == "bar" and dict(zip(bar.data[0].x, bar.data[0].y)) == \
        df.behavior_type.value_counts().to_dict()
    hist, facts = _fig(ws, table="users", x="age")
    assert hist.data[0].type == "histogram" and sum(hist.data[0].y) == pd.read_csv(files["users.csv"]).age.count()

    scatter, facts = _fig(ws, table="orders", x="pay_amount", y="pay_amount", kind="scatter", max_points=50)
    assert scatter.data[0].type == "scatter" and facts["sampled"] and len(scatter.data[0].x) <= 50
    assert "sampled" in facts["note"] and not facts["aggregated"]

    pie, facts = _fig(ws, table="orders", x="province", kind="pie")
    n_prov = pd.read_csv(files["orders.csv"]).province.nunique(dropna=False)
    assert pie.data[0].type == "pie" and len(pie.data[0].labels) == 10 and "top 9 of" in facts["note"]
    assert sum(pie.data[0].values) == len(pd.read_csv(files["orders.csv"])) and n_prov > 10

    heat, _ = _fig(ws, table="users", x="gender", y="city", kind="heatmap")
    assert heat.data[0].type == "heatmap" and sum(map(sum, heat.data[0].z)) <= 200


def test_table_chart_on_each_backend(backend, shop):
    ws, wh = backend
    _, files = shop
    scan_paths(ws, wh, files["orders.csv"])
    orders = pd.read_csv(files["orders.csv"], dtype={"联系电话": str})
    line, facts = _fig(ws, wh, table="orders", grain="week")
    assert line.data[0].type == "scatter" and sum(line.data[0].y) == len(orders) and facts["aggregated"]
    bar, facts = _fig(ws, wh, table="orders", x="联系电话", kind="bar")
    assert facts["masked_columns"] == {"联系电话": "L3"} and all("****" in x for x in bar.data[0].x)
    assert not set(bar.data[0].x) & set(orders["联系电话"].dropna())
    top = orders["联系电话"].value_counts(dropna=False).iloc[0]
    assert bar.data[0].y[0] >= top  # masked values may merge, never split


def test_auto_kind_from_data_and_zh_labels(shop):
    ws, _ = shop
    fig, facts = _fig(None, data={"columns": ["a", "b", "c"], "rows": [[1, 2, 9], [2, 4, 7], [3, 7, 1], [4, 8, 0]]})
    assert fig.data[0].type == "heatmap" and facts["kind"] == "heatmap" and fig.data[0].z[0][1] > 0.9
    fig, _ = _fig(None, data={"columns": ["x"], "rows": [[1], [2], [2], [3]]})
    assert fig.data[0].type == "histogram"
    fig, _ = _fig(None, data={"columns": ["day", "n"], "rows": [["2017-11-26", 3], ["2017-11-25", 5]]})
    assert fig.data[0].type == "scatter" and list(fig.data[0].x) == ["2017-11-25", "2017-11-26"]
    fig, facts = _fig(ws, table="orders", x="province", lang="zh")
    assert facts["title"] == fig.layout.title.text and "按地区（province）的行数" in facts["title"]
    assert fig.layout.xaxis.title.text == "地区（province）" and fig.layout.yaxis.title.text == "行数"
    assert "已在数据仓库中" in facts["note"]


def test_sensitive_axes_are_masked_for_viewers(shop, tmp_path):
    ws, files = shop
    phones = set(pd.read_csv(files["orders.csv"], dtype=str)["联系电话"].dropna())
    names = set(pd.read_csv(files["orders.csv"], dtype=str)["收货人"].dropna())
    out = _chart(ws, table="orders", x="联系电话", kind="bar", out=str(tmp_path / "v.html"))
    html = (tmp_path / "v.html").read_text("utf-8")
    assert out["masked_columns"] == {"联系电话": "L3"} and not any(p in html for p in phones)
    viewer, _ = _fig(ws, table="orders", x="联系电话", kind="bar")
    owner, _ = _fig(ws, table="orders", x="联系电话", kind="bar", role="owner")
    assert all("****" in x for x in viewer.data[0].x) and set(owner.data[0].x) & phones
    sql_fig, facts = _fig(ws, sql="SELECT 收货人, pay_amount FROM orders", x="收货人")
    assert facts["masked_columns"] == {"收货人": "L3"} and not set(sql_fig.data[0].x) & names
    with pytest.raises(PandianError, match="hidden from role viewer"):
        _fig(ws, table="users", x="身份证号", kind="histogram")
    with pytest.raises(PandianError, match="exactly one of table, sql or data"):
        _fig(ws, table="orders", sql="SELECT 1")


def test_cli_chart_json(shop, tmp_path):
    ws, _ = shop
    out_file = tmp_path / "c.html"
    proc = run_cli("chart", "orders", "--x", "province", "--lang", "zh", "--out", str(out_file), "--json",
                   workspace=ws, check=True)
    out = json.loads(proc.stdout)
    assert set(out) >= {"path", "kind", "title", "points", "aggregated", "sampled", "note"}
    assert out["kind"] == "bar" and out["path"] == str(out_file) and "按" in out["title"]
    _offline(out_file.read_text("utf-8"))
    proc = run_cli("chart", "--sql", "SELECT province, count(*) AS n FROM orders GROUP BY 1", "--kind", "pie",
                   "--json", workspace=ws, check=True)
    out = json.loads(proc.stdout)
    assert out["kind"] == "pie" and out["path"].startswith(str(ws.resolve() / "charts"))
