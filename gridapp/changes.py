"""The change log: every local mutation of a syncable row, recorded for sync and for the audit.

Contract:
- ``record_change`` is the only way a syncable row (``SyncMixin``) changes. It stamps the row
  (revision, HLC, origin device), writes or compacts the row's outbox entry and appends the
  audit event, all in the caller's transaction; it never commits. A session guard
  (``install_guard``) fails any flush that inserts, edits or deletes a syncable row that was not
  recorded: ``ChangeGuardError``. A path that legitimately writes rows without recording them
  (bulk repair, receiving rows from HQ) says so explicitly with ``unrecorded(session, reason)``.
- The outbox (待同步) holds one entry per row with unsent changes: its base revision (the
  revision HQ last saw from us, 0 for a new row), the current revision and HLC, and the names of
  the fields changed since the base (``*`` = the whole row, for a new row). Further changes to
  the row before it is sent are folded into that entry, keeping the earliest base revision, so a
  receiver compares the base with its own revision to tell a fresh edit from a stale one and
  merges by field. The values are not copied into the outbox: ``pending`` reads them from the
  row (its latest values) when sync asks. ``mark_sent`` freezes entries being shipped (a later
  change opens a new entry based on the shipped revision); ``acknowledge`` + ``prune`` remove
  what HQ has confirmed. A change id is the entry's ``seq`` (never reused: AUTOINCREMENT).
- Audit events travel by themselves: the chain is append-only and ordered by ``seq``, so sync
  ships the events after the last acknowledged one (``pending_audit``/``acknowledge_audit``);
  they are not copied into the outbox.
- Credentials (``password_hash`` and any column named like a password, secret or token) never
  enter the audit chain or the outbox: the audit notes that they changed, never their value.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, event, func, inspect, select, update
from sqlalchemy.orm import Session, sessionmaker

from gridapp import audit
from gridapp.errors import ValidationError
from gridapp.hlc import parse as parse_stamp
from gridapp.models import AuditEvent, Meta, OutboxEntry, SyncMixin, utcnow
from gridapp.models.base import Base

OPS = ("insert", "update", "tombstone", "append")
WHOLE_ROW = "*"
# Stamping columns: carried by every outbox entry, never part of an audit event's diff.
SYNC_COLUMNS = frozenset({"id", "origin_device", "revision", "updated_at", "hlc"})
# Columns a person names a row by, kept in its creation event (case/document number, party or
# officer name, badge, grid code, evidence hash and item number, number series).
IDENTITY_FIELDS = ("number", "name", "badge_no", "code", "series", "year", "sha256", "item_no",
                   "template_id", "method")
_CREDENTIAL_WORDS = ("password", "passwd", "secret", "token", "credential", "private_key")
REDACTED = "[已更改，不记录 / changed, not recorded]"
# Key of an audit event's "after" side holding the digest of the whole row as committed by the
# change (``row_digest``): ``gridapp verify`` compares it with the live row. Keys starting with
# "@" are about the event, never a column.
ROW_DIGEST_KEY = "@row"
# Columns a change may move without an event of its own: a case number taken from its pool is
# named by the case's creation event (``gridapp.numbering.take``); pools are checked for gaps
# against the numbers in use instead.
UNDIGESTED: dict[str, frozenset[str]] = {
    "number_pool": frozenset({"next_value", "revision", "updated_at", "hlc"})}
# Columns a later schema revision added, with the value the migration gave existing rows: a
# column holding that value is left out of the digests, so a row digested before the column
# existed still verifies after the upgrade (any other value is digested as usual).
ADDED_LATER: dict[str, Any] = {"warnings_json": "[]", "warning_reason": "", "finding": "",
                               "satisfaction": "", "done_by": None, "details_json": "{}",
                               "payment_json": "{}"}
HLC_KEY = "hlc_last"
SKEW_KEY = "clock_skew"
AUDIT_ACK_KEY = "audit_acked_seq"

_RECORDED = "gridapp.recorded"
_BYPASS = "gridapp.unrecorded"


class ChangeGuardError(RuntimeError):
    """A syncable row was written without ``store.record`` (a programming error, never data)."""


def is_credential(column: str) -> bool:
    name = column.lower()
    return any(word in name for word in _CREDENTIAL_WORDS)


def _plain(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def snapshot(obj: Base) -> dict[str, Any]:
    """Column values of a mapped object as JSON-friendly data."""
    out: dict[str, Any] = {}
    for attr in inspect(obj).mapper.column_attrs:
        out[attr.key] = _plain(getattr(obj, attr.key))
    return out


def _redacted(values: Mapping[str, Any]) -> dict[str, Any]:
    return {k: (REDACTED if is_credential(k) and v not in ("", None) else v)
            for k, v in values.items()}


def content_digest(values: Mapping[str, Any]) -> str:
    """SHA-256 over a row's content (stamping columns and credentials left out), base64url."""
    content = {k: v for k, v in values.items() if k not in SYNC_COLUMNS and not is_credential(k)
               and not (k in ADDED_LATER and v == ADDED_LATER[k])}
    digest = hashlib.sha256(audit.canonical_json(content).encode("utf-8")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def stored_values(session: Session, obj: object) -> dict[str, Any]:
    """The row's columns as the database returns them (after a flush), JSON-friendly.

    Read back rather than taken from the object, so the digest is of exactly what a later
    reader sees (stored instants in UTC, REAL columns as floats).
    """
    assert isinstance(obj, Base) and isinstance(obj, SyncMixin)
    table = type(obj).__table__
    row = session.execute(select(table).where(table.c.id == obj.id)).one()
    return {key: _plain(value) for key, value in row._mapping.items()}


def row_digest(entity: str, values: Mapping[str, Any]) -> str:
    """Digest of a whole row as stored, stamping columns and password hashes included (they
    order officers, number evidence and sign people in); only the id (the digest's key) and
    the columns a change may move without an event (``UNDIGESTED``) are left out."""
    skip = UNDIGESTED.get(entity, frozenset())
    content = {k: v for k, v in values.items() if k != "id" and k not in skip
               and not (k in ADDED_LATER and v == ADDED_LATER[k])}
    digest = hashlib.sha256(audit.canonical_json(content).encode("utf-8")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


BASELINE_ACTION = "audit.baseline"
BASELINE_ACTOR = "系统"
BASELINE_CHUNK = 2000  # row digests per baseline event


def pin_baseline(session: Session, device: str) -> int:
    """Pin every row as it is now with ``audit.baseline`` events (row digests in chunks, and
    each pool's next number), for a station whose chain is sealed for the first time: rows
    written by older versions or by migrations carry no digest of their own. Returns the
    number of rows pinned (0: no event written)."""
    rows: dict[str, str] = {}
    pools: dict[str, int] = {}
    pinned = 0

    def emit() -> None:
        nonlocal rows, pools
        audit.append(session, device=device, actor=BASELINE_ACTOR, action="audit.baseline",
                     entity="sync", entity_id="baseline",
                     after={"rows": rows} | ({"pools": pools} if pools else {}))
        rows, pools = {}, {}

    for entity, cls in _tables().items():
        table = cls.__table__
        for row in session.execute(select(table).execution_options(yield_per=BASELINE_CHUNK)):
            values = {key: _plain(value) for key, value in row._mapping.items()}
            rows[f"{entity}:{values['id']}"] = row_digest(entity, values)
            if entity == "number_pool":
                pools[str(values["id"])] = int(values["next_value"])
            pinned += 1
            if len(rows) >= BASELINE_CHUNK:
                emit()
    if rows or pools:
        emit()
    return pinned


def creation_summary(values: Mapping[str, Any]) -> dict[str, Any]:
    """What a creation event keeps: the names a person knows the row by, and its content hash.

    The row itself is the one full copy (rows are never deleted; every later change is an event
    with the changed fields before and after), so the event pins the created content by its
    SHA-256 instead of storing it a second time.
    """
    out = {k: values[k] for k in IDENTITY_FIELDS if values.get(k) not in (None, "")}
    out["content"] = content_digest(values)
    return out


def _pending_changes(obj: Base) -> dict[str, Any]:
    """Columns changed in memory since the last flush: name -> value before (None if unknown)."""
    state = inspect(obj)
    out: dict[str, Any] = {}
    for attr in state.mapper.column_attrs:
        hist = state.attrs[attr.key].history
        if not hist.has_changes():
            continue
        old = _plain(hist.deleted[0]) if hist.deleted else None
        new = _plain(hist.added[0]) if hist.added else None
        if old != new:
            out[attr.key] = old
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
    audited: bool = True,
    audit_extra: Mapping[str, Any] | None = None,
) -> AuditEvent | None:
    """Stamp ``obj`` and write its outbox entry and audit event in the current transaction.

    ``audited=False`` writes no audit event, for a change another event of the same transaction
    already states in full (a case number taken from its pool: the case's creation event names
    it); the row still gets its revision, stamp and outbox entry.

    ``before`` (optional) is a ``snapshot`` taken before the change; fields whose value differs
    from it are part of the change even if an earlier flush already wrote them. ``audit_after``
    replaces the audit event's "after" side with a summary chosen by the caller;
    ``audit_extra`` adds facts to it (an import's warnings and the officer's reason).
    """
    if op not in OPS:
        raise ValueError(f"unknown op {op!r}")
    assert isinstance(obj, Base)
    whole_row = op in ("insert", "append")
    old_values = {} if whole_row else _pending_changes(obj)
    base_revision = 0 if whole_row else (obj.revision or 0)
    obj.origin_device = obj.origin_device or device
    obj.revision = 1 if whole_row else base_revision + 1
    obj.updated_at = utcnow()
    obj.hlc = hlc
    if op == "tombstone":
        obj.deleted = True
        old_values.setdefault("deleted", False)
    session.add(obj)
    _mark_recorded(session, obj)
    session.flush()
    after = snapshot(obj)
    if before is not None:
        for key, old in before.items():
            if (key in after and after[key] != old) or key in old_values:
                old_values[key] = old
    changed = sorted(k for k in old_values if k not in SYNC_COLUMNS)
    _outbox(session, obj, op, base_revision, changed, hlc)
    if whole_row:
        audit_before = None
        audit_after_out = _redacted(
            audit_after if audit_after is not None else creation_summary(after)
        )
    else:
        # A changed field missing from "before" was empty ('' or null) before the change.
        # Keys of ``before`` that are not columns describe state kept outside the row (e.g. the
        # device identity in ``meta``): they are recorded as given.
        extra = {k: v for k, v in (before or {}).items() if k not in after}
        audit_before = _redacted(
            {k: old_values[k] for k in changed if old_values[k] not in ("", None)} | extra
        )
        audit_after_out = _redacted(
            audit_after if audit_after is not None else {k: after[k] for k in changed}
        )
    if audit_extra:
        audit_after_out = {**audit_after_out, **_redacted(dict(audit_extra))}
    persist_stamp(session, hlc)
    if not audited:
        return None
    entity = type(obj).__tablename__
    audit_after_out[ROW_DIGEST_KEY] = row_digest(entity, stored_values(session, obj))
    return audit.append(
        session,
        device=device,
        actor=actor,
        action=action,
        entity=entity,
        entity_id=obj.id,
        case_id=case_id,
        before=audit_before,
        after=audit_after_out,
    )


def _outbox(
    session: Session, obj: SyncMixin, op: str, base_revision: int, changed: list[str], hlc: str
) -> None:
    """Open the row's outbox entry, or fold this change into its unsent one."""
    assert isinstance(obj, Base)
    entity = type(obj).__tablename__
    fields = [f for f in changed if not is_credential(f)]
    with session.no_autoflush:
        entry = session.scalars(
            select(OutboxEntry).where(
                OutboxEntry.entity_id == obj.id,
                OutboxEntry.entity == entity,
                OutboxEntry.sent_at.is_(None),
                OutboxEntry.acked_at.is_(None),
            )
        ).first()
    if entry is None:
        session.add(
            OutboxEntry(
                entity=entity,
                entity_id=obj.id,
                op=op,
                base_revision=base_revision,
                revision=obj.revision,
                hlc=hlc,
                fields=WHOLE_ROW if op in ("insert", "append") else ",".join(fields),
            )
        )
        return
    # Compaction: the earliest base revision stays; the latest revision, stamp and op win,
    # except that a row HQ has never seen stays an insert (a tombstone then ships deleted=1).
    if entry.op not in ("insert", "append"):
        entry.op = "tombstone" if op == "tombstone" or entry.op == "tombstone" else op
        if entry.fields != WHOLE_ROW:
            merged = {f for f in entry.fields.split(",") if f} | set(fields)
            entry.fields = ",".join(sorted(merged))
    entry.revision = obj.revision
    entry.hlc = hlc


def _meta_row(session: Session, key: str) -> Meta | None:
    """A meta row held for the current transaction (one read per transaction, not per change)."""
    tx = session.get_transaction()
    cached = session.info.get(key)
    if cached is not None and cached[0] is tx and cached[1] is not None:
        row: Meta | None = cached[1]
        return row
    row = session.get(Meta, key)
    session.info[key] = (tx, row)
    return row


def persist_stamp(session: Session, hlc: str) -> None:
    """Keep the last stamp issued in ``meta`` so a restarted clock never goes below it."""
    row = _meta_row(session, HLC_KEY)
    if row is None:
        row = Meta(key=HLC_KEY, value=hlc)
        session.add(row)
        session.info[HLC_KEY] = (session.get_transaction(), row)
    elif not _valid_stamp(row.value) or parse_stamp(hlc) > parse_stamp(row.value):
        row.value = hlc


def _valid_stamp(stamp: str) -> bool:
    try:
        parse_stamp(stamp)
    except ValueError:
        return False
    return True


def last_stamp(session: Session) -> str:
    """The highest stamp this station has recorded ('' for a new station)."""
    row = session.get(Meta, HLC_KEY)
    return row.value if row is not None else ""


def note_skew(session: Session, *, wall: str, last: str, behind_ms: int) -> None:
    """Record that the wall clock was found behind the last stamp (for sync/status views)."""
    value = json.dumps({"wall": wall, "last_stamp": last, "behind_ms": behind_ms})
    row = session.get(Meta, SKEW_KEY)
    if row is None:
        session.add(Meta(key=SKEW_KEY, value=value))
    else:
        row.value = value


def clock_skew(session: Session) -> dict[str, Any] | None:
    """The last recorded clock skew ({wall, last_stamp, behind_ms}) or None."""
    row = session.get(Meta, SKEW_KEY)
    return dict(json.loads(row.value)) if row is not None else None


# --- the guard -------------------------------------------------------------------------------


def _mark_recorded(session: Session, obj: object) -> None:
    session.info.setdefault(_RECORDED, {})[id(obj)] = obj


def install_guard(factory: sessionmaker[Session]) -> None:
    """Make every session from ``factory`` refuse to flush an unrecorded syncable row."""
    event.listen(factory, "before_flush", _check_flush)
    event.listen(factory, "after_flush_postexec", _forget_recorded)
    event.listen(factory, "after_rollback", _forget_recorded_tx)


def _check_flush(session: Session, _context: object, _instances: object) -> None:
    if session.info.get(_BYPASS):
        return
    recorded: dict[int, object] = session.info.get(_RECORDED, {})
    for obj in session.deleted:
        if isinstance(obj, SyncMixin):
            raise ChangeGuardError(
                f"syncable row {type(obj).__name__} {obj.id} deleted: rows are tombstoned "
                "through store.record(op='tombstone'), never deleted"
            )
    for obj in (*session.new, *session.dirty):
        if not isinstance(obj, SyncMixin) or id(obj) in recorded:
            continue
        if obj in session.dirty and not session.is_modified(obj):
            continue
        raise ChangeGuardError(
            f"syncable row {type(obj).__name__} {getattr(obj, 'id', '?')} changed outside "
            "store.record: its outbox entry and audit event would be missing"
        )


def _forget_recorded(session: Session, _context: object) -> None:
    session.info.pop(_RECORDED, None)


def _forget_recorded_tx(session: Session) -> None:
    session.info.pop(_RECORDED, None)


@contextmanager
def unrecorded(session: Session, reason: str) -> Iterator[None]:
    """Let this session write syncable rows without recording them (state the reason).

    Writes made inside the block are flushed when it ends; later ones are guarded again.
    """
    if not reason:
        raise ValueError("an unrecorded write must state its reason")
    previous = session.info.get(_BYPASS)
    session.info[_BYPASS] = reason
    try:
        yield
        session.flush()  # the writes made inside are flushed while they are allowed
    finally:
        if previous is None:
            session.info.pop(_BYPASS, None)
        else:
            session.info[_BYPASS] = previous


# --- what sync reads and acknowledges ------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One outbox entry with the row's current values (credentials left out)."""

    change_id: int
    entity: str
    entity_id: str
    op: str
    base_revision: int
    revision: int
    hlc: str
    fields: tuple[str, ...]  # changed since base; empty tuple with whole_row=True for a new row
    whole_row: bool
    values: dict[str, Any]


def _tables() -> dict[str, type[Base]]:
    out: dict[str, type[Base]] = {}
    for mapper in Base.registry.mappers:
        cls = mapper.class_
        if issubclass(cls, SyncMixin) and issubclass(cls, Base):
            out[str(cls.__tablename__)] = cls
    return out


def pending(session: Session, limit: int = 500) -> list[Change]:
    """Unacknowledged outbox entries in order, each with the row's latest values."""
    tables = _tables()
    out: list[Change] = []
    entries = session.scalars(
        select(OutboxEntry).where(OutboxEntry.acked_at.is_(None)).order_by(OutboxEntry.seq)
        .limit(limit)
    )
    for entry in entries:
        if entry.payload is not None:  # frozen when first shipped
            frozen = dict(json.loads(entry.payload))
            out.append(Change(
                change_id=entry.seq, entity=entry.entity, entity_id=entry.entity_id,
                op=entry.op, base_revision=entry.base_revision, revision=entry.revision,
                hlc=entry.hlc, fields=tuple(frozen.pop("__fields__", ())),
                whole_row=entry.fields == WHOLE_ROW, values=frozen,
            ))
            continue
        row = session.get(tables[entry.entity], entry.entity_id)
        values = snapshot(row) if row is not None else {}
        whole = entry.fields == WHOLE_ROW
        fields = () if whole else tuple(f for f in entry.fields.split(",") if f)
        keep = set(values) if whole else set(fields) | SYNC_COLUMNS | {"deleted"}
        out.append(Change(
            change_id=entry.seq, entity=entry.entity, entity_id=entry.entity_id, op=entry.op,
            base_revision=entry.base_revision, revision=entry.revision, hlc=entry.hlc,
            fields=fields, whole_row=whole,
            values={k: v for k, v in values.items() if k in keep and not is_credential(k)},
        ))
    return out


def mark_sent(session: Session, change_ids: Iterable[int]) -> int:
    """Freeze entries handed to sync: later changes to their rows open new entries."""
    ids = list(change_ids)
    if not ids:
        return 0
    result = session.execute(
        update(OutboxEntry).where(OutboxEntry.seq.in_(ids), OutboxEntry.sent_at.is_(None))
        .values(sent_at=utcnow())
    )
    return int(getattr(result, "rowcount", 0) or 0)


def freeze(session: Session, shipped: Iterable[Change]) -> int:
    """Mark changes as shipped and keep exactly what was shipped: a retry after a lost answer
    sends the same content under the same change id, whatever changed locally since."""
    count = 0
    now = utcnow()
    for change in shipped:
        body = dict(change.values)
        body["__fields__"] = list(change.fields)
        result = session.execute(
            update(OutboxEntry).where(OutboxEntry.seq == change.change_id,
                                      OutboxEntry.payload.is_(None))
            .values(payload=json.dumps(body, ensure_ascii=False),
                    sent_at=func.coalesce(OutboxEntry.sent_at, now))
        )
        count += int(getattr(result, "rowcount", 0) or 0)
    return count


def acknowledge(session: Session, change_ids: Iterable[int]) -> int:
    """HQ has stored these changes: mark them acknowledged (``prune`` removes them)."""
    ids = list(change_ids)
    if not ids:
        return 0
    now = utcnow()
    result = session.execute(
        update(OutboxEntry).where(OutboxEntry.seq.in_(ids), OutboxEntry.acked_at.is_(None))
        .values(acked_at=now, sent_at=func.coalesce(OutboxEntry.sent_at, now))
    )
    return int(getattr(result, "rowcount", 0) or 0)


def prune(session: Session) -> int:
    """Delete acknowledged outbox entries; returns how many were removed."""
    result = session.execute(delete(OutboxEntry).where(OutboxEntry.acked_at.is_not(None)))
    return int(getattr(result, "rowcount", 0) or 0)


def pending_audit(session: Session, limit: int = 1000) -> Sequence[AuditEvent]:
    """Audit events HQ has not acknowledged yet, in chain order."""
    row = session.get(Meta, AUDIT_ACK_KEY)
    after = int(row.value) if row is not None else 0
    return session.scalars(
        select(AuditEvent).where(AuditEvent.seq > after).order_by(AuditEvent.seq).limit(limit)
    ).all()


def acknowledge_audit(session: Session, through_seq: int) -> None:
    """HQ holds every audit event up to ``through_seq`` (the chain itself is never pruned).

    An acknowledgement beyond the newest event is refused: HQ cannot hold what was never sent.
    """
    newest = session.scalar(select(func.max(AuditEvent.seq))) or 0
    if not 0 <= through_seq <= newest:
        raise ValidationError(
            f"审计记录确认序号 {through_seq} 无效：本站审计链共 {newest} 条",
            f"audit acknowledgement {through_seq} is outside the chain (1..{newest})",
            field="through_seq",
        )
    row = session.get(Meta, AUDIT_ACK_KEY)
    if row is None:
        session.add(Meta(key=AUDIT_ACK_KEY, value=str(through_seq)))
    elif through_seq > int(row.value):
        row.value = str(through_seq)
