"""The station side of sync: enrol, then push, upload, pull — resumable at every step.

One ``run`` (see docs/SYNC.md):
1. **push**: outbox changes in batches. A batch is frozen before it is sent (``changes.freeze``:
   a retry after a lost answer sends exactly the same changes under the same ids) and the
   blobs its rows name are queued; HQ's answer acknowledges each change (applied, duplicate
   or conflict) and the audit events it verified. A refused change stays in the outbox and is
   reported; it never blocks the ones after it.
2. **blobs**: every queued blob HQ does not confirm holding is uploaded in chunks from the
   offset HQ holds; a receipt is recorded only when HQ answers that it verified the whole
   blob. Nothing is ever removed locally because of sync.
3. **pull**: HQ's feed after the station's cursor, applied row by row as received from HQ
   (not re-recorded), the cursor moved in the same transaction; fields with local changes
   not yet acknowledged are kept (they travel on the next push, where HQ merges them).
4. conflicts HQ recorded for this station are mirrored; ``last_sync_at`` is set.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, cast

from sqlalchemy import inspect, select, text
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session

from gridapp import anchors, audit, changes
from gridapp.clock import now as clock_now
from gridapp.evidence.blobstore import BlobStore, for_store
from gridapp.models import (
    AuditEvent,
    BlobReceipt,
    Document,
    Evidence,
    Meta,
    OutboxEntry,
    SyncConflict,
)
from gridapp.models.base import Base
from gridapp.models.types import UTCDateTime
from gridapp.rules.record import LAST_SYNC_KEY
from gridapp.store import StationStore
from sync import protocol as p
from sync.client import HQClient
from sync.errors import Cancelled, NotConfigured, Refused, Revoked, SyncError, Unreachable

URL_KEY = "sync_url"
TOKEN_KEY = "sync_token"  # noqa: S105  (the meta key, not a token)
STATION_KEY = "sync_station"
CA_KEY = "sync_ca_bundle"
CURSOR_KEY = "sync_cursor"
LAST_ERROR_KEY = "sync_last_error"
PACK_KEY = "sync_pack_id"  # the last HQ pack publication this station has looked at
# Columns of the rows that name blobs HQ must hold.
BLOB_COLUMNS: dict[str, tuple[str, ...]] = {
    "evidence": ("sha256", "thumb_sha256", "print_sha256"),
    "document": ("pdf_sha256", "template_sha256"),
}
RECEIVED_FROM_HQ = "rows received from HQ"
HQ_ORIGIN = "hq"  # the origin device of rows HQ creates (dispatches)
HQ_ACTOR = "指挥中心"
Progress = Callable[[str, int, int], None]
log = logging.getLogger(__name__)
StopAsked = Callable[[], bool]


def _check(cancelled: StopAsked | None) -> None:
    if cancelled is not None and cancelled():
        raise Cancelled("同步已取消；已完成的部分已保存，下次同步继续", "sync cancelled",
                        code="cancelled")


@dataclass(frozen=True)
class SyncConfig:
    url: str
    token: str
    station: str
    ca_bundle: str | None


@dataclass
class SyncReport:
    pushed: int = 0
    duplicates: int = 0
    conflicts: int = 0
    refused: int = 0
    pulled: int = 0
    skipped: int = 0  # received rows this station could not take (reported in alarms)
    blobs_uploaded: int = 0
    blobs_skipped: int = 0
    blob_failures: int = 0
    audit_acked: int = 0
    alarms: list[str] = field(default_factory=list)
    clock_skew_ms: int = 0
    pack_version: str = ""  # a pack version applied in this run
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _meta(session: Session, key: str) -> str | None:
    row = session.get(Meta, key)
    return row.value if row is not None else None


def _set_meta(session: Session, key: str, value: str) -> None:
    row = session.get(Meta, key)
    if row is None:
        session.add(Meta(key=key, value=value))
    else:
        row.value = value


def config(store: StationStore) -> SyncConfig:
    with store.read() as s:
        url, token = _meta(s, URL_KEY), _meta(s, TOKEN_KEY)
        station, ca = _meta(s, STATION_KEY) or "", _meta(s, CA_KEY) or None
    if not url or not token:
        raise NotConfigured("本站尚未注册到指挥中心：请先运行 gridapp sync enroll 地址 注册码",
                            "not enrolled: run 'gridapp sync enroll URL CODE' first",
                            code="not_enrolled")
    return SyncConfig(url=url, token=token, station=station, ca_bundle=ca)


def enrol(store: StationStore, url: str, code: str, *, ca_bundle: str | None = None,
          client: HQClient | None = None) -> str:
    """Enrol this station's device with HQ; returns the station name HQ knows it by."""
    if not url.startswith(("https://", "http://")):
        raise Refused("指挥中心地址须以 https:// 开头（内网测试可用 http://）",
                      "HQ URL must start with https:// (or http:// on a test network)",
                      code="bad_url")
    from gridapp import numbering

    code = _enrolment_code(code)
    if ca_bundle and not Path(ca_bundle).is_file():
        raise Refused(f"找不到 CA 证书文件：{ca_bundle}", f"CA bundle not found: {ca_bundle}",
                      code="bad_ca")
    name, segment = "", 0
    if store.has_station():
        with store.read() as s:
            name = store.station(s).name
            row = s.get(Meta, numbering.SEGMENT_KEY)
            segment = int(row.value) if row is not None and row.value.isdigit() else 0
    http = client or HQClient(url, ca_bundle=ca_bundle)
    answer = http.enrol(code, store.device_id, name, segment)
    if answer.segment and answer.segment != segment:
        # A device that had none (a further laptop of the station, or one upgraded from before
        # segments) numbers in the segment HQ gave it.
        if store.has_station() and segment == numbering.LEGACY_SEGMENT:
            numbering.set_station_segment(store, answer.segment, actor=HQ_ACTOR)
        else:
            with store.session() as s:
                numbering.set_segment(s, answer.segment)
    with store.session() as s:
        _set_meta(s, URL_KEY, url.rstrip("/"))
        _set_meta(s, TOKEN_KEY, answer.token)
        _set_meta(s, STATION_KEY, answer.station)
        if ca_bundle:
            _set_meta(s, CA_KEY, ca_bundle)
        if answer.anchor_key:  # enrolment is the officer's explicit act: it (re)pins HQ's key
            _set_meta(s, anchors.PINNED_KEY, answer.anchor_key)
        _set_meta(s, CURSOR_KEY, _meta(s, CURSOR_KEY) or "0")
    if answer.recovery_key:
        _keep_recovery_key(store, answer.recovery_key)
    return answer.station


