"""审批 and 跟踪 in the desktop: the lead's approval queue (approve / return with a comment,
confirmation, keyboard), the lead's 中队督办, and the case view's 审批与跟踪 tab where the
officer submits, reads a returned comment and records follow-ups."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from gridapp import clock
from gridapp.approvals import service as approvals
from gridapp.caselog import service
from gridapp.models import Approval, Case, FollowUp, Officer
from gridapp.store import StationStore
from gridapp.workbench.today import todays_work
from ui.case_view.follow import ApprovalsTab
from ui.context import ActingOfficer, AppContext
from ui.leads import dialogs
from ui.leads.dialogs import WorkDialog
from ui.main_window import PAGE_APPROVALS, PAGE_LEAD, MainWindow
from ui.pages.approvals import ApprovalsPage
from ui.pages.lead_today import LeadTodayPage
from ui.tasks import TaskRunner

OFFICER = "31010002"  # 李明, an officer of the demo station
LEAD = "31010001"  # 张建国, its lead


@pytest.fixture(autouse=True)
def confirmations(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every confirmation is answered yes; the list holds the questions asked."""
    asked: list[str] = []

    def yes(_parent: object, title: str, text: str) -> bool:
        asked.append(f"{title}: {text}")
        return True

    monkeypatch.setattr(dialogs, "confirm", yes)
    return asked


def _case(store: StationStore, status: str) -> Case:
    with store.read() as s:
        case = s.scalars(select(Case).where(Case.status == status).order_by(Case.number)).first()
        assert case is not None
        return case


def _case_not_on(store: StationStore, badge: str) -> Case:
    """An open case the officer ``badge`` is not on (a 负责人 reviews only cases they did not
    investigate: 行政处罚法第五十七条第一款、第五十八条), filed ones first."""
    from gridapp.models import CaseOfficer

    with store.read() as s:
        on = select(CaseOfficer.case_id).join(Officer, Officer.id == CaseOfficer.officer_id).where(
            Officer.badge_no == badge, CaseOfficer.deleted.is_(False))
        found = list(s.scalars(select(Case).where(Case.id.not_in(on), Case.status.in_(
            ("filed", "investigated", "rectifying", "verified", "discovered")))
            .order_by(Case.number)))
        case = min(found, key=lambda c: c.status != "filed", default=None)
        assert case is not None
        return case


def _submit(store: StationStore, case: Case, step: str, **kw: object) -> str:
    with store.session() as s:
        return approvals.submit(store, s, case.id, step, OFFICER, **kw).id  # type: ignore[arg-type]


def _ok(dialog: WorkDialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def _status(store: StationStore, approval_id: str) -> tuple[str, str]:
    with store.read() as s:
        row = s.get(Approval, approval_id)
        assert row is not None
        return row.status, row.opinion


def _page(qtbot: QtBot, ctx: AppContext) -> ApprovalsPage:
    page = ApprovalsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    qtbot.waitExposed(page)
    page.activate()
    qtbot.waitUntil(lambda: "待审批" in page.heading.text() and not ctx.tasks.busy)
    return page


def test_the_lead_approves_from_the_queue_with_the_keyboard(
        qtbot: QtBot, ctx: AppContext, confirmations: list[str]) -> None:
    case = _case(ctx.store, "discovered")
    approval_id = _submit(ctx.store, case, "filing", note="建议立案")
    page = _page(qtbot, ctx)
    assert page.model.rowCount() == 1 and not page.approve_button.isHidden()
    assert "承办人意见：建议立案" in page.detail.text()
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: page.dialog is not None and page.dialog.isVisible())
    dialog = page.dialog
    assert isinstance(dialog, WorkDialog)
    dialog.text.setPlainText("同意立案调查。")  # type: ignore[attr-defined]
    _ok(dialog)
    qtbot.waitUntil(lambda: page.model.rowCount() == 0 and not ctx.tasks.busy)
    assert _status(ctx.store, approval_id) == ("approved", "同意立案调查。")
    assert confirmations and "确定批准" in confirmations[0] and case.number in confirmations[0]
    assert page.empty.isVisible()


