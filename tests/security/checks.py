"""Shared checks of the reliability suite: is a workspace consistent after a crash or a race?"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from tests.conftest import ROOT


def consistency(ctx) -> list[str]:
    """Problems between catalog and warehouse (empty when consistent): staging left, tables missing on either
    side, row counts that differ."""
    from pandian.warehouse.base import is_internal

    problems = []
    tables = set(ctx.warehouse.list_tables())
    staging = [r[0] for r in ctx.warehouse.query("SELECT table_name FROM duckdb_tables()") if r[0].startswith("__pandian")]
    if staging:
        problems.append(f"staging tables left: {staging}")
    assets = {a.name: a for a in ctx.catalog.assets()}
    for name, a in assets.items():
        if name not in tables:
            problems.append(f"catalog has {name}, the warehouse does not")
        elif ctx.warehouse.row_count(name) != a.rows:
            problems.append(f"{name}: catalog says {a.rows} rows, the warehouse has {ctx.warehouse.row_count(name)}")
    for t in tables:
        if not is_internal(t) and not t.endswith("__rejects") and t not in assets:
            problems.append(f"the warehouse has {t}, the catalog does not")
    return problems


def cli(*args: str, workspace: Path, env: dict[str, str] | None = None) -> subprocess.Popen:
    """The real CLI as a background process (to be killed)."""
    cmd = [sys.executable, "-m", "pandian.cli", *args, "--workspace", str(workspace)]
    return subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})},
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def kill_when(proc: subprocess.Popen, ready: Callable[[], bool], after: float = 0.0, timeout: float = 60.0) -> bool:
    """SIGKILL the process once `ready()` holds (then `after` seconds more). True when it was killed mid-run,
    False when it had already finished (the fault was not injected)."""
    deadline = time.monotonic() + timeout
    while proc.poll() is None and time.monotonic() < deadline and not ready():
        time.sleep(0.05)
    if after and proc.poll() is None:
        time.sleep(after)
    killed = proc.poll() is None
    if killed:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    if proc.stderr is not None:
        proc.stderr.close()
    return killed


def _size(paths: list[Path]) -> int:
    return sum(p.stat().st_size for p in paths if p.exists())


def grew(by: int, *paths: Path) -> Callable[[], bool]:
    """Marker: the files together grew by `by` bytes since now (the process is writing into them)."""
    files = list(paths)
    start = _size(files)
    return lambda: _size(files) >= start + by


def warehouse_files(ws: Path) -> list[Path]:
    return [ws / "warehouse.duckdb", ws / "warehouse.duckdb.wal"]


def cpu_at_least(proc: subprocess.Popen, seconds: float) -> Callable[[], bool]:
    """Marker: the process has used this much CPU (its start-up costs under a second, so a few seconds of CPU
    means it is at work); counting CPU rather than wall time keeps the kill mid-work on a loaded machine."""
    tick = os.sysconf("SC_CLK_TCK")
    started = time.monotonic()

    def ready() -> bool:
        try:
            fields = Path(f"/proc/{proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # no /proc (not Linux): fall back to wall time
            return time.monotonic() - started >= seconds * 2
        return (int(fields[11]) + int(fields[12])) / tick >= seconds

    return ready
