"""Table names from file stems: snake_case, safe, unique."""
from __future__ import annotations

import re

RESERVED_SUFFIXES = ("__rejects", "__clean", "__quarantine")


def snake_case(stem: str) -> str:
    """UserBehavior -> user_behavior, 'Order Items (2024)' -> order_items_2024; CJK letters are kept."""
    s = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", stem)
    s = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", s)
    s = s.lower()
    s = re.sub(r"[^0-9a-z\u3400-\u9fff]+", "_", s).strip("_")
    s = re.sub(r"_+", "_", s)
    for suf in RESERVED_SUFFIXES:
        if s.endswith(suf.strip("_")) and s.endswith("_" + suf.strip("_")):
            s = s + "_src"
    if not s:
        s = "table"
    if s[0].isdigit():
        s = "t_" + s
    if s.startswith("_"):
        s = "t" + s
    return s[:60]


def unique_name(base: str, taken: set[str]) -> str:
    if base not in taken:
        return base
    k = 2
    while f"{base}_{k}" in taken:
        k += 1
    return f"{base}_{k}"
