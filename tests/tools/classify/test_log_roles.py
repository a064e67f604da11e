"""Key roles in headerless behaviour logs: the real Taobao log end to end, and the rule's limits."""
from __future__ import annotations

import json
import random
import shutil

from tests.conftest import run_cli
from tools.classify.columns import Verdict
from tools.classify.log_roles import log_key_roles


def test_real_taobao_log_keys_get_user_item_category_roles(shared_data, tmp_path):
    # regression: the headerless UserBehavior log's three keys were all `identifier`
    f = tmp_path / "UserBehavior.csv"
    shutil.copy(shared_data / "taobao_user_behavior" / "UserBehavior.csv", f)
    out = json.loads(run_cli("scan", str(f), "--json", workspace=tmp_path / "ws", check=True).stdout)
    cols = out["tables"][0]["columns"]
    got = [c["semantic_type"] for c in cols]
    assert got == ["user_id", "item_id", "category_id", "behavior_type", "timestamp"], got
    assert "headerless behaviour log" in cols[0]["evidence"] and cols[0]["sensitivity"] == "L2"


def _v(t: str, source: str = "fallback") -> Verdict:
    return Verdict(t, 0.4, "", source)


def test_ratings_log_with_string_keys():
    rng = random.Random(0)
    users = [f"A{rng.randrange(16**10):010X}" for _ in range(30)]
    items = [f"B00{rng.randrange(10**7):07d}" for _ in range(30)]
    values = [users, items, [str(rng.randint(1, 5)) for _ in range(30)], [str(1400000000 + i) for i in range(30)]]
    verdicts = [_v("identifier"), _v("identifier"), _v("rating", "model"), _v("timestamp", "rule")]
    roles = log_key_roles(["", "", "", ""], values, [30, 30, 5, 30], verdicts)
    assert {i: v.semantic_type for i, v in roles.items()} == {0: "user_id", 1: "item_id"}


def test_no_roles_without_a_log_signal_a_time_or_when_headers_speak():
    keys = [[str(1000 + i) for i in range(20)], [str(230000 + i * 7) for i in range(20)]]
    times = [str(1500000000 + i) for i in range(20)]
    behaviours = ["pv", "buy"] * 10
    verdicts = [_v("identifier"), _v("identifier"), _v("behavior_type", "rule"), _v("timestamp", "rule")]
    cols = keys + [behaviours, times]
    anon = ["col_1", "col_2", "col_3", "col_4"]
    assert log_key_roles(anon, cols, [20, 20, 2, 20], verdicts)
    assert not log_key_roles(anon, cols, [20, 20, 2, 20], verdicts[:3] + [_v("numeric_measure")])  # no time
    assert not log_key_roles(anon, cols, [20, 20, 2, 20],
                             verdicts[:2] + [_v("categorical_code"), verdicts[3]])  # no behaviour, rating or event
    assert not log_key_roles(["sku", "col_2", "col_3", "col_4"], cols, [20, 20, 2, 20], verdicts)  # a real header


def test_only_key_like_unverified_columns_get_roles():
    times = [str(1500000000 + i) for i in range(20)]
    behaviours = ["pv", "buy"] * 10
    anon = ["col_1", "col_2", "col_3", "col_4"]
    tail = [_v("behavior_type", "rule"), _v("timestamp", "rule")]
    # a learned guess about digits is replaced: user ids 1..1000001 read as postal codes, item ids as counts
    users, items = [str(10 ** (i % 7)) for i in range(20)], [str(2268318 + 977 * i) for i in range(20)]
    roles = log_key_roles(anon, [users, items, behaviours, times], [7, 20, 2, 20],
                          [Verdict("postal_code", 0.48, "", "model"), Verdict("count_metric", 0.3, "", "model")] + tail)
    assert {i: v.semantic_type for i, v in roles.items()} == {0: "user_id", 1: "item_id"}
    # decimals, small counts, verified formats and confident guesses are not keys
    decimals, counts = [f"{i}.5" for i in range(20)], [str(i % 4 + 1) for i in range(20)]
    roles = log_key_roles(["col_1", "col_2", "col_3", "col_4", "col_5"], [decimals, counts, items, behaviours, times],
                          [20, 4, 20, 2, 20], [_v("numeric_measure"), _v("quantity"), _v("identifier")] + tail)
    assert {i: v.semantic_type for i, v in roles.items()} == {2: "user_id"}
    phones = [f"1380013{i:04d}" for i in range(20)]
    roles = log_key_roles(anon, [phones, items, behaviours, times], [20, 20, 2, 20],
                          [Verdict("phone_number", 0.95, "", "rule"), _v("identifier")] + tail)
    assert {i: v.semantic_type for i, v in roles.items()} == {1: "user_id"}
    roles = log_key_roles(anon, [users, items, behaviours, times], [7, 20, 2, 20],
                          [Verdict("shop_id", 0.9, "", "model"), _v("identifier")] + tail)
    assert 0 not in roles


def test_a_third_key_is_a_category_only_when_it_has_fewer_values_than_the_items():
    cols = [["1001"] * 10, [str(5000 + i) for i in range(10)], [str(2000 + i % 3) for i in range(10)], ["pv"] * 10,
            [str(1500000000 + i) for i in range(10)]]
    verdicts = [_v("identifier")] * 3 + [_v("behavior_type", "rule"), _v("timestamp", "rule")]
    roles = log_key_roles(["col_1", "col_2", "col_3", "col_4", "col_5"], cols, [1, 10, 3, 1, 10], verdicts)
    assert roles[2].semantic_type == "category_id"
    roles = log_key_roles(["col_1", "col_2", "col_3", "col_4", "col_5"], cols, [1, 10, 10, 1, 10], verdicts)
    assert 2 not in roles and roles[1].semantic_type == "item_id"
