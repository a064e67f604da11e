"""Charts of a whole table, aggregated in the warehouse: GROUP BY time bucket or category, binned histograms,
SQL correlations, and systematic samples for scatter plots. Never more than max_points come back.

Masking: a category axis from an L3/L4 column the role may not see is grouped on the masking expression
itself (pandian.security.sql_masks), so raw values never leave the warehouse; raw-value plots of such a
column (histogram, scatter, sum/avg/min/max) are refused.
"""
from __future__ import annotations

import math

from pandian.context import Context
from pandian.errors import PandianError
from pandian.security import masked_levels
from pandian.security.sql_masks import mask_expr
from pandian.warehouse.base import quote_ident
from tools.analyze.columns import DIMENSION_TYPES, Column, TableInfo, table_info
from tools.analyze.common import Job
from tools.analyze.sqlkit import Runner, jsonable, num, value_expr
from tools.analyze.trend import auto_grain
from tools.chart.labels import agg_label, col_label, grain_word, join_title, word
from tools.chart.plot import Plot

ID_TYPES = ("user_id", "item_id", "order_id", "category_id", "shop_id", "ad_id", "session_id", "identifier",
            "postal_code", "phone_number", "national_id", "bank_card", "device_id", "ip_address", "event_label",
            "boolean_flag", "categorical_code", "time_part", "timestamp", "date")
TIME_TYPES = ("timestamp", "date")
BAR_MAX, PIE_MAX, HEAT_MAX, HIST_BINS, CORR_MAX = 30, 9, 30, 40, 12
GRAIN_SECONDS = {"hour": 3600, "day": 86400, "week": 7 * 86400, "month": 31 * 86400}


def is_time(c: Column) -> bool:
    return c.semantic in TIME_TYPES or c.logical in ("timestamp", "date")


MEASURE_TEXT_TYPES = ("price", "quantity", "count_metric", "rate_metric", "rating")


def is_measure(c: Column) -> bool:
    """Numbers worth summing or binning; text amounts ('¥12.50') count too, ids and epochs do not."""
    if c.logical == "string":
        return c.semantic in MEASURE_TEXT_TYPES
    return c.numeric and c.semantic not in ID_TYPES and not is_time(c)


def is_category(c: Column) -> bool:
    return not is_time(c) and not is_measure(c) and c.semantic not in ("review_text", "description", "url")


