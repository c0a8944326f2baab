"""Reading and amending evidence items: list, find, caption edit, withdrawal.

Evidence rows are append-only: there is no delete. A caption edit and a withdrawal are updates
recorded through ``store.record`` (outbox row + audit event with the value before and after).
An item is named by its id, a unique id prefix (≥ 6 characters) or ``<case number>#<item no>``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta, timezone
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gridapp.caselog.service import find_case
from gridapp.errors import NotFoundError, ValidationError
from gridapp.evidence.intake import check_caption
from gridapp.evidence.numbering import is_home, item_ref, ordered, parse_item_ref
from gridapp.inputlimits import check_text
from gridapp.models import Case, Evidence, Officer, utcnow
from gridapp.store import StationStore
from gridapp.timeutil import station_time

MAX_REASON = 1000


@dataclass(frozen=True)
class EvidenceView:
    """One item as the CLI and UI show it (plain data, no ORM object)."""

    id: str
    case_number: str
    item_no: int
    kind: str
    media: str
    mime: str
    size: int
    sha256: str
    caption: str
    original_name: str
    captured_at: str
    capture_time_source: str
    lat: float | None
    lon: float | None
    camera: str
    width: int | None
    height: int | None
    duration_s: float | None
    officer_badge: str
    imported_at: str
    thumb_sha256: str
    print_sha256: str
    withdrawn: bool
    withdrawn_reason: str
    item_segment: int = 0
    # What follows "#": "3" for the case's own station, "05-3" for another station's item.
    item_ref: str = ""
    # What the import warned about (each naming the file) and the officer's reason for
    # importing it all the same (``gridapp.evidence.checks``).
    warnings: tuple[str, ...] = ()
    warning_reason: str = ""

    @property
    def label(self) -> str:
        return f"{self.case_number}#{self.item_ref or self.item_no}"


def local_capture_time(row: Evidence) -> str:
    if row.captured_at is None:
        return ""
    utc = row.captured_at  # aware UTC (UTCDateTime)
    offset = row.capture_utc_offset
    if offset:
        sign = -1 if offset[0] == "-" else 1
        delta = timedelta(hours=int(offset[1:3]), minutes=int(offset[4:6]))
        return utc.astimezone(timezone(sign * delta)).isoformat()
    return station_time(utc).isoformat()


def stored_warnings(row: Evidence) -> tuple[str, ...]:
    """The warning texts recorded on an item (none for items imported before they were)."""
    try:
        data: Any = json.loads(row.warnings_json or "[]")
    except ValueError:
        return ()
    if not isinstance(data, list):
        return ()
    return tuple(str(w["text"]) for w in data if isinstance(w, dict) and w.get("text"))


def view(row: Evidence, case: Case, badge: str) -> EvidenceView:
    return EvidenceView(
        id=row.id, case_number=case.number, item_no=row.item_no, kind=row.kind,
        media=row.media, mime=row.mime, size=row.size, sha256=row.sha256, caption=row.caption,
        original_name=row.original_name, captured_at=local_capture_time(row),
        capture_time_source=row.capture_time_source, lat=row.lat, lon=row.lon,
        camera=row.camera, width=row.width, height=row.height, duration_s=row.duration_s,
        officer_badge=badge, imported_at=row.imported_at.isoformat(),
        thumb_sha256=row.thumb_sha256, print_sha256=row.print_sha256,
        withdrawn=row.withdrawn_at is not None, withdrawn_reason=row.withdrawn_reason,
        item_segment=row.item_segment,
        item_ref=item_ref(row.item_no, row.item_segment, is_home(row, case)),
        warnings=stored_warnings(row), warning_reason=row.warning_reason,
    )


def _badges(session: Session, rows: list[Evidence]) -> dict[str, str]:
    ids = {r.officer_id for r in rows if r.officer_id}
    if not ids:
        return {}
    found = session.execute(select(Officer.id, Officer.badge_no).where(Officer.id.in_(ids)))
    return dict(found.all())


def case_items(session: Session, case: Case) -> list[Evidence]:
    rows = session.scalars(
        select(Evidence).where(Evidence.case_id == case.id, Evidence.deleted.is_(False))
    )
    return ordered(list(rows), case)


def list_items(session: Session, case_ref: str) -> list[EvidenceView]:
    case = find_case(session, case_ref)
    rows = case_items(session, case)
    badges = _badges(session, rows)
    return [view(r, case, badges.get(r.officer_id or "", "")) for r in rows]


def find_item(session: Session, ref: str) -> Evidence:
    ref = ref.strip()
    if "#" in ref:
        case_ref, _, number = ref.rpartition("#")
        segment, item_no = parse_item_ref(number)
        case = find_case(session, case_ref)
        matches = [r for r in session.scalars(
            select(Evidence).where(Evidence.case_id == case.id, Evidence.item_no == item_no)
        ) if (is_home(r, case) if segment is None else r.item_segment == segment)]
        row = matches[0] if matches else None
    elif len(ref) >= 6:
        rows = session.scalars(select(Evidence).where(Evidence.id.startswith(ref)).limit(2)).all()
        if len(rows) > 1:
            raise ValidationError(f"证据编号 {ref} 不唯一，请给出更长的编号",
                                  f"item id prefix {ref} is ambiguous", field="item")
        row = rows[0] if rows else None
    else:
        row = None
    if row is None or row.deleted:
        raise NotFoundError(f"找不到证据 {ref}", f"no evidence item {ref}", field="item")
    return row


def item_view(session: Session, row: Evidence) -> EvidenceView:
    case = session.get(Case, row.case_id)
    assert case is not None
    return view(row, case, _badges(session, [row]).get(row.officer_id or "", ""))


def edit_caption(
    store: StationStore, session: Session, ref: str, caption: str, actor: str
) -> Evidence:
    row = find_item(session, ref)
    text = check_caption(caption)
    if row.withdrawn_at is not None:
        raise ValidationError("该证据已撤回，不能修改说明", "item is withdrawn", field="item")
    before = {"caption": row.caption}
    row.caption = text
    store.record(session, row, op="update", actor=actor, action="evidence.caption",
                 case_id=row.case_id, before=before, audit_after={"caption": text})
    return row


def withdraw(store: StationStore, session: Session, ref: str, reason: str, actor: str) -> Evidence:
    """Mark an item withdrawn (撤回). The row and its file stay; the reason is required."""
    row = find_item(session, ref)
    text = reason.strip()
    if not text:
        raise ValidationError("撤回证据必须填写理由", "a reason is required to withdraw",
                              field="reason")
    if len(text) > MAX_REASON:
        raise ValidationError(f"撤回理由过长（上限 {MAX_REASON} 字）", "reason too long",
                              field="reason")
    check_text(text, "reason", label="撤回理由", multiline=True)
    if row.withdrawn_at is not None:
        raise ValidationError("该证据已经撤回", "item already withdrawn", field="item")
    row.withdrawn_at = utcnow()
    row.withdrawn_reason = text
    store.record(
        session, row, op="update", actor=actor, action="evidence.withdraw", case_id=row.case_id,
        before={"withdrawn_reason": ""},
        audit_after={"withdrawn_reason": text, "withdrawn_at": row.withdrawn_at.isoformat()},
    )
    return row
