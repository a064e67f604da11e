"""analyze_table on the generated behaviour log at 1M and 10M rows, next to the same funnel and trend in pandas.

For each scale: generate the demo shop, scan user_behavior.csv and orders.csv into a fresh DuckDB workspace
(in a child process), then run every analysis kind in a fresh child process that samples its own RSS every
5 ms from a thread (peak RSS per analysis, and the rise over the RSS before it). The pandas baseline reads
the CSV fully and computes the same funnel (distinct users per stage) and daily trend, in its own process.
Ratios 10M/1M of time and the RSS difference show that pushdown keeps Python's memory flat.

    .venv/bin/python benchmarks/analysis_bench.py [--scales 1000000,10000000] [--quick] [--no-pandas-at 10000000]
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "out" / "analysis_bench.json"
sys.path.insert(0, str(ROOT))

BEHAVIOUR_KINDS = ("funnel", "trend", "topn", "repurchase", "copurchase")


class PeakRss:
    """Samples this process's RSS in a thread; peak and starting RSS in MB."""

    def __init__(self, interval: float = 0.005):
        import psutil

        self.proc = psutil.Process()
        self.interval = interval
        self.peak = self.start = 0
        self._stop = threading.Event()

    def __enter__(self) -> "PeakRss":
        self.start = self.peak = self.proc.memory_info().rss
        self._t = threading.Thread(target=self._run, daemon=True)
        self._t.start()
        return self

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.proc.memory_info().rss)
            time.sleep(self.interval)

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._t.join()
        self.peak = max(self.peak, self.proc.memory_info().rss)

    @property
    def mb(self) -> dict[str, float]:
        return {"rss_before_mb": round(self.start / 2**20, 1), "peak_rss_mb": round(self.peak / 2**20, 1),
                "rss_rise_mb": round((self.peak - self.start) / 2**20, 1)}


# --- child processes --------------------------------------------------------------------------------


