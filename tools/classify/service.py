"""Apply column classification to the catalog, and take users' corrections (which win, and teach)."""
from __future__ import annotations

import logging
import re
from typing import Any

from finetune.registry import Registry
from pandian.catalog import Catalog, ColumnMeta
from pandian.errors import PandianError
from pandian.workspace import Workspace
from tools.classify.headers import is_anonymous, tokens
from tools.classify.serialize import serialize
from tools.classify.taxonomy import TYPES, level_of

log = logging.getLogger(__name__)
TASK = "column-type"


def column_model(ws: Workspace):
    """The promoted column-type model, or None (the rules answer alone until one is trained)."""
    try:
        meta = Registry(ws.models).current(TASK)
    except PandianError as exc:
        log.warning("%s", exc)
        return None
    if meta is None:
        return None
    from finetune.predict import load_model

    try:
        return load_model(meta["path"])
    except PandianError as exc:
        log.warning("%s", exc)
        return None


SAMPLE_SLOTS = 20
_FLOAT_TYPES = ("DOUBLE", "FLOAT", "REAL")
_INTEGRAL_FLOAT = re.compile(r"[+-]?\d+\.0")


def _source_text(value: str, is_float: bool) -> str:
    """A float read back from the warehouse as the file most likely wrote it: 18.0 was `18` (prices next to
    10.99), as in the training columns."""
    return value[:-2] if is_float and _INTEGRAL_FLOAT.fullmatch(value) else value


def column_values(col: ColumnMeta, rows: int | None = None) -> list[str]:
    """A sample that keeps the column's value frequencies and row order, as the training columns (SOTAB
    cells) have them.

    The profile keeps top values with counts and the first distinct values in row order; frequent values are
    repeated in proportion (four rows of "INR" read as INR x4, not as one value), rarer ones appear once, in
    the order the rows have them (never alphabetical).
    """
    prof = col.profile or {}
    is_float = (col.type or "").upper().startswith(_FLOAT_TYPES)
    top = [(_source_text(str(tv["value"]), is_float), int(tv.get("count") or 0))
           for tv in prof.get("top_values", []) if tv.get("value") is not None]
    samples = [_source_text(str(x), is_float) for x in prof.get("samples", []) if x is not None]
    non_null = (rows - int(prof.get("null_count") or 0)) if rows else 0
    non_null = max(non_null, sum(k for _, k in top), 1)
    slots = min(SAMPLE_SLOTS, non_null)  # a four-row table yields four values, like its source
    repeats = {value: round(slots * count / non_null) for value, count in top}
    frequent = [v for v, _ in top if repeats[v] >= 1]
    budget = SAMPLE_SLOTS * 2 - sum(repeats[v] for v in frequent)
    keep = set(frequent)
    for value in list(dict.fromkeys(samples + [v for v, _ in top])):
        if budget <= 0:
            break
        if value not in keep:
            keep.add(value)
            budget -= 1
    out: list[str] = []
    for value in dict.fromkeys(samples + frequent + [v for v, _ in top]):  # row order first
        if value in keep:
            out += [value] * max(1, repeats.get(value, 0))
    return out[: SAMPLE_SLOTS * 2]


def column_header(col: ColumnMeta) -> str:
    return "" if col.unnamed else col.name


def _norm_header(h: str) -> str:
    return " ".join(tokens(h)) if h and not is_anonymous(h) else ""


def correction_memory(catalog: Catalog) -> dict[str, tuple[str, str]]:
    """Header -> (type, where) from users' corrections: a correction applies to same-named columns at once."""
    mem: dict[str, tuple[str, str]] = {}
    for fb in catalog.feedback(kind="column_type"):
        column = fb.target.split(".", 1)[-1]
        key = _norm_header(column)
        if key and fb.value:
            mem[key] = (fb.value, fb.target)
    return mem