def _keep_recovery_key(store: StationStore, text: str) -> None:
    """Wrap the data key for HQ's recovery key (an encrypted station; a malformed key is
    logged and skipped: enrolment itself succeeded)."""
    import base64
    import binascii

    from gridapp.errors import ValidationError
    from gridapp.keys import slots

    if store.data_key is None:
        return
    try:
        slot = slots.recovery_slot(store.data_key, base64.b64decode(text, validate=True))
    except (binascii.Error, ValueError, ValidationError) as exc:
        log.warning("HQ's recovery key is unusable: %s", exc)
        return
    slots.edit(store.data_dir, lambda keys: slots.with_slot(keys, slot))


def _enrolment_code(code: str) -> str:
    """The one-time code as typed, checked before anything is sent (HQ issues 4–40 printable
    ASCII characters)."""
    code = code.strip()
    if not 4 <= len(code) <= 40 or not (code.isascii() and code.isprintable()):
        from gridapp.errors import ValidationError

        raise ValidationError(
            "注册码应为指挥中心发放的 4–40 位字母或数字，请核对后重新输入",
            "the enrolment code must be the 4..40 characters HQ issued", field="code")
    return code


def client_for(store: StationStore, **kw: Any) -> HQClient:
    cfg = config(store)
    return HQClient(cfg.url, cfg.token, ca_bundle=cfg.ca_bundle, **kw)


