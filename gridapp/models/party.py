"""Parties (当事人): persons and organisations."""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from gridapp.models.base import Base, SyncMixin

PARTY_KINDS = ("person", "organisation")
CARE_FLAGS = ("disability", "low_income", "elderly")


class Party(SyncMixin, Base):
    __tablename__ = "party"

    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(200))
    # 身份证号 for a person, 统一社会信用代码 for an organisation; '' when unknown.
    id_number: Mapped[str] = mapped_column(String(40), default="", index=True)
    phone: Mapped[str] = mapped_column(String(40), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    # Comma-separated CARE_FLAGS (sensitive personal data).
    care_flags: Mapped[str] = mapped_column(String(100), default="")
    # Normalised name + address; the repeat-offence key for parties without an id_number.
    match_key: Mapped[str] = mapped_column(String(500), default="", index=True)
    birth_date: Mapped[str] = mapped_column(String(10), default="")
