"""Name evidence: synonyms, plural tables, Chinese headers match; different entities do not."""
from __future__ import annotations

from itertools import combinations

import pytest

from tools.integrate.names import key_name, name_similarity, table_concepts


def sim(a: str, ta: str, b: str, tb: str) -> float:
    return name_similarity(key_name(a, ta), key_name(b, tb))[0]


@pytest.mark.parametrize("group", [
    ["goods_id", "item_id", "product_id", "sku_id", "商品ID", "GoodsId", "itemid"],
    ["user_id", "uid", "customer_id", "buyer_id", "用户ID", "会员编号", "userId"],
    ["order_id", "订单号", "order_no", "trade_id"],
])
def test_synonyms_match(group):
    for a, b in combinations(group, 2):
        assert sim(a, "t1", b, "t2") >= 0.75, (a, b)


def test_table_key_and_plural_tables():
    assert sim("id", "products", "product_id", "orders") >= 0.75
    assert sim("id", "categories", "category_id", "items") >= 0.75
    assert sim("id", "dim_users", "customer_id", "orders") >= 0.75
    assert table_concepts("order_items")[0] == "order_item"  # not "product": an order line is not a product
    assert sim("id", "order_items", "item_id", "products") == 0.0


@pytest.mark.parametrize("a, b", [
    ("department_id", "aisle_id"), ("order_number", "aisle_id"), ("user_id", "item_id"), ("手机号", "联系电话"),
    ("quantity", "quantity"), ("name", "name"),
])
def test_different_entities_or_non_keys_do_not_match(a, b):
    assert sim(a, "t1", b, "t2") < 0.75


def test_bare_ids_of_different_tables_do_not_match():
    assert sim("id", "users", "id", "orders") == 0.0


def test_qualified_reference():
    assert 0.7 <= sim("clicked_item_id", "search_queries", "item_id", "products") < 0.9
    assert key_name("parent_id", "categories").self_ref
