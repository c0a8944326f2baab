"""Roles are enforced by the core services: each refusal through the service API and the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

from gridapp import officers
from gridapp.caselog import service
from gridapp.documents.service import issue_document, void_document
from gridapp.errors import PermissionDenied
from gridapp.models import Case, Document, Officer
from gridapp.store import StationStore
from tests.conftest import DEMO_CASE_INPUT, LEAD_BADGE, OFFICER_BADGE

THIRD = "31010003"


@pytest.fixture
def lead_only_case(store: StationStore) -> Case:
    """A case only the lead is on, and a third officer at the station."""
    with store.session() as s:
        officers.add(store, s, name="王强", badge=THIRD, role="officer", actor=LEAD_BADGE)
        return service.create_case(store, s, dict(DEMO_CASE_INPUT, officers=[LEAD_BADGE]),
                                   LEAD_BADGE)


def _count(store: StationStore, model: type) -> int:
    with store.read() as s:
        return s.query(model).count()


def test_an_officer_cannot_reassign_someone_elses_case(store: StationStore,
                                                       lead_only_case: Case) -> None:
    with store.session() as s:
        third = store.officer_by_badge(s, THIRD)
        case = s.get(Case, lead_only_case.id)
        assert case is not None
        with pytest.raises(PermissionDenied, match="无权把案件指派给他人办理"):
            service.assign_officer(store, s, case, third, OFFICER_BADGE)
    with store.session() as s:  # the lead may; an officer on the case may add a partner
        third = store.officer_by_badge(s, THIRD)
        officer = store.officer_by_badge(s, OFFICER_BADGE)
        case = s.get(Case, lead_only_case.id)
        assert case is not None
        service.assign_officer(store, s, case, officer, LEAD_BADGE)
        service.assign_officer(store, s, case, third, OFFICER_BADGE)


def test_an_officer_cannot_approve(store: StationStore, demo_case: Case) -> None:
    before = _count(store, Document)
    with store.session() as s, pytest.raises(PermissionDenied, match="无权审批"):
        issue_document(store, s, demo_case.number, "filing_approval", [], OFFICER_BADGE)
    assert _count(store, Document) == before, "nothing issued, no number taken"


def test_an_officer_cannot_void_another_officers_document(store: StationStore,
                                                          demo_case: Case) -> None:
    with store.session() as s:
        issued = issue_document(store, s, demo_case.number, "case_source_register", [],
                                LEAD_BADGE)
    with store.session() as s, pytest.raises(PermissionDenied, match="作废其他执法人员签发的文书"):
        void_document(store, s, issued.number, "写错", OFFICER_BADGE)
    with store.session() as s:  # their own: allowed
        own = issue_document(store, s, demo_case.number, "case_source_register", [],
                             OFFICER_BADGE)
        void_document(store, s, own.number, "写错", OFFICER_BADGE)
        void_document(store, s, issued.number, "写错", LEAD_BADGE)


def test_an_officer_cannot_manage_accounts(store: StationStore) -> None:
    with store.session() as s, pytest.raises(PermissionDenied, match="无权添加、修改、停用"):
        officers.add(store, s, name="赵六", badge="31019999", role="lead", actor=OFFICER_BADGE)
    with store.session() as s, pytest.raises(PermissionDenied):
        officers.edit(store, s, OFFICER_BADGE, role="lead", actor=OFFICER_BADGE)
    with store.session() as s, pytest.raises(PermissionDenied):
        officers.retire(store, s, LEAD_BADGE, actor=OFFICER_BADGE)
    with store.read() as s:
        assert s.query(Officer).filter_by(badge_no="31019999").count() == 0
        assert store.officer_by_badge(s, OFFICER_BADGE).role == "officer"


def test_an_admin_manages_accounts_but_takes_no_legal_decision(store: StationStore,
                                                               demo_case: Case) -> None:
    with store.session() as s:
        officers.add(store, s, name="系统管理员", badge="A001", role="admin", actor=LEAD_BADGE)
    with store.session() as s:
        officers.edit(store, s, OFFICER_BADGE, name="李明明", actor="A001")
    with store.session() as s, pytest.raises(PermissionDenied, match="只有中队长可以"):
        issue_document(store, s, demo_case.number, "penalty_approval",
                       ["handler_opinion=同意"], "A001")


def test_nobody_changes_their_own_role_and_only_a_lead_grants_lead(store: StationStore,
                                                                    demo_case: Case) -> None:
    with store.session() as s, pytest.raises(PermissionDenied, match="不能更改自己的角色"):
        officers.edit(store, s, LEAD_BADGE, role="officer", actor=LEAD_BADGE)
    with store.session() as s:
        officers.add(store, s, name="系统管理员", badge="A001", role="admin", actor=LEAD_BADGE)
    with store.session() as s, pytest.raises(PermissionDenied, match="不能更改自己的角色"):
        officers.edit(store, s, "A001", role="lead", actor="A001")
    with store.session() as s, pytest.raises(PermissionDenied, match="授予或取消中队长角色"):
        officers.edit(store, s, OFFICER_BADGE, role="lead", actor="A001")
    with store.session() as s, pytest.raises(PermissionDenied, match="授予或取消中队长角色"):
        officers.add(store, s, name="赵六", badge="31019999", role="lead", actor="A001")
    with store.session() as s:
        assert store.officer_by_badge(s, "A001").role == "admin"


def test_an_officer_cannot_issue_the_closing_approval(store: StationStore,
                                                     demo_case: Case) -> None:
    with store.session() as s, pytest.raises(PermissionDenied, match="无权审批"):
        issue_document(store, s, demo_case.number, "closing_report",
                       ["execution=已执行完毕"], OFFICER_BADGE)


def test_the_default_actor_stays_the_first_officer_after_edits(store: StationStore) -> None:
    from gridapp.accounts.signin import reset_password
    from gridapp.caselog.service import default_actor

    reset_password(store, LEAD_BADGE, actor=LEAD_BADGE)
    with store.session() as s:
        officers.edit(store, s, OFFICER_BADGE, name="李明明", actor=LEAD_BADGE)
    with store.read() as s:
        assert default_actor(s).badge_no == LEAD_BADGE


@pytest.mark.parametrize("argv", [
    ["officer", "add", "--name", "赵六", "--badge", "31019999", "--role", "lead"],
    ["officer", "edit", LEAD_BADGE, "--role", "officer"],
    ["officer", "retire", LEAD_BADGE],
    ["officer", "reset", LEAD_BADGE],
    ["doc", "issue", "{case}", "filing_approval"],
])
def test_each_refusal_through_the_cli(run_cli, store: StationStore, demo_case: Case,
                                      argv: list[str]) -> None:  # type: ignore[no-untyped-def]
    data: Path = store.data_dir
    store.close()
    args = [a.replace("{case}", demo_case.number) for a in argv]
    r = run_cli("--data-dir", data, *args, "--as", OFFICER_BADGE)
    assert r.code == 2, (r.out, r.err)
    assert "无权" in r.err and "Traceback" not in r.err


@pytest.mark.parametrize("role", ["superuser", "", "LEAD", "lead\u202e"])
def test_an_unknown_role_is_refused_and_nothing_changes(store: StationStore, role: str) -> None:
    from gridapp.errors import ValidationError

    with store.session() as s, pytest.raises(ValidationError, match="未知角色"):
        officers.edit(store, s, OFFICER_BADGE, role=role, actor=LEAD_BADGE)
    with store.read() as s:
        assert store.officer_by_badge(s, OFFICER_BADGE).role == "officer"
