"""Approximate functional dependencies (zip -> city, key -> name): find them, then repair their minorities.

Why: a typo in a code ('3595x'), a wrong city for a zip, or a missing value in a record that is repeated
elsewhere ('the same flight, reported by five sources') is invisible column by column but obvious across
columns. X -> Y is accepted when, over groups of X with at least MIN_GROUP rows, the most common Y covers
most rows (strength) AND knowing X predicts Y far better than guessing Y's overall mode (Goodman-Kruskal
lambda): a near-constant Y does not make every column its determinant. Detection runs on a sample; the
repair is one SQL join per dependency over the whole table. A NULL that no dependency can fill although
other rows of its group hold a value is flagged (fd_missing) and left NULL.
"""
from __future__ import annotations

from dataclasses import dataclass

from pandian.warehouse.base import quote_ident
from tools.clean import rules as R
from tools.clean.plan import SQLRunner

MIN_GROUP = 3
SAMPLE_ROWS = 200_000
MIN_LAMBDA = 0.5  # X must remove at least half of the errors of guessing Y's mode
IMPUTE_STRENGTH = 0.5  # fill a NULL Y from X's dominant Y when X -> Y holds this well
REPAIR_STRENGTH = 0.9  # replace a minority Y only when X -> Y holds this well (a real dependency)
GROUP_SHARE = 0.5  # the dominant Y must hold this share of its X group
MINORITY = 1 / 3  # a replaced value is at most this fraction as common as the dominant one in its group
KEY_PEER_STRENGTH = 0.8  # a key-like column is repaired only from a column it determines this well in turn
SUPPORT = "fd_support"  # internal patch mark: never reaches the quarantine
MAX_X = 24
MAX_FD_PER_Y = 4


@dataclass
class Dependency:
    x: str
    y: str
    strength: float
    lam: float
    covered: int
    repair: bool

    def as_dict(self) -> dict:
        return {"determinant": self.x, "dependent": self.y, "strength": round(self.strength, 4),
                "lambda": round(self.lam, 4), "rows": self.covered, "repairs": self.repair}


def discover(run: SQLRunner, table: str, columns: list[tuple[str, str]], n_rows: int) -> list[Dependency]:
    """Dependencies among columns of kind 'text'/'integer'/'number'/'date' of a staged table."""
    if n_rows < 2 * MIN_GROUP or len(columns) < 2:
        return []
    t = quote_ident(table)
    smp = f"(SELECT * FROM {t} LIMIT {SAMPLE_ROWS}) AS smp" if n_rows > SAMPLE_ROWS else f"{t} AS smp"
    names = [n for n, _ in columns]
    parts = []
    for n in names:
        c = quote_ident(n)
        parts += [f"count(DISTINCT {c})", f"count({c})"]
    row = run.q(f"SELECT count(*), {', '.join(parts)} FROM {smp}")[0]
    total = int(row[0])
    stats = {n: (int(row[1 + 2 * i]), int(row[2 + 2 * i])) for i, n in enumerate(names)}
    kinds = dict(columns)
    xs = [n for n in names if kinds[n] != "number" and 2 <= stats[n][0] <= 0.5 * stats[n][1]
          and stats[n][1] >= 0.5 * total]
    xs.sort(key=lambda n: stats[n][0], reverse=True)
    xs = xs[:MAX_X]
    ys = [n for n in names if 2 <= stats[n][0] < 0.9 * stats[n][1]]
    if not xs or not ys:
        return []
    mode = {}
    for y in ys:
        c = quote_ident(y)
        mode[y] = int(run.q(f"SELECT max(k) FROM (SELECT {c}, count(*) AS k FROM {smp} WHERE {c} IS NOT NULL "
                            f"GROUP BY {c}) AS g")[0][0] or 0)
    found: list[Dependency] = []
    strength_of: dict[tuple[str, str], float] = {}
    for x in xs:
        cx = quote_ident(x)
        subs = []
        targets = [y for y in ys if y != x]
        for i, y in enumerate(targets):
            cy = quote_ident(y)
            subs.append(
                f"SELECT {i} AS yi, coalesce(sum(top), 0) AS agree, coalesce(sum(tot), 0) AS covered, "
                f"(SELECT count(*) FROM {smp} WHERE {cx} IS NOT NULL AND {cy} IS NOT NULL) AS pairs FROM "
                f"(SELECT max(k) AS top, sum(k) AS tot FROM (SELECT {cx} AS gx, {cy} AS gy, count(*) AS k FROM {smp} "
                f"WHERE {cx} IS NOT NULL AND {cy} IS NOT NULL GROUP BY {cx}, {cy}) AS g GROUP BY gx "
                f"HAVING sum(k) >= {MIN_GROUP}) AS h")
        if not subs:
            continue
        for yi, agree, covered, pairs in run.q(" UNION ALL ".join(subs)):
            y = targets[int(yi)]
            agree, covered, pairs = int(agree or 0), int(covered or 0), int(pairs or 0)
            if not covered or covered < 0.5 * pairs:
                continue
            strength = agree / covered
            p_mode = mode[y] / stats[y][1] if stats[y][1] else 1.0
            if p_mode >= 1.0:
                continue
            lam = (strength - p_mode) / (1 - p_mode)
            strength_of[(x, y)] = strength
            if strength >= IMPUTE_STRENGTH and lam >= MIN_LAMBDA:
                found.append(Dependency(x, y, strength, lam, covered, strength >= REPAIR_STRENGTH))
    # A key-like column (one that determines another column almost exactly, like a flight number or a
    # provider id) is repaired only from a peer identifier that it determines in turn (name <-> id), never
    # from a mere attribute that happens to be nearly unique (an arrival time that is usually one flight's).
    key_like = {d.x for d in found if d.repair}
    for d in found:
        if d.repair and d.y in key_like and strength_of.get((d.y, d.x), 0.0) < KEY_PEER_STRENGTH:
            d.repair = False
    best: dict[str, list[Dependency]] = {}
    for d in sorted(found, key=lambda d: (-d.lam, -d.strength, d.x)):
        if len(best.setdefault(d.y, [])) < MAX_FD_PER_Y:
            best[d.y].append(d)
    for ds in best.values():  # one column is repaired by one dependency: its strongest repairing one
        for d in [d for d in ds if d.repair][1:]:
            d.repair = False
    return [d for ds in best.values() for d in ds]


