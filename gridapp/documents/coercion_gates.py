"""The coercive measures and the preservation of evidence: their values from the record and
their gates, each citing its article in the refusal.

- 扣押决定书 (行政强制法第十八条、第十九条、第二十四条、第二十五条): the 负责人's approval recorded
  first (``seizure`` approval; 第十八条第一项) — or, 情况紧急 当场实施, the approval made up
  within twenty-four hours (第十九条), failing which the seizure is released and no further
  seizure document issues; a 现场笔录 on the case (第十八条第七项) that records the party told of
  the measure's grounds and rights and heard (第五、六项), or, the party absent, a witness
  (第九项); the decision prints the approval and what the record holds, and its last day,
  counted from the day after it was handed over, in calendar days;
- 暂扣物品清单 cites the 扣押决定书 it goes with (第二十四条);
- 延长扣押期限决定书: the 负责人's ``seizure_extend`` approval (第二十五条第一款), its new last day
  the old one plus the days of extension;
- 履行义务催告书 and 代履行决定书 (第三十五条、第五十条、第五十一条): the 代履行 only after a written
  催告 was served and its time to perform passed; the decision's 催告 and 标的 from that record;
- 听证 (行政处罚法第六十三条、第六十四条): no penalty decision while a 听证告知书, or a 事先告知书
  telling of the hearing right, is unserved, or served and the five days to ask not passed with
  no request or waiver recorded;
- 强制执行申请书 (行政强制法第五十三条至第五十五条): the party's answer to the 催告 from the
  record; the fine as decided and the 加处罚款 computed to the application day (行政处罚法第七十二条
  第一款第（一）项), never typed;
- 证据先行登记保存通知书 (行政处罚法第五十六条): the 负责人's ``preservation`` approval printed from
  the record; the last day of the seven (working) days to decide printed on the notice.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gridapp.approvals import service as approvals
from gridapp.documents.context import served_decision
from gridapp.documents.fill import GateView
from gridapp.documents.more_context import Found, latest, seizure_end
from gridapp.documents.templates import Template
from gridapp.documents.text import format_date
from gridapp.models import Approval, Case, Deadline, Document, DocumentService, Officer
from gridapp.packs import JurisdictionPack
from gridapp.packs.model import DeadlineRule
from gridapp.store import StationStore
from gridapp.timeutil import station_date

URGENT_HOURS = 24  # 行政强制法第十九条
SITE_RECORD = "site_inspection_record"  # the 现场笔录 of 行政强制法第十八条第七项
TOLD = "已当场告知当事人采取扣押措施的理由、依据及其依法享有的陈述、申辩权和申请行政复议、提起行政诉讼的权利"
ABSENT = "当事人不到场，已邀请见证人到场"
SEIZURE_DOCUMENTS = ("seizure_list", "seizure_extension")  # refused once the seizure must end
FINE_DECISIONS = ("penalty_decision", "summary_penalty_decision")
STATEMENT_RECORD = "statement_record"

Gates = list[GateView]


def _gate(name: str, reason: str, basis: str, cure: str) -> GateView:
    return GateView(name, True, reason, basis, cure)


def _day(raw: Any) -> date | None:
    try:
        return date.fromisoformat(str(raw or "").strip()[:10])
    except ValueError:
        return None


def _days(raw: Any, default: str) -> int | None:
    text = str(raw if raw not in (None, "") else default).strip()
    return int(text) if text.isascii() and text.isdigit() else None


def _name(session: Session, officer_id: str | None) -> str:
    person = session.get(Officer, officer_id) if officer_id else None
    return person.name if person is not None else ""


def _approved_on(row: Approval) -> date | None:
    return station_date(row.decided_at) if row.decided_at is not None else None


def _approval_words(session: Session, row: Approval | None) -> str:
    if row is None:
        return ""
    day = _approved_on(row)
    when = f"于{format_date(day.isoformat())}" if day is not None else ""
    return f"经本机关负责人{_name(session, row.decided_by)}{when}批准"


def _default(template: Template, name: str) -> str:
    return next((f.default for f in template.fields if f.name == name), "")


def _fields(template: Template) -> set[str]:
    return {f.name for f in template.fields}


# --- values from the record -----------------------------------------------------------------


def coercion_values(session: Session, pack: JurisdictionPack, case: Case, template: Template,
                    as_of: date, overrides: Mapping[str, Any]) -> dict[str, str]:
    """``coercion.*`` context values for issuing ``template`` on ``as_of`` (and ``rules.late_fee``
    counted to that day): "" when the record holds nothing, never a guess."""
    from gridapp.rules.daycount import due_after
    from gridapp.rules.latefee import late_fee

    out: dict[str, str] = {}
    names = _fields(template)
    if template.id == "seizure_decision":
        out["coercion.seizure_approval"] = _seizure_approval_words(session, case, overrides)
        days = _days(overrides.get("period_days"), _default(template, "period_days"))
        if days is not None:
            out["coercion.seizure_end"] = (as_of + timedelta(days=days)).isoformat()
        out["coercion.seizure_rights"] = _rights_words(session, case)
    if template.id == "seizure_extension":
        row = approvals.approved(session, case.id, "seizure_extend")
        if row is not None:
            out["coercion.extension_approver"] = _name(session, row.decided_by)
            day = _approved_on(row)
            out["coercion.extension_approved_on"] = day.isoformat() if day else ""
        seizure = latest(session, case.id, "seizure_decision")
        end = seizure_end(seizure) if seizure is not None else None
        days = _days(overrides.get("extension_days"), _default(template, "extension_days"))
        if end is not None and days is not None:
            out["coercion.extension_end"] = (end + timedelta(days=days)).isoformat()
    if template.id == "evidence_preservation_notice":
        out["coercion.preservation_approval"] = _approval_words(
            session, approvals.approved(session, case.id, "preservation"))
        out["coercion.preservation_due"] = due_after(
            pack.deadlines["preserved_evidence_decision"], as_of, pack.day_rules).date.isoformat()
    if template.id == "substitute_performance_decision":
        reminder = latest(session, case.id, "performance_reminder")
        if reminder is not None and reminder.served_on is not None:
            deadline = str(reminder.fields.get("deadline") or "")
            out["coercion.performance_reminded"] = (
                f"本机关于{format_date(reminder.served_on.isoformat())}送达《履行义务催告书》"
                f"（{reminder.number}），催告于{format_date(deadline)}前履行")
            out["coercion.performance_target"] = str(reminder.fields.get("target") or "")
    if template.id == "enforcement_application":
        out["coercion.enforcement_opinion"] = _reminder_answer(session, pack, case, as_of)
        owed = enforcement_owed(session, pack, case, as_of)
        if owed is not None:
            out["coercion.enforcement_fine"] = str(owed[0])
            out["coercion.enforcement_late_fee"] = str(owed[1])
        out["coercion.enforcement_remedies"] = _remedies_statement(session, pack, case, as_of)
    if "late_fee" in names:
        found = served_decision(session, pack, case)
        if found is not None and found.fine is not None:
            from gridapp.execution.service import obligation

            executed = obligation(session, pack, case, as_of=as_of)
            out["rules.late_fee"] = str(executed.late_fee if executed is not None else
                                        late_fee(found.fine, found.payment_due, as_of))
    return out


def _seizure_approval_words(session: Session, case: Case, overrides: Mapping[str, Any]) -> str:
    row = approvals.approved(session, case.id, "seizure")
    if row is not None:
        return _approval_words(session, row)
    if str(overrides.get("urgent") or "").strip():
        return ("因情况紧急，当场实施，执法人员将在二十四小时内向本机关负责人报告并补办批准手续"
                "（《中华人民共和国行政强制法》第十九条）")
    return ""


def _site_record(session: Session, case: Case) -> Found | None:
    return latest(session, case.id, SITE_RECORD)


def _rights_words(session: Session, case: Case) -> str:
    """What the 现场笔录 records about telling the party and hearing them (第十八条第五、六、九项)."""
    record = _site_record(session, case)
    if record is None:
        return ""
    told = str(record.fields.get("measure_told") or "").strip()
    said = str(record.fields.get("measure_statement") or "").strip().rstrip("。")
    witness = str(record.fields.get("witness") or "").strip()
    ref = f"（现场笔录{record.number}）"
    if told == TOLD and said:
        return (f"执法人员实施扣押时已当场告知当事人采取扣押措施的理由、依据及其依法享有的陈述、申辩权和"
                f"救济途径，并听取了当事人的陈述和申辩{ref}。当事人的陈述和申辩：{said}。")
    if told == ABSENT and witness:
        return f"实施扣押时当事人不到场，执法人员邀请{witness}到场见证{ref}。"
    return ""


def _reminder_answer(session: Session, pack: JurisdictionPack, case: Case, as_of: date) -> str:
    """The party's answer to the 催告书 (行政强制法第三十六条、第五十五条第一款第（三）项): a
    陈述申辩笔录 made after the 催告书 was served, or its statement period run out in silence."""
    from gridapp.rules.daycount import due_after

    reminder = latest(session, case.id, "payment_reminder")
    if reminder is None or reminder.served_on is None:
        return ""
    rows = session.execute(
        select(Document.number, Document.fields_json, Document.issued_at)
        .where(Document.case_id == case.id, Document.template_id == STATEMENT_RECORD,
               Document.voided_at.is_(None), Document.deleted.is_(False))
        .order_by(Document.issued_at)).all()
    for number, fields_json, issued_at in rows:
        if station_date(issued_at) < reminder.served_on:
            continue
        try:
            fields = json.loads(fields_json)
        except ValueError:
            continue
        said = str(fields.get("statement") or "").strip().rstrip("。")
        day = format_date(station_date(issued_at).isoformat())
        if str(fields.get("kind") or "") == "放弃陈述、申辩":
            return (f"经催告，被申请人于{day}明确表示放弃陈述、申辩（陈述申辩笔录{number}），"
                    "仍未履行。")
        return (f"经催告，被申请人于{day}提出陈述、申辩（陈述申辩笔录{number}）：{said}。"
                "本机关已记录、复核，被申请人仍未履行。")
    days = _days(reminder.fields.get("statement_days"), "3") or 3
    # 行政强制法第六十九条: a period of ten days or less counts working days.
    rule = DeadlineRule("reminder_statement", days, 0, "working" if days <= 10 else "calendar",
                        "《行政强制法》第三十六条、第六十九条")
    last = due_after(rule, reminder.served_on, pack.day_rules).date
    if as_of <= last:
        return ""
    return (f"经催告，被申请人在催告书规定的期限内（至{format_date(last.isoformat())}）未提出陈述、申辩，"
            "仍未履行。")


# --- gates ----------------------------------------------------------------------------------


def coercion_gates(session: Session, pack: JurisdictionPack, case: Case, template: Template,
                   as_of: date, values: Mapping[str, Any]) -> Gates:
    out: Gates = []
    if template.id == "seizure_decision":
        out += _seizure_decision(session, case, as_of, values)
    if template.id in SEIZURE_DOCUMENTS:
        out += _urgent_seizure_lapsed(session, case)
    if template.id == "seizure_list":
        out += _seizure_list(session, case, as_of, values)
    if template.id == "seizure_extension":
        out += _seizure_extension(session, case)
    if template.id == "performance_reminder":
        out += _performance_reminder(session, case, as_of, values)
    if template.id == "substitute_performance_decision":
        out += _substitute_after_reminder(session, pack, case, as_of)
    if template.id in FINE_DECISIONS:
        out += _hearing_right(session, pack, case, as_of)
    if template.id == "enforcement_application":
        out += _enforcement_amounts(session, pack, case, as_of, values)
    if template.id == "evidence_preservation_notice":
        out += _preservation(session, case)
    return out


def _seizure_decision(session: Session, case: Case, as_of: date,
                      values: Mapping[str, Any]) -> Gates:
    out: Gates = []
    urgent = bool(str(values.get("urgent") or "").strip())
    row = approvals.latest(session, case.id, "seizure")
    if row is not None and row.status == "returned":
        out.append(_gate("seizure_approval_required",
                         f"本机关负责人未批准扣押（退回意见：{row.opinion}），不得实施扣押",
                         "《行政强制法》第十八条第一项、第十九条", "不得扣押；已当场实施的，应当立即解除"))
    elif approvals.approved(session, case.id, "seizure") is None and not urgent:
        out.append(_gate("seizure_approval_required",
                         "实施扣押前须向本机关负责人报告并经批准，本案尚未记录扣押审批"
                         + ("（扣押审批已提交，尚待批准）" if row is not None else ""),
                         "《行政强制法》第十八条第一项",
                         "请提交扣押审批，经负责人批准后再作出；情况紧急需当场实施的，"
                         "选择“情况紧急，当场实施”，并在二十四小时内补办批准手续（第十九条）"))
    record = _site_record(session, case)
    if record is None or record.issued_on > as_of:
        out.append(_gate("seizure_site_record_required",
                         "实施扣押应当制作现场笔录，本案没有现场检查（勘验）笔录",
                         "《行政强制法》第十八条第七项", "请先制作现场笔录，记载扣押的实施过程"))
    elif not _rights_words(session, case):
        told = str(record.fields.get("measure_told") or "").strip()
        if told == ABSENT:
            why = f"现场笔录{record.number}记载当事人不到场，但没有记载见证人"
            basis = "《行政强制法》第十八条第九项"
            cure = "当事人不到场的，应当邀请见证人到场，并在现场笔录中记明见证人"
        else:
            why = (f"现场笔录{record.number}没有记载当场告知当事人采取扣押措施的理由、依据和权利、救济途径，"
                   "或者没有记载当事人的陈述和申辩")
            basis = "《行政强制法》第十八条第五项、第六项"
            cure = "请在现场笔录中记载告知情况和当事人的陈述、申辩（未提出的，写明未提出）"
        out.append(_gate("seizure_rights_not_recorded", why, basis, cure))
    raw = str(values.get("period_days") or "").strip()
    typed = _day(values.get("period_end"))
    if raw.isascii() and raw.isdigit() and typed is not None:
        want = as_of + timedelta(days=int(raw))
        if typed != want:
            out.append(_gate("seizure_period_invalid",
                             f"扣押期限{raw}日自送达次日起算，应至 {want} 届满，填写的是“{typed}”",
                             "《行政强制法》第二十五条第一款", f"请将扣押期限届满日填为 {want}"))
    return out


def _issued_at(session: Session, case: Case, template_id: str) -> tuple[Document, datetime] | None:
    doc = session.scalars(
        select(Document).where(Document.case_id == case.id, Document.template_id == template_id,
                               Document.voided_at.is_(None), Document.deleted.is_(False))
        .order_by(Document.issued_at.desc())).first()
    return (doc, doc.issued_at) if doc is not None else None


def _urgent_seizure_lapsed(session: Session, case: Case) -> Gates:
    """An urgent seizure whose approval was refused, or not made up within 24 hours, must end
    (行政强制法第十九条): no list, no extension — only the release."""
    from gridapp import clock

    found = _issued_at(session, case, "seizure_decision")
    if found is None:
        return []
    doc, issued = found
    try:
        fields = json.loads(doc.fields_json)
    except ValueError:
        fields = {}
    if not str(fields.get("urgent") or "").strip():
        return []
    cure = "应当立即解除扣押：请作出解除扣押决定书并退还物品"
    basis = "《行政强制法》第十九条"
    row = approvals.latest(session, case.id, "seizure")
    if row is not None and row.status == "returned":
        return [_gate("seizure_approval_overdue",
                      f"当场实施的扣押（{doc.number}），本机关负责人认为不应当采取（{row.opinion}）",
                      basis, cure)]
    limit = issued + timedelta(hours=URGENT_HOURS)
    ok = approvals.approved(session, case.id, "seizure")
    if ok is not None and ok.decided_at is not None and ok.decided_at <= limit:
        return []
    if ok is None and clock.now() <= limit:
        return []
    late = "批准晚于二十四小时" if ok is not None else "至今未补办批准手续"
    return [_gate("seizure_approval_overdue",
                  f"情况紧急当场实施的扣押（{doc.number}），应在二十四小时内向负责人报告并补办批准手续，{late}",
                  basis, cure)]


def _seizure_list(session: Session, case: Case, as_of: date,
                  values: Mapping[str, Any]) -> Gates:
    from gridapp.documents.date_gates import document_day
    from gridapp.documents.serving import latest_of

    decision = latest(session, case.id, "seizure_decision")
    if decision is None:
        return []  # ``seizure_decision_required`` (procedure.py)
    out: Gates = []
    cited = str(values.get("seizure_number") or "").strip()
    if cited and cited != decision.number:
        out.append(_gate("seizure_list_mismatch",
                         f"清单须随扣押决定书 {decision.number} 交付，填写的是“{cited}”",
                         "《行政强制法》第二十四条", f"请将扣押决定书文号填为 {decision.number}"))
    issued = latest_of(session, case.id, "seizure_decision")
    made = document_day(issued) if issued is not None else as_of
    if made != as_of:  # 制作并当场交付查封、扣押决定书和清单
        out.append(_gate("seizure_list_not_on_the_spot",
                         f"清单应与扣押决定书 {decision.number}（{made}）当场一并制作、交付，"
                         f"本清单的日期是 {as_of}",
                         "《行政强制法》第二十四条第一款",
                         f"请以扣押决定书的日期（{made}）制作清单；漏制清单的，应作废扣押决定书后"
                         "重新依法实施"))
    return out


def _seizure_extension(session: Session, case: Case) -> Gates:
    if approvals.approved(session, case.id, "seizure_extend") is not None:
        return []
    row = approvals.latest(session, case.id, "seizure_extend")
    state = ("尚未提交延长扣押审批" if row is None else
             f"延长扣押审批已被退回（{row.opinion}）" if row.status == "returned" else
             "延长扣押审批尚待批准")
    return [_gate("seizure_extension_not_approved",
                  f"延长扣押期限须经本机关负责人批准：{state}", "《行政强制法》第二十五条第一款",
                  "请提交延长扣押审批，经负责人批准后再作出延长决定")]


def _performance_reminder(session: Session, case: Case, as_of: date,
                          values: Mapping[str, Any]) -> Gates:
    out: Gates = []
    order = latest(session, case.id, "rectification_notice")
    deadline = _day(order.fields.get("deadline")) if order is not None else None
    if order is None or deadline is None:
        out.append(_gate("performance_period_open",
                         "本案没有责令改正（排除妨碍、恢复原状）的决定，无从催告履行",
                         "《行政强制法》第五十条", "请先作出责令（限期）改正通知书"))
    elif as_of <= deadline:
        out.append(_gate("performance_period_open",
                         f"改正期限至 {deadline} 届满，当事人逾期不履行的，方可催告",
                         "《行政强制法》第五十条", f"请于 {deadline} 以后复查，仍未改正的再催告"))
    out += reminder_values_gates(values, as_of)
    return out


REMINDER_DAYS_MAX = 366  # a 催告 names a time to perform within a year (a sane bound)
STATEMENT_DAYS = (3, 30)  # the 陈述申辩 period a 催告书 may give, in working days
TARGET_MAX = 500


def strict_day(raw: Any) -> date | None:
    """A real calendar day written 年-月-日 in ASCII digits (2026-12-31), else None."""
    text = str(raw or "").strip()
    if len(text) != 10 or not text.isascii() or text[4] != "-" or text[7] != "-":
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def statement_days(raw: Any) -> int | None:
    """The 催告书's 陈述申辩 period: an integer in ``STATEMENT_DAYS``, ASCII digits, else None."""
    text = str(raw or "").strip()
    if not (text.isascii() and text.isdigit() and len(text) <= 2):
        return None
    days = int(text)
    return days if STATEMENT_DAYS[0] <= days <= STATEMENT_DAYS[1] else None


