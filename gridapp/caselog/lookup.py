"""Finding a case from what an officer types: the one resolver behind every case reference.

Accepted, in this order (deleted cases are never found):
1. the exact case number (``沪城管案〔2026〕01-000027``) or the exact id;
2. the number with ASCII or other brackets around the year: ``沪城管案[2026]01-000027``,
   ``沪城管案(2026)01-000027``, ``沪城管案【2026】01-000027``;
3. the end of the number, cut at a boundary: ``01-000027``, ``000027``, ``〔2026〕01-000027``;
   a tail of digits only also matches the sequence number without its leading zeros (``27``);
4. the start of the id, at least 8 hexadecimal characters (``3f2a9c1e``).
Steps 3 and 4 are pooled: when the reference matches more than one case, ``AmbiguousCaseError``
lists them (exit code 2) and nothing is done.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from gridapp.errors import NotFoundError, ValidationError
from gridapp.models import Case, Party

MIN_ID_PREFIX = 8
# Shown in the error when a reference matches several cases.
LIST_LIMIT = 20

_BRACKETS = str.maketrans({"[": "〔", "]": "〕", "(": "〔", ")": "〕", "（": "〔", "）": "〕",
                           "【": "〔", "】": "〕", "［": "〔", "］": "〕"})
_HEX_PREFIX = re.compile(r"[0-9a-f][0-9a-f-]{7,35}")  # at least MIN_ID_PREFIX characters
_DIGITS = re.compile(r"\d+")
_FINAL_DIGITS = re.compile(r"(\d+)$")


@dataclass(frozen=True)
class CaseMatch:
    id: str
    number: str


class AmbiguousCaseError(ValidationError):
    """A reference that matches several cases; ``matches`` lists them (number order)."""

    def __init__(self, ref: str, matches: list[CaseMatch]) -> None:
        shown = matches[:LIST_LIMIT]
        lines = "\n".join(f"  {m.number}（id {m.id[:8]}）" for m in shown)
        more = f"\n  ……另有 {len(matches) - len(shown)} 件" if len(matches) > len(shown) else ""
        super().__init__(
            f"“{ref}”对应 {len(matches)} 件案件，请写出更完整的案件编号或 id：\n{lines}{more}",
            f"{ref!r} matches {len(matches)} cases: "
            + ", ".join(m.number for m in shown),
            field="case",
        )
        self.matches = matches


def normalise(ref: str) -> str:
    """The reference with its brackets written the way case numbers write them (〔〕)."""
    return ref.strip().translate(_BRACKETS)


def _tail_matches(number: str, tail: str) -> bool:
    if number == tail:
        return True
    if number.endswith(tail):
        before = number[-len(tail) - 1]
        if not (before.isdigit() or (tail[0].isdigit() and before.isalnum())):
            return True
    if _DIGITS.fullmatch(tail):
        final = _FINAL_DIGITS.search(number)
        return final is not None and int(final.group(1)) == int(tail)
    return False


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def candidates(session: Session, ref: str) -> list[CaseMatch]:
    """Every live case ``ref`` may mean (empty when none); exact matches alone when there is one."""
    ref = ref.strip()
    if not ref:
        return []
    live = Case.deleted.is_(False)
    norm = normalise(ref)
    exact = session.execute(
        select(Case.id, Case.number).where(or_(Case.number == ref, Case.id == ref,
                                               Case.number == norm), live)
    ).all()
    if exact:
        return [CaseMatch(r.id, r.number) for r in exact]
    found: dict[str, CaseMatch] = {}
    tail = norm
    pattern = "%" + _like_escape(tail.lstrip("0") if _DIGITS.fullmatch(tail) else tail)
    for row in session.execute(
        select(Case.id, Case.number).where(Case.number.like(pattern, escape="\\"), live)
    ):
        if _tail_matches(row.number, tail):
            found[row.id] = CaseMatch(row.id, row.number)
    lowered = ref.lower()
    if _HEX_PREFIX.fullmatch(lowered):
        for row in session.execute(
            select(Case.id, Case.number).where(Case.id.startswith(lowered, autoescape=True), live)
        ):
            found[row.id] = CaseMatch(row.id, row.number)
    return sorted(found.values(), key=lambda m: m.number)


def find_case(session: Session, ref: str) -> Case:
    """The one live case ``ref`` names (see the module docstring for the accepted forms)."""
    ref = ref.strip()
    if not ref:
        raise ValidationError("请给出案件编号", "a case number is required", field="case")
    matches = candidates(session, ref)
    if not matches:
        raise NotFoundError(f"找不到案件 {ref}", f"no case {ref}", field="case")
    if len(matches) > 1:
        raise AmbiguousCaseError(ref, matches)
    case = session.get(Case, matches[0].id)
    assert case is not None
    return case


# --- parties --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PartyMatch:
    party_id: str
    name: str
    id_number: str  # masked
    phone: str
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
    from gridapp.caselog.identity import mask_id_number

    found = find_parties(session, name=name, id_number=id_number, phone=phone)
    asked = "、".join(f"“{v}”" for v in (name.strip(), id_number.strip(), phone.strip()) if v)
    if not found:
        raise NotFoundError(f"找不到当事人 {asked}", f"no party {asked}", field="party")
    if len(found) > 1:
        raise AmbiguousPartyError(asked, [
            PartyMatch(p.id, p.name, mask_id_number(p.id_number) if p.id_number else "", p.phone,
                       p.address) for p in found])
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
            raise NotFoundError(
                f"找不到案件或当事人“{ref}”（可用案件编号、当事人姓名、证件号码或电话查询）",
                f"no case or party {ref!r}", field="ref",
            ) from None
    party = session.get(Party, case.party_id) if case.party_id else None
    if party is None:
        raise NotFoundError(f"案件 {case.number} 未关联当事人", f"case {ref} has no party",
                            field="ref")
    return party, case.id
