"""`integrate_tables` / `pandian integrate`: find the join keys between tables, optionally join them into one.

Candidates come from names (synonyms, singular/plural, products.id ~ product_id), semantic types and SQL
types; each is then measured in the warehouse (distinct values of each side found in the other). Only
plausible relations are kept (see relations.py), returned, and stored in WORKSPACE/relations.json.
"""
from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, Field

from pandian.context import Context
from pandian.errors import PandianError
from tools.integrate import store, view
from tools.integrate.candidates import Candidate, ColumnInfo, candidates, columns_of
from tools.integrate.inclusion import Stats, column_stats, overlaps
from tools.integrate.relations import DEFAULT_MIN_COVERAGE, Measured, judge, prune

NEAR_MISSES = 10


class IntegrateArgs(BaseModel):
    """Arguments of the integrate tool."""

    tables: list[str] | None = Field(None, description="tables to relate; empty = every catalogued source table")
    create_view: bool = Field(False, description="also build one joined table along the relations found")
    view_name: str | None = Field(None, description="name of the joined table (default <t1>__<t2>__joined)")
    min_coverage: float | None = Field(None, gt=0, le=1, description="share of referencing values that must be "
                                       f"found on the key side (default {DEFAULT_MIN_COVERAGE})")


def _resolve_tables(ctx: Context, names: list[str] | None) -> list[str]:
    wh, catalog = ctx.warehouse, ctx.catalog
    if names:
        out: list[str] = []
        for n in names:
            t = catalog.require(n).name
            if t not in out:
                out.append(t)
    else:
        # a run over everything leaves out derived tables: a joined or cleaned copy relates to all its inputs
        out = [a.name for a in catalog.assets() if a.source_kind != "derived"]
        if not out:
            raise PandianError("the catalog holds no tables to relate", hint="run `pandian scan PATH` first")
    missing = [t for t in out if not wh.table_exists(t)]
    if missing:
        raise PandianError(f"{', '.join(missing)} catalogued but missing from the warehouse",
                           hint="scan the source again")
    return out


def integrate_tables(ctx: Context, args: IntegrateArgs, progress: bool = False) -> dict[str, Any]:
    started = time.perf_counter()
    wh, catalog = ctx.warehouse, ctx.catalog
    tables = _resolve_tables(ctx, args.tables)
    min_cov = args.min_coverage or DEFAULT_MIN_COVERAGE
    infos = {t: columns_of(catalog.require(t), wh.columns(t)) for t in tables}
    cands, unmeasured = candidates(infos)
    if len(tables) == 1 and not cands:
        raise PandianError(f"integrate needs two or more tables; {tables[0]!r} alone has no self reference "
                           "(such as parent_id -> id)",
                           hint=f"name the tables to relate, e.g. `pandian integrate {tables[0]} OTHER_TABLE`")
    stats = _stats(wh, cands)
    measured = overlaps(wh, cands, stats, _ticker(len(cands), progress))
    rels, misses = [], []
    for cand, ov in zip(cands, measured):
        m = Measured(cand, ov, stats[cand.a.ref], stats[cand.b.ref])
        rel, why = judge(m, min_cov)
        if rel is not None:
            rels.append(rel)
        elif cand.evidence in ("name", "self", "type"):
            misses.append(_miss(m, why))
    rels = prune(rels)
    path = store.write(ctx.workspace.root, tables, rels, catalog)
    out: dict[str, Any] = {
        "tables": tables, "relations": rels, "min_coverage": min_cov, "candidates_checked": len(cands),
        "near_misses": sorted(misses, key=lambda r: -r["name_similarity"])[:NEAR_MISSES],
        "relations_file": str(path), "view": None,
    }
    if unmeasured:
        out["value_pairs_not_measured"] = unmeasured
    if not rels:
        out["message"] = f"no relation found between {', '.join(tables)}"
        out["hint"] = _no_relation_hint(misses)
    if args.create_view:
        if not rels:
            raise PandianError(out["message"] + ": nothing to join on", hint=out["hint"])
        kinds = {c.ref: c.kind for cs in infos.values() for c in cs}
        out["view"] = view.build(wh, catalog, tables, rels, kinds, stats, args.view_name)
    out["seconds"] = round(time.perf_counter() - started, 3)
    return out


def known_relations(ctx: Context) -> list[dict[str, Any]]:
    """Relations found by earlier runs, for tables that still exist (`stale` when a table was reloaded)."""
    return store.current(ctx.workspace.root, ctx.catalog)


def _stats(wh, cands: list[Candidate]) -> dict[str, Stats]:
    by_table: dict[str, dict[str, ColumnInfo]] = {}
    for c in cands:
        for col in (c.a, c.b):
            by_table.setdefault(col.table, {})[col.name] = col
    out: dict[str, Stats] = {}
    for t, cols in by_table.items():
        for name, s in column_stats(wh, t, list(cols.values())).items():
            out[f"{t}.{name}"] = s
    return out


def _miss(m: Measured, why: str) -> dict[str, Any]:
    sa, sb = m.sa, m.sb
    return {"left": m.cand.a.ref, "right": m.cand.b.ref, "evidence_kind": m.cand.evidence,
            "name_similarity": round(m.cand.name_score, 3),
            "coverage_left": round(m.shared / sa.distinct, 4) if sa.distinct else 0.0,
            "coverage_right": round(m.shared / sb.distinct, 4) if sb.distinct else 0.0, "why_not": why}


def _no_relation_hint(misses: list[dict[str, Any]]) -> str:
    if misses:
        m = max(misses, key=lambda r: (r["name_similarity"], max(r["coverage_left"], r["coverage_right"])))
        return (f"closest: {m['left']} ~ {m['right']} ({m['why_not']}); check that key columns hold the same ids "
                "in the same format (e.g. 'U001' vs 1) and cover the same period, or lower --min-coverage")
    return ("no key-like columns share names, semantic types or values; check the column names and types "
            "(`pandian catalog TABLE`), or relabel id columns with `pandian feedback column`")


def _ticker(total: int, progress: bool) -> Callable[[int], None] | None:
    if not progress or not sys.stderr.isatty() or total < 32:
        return None
    from tqdm import tqdm

    bar = tqdm(total=total, desc="integrate", unit="pair", file=sys.stderr, leave=False)

    def tick(n: int) -> None:
        bar.update(n)
        if bar.n >= total:
            bar.close()

    return tick
