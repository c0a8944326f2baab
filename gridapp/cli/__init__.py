"""Command-line interface: ``gridapp``. Commands are listed in ``registry``; each area's
implementation (``*_cmd.py``) is imported only when one of its commands runs.

When this package is imported by the ``gridapp`` program itself (the console script or
``python -m gridapp``), Ctrl+C from here on ends the process with exit code 130 and one short
line, never a traceback: until a command starts working, nothing has been written, so the process
exits at once; ``main`` then lets the interrupt unwind the command (transactions roll back).
Imported as a library (tests, the desktop) it changes no signal handling.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import PurePath
from types import FrameType

INTERRUPTED_EXIT = 130
INTERRUPTED_TEXT = "已中断 / interrupted"


def exit_now(signum: int = 0, frame: FrameType | None = None) -> None:
    """SIGINT handler while nothing is being written: one line on stderr, exit 130."""
    try:
        sys.stderr.write(INTERRUPTED_TEXT + "\n")
        sys.stderr.flush()
    finally:
        os._exit(INTERRUPTED_EXIT)


class _Interrupt:
    requested = False


def interrupt_requested() -> bool:
    """True once Ctrl+C was pressed while a command was working (long loops poll this)."""
    return _Interrupt.requested


def raise_interrupt(signum: int = 0, frame: FrameType | None = None) -> None:
    """SIGINT handler while a command works: unwinds it (transactions roll back).

    The request is also remembered, because Python drops an exception raised while a garbage
    collector callback runs; ``main`` then still ends with exit code 130 instead of carrying on
    as if nothing had been asked.
    """
    _Interrupt.requested = True
    raise KeyboardInterrupt


_report_unraisable = sys.unraisablehook


def quiet_interrupt_hook(unraisable: sys.UnraisableHookArgs) -> None:
    """``sys.unraisablehook`` of the program: a Ctrl+C that lands in a garbage-collector callback
    (a weakref callback, ``__del__``) cannot unwind the command, and Python would print it as
    "Exception ignored in …" with a traceback. It is remembered (``raise_interrupt``) and ends the
    command with exit code 130 and one line, so it is not printed; anything else is reported as
    Python reports it."""
    if unraisable.exc_type is not None and issubclass(unraisable.exc_type, KeyboardInterrupt):
        return
    _report_unraisable(unraisable)


def running_as_program() -> bool:
    """True when the process is the ``gridapp`` command (console script or ``python -m``)."""
    arg0 = PurePath(sys.argv[0] if sys.argv else "")
    if arg0.name.split(".")[0] in ("gridapp", "gridapp-script"):
        return True
    return (arg0.parent.name, arg0.name) in (("gridapp", "__main__.py"), ("cli", "main.py"))


PROGRAM = running_as_program()
if PROGRAM:
    signal.signal(signal.SIGINT, exit_now)
    sys.unraisablehook = quiet_interrupt_hook
