"""Other databases as sources: every table reflected and copied, in key order, into every warehouse."""
from __future__ import annotations

import sqlalchemy as sa

from tests.helpers import by_name, query, scan_paths


def _seed(url: str) -> None:
    eng = sa.create_engine(url)
    with eng.begin() as cn:
        cn.exec_driver_sql("CREATE TABLE orders (order_id INT PRIMARY KEY, buyer VARCHAR(50), amount DECIMAL(10,2), "
                           "created DATETIME, note TEXT)")
        cn.exec_driver_sql("INSERT INTO orders VALUES (2,'张三',99.50,'2024-01-02 10:00:00',NULL),"
                           "(1,'李四',12.00,'2024-01-01 09:00:00','急件'),(3,'王五',-1.00,NULL,'')")
        cn.exec_driver_sql("CREATE TABLE `订单 表` (id INT, v VARCHAR(10))")
        cn.exec_driver_sql("INSERT INTO `订单 表` VALUES (1,'a'),(2,NULL)")
    eng.dispose()


def test_mariadb_source_into_each_warehouse(backend, mysql_db_url):
    ws, wh = backend
    eng = sa.create_engine(mysql_db_url)
    with eng.connect() as cn:
        fresh = not cn.exec_driver_sql("SHOW TABLES").fetchall()
    eng.dispose()
    if fresh:
        _seed(mysql_db_url)
    url = mysql_db_url.replace("mysql+pymysql://", "mysql://")  # the URL people type works too
    out = scan_paths(ws, wh, url)
    t = by_name(out)
    assert set(t) == {"orders", "订单_表"}
    assert t["orders"]["rows"] == 3 and t["订单_表"]["rows"] == 2
    assert t["orders"]["source_kind"] == "database"
    assert [c["name"] for c in t["orders"]["columns"]] == ["order_id", "buyer", "amount", "created", "note"]
    # primary-key order defines _row_id; Chinese values survive
    assert query(ws, wh, "SELECT _row_id, order_id, buyer FROM orders ORDER BY _row_id") == [
        (1, 1, "李四"), (2, 2, "张三"), (3, 3, "王五")]
    again = scan_paths(ws, wh, url)
    assert {x["status"] for x in again["tables"]} == {"unchanged"}


def test_postgres_source(tmp_path, pg_schema_url):
    url, schema = pg_schema_url
    eng = sa.create_engine(url)
    with eng.begin() as cn:
        cn.exec_driver_sql("CREATE TABLE IF NOT EXISTS src_items (sku BIGINT PRIMARY KEY, title TEXT, price NUMERIC(8,2), "
                           "ts TIMESTAMP)")
        cn.exec_driver_sql("DELETE FROM src_items")
        cn.exec_driver_sql("INSERT INTO src_items VALUES (10,'华为手机',4999.00,'2024-03-01 08:00'),(5,'袜子',9.90,NULL)")
    eng.dispose()
    out = scan_paths(tmp_path / "ws", None, url)
    t = by_name(out)["src_items"]
    assert t["rows"] == 2
    types = {c["name"]: c["type"] for c in t["columns"]}
    assert types["sku"] == "BIGINT" and types["ts"].startswith("TIMESTAMP")
    assert query(tmp_path / "ws", None, "SELECT sku, title FROM src_items ORDER BY _row_id") == [(5, "袜子"), (10, "华为手机")]
