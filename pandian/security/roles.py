"""Who may see what: viewer (L3 and L4 masked), analyst (L4 masked), owner (nothing masked).

Text for an external LLM is treated as a role of its own: L4 never leaves, whatever the user's role.
"""
from __future__ import annotations

from pandian.errors import PandianError

ROLES = ("viewer", "analyst", "owner")
_MASKED = {"viewer": {"L3", "L4"}, "analyst": {"L4"}, "owner": set()}


def check_role(role: str) -> str:
    if role not in ROLES:
        raise PandianError(f"unknown role {role!r}", hint=f"one of {', '.join(ROLES)}")
    return role


def masked_levels(role: str, external_llm: bool = False) -> set[str]:
    levels = set(_MASKED[check_role(role)])
    if external_llm:
        levels.add("L4")
    return levels


def can_see(role: str, level: str | None, external_llm: bool = False) -> bool:
    return level not in masked_levels(role, external_llm)
