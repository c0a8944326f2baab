"""One vocabulary: every code the core stores or writes to the audit chain has a Chinese and an
English label, and the labels are the ones the CLI, the desktop, documents and case file show."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from gridapp.caselog import service
from gridapp.caselog.intake import parse_party
from gridapp.caselog.states import TRANSITIONS
from gridapp.documents.service import issue_document, void_document
from gridapp.documents.serving import ServiceInput, serve_document
from gridapp.documents.templates import all_templates
from gridapp.evidence import service as evidence_service
from gridapp.evidence.capture import import_files
from gridapp.evidence.export import export_case
from gridapp.models import AuditEvent, Case, Officer, Station, SyncMixin
from gridapp.models.approval import APPROVAL_STATUSES, APPROVAL_STEPS, FINDINGS, FOLLOW_UP_KINDS
from gridapp.models.approval import SATISFACTION as SATISFACTION_CODES
from gridapp.models.base import Base
from gridapp.models.case import CASE_SOURCES, DISPOSITIONS, STAGES
from gridapp.models.evidence import EVIDENCE_KINDS
from gridapp.models.party import PARTY_KINDS
from gridapp.rules.record import build_case_input, evaluate_case
from gridapp.setup import add_officer
from gridapp.store import StationStore
from gridapp.vocab import Vocabulary
from gridapp.vocab.approval import APPROVAL_STATUS, APPROVAL_STEP
from gridapp.vocab.audit_action import AUDIT_ACTION, FAMILIES
from gridapp.vocab.case_source import CASE_SOURCE
from gridapp.vocab.case_status import CASE_STATUS
from gridapp.vocab.disposition import DISPOSITION
from gridapp.vocab.document_kind import DOCUMENT_KIND
from gridapp.vocab.entity import ENTITY
from gridapp.vocab.evidence import EVIDENCE_KIND
from gridapp.vocab.follow_up import FINDING, FOLLOW_UP_KIND, SATISFACTION
from gridapp.vocab.party_kind import PARTY_KIND
from gridapp.vocab.stage import STAGE
from tests.conftest import DEMO_CASE_INPUT, LEAD_BADGE, OFFICER_BADGE

ROOT = Path(__file__).resolve().parents[2]
PHOTOS = ROOT / "tests" / "data" / "photos"
AUDIT_WRITERS = {"record", "record_change", "append", "evaluate_case"}  # store.record, changes.record_change, audit.append, rules.record.evaluate_case
RAW_ACTION = re.compile(r"\b(?:station|grid|officer|party|case|evidence|doc|numbers|rules)\.[a-z_]+")


def _labelled(code: str) -> bool:
    return code in AUDIT_ACTION and bool(AUDIT_ACTION.zh(code).strip()) and bool(
        AUDIT_ACTION.en(code).strip()) and AUDIT_ACTION.zh(code) != code


def _actions_in_source() -> tuple[set[str], set[str], list[str]]:
    """(literal actions, formatted-action prefixes, problems) of every audit write in the code."""
    literals: set[str] = set()
    prefixes: set[str] = set()
    problems: list[str] = []
    for path in sorted([*(ROOT / "gridapp").rglob("*.py"), *(ROOT / "sync").rglob("*.py")]):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name not in AUDIT_WRITERS:
                continue
            for kw in node.keywords:
                if kw.arg != "action":
                    continue
                where = f"{path.relative_to(ROOT)}:{kw.value.lineno}"
                value = kw.value
                if isinstance(value, ast.Constant) and isinstance(value.value, str):
                    literals.add(value.value)
                elif (isinstance(value, ast.JoinedStr) and len(value.values) == 2
                      and isinstance(value.values[0], ast.Constant)
                      and isinstance(value.values[1], ast.FormattedValue)):
                    prefixes.add(str(value.values[0].value))
                elif isinstance(value, ast.Name) and value.id == "action":
                    continue  # a writer passing its caller's action on
                else:
                    problems.append(f"{where}: write the audit action as a literal or f\"prefix.{{code}}\"")
    return literals, prefixes, problems


def test_every_audit_action_in_the_code_has_labels() -> None:
    literals, prefixes, problems = _actions_in_source()
    assert not problems, problems
    assert len(literals) >= 15, f"the scan found too few audit writes: {sorted(literals)}"
    assert "case.transition." in prefixes
    unlabelled = sorted(a for a in literals if not _labelled(a))
    assert not unlabelled, f"audit actions without a Chinese and English label: {unlabelled}"
    for prefix in prefixes:
        assert prefix in FAMILIES, f"formatted audit action {prefix}… has no vocabulary family"
        missing = [c for c in FAMILIES[prefix].codes if not _labelled(prefix + c)]
        assert not missing, f"{prefix}: no label for {missing}"


def _realistic_flow(store: StationStore, demo_case: Case, tmp_path: Path) -> None:
    """What a station does in a working week: demo cases, evidence, rules, documents, 送达."""
    from gridapp.demo import DEMO_MARKER_KEY, seed_demo
    from gridapp.models import Meta

    with store.session() as s:  # this test station may take demo cases
        s.add(Meta(key=DEMO_MARKER_KEY, value=store.station(s).id))

    seed_demo(store, 25)
    files = [PHOTOS / n for n in ("jpg_gps_DSCN0010.jpg", "jpg_orientation_landscape_6.jpg",
                                  "jpg_orientation_portrait_6.jpg")]
    import_files(store, demo_case.number, files, actor=LEAD_BADGE, caption="占道设摊现场", reason="已核实，属本案证据")
    with store.session() as s:
        evidence_service.edit_caption(store, s, f"{demo_case.number}#1", "占道设摊全景", LEAD_BADGE)
        evidence_service.withdraw(store, s, f"{demo_case.number}#3", "重复拍摄", LEAD_BADGE)
    export_case(store, demo_case.number, tmp_path / "export", actor=LEAD_BADGE)
    with store.session() as s:
        case = service.find_case(s, demo_case.id)
        service.transition(store, s, case, "verified", LEAD_BADGE)
        service.edit_case(store, s, case, {"facts": case.facts + "当事人经劝说后仍未收摊。"},
                          LEAD_BADGE)
        raw = {"facts": {"harm": "slight", "corrected": False}, "case": {"proposed_fine": 300}}
        evaluate_case(store, s, case, build_case_input(s, case, raw), LEAD_BADGE)
    with store.session() as s:
        issue_document(store, s, demo_case.number, "case_source_register", [], LEAD_BADGE)
        notice = issue_document(store, s, demo_case.number, "rectification_notice",
                                ["deadline=2026-12-01"], LEAD_BADGE)
    with store.session() as s:
        serve_document(store, s, notice.number, ServiceInput(method="direct"), LEAD_BADGE)
    with store.session() as s:
        void_document(store, s, notice.number, "改正期限写错", LEAD_BADGE)
    with store.session() as s:
        station = s.scalars(select(Station)).one()
        third = add_officer(store, s, station, "王五", "31010009", actor=LEAD_BADGE)
        case = service.find_case(s, demo_case.id)
        service.assign_officer(store, s, case, third, LEAD_BADGE)
        nameless = service.create_case(store, s, {**DEMO_CASE_INPUT, "party": None}, OFFICER_BADGE)
        service.link_party(store, s, nameless, parse_party(DEMO_CASE_INPUT["party"]), OFFICER_BADGE)
        service.transition(store, s, nameless, "dismissed", LEAD_BADGE)


def test_every_action_a_working_station_writes_is_labelled_and_the_case_file_shows_words(
    store: StationStore, demo_case: Case, tmp_path: Path, run_cli  # type: ignore[no-untyped-def]
) -> None:
    _realistic_flow(store, demo_case, tmp_path)
    with store.read() as s:
        written = set(s.scalars(select(AuditEvent.action).distinct()))
        officers = s.scalar(select(Officer.id).where(Officer.badge_no == "31010009"))
    assert officers is not None
    assert len(written) >= 18, sorted(written)  # the flow really exercised the station
    unlabelled = sorted(a for a in written if not _labelled(a))
    assert not unlabelled, f"actions in the audit chain without labels: {unlabelled}"

    out = tmp_path / "casefile.pdf"
    res = run_cli("casefile", demo_case.number, "--out", out, "--data-dir", store.data_dir)
    assert res.code == 0, res.err
    text = _pdftotext(out)
    flat = re.sub(r"\s+", "", text)
    assert "执法全过程记录摘要" in flat
    for label in ("登记案件", "导入证据", "撤回证据", "法律规则评估", "签发文书", "作废文书", "送达文书"):
        assert label in flat, label
    assert not RAW_ACTION.findall(text), RAW_ACTION.findall(text)
    assert not RAW_ACTION.findall(flat), RAW_ACTION.findall(flat)


def _pdftotext(path: Path) -> str:
    import subprocess

    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


@pytest.mark.parametrize(
    ("vocabulary", "codes"),
    [
        (CASE_STATUS, tuple(TRANSITIONS)),
        (STAGE, STAGES),
        (CASE_SOURCE, CASE_SOURCES),
        (DISPOSITION, DISPOSITIONS),
        (PARTY_KIND, PARTY_KINDS),
        (EVIDENCE_KIND, EVIDENCE_KINDS),
        (APPROVAL_STEP, APPROVAL_STEPS),
        (APPROVAL_STATUS, APPROVAL_STATUSES),
        (FOLLOW_UP_KIND, FOLLOW_UP_KINDS),
        (FINDING, FINDINGS),
        (SATISFACTION, SATISFACTION_CODES),
    ],
    ids=lambda v: v.name if isinstance(v, Vocabulary) else "",
)
def test_each_vocabulary_covers_exactly_the_codes_the_schema_allows(
    vocabulary: Vocabulary, codes: tuple[str, ...]
) -> None:
    assert set(vocabulary.codes) == set(codes)
    for term in vocabulary:
        assert term.zh.strip() and term.en.strip(), term


def test_document_kinds_are_the_templates_by_their_titles() -> None:
    templates = all_templates()
    assert set(DOCUMENT_KIND.codes) == set(templates)
    for tid, template in templates.items():
        assert DOCUMENT_KIND.zh(tid) == template.title, tid


def test_every_syncable_table_has_an_entity_label() -> None:
    tables = {m.class_.__tablename__ for m in Base.registry.mappers
              if issubclass(m.class_, SyncMixin)}
    assert tables, "no syncable tables found"
    assert tables <= set(ENTITY.codes), sorted(tables - set(ENTITY.codes))


def test_an_unknown_code_is_shown_as_it_is_never_a_crash() -> None:
    assert CASE_STATUS.zh("from_a_newer_station") == "from_a_newer_station"
    assert STAGE.zh(None) == ""
    with pytest.raises(ValueError, match="duplicate"):
        Vocabulary("x", [CASE_STATUS.term("closed"), CASE_STATUS.term("closed")])


def test_cli_desktop_and_documents_use_the_same_words(store: StationStore, demo_case: Case,
                                                      run_cli) -> None:  # type: ignore[no-untyped-def]
    from gridapp.documents.context import build_context

    shown = run_cli("case", "show", demo_case.number, "--data-dir", store.data_dir)
    assert shown.code == 0, shown.err
    assert f"状态：{CASE_STATUS.zh('discovered')}（{STAGE.zh('yellow')}）" in shown.out
    with store.read() as s:
        ctx = build_context(s, store.pack, s.get(Case, demo_case.id))  # type: ignore[arg-type]
    assert ctx["party.kind_label"] == PARTY_KIND.zh("person") == "公民"
    assert ctx["case.source_label"] == CASE_SOURCE.zh("patrol")
    audit = run_cli("audit", "show", demo_case.number, "--data-dir", store.data_dir)
    assert audit.code == 0, audit.err
    assert AUDIT_ACTION.zh("case.create") in audit.out and not RAW_ACTION.findall(audit.out)
