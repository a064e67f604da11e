"""Fault injection for crash tests: PANDIAN_FAULT=<point> kills the process at that point, like kill -9."""
from __future__ import annotations

import os


def fault_point(name: str) -> None:
    if os.environ.get("PANDIAN_FAULT") == name:
        os._exit(137)
