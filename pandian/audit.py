"""Audit log: every tool call with user, role, time, (masked) arguments, rows returned and outcome.

Kept in the catalog database (its own table, one transaction per record), so it survives crashes with
the catalog. Arguments are masked before they are stored: a phone number typed into a WHERE clause is
not kept in clear.
"""
from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from pandian.catalog.models import utcnow


class _Base(DeclarativeBase):
    pass


class AuditRecord(_Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    time: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    user: Mapped[str] = mapped_column(sa.String(128), index=True)
    role: Mapped[str] = mapped_column(sa.String(16))
    channel: Mapped[str] = mapped_column(sa.String(16))  # cli | chat | app
    tool: Mapped[str] = mapped_column(sa.String(64), index=True)
    arguments: Mapped[str] = mapped_column(sa.Text)
    rows: Mapped[int | None] = mapped_column(sa.BigInteger)
    outcome: Mapped[str] = mapped_column(sa.String(16))  # ok | error | refused
    message: Mapped[str | None] = mapped_column(sa.Text)


_PATTERNS = [
    (re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+"), lambda m: m.group(0)[0] + "***@***"),
    (re.compile(r"(?<![\w])\d{17}[\dXx](?![\w])"), lambda m: "******"),
    (re.compile(r"(?<!\d)(\d{3})\d{4,16}(\d{2})(?!\d)"), lambda m: f"{m.group(1)}****{m.group(2)}"),
]


def mask_text(text: str) -> str:
    """Personal-looking values in free text (phones, ID numbers, cards, e-mails) masked, shape kept."""
    for rx, fn in _PATTERNS:
        text = rx.sub(fn, text)
    return text


def _masked_args(args: Any) -> str:
    try:
        raw = json.dumps(args, ensure_ascii=False, default=str)
    except (TypeError, ValueError):
        raw = str(args)
    return mask_text(raw)[:4000]


def rows_of(result: Any) -> int | None:
    if not isinstance(result, dict):
        return None
    for key in ("row_count", "rows_out", "rows"):
        v = result.get(key)
        if isinstance(v, int):
            return v
        if isinstance(v, list):
            return len(v)
    if isinstance(result.get("summary"), dict) and isinstance(result["summary"].get("rows"), int):
        return result["summary"]["rows"]
    return None


def record(catalog, user: str, role: str, channel: str, tool: str, args: Any, outcome: str = "ok",
           rows: int | None = None, message: str | None = None) -> None:
    """Best effort by design: auditing must never turn a successful action into a failure."""
    try:
        _Base.metadata.create_all(catalog.engine, checkfirst=True)
        with catalog.engine.begin() as cn:
            cn.execute(sa.insert(AuditRecord).values(
                time=utcnow(), user=user or "unknown", role=role or "-", channel=channel, tool=tool,
                arguments=_masked_args(args), rows=rows, outcome=outcome,
                message=mask_text(message)[:2000] if message else None))
    except Exception:  # noqa: BLE001
        pass


def query(catalog, user: str | None = None, since: datetime | None = None, tool: str | None = None,
          limit: int = 1000) -> list[dict[str, Any]]:
    _Base.metadata.create_all(catalog.engine, checkfirst=True)
    q = sa.select(AuditRecord).order_by(AuditRecord.id.desc()).limit(limit)
    if user:
        q = q.where(AuditRecord.user == user)
    if since:
        q = q.where(AuditRecord.time >= since)
    if tool:
        q = q.where(AuditRecord.tool == tool)
    from sqlalchemy.orm import Session

    with Session(catalog.engine) as s:
        recs = list(s.scalars(q))
    out = []
    for rec in recs:
        out.append({"id": rec.id, "time": rec.time.isoformat(timespec="seconds"), "user": rec.user, "role": rec.role,
                    "channel": rec.channel, "tool": rec.tool, "arguments": rec.arguments, "rows": rec.rows,
                    "outcome": rec.outcome, "message": rec.message})
    return out
