"""The 案卷 built in a child process for the desktop: the same file as the in-process build,
progress reported line by line, a stop ends the child, a failure is a clear error."""

from __future__ import annotations

from pathlib import Path

import pytest

from gridapp.errors import GridappError, NotFoundError
from gridapp.models import Case, Document
from gridapp.store import StationStore
from gridapp.workbench.casefiles import build_case_file, build_case_file_apart, save_case_files
from tests.documents.conftest import issue


class Stop(Exception):
    pass


def test_the_child_builds_the_same_case_file_and_reports_progress(
    store: StationStore, photo_case: Case
) -> None:
    steps: list[tuple[int, int]] = []
    apart = build_case_file_apart(store, photo_case.id, lambda d, t: steps.append((d, t)))
    here = build_case_file(store, photo_case.id)
    assert (apart.pages, apart.documents, apart.photos) == (here.pages, here.documents,
                                                             here.photos)
    assert apart.photos == 3 and apart.pdf.startswith(b"%PDF")
    assert len(steps) >= 3 and steps[-1][0] == steps[-1][1], "progress runs to the end"
    assert [d for d, _ in steps] == sorted(d for d, _ in steps)


def test_a_stop_ends_the_child_and_leaves_no_file(
    store: StationStore, photo_case: Case, tmp_path: Path
) -> None:
    def stop(_d: int, _t: int) -> None:
        raise Stop

    out = tmp_path / "out"
    with pytest.raises(Stop):
        save_case_files(store, [photo_case.id], out, stop)
    assert not out.exists() or list(out.iterdir()) == []


def test_an_unknown_case_and_a_broken_station_are_clear_errors(
    store: StationStore, photo_case: Case, tmp_path: Path
) -> None:
    with pytest.raises(NotFoundError):
        build_case_file_apart(store, "no-such-case")
    issued = issue(store, photo_case, "site_inspection_record")
    with store.read() as s:
        template_sha = s.get(Document, issued.id).template_sha256  # type: ignore[union-attr]
    for sha in (issued.pdf_sha256, template_sha):  # the issued PDF and its template are gone
        (store.blobs_dir / sha[:2] / sha[2:]).unlink()
    with pytest.raises(GridappError, match=r"生成案卷.*缺失"):
        build_case_file_apart(store, photo_case.id)
