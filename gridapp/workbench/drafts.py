"""The new-case wizard's input (``CaseDraft``) and a case edit (``CaseEdit``), checked before
anything is written.

Contract: ``validate_draft`` writes nothing and maps each bad field — named as the attribute of
``CaseDraft`` (``violation_code``, ``act_at``, ``party.id_number`` …) — to a Chinese message,
every problem at once. The shape checks are the case intake's (``caselog.intake.collect_case``:
required fields, coordinates, the party's identity-number checksum, care flags) and the
station's (``caselog.service.case_problems``: the pack's violations, times in the future); the
wizard adds what a form needs on top: an address, a grid of this station, the 12345 ticket
number, a party kind the violation's penalty clause applies to.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from gridapp import clock
from gridapp.caselog.identity import normalise_id_number
from gridapp.caselog.intake import CaseInput, collect_case
from gridapp.caselog.query import list_grids
from gridapp.caselog.service import CLOCK_SKEW, case_problems
from gridapp.errors import ValidationError
from gridapp.models import Officer, Party
from gridapp.store import StationStore
from gridapp.timeutil import STATION_TZ, station_time
from gridapp.vocab.party_kind import PARTY_KIND
from gridapp.workbench.choices import TICKET_SOURCES

# The wizard's party kinds → the stored kind (行政处罚法: 公民 / 法人或者其他组织).
PARTY_KINDS: Mapping[str, str] = {"person": "person", "unit": "organisation",
                                  "organisation": "organisation"}  # fmt: skip
MAX_TICKET = 40
# The intake's field names → the draft's attribute names.
FIELD_NAMES: Mapping[str, str] = {
    "violation": "violation_code", "grid": "grid_code", "act_date": "act_at",
    "opened_at": "act_at",
}  # fmt: skip


@dataclass(frozen=True)
class PartyRef:
    """An existing party (当事人), found by the party search."""

    party_id: str


@dataclass(frozen=True)
class PartyDraft:
    """A party to register (or to match an existing one by identity number / name+address)."""

    kind: str  # "person" 公民 | "unit" 法人或者其他组织
    name: str
    id_number: str = ""
    phone: str = ""
    address: str = ""
    care_flags: tuple[str, ...] = ()  # disability | low_income | elderly
    birth_date: str = ""  # YYYY-MM-DD; taken from a 身份证号 when left empty


@dataclass(frozen=True)
class CaseDraft:
    source: str = "patrol"
    ticket_no: str = ""  # 12345 工单号, required for the hotline source
    # When the act was seen: an aware datetime, or a naive one read as station time; None = now.
    act_at: datetime | None = None
    address: str = ""
    grid_code: str = ""
    lat: float | None = None
    lon: float | None = None
    violation_code: str = ""
    party: PartyRef | PartyDraft | None = None
    facts: str = ""
    # 协办执法人员: the second officer on the case (``Officer.id``; APL Art 42 needs two).
    partner_id: str = ""
    # The facts the legal engine starts from until the officer confirms the checklist.
    harm: str = "slight"  # none | slight | serious
    corrected: bool = True


@dataclass(frozen=True)
class CaseEdit:
    """Changes to a case's basic information; None = unchanged."""

    facts: str | None = None
    address: str | None = None
    grid_code: str | None = None
    lat: float | None = None
    lon: float | None = None
    violation_code: str | None = None


class DraftInvalid(ValidationError):
    """A draft or edit with bad fields; ``field`` is the first, ``errors`` holds them all."""

    def __init__(self, errors: Mapping[str, ValidationError]) -> None:
        first_field, first = next(iter(errors.items()), ("", ValidationError("输入有误，请核对")))
        super().__init__(first.message_zh, first.message_en, field=first_field or None)
        self.errors: dict[str, str] = {name: exc.message_zh for name, exc in errors.items()}


@dataclass(frozen=True)
class CheckedDraft:
    case_input: CaseInput | None
    party_id: str | None
    errors: dict[str, ValidationError] = field(default_factory=dict)


def _bad(name: str, zh: str, en: str) -> ValidationError:
    return ValidationError(zh, en, field=name)


