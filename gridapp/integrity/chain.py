"""The audit chain itself: every hash and link, the sealed head, the device's high-water mark."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy.orm import Session

from gridapp import anchors, audit
from gridapp.db import device_state
from gridapp.integrity.findings import Report
from gridapp.models import AuditEvent, Meta


def check_chain(session: Session, report: Report, *, key: bytes | None, data_dir: Path,
                device: str) -> None:
    result = audit.verify(session)
    report.count("chain", result.checked)
    if not result.ok:
        report.add("chain", f"第 {result.bad_seq} 条审计记录", result.problem,
                   "the audit chain is broken")
    problem = audit.seal_holds(session, key)
    if problem:
        report.add("chain", "链头签章", problem, "the chain head's seal does not hold")
    head = session.get(Meta, audit.HEAD_KEY)
    head_seq = int(head.value.split(":", 1)[0]) if head is not None else 0
    _check_anchor(session, report, device, head_seq)
    mark = device_state.read_marks(data_dir).get(device)
    if mark is not None and mark.audit_seq > head_seq:
        report.add("chain", "链尾",
                   f"本设备已记录到第 {mark.audit_seq} 条审计记录，数据库中只有 {head_seq} 条："
                   "链尾被截断，或数据库被换成了旧副本",
                   "the chain is shorter than this device already recorded")


def _check_anchor(session: Session, report: Report, device: str, head_seq: int) -> None:
    """HQ's signed anchor (kept at sync): the chain still holds that hash at that seq."""
    row = session.get(Meta, anchors.ANCHOR_KEY)
    if row is None:
        return
    pinned = session.get(Meta, anchors.PINNED_KEY)
    try:
        a = json.loads(row.value)
        device_of, seq, digest, at = str(a["device"]), int(a["seq"]), str(a["hash"]), str(a["at"])
        signature = str(a["signature"])
    except (ValueError, KeyError, TypeError):
        report.add("chain", "指挥中心确认点", "确认记录无法读取（被改动）", "unreadable anchor")
        return
    report.count("chain")
    if pinned is None or not anchors.signature_holds(pinned.value, signature, device_of, seq,
                                                     digest, at) or device_of != device:
        report.add("chain", "指挥中心确认点", "指挥中心的签名不成立：确认记录被改动或伪造",
                   "HQ's anchor signature does not hold")
        return
    if head_seq < seq:
        report.add("chain", "指挥中心确认点",
                   f"指挥中心已确认本机审计链有 {seq} 条记录，本机现只有 {head_seq} 条：链尾被截断",
                   "the chain is shorter than HQ confirmed")
        return
    held = session.get(AuditEvent, seq)
    if held is None or held.hash != digest:
        report.add("chain", "指挥中心确认点",
                   f"指挥中心确认的第 {seq} 条记录与本机不同：同步之后审计链被改写",
                   "the chain differs from what HQ confirmed")
