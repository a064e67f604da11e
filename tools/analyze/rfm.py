"""RFM: recency / frequency / monetary quintile scores per customer (ntile in SQL) and the 8 classic segments.

Scores are ntile(5) quintiles, 5 best; customers with equal values share the lower score, so the many
one-order customers do not land in different quintiles by accident of their ids. A score of 4-5 is "high".
Segments follow the usual Chinese e-commerce naming (重要价值客户 ...) on high/low R, F, M.
With an order id, each order's amount counts once (a double-exported order is not paid twice).
"""
from __future__ import annotations

from typing import Any

from tools.analyze.common import Job, where_all
from tools.analyze.sqlkit import jsonable

HIGH = 4
# (R high, F high, M high) -> (segment, 中文)
SEGMENTS: dict[tuple[bool, bool, bool], tuple[str, str]] = {
    (True, True, True): ("champions", "重要价值客户"),
    (True, False, True): ("promising_big_spenders", "重要发展客户"),
    (False, True, True): ("at_risk_loyal", "重要保持客户"),
    (False, False, True): ("cant_lose", "重要挽留客户"),
    (True, True, False): ("loyal", "一般价值客户"),
    (True, False, False): ("new", "一般发展客户"),
    (False, True, False): ("need_attention", "一般保持客户"),
    (False, False, False): ("lost", "一般挽留客户"),
}
COLUMNS = ["segment", "label_zh", "users", "share", "avg_recency_days", "avg_frequency", "avg_monetary",
           "monetary_sum"]


def _segment_case() -> str:
    def cond(col: str, high: bool) -> str:
        return f"{col} >= {HIGH}" if high else f"{col} < {HIGH}"

    whens = " ".join(f"WHEN {cond('r', r)} AND {cond('f', f)} AND {cond('m', m)} THEN '{name}'"
                     for (r, f, m), (name, _) in SEGMENTS.items())
    return f"CASE {whens} END"


def rfm(job: Job, top_n: int) -> dict[str, Any]:
    user = job.part("user")
    tcol = job.part("time")
    value = job.part("value")
    order = job.part("order", required=False)
    texpr, twhere = job.time(tcol)
    buy = job.purchase_filter()
    if order is None:
        job.notes.append("no order id column: frequency counts rows")
        per = ("per AS (SELECT u, max(t) AS last_t, count(*) AS freq, coalesce(sum(v), 0) AS money "
               "FROM base GROUP BY u)")
        o = ""
    else:  # one amount per order: an order exported twice with the same amount is not paid twice
        per = ("ord AS (SELECT u, o, max(t) AS t, CASE WHEN min(v) = max(v) THEN max(v) ELSE sum(v) END AS v "
               "FROM base GROUP BY u, o),\n"
               "per AS (SELECT u, max(t) AS last_t, count(*) AS freq, coalesce(sum(v), 0) AS money "
               "FROM ord GROUP BY u)")
        o = f", {job.q(order)} AS o"
    base = (f"SELECT {job.q(user)} AS u, {texpr} AS t, {job.value(value)} AS v{o} FROM {job.table}"
            f"{where_all(f'{job.q(user)} IS NOT NULL', twhere, buy)}")
    sql = f"""
WITH base AS ({base}),
{per},
ref AS (SELECT max(last_t) AS ref_t FROM per),
raw AS (SELECT per.*, floor((epoch(ref.ref_t) - epoch(per.last_t)) / 86400) AS rdays,
        ntile(5) OVER (ORDER BY per.last_t, per.u) AS r0,
        ntile(5) OVER (ORDER BY per.freq, per.u) AS f0,
        ntile(5) OVER (ORDER BY per.money, per.u) AS m0 FROM per, ref),
scored AS (SELECT u, rdays, freq, money,
        min(r0) OVER (PARTITION BY last_t) AS r, min(f0) OVER (PARTITION BY freq) AS f,
        min(m0) OVER (PARTITION BY money) AS m FROM raw),
seg AS (SELECT *, {_segment_case()} AS segment FROM scored)
SELECT segment, r, f, m, count(*) AS users, sum(rdays), sum(freq), sum(money), (SELECT max(ref_t) FROM ref)
FROM seg GROUP BY 1, 2, 3, 4"""
    raw = job.run.rows(sql)
    agg: dict[str, list[float]] = {}
    scores: dict[str, dict[int, int]] = {"r": {}, "f": {}, "m": {}}
    for seg, r, f, m, users, rdays, freq, money, _ in raw:
        a = agg.setdefault(seg, [0, 0.0, 0.0, 0.0])
        users = int(users)
        for i, v in enumerate((users, rdays, freq, money)):
            a[i] += float(v or 0)
        for key, score in (("r", r), ("f", f), ("m", m)):
            scores[key][int(score)] = scores[key].get(int(score), 0) + users
    total = int(sum(a[0] for a in agg.values()))
    rows = []
    for name, zh in SEGMENTS.values():
        if name not in agg:
            continue
        users, rdays, freq, money = agg[name]
        rows.append([name, zh, int(users), round(users / total, 6), round(rdays / users, 2), round(freq / users, 3),
                     round(money / users, 2), round(money, 2)])
    rows.sort(key=lambda x: -x[2])
    job.summary.update({"customers": total, "reference_time": jsonable(raw[0][8]) if raw else None,
                        "high_score": f">= {HIGH} of 5",
                        "score_counts": {k: {str(sc): n for sc, n in sorted(v.items())} for k, v in scores.items()},
                        "frequency_counts": "distinct orders" if order is not None else "rows",
                        "monetary_total": round(sum(r[7] for r in rows), 2)})
    return {"columns": COLUMNS, "rows": rows, "sql": job.run.statements[-1]}
