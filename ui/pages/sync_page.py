"""同步: where this station stands with HQ — what waits to go, the last success, the last
failure, enrolment, 立即同步, and the conflicts HQ recorded, settled here by a lead."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gridapp.timeutil import station_time
from sync.errors import SyncError
from ui.context import AppContext
from ui.language import tr as _tr
from ui.rows_model import Column, RowsModel
from ui.sync_runner import BackgroundSync
from ui.table import RowsTable
from ui.tasks import Changes, Lane

ENTITY_ZH = {"case": "案件", "party": "当事人", "officer": "执法人员", "grid": "网格",
             "station": "站点", "case_officer": "办案人员", "deadline": "期限",
             "follow_up": "跟进", "number_pool": "编号池"}
FIELD_ZH = {"facts": "违法事实", "address": "地点", "phone": "电话", "name": "名称",
            "status": "状态", "grid_code": "网格", "violation_code": "违法行为",
            "party_id": "当事人", "act_date": "违法日期", "stage": "阶段",
            "disposition": "处理方式", "outcome": "处理结果", "due_at": "期限",
            "id_number": "证件号码"}
RULE_ZH = {"owner": "案件承办设备优先", "hq_state": "指挥中心决定", "open": "待中队长处理"}


@dataclass(frozen=True)
class ConflictRow:
    id: int
    record: str
    field: str
    hq_value: str
    incoming_value: str
    kept: str
    rule: str
    state: str
    open: bool


def _when(iso_text: str) -> str:
    """An ISO instant from sync status, in station time."""
    try:
        return station_time(datetime.fromisoformat(iso_text)).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return iso_text


def _value(raw: Any) -> str:
    if raw is None or raw == "":
        return _tr("（空）")
    return raw if isinstance(raw, str) else json.dumps(raw, ensure_ascii=False)


def conflict_rows(store: Any) -> list[ConflictRow]:
    from sync import station as sync_station

    rows = []
    for c in sync_station.conflict_rows(store):
        open_ = c["resolved_at"] is None
        kept = c["resolution"] or c["kept"]
        rows.append(ConflictRow(
            id=c["id"], record=f"{ENTITY_ZH.get(c['entity'], c['entity'])} "
                               f"{c['label'] or c['entity_id'][:8]}",
            field=FIELD_ZH.get(c["field"], c["field"]), hq_value=_value(c["hq_value"]),
            incoming_value=_value(c["incoming_value"]),
            kept=_tr("指挥中心现值") if kept == "hq" else _tr("后到的修改"),
            rule=RULE_ZH.get(c["rule"], c["rule"]),
            state=_tr("待处理") if open_ else _tr("已处理"), open=open_))
    return rows


def columns() -> list[Column[ConflictRow]]:
    return [
        Column(lambda: _tr("编号"), lambda r: str(r.id), width=50),
        Column(lambda: _tr("记录"), lambda r: r.record, width=200),
        Column(lambda: _tr("字段"), lambda r: r.field, width=80),
        Column(lambda: _tr("指挥中心的值"), lambda r: r.hq_value, width=200),
        Column(lambda: _tr("后到的修改"), lambda r: r.incoming_value, width=200),
        Column(lambda: _tr("现行"), lambda r: r.kept, width=100),
        Column(lambda: _tr("规则"), lambda r: r.rule, width=130),
        Column(lambda: _tr("状态"), lambda r: r.state, width=60),
    ]


def ask_resolve(parent: QWidget, row: ConflictRow, keep: str) -> bool:
    """Confirm a resolution (patched in tests)."""
    chosen = row.hq_value if keep == "hq" else row.incoming_value
    answer = QMessageBox.question(
        parent, _tr("处理同步冲突"),
        _tr("将 {record} 的“{field}”定为：\n{value}\n\n各站点下次同步时都会采用这个值。确定吗？").format(
            record=row.record, field=row.field, value=chosen))
    return answer == QMessageBox.StandardButton.Yes


class EnrolDialog(QDialog):
    """注册到指挥中心: address, one-time code, optional intranet CA certificate."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(_tr("注册到指挥中心"))
        self.url = QLineEdit()
        self.url.setObjectName("enrolUrl")
        self.url.setPlaceholderText("https://hq.example.gov.cn")
        self.code = QLineEdit()
        self.code.setObjectName("enrolCode")
        self.code.setPlaceholderText(_tr("指挥中心发放的一次性注册码，如 ABCD-EFGH-JKLM"))
        self.ca = QLineEdit()
        self.ca.setObjectName("enrolCa")
        self.ca.setPlaceholderText(_tr("（可选）政务内网 CA 证书文件"))
        browse = QPushButton(_tr("选择…"))
        browse.clicked.connect(self._browse)
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca, 1)
        ca_row.addWidget(browse)
        self.error = QLabel()
        self.error.setObjectName("enrolError")
        self.error.setStyleSheet("color: #b00020")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_tr("指挥中心地址"), self.url)
        form.addRow(_tr("注册码"), self.code)
        form.addRow(_tr("CA 证书"), ca_row)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_tr("注册"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.station_name = ""

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, _tr("选择 CA 证书"), "",
                                              _tr("证书 (*.pem *.crt *.cer);;所有文件 (*)"))
        if path:
            self.ca.setText(path)

    def submit(self) -> None:
        url, code, ca = self.url.text().strip(), self.code.text().strip(), self.ca.text().strip()
        if not url or not code:
            self.error.setText(_tr("请填写指挥中心地址和注册码。"))
            return
        self.error.setText(_tr("正在注册…"))
        self.buttons.setEnabled(False)
        store = self.ctx.store

        def enrol(_p: object) -> str:
            from sync import station as sync_station

            return sync_station.enrol(store, url, code, ca_bundle=ca or None)

        self.ctx.tasks.run(enrol,
                           lane=Lane.FILES, on_done=self._enrolled, on_error=self._failed,
                           owner=self, changes=Changes.of("sync"))

    def _enrolled(self, station: str) -> None:
        self.station_name = station
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.error.setText(exc.message_zh if isinstance(exc, SyncError) or hasattr(
            exc, "message_zh") else str(exc))


