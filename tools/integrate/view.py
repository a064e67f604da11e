"""One joined table from discovered relations: a star/tree rooted at the table with the most references.

Only many-to-one (and one-to-one) edges are followed from the root, so the joined table has exactly one
row per root row: nothing is repeated or lost (LEFT JOINs; a key side with a few duplicate keys is
deduplicated, first row wins). It is materialised as a table (views are not listed as tables on every
backend and cannot be profiled the same way), staged under a `__pandian_` name and published atomically.
Column labels (semantic type, sensitivity) travel with the columns so masking still applies.
"""
from __future__ import annotations

import hashlib
import uuid
from collections import deque
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from pandian.catalog import Catalog, Lineage
from pandian.errors import PandianError
from pandian.warehouse import Warehouse
from pandian.warehouse.base import is_internal, quote_ident
from tools.ingest.naming import unique_name
from tools.integrate.inclusion import Stats, to_dialect
from tools.profile.profiler import SYSTEM_COLUMNS

MAX_NAME_BYTES = 63  # PostgreSQL's identifier limit


@dataclass(frozen=True)
class Edge:
    src: str  # the referencing table (many side, or either side of a 1:1)
    src_col: str
    dst: str
    dst_col: str
    score: float
    as_text: bool


def _split(ref: str) -> tuple[str, str]:
    t, c = ref.split(".", 1)
    return t, c


def edges_of(rels: list[dict[str, Any]], tables: set[str], kinds: dict[str, str]) -> list[Edge]:
    """Many-to-one edges (1:1 both ways) between different tables, best first."""
    out = []
    for r in sorted(rels, key=lambda r: -r["score"]):
        (lt, lc), (rt, rc) = _split(r["left"]), _split(r["right"])
        if lt == rt or lt not in tables or rt not in tables or r["kind"] == "n:m":
            continue
        as_text = kinds[r["left"]] != kinds[r["right"]] and "string" in (kinds[r["left"]], kinds[r["right"]])
        out.append(Edge(rt, rc, lt, lc, r["score"], as_text))
        if r["kind"] == "1:1":
            out.append(Edge(lt, lc, rt, rc, r["score"], as_text))
    return out


def _reach(root: str, edges: list[Edge]) -> list[Edge]:
    """The join tree from root: breadth first, best edge first, each table once."""
    seen, tree, queue = {root}, [], deque([root])
    while queue:
        t = queue.popleft()
        for e in edges:
            if e.src == t and e.dst not in seen:
                seen.add(e.dst)
                tree.append(e)
                queue.append(e.dst)
    return tree


def plan(tables: list[str], edges: list[Edge], rows: dict[str, int]) -> tuple[str, list[Edge]]:
    """Root = the table that reaches the most others, then the one with the most references, then the biggest."""
    def rank(t: str) -> tuple[int, int, int, int]:
        fks = len({e.dst for e in edges if e.src == t})
        return len(_reach(t, edges)), fks, rows.get(t, 0), -tables.index(t)

    root = max(tables, key=rank)
    return root, _reach(root, edges)


def default_name(tables: list[str]) -> str:
    base = "__".join(tables)
    if len((base + "__joined").encode()) > 60:
        digest = hashlib.sha1(base.encode()).hexdigest()[:8]
        base = base.encode()[:40].decode(errors="ignore").rstrip("_") + "_" + digest
    return base + "__joined"


def check_name(name: str, catalog: Catalog, wh: Warehouse, inputs: list[str]) -> None:
    if not name or is_internal(name) or len(name.encode()) > MAX_NAME_BYTES:
        raise PandianError(f"cannot name the joined table {name!r}",
                           hint=f"use 1..{MAX_NAME_BYTES} bytes, not starting with '_pandian_'")
    if name in inputs:
        raise PandianError(f"the joined table cannot replace its input {name!r}", hint="choose another --view name")
    asset = catalog.get(name)
    ours = asset is not None and asset.source_kind == "derived" and (asset.source or "").startswith("integrate:")
    if (asset is not None and not ours) or (asset is None and wh.table_exists(name)):
        raise PandianError(f"a table named {name!r} already exists and is not a derived table",
                           hint="choose another --view name; integrate only replaces tables it joined itself")


