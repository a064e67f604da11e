"""Decide, column by column, which cleaning steps apply, from the catalog and small warehouse answers.

The planner never reads whole columns into Python: it asks for aggregates and for at most MAX_VALUES
distinct (normalised) values with their counts, and decides from those. What it decides is a list of
steps; each step turns the SQL of its input into the SQL of a value and of a reason (sqlgen).
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pandian.warehouse import Warehouse
from pandian.warehouse.base import quote_ident
from tools.classify.validators import STRICT_VALIDATORS
from tools.clean import rules as R
from tools.clean import sqlgen as G
from tools.profile.profiler import logical_type

MAX_VALUES = 20_000  # distinct values fetched per text column; above this the list is a sample
SAMPLE_ROWS = 500_000  # tables larger than this are planned from their first SAMPLE_ROWS rows
TYPE_SHARE = 0.9  # share of values that must parse before a text column is typed
MAX_BAD_SHARE = 0.2  # a validator that rejects more than this is judging the wrong type: skip it
LONG_TEXT_TYPES = {"free_text", "review_text", "description", "product_title", "search_query", "address",
                   "person_name", "url"}
# names and words: their shapes vary with the name ('361度', 'Vero Moda'), so a rare shape is no error
NAME_TYPES = LONG_TEXT_TYPES | {"brand", "category_name", "region", "gender", "behavior_type", "review_text"}
# shapes used when a column has too many distinct values to validate each one in Python
SQL_SHAPES = {
    "email": r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+([.][A-Za-z0-9-]+)*[.][A-Za-z]{2,}$",
    "postal_code": r"^([0-8][0-9]{5}|[0-9]{5}(-[0-9]{4})?)$",
    "ip_address": r"^(([0-9]{1,3}[.]){3}[0-9]{1,3}|[0-9A-Fa-f:]*:[0-9A-Fa-f:.]+)$",
    "national_id": r"^([1-9][0-9]{16}[0-9Xx]|[1-9][0-9]{14}|[0-9]{3}-[0-9]{2}-[0-9]{4})$",
    "phone_number": r"^(1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8}|[+][0-9][0-9 ()-]{6,18}[0-9]|[(]?[0-9]{3}[)]?[ .-][0-9]{3}[ .-][0-9]{4})$",
}
CN_MOBILE = re.compile(r"1[3-9][0-9]{9}")

Builder = Callable[[str], tuple[str, str]]


@dataclass
class Step:
    rule: str  # the rule (or family) the step belongs to, for --rules filtering and explain output
    build: Builder


@dataclass
class ColumnPlan:
    name: str
    src_type: str
    logical: str
    semantic_type: str | None
    steps: list[Step] = field(default_factory=list)
    out_kind: str = "keep"  # keep | text | number | timestamp | date
    conversion: dict[str, Any] | None = None
    currency_step: int | None = None  # the currency column is read from this step's input
    notes: list[str] = field(default_factory=list)

    @property
    def currency_column(self) -> str | None:
        return f"{self.name}_currency" if self.currency_step is not None else None


class SQLRunner:
    """Writes in DuckDB's dialect, transpiles for the warehouse (like tools/profile's _SQL)."""

    def __init__(self, wh: Warehouse):
        self.wh = wh
        self.dialect = wh.capabilities.sqlglot_dialect
        self._doubled: bool | None = None

    def tr(self, sql: str) -> str:
        if self.dialect == "duckdb":
            return sql
        out = self.wh.from_duckdb(sql)
        return out.replace("%", "%%") if self.doubles_percent() else out

    def doubles_percent(self) -> bool:
        """Whether the driver reads '%' as a placeholder mark (psycopg does once parameters are passed)."""
        if self._doubled is None:
            try:
                self._doubled = self.wh.query("SELECT '%%'")[0][0] == "%"
            except Exception:  # noqa: BLE001 - a driver that rejects '%%' does not double
                self._doubled = False
        return self._doubled

    def q(self, sql: str) -> list[tuple]:
        return self.wh.query(self.tr(sql))

    def ex(self, sql: str) -> None:
        self.wh.execute(self.tr(sql))


def _share(counts: dict[str, int], pred: Callable[[str], bool]) -> float:
    total = sum(counts.values())
    return sum(k for v, k in counts.items() if pred(v)) / total if total else 0.0


def phone_canonical(v: str) -> str:
    """Python twin of sqlgen.phone_canonical."""
    s = re.sub(r"[\s().-]", "", re.sub(r"^(\+?86|0086)[\s-]*", "", v))
    return s if CN_MOBILE.fullmatch(s) and not CN_MOBILE.fullmatch(v) else v


def allowed_patterns(pattern_counts: dict[str, int]) -> list[str] | None:
    """The shapes a formatted column is written in, when a few shapes cover nearly every value."""
    total = sum(pattern_counts.values())
    if total < 20:
        return None
    allowed = [p for p, k in pattern_counts.items() if k >= 0.02 * total]
    if any(" " in p for p in allowed):
        return None  # words, not a code: 'children s asthma care' is a rare shape, not a malformed value
    covered = sum(pattern_counts[p] for p in allowed)
    if not allowed or len(allowed) > 4 or covered < 0.95 * total or covered == total:
        return None
    return sorted(allowed)


class Planner:
    def __init__(self, run: SQLRunner, src: str, n_rows: int, semantic: dict[str, tuple[str | None, str | None]],
                 rules: set[str]):
        self.run = run
        self.src = src  # quoted relation
        self.n_rows = n_rows
        self.semantic = semantic
        self.rules = rules
        self.sample = (f"(SELECT * FROM {src} LIMIT {SAMPLE_ROWS}) AS smp" if n_rows > SAMPLE_ROWS
                       else f"{src} AS smp")

    def on(self, *names: str) -> bool:
        return any(n in self.rules for n in names)

    # -- entry -------------------------------------------------------------------------------------------
    def plan(self, columns: list[tuple[str, str]]) -> list[ColumnPlan]:
        plans = [ColumnPlan(n, t, logical_type(t), self.semantic.get(n, (None, None))[0]) for n, t in columns]
        text = [p for p in plans if p.logical == "string"]
        dirt = self._text_dirt(text)
        for p in plans:
            if p.logical == "string":
                self._plan_text(p, *dirt.get(p.name, (0, 0)))
            elif p.logical == "integer" and p.semantic_type in R.TIME_TYPES and self.on(R.DATE_FORMAT, R.UNPARSEABLE):
                self._plan_unix(p)
            numeric = (p.logical in ("integer", "float", "decimal") and p.out_kind == "keep") or p.out_kind == "number"
            if numeric and self.on(R.OUT_OF_RANGE):
                low_high = R.RANGES.get(p.semantic_type or "")
                if low_high:
                    p.steps.append(Step(R.OUT_OF_RANGE, lambda x, lh=low_high: G.null_outside(x, *lh)))
        return plans

    # -- text columns --------------------------------------------------------------------------------------
    def _text_dirt(self, cols: list[ColumnPlan]) -> dict[str, tuple[int, int]]:
        """Rows with full-width characters / untrimmed whitespace, per text column (one scan)."""
        if not cols:
            return {}
        parts = []
        for p in cols:
            c = quote_ident(p.name)
            parts += [f"sum(CASE WHEN {G.rx(c, R.FULLWIDTH_RE)} THEN 1 ELSE 0 END)",
                      f"sum(CASE WHEN {G.rx(c, R.UNTRIMMED_RE)} THEN 1 ELSE 0 END)"]
        row = self.run.q(f"SELECT {', '.join(parts)} FROM {self.src}")[0]
        return {p.name: (int(row[2 * i] or 0), int(row[2 * i + 1] or 0)) for i, p in enumerate(cols)}

    def _values(self, name: str) -> tuple[dict[str, int], bool, bool]:
        """(value counts, every distinct value of the sample listed, the sample is the whole table)."""
        v = G.normalized(quote_ident(name))
        rows = self.run.q(f"SELECT v, count(*) AS k FROM (SELECT {v} AS v FROM {self.sample}) AS s "
                          f"WHERE v IS NOT NULL GROUP BY v ORDER BY k DESC, v LIMIT {MAX_VALUES + 1}")
        listed = len(rows) <= MAX_VALUES
        return {r[0]: int(r[1]) for r in rows[:MAX_VALUES]}, listed, listed and self.n_rows <= SAMPLE_ROWS

    def _plan_text(self, p: ColumnPlan, n_fullwidth: int, n_untrimmed: int) -> None:
        if n_fullwidth and self.on(R.FULLWIDTH):
            p.steps.append(Step(R.FULLWIDTH, lambda x: (G.fullwidth(x), G.case_reason(f"{G.rx(x, R.FULLWIDTH_RE)}",
                                                                                       R.FULLWIDTH))))
        if n_untrimmed and self.on(R.TRIM):
            p.steps.append(Step(R.TRIM, lambda x: (G.trim(x), G.case_reason(G.rx(x, R.UNTRIMMED_RE), R.TRIM))))
        counts, listed, complete = self._values(p.name)
        non_null = sum(counts.values())
        p.out_kind = "text"
        typed = self._typing(p, {v: k for v, k in counts.items()
                                 if v.lower() not in R.STRONG_NULL_TOKENS + R.CONTEXT_NULL_TOKENS})
        validator = self._validator_name(p)
        distinct_ratio = len(counts) / non_null if non_null else 0.0
        tokens = list(R.STRONG_NULL_TOKENS)
        context_hits = {v: k for v, k in counts.items() if v.lower() in R.CONTEXT_NULL_TOKENS}
        free_text = not listed or distinct_ratio > 0.5 or p.semantic_type in LONG_TEXT_TYPES
        if typed or validator or (free_text and sum(context_hits.values()) < 0.05 * max(non_null, 1)):
            tokens += list(R.CONTEXT_NULL_TOKENS)
        present = sorted({v.lower() for v in counts if v.lower() in tokens} | {""})
        if self.on(R.NULL_TOKEN) and present:
            p.steps.append(Step(R.NULL_TOKEN, lambda x, t=tuple(present): G.null_tokens(x, t)))
        counts = {v: k for v, k in counts.items() if v.lower() not in tokens}
        if typed:
            kind, dominant, out_type, allow_unix = typed
            p.out_kind = kind
            if kind == "number":
                marked = (lambda v: R.comma_number(v) is not None) if dominant == "comma" else \
                    (lambda v: R.number_family(v) == "formatted")
                if any(marked(v) and re.search(r"[^0-9.,+\-\s万亿]", v) for v in counts):
                    p.currency_step = len(p.steps)
                p.steps.append(Step(NUMBER_RULE, lambda x, d=dominant, o=out_type: G.number_parse(x, d, o)))
            elif kind == "time":
                p.steps.append(Step(R.DATE_FORMAT, lambda x, d=dominant: G.text_to_time(x, d)))
            else:
                p.steps.append(Step(R.DATE_FORMAT,
                                    lambda x, d=dominant, u=allow_unix, o=out_type: G.text_to_timestamp(x, d, u, o)))
            p.conversion = {"from": p.src_type.upper(), "to": out_type, "format": dominant}
            return
        if p.semantic_type == "phone_number" and self.on(R.PHONE_FORMAT):
            if any(phone_canonical(v) != v for v in counts):
                p.steps.append(Step(R.PHONE_FORMAT, G.phone_canonical))
                merged: Counter[str] = Counter()
                for v, k in counts.items():
                    merged[phone_canonical(v)] += k
                counts = dict(merged)
        if listed and self.on(R.TYPO, R.SPELLING_VARIANT) and non_null >= 20 and distinct_ratio <= 1 / 3:
            mapping = {v: m for v, m in R.spelling_map(counts, variants_only=p.semantic_type in R.CODE_TYPES).items()
                       if self.on(m[1])}
            if mapping:
                p.steps.append(Step(R.TYPO, lambda x, m=mapping: G.value_map(x, m)))
                p.notes.append(f"{len(mapping)} spelling(s) mapped")
                merged = Counter()
                for v, k in counts.items():
                    merged[mapping.get(v, (v,))[0]] += k
                counts = dict(merged)
        if validator and self.on(R.INVALID_FORMAT):
            if self._plan_validator(p, validator, counts, complete):
                return
        if self.on(R.PATTERN_MISMATCH) and p.semantic_type not in NAME_TYPES:
            self._plan_pattern(p, counts, complete)

    def _typing(self, p: ColumnPlan, counts: dict[str, int]) -> tuple[str, str, str, bool] | None:
        """(kind, dominant format, SQL type, unix allowed) when a text column holds numbers or dates."""
        if not counts or not self.on(R.NUMBER_FORMAT, R.DATE_FORMAT, R.UNPARSEABLE):
            return None
        sem = p.semantic_type
        if sem in R.CODE_TYPES:
            return None
        fams = Counter()
        # '12,34' alone may be two ids; a measure column, a currency marker or a dot group (1.299,00) says money
        comma = R.decimal_comma_column(counts) and (sem in R.MEASURE_TYPES or any(R.comma_marked(v) for v in counts))
        for v, k in counts.items():
            fams[("comma" if R.comma_number(v) is not None else "-") if comma else (R.number_family(v) or "-")] += k
        total = sum(counts.values())
        numeric = (fams["plain"] + fams["formatted"] + fams["comma"]) / total
        leading_zero = any(re.match(r"^[+-]?0[0-9]", v) for v in counts)
        if numeric >= TYPE_SHARE and sem not in R.TIME_TYPES and not (leading_zero and sem not in R.MEASURE_TYPES):
            if comma:
                whole = all(float(x).is_integer() for x in (R.comma_number(v) for v in counts) if x is not None) \
                    and not any("," in v for v in counts if R.comma_number(v) is not None)
                return "number", "comma", "BIGINT" if whole else "DOUBLE", False
            dominant = "plain" if fams["plain"] >= fams["formatted"] else "formatted"
            integral = all(float(x).is_integer() for x in (R.parse_number(v) for v in counts) if x is not None) and \
                not any("." in v for v in counts if R.number_family(v))
            return "number", dominant, "BIGINT" if integral else "DOUBLE", False
        if sem in R.MEASURE_TYPES:
            return None
        dfams = Counter()
        for v, k in counts.items():
            dfams[R.date_family(v) or "-"] += k
        weak = dfams["unix_s"] + dfams["unix_ms"] + dfams["compact"]
        strong = total - dfams["-"] - weak
        allow_weak = sem in R.TIME_TYPES or strong >= 0.5 * total
        parsed = strong + (weak if allow_weak else 0)
        if parsed / total < TYPE_SHARE:
            tfams = Counter()
            for v, k in counts.items():
                tfams[R.time_family(v) or "-"] += k
            if (total - tfams["-"]) / total >= TYPE_SHARE:
                return "time", "ampm" if tfams["ampm"] >= tfams["24h"] else "24h", "TIME", False
            return None
        dominant = max((f for f in dfams if f != "-" and (allow_weak or f not in ("unix_s", "unix_ms", "compact"))),
                       key=lambda f: (dfams[f], f))
        has_time = any(re.search(r"[0-9]{1,2}[:时点][0-9]", v) for v in counts) or dfams["unix_s"] + dfams["unix_ms"] > 0 \
            or any(len(v) == 14 and v.isdigit() for v in counts)
        out_type = "DATE" if sem == "date" and not has_time else "TIMESTAMP"
        return "timestamp" if out_type == "TIMESTAMP" else "date", dominant, out_type, allow_weak

    def _validator_name(self, p: ColumnPlan) -> str | None:
        sem = p.semantic_type
        if sem in STRICT_VALIDATORS and sem not in R.TIME_TYPES:
            return sem
        return None

    def _plan_validator(self, p: ColumnPlan, sem: str, counts: dict[str, int], complete: bool) -> bool:
        total = sum(counts.values())
        if not total:
            return False
        if complete:
            check = STRICT_VALIDATORS[sem]
            bad = {v: k for v, k in counts.items() if not check(v)}
            bad_share = sum(bad.values()) / total
            if bad_share > MAX_BAD_SHARE:
                p.notes.append(f"{sem} validator skipped: rejects {bad_share:.0%} of values")
                return False
            if bad:
                p.steps.append(Step(R.INVALID_FORMAT,
                                    lambda x, b=tuple(sorted(bad)): G.null_if_in(x, b, R.INVALID_FORMAT)))
            return True
        shape = SQL_SHAPES.get(sem)
        if shape is None:
            return False
        rx = re.compile(shape)
        bad_share = _share(counts, lambda v: rx.search(v) is None)
        if bad_share > MAX_BAD_SHARE:
            return False
        p.steps.append(Step(R.INVALID_FORMAT, lambda x, s=shape: G.null_unless_shape(x, s, R.INVALID_FORMAT)))
        return True

    def _plan_pattern(self, p: ColumnPlan, counts: dict[str, int], complete: bool) -> None:
        if complete:
            pats: Counter[str] = Counter()
            for v, k in counts.items():
                pats[R.coarse_pattern(v)] += k
        else:
            pat = G.coarse_pattern_sql(G.normalized(quote_ident(p.name)))
            rows = self.run.q(f"SELECT {pat} AS p, count(*) AS k FROM {self.sample} WHERE {quote_ident(p.name)} "
                              f"IS NOT NULL GROUP BY 1 ORDER BY k DESC LIMIT 200")
            pats = Counter({r[0]: int(r[1]) for r in rows if r[0] is not None})
        allowed = allowed_patterns(dict(pats))
        if allowed:
            p.steps.append(Step(R.PATTERN_MISMATCH, lambda x, a=tuple(allowed): G.null_unless_pattern(x, a)))
            p.notes.append(f"shapes allowed: {', '.join(allowed)}")

    # -- integer unix times --------------------------------------------------------------------------------
    def _plan_unix(self, p: ColumnPlan) -> None:
        c = quote_ident(p.name)
        s_lo, s_hi, ms_lo, ms_hi = R.UNIX_MIN_S, R.UNIX_MAX_S, R.UNIX_MIN_S * 1000, R.UNIX_MAX_S * 1000 + 999
        row = self.run.q(f"SELECT count({c}), sum(CASE WHEN {c} BETWEEN {s_lo} AND {s_hi} THEN 1 ELSE 0 END), "
                         f"sum(CASE WHEN {c} BETWEEN {ms_lo} AND {ms_hi} THEN 1 ELSE 0 END) FROM {self.sample}")[0]
        n, secs, millis = (int(x or 0) for x in row)
        if not n or (secs + millis) < TYPE_SHARE * n:
            return
        dominant = "unix_s" if secs >= millis else "unix_ms"
        p.steps.append(Step(R.DATE_FORMAT, lambda x, d=dominant: G.int_to_timestamp(x, d)))
        p.out_kind = "timestamp"
        p.conversion = {"from": p.src_type.upper(), "to": "TIMESTAMP", "format": dominant}


NUMBER_RULE = R.NUMBER_FORMAT
