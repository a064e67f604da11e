"""analyze_table on generated shop data: every number is checked against pandas reading the same CSV."""
from __future__ import annotations

import itertools
import json
from collections import Counter

import pandas as pd
import pytest

from pandian.context import open_context
from pandian.demo import generate_demo
from pandian.errors import PandianError
from tests.conftest import run_cli
from tests.helpers import scan_paths
from tools.analyze.analyze import AnalyzeArgs, analyze_table
from tools.analyze.columns import Column, TableInfo, pick
from tools.analyze.stages import detect_stages

MIXED_CSV = """uid,when,action,amount
u1,2017-11-25 10:00:00,浏览,¥12.50
u1,1511604000,加购,"1,200.00"
u2,2017/11/26,浏览,3
u2,20171126,购买,¥8
u3,2017-11-26T08:00:00Z,浏览,
u3,not a time,收藏,5
"""


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    d = tmp_path_factory.mktemp("analyze")
    files = {f.name: f for f in generate_demo(d / "data", scale=5000, seed=11, progress=False)}
    (d / "data" / "mixed.csv").write_text(MIXED_CSV, encoding="utf-8")
    return d, files


@pytest.fixture(scope="module")
def ws(demo):
    """One DuckDB workspace for the tests that need no second backend."""
    d, files = demo
    ws = d / "ws"
    scan_paths(ws, None, files["user_behavior.csv"], files["orders.csv"], files["order_items.csv"],
               files["users.csv"], d / "data" / "mixed.csv")
    return ws


def _run(ws, warehouse=None, **kw):
    with open_context(str(ws), warehouse) as ctx:
        return analyze_table(ctx, AnalyzeArgs(**kw))


def _rows(out):
    return [dict(zip(out["columns"], r)) for r in out["rows"]]


def _behavior(path) -> pd.DataFrame:
    df = pd.read_csv(path)
    sec = df["ts"].where(df["ts"].abs() < 100_000_000_000, df["ts"] / 1000)
    df["t"] = pd.to_datetime(sec, unit="s")
    return df


