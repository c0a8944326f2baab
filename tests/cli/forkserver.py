"""Runs ``gridapp`` commands in forked children of one interpreter that has already imported the
program, so a sweep of hundreds of commands does not pay the interpreter start and the imports
(about half a second) for each one. Used by ``test_hostile_sweep``.

Protocol: one JSON request per line on standard input —
``{"argv": [hex bytes, ...], "cwd": DIR, "out": FILE, "err": FILE, "timeout": s, "memory": bytes}``
— answered by one JSON line: ``{"code": exit status, "seconds": s, "timed_out": bool}``.

Each child is what the ``gridapp`` program would be: argv bytes are decoded as Python decodes the
command line (``os.fsdecode``: undecodable bytes become lone surrogates), standard input is empty,
the address space is limited (``RLIMIT_AS``), and an exception that escapes ``main`` is printed
with its traceback and exits 1, as the interpreter does. A child past its timeout is killed with
its whole process group (a photo decoder it started included).
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import signal
import sys
import time
import traceback

sys.argv = ["gridapp"]  # so ``gridapp.cli`` installs the program's Ctrl+C handling

from gridapp.cli import main as cli_main  # noqa: E402

PRELOAD = ("gridapp.store", "gridapp.cli.case_cmd", "gridapp.cli.evidence_cmd",
           "gridapp.cli.doc_cmd", "gridapp.cli.station_cmd", "gridapp.cli.officer_cmd",
           "gridapp.cli.audit_cmd", "gridapp.cli.pack_cmd", "gridapp.cli.rules_cmd",
           "gridapp.cli.sync_cmd", "sync.station", "sync.client", "gridapp.documents.service",
           "gridapp.documents.casefile", "gridapp.documents.verify", "gridapp.evidence.capture",
           "gridapp.evidence.export", "gridapp.demo", "gridapp.rules")


def _exit_code(value: object) -> int:
    """What the interpreter makes of ``SystemExit(value)``."""
    if value is None:
        return 0
    if isinstance(value, int):
        return value
    print(value, file=sys.stderr)
    return 1


def _child(request: dict[str, object]) -> None:
    os.setsid()
    limit = int(str(request["memory"]))
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    null = os.open(os.devnull, os.O_RDONLY)
    out = os.open(str(request["out"]), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    err = os.open(str(request["err"]), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    for fd, target in ((null, 0), (out, 1), (err, 2)):
        os.dup2(fd, target)
    os.chdir(str(request["cwd"]))
    words = [os.fsdecode(bytes.fromhex(str(w))) for w in request["argv"]]  # type: ignore[attr-defined]
    sys.argv = ["gridapp", *words]
    try:
        code = cli_main.main(words)
    except SystemExit as exc:
        code = _exit_code(exc.code)
    except BaseException:
        traceback.print_exc()
        code = 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(code)


def _wait(pid: int, timeout: float) -> tuple[int, bool]:
    deadline = time.monotonic() + timeout
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status), False
        if time.monotonic() > deadline:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGKILL)
            _, status = os.waitpid(pid, 0)
            return os.waitstatus_to_exitcode(status), True
        time.sleep(0.002)


def serve() -> None:
    import importlib

    for name in PRELOAD:
        importlib.import_module(name)
    for line in sys.stdin:
        request = json.loads(line)
        started = time.monotonic()
        pid = os.fork()
        if pid == 0:
            _child(request)
        code, timed_out = _wait(pid, float(request["timeout"]))
        answer = {"code": code, "seconds": time.monotonic() - started, "timed_out": timed_out}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    serve()
