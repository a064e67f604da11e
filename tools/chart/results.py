"""analyze_table results -> Plot: funnel as a funnel, trend as lines, topn/copurchase/repurchase as bars,
RFM as a pie of segments. The result is already aggregated and masked, so nothing is queried here."""
from __future__ import annotations

from typing import Any

from pandian.errors import PandianError
from tools.analyze.stages import STAGE_LABELS
from tools.chart.labels import KIND_TITLES, col_label, grain_word, join_title, word
from tools.chart.plot import Plot

ANALYSIS_KINDS = ("funnel", "rfm", "copurchase", "repurchase", "trend", "topn")


def is_analysis(data: dict[str, Any]) -> bool:
    return data.get("kind") in ANALYSIS_KINDS and "columns_used" in data and "rows" in data


def _col(result: dict[str, Any], name: str) -> list[Any]:
    i = result["columns"].index(name)
    return [r[i] for r in result["rows"]]


def plot_from_result(result: dict[str, Any], lang: str = "en", title: str | None = None) -> Plot:
    if not is_analysis(result):
        raise PandianError("not an analyze_table result", hint="pass the dict analyze_table returned")
    kind, table = result["kind"], result.get("table")
    summary = result.get("summary", {})
    zh = lang == "zh"
    en_t, zh_t = KIND_TITLES[kind]
    fmt = zh_t if zh else en_t
    p: Plot
    if kind == "funnel":
        basis = summary.get("basis", "users")
        p = Plot("funnel", "", x=[STAGE_LABELS[lang][s] for s in _col(result, "stage")],
                 series={word(basis, lang): _col(result, basis)}, x_label=word(basis, lang))
        main = fmt.format(basis=word(basis, lang))
    elif kind == "trend":
        grain = summary.get("grain", "day")
        series = {word(c, lang): _col(result, c) for c in ("events", "users", "buys", "value_sum")
                  if c in result["columns"]}
        p = Plot("line", "", x=_col(result, "bucket"), series=series, x_label=word("bucket", lang),
                 y_label=word("events", lang))
        if "value_sum" in result["columns"]:
            p.secondary = [word("value_sum", lang)]
            p.y2_label = word("value_sum", lang)
        main = fmt.format(grain=grain_word(grain, lang))
    elif kind == "topn":
        dim = result["columns_used"].get("group", "key")
        measure = summary.get("ranked_by", "events")
        keys = _labels(_col(result, "key"))
        dim_label = col_label(dim, result.get("semantic_types", {}).get(dim), lang)
        p = Plot("bar", "", x=keys, series={word(measure, lang): _col(result, measure)}, x_label=dim_label,
                 y_label=word(measure, lang))
        main = fmt.format(n=len(keys), dim=dim_label, measure=word(measure, lang))
    elif kind == "rfm":
        names = _col(result, "label_zh") if zh else _col(result, "segment")
        p = Plot("pie", "", x=names, series={word("users", lang): _col(result, "users")},
                 x_label=word("segment", lang), y_label=word("users", lang))
        main = fmt
    elif kind == "copurchase":
        pairs = _labels([f"{a} + {b}" for a, b in zip(_col(result, "item_a"), _col(result, "item_b"))])
        p = Plot("bar", "", x=pairs, series={word("lift", lang): _col(result, "lift")}, x_label=word("pair", lang),
                 y_label=word("lift", lang))
        main = fmt
    else:  # repurchase
        p = Plot("bar", "", x=_col(result, "interval_days"), series={word("intervals", lang): _col(result, "intervals")},
                 x_label=word("interval_days", lang), y_label=word("intervals", lang))
        rate = summary.get("repurchase_rate")
        main = fmt + (f"（复购率 {rate:.1%}）" if zh else f" (repurchase rate {rate:.1%})") if rate is not None else fmt
    p.title = title or join_title(main, table, lang)
    p.aggregated = True
    p.notes = list(result.get("notes", []))
    return p


def _labels(values: list[Any]) -> list[str]:
    """Category labels; masked values can coincide, so duplicates get their rank to stay separate bars."""
    text = [str(v) for v in values]
    if len(set(text)) == len(text):
        return text
    return [f"#{i + 1} {t}" for i, t in enumerate(text)]
