"""Turn a column into the text the encoder reads: header, inferred kind, value shape and sample values.

Statistics come from the sample values themselves, so a training column (SOTAB, generated) and a live
warehouse column are described the same way.
"""
from __future__ import annotations

import re
from collections import Counter

from tools.classify.headers import is_anonymous
from tools.profile.patterns import value_pattern

MAX_VALUES = 12
MAX_VALUE_CHARS = 40
# first person and verdict words: a review speaks as a customer, a description as the seller
OPINION = re.compile(r"\b(i|i'm|i've|my|me|we|our|love|loved|great|excellent|recommend|amazing|awesome|perfect|"
                      r"disappointed|terrible|bad|best|worst|nice|good)\b|好评|差评|不错|喜欢|推荐|满意|失望|很好|太差", re.I)
NUMBER = re.compile(r"^[+-]?(\d+([.,]\d+)*|\.\d+)([eE][+-]?\d+)?$")


def value_kind(values: list[str]) -> str:
    vals = [v.strip() for v in values if v and v.strip()]
    if not vals:
        return "empty"
    num = sum(1 for v in vals if NUMBER.match(v))
    if num == len(vals):
        return "integer" if all(re.fullmatch(r"[+-]?\d+", v) for v in vals) else "decimal"
    if num / len(vals) > 0.7:
        return "mostly numeric"
    mean_len = sum(len(v) for v in vals) / len(vals)
    return "long text" if mean_len > 40 else "text"


def serialize(header: str | None, values: list[str]) -> str:
    vals = [str(v).strip() for v in values if v is not None and str(v).strip()]
    head = "(none)" if header is None or is_anonymous(header) else header.strip()[:60]
    kind = value_kind(vals)
    lens = [len(v) for v in vals] or [0]
    pats = Counter(value_pattern(v) for v in vals).most_common(2)
    distinct = len(set(vals))
    words = [len(v.split()) for v in vals] or [0]
    opinion = sum(1 for v in vals if OPINION.search(v))
    shown = []
    for v in list(dict.fromkeys(vals))[:MAX_VALUES]:
        shown.append(v if len(v) <= MAX_VALUE_CHARS else v[:MAX_VALUE_CHARS] + "…")
    return (f"header: {head} | kind: {kind} | length {min(lens)}-{max(lens)} | distinct {distinct}/{len(vals)} | "
            f"pattern: {', '.join(p for p, _ in pats)} | words {min(words)}-{max(words)} | opinion {opinion}/{len(vals)} | "
            f"values: {' ; '.join(shown)}")
