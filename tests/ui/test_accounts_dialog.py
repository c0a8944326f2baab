"""Accounts from the desktop: a lead adds, edits, retires and resets; an officer is refused
with the core's own words and nothing changes; the idle-lock time refuses bad input; an
officer changes their own password."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from gridapp.accounts import signin as core_signin
from gridapp.demo import DEMO_BADGE
from gridapp.store import StationStore
from gridapp.workbench.accounts import accounts, authenticate, lock_minutes
from ui.accounts import AccountsDialog, ChangePasswordDialog
from ui.context import ActingOfficer, AppContext
from ui.tasks import TaskRunner

PASSWORD = "巡查-2026-南京东路"


def context_as(store: StationStore, badge: str) -> AppContext:
    with store.read() as s:
        o = store.officer_by_badge(s, badge)
        officer = ActingOfficer(o.id, o.name, o.badge_no, o.role)
    return AppContext(store, TaskRunner(), officer)


@pytest.fixture
def lead_ctx(demo_store: StationStore) -> Iterator[AppContext]:
    ctx = context_as(demo_store, DEMO_BADGE)
    yield ctx
    ctx.tasks.shutdown()


@pytest.fixture
def officer_ctx(demo_store: StationStore) -> Iterator[AppContext]:
    ctx = context_as(demo_store, "31010002")
    yield ctx
    ctx.tasks.shutdown()


def opened(qtbot: QtBot, ctx: AppContext) -> AccountsDialog:
    dialog = AccountsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.table.rowCount() > 0 and not ctx.tasks.busy, timeout=10_000)
    return dialog


def settle(qtbot: QtBot, dialog: AccountsDialog) -> None:
    qtbot.waitUntil(lambda: not dialog.ctx.tasks.busy, timeout=10_000)


def test_an_officer_is_refused_with_the_cores_message_and_nothing_changes(
    qtbot: QtBot, officer_ctx: AppContext
) -> None:
    dialog = opened(qtbot, officer_ctx)
    before = accounts(officer_ctx.store)
    dialog.add_officer("赵六", "31010009", "officer")
    settle(qtbot, dialog)
    assert dialog.message.text() == "李明（执法队员）无权添加、修改、停用执法人员：只有管理员、中队长可以"
    dialog.reset_password(DEMO_BADGE)
    settle(qtbot, dialog)
    assert "无权重置他人密码" in dialog.message.text()
    dialog.set_lock_minutes("30")
    settle(qtbot, dialog)
    assert "无权" in dialog.message.text()
    assert accounts(officer_ctx.store) == before and lock_minutes(officer_ctx.store) == 5


def test_a_lead_adds_an_officer_with_a_temporary_password_edits_and_retires_them(
    qtbot: QtBot, lead_ctx: AppContext
) -> None:
    dialog = opened(qtbot, lead_ctx)
    store = lead_ctx.store
    dialog.add_officer("赵六", "31010009", "officer")
    settle(qtbot, dialog)
    temporary = dialog.last_temporary
    assert temporary in dialog.message.text() and "只显示这一次" in dialog.message.text()
    qtbot.waitUntil(lambda: any(r.badge == "31010009" for r in dialog.rows))
    row = next(r for r in accounts(store) if r.badge == "31010009")
    assert (row.name, row.role, row.active, row.has_password) == ("赵六", "officer", True, True)
    assert authenticate(store, "31010009", temporary).needs == "temporary"

    dialog.edit_officer("31010009", "赵六一", "officer")
    settle(qtbot, dialog)
    assert next(r for r in accounts(store) if r.badge == "31010009").name == "赵六一"
    dialog.retire_officer("31010009")
    settle(qtbot, dialog)
    assert not next(r for r in accounts(store) if r.badge == "31010009").active
    qtbot.waitUntil(lambda: any(r.badge == "31010009" and not r.active for r in dialog.rows))
    row_index = next(i for i, r in enumerate(dialog.rows) if r.badge == "31010009")
    assert dialog.table.item(row_index, 3).text() == "已停用"


def test_the_idle_lock_time_refuses_bad_input_and_is_audited(
    qtbot: QtBot, lead_ctx: AppContext
) -> None:
    applied: list[int] = []
    dialog = AccountsDialog(lead_ctx, on_lock_minutes=applied.append)
    qtbot.addWidget(dialog)
    dialog.show()
    settle(qtbot, dialog)
    assert dialog.lock_minutes.text() == "5"
    for bad in ("0", "121", "abc", "-3", "５", "2.5"):
        dialog.set_lock_minutes(bad)
        settle(qtbot, dialog)
        assert "空闲锁定时间须" in dialog.message.text(), bad
    assert lock_minutes(lead_ctx.store) == 5 and applied == []
    dialog.lock_minutes.setText("12")
    qtbot.mouseClick(dialog.lock_save, Qt.MouseButton.LeftButton)
    settle(qtbot, dialog)
    assert lock_minutes(lead_ctx.store) == 12 and applied == [12]
    from sqlalchemy import select

    from gridapp.models import AuditEvent

    with lead_ctx.store.read() as s:
        event = s.scalars(select(AuditEvent).where(
            AuditEvent.action == "station.lock_minutes")).one()
        assert event.actor == DEMO_BADGE and '"12"' in event.after_json


def test_an_officer_changes_their_own_password(qtbot: QtBot, officer_ctx: AppContext) -> None:
    store = officer_ctx.store
    with store.session() as s:
        core_signin.set_password(store, s, store.officer_by_badge(s, "31010002"), PASSWORD,
                                 actor=DEMO_BADGE)
    dialog = ChangePasswordDialog(officer_ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.form.old.setText("not-it")
    dialog.form.new.setText("新的密码-2026")
    dialog.form.confirm.setText("新的密码-2026")
    qtbot.keyClick(dialog.form.confirm, Qt.Key.Key_Return)
    qtbot.waitUntil(dialog.ok.isEnabled, timeout=10_000)
    assert "执法证号或密码不正确" in dialog.message.text() and dialog.isVisible()
    dialog.form.old.setText(PASSWORD)
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    assert authenticate(store, "31010002", "新的密码-2026").needs == ""
