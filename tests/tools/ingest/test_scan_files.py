"""Ingest real and generated files into every warehouse backend; nothing lost, names and types sane."""
from __future__ import annotations

import csv
import gzip
import io
import json
import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from tests.helpers import by_name, query, scan_paths


def _csv_rows(text: str, header: bool = True) -> int:
    rows = [r for r in csv.reader(io.StringIO(text)) if r]
    return len(rows) - (1 if header else 0)


def test_shared_data_every_row_accounted_for(backend, shared_data):
    """Acceptance: rows + rejected_rows equals the source's data rows, for every file in ../shared/data."""
    ws, wh = backend
    out = scan_paths(ws, wh, shared_data)
    assert not [e for e in out["errors"] if e["level"] == "error"], out["errors"]
    got = {Path(t["source"].split("!")[0]).name + ("!" + t["source"].split("!")[1] if "!" in t["source"] else ""): t
           for t in out["tables"]}
    expected = {}
    for f in sorted(shared_data.rglob("*")):
        if f.suffix in (".csv", ".txt"):
            header = f.name != "UserBehavior.csv"
            expected[f.name] = _csv_rows(f.read_text(encoding="utf-8-sig"), header)
        elif f.suffix == ".zip":
            with zipfile.ZipFile(f) as zf:
                for n in zf.namelist():
                    expected[f"{f.name}!{n}"] = _csv_rows(zf.read(n).decode("utf-8-sig"))
    for key, n in expected.items():
        matches = [t for k, t in got.items() if k == key]
        assert matches, f"{key} was not ingested"
        for t in matches:
            assert t["rows"] + t["rejected_rows"] == n, (key, t["rows"], t["rejected_rows"], n)
    ub = by_name(out)["user_behavior"]
    assert ub["rows"] == 4321 and ub["rejected_rows"] == 0
    assert [c["name"] for c in ub["columns"]] == [f"col_{i}" for i in range(1, 6)]
    assert all(c["unnamed"] for c in ub["columns"])
    # the 7 badly quoted product rows of the instacart export are kept in a reject table, with line and reason
    prods = [t for t in out["tables"] if t["source"].endswith("instacart_products/products.csv")][0]
    assert prods["rejected_rows"] == 7
    rej = query(ws, wh, f'SELECT _row_id, line, reason, raw FROM "{prods["name"]}__rejects" ORDER BY _row_id')
    assert rej[0][0] == 1147 and "1147" in rej[0][3] and "fields" in rej[0][2]
    # _row_id keeps source positions across the rejected rows: row 1148 is product 1151
    row = query(ws, wh, f'SELECT product_id FROM "{prods["name"]}" WHERE _row_id = 1148')
    assert row == [(1151,)]


def test_table_names_snake_case_and_unique(tmp_path):
    d = tmp_path / "src"
    (d / "a").mkdir(parents=True)
    (d / "b").mkdir()
    (d / "a" / "UserBehavior.csv").write_text("x,y\n1,2\n")
    (d / "b" / "UserBehavior.csv").write_text("x,y\n3,4\n")
    (d / "Order Items (2024).csv").write_text("x,y\n5,6\n")
    out = scan_paths(tmp_path / "ws", None, d)
    assert sorted(by_name(out)) == ["order_items_2024", "user_behavior", "user_behavior_2"]


def test_row_id_first_and_positional(backend, tmp_path):
    ws, wh = backend
    f = tmp_path / "events.csv"
    f.write_text("id,kind\n" + "".join(f"{i},k{i % 3}\n" for i in range(1, 501)))
    out = scan_paths(ws, wh, f)
    cols = [c["name"] for c in out["tables"][0]["columns"]]
    assert "_row_id" not in cols  # system column stays out of the profile
    rows = query(ws, wh, "SELECT _row_id, id FROM events ORDER BY _row_id")
    assert all(r == (i, i) for i, r in zip(range(1, 501), rows))


@pytest.mark.parametrize("delim", [",", "\t", ";", "|"])
def test_delimiters_sniffed(tmp_path, delim):
    f = tmp_path / "d.txt"
    f.write_text(delim.join(["商品ID", "标题", "价格"]) + "\n" + "".join(
        delim.join([str(i), f"商品 {i} 号, 红色" if delim != "," else f"商品 {i} 号", f"{i}.5"]) + "\n"
        for i in range(40)), encoding="utf-8")
    out = scan_paths(tmp_path / "ws", None, f)
    t = out["tables"][0]
    assert [c["name"] for c in t["columns"]] == ["商品ID", "标题", "价格"]
    assert t["rows"] == 40 and t["rejected_rows"] == 0


def test_one_column_whose_values_hold_semicolons_is_one_column(tmp_path):
    """Regression (SOTAB val table 72 written as CSV): a single column of `url; url` values was split on `;`,
    which the header does not have, and every row went to the reject table."""
    f = tmp_path / "delivery.csv"
    f.write_text("col_1\n" + "http://purl.org/goodrelations/v1#DeliveryModeFreight; http://purl.org/goodrelations/v1#DHL\n"
                 * 5, encoding="utf-8")
    out = scan_paths(tmp_path / "ws", None, f)
    t = out["tables"][0]
    assert [c["name"] for c in t["columns"]] == ["col_1"]
    assert t["rows"] == 5 and t["rejected_rows"] == 0
    # the other reading (a title line above a `;` table) is named, so a user with such a file knows what to do
    assert any("read as one column" in e["message"] and "';'" in e["message"] for e in out["errors"]), out["errors"]
    plain = tmp_path / "plain.csv"
    plain.write_text("col_1\n" + "".join(f"value {i}\n" for i in range(5)), encoding="utf-8")
    assert not [e for e in scan_paths(tmp_path / "ws2", None, plain)["errors"] if "one column" in e["message"]]


