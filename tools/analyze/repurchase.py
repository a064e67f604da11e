"""Repurchase: share of buyers who bought again, and the distribution of days between their purchases.

A purchase occasion is one order (when an order id exists) or one user-day with a purchase (event logs);
intervals are between a user's consecutive occasions, computed with lag() in the warehouse.
"""
from __future__ import annotations

from typing import Any

from tools.analyze.common import Job, where_all

# (label, lower bound in days, upper bound exclusive)
BUCKETS = (("0", 0, 1), ("1", 1, 2), ("2", 2, 3), ("3", 3, 4), ("4-7", 4, 8), ("8-14", 8, 15),
           ("15-30", 15, 31), ("31-60", 31, 61), ("61-90", 61, 91), ("91+", 91, None))
COLUMNS = ["interval_days", "intervals", "share", "cumulative_share"]


def _bucket_case(days: str) -> str:
    whens = " ".join(f"WHEN {days} < {hi} THEN '{label}'" for label, _, hi in BUCKETS if hi is not None)
    return f"CASE {whens} ELSE '{BUCKETS[-1][0]}' END"


def repurchase(job: Job, top_n: int) -> dict[str, Any]:
    user = job.part("user")
    tcol = job.part("time")
    order = job.part("order", required=False)
    texpr, twhere = job.time(tcol)
    buy = job.purchase_filter()
    u = job.q(user)
    filt = where_all(f"{u} IS NOT NULL", twhere, buy)
    if order is not None:
        occ = (f"SELECT {u} AS u, min({texpr}) AS t FROM {job.table}{filt} AND {job.q(order)} IS NOT NULL "
               f"GROUP BY {u}, {job.q(order)}")
        job.summary["occasion"] = f"order ({order.name})"
    else:
        occ = f"SELECT DISTINCT {u} AS u, date_trunc('day', {texpr}) AS t FROM {job.table}{filt}"
        job.summary["occasion"] = "user-day with a purchase"
    days = "(epoch(t) - epoch(prev)) / 86400"
    sql = f"""
WITH occ AS ({occ}),
gaps AS (SELECT u, t, lag(t) OVER (PARTITION BY u ORDER BY t) AS prev FROM occ),
per AS (SELECT u, count(*) AS n FROM occ GROUP BY u)
SELECT 'bucket' AS what, {_bucket_case(days)} AS label, CAST(count(*) AS DOUBLE) AS v FROM gaps
  WHERE prev IS NOT NULL GROUP BY 2
UNION ALL SELECT 'buyers', '', CAST(count(*) AS DOUBLE) FROM per
UNION ALL SELECT 'repeat_buyers', '', CAST(count(*) AS DOUBLE) FROM per WHERE n >= 2
UNION ALL SELECT 'occasions', '', CAST(sum(n) AS DOUBLE) FROM per
UNION ALL SELECT 'mean_days', '', avg({days}) FROM gaps WHERE prev IS NOT NULL
UNION ALL SELECT 'median_days', '', {job.run.quantile(days, 0.5)} FROM gaps WHERE prev IS NOT NULL"""
    raw = job.run.rows(sql)
    counts = {label: int(v) for what, label, v in raw if what == "bucket"}
    stat = {what: v for what, _, v in raw if what != "bucket"}
    n_int = sum(counts.values())
    rows, cum = [], 0
    for label, _, _ in BUCKETS:
        c = counts.get(label, 0)
        cum += c
        rows.append([label, c, round(c / n_int, 6) if n_int else None, round(cum / n_int, 6) if n_int else None])
    buyers, repeat = int(stat.get("buyers") or 0), int(stat.get("repeat_buyers") or 0)
    job.summary.update({
        "buyers": buyers, "repeat_buyers": repeat,
        "repurchase_rate": round(repeat / buyers, 6) if buyers else None,
        "occasions": int(stat.get("occasions") or 0), "intervals": n_int,
        "mean_interval_days": round(float(stat["mean_days"]), 3) if stat.get("mean_days") is not None else None,
        "median_interval_days": round(float(stat["median_days"]), 3) if stat.get("median_days") is not None else None,
    })
    return {"columns": COLUMNS, "rows": rows, "sql": job.run.statements[-1]}