# --- push ------------------------------------------------------------------------------------


def _queue_blobs(session: Session, batch: list[changes.Change]) -> None:
    now = clock_now()
    for change in batch:
        for column in BLOB_COLUMNS.get(change.entity, ()):
            sha = change.values.get(column)
            if isinstance(sha, str) and len(sha) == 64 and session.get(BlobReceipt, sha) is None:
                session.add(BlobReceipt(sha256=sha, queued_at=now))
                session.flush()


def _audit_in(ev: Any) -> p.AuditEventIn:
    return p.AuditEventIn(
        seq=ev.seq, id=ev.id, at=ev.at, device=ev.device, actor=ev.actor, action=ev.action,
        entity=ev.entity, entity_id=ev.entity_id, case_id=ev.case_id,
        before_json=ev.before_json, after_json=ev.after_json, prev_hash=ev.prev_hash,
        hash=ev.hash, v=ev.v,
    )


def _change_in(c: changes.Change) -> p.ChangeIn:
    return p.ChangeIn(change_id=c.change_id, entity=c.entity, entity_id=c.entity_id,
                      op=cast(p.Op, c.op),
                      base_revision=c.base_revision, revision=c.revision, hlc=c.hlc,
                      fields=list(c.fields), whole_row=c.whole_row, values=c.values)


def push(store: StationStore, http: HQClient, report: SyncReport, *, batch: int = 200,
         cancelled: StopAsked | None = None) -> None:
    skip: set[int] = set()  # refused in this run: reported, left in the outbox
    while True:
        _check(cancelled)
        with store.session() as s:
            shipped = [c for c in changes.pending(s, limit=batch + len(skip))
                       if c.change_id not in skip][:batch]
            changes.freeze(s, shipped)
            _queue_blobs(s, shipped)
            events = list(changes.pending_audit(s, limit=p.MAX_AUDIT))
            head_seq, head_hash = audit._head(s)
        if not shipped and not events:
            return
        req = p.PushRequest(
            changes=[_change_in(c) for c in shipped], audit=[_audit_in(e) for e in events],
            audit_head=p.AuditHead(seq=head_seq, hash=head_hash),
            device_time=clock_now().isoformat(),
        )
        answer = http.push(req)
        done = [r.change_id for r in answer.results if r.status != "refused"]
        with store.session() as s:
            changes.acknowledge(s, done)
            changes.prune(s)
            if answer.audit_acked_through:
                changes.acknowledge_audit(s, answer.audit_acked_through)
            if answer.audit_anchor is not None:
                problem = _keep_anchor(s, store, answer.audit_anchor)
                if problem:
                    report.alarms.append(problem)
        for r in answer.results:
            if r.status == "refused":
                skip.add(r.change_id)
                report.refused += 1
            elif r.status == "duplicate":
                report.duplicates += 1
            else:
                report.pushed += 1
                report.conflicts += r.status == "conflict"
        report.alarms += answer.alarms
        report.clock_skew_ms = answer.clock_skew_ms
        report.audit_acked = max(report.audit_acked, answer.audit_acked_through)
        if not done and (not events or answer.audit_acked_through < events[0].seq):
            return  # nothing moved: stop instead of resending the same batch


