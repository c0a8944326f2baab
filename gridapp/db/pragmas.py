"""Connection settings shared by the station engine (``engine``) and the read-only path
(``readonly``); plain constants, importable without SQLAlchemy."""

from __future__ import annotations

# How long a connection waits for another process (another gridapp command) to release a lock.
BUSY_TIMEOUT_MS = 10000

# The page cache of each station connection, in KiB (SQLite's default is 2 MiB). SQLCipher
# decrypts and authenticates a page each time it is read into the cache, so a cache that holds
# the search index's working set keeps an encrypted station's search as fast as a plain one's
# (benchmarks/bench_crypto.py: with the default cache a 20,000-case search p95 was 3.2x plain).
CACHE_KIB = 32 * 1024