def test_a_return_needs_a_comment_and_the_officer_sees_it(
        qtbot: QtBot, ctx: AppContext) -> None:
    case = _case(ctx.store, "discovered")
    approval_id = _submit(ctx.store, case, "filing", note="建议立案")
    page = _page(qtbot, ctx)
    page.return_button.click()
    dialog = page.dialog
    assert isinstance(dialog, WorkDialog) and dialog.isVisible()
    _ok(dialog)  # no comment
    qtbot.waitUntil(lambda: not dialog.errors["comment"].isHidden() and not ctx.tasks.busy)
    assert "退回意见不能为空" in dialog.errors["comment"].text()
    assert dialog.isVisible() and _status(ctx.store, approval_id) == ("pending", "")
    dialog.text.setPlainText("现场照片不清楚，请补拍后再报")  # type: ignore[attr-defined]
    _ok(dialog)
    qtbot.waitUntil(lambda: page.model.rowCount() == 0 and not ctx.tasks.busy)
    assert _status(ctx.store, approval_id) == ("returned", "现场照片不清楚，请补拍后再报")
    # The officer: the case's 审批与跟踪 tab says it, and so does their 今日待办.
    tab = ApprovalsTab(ctx)
    qtbot.addWidget(tab)
    tab.show_case(case.id)
    qtbot.waitUntil(lambda: tab.work is not None and not ctx.tasks.busy)
    assert not tab.returned.isHidden()
    assert "立案审批被退回（张建国" in tab.returned.text()
    assert "现场照片不清楚，请补拍后再报" in tab.returned.text()
    with ctx.store.read() as s:
        officer_id = s.scalars(select(Officer.id).where(Officer.badge_no == OFFICER)).one()
    mine = [w for w in todays_work(ctx.store, officer_id) if w.kind == "returned"]
    assert [w.title for w in mine] == ["立案审批被退回：现场照片不清楚，请补拍后再报"]
    assert mine[0].tab == "approvals"


def test_legal_review_and_discussion_come_before_a_major_approval(
        qtbot: QtBot, ctx: AppContext) -> None:
    case = _case_not_on(ctx.store, LEAD)
    approval_id = _submit(ctx.store, case, "penalty", proposed_fine=300, major_reason="案情复杂")
    page = _page(qtbot, ctx)
    assert "待法制审核" in page.model.data(page.model.index(0, 1))
    page.approve_button.click()
    dialog = page.dialog
    assert isinstance(dialog, WorkDialog)
    _ok(dialog)
    qtbot.waitUntil(lambda: not dialog.errors["legal_review"].isHidden() and not ctx.tasks.busy)
    assert "法制审核" in dialog.errors["legal_review"].text()
    dialog.reject()
    for act, words in (("legal_review", "事实清楚，程序合法"), ("collective", "三人讨论，同意")):
        getattr(page, {"legal_review": "review_button", "collective": "discuss_button"}[act]).click()
        dialog = page.dialog
        assert isinstance(dialog, WorkDialog)
        dialog.text.setPlainText(words)  # type: ignore[attr-defined]
        _ok(dialog)
        qtbot.waitUntil(lambda dialog=dialog: not dialog.isVisible() and not ctx.tasks.busy)
    qtbot.waitUntil(lambda: "待负责人审批" in page.model.data(page.model.index(0, 1)))
    page.approve_button.click()
    dialog = page.dialog
    assert isinstance(dialog, WorkDialog)
    _ok(dialog)
    qtbot.waitUntil(lambda: page.model.rowCount() == 0 and not ctx.tasks.busy)
    assert _status(ctx.store, approval_id) == ("approved", "同意。")


@pytest.fixture
def officer_ctx(demo_store: StationStore) -> Iterator[AppContext]:
    with demo_store.read() as s:
        li = s.scalars(select(Officer).where(Officer.badge_no == OFFICER)).one()
        acting = ActingOfficer(li.id, li.name, li.badge_no)
    tasks = TaskRunner()
    yield AppContext(demo_store, tasks, acting)
    tasks.shutdown()


def test_an_officer_sees_the_queue_without_the_leads_buttons(
        qtbot: QtBot, officer_ctx: AppContext) -> None:
    _submit(officer_ctx.store, _case(officer_ctx.store, "discovered"), "filing")
    page = _page(qtbot, officer_ctx)
    assert page.model.rowCount() == 1
    assert page.approve_button.isHidden() and page.return_button.isHidden()
    assert not page.officer_note.isHidden()
    lead = LeadTodayPage(officer_ctx)
    qtbot.addWidget(lead)
    lead.activate()
    qtbot.waitUntil(lambda: bool(lead.heading.text()) and not officer_ctx.tasks.busy)
    assert lead.heading.text() == "中队督办由中队长查看。" and lead.model.rowCount() == 0


