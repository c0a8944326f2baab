"""case statistics rows: per-case figures kept by triggers; re-checks indexed by due day

Revision ID: 0009
Revises: 0008

- ``case_stat`` (``gridapp.models.derived.CaseStat``): a row per case that has a 12345
  response (a hotline case's first transition), a done 回访 or 来电人反馈, or a 不予处罚 ground in its latest evaluation. The
  statistics read these from one small table instead of the audit chain, the follow-ups and
  the evaluations' JSON, case by case. Triggers on ``audit_event``, ``follow_up`` and
  ``rule_evaluation`` (and on ``case`` for its source) keep it (every writer, sync included);
  this revision fills it from what the station holds.
- follow_up: ``ix_follow_up_recheck_due`` (due) on re-checks only.

A later revision that rebuilds one of the three source tables (``batch_alter_table`` copies it)
drops its triggers and must create them again (``tests/db/test_case_stat.py`` checks that they
exist at head).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The outcome gates that end an enforcement case in 不予处罚 besides the Art 33 exemption
# (``gridapp.workbench.stats.OUTCOME_GATES`` at this revision).
OUTCOME_GATES = ("limitation_expired", "minor_under_14")

TRIGGERS = ("case_stat_audit_ai", "case_stat_audit_ad", "case_stat_case_ai", "case_stat_case_au",
            "case_stat_follow_up_ai",
            "case_stat_follow_up_au", "case_stat_follow_up_ad", "case_stat_evaluation_ai",
            "case_stat_evaluation_au", "case_stat_evaluation_ad")


def _hotline(case: str) -> str:
    return f"(SELECT h.source FROM \"case\" h WHERE h.id = {case}) = 'hotline'"


def _first_response(case: str) -> str:
    """The case's first transition — kept for 12345 cases only (the one figure that uses it)."""
    return (f"(SELECT min(e.\"at\") FROM audit_event e WHERE substr(e.case_id, 1, 8) = "
            f"substr({case}, 1, 8) AND e.case_id = {case} AND e.action LIKE 'case.transition.%' "
            f"AND {_hotline(case)})")


def _follow_up(case: str, kind: str, column: str) -> str:
    return (f"(SELECT f.{column} FROM follow_up f WHERE f.case_id = {case} AND f.kind = '{kind}' "
            f"AND f.deleted = 0 AND f.done_at IS NOT NULL ORDER BY f.done_at, f.rowid LIMIT 1)")


def _ground(case: str) -> str:
    gates = ", ".join(f"'{g}'" for g in OUTCOME_GATES)
    latest = (f"(SELECT e.result_json FROM rule_evaluation e WHERE e.case_id = {case} "
              "AND e.deleted = 0 ORDER BY e.evaluated_at DESC, e.rowid DESC LIMIT 1)")
    return (f"(SELECT CASE WHEN json_extract(r, '$.exemption.applies') "
            "THEN json_extract(r, '$.exemption.branch') ELSE "
            "(SELECT json_extract(g.value, '$.gate') FROM json_each(r, '$.gates') g "
            f"WHERE json_extract(g.value, '$.gate') IN ({gates}) LIMIT 1) END "
            f"FROM (SELECT {latest} AS r))")


def _add(case: str, when: str) -> str:
    """A row for ``case`` when ``when`` holds and it has none (no conflict clause: an outer
    statement's OR REPLACE would override one given here)."""
    return (f"INSERT INTO case_stat (case_id) SELECT {case} WHERE {when} AND NOT EXISTS "
            f"(SELECT 1 FROM case_stat s WHERE s.case_id = {case});")


def _refresh_follow_ups(case: str) -> str:
    done = (f"EXISTS (SELECT 1 FROM follow_up f WHERE f.case_id = {case} AND f.deleted = 0 "
            "AND f.done_at IS NOT NULL AND f.kind IN ('return_visit', 'caller_feedback'))"
            )
    return (f"{_add(case, done)} UPDATE case_stat SET "
            f"visit_done_at = {_follow_up(case, 'return_visit', 'done_at')}, "
            f"visit_due = {_follow_up(case, 'return_visit', 'due')}, "
            f"visit_satisfaction = {_follow_up(case, 'return_visit', 'satisfaction')}, "
            f"feedback_done_at = {_follow_up(case, 'caller_feedback', 'done_at')}, "
            f"feedback_due = {_follow_up(case, 'caller_feedback', 'due')} "
            f"WHERE case_id = {case};")


def _refresh_ground(case: str) -> str:
    return (f"{_add(case, f'{_ground(case)} IS NOT NULL')} "
            f"UPDATE case_stat SET ground = {_ground(case)} WHERE case_id = {case};")


def _refresh_response(case: str) -> str:
    return (f"{_add(case, f'{_first_response(case)} IS NOT NULL')} "
            f"UPDATE case_stat SET first_response_at = {_first_response(case)} "
            f"WHERE case_id = {case};")


