"""不予处罚的法定情形 / exemption ground: why a case ends without a penalty (the exemption branch
of APL Art 33, or an outcome gate: Art 36 limitation, Art 30 age), as the exemption checklist and
the statistics name it."""

from __future__ import annotations

from gridapp.vocab import Term, Vocabulary

EXEMPTION_GROUND = Vocabulary("exemption ground", (
    Term("minor_no_harm", "轻微不罚", "minor, no harm"),
    Term("first_offence", "首违不罚", "first offence"),
    Term("no_fault", "无主观过错不罚", "no fault"),
    Term("limitation_expired", "超过追责时效，不予处罚", "limitation period expired"),
    Term("minor_under_14", "未满十四周岁，不予处罚", "party under 14"),
    Term("none", "不适用免罚", "no exemption"),
))
