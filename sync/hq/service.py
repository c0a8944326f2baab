"""Every HQ operation as a function of a session (the HTTP layer and the CLI call these).

Guarantees (see docs/SYNC.md):
- a push is applied in one transaction, inside the feed lock; each change is applied once per
  (device, change id): a replay gets the first answer again as ``duplicate``; the same id with
  different content is ``refused``;
- issued documents, evidence, evaluations and service records never conflict (they are
  append-only; their later edits — void, withdrawal — are taken as they come);
- other rows merge field by field: a field HQ changed since the change's base revision, by
  another device, to another value, is a conflict; the case's owner (the device that opened
  it) wins on the case's facts, HQ wins on fields it owns, anything else keeps HQ's value and
  stays open for a team lead. Every conflict is recorded with both values; nothing is dropped;
- ordering never uses wall clocks, so a device whose clock is wrong cannot win by it; the skew
  is recorded on the device.
"""

from __future__ import annotations

import hashlib
import json
import math
import secrets
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from gridapp import anchors as anchor
from gridapp import audit
from gridapp.hlc import parse as parse_stamp
from gridapp.models import AuditEvent
from sync import protocol as p
from sync.hq.blobs import BlobStore
from sync.hq.database import feed_lock
from sync.hq.models import (
    Alarm,
    AuditLink,
    Blob,
    Conflict,
    Device,
    EnrolCode,
    FeedEntry,
    PublishedPack,
    Receipt,
    Record,
    SegmentLease,
    Upload,
    utcnow,
)

HQ_DEVICE = "hq"
# Rows that are only ever appended (their later edits are monotone: void, withdrawal).
APPEND_ONLY = frozenset({"document", "document_service", "evidence", "rule_evaluation",
                         "execution"})
KNOWN_ENTITIES = APPEND_ONLY | frozenset({
    "case", "case_officer", "deadline", "follow_up", "approval", "party", "station", "officer", "grid",
    "number_pool",
})
STAMPING = frozenset({"id", "origin_device", "revision", "updated_at", "hlc"})
# Case fields the case's owner (the device that opened it) decides: the facts of the case.
CASE_FACTS = frozenset({"address", "lat", "lon", "violation_code", "facts", "party_id",
                        "act_date", "grid_code", "disposition", "outcome", "stage"})
# Fields HQ decides (review, approval and dispatch states) when it changed them itself.
HQ_FIELDS = frozenset({"status", "due_at", "source"})
ENROL_CODE_TTL = timedelta(hours=24)
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


class HQError(Exception):
    """A refusal with an HTTP status, a code, and a Chinese message (English twin)."""

    def __init__(self, status: int, code: str, zh: str, en: str) -> None:
        super().__init__(en)
        self.status = status
        self.code = code
        self.zh = zh
        self.en = en

    def problem(self) -> p.Problem:
        return p.Problem(code=self.code, message=self.zh, message_en=self.en)


def aware(value: datetime) -> datetime:
    """SQLite hands back naive datetimes; HQ stores UTC only."""
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def iso(value: datetime | None) -> str | None:
    return aware(value).isoformat() if value is not None else None


def _sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _canonical(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _alarm(session: Session, device_id: str, kind: str, message: str) -> str:
    session.add(Alarm(device_id=device_id, kind=kind, message=message))
    return message


# --- enrolment and authentication -----------------------------------------------------------


def create_enrol_code(session: Session, station: str, *, ttl: timedelta = ENROL_CODE_TTL) -> str:
    station = station.strip()
    if not station or len(station) > 100:
        raise HQError(400, "bad_station", "站点名称不能为空，且不超过 100 个字符",
                      "station name must be 1-100 characters")
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(12))
    code = "-".join(raw[i:i + 4] for i in range(0, 12, 4))
    session.add(EnrolCode(code_sha256=_sha256_text(_normal_code(code)), station=station,
                          expires_at=utcnow() + ttl))
    return code


def _normal_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def enrol(session: Session, req: p.EnrolRequest, anchor_key: str = "",
          recovery_key: str = "") -> p.EnrolResponse:
    code_hash = _sha256_text(_normal_code(req.code))
    row = session.get(EnrolCode, code_hash)
    # Claim the code atomically: of concurrent enrolments with one code, one wins.
    claimed = session.execute(
        update(EnrolCode).where(EnrolCode.code_sha256 == code_hash,
                                EnrolCode.used_at.is_(None), EnrolCode.expires_at > utcnow())
        .values(used_at=utcnow(), device_id=req.device_id)
        .execution_options(synchronize_session=False)
    )
    if row is None or int(getattr(claimed, "rowcount", 0) or 0) != 1:
        raise HQError(403, "bad_code", "注册码无效、已使用或已过期，请向指挥中心重新申请",
                      "enrolment code unknown, used or expired")
    session.refresh(row)
    token = secrets.token_urlsafe(32)
    device = session.get(Device, req.device_id)
    if device is not None and device.station != row.station:
        raise HQError(409, "device_elsewhere",
                      f"本设备已注册在站点“{device.station}”，不能再注册到“{row.station}”",
                      "this device is enrolled for another station")
    if device is None:
        device = Device(id=req.device_id, station=row.station, name=req.name,
                        token_sha256=_sha256_text(token))
        session.add(device)
    else:  # re-enrolment with a new code: a new token, the old one stops working
        device.token_sha256 = _sha256_text(token)
        device.revoked_at = None
        device.name = req.name or device.name
    segment = _lease_segment(session, device, req.segment)
    return p.EnrolResponse(device_id=device.id, station=device.station, token=token,
                           segment=segment, anchor_key=anchor_key, recovery_key=recovery_key)


