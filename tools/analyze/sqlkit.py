"""SQL pieces every analysis shares: time and amount expressions that survive messy columns, and a runner.

Why: timestamps arrive as TIMESTAMP, unix seconds, milliseconds, yyyymmdd integers or text, amounts as
numbers or '¥12.50' strings; every per-row conversion must run in the warehouse, in its own dialect.
Queries are written in DuckDB's dialect and transpiled with sqlglot (as tools/profile does).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pandian.jsonvalues import jsonable as _jsonable
from pandian.warehouse import Warehouse
from pandian.warehouse.base import quote_ident, sql_literal
from tools.analyze.columns import Column

MS_THRESHOLD = 100_000_000_000  # |x| above this is taken as epoch milliseconds (year 5138 in seconds)
EPOCH_MIN, EPOCH_MAX = -62_135_596_800, 253_402_300_799  # 0001-01-01 .. 9999-12-31
# Only calendar-valid dates and times pass these patterns: PostgreSQL has no TRY_CAST (sqlglot writes CAST), so a
# single "2023-02-30" or "25:00" reaching the cast would fail the whole query there.
_MD = (r"((0?[13578]|1[02])[-/](0?[1-9]|[12][0-9]|3[01])|(0?[469]|11)[-/](0?[1-9]|[12][0-9]|30)"
       r"|0?2[-/](0?[1-9]|1[0-9]|2[0-8]))")
_LEAP_YEAR = r"([0-9]{2}(0[48]|[2468][048]|[13579][26])|([02468][048]|[13579][26])00)"
_CLOCK = r"([ T]([01]?[0-9]|2[0-3]):[0-5]?[0-9](:[0-5]?[0-9]([.][0-9]+)?)?)?"
_DATE_RE = rf"^([1-9][0-9]{{3}}[-/]{_MD}|{_LEAP_YEAR}[-/]0?2[-/]29){_CLOCK}$"
_YMD_RE = (r"^((19|20)[0-9]{2}((0[13578]|1[02])(0[1-9]|[12][0-9]|3[01])|(0[469]|11)(0[1-9]|[12][0-9]|30)"
           r"|02(0[1-9]|1[0-9]|2[0-8]))|(19|20)(0[48]|[2468][048]|[13579][26])0229|20000229)$")
_EPOCH_RE = r"^-?[0-9]{9,13}([.][0-9]+)?$"
_TZ_SUFFIX = r"([0-9]:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?) ?(Z|UTC|[+-][0-9]{2}(:?[0-9]{2})?)$"


class Runner:
    """Runs DuckDB-dialect SQL on any warehouse; remembers the last statement for the result's `sql`."""

    def __init__(self, wh: Warehouse):
        self.wh = wh
        self.dialect = wh.capabilities.sqlglot_dialect
        self.statements: list[str] = []

    def to_dialect(self, sql: str) -> str:
        return self.wh.from_duckdb(sql)

    def rows(self, sql: str) -> list[tuple]:
        out = self.to_dialect(sql)
        self.statements.append(out)
        return self.wh.query(out)

    def quantiles(self, expr: str, table: str, qs: tuple[float, ...], rows: int) -> list[float | None]:
        """Quantiles of a numeric expression. Big DuckDB tables: from a 2% block sample (milliseconds instead
        of a full pass; the window they feed is generous); otherwise exact percentile_cont."""
        parts = ", ".join(f"quantile_cont(v, {q})" for q in qs)
        sample = " USING SAMPLE 2%" if self.dialect == "duckdb" and rows >= 1_000_000 else ""
        got = self.rows(f"SELECT {parts} FROM (SELECT {expr} AS v FROM {table}{sample}) s WHERE v IS NOT NULL")[0]
        if any(v is None for v in got):  # a sample that missed every timed row
            got = self.rows(f"SELECT {parts} FROM (SELECT {expr} AS v FROM {table}) s WHERE v IS NOT NULL")[0]
        return [None if v is None else float(v) for v in got]

    def quantile(self, expr: str, q: float) -> str:
        """Approximate on DuckDB (flat memory on 10M rows), exact percentile_cont elsewhere."""
        return f"approx_quantile({expr}, {q})" if self.dialect == "duckdb" else f"quantile_cont({expr}, {q})"


@dataclass(frozen=True)
class TimeExpr:
    ts: str  # naive TIMESTAMP
    epoch: str  # seconds since 1970 as DOUBLE: cheap to compare, used for the broken-clock window
    read_as: str


