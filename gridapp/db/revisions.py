"""The schema revision this version of gridapp ships, read without SQLAlchemy or Alembic.

``shipped_head`` is what ``gridapp.db.migrate`` compares a database with before deciding to run
Alembic, and what the read-only path (``gridapp.db.readonly``) requires a database to carry: one
definition of "at the head", read from the shipped revision files themselves, so it cannot drift
from them (a test compares it with Alembic's own head).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

_REVISION = re.compile(r"^revision\s*(?::[^=]*)?=\s*['\"]([^'\"]+)['\"]\s*$", re.M)
_DOWN = re.compile(r"^down_revision\s*(?::[^=]*)?=\s*(.+?)\s*$", re.M)
_QUOTED = re.compile(r"['\"]([^'\"]+)['\"]")


@cache
def shipped_head() -> str | None:
    """The single head of the shipped revision files, read as text (no Alembic import).

    None when the files do not name exactly one head in the plain ``revision = "…"`` /
    ``down_revision = …`` form; callers then ask Alembic (``migrate.head_revision``)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS_DIR / "versions").glob("[0-9]*.py"):
        source = path.read_text(encoding="utf-8")
        rev, down = _REVISION.search(source), _DOWN.search(source)
        if rev is None or down is None:
            return None
        revisions.add(rev.group(1))
        parents.update(_QUOTED.findall(down.group(1)))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None