MAX_SEGMENT = 99


def _lease_segment(session: Session, device: Device, wanted: int) -> int:
    """Register the device's segment, or give it the lowest free one (see ``SegmentLease``)."""
    held = session.scalars(select(SegmentLease).where(SegmentLease.device_id == device.id)).first()
    if wanted:
        owner = session.get(SegmentLease, wanted)
        if owner is not None and owner.device_id != device.id:
            raise HQError(409, "segment_taken",
                          f"站点号段 {wanted:02d} 已由站点“{owner.station}”使用，两站编号会重复；"
                          "请向指挥中心申请新的号段，用 gridapp device reenrol --segment N 换用后再注册",
                          f"segment {wanted:02d} is held by station {owner.station}")
        if held is not None and held.segment != wanted:
            session.delete(held)
            session.flush()
        if owner is None:
            session.add(SegmentLease(segment=wanted, device_id=device.id, station=device.station))
        return wanted
    if held is not None:
        return held.segment
    taken = set(session.scalars(select(SegmentLease.segment)))
    free = next((n for n in range(1, MAX_SEGMENT + 1) if n not in taken), None)
    if free is None:
        # Enrolment still succeeds (the device syncs); it gives no new number until a segment
        # is set by hand, and HQ staff see why.
        _alarm(session, device.id, "no_segment",
               f"站点号段（01–99）已全部分配，设备 {device.id}（站点“{device.station}”）暂无号段，"
               "不能编号（号段用完需扩展编号格式）")
        return 0
    session.add(SegmentLease(segment=free, device_id=device.id, station=device.station))
    return free


def authenticate(session: Session, token: str) -> Device:
    device = session.scalars(
        select(Device).where(Device.token_sha256 == _sha256_text(token))
    ).first() if token else None
    if device is None:
        raise HQError(401, "unauthenticated", "设备未注册或凭据无效，请重新注册本设备",
                      "unknown device token")
    if device.revoked_at is not None:
        raise HQError(403, "revoked",
                      "本设备的同步权限已被指挥中心撤销；本机数据未受影响，请联系指挥中心",
                      "this device's token has been revoked")
    return device


def revoke(session: Session, device_id: str) -> Device:
    device = session.get(Device, device_id)
    if device is None:
        raise HQError(404, "no_device", f"没有设备 {device_id}", f"no device {device_id}")
    device.revoked_at = device.revoked_at or utcnow()
    return device


def devices(session: Session) -> list[dict[str, Any]]:
    return [
        {"device_id": d.id, "station": d.station, "name": d.name,
         "enrolled_at": iso(d.enrolled_at), "revoked_at": iso(d.revoked_at),
         "last_seen_at": iso(d.last_seen_at), "clock_skew_ms": d.clock_skew_ms}
        for d in session.scalars(select(Device).order_by(Device.enrolled_at))
    ]


# --- push -----------------------------------------------------------------------------------


@dataclass
class _Feed:
    """Hands out feed sequence numbers inside the feed lock."""

    next_seq: int

    @classmethod
    def open(cls, session: Session) -> _Feed:
        feed_lock(session)
        top = session.scalar(select(func.max(FeedEntry.seq))) or 0
        return cls(int(top) + 1)

    def add(self, session: Session, rec: Record, *, source: str, echo_free: bool) -> None:
        grid = str(rec.values.get("grid_code") or "") if rec.entity == "case" else ""
        session.add(FeedEntry(
            seq=self.next_seq, station=rec.station, entity=rec.entity, entity_id=rec.entity_id,
            revision=rec.revision, hlc=rec.hlc, deleted=rec.deleted, values=dict(rec.values),
            grid=grid, source_device=source, echo_free=echo_free,
        ))
        self.next_seq += 1


def _later(a: str, b: str) -> str:
    """The later of two HLC stamps (an unreadable stamp never wins)."""
    try:
        ta = parse_stamp(a)
    except ValueError:
        return b
    try:
        tb = parse_stamp(b)
    except ValueError:
        return a
    return a if ta >= tb else b


def _skew_ms(device_time: str) -> int | None:
    try:
        at = datetime.fromisoformat(device_time)
    except ValueError:
        return None
    if at.tzinfo is None:
        return None
    try:
        return int((at - utcnow()).total_seconds() * 1000)
    except OverflowError:
        return None


