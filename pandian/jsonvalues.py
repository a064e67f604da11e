"""Warehouse values to JSON: one conversion for profiles, analyses and charts."""
from __future__ import annotations

from datetime import date, datetime, time as dtime
from decimal import Decimal
from typing import Any


def jsonable(v: Any, sep: str = "T", timespec: str = "auto") -> Any:
    """Decimal -> float, NaN/inf -> None, date-times -> ISO text, bytes -> a short hex prefix, else str."""
    if v is None or isinstance(v, (bool, int, str)):
        return v
    if isinstance(v, float):
        return v if v == v and v not in (float("inf"), float("-inf")) else None
    if isinstance(v, Decimal):
        return float(v)
    if isinstance(v, datetime):
        return v.isoformat(sep=sep, timespec=timespec)
    if isinstance(v, (date, dtime)):
        return v.isoformat()
    if isinstance(v, bytes):
        return v[:32].hex()
    return str(v)
