"""Warehouse values to JSON, as profiles and analyses show them."""
from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal

from pandian.jsonvalues import jsonable
from tools.analyze.sqlkit import jsonable as analysis_jsonable


def test_values_become_json():
    vals = [None, True, 3, "x", float("nan"), float("inf"), Decimal("1.50"), date(2017, 11, 25), b"\x00\xff" * 40]
    out = [jsonable(v) for v in vals]
    assert out[:4] == [None, True, 3, "x"] and out[4] is None and out[5] is None and out[6] == 1.5
    assert out[7] == "2017-11-25" and out[8] == "00ff" * 16  # the first 32 bytes
    json.dumps(out)  # all of it serialises


def test_profiles_keep_iso_and_analyses_show_seconds():
    t = datetime(2017, 11, 25, 10, 0, 0, 123456)
    assert jsonable(t) == "2017-11-25T10:00:00.123456"
    assert analysis_jsonable(t) == "2017-11-25 10:00:00"
