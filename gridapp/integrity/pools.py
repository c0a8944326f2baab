"""Number pools against the numbers in use: within a range every number up to ``next_value``
was given out exactly once (gapless), so a skipped or re-wound pool shows.

文号 are allocated by audited ``numbers.allocate`` events; case numbers are named by the cases
themselves (the pack's case number format). A pool whose count of numbers given out exceeds
what exists is reported without listing every missing number (a pool pushed to 2,000,000,000
must not make verify count that far).
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from gridapp.db import device_state
from gridapp.integrity.findings import Report
from gridapp.integrity.naming import row_subject
from gridapp.models import AuditEvent, Case, NumberPool

LISTED = 5  # missing numbers named in one finding


def _allocated(session: Session) -> dict[str, set[int]]:
    out: dict[str, set[int]] = defaultdict(set)
    rows = session.execute(select(AuditEvent.entity_id, AuditEvent.after_json)
                           .where(AuditEvent.entity == "number_pool",
                                  AuditEvent.action == "numbers.allocate"))
    for pool_id, after_json in rows:
        try:
            seq = json.loads(after_json).get("seq")
        except (ValueError, AttributeError):
            continue
        if isinstance(seq, int):
            out[pool_id].add(seq)
    return out


def check_pools(session: Session, report: Report, *, device: str, data_dir: Path,
                case_format: str) -> None:
    allocated = _allocated(session)
    case_numbers = set(session.scalars(select(Case.number)))
    marks = device_state.read_marks(data_dir).get(device)
    pools = session.scalars(select(NumberPool).where(NumberPool.holder_device == device,
                                                     NumberPool.deleted.is_(False)))
    for pool in pools:
        report.count("pools")
        subject = row_subject("number_pool", pool.id, {"series": f"{pool.series} {pool.year}年"
                                                       f" 号段{pool.segment:02d}"})
        given = pool.next_value - pool.first
        if marks is not None and marks.pools.get(pool.id, 0) > pool.next_value:
            report.add("pools", subject,
                       f"本设备已发出到第 {marks.pools[pool.id] - 1} 号，数据库中的编号池却只到第 "
                       f"{pool.next_value - 1} 号：编号池被回拨，可能再次发出已用的编号",
                       "the pool is behind the numbers this device already gave out")
        if pool.kind == "case":
            used = None if given > len(case_numbers) else {
                seq for seq in range(pool.first, pool.next_value)
                if case_format.format(year=pool.year, segment=pool.segment, seq=seq)
                in case_numbers}
        else:
            used = allocated.get(pool.id, set())
        if used is None or given > len(used):
            _report_gap(report, subject, pool, used, given)
        beyond = sorted(s for s in (used or set()) if s >= pool.next_value)
        if beyond:
            report.add("pools", subject,
                       f"第 {beyond[0]} 号已发出，但编号池的下一个号为 {pool.next_value}："
                       "编号池被回拨，将再次发出已用的编号",
                       "a number at or past next_value was already given out")


def _report_gap(report: Report, subject: str, pool: NumberPool, used: set[int] | None,
                given: int) -> None:
    if used is None or given - len(used) > 1000:
        report.add("pools", subject,
                   f"编号池显示已发出 {given} 个编号，远多于实际存在的编号：编号被跳过",
                   "the pool claims far more numbers than exist: numbers were skipped")
        return
    missing = [s for s in range(pool.first, pool.next_value) if s not in used][:LISTED]
    shown = "、".join(f"第 {s} 号" for s in missing)
    more = "等" if given - len(used) > len(missing) else ""
    report.add("pools", subject,
               f"{shown}{more}没有发出记录（共 {given - len(used)} 个）：编号被跳过",
               "numbers in the pool's range were never given out: skipped")
