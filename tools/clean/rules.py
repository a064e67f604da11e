"""What counts as noise: rule names, null tokens, number/date formats and the distance tests for typos.

Everything here is pure (no warehouse): the planner decides with these functions on small samples, and
the SQL generator turns the same definitions into expressions, so Python and SQL agree on what a
format is. Regexes are written once in the subset that RE2 (DuckDB) and PostgreSQL both read.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

# -- rule names (the keys of the report's by_rule and the words of quarantine.reason) -------------------
FULLWIDTH = "fullwidth"
TRIM = "trim"
NULL_TOKEN = "null_token"
PHONE_FORMAT = "phone_format"
NUMBER_FORMAT = "number_format"
DATE_FORMAT = "date_format"
UNPARSEABLE = "unparseable"
INVALID_FORMAT = "invalid_format"
PATTERN_MISMATCH = "pattern_mismatch"
TYPO = "typo"
SPELLING_VARIANT = "spelling_variant"
OUT_OF_RANGE = "out_of_range"
FD_VIOLATION = "fd_violation"
FD_IMPUTE = "fd_impute"
FD_MISSING = "fd_missing"  # flagged only: a NULL where other rows of the same entity hold a value
DUPLICATE_ROW = "duplicate_row"
DUPLICATE_KEY = "duplicate_key"

RULE_FAMILIES: dict[str, tuple[str, ...]] = {
    "normalize": (FULLWIDTH, TRIM, PHONE_FORMAT),
    "nulls": (NULL_TOKEN,),
    "types": (NUMBER_FORMAT, DATE_FORMAT, UNPARSEABLE),
    "validate": (INVALID_FORMAT, PATTERN_MISMATCH),
    "spelling": (TYPO, SPELLING_VARIANT),
    "range": (OUT_OF_RANGE,),
    "fd": (FD_VIOLATION, FD_IMPUTE, FD_MISSING),
    "duplicates": (DUPLICATE_ROW, DUPLICATE_KEY),
}
ALL_RULES: tuple[str, ...] = tuple(r for rules in RULE_FAMILIES.values() for r in rules)


def expand_rules(names: Iterable[str] | None) -> set[str]:
    """Rule or family names -> the set of rules to run (None: all). Unknown names raise ValueError."""
    if names is None:
        return set(ALL_RULES)
    out: set[str] = set()
    for n in names:
        key = n.strip().lower()
        if key in RULE_FAMILIES:
            out.update(RULE_FAMILIES[key])
        elif key in ALL_RULES:
            out.add(key)
        else:
            raise ValueError(key)
    return out


# -- text normalisation -------------------------------------------------------------------------------
FULLWIDTH_CHARS = "".join(chr(c + 0xFEE0) for c in range(0x21, 0x7F)) + "\u3000"
HALFWIDTH_CHARS = "".join(chr(c) for c in range(0x21, 0x7F)) + " "
FULLWIDTH_RE = "[\uff01-\uff5e\u3000]"
# Whitespace spelled out: RE2 (DuckDB), PostgreSQL and Python disagree on what \\s matches (\\v, \\x85,
# U+2028 ...), and the Python twins must decide exactly as the SQL the cleaner runs.
WS = " \\t\\n\\f\\r"
_SPACE = WS + "\u00a0"
TRIM_RE = f"^[{_SPACE}]+|[{_SPACE}]+$"
UNTRIMMED_RE = f"^[{_SPACE}]|[{_SPACE}]$"
_FW_TABLE = str.maketrans(FULLWIDTH_CHARS, HALFWIDTH_CHARS)


def normalize_text(v: str) -> str:
    """Python twin of the SQL text step: full-width to half-width, then trim (NBSP included)."""
    return v.translate(_FW_TABLE).strip(" \t\r\n\f\u00a0")


# Tokens that mean "no value" whatever the column holds (compared lower-cased, after trimming).
STRONG_NULL_TOKENS = ("", "null", "\\n", "n/a", "#n/a", "nan", "(null)", "<null>", "undefined", "nat")
# Tokens that are null markers only where they cannot be a real value: in typed (number/date) columns,
# in columns with a format validator, and in free-text columns where they are rare. In a categorical
# column "无" (none) or "-" may be a genuine category, so they are left alone there.
CONTEXT_NULL_TOKENS = ("none", "na", "nil", "-", "--", "---", "—", "?", "无", "空", "暂无", "未知", "不详",
                       "empty", "unknown", "missing", "not available", "not applicable", "n.a.", "no data")


# -- numbers -----------------------------------------------------------------------------------------
PLAIN_NUMBER_RE = r"^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?$"
# money and counts as people write them: ¥1,299.00  $12  99元  RMB 50  1.2万  -￥3
CURRENCY_PREFIX_RE = r"(¥|￥|\$|US\$|€|£|RMB|CNY|USD|EUR|GBP)"
CURRENCY_SUFFIX_RE = r"(元|块|圆|RMB|CNY|USD|EUR|GBP)"
_S = f"[{WS}]"
FORMATTED_NUMBER_RE = (rf"^[+-]?{_S}*" + CURRENCY_PREFIX_RE + rf"?{_S}*[+-]?([0-9]{{1,3}}(,[0-9]{{3}})+|[0-9]+)([.][0-9]+)?"
                       rf"{_S}*(万|亿)?{_S}*" + CURRENCY_SUFFIX_RE + "?$")
NUMBER_STRIP_RE = rf"[¥￥$€£,元块圆万亿{WS}]|US|RMB|CNY|USD|EUR|GBP"
CURRENCY_CODES = (  # (regex that finds the marker, ISO code); R$ before $, which would read it as dollars
    (r"R\$|BRL", "BRL"), (r"zł|PLN", "PLN"), (r"Kč|CZK", "CZK"), (r"US\$|\$|USD", "USD"), (r"¥|￥|元|块|圆|RMB|CNY", "CNY"), (r"€|EUR", "EUR"), (r"£|GBP", "GBP"))
# decimal comma, as most of Europe and Latin America write money: 38,27 €  1.299,00  R$ 49,90  1 299,95 zł.
# Only a whole column switches to it (see decimal_comma_column): '1,299' alone is a thousand in Shanghai.
COMMA_PREFIX_RE = r"(€|R\$|EUR|BRL|PLN|CZK)"
COMMA_SUFFIX_RE = r"(€|EUR|zł|PLN|Kč|CZK|BRL)"
_GROUP = "[. \u00a0\u202f]"  # thousands: dot, space, no-break space, narrow no-break space
COMMA_NUMBER_RE = (rf"^[+-]?{_S}*" + COMMA_PREFIX_RE + rf"?{_S}*[+-]?([0-9]{{1,3}}({_GROUP}[0-9]{{3}})+|[0-9]+)(,[0-9]+)?"
                   rf"{_S}*" + COMMA_SUFFIX_RE + "?$")
COMMA_STRIP_RE = f"[.€{WS}\u00a0\u202f]|R[$]|zł|Kč|EUR|BRL|PLN|CZK"
_PLAIN = re.compile(PLAIN_NUMBER_RE)
_FORMATTED = re.compile(FORMATTED_NUMBER_RE)
_COMMA = re.compile(COMMA_NUMBER_RE)
# proof of a decimal comma: ',' then 1-2 or 4+ digits at the end, or a dot group before the comma (1.299,00);
# proof of a decimal point: '.' then other than 3 digits, or a comma group before the point (1,299.00)
_COMMA_PROOF = re.compile(r"[0-9],([0-9]{1,2}|[0-9]{4,})([^0-9]*)$|[0-9][.][0-9]{3},[0-9]")
_POINT_PROOF = re.compile(r"[0-9][.]([0-9]{1,2}|[0-9]{4,})([^0-9]*)$|[0-9],[0-9]{3}[.][0-9]")


NEGATIVE_RE = rf"^[+]?{_S}*-|^[^0-9]{{0,4}}-"


def _whole(rx: re.Pattern[str], v: str) -> bool:
    """A match of the whole text, as RE2's `$` means it (Python's `$` also matches before a final newline)."""
    m = rx.match(v)
    return m is not None and m.end() == len(v)


def number_family(v: str) -> str | None:
    """'plain', 'formatted' (currency, thousands, 万) or None when the text is not a number."""
    if _whole(_PLAIN, v):
        return "plain"
    if _whole(_FORMATTED, v) and re.search(r"[0-9]", v):
        return "formatted"
    return None


def decimal_comma_column(values: Iterable[str]) -> bool:
    """True when the column writes decimals with a comma: some value proves it and none proves a decimal point,
    so an ambiguous '1,299' or '1.500' is read the way the rest of its column is written."""
    comma = False
    for v in values:
        if _POINT_PROOF.search(v):
            return False
        comma = comma or (_whole(_COMMA, v) and _COMMA_PROOF.search(v) is not None)
    return comma


def comma_marked(v: str) -> bool:
    """A decimal-comma number that shows it is one by more than the comma: a currency or a thousands group."""
    return _whole(_COMMA, v) and (re.search(r"[^0-9,+\- ]", v) is not None or re.search(r"[0-9] [0-9]{3},", v) is not None)


def comma_number(v: str) -> float | None:
    """Python twin of sqlgen.number_parse(dominant='comma'): a decimal-comma number, None when it is not one."""
    if not _whole(_COMMA, v) or not re.search(r"[0-9]", v):
        return None
    neg = re.match(NEGATIVE_RE, v) is not None
    magnitude = re.sub(r"^[+-]", "", re.sub(COMMA_STRIP_RE, "", v)).replace(",", ".")
    if not _whole(_PLAIN, magnitude):
        return None
    x = float(magnitude)
    return -x if neg else x


def parse_number(v: str) -> float | None:
    """Python twin of the SQL number parser (used by tests and the planner's integer check)."""
    fam = number_family(v)
    if fam is None:
        return None
    if fam == "plain":
        return float(v)
    # step for step as sqlgen.number_parse: sign from the text, one leading sign dropped from the digits
    neg = re.match(NEGATIVE_RE, v) is not None
    mult = 1e8 if "亿" in v else (1e4 if "万" in v else 1.0)
    magnitude = re.sub(r"^[+-]", "", re.sub(NUMBER_STRIP_RE, "", v))
    if not _whole(_PLAIN, magnitude):
        return None
    x = float(magnitude) * mult
    return -x if neg else x


# -- dates and times ---------------------------------------------------------------------------------
# Every accepted text shape is first rewritten to 'Y-M-D[ H:M[:S[.f]]]' (DATE_CANON_RE), then built with
# make_timestamp after a calendar check, so an impossible date (Feb 30) is NULL rather than an error.
DATE_REWRITES: tuple[tuple[str, str, str], ...] = (
    # (family, pattern, replacement)
    ("iso", r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:[T ]+([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}(?:[.][0-9]{1,6})?))?)?Z?$",
     r"\1-\2-\3 \4:\5:\6"),
    ("slash", r"^([0-9]{4})/([0-9]{1,2})/([0-9]{1,2})(?:[T ]+([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}(?:[.][0-9]{1,6})?))?)?$",
     r"\1-\2-\3 \4:\5:\6"),
    ("dot", r"^([0-9]{4})[.]([0-9]{1,2})[.]([0-9]{1,2})(?:[T ]+([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}(?:[.][0-9]{1,6})?))?)?$",
     r"\1-\2-\3 \4:\5:\6"),
    ("compact", r"^((?:19|20)[0-9]{2})([0-9]{2})([0-9]{2})(?:[T ]?([0-9]{2})([0-9]{2})([0-9]{2}))?$",
     r"\1-\2-\3 \4:\5:\6"),
    ("chinese", r"^([0-9]{4})年([0-9]{1,2})月([0-9]{1,2})[日号][ \t\n\f\r]*(?:([0-9]{1,2})[:时点]([0-9]{1,2})分?(?:[:]?([0-9]{1,2})秒?)?)?$",
     r"\1-\2-\3 \4:\5:\6"),
)
UNIX_S_RE = r"^[1-9][0-9]{8,9}$"
UNIX_MS_RE = r"^[1-9][0-9]{11,12}$"
UNIX_MIN_S, UNIX_MAX_S = 946_684_800, 2_082_758_399  # 2000-01-01 .. 2035-12-31, as validators.unix_time_unit
_DATE_RES = [(fam, re.compile(p)) for fam, p, _ in DATE_REWRITES]
_UNIX_S, _UNIX_MS = re.compile(UNIX_S_RE), re.compile(UNIX_MS_RE)