def push(session: Session, device: Device, req: p.PushRequest,
         signer: Ed25519PrivateKey | None = None) -> p.PushResponse:
    """Apply one batch (the caller commits: all of it or, on any error, none)."""
    feed = _Feed.open(session)
    now = utcnow()
    device.last_seen_at = now
    skew = _skew_ms(req.device_time) if req.device_time else None
    if skew is not None:
        device.clock_skew_ms = max(min(skew, 2**62), -(2**62))
    results = [_receive(session, device, change, feed) for change in req.changes]
    acked, alarms = _receive_audit(session, device, req.audit, req.audit_head)
    return p.PushResponse(results=results, audit_acked_through=acked, alarms=alarms,
                          clock_skew_ms=device.clock_skew_ms,
                          audit_anchor=_anchor(session, device, acked, signer))


def _anchor(session: Session, device: Device, acked: int,
            signer: Ed25519PrivateKey | None) -> p.AuditAnchor | None:
    """HQ's signature over the newest link it holds of the device's chain."""
    if signer is None or acked < 1:
        return None
    link = session.get(AuditLink, (device.id, acked))
    if link is None:
        return None
    at = utcnow().isoformat(timespec="seconds").replace("+00:00", "Z")
    return p.AuditAnchor(device=device.id, seq=acked, hash=link.hash, at=at,
                         key=anchor.public_key_text(signer),
                         signature=anchor.sign(signer, device.id, acked, link.hash, at))


def _receive(session: Session, device: Device, change: p.ChangeIn, feed: _Feed) -> p.ChangeResult:
    digest = _sha256_text(_canonical(change.model_dump(mode="json")))
    seen = session.scalars(
        select(Receipt).where(Receipt.device_id == device.id,
                              Receipt.change_id == change.change_id)
    ).first()
    if seen is not None:
        if seen.digest != digest:
            return p.ChangeResult(
                change_id=change.change_id, status="refused",
                reason="同一变更编号的内容与先前收到的不同 / same change id, different content",
            )
        first = p.ChangeResult.model_validate(seen.result)
        return first.model_copy(update={"status": "duplicate"})
    result = _apply(session, device, change, feed)
    if result.status != "refused":  # a refused change is refused again if sent again
        session.add(Receipt(device_id=device.id, change_id=change.change_id, digest=digest,
                            result=result.model_dump(mode="json")))
    return result


def _refuse(change: p.ChangeIn, zh: str, en: str) -> p.ChangeResult:
    return p.ChangeResult(change_id=change.change_id, status="refused", reason=f"{zh} / {en}")


def _apply(session: Session, device: Device, change: p.ChangeIn, feed: _Feed) -> p.ChangeResult:
    if change.entity not in KNOWN_ENTITIES:
        return p.ChangeResult(change_id=change.change_id, status="refused",
                              reason=f"未知的记录类型 {change.entity} / unknown entity")
    values = dict(change.values.items())
    problem = check_values(change.entity, values)
    if problem:
        return _refuse(change, problem, "values do not fit the record type")
    rec = session.get(Record, (change.entity, change.entity_id))
    if rec is not None and rec.station != device.station:
        # Rows belong to the station that made them (or that HQ dispatched them to).
        return _refuse(change, f"该记录属于站点“{rec.station}”，本站不能修改",
                       "the record belongs to another station")
    if change.entity == "grid" and not values.get("deleted"):
        owner = _grid_owner(session, str(values.get("code") or (rec.values.get("code")
                                                                  if rec else "") or ""))
        if owner is not None and owner.station != device.station:
            return _refuse(change, f"网格 {values.get('code')} 已属于站点“{owner.station}”，"
                           "须由指挥中心调整网格归属", "the grid code belongs to another station")
    if change.revision > p.MAX_INT - 1 or (rec is not None and rec.revision > p.MAX_INT - 2):
        return _refuse(change, "修订号超出范围", "revision out of range")
    if rec is None:
        rec = Record(
            entity=change.entity, entity_id=change.entity_id, station=device.station,
            origin_device=str(values.get("origin_device") or device.id),
            revision=change.revision, hlc=change.hlc, deleted=bool(values.get("deleted")),
            values=values,
            field_revs={f: [change.revision, device.id] for f in values if f not in STAMPING},
        )
        session.add(rec)
        feed.add(session, rec, source=device.id, echo_free=change.whole_row)
        if change.entity == "grid" and not rec.deleted:
            _replay_grid_history(session, feed, str(values.get("code") or ""), device.station)
        return p.ChangeResult(change_id=change.change_id, status="applied",
                              revision=rec.revision)
    fields = [f for f in (values if change.whole_row else change.fields)
              if f not in STAMPING and f in values]
    if "deleted" in values and "deleted" not in fields and change.op == "tombstone":
        fields.append("deleted")
    deleted_by = str((rec.field_revs.get("deleted") or [0, ""])[1])
    if (rec.deleted and change.op != "tombstone" and values.get("deleted") is not False
            and deleted_by != device.id and change.entity not in APPEND_ONLY):
        # An edit made without knowing the row was removed: kept as a conflict for a lead
        # (the edit's values are in it), the row stays removed.
        session.add(Conflict(
            station=rec.station, entity=rec.entity, entity_id=rec.entity_id, field="deleted",
            hq_value=True, hq_device=deleted_by, hq_hlc=rec.hlc,
            incoming_value={f: values[f] for f in fields if f != "deleted"},
            incoming_device=device.id, incoming_hlc=change.hlc, kept="hq", rule="open",
        ))
        return p.ChangeResult(change_id=change.change_id, status="conflict",
                              revision=rec.revision, conflicts=["deleted"])
    current = dict(rec.values)
    revs = {k: list(v) for k, v in rec.field_revs.items()}
    # Clean only when the device edited exactly what HQ holds; a base HQ never issued (ahead of
    # it) is treated as stale, so a device cannot skip the merge by claiming a large base.
    clean = change.base_revision == rec.revision
    revision = (change.revision if clean and change.revision > rec.revision
                else max(rec.revision, change.revision) + 1)
    conflicts: list[str] = []
    for name in fields:
        incoming = values[name]
        last_rev, last_dev = (revs.get(name) or [0, ""])[:2]
        stale = (int(str(last_rev)) > change.base_revision and last_dev != device.id
                 and current.get(name) != incoming)
        if stale and change.entity not in APPEND_ONLY:
            kept, rule = _decide(rec, name, str(last_dev), device)
            session.add(Conflict(
                station=rec.station, entity=rec.entity, entity_id=rec.entity_id, field=name,
                hq_value=current.get(name), hq_device=str(last_dev), hq_hlc=rec.hlc,
                incoming_value=incoming, incoming_device=device.id, incoming_hlc=change.hlc,
                kept=kept, rule=rule,
            ))
            conflicts.append(name)
            if kept == "hq":
                continue
        current[name] = incoming
        revs[name] = [revision, device.id]
    rec.revision = revision
    current["revision"] = rec.revision
    rec.hlc = _later(rec.hlc, change.hlc)
    current["hlc"] = rec.hlc
    rec.deleted = bool(current.get("deleted", rec.deleted))
    rec.values = current
    rec.field_revs = revs
    rec.updated_at = utcnow()
    # The pushing device already holds this state when nothing else was merged into it.
    echo_free = clean and not conflicts and revision == change.revision
    feed.add(session, rec, source=device.id, echo_free=echo_free)
    return p.ChangeResult(change_id=change.change_id,
                          status="conflict" if conflicts else "applied",
                          revision=rec.revision, conflicts=conflicts)