def reminder_values_gates(values: Mapping[str, Any], as_of: date) -> Gates:
    """The 履行义务催告书's own values (行政强制法第三十五条): a real time to perform after the
    day it is issued and within a year; the 陈述申辩 period 3–30 working days; the 标的 in at most
    ``TARGET_MAX`` characters."""
    out: Gates = []
    basis = "《行政强制法》第三十五条第一项"
    raw = str(values.get("deadline") or "").strip()
    due = strict_day(raw)
    limit = as_of + timedelta(days=REMINDER_DAYS_MAX)
    if due is None:
        out.append(_gate("reminder_deadline_invalid",
                         f"催告的履行期限“{raw[:40] or '空'}”不是有效的日期（年-月-日，如 "
                         f"{(as_of + timedelta(days=10)).isoformat()}）", basis,
                         "请写明作出之日以后的履行期限"))
    elif due <= as_of:
        out.append(_gate("reminder_deadline_invalid",
                         f"催告的履行期限 {due} 不在催告书作出之日（{as_of}）之后，当事人无从履行",
                         basis, "请写明作出之日以后的履行期限"))
    elif due > limit:
        out.append(_gate("reminder_deadline_invalid",
                         f"催告的履行期限 {due} 距作出之日（{as_of}）超过一年，不是合理的履行期限",
                         basis, f"请写明 {limit} 以前的履行期限"))
    raw_days = str(values.get("statement_days") or "").strip()
    if statement_days(raw_days) is None:
        low, high = STATEMENT_DAYS
        out.append(_gate("reminder_statement_days_invalid",
                         f"陈述申辩期限“{raw_days[:20] or '空'}”须为 {low} 至 {high} 之间的整数"
                         "（个工作日，阿拉伯数字）",
                         "《行政强制法》第三十五条第四项、第六十九条",
                         f"请填写 {low} 至 {high} 之间的整数"))
    target = str(values.get("target") or "")
    if len(target) > TARGET_MAX:
        out.append(_gate("reminder_target_too_long",
                         f"应当履行的标的有 {len(target)} 个字，超过 {TARGET_MAX} 个字",
                         "《行政强制法》第三十五条第一项",
                         f"请在 {TARGET_MAX} 个字以内写明需要清除、拆除或者恢复的物品、设施"))
    return out