def date_family(v: str) -> str | None:
    """Which accepted date/time shape a text has ('iso', 'slash', 'compact', 'chinese', 'unix_s', ...)."""
    for fam, rx in _DATE_RES:
        if _whole(rx, v):
            return fam
    if _whole(_UNIX_S, v) and UNIX_MIN_S <= int(v) <= UNIX_MAX_S:
        return "unix_s"
    if _whole(_UNIX_MS, v) and UNIX_MIN_S * 1000 <= int(v) <= UNIX_MAX_S * 1000 + 999:
        return "unix_ms"
    return None


# time of day, matched after lower-casing and removing dots and spaces: '7:10 a.m.' -> '7:10am'
TIME_SQUASH_RE = r"[. \t\n\f\r]"
TIME_RE = r"^([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?([ap]m)?$"
_TIME = re.compile(TIME_RE)


def time_family(v: str) -> str | None:
    """'ampm' (7:10 a.m.) or '24h' (19:10[:00]) for a valid time of day, else None."""
    squashed = re.sub(TIME_SQUASH_RE, "", v.lower())
    m = _TIME.match(squashed)
    if m is None or m.end() != len(squashed):
        return None
    h, mi, sec, ap = int(m[1]), int(m[2]), int(m[3] or 0), m[4]
    if mi > 59 or sec > 59 or (h > 23 if ap is None else not 1 <= h <= 12):
        return None
    return "ampm" if ap else "24h"