def _replay_grid_history(session: Session, feed: _Feed, code: str, station: str) -> None:
    """A station that takes on a grid receives the cases other stations recorded there
    before, whatever its cursor: they are put on the feed again (grid ``code``)."""
    if not code:
        return
    for rec in session.scalars(select(Record).where(Record.entity == "case",
                                                    Record.station != station)):
        if rec.values.get("grid_code") == code:
            feed.add(session, rec, source=HQ_DEVICE, echo_free=False)


def _grid_owner(session: Session, code: str) -> Record | None:
    """The live grid record with ``code`` (one station serves a grid)."""
    if not code:
        return None
    for rec in session.scalars(select(Record).where(Record.entity == "grid",
                                                    Record.deleted.is_(False))):
        if rec.values.get("code") == code:
            return rec
    return None


_COLUMN_CACHE: dict[str, dict[str, tuple[str, bool]]] = {}


def _columns(entity: str) -> dict[str, tuple[str, bool]]:
    """Column name → (kind, nullable) of the station table ``entity``."""
    if entity not in _COLUMN_CACHE:
        from sqlalchemy import Boolean, Float, Integer

        from gridapp.changes import _tables
        from gridapp.models.types import UTCDateTime

        cols: dict[str, tuple[str, bool]] = {}
        table = _tables()[entity].__table__
        for col in table.columns:
            kind = ("datetime" if isinstance(col.type, UTCDateTime)
                    else "bool" if isinstance(col.type, Boolean)
                    else "int" if isinstance(col.type, Integer)
                    else "float" if isinstance(col.type, Float) else "text")
            cols[col.name] = (kind, bool(col.nullable))
        _COLUMN_CACHE[entity] = cols
    return _COLUMN_CACHE[entity]


def check_values(entity: str, values: dict[str, Any]) -> str:
    """Why ``values`` cannot be a row of ``entity`` on a station ("" when they can): an
    unknown column, or a value of the wrong type (a station applying it would fail)."""
    columns = _columns(entity)
    for name, value in values.items():
        if name not in columns:
            return f"记录类型 {entity} 没有字段 {name}"
        kind, nullable = columns[name]
        if isinstance(value, float) and not math.isfinite(value):
            return f"字段 {name} 的值不是有效数字"
        if value is None:
            if not nullable and name not in ("id",):
                return f"字段 {name} 不能为空"
            continue
        ok = {
            "text": isinstance(value, str) and len(value) <= p.MAX_TEXT,
            "bool": isinstance(value, bool),
            "int": isinstance(value, int) and not isinstance(value, bool)
            and abs(value) <= p.MAX_INT,
            "float": isinstance(value, int | float) and not isinstance(value, bool)
            and math.isfinite(value),
            "datetime": isinstance(value, str) and _is_instant(value),
        }[kind]
        if not ok:
            return f"字段 {name} 的值类型不对（应为 {kind}）"
    return ""


