"""`clean_table` / `pandian clean`: a cleaned, typed copy of a table plus a quarantine of every change.

The source table is never touched. All per-row work runs in the warehouse as generated SQL (stage tables
named `__pandian_...`, swept after a crash); Python only plans from aggregates and small value lists.
`<table>__clean` and `<table>__quarantine` are swapped in together with `wh.publish`, then catalogued
(the clean table keeps its source's semantic types and sensitivity, so masking still applies).
"""
from __future__ import annotations

import sys
import time
import uuid
from contextlib import nullcontext
from datetime import date, datetime, timedelta
from typing import Any

from pydantic import BaseModel, Field

from pandian.catalog import Asset
from pandian.context import Context
from pandian.errors import PandianError
from pandian.warehouse import Warehouse
from pandian.warehouse.base import quote_ident
from tools.clean import fd as FD
from tools.clean import rules as R
from tools.clean import stage as S
from tools.clean.plan import ColumnPlan, Planner, SQLRunner
from tools.ingest.runner import save_table
from tools.profile.profiler import logical_type

CLEAN_SUFFIX = "__clean"
QUARANTINE_SUFFIX = "__quarantine"
DERIVED_SUFFIXES = (CLEAN_SUFFIX, QUARANTINE_SUFFIX, "__rejects")
LEVEL_RANK = {"L1": 1, "L2": 2, "L3": 3, "L4": 4}
WINDOW_Q = 0.01  # the dominant time window is [q01, q99] of a column, widened by half its span
KEY_DUP_MAX_SHARE = 0.01  # a "key" repeated in more rows than this is not the table's key


class CleanArgs(BaseModel):
    """Arguments of the clean_table tool."""

    table: str = Field(..., description="catalogued table to clean (the source is never modified)")
    rules: list[str] | None = Field(None, description="rules or families to run (default all): "
                                    + ", ".join(list(R.RULE_FAMILIES) + list(R.ALL_RULES)))


def clean_table(ctx: Context, args: CleanArgs, progress: bool = False) -> dict[str, Any]:
    """Clean one table; returns the report.

    rows_in / rows_out / rows_removed (duplicates), rows_quarantined (rows with any quarantine entry),
    cells_changed (cell entries: changed, nulled, or flagged as fd_missing), by_rule (entries per rule; a
    cell changed by two rules counts for both), conversions (whole columns typed: text -> number/time),
    dependencies used, time windows, the key used for key duplicates, and per-column notes.
    """
    started = time.perf_counter()
    asset = ctx.catalog.require(args.table)
    name = asset.name
    if name.endswith(DERIVED_SUFFIXES):
        base = name.rsplit("__", 1)[0]
        raise PandianError(f"{name!r} is already derived by pandian ({name[len(base):]}): it is not cleaned again",
                           hint=f"clean the source table: pandian clean {base}")
    try:
        rules = R.expand_rules(args.rules)
    except ValueError as exc:
        raise PandianError(f"unknown cleaning rule {exc.args[0]!r}",
                           hint="rules: " + ", ".join(list(R.RULE_FAMILIES) + list(R.ALL_RULES))) from exc
    wh = ctx.warehouse
    if not wh.table_exists(name):
        raise PandianError(f"table {name!r} is in the catalog but not in the warehouse",
                           hint="scan its source again: pandian scan PATH")
    bar = _progress(progress)
    with bar if bar is not None else nullcontext():
        job = _Job(ctx, asset, rules, bar)
        try:
            report = job.run()
        finally:
            job.cleanup()
    report["seconds"] = round(time.perf_counter() - started, 3)
    return report


def _progress(enabled: bool):
    if not (enabled and sys.stderr.isatty()):
        return None
    from tqdm import tqdm

    return tqdm(total=6, desc="clean", unit="step", file=sys.stderr)


