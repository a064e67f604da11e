"""Labelled columns for the column-type model: real SOTAB columns, generated columns, user corrections."""
from __future__ import annotations

import csv
import os
import re
from pathlib import Path
from typing import Any

from finetune.data import Examples
from pandian.workspace import Workspace
from tools.classify.serialize import serialize

# SOTAB v2 (schema.org) labels -> pandian's taxonomy; labels with no sound counterpart are left out
SOTAB_TO_TAXONOMY: dict[str, str] = {
    "name of product": "product_title", "name of book": "product_title", "name of movie": "product_title",
    "duration": "duration", "price": "price", "price range": "price", "item availability": "categorical_code",
    "book format": "categorical_code", "item condition": "categorical_code", "language": "categorical_code",
    "unit code": "categorical_code", "delivery method": "categorical_code", "restricted diet": "categorical_code",
    "payment accepted": "categorical_code", "unit text": "categorical_code", "date": "date",
    "date and time": "timestamp", "time": "timestamp", "currency": "currency",
    "description of product": "description", "description of recipe": "description",
    "description of book": "description", "description of movie": "description", "mass": "numeric_measure",
    "weight": "numeric_measure", "energy": "numeric_measure", "distance": "numeric_measure",
    "quantitative value": "numeric_measure", "number": "numeric_measure", "rating": "rating",
    "category": "category_name", "review": "review_text", "identifier": "identifier", "url": "url",
    "photograph": "url", "name of person": "person_name", "brand": "brand", "product model": "item_id",
    "country": "region", "locality of address": "region", "telephone": "phone_number",
    "postal code": "postal_code", "postal address": "address", "street address": "address",
    "boolean": "boolean_flag", "day of week": "time_part", "opening hours": "free_text",
    "name of recipe": "free_text", "name of restaurant": "free_text", "itemlist": "free_text",
}
_ISO_DURATION = re.compile(r"P(\d+[YMWD])*(T(\d+(\.\d+)?[HMS])+)?", re.I)
FEEDBACK_WEIGHT = 5  # a user's correction counts as several examples


def shared_data_dir() -> Path | None:
    env = os.environ.get("PANDIAN_SHARED")
    here = Path(__file__).resolve().parents[2]
    for cand in ([Path(env) / "data"] if env else []) + [here.parent / "shared" / "data", here / "data"]:
        if (cand / "column_types" / "sotab_v2_columns.csv").exists():
            return cand
    return None


def sotab_rows(path: Path | None = None) -> list[dict[str, Any]]:
    """SOTAB columns with the taxonomy label, their table id and values list."""
    data = path or (shared_data_dir() / "column_types" / "sotab_v2_columns.csv" if shared_data_dir() else None)
    if data is None or not Path(data).exists():
        return []
    out = []
    with open(data, encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            label = SOTAB_TO_TAXONOMY.get(r["label"])
            if label is None:
                continue
            vals = [x.strip() for x in r["values"].split(" || ")]
            label = refine_label(r["label"], label, vals)
            out.append({"table_id": r["table_id"], "split": r["split"], "header": r.get("column_header") or "",
                        "values": vals, "label": label, "sotab_label": r["label"]})
    return out


def refine_label(sotab: str, label: str, values: list[str]) -> str:
    """schema.org's cookTime / prepTime are labelled "time" but hold ISO 8601 durations (PT50M): elapsed time,
    which the taxonomy calls duration. Keeping "timestamp" there would teach the model a contradiction."""
    filled = [v for v in values if v]
    if sotab == "time" and filled and sum(1 for v in filled if len(v) > 1 and _ISO_DURATION.fullmatch(v)) >= 0.9 * len(filled):
        return "duration"
    return label


def synth_rows(n_per_type: int = 30, seed: int = 0) -> list[dict[str, Any]]:
    """Generated columns as rows (header, values, label), for the models that read values, not text."""
    from tools.classify.synth import generate_columns

    return [{"header": c.header, "values": c.values, "label": c.label}
            for c in generate_columns(n_per_type=n_per_type, seed=seed)]


def synth_examples(n_per_type: int = 30, seed: int = 0) -> Examples:
    rows = synth_rows(n_per_type, seed)
    return Examples([serialize(r["header"], r["values"]) for r in rows], [r["label"] for r in rows])


def feedback_examples(ws: Workspace) -> Examples:
    from pandian.catalog import Catalog

    cat = Catalog(ws.catalog_url)
    try:
        texts, labels = [], []
        for fb in cat.feedback(kind="column_type"):
            if fb.text and fb.value:
                texts += [fb.text] * FEEDBACK_WEIGHT
                labels += [fb.value] * FEEDBACK_WEIGHT
        return Examples(texts, labels)
    finally:
        cat.close()


def values_of_text(text: str) -> list[str]:
    """The sample values inside a serialised column (feedback stored before values were kept beside it)."""
    _, sep, tail = text.rpartition("| values: ")
    return [v for v in tail.split(" ; ") if v] if sep else []


def feedback_rows(ws: Workspace) -> list[dict[str, Any]]:
    """Users' column-type corrections as rows (header, values, label) for the column-statistics model, each
    counted FEEDBACK_WEIGHT times as in the text model's examples."""
    from pandian.catalog import Catalog

    cat = Catalog(ws.catalog_url)
    try:
        fbs = [fb for fb in cat.feedback(kind="column_type") if fb.value]
        kept = cat.feedback_values([fb.id for fb in fbs])
    finally:
        cat.close()
    rows = []
    for fb in fbs:
        values = kept.get(fb.id) or values_of_text(fb.text or "")
        if values:
            rows += [{"header": fb.target.split(".", 1)[-1], "values": values, "label": fb.value}] * FEEDBACK_WEIGHT
    return rows


def training_rows(sotab_tables: set[str] | None = None) -> list[dict[str, Any]]:
    """The SOTAB columns the built-in model learns from (whole tables, so table context can be learned too)."""
    rows = sotab_rows()
    if sotab_tables is not None:
        rows = [r for r in rows if r["table_id"] in sotab_tables]
    limit = os.environ.get("PANDIAN_COLUMN_SOTAB_MAX")  # tests train a small model on less data
    if limit is not None:
        rows = rows[: int(limit)]
    return rows


def build_examples(ws: Workspace, n_per_type: int = 30, seed: int = 0,
                   sotab_tables: set[str] | None = None) -> tuple[Examples, dict[str, Any]]:
    rows = training_rows(sotab_tables)
    sotab = Examples([serialize(r["header"], r["values"]) for r in rows], [r["label"] for r in rows])
    synth = synth_examples(n_per_type, seed)
    fb = feedback_examples(ws)
    return sotab + synth + fb, {"n_sotab": len(sotab), "n_synthetic": len(synth), "n_feedback": len(fb)}
