"""Funnel pv -> cart -> fav -> buy: users and events per stage, in one pass over the table.

Stages are detected from the event column's distinct values. `users` counts users who did the stage at
all; `users_with_all_previous` counts users who also did every earlier stage (a stricter funnel).
"""
from __future__ import annotations

from typing import Any

from pandian.errors import PandianError
from tools.analyze.common import Job
from tools.analyze.sqlkit import in_list, num
from tools.analyze.stages import STAGE_LABELS, detect_stages

COLUMNS = ["stage", "label", "values", "users", "events", "conversion_from_previous", "conversion_from_first",
           "users_with_all_previous"]


def _rate(a: Any, b: Any) -> float | None:
    return round(a / b, 6) if a is not None and b else None


def funnel(job: Job, top_n: int) -> dict[str, Any]:
    ev = job.part("event")
    user = job.part("user", required=False)
    values = job.event_values(ev)
    stages, unmatched = detect_stages([v for v, _ in values])
    if len(stages) < 2:
        seen = ", ".join(v for v, _ in values[:8]) or "no values"
        raise PandianError(f"funnel needs at least two stages in {ev.name}; its values ({seen}) "
                           f"give {len(stages)}", hint="expected pv/view/浏览, cart/加购, fav/收藏, buy/购买 ...; "
                                                      "pass --event-col")
    e = f"CAST({job.q(ev)} AS VARCHAR)"
    names = list(stages)
    conds = [f"{e} IN ({in_list(stages[s])})" for s in names]
    hits = [f"max(CASE WHEN {c} THEN 1 ELSE 0 END) AS h{i}" for i, c in enumerate(conds)]
    counts = [f"sum(CASE WHEN {c} THEN 1 ELSE 0 END) AS n{i}" for i, c in enumerate(conds)]
    k = len(names)
    if user is not None:
        chains = ["*".join(f"h{j}" for j in range(i + 1)) for i in range(k)]
        outer = ([f"sum(h{i}) FILTER (WHERE u IS NOT NULL)" for i in range(k)] + [f"sum(n{i})" for i in range(k)]
                 + [f"sum({ch}) FILTER (WHERE u IS NOT NULL)" for ch in chains])
        sql = (f"WITH per AS (SELECT {job.q(user)} AS u, {', '.join(hits + counts)} FROM {job.table} GROUP BY 1) "
               f"SELECT {', '.join(outer)} FROM per")
        row = [num(v) or 0 for v in job.run.rows(sql)[0]]
        users, events, strict = row[:k], row[k:2 * k], row[2 * k:]
    else:
        sums = [f"sum(CASE WHEN {c} THEN 1 ELSE 0 END)" for c in conds]
        sql = f"SELECT {', '.join(sums)} FROM {job.table}"
        events = [num(v) or 0 for v in job.run.rows(sql)[0]]
        users, strict = [None] * k, [None] * k
        job.notes.append("no user column: the funnel counts events, not users")
    basis = users if user is not None else events
    rows = []
    for i, s in enumerate(names):
        rows.append([s, STAGE_LABELS["en"][s], ", ".join(stages[s]), users[i], events[i],
                     _rate(basis[i], basis[i - 1]) if i else 1.0, _rate(basis[i], basis[0]), strict[i]])
    job.summary.update({
        "basis": "users" if user is not None else "events",
        "stages": stages, "unmatched_values": unmatched,
        "overall_conversion": _rate(basis[-1], basis[0]),
        "strict_conversion": _rate(strict[-1], strict[0]) if user is not None else None,
    })
    return {"columns": COLUMNS, "rows": rows, "sql": job.run.statements[-1]}
