"""The catalog: every asset, its columns, lineage and scan issues, in SQL tables in the workspace."""
from pandian.catalog.models import Asset, ColumnMeta, Feedback, Lineage, ScanIssueRow
from pandian.catalog.store import Catalog, asset_json, column_json

__all__ = ["Asset", "Catalog", "ColumnMeta", "Feedback", "Lineage", "ScanIssueRow", "asset_json", "column_json"]
