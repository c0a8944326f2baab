"""规则评估类型 / rules action (``RuleEvaluation.action``, ``gridapp.rules.input.ACTIONS``)."""

from __future__ import annotations

from gridapp.vocab import Term, Vocabulary

RULES_ACTION = Vocabulary("rules action", (
    Term("assess", "核查评估", "assessment"),
    Term("issue_summary_decision", "作出当场处罚决定前核查", "check before an on-the-spot decision"),
    Term("issue_penalty_decision", "作出处罚决定前核查", "check before a penalty decision"),
    Term("issue_no_penalty_decision", "作出不予处罚决定前核查",
         "check before a decision not to penalise"),
))
