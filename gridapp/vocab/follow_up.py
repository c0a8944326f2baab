"""跟踪 / follow-up: what is followed up after an order to correct or a closing
(``FollowUp.kind``), what it found (``finding``) and how satisfied the party or caller was."""

from __future__ import annotations

from gridapp.vocab import Term, Vocabulary

FOLLOW_UP_KIND = Vocabulary("follow-up", (
    Term("recheck", "复查", "re-check"),
    Term("return_visit", "回访", "return visit"),
    Term("caller_feedback", "12345来电人反馈", "feedback to the 12345 caller"),
))

FINDING = Vocabulary("finding", (
    Term("corrected", "已改正", "corrected"),
    Term("not_corrected", "未改正", "not corrected"),
    Term("confirmed", "来电人确认", "caller confirmed"),
    Term("disputed", "来电人有异议", "caller disputes"),
))

SATISFACTION = Vocabulary("satisfaction", (
    Term("satisfied", "满意", "satisfied"),
    Term("basically_satisfied", "基本满意", "basically satisfied"),
    Term("dissatisfied", "不满意", "dissatisfied"),
))
