"""Number ranges a station holds: one pool mechanism for case numbers and document numbers.

Every number shown to a person is ``format(year=…, segment=…, seq=…)`` with the pack's format,
e.g. ``沪城管案〔2026〕01-000001`` (segment 01, serial 1). A station's **segment** (站点号段) is
configured at ``gridapp init`` and kept in ``meta`` (device-local); HQ will later reserve ranges
(``source="hq"`` pools). Contracts:

- numbers are taken only from pools whose ``holder_device`` is this device, so a pool that
  arrived from another device is never used;
- within a pool numbers are gapless: one is taken inside the caller's unit of work, so a rolled
  back transaction gives it back, and a used number is never given again;
- a local pool covers the whole ``{seq}`` width of the format in the station's segment
  (``000001``..``999999`` for ``{seq:06d}``); when it is used up the station gets a clear Chinese
  error, never a number from another segment.
"""

from __future__ import annotations

import string

from sqlalchemy import select
from sqlalchemy.orm import Session

from gridapp.errors import IntegrityError, ValidationError
from gridapp.hlc import HybridLogicalClock
from gridapp.models import Meta, NumberPool
from gridapp.models.base import new_id
from gridapp.store import BINDING_KEY, DEVICE_KEY, StationStore, device_binding, write_meta

SEGMENT_KEY = "station_segment"
MIN_SEGMENT, MAX_SEGMENT = 1, 99
DEFAULT_SEGMENT = 1
# Stations numbered before segments existed keep their sequences in segment 0 (the migration
# turns their counters into segment-0 pools); ``init`` never hands it out.
LEGACY_SEGMENT = 0


def parse_segment(value: str | int) -> int:
    """A segment given by a person (``--segment``): an integer 1..99."""
    text = str(value).strip()
    if not text.isdigit() or not MIN_SEGMENT <= int(text) <= MAX_SEGMENT:
        raise ValidationError(
            f"站点号段应为 {MIN_SEGMENT}–{MAX_SEGMENT} 之间的整数（由市局统一分配，"
            f"同一城市各站点互不相同），收到“{value}”",
            f"the station segment must be an integer {MIN_SEGMENT}..{MAX_SEGMENT}, got {value!r}",
            field="segment",
        )
    return int(text)


def station_segment(session: Session) -> int:
    row = session.get(Meta, SEGMENT_KEY)
    if row is None:
        raise ValidationError(
            "本站尚未配置站点号段，不能编号；请用 gridapp device reenrol --segment N 设置",
            "this station has no segment; set one with 'gridapp device reenrol --segment N'",
            field="segment",
        )
    return int(row.value)


def set_segment(session: Session, segment: int) -> None:
    row = session.get(Meta, SEGMENT_KEY)
    if row is None:
        session.add(Meta(key=SEGMENT_KEY, value=str(segment)))
    else:
        row.value = str(segment)


def seq_capacity(fmt: str) -> int:
    """The largest ``{seq}`` the format shows at its fixed width (``{seq:06d}`` → 999999)."""
    for _, name, spec, _ in string.Formatter().parse(fmt):
        if name == "seq":
            digits = (spec or "").rstrip("d").lstrip("0") or "0"
            width = int(digits) if digits.isdigit() else 0
            return 10**width - 1 if width else 999_999
    return 999_999


def segment_in_use(session: Session, segment: int, device: str) -> bool:
    """True when pools of ``segment`` are held by a device other than ``device``."""
    return session.scalars(
        select(NumberPool.id).where(NumberPool.segment == segment,
                                    NumberPool.holder_device != device).limit(1)
    ).first() is not None


def take(
    store: StationStore, session: Session, *, kind: str, series: str, year: int, fmt: str,
    what: str, actor: str, case_id: str = "",
) -> tuple[int, int]:
    """Take the next ``(segment, seq)`` of ``kind``/``series``/``year``; audited as a pool change.

    ``what`` names the number in messages (e.g. ``案件编号``).
    """
    device = store.device_id
    pool = session.scalars(
        select(NumberPool)
        .where(NumberPool.kind == kind, NumberPool.series == series, NumberPool.year == year,
               NumberPool.holder_device == device, NumberPool.next_value <= NumberPool.last,
               NumberPool.deleted.is_(False))
        .order_by(NumberPool.segment, NumberPool.first)
    ).first()
    if pool is None:
        pool = _open_local_pool(session, kind=kind, series=series, year=year, fmt=fmt,
                                what=what, device=device)
        store.record(session, pool, op="insert", actor=actor, action="numbers.pool_open",
                     case_id=case_id)
    seq = pool.next_value
    before = {"next_value": seq}
    pool.next_value = seq + 1
    store.record(session, pool, op="update", actor=actor, action="numbers.allocate",
                 case_id=case_id, before=before,
                 audit_after={"series": series, "segment": pool.segment, "seq": seq})
    return pool.segment, seq


def _open_local_pool(
    session: Session, *, kind: str, series: str, year: int, fmt: str, what: str, device: str,
) -> NumberPool:
    segment = station_segment(session)
    first, last = 1, seq_capacity(fmt)
    held = session.scalars(
        select(NumberPool).where(NumberPool.kind == kind, NumberPool.series == series,
                                 NumberPool.year == year, NumberPool.segment == segment)
        .order_by(NumberPool.last.desc())
    ).first()
    if held is not None and held.holder_device == device:
        raise IntegrityError(
            f"本站号段 {segment:02d} 中 {year} 年的{what}已用完（{held.first}–{held.last}），"
            "不能再编号；请联系市局分配新的号段。本次操作未保存",
            f"{kind} numbers of segment {segment:02d} for {year} are used up "
            f"({held.first}..{held.last}); ask HQ for a new range (nothing was saved)",
            field="segment",
        )
    if held is not None:
        raise IntegrityError(
            f"号段 {segment:02d} 已由另一台设备（{held.holder_device}）使用，本设备不能再从中编号；"
            "请用 gridapp device reenrol --segment N 换用市局分配的其他号段。本次操作未保存",
            f"segment {segment:02d} is held by device {held.holder_device}; "
            "take another segment with 'gridapp device reenrol --segment N' (nothing was saved)",
            field="segment",
        )
    return NumberPool(kind=kind, series=series, year=year, segment=segment, first=first,
                      last=last, next_value=first, source="local", holder_device=device)


def take_new_identity(store: StationStore, segment: int) -> str:
    """Give this copy its own device id and station segment; returns the new device id.

    Refuses a segment whose numbers are held by another device (e.g. the original's), so the
    copy can never hand out numbers the original also hands out.
    """
    device = new_id().replace("-", "")[:16]
    with store.read() as s:
        if segment_in_use(s, segment, device):
            raise ValidationError(
                f"号段 {segment:02d} 已由本数据库中的另一台设备使用，请向市局申请其他号段",
                f"segment {segment:02d} is already used by another device in this database",
                field="segment",
            )
    write_meta(store, {DEVICE_KEY: device, BINDING_KEY: device_binding(store.db_path),
                        SEGMENT_KEY: str(segment)})
    store.device_id = device
    store.clock = HybridLogicalClock(device)
    store.seed_clock()
    store.identity_error = None
    return device
