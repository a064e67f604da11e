"""One open workspace: warehouse + catalog, reconciled on open so every command starts consistent."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from pandian.catalog import Catalog
from pandian.report import RunReport
from pandian.warehouse import Warehouse, connect_warehouse
from pandian.workspace import Workspace


@dataclass
class Context:
    workspace: Workspace
    report: RunReport = field(default_factory=RunReport)
    borrowed: bool = False  # a fork shares its parent's connections and must not close them

    @cached_property
    def catalog(self) -> Catalog:
        return Catalog(self.workspace.catalog_url)

    @cached_property
    def warehouse(self) -> Warehouse:
        wh = connect_warehouse(self.workspace.warehouse_url, temp_dir=self.workspace.tmp)
        from tools.ingest.runner import reconcile

        reconcile(wh, self.catalog, self.report)
        return wh

    def __enter__(self) -> "Context":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def fork(self) -> "Context":
        """Same warehouse and catalog, a fresh report: one per request when many users share the app."""
        child = Context(self.workspace, borrowed=True)
        child.__dict__["warehouse"] = self.warehouse
        child.__dict__["catalog"] = self.catalog
        return child

    def close(self) -> None:
        if self.borrowed:
            return
        if "warehouse" in self.__dict__:
            self.warehouse.close()
        if "catalog" in self.__dict__:
            self.catalog.close()


def open_context(workspace: str | None = None, warehouse: str | None = None) -> Context:
    return Context(Workspace.resolve(workspace, warehouse))
