"""From measured overlaps to relations: orient (key side left), classify 1:1 / 1:n / n:m, keep the plausible.

The bar a pair must clear depends on its evidence. With a name match, high coverage on the referencing
side is enough. With only an equal semantic type, or only values, the coverage must be near total AND
well above what chance gives: ids 1..N of two unrelated tables include each other by accident, so
inclusion into a dense integer range counts for little.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tools.integrate.candidates import Candidate, ColumnInfo, chance_inclusion
from tools.integrate.inclusion import Overlap, Stats

DEFAULT_MIN_COVERAGE = 0.9


@dataclass
class Measured:
    cand: Candidate
    ov: Overlap
    sa: Stats
    sb: Stats

    @property
    def shared(self) -> int:
        return self.ov.shared


def _a_is_key(m: Measured) -> bool:
    """Is side a the key side (unique, else the superset, else the table named after the entity)?"""
    a, b, sa, sb = m.cand.a, m.cand.b, m.sa, m.sb
    if m.cand.evidence == "self":
        return True
    if sa.near_unique != sb.near_unique:
        return sa.near_unique
    cov_a, cov_b = m.shared / sa.distinct, m.shared / sb.distinct
    if abs(cov_a - cov_b) > 1e-9:
        return cov_b > cov_a
    return (a.table_match, sa.distinct, b.ref) >= (b.table_match, sb.distinct, a.ref)


def chance_of(left: ColumnInfo, sl: Stats, sr: Stats, left_in_right_range: int | None) -> float:
    """Share of the referencing values that the key column would contain by accident.

    Numbers: how densely the key fills the referencing column's range (1..N sequences fill it: 1.0;
    sparse ids 1000001..1005853: about 0.05). Strings: near zero unless they are 1-2 character codes.
    """
    if left_in_right_range is not None and sr.min is not None and sr.max is not None:
        try:
            span = float(sr.max) - float(sr.min) + 1
        except (TypeError, ValueError):
            span = 0
        if span > 0:
            return max(0.0, min(1.0, left_in_right_range / span))
    return chance_inclusion(sl.min, sl.max, sl.distinct, left.kind, sl.mean_length)


def judge(m: Measured, min_coverage: float = DEFAULT_MIN_COVERAGE) -> tuple[dict[str, Any] | None, str]:
    """The relation as JSON if plausible, else None; and why, in words."""
    if m.sa.distinct == 0 or m.sb.distinct == 0:
        return None, "a column is empty"
    a_key = _a_is_key(m)
    left, sl, right, sr = (m.cand.a, m.sa, m.cand.b, m.sb) if a_key else (m.cand.b, m.sb, m.cand.a, m.sa)
    cov_left, cov_right = m.shared / sl.distinct, m.shared / sr.distinct
    kind = "1:1" if sl.near_unique and sr.near_unique else "1:n" if sl.near_unique else "n:m"
    chance = chance_of(left, sl, sr, m.ov.a_in_b_range if a_key else m.ov.b_in_a_range)
    strength = max(0.0, cov_right - chance)  # inclusion beyond what chance explains
    ev, ns = m.cand.evidence, m.cand.name_score
    why = _reject_reason(ev, kind, ns, cov_right, strength, sr.distinct, min_coverage, sl)
    evidence = [m.cand.name_reason] if m.cand.name_reason else []
    if m.cand.type_equal:
        evidence.append(f"both columns are {left.semantic_type}")
    evidence.append(f"{cov_right:.1%} of {right.ref}'s {sr.distinct:,} distinct values are in {left.ref}")
    if chance > 0.05:
        evidence.append(f"{chance:.0%} would match by chance (how densely {left.ref} fills the values' range)")
    if m.cand.cast_text:
        evidence.append("compared as text (the SQL types differ)")
    if sl.near_unique and not sl.unique:
        evidence.append(f"{left.ref} has {sl.non_null - sl.distinct} duplicate key value(s)")
    value = strength
    score = 1 - (1 - 0.8 * ns) * (1 - (0.3 if m.cand.type_equal else 0.0)) * (1 - 0.8 * value)
    rel = {
        "left": left.ref, "right": right.ref, "kind": kind,
        "coverage_left": round(cov_left, 4), "coverage_right": round(cov_right, 4),
        "score": round(score, 3), "evidence_kind": ev, "name_similarity": round(ns, 3),
        "semantic_types": [left.semantic_type, right.semantic_type],
        "left_distinct": sl.distinct, "right_distinct": sr.distinct, "shared_values": m.shared,
        "left_unique": sl.near_unique, "right_unique": sr.near_unique,
        "chance_coverage": round(chance, 4), "evidence": evidence,
    }
    return (None, why) if why else (rel, "")


def _reject_reason(ev: str, kind: str, ns: float, cov: float, strength: float, d_fk: int, min_cov: float,
                   sl: Stats) -> str:
    if ev in ("name", "self"):
        if cov < min_cov:
            return f"only {cov:.0%} of the referencing values are found (needs {min_cov:.0%})"
        if ev == "self" and not sl.near_unique:
            return "the referenced column is not unique"
        if kind == "n:m" and ns < 0.9:
            return "neither side is unique and the names agree only loosely"
        if ns < 0.9 and strength < 0.5:
            return "loose name match and the values would match by chance"
        return ""
    if kind == "n:m":
        return "neither side is unique and the names do not agree"
    need, need_strength, need_distinct = (0.95, 0.8, 10) if ev == "type" else (0.98, 0.9, 20)
    need = max(need, min_cov)
    if cov < need:
        return f"without a name match {need:.0%} of the values must be found (found {cov:.0%})"
    if strength < need_strength:
        return "the values would be included by chance (dense small-number range)"
    if d_fk < need_distinct:
        return f"only {d_fk} distinct values: too few to tell"
    return ""


def prune(rels: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Drop n:m relations between two columns that both reference one key column (implied by it)."""
    refs: dict[str, set[str]] = {}
    for r in rels:
        if r["kind"] != "n:m":
            refs.setdefault(r["right"], set()).add(r["left"])
            refs.setdefault(r["left"], set()).add(r["left"])
    out = []
    for r in rels:
        if r["kind"] == "n:m" and refs.get(r["left"], set()) & refs.get(r["right"], set()):
            continue
        out.append(r)
    return sorted(out, key=lambda r: (-r["score"], r["left"], r["right"]))
