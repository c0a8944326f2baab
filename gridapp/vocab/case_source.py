"""案件来源 / case source (``Case.source``)."""

from __future__ import annotations

from gridapp.vocab import Term, Vocabulary

CASE_SOURCE = Vocabulary("case source", (
    Term("patrol", "巡查发现", "patrol"),
    Term("hotline", "12345热线", "12345 hotline"),
    Term("public_report", "群众举报", "public report"),
    Term("dispatch", "上级交办", "dispatched by HQ"),
    Term("other", "其他", "other"),
))
