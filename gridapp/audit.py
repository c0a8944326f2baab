"""Audit trail (执法全过程记录, APL Art 47): append-only, hash-chained events.

Contract: ``append`` must be called inside the transaction of the mutation it records, so an
event exists if and only if its change was committed. Each event's hash covers the previous
event's hash; ``verify`` recomputes every hash and link and names the first bad event. The chain
head (last seq and hash) is also kept in ``meta`` so that deleting the newest events is detected.

Hash formats (``AuditEvent.v``): version 1 events (written before schema 0003) store
``prev_hash`` and are hashed as they always were, so an upgraded station's history verifies
unchanged. Version 2 events store only what changed and leave ``prev_hash`` empty: the previous
hash is part of the hashed body, so it is checked without being stored twice. Their hash is the
SHA-256 in unpadded URL-safe base64 (43 characters), their id 12 hex characters and their time
in milliseconds ("…T09:00:00.123Z"). The version is itself hashed, so relabelling an event
breaks its hash.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Select, func, literal_column, select
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session

from gridapp.models import AuditEvent, Meta, utcnow

GENESIS = "0" * 64
HEAD_KEY = "audit_head"
# The head's seal ``seq:mac`` (``seal``), kept in ``meta`` when the session carries the key.
SEAL_KEY = "audit_seal"
# ``Session.info`` key under which the store hands the chain key to every writing session.
KEY_INFO = "gridapp.chain_key"


def canonical_json(value: Any) -> str:
    if value is None:
        return ""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


HASH_VERSION = 2


def event_time(ev: AuditEvent) -> datetime:
    """When the event happened, as an aware UTC instant (both stored formats)."""
    return datetime.fromisoformat(ev.at).astimezone(UTC)


def _hashed_fields(ev: AuditEvent, prev: str) -> dict[str, Any]:
    """The event content both hash formats cover (format 1's body exactly)."""
    return {
        "seq": ev.seq,
        "id": ev.id,
        "at": ev.at,
        "device": ev.device,
        "actor": ev.actor,
        "action": ev.action,
        "entity": ev.entity,
        "entity_id": ev.entity_id,
        "case_id": ev.case_id,
        "before": ev.before_json,
        "after": ev.after_json,
        "prev": prev,
    }


def event_hash(ev: AuditEvent, prev: str | None = None) -> str:
    """The event's hash in its format; ``prev`` is the previous event's hash (version 2)."""
    if ev.v == 2:
        body2 = {"v": 2, **_hashed_fields(ev, prev if prev is not None else ev.prev_hash)}
        digest = hashlib.sha256(canonical_json(body2).encode("utf-8")).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")
    body = _hashed_fields(ev, ev.prev_hash)
    return hashlib.sha256(canonical_json(body).encode("utf-8")).hexdigest()


def seal(key: bytes, seq: int, digest: str) -> str:
    """HMAC-SHA256 of the chain head ``seq:hash`` under the station's chain key, base64url."""
    mac = hmac.new(key, f"{seq}:{digest}".encode("ascii"), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).rstrip(b"=").decode("ascii")


def seal_head(session: Session, key: bytes) -> None:
    """Seal the current head (a chain sealed for the first time, or after events written
    without the key)."""
    seq, digest = _head(session)
    value = f"{seq}:{seal(key, seq, digest)}"
    row = session.get(Meta, SEAL_KEY)
    if row is None:
        session.add(Meta(key=SEAL_KEY, value=value))
    elif row.value != value:
        row.value = value


def seal_holds(session: Session, key: bytes | None) -> str:
    """'' when the stored seal matches the head under ``key``; else what is wrong, in Chinese."""
    row = session.get(Meta, SEAL_KEY)
    if row is None:
        if key is not None:
            return "链头没有签章（签章记录被删除）"
        if has_digest_events(session):
            return "审计链由带签章的版本写入，但签章密钥（chain.key）和链头签章都已不在：签章被删除"
        return ""  # a chain from before sealing, on media where no key could be made
    if key is None:
        return "链头有签章，但本机没有签章密钥（chain.key 丢失或被删除），无法确认链未被重算"
    seq, digest = _head(session)
    stored_seq, _, mac = row.value.partition(":")
    if stored_seq != str(seq):
        return (f"链头签章属于第 {stored_seq} 条记录，但链头为第 {seq} 条：记录被截断、被追加而未签章，"
                "或链在那之后被改动（此后的记录不再签章）")
    if not hmac.compare_digest(mac, seal(key, seq, digest)):
        return "链头签章不符：审计链被整体重算或链尾被改动"
    return ""


def _head_row(session: Session) -> Meta | None:
    """The chain-head row, held for the current transaction.

    The identity map keeps only weak references, so without this a transaction recording many
    changes would re-read the row for every event.
    """
    tx = session.get_transaction()
    cached = session.info.get(HEAD_KEY)
    if cached is not None and cached[0] is tx and cached[1] is not None:
        row: Meta | None = cached[1]
        return row
    row = session.get(Meta, HEAD_KEY)
    session.info[HEAD_KEY] = (tx, row)
    return row


def _head(session: Session) -> tuple[int, str]:
    row = _head_row(session)
    if row is None:
        return 0, GENESIS
    seq, digest = row.value.split(":", 1)
    return int(seq), digest


def append(
    session: Session,
    *,
    device: str,
    actor: str,
    action: str,
    entity: str,
    entity_id: str,
    case_id: str = "",
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Add the next event to the chain in the caller's transaction."""
    last_seq, last_hash = _head(session)
    ev = AuditEvent(
        seq=last_seq + 1,
        id=secrets.token_hex(6),  # events are identified by (device, seq); this names one
        at=utcnow().isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        device=device,
        actor=actor,
        action=action,
        entity=entity,
        entity_id=entity_id,
        case_id=case_id,
        before_json=canonical_json(before),
        after_json=canonical_json(after),
        prev_hash="",
        v=HASH_VERSION,
    )
    ev.hash = event_hash(ev, last_hash)
    session.add(ev)
    head = _head_row(session)
    value = f"{ev.seq}:{ev.hash}"
    if head is None:
        head = Meta(key=HEAD_KEY, value=value)
        session.add(head)
        session.info[HEAD_KEY] = (session.get_transaction(), head)
    else:
        head.value = value
    key = session.info.get(KEY_INFO)
    if key is not None:
        _seal_after_append(session, key, (last_seq, last_hash), (ev.seq, ev.hash))
    return ev


def _seal_after_append(session: Session, key: bytes, previous: tuple[int, str],
                       head: tuple[int, str]) -> None:
    """Move the seal to the new head only if it held for the previous one: a head that was
    rewritten or cut behind the program's back stays unsealed (``gridapp verify`` keeps
    reporting it) instead of being blessed by the next honest change. A missing seal is not
    recreated (the first seal is made when the key is)."""
    tx = session.get_transaction()
    cached = session.info.get(SEAL_KEY)
    row: Meta | None = cached[1] if cached is not None and cached[0] is tx else None
    if row is None:
        row = session.get(Meta, SEAL_KEY)
        session.info[SEAL_KEY] = (tx, row)
    if row is None:
        return
    expected = f"{previous[0]}:{seal(key, *previous)}"
    if not hmac.compare_digest(row.value, expected):
        return
    row.value = f"{head[0]}:{seal(key, *head)}"


def has_digest_events(session: Session) -> bool:
    """Whether this chain was written by a version that seals it (events carry row digests)."""
    found = session.scalars(select(AuditEvent.seq).where(
        AuditEvent.after_json.contains('"@row":')).limit(1)).first()
    return found is not None


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    bad_seq: int | None = None
    bad_id: str | None = None
    problem: str = ""

    def describe(self) -> str:
        if self.ok:
            return f"审计链完整：已校验 {self.checked} 条记录。"
        if self.bad_seq is None:
            return f"审计链被破坏：{self.problem}"
        return f"审计链被破坏：第 {self.bad_seq} 条记录 (id {self.bad_id})：{self.problem}"


def _iter_events(session: Session) -> Iterator[AuditEvent]:
    yield from session.scalars(
        select(AuditEvent).order_by(AuditEvent.seq).execution_options(yield_per=2000)
    )


def verify(session: Session) -> VerifyResult:
    """Recompute the chain; the first event whose hash or link does not hold is reported."""
    expected_prev = GENESIS
    expected_seq = 1
    checked = 0
    last: AuditEvent | None = None
    try:
        for ev in _iter_events(session):
            if ev.seq != expected_seq:
                return VerifyResult(
                    False, checked, expected_seq, None,
                    f"缺少记录（期望序号 {expected_seq}，实为 {ev.seq}），记录被删除",
                )
            if ev.v == 1 and ev.prev_hash != expected_prev:
                return VerifyResult(
                    False, checked, ev.seq, ev.id, "前一记录哈希不符，链条断裂"
                )
            if ev.v not in (1, 2) or event_hash(ev, expected_prev) != ev.hash:
                problem = "内容与哈希不符，记录被篡改"
                if ev.v == 2:
                    problem += "（或前一记录被改动，链条断裂）"
                return VerifyResult(False, checked, ev.seq, ev.id, problem)
            expected_prev = ev.hash
            expected_seq += 1
            checked += 1
            last = ev
        head_seq, head_hash = _head(session)
    except (DatabaseError, UnicodeDecodeError, ValueError) as exc:
        return VerifyResult(
            False, checked, expected_seq, None, f"记录无法读取（数据库损坏）：{exc}"
        )
    last_seq = last.seq if last else 0
    last_hash = last.hash if last else GENESIS
    if (head_seq, head_hash) != (last_seq, last_hash):
        return VerifyResult(
            False, checked, last_seq + 1, None,
            f"链尾不符：应有 {head_seq} 条记录，实有 {last_seq} 条，最新记录被删除或篡改",
        )
    return VerifyResult(True, checked)


def events_for_case_query(case_id: str) -> Select[AuditEvent]:
    """A case's events in order, found through ``ix_audit_event_case_prefix``.

    The prefix expression is written out literally: SQLite uses an expression index only for
    the very same expression (bound parameters in place of 1 and 8 would not match), and in a
    subquery of its own, since next to the full-id test the planner may prefer a scan.
    """
    prefix = func.substr(AuditEvent.case_id, literal_column("1"), literal_column("8"))
    candidates = select(AuditEvent.seq).where(prefix == case_id[:8])
    return (
        select(AuditEvent)
        .where(AuditEvent.seq.in_(candidates), AuditEvent.case_id == case_id)
        .order_by(AuditEvent.seq)
    )


def events_for_case(session: Session, case_id: str) -> list[AuditEvent]:
    return list(session.scalars(events_for_case_query(case_id)))
