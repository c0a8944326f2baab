"""Number pools against the numbers in use: within a range every number up to ``next_value``
was given out exactly once (gapless), so a skipped or re-wound pool shows.

文号 are allocated by audited ``numbers.allocate`` events; case numbers are named by the cases
themselves (the pack's case number format). A pool whose count of numbers given out exceeds
what exists is reported without listing every missing number (a pool pushed to 2,000,000,000
must not make verify count that far).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path
from string import Formatter

from sqlalchemy import select
from sqlalchemy.orm import Session

from gridapp.changes import BASELINE_ACTION
from gridapp.db import device_state
from gridapp.integrity.findings import Report
from gridapp.models import AuditEvent, Case, NumberPool
from gridapp.vocab.document_kind import DOCUMENT_KIND

LISTED = 5  # missing numbers named in one finding


def _allocated(session: Session) -> tuple[dict[str, set[int]], dict[str, int]]:
    """文号 given out per pool (``numbers.allocate``), and each pool's next number at the
    baseline (numbers below it were given out before the chain recorded them)."""
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
    baseline: dict[str, int] = {}
    for (after_json,) in session.execute(select(AuditEvent.after_json).where(
            AuditEvent.action == BASELINE_ACTION)):
        try:
            found = json.loads(after_json).get("pools", {})
        except (ValueError, AttributeError):
            continue
        baseline.update({str(k): int(v) for k, v in found.items() if isinstance(v, int)})
    return out, baseline


def check_pools(session: Session, report: Report, *, device: str, data_dir: Path,
                case_format: str) -> None:
    allocated, baseline = _allocated(session)
    case_numbers = set(session.scalars(select(Case.number)))
    case_seqs = _case_seqs(case_numbers, case_format)
    marks = device_state.read_marks(data_dir).get(device)
    pools = session.scalars(select(NumberPool).where(NumberPool.holder_device == device,
                                                     NumberPool.deleted.is_(False)))
    for pool in pools:
        report.count("pools")
        subject = _pool_subject(pool)
        start = max(pool.first, baseline.get(pool.id, pool.first))
        given = pool.next_value - start
        if marks is not None and marks.pools.get(pool.id, 0) > pool.next_value:
            report.add("pools", subject,
                       f"本设备已发出到第 {marks.pools[pool.id] - 1} 号，数据库中的编号池却只到第 "
                       f"{pool.next_value - 1} 号：编号池被回拨，可能再次发出已用的编号",
                       "the pool is behind the numbers this device already gave out")
        if pool.kind == "case":
            parsed = case_seqs.get((pool.year, pool.segment), set())
            used = None if given > len(case_numbers) else {
                seq for seq in parsed if start <= seq < pool.next_value}
        else:
            used = {s for s in allocated.get(pool.id, set()) if s >= start}
        if used is None or given > len(used):
            _report_gap(report, subject, range(start, pool.next_value), used, given)
        beyond = sorted(s for s in (used or set()) if s >= pool.next_value)
        if beyond:
            report.add("pools", subject,
                       f"第 {beyond[0]} 号已发出，但编号池的下一个号为 {pool.next_value}："
                       "编号池被回拨，将再次发出已用的编号",
                       "a number at or past next_value was already given out")


def _number_pattern(fmt: str) -> re.Pattern[str]:
    """The case number format as a pattern with the year, segment and sequence as groups, at
    any width (a format whose widths changed still reads the numbers made before)."""
    parts = []
    for literal, name, _spec, _conv in Formatter().parse(fmt):
        parts.append(re.escape(literal))
        if name in ("year", "segment", "seq"):
            parts.append(rf"(?P<{name}>\d+)")
        elif name is not None:
            parts.append(".*?")
    return re.compile("".join(parts) + "$")


def _case_seqs(numbers: set[str], fmt: str) -> dict[tuple[int, int], set[int]]:
    """Sequence numbers in use per (year, segment), read from the case numbers."""
    pattern = _number_pattern(fmt)
    out: dict[tuple[int, int], set[int]] = defaultdict(set)
    for number in numbers:
        m = pattern.match(number)
        if m is None:
            continue
        found = m.groupdict()
        out[(int(found.get("year") or 0), int(found.get("segment") or 0))].add(int(found["seq"]))
    return out


def _pool_subject(pool: NumberPool) -> str:
    if pool.series == "case":
        what = "案件编号"
    elif pool.series.split("@")[0] in DOCUMENT_KIND.codes:
        series, _, bureau = pool.series.partition("@")
        what = f"{DOCUMENT_KIND.zh(series)}文号" + (f"（{bureau}）" if bureau else "")
    else:
        what = f"{pool.series} 编号"
    return f"{what}池 {pool.year}年 号段{pool.segment:02d}（{pool.id[:8]}）"


def _report_gap(report: Report, subject: str, span: range, used: set[int] | None,
                given: int) -> None:
    if used is None or given - len(used) > 1000:
        report.add("pools", subject,
                   f"编号池显示已发出 {given} 个编号，远多于实际存在的编号：编号被跳过",
                   "the pool claims far more numbers than exist: numbers were skipped")
        return
    missing = [s for s in span if s not in used][:LISTED]
    shown = "、".join(f"第 {s} 号" for s in missing)
    more = "等" if given - len(used) > len(missing) else ""
    report.add("pools", subject,
               f"{shown}{more}没有发出记录（共 {given - len(used)} 个）：编号被跳过",
               "numbers in the pool's range were never given out: skipped")
