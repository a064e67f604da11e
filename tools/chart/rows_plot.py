"""Charts of rows already in hand (a run_sql answer or caller data): kinds inferred from the values.

The rows are few (run_sql is capped at max_points, and masked by role before they get here).
"""
from __future__ import annotations

import math
import re
from datetime import date, datetime
from typing import Any

from pandian.errors import PandianError
from tools.chart.labels import col_label, word
from tools.chart.plot import Plot

_ISO = re.compile(r"^\d{4}-\d{2}(-\d{2})?([ T]\d{2}:\d{2}(:\d{2})?)?")
BAR_MAX, PIE_MAX, HIST_BINS = 30, 9, 40


def _kind_of(values: list[Any]) -> str:
    vals = [v for v in values if v is not None]
    if not vals:
        return "category"
    if all(isinstance(v, (datetime, date)) or (isinstance(v, str) and _ISO.match(v)) for v in vals):
        return "time"
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in vals):
        return "number"
    return "category"


def _num(v: Any) -> float | None:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


def rows_plot(columns: list[str], rows: list[list[Any]], x: str | None, y: str | None, kind: str, lang: str,
              max_points: int, semantic: dict[str, str | None] | None = None, title: str | None = None) -> Plot:
    if not columns:
        raise PandianError("nothing to chart: no columns")
    if not rows:
        raise PandianError("nothing to chart: the data has no rows")
    semantic = semantic or {}
    notes: list[str] = []
    truncated = len(rows) > max_points
    if truncated:
        notes.append(f"first {max_points:,} of {len(rows):,} rows plotted" if lang != "zh"
                     else f"仅绘制前 {max_points:,} 行（共 {len(rows):,} 行）")
        rows = rows[:max_points]
    idx = {c: i for i, c in enumerate(columns)}
    for name, flag in ((x, "--x"), (y, "--y")):
        if name and name not in idx:
            raise PandianError(f"{flag} {name!r} is not a column of the data", hint="columns: " + ", ".join(columns))
    col = {c: [r[idx[c]] for r in rows] for c in columns}
    kinds = {c: _kind_of(v) for c, v in col.items()}
    numeric = [c for c in columns if kinds[c] == "number"]
    label = {c: col_label(c, semantic.get(c), lang) for c in columns}
    if kind == "auto":
        if x is None and len(numeric) == len(columns):
            kind = "histogram" if len(numeric) == 1 else "heatmap"
        else:
            xc = x or columns[0]
            if kinds[xc] == "time":
                kind = "line"
            elif kinds[xc] == "number":
                kind = "scatter" if (y or len(numeric) >= 2) else "histogram"
            else:
                kind = "bar"
    if kind == "heatmap":
        cols = [c for c in ([x, y] if x and y else numeric) if c and kinds[c] == "number"]
        return _corr(cols, col, label, notes, lang, title)
    if kind == "histogram":
        c = x or y or (numeric[0] if numeric else None)
        if c is None or kinds[c] != "number":
            raise PandianError("a histogram needs a numeric column", hint="pass --x")
        return _hist(c, col[c], label[c], notes, lang, title)
    xc = x or columns[0]
    ys = [y] if y else [c for c in numeric if c != xc]
    if not ys:
        raise PandianError(f"a {kind} chart needs a numeric column besides {xc}", hint="pass --y")
    xs = col[xc]
    series = {label[c]: [_num(v) for v in col[c]] for c in ys}
    if kind == "line" and kinds[xc] == "time":
        order = sorted(range(len(xs)), key=lambda i: str(xs[i]))
        xs = [xs[i] for i in order]
        series = {k: [v[i] for i in order] for k, v in series.items()}
    if kind in ("bar", "pie"):
        xs, series = _merge_duplicates(xs, series, notes, lang)
        top = PIE_MAX if kind == "pie" else BAR_MAX
        if len(xs) > top:
            first = next(iter(series.values()))
            order = sorted(range(len(xs)), key=lambda i: -(first[i] or 0))[:top]
            notes.append(f"top {top} of {len(xs):,} values" if lang != "zh" else f"仅显示前 {top} 个（共 {len(xs):,} 个）")
            xs = [xs[i] for i in order]
            series = {k: [v[i] for i in order] for k, v in series.items()}
        xs = [word("null", lang) if v is None else str(v) for v in xs]
    if kind == "scatter":
        series = dict(list(series.items())[:1])
    first_label = next(iter(series))
    auto_title = (f"{first_label.capitalize()} by {label[xc]}" if lang != "zh" else f"按{label[xc]}的{first_label}")
    return Plot(kind, title or auto_title, x_label=label[xc], y_label=first_label, x=list(xs), series=series,
                notes=notes, sampled=truncated)


def _merge_duplicates(xs: list[Any], series: dict[str, list[Any]], notes: list[str],
                      lang: str) -> tuple[list[Any], dict[str, list[Any]]]:
    """One bar per category: repeated x values (raw rows, or values that coincide once masked) are summed."""
    keys: dict[Any, int] = {}
    for v in xs:
        keys.setdefault(v, len(keys))
    if len(keys) == len(xs):
        return xs, series
    merged = {name: [0.0] * len(keys) for name in series}
    for i, v in enumerate(xs):
        for name, ys in series.items():
            merged[name][keys[v]] += ys[i] or 0
    notes.append(f"{len(xs):,} rows summed into {len(keys):,} categories" if lang != "zh"
                 else f"{len(xs):,} 行按类别合计为 {len(keys):,} 个")
    return list(keys), merged


def _hist(name: str, values: list[Any], lab: str, notes: list[str], lang: str, title: str | None) -> Plot:
    vals = [f for f in (_num(v) for v in values) if f is not None]
    lo, hi = min(vals), max(vals)
    integer = all(float(v).is_integer() for v in vals) and hi - lo + 1 <= HIST_BINS
    bins = int(hi - lo + 1) if integer else HIST_BINS
    width = 1.0 if integer else ((hi - lo) / bins or 1.0)
    counts = [0] * bins
    for v in vals:
        counts[min(int((v - lo) // width), bins - 1)] += 1
    return Plot("histogram", title or (f"{lab} distribution" if lang != "zh" else f"{lab}分布"), x_label=lab,
                y_label=word("count", lang), x=[lo + i * width for i in range(bins)],
                series={word("count", lang): counts}, bin_width=width, notes=notes)


def _corr(cols: list[str], col: dict[str, list[Any]], label: dict[str, str], notes: list[str], lang: str,
          title: str | None) -> Plot:
    if len(cols) < 2:
        raise PandianError("a correlation heatmap needs two numeric columns", hint="pass --x and --y")
    import numpy as np

    data = np.array([[_num(v) if _num(v) is not None else np.nan for v in col[c]] for c in cols], dtype=float)
    z: list[list[float | None]] = []
    for i in range(len(cols)):
        row: list[float | None] = []
        for j in range(len(cols)):
            ok = ~np.isnan(data[i]) & ~np.isnan(data[j])
            a, b = data[i][ok], data[j][ok]
            r = float(np.corrcoef(a, b)[0, 1]) if len(a) > 1 and a.std() > 0 and b.std() > 0 else None
            row.append(round(r, 4) if r is not None else None)
        z.append(row)
    labels = [label[c] for c in cols]
    return Plot("heatmap", title or word("correlation", lang), x=labels, y_cats=labels, z=z, zrange=(-1.0, 1.0),
                notes=notes)
