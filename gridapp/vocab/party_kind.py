"""当事人类型 / party kind (``Party.kind``), in the words of 行政处罚法 (公民、法人或者其他组织)."""

from __future__ import annotations

from gridapp.vocab import Term, Vocabulary

PARTY_KIND = Vocabulary("party kind", (
    Term("person", "公民", "natural person"),
    Term("organisation", "法人或者其他组织", "legal person or other organisation"),
))

# The identity document each kind is registered with.
ID_DOCUMENT = Vocabulary("identity document", (
    Term("person", "身份证号码", "resident identity card number"),
    Term("organisation", "统一社会信用代码", "unified social credit code"),
))
