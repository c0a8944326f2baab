"""Evaluations stored on a case: the answered checklist, the result and the pack version.

This is the only part of ``gridapp.rules`` that touches the station database; the engine itself
stays pure. ``build_case_input`` fills what the officer did not type from the case log (the
violation, the party kind and age, the same party's earlier cases (``query.earlier_cases``),
the case dates and officers);
``evaluate_case`` runs the engine and appends a ``RuleEvaluation`` through ``store.record`` so
the evaluation is part of the hash-chained audit trail.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from gridapp import clock
from gridapp.caselog import query, service
from gridapp.errors import ValidationError
from gridapp.models import Case, Meta, Party, RuleEvaluation
from gridapp.rules.checklist import build_checklist
from gridapp.rules.engine import Evaluation, evaluate_raw
from gridapp.timeutil import station_time, station_today

if TYPE_CHECKING:
    from gridapp.store import StationStore

# Meta key under which the sync layer stores the time of the last completed sync
# (ISO-8601 with a zone offset, e.g. UTC; a value without one is read as station time).
LAST_SYNC_KEY = "last_sync_at"


def _age_on(birth: str, on: date) -> int | None:
    try:
        born = date.fromisoformat(birth)
    except ValueError:
        return None
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _act_date(facts: Any, case: Case) -> date | None:
    """The act date typed in ``facts`` or recorded on the case, when it is a valid date."""
    typed = facts.get("act_date") if isinstance(facts, Mapping) else None
    for value in (typed, case.act_date):
        if not value:
            continue
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            continue
    return None


def _as_of(raw: Mapping[str, Any]) -> date:
    value = raw.get("as_of")
    if value is None:
        return station_today()
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError(
            "“as_of”应为 YYYY-MM-DD 格式的日期", "as_of must be an ISO date", field="as_of"
        ) from None


def build_case_input(session: Session, case: Case, raw: Mapping[str, Any]) -> dict[str, Any]:
    """The rules input for ``case``: ``raw`` wins; missing parts come from the case log."""
    if not isinstance(raw, Mapping):
        raise ValidationError(
            "评估输入应为 JSON 对象", "the input must be a JSON object", field="$"
        )
    out: dict[str, Any] = dict(raw)
    as_of = _as_of(raw)
    out["as_of"] = as_of.isoformat()
    out.setdefault("violation", case.violation_code)
    party = session.get(Party, case.party_id) if case.party_id else None
    if "party" not in out:
        if party is None:
            raise ValidationError(
                "案件未关联当事人，请在输入中提供 party", "the case has no party; give 'party'",
                field="party",
            )  # fmt: skip
        person: dict[str, Any] = {"kind": party.kind}
        # 行政处罚法第三十条 looks at the age when the act was committed, not at evaluation.
        on = _act_date(out.get("facts"), case) or as_of
        age = _age_on(party.birth_date, on) if party.kind == "person" else None
        if age is not None:
            person["age"] = age
        out["party"] = person
    if "history" not in out and party is not None:
        out["history"] = [
            {
                "violation": prior.violation_code,
                "date": station_time(prior.opened_at).date().isoformat(),
                "outcome": prior.outcome or prior.stage,
                "case_number": prior.number,
            }
            for prior in query.earlier_cases(session, party, case=case)
            if station_time(prior.opened_at).date() <= as_of
        ]
    facts = (
        dict(out.get("facts") or {}) if isinstance(out.get("facts"), Mapping) else out.get("facts")
    )
    if isinstance(facts, dict) and "act_date" not in facts and case.act_date:
        facts["act_date"] = case.act_date
    if facts is not None:
        out["facts"] = facts
    if isinstance(out.get("case", {}), Mapping):
        state = dict(out.get("case") or {})
        state.setdefault("opened", station_time(case.opened_at).date().isoformat())
        state.setdefault("officers", len(service.case_officers(session, case.id)))
        out["case"] = state
    if "history_synced_at" not in out:
        meta = session.get(Meta, LAST_SYNC_KEY)
        if meta is not None and meta.value:
            out["history_synced_at"] = meta.value
    return out


def evaluate_case(
    store: StationStore,
    session: Session,
    case: Case,
    rules_input: Mapping[str, Any],
    actor: str,
    *,
    action: str = "rules.evaluate",
) -> tuple[RuleEvaluation, Evaluation]:
    """Evaluate ``rules_input`` (a complete rules input) and store it on ``case``.

    ``action`` (the audit action) is ``rules.confirm`` when the officer confirmed the checklist's answers
    (then the audit event also names them)."""
    pack = store.pack
    evaluation = evaluate_raw(pack, rules_input)
    checklist = build_checklist(pack, evaluation)
    result = evaluation.to_dict()
    officer = store.officer_by_badge(session, actor)
    synced = evaluation.input.history_synced_at
    row = RuleEvaluation(
        case_id=case.id,
        pack_code=pack.code,
        pack_version=pack.version,
        action=evaluation.input.action,
        input_json=json.dumps(rules_input, ensure_ascii=False, sort_keys=True),
        result_json=json.dumps(result, ensure_ascii=False, sort_keys=True),
        checklist_json=json.dumps(checklist, ensure_ascii=False, sort_keys=True),
        history_as_of=synced.isoformat() if synced else "",
        provisional=evaluation.provisional,
        evaluated_at=clock.now(),
        officer_id=officer.id,
    )
    session.add(row)
    store.record(
        session, row, op="append", actor=actor, action=action, case_id=case.id,
        audit_after={
            "pack": f"{pack.code}@{pack.version}",
            "action": evaluation.input.action,
            "stage": evaluation.stage,
            "exemption": evaluation.exemption.branch,
            "blocking_gates": [g.gate for g in evaluation.gates if g.blocking],
            "provisional": evaluation.provisional,
            **({"answers": dict(evaluation.input.answers)} if evaluation.input.answers else {}),
        },
    )  # fmt: skip
    return row, evaluation


def evaluations_for_case(session: Session, case_id: str) -> list[RuleEvaluation]:
    from sqlalchemy import select

    return list(
        session.scalars(
            select(RuleEvaluation)
            .where(RuleEvaluation.case_id == case_id, RuleEvaluation.deleted.is_(False))
            .order_by(RuleEvaluation.evaluated_at)
        )
    )


def evaluate_stored_case(
    store: StationStore,
    case_ref: str,
    raw: Any,
    *,
    actor: str | None = None,
    pack_code: str | None = None,
    with_checklist: bool = False,
) -> dict[str, Any]:
    """Evaluate case ``case_ref`` with the station's pack and store the evaluation on it.

    ``raw`` is the rules input as the officer gave it (missing parts come from the case log);
    ``actor`` defaults to the station's first officer. Returns the evaluation as plain data
    with ``evaluation_id`` and ``case_number`` (and ``checklist`` when asked). A ``pack_code``
    other than the station's is refused: an evaluation is stored only under the station's law.
    """
    pack = store.pack
    if pack_code and pack_code != pack.code:
        raise ValidationError(
            f"站点使用规则包 {pack.code}，不能按 {pack_code} 保存评估",
            f"the station uses pack {pack.code}, not {pack_code}",
            field="pack",
        )
    with store.session() as session:
        case = service.find_case(session, case_ref)
        badge = actor or service.default_actor(session).badge_no
        rules_input = build_case_input(session, case, raw)
        row, evaluation = evaluate_case(store, session, case, rules_input, badge)
        out = evaluation.to_dict()
        out["evaluation_id"] = row.id
        out["case_number"] = case.number
        if with_checklist:
            out["checklist"] = json.loads(row.checklist_json)
        return out