def unix_family(n: int | float) -> str | None:
    """'unix_s' / 'unix_ms' for an integer in the plausible unix window, else None."""
    if n is None or n != n:
        return None
    if UNIX_MIN_S <= n <= UNIX_MAX_S:
        return "unix_s"
    if UNIX_MIN_S * 1000 <= n <= UNIX_MAX_S * 1000 + 999:
        return "unix_ms"
    return None


# -- semantic types ----------------------------------------------------------------------------------
MEASURE_TYPES = {"price", "quantity", "count_metric", "rate_metric", "rating", "numeric_measure", "age",
                 "duration"}
TIME_TYPES = {"timestamp", "date"}
# codes and identifiers: one character more or less is another code, so no typo mapping and no number cast
CODE_TYPES = {"user_id", "item_id", "order_id", "category_id", "shop_id", "ad_id", "session_id", "identifier",
              "phone_number", "email", "url", "postal_code", "device_id", "ip_address", "national_id",
              "bank_card", "geo_coordinate", "item_id_gtin", "person_name", "address", "time_part"}
KEY_TYPES = {"order_id", "user_id", "item_id", "shop_id", "ad_id", "identifier", "category_id", "session_id"}
# non-negative measures; (low, high) inclusive
RANGES: dict[str, tuple[float | None, float | None]] = {
    "price": (0, None), "quantity": (0, None), "count_metric": (0, None), "duration": (0, None),
    "rate_metric": (0, None), "rating": (0, None), "age": (0, 120),
}


