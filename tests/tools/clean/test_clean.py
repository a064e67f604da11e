"""clean_table on generated demo data, a mixed-format file and the Raha hospital table, on both warehouses.

The hospital table is read from ../shared/data/cleaning/hospital (Raha/Baran benchmark, holzesev/E_TSB-RNN
@ dbeb3e8, Apache-2.0; see shared/data/SOURCES.md): its clean.csv is the ground truth for what was changed.
"""
from __future__ import annotations

import json
from datetime import datetime

import pandas as pd
import pytest

from pandian.context import open_context
from pandian.demo import generate_demo
from pandian.errors import PandianError, UnknownTableError
from tests.conftest import run_cli
from tests.helpers import query, scan_paths
from tools.clean import CleanArgs, clean_table
from tools.ingest.runner import save_table

# A file in the shapes shops actually export: money with symbols and separators, dates in five notations,
# null tokens, a rare misspelling of a frequent status, a negative quantity, untrimmed and full-width text.
FORMATS_HEADER = "order_no,price,order_date,status,qty,note\n"
FORMATS_ROWS = [
    "A001,¥1299.00,2023-05-01,delivered,1,gift",
    "A002,\"¥1,299.00\",20230501,delivered,2,N/A",
    "A003,$12.50,2023/05/02,delivered,1,NULL",
    "A004,99元,2023年5月3日,delivered,3,",
    "A005,1.2万,2023-05-04 10:30:00,shipped,1,urgent",
    "A006,35.50,2023-05-05,shipped,-2,  padded  ",
    "A007,8.00,2023-05-06,delivred,1,ＦＵＬＬ",
]