def test_funnel_trend_copurchase_match_pandas(backend, demo):
    ws, wh = backend
    _, files = demo
    scan_paths(ws, wh, files["user_behavior.csv"], files["order_items.csv"], demo[0] / "data" / "mixed.csv")
    df = _behavior(files["user_behavior.csv"])

    fun = _run(ws, wh, table="user_behavior", kind="funnel")
    assert fun["columns_used"] == {"event": "behavior_type", "user": "user_id"}
    by_stage = {r["stage"]: r for r in _rows(fun)}
    assert list(by_stage) == ["pv", "cart", "fav", "buy"]
    sets = {s: set(df.loc[df.behavior_type == s, "user_id"]) for s in by_stage}
    for s, r in by_stage.items():
        assert r["users"] == len(sets[s]) and r["events"] == int((df.behavior_type == s).sum())
    assert by_stage["buy"]["users_with_all_previous"] == len(set.intersection(*sets.values()))
    assert by_stage["cart"]["conversion_from_previous"] == pytest.approx(len(sets["cart"]) / len(sets["pv"]), abs=1e-6)

    tr = _run(ws, wh, table="user_behavior", kind="trend", grain="day")
    assert tr["columns_used"]["time"] == "ts" and tr["summary"]["grain"] == "day"
    got = {r["bucket"][:10]: r for r in _rows(tr)}
    days = df[(df.t >= "2017-11-24") & (df.t < "2017-12-04")].groupby(df.t.dt.strftime("%Y-%m-%d"))
    expected_counts, expected_users = days.size(), days["user_id"].nunique()
    assert set(expected_counts.index) <= set(got) and len(expected_counts) >= 9
    for day, n in expected_counts.items():
        assert got[day]["events"] == n and got[day]["users"] == expected_users[day]
    assert tr["summary"]["time"]["excluded_outside_window"] == len(df) - expected_counts.sum()

    # co-purchase by user-day baskets of buys, as pandas sees them
    buys = df[(df.behavior_type == "buy") & (df.t >= "2017-11-24") & (df.t < "2017-12-04")]
    baskets = buys.assign(day=buys.t.dt.date).groupby(["user_id", "day"])["item_id"].apply(lambda s: sorted(set(s)))
    pairs = Counter(p for items in baskets if len(items) <= 50 for p in itertools.combinations(items, 2))
    cp = _run(ws, wh, table="user_behavior", kind="copurchase", top_n=5)
    top = _rows(cp)[0]
    assert cp["summary"]["baskets"] == len(baskets)
    assert top["pair_baskets"] == max(pairs.values()) == pairs[(top["item_a"], top["item_b"])]
    assert top["support"] == pytest.approx(top["pair_baskets"] / len(baskets), abs=1e-6)

    # co-purchase by order id on the order lines
    items = pd.read_csv(files["order_items.csv"])
    per_order = items.groupby("order_id")["item_id"].apply(lambda s: sorted(set(s)))
    opairs = Counter(p for its in per_order for p in itertools.combinations(its, 2))
    ocp = _run(ws, wh, table="order_items", kind="copurchase", top_n=3)
    assert ocp["columns_used"]["order"] == "order_id" and ocp["summary"]["baskets"] == len(per_order)
    (a, b), n = opairs.most_common(1)[0]
    first = _rows(ocp)[0]
    assert first["pair_baskets"] == n and opairs[(first["item_a"], first["item_b"])] == n
    item_baskets = items.drop_duplicates(["order_id", "item_id"]).item_id.value_counts()
    assert first["lift"] == pytest.approx(n * len(per_order) / (item_baskets[first["item_a"]] *
                                                                item_baskets[first["item_b"]]), rel=1e-3)

    # text timestamps (ISO, slashes, yyyymmdd, epoch digits, Z), Chinese stages and '¥1,200.00' amounts
    mf = _rows(_run(ws, wh, table="mixed", kind="funnel"))
    assert [(r["stage"], r["values"], r["users"]) for r in mf] == [
        ("pv", "浏览", 3), ("cart", "加购", 1), ("fav", "收藏", 1), ("buy", "购买", 1)]
    mt = _run(ws, wh, table="mixed", kind="trend", time_col="when", grain="day")
    assert mt["columns_used"]["value"] == "amount" and mt["summary"]["time"]["rows_without_time"] == 1
    assert [(r["bucket"][:10], r["events"], r["value_sum"]) for r in _rows(mt)] == [
        ("2017-11-25", 2, 1212.5), ("2017-11-26", 3, 11.0)]


def test_rfm_repurchase_topn_on_orders(ws, demo):
    _, files = demo
    orders = pd.read_csv(files["orders.csv"], parse_dates=["order_time"])
    rfm = _run(ws, table="orders", kind="rfm")
    assert rfm["columns_used"] == {"user": "user_id", "time": "order_time", "value": "pay_amount", "order": "order_id"}
    rows = _rows(rfm)
    assert sum(r["users"] for r in rows) == rfm["summary"]["customers"] == orders.user_id.nunique()
    assert rfm["summary"]["monetary_total"] == pytest.approx(
        orders.drop_duplicates("order_id").pay_amount.sum(), abs=0.05)
    assert {r["segment"] for r in rows} <= {"champions", "promising_big_spenders", "at_risk_loyal", "cant_lose",
                                            "loyal", "new", "need_attention", "lost"}
    champions = next(r for r in rows if r["segment"] == "champions")
    lost = next(r for r in rows if r["segment"] == "lost")
    assert champions["avg_frequency"] > lost["avg_frequency"] and champions["avg_monetary"] > lost["avg_monetary"]
    assert champions["label_zh"] == "重要价值客户"
    per_user = orders.groupby("user_id").order_id.nunique()
    for key in "rfm":
        assert sum(rfm["summary"]["score_counts"][key].values()) == len(per_user)
    # equal frequencies share a score: every one-order customer has F = 1, none is pushed up by its id
    assert rfm["summary"]["score_counts"]["f"]["1"] == int((per_user == 1).sum())

    rep = _run(ws, table="orders", kind="repurchase")
    assert rep["summary"]["buyers"] == len(per_user)
    assert rep["summary"]["repeat_buyers"] == int((per_user >= 2).sum())
    assert sum(r["intervals"] for r in _rows(rep)) == int((per_user - 1).sum())

    top = _run(ws, table="user_behavior", kind="topn", top_n=5)
    counts = pd.read_csv(files["user_behavior.csv"]).item_id.value_counts()
    assert top["columns_used"]["group"] == "item_id"
    assert [r["events"] for r in _rows(top)] == list(counts.iloc[:5])
    assert all(counts[r["key"]] == r["events"] for r in _rows(top))


