"""The rules input: parsing and validation of the JSON an officer's case produces.

Contract: ``parse_input(raw, pack)`` returns a ``RulesInput`` or raises ``ValidationError`` whose
``field`` is the dotted path of the first bad value (``case.served[1].date``). Unknown fields are
rejected, every date is ISO-8601 and none may lie after ``as_of`` (except a scheduled hearing).

``answers`` are the officer's confirmed answers to the exemption checklist (免罚核查单), keyed
by question id (``gridapp.rules.checklist``). They are the officer's word and win over the
pre-answers: ``corrected``, ``no_harm``, ``harm_slight`` and ``no_fault`` set the facts they ask
about (``apply_answers``); ``first_offence`` = false and the ``limit_*`` answers decide those
conditions of the exemption; ``undertaking``, ``photos`` and ``education`` are recorded on the
checklist. ``first_offence`` = true cannot clear earlier records found in ``history`` (the
records stand until corrected), and ``listed``, ``within_limitation`` and ``age_14`` follow
from the pack and the case data: an answer to them is kept as a confirmation only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from gridapp.errors import ValidationError
from gridapp.packs import fields as f
from gridapp.packs.model import HARM_LEVELS, PARTY_KINDS, JurisdictionPack
from gridapp.rules.documents import SERVABLE_DOCUMENTS
from gridapp.timeutil import STATION_TZ
from gridapp.vocab.party_kind import PARTY_KIND

ACTIONS: tuple[str, ...] = (
    "assess",
    "issue_summary_decision",
    "issue_penalty_decision",
    "issue_no_penalty_decision",
)
PENALTY_ACTIONS: frozenset[str] = frozenset({"issue_summary_decision", "issue_penalty_decision"})
PROCEDURES: tuple[str, ...] = ("general", "summary")


@dataclass(frozen=True)
class Party:
    kind: str
    age: int | None = None


@dataclass(frozen=True)
class Facts:
    harm: str
    corrected: bool
    no_fault_evidence: bool = False
    act_date: date | None = None
    area_m2: float | None = None
    duration_days: float | None = None
    coerced: bool = False
    confessed: bool = False
    meritorious: bool = False
    obstructed: bool = False

    def flag(self, name: str) -> bool:
        return bool(getattr(self, name))


@dataclass(frozen=True)
class HistoryEntry:
    violation: str
    date: date
    outcome: str = ""
    case_number: str = ""


@dataclass(frozen=True)
class Served:
    document: str
    date: date


@dataclass(frozen=True)
class CaseState:
    opened: date | None = None
    officers: int | None = None
    procedure: str = "general"
    severity: str | None = None
    proposed_fine: int | None = None
    prior_proposed_fine: int | None = None
    fine_justification: str = ""
    served: tuple[Served, ...] = ()
    hearing_requested: bool | None = None
    hearing_date: date | None = None
    statement_waived: bool = False
    decided: date | None = None
    # The 改正期限 of the order to correct (may lie ahead) and the day a 复查 after it found the
    # order not complied with: together the 拒不改正 a refusal-required fine needs.
    correction_due: date | None = None
    not_corrected_on: date | None = None

    def served_on(self, *documents: str) -> date | None:
        """Latest service date of any of ``documents`` (None when never served)."""
        dates = [s.date for s in self.served if s.document in documents]
        return max(dates) if dates else None


@dataclass(frozen=True)
class RulesInput:
    as_of: date
    violation: str
    party: Party
    facts: Facts
    history: tuple[HistoryEntry, ...] = ()
    case: CaseState | None = None
    action: str = "assess"
    history_synced_at: datetime | None = None
    answers: Mapping[str, bool] = field(default_factory=dict)


TOP = {
    "as_of", "violation", "party", "facts", "history", "case", "action", "history_synced_at",
    "answers",
}  # fmt: skip
# Checklist questions an officer may answer (see ``gridapp.rules.checklist``).
ANSWER_IDS: frozenset[str] = frozenset({
    "listed", "within_limitation", "age_14", "corrected", "no_harm", "harm_slight",
    "first_offence", "limit_area_m2", "limit_duration_days", "no_fault", "undertaking", "photos",
    "education",
})  # fmt: skip
FACT_KEYS = {
    "harm", "corrected", "no_fault_evidence", "act_date", "area_m2", "duration_days", "coerced",
    "confessed", "meritorious", "obstructed",
}  # fmt: skip
CASE_KEYS = {
    "opened", "officers", "procedure", "severity", "proposed_fine", "prior_proposed_fine",
    "fine_justification", "served", "hearing_requested", "hearing_date", "statement_waived",
    "decided", "correction_due", "not_corrected_on",
}  # fmt: skip


def _not_after(value: date, as_of: date, where: str) -> date:
    if value > as_of:
        raise ValidationError(
            f"“{where}”的日期 {value} 晚于评估日期 as_of {as_of}",
            f"{where!r}: {value} is after as_of {as_of}",
            field=where,
        )
    return value


def _opt_date(data: Mapping[str, Any], key: str, path: str, as_of: date | None) -> date | None:
    if data.get(key) is None:
        return None
    where = f.join(path, key)
    value = f.parse_date(data[key], where)
    return value if as_of is None else _not_after(value, as_of, where)


def _opt_number(data: Mapping[str, Any], key: str, path: str) -> float | None:
    return None if data.get(key) is None else f.number(data, key, path)


def _opt_int(data: Mapping[str, Any], key: str, path: str) -> int | None:
    return None if data.get(key) is None else f.integer(data, key, path)


def _opt_bool(data: Mapping[str, Any], key: str, path: str) -> bool | None:
    return None if data.get(key) is None else f.boolean(data, key, path)


def _party(data: Mapping[str, Any], pack: JurisdictionPack, violation: str) -> Party:
    f.reject_unknown(data, {"kind", "age"}, "party")
    kind = f.choice(f.text(data, "kind", "party"), PARTY_KINDS, "party.kind", "当事人类型")
    age = _opt_int(data, "age", "party")
    if age is not None and (kind != "person" or age > 150):
        raise ValidationError(
            "“party.age”只适用于公民，且应在 0–150 之间", "party.age: persons only, 0-150",
            field="party.age",
        )  # fmt: skip
    vt = pack.violation(violation)
    if kind not in vt.fines:
        raise ValidationError(
            f"{vt.penalty_article}的罚则不适用于{PARTY_KIND.zh(kind)}（{vt.name}）",
            f"the penalty clause of {vt.code} does not apply to a {kind}",
            field="party.kind",
        )
    return Party(kind, age)


def _facts(data: Mapping[str, Any], as_of: date) -> Facts:
    f.reject_unknown(data, FACT_KEYS, "facts")
    harm = f.choice(f.text(data, "harm", "facts"), HARM_LEVELS, "facts.harm", "危害后果")
    if "corrected" not in data:
        raise ValidationError("缺少必填字段“facts.corrected”", "missing facts.corrected",
                              field="facts.corrected")  # fmt: skip
    return Facts(
        harm=harm,
        corrected=f.boolean(data, "corrected", "facts"),
        no_fault_evidence=f.boolean(data, "no_fault_evidence", "facts"),
        act_date=_opt_date(data, "act_date", "facts", as_of),
        area_m2=_opt_number(data, "area_m2", "facts"),
        duration_days=_opt_number(data, "duration_days", "facts"),
        coerced=f.boolean(data, "coerced", "facts"),
        confessed=f.boolean(data, "confessed", "facts"),
        meritorious=f.boolean(data, "meritorious", "facts"),
        obstructed=f.boolean(data, "obstructed", "facts"),
    )


def _history(items: list[Any], as_of: date) -> tuple[HistoryEntry, ...]:
    out: list[HistoryEntry] = []
    for i, raw in enumerate(items):
        where = f"history[{i}]"
        if not isinstance(raw, Mapping):
            raise ValidationError(f"“{where}”应为对象", f"{where!r} must be an object", field=where)
        f.reject_unknown(raw, {"violation", "date", "outcome", "case_number"}, where)
        out.append(
            HistoryEntry(
                violation=f.text(raw, "violation", where),
                date=_not_after(f.iso_date(raw, "date", where), as_of, f"{where}.date"),
                outcome=f.text(raw, "outcome", where, required=False),
                case_number=f.text(raw, "case_number", where, required=False),
            )
        )
    return tuple(out)


def _served(items: list[Any], as_of: date) -> tuple[Served, ...]:
    out: list[Served] = []
    for i, raw in enumerate(items):
        where = f"case.served[{i}]"
        if not isinstance(raw, Mapping):
            raise ValidationError(f"“{where}”应为对象", f"{where!r} must be an object", field=where)
        f.reject_unknown(raw, {"document", "date"}, where)
        doc = f.choice(
            f.text(raw, "document", where), SERVABLE_DOCUMENTS, f"{where}.document", "文书"
        )
        out.append(Served(doc, _not_after(f.iso_date(raw, "date", where), as_of, f"{where}.date")))
    return tuple(out)


def _case(
    data: Mapping[str, Any], pack: JurisdictionPack, violation: str, as_of: date
) -> CaseState:
    f.reject_unknown(data, CASE_KEYS, "case")
    severity = None
    if data.get("severity") is not None:
        severity = f.text(data, "severity", "case")
        vt = pack.violation(violation)
        f.choice(severity, vt.tier_names(), "case.severity", "情节档次")
    procedure = f.choice(
        f.text(data, "procedure", "case", required=False, default="general"),
        PROCEDURES, "case.procedure", "程序",
    )  # fmt: skip
    return CaseState(
        opened=_opt_date(data, "opened", "case", as_of),
        officers=_opt_int(data, "officers", "case"),
        procedure=procedure,
        severity=severity,
        proposed_fine=_opt_int(data, "proposed_fine", "case"),
        prior_proposed_fine=_opt_int(data, "prior_proposed_fine", "case"),
        fine_justification=f.text(data, "fine_justification", "case", required=False),
        served=_served(f.array(data, "served", "case", required=False), as_of),
        hearing_requested=_opt_bool(data, "hearing_requested", "case"),
        hearing_date=_opt_date(data, "hearing_date", "case", None),
        statement_waived=f.boolean(data, "statement_waived", "case"),
        decided=_opt_date(data, "decided", "case", as_of),
        correction_due=_opt_date(data, "correction_due", "case", None),
        not_corrected_on=_opt_date(data, "not_corrected_on", "case", as_of),
    )


def _synced(value: Any, as_of: date) -> datetime:
    where = "history_synced_at"
    try:
        stamp = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        stamp = None
    if stamp is None:
        raise ValidationError(
            f"“{where}”应为 ISO-8601 日期时间", f"{where!r} must be an ISO datetime", field=where
        )
    # A time without a zone is station time; dates are compared in station time.
    stamp = stamp.replace(tzinfo=STATION_TZ) if stamp.tzinfo is None else stamp.astimezone(STATION_TZ)
    _not_after(stamp.date(), as_of, where)
    return stamp


def _answers(raw: Mapping[str, Any]) -> dict[str, bool]:
    data = f.table(raw, "answers", "", required=False)
    out: dict[str, bool] = {}
    for key in sorted(data):
        where = f"answers.{key}"
        if key not in ANSWER_IDS:
            raise ValidationError(f"未知的核查问题“{key}”", f"unknown checklist question {key!r}",
                                  field=where)  # fmt: skip
        out[key] = f.boolean(data, key, "answers")
    if out.get("no_harm") is True and out.get("harm_slight") is False:
        raise ValidationError(
            "“没有造成危害后果”与“危害后果并非轻微”相互矛盾，请核对",
            "answers no_harm=true and harm_slight=false contradict each other",
            field="answers.harm_slight",
        )
    return out


def apply_answers(facts: Facts, answers: Mapping[str, bool]) -> Facts:
    """The facts as the officer's answers state them (answers win over typed facts)."""
    harm = facts.harm
    if answers.get("harm_slight") is False:
        harm = "serious"
    elif answers.get("harm_slight") is True and harm == "serious":
        harm = "slight"
    if answers.get("no_harm") is True:
        harm = "none"
    elif answers.get("no_harm") is False and harm == "none":
        harm = "slight"
    return replace(
        facts,
        harm=harm,
        corrected=answers.get("corrected", facts.corrected),
        no_fault_evidence=answers.get("no_fault", facts.no_fault_evidence),
    )