def _is_instant(text: str) -> bool:
    try:
        return datetime.fromisoformat(text).tzinfo is not None
    except ValueError:
        return False


def _station_of(session: Session, device_id: str) -> str:
    if device_id == HQ_DEVICE:
        return HQ_DEVICE
    dev = session.get(Device, device_id)
    return dev.station if dev is not None else ""


def _decide(rec: Record, name: str, last_dev: str, device: Device) -> tuple[str, str]:
    """Which value stays in force for a conflicting field, and by which rule.

    The case's owner is the device that opened it (the handling officer's laptop): its value
    wins on the case's facts, whichever arrived first. HQ's own value wins on the fields HQ
    decides. Anything else keeps the value in force and stays open for a team lead."""
    if name in HQ_FIELDS and last_dev == HQ_DEVICE:
        return "hq", "hq_state"
    if rec.entity == "case" and name in CASE_FACTS:
        if device.id == rec.origin_device:
            return "incoming", "owner"
        if last_dev == rec.origin_device:
            return "hq", "owner"
    return "hq", "open"


def _receive_audit(session: Session, device: Device, events: list[p.AuditEventIn],
                   head: p.AuditHead | None) -> tuple[int, list[str]]:
    """Append the device's audit events if they continue its chain; returns the highest seq
    held contiguously and any alarms raised."""
    alarms: list[str] = []
    last = session.scalars(
        select(AuditLink).where(AuditLink.device_id == device.id)
        .order_by(AuditLink.seq.desc()).limit(1)
    ).first()
    last_seq, last_hash = (last.seq, last.hash) if last is not None else (0, audit.GENESIS)
    for ev in events:
        if ev.seq <= last_seq:
            held = session.get(AuditLink, (device.id, ev.seq))
            if held is not None and held.hash != ev.hash:
                alarms.append(_alarm(session, device.id, "audit_rewritten",
                                     f"站点“{device.station}”审计链第 {ev.seq} 条与指挥中心已收到的不同：记录可能被改写"))
                break
            continue
        if ev.seq != last_seq + 1:
            alarms.append(_alarm(session, device.id, "audit_gap",
                                 f"站点“{device.station}”审计链缺少第 {last_seq + 1}–{ev.seq - 1} 条"))
            break
        row = AuditEvent(**ev.model_dump())
        prev = last_hash if ev.v == 2 else ev.prev_hash
        if (ev.v == 1 and ev.prev_hash != last_hash) or audit.event_hash(row, prev) != ev.hash:
            alarms.append(_alarm(session, device.id, "audit_break",
                                 f"站点“{device.station}”审计链在第 {ev.seq} 条断开：哈希与前一条不连续"))
            break
        session.add(AuditLink(device_id=device.id, seq=ev.seq, hash=ev.hash,
                              event=ev.model_dump(mode="json")))
        last_seq, last_hash = ev.seq, ev.hash
    if head is not None and 0 < head.seq <= last_seq:
        held = session.get(AuditLink, (device.id, head.seq))
        if held is not None and held.hash != head.hash:
            alarms.append(_alarm(session, device.id, "audit_head",
                                 f"站点“{device.station}”报告的审计链头（第 {head.seq} 条）与指挥中心所存不符"))
    return last_seq, alarms


# --- pull -----------------------------------------------------------------------------------


def exposure(session: Session, device_id: str, *, full: bool = False) -> list[dict[str, str]]:
    """The parties whose data is or may be on ``device_id`` (PIPL Art 57 notification after a
    loss): its station's parties, and those of cases other stations recorded in the grids the
    station serves (what pull hands out). An upper bound: what the device held or could have
    pulled. Identity and phone numbers masked unless ``full``."""
    from gridapp.caselog.identity import mask_id_number

    device = session.get(Device, device_id)
    if device is None:
        raise HQError(404, "not_found", f"没有设备 {device_id}", f"no device {device_id}")
    ids: dict[str, str] = {}
    for r in session.scalars(select(Record).where(Record.entity == "party",
                                                  Record.station == device.station)):
        ids[r.entity_id] = "本站"
    grids = station_grids(session, device.station)
    if grids:
        for e in session.scalars(select(FeedEntry).where(FeedEntry.entity == "case",
                                                         FeedEntry.grid.in_(grids),
                                                         FeedEntry.station != device.station)):
            party_id = e.values.get("party_id")
            if party_id:
                ids.setdefault(str(party_id), f"网格历史（{e.station}）")
    out = []
    for party_id, source in sorted(ids.items()):
        rec = session.get(Record, ("party", party_id))
        if rec is None:
            continue
        v = rec.values

        def shown(value: object) -> str:
            text = str(value or "")
            return text if full else mask_id_number(text)
        out.append({"party_id": party_id, "name": str(v.get("name", "")),
                    "id_number": shown(v.get("id_number")), "phone": shown(v.get("phone")),
                    "source": source})
    return out


