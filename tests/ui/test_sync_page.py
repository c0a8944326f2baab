"""The 同步 page against a real HQ process: enrol from the window, sync in the background
without blocking, a dispatched ticket in 今日待办, and a conflict settled by the lead."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from pytestqt.qtbot import QtBot

from gridapp.models import Party
from tests.sync.conftest import HQServer
from ui.context import AppContext
from ui.main_window import PAGE_SYNC, PAGE_TODAY, MainWindow
from ui.pages import sync_page
from ui.pages.sync_page import EnrolDialog


@pytest.fixture
def hq(tmp_path: Path) -> Iterator[HQServer]:
    server = HQServer(tmp_path / "hq", None)
    server.start()
    yield server
    server.stop()


def _window(qtbot: QtBot, ctx: AppContext) -> MainWindow:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.nav.setCurrentRow(PAGE_SYNC)
    qtbot.waitUntil(lambda: bool(window.sync.status), timeout=10_000)
    return window


def _enrol(qtbot: QtBot, window: MainWindow, url: str, code: str) -> EnrolDialog:
    dialog = EnrolDialog(window.ctx, window.sync)
    qtbot.addWidget(dialog)
    dialog.url.setText(url)
    dialog.code.setText(code)
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.buttons.isEnabled() or dialog.result() != 0, timeout=10_000)
    return dialog


def _synced(qtbot: QtBot, window: MainWindow) -> None:
    assert window.sync_runner.run_now(asked=True)
    qtbot.waitUntil(lambda: not window.sync_runner.running, timeout=30_000)
    qtbot.waitUntil(lambda: not window.ctx.tasks.busy, timeout=10_000)


def test_enrol_sync_and_receive_a_dispatch_from_the_window(
        qtbot: QtBot, ctx: AppContext, hq: HQServer, tmp_path: Path) -> None:
    window = _window(qtbot, ctx)
    assert "尚未注册" in window.sync.hq_label.text()
    assert not window.sync.sync_button.isEnabled()
    refused = _enrol(qtbot, window, hq.url, "AAAA-BBBB-CCCC")
    assert "注册码无效" in refused.error.text() and refused.result() == 0
    dialog = _enrol(qtbot, window, hq.url, hq.code("演示中队"))
    assert dialog.result() == 1 and dialog.station_name == "演示中队"
    window.sync.reload()
    qtbot.waitUntil(lambda: "演示中队" in window.sync.hq_label.text(), timeout=10_000)
    assert window.sync.queue_label.text().startswith("待同步 ")
    assert "个文件" in window.sync.queue_label.text()

    _synced(qtbot, window)
    qtbot.waitUntil(lambda: window.sync.queue_label.text() == "待同步 0 项，0 个文件（照片等）",
                    timeout=10_000)
    assert window.sync.last_label.text() != "从未"
    assert "同步完成" in window.message_bar.text

    grid = _grid(ctx)
    order = tmp_path / "order.json"
    order.write_text(json.dumps({
        "ticket": "SH-UI-0001", "violation": "street-vending", "address": "南京东路300号",
        "facts": "市民来电：门前占道经营。", "officer": ctx.officer.badge_no}, ensure_ascii=False),
        encoding="utf-8")
    rc, _, err = hq.cli("dispatch", "--grid", grid, "--json", str(order))
    assert rc == 0, err
    _synced(qtbot, window)
    window.nav.setCurrentRow(PAGE_TODAY)
    qtbot.waitUntil(lambda: any(w.case_number == "转办-SH-UI-0001"
                                for w in window.today.model.rows), timeout=10_000)


def _grid(ctx: AppContext) -> str:
    from gridapp.workbench.choices import grid_choices

    return grid_choices(ctx.store)[0].code


def test_a_lead_settles_a_conflict_on_the_sync_page(
        qtbot: QtBot, ctx: AppContext, hq: HQServer, monkeypatch: pytest.MonkeyPatch) -> None:
    window = _window(qtbot, ctx)
    assert _enrol(qtbot, window, hq.url, hq.code("演示中队")).result() == 1
    _synced(qtbot, window)
    store = ctx.store
    with store.session() as s:
        party = s.query(Party).first()
        assert party is not None
        party_id, revision = party.id, party.revision
        party.phone = "13911110000"
        store.record(s, party, op="update", actor=ctx.officer.badge_no, action="party.edit")
    _synced(qtbot, window)
    # another laptop of the station, offline since revision ``revision``, changed it too
    other = requests.post(f"{hq.url}/api/v1/enrol", timeout=10,
                          json={"code": hq.code("演示中队"), "device_id": "laptop-2"}).json()
    pushed = requests.post(f"{hq.url}/api/v1/push", timeout=10,
                           headers={"Authorization": f"Bearer {other['token']}"},
                           json={"changes": [{
                               "change_id": 1, "entity": "party", "entity_id": party_id,
                               "op": "update", "base_revision": revision,
                               "revision": revision + 1, "hlc": "", "fields": ["phone"],
                               "values": {"phone": "13922220000"}}]}).json()
    assert pushed["results"][0]["status"] == "conflict"
    _synced(qtbot, window)
    qtbot.waitUntil(lambda: window.sync.model.rowCount() == 1, timeout=10_000)
    row = window.sync.model.row_at(0)
    assert row is not None and row.open and row.hq_value == "13911110000"
    assert row.incoming_value == "13922220000" and "待中队长处理" in row.rule
    window.sync.table.selectRow(0)
    qtbot.waitUntil(window.sync.keep_incoming.isEnabled, timeout=5_000)
    asked: list[str] = []
    monkeypatch.setattr(sync_page, "ask_resolve",
                        lambda _p, r, keep: asked.append(keep) or True)
    window.sync.keep_incoming.click()
    qtbot.waitUntil(lambda: "已处理" in window.message_bar.text, timeout=10_000)
    assert asked == ["incoming"]
    _synced(qtbot, window)
    with store.read() as s:
        assert s.get(Party, party_id).phone == "13922220000"  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: window.sync.model.row_at(0) is not None
                    and not window.sync.model.row_at(0).open, timeout=10_000)  # type: ignore[union-attr]


def test_a_revoked_device_locks_the_window_and_its_keys_are_wiped(
        qtbot: QtBot, ctx: AppContext, hq: HQServer) -> None:
    from gridapp.keys import slots

    window = _window(qtbot, ctx)
    assert _enrol(qtbot, window, hq.url, hq.code("演示中队")).result() == 1
    _synced(qtbot, window)
    assert hq.cli("revoke", ctx.store.device_id)[0] == 0
    assert window.sync_runner.run_now(asked=True)
    qtbot.waitUntil(lambda: not window.sync_runner.running, timeout=30_000)
    qtbot.waitUntil(lambda: window.screen_lock is not None and window.screen_lock.locked,
                    timeout=10_000)
    assert "撤销" in window.message_bar.text
    keys = slots.load(ctx.store.data_dir)
    assert keys is not None and keys.wiped_at and keys.demo_slot() is None
    assert not window.sync_runner.timer.isActive()
