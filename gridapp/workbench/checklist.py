"""The exemption checklist (免罚核查单) of a case, as the officer sees and confirms it.

Contract: ``case_checklist`` shows the latest evaluation saved on the case (``saved`` true);
a case with a party but no saved evaluation gets one computed on the spot and not stored
(``saved`` false). Questions are pre-answered by the legal engine from the case, the facts and
the party's earlier cases (``gridapp.rules.checklist``), each with where the answer came from
and, for the history, how fresh it is. ``confirm_checklist`` takes the officer's answers (the
rules input's ``answers``: they win over the pre-answers where the law lets the officer's word
decide), re-runs the engine on the case as it stands and appends the evaluation to the case
as that officer (audit action ``rules.confirm``, so the timeline shows it).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from gridapp.caselog import service
from gridapp.errors import ValidationError
from gridapp.models import Case, Officer, RuleEvaluation
from gridapp.rules.checklist import SOURCES_ZH, build_checklist
from gridapp.rules.engine import evaluate_raw
from gridapp.rules.input import ANSWER_IDS
from gridapp.rules.record import build_case_input, evaluate_case, evaluations_for_case
from gridapp.store import StationStore
from gridapp.timeutil import station_time
from gridapp.vocab.exemption_ground import EXEMPTION_GROUND
from gridapp.vocab.stage import STAGE
from gridapp.workbench.acting import acting_badge

APL = "《中华人民共和国行政处罚法》"
OUTCOME_LABELS: Mapping[str, str] = EXEMPTION_GROUND.zh_labels()
BRANCH_ARTICLES: Mapping[str, str] = {
    "minor_no_harm": f"{APL}第三十三条第一款",
    "first_offence": f"{APL}第三十三条第一款",
    "no_fault": f"{APL}第三十三条第二款",
}
# The facts a new case is assessed on until the officer confirms the checklist.
DEFAULT_FACTS: Mapping[str, Any] = {"harm": "slight", "corrected": True}
# Answers that follow from the pack and the case data: confirmed, never changed here.
FIXED_ANSWERS = frozenset({"listed", "within_limitation", "age_14"})
NO_PARTY_TEXT = "案件尚未关联当事人，关联当事人后才能进行免罚核查"


@dataclass(frozen=True)
class QuestionView:
    id: str
    text: str
    answer: bool | None  # None: the officer still has to answer
    source: str  # pack | facts | history | case | officer
    source_label: str  # 规则包 / 现场事实 / 历史记录 / 案件 / 执法人员
    note: str
    provisional: bool  # a history answer given before the history was synced up to today
    confirmed: bool = False  # the officer confirmed or gave this answer


@dataclass(frozen=True)
class ChecklistView:
    questions: tuple[QuestionView, ...]
    outcome_code: str  # minor_no_harm | first_offence | no_fault | limitation_expired | … | none
    outcome_text: str  # e.g. "首违不罚：初次违法……"
    reasons: tuple[str, ...]
    cited_articles: tuple[str, ...]
    freshness_text: str
    stage: str
    stage_label: str
    evaluated_at_text: str  # "2026年11月28日 10:00", "" when not saved
    saved: bool
    evaluation_id: str = ""
    evaluated_by: str = ""  # the officer's name
    earlier_same: int = 0  # earlier same-violation records in the look-back window (priors)
    provisional: bool = False
    answers: tuple[tuple[str, bool], ...] = ()  # the officer's answers this evaluation used


def _outcome(pack_result: Mapping[str, Any]) -> tuple[str, str, tuple[str, ...]]:
    exemption = pack_result.get("exemption") or {}
    reasons = [str(r) for r in exemption.get("reasons") or []]
    gates = [g for g in pack_result.get("gates") or [] if g.get("gate") in
             ("limitation_expired", "minor_under_14")]  # fmt: skip
    if exemption.get("applies"):
        code = str(exemption.get("branch"))
        return code, f"{OUTCOME_LABELS.get(code, code)}：{reasons[0] if reasons else ''}", \
            tuple(reasons)
    if gates:
        code = str(gates[0]["gate"])
        gate_reasons = tuple(str(g.get("reason", "")) for g in gates)
        return code, f"{OUTCOME_LABELS.get(code, code)}：{gate_reasons[0]}", \
            gate_reasons + tuple(reasons)
    # The first-offence branch is the one a repeat decides: its reasons first.
    order = ("首违可不罚", "轻微不罚")
    ranked = sorted(reasons, key=lambda r: next(
        (i for i, prefix in enumerate(order) if r.startswith(prefix)), len(order)))
    detail = "；".join(ranked[:2])
    return "none", f"{OUTCOME_LABELS['none']}：{detail}" if detail else OUTCOME_LABELS["none"], \
        tuple(reasons)


def _articles(store: StationStore, result: Mapping[str, Any], checklist: Mapping[str, Any]
              ) -> tuple[str, ...]:
    pack = store.pack
    out: list[str] = []
    exemption = result.get("exemption") or {}
    if exemption.get("applies") and exemption.get("branch") in BRANCH_ARTICLES:
        out.append(BRANCH_ARTICLES[str(exemption["branch"])])
    item = next((i for i in pack.exemptions if i.id == checklist.get("item")), None)
    if item is not None:
        out.append(item.basis)
    if result.get("education_required"):
        out.append(f"{APL}第三十三条第三款")
    out.extend(str(g["basis"]) for g in result.get("gates") or [] if g.get("basis"))
    vt = pack.violations.get(str(checklist.get("violation", "")))
    if vt is not None:
        out.extend((vt.violated_article, vt.penalty_article))
    return tuple(a for a in dict.fromkeys(out) if a)


def build_view(
    store: StationStore,
    result: Mapping[str, Any],
    checklist: Mapping[str, Any],
    *,
    answers: Mapping[str, bool],
    evaluated_at: datetime | None = None,
    evaluated_by: str = "",
    evaluation_id: str = "",
) -> ChecklistView:
    """The view of one evaluation (stored or computed on the spot) as plain data."""
    provisional = bool(checklist.get("provisional"))
    questions = tuple(
        QuestionView(
            id=str(q["id"]), text=str(q["question"]), answer=q.get("answer"),
            source=str(q.get("source", "")),
            source_label=SOURCES_ZH.get(str(q.get("source", "")), str(q.get("source", ""))),
            note=str(q.get("note", "")),
            provisional=provisional and q.get("source") == "history",
            confirmed=bool(q.get("confirmed")),
        )
        for q in checklist.get("questions") or []
    )  # fmt: skip
    code, text, reasons = _outcome(result)
    stage = str(result.get("stage", ""))
    return ChecklistView(
        questions=questions, outcome_code=code, outcome_text=text, reasons=reasons,
        cited_articles=_articles(store, result, checklist),
        freshness_text=str(checklist.get("freshness", "")), stage=stage,
        stage_label=STAGE.zh(stage),
        evaluated_at_text=(f"{station_time(evaluated_at):%Y年%m月%d日 %H:%M}"
                           if evaluated_at is not None else ""),
        saved=evaluated_at is not None, evaluation_id=evaluation_id, evaluated_by=evaluated_by,
        earlier_same=int(result.get("priors", 0)), provisional=provisional,
        answers=tuple(sorted(answers.items())),
    )  # fmt: skip


def no_party_view() -> ChecklistView:
    return ChecklistView(
        questions=(), outcome_code="", outcome_text=NO_PARTY_TEXT, reasons=(NO_PARTY_TEXT,),
        cited_articles=(), freshness_text="", stage="", stage_label="", evaluated_at_text="",
        saved=False,
    )


def row_view(store: StationStore, session: Session, row: RuleEvaluation) -> ChecklistView:
    officer = session.get(Officer, row.officer_id) if row.officer_id else None
    raw = json.loads(row.input_json)
    return build_view(
        store, json.loads(row.result_json), json.loads(row.checklist_json or "{}"),
        answers=dict(raw.get("answers") or {}), evaluated_at=row.evaluated_at,
        evaluated_by=officer.name if officer else "", evaluation_id=row.id,
    )


def latest(session: Session, case_id: str) -> RuleEvaluation | None:
    rows = evaluations_for_case(session, case_id)
    return rows[-1] if rows else None


def base_input(
    session: Session, case: Case, *, facts: Mapping[str, Any] | None = None,
    answers: Mapping[str, bool] | None = None,
) -> dict[str, Any]:
    """The facts and answers to evaluate ``case`` on: given, else the latest saved ones (the
    act date always from the case as it stands), else ``DEFAULT_FACTS``."""
    row = latest(session, case.id)
    stored = json.loads(row.input_json) if row is not None else {}
    base = dict(facts if facts is not None else stored.get("facts") or DEFAULT_FACTS)
    base.pop("act_date", None)
    raw: dict[str, Any] = {"facts": base}
    chosen = answers if answers is not None else stored.get("answers")
    if chosen:
        raw["answers"] = dict(chosen)
    return raw


def evaluate_into_case(
    store: StationStore, session: Session, case: Case, badge: str, raw: Mapping[str, Any]
) -> RuleEvaluation:
    """Run the engine on ``case`` (missing parts from the case log) and append the result."""
    row, _ = evaluate_case(store, session, case, build_case_input(session, case, raw), badge)
    return row


def _dry_run(store: StationStore, session: Session, case: Case, raw: Mapping[str, Any]
             ) -> tuple[dict[str, Any], dict[str, Any]]:
    evaluation = evaluate_raw(store.pack, build_case_input(session, case, raw))
    return evaluation.to_dict(), build_checklist(store.pack, evaluation)


def case_checklist(store: StationStore, case_id: str) -> ChecklistView:
    """The case's checklist: the latest saved evaluation, else one computed now (not saved)."""
    with store.read() as s:
        case = service.find_case(s, case_id)
        row = latest(s, case.id)
        if row is not None:
            return row_view(store, s, row)
        if case.party_id is None:
            return no_party_view()
        raw = base_input(s, case)
        result, checklist = _dry_run(store, s, case, raw)
        return build_view(store, result, checklist, answers={})


