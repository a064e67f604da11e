"""Synthetic training columns: deterministic, complete, checksums valid, headers mixed."""
from __future__ import annotations

import re
import time

import pytest

from tools.classify import headers
from tools.classify.synth import (
    HEADERS,
    VALUE_GENERATORS,
    SynthColumn,
    generate_columns,
    to_rows,
)
from tools.classify.taxonomy import TYPES

NULLISH = {"", "N/A", "-", "null", "NULL"}


@pytest.fixture(scope="module")
def cols() -> list[SynthColumn]:
    return generate_columns(30, seed=0)


def _gb11643_ok(s: str) -> bool:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    if len(s) != 18 or not s[:17].isdigit():
        return False
    total = sum(int(c) * w for c, w in zip(s[:17], weights))
    return "10X98765432"[total % 11] == s[17].upper()


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def test_checkers_themselves():
    assert _gb11643_ok("11010519491231002X")
    assert not _gb11643_ok("110105194912310021")
    assert _luhn_ok("4111111111111111") and not _luhn_ok("4111111111111112")


def test_deterministic(cols):
    assert generate_columns(30, seed=0) == cols
    assert generate_columns(30, seed=1) != cols


def test_every_type_present_with_n_per_type(cols):
    assert set(VALUE_GENERATORS) == set(TYPES) == set(HEADERS)
    counts = {name: 0 for name in TYPES}
    for c in cols:
        counts[c.label] += 1
    assert all(n == 30 for n in counts.values()), counts
    small = generate_columns(3, seed=5)
    assert len(small) == 3 * len(TYPES)


def test_value_lengths_and_types(cols):
    for c in cols:
        assert 20 <= len(c.values) <= 40, (c.label, len(c.values))
        assert all(isinstance(v, str) for v in c.values)
        assert c.lang in ("zh", "en")
        assert c.header.strip()


def test_headers_mixed(cols):
    anon = sum(headers.is_anonymous(c.header) for c in cols)
    assert anon / len(cols) >= 0.20
    assert anon / len(cols) <= 0.40
    langs = {c.lang for c in cols}
    assert langs == {"zh", "en"}
    named = [c.header for c in cols if not headers.is_anonymous(c.header)]
    assert any(any("\u4e00" <= ch <= "\u9fff" for ch in h) for h in named)  # Chinese
    assert any(h != h.lower() and "_" not in h and h[0].islower() for h in named)  # camelCase
    assert any(h.isupper() for h in named)
    assert any(h.startswith(("t_", "f_", "dim_", "ods_")) for h in named)
    for pinyin in ("sjh", "sfzh", "xm", "dz", "spmc", "jg"):
        assert any(h.lower().endswith(pinyin) for h in named), pinyin
    for typical in ("user_id", "trade_no", "订单号", "is_amazon_seller", "days_since_prior_order"):
        assert any(typical in v["en"] + v["zh"] for v in HEADERS.values()), typical


def test_national_ids_valid(cols):
    checked = with_x = 0
    for c in cols:
        if c.label != "national_id":
            continue
        for v in c.values:
            v = v.strip()
            if len(v) == 18:
                assert _gb11643_ok(v), v
                checked += 1
                with_x += v.endswith("X")
    assert checked > 100 and with_x > 0


def test_bank_cards_luhn(cols):
    checked = 0
    for c in cols:
        if c.label != "bank_card":
            continue
        for v in c.values:
            v = v.strip()
            if v in NULLISH or v[:2].isalpha():
                continue
            digits = v.replace(" ", "")
            assert digits.isdigit() and _luhn_ok(digits), v
            checked += 1
    assert checked > 100


def test_ibans_mod97(cols):
    ibans = [v.strip() for c in cols if c.label == "bank_card" for v in c.values if v.strip()[:2].isalpha()
             and v.strip() not in NULLISH]
    assert ibans
    for v in ibans:
        r = v[4:] + v[:4]
        assert int("".join(str(int(ch, 36)) for ch in r)) % 97 == 1, v


def test_hard_negatives(cols):
    ev = [c for c in cols if c.label == "event_label"]
    fl = [c for c in cols if c.label == "boolean_flag"]
    assert any({v.strip() for v in c.values} <= {"0", "1", ""} for c in ev)
    assert any({v.strip() for v in c.values} <= {"0", "1", ""} for c in fl)
    orders = [v for c in cols if c.label == "order_id" for v in c.values]
    assert any(len(v) == 11 and v.startswith("1") and v.isdigit() for v in orders)
    ts = [v for c in cols if c.label == "timestamp" for v in c.values]
    assert any(len(v) == 10 and v.isdigit() for v in ts)


def test_some_dirt(cols):
    dirty = sum(any(v in NULLISH or v != v.strip() for v in c.values) for c in cols)
    assert 0.03 * len(cols) < dirty < 0.5 * len(cols)


def test_to_rows(cols):
    rows = to_rows(cols[:5])
    assert [r["label"] for r in rows] == [c.label for c in cols[:5]]
    assert rows[0]["values"] == " || ".join(cols[0].values)
    assert set(rows[0]) == {"header", "label", "lang", "values"}


def test_fast():
    t = time.perf_counter()
    generate_columns(30, seed=3)
    assert time.perf_counter() - t < 3.0


def test_person_names_include_account_names(cols):
    """Buyer nicks and reviewer handles (tb12345678, 幸***鱼, laura_williams) are how shops and review sites name
    people; the header dictionary already reads 昵称 / nickname as person_name, so the model must see such values
    too, or a headerless nick column reads as codes."""
    names = [c for c in cols if c.label == "person_name"]
    handle = re.compile(r"(?:tb[0-9]{6,10}(?:_[0-9]+)?|[^\W\d_]\*{3}[^\W\d_]|[a-z]+[._]?[a-z]+[0-9]*)")
    nicky = [c for c in names if all(handle.fullmatch(v.strip()) for v in c.values if v.strip() not in NULLISH)
             and any(any(ch.isdigit() or ch in "*._" for ch in v) for v in c.values)]
    assert 2 <= len(nicky) <= len(names) // 2
    assert all(headers.header_hints(h)[0].type == "person_name" for h in ("buyer_nick", "买家昵称", "nickname"))
