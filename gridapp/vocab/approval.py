"""审批 / approval: the steps a case is approved in and where a request stands
(``Approval.step``, ``Approval.status``)."""

from __future__ import annotations

from gridapp.vocab import Term, Vocabulary

APPROVAL_STEP = Vocabulary("approval step", (
    Term("filing", "立案审批", "filing approval"),
    Term("penalty", "处罚审批", "penalty approval"),
    Term("closing", "结案审批", "closing approval"),
))

APPROVAL_STATUS = Vocabulary("approval status", (
    Term("pending", "待审批", "waiting"),
    Term("approved", "已批准", "approved"),
    Term("returned", "已退回", "returned"),
))