def _check_answers(
    pre: Mapping[str, Any], after: Mapping[str, Any], answers: Mapping[str, bool]
) -> None:
    """``pre``: the checklist pre-answered without any officer answer; ``after``: with them."""
    shown = {str(q["id"]): q for q in pre.get("questions") or []}
    later = {str(q["id"]) for q in after.get("questions") or []}
    for key, value in answers.items():
        where = f"answers.{key}"
        if key not in ANSWER_IDS or not (key in shown or key in later):
            raise ValidationError(f"核查单中没有问题“{key}”", f"no checklist question {key!r}",
                                  field=where)  # fmt: skip
        if not isinstance(value, bool):
            raise ValidationError("核查答案应为“是”或“否”", "an answer must be true or false",
                                  field=where)  # fmt: skip
        question = shown.get(key, {"question": key, "source": "", "answer": None})
        was = question.get("answer")
        if key in FIXED_ANSWERS and was is not None and value != was:
            raise ValidationError(
                f"“{question['question']}”由{SOURCES_ZH.get(question['source'], '')}决定，"
                "不能在核查单中更改；如有误，请修改案件或当事人信息",
                f"{key} follows from the pack and the case data", field=where,
            )  # fmt: skip
        if key == "first_offence" and value is True and was is False:
            raise ValidationError(
                f"历史记录显示当事人在回溯期内有同类违法记录（{question.get('note', '')}），"
                "不能确认为初次违法；如记录有误，请核对当事人信息",
                "the records show an earlier offence; it cannot be answered away", field=where,
            )  # fmt: skip


