"""The case detail read model: one case as the CLI (``case show``) and the desktop show it.

Contract: ``case_detail(conn, ref, pack)`` takes a DB-API ``sqlite3.Connection`` — the quick
read-only one (``gridapp.db.readonly.open_read_only``) or one lent by the store
(``StationStore.read_connection``) — a case reference in any form an officer writes it (resolved
by ``gridapp.caselog.refs``, the one resolver) and the station's pack (for the violation's name),
and returns frozen plain data. It only reads; run it inside one read transaction so every part
comes from the same snapshot (both connections above are).

This module and everything it imports is plain SQL and plain Python: importing it never imports
SQLAlchemy (tested), which is what lets a read command answer before the ORM could even load.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from gridapp.caselog.identity import mask_id_number, mask_phone
from gridapp.caselog.refs import resolve
from gridapp.timeutil import stored_instant
from gridapp.vocab.case_source import CASE_SOURCE
from gridapp.vocab.case_status import CASE_STATUS
from gridapp.vocab.disposition import DISPOSITION
from gridapp.vocab.party_kind import PARTY_KIND
from gridapp.vocab.stage import STAGE

if TYPE_CHECKING:
    from gridapp.packs import JurisdictionPack


@dataclass(frozen=True)
class PartyDetail:
    id: str
    kind: str
    kind_label: str
    name: str
    id_number: str  # masked: first 4 and last 4 characters (``3101**********1234``)
    phone: str  # in full: the case view of the officer who handles the case (to call them)
    address: str

    @property
    def phone_masked(self) -> str:
        """What lists and the CLI show (``caselog.identity.mask_phone``)."""
        return mask_phone(self.phone) if self.phone else ""


@dataclass(frozen=True)
class CaseOfficerDetail:
    """An officer on the case, in the order they were put on it."""

    id: str
    name: str
    badge: str
    role: str  # the role on this case (``handler`` …)
    active: bool  # false: retired, still shown on the cases they worked


@dataclass(frozen=True)
class DeadlineSummary:
    name: str
    due: str  # station-time date, ISO
    basis: str


@dataclass(frozen=True)
class EvaluationSummary:
    """The latest legal-engine evaluation stored on the case (``rules evaluate``)."""

    evaluated_at: datetime
    action: str
    pack_code: str
    pack_version: str
    stage: str
    stage_label: str
    priors: int
    exemption_applies: bool
    exemption_branch: str  # "" when no exemption applies
    provisional: bool  # the first-offence answer may change after the next sync
    next_documents: tuple[str, ...]  # document kinds (``gridapp.vocab.document_kind``)
    deadlines: tuple[DeadlineSummary, ...]


@dataclass(frozen=True)
class CaseDetail:
    id: str
    number: str
    status: str
    status_label: str
    stage: str
    stage_label: str
    disposition: str | None
    disposition_label: str
    source: str
    source_label: str
    grid: str
    address: str
    lat: float | None
    lon: float | None
    violation: str
    violation_name: str  # from the pack; the code itself when the pack does not know it
    facts: str
    act_date: str
    opened_at: datetime  # aware UTC, like every stored instant
    closed_at: datetime | None
    due_at: datetime | None
    outcome: str
    revision: int
    party: PartyDetail | None
    officers: tuple[CaseOfficerDetail, ...]
    evidence_count: int  # live items (withdrawn items not counted)
    withdrawn_evidence_count: int
    evaluation: EvaluationSummary | None


_CASE = (
    "SELECT id, number, status, stage, disposition, source, grid_code, address, lat, lon, "
    "violation_code, facts, act_date, opened_at, closed_at, due_at, outcome, revision, party_id "
    'FROM "case" WHERE id = ?'
)
_PARTY = "SELECT id, kind, name, id_number, phone, address FROM party WHERE id = ?"
_OFFICERS = (
    "SELECT o.id, o.name, o.badge_no, co.role, o.active FROM officer o "
    "JOIN case_officer co ON co.officer_id = o.id "
    "WHERE co.case_id = ? AND co.deleted = 0 ORDER BY co.updated_at, o.badge_no"
)
_EVIDENCE = (
    "SELECT count(*), count(withdrawn_at) FROM evidence WHERE case_id = ? AND deleted = 0"
)
_LATEST_EVALUATION = (
    "SELECT evaluated_at, action, pack_code, pack_version, result_json, provisional "
    "FROM rule_evaluation WHERE case_id = ? AND deleted = 0 "
    "ORDER BY evaluated_at DESC, rowid DESC LIMIT 1"
)
_STATION_PACK = "SELECT pack_code FROM station WHERE deleted = 0 LIMIT 1"


def station_pack_code(conn: sqlite3.Connection) -> str | None:
    """The code of the station's jurisdiction pack; None when no station is set up yet."""
    row = conn.execute(_STATION_PACK).fetchone()
    return None if row is None else str(row[0])


