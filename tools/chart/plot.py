"""A small, already-aggregated chart description -> plotly Figure -> self-contained offline HTML.

Why a description first: the warehouse does the aggregation, so what reaches plotly is at most a few
thousand points; the same description feeds the HTML file and the Gradio app's inline plot.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import plotly.graph_objects as go

FONT = "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, Arial, sans-serif"
# plotly.js embeds one network default (the topojson URL for geo maps, which pandian never draws);
# it is blanked so the HTML holds no network address at all and provably works offline.
_TOPOJSON_DEFAULT = '"https://cdn.plot.ly/un/"'


@dataclass
class Plot:
    kind: str  # line | bar | pie | histogram | heatmap | scatter | funnel
    title: str
    x_label: str = ""
    y_label: str = ""
    x: list[Any] = field(default_factory=list)
    series: dict[str, list[Any]] = field(default_factory=dict)  # legend name -> y values (one per x)
    secondary: list[str] = field(default_factory=list)  # series drawn on a right-hand axis
    y2_label: str = ""
    z: list[list[Any]] | None = None  # heatmap cells, rows follow y_cats
    y_cats: list[Any] | None = None
    bin_width: float | None = None  # histogram: x are bin starts, the first series the counts
    zrange: tuple[float, float] | None = None
    aggregated: bool = False
    sampled: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def points(self) -> int:
        if self.kind == "heatmap":
            return sum(len(r) for r in (self.z or []))
        return len(self.x) * max(1, len(self.series)) if self.kind == "line" else len(self.x)


def figure(p: Plot) -> go.Figure:
    """The plotly Figure for a Plot (the Gradio app shows this inline)."""
    fig = go.Figure()
    first = next(iter(p.series.values()), [])
    if p.kind == "line":
        for name, ys in p.series.items():
            fig.add_trace(go.Scatter(x=p.x, y=ys, name=name, mode="lines+markers",
                                     yaxis="y2" if name in p.secondary else "y"))
    elif p.kind == "bar":
        for name, ys in p.series.items():
            fig.add_trace(go.Bar(x=[str(v) for v in p.x], y=ys, name=name))
    elif p.kind == "pie":
        fig.add_trace(go.Pie(labels=[str(v) for v in p.x], values=first, sort=False, textinfo="label+percent"))
    elif p.kind == "funnel":
        fig.add_trace(go.Funnel(y=[str(v) for v in p.x], x=first, textinfo="value+percent initial"))
    elif p.kind == "histogram":
        w = p.bin_width or 1.0
        start = min(p.x) if p.x else 0
        fig.add_trace(go.Histogram(x=[v + w / 2 for v in p.x], y=first, histfunc="sum",
                                   xbins={"start": start, "end": (max(p.x) + w) if p.x else 1, "size": w},
                                   name=next(iter(p.series), "")))
    elif p.kind == "heatmap":
        kw: dict[str, Any] = {"colorscale": "RdBu", "zmid": 0} if p.zrange else {"colorscale": "Blues"}
        if p.zrange:
            kw.update(zmin=p.zrange[0], zmax=p.zrange[1])
        fig.add_trace(go.Heatmap(z=p.z, x=[str(v) for v in p.x], y=[str(v) for v in p.y_cats or []], **kw))
    elif p.kind == "scatter":
        fig.add_trace(go.Scatter(x=p.x, y=first, mode="markers", marker={"size": 5, "opacity": 0.6},
                                 name=next(iter(p.series), "")))
    else:
        raise ValueError(f"unknown plot kind {p.kind}")
    title: dict[str, Any] = {"text": p.title}
    if p.notes:  # under the title, where rotated category labels cannot collide with it
        title["subtitle"] = {"text": "; ".join(p.notes)[:300], "font": {"size": 11, "color": "#666"}}
    layout: dict[str, Any] = {
        "title": title, "template": "plotly_white", "font": {"family": FONT},
        "xaxis": {"title": {"text": p.x_label}},
        "yaxis": {"title": {"text": p.y_label}, **({"rangemode": "tozero"} if p.kind in ("line", "bar") else {})},
        "showlegend": len(p.series) > 1 or p.kind == "pie", "margin": {"t": 90 if p.notes else 70},
    }
    if p.secondary:
        layout["yaxis2"] = {"title": {"text": p.y2_label}, "overlaying": "y", "side": "right", "showgrid": False,
                            "rangemode": "tozero"}
    fig.update_layout(**layout)
    return fig


def write_html(fig: go.Figure, out: Path) -> Path:
    """One self-contained HTML file with plotly.js inside: opens without a network."""
    out = Path(out).expanduser()
    html = fig.to_html(include_plotlyjs=True, full_html=True, include_mathjax=False,
                       config={"displaylogo": False, "responsive": True})
    html = html.replace(_TOPOJSON_DEFAULT, '"topojson/"')
    tmp = out.with_name(f".{out.name}.{os.getpid()}.partial")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(html, encoding="utf-8")
        tmp.replace(out)
    except OSError as exc:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass  # nothing was written there
        from pandian.errors import PandianError

        raise PandianError(f"cannot write the chart to {out}: {exc.strerror or exc}",
                           hint="choose another --out (a folder you can write to)") from exc
    return out
