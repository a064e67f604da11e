"""Join-key discovery (`integrate_tables`) against two naive baselines, on real and generated shop data.

Data sets (each scanned into a fresh temporary DuckDB workspace):
  instacart        ../shared/data/instacart_small, as published (all six CSVs)
  instacart_renamed  the same files with headers renamed the way other exports name them (products.id,
                   orders.goods_id, users.uid, user_orders.customer_id, aisles.id, order_num -> order_number),
                   columns left unclassified: only names and values to go on
  demo             pandian's generated shop (scale 2000, seed 7): ids named item_id / user_id / shop_id ...

Ground truth = the true foreign keys, listed by hand from the files (see TRUTH). Baselines, measured with the
same warehouse SQL:
  same_name    columns with identical names in two tables; kept when one side is unique and >= 90 % of the
               other side's distinct values are found in it
  value_only   every pair of integer/string columns; kept when one side is unique and >= 90 % of the other
               side's distinct values are found in it (pure value inclusion, no name evidence)
Reported: recall of true FKs, false relations with coverage >= 0.9, kinds right, seconds.

    .venv/bin/python benchmarks/join_bench.py
"""
from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
from itertools import combinations
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pandian.context import open_context  # noqa: E402
from pandian.warehouse.base import quote_ident  # noqa: E402
from tools.ingest.scan import ScanArgs, scan  # noqa: E402
from tools.integrate.integrate import IntegrateArgs, integrate_tables  # noqa: E402
from tools.profile.profiler import logical_type  # noqa: E402

INSTACART = ROOT.parent / "shared" / "data" / "instacart_small"
OUT = ROOT / "benchmarks" / "out" / "join_bench.json"
MIN_COV = 0.9

# (key side, referencing side, kind)
TRUTH: dict[str, list[tuple[str, str, str]]] = {
    "instacart": [
        ("aisles.aisle_id", "products.aisle_id", "1:n"),
        ("departments.department_id", "products.department_id", "1:n"),
        ("products.product_id", "orders.product_id", "1:n"),
        ("user_orders.order_id", "orders.order_id", "1:n"),
        ("users.user_id", "user_orders.user_id", "1:1"),
    ],
    "instacart_renamed": [
        ("aisles.id", "products.aisle_id", "1:n"),
        ("departments.department_id", "products.department_id", "1:n"),
        ("products.id", "orders.goods_id", "1:n"),
        ("user_orders.order_id", "orders.order_id", "1:n"),
        ("users.uid", "user_orders.customer_id", "1:1"),
    ],
    "demo": [
        ("users.user_id", "orders.user_id", "1:n"),
        ("orders.order_id", "order_items.order_id", "1:n"),
        ("products.item_id", "order_items.item_id", "1:n"),
        ("products.item_id", "user_behavior.item_id", "1:n"),
        ("users.user_id", "user_behavior.user_id", "1:n"),
        ("products.item_id", "reviews.item_id", "1:n"),
        ("users.user_id", "reviews.user_id", "1:n"),
        ("users.user_id", "ad_impressions.user_id", "1:n"),
        ("users.user_id", "search_queries.user_id", "1:n"),
        ("products.item_id", "search_queries.clicked_item_id", "1:n"),
        ("shops_gbk.shop_id", "products.shop_id", "1:n"),
    ],
}
RENAMES = {
    "products.csv": {"product_id": "id"},
    "orders.csv": {"product_id": "goods_id", "order_num": "order_number"},
    "users.csv": {"user_id": "uid"},
    "user_orders.csv": {"user_id": "customer_id"},
    "aisles.csv": {"aisle_id": "id"},
}


def renamed_copy(dst: Path) -> Path:
    dst.mkdir(parents=True)
    for f in sorted(INSTACART.glob("*.csv")):
        raw = f.read_bytes()
        head, _, rest = raw.partition(b"\n")
        cols = head.decode().rstrip("\r").split(",")
        cols = [RENAMES.get(f.name, {}).get(c, c) for c in cols]
        (dst / f.name).write_bytes(",".join(cols).encode() + b"\r\n" + rest)
    return dst


def load(ws: Path, src: Path, classify: bool) -> None:
    with open_context(str(ws)) as ctx:
        scan(ctx, ScanArgs(sources=[str(src)]), progress=False, classify_columns=classify)


def key(a: str, b: str) -> frozenset[str]:
    return frozenset((a, b))


def evaluate(rels: list[dict[str, Any]], truth: list[tuple[str, str, str]]) -> dict[str, Any]:
    true = {key(l, r): k for l, r, k in truth}
    found = {key(r["left"], r["right"]): r for r in rels}
    hits = [p for p in true if p in found]
    kinds_ok = sum(1 for p in hits if found[p]["kind"] == true[p]
                   and (true[p] == "1:1" or found[p]["left"] in {l for l, _, _ in truth}))
    false = [r for p, r in found.items() if p not in true]
    strong_false = [r for r in false if max(r["coverage_left"], r["coverage_right"]) >= MIN_COV]
    return {"relations": len(rels), "true_found": len(hits), "true_total": len(true),
            "recall": round(len(hits) / len(true), 3), "kinds_right": kinds_ok,
            "false_relations": len(false), "false_relations_cov_ge_0_9": len(strong_false),
            "false_examples": [f"{r['left']} ~ {r['right']} ({max(r['coverage_left'], r['coverage_right']):.0%})"
                               for r in strong_false[:8]],
            "missed": sorted(" ~ ".join(sorted(p)) for p in true if p not in found)}


