"""文书种类 / document kind: the template ids (``Document.template_id``) and their names.

The Chinese name is the template's ``title`` (``resources/templates/<id>.toml``); a test keeps
the two equal, so a code shown without loading its template reads the same as the document.
"""

from __future__ import annotations

from gridapp.vocab import Term, Vocabulary

DOCUMENT_KIND = Vocabulary("document kind", (
    Term("case_source_register", "案件来源登记表", "case source register"),
    Term("reminder_card", "温馨提示卡", "reminder card"),
    Term("rectification_notice", "责令（限期）改正通知书", "notice to correct (within a time limit)"),
    Term("first_offence_undertaking", "首违不罚承诺书", "first-offence undertaking"),
    Term("filing_approval", "立案审批表", "case filing approval"),
    Term("site_inspection_record", "现场检查（勘验）笔录", "site inspection record"),
    Term("inquiry_record", "询问笔录", "inquiry record"),
    Term("photo_evidence_sheet", "现场照片证据", "photo evidence sheet"),
    Term("evidence_preservation_notice", "证据先行登记保存通知书",
         "notice of registration and preservation of evidence"),
    Term("seizure_decision", "扣押决定书", "seizure decision"),
    Term("seizure_list", "暂扣物品清单", "list of seized items"),
    Term("advance_notice", "行政处罚事先告知书", "advance notice of administrative penalty"),
    Term("statement_record", "陈述申辩笔录", "record of statement and defence"),
    Term("education_record", "教育告诫记录", "record of education and warning"),
    Term("hearing_notice", "行政处罚听证告知书", "notice of the right to a hearing"),
    Term("investigation_report", "案件调查终结报告", "investigation closing report"),
    Term("penalty_approval", "行政处罚审批表", "penalty approval form"),
    Term("penalty_decision", "行政处罚决定书", "administrative penalty decision"),
    Term("summary_penalty_decision", "当场行政处罚决定书", "on-the-spot penalty decision"),
    Term("no_penalty_decision", "不予行政处罚决定书", "decision not to impose a penalty"),
    Term("service_receipt", "送达回证", "service receipt"),
    Term("payment_reminder", "催告书", "payment reminder"),
    Term("closing_report", "结案审批表", "case closing approval"),
    Term("case_referral", "案件移送函", "case referral letter"),
    Term("service_address_confirmation", "送达地址确认书", "confirmation of the address for service"),
    Term("electronic_service_consent", "电子送达确认书", "consent to electronic service"),
    Term("seizure_extension", "延长扣押期限决定书", "decision to extend a seizure"),
    Term("seizure_release", "解除扣押决定书", "decision to release seized items"),
    Term("seized_items_return", "扣押物品发还清单", "list of seized items returned"),
    Term("hearing_application", "听证申请书", "hearing request"),
    Term("hearing_schedule_notice", "听证通知书", "notice of the hearing"),
    Term("hearing_record", "听证笔录", "hearing record"),
    Term("hearing_report", "听证报告", "hearing report"),
    Term("legal_review_opinion", "法制审核意见书", "legal review opinion"),
    Term("collective_discussion_record", "重大案件集体讨论笔录", "record of the collective discussion"),
    Term("summary_penalty_filing", "当场行政处罚决定备案登记表",
         "filing record of an on-the-spot penalty"),
    Term("performance_reminder", "履行义务催告书", "reminder to perform before substitute performance"),
    Term("substitute_performance_decision", "代履行决定书", "decision on substitute performance"),
    Term("enforcement_application", "强制执行申请书", "application for court enforcement"),
    Term("no_filing_approval", "不予立案审批表", "approval not to open a case"),
    Term("case_cancellation_approval", "销案审批表", "approval to cancel a case"),
    Term("power_of_attorney", "授权委托书", "power of attorney"),
    Term("legal_rep_certificate", "法定代表人身份证明书", "certificate of the legal representative"),
))

# Record documents (笔录) that count as evidence when a document lists the evidence of a case.
RECORD_KINDS = ("site_inspection_record", "inquiry_record", "statement_record")