def act_instant(act_at: datetime | None) -> datetime:
    """The act time as an aware instant (naive = station time; None = now)."""
    if act_at is None:
        return clock.now()
    return act_at if act_at.tzinfo is not None else act_at.replace(tzinfo=STATION_TZ)


def birth_date_from_id(id_number: str) -> str:
    """The birth date a valid 18-character 身份证号 carries (``YYYY-MM-DD``), else ""."""
    digits = id_number[6:14]
    if len(id_number) != 18 or not digits.isdigit():
        return ""
    try:
        born = datetime.strptime(digits, "%Y%m%d").date()
    except ValueError:
        return ""
    today = station_time(clock.now()).date()
    # A date no living person was born on is no birth date (the checksum cannot tell).
    return born.isoformat() if today.year - 150 < born.year and born <= today else ""


def facts_with_ticket(source: str, ticket_no: str, facts: str) -> str:
    """The facts as stored: a 12345 case's ticket number leads them (searchable, printed)."""
    ticket = ticket_no.strip()
    if source in TICKET_SOURCES and ticket:
        return f"【12345工单号：{ticket}】{facts.strip()}"
    return facts.strip()


def check_place(
    session: Session,
    errors: dict[str, ValidationError],
    *,
    address: str | None,
    grid_code: str | None,
    lat: float | None,
    lon: float | None,
    grid_required: bool,
) -> None:
    """Address, grid and coordinates (None = not being set)."""
    if address is not None and not address.strip():
        errors.setdefault("address", _bad("address", "请填写违法行为发生地点（地址）",
                                          "the address is required"))  # fmt: skip
    if grid_code is not None:
        grids = {code for code, _ in list_grids(session)}
        code = grid_code.strip()
        if not code:
            if grid_required and grids:
                errors.setdefault("grid_code", _bad("grid_code", "请选择网格", "choose a grid"))
        elif code not in grids:
            errors.setdefault("grid_code", _bad(
                "grid_code", f"网格“{code}”不是本站点的网格，请从列表中选择",
                f"grid {code!r} is not one of this station's grids",
            ))  # fmt: skip
    for name, value, low, high, label in (("lat", lat, -90.0, 90.0, "纬度"),
                                          ("lon", lon, -180.0, 180.0, "经度")):  # fmt: skip
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not (
            low <= value <= high
        ):
            errors.setdefault(name, _bad(name, f"{label}应在 {low:g} 到 {high:g} 之间",
                                         f"{name} must be between {low:g} and {high:g}"))


def check_violation(
    store: StationStore, errors: dict[str, ValidationError], code: str | None
) -> None:
    if code is None:
        return
    if not code.strip():
        errors.setdefault("violation_code", _bad("violation_code", "请选择违法行为类型",
                                                 "choose a violation type"))  # fmt: skip
        return
    try:
        store.pack.violation(code.strip())
    except ValidationError as exc:
        errors.setdefault("violation_code", _bad("violation_code", exc.message_zh,
                                                 exc.message_en))  # fmt: skip


def _party(
    store: StationStore, session: Session, draft: CaseDraft, errors: dict[str, ValidationError]
) -> tuple[dict[str, Any] | None, str | None]:
    """The party as intake input (a new party) or its id (an existing one)."""
    party = draft.party
    if party is None:
        return None, None
    if isinstance(party, PartyRef):
        row = session.get(Party, party.party_id)
        if row is None or row.deleted:
            errors.setdefault("party", _bad("party", "找不到所选的当事人，请重新查找",
                                            "the chosen party does not exist"))  # fmt: skip
            return None, None
        kind = row.kind
        party_id: str | None = row.id
        data = None
    else:
        kind = PARTY_KINDS.get(party.kind, "")
        if not kind:
            errors.setdefault("party.kind", _bad("party.kind", "当事人类型应为公民或单位",
                                                 "party kind must be person or unit"))  # fmt: skip
        birth = party.birth_date.strip()
        if kind == "person" and not birth and party.id_number.strip():
            try:
                birth = birth_date_from_id(normalise_id_number("person", party.id_number))
            except ValidationError:
                birth = ""  # the intake reports the bad number
        data = {
            "kind": kind or "person", "name": party.name, "id_number": party.id_number,
            "phone": party.phone, "address": party.address,
            "care_flags": list(party.care_flags), "birth_date": birth,
        }  # fmt: skip
        if not party.name.strip():
            errors.setdefault("party.name", _bad(
                "party.name", "请填写当事人姓名或单位名称", "the party's name is required"))
        party_id = None
    vt = store.pack.violations.get(draft.violation_code.strip())
    if kind and vt is not None and kind not in vt.fines:
        errors.setdefault("party.kind", _bad(
            "party.kind", f"{vt.penalty_article}的罚则不适用于{PARTY_KIND.zh(kind)}（{vt.name}）",
            f"the penalty clause of {vt.code} does not apply to a {kind}",
        ))  # fmt: skip
    return data, party_id


