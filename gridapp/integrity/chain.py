"""The audit chain itself: every hash and link, the sealed head, the device's high-water mark."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from gridapp import audit
from gridapp.db import device_state
from gridapp.integrity.findings import Report
from gridapp.models import Meta


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
    mark = device_state.read_marks(data_dir).get(device)
    if mark is not None and mark.audit_seq > head_seq:
        report.add("chain", "链尾",
                   f"本设备已记录到第 {mark.audit_seq} 条审计记录，数据库中只有 {head_seq} 条："
                   "链尾被截断，或数据库被换成了旧副本",
                   "the chain is shorter than this device already recorded")
