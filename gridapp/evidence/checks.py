"""What an import finds doubtful about a file: warnings that do not block, but need a reason.

Contract: ``assess`` looks at the files of one import as prepared (content hash, capture time
and its source, GPS) against the case and everything the station already holds, and returns
for each file its warnings, in this order:
- ``duplicate``: the same content (SHA-256) is already an item of this case, of another case
  (named), or an earlier file of the same import;
- ``no_time``: a photo or video with no capture time of its own (only the file's time);
- ``before_act``: taken more than the pack's ``[evidence].days_before_act`` days before the
  case's act date (station time), or ``after_import``: taken after the import (beyond the
  allowed clock difference);
- ``far``: its GPS position more than ``[evidence].distance_m`` metres from the case's
  coordinates. Cases have coordinates only when the officer entered them (grids have none, and
  addresses are not geocoded): without them this check is not made.
Nothing here writes. ``check_reason`` validates the officer's reason for importing anyway.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from gridapp.caselog.service import CLOCK_SKEW  # a camera clock a few minutes ahead is fine
from gridapp.errors import ValidationError
from gridapp.evidence.service import item_view
from gridapp.inputlimits import check_text
from gridapp.models import Case, Evidence
from gridapp.packs.model import EvidenceChecks
from gridapp.timeutil import station_time

MAX_REASON = 1000
TIMED_MEDIA = ("photo", "video")  # audio files rarely carry a capture time: not warned


@dataclass(frozen=True)
class EvidenceWarning:
    """One warning about one file: ``text`` is the Chinese sentence shown and recorded."""

    code: str  # duplicate | no_time | before_act | after_import | far
    file: str
    text: str
    text_en: str

    def stored(self) -> dict[str, str]:
        return {"code": self.code, "text": self.text}


@dataclass(frozen=True)
class FileFacts:
    """What the checks need to know about one prepared file."""

    name: str
    sha256: str
    media: str
    captured_at: datetime | None  # aware UTC; None or ``time_source == "file"``: none of its own
    time_source: str
    lat: float | None
    lon: float | None


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (haversine; ample for "is this photo from here")."""
    r = 6_371_000.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(min(1.0, math.sqrt(a)))


def _act_date(case: Case) -> date | None:
    try:
        return date.fromisoformat(case.act_date) if case.act_date else None
    except ValueError:
        return None


def _duplicates(session: Session, case: Case, files: Sequence[FileFacts]
                ) -> list[list[EvidenceWarning]]:
    hashes = {f.sha256 for f in files}
    earlier: dict[str, Evidence] = {}
    held = session.scalars(select(Evidence).where(Evidence.sha256.in_(hashes),
                                                  Evidence.deleted.is_(False))
                           .order_by(Evidence.imported_at, Evidence.id))
    for row in held:  # prefer an item of this case, then the earliest elsewhere
        first = earlier.get(row.sha256)
        if first is None or (first.case_id != case.id and row.case_id == case.id):
            earlier[row.sha256] = row
    out: list[list[EvidenceWarning]] = []
    seen: dict[str, str] = {}
    for f in files:
        found: list[EvidenceWarning] = []
        held_row = earlier.get(f.sha256)
        if held_row is not None:
            label = item_view(session, held_row).label
            state = "（已撤回）" if held_row.withdrawn_at is not None else ""
            if held_row.case_id == case.id:
                zh = f"{f.name}：与本案已有的证据 {label}{state} 内容完全相同（同一文件重复导入）"
                en = f"{f.name}: same content as item {label} of this case"
            else:
                other = session.get(Case, held_row.case_id)
                number = other.number if other is not None else held_row.case_id
                zh = (f"{f.name}：与另一案件 {number} 的证据 {label}{state} 内容完全相同，"
                      "请核实是否本案证据")
                en = f"{f.name}: same content as item {label} of another case, {number}"
            found.append(EvidenceWarning("duplicate", f.name, zh, en))
        elif f.sha256 in seen:
            found.append(EvidenceWarning(
                "duplicate", f.name, f"{f.name}：与本次导入的 {seen[f.sha256]} 内容完全相同",
                f"{f.name}: same content as {seen[f.sha256]} in this import"))
        seen.setdefault(f.sha256, f.name)
        out.append(found)
    return out


def _time(f: FileFacts, case: Case, checks: EvidenceChecks, now: datetime
          ) -> EvidenceWarning | None:
    if f.media not in TIMED_MEDIA and f.time_source == "file":
        return None
    if f.captured_at is None or f.time_source == "file":
        return EvidenceWarning(
            "no_time", f.name, f"{f.name}：没有拍摄时间（只有文件修改时间），请核实拍摄时间",
            f"{f.name}: no capture time (only the file's modification time)")
    taken = station_time(f.captured_at)
    act = _act_date(case)
    if act is not None and taken.date() < act - timedelta(days=checks.days_before_act):
        return EvidenceWarning(
            "before_act", f.name,
            f"{f.name}：拍摄于 {taken:%Y-%m-%d}，早于违法行为日期 {act} 超过 "
            f"{checks.days_before_act} 天，请核实是否本案证据",
            f"{f.name}: taken {taken:%Y-%m-%d}, more than {checks.days_before_act} days before "
            f"the act ({act})")
    if f.captured_at > now + CLOCK_SKEW:
        return EvidenceWarning(
            "after_import", f.name,
            f"{f.name}：拍摄时间 {taken:%Y-%m-%d %H:%M} 晚于导入时间，请核实相机时间",
            f"{f.name}: capture time {taken:%Y-%m-%d %H:%M} is after the import")
    return None


def _far(f: FileFacts, case: Case, checks: EvidenceChecks) -> EvidenceWarning | None:
    if case.lat is None or case.lon is None or f.lat is None or f.lon is None:
        return None
    metres = distance_m(case.lat, case.lon, f.lat, f.lon)
    if metres <= checks.distance_m:
        return None
    far = (f"{metres / 1000:.0f} 公里" if metres >= 10_000 else
           f"{metres / 1000:.1f} 公里" if metres >= 1000 else f"{metres:.0f} 米")
    return EvidenceWarning(
        "far", f.name, f"{f.name}：拍摄位置距案发地点约 {far}，请核实是否本案证据",
        f"{f.name}: taken about {metres / 1000:.1f} km from the case's place")


def assess(session: Session, case: Case, files: Sequence[FileFacts], checks: EvidenceChecks,
           now: datetime) -> list[list[EvidenceWarning]]:
    """Each file's warnings (see the module contract), in the order of ``files``."""
    out = _duplicates(session, case, files)
    for f, found in zip(files, out, strict=True):
        for extra in (_time(f, case, checks, now), _far(f, case, checks)):
            if extra is not None:
                found.append(extra)
    return out


def check_reason(reason: str) -> str:
    """The officer's reason for importing despite warnings: required, one line of at most
    ``MAX_REASON`` characters, no control characters (line breaks included) or bidi controls.
    Returns it stripped."""
    text = reason.strip()
    if not text:
        raise ValidationError("导入理由不能为空：请写明为何仍要导入这些有提示的证据",
                              "a reason is required to import evidence with warnings",
                              field="reason")
    try:
        check_text(text, "导入理由", max_chars=MAX_REASON)
    except ValidationError as exc:
        raise ValidationError(exc.message_zh, exc.message_en, field="reason") from exc
    return text


def warning_list(warnings: Sequence[EvidenceWarning]) -> str:
    """The warnings as numbered lines, for a message."""
    return "\n".join(f"{i}. {w.text}" for i, w in enumerate(warnings, start=1))
