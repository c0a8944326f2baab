"""核查回答的依据来源 / where a checklist answer comes from (``Question.source``)."""

from __future__ import annotations

from gridapp.vocab import Term, Vocabulary

ANSWER_SOURCE = Vocabulary("answer source", (
    Term("pack", "规则包", "rule pack"),
    Term("facts", "现场事实", "facts found on site"),
    Term("history", "历史记录", "history"),
    Term("case", "案件", "case"),
    Term("officer", "执法人员", "officer"),
))
