"""Case numbers (案件编号): the pack's format filled from a range this station holds."""

from __future__ import annotations

from sqlalchemy.orm import Session

from gridapp import numbering
from gridapp.store import StationStore


def next_case_number(
    store: StationStore, session: Session, fmt: str, year: int, actor: str,
    case_id: str = "",
) -> str:
    """Take the next case number for ``year`` inside the caller's transaction.

    ``fmt`` uses ``{year}``, ``{segment}`` and ``{seq}`` (e.g.
    ``沪城管案〔{year}〕{segment:02d}-{seq:06d}``). The number comes from a pool this device
    holds (``gridapp.numbering``), taken in the same transaction as the case insert, so a
    rolled-back case gives its number back and numbers within the range stay gapless.
    """
    segment, seq = numbering.take(store, session, kind="case", series="case", year=year,
                                  fmt=fmt, what="案件编号", actor=actor, case_id=case_id)
    return fmt.format(year=year, segment=segment, seq=seq)
