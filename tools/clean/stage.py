"""The SELECTs that build the staged tables: per-column steps, cross-column repairs, duplicates, outputs.

Stage 1 chains every column's steps as CTE layers (layer k holds step k of each column), so no value
expression is repeated inside another. Each staged table carries, next to every cleaned column, a
reason column `__pandian_r<i>`: the comma-joined rules that changed that cell (NULL when none did).
"""
from __future__ import annotations

from dataclasses import dataclass

from pandian.warehouse.base import quote_ident
from tools.clean import fd as FD
from tools.clean import rules as R
from tools.clean import sqlgen as G
from tools.clean.plan import ColumnPlan

DROP = "__pandian_drop"
DROP_OF = "__pandian_of"


def reason_col(i: int) -> str:
    return f"__pandian_r{i}"


@dataclass
class Window:
    column: str
    low: str  # SQL literal
    high: str
    bounds: tuple[str, str] = ("", "")  # the same, as ISO text for the report


def stage1_sql(src: str, row_id: str, plans: list[ColumnPlan]) -> str:
    """SELECT for stage 1: `_row_id`, the cleaned columns (and currency columns), one reason column each."""
    first = ", ".join(f"{quote_ident(p.name)} AS v{i}_0" for i, p in enumerate(plans))
    ctes = [f"s0 AS (SELECT {row_id} AS _row_id{', ' + first if first else ''} FROM {src})"]
    depth = max((len(p.steps) for p in plans), default=0)
    for k in range(1, depth + 1):
        new = []
        for i, p in enumerate(plans):
            if len(p.steps) >= k:
                value, reason = p.steps[k - 1].build(f"v{i}_{k - 1}")
                new.append(f"{value} AS v{i}_{k}")
                new.append(f"{reason} AS r{i}_{k}")
        ctes.append(f"s{k} AS (SELECT *, {', '.join(new)} FROM s{k - 1})")
    outs = ["_row_id"]
    for i, p in enumerate(plans):
        n = len(p.steps)
        outs.append(f"v{i}_{n} AS {quote_ident(p.name)}")
        if p.currency_step is not None:
            outs.append(f"{G.currency_code(f'v{i}_{p.currency_step}')} AS {quote_ident(p.currency_column or '')}")
        reasons = [f"r{i}_{k}" for k in range(1, n + 1)]
        if reasons:
            outs.append(f"NULLIF(concat_ws(',', {', '.join(reasons)}), '') AS {reason_col(i)}")
        else:
            outs.append(f"CAST(NULL AS VARCHAR) AS {reason_col(i)}")
    return f"WITH {', '.join(ctes)} SELECT {', '.join(outs)} FROM s{depth}"


def slot(i: int) -> str:
    return f"__pandian_p{i}"


def patch_table_sql(s1: str, plans: list[ColumnPlan], targets: list[int]) -> str:
    """An empty patch table: `_row_id, col, pri, reason` and a slot typed like each target column."""
    slots = ", ".join(f"{quote_ident(plans[i].name)} AS {slot(i)}" for i in targets)
    return (f"SELECT _row_id, CAST(0 AS INTEGER) AS col, CAST(0 AS INTEGER) AS pri, CAST(NULL AS VARCHAR) AS reason, "
            f"{slots} FROM {s1} WHERE 1 = 0")


def stage2_sql(s1: str, plans: list[ColumnPlan], windows: dict[str, Window], patch: str | None,
               targets: list[int]) -> str:
    """Time-window checks, and the best dependency patch of each cell, over stage 1 (one join)."""
    outs, ctes, join = ["s._row_id"], [], ""
    if patch and targets:
        ctes.append(f"pt AS (SELECT * FROM (SELECT *, row_number() OVER (PARTITION BY _row_id, col ORDER BY pri) "
                    f"AS rn FROM {patch}) AS x WHERE rn = 1)")
        aggs = ", ".join(f"max({slot(i)}) AS {slot(i)}, max(CASE WHEN col = {i} THEN reason END) AS q{i}"
                         for i in targets)
        ctes.append(f"pv AS (SELECT _row_id, {aggs} FROM pt GROUP BY _row_id)")
        join = "LEFT JOIN pv ON pv._row_id = s._row_id"
    for i, p in enumerate(plans):
        c = f"s.{quote_ident(p.name)}"
        r = f"s.{reason_col(i)}"
        if p.name in windows:
            w = windows[p.name]
            value, reason = G.null_outside(c, w.low, w.high)
        elif i in targets and join:
            value = (f"CASE WHEN pv.q{i} IN ('{R.FD_IMPUTE}', '{R.FD_VIOLATION}') THEN pv.{slot(i)} ELSE {c} END")
            reason = f"CASE WHEN pv.q{i} <> '{FD.SUPPORT}' THEN pv.q{i} END"
        else:
            value, reason = c, None
        outs.append(f"{value} AS {quote_ident(p.name)}")
        if p.currency_column:
            outs.append(f"s.{quote_ident(p.currency_column)}")
        outs.append(f"NULLIF(concat_ws(',', {r}, {reason}), '') AS {reason_col(i)}" if reason
                    else f"{r} AS {reason_col(i)}")
    with_ = f"WITH {', '.join(ctes)} " if ctes else ""
    return f"{with_}SELECT {', '.join(outs)} FROM {s1} AS s {join}"


