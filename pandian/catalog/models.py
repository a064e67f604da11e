"""Catalog tables (SQLAlchemy ORM): the source of truth every later index is rebuilt from."""
from __future__ import annotations

from datetime import datetime, timezone

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


class Base(DeclarativeBase):
    pass


class Asset(Base):
    """One table in the warehouse and where it came from."""

    __tablename__ = "assets"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(255), unique=True, index=True)
    source: Mapped[str] = mapped_column(sa.Text)
    source_kind: Mapped[str] = mapped_column(sa.String(32), default="file")
    source_format: Mapped[str | None] = mapped_column(sa.String(32))
    content_hash: Mapped[str | None] = mapped_column(sa.String(128))
    load_id: Mapped[str | None] = mapped_column(sa.String(64))
    rows: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    rejected_rows: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    size_bytes: Mapped[int | None] = mapped_column(sa.BigInteger)
    options: Mapped[dict | None] = mapped_column(sa.JSON)  # how it was parsed (encoding, delimiter, header)
    profile: Mapped[dict | None] = mapped_column(sa.JSON)
    domain: Mapped[str | None] = mapped_column(sa.String(64))
    description: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    columns: Mapped[list["ColumnMeta"]] = relationship(
        back_populates="asset", cascade="all, delete-orphan", order_by="ColumnMeta.position"
    )


class ColumnMeta(Base):
    """One column: type and profile now, semantic type / sensitivity / description as they are learned."""

    __tablename__ = "columns"
    __table_args__ = (sa.UniqueConstraint("asset_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    asset_id: Mapped[int] = mapped_column(sa.ForeignKey("assets.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(sa.Integer)
    name: Mapped[str] = mapped_column(sa.String(255))
    type: Mapped[str] = mapped_column(sa.String(64))
    unnamed: Mapped[bool] = mapped_column(default=False)
    null_fraction: Mapped[float | None] = mapped_column(sa.Float)
    distinct_count: Mapped[int | None] = mapped_column(sa.BigInteger)
    distinct_is_approx: Mapped[bool] = mapped_column(default=False)
    semantic_type: Mapped[str | None] = mapped_column(sa.String(64))
    sensitivity: Mapped[str | None] = mapped_column(sa.String(8))
    confidence: Mapped[float | None] = mapped_column(sa.Float)
    evidence: Mapped[str | None] = mapped_column(sa.Text)
    label_source: Mapped[str | None] = mapped_column(sa.String(16))  # rule | model | user
    description: Mapped[str | None] = mapped_column(sa.Text)
    profile: Mapped[dict | None] = mapped_column(sa.JSON)

    asset: Mapped[Asset] = relationship(back_populates="columns")


class ScanIssueRow(Base):
    """Failures and warnings of scans, kept so the UI and `catalog --json` can show them later."""

    __tablename__ = "scan_issues"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    source: Mapped[str | None] = mapped_column(sa.Text)
    line: Mapped[int | None] = mapped_column(sa.BigInteger)
    level: Mapped[str] = mapped_column(sa.String(16))
    message: Mapped[str] = mapped_column(sa.Text)
    hint: Mapped[str | None] = mapped_column(sa.Text)


class Lineage(Base):
    """Edges between assets: a source file or table feeds a derived table."""

    __tablename__ = "lineage"

    id: Mapped[int] = mapped_column(primary_key=True)
    upstream: Mapped[str] = mapped_column(sa.Text)
    downstream: Mapped[str] = mapped_column(sa.String(255), index=True)
    kind: Mapped[str] = mapped_column(sa.String(32))  # ingest | clean | integrate | view
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Feedback(Base):
    """Ratings and corrections: stored durably, applied at once, and used as labelled examples for retraining."""

    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    user: Mapped[str] = mapped_column(sa.String(128), default="owner")
    kind: Mapped[str] = mapped_column(sa.String(32), index=True)  # column_type | sensitivity | rating | answer | ...
    target: Mapped[str] = mapped_column(sa.Text)  # table.column, a turn id, a dictionary entry
    value: Mapped[str | None] = mapped_column(sa.Text)  # the corrected label
    previous: Mapped[str | None] = mapped_column(sa.Text)  # what pandian had said
    rating: Mapped[int | None] = mapped_column(sa.Integer)
    text: Mapped[str | None] = mapped_column(sa.Text)  # the model input the label belongs to
    comment: Mapped[str | None] = mapped_column(sa.Text)


class FeedbackValues(Base):
    """The column values a column-type correction was made on, so the column-statistics model learns from it
    too (the feedback row keeps only the serialised text). A table of its own: older catalogs gain it on open."""

    __tablename__ = "feedback_values"

    feedback_id: Mapped[int] = mapped_column(sa.ForeignKey("feedback.id"), primary_key=True)
    values_json: Mapped[str] = mapped_column(sa.Text)


class DescriptionVersion(Base):
    """Append-only history of table/column descriptions: generated drafts, accepted drafts and human edits.

    Keyed by names (not ids) so a human edit survives the table being reloaded; the latest human edit wins over
    any later regeneration.
    """

    __tablename__ = "description_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    table_name: Mapped[str] = mapped_column(sa.String(255), index=True)
    column_name: Mapped[str | None] = mapped_column(sa.String(255))  # None: the table's own description
    text: Mapped[str] = mapped_column(sa.Text)
    lang: Mapped[str] = mapped_column(sa.String(8))  # zh | en
    author: Mapped[str] = mapped_column(sa.String(128))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    status: Mapped[str] = mapped_column(sa.String(16))  # draft | accepted | edited
