"""字段名称 / field: the names of the stored fields an audit event can say changed.

Keys are ``<entity>.<column>`` (``case.status``); ``FIELD.zh(code)`` of a field not listed
returns the code itself, and ``field_label`` falls back from the entity's field to the column
name alone. A test checks that every column a case, its party, evidence, documents and
evaluations can change through the services has a label here.
"""

from __future__ import annotations

from gridapp.vocab import Term, Vocabulary

FIELD = Vocabulary("field", (
    # 案件
    Term("case.number", "案件编号", "case number"),
    Term("case.source", "案件来源", "source"),
    Term("case.grid_code", "网格", "grid"),
    Term("case.address", "地点", "address"),
    Term("case.lat", "纬度", "latitude"),
    Term("case.lon", "经度", "longitude"),
    Term("case.violation_code", "违法行为", "violation"),
    Term("case.facts", "案情", "facts"),
    Term("case.status", "状态", "status"),
    Term("case.stage", "预警阶段", "stage"),
    Term("case.disposition", "处置方式", "disposition"),
    Term("case.outcome", "处理结果", "outcome"),
    Term("case.party_id", "当事人", "party"),
    Term("case.act_date", "违法行为日期", "date of the act"),
    Term("case.opened_at", "发现时间", "opened at"),
    Term("case.closed_at", "结案时间", "closed at"),
    Term("case.due_at", "办理期限", "due"),
    Term("case.deleted", "删除标记", "deleted"),
    # 当事人
    Term("party.kind", "当事人类型", "party kind"),
    Term("party.name", "姓名或名称", "name"),
    Term("party.id_number", "证件号码", "ID number"),
    Term("party.phone", "电话", "phone"),
    Term("party.address", "住址", "address"),
    Term("party.care_flags", "需关照情形", "care flags"),
    Term("party.birth_date", "出生日期", "date of birth"),
    # 办案人员
    Term("case_officer.officer_id", "执法人员", "officer"),
    Term("case_officer.role", "办案角色", "role"),
    Term("case_officer.deleted", "删除标记", "deleted"),
    # 证据
    Term("evidence.caption", "证据说明", "caption"),
    Term("evidence.kind", "证据种类", "evidence kind"),
    Term("evidence.withdrawn_reason", "撤回理由", "reason for withdrawal"),
    Term("evidence.withdrawn_at", "撤回时间", "withdrawn at"),
    Term("evidence.warnings_json", "导入提示", "import warnings"),
    Term("evidence.warning_reason", "导入理由", "reason for importing despite warnings"),
    # 文书
    Term("document.number", "文号", "document number"),
    Term("document.voided_at", "作废时间", "voided at"),
    Term("document.void_reason", "作废理由", "reason for voiding"),
    # 规则评估
    Term("rule_evaluation.stage", "预警阶段", "stage"),
    Term("rule_evaluation.exemption", "免罚情形", "exemption"),
    Term("rule_evaluation.provisional", "历史记录未同步（结论为临时）", "provisional"),
    # 执法人员
    Term("officer.name", "姓名", "name"),
    Term("officer.role", "角色", "role"),
    Term("officer.active", "在岗", "active"),
))


def field_label(entity: str, column: str, *, english: bool = False) -> str:
    """The label of ``entity``'s ``column`` (the column name itself when not listed)."""
    code = f"{entity}.{column}"
    if code not in FIELD:
        return column
    return FIELD.en(code) if english else FIELD.zh(code)
