"""Top items / categories by count, or by the amount's sum when the table has one."""
from __future__ import annotations

from typing import Any

from pandian.errors import PandianError
from tools.analyze.common import Job
from tools.analyze.columns import dimension
from tools.analyze.sqlkit import jsonable, num


def topn(job: Job, top_n: int) -> dict[str, Any]:
    dim = dimension(job.info, job.overrides.get("group") or job.overrides.get("item"),
                    "--group-col" if job.overrides.get("group") else "--item-col")
    if dim is None:
        raise PandianError(f"topn needs an item or category column; table {job.info.name} has none",
                           hint="pass --group-col")
    job.used["group"] = dim.name
    user = job.part("user", required=False)
    value = job.part("value", required=False)
    if user is not None and user.name == dim.name:
        user = None
        job.used.pop("user")
    if value is not None and value.name == dim.name:
        value = None
        job.used.pop("value")
    found = job.buy_condition()
    if found is not None and found[1].name == dim.name:  # ranking the event values themselves
        found = None
    d = job.q(dim)
    cols = ["key", "events", "share"]
    aggs = [f"{d} AS key", "count(*) AS events", "sum(count(*)) OVER () AS total", "count(*) OVER () AS n_keys"]
    if found is not None:
        cols.append("buys")
        aggs.append(f"sum(CASE WHEN {found[0]} THEN 1 ELSE 0 END) AS buys")
    if value is not None:
        cols.append("value_sum")
        aggs.append(f"sum({job.value(value)}) AS value_sum")
    order = "value_sum DESC NULLS LAST" if value is not None else "events DESC"
    ranked = (f"SELECT {', '.join(aggs)} FROM {job.table} WHERE {d} IS NOT NULL GROUP BY 1 "
              f"ORDER BY {order}, 1 LIMIT {int(top_n)}")
    if user is None:
        sql = ranked
    else:  # distinct users only for the top keys: a distinct set per key of 100k keys would cost memory
        cols.insert(3, "users")
        extra = "".join(f", top.{c}" for c in cols[4:])
        sql = (f"WITH top AS ({ranked}), "
               f"uu AS (SELECT {d} AS key, count(DISTINCT {job.q(user)}) AS users FROM {job.table} "
               f"WHERE {d} IN (SELECT key FROM top) GROUP BY 1) "
               f"SELECT top.key, top.events, top.total, top.n_keys, uu.users{extra} "
               f"FROM top LEFT JOIN uu ON uu.key = top.key ORDER BY top.{order}, 1")
    raw = job.run.rows(sql)
    total = num(raw[0][2]) if raw else 0
    n_keys = num(raw[0][3]) if raw else 0
    rows = []
    for r in raw:
        events = num(r[1])
        row = [jsonable(r[0]), events, round(events / total, 6) if total else None]
        row += [num(v) for v in r[4:]]
        if value is not None and row[-1] is not None:
            row[-1] = round(float(row[-1]), 2)
        rows.append(row)
    job.summary.update({"ranked_by": "value_sum" if value is not None else "events", "dimension": dim.name,
                        "distinct_keys": n_keys, "rows_with_key": total,
                        "top_share": round(sum(r[1] for r in rows) / total, 6) if total else None})
    return {"columns": cols, "rows": rows, "sql": job.run.statements[-1], "mask": {"key": dim}}
