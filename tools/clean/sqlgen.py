"""SQL expression builders for the cleaning rules, in DuckDB's dialect (transpiled for other warehouses).

Each builder takes the SQL of its input value and returns SQL: a value expression or a reason expression
(a rule name when the rule changes the cell, else NULL). Regexes guard every CAST, so PostgreSQL (which has
no TRY_CAST) never raises on a bad value: a value that does not fit becomes NULL and is quarantined.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

from pandian.warehouse.base import sql_literal
from tools.clean import rules as R


def lit(v: object) -> str:
    return sql_literal(str(v))


def in_list(values: Iterable[str]) -> str:
    return "(" + ", ".join(lit(v) for v in values) + ")"


def rx(x: str, pattern: str) -> str:
    return f"regexp_matches({x}, {lit(pattern)})"


def rx_replace(x: str, pattern: str, repl: str) -> str:
    return f"regexp_replace({x}, {lit(pattern)}, {lit(repl)}, 'g')"


def case_reason(cond: str, rule: str) -> str:
    return f"CASE WHEN {cond} THEN {lit(rule)} END"


# -- text --------------------------------------------------------------------------------------------
def fullwidth(x: str) -> str:
    return f"translate({x}, {lit(R.FULLWIDTH_CHARS)}, {lit(R.HALFWIDTH_CHARS)})"


def trim(x: str) -> str:
    return rx_replace(x, R.TRIM_RE, "")


def normalized(x: str) -> str:
    """Full-width folded and trimmed text: what the planner looks at."""
    return trim(fullwidth(f"CAST({x} AS VARCHAR)"))


def null_tokens(x: str, tokens: Sequence[str]) -> tuple[str, str]:
    cond = f"lower({x}) IN {in_list(tokens)}"
    return f"CASE WHEN {cond} THEN NULL ELSE {x} END", case_reason(cond, R.NULL_TOKEN)


def coarse_pattern_sql(x: str) -> str:
    s = rx_replace(x, "[0-9]+", "9")
    s = rx_replace(s, "[A-Za-z]+", "a")
    return rx_replace(s, "[\u4e00-\u9fff]+", "汉")


# -- phones --------------------------------------------------------------------------------------------
CN_MOBILE_RE = r"^1[3-9][0-9]{9}$"


def phone_canonical(x: str) -> tuple[str, str]:
    """'+86 138-1234-5678' -> '13812345678' when what is left is a mainland mobile number."""
    stripped = rx_replace(rx_replace(x, r"^(\+?86|0086)[\s-]*", ""), r"[\s().-]", "")
    cond = f"{rx(stripped, CN_MOBILE_RE)} AND NOT {rx(x, CN_MOBILE_RE)}"
    return f"CASE WHEN {cond} THEN {stripped} ELSE {x} END", case_reason(cond, R.PHONE_FORMAT)


# -- numbers -----------------------------------------------------------------------------------------
_NEGATIVE_RE = R.NEGATIVE_RE  # the Python twin (rules.parse_number) uses the same pattern
_FITS_BIGINT_RE = r"^[+-]?[0-9]{1,15}([.][0-9]*)?$"

def number_parse(x: str, dominant: str, out_type: str) -> tuple[str, str]:
    """Plain and formatted numbers (¥1,299.00, 1.2万, 99元) -> DOUBLE/BIGINT; anything else -> NULL.
    dominant 'comma': the column writes a decimal comma (38,27 €, 1.299,00), and every value is read so."""
    if dominant == "comma":
        return _comma_number_parse(x, out_type)
    plain = rx(x, R.PLAIN_NUMBER_RE)
    formatted = rx(x, R.FORMATTED_NUMBER_RE)
    digits = rx_replace(x, R.NUMBER_STRIP_RE, "")
    sign = f"CASE WHEN {rx(x, _NEGATIVE_RE)} THEN -1 ELSE 1 END"
    mult = f"CASE WHEN {x} LIKE '%亿%' THEN 100000000 WHEN {x} LIKE '%万%' THEN 10000 ELSE 1 END"
    magnitude = rx_replace(digits, r"^[+-]", "")
    fmt_value = f"{sign} * CAST({magnitude} AS DOUBLE) * {mult}"
    value = (f"CASE WHEN {plain} THEN CAST({x} AS DOUBLE) WHEN {formatted} AND {rx(magnitude, R.PLAIN_NUMBER_RE)} "
             f"THEN {fmt_value} END")
    if out_type == "BIGINT":
        value = f"CAST(round({value}) AS BIGINT)"
        value = f"CASE WHEN {rx(digits, _FITS_BIGINT_RE)} THEN {value} END"
    changed = f"{formatted} AND NOT {plain}" if dominant == "plain" else f"{plain} AND NOT {formatted}"
    if dominant != "plain":
        changed = "FALSE"
    reason = (f"CASE WHEN {x} IS NULL THEN NULL WHEN NOT ({plain} OR ({formatted} AND "
              f"{rx(magnitude, R.PLAIN_NUMBER_RE)})) THEN {lit(R.UNPARSEABLE)} "
              f"WHEN {changed} THEN {lit(R.NUMBER_FORMAT)} END")
    return value, reason


def _comma_number_parse(x: str, out_type: str) -> tuple[str, str]:
    shaped = rx(x, R.COMMA_NUMBER_RE)
    magnitude = f"replace({rx_replace(rx_replace(x, R.COMMA_STRIP_RE, ''), r'^[+-]', '')}, ',', '.')"
    ok = f"{shaped} AND {rx(x, '[0-9]')} AND {rx(magnitude, R.PLAIN_NUMBER_RE)}"
    sign = f"CASE WHEN {rx(x, _NEGATIVE_RE)} THEN -1 ELSE 1 END"
    value = f"CASE WHEN {ok} THEN {sign} * CAST({magnitude} AS DOUBLE) END"
    if out_type == "BIGINT":
        ok = f"{ok} AND {rx(magnitude, _FITS_BIGINT_RE)}"
        value = f"CASE WHEN {ok} THEN CAST(round({value}) AS BIGINT) END"
    reason = f"CASE WHEN {x} IS NULL THEN NULL WHEN NOT ({ok}) THEN {lit(R.UNPARSEABLE)} END"
    return value, reason


def currency_code(x: str) -> str:
    """ISO code of the currency marker in a money text, NULL when it carries none."""
    whens = " ".join(f"WHEN {rx(x, pat)} THEN {lit(code)}" for pat, code in R.CURRENCY_CODES)
    return f"CASE WHEN {x} IS NULL THEN NULL {whens} END"


# -- dates and times ---------------------------------------------------------------------------------
def _days_in_month(y: str, m: str) -> str:
    leap = f"(({y} % 4 = 0 AND {y} % 100 <> 0) OR {y} % 400 = 0)"
    return (f"CASE WHEN {m} = 2 THEN CASE WHEN {leap} THEN 29 ELSE 28 END "
            f"WHEN {m} IN (4, 6, 9, 11) THEN 30 ELSE 31 END")


def _canon_to_ts(c: str) -> str:
    """'Y-M-D H:M:S' (parts may be empty) -> TIMESTAMP, NULL when not a real date and time."""
    date_part = f"split_part({c}, ' ', 1)"
    time_part = f"split_part({c}, ' ', 2)"
    y = f"CAST(split_part({date_part}, '-', 1) AS INTEGER)"
    m = f"CAST(split_part({date_part}, '-', 2) AS INTEGER)"
    d = f"CAST(split_part({date_part}, '-', 3) AS INTEGER)"
    hh = f"CAST(coalesce(nullif(split_part({time_part}, ':', 1), ''), '0') AS INTEGER)"
    mi = f"CAST(coalesce(nullif(split_part({time_part}, ':', 2), ''), '0') AS INTEGER)"
    ss = f"CAST(coalesce(nullif(split_part({time_part}, ':', 3), ''), '0') AS DOUBLE)"
    ok = (f"{m} BETWEEN 1 AND 12 AND {d} BETWEEN 1 AND {_days_in_month(y, m)} AND {y} BETWEEN 1 AND 9999 "
          f"AND {hh} <= 23 AND {mi} <= 59 AND {ss} < 60")
    return f"CASE WHEN {ok} THEN make_timestamp({y}, {m}, {d}, {hh}, {mi}, {ss}) END"


def _canon(x: str) -> str:
    """Any accepted text date shape -> 'Y-M-D H:M:S' with empty time parts, or NULL."""
    whens = " ".join(f"WHEN {rx(x, pat)} THEN {rx_replace(x, pat, repl)}" for _, pat, repl in R.DATE_REWRITES)
    return f"CASE {whens} END"


def _unix(n: str, unit: str) -> str:
    base = "CAST('1970-01-01 00:00:00' AS TIMESTAMP)"
    if unit == "unix_s":
        return f"{base} + CAST({n} AS BIGINT) * INTERVAL 1 SECOND"
    return (f"{base} + CAST(floor(CAST({n} AS DOUBLE) / 1000) AS BIGINT) * INTERVAL 1 SECOND "
            f"+ CAST(CAST({n} AS BIGINT) % 1000 AS INTEGER) * INTERVAL 1 MILLISECOND")


def _family_case(x: str) -> str:
    whens = " ".join(f"WHEN {rx(x, pat)} THEN {lit(fam)}" for fam, pat, _ in R.DATE_REWRITES)
    return f"CASE {whens} END"


def text_to_timestamp(x: str, dominant: str, allow_unix: bool, out_type: str) -> tuple[str, str]:
    """Mixed text dates -> TIMESTAMP (or DATE); cells not in the dominant shape are logged."""
    value = _canon_to_ts(_canon(x))
    fam = _family_case(x)
    if allow_unix:
        # casts sit inside CASE: SQL does not promise to short-circuit AND
        us = (f"coalesce(CASE WHEN {rx(x, R.UNIX_S_RE)} THEN CAST({x} AS BIGINT) END BETWEEN {R.UNIX_MIN_S} "
              f"AND {R.UNIX_MAX_S}, FALSE)")
        ums = (f"coalesce(CASE WHEN {rx(x, R.UNIX_MS_RE)} THEN CAST({x} AS BIGINT) END BETWEEN {R.UNIX_MIN_S * 1000} "
               f"AND {R.UNIX_MAX_S * 1000 + 999}, FALSE)")
        value = f"CASE WHEN {us} THEN {_unix(x, 'unix_s')} WHEN {ums} THEN {_unix(x, 'unix_ms')} ELSE {value} END"
        fam = f"CASE WHEN {us} THEN 'unix_s' WHEN {ums} THEN 'unix_ms' ELSE {fam} END"
    if out_type == "DATE":
        value = f"CAST({value} AS DATE)"
    reason = (f"CASE WHEN {x} IS NULL THEN NULL WHEN ({value}) IS NULL THEN {lit(R.UNPARSEABLE)} "
              f"WHEN {fam} <> {lit(dominant)} THEN {lit(R.DATE_FORMAT)} END")
    return value, reason


def text_to_time(x: str, dominant: str) -> tuple[str, str]:
    """Times of day ('7:10 a.m.', '19:10', '7:10:05 PM') -> TIME; cells in the other notation are logged."""
    sq = rx_replace(f"lower({x})", R.TIME_SQUASH_RE, "")
    canon = f"CASE WHEN {rx(sq, R.TIME_RE)} THEN {rx_replace(sq, R.TIME_RE, chr(92) + '1:' + chr(92) + '2:' + chr(92) + '3:' + chr(92) + '4')} END"
    h = f"CAST(split_part({canon}, ':', 1) AS INTEGER)"
    mi = f"CAST(split_part({canon}, ':', 2) AS INTEGER)"
    sec = f"CAST(coalesce(nullif(split_part({canon}, ':', 3), ''), '0') AS INTEGER)"
    ap = f"split_part({canon}, ':', 4)"
    hour = (f"CASE WHEN {ap} = 'am' THEN {h} % 12 WHEN {ap} = 'pm' THEN {h} % 12 + 12 ELSE {h} END")
    ok = (f"{canon} IS NOT NULL AND {mi} <= 59 AND {sec} <= 59 AND "
          f"(({ap} = '' AND {h} <= 23) OR ({ap} <> '' AND {h} BETWEEN 1 AND 12))")
    value = f"CASE WHEN {ok} THEN make_time({hour}, {mi}, CAST({sec} AS DOUBLE)) END"
    other = f"{ap} = ''" if dominant == "ampm" else f"{ap} <> ''"
    reason = (f"CASE WHEN {x} IS NULL THEN NULL WHEN NOT ({ok}) THEN {lit(R.UNPARSEABLE)} "
              f"WHEN {other} THEN {lit(R.DATE_FORMAT)} END")
    return value, reason


def int_to_timestamp(x: str, dominant: str) -> tuple[str, str]:
    """Unix seconds / milliseconds in an integer column -> TIMESTAMP; other integers -> NULL."""
    us = f"{x} BETWEEN {R.UNIX_MIN_S} AND {R.UNIX_MAX_S}"
    ums = f"{x} BETWEEN {R.UNIX_MIN_S * 1000} AND {R.UNIX_MAX_S * 1000 + 999}"
    value = f"CASE WHEN {us} THEN {_unix(x, 'unix_s')} WHEN {ums} THEN {_unix(x, 'unix_ms')} END"
    other = ums if dominant == "unix_s" else us
    reason = (f"CASE WHEN {x} IS NULL THEN NULL WHEN NOT ({us} OR {ums}) THEN {lit(R.UNPARSEABLE)} "
              f"WHEN {other} THEN {lit(R.DATE_FORMAT)} END")
    return value, reason


# -- validation ----------------------------------------------------------------------------------------
def null_if_in(x: str, values: Sequence[str], rule: str) -> tuple[str, str]:
    cond = f"{x} IN {in_list(values)}"
    return f"CASE WHEN {cond} THEN NULL ELSE {x} END", case_reason(cond, rule)


def null_unless_shape(x: str, pattern: str, rule: str) -> tuple[str, str]:
    cond = f"NOT {rx(x, pattern)}"
    return f"CASE WHEN {cond} THEN NULL ELSE {x} END", case_reason(cond, rule)


def null_unless_pattern(x: str, allowed: Sequence[str]) -> tuple[str, str]:
    cond = f"{coarse_pattern_sql(x)} NOT IN {in_list(allowed)}"
    return f"CASE WHEN {cond} THEN NULL ELSE {x} END", case_reason(cond, R.PATTERN_MISMATCH)


def value_map(x: str, mapping: dict[str, tuple[str, str]]) -> tuple[str, str]:
    """Rare spellings -> their frequent form."""
    whens = " ".join(f"WHEN {lit(src)} THEN {lit(dst)}" for src, (dst, _) in sorted(mapping.items()))
    value = f"CASE {x} {whens} ELSE {x} END"
    by_rule: dict[str, list[str]] = {}
    for src, (_, rule) in mapping.items():
        by_rule.setdefault(rule, []).append(src)
    reason = "CASE " + " ".join(f"WHEN {x} IN {in_list(sorted(v))} THEN {lit(r)}" for r, v in sorted(by_rule.items()))
    return value, reason + " END"


def null_outside(x: str, low: object | None, high: object | None, literal: bool = False) -> tuple[str, str]:
    parts = []
    if low is not None:
        parts.append(f"{x} < {low}")
    if high is not None:
        parts.append(f"{x} > {high}")
    cond = " OR ".join(parts) or "FALSE"
    return f"CASE WHEN {cond} THEN NULL ELSE {x} END", case_reason(f"({cond})", R.OUT_OF_RANGE)
