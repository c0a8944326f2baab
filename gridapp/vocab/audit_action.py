"""审计操作 / audit action (``AuditEvent.action``): every action the core writes to the chain.

A status change is recorded as ``case.transition.<status>``; those codes are generated from
``CASE_STATUS`` so that a new status is labelled as soon as it exists. ``FAMILIES`` names each
such generated prefix (the vocabulary test checks every formatted action against it).
"""

from __future__ import annotations

from gridapp.vocab import Term, Vocabulary
from gridapp.vocab.case_status import CASE_STATUS

TRANSITION_PREFIX = "case.transition."

_FIXED = (
    Term("station.init", "建立站点", "station set up"),
    Term("grid.create", "登记网格", "grid added"),
    Term("station.bureau", "变更站点所属执法机关", "station's bureau changed"),
    Term("station.payment", "变更罚款缴款信息", "where fines are paid changed"),
    Term("officer.create", "登记执法人员", "officer added"),
    Term("officer.retire", "停用执法人员", "officer retired"),
    Term("officer.edit", "修改执法人员信息", "officer edited"),
    Term("officer.password", "设置或更改密码", "password set or changed"),
    Term("station.lock_minutes", "设置空闲锁定时间", "idle lock time set"),
    Term("party.create", "登记当事人", "party registered"),
    Term("case.create", "登记案件", "case registered"),
    Term("case.edit", "修改案件信息", "case edited"),
    Term("case.assign_officer", "指派执法人员", "officer assigned"),
    Term("case.link_party", "关联当事人", "party linked"),
    Term("evidence.add", "导入证据", "evidence imported"),
    Term("evidence.caption", "修改证据说明", "evidence caption edited"),
    Term("evidence.withdraw", "撤回证据", "evidence withdrawn"),
    Term("evidence.export", "导出证据", "evidence exported"),
    Term("register.export", "导出案件台账", "case register exported"),
    Term("rules.evaluate", "法律规则评估", "rules evaluated"),
    Term("rules.confirm", "确认免罚核查单", "exemption checklist confirmed"),
    Term("numbers.pool_open", "启用编号池", "number pool opened"),
    Term("numbers.allocate", "取用编号", "number taken"),
    Term("numbers.pool_close", "关闭编号池", "number pool closed"),
    Term("device.reenrol", "取得新的设备身份与站点号段", "device re-enrolled"),
    Term("device.move_confirmed", "确认数据目录搬迁或恢复", "data directory move confirmed"),
    Term("device.set_segment", "设置站点号段", "station segment set"),
    Term("doc.issue", "签发文书", "document issued"),
    Term("doc.void", "作废文书", "document voided"),
    Term("doc.serve", "送达文书", "document served"),
    Term("approval.submit", "提交审批", "submitted for approval"),
    Term("approval.legal_review", "法制审核", "legal review recorded"),
    Term("approval.collective", "集体讨论", "collective discussion recorded"),
    Term("approval.approve", "审批通过", "approved"),
    Term("approval.return", "审批退回", "returned by the approver"),
    Term("follow_up.schedule", "安排跟踪（复查、回访）", "follow-up scheduled"),
    Term("follow_up.record", "记录跟踪结果", "follow-up recorded"),
    Term("follow_up.cancel", "取消跟踪", "follow-up cancelled"),
    Term("execution.record", "记录执行情况", "execution recorded"),
    Term("deadline.set", "设定期限", "deadline set"),
    Term("case.dispatched", "指挥中心派单", "case dispatched by HQ"),
    Term("sync.received", "从指挥中心接收记录", "records received from HQ"),
    Term("audit.baseline", "建立核验基线", "verification baseline taken"),
    Term("pack.applied", "应用指挥中心发布的规则包", "pack from HQ applied"),
)

_TRANSITIONS = tuple(
    Term(f"{TRANSITION_PREFIX}{s.code}", f"状态变更为“{s.zh}”", f"status changed to {s.en}")
    for s in CASE_STATUS
)

AUDIT_ACTION = Vocabulary("audit action", _FIXED + _TRANSITIONS)

# Generated code families: prefix → the vocabulary whose codes complete it.
FAMILIES: dict[str, Vocabulary] = {TRANSITION_PREFIX: CASE_STATUS}