def station_grids(session: Session, station: str) -> list[str]:
    """The grid codes a station serves (from the grid rows it pushed)."""
    return sorted({str(r.values.get("code")) for r in session.scalars(
        select(Record).where(Record.entity == "grid", Record.station == station,
                             Record.deleted.is_(False))) if r.values.get("code")})


def pull(session: Session, device: Device, cursor: int, limit: int) -> p.PullResponse:
    """Feed entries for the device after ``cursor``, in commit order: its station's rows, and
    the grid's history — cases other stations recorded in the grids this station serves,
    each preceded by its party (for first-offence checks)."""
    limit = max(1, min(limit, p.MAX_PULL))
    grids = station_grids(session, device.station)
    mine = FeedEntry.station == device.station
    scope = or_(mine, FeedEntry.grid.in_(grids)) if grids else mine
    rows = session.scalars(
        select(FeedEntry).where(FeedEntry.seq > cursor, scope)
        .order_by(FeedEntry.seq).limit(limit + 1)
    ).all()
    more = len(rows) > limit
    rows = rows[:limit]
    changes: list[p.FeedChange] = []
    for r in rows:
        if r.station != device.station:
            party_id = r.values.get("party_id")
            party = session.get(Record, ("party", str(party_id))) if party_id else None
            if party is not None and party.station != device.station:
                changes.append(p.FeedChange(
                    seq=r.seq, entity="party", entity_id=party.entity_id,
                    revision=party.revision, hlc=party.hlc, deleted=party.deleted,
                    values=dict(party.values)))
        elif r.echo_free and r.source_device == device.id:
            continue
        changes.append(p.FeedChange(seq=r.seq, entity=r.entity, entity_id=r.entity_id,
                                    revision=r.revision, hlc=r.hlc, deleted=r.deleted,
                                    values=dict(r.values)))
    device.last_seen_at = utcnow()
    return p.PullResponse(changes=changes, next_cursor=rows[-1].seq if rows else cursor,
                          more=more)


# --- blobs ----------------------------------------------------------------------------------


def have(session: Session, shas: list[str]) -> list[str]:
    wanted = sorted({s for s in shas if len(s) == 64})
    held: list[str] = []
    for i in range(0, len(wanted), 500):
        held += session.scalars(select(Blob.sha256).where(Blob.sha256.in_(wanted[i:i + 500])))
    return sorted(held)


def _state(up: Upload, *, complete: bool = False) -> p.UploadState:
    return p.UploadState(upload_id=up.id, sha256=up.sha256, size=up.size, offset=up.offset,
                         complete=complete)


def start_upload(session: Session, device: Device, req: p.UploadRequest) -> p.UploadState:
    """Open (or resume) the device's upload of one blob; a blob HQ holds is complete at once."""
    blob = session.get(Blob, req.sha256)
    if blob is not None:
        return p.UploadState(upload_id="", sha256=req.sha256, size=blob.size,
                             offset=blob.size, complete=True)
    up = session.scalars(select(Upload).where(Upload.device_id == device.id,
                                              Upload.sha256 == req.sha256)).first()
    if up is not None and up.size != req.size:
        up.size, up.offset = req.size, 0
    if up is None:
        up = Upload(id=str(uuid.uuid4()), device_id=device.id, sha256=req.sha256,
                    size=req.size, offset=0)
        session.add(up)
    return _state(up)


def upload_of(session: Session, device: Device, upload_id: str) -> Upload:
    up = session.get(Upload, upload_id)
    if up is None or up.device_id != device.id:
        raise HQError(404, "no_upload", "上传不存在或已结束，请重新开始上传",
                      "no such upload (start it again)")
    return up


def check_offset(up: Upload, offset: int) -> None:
    if offset != up.offset:
        raise HQError(409, "offset_mismatch",
                      f"上传位置不一致：指挥中心已收到 {up.offset} 字节，本次从 {offset} 字节开始",
                      f"upload offset {offset} does not match the received {up.offset}")


HASH_MISMATCH = HQError(409, "hash_mismatch",
                        "上传的文件内容与其哈希值不符，指挥中心已拒收；下次同步将重新上传",
                        "uploaded bytes do not match their SHA-256; refused")


def finish_chunk(session: Session, store: BlobStore, up: Upload, new_offset: int, *,
                 known_sha256: str | None = None) -> p.UploadState | HQError:
    """Record bytes durably written; on the last byte verify the hash (``known_sha256``: the
    bytes were hashed as they arrived) and adopt the blob.

    A blob whose bytes do not match its name is discarded (the upload starts again from 0) and
    an alarm recorded; the caller commits that, then answers with the returned error."""
    up.offset = new_offset
    up.updated_at = utcnow()
    if up.offset < up.size:
        return _state(up)
    actual = known_sha256 or store.part_sha256(up.id)
    if actual != up.sha256:
        store.discard(up.id)
        up.offset = 0
        _alarm(session, up.device_id, "blob_hash",
               f"上传的文件内容与其 SHA-256 不符（{up.sha256[:12]}…），已拒收")
        return HASH_MISMATCH
    if session.get(Blob, up.sha256) is None:
        store.adopt(up.id, up.sha256)
        session.add(Blob(sha256=up.sha256, size=up.size, device_id=up.device_id))
    else:
        store.discard(up.id)
    session.delete(up)
    return p.UploadState(upload_id=up.id, sha256=up.sha256, size=up.size, offset=up.size,
                         complete=True)


