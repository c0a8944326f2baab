"""UI fixtures: a small demo station seeded once per session and copied for each test."""

from __future__ import annotations

import gc
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from gridapp.demo import seed_demo
from gridapp.store import StationStore, confirm_move, open_store
from gridapp.workbench.status import officer_choices
from tests.conftest import fresh_database
from ui import errors, signin
from ui.context import ActingOfficer, AppContext, SignedIn, StoreOpening
from ui.tasks import GuiThreadCollector, TaskRunner

DEMO_CASES = 40


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory, schema_template: Path) -> Path:
    """A data directory holding the demo station with ``DEMO_CASES`` cases (do not modify)."""
    path = tmp_path_factory.mktemp("demo-template")
    fresh_database(schema_template, path)
    store = open_store(path)
    try:
        seed_demo(store, DEMO_CASES)
    finally:
        store.close()
    return path


@pytest.fixture
def demo_store(demo_template: Path, tmp_path: Path) -> Iterator[StationStore]:
    """A private copy of the demo station, opened."""
    data_dir = tmp_path / "station"
    shutil.copytree(demo_template, data_dir)
    store = open_store(data_dir)
    confirm_move(store)  # the copy is this test's only station: it keeps the template's identity
    yield store
    store.close()


@pytest.fixture
def shown_errors(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Error messages the UI would have shown in a message box, as (title, text)."""
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(errors, "presenter", lambda _parent, title, text: shown.append((title, text)))
    return shown



@pytest.fixture(autouse=True)
def _garbage_collected_on_the_gui_thread(qapp: object) -> Iterator[None]:
    """As in the desktop (the launcher installs it): the cyclic collector runs on the GUI
    thread only, never from a worker that happens to cross a threshold; what a test leaves is
    collected here, after its widgets were closed, on this thread."""
    GuiThreadCollector.install()
    yield
    gc.collect()
    GuiThreadCollector.uninstall()


@pytest.fixture(autouse=True)
def _first_officer_signs_in(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, ...]]:
    """Start-ups in tests sign in the first active officer instead of waiting at the dialog
    (the dialog itself is tested directly, in test_signin); records the names there were."""
    offered: list[tuple[str, ...]] = []

    def first(_station: str, store: StationStore, _tasks: TaskRunner, *, badge: str,
              demo: bool) -> SignedIn:
        if isinstance(store, StoreOpening):  # sign-in before the store opened
            store = store.wait(60)
        choices = [c for c in officer_choices(store) if c.active]
        offered.append(tuple(c.name for c in choices))
        return SignedIn(signin.acting(choices[0]))

    monkeypatch.setattr(signin, "ask_sign_in", first)
    return offered


def lead_of(store: StationStore) -> ActingOfficer:
    """The demo station's first active officer, as the signed-in officer."""
    return signin.acting(next(c for c in officer_choices(store) if c.active))


@pytest.fixture
def ctx(demo_store: StationStore) -> Iterator[AppContext]:
    """A running desktop's shared context on a private demo station."""
    tasks = TaskRunner()
    yield AppContext(demo_store, tasks, lead_of(demo_store))
    tasks.shutdown()