def check_partner(store: StationStore, session: Session, errors: dict[str, ValidationError],
                  partner_id: str) -> None:
    """An empty partner is allowed (the case then waits for one before any decision)."""
    if not partner_id:
        return
    officer = session.get(Officer, partner_id)
    if officer is None or officer.deleted or officer.station_id != store.station(session).id:
        errors["partner_id"] = _bad("partner_id", "找不到所选的协办执法人员，请重新选择",
                                    "the chosen partner officer does not exist")  # fmt: skip
    elif not officer.active:
        errors["partner_id"] = _bad(
            "partner_id", f"执法人员 {officer.name}（{officer.badge_no}）已停用，不能办案",
            "the chosen partner officer is retired")  # fmt: skip


def check_draft(store: StationStore, session: Session, draft: CaseDraft) -> CheckedDraft:
    """Every problem of ``draft`` (field → error), or the intake input it becomes."""
    errors: dict[str, ValidationError] = {}
    check_violation(store, errors, draft.violation_code)
    if draft.source in TICKET_SOURCES and not draft.ticket_no.strip():
        errors["ticket_no"] = _bad("ticket_no", "12345热线来源的案件须填写工单号",
                                   "a 12345 hotline case needs its ticket number")  # fmt: skip
    elif len(draft.ticket_no.strip()) > MAX_TICKET:
        errors["ticket_no"] = _bad("ticket_no", f"工单号过长（最多 {MAX_TICKET} 个字符）",
                                   "ticket number too long")  # fmt: skip
    at = act_instant(draft.act_at)
    now = clock.now()
    if at > now + CLOCK_SKEW:
        errors["act_at"] = _bad(
            "act_at", f"违法行为时间 {station_time(at):%Y-%m-%d %H:%M} 晚于当前时间，请核对",
            "the act time is in the future",
        )  # fmt: skip
    check_place(session, errors, address=draft.address, grid_code=draft.grid_code,
                lat=draft.lat, lon=draft.lon, grid_required=True)  # fmt: skip
    if (draft.lat is None) != (draft.lon is None):
        missing = "lat" if draft.lat is None else "lon"
        errors.setdefault(missing, _bad(missing, "经度和纬度须同时填写，或都不填",
                                        "give both coordinates or neither"))  # fmt: skip
    check_partner(store, session, errors, draft.partner_id)
    party, party_id = _party(store, session, draft, errors)
    data = {
        "violation": draft.violation_code, "source": draft.source,
        "address": draft.address, "grid": draft.grid_code,
        "facts": facts_with_ticket(draft.source, draft.ticket_no, draft.facts),
        "party": party, "lat": draft.lat, "lon": draft.lon,
        "act_date": station_time(min(at, now)).date().isoformat(),
    }  # fmt: skip
    case_input, intake_errors = collect_case(data)
    if case_input is not None:
        intake_errors = case_problems(store, case_input)
    for exc in intake_errors:
        name = exc.field or "$"
        name = FIELD_NAMES.get(name, name)
        errors.setdefault(name, ValidationError(exc.message_zh, exc.message_en, field=name))
    return CheckedDraft(None if errors else case_input, party_id, errors)


def validate_draft(store: StationStore, draft: CaseDraft) -> dict[str, str]:
    """Field (``CaseDraft`` attribute, ``party.<attr>`` for the party) → Chinese message;
    empty when the draft can be created. Writes nothing."""
    with store.read() as s:
        checked = check_draft(store, s, draft)
    return {name: exc.message_zh for name, exc in checked.errors.items()}