def test_the_officer_submits_from_the_case_and_bad_input_is_shown_in_the_dialog(
        qtbot: QtBot, officer_ctx: AppContext) -> None:
    ctx = officer_ctx
    case = _case(ctx.store, "filed")
    tab = ApprovalsTab(ctx)
    qtbot.addWidget(tab)
    tab.show()
    tab.show_case(case.id)
    qtbot.waitUntil(lambda: tab.work is not None and not ctx.tasks.busy)
    assert tab.submit_button.isEnabled() and not tab.visit_button.isEnabled()
    tab.submit()
    dialog = tab.dialog
    assert isinstance(dialog, dialogs.SubmitDialog)
    dialog.step.setCurrentIndex(dialog.step.findData("penalty"))
    for bad, needle in (("三百", "不是整数元"), ("-1", "不是整数元"), ("999999999", "0 至")):
        dialog.fine.setText(bad)
        _ok(dialog)
        qtbot.waitUntil(lambda: not dialog.errors["fine"].isHidden() and not ctx.tasks.busy)
        assert needle in dialog.errors["fine"].text()
    dialog.fine.setText("300")
    dialog.note.setPlainText("同意\x1b[2J")
    _ok(dialog)
    qtbot.waitUntil(lambda: not dialog.errors["note"].isHidden() and not ctx.tasks.busy)
    assert "控制字符" in dialog.errors["note"].text()
    with ctx.store.read() as s:
        assert s.scalars(select(Approval)).first() is None, "nothing written"
    dialog.note.setPlainText("建议罚款300元")
    _ok(dialog)
    qtbot.waitUntil(lambda: tab.approvals.rowCount() == 1 and not ctx.tasks.busy)
    row = tab.approvals.rows[0]
    assert (row.step, row.status, row.proposed_fine, row.note) == (
        "penalty", "pending", 300, "建议罚款300元")


def test_the_officer_records_a_return_visit_on_a_closed_case(
        qtbot: QtBot, officer_ctx: AppContext) -> None:
    ctx = officer_ctx
    case = _case(ctx.store, "discovered")
    with ctx.store.session() as s:
        row = service.find_case(s, case.id)
        service.transition(ctx.store, s, row, "verified", LEAD)
        service.transition(ctx.store, s, row, "closed", LEAD, disposition="service")
    tab = ApprovalsTab(ctx)
    qtbot.addWidget(tab)
    tab.show()
    tab.show_case(case.id)
    qtbot.waitUntil(lambda: tab.work is not None and not ctx.tasks.busy)
    assert tab.visit_button.isEnabled() and not tab.recheck_button.isEnabled()
    tab.record("return_visit")
    dialog = tab.dialog
    assert isinstance(dialog, dialogs.FollowUpDialog)
    _ok(dialog)  # no satisfaction chosen
    qtbot.waitUntil(lambda: not dialog.errors["satisfaction"].isHidden() and not ctx.tasks.busy)
    assert "满意度不能为空" in dialog.errors["satisfaction"].text()
    dialog.satisfaction.setCurrentIndex(dialog.satisfaction.findData("basically_satisfied"))
    dialog.result_text.setPlainText("当事人已收摊，表示理解")
    _ok(dialog)
    qtbot.waitUntil(lambda: tab.follow.rowCount() == 1 and not ctx.tasks.busy)
    done = tab.follow.rows[0]
    assert (done.kind, done.satisfaction, done.done_by) == ("return_visit", "basically_satisfied",
                                                            "李明")
    with ctx.store.read() as s:
        assert s.scalars(select(FollowUp).where(FollowUp.case_id == case.id)).one().done_at


def test_the_leads_list_puts_waiting_approvals_and_late_follow_ups_in_order(
        qtbot: QtBot, ctx: AppContext) -> None:
    case = _case(ctx.store, "discovered")
    _submit(ctx.store, case, "filing")
    with ctx.store.session() as s:
        closed = s.scalars(select(FollowUp).where(FollowUp.done_at.is_(None))).all()
    assert closed, "the demo leaves some return visits to do"
    clock.start_at(datetime.fromisoformat("2027-01-20T09:00:00+08:00"))
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.nav.setCurrentRow(PAGE_LEAD)
    page = window.lead_today
    qtbot.waitUntil(lambda: page.model.rowCount() > 0 and not ctx.tasks.busy, timeout=10_000)
    kinds = [i.kind for i in page.model.rows]
    assert "approval" in kinds and "overdue_follow_up" in kinds
    order = {"overdue_case": 0, "approval": 1, "overdue_follow_up": 2, "conflict": 3}
    assert [order[k] for k in kinds] == sorted(order[k] for k in kinds)
    late = [i for i in page.model.rows if i.kind == "overdue_follow_up"]
    assert late == sorted(late, key=lambda i: -i.days)
    page.table.selectRow(kinds.index("approval"))
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.approvals)
    assert window.nav.currentRow() == PAGE_APPROVALS
