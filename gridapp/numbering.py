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
  error, never a number from another segment;
- a station upgraded from before segments (segment 0) hands out no new number until it has a
  real segment (``gridapp device set-segment N``); its segment-0 numbers stay valid history;
- after a unit of work that took a number commits, the device-local high-water mark
  (``gridapp.db.device_state``) is advanced, so a database restored from an older copy is
  recognised and refused.
"""

from __future__ import annotations

import string
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import select
from sqlalchemy.orm import Session

from gridapp.db import device_state
from gridapp.errors import IntegrityError, ValidationError
from gridapp.hlc import HybridLogicalClock
from gridapp.models import Meta, NumberPool
from gridapp.models.base import new_id
from gridapp.store import (
    BINDING_KEY,
    DEVICE_KEY,
    StationStore,
    device_binding,
    restored_error,
)

SEGMENT_KEY = "station_segment"
MIN_SEGMENT, MAX_SEGMENT = 1, 99
DEFAULT_SEGMENT = 1
# Stations numbered before segments existed keep their sequences in segment 0 (the migration
# turns their counters into segment-0 pools); ``init`` never hands it out.
LEGACY_SEGMENT = 0


def parse_segment(value: str | int) -> int:
    """A segment given by a person (``--segment``): an integer 1..99."""
    text = str(value).strip()
    # ASCII digits only ("²".isdigit() is true but int() refuses it), and short enough for int().
    if not (text.isascii() and text.isdigit() and len(text) <= 3) \
            or not MIN_SEGMENT <= int(text) <= MAX_SEGMENT:
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


def allocation_segment(store: StationStore, session: Session) -> int:
    """The segment new numbers are taken in; refuses a station still in legacy segment 0.

    Also arranges for the device-local high-water mark to advance once ``session`` commits.
    """
    segment = station_segment(session)
    if segment == LEGACY_SEGMENT:
        raise ValidationError(
            "本站是从旧版本升级的，尚未配置站点号段（旧编号记在号段 00 中，仍然有效），"
            "为免与其他站点重号，暂不能发出新的案件编号、文号或证据序号；请向市局（指挥中心）"
            "申请本站号段，然后运行 gridapp device set-segment N。本次操作未保存",
            "this station was upgraded from an older version and has no segment yet (segment 00): "
            "no new number can be issued; ask HQ for this station's segment and run "
            "'gridapp device set-segment N' (nothing was saved)",
            field="segment",
        )
    device_state.advance_after_commit(session, store.engine, store.data_dir, store.device_id)
    return segment


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
    allocation_segment(store, session)
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
    # A case number is stated by the case's creation event in the same transaction, so taking
    # it writes no event of its own; 文号 keep theirs (the document is issued after numbering).
    store.record(session, pool, op="update", actor=actor, action="numbers.allocate",
                 case_id=case_id, before=before,
                 audit_after={"series": series, "segment": pool.segment, "seq": seq},
                 audited=kind != "case")
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


def _current_segment(session: Session) -> int | None:
    row = session.get(Meta, SEGMENT_KEY)
    return None if row is None else int(row.value)


@contextmanager
def _identity_session(store: StationStore) -> Iterator[Session]:
    """A unit of work that changes the device identity itself, allowed while writes are refused.

    The refusal (``identity_error``) comes back if the unit of work fails.
    """
    saved = store.identity_error
    store.identity_error = None
    try:
        with store.session() as s:
            yield s
    except BaseException:
        store.identity_error = saved
        raise


def _segment_taken_error(segment: int) -> ValidationError:
    return ValidationError(
        f"号段 {segment:02d} 已由本数据库中的另一台设备使用，请向市局申请其他号段",
        f"segment {segment:02d} is already used by another device in this database",
        field="segment",
    )


def _record_identity(
    store: StationStore, session: Session, *, actor: str, action: str,
    before: dict[str, object], after: dict[str, object],
) -> None:
    """The identity change as an audit event (and outbox row) on the station row."""
    store.record(session, store.station(session), op="update", actor=actor, action=action,
                 before=before, audit_after=after)


def take_new_identity(store: StationStore, segment: int, *, actor: str) -> str:
    """Give this copy its own device id and station segment; returns the new device id.

    Refuses the segment recorded for this data directory (the original's, which may not have
    numbered anything yet) and a segment whose numbers are held by another device, so the copy
    can never hand out numbers the original also hands out. Audited as ``device.reenrol``.
    """
    device = new_id().replace("-", "")[:16]
    with store.read() as s:
        current = _current_segment(s)
        if current == segment:
            raise ValidationError(
                f"号段 {segment:02d} 是本数据目录原来登记的站点号段（属于原设备），副本或恢复的"
                "数据库不能继续使用；请向市局申请其他号段",
                f"segment {segment:02d} is the one this data directory was set up with (the "
                "original's); take another segment",
                field="segment",
            )
        if segment_in_use(s, segment, device):
            raise _segment_taken_error(segment)
    old_device, old_clock = store.device_id, store.clock
    store.device_id, store.clock = device, HybridLogicalClock(device)
    store.seed_clock()
    try:
        with _identity_session(store) as s:
            for key, value in ((DEVICE_KEY, device), (BINDING_KEY, device_binding(store.db_path)),
                               (SEGMENT_KEY, str(segment))):
                s.merge(Meta(key=key, value=value))
            _record_identity(store, s, actor=actor, action="device.reenrol",
                             before={"device_id": old_device, "segment": current},
                             after={"device_id": device, "segment": segment})
    except BaseException:
        store.device_id, store.clock = old_device, old_clock
        raise
    device_state.reset(store.engine, store.data_dir, device)
    return device


def confirm_device_move(store: StationStore, *, actor: str) -> None:
    """Keep this device's identity at its new place; audited as ``device.move_confirmed``.

    Refused when the database is behind the numbers this device already issued (a restore of an
    older copy): only a new segment (``device reenrol``) is safe then.
    """
    if device_state.is_behind(store.engine, store.data_dir, store.device_id):
        raise restored_error(store.data_dir)
    here = device_binding(store.db_path)
    with _identity_session(store) as s:
        old = s.get(Meta, BINDING_KEY)
        segment = _current_segment(s)
        s.merge(Meta(key=BINDING_KEY, value=here))
        _record_identity(store, s, actor=actor, action="device.move_confirmed",
                         before={"device_id": store.device_id, "segment": segment,
                                 "binding": old.value if old is not None else None},
                         after={"device_id": store.device_id, "segment": segment,
                                "binding": here})


def set_station_segment(store: StationStore, segment: int, *, actor: str) -> None:
    """Give a station upgraded from before segments (segment 0) its real segment.

    Keeps the device id; the segment-0 pools are closed at the last number they gave (they stay
    as history, their numbers stay valid) and numbering continues in ``segment`` from 1.
    Refuses a station that already has a real segment (``device reenrol`` changes it) and a
    segment held by another device's pools. Audited as ``device.set_segment``.
    """
    device = store.device_id
    with store.session() as s:
        current = _current_segment(s)
        if current is not None and current != LEGACY_SEGMENT:
            raise ValidationError(
                f"本站已有站点号段 {current:02d}，不能再设置；如需更换号段（例如数据目录是副本），"
                "请用 gridapp device reenrol --segment N",
                f"this station already has segment {current:02d}; use 'gridapp device reenrol "
                "--segment N' to change it",
                field="segment",
            )
        if segment_in_use(s, segment, device):
            raise _segment_taken_error(segment)
        legacy = s.scalars(
            select(NumberPool).where(NumberPool.holder_device == device,
                                     NumberPool.segment == LEGACY_SEGMENT,
                                     NumberPool.next_value <= NumberPool.last)
        ).all()
        for pool in legacy:
            before = {"last": pool.last}
            pool.last = pool.next_value - 1
            store.record(s, pool, op="update", actor=actor, action="numbers.pool_close",
                         before=before, audit_after={"series": pool.series, "year": pool.year,
                                                     "segment": pool.segment, "last": pool.last})
        set_segment(s, segment)
        _record_identity(store, s, actor=actor, action="device.set_segment",
                         before={"device_id": device, "segment": current},
                         after={"device_id": device, "segment": segment})