def parse_input(raw: Any, pack: JurisdictionPack) -> RulesInput:
    if not isinstance(raw, Mapping):
        raise ValidationError(
            "评估输入应为 JSON 对象", "the input must be a JSON object", field="$"
        )
    f.reject_unknown(raw, TOP, "")
    as_of = f.iso_date(raw, "as_of", "")
    violation = f.text(raw, "violation", "")
    pack.violation(violation)
    action = f.choice(
        f.text(raw, "action", "", required=False, default="assess"), ACTIONS, "action", "操作"
    )
    case = _case(f.table(raw, "case", ""), pack, violation, as_of) if "case" in raw else None
    if action != "assess" and case is None:
        raise ValidationError(
            "作出决定前须提供案件信息（case）", "a decision action needs the case object",
            field="case",
        )  # fmt: skip
    if action in PENALTY_ACTIONS and (case is None or case.proposed_fine is None):
        raise ValidationError(
            "作出处罚决定须填写拟罚款金额（case.proposed_fine）",
            "a penalty decision needs case.proposed_fine",
            field="case.proposed_fine",
        )
    synced = raw.get("history_synced_at")
    answers = _answers(raw)
    return RulesInput(
        as_of=as_of,
        violation=violation,
        party=_party(f.table(raw, "party", ""), pack, violation),
        facts=apply_answers(_facts(f.table(raw, "facts", ""), as_of), answers),
        history=_history(f.array(raw, "history", "", required=False), as_of),
        case=case,
        action=action,
        history_synced_at=None if synced is None else _synced(synced, as_of),
        answers=answers,
    )