def worker_analyze(ws: str) -> dict:
    from pandian.context import open_context
    from tools.analyze import common
    from tools.analyze.analyze import AnalyzeArgs, analyze_table

    out = {}
    with open_context(ws) as ctx:
        ctx.warehouse.query("SELECT count(*) FROM user_behavior")  # open + reconcile outside the timings
        jobs = [("user_behavior", k) for k in BEHAVIOUR_KINDS] + [("orders", "rfm")]
        for table, kind in jobs:
            common._WINDOWS.clear()  # each analysis pays its own time-window probe, as a first call would
            with PeakRss() as mem:
                t0 = time.perf_counter()
                res = analyze_table(ctx, AnalyzeArgs(table=table, kind=kind, grain="day" if kind == "trend" else None))
                wall = time.perf_counter() - t0
            out[kind] = {"table": table, "seconds": round(wall, 3), **mem.mb, "result_rows": len(res["rows"]),
                         "queries": res["queries"], "headline": _headline(res)}
    out["process_peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return out


def _headline(res: dict) -> dict:
    s = res["summary"]
    if res["kind"] == "funnel":
        return {r[0]: r[3] for r in res["rows"]}
    if res["kind"] == "trend":
        return {"buckets": s["buckets"], "events": s["events"]}
    if res["kind"] == "repurchase":
        return {"repurchase_rate": s["repurchase_rate"], "buyers": s["buyers"]}
    if res["kind"] == "copurchase":
        return {"baskets": s.get("baskets"), "top_pair_baskets": res["rows"][0][2] if res["rows"] else None}
    if res["kind"] == "rfm":
        return {"customers": s["customers"]}
    return {"top": res["rows"][0][:2] if res["rows"] else None}


def worker_pandas(csv: str) -> dict:
    import pandas as pd

    out = {}
    with PeakRss() as mem:
        t0 = time.perf_counter()
        df = pd.read_csv(csv)
        read_s = time.perf_counter() - t0
        t1 = time.perf_counter()
        funnel = df.groupby("behavior_type")["user_id"].nunique().to_dict()
        funnel_s = time.perf_counter() - t1
        t2 = time.perf_counter()
        ts = df["ts"].where(df["ts"].abs() < 100_000_000_000, df["ts"] / 1000)
        day = pd.to_datetime(ts, unit="s", errors="coerce").dt.floor("D")
        trend = day.value_counts().sort_index()
        trend_s = time.perf_counter() - t2
    out.update({"read_csv_s": round(read_s, 3), "funnel_compute_s": round(funnel_s, 3),
                "trend_compute_s": round(trend_s, 3),
                "funnel_total_s": round(read_s + funnel_s, 3), "trend_total_s": round(read_s + trend_s, 3),
                "funnel_users": {k: int(v) for k, v in funnel.items()}, "trend_buckets": int(len(trend)), **mem.mb})
    out["process_peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return out


def worker_scan(ws: str, *paths: str) -> dict:
    from tests.helpers import scan_paths

    t0 = time.perf_counter()
    res = scan_paths(Path(ws), None, *paths)
    return {"seconds": round(time.perf_counter() - t0, 2),
            "rows": {t["name"]: t["rows"] for t in res["tables"]},
            "process_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}


def child(mode: str, *args: str) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--worker", mode, *args], capture_output=True, text=True,
                          cwd=ROOT, env={**os.environ, "HF_HUB_OFFLINE": "1"})
    if proc.returncode != 0:
        raise RuntimeError(f"worker {mode} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# --- orchestration ----------------------------------------------------------------------------------


def run_scale(n: int, work: Path, pandas_ok: bool) -> dict:
    from pandian.demo import generate_demo

    d = work / f"s{n}"
    t0 = time.perf_counter()
    files = {f.name: f for f in generate_demo(d / "data", scale=n, seed=42, progress=sys.stderr.isatty())}
    gen_s = time.perf_counter() - t0
    csv = files["user_behavior.csv"]
    print(f"[bench] {n:,} rows: generated in {gen_s:.0f} s ({csv.stat().st_size / 2**20:.0f} MB CSV)", file=sys.stderr)
    scan = child("scan", str(d / "ws"), str(csv), str(files["orders.csv"]))
    print(f"[bench] {n:,} rows: scanned in {scan['seconds']} s", file=sys.stderr)
    analyses = child("analyze", str(d / "ws"))
    print(f"[bench] {n:,} rows: " + ", ".join(f"{k} {v['seconds']} s" for k, v in analyses.items()
                                              if isinstance(v, dict)), file=sys.stderr)
    pandas = child("pandas", str(csv)) if pandas_ok else None
    if pandas:
        print(f"[bench] {n:,} rows: pandas funnel {pandas['funnel_total_s']} s, peak {pandas['peak_rss_mb']} MB",
              file=sys.stderr)
    csv_mb = round(csv.stat().st_size / 2**20, 1)
    shutil.rmtree(d, ignore_errors=True)
    return {"rows": n, "csv_mb": csv_mb, "generate_s": round(gen_s, 1),
            "scan": scan, "pandian": analyses, "pandas": pandas}


def summarize(results: list[dict]) -> dict:
    out: dict = {}
    small, big = results[0], results[-1]
    if small is not big:
        f = big["rows"] / small["rows"]
        out["rows_ratio"] = f
        per = {}
        for kind in (*BEHAVIOUR_KINDS, "rfm"):
            a, b = small["pandian"][kind], big["pandian"][kind]
            per[kind] = {"time_ratio": round(b["seconds"] / max(a["seconds"], 1e-3), 2),
                         "peak_rss_diff_mb": round(b["peak_rss_mb"] - a["peak_rss_mb"], 1),
                         "rss_rise_small_mb": a["rss_rise_mb"], "rss_rise_big_mb": b["rss_rise_mb"]}
        out["pandian_big_vs_small"] = per
        out["pandian_process_peak_rss_diff_mb"] = round(
            big["pandian"]["process_peak_rss_mb"] - small["pandian"]["process_peak_rss_mb"], 1)
        if small["pandas"] and big["pandas"]:
            out["pandas_big_vs_small"] = {
                "funnel_time_ratio": round(big["pandas"]["funnel_total_s"] / small["pandas"]["funnel_total_s"], 2),
                "peak_rss_diff_mb": round(big["pandas"]["peak_rss_mb"] - small["pandas"]["peak_rss_mb"], 1)}
    vs = {}
    for r in results:
        if r["pandas"]:
            p, q = r["pandas"], r["pandian"]
            vs[str(r["rows"])] = {
                "funnel_pandas_over_pandian_time": round(p["funnel_total_s"] / q["funnel"]["seconds"], 2),
                "trend_pandas_over_pandian_time": round(p["trend_total_s"] / q["trend"]["seconds"], 2),
                "funnel_pandas_compute_only_over_pandian": round(p["funnel_compute_s"] / q["funnel"]["seconds"], 2),
                "pandas_peak_rss_over_pandian_peak_rss": round(p["peak_rss_mb"] / q["funnel"]["peak_rss_mb"], 2),
                "funnel_users_agree": {k: v for k, v in p["funnel_users"].items()} == q["funnel"]["headline"],
            }
    out["pandas_vs_pandian"] = vs
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scales", default="1000000,10000000")
    ap.add_argument("--quick", action="store_true", help="100k rows only (a smoke run)")
    ap.add_argument("--no-pandas-at", type=int, default=0, help="skip the pandas baseline from this scale up")
    ap.add_argument("--out", default=str(OUT))
    ap.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.worker:
        mode, *rest = a.worker
        res = {"scan": lambda: worker_scan(*rest), "analyze": lambda: worker_analyze(*rest),
               "pandas": lambda: worker_pandas(*rest)}[mode]()
        print(json.dumps(res, default=str))
        return
    import psutil

    scales = [100_000] if a.quick else [int(s) for s in a.scales.split(",")]
    work = Path(tempfile.mkdtemp(prefix="pandian-analysis-bench-"))
    try:
        results = []
        for n in scales:
            # pandas holds the whole log (~0.3 KB a row with its strings); skip it where that would not fit
            pandas_ok = (not a.no_pandas_at or n < a.no_pandas_at) and \
                psutil.virtual_memory().available > n * 600
            results.append(run_scale(n, work, pandas_ok))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report = {
        "benchmark": "analysis_bench", "when": time.strftime("%Y-%m-%d %H:%M:%S"),
        "machine": {"cpus": os.cpu_count(), "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
                    "duckdb_memory_limit": os.environ.get("PANDIAN_DUCKDB_MEMORY", "512MB")},
        "method": "each contender in a fresh process; pandian timings exclude the one-off scan (reported apart) "
                  "and include each analysis' own time-window probe (its cache is cleared between analyses); "
                  "pandas totals include read_csv (how pandas gets the data), compute-only times are given too; "
                  "peak RSS sampled every 5 ms",
        "results": results, "summary": summarize(results),
    }
    out = Path(a.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    print(json.dumps(report["summary"], indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
