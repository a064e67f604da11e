"""The demo shop: deterministic, realistic (valid ids, Chinese PII), dirty where it should be, scannable."""
from __future__ import annotations

import csv
import hashlib
import json

from pandian.demo import generate_demo
from tests.conftest import run_cli

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHECK = "10X98765432"


def _id_ok(s: str) -> bool:
    return len(s) == 18 and s[:17].isdigit() and CHECK[sum(int(a) * w for a, w in zip(s[:17], WEIGHTS)) % 11] == s[17]


def _digest(paths) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}


def test_deterministic_by_seed(tmp_path):
    a = generate_demo(tmp_path / "a", scale=3000, seed=1, progress=False)
    b = generate_demo(tmp_path / "b", scale=3000, seed=1, progress=False)
    c = generate_demo(tmp_path / "c", scale=3000, seed=2, progress=False)
    assert _digest(a) == _digest(b)
    assert _digest(a)["users.csv"] != _digest(c)["users.csv"]


def test_realistic_and_dirty(tmp_path):
    files = {p.name: p for p in generate_demo(tmp_path, scale=5000, seed=3, progress=False)}
    users = list(csv.DictReader(open(files["users.csv"], encoding="utf-8")))
    ids = [u["身份证号"] for u in users if u["身份证号"]]
    assert ids and sum(_id_ok(i) for i in ids) / len(ids) > 0.95
    assert any(not u["姓名"].isascii() for u in users)
    assert any(u["age"] and not 0 < int(u["age"]) <= 120 for u in users)  # dirt: impossible ages
    raw = files["shops_gbk.csv"].read_bytes()
    try:
        raw.decode("utf-8")
        raise AssertionError("shops_gbk.csv should not be UTF-8")
    except UnicodeDecodeError:
        assert "店铺" in raw.decode("gbk")
    orders = open(files["orders.csv"], encoding="utf-8").read().splitlines()
    assert len(orders) > len(set(orders))  # exact duplicate rows
    prods = list(csv.DictReader(open(files["products.csv"], encoding="utf-8")))
    assert any(p["price"] and float(p["price"]) < 0 for p in prods)
    beh = open(files["user_behavior.csv"], encoding="utf-8").readline().strip().split(",")
    assert beh == ["user_id", "item_id", "category_id", "behavior_type", "ts", "session_id", "device"]


def test_demo_command_scans_everything(tmp_path):
    ws = tmp_path / "ws"
    out = json.loads(run_cli("demo", "--scale", "3000", "--json", workspace=ws, check=True).stdout)
    names = {t["name"] for t in out["tables"]}
    assert {"users", "products", "orders", "order_items", "user_behavior", "ad_impressions", "search_queries",
            "reviews", "shops_gbk"} <= names
    assert not [e for e in out["errors"] if e["level"] == "error"]
    ub = [t for t in out["tables"] if t["name"] == "user_behavior"][0]
    assert ub["rows"] + ub["rejected_rows"] == 3000
    again = json.loads(run_cli("demo", "--scale", "3000", "--json", workspace=ws, check=True).stdout)
    assert {t["status"] for t in again["tables"]} == {"unchanged"}