def _statement_after(session: Session, case: Case, served_on: date) -> tuple[str, date] | None:
    """The first 陈述申辩笔录 of the case made on or after ``served_on`` (number, day)."""
    for number, issued_at in session.execute(
            select(Document.number, Document.issued_at)
            .where(Document.case_id == case.id, Document.template_id == STATEMENT_RECORD,
                   Document.voided_at.is_(None), Document.deleted.is_(False))
            .order_by(Document.issued_at)):
        day = station_date(issued_at)
        if day >= served_on:
            return number, day
    return None


def _substitute_after_reminder(session: Session, pack: JurisdictionPack, case: Case,
                               as_of: date) -> Gates:
    """代履行 after the written 催告 (行政强制法第三十五条、第五十条): served, its time to perform
    run out, and the party heard — its 陈述申辩 period (working days, 第三十六条、第六十九条) run
    out after service, or a 陈述申辩笔录 made after service. A 催告书 whose values cannot be read
    (a time to perform that is no date) is never taken as "no time set"."""
    from gridapp.documents.more_gates import after_working_days

    basis = "《行政强制法》第三十五条、第五十条"
    reminder = latest(session, case.id, "performance_reminder")
    if reminder is None or reminder.served_on is None:
        return [_gate("performance_reminder_required",
                      "代履行须在当事人逾期不履行、经书面催告仍不履行后决定，本案履行义务催告书尚未"
                      + ("作出" if reminder is None else "送达"),
                      basis, "请先作出并送达履行义务催告书")]
    due = strict_day(reminder.fields.get("deadline"))
    days = statement_days(reminder.fields.get("statement_days"))
    if due is None or days is None:
        what = "履行期限" if due is None else "陈述申辩期限"
        return [_gate("performance_reminder_required",
                      f"催告书 {reminder.number} 的{what}无效，无从确定当事人的期限",
                      basis, f"请作废催告书 {reminder.number}，重新作出并送达")]
    out: Gates = []
    if as_of <= due:
        out.append(_gate("performance_reminder_required",
                         f"催告书 {reminder.number} 催告于 {due} 前履行，期限尚未届满",
                         basis, f"请于 {due} 以后复查，仍未履行的再作出代履行决定"))
    cited = "《行政强制法》第三十六条、第六十九条"
    last = after_working_days(pack, reminder.served_on, days, cited)
    if as_of <= last and _statement_after(session, case, reminder.served_on) is None:
        out.append(_gate("reminder_statement_period_open",
                         f"催告书 {reminder.number} 于 {reminder.served_on} 送达，当事人可在 {days} 个工作日内"
                         f"（至 {last}）陈述、申辩，期限未届满，也没有送达后制作的陈述申辩笔录",
                         cited, f"请于 {last} 以后再作决定，或先听取当事人陈述、申辩并制作陈述申辩笔录"))
    return out


