"""法定期限 / deadline (``RuleEvaluation`` result ``deadlines[].name``, ``Deadline.name``).

The names come from ``gridapp.packs.model.DEADLINE_NAMES`` (a test keeps the two equal);
``due_at`` is the case's own time limit (``Case.due_at``: the 改正期限 of an order to correct).
"""

from __future__ import annotations

from gridapp.vocab import Term, Vocabulary

DEADLINE = Vocabulary("deadline", (
    Term("hearing_request", "听证申请期限", "time to request a hearing"),
    Term("hearing_notice_lead", "听证通知最迟日期", "latest day to notify the hearing"),
    Term("statement_until", "陈述申辩期限", "time for statement and defence"),
    Term("decision_due", "作出行政处罚决定期限", "time limit for the penalty decision"),
    Term("service_due", "决定书送达期限", "time limit to serve the decision"),
    Term("payment_due", "罚款缴纳期限", "time to pay the fine"),
    Term("reconsideration_until", "申请行政复议期限", "time to apply for reconsideration"),
    Term("lawsuit_until", "提起行政诉讼期限", "time to bring a lawsuit"),
    Term("preserved_evidence_decision", "先行登记保存证据处理决定期限",
         "time limit to decide on preserved evidence"),
    Term("due_at", "案件办理期限", "case time limit"),
    Term("correction_due", "责令改正期限", "correction deadline"),
))
