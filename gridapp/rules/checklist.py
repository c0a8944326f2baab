"""The exemption checklist (免罚核查单) shown to officers and stored with each evaluation.

Questions are generated from the exemption item's conditions, in plain Chinese, pre-answered
from the facts, the case and the party's history. ``answer`` is True/False, or None when the
officer still has to answer or act. Answers that depend on the history state how fresh it is;
an answer given before the history is synced up to ``as_of`` is ``provisional``.

The officer's confirmed answers (``RulesInput.answers``, see ``gridapp.rules.input``) are shown
as given and marked ``confirmed``; where the officer's word is the only basis of an answer
(their own actions, a limit, a known earlier offence), its source is ``officer``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from gridapp.packs.model import LIMIT_KEYS, ExemptionItem, JurisdictionPack
from gridapp.rules.engine import Evaluation
from gridapp.rules.exemption import first_offence_priors
from gridapp.vocab.answer_source import ANSWER_SOURCE

SOURCES_ZH = ANSWER_SOURCE.zh_labels()


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    answer: bool | None
    source: str
    note: str = ""
    confirmed: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "question": self.text, "answer": self.answer,
                "source": self.source, "note": self.note,
                "confirmed": self.confirmed}  # fmt: skip


def _with_answers(qs: list[Question], answers: Mapping[str, bool]) -> list[Question]:
    """Each question as the officer confirmed or answered it (see the module contract)."""
    out: list[Question] = []
    for q in qs:
        given = answers.get(q.id)
        if given is None:
            out.append(q)
        elif q.source == "officer" or q.id.startswith("limit_"):
            out.append(replace(q, answer=given, source="officer", confirmed=True))
        elif q.id == "first_offence" and given is False and q.answer is True:
            note = f"执法人员确认当事人有同类违法行为（{q.note}）"
            out.append(replace(q, answer=False, source="officer", note=note, confirmed=True))
        else:
            # Facts answers are already in the facts; the pack, case and records decide the rest.
            out.append(replace(q, confirmed=given == q.answer))
    return out


def freshness_text(ev: Evaluation) -> str:
    synced = ev.input.history_synced_at
    if synced is None:
        return "历史记录同步时间不明，首违判断为临时结论，同步后将重新核查"
    stamp = synced.strftime("%Y-%m-%d %H:%M")
    if ev.provisional:
        return f"历史记录截至 {stamp} 同步，首违判断为临时结论，下次同步后将重新核查"
    return f"历史记录截至 {stamp} 同步"


def _limit_questions(item: ExemptionItem, ev: Evaluation) -> list[Question]:
    out: list[Question] = []
    for key, limit in item.limits.items():
        value = getattr(ev.input.facts, key)
        out.append(Question(
            f"limit_{key}", f"{LIMIT_KEYS[key]}是否不超过 {limit:g}？",
            None if value is None else value <= limit, "facts",
            "" if value is None else f"现场记录：{value:g}",
        ))  # fmt: skip
    return out


def build_checklist(pack: JurisdictionPack, ev: Evaluation) -> dict[str, Any]:
    inp = ev.input
    facts = inp.facts
    item = pack.exemption_for(inp.violation)
    vt = pack.violation(inp.violation)
    fresh = freshness_text(ev)
    qs: list[Question] = [
        Question("listed", f"“{vt.name}”是否列入本地免罚清单？", item is not None, "pack",
                 f"免罚事项 {item.id}：{item.basis}" if item else ""),
    ]  # fmt: skip
    if facts.act_date is not None:
        qs.append(Question(
            "within_limitation", f"违法行为（{facts.act_date}）是否在{pack.limitation_years}年内被发现？",
            not any(g.gate == "limitation_expired" for g in ev.gates), "facts",
            "行政处罚法第三十六条",
        ))  # fmt: skip
    if inp.party.kind == "person" and inp.party.age is not None:
        qs.append(Question("age_14", "当事人是否已满十四周岁？", inp.party.age >= 14, "facts",
                           "行政处罚法第三十条"))  # fmt: skip
    branches = item.branches if item else ()
    if "minor_no_harm" in branches or "first_offence" in branches:
        qs.append(Question("corrected", "当事人是否已及时改正？", facts.corrected, "facts"))
    if "minor_no_harm" in branches:
        qs.append(
            Question("no_harm", "违法行为是否没有造成危害后果？", facts.harm == "none", "facts")
        )
    if item and "first_offence" in branches:
        qs.append(Question("harm_slight", "危害后果是否轻微？", facts.harm != "serious", "facts"))
        priors = first_offence_priors(item, inp)
        qs.append(Question(
            "first_offence", f"当事人在 {item.lookback_days} 日内是否没有同类违法记录（初次违法）？",
            priors == 0, "history", f"{fresh}；回溯期内同类记录 {priors} 次",
        ))  # fmt: skip
    if item and ("minor_no_harm" in branches or "first_offence" in branches):
        qs.extend(_limit_questions(item, ev))
    qs.append(Question("no_fault", "当事人是否有证据足以证明没有主观过错？",
                       facts.no_fault_evidence, "facts", "行政处罚法第三十三条第二款"))  # fmt: skip
    if item and item.undertaking_required and ev.exemption.branch == "first_offence":
        qs.append(Question("undertaking", "当事人是否已签署首违不罚承诺书？", None, "officer"))
    if item and item.photos_required and ev.exemption.applies:
        qs.append(Question("photos", "是否已拍摄整改前后对比照片？", None, "officer"))
    if ev.education_required:
        qs.append(Question("education", "是否已对当事人进行教育并记录？", None, "officer",
                           "行政处罚法第三十三条第三款"))  # fmt: skip
    return {
        "violation": inp.violation,
        "item": item.id if item else None,
        "history_synced_at": inp.history_synced_at.isoformat() if inp.history_synced_at else None,
        "freshness": fresh,
        "provisional": ev.provisional,
        "questions": [q.to_dict() for q in _with_answers(qs, inp.answers)],
    }