def _keep_anchor(session: Session, store: StationStore, anchor: p.AuditAnchor) -> str:
    """Keep HQ's signed anchor if it is for this device, signed under the pinned key and names
    the hash this chain holds at that seq; otherwise say why it was not kept."""
    pinned = _meta(session, anchors.PINNED_KEY)
    if pinned is None:
        _set_meta(session, anchors.PINNED_KEY, anchor.key)
        pinned = anchor.key
    if anchor.key != pinned:
        return "指挥中心的签名密钥与注册时不同：未保存本次审计链确认（请核实指挥中心地址）"
    if anchor.device != store.device_id or not anchors.signature_holds(
            pinned, anchor.signature, anchor.device, anchor.seq, anchor.hash, anchor.at):
        return "指挥中心的审计链确认签名无效，未保存"
    held = session.get(AuditEvent, anchor.seq)
    if held is None or held.hash != anchor.hash:
        return f"指挥中心确认的审计链第 {anchor.seq} 条与本机不同：本机记录可能被改写"
    _set_meta(session, anchors.ANCHOR_KEY, anchor.model_dump_json())
    return ""


# --- blobs -----------------------------------------------------------------------------------


def upload_blobs(store: StationStore, http: HQClient, report: SyncReport,
                 progress: Progress | None = None, cancelled: StopAsked | None = None) -> None:
    with store.read() as s:
        waiting = list(s.scalars(select(BlobReceipt.sha256)
                                 .where(BlobReceipt.received_at.is_(None))
                                 .order_by(BlobReceipt.queued_at, BlobReceipt.sha256)))
    if not waiting:
        return
    blobs = for_store(store)
    held: set[str] = set()
    for i in range(0, len(waiting), 1000):
        held |= http.have(waiting[i:i + 1000])
    for n, sha in enumerate(waiting, 1):
        _check(cancelled)
        if progress is not None:
            progress("blobs", n, len(waiting))
        if sha in held:
            _receipt(store, sha)
            report.blobs_skipped += 1
            continue
        if not blobs.exists(sha):
            report.blob_failures += 1  # never here: reported, kept queued
            continue
        try:
            if _upload_one(blobs, http, sha):
                report.blobs_skipped += 1
            else:
                report.blobs_uploaded += 1
            _receipt(store, sha)
        except Refused as exc:
            report.blob_failures += 1
            report.alarms.append(f"{sha[:12]}…：{exc.zh}")


def _upload_one(blobs: BlobStore, http: HQClient, sha: str) -> bool:
    """Upload one blob, streamed from the offset HQ holds; True if HQ already had it.

    After a broken connection HQ keeps what arrived; the next attempt asks for that offset
    and sends the rest."""
    size = blobs.size(sha)
    state = http.start_upload(sha, size)
    if state.complete:
        return True
    failures = 0
    with blobs.open(sha) as fh:
        while True:
            fh.seek(state.offset)
            try:
                state = http.upload_chunk(state.upload_id, state.offset, fh)
            except Unreachable:
                failures += 1
                if failures > http.retries:
                    raise
                time.sleep(min(0.2 * 2 ** failures, 5.0))
                state = http.upload_state(state.upload_id)
            except Refused as exc:
                if exc.code != "offset_mismatch":
                    raise
                state = http.upload_state(state.upload_id)
            if state.complete:
                return False


def _receipt(store: StationStore, sha: str) -> None:
    with store.session() as s:
        row = s.get(BlobReceipt, sha)
        if row is not None and row.received_at is None:
            row.received_at = clock_now()


# --- pull ------------------------------------------------------------------------------------


def _tables() -> dict[str, type[Base]]:
    return changes._tables()