# --- dispatch (12345 转办) -------------------------------------------------------------------


def _grid_station(session: Session, grid: str) -> tuple[str, str]:
    """The station serving grid code ``grid`` and that station's pack code."""
    for rec in session.scalars(select(Record).where(Record.entity == "grid",
                                                    Record.deleted.is_(False))):
        if rec.values.get("code") == grid:
            station_row = session.get(Record, ("station", str(rec.values.get("station_id"))))
            pack = str(station_row.values.get("pack_code", "")) if station_row else ""
            return rec.station, pack
    raise HQError(404, "no_grid", f"没有站点登记网格 {grid}；请确认网格编码，或等该站点同步后再派单",
                  f"no station has grid {grid}")


def _officer_for(session: Session, station: str, badge: str) -> str:
    """The officer record id to assign: ``badge`` if given, else the station's first lead."""
    officers = [r for r in session.scalars(select(Record).where(
        Record.entity == "officer", Record.station == station, Record.deleted.is_(False)))
        if r.values.get("active", True)]
    if badge:
        for r in officers:
            if r.values.get("badge_no") == badge:
                return r.entity_id
        raise HQError(404, "no_officer", f"站点“{station}”没有执法证号为 {badge} 的在岗执法人员",
                      f"station {station} has no active officer {badge}")
    leads = sorted((r for r in officers if r.values.get("role") == "lead"),
                   key=lambda r: str(r.values.get("updated_at", "")))
    if not leads:
        raise HQError(409, "no_lead", f"站点“{station}”没有中队长，请在派单中注明 officer（执法证号）",
                      f"station {station} has no lead; name an officer")
    return leads[0].entity_id


@dataclass(frozen=True)
class Dispatch:
    """A hotline ticket (12345 转办) to become a case at the station serving ``grid``."""

    ticket: str
    grid: str
    violation: str
    address: str
    facts: str
    officer: str = ""  # badge; default: the station's lead
    due_at: datetime | None = None
    lat: float | None = None
    lon: float | None = None


def dispatch(session: Session, order: Dispatch) -> dict[str, Any]:
    """Create the case (and its officer link) at HQ; the station receives it on its next pull."""
    from gridapp.hlc import HybridLogicalClock
    from gridapp.packs import load_pack

    station, pack_code = _grid_station(session, order.grid)
    if pack_code:
        try:
            load_pack(pack_code).violation(order.violation)
        except Exception as exc:  # the pack's own Chinese refusal
            raise HQError(422, "bad_violation", str(getattr(exc, "message_zh", exc)),
                          f"unknown violation {order.violation}") from exc
    number = f"转办-{order.ticket}"
    taken = [r for r in session.scalars(select(Record).where(Record.entity == "case"))
             if r.values.get("number") == number]
    if taken:
        raise HQError(409, "dispatched", f"工单 {order.ticket} 已派发（案件 {number}）",
                      f"ticket {order.ticket} was already dispatched")
    officer_id = _officer_for(session, station, order.officer)
    feed = _Feed.open(session)
    stamp = HybridLogicalClock(HQ_DEVICE).now()
    now = utcnow()
    case_id, link_id = str(uuid.uuid4()), str(uuid.uuid4())
    common = {"origin_device": HQ_DEVICE, "revision": 1, "updated_at": now.isoformat(),
              "hlc": stamp, "deleted": False}
    case_values: dict[str, Any] = common | {
        "id": case_id, "number": number, "source": "dispatch", "grid_code": order.grid,
        "address": order.address, "lat": order.lat, "lon": order.lon,
        "violation_code": order.violation, "facts": order.facts, "status": "discovered",
        "stage": "yellow", "disposition": None, "outcome": "", "party_id": None,
        "act_date": "", "opened_at": now.isoformat(), "closed_at": None,
        "due_at": order.due_at.astimezone(UTC).isoformat() if order.due_at else None,
    }
    link_values: dict[str, Any] = common | {"id": link_id, "case_id": case_id,
                                            "officer_id": officer_id, "role": "handler"}
    for entity, row_id, values in (("case", case_id, case_values),
                                   ("case_officer", link_id, link_values)):
        rec = Record(entity=entity, entity_id=row_id, station=station, origin_device=HQ_DEVICE,
                     revision=1, hlc=stamp, deleted=False, values=values,
                     field_revs={f: [1, HQ_DEVICE] for f in values if f not in STAMPING})
        session.add(rec)
        feed.add(session, rec, source=HQ_DEVICE, echo_free=False)
    return {"case_id": case_id, "number": number, "station": station, "officer_id": officer_id}


