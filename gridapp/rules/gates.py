"""Procedure gates (程序关口): the conditions that must hold before an action proceeds.

A gate is listed only when it applies; ``blocking`` says whether it stops the requested action.
For ``assess`` the engine previews the penalty path the case is on: outcome gates (limitation,
under-14) and the two-officer rule are always checked; decision gates are checked when the case
is heading for a penalty (no exemption, stage red) and judged against the procedure in
``case.procedure``. Every gate cites its article.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from gridapp.packs.model import JurisdictionPack
from gridapp.rules import documents as docs
from gridapp.rules.daycount import add_months
from gridapp.rules.deadlines import DeadlineResult, find
from gridapp.rules.discretion import DiscretionResult
from gridapp.rules.exemption import ExemptionResult
from gridapp.rules.input import PENALTY_ACTIONS, RulesInput
from gridapp.vocab.party_kind import PARTY_KIND


@dataclass(frozen=True)
class Gate:
    gate: str
    blocking: bool
    reason: str
    basis: str

    def to_dict(self) -> dict[str, object]:
        return {"gate": self.gate, "blocking": self.blocking, "reason": self.reason,
                "basis": self.basis}  # fmt: skip


OUTCOME_GATES = frozenset({"limitation_expired", "minor_under_14"})


def discovery_date(inp: RulesInput) -> date:
    return inp.case.opened if inp.case and inp.case.opened else inp.as_of


def outcome_gates(pack: JurisdictionPack, inp: RulesInput) -> list[Gate]:
    """Gates that end in no penalty at all (行政处罚法第三十六条、第三十条)."""
    blocks = inp.action != "issue_no_penalty_decision"
    out: list[Gate] = []
    act = inp.facts.act_date
    found = discovery_date(inp)
    if act and add_months(act, 12 * pack.limitation_years) < found:
        out.append(Gate(
            "limitation_expired", blocks,
            f"违法行为发生于 {act}，至发现之日 {found} 已超过{pack.limitation_years}年，不再给予行政处罚",
            "《行政处罚法》第三十六条",
        ))  # fmt: skip
    age = inp.party.age
    if age is not None and age < 14:
        out.append(Gate(
            "minor_under_14", blocks,
            f"当事人 {age} 周岁，不满十四周岁，不予行政处罚，责令监护人加以管教",
            "《行政处罚法》第三十条",
        ))  # fmt: skip
    return out


def _target(inp: RulesInput, penalty_path: bool) -> str | None:
    """The decision the gates are judged against, or None when no decision gate applies."""
    if inp.action in PENALTY_ACTIONS:
        return inp.action
    if inp.action == "assess" and penalty_path and inp.case is not None:
        if inp.case.procedure == "summary":
            return "issue_summary_decision"
        return "issue_penalty_decision"
    return None


def decision_gates(
    pack: JurisdictionPack,
    inp: RulesInput,
    exemption: ExemptionResult,
    discretion: DiscretionResult,
    deadlines: list[DeadlineResult],
    penalty_path: bool,
) -> list[Gate]:
    case = inp.case
    out: list[Gate] = []
    if case is None:
        return out
    if case.officers is not None and case.officers < 2:
        out.append(Gate(
            "two_officers_required", True,
            f"本案执法人员 {case.officers} 人，执法人员不得少于两人",
            "《行政处罚法》第四十二条",
        ))  # fmt: skip
    target = _target(inp, penalty_path)
    if target is not None:
        out.extend(_penalty_gates(pack, inp, exemption, discretion, deadlines, target))
    decision = case.decided or inp.as_of
    due = find(deadlines, "decision_due")
    if due and decision > due.due:
        out.append(Gate(
            "decision_deadline_passed", False,
            f"自立案之日（{case.opened}）起九十日内应作出决定，期限已于 {due.due} 届满；"
            "延长办案期限须经负责人批准并记录",
            "《行政处罚法》第六十条",
        ))  # fmt: skip
    return out


def _penalty_gates(
    pack: JurisdictionPack,
    inp: RulesInput,
    exemption: ExemptionResult,
    discretion: DiscretionResult,
    deadlines: list[DeadlineResult],
    target: str,
) -> list[Gate]:
    case = inp.case
    assert case is not None
    kind = inp.party.kind
    fine = case.proposed_fine
    vt = pack.violation(inp.violation)
    out: list[Gate] = []
    if inp.action in PENALTY_ACTIONS and exemption.applies and exemption.mandatory:
        out.append(Gate(
            "mandatory_exemption", True,
            "符合法定不予行政处罚情形：" + exemption.reasons[0],
            "《行政处罚法》第三十三条",
        ))  # fmt: skip
    refusal = _refusal_missing(inp) if vt.refusal_required else None
    if refusal is not None:
        out.append(Gate(
            "refusal_to_correct_required", True,
            f"{vt.penalty_article}以责令改正后拒不改正为罚款前提；{refusal}",
            vt.penalty_article,
        ))  # fmt: skip
    if target == "issue_summary_decision" and fine is not None:
        limit = pack.summary_limits.amount(kind)
        if fine > limit:
            out.append(Gate(
                "summary_procedure_limit", True,
                f"当场处罚对{PARTY_KIND.zh(kind)}的罚款不得超过 {limit} 元，拟罚 {fine} 元，应适用普通程序",
                "《行政处罚法》第五十一条",
            ))  # fmt: skip
    if target == "issue_penalty_decision":
        out.extend(_notice_gates(pack, inp, deadlines))
    if fine is not None:
        out.extend(_fine_gates(inp, discretion, fine, vt.penalty_article))
    return out


def refused_to_correct(inp: RulesInput) -> bool:
    """拒不改正 established: the order to correct served, its 改正期限 passed and a 复查 after
    that day found it not complied with."""
    case = inp.case
    if case is None or case.served_on(docs.RECTIFICATION_NOTICE) is None:
        return False
    due = case.correction_due
    return due is not None and case.not_corrected_on is not None and case.not_corrected_on > due


def complied_without_liability(pack: JurisdictionPack, inp: RulesInput) -> bool:
    """The regulation fines only 拒不改正 and the party corrected without refusing: no fine is
    owed, so there is no penalty to withhold (行政处罚法第三十三条 does not apply) and the case
    closes on the order to correct complied with."""
    vt = pack.violation(inp.violation)
    return vt.refusal_required and inp.facts.corrected and not refused_to_correct(inp)


def compliance_gates(pack: JurisdictionPack, inp: RulesInput) -> list[Gate]:
    """A 不予行政处罚决定书 for a violation whose fine presupposes 拒不改正, once the party has
    corrected: refused (there is nothing to withhold), the case closes as complied with."""
    if inp.action != "issue_no_penalty_decision" or not complied_without_liability(pack, inp):
        return []
    vt = pack.violation(inp.violation)
    return [Gate(
        "no_penalty_not_applicable", True,
        f"{vt.penalty_article}仅对责令改正后拒不改正的设定罚款；当事人已改正，依法不产生罚款，"
        "无处罚可予免除，不作不予行政处罚决定，本案以责令改正已履行结案",
        f"{vt.penalty_article}；《行政处罚法》第二十八条第一款、第三十三条第一款",
    )]  # fmt: skip


def _refusal_missing(inp: RulesInput) -> str | None:
    """What is missing for 拒不改正 (None when established): the order to correct served, its
    改正期限 passed, and a 复查 after that day that found the order not complied with."""
    case = inp.case
    assert case is not None
    if case.served_on(docs.RECTIFICATION_NOTICE) is None:
        return "尚未送达责令（限期）改正通知书"
    if inp.facts.corrected:
        return "当事人已改正"
    due = case.correction_due
    if due is None:
        return "未记录改正期限"
    if inp.as_of <= due:
        return f"改正期限至 {due} 届满，期满前不能认定拒不改正"
    if case.not_corrected_on is None or case.not_corrected_on <= due:
        return f"改正期限（{due}）届满后尚未复查并记录当事人未改正"
    return None


def _notice_gates(
    pack: JurisdictionPack, inp: RulesInput, deadlines: list[DeadlineResult]
) -> list[Gate]:
    case = inp.case
    assert case is not None
    kind = inp.party.kind
    fine = case.proposed_fine
    out: list[Gate] = []
    advance = case.served_on(docs.ADVANCE_NOTICE)
    if advance is None and not case.statement_waived:
        out.append(Gate(
            "advance_notice_required", True,
            "作出行政处罚决定前，应当送达行政处罚事先告知书，告知拟处罚内容及陈述、申辩、要求听证的权利",
            "《行政处罚法》第四十四条、第六十二条",
        ))  # fmt: skip
    statement = find(deadlines, "statement_until")
    if statement and not case.statement_waived and inp.as_of <= statement.due:
        out.append(Gate(
            "statement_period_open", True,
            f"陈述申辩期至 {statement.due} 届满（事先告知书送达于 {advance}），期满前不得作出决定",
            "《行政处罚法》第四十五条、第六十二条",
        ))  # fmt: skip
    hearing_notice = case.served_on(docs.HEARING_NOTICE)
    thresholds = pack.hearing_thresholds
    if fine is not None and thresholds.requires_hearing(kind, fine) and hearing_notice is None:
        out.append(Gate(
            "hearing_notice_required", True,
            f"拟对{PARTY_KIND.zh(kind)}罚款 {fine} 元，达到较大数额标准（{thresholds.zh(kind)}），"
            "应当告知当事人有要求听证的权利",
            "《行政处罚法》第六十三条",
        ))  # fmt: skip
    window = find(deadlines, "hearing_request")
    if window and case.hearing_requested is None and inp.as_of <= window.due:
        out.append(Gate(
            "hearing_request_window_open", True,
            f"听证告知书于 {hearing_notice} 送达，当事人可在 {window.due} 前要求听证，"
            "既未要求听证，也没有当事人签名明确放弃听证的记录",
            "《行政处罚法》第六十二条、第六十四条第（一）项",
        ))  # fmt: skip
    if case.hearing_requested and (case.hearing_date is None or case.hearing_date > inp.as_of):
        when = f"定于 {case.hearing_date} 举行" if case.hearing_date else "尚未安排"
        out.append(Gate(
            "hearing_pending", True,
            f"当事人已要求听证，听证{when}；听证结束后方可依听证笔录作出决定",
            "《行政处罚法》第六十四条、第六十五条",
        ))  # fmt: skip
    return out


def _fine_gates(
    inp: RulesInput, discretion: DiscretionResult, fine: int, penalty_article: str
) -> list[Gate]:
    case = inp.case
    assert case is not None
    out: list[Gate] = []
    rng = discretion.range
    statutory = discretion.statutory
    mitigated = any(x.kind == "mitigating" for x in discretion.factors)
    if fine > statutory.max or (fine < statutory.min and not mitigated):
        # No justification makes these lawful: above the statutory maximum, or below the minimum
        # without a ground for 减轻处罚 (第三十条、第三十二条).
        out.append(Gate(
            "fine_outside_benchmark", True,
            f"拟罚 {fine} 元{'超过法定最高' if fine > statutory.max else '低于法定最低'}罚款"
            f"（法定{statutory.zh()}）"
            + ("" if fine > statutory.max else "，且无减轻处罚的法定情节")
            + "；须调整金额",
            penalty_article,
        ))  # fmt: skip
    elif not discretion.permits(fine):
        justified = bool(case.fine_justification.strip())
        where = f"“{discretion.tier}”档" if discretion.tier else "法定"
        if rng.contains(fine):
            tiers = "、".join(dict.fromkeys(r.zh() for r in discretion.tier_ranges))
            what = f"拟罚 {fine} 元不属于任一情节档次的罚款（{tiers}）"
        else:
            what = f"拟罚 {fine} 元不在{where}幅度 {rng.min}–{rng.max} 元内"
        out.append(Gate(
            "fine_outside_benchmark", not justified,
            what + ("；已书面说明理由" if justified else "；须书面说明理由或调整金额"),
            "《行政处罚法》第三十四条",
        ))  # fmt: skip
    prior = case.prior_proposed_fine
    if prior is not None and fine > prior:
        out.append(Gate(
            "fine_increased_after_statement", True,
            f"拟罚金额由 {prior} 元提高到 {fine} 元；不得因当事人陈述、申辩而给予更重的处罚",
            "《行政处罚法》第四十五条第二款",
        ))  # fmt: skip
    return out