def _served_on(session: Session, doc: Document) -> date | None:
    days = [deemed or served for deemed, served in session.execute(
        select(DocumentService.deemed_served_on, DocumentService.served_on)
        .where(DocumentService.document_id == doc.id, DocumentService.deleted.is_(False)))]
    return min((date.fromisoformat(d) for d in days if d), default=None)


def _hearing_right(session: Session, pack: JurisdictionPack, case: Case, as_of: date) -> Gates:
    """A penalty decision waits for the hearing right the party was told of (行政处罚法第六十三条、
    第六十四条第（一）项): the notice served, and the five days to ask passed, unless the party
    asked (the hearing gates take over) or waived it in a record the party signed after the
    service (第六十二条 明确放弃: ``hearing_waiver``); the evaluation's ``hearing_requested:
    false`` is the officer's note and never waives."""
    from gridapp.documents.hearing_waiver import BASIS, early_waiver, waiver_after
    from gridapp.rules.daycount import due_after

    if latest(session, case.id, "hearing_application") is not None:
        return []
    notices = list(session.scalars(
        select(Document).where(Document.case_id == case.id, Document.voided_at.is_(None),
                               Document.deleted.is_(False),
                               Document.template_id.in_(("hearing_notice", "advance_notice")))
        .order_by(Document.issued_at)))
    basis = "《行政处罚法》第六十三条、第六十四条第（一）项"
    for doc in notices:
        if doc.template_id == "advance_notice":
            try:
                told = bool(str(json.loads(doc.fields_json).get("hearing_applicable") or "").strip())
            except ValueError:
                told = False
            if not told:
                continue
            title = "行政处罚事先告知书（告知听证权利）"
        else:
            title = "行政处罚听证告知书"
        served = _served_on(session, doc)
        if served is None or served > as_of:
            return [_gate("hearing_notice_unserved",
                          f"{title} {doc.number} 已作出但尚未送达，当事人无从行使要求听证的权利",
                          basis, f"请先送达{title}，并待听证申请期届满")]
        if doc.template_id == "hearing_notice":
            continue  # served: the legal engine's ``hearing_request_window_open`` counts it
        last = due_after(pack.deadlines["hearing_request"], served, pack.day_rules).date
        if as_of <= last and waiver_after(session, case.id, served) is None:
            early = early_waiver(session, case.id, served)
            before = (f"；陈述申辩笔录 {early.number} 记录的放弃听证作于 {early.day}，早于送达，"
                      "当事人当时尚未被告知听证权利，不能作为放弃") if early is not None else ""
            return [_gate("hearing_waiver_missing",
                          f"{title} {doc.number} 于 {served} 送达，当事人可在 {last} 前要求听证，"
                          f"期限未届满，也没有当事人放弃听证的记录（当事人签名的陈述申辩笔录）{before}",
                          BASIS, f"请于 {last} 以后再作决定，或在送达后制作陈述申辩笔录，"
                          "记明当事人“明确放弃听证”并由当事人签名")]
    return []


