"""A demo shop workspace shared by the agent tests (generated, scanned once per module)."""
from __future__ import annotations

import pytest

from pandian.context import open_context
from pandian.demo import generate_demo
from tools.ingest.scan import ScanArgs, scan


def make_shop(root, seed: int = 11):
    files = generate_demo(root / "demo", scale=2000, seed=seed, progress=False)
    ws = root / "ws"
    with open_context(str(ws)) as ctx:
        scan(ctx, ScanArgs(sources=[str(f) for f in files]), progress=False)
    return ws, files


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    return make_shop(tmp_path_factory.mktemp("agent_shop"))


@pytest.fixture(autouse=True)
def _offline(monkeypatch):
    """Agent tests pick their planner explicitly; a developer's LLM settings must not leak in."""
    for k in ("PANDIAN_LLM_BASE_URL", "PANDIAN_LLM_MODEL", "PANDIAN_LLM_API_KEY"):
        monkeypatch.delenv(k, raising=False)
