"""Cell-level error DETECTION of `clean_table` on the Raha/Baran benchmark tables, next to a naive baseline.

For each dataset in ../shared/data/cleaning (hospital, flights): dirty.csv is scanned into a fresh temporary
workspace with pandian and cleaned with clean_table, unsupervised and with no dataset-specific settings.
Ground truth = the cells where dirty.csv != clean.csv (columns aligned by position, rows by position).
A cell counts as detected when clean_table quarantined it (an entry for that row and column, or a
row-level entry for a removed row) or when its value differs between the source and `__clean`.

Baseline (same script, same ingested table): detected = NULL cells + cells that fail a cast to their
column's dominant type (integer, number or date/time, decided over the column's non-null values).

    .venv/bin/python benchmarks/clean_bench.py [--datasets hospital flights] [--warehouse URL]

Writes benchmarks/out/clean_bench.json and prints it.
"""
from __future__ import annotations

import argparse
import json
import platform
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pandian.context import open_context  # noqa: E402
from tools.clean import CleanArgs, clean_table  # noqa: E402
from tools.ingest.scan import ScanArgs, scan  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "cleaning"
OUT = ROOT / "benchmarks" / "out" / "clean_bench.json"


def truth(ds: Path) -> tuple[pd.DataFrame, set[tuple[int, int]]]:
    """(dirty cells as text, {(row 1-based, column position)} where dirty differs from clean)."""
    dirty = pd.read_csv(ds / "dirty.csv", dtype=str, keep_default_na=False)
    clean = pd.read_csv(ds / "clean.csv", dtype=str, keep_default_na=False)
    if dirty.shape != clean.shape:
        raise SystemExit(f"{ds.name}: dirty {dirty.shape} and clean {clean.shape} differ in shape")
    diff = dirty.to_numpy() != clean.to_numpy()
    return dirty, {(int(r) + 1, int(c)) for r, c in zip(*diff.nonzero())}


def score(found: set[tuple[int, int]], errors: set[tuple[int, int]]) -> dict[str, float | int]:
    tp = len(found & errors)
    p = tp / len(found) if found else 0.0
    r = tp / len(errors) if errors else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"detected": len(found), "true_positives": tp, "precision": round(p, 4), "recall": round(r, 4),
            "f1": round(f1, 4)}


def _parses(values: pd.Series, kind: str) -> pd.Series:
    if kind == "integer":
        return values.str.fullmatch(r"[+-]?[0-9]+")
    if kind == "number":
        return pd.to_numeric(values, errors="coerce").notna()
    return pd.to_datetime(values, errors="coerce", format="mixed").notna()


def baseline(src: pd.DataFrame) -> set[tuple[int, int]]:
    """NULL cells, plus cells that do not cast to the dominant type of their column."""
    found: set[tuple[int, int]] = set()
    for pos, col in enumerate(src.columns):
        s = src[col]
        nulls = s.isna()
        found |= {(int(r), pos) for r in src.index[nulls]}
        text = s[~nulls].astype(str)
        if text.empty:
            continue
        shares = {k: float(_parses(text, k).mean()) for k in ("integer", "number", "datetime")}
        kind = max(shares, key=lambda k: (shares[k], k == "integer"))
        if shares[kind] < 0.5:
            continue  # dominant type is text: every value casts
        bad = ~_parses(text, kind)
        found |= {(int(r), pos) for r in text.index[bad]}
    return found


def run_dataset(name: str, warehouse: str | None) -> dict:
    ds = DATA / name
    dirty, errors = truth(ds)
    with tempfile.TemporaryDirectory(prefix=f"clean_bench_{name}_") as tmp:
        ws = Path(tmp) / "ws"
        t0 = time.perf_counter()
        with open_context(str(ws), warehouse) as ctx:
            out = scan(ctx, ScanArgs(sources=[str(ds / "dirty.csv")]), progress=False)
        table = out["tables"][0]["name"]
        t1 = time.perf_counter()
        with open_context(str(ws), warehouse) as ctx:
            report = clean_table(ctx, CleanArgs(table=table))
        t2 = time.perf_counter()
        with open_context(str(ws), warehouse) as ctx:
            wh = ctx.warehouse
            src = _frame(wh, table)
            cln = _frame(wh, report["clean_table"])
            qua = wh.query(f'SELECT _row_id, "column", reason FROM "{report["quarantine_table"]}"')
            src_types = dict(wh.columns(table))
            cln_types = dict(wh.columns(report["clean_table"]))
    cols = [c for c in src.columns]
    pos = {c: i for i, c in enumerate(cols)}
    found: set[tuple[int, int]] = set()
    for row_id, col, reason in qua:
        if col == "*":
            found |= {(int(row_id), i) for i in range(len(cols))}
        elif col in pos:
            found.add((int(row_id), pos[col]))
    untraced = 0
    common = src.index.intersection(cln.index)
    for c in cols:
        if c not in cln.columns or src_types.get(c) != cln_types.get(c):
            continue  # converted column: its changes are the quarantine's entries
        a = src.loc[common, c].astype("string")
        b = cln.loc[common, c].astype("string")
        differ = (a.isna() != b.isna()) | (a.fillna("") != b.fillna(""))
        for r in common[differ.to_numpy()]:
            if (int(r), pos[c]) not in found:
                untraced += 1
            found.add((int(r), pos[c]))
    base = baseline(src)
    mine = score(found, errors)
    ref = score(base, errors)
    return {
        "dataset": name, "rows": len(dirty), "columns": len(dirty.columns), "error_cells": len(errors),
        "clean_table": mine, "baseline": ref,
        "f1_ratio_vs_baseline": round(mine["f1"] / ref["f1"], 3) if ref["f1"] else None,
        "untraced_changes": untraced,
        "by_rule": report["by_rule"], "dependencies_found": len(report["dependencies"]),
        "seconds": {"scan": round(t1 - t0, 3), "clean": round(t2 - t1, 3)},
    }


def _frame(wh, table: str) -> pd.DataFrame:
    cols = [n for n, _ in wh.columns(table)]
    rows = wh.query(f'SELECT * FROM "{table}" ORDER BY _row_id')
    df = pd.DataFrame(rows, columns=cols).set_index("_row_id")
    df.index = df.index.astype(int)
    return df


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--datasets", nargs="+", default=["hospital", "flights"])
    ap.add_argument("--warehouse", help="SQLAlchemy URL of a warehouse (default: embedded DuckDB)")
    args = ap.parse_args()
    results = [run_dataset(d, args.warehouse) for d in args.datasets]
    out = {
        "benchmark": "clean_table cell-level error detection (Raha/Baran hospital + flights)",
        "ground_truth": "cells where dirty.csv != clean.csv, aligned by position",
        "detected": "quarantined (cell or whole row) or value changed in __clean",
        "baseline": "NULL cells + cells failing a cast to their column's dominant type",
        "unsupervised": True,
        "warehouse": "postgresql" if args.warehouse else "duckdb (embedded)",
        "machine": {"python": platform.python_version(), "cpu_count": __import__("os").cpu_count()},
        "results": results,
        "targets": {
            "f1_above_baseline_all": all(r["clean_table"]["f1"] > r["baseline"]["f1"] for r in results),
            "hospital_f1_at_least_0.5": next((r["clean_table"]["f1"] >= 0.5 for r in results
                                              if r["dataset"] == "hospital"), None),
        },
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(out, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