def enforcement_owed(session: Session, pack: JurisdictionPack, case: Case,
                     as_of: date) -> tuple[Decimal, Decimal] | None:
    """What is still owed on ``as_of`` (fine, 加处罚款) by the execution record
    (``execution.obligation``): payments settle the fine first, then the fee. None when no
    valid decision imposes a fine; (0, 0) when it is executed."""
    from gridapp.execution.service import obligation

    found = obligation(session, pack, case, as_of=as_of)
    if found is None:
        return None
    if found.executed:
        return Decimal(0), Decimal(0)
    fine = max(Decimal(0), found.fine - found.paid)
    return fine, found.outstanding - fine


def _remedies_statement(session: Session, pack: JurisdictionPack, case: Case, as_of: date) -> str:
    """The 申请书's 复议/诉讼 sentence from the execution record (行政处罚法第七十三条)."""
    from gridapp.execution.service import obligation, remedies_statement

    return remedies_statement(obligation(session, pack, case, as_of=as_of))


def _enforcement_amounts(session: Session, pack: JurisdictionPack, case: Case, as_of: date,
                         values: Mapping[str, Any]) -> Gates:
    """行政强制法第五十三条: only a party who does not perform; 第五十五条第一款第（四）项: the
    标的 is what is still owed on the application day (行政处罚法第七十二条第一款第（一）项)."""
    from gridapp.execution.service import obligation, yuan

    found = obligation(session, pack, case, as_of=as_of)
    if found is None:
        return []  # ``remedy_period_open`` (more_gates) says what is missing
    if found.executed:
        how = (f"已经人民法院强制执行（{found.court}）" if found.court
               else f"罚款{yuan(found.fine)}" + (f"及加处罚款{yuan(found.late_fee)}"
                                                 if found.late_fee else "") + "已全额缴纳")
        return [_gate("enforcement_already_executed",
                      f"{found.decision_title} {found.decision_number} 已履行完毕（{how}），"
                      "当事人没有不履行的义务，不能申请强制执行",
                      "《行政强制法》第五十三条", "无须申请；请记录执行情况后结案")]
    owed = enforcement_owed(session, pack, case, as_of)
    assert owed is not None
    fine_owed, fee_owed = owed
    out: Gates = []
    said = _remedies_statement(session, pack, case, as_of)
    if str(values.get("remedies") or "").strip() != said:
        out.append(_gate("enforcement_remedies_mismatch",
                         f"复议、诉讼情况应按执行记录写为“{said}”，填写的是“"
                         f"{str(values.get('remedies') or '空')[:200]}”",
                         "《行政强制法》第五十三条、第五十五条第一款",
                         "请使用系统按记录生成的文字；申请复议、起诉的，先记录（gridapp case review）"))

    def amount(name: str) -> Decimal | None:
        try:
            value = Decimal(str(values.get(name) or "").strip())
        except InvalidOperation:
            return None
        return value if value.is_finite() else None

    paid = f"，已缴纳{yuan(found.paid)}" if found.paid else ""
    if amount("fine") != fine_owed:
        out.append(_gate("enforcement_fine_mismatch",
                         f"申请执行的罚款应为{found.decision_number}所定罚款{yuan(found.fine)}中至申请之日"
                         f"尚未缴纳的 {fine_owed} 元{paid}，填写的是“{values.get('fine') or '空'}”",
                         "《行政强制法》第五十五条第一款第（四）项", "请使用系统按执行记录计算的金额"))
    if amount("late_fee") != fee_owed:
        out.append(_gate("late_fee_not_computed",
                         f"加处罚款应为尚欠的 {fee_owed} 元（罚款 {found.fine} 元，逾期每日百分之三，"
                         f"不超过罚款数额，计至申请之日 {as_of}，共 {found.late_fee} 元{paid}），"
                         f"填写的是“{values.get('late_fee') or '空'}”",
                         "《行政处罚法》第七十二条第一款第（一）项、《行政强制法》第四十五条",
                         "请使用系统计算的加处罚款金额"))
    return out


