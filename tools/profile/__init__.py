"""Profiling: statistics computed inside the warehouse."""
from tools.profile.profiler import logical_type, profile_table, value_pattern

__all__ = ["logical_type", "profile_table", "value_pattern"]
