"""The values a template field may be filled from, with their Chinese provenance labels.

``KNOWN_SOURCES`` is the contract between template data and ``gridapp.documents.context``:
the context builder produces exactly these keys (empty string when unknown), and the template
validator rejects any other source, so a typo in a template is caught at validation time.
"""

from __future__ import annotations

PROVENANCE_ZH = {
    "case": "来自案件",
    "party": "来自当事人",
    "officers": "来自办案人员",
    "rules": "来自法律规则评估",
    "evidence": "来自证据",
    "station": "来自站点",
    "pack": "来自地区规则包",
    "document": "签发时生成",
    "service": "来自送达记录",
    "approval": "来自审批记录",
    "free": "手工填写",
    "default": "模板默认值",
}

KNOWN_SOURCES: dict[str, str] = {
    "station.authority": "执法机关名称",
    "station.name": "站点名称",
    "case.number": "案件编号",
    "case.source_label": "案件来源",
    "case.address": "违法地点",
    "case.gps": "坐标",
    "case.facts": "违法事实",
    "case.violation_name": "违法行为",
    "case.legal_basis": "违反的规定",
    "case.penalty_basis": "处罚依据",
    "pack.education": "说理要点",
    "case.act_date": "违法行为发生日期",
    "case.opened_date": "立案日期",
    "case.closed_date": "结案日期",
    "case.discovered_date": "发现日期",
    "case.grid_code": "网格编号",
    "case.title": "案件名称",
    "case.outcome_label": "处理结果",
    "case.procedure_label": "适用程序",
    "party.name": "当事人名称",
    "party.kind_label": "当事人类型",
    "party.you": "称呼（你 / 你单位）",
    "party.id_label": "证件类型",
    "party.id_number": "证件号码",
    "party.phone": "联系电话",
    "party.address": "住址",
    "party.birth_date": "出生日期",
    "officers.names": "执法人员",
    "officers.with_badges": "执法人员及执法证号",
    "officers.first_name": "第一执法人员",
    "officers.first_badge": "第一执法人员证号",
    "officers.second_name": "第二执法人员",
    "officers.second_badge": "第二执法人员证号",
    "rules.stage_label": "处置阶段",
    "rules.priors": "既往违法次数",
    "rules.exemption_branch": "免罚情形",
    "rules.exemption_basis": "免罚依据",
    "rules.education_required": "是否须教育",
    "rules.discretion_range": "裁量区间",
    "rules.discretion_tier": "裁量档次",
    "rules.discretion_factors": "裁量情节",
    "rules.proposed_fine": "拟罚款金额",
    "rules.hearing_applicable": "是否适用听证",
    "rules.correction_deadline": "改正期限",
    "evidence.summary": "证据清单",
    "evidence.count": "证据数量",
    "evidence.photos": "现场照片",
    "pack.name": "规则包",
    "pack.statement_days": "陈述申辩期限（日）",
    "pack.hearing_request_days": "听证申请期限（日）",
    "pack.notice_service_days": "公告送达期限（日）",
    "document.number": "文号",
    "document.issue_date": "签发日期",
    "service.doc_title": "送达文书名称",
    "service.doc_number": "送达文书文号",
    "service.recipient": "受送达人",
    "service.method_label": "送达方式",
    "service.place": "送达地点",
    "service.date": "送达日期",
    "service.refusal_reason": "拒收事由",
    "service.witness": "见证人",
    "service.evidence": "送达影像证据",
    # The approved request of the form's step (``documents/approval_gates.approval_values``).
    "approval.opinion": "负责人审批意见",
    "approval.approver": "审批人",
    "approval.approved_on": "审批日期",
    "approval.legal_review": "法制审核意见",
    "approval.legal_reviewer": "法制审核人",
    "approval.legal_reviewed_on": "法制审核日期",
    "approval.collective": "集体讨论意见",
}


def provenance(source: str) -> str:
    """Chinese label for where a value came from (``"party.name"`` → ``"来自当事人"``)."""
    return PROVENANCE_ZH.get(source.split(".", 1)[0], PROVENANCE_ZH["free"])
