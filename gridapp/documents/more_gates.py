"""Gates of the further documents, each citing its article in the refusal:

- 延长扣押期限决定书: a 扣押决定书 on the case; made before the seizure period ends; extended once,
  by at most thirty days (行政强制法第二十五条第一款);
- 解除扣押决定书: a 扣押决定书 on the case (第二十七条、第二十八条第一款); 扣押物品发还清单 only
  after the release decision (第二十八条第二款);
- 听证申请书: after a served 听证告知书, within the pack's request period (行政处罚法第六十四条
  第（一）项); 听证通知书: a request on file (第六十三条第一款), the hearing at least seven days
  after the notice (第（二）项), a host who is not an investigator of the case (第（四）项);
  听证笔录 after the 听证通知书 (第（二）项); 听证报告 on a 听证笔录 (第六十五条);
- 法制审核意见书 on a recorded 法制审核 (第五十八条); 集体讨论笔录 on a recorded 集体讨论
  (第五十七条第二款); 当场处罚备案 on a 当场行政处罚决定书 (第五十二条第三款);
- 代履行决定书: the time to correct has passed (行政强制法第五十条), performance at least three
  (working, 第六十九条) days after the decision (第五十一条第一款第（二）项);
- 强制执行申请书: the decision served and the 复议/诉讼 periods passed (counted by the pack's
  rules: a last day on a rest day moves on), within three months after (第五十三条); a 催告书
  served and ten working days passed since (第五十四条、第六十九条); never while a recorded 复议/
  诉讼 is pending, nor on a decision it changed or revoked; after one concluded the periods
  end: a 复议决定 + fifteen days to sue (行政诉讼法第四十五条), a withdrawn 复议 the suit period
  from service, a concluded suit its effective day — and the three months run from there;
- 不予立案审批表 only on a case not filed (行政处罚法第五十四条第二款); 销案审批表 only on a filed
  case with no decision (第五十七条第一款);
- 法定代表人身份证明书 only for a unit (第五十九条第一款第（一）项); the 授权委托书 has room for
  two agents only (第六十四条第（五）项).
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Mapping
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from gridapp.approvals import service as approvals
from gridapp.caselog.service import case_officers
from gridapp.documents.context import served_decision
from gridapp.documents.fill import GateView
from gridapp.documents.more_context import count_valid, latest, review_values, seizure_end
from gridapp.documents.templates import Template
from gridapp.models import Case, Party
from gridapp.packs import JurisdictionPack
from gridapp.packs.model import DeadlineRule

MAX_EXTENSION_DAYS = 30  # 行政强制法第二十五条第一款
HEARING_NOTICE_DAYS = 7  # 行政处罚法第六十四条第（二）项
SUBSTITUTE_NOTICE_DAYS = 3  # 行政强制法第五十一条第一款第（二）项
REMINDER_WAIT_DAYS = 10  # 行政强制法第五十四条
APPLICATION_MONTHS = 3  # 行政强制法第五十三条
SUIT_AFTER_REVIEW_DAYS = 15  # 行政诉讼法第四十五条
DECISIONS = ("penalty_decision", "summary_penalty_decision", "no_penalty_decision")

Gates = list[GateView]
Check = Callable[[Session, JurisdictionPack, Case, date, Mapping[str, Any]], Gates]


def more_gates(session: Session, pack: JurisdictionPack, case: Case, template: Template,
               as_of: date, values: Mapping[str, Any]) -> Gates:
    check = CHECKS.get(template.id)
    return check(session, pack, case, as_of, values) if check is not None else []


def _gate(name: str, reason: str, basis: str, cure: str) -> GateView:
    return GateView(name, True, reason, basis, cure)


def _day(raw: Any) -> date | None:
    try:
        return date.fromisoformat(str(raw or "").strip()[:10])
    except ValueError:
        return None


def _int(raw: Any) -> int | None:
    text = str(raw or "").strip()
    return int(text) if text.isascii() and text.isdigit() else None


def after_working_days(pack: JurisdictionPack, start: date, days: int, basis: str) -> date:
    """The last day of ``days`` counted from the day after ``start``: 行政强制法第六十九条 makes
    its periods of ten days or less working days (法定节假日 not counted, the pack's calendar)."""
    from gridapp.packs.model import DeadlineRule
    from gridapp.rules.daycount import due_after

    return due_after(DeadlineRule("coercion_short", days, 0, "working", basis), start,
                     pack.day_rules).date


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _no_seizure(basis: str) -> GateView:
    return _gate("seizure_decision_required", "本案没有有效的扣押决定书，无从延长或者解除扣押",
                 basis, "请先作出扣押决定书")


def seizure_extension(session: Session, pack: JurisdictionPack, case: Case, as_of: date,
                      values: Mapping[str, Any]) -> Gates:
    basis = "《行政强制法》第二十五条第一款"
    seizure = latest(session, case.id, "seizure_decision")
    if seizure is None:
        return [_no_seizure(basis)]
    out: Gates = []
    if count_valid(session, case.id, "seizure_extension"):
        out.append(_gate("seizure_extension_invalid",
                         "本案已延长过扣押期限；延长期限不得超过三十日，不能再次延长", basis,
                         "期限届满前应当作出处理决定或者解除扣押"))
    end = seizure_end(seizure)
    if end is not None and as_of > end:
        out.append(_gate("seizure_period_expired",
                         f"扣押期限已于 {end} 届满，届满后不能再延长，应当解除扣押", basis,
                         "请作出解除扣押决定书并退还物品（行政强制法第二十八条）"))
    days = _int(values.get("extension_days"))
    if days is None or not 1 <= days <= MAX_EXTENSION_DAYS:
        out.append(_gate("seizure_extension_invalid",
                         f"延长期限应为 1–{MAX_EXTENSION_DAYS} 日，填写的是“{values.get('extension_days') or '空'}”",
                         basis, f"请填写不超过 {MAX_EXTENSION_DAYS} 日的延长期限"))
    elif end is not None:
        want = end + timedelta(days=days)
        new_end = _day(values.get("new_end"))
        if new_end != want:
            out.append(_gate("seizure_extension_invalid",
                             f"原期限 {end} 届满，延长 {days} 日应至 {want}，填写的是“{values.get('new_end') or '空'}”",
                             basis, f"请将延长后届满日填为 {want}"))
    approved = _day(values.get("approved_on"))
    if approved is not None and approved > as_of:
        out.append(_gate("seizure_extension_invalid",
                         f"负责人批准日期 {approved} 晚于决定日期 {as_of}", basis,
                         "须先经本机关负责人批准，再作出延长决定"))
    return out


def seizure_release(session: Session, pack: JurisdictionPack, case: Case, as_of: date,
                    values: Mapping[str, Any]) -> Gates:
    if latest(session, case.id, "seizure_decision") is None:
        return [_no_seizure("《行政强制法》第二十七条、第二十八条第一款")]
    return []


def seized_items_return(session: Session, pack: JurisdictionPack, case: Case, as_of: date,
                        values: Mapping[str, Any]) -> Gates:
    if latest(session, case.id, "seizure_release") is None:
        return [_gate("seizure_release_required",
                      "退还扣押物品须依据解除扣押决定书，本案尚未作出解除扣押决定",
                      "《行政强制法》第二十八条第二款", "请先作出解除扣押决定书")]
    return []


def hearing_application(session: Session, pack: JurisdictionPack, case: Case, as_of: date,
                        values: Mapping[str, Any]) -> Gates:
    from gridapp.rules.daycount import due_after

    basis = "《行政处罚法》第六十四条第（一）项"
    notice = latest(session, case.id, "hearing_notice")
    if notice is None or notice.served_on is None:
        return [_gate("hearing_notice_not_served",
                      "本案尚未送达行政处罚听证告知书，无从提出听证要求", basis,
                      "请先送达行政处罚听证告知书")]
    asked = _day(values.get("request_date"))
    if asked is None:
        return []  # an empty or malformed date is the field's own error
    last = due_after(pack.deadlines["hearing_request"], notice.served_on, pack.day_rules).date
    if asked < notice.served_on or asked > as_of:
        return [_gate("hearing_request_late",
                      f"提出日期 {asked} 不在告知书送达（{notice.served_on}）与今天（{as_of}）之间",
                      basis, "请填写当事人实际提出听证要求的日期")]
    if asked > last:
        return [_gate("hearing_request_late",
                      f"听证告知书于 {notice.served_on} 送达，听证要求应在 {last} 前提出，"
                      f"当事人于 {asked} 提出，已逾期", basis,
                      "逾期提出的，视为放弃听证权利；如有正当理由，请记录后由负责人决定")]
    return []


def hearing_schedule_notice(session: Session, pack: JurisdictionPack, case: Case, as_of: date,
                         values: Mapping[str, Any]) -> Gates:
    out: Gates = []
    if latest(session, case.id, "hearing_application") is None:
        out.append(_gate("hearing_request_missing", "本案没有当事人的听证申请，不组织听证",
                         "《行政处罚法》第六十三条第一款", "请先记录当事人的听证申请书"))
    held = _day(values.get("hearing_time"))
    if held is not None and (held - as_of).days < HEARING_NOTICE_DAYS:
        out.append(_gate("hearing_notice_too_late",
                         f"听证定于 {held}，距通知之日（{as_of}）不足七日",
                         "《行政处罚法》第六十四条第（二）项",
                         f"请将听证时间定在 {as_of + timedelta(days=HEARING_NOTICE_DAYS)} 或以后"))
    host = str(values.get("host") or "").strip()
    investigators = {o.name for o in case_officers(session, case.id)}
    if host and any(name in host for name in investigators):
        out.append(_gate("hearing_host_is_investigator",
                         f"听证主持人“{host}”是本案调查人员", "《行政处罚法》第六十四条第（四）项",
                         "请指定非本案调查人员主持听证"))
    return out


def hearing_record(session: Session, pack: JurisdictionPack, case: Case, as_of: date,
                   values: Mapping[str, Any]) -> Gates:
    basis = "《行政处罚法》第六十四条第（二）项"
    notice = latest(session, case.id, "hearing_schedule_notice")
    if notice is None:
        return [_gate("hearing_schedule_notice_missing", "本案尚未作出听证通知书，听证无从举行", basis,
                      "请先在举行听证的七日前送达听证通知书")]
    planned = _day(notice.fields.get("hearing_time"))
    held = _day(values.get("start"))
    if planned is not None and held is not None and held < planned:
        return [_gate("hearing_schedule_notice_missing",
                      f"听证笔录记载的听证日期 {held} 早于通知的听证日期 {planned}", basis,
                      "请按通知的时间举行听证；改期的，重新通知")]
    return []


def hearing_report(session: Session, pack: JurisdictionPack, case: Case, as_of: date,
                   values: Mapping[str, Any]) -> Gates:
    if latest(session, case.id, "hearing_record") is None:
        return [_gate("hearing_record_missing", "听证报告须根据听证笔录作出，本案没有听证笔录",
                      "《行政处罚法》第六十五条", "请先制作听证笔录")]
    return []


def legal_review_opinion(session: Session, pack: JurisdictionPack, case: Case, as_of: date,
                         values: Mapping[str, Any]) -> Gates:
    if not review_values(session, case).get("review.legal_review"):
        return [_gate("legal_review_not_recorded",
                      "处罚审批中尚未记录法制审核意见，法制审核意见书无从出具",
                      "《行政处罚法》第五十八条", "请负责人在处罚审批中记录法制审核意见")]
    return []


def collective_discussion_record(session: Session, pack: JurisdictionPack, case: Case,
                                 as_of: date, values: Mapping[str, Any]) -> Gates:
    if not review_values(session, case).get("review.collective"):
        return [_gate("collective_not_recorded",
                      "处罚审批中尚未记录集体讨论决定，集体讨论笔录无从制作",
                      "《行政处罚法》第五十七条第二款", "请负责人在处罚审批中记录集体讨论意见")]
    return []


def summary_penalty_filing(session: Session, pack: JurisdictionPack, case: Case, as_of: date,
                           values: Mapping[str, Any]) -> Gates:
    if latest(session, case.id, "summary_penalty_decision") is None:
        return [_gate("summary_decision_missing", "本案没有当场行政处罚决定书，无须备案",
                      "《行政处罚法》第五十二条第三款", "当场处罚决定作出后再报备案")]
    return []


def substitute_performance(session: Session, pack: JurisdictionPack, case: Case, as_of: date,
                           values: Mapping[str, Any]) -> Gates:
    out: Gates = []
    order = latest(session, case.id, "rectification_notice")
    deadline = _day(order.fields.get("deadline")) if order is not None else None
    if order is None or deadline is None:
        out.append(_gate("performance_period_open",
                         "本案没有责令改正（恢复原状、排除妨碍）的决定，无从代履行",
                         "《行政强制法》第五十条", "请先作出责令（限期）改正通知书"))
    elif as_of <= deadline:
        out.append(_gate("performance_period_open",
                         f"改正期限至 {deadline} 届满，当事人逾期不履行、经催告仍不履行的，方可代履行",
                         "《行政强制法》第五十条", f"请于 {deadline} 以后复查并催告，仍不履行的再作出"))
    day = _day(values.get("performance_date"))
    basis = "《行政强制法》第五十一条第一款第（二）项、第六十九条"
    earliest = after_working_days(pack, as_of, SUBSTITUTE_NOTICE_DAYS, basis)
    if day is not None and day < earliest:
        out.append(_gate("substitute_notice_too_short",
                         f"代履行日期 {day} 距决定之日（{as_of}）不足三日（三日按工作日计算），"
                         "无从在代履行三日前催告", basis,
                         f"请将代履行日期定在 {earliest} 或以后"))
    return out


def enforcement_application(session: Session, pack: JurisdictionPack, case: Case, as_of: date,
                            values: Mapping[str, Any]) -> Gates:
    basis = "《行政强制法》第五十三条"
    found = served_decision(session, pack, case)
    if found is None:
        return [_gate("remedy_period_open", "本案没有已送达的罚款决定书，不能申请强制执行", basis,
                      "请先送达行政处罚决定书")]
    out: Gates = []
    from gridapp.rules.daycount import due_after

    # The party's periods, counted as the pack counts them: a last day on a rest day moves to
    # the next working day (民事诉讼法第八十五条), so no application comes before it.
    review_end = due_after(pack.deadlines["reconsideration_until"], found.served_on,
                           pack.day_rules).date
    if found.template_id == "summary_penalty_decision":
        # 复议前置: a 当场 decision is reviewed first; no suit lies before a review decision.
        open_until = review_end
        periods = "申请行政复议（六十日，当场处罚决定须先复议）"
        cited = basis + "、《行政复议法》第二十条、第二十三条第一款第（一）项"
    else:
        suit_end = due_after(pack.deadlines["lawsuit_until"], found.served_on, pack.day_rules).date
        open_until = max(review_end, suit_end)
        periods = "申请行政复议（六十日）、提起行政诉讼（六个月）"
        cited = basis + "、《行政复议法》第二十条、《行政诉讼法》第四十六条"
    from gridapp.execution.service import obligation, remedy_words

    owed = obligation(session, pack, case, as_of=as_of)
    remedies = owed.remedies if owed is not None else ()
    pending = next((r for r in remedies if r.ended is None), None)
    if pending is not None:
        return [_gate("remedy_pending",
                      f"{remedy_words(pending)}；在法定期限内申请复议或者起诉的，不得申请强制执行",
                      basis + "、《行政处罚法》第七十三条",
                      "待复议决定、判决或裁定生效（或撤回）后，记录其终结（gridapp case review）再申请")]
    concluded = remedies[-1] if remedies else None
    if concluded is not None and concluded.ended is not None:
        words = remedy_words(concluded)
        if concluded.outcome in ("changed", "revoked"):
            return [_gate("decision_changed_on_review",
                          f"{words}，不能依原决定申请强制执行", basis,
                          "请依复议决定、判决作废原决定并依法重新作出后办理")]
        if concluded.kind == "suit":
            # 生效判决、裁定 or 撤诉: no remedy is left (行政诉讼法第四十五条、第四十六条 spent).
            open_until = concluded.ended
            periods = "行政诉讼"
            cited = basis + "、《行政处罚法》第七十三条"
        elif concluded.outcome == "withdrawn":
            # 撤回复议: the suit period from service still runs (行政诉讼法第四十六条).
            open_until = max(open_until, concluded.ended)
            periods = "撤回行政复议申请后提起行政诉讼（六个月）"
        else:
            # 复议决定: the party may sue within fifteen days of receiving it (第四十五条).
            rule = DeadlineRule("suit_after_reconsideration", SUIT_AFTER_REVIEW_DAYS, 0,
                                "calendar", "《行政诉讼法》第四十五条")
            open_until = due_after(rule, concluded.ended, pack.day_rules).date
            periods = f"{words}；收到复议决定书之日起提起行政诉讼（十五日）"
            cited = basis + "、《行政诉讼法》第四十五条"
    start = open_until
    scheduled = _schedule_end(session, case)
    if scheduled is not None and scheduled > start:
        # 行政处罚法第七十二条第二款: with a deferral or instalments approved, the three months
        # run from the end of the schedule.
        start = scheduled
    if as_of <= open_until:
        out.append(_gate("remedy_period_open",
                         f"决定书于 {found.served_on} 送达，{periods}的期限至 {open_until} 届满；"
                         if concluded is None or concluded.ended is None else
                         f"{periods}的期限至 {open_until} 届满；"
                         "期满不申请、不起诉又不履行的，方可申请强制执行", cited,
                         f"请于 {open_until} 以后再申请"))
    elif as_of <= start:
        out.append(_gate("remedy_period_open",
                         f"本案批准延期（分期）缴纳罚款，缴纳期限至 {start} 结束；期满仍不履行的，"
                         "方可申请强制执行", "《行政处罚法》第七十二条第二款、" + basis,
                         f"请于 {start} 以后再申请"))
    elif as_of > add_months(start, APPLICATION_MONTHS):
        since = (f"延期（分期）缴纳期限结束（{start}）" if start != open_until
                 else f"复议、诉讼期限届满（{open_until}）" if concluded is None
                 else f"复议、诉讼终结后期限届满（{open_until}）")
        out.append(_gate("enforcement_application_late",
                         f"申请期限为{since}之日起三个月，已于 "
                         f"{add_months(start, APPLICATION_MONTHS)} 届满",
                         basis + ("、《行政处罚法》第七十二条第二款" if start != open_until else ""),
                         "已逾申请期限，请报负责人研究处理"))
    reminder = latest(session, case.id, "payment_reminder")
    if reminder is None or reminder.served_on is None:
        out.append(_gate("enforcement_reminder_period_open", "申请强制执行前须催告当事人履行，本案催告书尚未送达",
                         "《行政强制法》第五十四条", "请先作出并送达催告书"))
    else:
        last = after_working_days(pack, reminder.served_on, REMINDER_WAIT_DAYS,
                                  "《行政强制法》第五十四条、第六十九条")
        if as_of <= last:
            out.append(_gate("enforcement_reminder_period_open",
                             f"催告书于 {reminder.served_on} 送达，送达十日（工作日，至 {last}）后当事人仍未"
                             "履行的，方可申请", "《行政强制法》第五十四条、第六十九条",
                             f"请于 {last} 以后再申请"))
    return out


def _schedule_end(session: Session, case: Case) -> date | None:
    """The last day of the case's approved deferral or instalment schedule, if any."""
    from gridapp.execution.service import execution_rows

    days = [day for row in execution_rows(session, case.id) if row.kind == "instalment"
            for day, _ in row.schedule if day]
    return _day(max(days)) if days else None


def _filed(session: Session, case: Case) -> bool:
    return (latest(session, case.id, "filing_approval") is not None
            or approvals.approved(session, case.id, "filing") is not None)


def no_filing_approval(session: Session, pack: JurisdictionPack, case: Case, as_of: date,
                       values: Mapping[str, Any]) -> Gates:
    if _filed(session, case):
        return [_gate("case_already_filed", "本案已经立案，不能再作不予立案审批；立案后不予处罚或者撤销的，走销案审批",
                      "《行政处罚法》第五十四条第二款", "请改用销案审批表")]
    return []


def case_cancellation_approval(session: Session, pack: JurisdictionPack, case: Case, as_of: date,
                               values: Mapping[str, Any]) -> Gates:
    basis = "《行政处罚法》第五十七条第一款"
    if not _filed(session, case):
        return [_gate("case_not_filed", "本案尚未立案，无案可销；不立案的，走不予立案审批", basis,
                      "请改用不予立案审批表")]
    decided = [t for t in DECISIONS if latest(session, case.id, t) is not None]
    if decided:
        return [_gate("decision_already_issued",
                      "本案已作出处理决定，以决定结案，不能销案", basis,
                      "决定有错误的，依法作废并重新作出，或者报负责人研究")]
    return []


def legal_rep_certificate(session: Session, pack: JurisdictionPack, case: Case, as_of: date,
                          values: Mapping[str, Any]) -> Gates:
    party = session.get(Party, case.party_id) if case.party_id else None
    if party is None or party.kind == "person":
        return [_gate("party_not_a_unit", "当事人不是单位，没有法定代表人（负责人）",
                      "《行政处罚法》第五十九条第一款第（一）项", "当事人为个人的，无需本证明")]
    return []


CHECKS: dict[str, Check] = {
    "seizure_extension": seizure_extension,
    "seizure_release": seizure_release,
    "seized_items_return": seized_items_return,
    "hearing_application": hearing_application,
    "hearing_schedule_notice": hearing_schedule_notice,
    "hearing_record": hearing_record,
    "hearing_report": hearing_report,
    "legal_review_opinion": legal_review_opinion,
    "collective_discussion_record": collective_discussion_record,
    "summary_penalty_filing": summary_penalty_filing,
    "substitute_performance_decision": substitute_performance,
    "enforcement_application": enforcement_application,
    "no_filing_approval": no_filing_approval,
    "case_cancellation_approval": case_cancellation_approval,
    "legal_rep_certificate": legal_rep_certificate,
}
