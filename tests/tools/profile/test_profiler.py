"""Profiles computed in the warehouse agree with an independent pandas computation, on every backend."""
from __future__ import annotations

import json
import math

import pandas as pd
import pytest

from tests.conftest import run_cli
from tests.helpers import scan_paths
from tools.profile import value_pattern


def test_profile_matches_pandas(backend, shared_data):
    ws, wh = backend
    src = shared_data / "instacart_small" / "orders.csv"
    scan_paths(ws, wh, src)
    proc = run_cli("profile", "orders", "--json", workspace=ws, warehouse=wh, check=True)
    prof = json.loads(proc.stdout)
    df = pd.read_csv(src)
    assert prof["rows"] == len(df)
    assert prof["duplicate_rows"] == int(df.duplicated().sum())
    cols = {c["name"]: c for c in prof["columns"]}
    assert "_row_id" not in cols and list(cols) == list(df.columns)
    for name in df.columns:
        s = df[name]
        c = cols[name]
        assert c["null_fraction"] == pytest.approx(s.isna().mean(), abs=1e-6), name
        assert c["distinct_count"] == s.nunique(), name
        assert c["min"] == pytest.approx(s.min()) and c["max"] == pytest.approx(s.max()), name
        assert c["mean"] == pytest.approx(s.mean(), rel=1e-6), name
        if s.notna().sum() > 1:
            assert c["std"] == pytest.approx(s.std(), rel=1e-6), name
        top = s.value_counts()
        assert c["top_values"][0]["count"] == int(top.iloc[0]), name
    assert prof["distinct_method"] == "exact"


def test_profile_text_columns(tmp_path):
    f = tmp_path / "people.csv"
    f.write_text("phone,city\n13812345678,杭州\n13900001111,杭州\n,上海\n13812345678,北京\n")
    scan_paths(tmp_path / "ws", None, f)
    prof = json.loads(run_cli("profile", "people", "--json", workspace=tmp_path / "ws", check=True).stdout)
    city = {c["name"]: c for c in prof["columns"]}["city"]
    assert city["top_values"][0] == {"value": "杭州", "count": 2}
    assert city["min_length"] == 2 and city["max_length"] == 2
    phone = {c["name"]: c for c in prof["columns"]}["phone"]
    assert math.isclose(phone["null_fraction"], 0.25)
    assert phone["patterns"][0]["pattern"] == "9{11}"


def test_value_pattern():
    assert value_pattern("13812345678") == "9{11}"
    assert value_pattern("AB-12x") == "A{2}-9{2}a"
    assert value_pattern("张三") == "汉{2}"
