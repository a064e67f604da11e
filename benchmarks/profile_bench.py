"""Scan + profile of the generated behaviour log next to DuckDB alone, pandas and ydata-profiling (minimal).

Every contender runs in its own fresh process on the same CSV; wall time and peak RSS (ru_maxrss from wait4)
are measured from outside, and ratios are printed against the baselines of this same run.

    .venv/bin/python benchmarks/profile_bench.py --rows 1000000 10000000 [--ingest-gb 1] [--skip-ydata]

ydata-profiling pins older pandas/numpy, so it runs from its own venv (benchmarks/.venv-ydata, built on first use).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
YDATA_VENV = ROOT / "benchmarks" / ".venv-ydata"

DUCKDB_ALONE = """
import duckdb, sys
con = duckdb.connect(sys.argv[2]); con.execute("SET enable_progress_bar=false")
con.execute(f"CREATE TABLE t AS SELECT * FROM read_csv('{sys.argv[1]}')")
con.execute("SUMMARIZE t").fetchall()
"""
DUCKDB_INGEST = """
import duckdb, sys
con = duckdb.connect(sys.argv[2]); con.execute("SET enable_progress_bar=false")
con.execute(f"CREATE TABLE t AS SELECT * FROM read_csv('{sys.argv[1]}')")
"""
PANDAS = """
import pandas as pd, sys
df = pd.read_csv(sys.argv[1])
df.describe(include="all"); df.nunique()
"""
YDATA = """
import pandas as pd, sys
from ydata_profiling import ProfileReport
df = pd.read_csv(sys.argv[1])
ProfileReport(df, minimal=True, progress_bar=False).get_description()
"""


def run_measured(cmd: list[str], env: dict | None = None) -> dict:
    """Wall seconds and peak RSS (MB) of one child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=ROOT)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    out = proc.stdout.read().decode() if proc.stdout else ""
    err = proc.stderr.read().decode() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{cmd[:3]} failed: {err[-2000:]}")
    return {"seconds": round(wall, 2), "peak_rss_mb": round(usage.ru_maxrss / 1024, 1), "stdout": out}


def ensure_ydata() -> Path | None:
    py = YDATA_VENV / "bin" / "python"
    if py.exists():
        return py
    print("[bench] building benchmarks/.venv-ydata for ydata-profiling (one time)...", file=sys.stderr)
    try:
        subprocess.run([sys.executable, "-m", "venv", str(YDATA_VENV)], check=True)
        subprocess.run([str(py), "-m", "pip", "install", "-q", "ydata-profiling", "setuptools<81"], check=True)
    except subprocess.CalledProcessError as exc:
        print(f"[bench] ydata-profiling could not be installed: {exc}", file=sys.stderr)
        shutil.rmtree(YDATA_VENV, ignore_errors=True)
        return None
    return py


def behaviour_csv(rows: int, work: Path) -> Path:
    from pandian.demo import generate_demo

    out = work / f"demo_{rows}"
    files = generate_demo(out, scale=rows, seed=42, progress=False)
    csv = next(f for f in files if f.name == "user_behavior.csv")
    for f in files:
        if f != csv:
            f.unlink()
    return csv


def bench_rows(rows: int, work: Path, ydata_py: Path | None) -> dict:
    csv = behaviour_csv(rows, work)
    res: dict = {"rows": rows, "csv_mb": round(csv.stat().st_size / 1e6, 1)}
    res["duckdb_alone"] = run_measured([PY, "-c", DUCKDB_ALONE, str(csv), str(work / f"duck_{rows}.duckdb")])
    ws = work / f"ws_{rows}"
    r = run_measured([PY, "-m", "pandian.cli", "scan", str(csv), "--json", "--workspace", str(ws)])
    scan = json.loads(r.pop("stdout"))
    r["timings"] = scan["tables"][0]["timings"]
    r["rows_ingested"] = scan["tables"][0]["rows"] + scan["tables"][0]["rejected_rows"]
    res["pandian"] = r
    res["pandas"] = run_measured([PY, "-c", PANDAS, str(csv)])
    if ydata_py is not None:
        res["ydata_minimal"] = run_measured([str(ydata_py), "-c", YDATA, str(csv)])
    for k in ("duckdb_alone", "pandas", "ydata_minimal"):
        if k in res:
            res[k].pop("stdout", None)
    p = res["pandian"]
    res["ratios"] = {
        "pandian_vs_duckdb_time": round(p["seconds"] / res["duckdb_alone"]["seconds"], 2),
        "pandas_vs_pandian_time": round(res["pandas"]["seconds"] / p["seconds"], 2),
    }
    if "ydata_minimal" in res:
        res["ratios"]["ydata_vs_pandian_time"] = round(res["ydata_minimal"]["seconds"] / p["seconds"], 2)
        res["ratios"]["pandian_vs_ydata_rss"] = round(p["peak_rss_mb"] / res["ydata_minimal"]["peak_rss_mb"], 2)
    shutil.rmtree(ws, ignore_errors=True)
    csv.unlink()
    return res


