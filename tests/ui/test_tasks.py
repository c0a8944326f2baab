"""The task lanes: results on the GUI thread, stale results dropped, cancel is not an error,
operations announce their changes, and the GUI keeps turning while the lanes work."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from gridapp.errors import ValidationError
from ui.tasks import Changes, Lane, Progress, TaskRunner


@pytest.fixture
def runner(qtbot: QtBot) -> TaskRunner:
    tasks = TaskRunner()
    yield tasks
    tasks.shutdown()


def test_results_arrive_on_the_gui_thread(qtbot: QtBot, runner: TaskRunner) -> None:
    seen: list[tuple[object, bool]] = []
    gui = QApplication.instance().thread()  # type: ignore[union-attr]
    for lane in Lane:
        runner.run(lambda _p: threading.current_thread().name, lane=lane,
                   on_done=lambda name: seen.append((name, QThread.currentThread() is gui)))
    qtbot.waitUntil(lambda: len(seen) == 2)
    names = sorted(str(name) for name, _ in seen)
    assert names[0].startswith("gridapp-db") and names[1].startswith("gridapp-files")
    assert all(on_gui for _, on_gui in seen)


def test_a_newer_query_supersedes_an_older_one(qtbot: QtBot, runner: TaskRunner) -> None:
    """The slow first search finishes last-but-one; only the newest result is applied."""
    shown: list[str] = []
    release = threading.Event()

    def slow(_p: Progress) -> str:
        release.wait(5)
        return "old"

    runner.run(slow, on_done=shown.append, key="search")
    runner.run(lambda _p: "new", on_done=shown.append, key="search")
    release.set()
    qtbot.waitUntil(lambda: not runner.busy)
    assert shown == ["new"]


def test_cancelling_is_not_an_error(qtbot: QtBot, runner: TaskRunner) -> None:
    outcome: list[str] = []
    failures: list[object] = []
    runner.failed.connect(lambda exc, _title: failures.append(exc))
    started = threading.Event()

    def work(p: Progress) -> int:
        started.set()
        for i in range(500):
            p.check()
            p.update(i, 500)
            time.sleep(0.01)
        return 500

    task = runner.run(work, lane=Lane.FILES, on_done=lambda _r: outcome.append("done"),
                      on_cancel=lambda: outcome.append("cancelled"))
    assert started.wait(5)
    task.cancel()
    qtbot.waitUntil(lambda: outcome != [])
    assert outcome == ["cancelled"]
    assert failures == []


def test_errors_without_a_handler_reach_the_window(qtbot: QtBot, runner: TaskRunner) -> None:
    failures: list[tuple[object, str]] = []
    runner.failed.connect(lambda exc, title: failures.append((exc, title)))

    def bad(_p: Progress) -> None:
        raise ValidationError("地址不能为空", "address is empty", field="address")

    runner.run(bad, error_title="无法保存")
    qtbot.waitUntil(lambda: failures != [])
    exc, title = failures[0]
    assert isinstance(exc, ValidationError) and title == "无法保存"


def test_an_operation_announces_its_changes_after_success_only(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    announced: list[Changes] = []
    runner.changed.connect(announced.append)

    def bad(_p: Progress) -> None:
        raise ValidationError("x", "x")

    runner.run(bad, changes=Changes.of("case"), on_error=lambda _e: None)
    runner.run(lambda _p: "c1", changes=lambda cid: Changes.of("evidence", case_id=cid))
    qtbot.waitUntil(lambda: not runner.busy)
    assert announced == [Changes.of("evidence", case_id="c1")]
    assert announced[0].touches("evidence", "case") and not announced[0].touches("party")


def test_database_work_runs_one_at_a_time_in_order(qtbot: QtBot, runner: TaskRunner) -> None:
    order: list[int] = []
    active = [0]
    overlap: list[bool] = []

    def step(i: int) -> None:
        active[0] += 1
        overlap.append(active[0] > 1)
        time.sleep(0.01)
        order.append(i)
        active[0] -= 1

    for i in range(10):
        runner.run(lambda _p, i=i: step(i))
    qtbot.waitUntil(lambda: len(order) == 10)
    assert order == list(range(10)) and not any(overlap)


def test_garbage_is_collected_on_the_gui_thread_only(qtbot: QtBot) -> None:
    """A cycle holding a widget becomes garbage while a worker allocates: it is freed by the
    GUI thread's timer, never by a collection a worker triggers (PySide crashes when a widget
    is freed from another thread)."""
    import gc
    import threading
    import weakref

    from PySide6.QtWidgets import QLabel

    from ui.tasks import GuiThreadCollector

    GuiThreadCollector.install()  # as the launcher does
    assert not gc.isenabled()
    freed_on: list[str] = []

    class Holder:
        def __init__(self) -> None:
            self.label = QLabel("x")
            self.me = self  # a cycle: only the collector frees it

        def __del__(self) -> None:
            freed_on.append(threading.current_thread().name)

    holder = Holder()
    ref = weakref.ref(holder)
    del holder
    stop = threading.Event()

    def allocate() -> None:  # what a worker does all day: it crosses every threshold
        while not stop.is_set():
            [[object()] for _ in range(10_000)]

    worker = threading.Thread(target=allocate, name="worker")
    worker.start()
    try:
        qtbot.waitUntil(lambda: ref() is None, timeout=10_000)
    finally:
        stop.set()
        worker.join()
        GuiThreadCollector.uninstall()
    assert freed_on == [threading.main_thread().name]


def test_long_work_shows_its_progress_and_the_dialog_goes_when_it_ends(
        qtbot: QtBot, runner: TaskRunner) -> None:
    """After the delay a progress dialog shows how far the work is; finishing while it is
    being updated (every 100 ms) leaves no dialog behind and no Qt warning (pytest-qt fails
    the test on one)."""
    from PySide6.QtWidgets import QProgressBar, QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    release = threading.Event()
    results: list[int] = []

    def work(p: Progress) -> int:
        p.update(3, 10)
        release.wait(10)
        for i in range(4, 11):  # the last steps race the dialog's refresh timer
            p.update(i, 10)
            time.sleep(0.02)
        return 10

    task = runner.run_with_progress(parent, "正在测试", work, lane=Lane.FILES,
                                    on_done=results.append)
    watcher = next(c for c in parent.children() if type(c).__name__ == "ProgressWatcher")
    qtbot.waitUntil(lambda: watcher.dialog is not None and watcher.dialog.isVisible(),
                    timeout=5_000)
    dialog = watcher.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: "3 / 10" in dialog.labelText(), timeout=5_000)
    bar = dialog.findChild(QProgressBar)
    assert bar is not None and (bar.value(), bar.maximum()) == (3, 10)
    release.set()
    qtbot.waitUntil(lambda: results == [10], timeout=5_000)
    assert watcher.dialog is None and task.future.done()
    qtbot.waitUntil(lambda: not any(isinstance(w, type(dialog)) and w.isVisible()
                                    for w in QApplication.topLevelWidgets()), timeout=5_000)
