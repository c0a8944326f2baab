"""案件状态 / case status (``Case.status``), in the order a case moves through them."""

from __future__ import annotations

from gridapp.vocab import Term, Vocabulary

CASE_STATUS = Vocabulary("case status", (
    Term("discovered", "待核实", "discovered"),
    Term("verified", "已核实", "verified"),
    Term("rectifying", "限期整改中", "rectifying"),
    Term("filed", "已立案", "filed"),
    Term("investigated", "调查终结", "investigated"),
    Term("decided", "已作出决定", "decided"),
    Term("executing", "执行中", "executing"),
    Term("closed", "已结案", "closed"),
    Term("dismissed", "不予立案", "dismissed"),
))
