"""执行 / execution: how a decided penalty was executed (``Execution.kind``) and how a fine was
paid (``Execution.way``)."""

from __future__ import annotations

from gridapp.vocab import Term, Vocabulary

EXECUTION_KIND = Vocabulary("execution", (
    Term("payment", "缴纳罚款", "fine paid"),
    Term("court", "人民法院强制执行", "executed by the court"),
    Term("substitute", "代履行完毕", "performed by substitution"),
    Term("instalment", "批准延期（分期）缴纳", "deferred or instalment payment approved"),
    Term("terminated", "终结执行", "execution terminated"),
    Term("not_enforced", "人民法院裁定不予执行", "the court ruled not to enforce"),
    Term("refund", "退还罚款", "fine refunded"),
    Term("reconsideration", "申请行政复议", "administrative reconsideration applied for"),
    Term("suit", "提起行政诉讼", "administrative lawsuit filed"),
    Term("remedy_ended", "复议、诉讼终结", "reconsideration or lawsuit concluded"),
))

REMEDY_KINDS = ("reconsideration", "suit")  # 行政处罚法第七十三条第三款

REMEDY_OUTCOME = Vocabulary("remedy outcome", (
    Term("upheld", "维持原决定（驳回诉讼请求）", "decision upheld"),
    Term("dismissed", "驳回复议申请（驳回起诉）", "application or suit dismissed"),
    Term("withdrawn", "撤回申请（撤诉）", "withdrawn"),
    Term("changed", "变更原决定", "decision changed"),
    Term("revoked", "撤销原决定（确认违法、无效）", "decision revoked"),
))

PAYMENT_WAY = Vocabulary("payment way", (
    Term("bank", "到指定银行缴纳", "at the designated bank"),
    Term("on_site", "当场收缴", "collected on the spot"),
    Term("electronic", "电子支付系统缴纳", "through the electronic payment system"),
))
