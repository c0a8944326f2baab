"""The officer's write actions from the desktop: new case, evidence, edits, status changes.

Contract: each function takes the station store, the acting officer's id (``Officer.id``;
an unknown or retired officer is refused, ``acting.acting_badge``) and plain values, writes
through the core's services (``caselog.service``, ``evidence``, ``rules.record``) so every
change is in the change log and the audit chain as that officer, and returns frozen plain
data. Bad input raises ``DraftInvalid`` (a ``ValidationError`` naming the first bad field and
holding all of them) before anything is written.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from gridapp.caselog import query, service, states
from gridapp.errors import GridappError, ValidationError
from gridapp.evidence import capture
from gridapp.evidence import service as evidence
from gridapp.evidence.checks import check_reason
from gridapp.evidence.intake import check_source
from gridapp.evidence.service import EvidenceView
from gridapp.evidence.worker import DecodeWorker
from gridapp.execution import service as execution
from gridapp.followups import service as followups
from gridapp.models import Case, Evidence, Officer, Party
from gridapp.models.case import DISPOSITIONS
from gridapp.store import StationStore
from gridapp.vocab.case_status import CASE_STATUS
from gridapp.vocab.disposition import DISPOSITION
from gridapp.vocab.stage import STAGE
from gridapp.workbench.acting import acting_badge, acting_officer
from gridapp.workbench.checklist import (
    ChecklistView,
    base_input,
    evaluate_into_case,
    no_party_view,
    row_view,
)
from gridapp.workbench.drafts import (
    CaseDraft,
    CaseEdit,
    DraftInvalid,
    check_draft,
    check_partner,
    check_place,
    check_violation,
)
from gridapp.workbench.labels import no_case

# Status changes that need the officer's reason (recorded in the audit chain).
REASON_REQUIRED = frozenset({"dismissed", "closed"})
TRANSITION_WARNINGS = {
    "rectifying": "案件将进入橙色（责令改正）阶段，请按期复查整改情况",
    "filed": "立案后案件进入处罚程序（红色阶段），不能退回",
    "closed": "结案后不能再添加证据或修改案件信息，此操作不可撤销",
    "dismissed": "不予立案后案件终结，此操作不可撤销",
}
MAX_REASON = 1000


@dataclass(frozen=True)
class NewCaseResult:
    case_id: str
    number: str
    stage: str  # the legal engine's three-colour stage for this case
    stage_label: str
    earlier_cases: int  # the party's earlier established cases (any violation)
    exemption_outcome: str  # e.g. "首违不罚：初次违法……"
    exemption_code: str  # minor_no_harm | first_offence | no_fault | … | none; "" unevaluated
    checklist: ChecklistView
    party_id: str = ""


@dataclass(frozen=True)
class ImportResult:
    imported: tuple[str, ...]  # labels of the new items, "沪城管案〔2026〕03-000001#1"
    skipped: tuple[tuple[str, str], ...]  # (path, Chinese reason)
    cancelled: bool
    item_ids: tuple[str, ...] = ()
    # (new item's label, warning in words), as recorded on the item with the officer's reason
    # (``gridapp.evidence.checks``).
    warnings: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class CaseEditResult:
    case_id: str
    number: str
    changed: tuple[str, ...]  # the CaseEdit fields that changed
    checklist: ChecklistView | None  # re-evaluated when the violation changed


@dataclass(frozen=True)
class TransitionChoice:
    to_status: str
    label: str
    needs_reason: bool
    warning_zh: str
    needs_disposition: bool = False  # closing needs the 721 disposition
    dispositions: tuple[tuple[str, str], ...] = ()  # (code, label) when needed


@dataclass(frozen=True)
class StatusResult:
    case_id: str
    number: str
    status: str
    status_label: str
    stage: str
    stage_label: str


def create_case(store: StationStore, draft: CaseDraft, actor_id: str) -> NewCaseResult:
    """Create the case (and register or reuse its party), assign the acting officer, run the
    legal engine and save its evaluation on the case — one transaction, one user action."""
    with store.session() as s:
        officer = acting_officer(store, s, actor_id)
        checked = check_draft(store, s, draft)
        if draft.partner_id == officer.id:
            checked.errors.setdefault("partner_id", ValidationError(
                "协办执法人员应是本人以外的另一名执法人员", "the partner must be another officer",
                field="partner_id"))
        if checked.errors or checked.case_input is None:
            raise DraftInvalid(checked.errors)
        case = service.create_case(store, s, checked.case_input, officer.badge_no,
                                   party_id=checked.party_id)  # fmt: skip
        service.assign_officer(store, s, case, officer, officer.badge_no)
        if draft.partner_id:
            partner = s.get(Officer, draft.partner_id)
            assert partner is not None
            service.assign_officer(store, s, case, partner, officer.badge_no)
        if case.party_id is None:
            return NewCaseResult(case.id, case.number, case.stage, STAGE.zh(case.stage), 0,
                                 no_party_view().outcome_text, "", no_party_view())  # fmt: skip
        party = s.get(Party, case.party_id)
        assert party is not None
        earlier = len(query.earlier_cases(s, party, case=case))
        facts = {"harm": draft.harm, "corrected": draft.corrected}
        row = evaluate_into_case(store, s, case, officer.badge_no,
                                 base_input(s, case, facts=facts))  # fmt: skip
        view = row_view(store, s, row)
        return NewCaseResult(
            case_id=case.id, number=case.number, stage=view.stage, stage_label=view.stage_label,
            earlier_cases=earlier, exemption_outcome=view.outcome_text,
            exemption_code=view.outcome_code, checklist=view, party_id=party.id,
        )  # fmt: skip


@dataclass
class PreparedImport:
    """Files checked, copied and decoded, not yet written (``prepare_import``): the officer
    sees ``warnings`` and gives a reason (``finish_import``) or cancels (``abandon_import``).
    ``pending`` is None when nothing is left to import (all skipped, or cancelled)."""

    case_id: str
    actor_id: str
    skipped: tuple[tuple[str, str], ...]
    cancelled: bool
    pending: capture.PendingImport | None = None

    @property
    def warnings(self) -> tuple[str, ...]:
        """The warnings in words, each naming its file (Chinese)."""
        return tuple(w.text for w in self.pending.warnings) if self.pending else ()

    @property
    def warnings_en(self) -> tuple[str, ...]:
        return tuple(w.text_en for w in self.pending.warnings) if self.pending else ()

    @property
    def needs_reason(self) -> bool:
        return bool(self.warnings)


def prepare_import(
    store: StationStore,
    case_id: str,
    paths: Sequence[str | Path],
    actor_id: str,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    worker: DecodeWorker | None = None,
) -> PreparedImport:
    """Check, copy and decode the files as the acting officer; nothing is written yet.

    Files that cannot be imported (missing, unsupported, empty, too large, undecodable) are
    skipped with the reason; the rest go into one all-or-nothing import (``evidence.capture``).
    A cancelled preparation keeps nothing and is not an error (``cancelled`` true)."""
    with store.read() as s:
        badge = acting_badge(store, s, actor_id)
        number = service.find_case(s, case_id).number
    skipped: list[tuple[str, str]] = []
    good: list[Path] = []
    for raw in paths:
        path = Path(raw)
        try:
            check_source(path)
        except GridappError as exc:
            skipped.append((str(raw), exc.message_zh))
        else:
            good.append(path)
    asked = False

    def stop() -> bool:
        nonlocal asked
        asked = asked or bool(cancelled and cancelled())
        return asked

    while good:
        try:
            pending = capture.prepare_import(store, number, good, actor=badge, worker=worker,
                                             progress=progress, cancelled=stop)  # fmt: skip
        except GridappError as exc:
            if asked:
                return PreparedImport(case_id, actor_id, tuple(skipped), True)
            # A file that passed the checks but cannot be read or decoded fails the whole batch,
            # its error naming the file: set it aside and import the others.
            bad = [p for p in good
                   if exc.field == "file" and exc.message_zh.startswith(f"{p.name[:300]}：")]
            if not bad:
                raise
            skipped.extend((str(p), exc.message_zh) for p in bad)
            good = [p for p in good if p not in bad]
            continue
        return PreparedImport(case_id, actor_id, tuple(skipped), False, pending)
    return PreparedImport(case_id, actor_id, tuple(skipped), bool(cancelled and cancelled()))


def finish_import(store: StationStore, prepared: PreparedImport, reason: str = ""
                  ) -> ImportResult:
    """Write a prepared import. With warnings the reason is required (checked: not empty, one
    line, no control characters, at most ``checks.MAX_REASON`` characters; none:
    ``WarningsNeedReason``); it is recorded on each warned item and in its audit event. A
    missing or bad reason writes nothing and leaves the import pending, so the officer can
    correct it."""
    pending = prepared.pending
    if pending is None:
        return ImportResult((), prepared.skipped, prepared.cancelled)
    if prepared.needs_reason and not reason.strip():
        raise capture.WarningsNeedReason(pending.warnings)
    text = check_reason(reason) if reason.strip() else ""
    with store.read() as s:
        acting_badge(store, s, prepared.actor_id)
    ids = capture.commit_import(store, pending, text or None)
    with store.read() as s:
        rows = [s.get(Evidence, item_id) for item_id in ids]
        labels = tuple(evidence.item_view(s, r).label for r in rows if r is not None)
    warnings = tuple((label, w.text) for label, found in zip(labels, pending.per_file, strict=True)
                     for w in found)
    return ImportResult(labels, prepared.skipped, False, tuple(ids), warnings)


def abandon_import(prepared: PreparedImport) -> None:
    """The officer cancelled: the staged files are removed, nothing is written."""
    if prepared.pending is not None:
        prepared.pending.discard()


def import_files(
    store: StationStore,
    case_id: str,
    paths: Sequence[str | Path],
    actor_id: str,
    *,
    reason: str = "",
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    worker: DecodeWorker | None = None,
) -> ImportResult:
    """``prepare_import`` and ``finish_import`` in one step (``reason`` given beforehand). With
    warnings and no reason, ``WarningsNeedReason`` is raised and nothing is written."""
    prepared = prepare_import(store, case_id, paths, actor_id, progress=progress,
                              cancelled=cancelled, worker=worker)
    try:
        return finish_import(store, prepared, reason)
    finally:
        abandon_import(prepared)


def withdraw_evidence(store: StationStore, item_id: str, reason: str, actor_id: str
                      ) -> EvidenceView:
    """Withdraw (撤回) an item: it stays listed, marked withdrawn with the reason."""
    with store.session() as s:
        badge = acting_badge(store, s, actor_id)
        row = evidence.withdraw(store, s, item_id, reason, badge)
        return evidence.item_view(s, row)


def export_evidence(store: StationStore, case_id: str, dest: Path, actor_id: str, *,
                    include_withdrawn: bool = False) -> int:
    """Copy the case's evidence originals (verified against their hashes) and a manifest into
    the empty or new folder ``dest``; returns how many items were written. The export is
    recorded as the acting officer."""
    from gridapp.evidence.export import export_case

    with store.read() as s:
        badge = acting_badge(store, s, actor_id)
    manifest = export_case(store, case_id, dest, actor=badge, include_withdrawn=include_withdrawn)
    return len(manifest.get("items", ()))


def _open_case(case: Case) -> None:
    if case.status in states.TERMINAL:
        raise ValidationError(
            f"案件 {case.number} 已“{CASE_STATUS.zh(case.status)}”，不能再修改",
            f"case {case.number} is {case.status} and can no longer be edited", field="case",
        )  # fmt: skip


def edit_case(store: StationStore, case_id: str, changes: CaseEdit, actor_id: str
              ) -> CaseEditResult:
    """Change the case's facts, place or violation (same checks as the wizard). A changed
    violation re-runs the legal engine on the case's saved facts (answers start over)."""
    with store.session() as s:
        badge = acting_badge(store, s, actor_id)
        case = service.find_case(s, case_id)
        _open_case(case)
        errors: dict[str, ValidationError] = {}
        check_violation(store, errors, changes.violation_code)
        check_place(s, errors, address=changes.address, grid_code=changes.grid_code,
                    lat=changes.lat, lon=changes.lon, grid_required=True)  # fmt: skip
        lat = case.lat if changes.lat is None else changes.lat
        lon = case.lon if changes.lon is None else changes.lon
        if (lat is None) != (lon is None):
            missing = "lat" if lat is None else "lon"
            errors.setdefault(missing, ValidationError(
                "经度和纬度须同时填写", "give both coordinates", field=missing))
        if errors:
            raise DraftInvalid(errors)
        wanted = {
            "facts": None if changes.facts is None else changes.facts.strip(),
            "address": None if changes.address is None else changes.address.strip(),
            "grid_code": None if changes.grid_code is None else changes.grid_code.strip(),
            "lat": changes.lat, "lon": changes.lon,
            "violation_code": (None if changes.violation_code is None
                               else changes.violation_code.strip()),
        }  # fmt: skip
        diff = {k: v for k, v in wanted.items() if v is not None and getattr(case, k) != v}
        view = None
        if diff:
            service.edit_case(store, s, case, diff, badge)
            if "violation_code" in diff and case.party_id is not None:
                raw = base_input(s, case)
                raw.pop("answers", None)
                view = row_view(store, s, evaluate_into_case(store, s, case, badge, raw))
        return CaseEditResult(case.id, case.number, tuple(diff), view)


