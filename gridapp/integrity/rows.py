"""Every syncable row against what its audit events say it should hold.

Each change since the row digests were introduced records the digest of the whole row as
committed (``changes.ROW_DIGEST_KEY``); rows received from HQ are pinned by the
``sync.received`` event of their page. The live row must have that digest. A row with no event
was written behind the program's back; events for a row that is gone mean it was deleted.
Events written before row digests existed pin the row only while it is as created (the
creation event's content digest); later changes of such rows are counted as not checkable.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from gridapp import changes
from gridapp.integrity.findings import Report
from gridapp.integrity.naming import row_subject
from gridapp.models import AuditEvent, SyncMixin
from gridapp.models.base import Base
from gridapp.vocab.field import field_label

# Events that pin rows by digest in bulk: a page received from HQ, the baseline taken when the
# chain was first sealed.
PINNING = ("sync.received", changes.BASELINE_ACTION)


@dataclass
class _Pinned:
    digest: str | None = None  # the row digest recorded by the last change
    created: str | None = None  # the creation event's content digest, while nothing followed


def syncable_tables() -> dict[str, Table]:
    out: dict[str, Table] = {}
    for mapper in Base.registry.mappers:
        cls = mapper.class_
        if issubclass(cls, SyncMixin):
            table = mapper.local_table
            assert isinstance(table, Table)
            out[table.name] = table
    return out


def _load(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text) if text else {}
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def pinned_rows(session: Session, tables: Mapping[str, Table],
                report: Report | None = None) -> dict[tuple[str, str], _Pinned]:
    """What the chain says about each row, from its events in order.

    Once the chain carries row digests (the "digest era"), an event without one is about
    something else (an export, a pack applied) and leaves the row's pin as it was; before
    that, such an event changed the row in a way no digest pins. A baseline belongs before the
    digest era; one after it is reported (it would bless edits made before it)."""
    pinned: dict[tuple[str, str], _Pinned] = {}
    digest_era = False
    query = (select(AuditEvent.seq, AuditEvent.entity, AuditEvent.entity_id, AuditEvent.action,
                    AuditEvent.before_json, AuditEvent.after_json)
             .order_by(AuditEvent.seq).execution_options(yield_per=5000))
    for seq, entity, entity_id, action, before_json, after_json in session.execute(query):
        if action == changes.BASELINE_ACTION and digest_era:
            if report is not None:
                report.add("chain", f"第 {seq} 条审计记录",
                           "核验基线只应在审计链首次签章时建立，这里却出现在带逐行摘要的记录之后："
                           "可能是为掩盖改动而伪造的", "a baseline after row digests began")
            continue
        if action in PINNING:
            for ref, digest in _load(after_json).get("rows", {}).items():
                kind, _, row_id = str(ref).partition(":")
                pinned[(kind, row_id)] = _Pinned(digest=str(digest))
            continue
        if entity not in tables:
            continue
        after = _load(after_json)
        digest = after.get(changes.ROW_DIGEST_KEY)
        if not isinstance(digest, str) and digest_era:
            continue  # an event about the row, not a change of it
        entry = pinned.setdefault((entity, entity_id), _Pinned())
        creation = "content" in after and not before_json
        if isinstance(digest, str):
            entry.digest, entry.created = digest, None
            digest_era = True
        elif creation and isinstance(after["content"], str):
            entry.digest, entry.created = None, after["content"]
        else:  # an older change with no digest: the row is no longer pinned
            entry.digest, entry.created = None, None
    return pinned


def _rows(session: Session, table: Table) -> Iterator[dict[str, Any]]:
    query = select(table).execution_options(yield_per=5000)
    for row in session.execute(query):
        yield {key: changes._plain(value) for key, value in row._mapping.items()}


def check_rows(session: Session, report: Report) -> None:
    tables = syncable_tables()
    pinned = pinned_rows(session, tables, report)
    unpinned = 0
    for entity, table in tables.items():
        for values in _rows(session, table):
            entry = pinned.pop((entity, str(values["id"])), None)
            report.count("rows")
            subject = row_subject(entity, str(values["id"]), values)
            if entry is None:
                report.add("rows", subject,
                           "审计链中没有这条记录：它未经本程序写入（直接改动了数据库）",
                           "no audit event for this row: written outside the program")
            elif entry.digest is not None:
                if changes.row_digest(entity, values) != entry.digest:
                    report.add("rows", subject, _mismatch(session, entity, values),
                               "the row differs from its last audit event")
            elif entry.created is not None:
                if changes.content_digest(values) != entry.created:
                    report.add("rows", subject, _mismatch(session, entity, values),
                               "the row differs from its creation event")
            else:
                unpinned += 1
    for (entity, entity_id), _entry in sorted(pinned.items()):
        report.add("rows", row_subject(entity, entity_id),
                   "审计链记载了这条记录，但数据库中已没有它：记录被删除",
                   "the audit chain records this row but it is gone: deleted")
    if unpinned:
        report.notes.append(f"{unpinned} 条记录最后一次修改早于逐行摘要，只核对了审计链本身")


def _mismatch(session: Session, entity: str, values: Mapping[str, Any]) -> str:
    """The message for a row that differs, naming the fields the events disagree with."""
    known: dict[str, Any] = {}
    events = session.execute(
        select(AuditEvent.before_json, AuditEvent.after_json)
        .where(AuditEvent.entity == entity, AuditEvent.entity_id == str(values["id"]))
        .order_by(AuditEvent.seq))
    for _before_json, after_json in events:
        for column, value in _load(after_json).items():
            if column in values and value != changes.REDACTED:
                known[column] = value
    differ = [c for c, v in known.items() if values.get(c) != v]
    text = "内容与审计链记载的不一致（未经本程序修改）"
    if differ:
        shown = "、".join(f"{field_label(entity, c)}（记载为 {_short(known[c])}，现为 {_short(values.get(c))}）"
                         for c in differ)
        text += f"：{shown}"
    return text


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:39] + "…"