def formats_csv(tmp_path):
    rows = list(FORMATS_ROWS)
    for i in range(8, 41):  # enough rows for the frequency rules to speak
        status = "delivered" if i % 3 else "shipped"
        rows.append(f"A{i:03d},{10 + i}.00,2023-05-{(i % 28) + 1:02d},{status},{1 + i % 4},ok")
    f = tmp_path / "formats.csv"
    f.write_text(FORMATS_HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    return f


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    d = tmp_path_factory.mktemp("shop")
    files = generate_demo(d / "demo", scale=2000, seed=11, progress=False)
    return {f.name: f for f in files}


def _clean(ws, wh, table, **kw):
    with open_context(str(ws), wh) as ctx:
        return clean_table(ctx, CleanArgs(table=table, **kw))


def _rows(ws, wh, table):
    return query(ws, wh, f'SELECT * FROM "{table}" ORDER BY _row_id')


def _untraced_changes(ws, wh, table):
    """Cells of text columns that differ between source and clean but are not in the quarantine."""
    with open_context(str(ws), wh) as ctx:
        src = dict(ctx.warehouse.columns(table))
        cln = dict(ctx.warehouse.columns(f"{table}__clean"))
    q = {(r, c) for r, c in query(ws, wh, f'SELECT _row_id, "column" FROM "{table}__quarantine"')}
    missing = []
    for col, typ in src.items():
        if col == "_row_id" or cln.get(col) != typ:
            continue
        for rid, a, b in query(ws, wh, f'SELECT s._row_id, CAST(s."{col}" AS VARCHAR), CAST(c."{col}" AS VARCHAR) '
                                       f'FROM "{table}" s JOIN "{table}__clean" c ON c._row_id = s._row_id'):
            if a != b and (rid, col) not in q:
                missing.append((rid, col, a, b))
    return missing


def test_demo_orders(shop, backend):
    ws, wh = backend
    scan_paths(ws, wh, shop["orders.csv"])
    before = _rows(ws, wh, "orders")
    rep = _clean(ws, wh, "orders")
    assert _rows(ws, wh, "orders") == before  # the source is never modified
    assert rep["rows_in"] == len(before)
    assert rep["rows_out"] + rep["rows_removed"] == rep["rows_in"]
    assert rep["rows_out"] == query(ws, wh, "SELECT count(*) FROM orders__clean")[0][0]
    # the generator writes ~0.8% of orders twice: each copy is removed and logged as a row
    dup = query(ws, wh, "SELECT _row_id, original_value FROM orders__quarantine WHERE reason = 'duplicate_row'")
    assert len(dup) == rep["rows_removed"] == rep["by_rule"]["duplicate_row"] > 0
    assert all(v.startswith("duplicate of _row_id ") for _, v in dup)
    assert query(ws, wh, 'SELECT count(*) FROM orders__quarantine WHERE reason = \'duplicate_row\' AND "column" <> \'*\'')[0][0] == 0
    # statuses from another system ('完成', '已完成 ') become the frequent spelling
    statuses = {r[0] for r in query(ws, wh, "SELECT DISTINCT status FROM orders__clean WHERE status IS NOT NULL")}
    assert "完成" not in statuses and "已完成 " not in statuses and "已完成" in statuses
    # phones typed with +86 and dashes are normalised; negative amounts nulled
    phones = [r[0] for r in query(ws, wh, 'SELECT "联系电话" FROM orders__clean WHERE "联系电话" IS NOT NULL')]
    assert phones and all(p.isdigit() and len(p) == 11 for p in phones)
    assert query(ws, wh, "SELECT count(*) FROM orders__clean WHERE pay_amount < 0")[0][0] == 0
    neg = query(ws, wh, "SELECT count(*) FROM orders WHERE pay_amount < 0")[0][0]
    assert rep["by_rule"].get("out_of_range", 0) >= neg > 0
    assert _untraced_changes(ws, wh, "orders") == []
    # catalog: derived, lineage, and the source's labels (so masking still applies)
    with open_context(str(ws), wh) as ctx:
        src = {c.name: c for c in ctx.catalog.get("orders").columns}
        cln = ctx.catalog.get("orders__clean")
        qa = ctx.catalog.get("orders__quarantine")
        assert cln.source_kind == "derived" and cln.source == "orders" and cln.rows == rep["rows_out"]
        for c in cln.columns:
            if c.name in src:
                assert (c.semantic_type, c.sensitivity) == (src[c.name].semantic_type, src[c.name].sensitivity)
        assert next(c for c in qa.columns if c.name == "original_value").sensitivity == "L3"
        from pandian.catalog.models import Lineage
        import sqlalchemy as sa
        with ctx.catalog.session() as s:
            edges = {(e.upstream, e.downstream, e.kind) for e in s.scalars(sa.select(Lineage))}
        assert ("orders", "orders__clean", "clean") in edges


def test_formats_are_parsed(tmp_path, backend):
    ws, wh = backend
    scan_paths(ws, wh, formats_csv(tmp_path))
    rep = _clean(ws, wh, "formats")
    got = {r[0]: r[1:] for r in query(ws, wh, "SELECT order_no, price, price_currency, order_date, status, qty, note "
                                              "FROM formats__clean ORDER BY _row_id")}
    assert got["A001"][0] == pytest.approx(1299.0) and got["A002"][0] == pytest.approx(1299.0)
    assert got["A002"][1] == "CNY" and got["A003"][:2] == (pytest.approx(12.5), "USD")
    assert got["A004"][0] == pytest.approx(99.0) and got["A005"][0] == pytest.approx(12000.0)
    assert got["A006"][1] is None  # a plain number carries no currency
    as_dt = {k: (v[2] if isinstance(v[2], datetime) else datetime.combine(v[2], datetime.min.time()))
             for k, v in got.items()}
    assert as_dt["A002"] == datetime(2023, 5, 1) and as_dt["A003"] == datetime(2023, 5, 2)
    assert as_dt["A004"] == datetime(2023, 5, 3)
    assert got["A007"][3] == "delivered"  # the rare misspelling takes the frequent spelling
    assert got["A006"][4] is None  # a negative quantity is out of range
    assert got["A002"][5] is None and got["A003"][5] is None  # null tokens
    assert got["A006"][5] == "padded" and got["A007"][5] == "FULL"
    reasons = dict(query(ws, wh, "SELECT _row_id || ':' || \"column\", reason FROM formats__quarantine"))
    assert "number_format" in reasons["2:price"] and "date_format" in reasons["2:order_date"]
    assert "null_token" in reasons["2:note"] and "typo" in reasons["7:status"]
    assert "out_of_range" in reasons["6:qty"] and "trim" in reasons["6:note"] and "fullwidth" in reasons["7:note"]
    originals = dict(query(ws, wh, "SELECT _row_id || ':' || \"column\", original_value FROM formats__quarantine"))
    assert originals["2:price"] == "¥1,299.00" and originals["2:order_date"] == "20230501"
    assert rep["conversions"]["price"]["to"] == "DOUBLE" and rep["added_columns"] == ["price_currency"]
    assert rep["cells_changed"] == query(ws, wh, "SELECT count(*) FROM formats__quarantine WHERE \"column\" <> '*'")[0][0]


def test_decimal_comma_prices_are_parsed(tmp_path, backend):
    """Regression: a shop exporting prices the European way (38,27 €, 1.299,00) kept them as text."""
    ws, wh = backend
    rows = ["E1;38,27 €;2", "E2;1.299,00 €;1", "E3;R$ 49,90;3", "E4;1 299,95 zł;1", "E5;12;4", "E6;-5,00 €;1",
            "E7;gratis;1"] + [f"E{i};{i},{i % 10}0 €;{i % 3 + 1}" for i in range(8, 31)]
    f = tmp_path / "eu_orders.csv"
    f.write_text("order_no;price;qty\n" + "\n".join(rows) + "\n", encoding="utf-8")
    scan_paths(ws, wh, f)
    rep = _clean(ws, wh, "eu_orders")
    got = {r[0]: r[1:] for r in query(ws, wh, "SELECT order_no, price, price_currency FROM eu_orders__clean")}
    assert rep["conversions"]["price"]["to"] == "DOUBLE" and rep["conversions"]["price"]["format"] == "comma"
    assert got["E1"] == (pytest.approx(38.27), "EUR") and got["E2"][0] == pytest.approx(1299.0)
    assert got["E3"] == (pytest.approx(49.9), "BRL") and got["E4"] == (pytest.approx(1299.95), "PLN")
    assert got["E5"] == (pytest.approx(12.0), None)
    assert got["E6"][0] is None and got["E7"][0] is None  # a negative price, a word: quarantined with reasons
    q = dict(query(ws, wh, "SELECT original_value, reason FROM eu_orders__quarantine WHERE \"column\" = 'price'"))
    assert "unparseable" in q["gratis"] and "out_of_range" in q["-5,00 €"]
    assert query(ws, wh, "SELECT price FROM eu_orders WHERE order_no = 'E1'")[0][0] == "38,27 €"  # source untouched


def test_thousands_comma_stays_thousands(tmp_path, backend):
    """'1,299' means 1299 in a column that also writes '12.50': one value never flips the column's locale."""
    ws, wh = backend
    rows = [f"T{i},\"{v}\"" for i, v in enumerate(["1,299", "12.50", "3,000", "7.25"] * 6)]
    f = tmp_path / "cn_orders.csv"
    f.write_text("order_no,price\n" + "\n".join(rows) + "\n", encoding="utf-8")
    scan_paths(ws, wh, f)
    _clean(ws, wh, "cn_orders")
    got = dict(query(ws, wh, "SELECT order_no, price FROM cn_orders__clean"))
    assert got["T0"] == pytest.approx(1299.0) and got["T1"] == pytest.approx(12.5)


def test_comma_pairs_that_are_not_money_stay_text(tmp_path, backend):
    """'12,34' in a shelf-slot column is shelf 12, slot 34: not a measure and no currency mark, so it stays text."""
    ws, wh = backend
    rows = [f"P{i};\"{i * 7 % 90 + 10},{i * 13 % 90 + 10}\"" for i in range(30)]
    f = tmp_path / "pairs.csv"
    f.write_text("order_no;shelf_slot\n" + "\n".join(rows) + "\n", encoding="utf-8")
    scan_paths(ws, wh, f)
    rep = _clean(ws, wh, "pairs")
    assert "shelf_slot" not in rep.get("conversions", {})
    assert query(ws, wh, "SELECT shelf_slot FROM pairs__clean WHERE order_no = 'P1'")[0][0] == "17,23"


def test_hospital_errors_found(shared_data, tmp_path):
    ws = tmp_path / "ws"
    src = shared_data / "cleaning" / "hospital"
    scan_paths(ws, None, src / "dirty.csv")
    _clean(ws, None, "dirty")
    dirty = pd.read_csv(src / "dirty.csv", dtype=str, keep_default_na=False)
    truth = pd.read_csv(src / "clean.csv", dtype=str, keep_default_na=False)
    errors = {(r + 1, dirty.columns[c]) for r, c in zip(*(dirty.to_numpy() != truth.to_numpy()).nonzero())}
    found = {(r, c) for r, c in query(ws, None, 'SELECT _row_id, "column" FROM dirty__quarantine')}
    precision, recall = len(found & errors) / len(found), len(found & errors) / len(errors)
    assert precision >= 0.9 and recall >= 0.75, (precision, recall)
    # a typo and a broken code are repaired to the true value, not just nulled
    fixed = dict(query(ws, None, "SELECT _row_id, city FROM dirty__clean WHERE _row_id IN (4)"))
    assert fixed[4] == "birmingham"
    zips = {r[0] for r in query(ws, None, "SELECT DISTINCT zip FROM dirty__clean")}
    assert not any(z and "x" in z for z in zips)


def test_cli_json_and_bad_input(shop, tmp_path):
    ws = tmp_path / "ws"
    scan_paths(ws, None, shop["users.csv"])
    proc = run_cli("clean", "users", "--json", workspace=ws, check=True)
    out = json.loads(proc.stdout)
    for key in ("table", "rows_in", "rows_out", "rows_quarantined", "cells_changed", "by_rule", "clean_table",
                "quarantine_table"):
        assert key in out
    assert out["table"] == "users" and out["rows_in"] == 200 and out["by_rule"]
    # ages over 120 are out of range
    assert query(ws, None, "SELECT count(*) FROM users__clean WHERE age > 120")[0][0] == 0
    human = run_cli("clean", "users", workspace=ws, check=True)
    assert "users__clean" in human.stdout
    proc = run_cli("clean", "userz", workspace=ws)
    assert proc.returncode == 2 and "no table named 'userz'" in proc.stderr and "did you mean users" in proc.stderr
    proc = run_cli("clean", "users__clean", workspace=ws)
    assert proc.returncode == 2 and "pandian clean users" in proc.stderr
    proc = run_cli("clean", "users", "--rules", "nonsense", workspace=ws)
    assert proc.returncode == 2 and "unknown cleaning rule" in proc.stderr
    with open_context(str(ws), None) as ctx:
        with pytest.raises(UnknownTableError):
            clean_table(ctx, CleanArgs(table="nosuch"))


def test_empty_table_and_rule_subset(shop, tmp_path):
    ws = tmp_path / "ws"
    scan_paths(ws, None, shop["products.csv"])
    with open_context(str(ws), None) as ctx:
        ctx.warehouse.execute("CREATE TABLE nothing AS SELECT * FROM products WHERE 1 = 0")
        save_table(ctx.warehouse, ctx.catalog, "nothing", {"source": "test", "source_kind": "derived", "rows": 0})
        rep = clean_table(ctx, CleanArgs(table="nothing"))
        assert rep["empty"] and rep["rows_out"] == 0 and "empty" in rep["message"]
        assert ctx.warehouse.row_count("nothing__clean") == 0
        assert [c for c, _ in ctx.warehouse.columns("nothing__clean")] == [c for c, _ in ctx.warehouse.columns("products")]
        only = clean_table(ctx, CleanArgs(table="products", rules=["nulls", "range"]))
        assert set(only["by_rule"]) <= {"null_token", "out_of_range"} and only["by_rule"]["out_of_range"] > 0
        with pytest.raises(PandianError):
            clean_table(ctx, CleanArgs(table="products", rules=["bogus"]))
