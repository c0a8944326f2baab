"""Hybrid logical clock stamps for ordering changes across devices.

A stamp is a fixed-width string ``"<physical ms:013d>-<counter:05d>-<device>"`` so that plain
string comparison orders stamps: by wall time, then by counter, then by device id.

Contract: a clock never issues a stamp lower than or equal to one it issued or observed before.
The station store makes that hold across restarts: it persists the last stamp issued (in
``meta``, in the transaction of the change that used it) and seeds a new clock at open from the
highest stamp stored (``seed``), so a wall clock moved back does not move the stamps back.
When the wall clock is behind the last stamp by more than ``SKEW_THRESHOLD_MS`` the clock
keeps counting from the last stamp and reports the lag (``lag_ms``) so it can be recorded.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from gridapp.clock import now_ms as _now_ms

# A wall clock this far behind the last stamp is a clock problem worth recording (not jitter).
SKEW_THRESHOLD_MS = 60_000


class HybridLogicalClock:
    def __init__(self, device_id: str, wall_ms: Callable[[], int] = _now_ms) -> None:
        self.device_id = device_id
        self._wall_ms = wall_ms
        self._physical = 0
        self._counter = 0
        self._lock = threading.Lock()
        self.lag_ms = 0  # how far the wall clock was behind the clock at the last now()/seed()

    def now(self) -> str:
        """A stamp strictly greater than every stamp this clock has issued or observed."""
        with self._lock:
            wall = self._wall_ms()
            if wall > self._physical:
                self._physical, self._counter = wall, 0
                self.lag_ms = 0
            else:
                self._counter += 1
                self.lag_ms = self._physical - wall
            return self._format()

    def observe(self, stamp: str) -> None:
        """Advance past a stamp received from another device or read back from storage."""
        physical, counter = parse(stamp)
        with self._lock:
            self._physical, self._counter = max((self._physical, self._counter), (physical, counter))

    def seed(self, stamps: list[str]) -> int:
        """Advance past every stamp in ``stamps`` (empty ones ignored); returns the wall-clock lag.

        The lag is how many milliseconds the wall clock is behind the highest stamp (0 if not).
        """
        for stamp in stamps:
            if stamp:
                self.observe(stamp)
        with self._lock:
            self.lag_ms = max(0, self._physical - self._wall_ms())
            return self.lag_ms

    @property
    def skewed(self) -> bool:
        """True when the wall clock was behind the last stamp by more than the threshold."""
        return self.lag_ms > SKEW_THRESHOLD_MS

    def _format(self) -> str:
        return f"{self._physical:013d}-{self._counter:05d}-{self.device_id}"


def parse(stamp: str) -> tuple[int, int]:
    physical, counter, _device = stamp.split("-", 2)
    return int(physical), int(counter)