def confirm_checklist(
    store: StationStore, case_id: str, answers: Mapping[str, bool], actor_id: str
) -> ChecklistView:
    """Save the officer's answers (merged over those saved before) and the re-run evaluation.

    A question not on the case's checklist, an answer that is not a bool, a changed answer to a
    question the pack or case data decide (``FIXED_ANSWERS``), and "first offence" against
    the records are refused with a ``ValidationError`` naming ``answers.<id>``; nothing is
    written then."""
    with store.session() as s:
        badge = acting_badge(store, s, actor_id)
        case = service.find_case(s, case_id)
        if case.party_id is None:
            raise ValidationError(NO_PARTY_TEXT, "the case has no party", field="party")
        before = base_input(s, case)
        for key, value in answers.items():
            if key not in ANSWER_IDS:
                raise ValidationError(f"核查单中没有问题“{key}”",
                                      f"no checklist question {key!r}", field=f"answers.{key}")
            if not isinstance(value, bool):
                raise ValidationError("核查答案应为“是”或“否”", "an answer must be true or false",
                                      field=f"answers.{key}")  # fmt: skip
        merged = {**dict(before.get("answers") or {}), **dict(answers)}
        raw = base_input(s, case, facts=before["facts"], answers=merged)
        _, pre = _dry_run(store, s, case, base_input(s, case, facts=before["facts"], answers={}))
        _, after = _dry_run(store, s, case, raw)
        _check_answers(pre, after, answers)
        rules_input = build_case_input(s, case, raw)
        row, _ = evaluate_case(store, s, case, rules_input, badge, action="rules.confirm")
        s.flush()
        return row_view(store, s, row)
