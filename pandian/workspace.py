"""Where pandian keeps its state: one folder per workspace, chosen by flag, env var or default."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_WORKSPACE = "pandian-workspace"


@dataclass(frozen=True)
class Workspace:
    """Paths of one workspace; every command resolves the same layout so state is never scattered."""

    root: Path
    warehouse_url: str

    @classmethod
    def resolve(cls, workspace: str | os.PathLike[str] | None = None, warehouse: str | None = None) -> "Workspace":
        root = Path(workspace or os.environ.get("PANDIAN_WORKSPACE") or DEFAULT_WORKSPACE).expanduser().resolve()
        root.mkdir(parents=True, exist_ok=True)
        for sub in ("models", "charts", "logs", "knowledge", "tmp", "exports", "reports"):
            (root / sub).mkdir(exist_ok=True)
        url = warehouse or os.environ.get("PANDIAN_WAREHOUSE_URL") or f"duckdb:///{root / 'warehouse.duckdb'}"
        return cls(root=root, warehouse_url=url)

    @property
    def catalog_url(self) -> str:
        return f"sqlite:///{self.root / 'catalog.sqlite'}"

    @property
    def tmp(self) -> Path:
        return self.root / "tmp"

    @property
    def models(self) -> Path:
        return self.root / "models"

    @property
    def knowledge(self) -> Path:
        return self.root / "knowledge"

    @property
    def charts(self) -> Path:
        return self.root / "charts"

    @property
    def logs(self) -> Path:
        return self.root / "logs"
