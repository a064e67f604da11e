"""Profiling: statistics computed inside the warehouse.

The profiler is imported on first use, so `value_pattern` (pure string code) is usable without a warehouse.
"""
from typing import Any

from tools.profile.patterns import value_pattern

__all__ = ["logical_type", "profile_table", "value_pattern"]


def __getattr__(name: str) -> Any:
    if name in ("logical_type", "profile_table"):
        from tools.profile import profiler

        return getattr(profiler, name)
    raise AttributeError(name)
