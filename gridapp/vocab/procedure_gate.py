"""程序关口 / procedure gate: the conditions the legal engine checks before an action
(``gridapp.rules.gates``) and the documents package adds (``rules_evaluation_missing``,
``proposed_fine_missing``), named as the document wizard and error messages show them."""

from __future__ import annotations

from gridapp.vocab import Term, Vocabulary

PROCEDURE_GATE = Vocabulary("procedure gate", (
    Term("two_officers_required", "两名执法人员", "two officers"),
    Term("limitation_expired", "追责时效", "limitation period"),
    Term("minor_under_14", "不满十四周岁", "party under 14"),
    Term("mandatory_exemption", "法定不予处罚", "mandatory exemption"),
    Term("refusal_to_correct_required", "责令改正后拒不改正", "refusal to correct"),
    Term("summary_procedure_limit", "当场处罚限额", "on-the-spot limit"),
    Term("advance_notice_required", "事先告知", "advance notice"),
    Term("statement_period_open", "陈述申辩期", "statement period"),
    Term("hearing_notice_required", "听证告知", "hearing notice"),
    Term("hearing_request_window_open", "听证申请期", "hearing request period"),
    Term("hearing_pending", "听证未结束", "hearing pending"),
    Term("fine_outside_benchmark", "裁量基准", "discretion benchmark"),
    Term("fine_increased_after_statement", "不得因申辩加重", "no heavier penalty after statement"),
    Term("decision_deadline_passed", "办案期限", "decision deadline"),
    Term("rules_evaluation_missing", "法律规则评估", "rules evaluation"),
    Term("proposed_fine_missing", "拟罚款金额", "proposed fine"),
    Term("party_identity_missing", "当事人身份", "party identity"),
    Term("approval_required", "审批", "approval"),
    Term("penalty_approval_required", "处罚审批", "penalty approval"),
    Term("fine_above_approved", "审批金额", "approved amount"),
    Term("legal_review_required", "法制审核", "legal review"),
    Term("collective_discussion_required", "集体讨论", "collective discussion"),
    Term("bureau_not_configured", "执法主体", "enforcing body"),
    Term("outside_jurisdiction", "地域管辖", "territorial jurisdiction"),
    Term("jurisdiction_unknown", "管辖待核对", "jurisdiction unverified"),
    Term("referral_not_needed", "无需移送", "no referral needed"),
    Term("correction_deadline_invalid", "改正期限", "correction deadline"),
    Term("payment_period_open", "缴款期限未届满", "time to pay not passed"),
    Term("late_fee_not_computed", "加处罚款计算", "late fee as computed"),
    Term("seizure_power_missing", "扣押设定权", "power to seize"),
    Term("seizure_period_invalid", "扣押期限", "seizure period"),
    Term("seizure_decision_required", "扣押决定书", "seizure decision"),
    Term("party_representative_missing", "法定代表人", "legal representative"),
    Term("statement_not_heard", "陈述申辩", "statement and defence heard"),
    Term("statement_answer", "陈述申辩复核意见", "answer to the statement"),
    Term("education_record_required", "教育告诫记录", "education record"),
    Term("exemption_item_missing", "免罚清单事项", "exemption-list item"),
    Term("no_penalty_not_applicable", "无罚可免", "no penalty to withhold"),
    Term("record_presence_mismatch", "笔录在场情况", "presence in the record"),
))
