"""Items bought together: pairs in the same order (or the same user-day when there is no order id).

support = baskets with both / all baskets; confidence_a_b = baskets with both / baskets with a;
lift = support / (support(a) * support(b)). Baskets with more than MAX_BASKET items (bulk buyers, bots)
count toward support but are not paired: they would square the work and say little about affinity.
"""
from __future__ import annotations

from typing import Any

from pandian.errors import PandianError
from tools.analyze.common import Job, where_all
from tools.analyze.sqlkit import jsonable, num

MAX_BASKET = 50
COLUMNS = ["item_a", "item_b", "pair_baskets", "support", "confidence_a_b", "confidence_b_a", "lift",
           "baskets_a", "baskets_b"]


def copurchase(job: Job, top_n: int) -> dict[str, Any]:
    item = job.part("item")
    order = job.part("order", required=False)
    buy = job.purchase_filter()
    i = job.q(item)
    if order is not None:
        basket = f"{job.q(order)} AS b1, 0 AS b2"
        conds = [f"{job.q(order)} IS NOT NULL"]
        job.summary["basket"] = f"order ({order.name})"
    else:
        user = job.part("user", required=False)
        tcol = job.part("time", required=False)
        if user is None or tcol is None:
            missing = " and no ".join(w for w, c in (("user id", user), ("timestamp", tcol)) if c is None)
            raise PandianError(f"copurchase needs an order id column, or a user id and a timestamp column "
                               f"(user-day baskets); table {job.info.name} has no order id column and no {missing} "
                               "column", hint="pass --order-col, or --user-col and --time-col")
        texpr, twhere = job.time(tcol)
        basket = f"{job.q(user)} AS b1, date_trunc('day', {texpr}) AS b2"
        conds = [f"{job.q(user)} IS NOT NULL", twhere]
        job.summary["basket"] = f"user-day ({user.name}, {tcol.name})"
    sql = f"""
WITH bi AS (SELECT DISTINCT {basket}, {i} AS i FROM {job.table}{where_all(f'{i} IS NOT NULL', *conds, buy)}),
bs AS (SELECT b1, b2, count(*) AS k FROM bi GROUP BY b1, b2),
ic AS (SELECT i, count(*) AS c FROM bi GROUP BY i),
pb AS (SELECT bi.b1, bi.b2, bi.i FROM bi JOIN bs ON bi.b1 = bs.b1 AND bi.b2 = bs.b2
       WHERE bs.k BETWEEN 2 AND {MAX_BASKET}),
pairs AS (SELECT x.i AS a, y.i AS b, count(*) AS c FROM pb x JOIN pb y
          ON x.b1 = y.b1 AND x.b2 = y.b2 AND x.i < y.i GROUP BY x.i, y.i),
stats AS (SELECT count(*) AS n_baskets, sum(CASE WHEN k >= 2 THEN 1 ELSE 0 END) AS multi,
          sum(CASE WHEN k > {MAX_BASKET} THEN 1 ELSE 0 END) AS big FROM bs)
SELECT p.a, p.b, p.c, ca.c, cb.c, s.n_baskets, s.multi, s.big, count(*) OVER () AS n_pairs
FROM pairs p JOIN ic ca ON ca.i = p.a JOIN ic cb ON cb.i = p.b CROSS JOIN stats s
ORDER BY p.c DESC, CAST(p.c AS DOUBLE) / (ca.c * cb.c) DESC, p.a, p.b LIMIT {int(top_n)}"""
    raw = job.run.rows(sql)
    main_sql = job.run.statements[-1]
    rows = []
    for a, b, c, ca, cb, nb, _, _, _ in raw:
        c, ca, cb, nb = num(c), num(ca), num(cb), num(nb)
        rows.append([jsonable(a), jsonable(b), c, round(c / nb, 6), round(c / ca, 6), round(c / cb, 6),
                     round(c * nb / (ca * cb), 4), ca, cb])
    if raw:
        _, _, _, _, _, nb, multi, big, n_pairs = raw[0]
        job.summary.update({"baskets": num(nb), "baskets_with_2plus_items": num(multi),
                            "baskets_too_big_to_pair": num(big), "distinct_pairs": num(n_pairs)})
    else:
        head = sql.split("\nbs AS")[0].rstrip(",")
        nb = job.run.rows(f"{head} SELECT count(*) FROM (SELECT DISTINCT b1, b2 FROM bi) x")[0][0]
        job.summary.update({"baskets": num(nb), "distinct_pairs": 0})
        job.notes.append("no basket holds two different items")
    return {"columns": COLUMNS, "rows": rows, "sql": main_sql, "mask": {"item_a": item, "item_b": item}}
