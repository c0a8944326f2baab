"""The officer's workbench: what the desktop (and the CLI) ask the core for.

Contract: every function here takes the station store (or a read connection) and plain values,
and returns plain, immutable data (dataclasses of str/int/bool/date/datetime/tuples) — never an
ORM object, never a session. Reads are safe to run on any worker thread; writes go through the
services below (``store.record``) as the given acting officer. Nothing here imports Qt.
"""