def baseline(ws: Path, same_name_only: bool) -> tuple[list[dict[str, Any]], float]:
    """Naive discovery with the same SQL: uniqueness + inclusion, optionally restricted to equal names."""
    started = time.perf_counter()
    rels = []
    with open_context(str(ws)) as ctx:
        wh = ctx.warehouse
        cols = {t: [(c, logical_type(ty)) for c, ty in wh.columns(t) if c != "_row_id"] for t in wh.list_tables()}
        stats = {}
        for t, cs in cols.items():
            for c, _ in cs:
                nn, d = wh.query(f"SELECT count({quote_ident(c)}), count(DISTINCT {quote_ident(c)}) "
                                 f"FROM {quote_ident(t)}")[0]
                stats[(t, c)] = (int(nn), int(d))
        for ta, tb in combinations(sorted(cols), 2):
            for ca, ka in cols[ta]:
                for cb, kb in cols[tb]:
                    if same_name_only and ca != cb:
                        continue
                    if ka != kb or ka not in ("integer", "string"):
                        continue
                    (na, da), (nb, db) = stats[(ta, ca)], stats[(tb, cb)]
                    if not da or not db:
                        continue
                    ua, ub = da == na, db == nb
                    if not (ua or ub):
                        continue
                    shared = wh.query(
                        f"SELECT count(*) FROM (SELECT DISTINCT {quote_ident(ca)} AS v FROM {quote_ident(ta)}) x "
                        f"JOIN (SELECT DISTINCT {quote_ident(cb)} AS v FROM {quote_ident(tb)}) y ON x.v = y.v")[0][0]
                    left, right, dl, dr = ((f"{ta}.{ca}", f"{tb}.{cb}", da, db) if ua and (not ub or da >= db)
                                           else (f"{tb}.{cb}", f"{ta}.{ca}", db, da))
                    if shared / dr >= MIN_COV:
                        rels.append({"left": left, "right": right, "kind": "1:1" if ua and ub else "1:n",
                                     "coverage_left": shared / dl, "coverage_right": shared / dr})
    return rels, time.perf_counter() - started


def ours(ws: Path) -> tuple[list[dict[str, Any]], float]:
    started = time.perf_counter()
    with open_context(str(ws)) as ctx:
        out = integrate_tables(ctx, IntegrateArgs(tables=[]))
    return out["relations"], time.perf_counter() - started


def main() -> int:
    if not INSTACART.exists():
        print(f"instacart_small not found at {INSTACART}", file=sys.stderr)
        return 1
    tmp = Path(tempfile.mkdtemp(prefix="join_bench_"))
    results: dict[str, Any] = {}
    try:
        from pandian.demo import generate_demo

        sources = {
            "instacart": (INSTACART, True),
            "instacart_renamed": (renamed_copy(tmp / "renamed"), False),
            "demo": (generate_demo(tmp / "demo", scale=2000, seed=7, progress=False)[0].parent, True),
        }
        for name, (src, classify) in sources.items():
            ws = tmp / f"ws_{name}"
            load(ws, src, classify)
            row: dict[str, Any] = {"source": str(src) if name != "demo" else "generate_demo(scale=2000, seed=7)",
                                   "classified": classify}
            for method, run in (("integrate", ours), ("same_name", lambda w: baseline(w, True)),
                                ("value_only", lambda w: baseline(w, False))):
                rels, secs = run(ws)
                row[method] = {**evaluate(rels, TRUTH[name]), "seconds": round(secs, 3)}
            results[name] = row
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    summary = {}
    for method in ("integrate", "same_name", "value_only"):
        rows = [results[d][method] for d in results]
        found, total = sum(r["true_found"] for r in rows), sum(r["true_total"] for r in rows)
        summary[method] = {"recall": round(found / total, 3), "true_found": found, "true_total": total,
                           "false_relations_cov_ge_0_9": sum(r["false_relations_cov_ge_0_9"] for r in rows),
                           "seconds": round(sum(r["seconds"] for r in rows), 3)}
    for method in ("same_name", "value_only"):
        b = summary[method]
        summary[method]["recall_ratio_integrate_vs_this"] = (
            round(summary["integrate"]["recall"] / b["recall"], 3) if b["recall"] else None)
        summary[method]["time_ratio_integrate_vs_this"] = (
            round(summary["integrate"]["seconds"] / b["seconds"], 3) if b["seconds"] else None)
    report = {"bench": "join_bench", "min_coverage": MIN_COV, "summary": summary, "datasets": results,
              "targets": {"recall": 1.0, "false_relations_cov_ge_0_9": 0}}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