def test_whitespace_runs_fixed_width_export(tmp_path):
    f = tmp_path / "fixed.txt"
    f.write_text("user_id   item_id    behavior   ts\n" + "".join(
        f"{i:<9} {i * 7:<10} {'pv':<10} {1511544070 + i}\n" for i in range(100)))
    out = scan_paths(tmp_path / "ws", None, f)
    t = out["tables"][0]
    assert [c["name"] for c in t["columns"]] == ["user_id", "item_id", "behavior", "ts"]
    assert t["rows"] == 100 and t["parse_options"]["delimiter"] == "whitespace"
    assert {c["name"]: c["type"] for c in t["columns"]}["ts"] == "BIGINT"


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8-sig"])
def test_chinese_encodings_kept_intact(tmp_path, encoding):
    f = tmp_path / "shops.csv"
    body = "店铺ID,店铺名称,城市\n" + "".join(f"{i},旗舰店{i}号·优选,杭州\n" for i in range(30))
    f.write_bytes(body.encode(encoding))
    out = scan_paths(tmp_path / "ws", None, f)
    t = out["tables"][0]
    assert [c["name"] for c in t["columns"]] == ["店铺ID", "店铺名称", "城市"]
    assert query(tmp_path / "ws", None, 'SELECT "店铺名称" FROM shops WHERE "店铺ID" = 7') == [("旗舰店7号·优选",)]


def test_json_jsonl_parquet_excel_and_compressed(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    recs = [{"id": i, "q": f"连衣裙 {i}", "meta": {"page": i % 3}} for i in range(50)]
    (src / "queries.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in recs) + "\n")
    (src / "arr.json").write_text(json.dumps(recs, ensure_ascii=False))
    df = pd.DataFrame({"sku": range(20), "price": [i * 1.5 for i in range(20)], "title": [f"标题{i}" for i in range(20)]})
    df.to_parquet(src / "skus.parquet")
    df.to_excel(src / "book.xlsx", index=False)
    with gzip.open(src / "gz_table.csv.gz", "wt", encoding="utf-8") as fh:
        fh.write("a,b\n" + "".join(f"{i},{i * 2}\n" for i in range(30)))
    with zipfile.ZipFile(src / "bundle.zip", "w") as zf:
        zf.writestr("inner/members.csv", "m,n\n1,2\n3,4\n")
        zf.writestr("inner/more.tsv", "m\tn\n5\t6\n")
    out = scan_paths(tmp_path / "ws", None, src)
    t = by_name(out)
    assert not [e for e in out["errors"] if e["level"] == "error"], out["errors"]
    assert t["queries"]["rows"] == 50 and t["arr"]["rows"] == 50
    assert {c["name"] for c in t["queries"]["columns"]} == {"id", "q", "meta"}
    assert t["skus"]["rows"] == 20 and t["book"]["rows"] == 20
    assert [c["name"] for c in t["book"]["columns"]] == ["sku", "price", "title"]
    assert t["gz_table"]["rows"] == 30
    assert t["members"]["rows"] == 2 and t["more"]["rows"] == 1
    assert t["members"]["source"].endswith("bundle.zip!inner/members.csv")
    rid = query(tmp_path / "ws", None, "SELECT min(_row_id), max(_row_id) FROM book")
    assert rid == [(1, 20)]


def test_rescan_unchanged_is_noop_and_changed_replaces(backend, tmp_path):
    ws, wh = backend
    f = tmp_path / "orders.csv"
    f.write_text("order_id,amount\n1,9.5\n2,3.0\n")
    first = scan_paths(ws, wh, f)
    assert first["tables"][0]["status"] == "loaded"
    again = scan_paths(ws, wh, f)
    assert again["tables"][0]["status"] == "unchanged"
    assert again["tables"][0]["content_hash"] == first["tables"][0]["content_hash"]
    f.write_text("order_id,amount\n1,9.5\n2,3.0\n3,7.25\n")
    changed = scan_paths(ws, wh, f)
    assert changed["tables"][0]["status"] == "replaced" and changed["tables"][0]["rows"] == 3
    assert query(ws, wh, "SELECT count(*) FROM orders") == [(3,)]


def test_type_surprise_late_in_file_keeps_rows(tmp_path):
    """A value beyond DuckDB's type sample must not push rows into rejects: the column becomes text."""
    f = tmp_path / "late.csv"
    f.write_text("id,qty\n" + "".join(f"{i},{i}\n" for i in range(60000)) + "60000,N/A\n")
    out = scan_paths(tmp_path / "ws", None, f)
    t = out["tables"][0]
    assert t["rows"] == 60001 and t["rejected_rows"] == 0
    assert any("kept as text" in e["message"] for e in out["errors"])


def test_folder_skips_non_data_files(tmp_path, shared_data):
    d = tmp_path / "d"
    d.mkdir()
    shutil.copy(shared_data / "SOURCES.md", d / "SOURCES.md")
    (d / "x.csv").write_text("a,b\n1,2\n")
    out = scan_paths(tmp_path / "ws", None, d)
    assert list(by_name(out)) == ["x"]
    assert any("SOURCES.md" in e["message"] for e in out["errors"] if e["level"] == "warning")
