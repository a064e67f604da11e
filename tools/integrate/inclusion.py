"""Value inclusion measured in the warehouse: distinct counts and the size of the intersection of two columns.

All counting runs as SQL (DuckDB dialect, transpiled for the warehouse); Python reads a handful of numbers.
Columns of different SQL types are compared as text so an id stored as VARCHAR in one table and BIGINT in
another still meets.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from pandian.warehouse import Warehouse
from pandian.warehouse.base import quote_ident
from tools.integrate.candidates import Candidate, ColumnInfo

BATCH = 16


@dataclass(frozen=True)
class Stats:
    non_null: int
    distinct: int
    min: Any = None
    max: Any = None
    mean_length: float | None = None
    dup_rows: int = 0  # whole-row duplicates of the table (from its profile)

    @property
    def unique(self) -> bool:
        return self.non_null > 0 and self.distinct >= self.non_null

    @property
    def near_unique(self) -> bool:
        """A key in dirty data: its repeats are whole duplicated rows, or under 1 % of the values."""
        if self.non_null == 0:
            return False
        repeats = self.non_null - self.distinct
        return repeats <= 0.01 * self.non_null or (repeats <= self.dup_rows and self.distinct >= 0.9 * self.non_null)


def to_dialect(wh: Warehouse, sql: str) -> str:
    return wh.from_duckdb(sql)


def column_stats(wh: Warehouse, table: str, cols: Sequence[ColumnInfo]) -> dict[str, Stats]:
    """Exact non-null and distinct counts (profiles may be approximate), range or mean length, one query."""
    if not cols:
        return {}
    parts = []
    for c in cols:
        q = quote_ident(c.name)
        if c.kind == "string":
            extra = f"NULL, NULL, avg(length({q}))"
        else:
            extra = f"min({q}), max({q}), NULL"
        parts.append(f"count({q}), count(DISTINCT {q}), {extra}")
    row = wh.query(to_dialect(wh, f"SELECT {', '.join(parts)} FROM {quote_ident(table)}"))[0]
    out = {}
    for i, c in enumerate(cols):
        nn, d, lo, hi, ml = row[5 * i: 5 * i + 5]
        out[c.name] = Stats(int(nn or 0), int(d or 0), _num(lo), _num(hi), float(ml) if ml is not None else None,
                            int(c.profile.get("_dup_rows") or 0))
    return out


def _num(v: Any) -> int | float | None:
    if v is None or isinstance(v, (int, float)) and not isinstance(v, bool):
        return v
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def _distinct_values(c: ColumnInfo, as_text: bool) -> str:
    q = quote_ident(c.name)
    e = f"CAST({q} AS VARCHAR)" if as_text else q
    return f"SELECT DISTINCT {e} AS v FROM {quote_ident(c.table)} WHERE {q} IS NOT NULL"


@dataclass(frozen=True)
class Overlap:
    shared: int  # distinct values found in both columns
    a_in_b_range: int | None  # distinct values of a inside [min b, max b] (numbers only)
    b_in_a_range: int | None


def _in_range_sql(c: ColumnInfo, lo: float | None, hi: float | None) -> str:
    if lo is None or hi is None:
        return "NULL"
    q = quote_ident(c.name)
    return f"(SELECT count(DISTINCT {q}) FROM {quote_ident(c.table)} WHERE {q} BETWEEN {lo!r} AND {hi!r})"


def overlap_sql(cand: Candidate, stats: dict[str, Stats]) -> list[str]:
    shared = (f"(SELECT count(*) FROM ({_distinct_values(cand.a, cand.cast_text)}) AS x "
              f"JOIN ({_distinct_values(cand.b, cand.cast_text)}) AS y ON x.v = y.v)")
    if cand.cast_text or "string" in (cand.a.kind, cand.b.kind):
        return [shared, "NULL", "NULL"]
    sa, sb = stats[cand.a.ref], stats[cand.b.ref]
    return [shared, _in_range_sql(cand.a, sb.min, sb.max), _in_range_sql(cand.b, sa.min, sa.max)]


def overlaps(wh: Warehouse, cands: Sequence[Candidate], stats: dict[str, Stats],
             tick: Callable[[int], None] | None = None) -> list[Overlap]:
    """Shared distinct values per candidate (and, for numbers, how dense each side is in the other's range),
    in batches of scalar subqueries: one round trip per batch."""
    out: list[Overlap] = []
    for i in range(0, len(cands), BATCH):
        chunk = cands[i: i + BATCH]
        parts = [p for c in chunk for p in overlap_sql(c, stats)]
        row = wh.query(to_dialect(wh, "SELECT " + ", ".join(parts)))[0]
        for k in range(len(chunk)):
            shared, a_in, b_in = row[3 * k: 3 * k + 3]
            out.append(Overlap(int(shared or 0), None if a_in is None else int(a_in),
                               None if b_in is None else int(b_in)))
        if tick:
            tick(len(chunk))
    return out
