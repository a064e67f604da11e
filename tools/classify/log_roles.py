"""Key roles in a headerless behaviour log: which anonymous key is the user, which the item, which the category.

Public interaction logs that ship without a header list their keys in one order: the actor, then the thing acted
on, then the thing's group (Taobao UserBehavior: user, item, category, behaviour, time; Amazon and MovieLens
ratings: user, item, rating, time). A column of bare integers says nothing about which key it is, so with no
header the only evidence is that convention plus one check that holds in every such log: a category has fewer
distinct values than the items it groups. A learned guess for a bare integer key is a guess about digits
(user ids 1..1000001 read as postal codes), so any column that looks like a key (codes, or integers of four or
more digits) and that no rule verified gets a role, in order, but only in a table that is a log: it has a
behaviour, rating or event column beside a time column, and no header at all.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from tools.classify.columns import Verdict
from tools.classify.headers import is_anonymous

SIGNALS = ("behavior_type", "rating", "event_label")
TIMES = ("timestamp", "date")
SETTLED = ("rule", "user", "feedback")  # verified formats and people's labels are never second-guessed
ROLES = ("user_id", "item_id", "category_id")
_KEY = re.compile(r"[A-Za-z0-9_\-]{1,40}")


def _key_like(values: Sequence[str]) -> bool:
    """Whole numbers of four or more digits (typically) or short codes, no decimals, no spaces: what keys look
    like, and what counts, quantities and ratings do not."""
    vals = [str(v).strip() for v in values if v is not None and str(v).strip()]
    if not vals or not all(_KEY.fullmatch(v) and not v.startswith("-") for v in vals):
        return False
    lengths = sorted(len(v) for v in vals)
    return not all(v.isdigit() for v in vals) or lengths[len(lengths) // 2] >= 4


def log_key_roles(headers: Sequence[str], values: Sequence[Sequence[str]], distinct: Sequence[int | None],
                  verdicts: Sequence[Verdict | None]) -> dict[int, Verdict]:
    """Column index -> a new verdict for the anonymous keys of a headerless behaviour log (else nothing)."""
    if not headers or not all(is_anonymous(h or "") for h in headers):
        return {}
    types = [v.semantic_type if v is not None else None for v in verdicts]
    if not any(t in SIGNALS for t in types) or not any(t in TIMES for t in types):
        return {}
    keys = [i for i, v in enumerate(verdicts) if v is not None and v.source not in SETTLED
            and v.semantic_type not in SIGNALS + TIMES and v.confidence < 0.8 and _key_like(values[i])]
    beside = ", ".join(t for t in dict.fromkeys(types) if t in SIGNALS + TIMES)
    out: dict[int, Verdict] = {}
    for rank, i in enumerate(keys[:3]):
        role = ROLES[rank]
        if role == "category_id":
            item, cat = distinct[keys[1]], distinct[i]
            if not (item and cat and cat < item):  # a category groups items: fewer of them
                break
        why = (f"key {rank + 1} of a headerless behaviour log (beside {beside}): such logs list user, item, "
               f"category in that order")
        out[i] = Verdict(role, 0.55, why, "fallback")
    return out