def build(wh: Warehouse, catalog: Catalog, tables: list[str], rels: list[dict[str, Any]],
          kinds: dict[str, str], stats: dict[str, Stats], name: str | None) -> dict[str, Any]:
    from tools.ingest.runner import save_table

    edges = edges_of(rels, set(tables), kinds)
    if not edges:
        raise PandianError("no one-to-many or one-to-one relation links these tables, so they cannot be joined",
                           hint="relations where neither side is unique (n:m) would repeat rows; "
                                "add the table that holds the key (e.g. users for user_id)")
    rows = {t: wh.row_count(t) for t in tables}
    root, tree = plan(tables, edges, rows)
    joined = [root] + [e.dst for e in tree]
    name = name or default_name([t for t in tables if t in joined])
    check_name(name, catalog, wh, tables)
    select, origin = _select(wh, root, tree, stats)
    load_id = uuid.uuid4().hex[:12]
    stage = f"__pandian_join_{load_id}"
    try:
        wh.execute(to_dialect(wh, f"CREATE TABLE {quote_ident(stage)} AS {select}"))
        n = wh.row_count(stage)
        source = f"integrate:{','.join(joined)}"
        wh.publish([(stage, name)], [], {"table_name": name, "load_id": load_id, "source": source,
                                         "content_hash": None, "rows": n, "rejected_rows": 0})
    except Exception:
        try:
            wh.drop(stage)
        except Exception:
            pass
        raise
    joins = [{"from": f"{e.src}.{e.src_col}", "to": f"{e.dst}.{e.dst_col}", "type": "LEFT JOIN"} for e in tree]
    desc = (f"{root} joined with {', '.join(joined[1:])} along "
            + "; ".join(f"{j['from']} = {j['to']}" for j in joins) + f" (one row per {root} row)")
    save_table(wh, catalog, name, {"source": source, "source_kind": "derived", "source_format": "table",
                                   "content_hash": None, "load_id": load_id, "rows": n, "rejected_rows": 0,
                                   "options": {"root": root, "joins": joins}, "description": desc})
    labels = _inherit_labels(catalog, origin)
    if labels:
        catalog.update_columns(name, labels)
    with catalog.session() as s:
        s.execute(sa.delete(Lineage).where(Lineage.downstream == name, Lineage.kind == "integrate"))
    for t in joined:
        catalog.add_lineage(t, name, "integrate")
    skipped = [{"table": t, "reason": f"no many-to-one path from {root}: joining it would repeat {root} rows"}
               for t in tables if t not in joined]
    return {"name": name, "rows": n, "root": root, "root_rows": rows[root], "tables": joined, "joins": joins,
            "columns": {out: f"{t}.{c}" for out, (t, c) in origin.items()}, "skipped": skipped,
            "labels_inherited": sorted(labels)}


def _select(wh: Warehouse, root: str, tree: list[Edge],
            stats: dict[str, Stats]) -> tuple[str, dict[str, tuple[str, str]]]:
    """The SELECT (DuckDB dialect) and, per output column, the input column it comes from."""
    alias = {root: "t0"}
    for i, e in enumerate(tree, start=1):
        alias[e.dst] = f"t{i}"
    cols = {t: [c for c, _ in wh.columns(t)] for t in alias}
    drop = {(e.dst, e.dst_col) for e in tree}  # the key side repeats the referencing value
    picked = [(t, c) for t in alias for c in cols[t] if c not in SYSTEM_COLUMNS and (t, c) not in drop]
    counts: dict[str, int] = {}
    for _, c in picked:
        counts[c] = counts.get(c, 0) + 1
    taken: set[str] = {"_row_id"}
    origin: dict[str, tuple[str, str]] = {}
    exprs = []
    for t, c in picked:
        out = unique_name(c if counts[c] == 1 else f"{t}_{c}", taken)
        taken.add(out)
        origin[out] = (t, c)
        exprs.append(f"{alias[t]}.{quote_ident(c)} AS {quote_ident(out)}")
    has_rid = "_row_id" in cols[root]
    rid = "t0._row_id" if has_rid else "row_number() OVER ()"
    sql = f"SELECT {rid} AS _row_id, {', '.join(exprs)} FROM {quote_ident(root)} AS t0"
    for e in tree:
        a_src, a_dst = alias[e.src], alias[e.dst]
        src = quote_ident(e.dst)
        st = stats.get(f"{e.dst}.{e.dst_col}")
        if st is None or not st.unique:
            order = "_row_id" if "_row_id" in cols[e.dst] else quote_ident(e.dst_col)
            src = (f"(SELECT * FROM (SELECT *, row_number() OVER (PARTITION BY {quote_ident(e.dst_col)} "
                   f"ORDER BY {order}) AS __pandian_rn FROM {src}) AS d WHERE __pandian_rn = 1)")
        left, right = f"{a_src}.{quote_ident(e.src_col)}", f"{a_dst}.{quote_ident(e.dst_col)}"
        if e.as_text:
            left, right = f"CAST({left} AS VARCHAR)", f"CAST({right} AS VARCHAR)"
        sql += f" LEFT JOIN {src} AS {a_dst} ON {left} = {right}"
    if has_rid:
        sql += " ORDER BY t0._row_id"
    return sql, origin


def _inherit_labels(catalog: Catalog, origin: dict[str, tuple[str, str]]) -> dict[str, dict[str, Any]]:
    metas: dict[str, dict[str, Any]] = {}
    for t in {t for t, _ in origin.values()}:
        asset = catalog.get(t)
        metas[t] = {c.name: c for c in asset.columns} if asset else {}
    out: dict[str, dict[str, Any]] = {}
    for col, (t, c) in origin.items():
        m = metas[t].get(c)
        if m is None or not (m.semantic_type or m.sensitivity or m.description):
            continue
        out[col] = {"semantic_type": m.semantic_type, "sensitivity": m.sensitivity, "confidence": m.confidence,
                    "evidence": f"inherited from {t}.{c}" + (f": {m.evidence}" if m.evidence else ""),
                    "label_source": m.label_source or "rule", "description": m.description}
    return out