def allowed_transitions(store: StationStore, case_id: str) -> tuple[TransitionChoice, ...]:
    """The status changes the state machine allows from the case's status, in status order."""
    with store.read() as s:
        status = service.find_case(s, case_id).status
    allowed = states.TRANSITIONS[status]
    dispositions = tuple((d, DISPOSITION.zh(d)) for d in DISPOSITIONS)
    return tuple(
        TransitionChoice(
            to_status=code, label=CASE_STATUS.zh(code), needs_reason=code in REASON_REQUIRED,
            warning_zh=TRANSITION_WARNINGS.get(code, ""), needs_disposition=code == "closed",
            dispositions=dispositions if code == "closed" else (),
        )
        for code in CASE_STATUS.codes if code in allowed
    )  # fmt: skip


def change_status(
    store: StationStore,
    case_id: str,
    to_status: str,
    reason: str,
    actor_id: str,
    *,
    disposition: str | None = None,
) -> StatusResult:
    """Move the case along the state machine as the acting officer; the reason (required for
    closing and dismissing) is recorded in the audit chain with the change."""
    text = reason.strip()
    if to_status in REASON_REQUIRED and not text:
        raise ValidationError(f"转为“{CASE_STATUS.zh(to_status)}”须填写理由",
                              f"a reason is required for {to_status}", field="reason")  # fmt: skip
    if len(text) > MAX_REASON:
        raise ValidationError(f"理由过长（最多 {MAX_REASON} 字）", "reason too long",
                              field="reason")  # fmt: skip
    with store.session() as s:
        badge = acting_badge(store, s, actor_id)
        case = service.find_case(s, case_id)
        if to_status == "closed":  # a penalty decided but not executed is not closed
            execution.check_closing(s, store.pack, case)
        service.transition(store, s, case, to_status, badge, disposition=disposition,
                           reason=text)  # fmt: skip
        followups.schedule_after_close(store, s, case, badge)  # 回访 (and 12345 feedback)
        return StatusResult(case.id, case.number, case.status, CASE_STATUS.zh(case.status),
                            case.stage, STAGE.zh(case.stage))  # fmt: skip


def add_case_officer(store: StationStore, case_id: str, officer_id: str, actor_id: str) -> None:
    """Put another officer on the case (协办执法人员) as the acting officer; an officer already
    on it is left as is. A retired or unknown officer is refused."""
    with store.session() as s:
        badge = acting_badge(store, s, actor_id)
        case = s.get(Case, case_id) if case_id else None
        if case is None or case.deleted:
            raise no_case(case_id)
        errors: dict[str, ValidationError] = {}
        check_partner(store, s, errors, officer_id or "-")
        if errors:
            raise errors["partner_id"]
        officer = s.get(Officer, officer_id)
        assert officer is not None
        service.assign_officer(store, s, case, officer, badge)