# --- conflicts, packs, supervision -----------------------------------------------------------


def _conflict_out(c: Conflict) -> p.ConflictOut:
    return p.ConflictOut(
        id=c.id, entity=c.entity, entity_id=c.entity_id, field=c.field, hq_value=c.hq_value,
        hq_device=c.hq_device, incoming_value=c.incoming_value,
        incoming_device=c.incoming_device, incoming_hlc=c.incoming_hlc, kept=c.kept,
        rule=c.rule, created_at=iso(c.created_at) or "", resolved_at=iso(c.resolved_at),
        resolution=c.resolution,
    )


def conflicts(session: Session, station: str | None = None) -> p.ConflictList:
    query = select(Conflict).order_by(Conflict.id)
    if station is not None:
        query = query.where(Conflict.station == station)
    return p.ConflictList(conflicts=[_conflict_out(c) for c in session.scalars(query)])


def resolve(session: Session, conflict_id: int, req: p.ResolveRequest, *,
            station: str | None) -> p.ConflictOut:
    """Settle a conflict: the chosen value is put in force (a new state in the feed)."""
    c = session.get(Conflict, conflict_id)
    if c is None or (station is not None and c.station != station):
        raise HQError(404, "no_conflict", f"没有编号为 {conflict_id} 的冲突",
                      f"no conflict {conflict_id}")
    if c.resolved_at is not None:
        raise HQError(409, "resolved", f"冲突 {conflict_id} 已于 {iso(c.resolved_at)} 处理",
                      f"conflict {conflict_id} is already resolved")
    feed = _Feed.open(session)
    rec = session.get(Record, (c.entity, c.entity_id))
    assert rec is not None
    chosen = c.hq_value if req.keep == "hq" else c.incoming_value
    if rec.values.get(c.field) != chosen:
        values = dict(rec.values)
        values[c.field] = chosen
        rec.revision += 1
        values["revision"] = rec.revision
        rec.values = values
        revs = {k: list(v) for k, v in rec.field_revs.items()}
        revs[c.field] = [rec.revision, HQ_DEVICE]
        rec.field_revs = revs
        feed.add(session, rec, source=HQ_DEVICE, echo_free=False)
    c.resolved_at = utcnow()
    c.resolution = req.keep
    c.resolved_by = req.by
    return _conflict_out(c)


def publish_pack(session: Session, code: str, version: str, content: str) -> PublishedPack:
    row = PublishedPack(code=code, version=version, sha256=_sha256_text(content), content=content)
    session.add(row)
    session.flush()
    return row


def packs(session: Session, after: int = 0) -> p.PackList:
    rows = session.scalars(select(PublishedPack).where(PublishedPack.id > after)
                           .order_by(PublishedPack.id))
    return p.PackList(packs=[
        p.PackOut(id=r.id, code=r.code, version=r.version, sha256=r.sha256, content=r.content,
                  published_at=iso(r.published_at) or "")
        for r in rows
    ])


def cases(session: Session) -> list[dict[str, Any]]:
    rows = session.scalars(select(Record).where(Record.entity == "case")
                           .order_by(Record.station, Record.entity_id))
    return [
        {"id": r.entity_id, "number": r.values.get("number", ""), "station": r.station,
         "revision": r.revision, "status": r.values.get("status", ""),
         "grid_code": r.values.get("grid_code", ""), "deleted": r.deleted}
        for r in rows
    ]


def alarms(session: Session) -> list[dict[str, Any]]:
    return [{"id": a.id, "device_id": a.device_id, "kind": a.kind, "message": a.message,
             "at": iso(a.at)} for a in session.scalars(select(Alarm).order_by(Alarm.id))]


def iter_chain_breaks(session: Session) -> Iterator[str]:
    """Every place a device's stored audit chain is not continuous."""
    for device in session.scalars(select(Device)):
        prev_seq, prev_hash = 0, audit.GENESIS
        links = session.scalars(select(AuditLink).where(AuditLink.device_id == device.id)
                                .order_by(AuditLink.seq))
        for link in links:
            ev = p.AuditEventIn.model_validate(link.event)
            prev = prev_hash if ev.v == 2 else ev.prev_hash
            if link.seq != prev_seq + 1 or audit.event_hash(AuditEvent(**ev.model_dump()),
                                                            prev) != link.hash:
                yield f"站点“{device.station}”（设备 {device.id}）审计链在第 {link.seq} 条不连续"
                break
            prev_seq, prev_hash = link.seq, link.hash


def verify(session: Session, store: BlobStore) -> list[str]:
    """Problems found: audit chain breaks and blobs missing or not matching their hash."""
    problems = list(iter_chain_breaks(session))
    for blob in session.scalars(select(Blob).order_by(Blob.sha256)):
        if not store.verify(blob.sha256):
            problems.append(f"文件 {blob.sha256} 缺失或内容与哈希值不符")
    return problems
