"""Classify one column: verified formats first, then header priors, value rules and the learned model.

Strict formats (resident id checksum, Luhn, e-mail, IP, ...) are verified over the sample values and win
when most values pass. Otherwise the header lexicon and the fine-tuned encoder vote, with value-kind
compatibility checks (a "price" column of names is not a price).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from tools.classify import validators as v
from tools.classify import shapes
from tools.classify.headers import HeaderHint, header_hints, is_anonymous
from tools.classify.names import is_name_part, is_person_name
from tools.classify.serialize import serialize, value_kind
from tools.classify.taxonomy import TYPES, level_of

NUMERIC_TYPES = {"price", "quantity", "count_metric", "rate_metric", "rating", "numeric_measure", "age",
                 "time_part", "category_id", "event_label"}
TEXT_TYPES = {"person_name", "address", "product_title", "review_text", "description", "free_text", "brand",
              "category_name", "search_query", "email", "url", "behavior_type", "currency"}
BEHAVIOURS = {"pv", "cart", "fav", "buy", "click", "expose", "exposure", "order", "view", "purchase", "addtocart",
              "add_to_cart", "collect", "share", "like", "浏览", "加购", "收藏", "购买", "点击", "曝光", "下单", "impression"}
GENDERS = {"男", "女", "m", "f", "male", "female", "未知", "unknown", "man", "woman", "保密", "男性", "女性"}
BOOLS = {"0", "1", "true", "false", "t", "f", "y", "n", "yes", "no", "是", "否", "0.0", "1.0"}


@dataclass
class Verdict:
    semantic_type: str
    confidence: float
    evidence: str
    source: str  # rule | header | model | fallback | user

    @property
    def sensitivity(self) -> str | None:
        return level_of(self.semantic_type)

    def as_dict(self) -> dict[str, Any]:
        return {"semantic_type": self.semantic_type, "sensitivity": self.sensitivity,
                "confidence": round(self.confidence, 3), "evidence": self.evidence, "source": self.source}


def _clean(values: list[Any]) -> list[str]:
    out = []
    for x in values:
        if x is None:
            continue
        s = str(x).strip()
        if s and s.lower() not in ("null", "none", "nan", "n/a", "na", "\\n", "-"):
            out.append(s)
    return out


def _frac(vals: list[str], check) -> tuple[int, int]:
    return v.match_fraction(vals, check)


def _verified_share(typ: str, vals: list[str]) -> float:
    """The share of values that must verify. A column of phone numbers mixes the ways people write them
    ('0799 85 34 82', '995 958 230'), so there three in four suffice when every value is phone-shaped and written
    out with separators; bare digit runs keep nine in ten (11-digit ids starting 13-19 pass as CN mobiles)."""
    if typ == "phone_number" and all(shapes.is_phone_like(s) and not s.isdigit() for s in vals):
        return 0.75
    return 0.9


def strict_verdict(header: str, vals: list[str], hints: list[HeaderHint]) -> Verdict | None:
    """A verified format: most values pass a checksum or a strict grammar."""
    if len(vals) < 3:
        return None
    hinted = {h.type for h in hints}
    checks: list[tuple[str, Any, str, bool]] = [
        ("national_id", v.STRICT_VALIDATORS["national_id"], "resident-id checksum (GB 11643) or SSN", True),
        ("bank_card", v.STRICT_VALIDATORS["bank_card"], "card number (Luhn + issuer prefix) or IBAN", True),
        ("email", v.is_email, "e-mail address", True),
        ("ip_address", v.is_ip, "IPv4/IPv6 address", True),
        ("url", v.is_url, "URL", True),
        ("phone_number", v.is_phone_number, "phone-number format", True),
        ("device_id", lambda s: v.is_imei(s) or v.is_mac(s), "IMEI (Luhn) or MAC", True),
        ("device_id", v.is_idfa, "IDFA/OAID-shaped UUID", "device_id" in hinted),
        ("geo_coordinate", v.STRICT_VALIDATORS["geo_coordinate"], "precise latitude/longitude",
         "geo_coordinate" in hinted or all(v.is_lat_lng_pair(s) for s in vals[:5])),
        ("item_id", v.STRICT_VALIDATORS["item_id_gtin"], "GTIN/EAN/UPC/ISBN check digit",
         all(len(re.sub(r"[^\dXx]", "", s)) >= (10 if "-" in s else 12) for s in vals[:10])
         and not any(v.unix_time_unit(s) for s in vals[:10])),
        ("postal_code", v.STRICT_VALIDATORS["postal_code"], "postal-code format", "postal_code" in hinted),
        ("currency", v.is_currency_code, "ISO 4217 currency code", True),
    ]
    distinct = len(set(vals))
    # two formats can both verify (an IMEI passes Luhn like a Visa card): the one the header names goes first
    checks.sort(key=lambda c: c[0] not in hinted)
    for typ, check, what, allowed in checks:
        if not allowed:
            continue
        hit, n = _frac(vals, check)
        if n and hit / n >= _verified_share(typ, vals):
            enum = sum(1 for s in vals if shapes.is_enum_url(s))
            if typ == "url" and ((distinct <= 3 and n >= 5) or enum / n >= 0.9):  # schema.org/InStock: an enum
                return Verdict("categorical_code", 0.8, f"{n} values are {distinct} repeated URLs (an enumeration)",
                               "rule")
            conf = 0.9 + 0.09 * (hit / n)
            return Verdict(typ, conf, f"{hit}/{n} values verified as {what}", "rule")
    return None


def value_verdict(header: str, vals: list[str], hints: list[HeaderHint]) -> Verdict | None:
    """Value vocabularies and time formats that need no model."""
    if len(vals) < 3:
        return None
    low = [s.lower() for s in vals]
    distinct = set(low)
    n = len(vals)
    hinted = {h.type for h in hints}
    kinds = [shapes.masked_kind(s) for s in vals]
    seen = {k for k in kinds if k} | ({"bank_card"} if "national_id" in kinds else set())
    order = ("person_name", "phone_number", "email", "national_id", "bank_card")  # 18 masked digits: an id, unless
    # a card header says card
    for kind in sorted(seen, key=lambda k: (k not in hinted, order.index(k))):
        hit = kinds.count(kind) + (kinds.count("national_id") if kind == "bank_card" else 0)
        if hit / n >= 0.9:  # an 18-digit masked number is an id or, under a card header, a card
            example = vals[kinds.index(kind)] if kind in kinds else vals[0]
            return Verdict(kind, 0.88, f"{hit}/{n} values are masked {kind.replace('_', ' ')}s (e.g. {example})",
                           "rule")
    beh = sum(1 for s in low if s in BEHAVIOURS)
    if beh / n >= 0.9 and len(distinct) <= 12:
        return Verdict("behavior_type", 0.9, f"{beh}/{n} values are user actions ({', '.join(sorted(distinct)[:4])})",
                       "rule")
    gen = sum(1 for s in low if s in GENDERS)
    if gen / n >= 0.9 and len(distinct) <= 4:
        return Verdict("gender", 0.9, f"{gen}/{n} values are genders", "rule")
    iso_dur = sum(1 for s in vals if re.fullmatch(r"P(\d+[YMWD])*(T(\d+(\.\d+)?[HMS])+)?", s.strip().upper())
                  and len(s.strip()) > 1)
    if iso_dur / n >= 0.9:
        return Verdict("duration", 0.9, f"{iso_dur}/{n} values are ISO 8601 durations", "rule")
    if not hinted & {"quantity", "price", "duration"}:
        measure = sum(1 for s in vals if shapes.is_measure(s))
        if measure / n >= 0.8:
            return Verdict("numeric_measure", 0.88, f"{measure}/{n} values are numbers with a unit", "rule")
    names = sum(1 for s in vals if is_person_name(s))
    if names / n >= 0.6 and not hinted & {"brand", "shop_id", "region", "product_title"}:
        return Verdict("person_name", 0.85, f"{names}/{n} values read as people's names (given + family name)",
                       "rule")
    addresses = sum(1 for s in vals if shapes.is_address(s))
    if addresses / n >= 0.6:
        return Verdict("address", 0.85, f"{addresses}/{n} values read as street or postal addresses", "rule")
    money = sum(1 for s in vals if shapes.is_money(s))
    if money / n >= 0.9:
        return Verdict("price", 0.9, f"{money}/{n} values are amounts with a currency", "rule")
    hit, _ = _frac(vals, v.is_datetime)
    if hit / n >= 0.9:
        if "date" in hinted and all(re.search(r"[ T]00:00(:00(\.0+)?)?$", s) for s in vals):  # a date stored
            # with a time (a spreadsheet's dates): the header says date, every time is midnight
            return Verdict("date", 0.88, f"{hit}/{n} values are dates (every time is midnight)", "rule")
        return Verdict("timestamp", 0.9, f"{hit}/{n} values are date-times", "rule")
    hit_d, _ = _frac(vals, v.is_date)
    digits8 = all(re.fullmatch(r"\d{8}", s) for s in vals)
    if hit_d / n >= 0.9 and (not digits8 or "date" in hinted or len(distinct) > 1):
        if not digits8 or "date" in hinted or all(s.startswith(("19", "20")) for s in vals):
            return Verdict("date", 0.88, f"{hit_d}/{n} values are calendar dates", "rule")
    hit_t, _ = _frac(vals, v.is_time_of_day)
    if hit_t / n >= 0.9 and hinted & {"timestamp", "date"}:  # "1:30" is as often a duration as a time
        return Verdict("timestamp", 0.8, f"{hit_t}/{n} values are times of day", "rule")
    unix = [v.unix_time_unit(s) for s in vals]
    if sum(1 for u in unix if u) / n >= 0.95 and len(distinct) >= min(n, 5) * 0.8:
        unit = "seconds" if unix.count("s") >= unix.count("ms") else "milliseconds"
        if hinted & {"timestamp", "date"} or not hints:
            return Verdict("timestamp", 0.85, f"{n} values are unix times in {unit} (2000-2035)", "rule")
    if hinted & {"timestamp", "date", "time_part"} and not all(v.is_date(s) for s in vals):
        hour, _ = _frac(vals, v.is_compact_date_hour)
        if hour / n >= 0.9:  # the hour of a day, not an hour of the day: time_part is 0-23
            return Verdict("timestamp", 0.85, f"{hour}/{n} values are compact date-hours (YYMMDDHH or YYYYMMDDHH)",
                           "rule")
    if distinct <= BOOLS and len(distinct) <= 2:
        if "event_label" in hinted:
            return Verdict("event_label", 0.9, "0/1 values; header names an event outcome", "rule")
        if "boolean_flag" in hinted:
            return Verdict("boolean_flag", 0.9, "yes/no values; header names a flag", "rule")
    return None


def _numeric_share(vals: list[str]) -> float:
    if not vals:
        return 0.0
    k = 0
    for s in vals:
        t = re.sub(r"[¥$€£,\s%元]|RMB|CNY|USD", "", s, flags=re.I)
        if re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)", t):
            k += 1
    return k / len(vals)


def _compatible(typ: str, vals: list[str]) -> float:
    """1.0 when the values can be of this type, lower when they clearly cannot."""
    if not vals:
        return 1.0
    share = _numeric_share(vals)
    if typ in NUMERIC_TYPES and share < 0.5:
        return 0.2
    if typ in TEXT_TYPES and share > 0.9:
        return 0.2
    if typ == "time_part" and any(s.isdigit() and len(s) > 4 for s in vals):  # hours, weekdays, years at most
        return 0.2
    if typ == "postal_code":
        lengths = [len(s) for s in vals if s.isdigit()]
        if lengths and (min(lengths) < 3 or max(lengths) - min(lengths) > 2):  # a country's codes share a length
            return 0.2
    return 1.0


_SHAPE_CHECKS = {"person_name": is_name_part, "address": shapes.is_address, "phone_number": shapes.is_phone_like,
                 "email": lambda s: "@" in s, "national_id": shapes.is_id_number_like,
                 "bank_card": shapes.is_id_number_like, "ip_address": shapes.is_ip_like,
                 "device_id": shapes.is_device_id_like}
# Looser shapes: a name or an address no word list knows, written the way people and places are written. Their
# weight was chosen by table-grouped 4-fold cross-validation on the SOTAB training tables (n-gram text model +
# column statistics + table context; never on held-out tables): the highest PII recall whose precision stays
# >= 0.95 with accuracy within 0.002 of the best. 0.25 (ignore): recall 0.795, precision 0.954, acc 0.842;
# 0.6: 0.859 / 0.957 / 0.849; 0.7: 0.872 / 0.958 / 0.848; 0.8: 0.885 / 0.932 / 0.849.
_DIGIT_PII = ("phone_number", "national_id", "bank_card")
_LOOSE_CHECKS = {"person_name": shapes.is_name_like, "address": shapes.is_address_like}
LOOSE_FACTOR = 0.7


def _share(check, distinct: list[str]) -> float:
    return sum(1 for s in distinct if check(s)) / len(distinct)


def _shape_factor(typ: str, vals: list[str]) -> float:
    """A learned guess of personal data (L3/L4) is believed in full if some distinct values have its shape,
    in part if they only have its looser shape, and little otherwise."""
    check = _SHAPE_CHECKS.get(typ)
    distinct = list(dict.fromkeys(vals))
    if check is None or not distinct:
        return 1.0
    if typ in _DIGIT_PII and len(distinct) >= 4 and _share(v.STRICT_VALIDATORS["item_id_gtin"], distinct) >= 0.5:
        return 0.25  # ISBN/GTIN check digits hold for one number in ten by chance: these are product codes
    if _share(check, distinct) >= 0.3:
        return 1.0
    loose = _LOOSE_CHECKS.get(typ)
    return LOOSE_FACTOR if loose is not None and _share(loose, distinct) >= 0.3 else 0.25


_HASHED = re.compile(r"[0-9a-fA-F]{8,64}")
_HANDLE = re.compile(r"[\w.\-@]{2,32}")


def _header_factor(typ: str, vals: list[str]) -> float:
    """A header that names personal data ('name', 'address') is believed unless not one value in three has even
    the loose shape: 'name' over hospital names or 'device' over 'iOS' is not an L3 column. Masked or hashed
    values ('张**', Avazu's device_ip 'ddd2926e') keep the header: they are the same data, pseudonymised."""
    if typ not in _SHAPE_CHECKS or not vals:
        return 1.0
    distinct = list(dict.fromkeys(vals))
    if _share(lambda s: "*" in s or "＊" in s or bool(_HASHED.fullmatch(s)), distinct) >= 0.3:
        return 1.0
    if typ == "person_name" and _share(lambda s: bool(_HANDLE.fullmatch(s)), distinct) >= 0.5:
        return 1.0  # user names and nicks (tb1234567, 小明_2020) are how shops name people
    return 1.0 if _shape_factor(typ, vals) > 0.25 else 0.3


def fallback(kind: str, vals: list[str]) -> Verdict:
    distinct = len(set(vals))
    if kind in ("integer",):
        if distinct == len(vals) and vals:
            return Verdict("identifier", 0.35, "unique integers without a telling header", "fallback")
        lengths = sorted(len(s.lstrip("+-")) for s in vals)
        if lengths and lengths[len(lengths) // 2] >= 6:  # long integers that repeat: keys, as in event logs
            return Verdict("identifier", 0.35, "long repeated integers without a telling header (keys)", "fallback")
        return Verdict("numeric_measure", 0.3, "integers without a telling header", "fallback")
    if kind in ("decimal", "mostly numeric"):
        return Verdict("numeric_measure", 0.35, "numbers without a telling header", "fallback")
    if kind == "long text":
        return Verdict("free_text", 0.35, "long text", "fallback")
    if vals and all(re.fullmatch(r"[0-9a-fA-F]{6,40}", s) for s in vals):
        if distinct < len(vals):
            return Verdict("categorical_code", 0.4, "repeated hashed codes", "fallback")
        return Verdict("identifier", 0.4, "unique hex hashes", "fallback")
    if vals and distinct <= max(3, len(vals) // 3):
        return Verdict("categorical_code", 0.35, "few distinct text values", "fallback")
    return Verdict("free_text", 0.3, "text without a telling header", "fallback")


def classify(header: str, values: list[Any], model=None, model_probs: dict[str, float] | None = None) -> Verdict:
    """The column's semantic type; `model` is a finetune TextClassifier for column-type (optional)."""
    vals = _clean(values)
    hints = header_hints(header)
    strict = strict_verdict(header, vals, hints)
    if strict is not None:
        return strict
    rule = value_verdict(header, vals, hints)
    if model_probs is None and model is not None and vals:
        probs = model.predict_proba([serialize(header, vals)])[0]
        model_probs = dict(zip(model.labels, probs))
    scores: dict[str, float] = {}
    reasons: dict[str, list[str]] = {}
    if model_probs:
        for t, p in model_probs.items():
            if t in TYPES:
                scores[t] = scores.get(t, 0.0) + p * _shape_factor(t, vals)
        top_m = max(model_probs, key=model_probs.get)
        reasons.setdefault(top_m, []).append(f"model {model_probs[top_m]:.2f}")
    for h in hints[:3]:
        typ = h.type
        if typ == "category_name" and vals and _numeric_share(vals) > 0.9:  # product_category = 7: a category key
            typ = "category_id"
        scores[typ] = scores.get(typ, 0.0) + h.score * _header_factor(typ, vals)
        reasons.setdefault(typ, []).append(f"header '{header}' ~ {h.matched}")
    if rule is not None:
        scores[rule.semantic_type] = scores.get(rule.semantic_type, 0.0) + 1.2 * rule.confidence
        reasons.setdefault(rule.semantic_type, []).insert(0, rule.evidence)
    if not scores:
        return fallback(value_kind(vals), vals)
    for t in list(scores):
        if rule is None or t != rule.semantic_type:  # a value rule has already looked at the values
            scores[t] *= _compatible(t, vals)
    best = max(scores, key=scores.get)
    if scores[best] < 0.3 and not model_probs:  # the header's candidates contradict the values
        return fallback(value_kind(vals), vals)
    ranked = sorted(scores.values(), reverse=True)
    margin = ranked[0] - (ranked[1] if len(ranked) > 1 else 0.0)
    agree = len(reasons.get(best, []))
    conf = min(0.99, 0.45 + 0.25 * min(margin, 1.0) + 0.12 * agree)
    if hints and hints[0].type == best and not model_probs and rule is None:
        conf = min(conf, hints[0].score)
    source = "rule" if rule is not None and rule.semantic_type == best else (
        "model" if model_probs and max(model_probs, key=model_probs.get) == best else "header")
    evidence = "; ".join(reasons.get(best, [])) or "combined evidence"
    if is_anonymous(header or "") and source == "header":
        source = "model"
    return Verdict(best, conf, evidence, source)