def _ctes(s1: str, d: Dependency) -> list[str]:
    cx, cy = quote_ident(d.x), quote_ident(d.y)
    return [
        f"g AS (SELECT {cx} AS gx, {cy} AS gy, count(*) AS k FROM {s1} WHERE {cx} IS NOT NULL "
        f"AND {cy} IS NOT NULL GROUP BY {cx}, {cy})",
        "r AS (SELECT gx, gy, k, row_number() OVER (PARTITION BY gx ORDER BY k DESC, gy) AS rn, "
        "sum(k) OVER (PARTITION BY gx) AS tot FROM g)",
        f"imp AS (SELECT a.gx, a.gy AS dom, a.k AS kdom FROM r AS a LEFT JOIN r AS b ON b.gx = a.gx AND b.rn = 2 "
        f"WHERE a.rn = 1 AND a.tot >= {MIN_GROUP} AND a.k >= 2 AND a.k >= {GROUP_SHARE} * a.tot "
        f"AND (b.k IS NULL OR a.k > b.k))",
    ]


def support_insert(s1: str, patch: str, d: Dependency, col: int) -> str:
    """Mark cells that another dependency wants to repair but this one backs (the value is its group's mode).

    Why: a user's rare second device is a minority under user -> device, yet the mode of its own session
    under session -> device; two dependencies disagreeing means the value is not clearly wrong.
    """
    cx, cy = quote_ident(d.x), quote_ident(d.y)
    return (f"INSERT INTO {patch} (_row_id, col, pri, reason) SELECT _row_id, col, pri, reason FROM "
            f"(WITH {', '.join(_ctes(s1, d))} SELECT s._row_id AS _row_id, {col} AS col, -1 AS pri, "
            f"'{SUPPORT}' AS reason FROM {s1} AS s JOIN imp AS i ON i.gx = s.{cx} AND i.dom = s.{cy} "
            f"WHERE s._row_id IN (SELECT _row_id FROM {patch} WHERE col = {col} AND reason = '{R.FD_VIOLATION}')) AS p")


def patch_insert(s1: str, patch: str, d: Dependency, j: int, col: int, slot: str,
                 impute: bool = True, missing: bool = True) -> str:
    """INSERT into the patch table the cells dependency j (X -> Y) fills, repairs or flags.

    The patch table has `_row_id, col, pri, reason` and one typed slot per target column (named `slot`
    here, for Y); the other slots stay NULL. pri orders competing patches of one cell (lower wins).
    """
    cx, cy = quote_ident(d.x), quote_ident(d.y)
    ctes = _ctes(s1, d) + ["known AS (SELECT gx FROM r WHERE rn = 1 AND tot >= 2)"]

    def row(value: str, reason: str, pri: int) -> str:
        return f"s._row_id AS _row_id, {col} AS col, {pri} AS pri, '{reason}' AS reason, {value} AS {slot}"

    parts = []
    if impute:
        parts.append(f"SELECT {row('i.dom', R.FD_IMPUTE, j)} FROM {s1} AS s JOIN imp AS i ON i.gx = s.{cx} "
                     f"WHERE s.{cy} IS NULL")
    if missing:
        parts.append(f"SELECT {row('NULL', R.FD_MISSING, 1000 + j)} FROM {s1} AS s JOIN known AS n "
                     f"ON n.gx = s.{cx} WHERE s.{cy} IS NULL")
    if d.repair:
        ctes.append(f"fix AS (SELECT r.gx, r.gy, i.dom FROM r JOIN imp AS i ON i.gx = r.gx "
                    f"WHERE r.rn > 1 AND r.k <= {MINORITY} * i.kdom)")
        parts.append(f"SELECT {row('f.dom', R.FD_VIOLATION, j)} FROM {s1} AS s JOIN fix AS f ON f.gx = s.{cx} "
                     f"AND f.gy = s.{cy}")
    if not parts:
        return ""
    return (f"INSERT INTO {patch} (_row_id, col, pri, reason, {slot}) SELECT _row_id, col, pri, reason, {slot} "
            f"FROM (WITH {', '.join(ctes)} {' UNION ALL '.join(parts)}) AS p")
