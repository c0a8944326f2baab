"""Document numbers (文号) from the ranges this station holds: gapless within a range.

A number is taken inside the caller's unit of work, so a failed issue rolls the pool back and
leaves no gap; a voided document keeps its number. Pools are the shared mechanism of
``gridapp.numbering``: only pools this device holds are used (never one that arrived from
another device); until HQ reserves ranges, the station opens a local pool per series and year
in its own segment on first use.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from gridapp import numbering
from gridapp.errors import IntegrityError, ValidationError
from gridapp.models import Document
from gridapp.packs import JurisdictionPack
from gridapp.store import StationStore


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


def allocate_number(
    store: StationStore, session: Session, pack: JurisdictionPack, series: str, year: int,
    actor: str, case_id: str = "",
) -> str:
    """Take the next number of ``series`` for ``year``; the pool change is audited."""
    fmt = number_format(pack, series)
    segment, seq = numbering.take(store, session, kind="document", series=series, year=year,
                                  fmt=fmt, what="文号", actor=actor, case_id=case_id)
    number = fmt.format(year=year, segment=segment, seq=seq)
    if session.scalar(select(Document.id).where(Document.number == number)) is not None:
        raise IntegrityError(
            f"文号 {number} 已被使用，编号池与已签发文书不一致，请联系管理员核对编号池",
            f"document number {number} already used; number pool out of step",
            field="number",
        )
    return number
