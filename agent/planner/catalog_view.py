"""A snapshot of the catalog that the planner resolves names against (cheap to build once per turn)."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ColumnInfo:
    name: str
    type: str
    semantic_type: str | None
    sensitivity: str | None


@dataclass
class CatalogView:
    tables: dict[str, list[ColumnInfo]] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)

    @classmethod
    def from_catalog(cls, catalog) -> "CatalogView":
        view = cls()
        for a in catalog.assets():
            view.tables[a.name] = [ColumnInfo(c.name, c.type, c.semantic_type, c.sensitivity) for c in a.columns]
            view.rows[a.name] = int(a.rows or 0)
        return view

    def user_tables(self) -> list[str]:
        """Tables a request may mean: reject and quarantine side tables only when named outright."""
        return [t for t in self.tables if not t.endswith(("__rejects", "__quarantine"))]

    def columns_of_type(self, table: str, *types: str) -> list[str]:
        return [c.name for c in self.tables.get(table, []) if c.semantic_type in types]
