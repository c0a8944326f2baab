"""Recording a local mutation: revision/HLC bump, outbox row and audit event, one transaction.

Every service that changes a syncable row calls ``record_change`` before its unit of work
commits; it never commits itself.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from gridapp import audit
from gridapp.models import OutboxEntry, SyncMixin, utcnow
from gridapp.models.base import Base

OPS = ("insert", "update", "tombstone", "append")


def snapshot(obj: Base) -> dict[str, Any]:
    """Column values of a mapped object as JSON-friendly data."""
    out: dict[str, Any] = {}
    for attr in inspect(obj).mapper.column_attrs:
        value = getattr(obj, attr.key)
        out[attr.key] = value.isoformat() if hasattr(value, "isoformat") else value
    return out


def record_change(
    session: Session,
    obj: SyncMixin,
    *,
    op: str,
    device: str,
    hlc: str,
    actor: str,
    action: str,
    case_id: str = "",
    before: Mapping[str, Any] | None = None,
    audit_after: Mapping[str, Any] | None = None,
) -> None:
    """Stamp ``obj`` and write its outbox row and audit event in the current transaction."""
    if op not in OPS:
        raise ValueError(f"unknown op {op!r}")
    if op == "insert":
        obj.origin_device = obj.origin_device or device
        obj.revision = 1
    elif before is not None or op in ("update", "tombstone"):
        obj.revision = (obj.revision or 0) + 1
    obj.updated_at = utcnow()
    obj.hlc = hlc
    if op == "tombstone":
        obj.deleted = True
    session.add(obj)
    session.flush()
    assert isinstance(obj, Base)
    after = snapshot(obj)
    session.add(
        OutboxEntry(
            entity=type(obj).__tablename__,
            entity_id=obj.id,
            op=op,
            revision=obj.revision,
            hlc=hlc,
            payload_json=json.dumps(after, ensure_ascii=False, default=str),
        )
    )
    audit.append(
        session,
        device=device,
        actor=actor,
        action=action,
        entity=type(obj).__tablename__,
        entity_id=obj.id,
        case_id=case_id,
        before=before,
        after=audit_after if audit_after is not None else after,
    )
