"""记录种类 / entity: the table an audit event or outbox row is about (``AuditEvent.entity``)."""

from __future__ import annotations

from gridapp.vocab import Term, Vocabulary

ENTITY = Vocabulary("entity", (
    Term("station", "站点", "station"),
    Term("grid", "网格", "grid"),
    Term("officer", "执法人员", "officer"),
    Term("party", "当事人", "party"),
    Term("case", "案件", "case"),
    Term("case_officer", "办案人员", "case officer"),
    Term("evidence", "证据", "evidence"),
    Term("document", "文书", "document"),
    Term("document_service", "送达记录", "service record"),
    Term("number_pool", "编号池", "number pool"),
    Term("rule_evaluation", "规则评估", "rules evaluation"),
    Term("deadline", "期限", "deadline"),
    Term("follow_up", "跟踪", "follow-up"),
    Term("approval", "审批", "approval"),
    Term("execution", "执行记录", "execution record"),
    Term("sync", "同步", "sync"),
))