class _Job:
    """One cleaning run: staged tables, publication, catalog entries."""

    def __init__(self, ctx: Context, asset: Asset, rules: set[str], bar: Any):
        self.ctx, self.asset, self.rules, self.bar = ctx, asset, rules, bar
        self.wh: Warehouse = ctx.warehouse
        self.run_sql = SQLRunner(self.wh)
        self.name = asset.name
        self.clean_name = self.name + CLEAN_SUFFIX
        self.q_name = self.name + QUARANTINE_SUFFIX
        self.id = uuid.uuid4().hex[:12]
        self.temps: list[str] = []
        self.staged: list[str] = []

    def tick(self, label: str) -> None:
        if self.bar is not None:
            self.bar.set_postfix_str(label)
            self.bar.update(1)

    def temp(self, suffix: str) -> str:
        t = f"__pandian_clean_{self.id}_{suffix}"
        self.temps.append(t)
        return t

    def create(self, table: str, select: str) -> None:
        self.run_sql.ex(f"CREATE TABLE {quote_ident(table)} AS {select}")

    def cleanup(self) -> None:
        for t in self.temps + self.staged:
            try:
                self.wh.drop(t)
            except Exception:  # noqa: BLE001 - best effort; swept on the next open anyway
                pass

    # -- the run ---------------------------------------------------------------------------------------
    def run(self) -> dict[str, Any]:
        wh, src_q = self.wh, quote_ident(self.name)
        columns = [(n, t) for n, t in wh.columns(self.name) if n != "_row_id"]
        has_row_id = any(n == "_row_id" for n, _ in wh.columns(self.name))
        n_rows = wh.row_count(self.name)
        src_rel, row_id = src_q, "_row_id"
        if has_row_id and n_rows and not self._unique_row_ids(src_q, n_rows):
            has_row_id = False
        if not has_row_id:
            numbered = self.temp("0")
            cols = ", ".join(quote_ident(n) for n, _ in columns)
            self.create(numbered, f"SELECT CAST(row_number() OVER () AS BIGINT) AS _row_id, {cols} FROM {src_q}")
            src_rel = quote_ident(numbered)
        semantic = {c.name: (c.semantic_type, c.sensitivity) for c in self.asset.columns}
        planner = Planner(self.run_sql, src_rel, n_rows, semantic, self.rules)
        plans = planner.plan(columns) if n_rows else [ColumnPlan(n, t, logical_type(t), None) for n, t in columns]
        self._unique_currency_names(plans, {n for n, _ in columns})
        self.tick("plan")
        value_cols = [c for p in plans for c in ([p.name] + ([p.currency_column] if p.currency_column else []))]
        new_clean, new_q = f"__pandian_clean_{self.id}_new", f"__pandian_clean_{self.id}_newq"
        self.staged += [new_clean, new_q]
        windows: dict[str, S.Window] = {}
        deps: list[FD.Dependency] = []
        key = None
        if n_rows:
            s1 = self.temp("1")
            self.create(s1, S.stage1_sql(src_rel, row_id, plans))
            self.tick("stage 1")
            windows = self._windows(s1, plans) if R.OUT_OF_RANGE in self.rules else {}
            if self.rules & {R.FD_IMPUTE, R.FD_VIOLATION, R.FD_MISSING}:
                kinds = [(p.name, _fd_kind(p)) for p in plans if _fd_kind(p)]
                deps = FD.discover(self.run_sql, s1, kinds, n_rows)
                deps = [FD.Dependency(d.x, d.y, d.strength, d.lam, d.covered, d.repair and R.FD_VIOLATION in self.rules)
                        for d in deps]
                if not self.rules & {R.FD_IMPUTE, R.FD_MISSING}:
                    deps = [d for d in deps if d.repair]
            self.tick("dependencies")
            s2 = s1
            if windows or deps:
                patch, targets = self._patches(s1, plans, deps)
                s2 = self.temp("2")
                self.create(s2, S.stage2_sql(quote_ident(s1), plans, windows, patch, targets))
            key = self._key(s2, plans, value_cols, n_rows) if R.DUPLICATE_KEY in self.rules else None
            s3 = self.temp("3")
            sql3 = S.stage3_sql(quote_ident(s2), value_cols, key, len(plans))
            if R.DUPLICATE_ROW not in self.rules:
                sql3 = sql3.replace("WHEN __pandian_rn > 1 THEN", "WHEN FALSE THEN")
            self.create(s3, sql3)
            self.tick("duplicates")
            self.create(new_clean, S.clean_sql(quote_ident(s3), value_cols))
            self.create(new_q, S.quarantine_sql(quote_ident(s3), src_rel, plans))
        else:
            cols = ", ".join(quote_ident(n) for n, _ in columns)
            self.create(new_clean, f"SELECT CAST(NULL AS BIGINT) AS _row_id{', ' + cols if cols else ''} "
                                   f"FROM {src_q} WHERE 1 = 0")
            self.create(new_q, S.EMPTY_QUARANTINE)
        rows_out = wh.row_count(new_clean)
        wh.publish([(new_clean, self.clean_name), (new_q, self.q_name)], [],
                   {"table_name": self.clean_name, "load_id": self.id, "source": self.name, "content_hash": None,
                    "rows": rows_out, "rejected_rows": 0})
        self.staged.clear()
        self.tick("publish")
        counts = self._counts()
        self._catalog(plans, rows_out)
        self.tick("catalog")
        report: dict[str, Any] = {
            "table": self.name, "clean_table": self.clean_name, "quarantine_table": self.q_name,
            "rows_in": n_rows, "rows_out": rows_out, "rows_removed": n_rows - rows_out, **counts,
            "conversions": {p.name: p.conversion for p in plans if p.conversion},
            "added_columns": [p.currency_column for p in plans if p.currency_column],
            "dependencies": [d.as_dict() for d in deps],
            "time_windows": {w.column: list(w.bounds) for w in windows.values()},
            "key": key,
            "notes": {p.name: p.notes for p in plans if p.notes},
        }
        if not n_rows:
            report["empty"] = True
            report["message"] = f"{self.name} is empty: nothing to clean ({self.clean_name} is empty too)"
        return report

    # -- helpers -----------------------------------------------------------------------------------------
    def _unique_row_ids(self, src_q: str, n_rows: int) -> bool:
        return int(self.run_sql.q(f"SELECT count(DISTINCT _row_id) FROM {src_q}")[0][0]) == n_rows

    @staticmethod
    def _unique_currency_names(plans: list[ColumnPlan], taken: set[str]) -> None:
        for p in plans:
            if p.currency_step is None:
                continue
            base = p.currency_column or ""
            name, k = base, 2
            while name in taken:
                name, k = f"{base}_{k}", k + 1
            taken.add(name)
            p.notes.append(f"currency codes in {name}")
            if name != base:
                p.currency_step = None  # keep the contract simple: skip rather than invent odd names
                p.notes.append(f"currency column skipped: {base} already exists")

    def _windows(self, s1: str, plans: list[ColumnPlan]) -> dict[str, S.Window]:
        """Each time column's dominant window: [q01 - span/2, q99 + span/2] (at least a day either side)."""
        times = [p for p in plans if p.out_kind in ("timestamp", "date")
                 or (p.out_kind == "keep" and p.logical in ("timestamp", "date"))]
        if not times:
            return {}
        parts = []
        for p in times:
            c = quote_ident(p.name)
            parts += [f"quantile_disc({c}, {WINDOW_Q})", f"quantile_disc({c}, {1 - WINDOW_Q})"]
        row = self.run_sql.q(f"SELECT {', '.join(parts)} FROM {quote_ident(s1)}")[0]
        out: dict[str, S.Window] = {}
        for i, p in enumerate(times):
            lo, hi = row[2 * i], row[2 * i + 1]
            if lo is None or hi is None or not isinstance(lo, (date, datetime)):
                continue
            margin = max((hi - lo) / 2, timedelta(days=1))
            is_date = not isinstance(lo, datetime)
            low, high = lo - margin, hi + margin
            if is_date:
                low, high = low if not isinstance(low, datetime) else low.date(), high
                out[p.name] = S.Window(p.name, f"CAST('{low.isoformat()}' AS DATE)",
                                       f"CAST('{high.isoformat()}' AS DATE)", (low.isoformat(), high.isoformat()))
            else:
                lo_s, hi_s = low.isoformat(sep=" "), high.isoformat(sep=" ")
                out[p.name] = S.Window(p.name, f"CAST('{lo_s}' AS TIMESTAMP)", f"CAST('{hi_s}' AS TIMESTAMP)",
                                       (lo_s, hi_s))
        return out

    def _patches(self, s1: str, plans: list[ColumnPlan], deps: list[FD.Dependency]) -> tuple[str | None, list[int]]:
        """Collect every dependency's fills, repairs and flags in one patch table (one INSERT each)."""
        if not deps:
            return None, []
        index = {p.name: i for i, p in enumerate(plans)}
        targets = sorted({index[d.y] for d in deps})
        patch = self.temp("patch")
        self.create(patch, S.patch_table_sql(quote_ident(s1), plans, targets))
        for j, d in enumerate(deps):
            i = index[d.y]
            sql = FD.patch_insert(quote_ident(s1), quote_ident(patch), d, j, i, S.slot(i),
                                  impute=R.FD_IMPUTE in self.rules, missing=R.FD_MISSING in self.rules)
            if sql:
                self.run_sql.ex(sql)
        repaired = {d.y for d in deps if d.repair}
        for d in deps:
            if d.y in repaired and sum(1 for e in deps if e.y == d.y) > 1:
                self.run_sql.ex(FD.support_insert(quote_ident(s1), quote_ident(patch), d, index[d.y]))
        return quote_ident(patch), targets

    def _key(self, s2: str, plans: list[ColumnPlan], value_cols: list[str], n_rows: int) -> str | None:
        """The first id-typed, complete, (almost) unique column: rows repeating it are key duplicates."""
        cands = [p for p in plans if p.semantic_type in R.KEY_TYPES and p.out_kind in ("keep", "text")]
        if not cands:
            return None
        t = quote_ident(s2)
        cols = ", ".join(quote_ident(c) for c in value_cols)
        distinct_rows = int(self.run_sql.q(f"SELECT count(*) FROM (SELECT DISTINCT {cols} FROM {t}) AS d")[0][0])
        for p in cands:
            c = quote_ident(p.name)
            nn, nd = (int(x) for x in self.run_sql.q(f"SELECT count({c}), count(DISTINCT {c}) FROM {t}")[0])
            if nn < 0.99 * n_rows:
                continue
            extra = distinct_rows - nd - (n_rows - nn)
            if nd >= 0.5 * n_rows and 0 <= extra <= KEY_DUP_MAX_SHARE * n_rows:
                return p.name
        return None

    def _counts(self) -> dict[str, Any]:
        q = quote_ident(self.q_name)
        sums = ", ".join(f"sum(CASE WHEN ',' || reason || ',' LIKE '%,{r},%' THEN 1 ELSE 0 END)" for r in R.ALL_RULES)
        row = self.run_sql.q(f"SELECT count(DISTINCT _row_id), sum(CASE WHEN {quote_ident('column')} <> '*' THEN 1 "
                             f"ELSE 0 END), {sums} FROM {q}")[0]
        by_rule = {r: int(v or 0) for r, v in zip(R.ALL_RULES, row[2:]) if v}
        return {"rows_quarantined": int(row[0] or 0), "cells_changed": int(row[1] or 0), "by_rule": by_rule}

    def _catalog(self, plans: list[ColumnPlan], rows_out: int) -> None:
        cat = self.ctx.catalog
        save_table(self.wh, cat, self.clean_name, {"source": self.name, "source_kind": "derived",
                                                    "source_format": "table", "load_id": self.id,
                                                    "rows": rows_out, "rejected_rows": 0,
                                                    "domain": self.asset.domain,
                                                    "description": f"cleaned copy of {self.name}"})
        src_cols = {c.name: c for c in self.asset.columns}
        updates: dict[str, dict[str, Any]] = {}
        for p in plans:
            c = src_cols.get(p.name)
            if c is not None:
                updates[p.name] = {"semantic_type": c.semantic_type, "sensitivity": c.sensitivity,
                                   "confidence": c.confidence, "evidence": c.evidence,
                                   "label_source": c.label_source, "description": c.description}
            if p.currency_column:
                updates[p.currency_column] = {"semantic_type": "currency", "sensitivity": "L1", "confidence": 1.0,
                                              "label_source": "rule", "evidence": f"currency marker of {p.name}"}
        cat.update_columns(self.clean_name, updates)
        save_table(self.wh, cat, self.q_name, {"source": self.name, "source_kind": "derived",
                                                "source_format": "table", "load_id": self.id,
                                                "rows": self.wh.row_count(self.q_name),
                                                "rejected_rows": 0, "domain": self.asset.domain,
                                                "description": f"cells and rows changed or removed by cleaning "
                                                               f"{self.name}"})
        levels = [c.sensitivity for c in self.asset.columns if c.sensitivity in LEVEL_RANK]
        top = max(levels, key=lambda lv: LEVEL_RANK[lv]) if levels else "L1"
        cat.update_columns(self.q_name, {
            "original_value": {"sensitivity": top, "semantic_type": "free_text", "label_source": "rule",
                               "confidence": 1.0, "evidence": f"values of any column of {self.name}"},
            "column": {"sensitivity": "L1", "semantic_type": "categorical_code", "label_source": "rule"},
            "reason": {"sensitivity": "L1", "semantic_type": "categorical_code", "label_source": "rule"},
            "_row_id": {"sensitivity": "L1", "semantic_type": "identifier", "label_source": "rule"}})
        cat.add_lineage(self.name, self.clean_name, "clean")
        cat.add_lineage(self.name, self.q_name, "clean")


def _fd_kind(p: ColumnPlan) -> str | None:
    """Which columns may take part in dependencies: codes and categories, not continuous times."""
    if p.out_kind == "time":
        return "text"
    if p.out_kind in ("timestamp", "date") or p.logical in ("timestamp", "date", "time", "binary", "boolean"):
        return None
    if p.out_kind == "number" or p.logical in ("float", "decimal"):
        return "number"
    return "text" if p.logical == "string" else "integer"
