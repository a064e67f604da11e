"""Catalog access: durable (SQLite WAL, one transaction per change) and reconciled with the warehouse."""
from __future__ import annotations

import difflib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload, sessionmaker

from pandian.catalog.models import (Asset, Base, ColumnMeta, DescriptionVersion, Feedback, FeedbackValues, Lineage,
                                    ScanIssueRow)
from pandian.errors import UnknownTableError
from pandian.report import Issue


def _sqlite_pragmas(dbapi_con: Any, _record: Any) -> None:
    cur = dbapi_con.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


class Catalog:
    def __init__(self, url: str):
        self.engine = sa.create_engine(url)
        if url.startswith("sqlite"):
            sa.event.listen(self.engine, "connect", _sqlite_pragmas)
        Base.metadata.create_all(self.engine)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self._sessions() as s, s.begin():
            yield s

    # -- reads -------------------------------------------------------------------------------------------
    def get(self, name: str) -> Asset | None:
        with self._sessions() as s:
            return s.scalar(sa.select(Asset).options(selectinload(Asset.columns)).where(Asset.name == name))

    def require(self, name: str) -> Asset:
        asset = self.get(name)
        if asset is None:
            names = self.names()
            close = difflib.get_close_matches(name, names, n=3, cutoff=0.5)
            hint = f"did you mean {', '.join(close)}?" if close else (
                f"known tables: {', '.join(names[:10])}" if names else "run `pandian scan PATH` first")
            raise UnknownTableError(f"no table named {name!r} in the catalog", hint=hint)
        return asset

    def names(self) -> list[str]:
        with self._sessions() as s:
            return list(s.scalars(sa.select(Asset.name).order_by(Asset.name)))

    def assets(self) -> list[Asset]:
        with self._sessions() as s:
            return list(s.scalars(sa.select(Asset).options(selectinload(Asset.columns)).order_by(Asset.name)))

    def find_by_source(self, source: str) -> Asset | None:
        with self._sessions() as s:
            return s.scalar(sa.select(Asset).options(selectinload(Asset.columns)).where(Asset.source == source))

    def issues(self, limit: int = 200) -> list[ScanIssueRow]:
        with self._sessions() as s:
            return list(s.scalars(sa.select(ScanIssueRow).order_by(ScanIssueRow.id.desc()).limit(limit)))

    # -- writes ------------------------------------------------------------------------------------------
    def save_asset(self, fields: dict[str, Any], columns: list[dict[str, Any]]) -> None:
        """Insert or replace one asset with its columns; user-given labels survive a reload."""
        with self.session() as s:
            old = s.scalar(sa.select(Asset).options(selectinload(Asset.columns)).where(Asset.name == fields["name"]))
            kept: dict[str, ColumnMeta] = {}
            if old is not None:
                kept = {c.name: c for c in old.columns if c.label_source == "user"}
                s.delete(old)
                s.flush()
            asset = Asset(**fields)
            for pos, col in enumerate(columns):
                meta = ColumnMeta(position=pos, **col)
                prior = kept.get(meta.name)
                if prior is not None:
                    meta.semantic_type, meta.sensitivity = prior.semantic_type, prior.sensitivity
                    meta.confidence, meta.evidence, meta.label_source = 1.0, prior.evidence, "user"
                asset.columns.append(meta)
            s.add(asset)

    def delete_asset(self, name: str) -> None:
        with self.session() as s:
            old = s.scalar(sa.select(Asset).where(Asset.name == name))
            if old is not None:
                s.delete(old)

    def record_issues(self, issues: list[Issue]) -> None:
        if not issues:
            return
        with self.session() as s:
            for i in issues:
                s.add(ScanIssueRow(source=i.source, line=i.line, level=i.level, message=i.message, hint=i.hint))

    def add_lineage(self, upstream: str, downstream: str, kind: str) -> None:
        with self.session() as s:
            s.execute(sa.delete(Lineage).where(Lineage.downstream == downstream, Lineage.upstream == upstream))
            s.add(Lineage(upstream=upstream, downstream=downstream, kind=kind))

    def update_columns(self, name: str, updates: dict[str, dict[str, Any]]) -> None:
        """Set fields on columns of one asset in one transaction."""
        with self.session() as s:
            asset = s.scalar(sa.select(Asset).options(selectinload(Asset.columns)).where(Asset.name == name))
            if asset is None:
                return
            for col in asset.columns:
                for k, v in updates.get(col.name, {}).items():
                    setattr(col, k, v)

    def add_feedback(self, values: list[str] | None = None, **fields: Any) -> int:
        """values: the column's values (column-type corrections), kept in the same transaction."""
        with self.session() as s:
            fb = Feedback(**fields)
            s.add(fb)
            s.flush()
            if values is not None:
                s.add(FeedbackValues(feedback_id=fb.id, values_json=json.dumps([str(v) for v in values],
                                                                               ensure_ascii=False)))
            return fb.id

    def feedback_values(self, ids: list[int]) -> dict[int, list[str]]:
        if not ids:
            return {}
        with self._sessions() as s:
            rows = s.scalars(sa.select(FeedbackValues).where(FeedbackValues.feedback_id.in_(ids)))
            return {r.feedback_id: json.loads(r.values_json) for r in rows}

    def feedback(self, kind: str | None = None, limit: int | None = None) -> list[Feedback]:
        with self._sessions() as s:
            q = sa.select(Feedback).order_by(Feedback.id)
            if kind:
                q = q.where(Feedback.kind == kind)
            if limit:
                q = q.limit(limit)
            return list(s.scalars(q))

    # -- description versions (append-only) ---------------------------------------------------------------
    def add_description_version(self, table: str, column: str | None, text: str, lang: str, author: str,
                                status: str = "draft") -> int:
        return self.add_description_versions([{"table": table, "column": column, "text": text, "lang": lang,
                                               "author": author, "status": status}])[0]

    def add_description_versions(self, rows: list[dict[str, Any]]) -> list[int]:
        """Append versions in one transaction (a table's drafts are written together)."""
        if any(r.get("status", "draft") not in ("draft", "accepted", "edited") for r in rows):
            raise ValueError("description status must be draft, accepted or edited")
        with self.session() as s:
            objs = [DescriptionVersion(table_name=r["table"], column_name=r["column"], text=r["text"], lang=r["lang"],
                                       author=r["author"], status=r.get("status", "draft")) for r in rows]
            s.add_all(objs)
            s.flush()
            return [o.id for o in objs]

    def description_versions(self, table: str) -> list[DescriptionVersion]:
        """Every version for one table and its columns, oldest first."""
        with self._sessions() as s:
            q = sa.select(DescriptionVersion).where(DescriptionVersion.table_name == table)
            return list(s.scalars(q.order_by(DescriptionVersion.id)))

    def description_stamps(self) -> dict[str, int]:
        """Table -> id of its newest description version (tells an index which tables changed)."""
        with self._sessions() as s:
            q = sa.select(DescriptionVersion.table_name, sa.func.max(DescriptionVersion.id))
            return {t: int(i) for t, i in s.execute(q.group_by(DescriptionVersion.table_name))}

    def close(self) -> None:
        self.engine.dispose()


def column_json(c: ColumnMeta) -> dict[str, Any]:
    return {
        "name": c.name,
        "type": c.type,
        "null_fraction": c.null_fraction,
        "distinct_count": c.distinct_count,
        "distinct_is_approx": c.distinct_is_approx,
        "semantic_type": c.semantic_type,
        "sensitivity": c.sensitivity,
        "confidence": c.confidence,
        "evidence": c.evidence,
        "label_source": c.label_source,
        "description": c.description,
        "unnamed": c.unnamed,
    }


def asset_json(a: Asset) -> dict[str, Any]:
    return {
        "name": a.name,
        "source": a.source,
        "source_kind": a.source_kind,
        "format": a.source_format,
        "rows": a.rows,
        "rejected_rows": a.rejected_rows,
        "rejects_table": f"{a.name}__rejects" if a.rejected_rows else None,
        "size_bytes": a.size_bytes,
        "content_hash": a.content_hash,
        "domain": a.domain,
        "description": a.description,
        "parse_options": a.options,
        "updated_at": a.updated_at.isoformat(timespec="seconds") if a.updated_at else None,
        "columns": [column_json(c) for c in a.columns],
    }
