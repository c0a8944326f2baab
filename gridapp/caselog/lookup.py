"""Finding a case or a party from what an officer types.

Cases: the one resolver is ``gridapp.caselog.refs`` (plain SQL, shared with the quick read
path); ``find_case`` runs it on the session's own connection and loads the ``Case``.
Parties: by name, identity number or phone (``find_parties``, ``one_party``, ``history_party``).
"""

from __future__ import annotations

import sqlite3
import unicodedata
from dataclasses import dataclass
from typing import cast

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from gridapp.caselog import refs
from gridapp.caselog.refs import LIST_LIMIT, AmbiguousCaseError, CaseMatch
from gridapp.errors import NotFoundError, ValidationError
from gridapp.models import Case, Party

__all__ = [
    "AmbiguousCaseError", "AmbiguousPartyError", "CaseMatch", "PartyMatch", "candidates",
    "find_case", "find_parties", "history_party", "one_party", "session_connection",
]


def session_connection(session: Session) -> sqlite3.Connection:
    """The DB-API connection under ``session``, inside its transaction. Pending ORM changes are
    flushed first, as a query through the session would (autoflush)."""
    session.flush()
    raw = session.connection().connection.driver_connection
    return cast(sqlite3.Connection, raw)


def candidates(session: Session, ref: str) -> list[CaseMatch]:
    """Every live case ``ref`` may mean (empty when none); exact matches alone when there is one."""
    return refs.candidates(session_connection(session), ref)


def find_case(session: Session, ref: str) -> Case:
    """The one live case ``ref`` names (see ``gridapp.caselog.refs`` for the accepted forms)."""
    match = refs.resolve(session_connection(session), ref)
    case = session.get(Case, match.id)
    assert case is not None
    return case


# --- parties --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PartyMatch:
    party_id: str
    name: str
    id_number: str  # masked
    phone: str  # masked
    address: str


class AmbiguousPartyError(ValidationError):
    """Criteria that match several parties (different people or organisations)."""

    def __init__(self, asked: str, matches: list[PartyMatch]) -> None:
        shown = matches[:LIST_LIMIT]
        lines = "\n".join(
            f"  {m.name}  {m.id_number or '（无证件号码）'}  {m.phone or '（无电话）'}  {m.address}"
            for m in shown)
        more = f"\n  ……另有 {len(matches) - len(shown)} 位" if len(matches) > len(shown) else ""
        super().__init__(
            f"{asked}对应 {len(matches)} 位当事人，请加上证件号码（--id-number）或电话（--phone）"
            f"区分：\n{lines}{more}",
            f"{asked} matches {len(matches)} parties", field="party",
        )
        self.matches = matches


def _digits(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", text) if ch.isalnum()).upper()


def find_parties(session: Session, *, name: str = "", id_number: str = "", phone: str = ""
                 ) -> list[Party]:
    """One party row per identity matching every criterion given: the exact name (else names
    containing it), the identity number, the phone (spaces and dashes ignored)."""
    name, id_number, phone = name.strip(), _digits(id_number), _digits(phone)
    if not (name or id_number or phone):
        raise ValidationError("请给出当事人姓名、证件号码或电话", "name, id number or phone needed",
                              field="party")
    query = select(Party).where(Party.deleted.is_(False)).order_by(Party.name, Party.id)
    if id_number:
        query = query.where(Party.id_number == id_number)
    if phone:
        bare = func.upper(func.replace(func.replace(func.replace(Party.phone, "-", ""), " ", ""),
                                       "+", ""))
        query = query.where(bare == phone)
    if name:
        rows = list(session.scalars(query.where(Party.name == name)))
        rows = rows or list(session.scalars(query.where(Party.name.contains(name,
                                                                            autoescape=True))))
    else:
        rows = list(session.scalars(query))
    identities: dict[str, Party] = {}
    for p in rows:
        identities.setdefault(p.id_number or f"key:{p.match_key}", p)
    return list(identities.values())


def one_party(session: Session, *, name: str = "", id_number: str = "", phone: str = "") -> Party:
    """The one party (identity) the criteria name; lists them when several match."""
    from gridapp.caselog.identity import mask_id_number, mask_phone

    found = find_parties(session, name=name, id_number=id_number, phone=phone)
    # What was typed is echoed masked: the message may reach a log or a screen share.
    asked = "、".join(f"“{v}”" for v in (name.strip(),
                                          mask_id_number(id_number.strip()) if id_number.strip()
                                          else "",
                                          mask_phone(phone.strip()) if phone.strip() else "") if v)
    if not found:
        raise NotFoundError(f"找不到当事人 {asked}", f"no party {asked}", field="party")
    if len(found) > 1:
        raise AmbiguousPartyError(asked, [
            PartyMatch(p.id, p.name, mask_id_number(p.id_number) if p.id_number else "",
                       mask_phone(p.phone) if p.phone else "", p.address) for p in found])
    return found[0]


def history_party(session: Session, ref: str, *, name: str = "", id_number: str = "",
                  phone: str = "") -> tuple[Party, str]:
    """The party whose earlier cases are asked for, and the case to leave out.

    ``ref`` may be a party id, an identity number, a case (its party; that case left out) or a
    name; without ``ref`` the options name the party (``one_party``)."""
    ref = ref.strip()
    if not ref:
        return one_party(session, name=name, id_number=id_number, phone=phone), ""
    party = session.scalars(
        select(Party).where(or_(Party.id == ref, Party.id_number == ref.upper()))
    ).first()
    if party is not None:
        return party, ""
    try:
        case = find_case(session, ref)
    except NotFoundError:
        # Not a case: a name (narrowed by any other option given).
        try:
            return one_party(session, name=ref, id_number=id_number, phone=phone), ""
        except NotFoundError:
            if id_number.strip() or phone.strip():
                raise  # the name may exist: the narrowing options said which is missing
            from gridapp.caselog.identity import mask_typed

            shown = mask_typed(ref)
            raise NotFoundError(
                f"找不到案件或当事人“{shown}”（可用案件编号、当事人姓名、证件号码或电话查询）",
                f"no case or party {shown!r}", field="ref",
            ) from None
    party = session.get(Party, case.party_id) if case.party_id else None
    if party is None:
        raise NotFoundError(f"案件 {case.number} 未关联当事人", f"case {ref} has no party",
                            field="ref")
    return party, case.id
