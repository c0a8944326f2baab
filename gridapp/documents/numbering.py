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
from gridapp.packs.model import Bureau, number_format_fields
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


def pool_series(series: str, bureau: Bureau | None) -> str:
    """The pool a series is numbered from: one per series and bureau (``penalty_decision@310101``),
    so a station that changes bureau starts that bureau's series at 1 and never continues another
    body's numbers under a new prefix."""
    return f"{series}@{bureau.code}" if bureau is not None else series


def allocate_number(
    store: StationStore, session: Session, pack: JurisdictionPack, series: str, year: int,
    actor: str, case_id: str = "", bureau: Bureau | None = None,
) -> str:
    """Take the next number of ``series`` for ``year`` under ``bureau`` (its 文号代字 fills
    ``{bureau}``: two bureaus never share a number, two stations of one bureau differ by their
    segment); the pool change is audited."""
    fmt = number_format(pack, series)
    segment, seq = numbering.take(store, session, kind="document",
                                  series=pool_series(series, bureau), year=year,
                                  fmt=fmt, what="文号", actor=actor, case_id=case_id)
    if "bureau" in number_format_fields(fmt) and bureau is None:
        # After the segment check (an upgraded station learns first that it needs a segment);
        # raising rolls the caller's unit of work back, so the number is not taken.
        raise ValidationError(
            "本站尚未配置所属的区执法机关（执法主体），不能编文号；请中队长或管理员运行 "
            "gridapp station set-bureau 区划代码 --reason 理由",
            "the station has no bureau configured: no document number can be given",
            field="bureau",
        )
    number = fmt.format(year=year, segment=segment, seq=seq,
                        bureau=bureau.number_prefix if bureau is not None else "")
    if session.scalar(select(Document.id).where(Document.number == number)) is not None:
        raise IntegrityError(
            f"文号 {number} 已被使用，编号池与已签发文书不一致，请联系管理员核对编号池",
            f"document number {number} already used; number pool out of step",
            field="number",
        )
    return number
