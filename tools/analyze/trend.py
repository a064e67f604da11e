"""Counts (and the amount's sum, and buys when an event column exists) per hour/day/week/month bucket."""
from __future__ import annotations

from typing import Any

from tools.analyze.common import Job, where_all
from tools.analyze.sqlkit import jsonable, num

GRAINS = ("hour", "day", "week", "month")


def auto_grain(span_s: float) -> str:
    """About 20..200 points: hours up to 3 days, days up to 4 months, weeks up to 2 years, then months."""
    days = span_s / 86400
    if days <= 3:
        return "hour"
    if days <= 120:
        return "day"
    if days <= 730:
        return "week"
    return "month"


def trend(job: Job, grain: str | None) -> dict[str, Any]:
    tcol = job.part("time")
    texpr, twhere = job.time(tcol)
    user = job.part("user", required=False)
    value = job.part("value", required=False)
    found = job.buy_condition()
    buy = found[0] if found else None
    g = grain or auto_grain(job.summary["time"]["span_s"])
    job.summary["grain"] = g
    job.summary["grain_auto"] = grain is None
    cols = ["bucket", "events"]
    aggs = [f"date_trunc('{g}', {texpr}) AS bucket", "count(*) AS events"]
    if user is not None:
        cols.append("users")
        aggs.append(f"count(DISTINCT {job.q(user)}) AS users")
    if buy is not None:
        cols.append("buys")
        aggs.append(f"sum(CASE WHEN {buy} THEN 1 ELSE 0 END) AS buys")
    if value is not None:
        cols.append("value_sum")
        aggs.append(f"sum({job.value(value)}) AS value_sum")
    sql = f"SELECT {', '.join(aggs)} FROM {job.table}{where_all(twhere)} GROUP BY 1 ORDER BY 1"
    rows = [[jsonable(r[0])] + [num(v) for v in r[1:]] for r in job.run.rows(sql)]
    if value is not None:
        for r in rows:
            r[-1] = round(float(r[-1]), 2) if r[-1] is not None else None
    total = sum(r[1] for r in rows)
    job.summary.update({"buckets": len(rows), "events": total,
                        "peak": rows[max(range(len(rows)), key=lambda i: rows[i][1])][0] if rows else None})
    if value is not None:
        job.summary["value_sum"] = round(sum(r[-1] or 0 for r in rows), 2)
    return {"columns": cols, "rows": rows, "sql": job.run.statements[-1]}
