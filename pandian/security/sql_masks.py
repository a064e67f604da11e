"""Masking as SQL expressions, so exports of millions of rows are masked inside the warehouse (flat memory)."""
from __future__ import annotations

from pandian.warehouse.base import quote_ident

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def mask_expr(column: str, semantic_type: str | None, level: str) -> str:
    c = quote_ident(column)
    s = f"CAST({c} AS VARCHAR)"
    digits = f"regexp_replace({s}, '[^0-9]', '', 'g')"
    if level == "L4":
        if semantic_type == "bank_card":
            body = f"'**** **** **** ' || right({digits}, 4)"
        else:
            body = "'******'"
    elif semantic_type == "phone_number":
        body = f"left({digits}, 3) || '****' || right({digits}, 4)"
    elif semantic_type == "email":
        body = f"left({s}, 1) || '***@' || split_part({s}, '@', 2)"
    elif semantic_type == "person_name":
        body = f"left({s}, 1) || repeat('*', greatest(length({s}) - 1, 1))"
    elif semantic_type == "address":
        body = f"left({s}, 6) || '******'"
    elif semantic_type == "ip_address":
        body = f"split_part({s}, '.', 1) || '.' || split_part({s}, '.', 2) || '.*.*'"
    else:
        body = f"left({s}, 1) || repeat('*', greatest(length({s}) - 2, 1)) || right({s}, 1)"
    return f"CASE WHEN {c} IS NULL THEN NULL ELSE {body} END"


def formula_safe_expr(expr: str) -> str:
    """Spreadsheet formula injection: a text cell starting with = + - @ is written with a leading quote."""
    starts = ", ".join("'" + p.replace("'", "''") + "'" for p in FORMULA_PREFIXES)
    return f"CASE WHEN left({expr}, 1) IN ({starts}) THEN '''' || {expr} ELSE {expr} END"