# -- shapes ------------------------------------------------------------------------------------------
_CJK = re.compile(r"[\u3400-\u9fff]")


def coarse_pattern(v: str) -> str:
    """Shape with runs collapsed: '35233' -> '9', '3595x' -> '9a', '7:10 a.m.' -> '9:9 a.a.', '北京市' -> '汉'.

    Python twin of the SQL in sqlgen.coarse_pattern_sql (digits, ASCII letters, CJK; the rest kept).
    """
    s = re.sub(r"[0-9]+", "9", v)
    s = re.sub(r"[A-Za-z]+", "a", s)
    return re.sub(r"[\u4e00-\u9fff]+", "汉", s)


def has_cjk(v: str) -> bool:
    return _CJK.search(v) is not None


# -- spelling ----------------------------------------------------------------------------------------
def edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, or limit + 1 as soon as it must exceed limit (cheap on long strings)."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if min(cur) > limit:
            return limit + 1
        prev = cur
    return min(prev[-1], limit + 1)


def typo_budget(v: str) -> int:
    """Edits a value may differ from a frequent one and still be a typo of it (0: too short to tell).

    Short strings and CJK are left alone: 'ak' vs 'al' or 浦东 vs 浦西 are different values, not typos.
    """
    n = len(v)
    if n < 4 or has_cjk(v):
        return 0
    if n <= 7:
        return 1
    if n <= 15:
        return 2
    return max(2, n // 7)


def _digits(v: str) -> str:
    """The digits of a value: an edit that changes them makes another quantity or code, not a typo."""
    return re.sub(r"[^0-9]", "", v)


_TOKEN_SPLIT = re.compile(r"([^0-9A-Za-z]+)")


def _short_token_edit(v: str, f: str) -> bool:
    """True when v and f differ inside a one- or two-character token ('ak_hf-1' vs 'al_hf-1', 'XS' vs 'XL'):
    such tokens are codes in their own right (states, sizes), so a one-letter difference is another code."""
    tv, tf = _TOKEN_SPLIT.split(v), _TOKEN_SPLIT.split(f)
    if len(tv) != len(tf):
        return False
    return any(a != b and min(len(a), len(b)) <= 2 for a, b in zip(tv, tf))


_KEY_STRIP = re.compile(r"[\s\-_/.,>|·:;'\"()\[\]]+")


def spelling_key(v: str) -> str:
    """Case-, spacing- and separator-insensitive key: 'Acute-Care  Hospitals' == 'acute care hospitals'."""
    return _KEY_STRIP.sub("", v.lower())


def spelling_map(counts: dict[str, int], ratio: float = 10.0, max_rare_share: float = 0.02,
                 variants_only: bool = False) -> dict[str, tuple[str, str]]:
    """Rare values -> (frequent value, rule) for one categorical column, from its value counts.

    A value is mapped when a much more frequent value (ratio times as common, and at least 3 rows) is
    the same up to case/spacing/separators (spelling_variant), is the same plus one leading or trailing
    character (spelling_variant: 北京 -> 北京市), or is within a small edit distance (typo). Ambiguous
    cases (two frequent values equally close) are left alone. variants_only: case/spacing/separators only
    (for codes, where one character more or less is another code).
    """
    total = sum(counts.values())
    if not total:
        return {}
    by_key: dict[str, str] = {}
    for v, k in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        by_key.setdefault(spelling_key(v), v)
    out: dict[str, tuple[str, str]] = {}
    frequent = [(v, k) for v, k in counts.items() if k >= 3]
    frequent.sort(key=lambda vk: (-vk[1], vk[0]))
    for v, k in counts.items():
        if k > max_rare_share * total and k > 2:
            continue
        target = by_key.get(spelling_key(v))
        if target is not None and target != v and counts[target] > k and spelling_key(v):
            out[v] = (target, SPELLING_VARIANT)
            continue
        strong = [(f, kf) for f, kf in frequent if kf >= ratio * k and f != v]
        if not strong or variants_only:
            continue
        affix = [f for f, _ in strong if len(f) == len(v) + 1 and (f.startswith(v) or f.endswith(v))
                 and len(v) >= 2 and (has_cjk(v) or (len(v) >= 4 and v.isalpha()))]
        if len(affix) == 1:
            out[v] = (affix[0], SPELLING_VARIANT)
            continue
        budget = typo_budget(v)
        if budget == 0:
            continue
        best: list[tuple[int, str]] = []
        for f, _ in strong:
            if has_cjk(f) or typo_budget(f) == 0 or _digits(f) != _digits(v) or _short_token_edit(v, f):
                continue
            d = edit_distance(v, f, budget)
            if d <= budget:
                best.append((d, f))
        if not best:
            continue
        best.sort()
        if len(best) > 1 and best[0][0] == best[1][0]:
            continue
        out[v] = (best[0][1], TYPO)
    return out