def _coerce(cls: type[Base], values: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for attr in inspect(cls).column_attrs:
        if attr.key not in values:
            continue
        value = values[attr.key]
        column = attr.columns[0]
        if isinstance(column.type, UTCDateTime) and isinstance(value, str):
            value = datetime.fromisoformat(value)
        out[attr.key] = value
    return out


def _pending_fields(session: Session, entity: str, entity_id: str) -> set[str] | None:
    """Fields of the row with local changes HQ has not acknowledged (None: the whole row)."""
    fields: set[str] = set()
    for entry in session.scalars(select(OutboxEntry).where(
            OutboxEntry.entity_id == entity_id, OutboxEntry.entity == entity,
            OutboxEntry.acked_at.is_(None))):
        if entry.fields == changes.WHOLE_ROW:
            return None
        fields |= {f for f in entry.fields.split(",") if f}
    return fields


def _apply(session: Session, store: StationStore, ch: p.FeedChange) -> bool:
    cls = _tables().get(ch.entity)
    if cls is None:
        return False
    values = _coerce(cls, dict(ch.values) | {"revision": ch.revision, "hlc": ch.hlc,
                                             "deleted": ch.deleted})
    row = session.get(cls, ch.entity_id)
    with changes.unrecorded(session, RECEIVED_FROM_HQ):
        if row is None:
            values["id"] = ch.entity_id
            session.add(cls(**values))
            if ch.entity == "case" and values.get("origin_device") == HQ_ORIGIN:
                audit.append(session, device=store.device_id, actor=HQ_ACTOR,
                             action="case.dispatched", entity="case", entity_id=ch.entity_id,
                             case_id=ch.entity_id,
                             after={"number": values.get("number"), "source": "dispatch"})
        else:
            local = _pending_fields(session, ch.entity, ch.entity_id)
            if local is None:
                return False  # a row HQ has not seen from us yet: ours travels next push
            if getattr(row, "revision", 0) > ch.revision and not local:
                return False  # already newer here
            for key, value in values.items():
                if key not in local and key != "id":
                    setattr(row, key, value)
    if ch.hlc:
        with contextlib.suppress(ValueError):
            store.observe(session, ch.hlc)
    return True


def _record_received(session: Session, store: StationStore, received: list[tuple[str, str]],
                     cursor: int) -> None:
    """One audit event for a page of rows received from HQ: each row's digest as written here,
    so ``gridapp verify`` can tell a received row from one edited behind the program's back."""
    if not received:
        return
    session.flush()
    tables = _tables()
    rows: dict[str, str] = {}
    for entity, entity_id in received:
        obj = session.get(tables[entity], entity_id)
        if obj is not None:
            rows[f"{entity}:{entity_id}"] = changes.row_digest(
                entity, changes.stored_values(session, obj))
    audit.append(session, device=store.device_id, actor=HQ_ACTOR, action="sync.received",
                 entity="sync", entity_id=f"feed:{cursor}", after={"rows": rows})


def pull(store: StationStore, http: HQClient, report: SyncReport,
         cancelled: StopAsked | None = None) -> None:
    while True:
        _check(cancelled)
        with store.read() as s:
            cursor = int(_meta(s, CURSOR_KEY) or 0)
        page = http.pull(cursor)
        with store.session() as s:
            s.execute(text("PRAGMA defer_foreign_keys=ON"))
            received: list[tuple[str, str]] = []
            for ch in page.changes:
                # Each row on its own: a row this station cannot take (another station's
                # number already used here, a value it cannot read) is skipped and reported,
                # never a reason to stop receiving everything after it.
                try:
                    with s.begin_nested():
                        if _apply(s, store, ch):
                            report.pulled += 1
                            received.append((ch.entity, ch.entity_id))
                except (DatabaseError, ValueError, TypeError) as exc:
                    report.skipped += 1
                    report.alarms.append(
                        f"未能接收 {ch.entity} {ch.entity_id[:8]}（{type(exc).__name__}），已跳过")
                    log.warning("skipped feed entry %s %s: %s", ch.entity, ch.entity_id,
                                type(exc).__name__)
            _record_received(s, store, received, page.next_cursor)
            _set_meta(s, CURSOR_KEY, str(page.next_cursor))
        if not page.more:
            return


def apply_packs(store: StationStore, http: HQClient, report: SyncReport) -> None:
    """Apply the newest pack HQ published for this station's pack code (validated first; kept
    in the data directory; an audit event names code, version and hash)."""
    with store.read() as s:
        after = int(_meta(s, PACK_KEY) or 0)
        code = store.station(s).pack_code if store.has_station() else ""
    published = http.packs(after).packs
    if not published:
        return
    mine = [pk for pk in published if pk.code == code]
    if mine:
        newest = mine[-1]
        problem = _install_pack(store, newest.code, newest.content)
        if problem:
            report.alarms.append(f"指挥中心发布的规则包 {newest.code} {newest.version} 未应用：{problem}")
        else:
            with store.session() as s:
                audit.append(s, device=store.device_id, actor=HQ_ACTOR, action="pack.applied",
                             entity="station", entity_id=store.station(s).id,
                             after={"code": newest.code, "version": newest.version,
                                    "sha256": newest.sha256})
            store.__dict__.pop("pack", None)  # the cached pack is reloaded on next use
            report.pack_version = newest.version
    with store.session() as s:
        _set_meta(s, PACK_KEY, str(published[-1].id))


def _install_pack(store: StationStore, code: str, content: str) -> str:
    """Write the pack where the station loads it from, if it validates; returns a problem."""
    from gridapp.errors import GridappError
    from gridapp.packs import validate_file
    from gridapp.packs.loader import applied_pack_path

    target = applied_pack_path(store.data_dir, code)
    target.parent.mkdir(parents=True, exist_ok=True)
    staged = target.with_suffix(".incoming")
    with staged.open("w", encoding="utf-8") as fh:
        fh.write(content)
        fh.flush()
        os.fsync(fh.fileno())
    try:
        pack = validate_file(staged)
    except GridappError as exc:
        staged.unlink(missing_ok=True)
        return exc.message_zh
    if pack.code != code:
        staged.unlink(missing_ok=True)
        return f"规则包代码为“{pack.code}”"
    staged.replace(target)
    return ""


def mirror_conflicts(store: StationStore, http: HQClient) -> int:
    listed = http.conflicts().conflicts
    with store.session() as s:
        for c in listed:
            row = s.get(SyncConflict, c.id) or SyncConflict(id=c.id)
            row.entity, row.entity_id, row.field = c.entity, c.entity_id, c.field
            row.hq_value_json = json.dumps(c.hq_value, ensure_ascii=False)
            row.incoming_value_json = json.dumps(c.incoming_value, ensure_ascii=False)
            row.incoming_device, row.kept, row.rule = c.incoming_device, c.kept, c.rule
            row.created_at = c.created_at
            row.resolved_at = c.resolved_at or ""
            row.resolution = c.resolution
            s.add(row)
    return sum(1 for c in listed if c.resolved_at is None)


def conflict_rows(store: StationStore) -> list[dict[str, Any]]:
    """The conflicts HQ recorded on this station's rows, as last mirrored (plain data)."""
    tables = _tables()
    names = {"case": "number", "party": "name", "officer": "name", "grid": "name",
             "station": "name"}

    def label(session: Session, entity: str, row_id: str) -> str:
        cls = tables.get(entity)
        row = session.get(cls, row_id) if cls is not None else None
        return str(getattr(row, names.get(entity, "id"), "") or "") if row is not None else ""

    with store.read() as s:
        return [
            {"id": c.id, "entity": c.entity, "entity_id": c.entity_id,
             "label": label(s, c.entity, c.entity_id), "field": c.field,
             "hq_value": json.loads(c.hq_value_json),
             "incoming_value": json.loads(c.incoming_value_json),
             "incoming_device": c.incoming_device, "kept": c.kept, "rule": c.rule,
             "created_at": c.created_at, "resolved_at": c.resolved_at or None,
             "resolution": c.resolution}
            for c in s.scalars(select(SyncConflict).order_by(SyncConflict.id))
        ]


def resolve(store: StationStore, conflict_id: int, keep: str, by: str) -> p.ConflictOut:
    """Settle a conflict at HQ as the officer ``by``; the local mirror follows."""
    http = client_for(store)
    try:
        out = http.resolve(conflict_id, keep, by)
        mirror_conflicts(store, http)
    finally:
        http.close()
    return out


# --- one run ---------------------------------------------------------------------------------


def run(store: StationStore, *, http: HQClient | None = None,
        progress: Progress | None = None, batch: int = 200,
        cancelled: StopAsked | None = None) -> SyncReport:
    """One sync: push, blobs, pull, packs, conflicts. Raises ``SyncError`` (recorded for
    status; a cancelled run is not recorded as a failure). ``cancelled`` is polled between
    batches, blobs and pages."""
    started = time.monotonic()
    report = SyncReport()
    client = http or client_for(store)
    try:
        push(store, client, report, batch=batch, cancelled=cancelled)
        upload_blobs(store, client, report, progress, cancelled)
        pull(store, client, report, cancelled)
        apply_packs(store, client, report)
        mirror_conflicts(store, client)
    except Cancelled:
        raise
    except Exception as exc:
        if isinstance(exc, Revoked):
            wipe_after_revocation(store)
        message = exc.zh if isinstance(exc, SyncError) else f"同步出错（{type(exc).__name__}）"
        code = exc.code if isinstance(exc, SyncError) else "internal"
        with store.session() as s:
            _set_meta(s, LAST_ERROR_KEY, json.dumps(
                {"at": clock_now().isoformat(), "code": code, "message": message},
                ensure_ascii=False))
        raise
    finally:
        if http is None:
            client.close()
    with store.session() as s:
        _set_meta(s, LAST_SYNC_KEY, clock_now().astimezone().isoformat())
        _set_meta(s, LAST_ERROR_KEY, "")
    report.seconds = round(time.monotonic() - started, 3)
    return report


def wipe_after_revocation(store: StationStore) -> None:
    """HQ revoked this device (a lost laptop): its key slots are wiped at once, so once this
    process ends nothing here opens the data without HQ's recovery key."""
    from gridapp.keys import slots, unlock

    if store.data_key is None:
        return
    slots.wipe(store.data_dir, clock_now().isoformat())
    unlock.forget_key(store.data_key)
    log.warning("device revoked by HQ: key slots of %s wiped", store.data_dir)


def status(store: StationStore) -> dict[str, Any]:
    """What waits to go, when sync last succeeded, where HQ is (no network)."""
    with store.read() as s:
        queue = s.scalar(select(text("count(*)")).select_from(OutboxEntry)
                         .where(OutboxEntry.acked_at.is_(None))) or 0
        photos = s.scalar(select(text("count(*)")).select_from(BlobReceipt)
                          .where(BlobReceipt.received_at.is_(None))) or 0
        unqueued = _unqueued_blobs(s)
        open_conflicts = s.scalar(select(text("count(*)")).select_from(SyncConflict)
                                  .where(SyncConflict.resolved_at == "")) or 0
        error = _meta(s, LAST_ERROR_KEY) or ""
        return {
            "enrolled": bool(_meta(s, TOKEN_KEY)),
            "hq_url": _meta(s, URL_KEY) or "",
            "station": _meta(s, STATION_KEY) or "",
            "queue": int(queue),
            "blobs_waiting": int(photos) + unqueued,
            "last_sync_at": _meta(s, LAST_SYNC_KEY) or "",
            "cursor": int(_meta(s, CURSOR_KEY) or 0),
            "conflicts_open": int(open_conflicts),
            "last_error": json.loads(error) if error else None,
            "clock_skew": changes.clock_skew(s),
        }


def _unqueued_blobs(session: Session) -> int:
    """Blobs named by rows still in the outbox (queued when their rows are shipped)."""
    count = 0
    for entity, columns in BLOB_COLUMNS.items():
        cls = Evidence if entity == "evidence" else Document
        ids = select(OutboxEntry.entity_id).where(OutboxEntry.entity == entity,
                                                  OutboxEntry.sent_at.is_(None))
        for column in columns:
            col = getattr(cls, column)
            count += session.scalar(
                select(text("count(*)")).select_from(cls)
                .where(cls.id.in_(ids), col != "")
            ) or 0
    return int(count)
