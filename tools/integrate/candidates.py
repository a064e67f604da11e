"""Which column pairs are worth measuring: name, semantic type and profile evidence, before any SQL runs.

Measuring value inclusion costs a join per pair, so pairs are pruned here on what the catalog already
knows. A pair is kept with the evidence it has: "name" (the names key the same entity), "type" (same
semantic id type), or "value" (no name or type evidence: kept only when one side looks like a primary key
whose values are not a dense small-integer range, where inclusion would happen by chance).
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from typing import Any

from pandian.catalog.models import Asset
from tools.integrate.names import SELF_QUALIFIERS, KeyName, key_name, name_similarity, table_match
from tools.profile.profiler import SYSTEM_COLUMNS, logical_type

# semantic types that are keys; "identifier" is any surrogate key, so equal "identifier" says little
ID_TYPES = {"user_id", "item_id", "order_id", "category_id", "shop_id", "ad_id", "session_id", "identifier",
            "device_id"}
# semantic types that are values, never keys, whatever the name says (手机号, postal_code, order_num counts)
NOT_KEYS = {"price", "quantity", "count_metric", "rate_metric", "rating", "timestamp", "date", "time_part",
            "duration", "numeric_measure", "boolean_flag", "event_label", "age", "gender", "person_name",
            "phone_number", "email", "address", "national_id", "bank_card", "geo_coordinate", "ip_address",
            "product_title", "review_text", "search_query", "description", "url", "free_text", "currency",
            "category_name", "brand", "region", "postal_code", "behavior_type"}
KEY_KINDS = {"integer", "string", "decimal"}
NAME_EVIDENCE = 0.75
MIN_VALUE_DISTINCT = 20
MAX_VALUE_PAIRS = 300  # value-only pairs cost a join each and rarely pay off: bounded on wide catalogs


@dataclass
class ColumnInfo:
    table: str
    name: str
    sql_type: str
    kind: str  # logical type
    semantic_type: str | None
    sensitivity: str | None
    key: KeyName
    table_match: int
    profile: dict[str, Any]

    @property
    def ref(self) -> str:
        return f"{self.table}.{self.name}"

    @property
    def distinct(self) -> int:
        return int(self.profile.get("distinct_count") or 0)

    @property
    def looks_unique(self) -> bool:
        non_null = self._rows - int(self.profile.get("null_count") or 0)
        return bool(self.profile.get("unique")) or (non_null > 0 and self.distinct >= 0.99 * non_null)

    @property
    def _rows(self) -> int:
        return int(self.profile.get("_rows") or 0)

    @property
    def id_typed(self) -> bool:
        return self.semantic_type in ID_TYPES

    @property
    def keyish(self) -> bool:
        """May hold keys at all: right SQL kind, and not labelled as a measure, time or contact detail."""
        return self.kind in KEY_KINDS and self.semantic_type not in NOT_KEYS


@dataclass
class Candidate:
    a: ColumnInfo
    b: ColumnInfo
    evidence: str  # name | type | value | self
    name_score: float
    name_reason: str
    type_equal: bool
    cast_text: bool  # the SQL types differ: compare as text


def columns_of(asset: Asset, wh_columns: list[tuple[str, str]]) -> list[ColumnInfo]:
    """Columns of one table with what the catalog knows about them (warehouse types win: they are current)."""
    meta = {c.name: c for c in asset.columns}
    out = []
    for name, typ in wh_columns:
        if name in SYSTEM_COLUMNS:
            continue
        m = meta.get(name)
        prof = dict((m.profile or {}) if m else {})
        prof["_rows"] = asset.rows
        prof["_dup_rows"] = int((asset.profile or {}).get("duplicate_rows") or 0)
        k = key_name(name, asset.name)
        out.append(ColumnInfo(asset.name, name, typ, logical_type(typ), m.semantic_type if m else None,
                              m.sensitivity if m else None, k, table_match(k, asset.name), prof))
    return out


def _ranges_overlap(a: ColumnInfo, b: ColumnInfo) -> bool:
    if a.kind == "string" or b.kind == "string":
        return True
    lo_a, hi_a, lo_b, hi_b = (a.profile.get("min"), a.profile.get("max"), b.profile.get("min"), b.profile.get("max"))
    if None in (lo_a, hi_a, lo_b, hi_b):
        return True
    try:
        return float(lo_a) <= float(hi_b) and float(lo_b) <= float(hi_a)
    except (TypeError, ValueError):
        return True


def chance_inclusion(pk_min: Any, pk_max: Any, pk_distinct: int, kind: str, mean_length: float | None) -> float:
    """How much of a column would be 'found' in this key column by chance alone.

    Integers: the key's density over its own range (1..N sequences: 1.0, ids 1000001..1005853 with 300
    values: 0.05). Strings: near zero unless the values are one- or two-character codes.
    """
    if kind == "string":
        return 0.5 if (mean_length or 0) < 3 else 0.0
    try:
        span = float(pk_max) - float(pk_min) + 1
    except (TypeError, ValueError):
        return 0.5
    if span <= 0:
        return 1.0
    return max(0.0, min(1.0, pk_distinct / span))


def pair_candidate(a: ColumnInfo, b: ColumnInfo, same_table: bool = False) -> Candidate | None:
    if not (a.keyish and b.keyish) or (a.distinct < 2 and b.distinct < 2):
        return None
    if {a.kind, b.kind} == {"decimal", "string"}:
        return None
    if not _ranges_overlap(a, b):
        return None
    cast_text = a.kind != b.kind and "string" in (a.kind, b.kind)
    if same_table:
        return _self_candidate(a, b, cast_text)
    score, why = name_similarity(a.key, b.key)
    both_id_typed = a.id_typed and b.id_typed
    type_equal = both_id_typed and a.semantic_type == b.semantic_type and a.semantic_type != "identifier"
    type_conflict = (both_id_typed and a.semantic_type != b.semantic_type
                     and "identifier" not in (a.semantic_type, b.semantic_type))
    if score >= NAME_EVIDENCE and not (type_conflict and score < 0.9):
        return Candidate(a, b, "name", score, why, type_equal, cast_text)
    if type_equal and (a.key.key_like or a.id_typed) and (b.key.key_like or b.id_typed):
        return Candidate(a, b, "type", score, why or f"both {a.semantic_type}", True, cast_text)
    if type_conflict or min(a.distinct, b.distinct) < MIN_VALUE_DISTINCT:
        return None
    named_key = a.key.key_like or a.id_typed or b.key.key_like or b.id_typed
    if named_key and (a.looks_unique or b.looks_unique) and (a.key.key_like or a.id_typed or a.looks_unique) \
            and (b.key.key_like or b.id_typed or b.looks_unique):
        pk = max((c for c in (a, b) if c.looks_unique), key=lambda c: c.distinct)
        chance = chance_inclusion(pk.profile.get("min"), pk.profile.get("max"), pk.distinct, pk.kind,
                                  pk.profile.get("mean_length"))
        if chance < 0.2:
            return Candidate(a, b, "value", score, why, False, cast_text)
    return None


def _self_candidate(a: ColumnInfo, b: ColumnInfo, cast_text: bool) -> Candidate | None:
    """parent_id -> id inside one table (category trees, referrer -> user)."""
    ref, key = (a, b) if a.key.self_ref else (b, a) if b.key.self_ref else (None, None)
    if ref is None or key is None or key.key.self_ref or key.table_match != 2:
        return None
    if ref.key.head not in SELF_QUALIFIERS and ref.key.head != key.key.concept:
        return None
    return Candidate(key, ref, "self", 0.9, f"{ref.name!r} refers back to {key.table}.{key.name}", False, cast_text)


def candidates(cols: dict[str, list[ColumnInfo]]) -> tuple[list[Candidate], int]:
    """Every pair worth measuring, across tables, plus self references inside a table; and how many
    value-only pairs were left out (over MAX_VALUE_PAIRS, the biggest key columns are kept)."""
    out: list[Candidate] = []
    for ta, tb in combinations(sorted(cols), 2):
        for a in cols[ta]:
            for b in cols[tb]:
                c = pair_candidate(a, b)
                if c is not None:
                    out.append(c)
    for t, cs in cols.items():
        for a, b in combinations(cs, 2):
            c = pair_candidate(a, b, same_table=True)
            if c is not None:
                out.append(c)
    value = [c for c in out if c.evidence == "value"]
    if len(value) <= MAX_VALUE_PAIRS:
        return out, 0
    keep = set(map(id, sorted(value, key=lambda c: -max(c.a.distinct, c.b.distinct))[:MAX_VALUE_PAIRS]))
    return [c for c in out if c.evidence != "value" or id(c) in keep], len(value) - MAX_VALUE_PAIRS