class SyncPage(QWidget):
    def __init__(self, ctx: AppContext, runner: BackgroundSync,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self.setObjectName("syncPage")
        self.hq_label = QLabel()
        self.hq_label.setObjectName("syncHq")
        self.queue_label = QLabel()
        self.queue_label.setObjectName("syncQueue")
        self.last_label = QLabel()
        self.last_label.setObjectName("syncLast")
        self.error_label = QLabel()
        self.error_label.setObjectName("syncError")
        self.error_label.setStyleSheet("color: #b00020")
        self.error_label.setWordWrap(True)
        self.state_label = QLabel()
        self.state_label.setObjectName("syncState")
        form = QFormLayout()
        form.addRow(_tr("指挥中心"), self.hq_label)
        form.addRow(_tr("队列"), self.queue_label)
        form.addRow(_tr("最近一次成功同步"), self.last_label)
        form.addRow(_tr("状态"), self.state_label)
        self.sync_button = QPushButton(_tr("立即同步 (F9)"))
        self.sync_button.setObjectName("syncNow")
        self.sync_button.clicked.connect(self.sync_now)
        QShortcut(QKeySequence("F9"), self, self.sync_now,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.enrol_button = QPushButton(_tr("注册到指挥中心…"))
        self.enrol_button.setObjectName("syncEnrol")
        self.enrol_button.clicked.connect(self.enrol)
        buttons = QHBoxLayout()
        buttons.addWidget(self.sync_button)
        buttons.addWidget(self.enrol_button)
        buttons.addStretch(1)
        self.model: RowsModel[ConflictRow] = RowsModel(columns(), self)
        self.table = RowsTable(self.model)
        self.table.setObjectName("syncConflicts")
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._selection())
        self.keep_hq = QPushButton(_tr("保留指挥中心的值"))
        self.keep_hq.setObjectName("keepHq")
        self.keep_hq.clicked.connect(lambda: self.resolve("hq"))
        self.keep_incoming = QPushButton(_tr("采用后到的修改"))
        self.keep_incoming.setObjectName("keepIncoming")
        self.keep_incoming.clicked.connect(lambda: self.resolve("incoming"))
        resolve_row = QHBoxLayout()
        resolve_row.addWidget(QLabel(_tr("同步冲突（两台设备改了同一项，两个值都已保存）")), 1)
        resolve_row.addWidget(self.keep_hq)
        resolve_row.addWidget(self.keep_incoming)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)
        layout.addLayout(resolve_row)
        layout.addWidget(self.table, 1)
        self.status: dict[str, Any] = {}
        runner.started.connect(self._running)
        runner.finished.connect(lambda _r: self.reload())
        runner.failed.connect(lambda _t: self.reload())
        ctx.tasks.changed.connect(self._changed)
        self._selection()
        self.show_pending(None)

    # --- reading -------------------------------------------------------------------------

    def activate(self) -> None:
        self.reload()

    def _changed(self, changes: Changes) -> None:
        if self.isVisible():
            self.reload()

    def reload(self) -> None:
        store = self.ctx.store

        def read(_p: object) -> tuple[dict[str, Any], list[ConflictRow]]:
            from sync import station as sync_station

            return sync_station.status(store), conflict_rows(store)

        self.ctx.tasks.run(read,
                           key="sync-page", on_done=self._show, owner=self,
                           error_title=_tr("无法读取同步状态"))

    def show_pending(self, pending: int | None) -> None:
        """The status bar's count, shown until the page has read its own."""
        if not self.status:
            n = _tr("正在统计…") if pending is None else str(pending)
            self.queue_label.setText(_tr("待同步 {n} 项").format(n=n))

    def _show(self, result: tuple[dict[str, Any], list[ConflictRow]]) -> None:
        status, rows = result
        self.status = status
        if status["enrolled"]:
            self.hq_label.setText(_tr("{url}（站点“{station}”）").format(
                url=status["hq_url"], station=status["station"]))
            self.enrol_button.setText(_tr("重新注册…"))
        else:
            self.hq_label.setText(_tr("尚未注册。所有数据都保存在本机；注册后自动同步。"))
            self.enrol_button.setText(_tr("注册到指挥中心…"))
        self.queue_label.setText(_tr("待同步 {n} 项，{files} 个文件（照片等）").format(
            n=status["queue"], files=status["blobs_waiting"]))
        self.last_label.setText(_when(status["last_sync_at"]) if status["last_sync_at"]
                                else _tr("从未"))
        error = status["last_error"]
        self.error_label.setText(_tr("上次同步失败：{m}").format(m=error["message"])
                                 if error else "")
        self.error_label.setVisible(bool(error))
        self.sync_button.setEnabled(status["enrolled"] and not self.runner.running)
        if not self.runner.running:
            open_ = sum(r.open for r in rows)
            self.state_label.setText(_tr("有 {n} 条冲突待处理").format(n=open_) if open_
                                     else _tr("空闲"))
        self.model.set_rows(rows)
        self._selection()

    def _running(self) -> None:
        self.state_label.setText(_tr("正在同步…（不影响其他工作）"))
        self.sync_button.setEnabled(False)

    def _selection(self) -> None:
        row = self.table.current_row()
        can = row is not None and row.open and bool(self.status.get("enrolled"))
        self.keep_hq.setEnabled(can)
        self.keep_incoming.setEnabled(can)

    # --- actions -------------------------------------------------------------------------

    def sync_now(self) -> None:
        if not self.status.get("enrolled"):
            self.ctx.message(_tr("本站尚未注册到指挥中心，请先注册。"))
            return
        self.runner.run_now(asked=True)

    def enrol(self) -> None:
        dialog = EnrolDialog(self.ctx, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.ctx.message(_tr("已注册到指挥中心（站点“{s}”），开始同步。").format(
                s=dialog.station_name))
            self.runner.run_now(asked=True)
        self.reload()

    def resolve(self, keep: str) -> None:
        row = self.table.current_row()
        if row is None or not row.open or not ask_resolve(self, row, keep):
            return
        store, badge = self.ctx.store, self.ctx.officer.badge_no
        self.keep_hq.setEnabled(False)
        self.keep_incoming.setEnabled(False)

        def settle(_p: object) -> object:
            from sync import station as sync_station

            return sync_station.resolve(store, row.id, keep, badge)

        self.ctx.tasks.run(settle,
                           lane=Lane.FILES, owner=self, changes=Changes.of("sync"),
                           on_done=lambda _o: self.ctx.message(
                               _tr("冲突 #{id} 已处理；各站点下次同步时采用。").format(id=row.id)),
                           error_title=_tr("无法处理冲突"))