def _seconds(num: str, offset_s: int) -> str:
    """Epoch seconds from a number in seconds or milliseconds; NULL outside years 1..9999."""
    s = f"(CASE WHEN abs({num}) >= {MS_THRESHOLD} THEN {num} / 1000 ELSE {num} END)"
    shifted = f"{s} + {offset_s}" if offset_s else s
    return f"(CASE WHEN {s} BETWEEN {EPOCH_MIN} AND {EPOCH_MAX} THEN {shifted} END)"


def _seconds_to_ts(run: Runner, seconds: str) -> str:
    """make_timestamp(micros) on DuckDB (6x faster than a time-zone conversion per row); elsewhere
    to_timestamp(..) AT TIME ZONE 'UTC', the portable way to a naive UTC timestamp."""
    if run.dialect == "duckdb":
        return f"make_timestamp(CAST({seconds} * 1000000 AS BIGINT))"
    return f"(to_timestamp({seconds}) AT TIME ZONE 'UTC')"


def _ymd_text_to_ts(text: str) -> str:
    return (f"TRY_CAST(substr({text}, 1, 4) || '-' || substr({text}, 5, 2) || '-' || substr({text}, 7, 2) "
            "AS TIMESTAMP)")


def time_expr(run: Runner, table: str, col: Column, utc_offset_hours: float = 0.0) -> TimeExpr:
    """Timestamp and epoch expressions for `col`, and a word for how it was read.

    Unix epochs are UTC; `utc_offset_hours` shifts them to local wall time (8 for Beijing).
    """
    c = quote_ident(col.name)
    off = int(round(utc_offset_hours * 3600))

    def from_ts(ts: str, read_as: str) -> TimeExpr:
        return TimeExpr(ts, f"epoch({ts})", read_as)

    if col.logical == "timestamp":
        typ = col.sql_type.upper()
        if ("WITH TIME ZONE" in typ and "WITHOUT" not in typ) or typ in ("TIMESTAMPTZ", "TIMESTAMP_TZ"):
            return from_ts(f"({c} AT TIME ZONE 'UTC')", "timestamp with time zone (as UTC)")
        return from_ts(f"CAST({c} AS TIMESTAMP)", "timestamp")
    if col.logical == "date":
        return from_ts(f"CAST({c} AS TIMESTAMP)", "date")
    if col.numeric:
        lo, hi = run.rows(f"SELECT min({c}), max({c}) FROM {quote_ident(table)}")[0]
        if lo is not None and col.logical == "integer" and 19000101 <= lo and hi <= 21001231:
            return from_ts(_ymd_text_to_ts(f"CAST({c} AS VARCHAR)"), "yyyymmdd integer")
        sec = _seconds(f"CAST({c} AS DOUBLE)", off)
        return TimeExpr(_seconds_to_ts(run, sec), sec, "unix epoch (seconds; milliseconds above 1e11)")
    if col.logical == "string":
        t = f"regexp_replace(trim({c}), '{_TZ_SUFFIX}', '\\1')"
        ts = (f"CASE WHEN regexp_matches({t}, '{_EPOCH_RE}') THEN "
              f"{_seconds_to_ts(run, _seconds(f'CAST({t} AS DOUBLE)', off))} "
              f"WHEN regexp_matches({t}, '{_YMD_RE}') THEN {_ymd_text_to_ts(t)} "
              f"WHEN regexp_matches({t}, '{_DATE_RE}') THEN TRY_CAST(replace({t}, '/', '-') AS TIMESTAMP) END")
        return from_ts(ts, "text (ISO dates, yyyymmdd or epoch digits)")
    return from_ts(f"CAST({c} AS TIMESTAMP)", col.logical)


def value_expr(col: Column) -> str:
    """A DOUBLE for an amount: numbers as they are, text with currency signs and thousands separators cleaned."""
    c = quote_ident(col.name)
    if col.numeric:
        return f"CAST({c} AS DOUBLE)"
    clean = f"regexp_replace(CAST({c} AS VARCHAR), '[^0-9.\\-]', '', 'g')"
    return f"CASE WHEN regexp_matches({clean}, '^-?[0-9]+([.][0-9]+)?$') THEN CAST({clean} AS DOUBLE) END"


def in_list(values: list[Any]) -> str:
    return ", ".join(sql_literal(v) for v in values)


def jsonable(v: Any) -> Any:
    """Analysis results show date-times to the second, with a space (2017-11-25 10:00:00)."""
    return _jsonable(v, sep=" ", timespec="seconds")


def num(v: Any) -> float | int | None:
    if v is None:
        return None
    if isinstance(v, int) and not isinstance(v, bool):
        return v
    f = float(v)
    return int(f) if f.is_integer() and abs(f) < 2**53 and not isinstance(v, float) else f