def bench_ingest(gb: float, work: Path) -> dict:
    """MB/s of pandian's ingest phase (sniff, hash, parse, stage, _row_id, swap) vs DuckDB's read_csv alone."""
    rows = int(gb * 1e9 / 56)  # the behaviour log is ~56 bytes a row
    csv = behaviour_csv(rows, work)
    mb = csv.stat().st_size / 1e6
    duck = run_measured([PY, "-c", DUCKDB_INGEST, str(csv), str(work / "ingest.duckdb")])
    ws = work / "ws_ingest"
    r = run_measured([PY, "-m", "pandian.cli", "scan", str(csv), "--json", "--workspace", str(ws)])
    scan = json.loads(r.pop("stdout"))
    ingest_s = scan["tables"][0]["timings"]["ingest_s"]
    duck.pop("stdout", None)
    out = {"csv_mb": round(mb, 1), "duckdb_read_csv": {**duck, "mb_per_s": round(mb / duck["seconds"], 1)},
           "pandian_ingest": {"seconds": ingest_s, "mb_per_s": round(mb / ingest_s, 1),
                              "scan_total_seconds": r["seconds"], "peak_rss_mb": r["peak_rss_mb"]}}
    out["ratio_duckdb_vs_pandian_throughput"] = round(out["duckdb_read_csv"]["mb_per_s"] /
                                                      out["pandian_ingest"]["mb_per_s"], 2)
    csv.unlink()
    shutil.rmtree(ws, ignore_errors=True)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, nargs="+", default=[1_000_000, 10_000_000])
    ap.add_argument("--ingest-gb", type=float, default=1.0, help="size of the ingest-throughput CSV; 0 skips it")
    ap.add_argument("--skip-ydata", action="store_true")
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "out" / "profile_bench.json"))
    args = ap.parse_args()
    ydata_py = None if args.skip_ydata else ensure_ydata()
    results: dict = {"machine": {"cpus": os.cpu_count()}, "runs": []}
    with tempfile.TemporaryDirectory(prefix="pandian-bench-") as tmp:
        work = Path(tmp)
        for n in args.rows:
            print(f"[bench] {n:,} rows...", file=sys.stderr)
            results["runs"].append(bench_rows(n, work, ydata_py))
        if args.ingest_gb > 0:
            print(f"[bench] ingest throughput on a {args.ingest_gb} GB CSV...", file=sys.stderr)
            results["ingest"] = bench_ingest(args.ingest_gb, work)
    if len(results["runs"]) >= 2:
        a, b = results["runs"][0], results["runs"][-1]
        results["memory_growth"] = {"pandian_rss_ratio_last_vs_first": round(
            b["pandian"]["peak_rss_mb"] / a["pandian"]["peak_rss_mb"], 2), "rows_ratio": round(b["rows"] / a["rows"], 1)}
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(results, indent=2))
    print(f"{'rows':>11} {'contender':<14} {'seconds':>8} {'peak MB':>8}")
    for r in results["runs"]:
        for k in ("duckdb_alone", "pandian", "pandas", "ydata_minimal"):
            if k in r:
                print(f"{r['rows']:>11,} {k:<14} {r[k]['seconds']:>8} {r[k]['peak_rss_mb']:>8}")
        print(f"{'':>11} ratios: {r['ratios']}")
    if "memory_growth" in results:
        print(f"memory growth: {results['memory_growth']}")
    if "ingest" in results:
        i = results["ingest"]
        print(f"ingest {i['csv_mb']} MB: duckdb {i['duckdb_read_csv']['mb_per_s']} MB/s, pandian "
              f"{i['pandian_ingest']['mb_per_s']} MB/s (ratio {i['ratio_duckdb_vs_pandian_throughput']})")
    print(f"results: {args.out}")


if __name__ == "__main__":
    main()
