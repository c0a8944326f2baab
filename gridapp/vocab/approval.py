"""审批 / approval: the steps a case is approved in and where a request stands
(``Approval.step``, ``Approval.status``)."""

from __future__ import annotations

from gridapp.vocab import Term, Vocabulary

APPROVAL_STEP = Vocabulary("approval step", (
    Term("filing", "立案审批", "filing approval"),
    Term("penalty", "处罚审批", "penalty approval"),
    Term("closing", "结案审批", "closing approval"),
    # 行政强制法第十八条第一项、第十九条 (扣押), 第二十五条第一款 (延长扣押);
    # 行政处罚法第五十六条 (先行登记保存): the 负责人's approval the documents print.
    Term("seizure", "扣押审批", "seizure approval"),
    Term("seizure_extend", "延长扣押审批", "seizure extension approval"),
    Term("preservation", "先行登记保存审批", "evidence preservation approval"),
))

APPROVAL_STATUS = Vocabulary("approval status", (
    Term("pending", "待审批", "waiting"),
    Term("approved", "已批准", "approved"),
    Term("returned", "已退回", "returned"),
))