def classify_asset(catalog: Catalog, name: str, model=None,
                   memory: dict[str, tuple[str, str]] | None = None) -> dict[str, dict[str, Any]]:
    """Classify every column not labelled by a user; write semantic type, sensitivity, confidence, evidence.

    Columns are classified together, so a column's neighbours (users' labels included) lend it context.
    """
    from tools.classify.columns import Verdict
    from tools.classify.companions import companions_of
    from tools.classify.context import classify_with_context
    from tools.classify.log_roles import log_key_roles

    memory = correction_memory(catalog) if memory is None else memory
    asset = catalog.require(name)
    cols = list(asset.columns)
    updates: dict[str, dict[str, Any]] = {}
    known: list[str | None] = []
    for c in cols:
        remembered = memory.get(_norm_header(column_header(c))) if c.label_source != "user" else None
        if c.label_source == "user":
            known.append(c.semantic_type or "free_text")
        elif remembered is not None:
            typ, where = remembered
            known.append(typ)
            updates[c.name] = {"semantic_type": typ, "sensitivity": level_of(typ), "confidence": 0.95,
                               "evidence": f"same header as {where}, corrected by a user", "label_source": "feedback"}
        else:
            known.append(None)
    values = [column_values(c, asset.rows) for c in cols]
    probs: list[dict[str, float] | None] = [None] * len(cols)
    todo = [i for i, k in enumerate(known) if k is None and values[i]]
    if model is not None and todo:
        texts = [serialize(column_header(cols[i]), values[i]) for i in todo]
        for i, p in zip(todo, model.predict_proba(texts)):
            probs[i] = dict(zip(model.labels, p))
    context = None
    if model is not None and getattr(model, "path", None):  # what serves beside the model, saved in its run
        comp = companions_of(str(model.path))
        probs, context = comp.blend(probs, values), comp.context
    headers = [column_header(c) for c in cols]
    verdicts = classify_with_context(headers, values, probs, context, known)
    settled = [v or (Verdict(k, 1.0, "", "user") if k else None) for v, k in zip(verdicts, known)]
    distinct = [int((c.profile or {}).get("distinct_count") or 0) or None for c in cols]
    for i, role in log_key_roles(headers, values, distinct, settled).items():
        verdicts[i] = role
    for c, verdict in zip(cols, verdicts):
        if verdict is None:
            continue
        updates[c.name] = {"semantic_type": verdict.semantic_type, "sensitivity": verdict.sensitivity,
                           "confidence": round(verdict.confidence, 3), "evidence": verdict.evidence,
                           "label_source": verdict.source}
    catalog.update_columns(name, updates)
    return updates


def classify_all(ws: Workspace, catalog: Catalog, names: list[str] | None = None) -> int:
    model = column_model(ws)
    memory = correction_memory(catalog)
    n = 0
    for name in names if names is not None else catalog.names():
        n += len(classify_asset(catalog, name, model, memory))
    return n


def correct_column(ws: Workspace, catalog: Catalog, target: str, semantic_type: str | None = None,
                   sensitivity: str | None = None, user: str = "owner", comment: str | None = None) -> dict[str, Any]:
    """A correction takes effect in the catalog at once and is kept as a labelled example."""
    if "." not in target:
        raise PandianError(f"expected TABLE.COLUMN, got {target!r}")
    table, column = target.split(".", 1)
    asset = catalog.require(table)
    col = next((c for c in asset.columns if c.name == column), None)
    if col is None:
        names = ", ".join(c.name for c in asset.columns[:15])
        raise PandianError(f"table {table!r} has no column {column!r}", hint=f"columns: {names}")
    if semantic_type is None and sensitivity is None:
        raise PandianError("give --type and/or --sensitivity")
    if semantic_type is not None and semantic_type not in TYPES:
        import difflib

        close = difflib.get_close_matches(semantic_type, list(TYPES), n=3)
        raise PandianError(f"unknown semantic type {semantic_type!r}",
                           hint=f"did you mean {', '.join(close)}?" if close else "see `pandian types`")
    if sensitivity is not None and sensitivity not in ("L1", "L2", "L3", "L4"):
        raise PandianError(f"sensitivity must be one of L1, L2, L3, L4 (got {sensitivity!r})")
    new_type = semantic_type or col.semantic_type
    new_level = sensitivity or (level_of(semantic_type) if semantic_type else col.sensitivity)
    values = column_values(col, asset.rows)
    text = serialize(column_header(col), values)
    if semantic_type is not None:
        catalog.add_feedback(user=user, kind="column_type", target=target, value=semantic_type,
                             previous=col.semantic_type, text=text, comment=comment, values=values)
    if sensitivity is not None:
        catalog.add_feedback(user=user, kind="sensitivity", target=target, value=sensitivity,
                             previous=col.sensitivity, text=text, comment=comment)
    catalog.update_columns(table, {column: {"semantic_type": new_type, "sensitivity": new_level, "confidence": 1.0,
                                            "evidence": f"corrected by {user}", "label_source": "user"}})
    return {"table": table, "column": column, "semantic_type": new_type, "sensitivity": new_level,
            "previous": {"semantic_type": col.semantic_type, "sensitivity": col.sensitivity}, "label_source": "user"}
