"""Keep the garbage collector from freezing the window.

A full (generation 2) collection walks every live object; with the packs, templates, statutes
and the documents' font tables loaded that takes about 100 ms, and whichever thread triggers it
holds the interpreter meanwhile, so the window stops repainting. Once the long-lived data is
loaded, ``settle`` moves everything alive into the collector's permanent generation
(``gc.freeze``): later collections only walk what was made since.

Contract: ``settle(tasks)`` loads the long-lived data on the database lane (nothing visible
waits for it) and freezes the heap on the GUI thread when that is done; call it once the main
window is shown. ``settled`` tells tests and benchmarks it has happened.
"""

from __future__ import annotations

import gc
import logging

from ui.tasks import Progress, TaskRunner

log = logging.getLogger(__name__)
settled = False
SETTLE_DELAY_MS = 2000


def _warm(_p: Progress) -> None:
    from gridapp.documents.fonts import ensure_fonts
    from gridapp.documents.templates import all_templates

    ensure_fonts()
    all_templates()


def _freeze(_result: object = None) -> None:
    global settled  # noqa: PLW0603 — one heap per process
    gc.freeze()
    settled = True
    log.debug("heap settled: %d objects frozen", gc.get_freeze_count())


def _failed(exc: BaseException) -> None:
    log.warning("warming the document caches failed: %s", exc)
    _freeze()


def settle(tasks: TaskRunner) -> None:
    tasks.run(_warm, on_done=_freeze, on_error=_failed)