def _preservation(session: Session, case: Case) -> Gates:
    if approvals.approved(session, case.id, "preservation") is not None:
        return []
    row = approvals.latest(session, case.id, "preservation")
    state = ("尚未提交先行登记保存审批" if row is None else
             f"先行登记保存审批已被退回（{row.opinion}）" if row.status == "returned" else
             "先行登记保存审批尚待批准")
    return [_gate("preservation_approval_required",
                  f"先行登记保存证据须经本机关负责人批准：{state}", "《行政处罚法》第五十六条",
                  "请提交先行登记保存审批，经负责人批准后再作出通知书")]


# --- after issuing ----------------------------------------------------------------------------

PRESERVATION_DEADLINE = "preserved_evidence_decision"  # the 今日待办 deadline (vocab.deadline)
PRESERVATION_TITLE = "证据先行登记保存通知书"


def after_issue(store: StationStore, session: Session, case: Case, template: Template,
                values: Mapping[str, Any], number: str, actor: str) -> None:
    """A 先行登记保存 notice stores the last day to decide on the items (行政处罚法第五十六条) as
    the case's ``preserved_evidence_decision`` deadline, so 今日待办 shows the duty."""
    if template.id != "evidence_preservation_notice":
        return
    due = _day(values.get("decision_due"))
    if due is None:
        return
    row = Deadline(case_id=case.id, name=PRESERVATION_DEADLINE, due=due.isoformat(),
                   basis=f"{PRESERVATION_TITLE} {number}（《行政处罚法》第五十六条）")
    session.add(row)
    store.record(session, row, op="insert", actor=actor, action="deadline.set", case_id=case.id,
                 audit_extra={"name": row.name, "due": row.due, "basis": row.basis})


def after_void(store: StationStore, session: Session, doc: Document, actor: str) -> None:
    """Voiding the notice takes back the deadline it set (a reissue sets its own)."""
    if doc.template_id != "evidence_preservation_notice":
        return
    from gridapp.changes import snapshot

    basis = f"{PRESERVATION_TITLE} {doc.number}（"
    for row in session.scalars(select(Deadline).where(
            Deadline.case_id == doc.case_id, Deadline.name == PRESERVATION_DEADLINE,
            Deadline.deleted.is_(False), Deadline.met_at.is_(None))):
        if row.basis.startswith(basis):
            before = snapshot(row)
            row.deleted = True
            store.record(session, row, op="update", actor=actor, action="follow_up.cancel",
                         case_id=doc.case_id, before=before)
