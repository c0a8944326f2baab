"""需关照情形 / care flags on a party (``Party.care_flags``, comma-separated codes): circumstances
an officer must take into account (and the discretion benchmark may)."""

from __future__ import annotations

from gridapp.vocab import Term, Vocabulary

CARE_FLAG = Vocabulary("care flag", (
    Term("disability", "残疾", "disability"),
    Term("low_income", "低保", "minimum-living-allowance household"),
    Term("elderly", "高龄", "elderly"),
))
