"""Hybrid logical clock stamps for ordering changes across devices.

A stamp is a fixed-width string ``"<physical ms:013d>-<counter:05d>-<device>"`` so that plain
string comparison orders stamps: by wall time, then by counter, then by device id.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from gridapp.clock import now_ms as _now_ms


class HybridLogicalClock:
    def __init__(self, device_id: str, wall_ms: Callable[[], int] = _now_ms) -> None:
        self.device_id = device_id
        self._wall_ms = wall_ms
        self._physical = 0
        self._counter = 0
        self._lock = threading.Lock()

    def now(self) -> str:
        """A stamp strictly greater than every stamp this clock has issued or observed."""
        with self._lock:
            wall = self._wall_ms()
            if wall > self._physical:
                self._physical, self._counter = wall, 0
            else:
                self._counter += 1
            return self._format()

    def observe(self, stamp: str) -> None:
        """Advance past a stamp received from another device."""
        physical, counter = parse(stamp)
        with self._lock:
            self._physical, self._counter = max((self._physical, self._counter), (physical, counter))

    def _format(self) -> str:
        return f"{self._physical:013d}-{self._counter:05d}-{self.device_id}"


def parse(stamp: str) -> tuple[int, int]:
    physical, counter, _device = stamp.split("-", 2)
    return int(physical), int(counter)
