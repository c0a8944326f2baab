"""Validation of case input (a JSON file, a form): unknown fields rejected, fields named.

``collect_case``/``collect_party`` report every bad field at once (a form shows each error
beside its field); ``parse_case``/``parse_party`` raise the first (the CLI's JSON input).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from gridapp.caselog.identity import normalise_id_number
from gridapp.errors import ValidationError
from gridapp.inputlimits import check_text
from gridapp.models.case import CASE_SOURCES
from gridapp.models.party import CARE_FLAGS, PARTY_KINDS
from gridapp.vocab.case_source import CASE_SOURCE

CASE_FIELDS = {
    "violation", "address", "grid", "source", "facts", "party", "lat", "lon",
    "act_date", "officers", "opened_at",
}
T = TypeVar("T")
NONE: tuple[str, ...] = ()
PARTY_FIELDS = {"kind", "name", "id_number", "phone", "address", "care_flags", "birth_date"}


@dataclass(frozen=True)
class PartyInput:
    kind: str
    name: str
    id_number: str = ""
    phone: str = ""
    address: str = ""
    care_flags: tuple[str, ...] = ()
    birth_date: str = ""


@dataclass(frozen=True)
class CaseInput:
    violation: str
    source: str
    address: str = ""
    grid: str = ""
    facts: str = ""
    party: PartyInput | None = None
    lat: float | None = None
    lon: float | None = None
    act_date: str = ""
    officers: tuple[str, ...] = field(default_factory=tuple)
    opened_at: str = ""


MULTILINE = frozenset({"facts"})


def _str(data: dict[str, Any], key: str, where: str, *, required: bool = False) -> str:
    value = data.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError(f"字段 {where} 应为文本", f"{where} must be a string", field=where)
    value = check_text(value.strip(), where, multiline=key in MULTILINE)
    if required and not value:
        raise ValidationError(f"缺少必填字段 {where}", f"{where} is required", field=where)
    return value


def _unknown(data: dict[str, Any], allowed: set[str], prefix: str) -> None:
    extra = sorted(set(data) - allowed)
    if extra:
        name = f"{prefix}{extra[0]}"
        raise ValidationError(f"未知字段 {name}", f"unknown field {name}", field=name)


def _date(value: str, where: str) -> str:
    if not value:
        return ""
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError as exc:
        raise ValidationError(
            f"字段 {where} 应为日期 (YYYY-MM-DD)", f"{where} must be an ISO date", field=where
        ) from exc


def _coord(data: dict[str, Any], key: str, low: float, high: float) -> float | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
        raise ValidationError(
            f"字段 {key} 应为 {low} 到 {high} 之间的数字", f"{key} out of range", field=key
        )
    return float(value)


class _Collector:
    """Runs field checks and keeps every ``ValidationError`` (in the order they were found)."""

    def __init__(self) -> None:
        self.errors: list[ValidationError] = []

    def take(self, check: Callable[[], T], default: T) -> T:
        try:
            return check()
        except ValidationError as exc:
            self.errors.append(exc)
            return default


def _kind(data: dict[str, Any], where: str) -> str:
    kind = _str(data, "kind", f"{where}.kind", required=True)
    if kind not in PARTY_KINDS:
        raise ValidationError(
            f"{where}.kind 应为 person（公民）或 organisation（法人或其他组织）",
            f"{where}.kind must be person or organisation",
            field=f"{where}.kind",
        )
    return kind


def _care_flags(data: dict[str, Any], where: str) -> tuple[str, ...]:
    flags = [] if data.get("care_flags") is None else data["care_flags"]
    if not isinstance(flags, (list, tuple)) or not all(isinstance(f, str) for f in flags):
        raise ValidationError("care_flags 应为文本列表", "care_flags", field=f"{where}.care_flags")
    unknown = [f for f in flags if f not in CARE_FLAGS]
    if unknown:
        raise ValidationError(
            f"未知的关怀标识“{unknown[0]}”，可用：disability（残疾）、low_income（低保）、elderly（高龄）",
            f"unknown care flag {unknown[0]!r}", field=f"{where}.care_flags",
        )  # fmt: skip
    return tuple(flags)


def collect_party(data: Any, where: str = "party") -> tuple[PartyInput | None, list[ValidationError]]:
    """Every problem of a party's input at once (fields named ``party.<name>``), or the input.

    The identity number is checked here (length and checksum, ``identity``) and returned
    normalised, so a form shows a wrong 身份证号 before anything is written.
    """
    if not isinstance(data, dict):
        return None, [ValidationError(f"字段 {where} 应为对象", f"{where} must be an object",
                                      field=where)]
    try:
        _unknown(data, PARTY_FIELDS, f"{where}.")
    except ValidationError as exc:
        return None, [exc]
    c = _Collector()
    kind = c.take(lambda: _kind(data, where), "")
    flags = c.take(lambda: _care_flags(data, where), NONE)
    name = c.take(lambda: _str(data, "name", f"{where}.name", required=True), "")
    raw_id = c.take(lambda: _str(data, "id_number", f"{where}.id_number"), "")
    id_number = (
        c.take(lambda: normalise_id_number(kind, raw_id, field=f"{where}.id_number"), raw_id)
        if kind else raw_id
    )
    phone = c.take(lambda: _str(data, "phone", f"{where}.phone"), "")
    address = c.take(lambda: _str(data, "address", f"{where}.address"), "")
    birth = c.take(
        lambda: _date(_str(data, "birth_date", f"{where}.birth_date"), f"{where}.birth_date"), ""
    )
    if c.errors:
        return None, c.errors
    return PartyInput(kind=kind, name=name, id_number=id_number, phone=phone, address=address,
                      care_flags=flags, birth_date=birth), []  # fmt: skip


def parse_party(data: Any, where: str = "party") -> PartyInput:
    party, errors = collect_party(data, where)
    if errors:
        raise errors[0]
    assert party is not None
    return party


def _source(data: dict[str, Any]) -> str:
    source = _str(data, "source", "source") or "patrol"
    if source not in CASE_SOURCES:
        allowed = CASE_SOURCE.choices_zh()
        raise ValidationError(
            f"未知的案件来源“{source}”，可用：{allowed}", f"unknown source {source!r}", field="source"
        )
    return source


MAX_CASE_OFFICERS = 20


def _officers(data: dict[str, Any]) -> tuple[str, ...]:
    officers = [] if data.get("officers") is None else data["officers"]
    if not isinstance(officers, list) or not all(isinstance(o, str) for o in officers):
        raise ValidationError("officers 应为执法证号列表", "officers", field="officers")
    if len(officers) > MAX_CASE_OFFICERS:
        raise ValidationError(
            f"officers 最多 {MAX_CASE_OFFICERS} 名执法人员，收到 {len(officers):,} 名",
            f"at most {MAX_CASE_OFFICERS} officers per case", field="officers")
    return tuple(officers)


def collect_case(data: Any) -> tuple[CaseInput | None, list[ValidationError]]:
    """Every problem of a case's input at once, each naming its field, or the input.

    Shape checks only (types, required fields, ranges, the party's identity number); what
    needs the station (the pack's violations, the clock) is ``service.case_problems``.
    """
    if not isinstance(data, dict):
        return None, [ValidationError("案件数据应为 JSON 对象", "case data must be a JSON object")]
    try:
        _unknown(data, CASE_FIELDS, "")
    except ValidationError as exc:
        return None, [exc]
    c = _Collector()
    source = c.take(lambda: _source(data), "")
    officers = c.take(lambda: _officers(data), NONE)
    party = None
    if data.get("party") is not None:
        party, party_errors = collect_party(data["party"])
        c.errors.extend(party_errors)
    case = CaseInput(
        violation=c.take(lambda: _str(data, "violation", "violation", required=True), ""),
        source=source,
        address=c.take(lambda: _str(data, "address", "address"), ""),
        grid=c.take(lambda: _str(data, "grid", "grid"), ""),
        facts=c.take(lambda: _str(data, "facts", "facts"), ""),
        party=party,
        lat=c.take(lambda: _coord(data, "lat", -90, 90), None),
        lon=c.take(lambda: _coord(data, "lon", -180, 180), None),
        act_date=c.take(lambda: _date(_str(data, "act_date", "act_date"), "act_date"), ""),
        officers=officers,
        opened_at=c.take(lambda: _str(data, "opened_at", "opened_at"), ""),
    )
    return (None, c.errors) if c.errors else (case, [])


def parse_case(data: Any) -> CaseInput:
    """Turn decoded JSON into a ``CaseInput`` or raise the first ``ValidationError`` (field named)."""
    case, errors = collect_case(data)
    if errors:
        raise errors[0]
    assert case is not None
    return case