def stage3_sql(s2: str, value_cols: list[str], key: str | None, n_plans: int) -> str:
    """Exact duplicate rows (on cleaned values) and, when a key column is known, repeated keys."""
    part = ", ".join(quote_ident(c) for c in value_cols)
    ctes = [f"d AS (SELECT *, row_number() OVER (PARTITION BY {part} ORDER BY _row_id) AS __pandian_rn, "
            f"min(_row_id) OVER (PARTITION BY {part}) AS __pandian_first FROM {s2})"]
    keep = ["_row_id"] + [quote_ident(c) for c in value_cols] + [reason_col(i) for i in range(n_plans)]
    if key:
        k = quote_ident(key)
        ctes.append(f"k AS (SELECT *, row_number() OVER (PARTITION BY {k}, CASE WHEN __pandian_rn = 1 THEN 0 "
                    f"ELSE 1 END ORDER BY _row_id) AS __pandian_krn, min(CASE WHEN __pandian_rn = 1 THEN _row_id END) "
                    f"OVER (PARTITION BY {k}) AS __pandian_kfirst FROM d)")
        drop = (f"CASE WHEN __pandian_rn > 1 THEN '{R.DUPLICATE_ROW}' WHEN {k} IS NOT NULL AND __pandian_krn > 1 "
                f"THEN '{R.DUPLICATE_KEY}' END")
        of = (f"CASE WHEN __pandian_rn > 1 THEN __pandian_first WHEN {k} IS NOT NULL AND __pandian_krn > 1 "
              f"THEN __pandian_kfirst END")
        last = "k"
    else:
        drop = f"CASE WHEN __pandian_rn > 1 THEN '{R.DUPLICATE_ROW}' END"
        of = "CASE WHEN __pandian_rn > 1 THEN __pandian_first END"
        last = "d"
    return f"WITH {', '.join(ctes)} SELECT {', '.join(keep)}, {drop} AS {DROP}, {of} AS {DROP_OF} FROM {last}"


def clean_sql(s3: str, value_cols: list[str]) -> str:
    cols = ", ".join(["_row_id"] + [quote_ident(c) for c in value_cols])
    return f"SELECT {cols} FROM {s3} WHERE {DROP} IS NULL ORDER BY _row_id"


def quarantine_sql(s3: str, src: str, plans: list[ColumnPlan]) -> str:
    """One row per changed cell (column = its name) and per removed row (column = '*')."""
    parts = [f"SELECT _row_id, 0 AS k, {DROP} AS reason, {DROP_OF} AS of_id FROM {s3} WHERE {DROP} IS NOT NULL"]
    for i, _ in enumerate(plans, start=1):
        rc = reason_col(i - 1)
        parts.append(f"SELECT _row_id, {i} AS k, {rc} AS reason, CAST(NULL AS BIGINT) AS of_id FROM {s3} "
                     f"WHERE {rc} IS NOT NULL AND {DROP} IS NULL")
    col = "CASE r.k WHEN 0 THEN '*' " + " ".join(
        f"WHEN {i} THEN {G.lit(p.name)}" for i, p in enumerate(plans, start=1)) + " END"
    orig = ("CASE r.k WHEN 0 THEN 'duplicate of _row_id ' || CAST(r.of_id AS VARCHAR) " + " ".join(
        f"WHEN {i} THEN CAST(o.{quote_ident(p.name)} AS VARCHAR)" for i, p in enumerate(plans, start=1)) + " END")
    return (f"WITH r AS ({' UNION ALL '.join(parts)}) SELECT r._row_id AS _row_id, {col} AS {quote_ident('column')}, "
            f"{orig} AS original_value, r.reason AS reason FROM r JOIN {src} AS o ON o._row_id = r._row_id "
            f"ORDER BY r._row_id, r.k")


EMPTY_QUARANTINE = ("SELECT CAST(NULL AS BIGINT) AS _row_id, CAST(NULL AS VARCHAR) AS \"column\", "
                    "CAST(NULL AS VARCHAR) AS original_value, CAST(NULL AS VARCHAR) AS reason WHERE 1 = 0")
