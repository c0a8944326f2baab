"""change log: base revisions, origin devices, lean audit

Revision ID: 0003
Revises: 0002

- audit_event: ``v`` (hash format; existing events are version 1 and keep verifying as they
  were written); the event id is no longer a unique index (events are identified by seq); a
  case's events are indexed by the first 8 characters of the case id.
- outbox: one entry per row with unsent changes, carrying its base revision and the names of
  the changed fields instead of a copy of the row; ``seq`` is the change id and is never
  reused (AUTOINCREMENT). Existing unacknowledged entries are folded per row: the earliest
  base revision, the latest revision and stamp, ``*`` (whole row) as the fields.
- every syncable row gets its origin device (append-only rows had none).
- the HLC's last stamp is seeded in ``meta`` from the highest stamp stored.
- search: ``case_fts`` becomes a contentless FTS5 table without column sizes (no ranking) (the text lives once, in ``case`` and
  ``party``); the triggers remove old entries with FTS5's 'delete' command and the old values.
- per-row overhead: the ``hlc`` indexes (nothing queries by stamp) and the case_officer
  ``case_id`` index (covered by the unique (case_id, officer_id) index) and ``officer_id``
  index (a station's few officers each sit on a large share of the cases; the officer filter
  is answered per case through the unique index) are dropped.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FTS_SQL = (
    "DROP TRIGGER IF EXISTS case_ai",
    "DROP TRIGGER IF EXISTS case_au",
    "DROP TRIGGER IF EXISTS case_ad",
    "DROP TRIGGER IF EXISTS party_au",
    "DROP TABLE IF EXISTS case_fts",
    """CREATE VIRTUAL TABLE case_fts USING fts5(
        number, party_name, address, facts, tokenize='trigram', content='', columnsize=0)""",
    """INSERT INTO case_fts(rowid, number, party_name, address, facts)
        SELECT c.rowid, c.number, coalesce(p.name, ''), c.address, c.facts
        FROM "case" c LEFT JOIN party p ON p.id = c.party_id""",
    """CREATE TRIGGER case_ai AFTER INSERT ON "case" BEGIN
        INSERT INTO case_fts(rowid, number, party_name, address, facts)
        VALUES (new.rowid, new.number,
                coalesce((SELECT name FROM party WHERE id = new.party_id), ''),
                new.address, new.facts);
    END""",
    # A contentless index forgets a row only when given the exact values it indexed: the
    # party's current name is what was indexed (party_au re-indexes on a rename).
    """CREATE TRIGGER case_au AFTER UPDATE OF number, party_id, address, facts ON "case" BEGIN
        INSERT INTO case_fts(case_fts, rowid, number, party_name, address, facts)
        VALUES ('delete', old.rowid, old.number,
                coalesce((SELECT name FROM party WHERE id = old.party_id), ''),
                old.address, old.facts);
        INSERT INTO case_fts(rowid, number, party_name, address, facts)
        VALUES (new.rowid, new.number,
                coalesce((SELECT name FROM party WHERE id = new.party_id), ''),
                new.address, new.facts);
    END""",
    """CREATE TRIGGER case_ad AFTER DELETE ON "case" BEGIN
        INSERT INTO case_fts(case_fts, rowid, number, party_name, address, facts)
        VALUES ('delete', old.rowid, old.number,
                coalesce((SELECT name FROM party WHERE id = old.party_id), ''),
                old.address, old.facts);
    END""",
    """CREATE TRIGGER party_au AFTER UPDATE OF name ON party BEGIN
        INSERT INTO case_fts(case_fts, rowid, number, party_name, address, facts)
        SELECT 'delete', c.rowid, c.number, old.name, c.address, c.facts FROM "case" c
        WHERE c.party_id = new.id;
        INSERT INTO case_fts(rowid, number, party_name, address, facts)
        SELECT c.rowid, c.number, new.name, c.address, c.facts FROM "case" c
        WHERE c.party_id = new.id;
    END""",
)

_SYNC_COLUMNS = {"id", "origin_device", "revision", "updated_at", "hlc", "deleted"}


def _syncable_tables(bind: sa.engine.Connection) -> list[str]:
    insp = sa.inspect(bind)
    return [
        t for t in insp.get_table_names()
        if _SYNC_COLUMNS <= {c["name"] for c in insp.get_columns(t)}
    ]


def upgrade() -> None:
    bind = op.get_bind()
    insp = sa.inspect(bind)
    tables = _syncable_tables(bind)

    # Every syncable row names the device it came from.
    device = bind.execute(sa.text("SELECT value FROM meta WHERE key = 'device_id'")).scalar()
    if device:
        for table in tables:
            bind.execute(
                sa.text(f'UPDATE "{table}" SET origin_device = :d WHERE origin_device = \'\''),
                {"d": device},
            )

    # The HLC restarts above the highest stamp stored anywhere.
    stamps = [
        bind.execute(sa.text(f'SELECT max(hlc) FROM "{t}"')).scalar() for t in [*tables, "outbox"]
    ]
    stamps.append(bind.execute(sa.text("SELECT value FROM meta WHERE key = 'hlc_last'")).scalar())
    highest = max((s for s in stamps if s), default="")
    if highest:
        bind.execute(sa.text("DELETE FROM meta WHERE key = 'hlc_last'"))
        bind.execute(sa.text("INSERT INTO meta (key, value) VALUES ('hlc_last', :v)"),
                     {"v": highest})

    for table in tables:
        for index in insp.get_indexes(table):
            if index["name"] == f"ix_{table}_hlc":
                op.drop_index(index["name"], table_name=table)
    link_indexes = {ix["name"] for ix in insp.get_indexes("case_officer")}
    for name in ("ix_case_officer_case_id", "ix_case_officer_officer_id"):
        if name in link_indexes:
            op.drop_index(name, table_name="case_officer")

    for statement in FTS_SQL:
        op.execute(statement)

    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_event_case_id")
        batch_op.drop_constraint("uq_audit_event_id", type_="unique")
        batch_op.add_column(sa.Column("v", sa.Integer(), server_default="1", nullable=False))
    op.execute("CREATE INDEX ix_audit_event_case_prefix ON audit_event (substr(case_id, 1, 8))")

    op.create_table(
        "outbox_new",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.String(length=36), nullable=False),
        sa.Column("op", sa.String(length=10), nullable=False),
        sa.Column("base_revision", sa.Integer(), server_default="0", nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("hlc", sa.String(length=96), nullable=False),
        sa.Column("fields", sa.Text(), server_default="*", nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("acked_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_outbox")),
        sqlite_autoincrement=True,
    )
    # Fold the unacknowledged entries of each row into its latest one; acknowledged entries
    # are done with and not carried over.
    rows = bind.execute(sa.text(
        "SELECT seq, entity, entity_id, op, revision, hlc FROM outbox "
        "WHERE acked_at IS NULL ORDER BY seq"
    )).all()
    folded: dict[tuple[str, str], dict[str, object]] = {}
    for seq, entity, entity_id, op_name, rev, hlc in rows:
        base = 0 if op_name in ("insert", "append") else max(0, int(rev) - 1)
        key = (entity, entity_id)
        if key not in folded:
            folded[key] = {"seq": seq, "entity": entity, "entity_id": entity_id, "op": op_name,
                           "base_revision": base, "revision": rev, "hlc": hlc}
            continue
        entry = folded[key]
        entry["base_revision"] = min(int(str(entry["base_revision"])), base)
        if entry["op"] not in ("insert", "append"):
            entry["op"] = "tombstone" if "tombstone" in (op_name, entry["op"]) else op_name
        entry.update(seq=seq, revision=rev, hlc=hlc)
    for entry in sorted(folded.values(), key=lambda e: int(str(e["seq"]))):
        bind.execute(sa.text(
            "INSERT INTO outbox_new (seq, entity, entity_id, op, base_revision, revision, hlc, "
            "fields) VALUES (:seq, :entity, :entity_id, :op, :base_revision, :revision, :hlc, '*')"
        ), entry)
    last_seq = bind.execute(sa.text("SELECT max(seq) FROM outbox")).scalar()
    op.drop_index("ix_outbox_entity_id", table_name="outbox")
    op.drop_table("outbox")
    op.rename_table("outbox_new", "outbox")
    if last_seq:
        # Change ids already used (and possibly acknowledged) are never handed out again.
        bind.execute(sa.text("DELETE FROM sqlite_sequence WHERE name = 'outbox'"))
        bind.execute(sa.text("INSERT INTO sqlite_sequence (name, seq) VALUES ('outbox', :s)"),
                     {"s": last_seq})
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outbox_entity_id"), ["entity_id"], unique=False)


def downgrade() -> None:
    raise NotImplementedError("schema 0003 cannot be downgraded; restore a backup instead")