def test_masking_by_role(ws, demo):
    _, files = demo
    phones = set(pd.read_csv(files["orders.csv"], dtype=str)["联系电话"].dropna())
    viewer = _run(ws, table="orders", kind="topn", group_col="联系电话", role="viewer")
    owner = _run(ws, table="orders", kind="topn", group_col="联系电话", role="owner")
    assert viewer["masked_columns"] == {"key": "L3"} and owner["masked_columns"] == {}
    assert all("****" in r[0] for r in viewer["rows"])
    assert not phones & {r[0] for r in viewer["rows"]} and not any(p in json.dumps(viewer) for p in phones)
    assert {str(r[0]) for r in owner["rows"]} <= phones
    assert [r[1:] for r in viewer["rows"]] == [r[1:] for r in owner["rows"]]


def test_missing_columns_are_named(ws):
    cases = [
        (dict(table="users", kind="funnel"), "funnel needs an event-type column", "--event-col"),
        (dict(table="order_items", kind="trend"), "trend needs a timestamp column; table order_items has none",
         "--time-col"),
        (dict(table="order_items", kind="rfm"), "rfm needs a user id column", "--user-col"),
        (dict(table="orders", kind="trend", time_col="nope"), "no such column", "order_time"),
        (dict(table="orders", kind="funnel", event_col="status"), "funnel needs at least two stages", "--event-col"),
    ]
    for kw, msg, hint in cases:
        with pytest.raises(PandianError) as e:
            _run(ws, **kw)
        assert msg in e.value.render() and hint in e.value.render(), e.value.render()


def test_column_picking_by_header_when_types_are_unknown():
    cols = [Column("buyer_id", "BIGINT", "integer"), Column("createTime", "VARCHAR", "string"),
            Column("action", "VARCHAR", "string"), Column("total_amount", "DOUBLE", "float"),
            Column("trade_no", "VARCHAR", "string"), Column("goods_id", "BIGINT", "integer")]
    info = TableInfo("t", 10, cols)
    picked = {p: (pick(info, p).name if pick(info, p) else None)
              for p in ("user", "time", "event", "value", "order", "item")}
    assert picked == {"user": "buyer_id", "time": "createTime", "event": "action", "value": "total_amount",
                      "order": "trade_no", "item": "goods_id"}
    # a labelled column wins over a header guess; a labelled non-time column is never taken for time
    typed = TableInfo("t", 10, [Column("ts_note", "VARCHAR", "string", semantic="free_text"),
                                Column("paid_at", "TIMESTAMP", "timestamp", semantic="timestamp")])
    assert pick(typed, "time").name == "paid_at"
    assert detect_stages(["click", "add_to_cart", "collect", "pay", "refund"]) == (
        {"pv": ["click"], "cart": ["add_to_cart"], "fav": ["collect"], "buy": ["pay"]}, ["refund"])


def test_cli_json_shapes_and_chart(ws, tmp_path):
    chart = tmp_path / "funnel.html"
    proc = run_cli("analyze", "user_behavior", "--kind", "funnel", "--chart", str(chart), "--lang", "zh", "--json",
                   workspace=ws, check=True)
    out = json.loads(proc.stdout)
    for key in ("table", "kind", "columns_used", "columns", "rows", "summary", "sql", "masked_columns"):
        assert key in out
    assert out["kind"] == "funnel" and isinstance(out["rows"][0][3], int) and "SELECT" in out["sql"]
    assert out["chart"]["kind"] == "funnel" and chart.exists() and "cdn.plot.ly" not in chart.read_text("utf-8")
    bad = run_cli("analyze", "order_items", "--kind", "trend", "--json", workspace=ws)
    assert bad.returncode == 2 and "--time-col" in bad.stderr and "Traceback" not in bad.stderr
    assert "trend needs a timestamp column" in json.loads(bad.stdout)["errors"][0]["message"]
