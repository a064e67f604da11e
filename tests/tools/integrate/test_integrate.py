"""integrate_tables on DuckDB and PostgreSQL: true keys found with the right kind and coverage, synonyms
matched, no relation between unrelated small-integer columns, the joined table complete, labelled and traced."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from pandian.catalog import Lineage
from pandian.context import open_context
from pandian.demo import generate_demo
from pandian.errors import PandianError
from tests.conftest import run_cli
from tests.helpers import query, scan_paths
from tools.integrate.integrate import IntegrateArgs, integrate_tables, known_relations
from tools.sql.run import RunSqlArgs, run_sql

INSTACART_TRUTH = {
    ("aisles.aisle_id", "products.aisle_id", "1:n"),
    ("departments.department_id", "products.department_id", "1:n"),
    ("products.product_id", "orders.product_id", "1:n"),
    ("user_orders.order_id", "orders.order_id", "1:n"),
    ("users.user_id", "user_orders.user_id", "1:1"),
}


@pytest.fixture(scope="module")
def shop(tmp_path_factory) -> Path:
    """Generated shop data with differently named keys: orders.buyer_id (text, one 'unknown') -> users.user_id,
    order_items.product_id -> products.item_id."""
    d = tmp_path_factory.mktemp("integrate")
    files = {f.name: f for f in generate_demo(d / "demo", scale=2000, seed=21, progress=False)}
    out = d / "shop"
    out.mkdir()

    def rewrite(name: str, renames: dict[str, str], unknown_in: str | None = None) -> None:
        rows = list(csv.reader(open(files[name], encoding="utf-8", newline="")))
        rows[0] = [renames.get(c, c) for c in rows[0]]
        if unknown_in:
            rows[3][rows[0].index(unknown_in)] = "unknown"  # forces VARCHAR: keys compared as text
        with open(out / name, "w", encoding="utf-8", newline="") as fh:
            csv.writer(fh, lineterminator="\n").writerows(rows)

    rewrite("users.csv", {})
    rewrite("products.csv", {})
    rewrite("orders.csv", {"user_id": "buyer_id"}, unknown_in="buyer_id")
    rewrite("order_items.csv", {"item_id": "product_id"})
    return out


def _coverage(src: Path, key: tuple[str, str], ref: tuple[str, str]) -> tuple[float, float]:
    """Expected (coverage_left, coverage_right) computed from the files with pandas."""
    k = set(pd.read_csv(src / f"{key[0]}.csv", dtype=str)[key[1]].dropna())
    r = set(pd.read_csv(src / f"{ref[0]}.csv", dtype=str)[ref[1]].dropna())
    return len(k & r) / len(k), len(k & r) / len(r)


def _run(ws: Path, wh: str | None, **kw) -> dict:
    with open_context(str(ws), wh) as ctx:
        return integrate_tables(ctx, IntegrateArgs(**kw))


def test_shop_relations_synonyms_and_text_keys(backend, shop):
    ws, wh = backend
    scan_paths(ws, wh, shop)
    out = _run(ws, wh, tables=[])
    got = {(r["left"], r["right"]): r for r in out["relations"]}
    expected = {("users.user_id", "orders.buyer_id"), ("orders.order_id", "order_items.order_id"),
                ("products.item_id", "order_items.product_id")}
    assert set(got) == expected, got.keys()
    for left, right in expected:
        r = got[(left, right)]
        assert r["kind"] == "1:n" and r["left_unique"] and not r["right_unique"]
        cl, cr = _coverage(shop, tuple(left.split(".")), tuple(right.split(".")))
        assert r["coverage_left"] == pytest.approx(cl, abs=1e-3) and r["coverage_right"] == pytest.approx(cr, abs=1e-3)
    assert got[("products.item_id", "order_items.product_id")]["name_similarity"] >= 0.75  # synonym, not same name
    buyer = got[("users.user_id", "orders.buyer_id")]
    assert buyer["coverage_right"] < 1.0 and any("as text" in e for e in buyer["evidence"])
    # orders.order_id has whole duplicated rows (dirty demo data) and is still the key side
    n_orders = query(ws, wh, "SELECT count(*) FROM orders")[0][0]
    assert got[("orders.order_id", "order_items.order_id")]["left_distinct"] < n_orders


def test_instacart_true_keys_and_no_small_integer_coincidences(backend, shared_data):
    ws, wh = backend
    scan_paths(ws, wh, shared_data / "instacart_small")
    out = _run(ws, wh)
    got = {(r["left"], r["right"], r["kind"]) for r in out["relations"]}
    assert got == INSTACART_TRUTH
    # the trap is real: 1..21 department ids sit inside the 1..133 aisle ids, same semantic type
    inside = query(ws, wh, "SELECT count(DISTINCT department_id) FROM departments "
                           "WHERE department_id IN (SELECT aisle_id FROM aisles)")[0][0]
    assert inside / 21 >= 0.9
    assert any({m["left"], m["right"]} == {"aisles.aisle_id", "departments.department_id"} for m in out["near_misses"])


def test_create_view_rows_lineage_and_masking(backend, shop):
    ws, wh = backend
    scan_paths(ws, wh, shop)
    out = _run(ws, wh, tables=["users", "orders", "order_items", "products"], create_view=True)
    v = out["view"]
    assert v["name"] == "users__orders__order_items__products__joined"
    assert v["root"] == "order_items" and set(v["tables"]) == {"users", "orders", "order_items", "products"}
    n_items = query(ws, wh, "SELECT count(*) FROM order_items")[0][0]
    assert v["rows"] == n_items == query(ws, wh, f'SELECT count(*) FROM "{v["name"]}"')[0][0]
    # every joined line carries its product title and buyer, unless the key has no match
    missing = query(ws, wh, f'SELECT count(*) FROM "{v["name"]}" WHERE title IS NULL')[0][0]
    assert missing == 0
    with open_context(str(ws), wh) as ctx:
        asset = ctx.catalog.require(v["name"])
        assert asset.source_kind == "derived" and asset.rows == n_items
        cols = {c.name: c for c in asset.columns}
        assert cols["身份证号"].sensitivity == "L4" and cols["手机号"].sensitivity == "L3"
        assert "order_id" in cols and "users_user_id" not in cols  # the key side's copy of a join key is dropped
        with ctx.catalog.session() as s:
            ups = {r.upstream for r in s.scalars(sa.select(Lineage).where(Lineage.downstream == v["name"]))}
        assert ups == {"users", "orders", "order_items", "products"}
        res = run_sql(ctx, RunSqlArgs(sql=f'SELECT "身份证号", title FROM "{v["name"]}" LIMIT 5', role="analyst"))
        assert res["masked_columns"] == {"身份证号": "L4"}
        ids = set(pd.read_csv(shop / "users.csv", dtype=str)["身份证号"].dropna())
        assert not ids & {r[0] for r in res["rows"]}
        assert {tuple(sorted((r["left"], r["right"]))) for r in known_relations(ctx)} == {
            tuple(sorted((r["left"], r["right"]))) for r in out["relations"]}
    again = _run(ws, wh, tables=["users", "orders", "order_items", "products"], create_view=True)
    assert again["view"]["rows"] == n_items  # a re-run replaces its own table
    assert v["name"] not in _run(ws, wh)["tables"]  # "all tables" leaves derived copies out
    with pytest.raises(PandianError, match="already exists"):
        _run(ws, wh, tables=["orders", "order_items"], create_view=True, view_name="products")


def test_cli_json_errors_and_self_reference(tmp_path, shop):
    ws = tmp_path / "ws"
    scan_paths(ws, None, shop)
    proc = run_cli("integrate", "orders", "order_items", "--json", workspace=ws)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert [(r["left"], r["right"], r["kind"]) for r in out["relations"]] == [
        ("orders.order_id", "order_items.order_id", "1:n")]
    assert {"coverage_left", "coverage_right", "score", "evidence"} <= set(out["relations"][0])
    assert json.loads((ws / "relations.json").read_text())["relations"]

    proc = run_cli("integrate", "orders", "order_itemz", workspace=ws)
    assert proc.returncode == 2 and "no table named 'order_itemz'" in proc.stderr and "order_items" in proc.stderr
    proc = run_cli("integrate", "orders", workspace=ws)
    assert proc.returncode == 2 and "two or more tables" in proc.stderr

    # unrelated tables: said so, with a hint, exit 1 (and --view refuses)
    proc = run_cli("integrate", "users", "products", workspace=ws)
    assert proc.returncode == 1 and "no relation found" in proc.stderr
    proc = run_cli("integrate", "users", "products", "--view", workspace=ws)
    assert proc.returncode == 2 and "nothing to join on" in proc.stderr

    cats = tmp_path / "categories.csv"
    cats.write_text("category_id,parent_id,name\n" + "".join(
        f"{100 + i},{'' if i < 3 else 100 + i % 3},c{i}\n" for i in range(30)), encoding="utf-8")
    scan_paths(ws, None, cats)
    proc = run_cli("integrate", "categories", "--json", workspace=ws)
    assert proc.returncode == 0, proc.stderr
    rels = json.loads(proc.stdout)["relations"]
    assert [(r["left"], r["right"], r["kind"]) for r in rels] == [
        ("categories.category_id", "categories.parent_id", "1:n")]
