"""当事人: finding a party to reuse, a party's earlier cases, and the party list page.

What a person types is read as one of: a full identity number (18 letters or digits: 身份证号
or 统一社会信用代码), a phone number (digits, with spaces, dashes or a leading +), or else a
name (exact first, then names containing it) — ``caselog.lookup.find_parties`` does the
matching, one row per identity. Identity numbers are shown masked (``3101**********1234``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, and_, false, func, select
from sqlalchemy.orm import Session

from gridapp.caselog import lookup, query
from gridapp.caselog.identity import mask_id_number, mask_phone
from gridapp.errors import ValidationError
from gridapp.models import Case, Party
from gridapp.store import StationStore
from gridapp.timeutil import station_date
from gridapp.vocab.care_flag import CARE_FLAG
from gridapp.vocab.case_status import CASE_STATUS
from gridapp.vocab.disposition import DISPOSITION
from gridapp.vocab.party_kind import PARTY_KIND
from gridapp.workbench.labels import no_case, no_party

MAX_PAGE = 1000
_ID_NUMBER = re.compile(r"[0-9A-Z]{18}")
_PHONE = re.compile(r"\+?[0-9][0-9 \-]{4,19}")


@dataclass(frozen=True)
class PartyChoice:
    id: str
    kind: str  # person | organisation (``vocab.party_kind``)
    name: str
    id_number_masked: str  # "" when registered without one
    phone: str
    address: str
    care_flags: tuple[str, ...]  # codes (``vocab.care_flag``): for the new case's decisions
    kind_label: str = ""
    care_flag_labels: tuple[str, ...] = ()

    @property
    def phone_masked(self) -> str:
        """What a list of matches shows (``caselog.identity.mask_phone``)."""
        return mask_phone(self.phone) if self.phone else ""


@dataclass(frozen=True)
class PriorCaseView:
    case_id: str
    number: str
    opened_on: date
    act_on: date | None
    violation_name: str
    status_label: str
    outcome_label: str  # the recorded outcome (e.g. 已整改), else the 721 disposition, else ""
    status: str = ""
    violation_code: str = ""


@dataclass(frozen=True)
class PartyHistory:
    party: PartyChoice
    earlier: tuple[PriorCaseView, ...]  # newest first (``query.earlier_cases``)


@dataclass(frozen=True)
class PartyListRow:
    id: str
    name: str
    kind: str
    kind_label: str
    id_number_masked: str
    case_count: int  # live cases of this party record
    last_case_on: date | None  # station date of its newest case


@dataclass(frozen=True)
class PartyPage:
    rows: tuple[PartyListRow, ...]
    offset: int


def choice(party: Party) -> PartyChoice:
    flags = tuple(f for f in party.care_flags.split(",") if f)
    return PartyChoice(
        id=party.id, kind=party.kind, name=party.name,
        id_number_masked=mask_id_number(party.id_number) if party.id_number else "",
        phone=party.phone, address=party.address, care_flags=flags,
        kind_label=PARTY_KIND.zh(party.kind), care_flag_labels=tuple(CARE_FLAG.zh(f) for f in flags),
    )


def _criteria(text: str) -> dict[str, str]:
    """``name`` / ``id_number`` / ``phone`` for what was typed (see the module docstring)."""
    raw = unicodedata.normalize("NFKC", text).strip()
    if not raw:
        raise ValidationError("请输入当事人姓名、证件号码或电话", "type a name, ID number or phone",
                              field="party")
    if len(raw) > 200:
        raise ValidationError("查询内容过长（最多200字）", "search text too long", field="party")
    compact = raw.replace(" ", "").upper()
    if _ID_NUMBER.fullmatch(compact):
        return {"id_number": compact}
    if _PHONE.fullmatch(raw):
        return {"phone": raw}
    return {"name": raw}


def find_parties(store: StationStore, text: str, limit: int = 20) -> tuple[PartyChoice, ...]:
    """Parties matching ``text`` (name, full identity number or phone), one per identity."""
    criteria = _criteria(text)
    with store.read() as s:
        found = lookup.find_parties(s, **criteria)
        return tuple(choice(p) for p in found[:max(1, limit)])


def _prior_view(prior: query.PriorCase, names: dict[str, str]) -> PriorCaseView:
    try:
        act_on: date | None = date.fromisoformat(prior.act_date) if prior.act_date else None
    except ValueError:
        act_on = None
    outcome = prior.outcome or (DISPOSITION.zh(prior.disposition) if prior.disposition else "")
    return PriorCaseView(
        case_id=prior.case_id, number=prior.number, opened_on=station_date(prior.opened_at),
        act_on=act_on, violation_name=names.get(prior.violation_code, prior.violation_code),
        status_label=CASE_STATUS.zh(prior.status), outcome_label=outcome, status=prior.status,
        violation_code=prior.violation_code,
    )


def party_history(store: StationStore, party_id: str, *, case_id: str = "") -> PartyHistory:
    """The party and its earlier cases (``query.earlier_cases``, the rules' definition).

    Given ``case_id`` (the case being looked at), only cases opened before it are listed."""
    names = {code: v.name for code, v in store.pack.violations.items()}
    with store.read() as s:
        party = s.get(Party, party_id) if party_id else None
        if party is None or party.deleted:
            raise no_party(party_id)
        case = None
        if case_id:
            case = s.get(Case, case_id)
            if case is None or case.deleted:
                raise no_case(case_id)
        earlier = query.earlier_cases(s, party, case=case)
        return PartyHistory(party=choice(party),
                            earlier=tuple(_prior_view(p, names) for p in earlier))


def _party_condition(text: str) -> ColumnElement[bool]:
    conds: list[ColumnElement[bool]] = [Party.deleted == false()]
    if text.strip():
        criteria = _criteria(text)
        if "id_number" in criteria:
            conds.append(Party.id_number == criteria["id_number"])
        elif "phone" in criteria:
            bare = "".join(ch for ch in criteria["phone"] if ch.isdigit())
            digits = func.replace(func.replace(func.replace(Party.phone, "-", ""), " ", ""),
                                  "+", "")
            conds.append(digits == bare)
        else:
            conds.append(Party.name.contains(criteria["name"], autoescape=True))
    return and_(*conds)


def party_page(store: StationStore, text: str = "", offset: int = 0, limit: int = 100
               ) -> PartyPage:
    """One page of the 当事人 list: parties matching ``text`` (empty: all), the party with the
    most recent case first (parties without a case last, by name)."""
    if offset < 0 or limit < 1 or limit > MAX_PAGE:
        raise ValidationError(f"分页参数无效（offset ≥ 0，1 ≤ limit ≤ {MAX_PAGE}）",
                              f"bad page: offset {offset}, limit {limit}", field="page")
    where = _party_condition(text)
    with store.read() as s:
        return PartyPage(rows=_party_rows(s, where, offset, limit), offset=offset)


def _party_rows(s: Session, where: ColumnElement[bool], offset: int, limit: int
                ) -> tuple[PartyListRow, ...]:
    stats = (
        select(Case.party_id.label("party_id"), func.count().label("n"),
               func.max(Case.opened_at).label("last"))
        .where(Case.deleted.is_(False), Case.party_id.is_not(None))
        .group_by(Case.party_id)
        .subquery()
    )
    rows = s.execute(
        select(Party, func.coalesce(stats.c.n, 0), stats.c.last)
        .outerjoin(stats, stats.c.party_id == Party.id)
        .where(where)
        .order_by(stats.c.last.is_(None), stats.c.last.desc(), Party.name, Party.id)
        .offset(offset).limit(limit)
    ).all()
    out = []
    for party, n, last in rows:
        last_on = None
        if last is not None:
            moment = last if isinstance(last, datetime) else datetime.fromisoformat(str(last))
            last_on = station_date(moment)
        out.append(PartyListRow(
            id=party.id, name=party.name, kind=party.kind, kind_label=PARTY_KIND.zh(party.kind),
            id_number_masked=mask_id_number(party.id_number) if party.id_number else "",
            case_count=int(n), last_case_on=last_on,
        ))
    return tuple(out)


def party_count(store: StationStore, text: str = "") -> int:
    """How many parties ``party_page`` lists for ``text``."""
    where = _party_condition(text)
    with store.read() as s:
        return int(s.scalar(select(func.count()).select_from(Party).where(where)) or 0)
