"""Ctrl+C at any moment ends ``gridapp`` with exit code 130 and one line, never a traceback."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from gridapp.models import Case

ENTRY_POINTS = {
    "python -m gridapp": [sys.executable, "-X", "importtime", "-m", "gridapp"],
    "console script": [sys.executable, "-X", "importtime", str(Path(sys.executable).parent / "gridapp")],
}


def interrupt_when(cmd: list[str], marker: str) -> tuple[int, str]:
    """Start ``cmd``, send SIGINT as soon as a stderr line contains ``marker``; (code, stderr)."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    seen: list[str] = []
    for line in proc.stderr:
        seen.append(line)
        if marker in line:
            proc.send_signal(signal.SIGINT)
            break
    else:
        pytest.fail(f"never saw {marker!r}: {''.join(seen)[-2000:]}")
    _, rest = proc.communicate(timeout=120)
    return proc.returncode, "".join(seen) + rest


def without_import_times(stderr: str) -> str:
    return "\n".join(line for line in stderr.splitlines() if not line.startswith("import time:"))


@pytest.mark.parametrize("entry", sorted(ENTRY_POINTS))
def test_ctrl_c_right_after_start_prints_one_line(entry: str, data_dir: Path,
                                                  demo_case: Case) -> None:
    # The moment the gridapp.cli package has been imported, long before the command runs.
    argv = [*ENTRY_POINTS[entry], "--data-dir", str(data_dir), "case", "show", demo_case.number]
    code, stderr = interrupt_when(argv, " gridapp.cli\n")
    text = without_import_times(stderr)
    assert code == 130, stderr[-2000:]
    assert "Traceback" not in stderr
    assert text.strip() == "已中断 / interrupted"


def test_ctrl_c_during_a_long_command_keeps_the_station_consistent(tmp_path: Path) -> None:
    d = tmp_path / "demo"
    # Small batches: the first commit (the moment to interrupt) comes after 25 of 5000 cases.
    argv = [sys.executable, "-m", "gridapp", "--data-dir", str(d), "demo", "--cases", "5000",
            "--batch", "25"]
    code, stderr = interrupt_when(argv, "committed")
    assert code == 130, stderr[-2000:]
    assert "Traceback" not in stderr
    assert stderr.strip().splitlines()[-1] == "已中断 / interrupted"
    check = subprocess.run([sys.executable, "-m", "gridapp", "--data-dir", str(d), "audit", "verify"],
                           check=False, capture_output=True, text=True, timeout=120)
    assert check.returncode == 0, check.stdout + check.stderr


def test_an_interrupt_python_swallowed_still_ends_the_command_with_130(
    store, demo_case: Case, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Python drops a KeyboardInterrupt raised inside a garbage-collector callback; the handler
    # has remembered the request, so the command must not end as if nothing had been asked.
    import gridapp.cli as cli
    from gridapp.cli.main import main

    monkeypatch.setattr(cli._Interrupt, "requested", False)
    with pytest.raises(KeyboardInterrupt):
        cli.raise_interrupt()
    assert cli.interrupt_requested()
    code = main(["--data-dir", str(store.data_dir), "case", "show", demo_case.number])
    assert code == 130
    assert capsys.readouterr().err.strip().endswith("已中断 / interrupted")


# A Ctrl+C that lands in a weakref callback (garbage collection) while the program runs.
IN_GC_CALLBACK = """
import sys
sys.argv = ["gridapp"]
import gc, weakref
import gridapp.cli as cli
from gridapp.cli.main import main
class Row: pass
row = Row()
keep = weakref.ref(row, lambda _ref: cli.raise_interrupt())
del row
gc.collect()
assert cli.interrupt_requested()
def failing(_ref): raise ValueError("a real bug in a callback")
other = Row()
keep2 = weakref.ref(other, failing)
del other
"""


def test_ctrl_c_in_a_garbage_collector_callback_prints_no_traceback() -> None:
    proc = subprocess.run([sys.executable, "-c", IN_GC_CALLBACK], capture_output=True, text=True,
                          timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    # The interrupt is remembered, not printed; any other error there is still reported.
    assert "KeyboardInterrupt" not in proc.stderr
    assert proc.stderr.count("Traceback") == 1 and "ValueError: a real bug" in proc.stderr
