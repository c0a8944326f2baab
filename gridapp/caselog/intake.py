"""Validation of case input (a JSON file, a form): unknown fields rejected, fields named."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from gridapp.errors import ValidationError
from gridapp.models.case import CASE_SOURCES
from gridapp.models.party import PARTY_KINDS
from gridapp.vocab.case_source import CASE_SOURCE

CASE_FIELDS = {
    "violation", "address", "grid", "source", "facts", "party", "lat", "lon",
    "act_date", "officers", "opened_at",
}
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


def _str(data: dict[str, Any], key: str, where: str, *, required: bool = False) -> str:
    value = data.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError(f"字段 {where} 应为文本", f"{where} must be a string", field=where)
    value = value.strip()
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


def parse_party(data: Any, where: str = "party") -> PartyInput:
    if not isinstance(data, dict):
        raise ValidationError(f"字段 {where} 应为对象", f"{where} must be an object", field=where)
    _unknown(data, PARTY_FIELDS, f"{where}.")
    kind = _str(data, "kind", f"{where}.kind", required=True)
    if kind not in PARTY_KINDS:
        raise ValidationError(
            f"{where}.kind 应为 person（公民）或 organisation（法人或其他组织）",
            f"{where}.kind must be person or organisation",
            field=f"{where}.kind",
        )
    flags = [] if data.get("care_flags") is None else data["care_flags"]
    if not isinstance(flags, list) or not all(isinstance(f, str) for f in flags):
        raise ValidationError("care_flags 应为文本列表", "care_flags", field=f"{where}.care_flags")
    return PartyInput(
        kind=kind,
        name=_str(data, "name", f"{where}.name", required=True),
        id_number=_str(data, "id_number", f"{where}.id_number"),
        phone=_str(data, "phone", f"{where}.phone"),
        address=_str(data, "address", f"{where}.address"),
        care_flags=tuple(flags),
        birth_date=_date(_str(data, "birth_date", f"{where}.birth_date"), f"{where}.birth_date"),
    )


def parse_case(data: Any) -> CaseInput:
    """Turn decoded JSON into a ``CaseInput`` or raise ``ValidationError`` naming the field."""
    if not isinstance(data, dict):
        raise ValidationError("案件数据应为 JSON 对象", "case data must be a JSON object")
    _unknown(data, CASE_FIELDS, "")
    source = _str(data, "source", "source") or "patrol"
    if source not in CASE_SOURCES:
        allowed = CASE_SOURCE.choices_zh()
        raise ValidationError(
            f"未知的案件来源“{source}”，可用：{allowed}", f"unknown source {source!r}", field="source"
        )
    officers = [] if data.get("officers") is None else data["officers"]
    if not isinstance(officers, list) or not all(isinstance(o, str) for o in officers):
        raise ValidationError("officers 应为执法证号列表", "officers", field="officers")
    party = parse_party(data["party"]) if data.get("party") is not None else None
    return CaseInput(
        violation=_str(data, "violation", "violation", required=True),
        source=source,
        address=_str(data, "address", "address"),
        grid=_str(data, "grid", "grid"),
        facts=_str(data, "facts", "facts"),
        party=party,
        lat=_coord(data, "lat", -90, 90),
        lon=_coord(data, "lon", -180, 180),
        act_date=_date(_str(data, "act_date", "act_date"), "act_date"),
        officers=tuple(officers),
        opened_at=_str(data, "opened_at", "opened_at"),
    )
