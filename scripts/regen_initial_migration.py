"""Regenerate the initial migration from the models (only until the first release ships).

Usage: .venv/bin/python scripts/regen_initial_migration.py
Writes gridapp/db/migrations/versions/0001_initial.py with the FTS objects appended.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from alembic import command
from sqlalchemy import create_engine

from gridapp.db.migrate import MIGRATIONS_DIR, alembic_config

FTS_UP = '''
    # Full-text index over cases (trigram: matches any 3+ character substring).
    for statement in FTS_SQL:
        op.execute(statement)
'''

FTS_DOWN = '''
    for name in ("case_ai", "case_au", "case_ad", "party_au"):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS case_fts")
'''

FTS_SQL_BLOCK = '''
FTS_SQL = (
    """CREATE VIRTUAL TABLE case_fts USING fts5(
        number, party_name, address, facts, tokenize='trigram')""",
    """CREATE TRIGGER case_ai AFTER INSERT ON "case" BEGIN
        INSERT INTO case_fts(rowid, number, party_name, address, facts)
        VALUES (new.rowid, new.number,
                coalesce((SELECT name FROM party WHERE id = new.party_id), ''),
                new.address, new.facts);
    END""",
    """CREATE TRIGGER case_au AFTER UPDATE OF number, party_id, address, facts ON "case" BEGIN
        DELETE FROM case_fts WHERE rowid = old.rowid;
        INSERT INTO case_fts(rowid, number, party_name, address, facts)
        VALUES (new.rowid, new.number,
                coalesce((SELECT name FROM party WHERE id = new.party_id), ''),
                new.address, new.facts);
    END""",
    """CREATE TRIGGER case_ad AFTER DELETE ON "case" BEGIN
        DELETE FROM case_fts WHERE rowid = old.rowid;
    END""",
    """CREATE TRIGGER party_au AFTER UPDATE OF name ON party BEGIN
        DELETE FROM case_fts WHERE rowid IN (SELECT rowid FROM "case" WHERE party_id = new.id);
        INSERT INTO case_fts(rowid, number, party_name, address, facts)
        SELECT c.rowid, c.number, new.name, c.address, c.facts FROM "case" c
        WHERE c.party_id = new.id;
    END""",
)
'''


def main() -> None:
    versions = MIGRATIONS_DIR / "versions"
    target = versions / "0001_initial.py"
    target.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        engine = create_engine(f"sqlite:///{Path(tmp) / 'empty.sqlite'}")
        cfg = alembic_config()
        with engine.connect() as conn:
            cfg.attributes["connection"] = conn
            command.revision(cfg, message="initial schema", autogenerate=True, rev_id="0001")
    generated = next(versions.glob("0001_*.py"))
    text = generated.read_text(encoding="utf-8")
    generated.unlink()
    text = text.replace("\n\ndef upgrade() -> None:", FTS_SQL_BLOCK + "\n\ndef upgrade() -> None:", 1)
    up_end = text.index("\n\ndef downgrade() -> None:")
    text = text[:up_end].rstrip() + "\n" + FTS_UP + text[up_end:]
    text = text.replace(
        "def downgrade() -> None:\n", "def downgrade() -> None:\n" + FTS_DOWN.lstrip("\n"), 1
    )
    text = text.replace("Create Date:", "Created:", 1)
    target.write_text(text, encoding="utf-8")
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
