"""Format-aware masks: enough shape left to recognise the kind of value, never enough to recover it."""
from __future__ import annotations

import re
from typing import Any

MASK = "*"


def _keep(s: str, head: int, tail: int) -> str:
    if len(s) <= head + tail:
        return MASK * max(len(s), 3)
    return s[:head] + MASK * (len(s) - head - tail) + (s[-tail:] if tail else "")


def mask_value(value: Any, semantic_type: str | None = None, level: str | None = None) -> Any:
    """Mask one value; None stays None so null counts stay visible."""
    if value is None:
        return None
    s = str(value)
    if not s:
        return s
    if level == "L4":  # sensitive personal information: only the length class is shown
        if semantic_type == "bank_card":
            digits = re.sub(r"\D", "", s)
            return MASK * 4 + " " + MASK * 4 + " " + MASK * 4 + " " + (digits[-4:] if len(digits) >= 12 else MASK * 4)
        return MASK * 6
    if semantic_type == "phone_number":
        digits = re.sub(r"\D", "", s)
        return digits[:3] + MASK * 4 + digits[-4:] if len(digits) >= 10 else _keep(s, 0, 0)
    if semantic_type == "email" and "@" in s:
        local, _, domain = s.partition("@")
        return (local[:1] or "") + MASK * 3 + "@" + domain
    if semantic_type == "person_name":
        return s[:1] + MASK * max(1, len(s) - 1)
    if semantic_type == "address":
        m = re.match(r"^(.{0,3}?[省市]|.{2,6}?自治区)?(.{0,4}?市)?", s)
        prefix = m.group(0) if m and m.group(0) else s[: min(6, len(s) // 3)]
        return prefix + MASK * 6
    if semantic_type == "ip_address":
        parts = s.split(".")
        return ".".join(parts[:2] + [MASK] * (len(parts) - 2)) if len(parts) == 4 else _keep(s, 4, 0)
    if semantic_type == "device_id":
        return _keep(s, 2, 2)
    return _keep(s, 1, 1)
