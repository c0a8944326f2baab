"""Document numbers (文号) from the station's number pools: gapless within a pool.

A number is taken inside the caller's unit of work, so a failed issue rolls the pool back and
leaves no gap; a voided document keeps its number. Until HQ reserves pools, the station opens a
local pool per series and year on first use.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gridapp.errors import IntegrityError, ValidationError
from gridapp.models import Document, NumberPool
from gridapp.packs import JurisdictionPack
from gridapp.store import StationStore

LOCAL_BLOCK = 9999


def number_format(pack: JurisdictionPack, series: str) -> str:
    """The pack's format for ``series``; every template's series must be defined by the pack."""
    fmt = pack.document_number_formats.get(series)
    if fmt is None:
        raise ValidationError(
            f"规则包“{pack.name}”未定义文书编号系列“{series}”，请在规则包 [numbering.documents] 中补充",
            f"pack {pack.code} has no document number series {series!r}",
            field="numbering.documents",
        )
    return fmt


def open_pool(session: Session, series: str, year: int) -> NumberPool:
    last = session.scalar(
        select(func.max(NumberPool.last)).where(NumberPool.series == series, NumberPool.year == year)
    )
    first = (last or 0) + 1
    return NumberPool(series=series, year=year, first=first, last=first + LOCAL_BLOCK - 1,
                      next_value=first, source="local")


def allocate_number(
    store: StationStore, session: Session, pack: JurisdictionPack, series: str, year: int,
    actor: str, case_id: str = "",
) -> str:
    """Take the next number of ``series`` for ``year``; the pool change is audited."""
    pool = session.scalars(
        select(NumberPool)
        .where(NumberPool.series == series, NumberPool.year == year,
               NumberPool.next_value <= NumberPool.last, NumberPool.deleted.is_(False))
        .order_by(NumberPool.first)
    ).first()
    if pool is None:
        pool = open_pool(session, series, year)
        store.record(session, pool, op="insert", actor=actor, action="numbers.pool_open",
                     case_id=case_id)
    seq = pool.next_value
    number = number_format(pack, series).format(year=year, seq=seq)
    if session.scalar(select(Document.id).where(Document.number == number)) is not None:
        raise IntegrityError(
            f"文号 {number} 已被使用，编号池与已签发文书不一致，请联系管理员核对编号池",
            f"document number {number} already used; number pool out of step",
            field="number",
        )
    before = {"next_value": seq}
    pool.next_value = seq + 1
    store.record(session, pool, op="update", actor=actor, action="numbers.allocate",
                 case_id=case_id, before=before, audit_after={"series": series, "number": number})
    return number
