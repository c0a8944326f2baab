"""Case numbers (案件编号) from the pack's format, sequential per year on this station."""

from __future__ import annotations

from sqlalchemy.orm import Session

from gridapp.models import Meta


def next_case_number(session: Session, fmt: str, year: int) -> str:
    """Reserve the next number for ``year`` inside the caller's transaction.

    ``fmt`` uses ``{year}`` and ``{seq}`` (e.g. ``沪城管案〔{year}〕{seq:06d}``). The counter
    lives in ``meta`` and is bumped in the same transaction as the case insert, so a rolled-back
    case gives its number back.
    """
    key = f"case_seq:{year}"
    row = session.get(Meta, key)
    seq = int(row.value) + 1 if row else 1
    if row is None:
        session.add(Meta(key=key, value=str(seq)))
    else:
        row.value = str(seq)
    return fmt.format(year=year, seq=seq)
