"""State one analysis run shares: chosen columns, the time window, the purchase filter, notes.

Why a time window: event logs carry broken clocks (epoch 0, year 2037, milliseconds); one such row would
stretch a trend over decades or make every customer "lapsed" in RFM. Rows far outside the bulk of the
data (beyond the 1%..99% quantiles plus their span again on each side) are left out, counted and reported.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from pandian.errors import PandianError
from pandian.warehouse.base import quote_ident
from tools.analyze.columns import Column, TableInfo, pick, require
from tools.analyze.sqlkit import EPOCH_MAX, EPOCH_MIN, Runner, in_list, jsonable, time_expr, value_expr
from tools.analyze.stages import detect_stages

QUANTILE_LO, QUANTILE_HI = 0.01, 0.99
MAX_EVENT_VALUES = 500
# (warehouse, table, load, column, offset) -> (timestamp expr, where, summary, notes): the window probes
# cost three passes over the table, and a reloaded table gets a new load id.
_WINDOWS: dict[tuple, tuple[str, str, dict[str, Any], list[str]]] = {}


@dataclass
class Job:
    run: Runner
    info: TableInfo
    kind: str
    overrides: dict[str, str | None]
    utc_offset_hours: float = 0.0
    used: dict[str, str] = field(default_factory=dict)
    summary: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    _time: tuple[str, str] | None = None
    _events: list[tuple[str, int]] | None = None

    @property
    def table(self) -> str:
        return quote_ident(self.info.name)

    def part(self, part: str, required: bool = True) -> Column | None:
        """The column for a part; explicit overrides always win and must exist."""
        override = self.overrides.get(part)
        col = require(self.info, part, self.kind, override) if required else pick(self.info, part, override)
        if col is not None:
            self.used[part] = col.name
        return col

    def q(self, col: Column) -> str:
        return quote_ident(col.name)

    def value(self, col: Column) -> str:
        return value_expr(col)

    # --- time -------------------------------------------------------------------------------------

    def time(self, col: Column) -> tuple[str, str]:
        """(timestamp expression, WHERE condition) with the broken-clock window applied."""
        if self._time is not None:
            return self._time
        key = (getattr(self.run.wh, "url", None), self.info.name, self.info.version, col.name, self.utc_offset_hours)
        if self.info.version and key in _WINDOWS:
            ts, where, info, notes = _WINDOWS[key]
            self.summary["time"] = dict(info)
            self.notes.extend(notes)
            self._time = (ts, where)
            return self._time
        notes_before = len(self.notes)
        te = time_expr(self.run, self.info.name, col, self.utc_offset_hours)
        e = te.epoch
        qlo, qhi = self.run.quantiles(e, self.table, (QUANTILE_LO, QUANTILE_HI), self.info.rows)
        if qlo is None or qhi is None:
            raise PandianError(f"column {col.name} of {self.info.name} holds no readable timestamps",
                               hint="pass another --time-col")
        pad = max(qhi - qlo, 2 * 86400.0)
        start, end = max(qlo - pad, EPOCH_MIN), min(qhi + pad, EPOCH_MAX)
        within = f"{e} BETWEEN {start!r} AND {end!r}"
        n, n_time, outside, lo, hi = self.run.rows(
            f"SELECT count(*), count({e}), count(*) FILTER (WHERE {e} IS NOT NULL AND NOT ({within})), "
            f"min({e}) FILTER (WHERE {within}), max({e}) FILTER (WHERE {within}) FROM {self.table}")[0]
        if lo is None or hi is None:
            raise PandianError(f"column {col.name} of {self.info.name} holds no readable timestamps",
                               hint="pass another --time-col")
        n, n_time, outside, lo, hi = int(n), int(n_time), int(outside), float(lo), float(hi)
        info: dict[str, Any] = {"column": col.name, "read_as": te.read_as, "rows_without_time": n - n_time}
        if self.utc_offset_hours and "epoch" in te.read_as:
            info["utc_offset_hours"] = self.utc_offset_hours
        if n > n_time:
            self.notes.append(f"{n - n_time:,} row(s) without a readable time in {col.name} were left out")
        where = f"{e} IS NOT NULL"
        if outside:
            where = within
            start_ts, end_ts = _ts(start), _ts(end)
            info["window"] = [jsonable(start_ts), jsonable(end_ts)]
            info["excluded_outside_window"] = outside
            self.notes.append(f"{outside:,} row(s) with timestamps far outside the bulk of the data "
                              f"(before {start_ts:%Y-%m-%d} or after {end_ts:%Y-%m-%d}) were left out")
        info["min"], info["max"] = jsonable(_ts(lo)), jsonable(_ts(hi))
        info["span_s"] = hi - lo
        self.summary["time"] = info
        self._time = (te.ts, where)
        if len(_WINDOWS) > 256:
            _WINDOWS.clear()
        _WINDOWS[key] = (te.ts, where, dict(info), self.notes[notes_before:])
        return self._time

    # --- events -------------------------------------------------------------------------------------

    def event_values(self, col: Column) -> list[tuple[str, int]]:
        if self._events is None:
            c = self.q(col)
            rows = self.run.rows(f"SELECT CAST({c} AS VARCHAR) AS v, count(*) AS n FROM {self.table} "
                                 f"WHERE {c} IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT {MAX_EVENT_VALUES}")
            self._events = [(str(v), int(n)) for v, n in rows]
        return self._events

    def buy_condition(self) -> tuple[str, Column, list[str]] | None:
        """`event IN (buy values)` when the table has an event column with purchase values."""
        col = self.part("event", required=False)
        if col is None:
            return None
        stages, _ = detect_stages([v for v, _ in self.event_values(col)])
        if "buy" not in stages:
            return None
        return f"CAST({self.q(col)} AS VARCHAR) IN ({in_list(stages['buy'])})", col, stages["buy"]

    def purchase_filter(self) -> str | None:
        """Purchases only, for analyses of buying (rfm, repurchase, copurchase) on a mixed event log."""
        found = self.buy_condition()
        if found is None:
            if "event" in self.used:
                self.notes.append(f"event column {self.used['event']} has no purchase value; all rows were used")
            return None
        cond, col, values = found
        self.summary["purchase_filter"] = {"column": col.name, "values": values}
        return cond


def _ts(epoch_s: float) -> datetime:
    return datetime(1970, 1, 1) + timedelta(seconds=round(epoch_s))


def where_all(*conds: str | None) -> str:
    parts = [c for c in conds if c]
    return " WHERE " + " AND ".join(f"({c})" for c in parts) if parts else ""
