"""Document (文书) template ids the rules engine speaks about.

These ids are shared with the documents package: ``next_documents`` names them, and a case's
``served`` list refers to them.
"""

from __future__ import annotations

REMINDER_CARD = "reminder_card"  # 温馨提示卡（非行政处罚）
RECTIFICATION_NOTICE = "rectification_notice"  # 责令(限期)改正通知书
FILING_APPROVAL = "filing_approval"  # 立案审批表
ADVANCE_NOTICE = "advance_notice"  # 行政处罚事先告知书
HEARING_NOTICE = "hearing_notice"  # 行政处罚听证告知书
HEARING_SCHEDULE_NOTICE = "hearing_schedule_notice"  # 听证通知书（时间、地点）
PENALTY_DECISION = "penalty_decision"  # 行政处罚决定书
SUMMARY_DECISION = "summary_decision"  # 当场行政处罚决定书
NO_PENALTY_DECISION = "no_penalty_decision"  # 不予行政处罚决定书
FIRST_OFFENCE_UNDERTAKING = "first_offence_undertaking"  # 首违不罚承诺书
EVIDENCE_PRESERVATION_NOTICE = "evidence_preservation_notice"  # 先行登记保存证据通知书
SEIZURE_DECISION = "seizure_decision"  # 暂扣物品（工具）决定书
EDUCATION_RECORD = "education_record"  # 教育告诫记录（行政处罚法第三十三条第三款）
CLOSING_REPORT = "closing_report"  # 结案审批表

# Documents whose service date the rules input may record (case.served[].document).
SERVABLE_DOCUMENTS: tuple[str, ...] = (
    REMINDER_CARD,
    RECTIFICATION_NOTICE,
    ADVANCE_NOTICE,
    HEARING_NOTICE,
    HEARING_SCHEDULE_NOTICE,
    PENALTY_DECISION,
    SUMMARY_DECISION,
    NO_PENALTY_DECISION,
    FIRST_OFFENCE_UNDERTAKING,
    EVIDENCE_PRESERVATION_NOTICE,
    SEIZURE_DECISION,
)

DECISIONS: tuple[str, ...] = (PENALTY_DECISION, SUMMARY_DECISION, NO_PENALTY_DECISION)
FINE_DECISIONS: tuple[str, ...] = (PENALTY_DECISION, SUMMARY_DECISION)

STAGE_DOCUMENTS = {"yellow": REMINDER_CARD, "orange": RECTIFICATION_NOTICE, "red": FILING_APPROVAL}
