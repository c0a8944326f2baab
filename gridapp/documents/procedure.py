"""Procedure gates of the documents themselves (each cites its article in the refusal):

- 管辖 and 执法主体 (``jurisdiction.jurisdiction_gates``);
- an order to correct: its deadline after the issue date and within the pack's range
  (行政处罚法第二十八条第一款);
- a 催告书 only after the time to pay has passed (行政强制法第五十四条), its 加处罚款 the amount
  computed from the record, never typed (行政处罚法第七十二条第一款第（一）项, 行政强制法第四十五条);
- a decision binding a unit names its 法定代表人（负责人）(行政处罚法第五十九条第一款第（一）项);
- a fine decision says where the fine is paid: the bank, account name and account number, or
  the payment code and the electronic channel (行政处罚法第五十九条第一款第（四）项、第六十七条第三款);
- one decision per case, in its procedure, reviewed by someone other than the investigators
  (``decision_gates``: 行政处罚法第五十一条、第五十四条、第五十七条、第五十八条);
- the further documents' gates (``more_gates``: 扣押延长/解除/发还, 听证, 代履行, 强制执行申请 …);
- the coercive measures' own procedure (``coercion_gates``: 扣押 approval and 现场笔录, 代履行
  after a written 催告, the hearing right before a penalty decision, the enforcement amounts,
  先行登记保存 approval);
- a seizure only by a 扣押决定书 whose basis grants the power, within thirty days
  (行政强制法第十条、第二十五条), and the 暂扣物品清单 only with that decision (第十八条、第二十四条).

These are separate from the legal engine's gates (``gates.document_gates``) and the approval
gates; ``service.fill_for_case`` lists all of them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gridapp.documents.context import served_decision
from gridapp.documents.fill import GateView
from gridapp.documents.jurisdiction import case_jurisdiction, jurisdiction_gates
from gridapp.documents.templates import Template
from gridapp.errors import ValidationError
from gridapp.models import Case, Document, Party
from gridapp.packs import JurisdictionPack

MAX_SEIZURE_DAYS = 30  # 行政强制法第二十五条第一款


def procedure_gates(
    session: Session, pack: JurisdictionPack, case: Case, template: Template, as_of: date,
    values: Mapping[str, Any],
) -> list[GateView]:
    out = jurisdiction_gates(case_jurisdiction(session, pack, case), template, case.address)
    if template.id == "rectification_notice":
        out += correction_deadline_gates(pack, as_of, str(values.get("deadline") or ""))
    elif template.id == "payment_reminder":
        out += payment_reminder_gates(session, pack, case, as_of, values)
    elif template.id == "seizure_decision":
        out += seizure_decision_gates(pack, case, values)
    elif template.id == "seizure_list":
        out += seizure_list_gates(session, case)
    if template.category == "decision":
        out += representative_gates(session, case, template, values)
    out += payment_gates(template, values)
    from gridapp.documents.decision_gates import closing_gates, decision_gates
    from gridapp.documents.more_gates import more_gates

    out += decision_gates(session, case, template)
    out += closing_gates(session, pack, case, template)

    out += more_gates(session, pack, case, template, as_of, values)
    from gridapp.documents.coercion_gates import coercion_gates

    out += coercion_gates(session, pack, case, template, as_of, values)
    return out


def correction_deadline_gates(pack: JurisdictionPack, as_of: date, raw: str) -> list[GateView]:
    basis = "《行政处罚法》第二十八条第一款"
    try:
        deadline = date.fromisoformat(raw.strip())
    except ValueError:
        return []  # an empty or malformed date is the field's own error
    days = (deadline - as_of).days
    if days <= 0:
        return [GateView(
            "correction_deadline_invalid", True,
            f"改正期限 {deadline} 不在通知书作出之日（{as_of}）之后，当事人无从按期改正",
            basis, "请把改正期限改为作出之日以后的日期",
        )]
    if pack.correction_days is not None:
        low, high = pack.correction_days
        if not low <= days <= high:
            return [GateView(
                "correction_deadline_invalid", True,
                f"改正期限 {deadline} 距作出之日 {days} 日，超出规则包规定的 {low}–{high} 日",
                basis + "；改正期限幅度按规则包规定", f"请在 {low}–{high} 日内确定改正期限",
            )]
    return []


def payment_reminder_gates(session: Session, pack: JurisdictionPack, case: Case, as_of: date,
                           values: Mapping[str, Any]) -> list[GateView]:
    from gridapp.rules.latefee import late_fee

    basis = "《行政强制法》第五十四条"
    found = served_decision(session, pack, case)
    if found is None:
        return [GateView(
            "payment_period_open", True,
            "本案没有已送达的罚款决定书，缴款期限尚未开始，不能催告", basis,
            "请先送达行政处罚决定书，并待缴款期限届满",
        )]
    if as_of <= found.payment_due:
        return [GateView(
            "payment_period_open", True,
            f"处罚决定书 {found.number} 于 {found.served_on} 送达，缴款期限至 {found.payment_due} "
            "届满；期满仍未履行的，方可催告",
            basis + "、《行政处罚法》第六十七条第三款", f"请于 {found.payment_due} 以后再作出催告书",
        )]
    if found.fine is None:
        return []
    from gridapp.execution.service import obligation

    # What the execution record says is owed that day: payments, the fee stopped when the fine
    # was paid, a 复议/诉讼 period not counted (行政处罚法第七十二条、第七十三条第三款).
    executed = obligation(session, pack, case, as_of=as_of)
    if executed is not None and executed.settled:
        return [GateView(
            "enforcement_already_executed", True,
            f"处罚决定书 {found.number} 已履行完毕（{executed.ended or '罚款及加处罚款已全额缴纳'}），"
            "无须催告", basis, "不作出催告书",
        )]
    owed = executed.late_fee if executed is not None else late_fee(
        found.fine, found.payment_due, as_of)
    typed = str(values.get("late_fee") or "").strip()
    try:
        same = Decimal(typed) == owed
    except InvalidOperation:
        same = False
    if not same:
        return [GateView(
            "late_fee_not_computed", True,
            f"加处罚款应为 {owed} 元（罚款 {found.fine} 元，自 {found.payment_due} 次日起每日百分之三，"
            f"不超过罚款数额，计至 {as_of}），填写的是“{typed or '空'}”",
            "《行政处罚法》第七十二条第一款第（一）项、《行政强制法》第四十五条",
            "请使用系统计算的加处罚款金额",
        )]
    return []


def seizure_decision_gates(pack: JurisdictionPack, case: Case,
                           values: Mapping[str, Any]) -> list[GateView]:
    out: list[GateView] = []
    try:
        article = pack.violation(case.violation_code).seizure_article
    except ValidationError:  # an unknown violation code: no clause shows the power
        article = ""
    if not article:
        out.append(GateView(
            "seizure_power_missing", True,
            "本案违法行为所适用的法规未设定扣押（暂扣）措施，处罚条款不授予扣押权",
            "《行政强制法》第十条", "不得扣押；需要保全证据的，可以先行登记保存",
        ))
    raw = str(values.get("period_days") or "").strip()
    if not (raw.isascii() and raw.isdigit() and 1 <= int(raw) <= MAX_SEIZURE_DAYS):
        out.append(GateView(
            "seizure_period_invalid", True,
            f"扣押期限应为 1–{MAX_SEIZURE_DAYS} 日，填写的是“{raw or '空'}”",
            "《行政强制法》第二十五条第一款", f"请填写不超过 {MAX_SEIZURE_DAYS} 日的期限",
        ))
    return out


def seizure_list_gates(session: Session, case: Case) -> list[GateView]:
    decided = session.scalar(
        select(Document.id).where(Document.case_id == case.id, Document.voided_at.is_(None),
                                  Document.deleted.is_(False),
                                  Document.template_id == "seizure_decision").limit(1)
    )
    if decided is not None:
        return []
    return [GateView(
        "seizure_decision_required", True,
        "暂扣物品清单须随扣押决定书当场交付，本案尚未作出扣押决定书",
        "《行政强制法》第十八条、第二十四条", "请先作出扣押决定书",
    )]


def representative_gates(session: Session, case: Case, template: Template,
                         values: Mapping[str, Any]) -> list[GateView]:
    """A decision binding a unit names the person who answers for it (法定代表人或者负责人)."""
    if not any(f.name == "party_representative" for f in template.fields):
        return []
    party = session.get(Party, case.party_id) if case.party_id else None
    if party is None or party.kind == "person":
        return []
    if str(values.get("party_representative") or "").strip():
        return []
    return [GateView(
        "party_representative_missing", True,
        "当事人为单位，决定书须写明其法定代表人（负责人）",
        "《行政处罚法》第五十九条第一款第（一）项",
        "请在本文书中填写法定代表人（负责人）姓名及职务",
    )]


PAYMENT_LABELS = {"payment_bank": "代收银行", "payment_account_name": "收款账户户名",
                  "payment_account": "收款账号", "payment_code": "缴款码",
                  "payment_channel": "电子缴款渠道"}


def payment_gates(template: Template, values: Mapping[str, Any]) -> list[GateView]:
    """A fine decision tells the party where to pay: the designated bank with the account name
    and number, or the payment code with the electronic payment channel (行政处罚法第六十七条
    第三款); the refusal names what is missing."""
    names = {f.name for f in template.fields}
    if not {"payment_bank", "fine_amount"} <= names:
        return []
    try:
        fine = Decimal(str(values.get("fine_amount") or "0").strip() or "0")
    except InvalidOperation:
        return []  # a malformed amount is the field's own error
    if fine <= 0:
        return []

    def missing(keys: tuple[str, ...]) -> list[str]:
        return [PAYMENT_LABELS[k] for k in keys if not str(values.get(k) or "").strip()]

    bank = missing(("payment_bank", "payment_account_name", "payment_account"))
    code = missing(("payment_code", "payment_channel"))
    if not bank or not code:
        return []
    return [GateView(
        "payment_details_missing", True,
        f"罚款决定书须写明缴款的银行和账户或电子缴款方式：缺少{'、'.join(bank)}"
        f"（或缴款方式：缺少{'、'.join(code)}）",
        "《行政处罚法》第五十九条第一款第（四）项、第六十七条第三款",
        "请由中队长或管理员用“gridapp station set-payment”设置代收银行、户名和账号，"
        "或在本文书中填写缴款码和电子缴款渠道",
    )]