def case_detail(conn: sqlite3.Connection, ref: str, pack: JurisdictionPack) -> CaseDetail:
    """The live case ``ref`` names, with its party, officers, evidence count and latest
    evaluation. ``NotFoundError`` / ``AmbiguousCaseError`` (listing the matches) as
    ``gridapp.caselog.refs.resolve`` raises them."""
    match = resolve(conn, ref)
    row = conn.execute(_CASE, (match.id,)).fetchone()
    (case_id, number, status, stage, disposition, source, grid, address, lat, lon, violation,
     facts, act_date, opened_at, closed_at, due_at, outcome, revision, party_id) = row
    known = pack.violations.get(violation)
    evidence, withdrawn = conn.execute(_EVIDENCE, (case_id,)).fetchone()
    opened = stored_instant(opened_at)
    assert opened is not None  # NOT NULL column
    return CaseDetail(
        id=case_id, number=number,
        status=status, status_label=CASE_STATUS.zh(status),
        stage=stage, stage_label=STAGE.zh(stage),
        disposition=disposition, disposition_label=DISPOSITION.zh(disposition),
        source=source, source_label=CASE_SOURCE.zh(source),
        grid=grid, address=address, lat=lat, lon=lon,
        violation=violation, violation_name=known.name if known else violation,
        facts=facts, act_date=act_date,
        opened_at=opened, closed_at=stored_instant(closed_at), due_at=stored_instant(due_at),
        outcome=outcome, revision=revision,
        party=_party(conn, party_id) if party_id else None,
        officers=tuple(
            CaseOfficerDetail(id=o_id, name=name, badge=badge, role=role, active=bool(active))
            for o_id, name, badge, role, active in conn.execute(_OFFICERS, (case_id,))
        ),
        evidence_count=evidence - withdrawn,
        withdrawn_evidence_count=withdrawn,
        evaluation=_latest_evaluation(conn, case_id),
    )  # fmt: skip


def _party(conn: sqlite3.Connection, party_id: str) -> PartyDetail | None:
    row = conn.execute(_PARTY, (party_id,)).fetchone()
    if row is None:
        return None
    p_id, kind, name, id_number, phone, address = row
    return PartyDetail(
        id=p_id, kind=kind, kind_label=PARTY_KIND.zh(kind), name=name,
        id_number=mask_id_number(id_number) if id_number else "", phone=phone, address=address,
    )  # fmt: skip


def _latest_evaluation(conn: sqlite3.Connection, case_id: str) -> EvaluationSummary | None:
    row = conn.execute(_LATEST_EVALUATION, (case_id,)).fetchone()
    if row is None:
        return None
    evaluated_at, action, pack_code, pack_version, result_json, provisional = row
    try:
        result: dict[str, Any] = json.loads(result_json)
    except ValueError:
        result = {}
    if not isinstance(result, dict):
        result = {}
    exemption = result.get("exemption")
    exemption = exemption if isinstance(exemption, dict) else {}
    applies = bool(exemption.get("applies"))
    stage = str(result.get("stage") or "")
    priors = result.get("priors")
    evaluated = stored_instant(evaluated_at)
    assert evaluated is not None  # NOT NULL column
    return EvaluationSummary(
        evaluated_at=evaluated, action=action, pack_code=pack_code, pack_version=pack_version,
        stage=stage, stage_label=STAGE.zh(stage) if stage else "",
        priors=priors if isinstance(priors, int) else 0,
        exemption_applies=applies,
        exemption_branch=str(exemption.get("branch") or "") if applies else "",
        provisional=bool(provisional),
        next_documents=tuple(str(d) for d in result.get("next_documents") or ()),
        deadlines=tuple(
            DeadlineSummary(str(d.get("name", "")), str(d.get("due", "")), str(d.get("basis", "")))
            for d in result.get("deadlines") or () if isinstance(d, dict)
        ),
    )  # fmt: skip
