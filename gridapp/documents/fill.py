"""Guided filling: template + context + officer input → filled fields, what is missing, gates.

Pure: ``fill_template`` takes the context dict (``gridapp.documents.context``) and the gate
list, so the desktop wizard and the CLI show the same result, and tests need no database.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from gridapp.documents.sources import PROVENANCE_ZH, provenance
from gridapp.documents.templates import Template
from gridapp.errors import GateBlockedError, ValidationError, json_error_zh
from gridapp.inputlimits import BIDI_CONTROLS, MAX_DOCUMENT_FIELD_CHARS, load_json
from gridapp.vocab.procedure_gate import PROCEDURE_GATE

PENDING = {"document.number", "document.issue_date"}
LIST_KINDS = ("qa", "items", "photos", "evidence")  # fields whose value is a list of objects


@dataclass(frozen=True)
class FilledField:
    name: str
    label: str
    kind: str
    value: Any
    source: str
    provenance: str
    required: bool
    missing: bool
    hint: str = ""


@dataclass(frozen=True)
class GateView:
    """A gate as the wizard and errors show it: ``basis`` is the article, ``cure`` what to do
    first (empty when nothing the officer can do clears it)."""

    gate: str
    blocking: bool
    reason: str
    basis: str = ""
    cure: str = ""

    @property
    def label(self) -> str:
        return PROCEDURE_GATE.zh(self.gate)

    def sentence(self) -> str:
        """One line: 【name】reason（article）；what to do first."""
        text = f"【{self.label}】{self.reason}"
        if self.basis:
            text += f"（{self.basis}）"
        if self.cure:
            text += f"；{self.cure}"
        return text


@dataclass
class FillResult:
    template_id: str
    title: str
    fields: list[FilledField]
    gates: list[GateView] = field(default_factory=list)

    @property
    def missing(self) -> list[FilledField]:
        return [f for f in self.fields if f.missing]

    @property
    def blocking(self) -> list[GateView]:
        return [g for g in self.gates if g.blocking]

    @property
    def can_issue(self) -> bool:
        return not self.missing and not self.blocking

    def values(self) -> dict[str, Any]:
        return {f.name: f.value for f in self.fields}

    def as_dict(self) -> dict[str, Any]:
        return {
            "template": self.template_id,
            "title": self.title,
            "can_issue": self.can_issue,
            "missing": [f.name for f in self.missing],
            "blocking_gates": [g.gate for g in self.blocking],
            "fields": [asdict(f) for f in self.fields],
            "gates": [asdict(g) for g in self.gates],
        }

    def check_issuable(self) -> None:
        """Raise with every reason the document cannot be issued: a blocking gate first (filling
        fields cannot cure it), with any missing fields named too."""
        names = "、".join(f"{f.label}（{f.name}）" for f in self.missing)
        if self.blocking:
            reasons = "；".join(g.sentence() for g in self.blocking)
            also = f"。另缺少必填项：{names}" if names else ""
            raise GateBlockedError(
                f"程序关口未通过，不能签发{self.title}：{reasons}{also}",
                f"blocked by procedure gates: {', '.join(g.gate for g in self.blocking)}",
                field=self.blocking[0].gate,
            )
        if self.missing:
            raise ValidationError(
                f"{self.title}缺少必填项：{names}，不能签发",
                f"{self.template_id}: required fields empty: "
                + ", ".join(f.name for f in self.missing),
                field=self.missing[0].name,
            )


def parse_overrides(template: Template, pairs: list[str]) -> dict[str, Any]:
    """``["fine_amount=300", "qa=[...]"]`` → values; unknown names and bad JSON are refused."""
    out: dict[str, Any] = {}
    names = {f.name: f for f in template.fields}
    for pair in pairs:
        if "=" not in pair:
            raise ValidationError(f"字段格式应为 名称=值：{pair}", f"expected name=value: {pair}",
                                  field="field")
        name, value = pair.split("=", 1)
        name = name.strip()
        spec = names.get(name)
        if spec is None:
            known = "、".join(names)
            raise ValidationError(f"模板 {template.id} 没有字段 {name}（可用：{known}）",
                                  f"template {template.id} has no field {name}", field=name)
        _check_value(name, spec.label, value)
        if spec.kind in LIST_KINDS:
            try:
                parsed = load_json(value, field=name, what=f"字段 {name} 的 JSON")
            except json.JSONDecodeError as exc:
                raise ValidationError(f"字段 {name} 须为 JSON 列表：{json_error_zh(exc)}",
                                      f"field {name} must be a JSON list", field=name) from exc
            if not isinstance(parsed, list) or not all(isinstance(x, dict) for x in parsed):
                raise ValidationError(f"字段 {name} 须为 JSON 对象列表",
                                      f"field {name} must be a list of objects", field=name)
            for item in parsed:  # a JSON escape (\u202e) must not slip past the check
                for text in item.values():
                    if isinstance(text, str):
                        _check_value(name, spec.label, text)
            out[name] = parsed
        elif spec.kind == "choice" and value not in spec.options and (value or spec.required):
            raise ValidationError(f"字段 {name} 只能取：{'、'.join(spec.options)}",
                                  f"field {name} must be one of {spec.options}", field=name)
        elif spec.kind == "money" and not _is_amount(value):
            raise ValidationError(f"字段 {name} 须为不小于零的金额（元）：{value}",
                                  f"field {name} must be an amount in yuan", field=name)
        else:
            out[name] = value
    return out


def _check_value(name: str, label: str, value: str) -> None:
    """Within the length limit, no control characters (a line break or tab is allowed), no
    bidi controls: what ``check_text`` refuses at case input is refused here too."""
    if len(value) > MAX_DOCUMENT_FIELD_CHARS:
        raise ValidationError(
            f"字段 {name}（{label}）过长（{len(value):,} 个字，最多 {MAX_DOCUMENT_FIELD_CHARS:,} 个字）",
            f"field {name} too long ({len(value):,} > {MAX_DOCUMENT_FIELD_CHARS:,})", field=name)
    for c in value:
        code = ord(c)
        if (code < 32 and c not in "\n\t\r") or 0x7F <= code < 0xA0 or c in BIDI_CONTROLS:
            raise ValidationError(
                f"字段 {name} 含有无法打印的控制字符（U+{code:04X}），可能是从别处复制带入的，请删除后重试",
                f"field {name} contains control character U+{code:04X}", field=name)


def _is_amount(value: str) -> bool:
    try:
        amount = float(value)
    except ValueError:
        return False
    return math.isfinite(amount) and amount >= 0


# Marks a typed text may end with that the template's own ending replaces.
TRAILING_MARKS = "。．.，,；;、：: \t\r\n\u3000"


def joined(value: Any, ends: str | None) -> Any:
    """The text as the template joins it: with ``ends="。"`` exactly one 。 at the end (a typed
    ！ or ？ kept), with ``ends=""`` no closing mark (the template's words follow). The officer
    never has to know which the template wants."""
    if ends is None or not isinstance(value, str) or not value.strip():
        return value
    text = value.rstrip(TRAILING_MARKS)
    if not text:
        return ""
    if ends and (text[-1] in "！？!?" or (text[-1] in "”」』" and text[-2:-1] in ("。", "！", "？"))):
        return text  # a sentence already closed inside its quotation
    return text + ends


def _empty(value: Any) -> bool:
    return not value if isinstance(value, list) else not str(value or "").strip()


def fill_template(
    template: Template,
    context: Mapping[str, Any],
    overrides: Mapping[str, Any] | None = None,
    gates: list[GateView] | None = None,
) -> FillResult:
    overrides = overrides or {}
    fields: list[FilledField] = []
    for spec in template.fields:
        source = spec.source
        if spec.name in overrides:
            value, prov = overrides[spec.name], PROVENANCE_ZH["free"]
        elif source in PENDING:
            value, prov = context.get(source, ""), provenance(source)
        elif source != "free" and not _empty(context.get(source)):
            value, prov = context[source], provenance(source)
        elif spec.default:
            value, prov = spec.default, PROVENANCE_ZH["default"]
        else:
            value, prov = ([] if spec.kind in LIST_KINDS else ""), provenance(source)
        value = joined(value, spec.ends)
        pending = source in PENDING and _empty(value)
        fields.append(FilledField(
            name=spec.name, label=spec.label, kind=spec.kind, value=value, source=source,
            provenance=prov, required=spec.required,
            missing=spec.required and _empty(value) and not pending, hint=spec.hint,
        ))
    return FillResult(template.id, template.title, fields, list(gates or []))