def _trigger_sql() -> list[str]:
    transition = (f"new.action LIKE 'case.transition.%' AND new.case_id != '' "
                  f"AND {_hotline('new.case_id')}")
    return [
        # Audit events are appended; the earliest transition only moves down.
        f"""CREATE TRIGGER case_stat_audit_ai AFTER INSERT ON audit_event WHEN {transition} BEGIN
            {_add('new.case_id', '1')}
            UPDATE case_stat SET first_response_at = new."at" WHERE case_id = new.case_id
              AND (first_response_at IS NULL OR new."at" < first_response_at);
        END""",
        f"""CREATE TRIGGER case_stat_audit_ad AFTER DELETE ON audit_event
            WHEN old.action LIKE 'case.transition.%' AND old.case_id != '' BEGIN
            {_refresh_response('old.case_id')}
        END""",
        # A case that becomes (or stops being) a 12345 case gains (or loses) its response.
        f"""CREATE TRIGGER case_stat_case_ai AFTER INSERT ON "case" WHEN new.source = 'hotline'
            BEGIN
            {_refresh_response('new.id')}
        END""",
        f"""CREATE TRIGGER case_stat_case_au AFTER UPDATE OF source ON "case" BEGIN
            {_refresh_response('new.id')}
        END""",
        f"""CREATE TRIGGER case_stat_follow_up_ai AFTER INSERT ON follow_up BEGIN
            {_refresh_follow_ups('new.case_id')}
        END""",
        f"""CREATE TRIGGER case_stat_follow_up_au AFTER UPDATE OF case_id, kind, due, done_at,
            satisfaction, deleted ON follow_up BEGIN
            {_refresh_follow_ups('old.case_id')}
            {_refresh_follow_ups('new.case_id')}
        END""",
        f"""CREATE TRIGGER case_stat_follow_up_ad AFTER DELETE ON follow_up BEGIN
            {_refresh_follow_ups('old.case_id')}
        END""",
        f"""CREATE TRIGGER case_stat_evaluation_ai AFTER INSERT ON rule_evaluation BEGIN
            {_refresh_ground('new.case_id')}
        END""",
        f"""CREATE TRIGGER case_stat_evaluation_au AFTER UPDATE OF case_id, result_json,
            evaluated_at, deleted ON rule_evaluation BEGIN
            {_refresh_ground('old.case_id')}
            {_refresh_ground('new.case_id')}
        END""",
        f"""CREATE TRIGGER case_stat_evaluation_ad AFTER DELETE ON rule_evaluation BEGIN
            {_refresh_ground('old.case_id')}
        END""",
    ]


def _fill() -> list[str]:
    cases = ("SELECT case_id FROM audit_event WHERE action LIKE 'case.transition.%' "
             f"AND case_id != '' AND {_hotline('case_id')} UNION SELECT case_id FROM follow_up WHERE deleted = 0 "
             "AND done_at IS NOT NULL AND kind IN ('return_visit', 'caller_feedback') "
             "UNION SELECT case_id FROM rule_evaluation WHERE deleted = 0")
    return [
        f"INSERT INTO case_stat (case_id) {cases}",
        f"""UPDATE case_stat SET
            first_response_at = {_first_response('case_stat.case_id')},
            visit_done_at = {_follow_up('case_stat.case_id', 'return_visit', 'done_at')},
            visit_due = {_follow_up('case_stat.case_id', 'return_visit', 'due')},
            visit_satisfaction = {_follow_up('case_stat.case_id', 'return_visit', 'satisfaction')},
            feedback_done_at = {_follow_up('case_stat.case_id', 'caller_feedback', 'done_at')},
            feedback_due = {_follow_up('case_stat.case_id', 'caller_feedback', 'due')},
            ground = {_ground('case_stat.case_id')}""",
        "DELETE FROM case_stat WHERE first_response_at IS NULL AND visit_done_at IS NULL "
        "AND feedback_done_at IS NULL AND ground IS NULL",
    ]


def upgrade() -> None:
    op.create_table(
        "case_stat",
        sa.Column("case_id", sa.String(36), nullable=False),
        sa.Column("first_response_at", sa.String(40), nullable=True),
        sa.Column("visit_done_at", sa.String(40), nullable=True),
        sa.Column("visit_due", sa.String(10), nullable=True),
        sa.Column("visit_satisfaction", sa.String(20), nullable=True),
        sa.Column("feedback_done_at", sa.String(40), nullable=True),
        sa.Column("feedback_due", sa.String(10), nullable=True),
        sa.Column("ground", sa.String(40), nullable=True),
        sa.PrimaryKeyConstraint("case_id", name=op.f("pk_case_stat")),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_follow_up_recheck_due", "follow_up", ["due"],
                    sqlite_where=sa.text("kind = 'recheck'"))
    bind = op.get_bind()
    for sql in (*_fill(), *_trigger_sql()):
        bind.exec_driver_sql(sql)


def downgrade() -> None:
    bind = op.get_bind()
    for name in TRIGGERS:
        bind.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_index("ix_follow_up_recheck_due", table_name="follow_up")
    op.drop_table("case_stat")
