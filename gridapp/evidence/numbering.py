"""Evidence item numbers (证据序号): short, ordered, and never clashing between stations.

Each station numbers the items it adds to a case 1, 2, 3 … within its own segment
(``item_segment``), so (case, item_segment, item_no) is unique even when two stations add
evidence to the same case offline. Items are append-only (withdrawn, never deleted), so
"largest + 1" within the station's own segment is gapless and is taken inside the writing
transaction (``BEGIN IMMEDIATE``), where no other writer can interleave.

Shown as ``#3`` for the items of the station that opened the case and ``#05-3`` (segment 05,
item 3) for items another station added: officers keep short numbers in order, and a number
read out never names two items.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gridapp import numbering
from gridapp.errors import IntegrityError, ValidationError
from gridapp.models import Case, Evidence
from gridapp.store import StationStore

MAX_ITEMS = 9999  # per case and station segment


def next_item_numbers(
    store: StationStore, session: Session, case: Case, count: int,
) -> tuple[int, int]:
    """``(segment, first)``: the station's segment and the first of ``count`` new item numbers.

    Refuses a station without a real segment (``numbering.allocation_segment``).
    """
    segment = numbering.allocation_segment(store, session)
    last = session.scalar(
        select(func.max(Evidence.item_no))
        .where(Evidence.case_id == case.id, Evidence.item_segment == segment)
    ) or 0
    if last + count > MAX_ITEMS:
        raise IntegrityError(
            f"案件 {case.number} 中本站（号段 {segment:02d}）的证据序号已用完（最多 {MAX_ITEMS} 项），"
            "未写入任何证据",
            f"case {case.number}: evidence numbers of segment {segment:02d} are used up",
            field="item",
        )
    return segment, last + 1


def item_ref(item_no: int, item_segment: int, home: bool) -> str:
    """What a person sees after ``#``: ``3`` for the case's own station, ``05-3`` otherwise."""
    return str(item_no) if home else f"{item_segment:02d}-{item_no}"


def parse_item_ref(text: str) -> tuple[int | None, int]:
    """``"3"`` → (None, 3) (the case's own station); ``"05-3"`` → (5, 3)."""
    seg, sep, num = text.strip().rpartition("-")
    if (num.isascii() and num.isdigit() and len(num) <= 9
            and (not sep or (seg.isascii() and seg.isdigit() and len(seg) <= 2))):
        return (int(seg) if sep else None), int(num)
    raise ValidationError(f"证据编号格式应为 案件编号#序号（如 #3 或 #05-3）：{text}",
                          f"item reference must be CASE#N or CASE#SS-N: {text}", field="item")


def is_home(row: Evidence, case: Case) -> bool:
    """Added by the station (device) that opened the case."""
    return not case.origin_device or row.origin_device == case.origin_device


def ordered(rows: list[Evidence], case: Case) -> list[Evidence]:
    """The case's own items first (1, 2, 3 …), then other stations' by segment and number."""
    return sorted(rows, key=lambda r: (not is_home(r, case), r.item_segment, r.item_no,
                                       r.imported_at))
