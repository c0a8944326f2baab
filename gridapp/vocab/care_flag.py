"""需关照情形 / care flags (``Party.care_flags``, comma-separated ``models.party.CARE_FLAGS``)."""

from __future__ import annotations

from gridapp.vocab import Term, Vocabulary

CARE_FLAG = Vocabulary("care flag", (
    Term("disability", "残疾", "disability"),
    Term("low_income", "低保", "low income (subsistence allowance)"),
    Term("elderly", "高龄", "elderly"),
))
