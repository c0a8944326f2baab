"""Connection settings shared by the station engine (``engine``) and the read-only path
(``readonly``); plain constants, importable without SQLAlchemy."""

from __future__ import annotations

# How long a connection waits for another process (another gridapp command) to release a lock.
BUSY_TIMEOUT_MS = 10000
