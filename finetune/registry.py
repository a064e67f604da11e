"""Model registry in the workspace: every run kept with its metadata; `current.json` names the promoted one.

Writes are crash-safe: a run trains in a hidden temp folder that is renamed into place when complete, and
`current.json` is replaced atomically (write, fsync, rename), so a kill leaves the previous model promoted.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import uuid
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from pandian.errors import PandianError

TASK_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")


def check_task(task: str) -> str:
    if not TASK_RE.match(task or ""):
        raise PandianError(f"invalid task name {task!r}", hint="use lowercase letters, digits, '-' and '_'")
    return task


def _atomic_write(path: Path, data: str) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:6]}.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


class Registry:
    def __init__(self, models_dir: Path):
        self.root = models_dir
        self.root.mkdir(parents=True, exist_ok=True)

    def task_dir(self, task: str) -> Path:
        return self.root / check_task(task)

    def new_run(self, task: str) -> tuple[str, Path]:
        run_id = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S-") + uuid.uuid4().hex[:6]
        tmp = self.task_dir(task) / "runs" / f".tmp-{run_id}"
        tmp.mkdir(parents=True)
        return run_id, tmp

    def commit_run(self, task: str, run_id: str, tmp: Path, meta: dict[str, Any]) -> Path:
        _atomic_write(tmp / "meta.json", json.dumps(meta, ensure_ascii=False, indent=2))
        final = self.task_dir(task) / "runs" / run_id
        os.replace(tmp, final)
        return final

    def discard(self, tmp: Path) -> None:
        shutil.rmtree(tmp, ignore_errors=True)

    def current(self, task: str) -> dict[str, Any] | None:
        """Meta of the promoted run, or None; a pointer to a missing or corrupt run is reported, not followed."""
        ptr = self.task_dir(task) / "current.json"
        if not ptr.exists():
            return None
        try:
            run_id = json.loads(ptr.read_text(encoding="utf-8"))["run_id"]
            meta = json.loads((self.task_dir(task) / "runs" / run_id / "meta.json").read_text(encoding="utf-8"))
        except (OSError, ValueError, KeyError) as exc:
            raise PandianError(f"the promoted {task} model is missing or corrupt ({exc})",
                               source=str(ptr), hint=f"retrain with `pandian train {task}`") from exc
        meta["path"] = str(self.task_dir(task) / "runs" / run_id)
        return meta

    def promote(self, task: str, run_id: str) -> None:
        _atomic_write(self.task_dir(task) / "current.json", json.dumps({"run_id": run_id}))

    def history(self, task: str) -> list[dict[str, Any]]:
        runs = self.task_dir(task) / "runs"
        out = []
        for d in sorted(runs.glob("*")) if runs.exists() else []:
            if d.name.startswith(".") or not (d / "meta.json").exists():
                continue
            try:
                out.append(json.loads((d / "meta.json").read_text(encoding="utf-8")))
            except ValueError:
                continue
        return out

    def tasks(self) -> list[str]:
        return sorted(d.name for d in self.root.iterdir() if d.is_dir() and (d / "runs").exists())

    def sweep(self, task: str) -> None:
        """Remove half-written runs a killed training left behind."""
        runs = self.task_dir(task) / "runs"
        for d in runs.glob(".tmp-*") if runs.exists() else []:
            shutil.rmtree(d, ignore_errors=True)