class TableChart:
    """Plans and runs one chart of a table."""

    def __init__(self, ctx: Context, table: str, role: str, lang: str, max_points: int):
        self.info: TableInfo = table_info(ctx, table)
        self.run = Runner(ctx.warehouse)
        self.hidden = masked_levels(role)
        self.role, self.lang, self.max_points = role, lang, max_points
        self.t = quote_ident(self.info.name)
        self.masked: dict[str, str] = {}

    # --- helpers ------------------------------------------------------------------------------------

    def label(self, c: Column) -> str:
        return col_label(c.name, c.semantic, self.lang)

    def hidden_col(self, c: Column) -> bool:
        return c.sensitivity in self.hidden

    def category_expr(self, c: Column) -> str:
        if self.hidden_col(c):
            self.masked[c.name] = c.sensitivity or ""
            return mask_expr(c.name, c.semantic, c.sensitivity or "L3")
        return quote_ident(c.name)

    def refuse_raw(self, c: Column, what: str) -> None:
        if self.hidden_col(c):
            raise PandianError(f"{what} would show raw values of {c.name}, a {c.sensitivity} column hidden from "
                               f"role {self.role}", hint="use agg count / count_distinct, or a role that may see it")

    def col(self, name: str | None, flag: str) -> Column | None:
        return self.info.require_column(name, flag) if name else None

    def first(self, test) -> Column | None:
        return next((c for c in self.info.columns if test(c)), None)

    def measure(self, y: Column | None, agg: str | None) -> tuple[str, str]:
        """(SQL aggregate, axis label) for the y of a grouped chart."""
        if y is None:
            return "count(*)", word("count", self.lang)
        agg = agg or ("sum" if is_measure(y) else "count_distinct")
        if agg == "count":
            return "count(*)", word("count", self.lang)
        if agg == "count_distinct":
            return f"count(DISTINCT {quote_ident(y.name)})", agg_label(agg, self.label(y), self.lang)
        self.refuse_raw(y, f"{agg} of {y.name}")
        if not (y.numeric or y.logical == "string"):
            raise PandianError(f"cannot take {agg} of {y.name} ({y.sql_type})", hint="use --agg count")
        return f"{agg}({value_expr(y)})", agg_label(agg, self.label(y), self.lang)

    def category_column(self) -> Column | None:
        for t in DIMENSION_TYPES:
            c = self.first(lambda c, t=t: c.semantic == t and is_category(c) and (c.distinct or 0) <= 10_000)
            if c is not None:
                return c
        return self.first(lambda c: is_category(c) and c.logical == "string")

    # --- kinds --------------------------------------------------------------------------------------

    def line(self, x: Column, y: Column | None, agg: str | None, grain: str | None) -> Plot:
        job = Job(run=self.run, info=self.info, kind="chart", overrides={})
        texpr, where = job.time(x)
        span = job.summary["time"]["span_s"]
        g = grain or auto_grain(span)
        for cand in ("hour", "day", "week", "month"):  # coarsen until the points fit
            if GRAIN_SECONDS[cand] >= GRAIN_SECONDS[g] and span / GRAIN_SECONDS[cand] < self.max_points:
                g = cand
                break
        expr, ylab = self.measure(y, agg)
        rows = self.run.rows(f"SELECT date_trunc('{g}', {texpr}) AS b, {expr} AS v FROM {self.t} WHERE {where} "
                             f"GROUP BY 1 ORDER BY 1")
        rows = rows[: self.max_points]
        p = Plot("line", join_title(f"{grain_word(g, self.lang)} {ylab}" if self.lang != "zh"
                                    else f"{grain_word(g, self.lang)}{ylab}", self.info.name, self.lang),
                 x_label=self.label(x), y_label=ylab, x=[jsonable(r[0]) for r in rows],
                 series={ylab: [num(r[1]) for r in rows]}, aggregated=True, notes=list(job.notes))
        p.notes.insert(0, self._agg_note(len(rows), f"GROUP BY {g}"))
        return p

    def bar(self, x: Column, y: Column | None, agg: str | None, pie: bool) -> Plot:
        expr, ylab = self.measure(y, agg)
        top = PIE_MAX if pie else BAR_MAX
        k = self.category_expr(x)
        rows = self.run.rows(f"SELECT {k} AS k, {expr} AS v, count(*) OVER () AS n, sum({expr}) OVER () AS total "
                             f"FROM {self.t} GROUP BY 1 ORDER BY 2 DESC NULLS LAST, 1 LIMIT {top}")
        n_keys = int(rows[0][2]) if rows else 0
        keys = [word("null", self.lang) if r[0] is None else str(jsonable(r[0])) for r in rows]
        vals = [num(r[1]) for r in rows]
        notes = [self._agg_note(n_keys, f"GROUP BY {x.name}")]
        if n_keys > len(rows):
            notes.append(f"top {len(rows)} of {n_keys:,} values" if self.lang != "zh"
                         else f"仅显示前 {len(rows)} 个（共 {n_keys:,} 个）")
            if pie and rows[0][3] is not None and expr.startswith(("count(*)", "sum(")):
                keys.append(word("other", self.lang))
                vals.append(num(rows[0][3]) - sum(v or 0 for v in vals))
        title = (f"{ylab.capitalize()} by {self.label(x)}" if self.lang != "zh" else f"按{self.label(x)}的{ylab}")
        return Plot("pie" if pie else "bar", join_title(title, self.info.name, self.lang), x_label=self.label(x),
                    y_label=ylab, x=keys, series={ylab: vals}, aggregated=True, notes=notes)

    def histogram(self, c: Column) -> Plot:
        self.refuse_raw(c, f"a histogram of {c.name}")
        v = value_expr(c)
        n, lo, hi, qlo, qhi = self.run.rows(
            f"SELECT count({v}), min({v}), max({v}), {self.run.quantile(v, 0.005)}, {self.run.quantile(v, 0.995)} "
            f"FROM {self.t}")[0]
        if not n:
            raise PandianError(f"column {c.name} has no numeric values to plot")
        lo, hi, qlo, qhi = (float(x) for x in (lo, hi, qlo, qhi))
        notes = []
        where = f"{v} IS NOT NULL"
        if qhi > qlo and (hi - lo) > 20 * (qhi - qlo):  # a few wild values would squash every bar into one
            lo, hi = qlo, qhi
            where = f"{v} BETWEEN {qlo!r} AND {qhi!r}"
            notes.append("values outside the 0.5%..99.5% range left out" if self.lang != "zh"
                         else "已略去 0.5%..99.5% 分位之外的极端值")
        if c.logical == "integer":  # whole-number bins, so ages 16..75 read 16, 18, 20 ...
            width = float(max(1, math.ceil((hi - lo + 1) / HIST_BINS)))
            bins = int((hi - lo) // width) + 1
        else:
            bins = HIST_BINS
            width = (hi - lo) / bins or 1.0
        rows = self.run.rows(f"SELECT least(CAST(floor(({v} - {lo!r}) / {width!r}) AS BIGINT), {bins - 1}) AS b, "
                             f"count(*) FROM {self.t} WHERE {where} GROUP BY 1 ORDER BY 1")
        counts = {int(b): int(k) for b, k in rows}
        xs = [lo + i * width for i in range(bins)]
        ylab = word("count", self.lang)
        p = Plot("histogram", join_title(f"{self.label(c)} distribution" if self.lang != "zh"
                                         else f"{self.label(c)}分布", self.info.name, self.lang),
                 x_label=self.label(c), y_label=ylab, x=xs, series={ylab: [counts.get(i, 0) for i in range(bins)]},
                 bin_width=width, aggregated=True)
        p.notes = [self._agg_note(bins, f"{bins} bins")] + notes
        return p

    def scatter(self, x: Column, y: Column) -> Plot:
        for c in (x, y):
            self.refuse_raw(c, f"a scatter plot of {c.name}")
        vx, vy = value_expr(x), value_expr(y)
        step = max(1, math.ceil(self.info.rows / self.max_points))
        has_row_id = "_row_id" in {n for n, _ in self.run.wh.columns(self.info.name)}
        sample = f" AND _row_id % {step} = 0" if step > 1 and has_row_id else ""
        rows = self.run.rows(f"SELECT {vx}, {vy} FROM {self.t} WHERE {vx} IS NOT NULL AND {vy} IS NOT NULL{sample} "
                             f"LIMIT {self.max_points}")
        p = Plot("scatter", join_title(f"{self.label(y)} vs {self.label(x)}", self.info.name, self.lang),
                 x_label=self.label(x), y_label=self.label(y), x=[num(r[0]) for r in rows],
                 series={self.label(y): [num(r[1]) for r in rows]})
        if step > 1:
            p.sampled = True
            p.notes.append(f"sampled {len(rows):,} of {self.info.rows:,} rows (every {step}th row)"
                           if self.lang != "zh" else f"抽样 {len(rows):,} / {self.info.rows:,} 行（每 {step} 行取 1 行）")
        return p

    def correlation(self, cols: list[Column]) -> Plot:
        cols = cols[:CORR_MAX]
        if len(cols) < 2:
            raise PandianError(f"a correlation heatmap needs two numeric columns; {self.info.name} has {len(cols)}",
                               hint="pass --x and --y")
        for c in cols:
            self.refuse_raw(c, f"a correlation of {c.name}")
        pairs = [(i, j) for i in range(len(cols)) for j in range(i + 1, len(cols))]
        exprs = [f"corr({value_expr(cols[i])}, {value_expr(cols[j])})" for i, j in pairs]
        row = self.run.rows(f"SELECT {', '.join(exprs)} FROM {self.t}")[0]
        z = [[1.0 if i == j else None for j in range(len(cols))] for i in range(len(cols))]
        for (i, j), v in zip(pairs, row):
            z[i][j] = z[j][i] = round(float(v), 4) if v is not None else None
        labels = [self.label(c) for c in cols]
        return Plot("heatmap", join_title(word("correlation", self.lang), self.info.name, self.lang), x=labels,
                    y_cats=labels, z=z, zrange=(-1.0, 1.0), aggregated=True,
                    notes=[self._agg_note(len(cols) ** 2, "corr()")])

    def counts_heatmap(self, x: Column, y: Column) -> Plot:
        kx, ky = self.category_expr(x), self.category_expr(y)
        rows = self.run.rows(
            f"WITH g AS (SELECT {kx} AS a, {ky} AS b, count(*) AS n FROM {self.t} GROUP BY 1, 2), "
            f"ta AS (SELECT a FROM g GROUP BY a ORDER BY sum(n) DESC, a LIMIT {HEAT_MAX}), "
            f"tb AS (SELECT b FROM g GROUP BY b ORDER BY sum(n) DESC, b LIMIT {HEAT_MAX}) "
            f"SELECT g.a, g.b, g.n FROM g JOIN ta ON g.a = ta.a JOIN tb ON g.b = tb.b")
        xs = sorted({str(jsonable(r[0])) for r in rows})
        ys = sorted({str(jsonable(r[1])) for r in rows})
        cell = {(str(jsonable(a)), str(jsonable(b))): int(n) for a, b, n in rows}
        z = [[cell.get((a, b), 0) for a in xs] for b in ys]
        ylab = word("count", self.lang)
        return Plot("heatmap", join_title(f"{ylab}: {self.label(y)} × {self.label(x)}", self.info.name, self.lang),
                    x_label=self.label(x), y_label=self.label(y), x=xs, y_cats=ys, z=z, aggregated=True,
                    notes=[self._agg_note(len(xs) * len(ys), f"GROUP BY {x.name}, {y.name}")])

    def _agg_note(self, points: int, how: str) -> str:
        if self.lang == "zh":
            return f"已在数据仓库中把 {self.info.rows:,} 行聚合为 {points:,} 组（{how}）"
        return f"aggregated {self.info.rows:,} rows in the warehouse into {points:,} groups ({how})"


def table_plot(ctx: Context, table: str, x: str | None, y: str | None, agg: str | None, kind: str, role: str,
               lang: str, max_points: int, grain: str | None = None) -> tuple[Plot, dict[str, str]]:
    tc = TableChart(ctx, table, role, lang, max_points)
    xc, yc = tc.col(x, "--x"), tc.col(y, "--y")
    measures = [c for c in tc.info.columns if is_measure(c)]
    if kind == "auto":
        kind = _auto(tc, xc, yc, measures)
    name = tc.info.name
    if kind == "line":
        xc = xc or tc.first(is_time)
        if xc is None:
            raise PandianError(f"a line chart needs a time column for x; table {name} has none", hint="pass --x")
        plot = tc.line(xc, yc, agg, grain) if is_time(xc) else tc.bar(xc, yc, agg, pie=False)
        if not is_time(xc):
            plot.kind = "line"
    elif kind in ("bar", "pie"):
        xc = xc or tc.category_column()
        if xc is None:
            raise PandianError(f"a {kind} chart needs a category column for x; table {name} has none",
                               hint="pass --x")
        plot = tc.line(xc, yc, agg, grain) if is_time(xc) and kind == "bar" else tc.bar(xc, yc, agg, kind == "pie")
        plot.kind = kind
    elif kind == "histogram":
        c = xc or yc or (measures[0] if measures else None)
        if c is None:
            raise PandianError(f"a histogram needs a numeric column; table {name} has none", hint="pass --x")
        plot = tc.histogram(c)
    elif kind == "scatter":
        pair = [c for c in (xc, yc) if c is not None] or measures[:2]
        if len(pair) < 2:
            pair = (pair + [m for m in measures if m not in pair])[:2]
        if len(pair) < 2:
            raise PandianError(f"a scatter plot needs two numeric columns; table {name} has {len(measures)}",
                               hint="pass --x and --y")
        plot = tc.scatter(pair[0], pair[1])
    elif kind == "heatmap":
        if xc is not None and yc is not None and not (is_measure(xc) and is_measure(yc)):
            plot = tc.counts_heatmap(xc, yc)
        else:
            plot = tc.correlation([c for c in (xc, yc) if c is not None] or measures)
    else:
        raise PandianError(f"unknown chart kind {kind!r}")
    return plot, tc.masked


def _auto(tc: TableChart, x: Column | None, y: Column | None, measures: list[Column]) -> str:
    """time x -> line; category x -> bar; numeric x -> histogram (scatter with a numeric y);
    no x: a time column -> line, else several numeric columns -> heatmap, one -> histogram, else bar."""
    if x is not None:
        if is_time(x):
            return "line"
        if is_measure(x):
            return "scatter" if y is not None and is_measure(y) else "histogram"
        return "bar"
    if y is not None and is_measure(y):
        return "histogram"
    if tc.first(is_time) is not None:
        return "line"
    if len(measures) >= 2:
        return "heatmap"
    if len(measures) == 1:
        return "histogram"
    return "bar"
