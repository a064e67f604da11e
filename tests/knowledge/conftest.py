"""Shared fixtures: one demo shop scanned once per session, copied for tests that change it."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pandian.demo import generate_demo
from tests.helpers import scan_paths


@pytest.fixture(scope="session")
def demo_ws(tmp_path_factory) -> Path:
    """A workspace with the demo shop (scale 2000) scanned; the scan hook wrote the dictionaries. Read-only."""
    root = tmp_path_factory.mktemp("kdemo")
    generate_demo(root / "data", scale=2000, seed=42, progress=False)
    out = scan_paths(root / "ws", None, root / "data")
    assert {t["name"] for t in out["tables"]} >= {"users", "orders", "user_behavior", "ad_impressions"}
    return root / "ws"


@pytest.fixture
def ws_copy(demo_ws, tmp_path) -> Path:
    """A private copy of the demo workspace (without its search index) for tests that write."""
    dst = tmp_path / "ws"
    shutil.copytree(demo_ws, dst, ignore=shutil.ignore_patterns("chroma"))
    return dst
