"""记录缴纳 in the case's 审批与跟踪 tab: what the fine decision asks and what is paid, the
payment dialog with each refusal beside its field (nothing written), and the tab after the
fine is paid in full."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from gridapp.models import Case, Execution
from gridapp.store import StationStore
from tests.conftest import LEAD_BADGE
from tests.documents import conftest as documents
from tests.documents.conftest import days_ago, issue, serve
from ui.case_view.follow import ApprovalsTab
from ui.context import ActingOfficer, AppContext
from ui.leads import dialogs
from ui.tasks import TaskRunner

# The documents' station with a photo case and its evaluation (fixtures, as there).
store, demo_case, photo_case = documents.store, documents.demo_case, documents.photo_case
photo_case_template = documents.photo_case_template


@pytest.fixture
def lead_ctx(store: StationStore) -> Iterator[AppContext]:
    with store.read() as s:
        lead = store.officer_by_badge(s, LEAD_BADGE)
        acting = ActingOfficer(lead.id, lead.name, lead.badge_no)
    tasks = TaskRunner()
    yield AppContext(store, tasks, acting)
    tasks.shutdown()


def _payments(store: StationStore) -> int:
    with store.read() as s:
        return int(s.scalar(select(func.count()).select_from(Execution)) or 0)


def test_the_officer_records_the_payment_and_bad_input_is_shown_beside_the_field(
        qtbot: QtBot, lead_ctx: AppContext, photo_case: Case) -> None:
    ctx, st = lead_ctx, lead_ctx.store
    notice = issue(st, photo_case, "advance_notice", issue_date=date.fromisoformat(days_ago(20)))
    serve(st, notice.number, served_on=days_ago(20))
    decision = issue(st, photo_case, "penalty_decision")
    serve(st, decision.number)
    tab = ApprovalsTab(ctx)
    qtbot.addWidget(tab)
    tab.show()
    tab.show_case(photo_case.id)
    qtbot.waitUntil(lambda: tab.work is not None and not ctx.tasks.busy)
    assert f"{decision.number}决定的罚款300元尚未缴纳" in tab.execution.text()
    assert tab.pay_button.isEnabled()
    tab.pay()
    dialog = tab.dialog
    assert isinstance(dialog, dialogs.PaymentDialog) and dialog.day.text() == days_ago(0)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    dialog.receipt.setText("缴款书No.20261128001")
    for field, widget, bad, needle in (
            ("amount", dialog.amount, "0", "金额须大于零"),
            ("amount", dialog.amount, "300.123", "精确到分"),
            ("date", dialog.day, days_ago(-1), "晚于今天")):
        dialog.amount.setText("300")
        dialog.day.setText(days_ago(0))
        widget.setText(bad)
        ok.click()
        qtbot.waitUntil(lambda f=field: not dialog.errors[f].isHidden() and not ctx.tasks.busy)
        assert needle in dialog.errors[field].text()
        assert dialog.isVisible() and _payments(st) == 0
    dialog.amount.setText("300")
    dialog.day.setText(days_ago(0))
    dialog.way.setCurrentIndex(dialog.way.findData("electronic"))
    ok.click()
    qtbot.waitUntil(lambda: not dialog.isVisible() and not ctx.tasks.busy)
    assert _payments(st) == 1
    qtbot.waitUntil(lambda: "已全额缴纳" in tab.execution.text() and not ctx.tasks.busy)
    assert "电子支付系统缴纳300元" in tab.execution.text()
    assert not tab.pay_button.isEnabled()
