"""文书状态 / document state: what has happened to an issued document (derived, not stored):
issued (已签发), served (已送达: a service record exists), voided (已作废, wins over served)."""

from __future__ import annotations

from gridapp.vocab import Term, Vocabulary

DOCUMENT_STATE = Vocabulary("document state", (
    Term("issued", "已签发", "issued"),
    Term("served", "已送达", "served"),
    Term("voided", "已作废", "voided"),
))
