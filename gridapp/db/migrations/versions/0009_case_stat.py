"""case statistics rows: per-case figures kept by triggers; re-checks indexed by due day

Revision ID: 0009
Revises: 0008

- ``case_stat`` (``gridapp.models.derived.CaseStat``): a row per case that has a 12345
  response (a hotline case's first transition), a done 回访 or 来电人反馈, or a 不予处罚
  ground in its latest evaluation, keyed by the case's rowid (as the search index is) and
  coded in a few bytes. The statistics read these from one small table instead of the audit
  chain, the follow-ups and the evaluations' JSON, case by case. Triggers on ``audit_event``,
  ``follow_up``, ``rule_evaluation`` and ``case`` keep it (every writer, sync included); this
  revision fills it from what the station holds.
- follow_up: ``ix_follow_up_recheck_due`` (due) on re-checks only.

A later revision that rebuilds one of the source tables (``batch_alter_table`` copies it) drops
its triggers and must create them again (``tests/db/test_case_stat.py`` checks that they exist
at head).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Fixed at this revision (``gridapp.workbench.stats`` reads the same codes; the tests compare
# its figures from these rows with the figures computed from the source tables):
OUTCOME_GATES = ("limitation_expired", "minor_under_14")  # stats.OUTCOME_GATES
SATISFACTION = ("satisfied", "basically_satisfied", "dissatisfied")  # coded 1, 2, 3
DAY_END = " 16:00:00"  # the UTC time that ends a station day (UTC+8): stats._day_end()

TRIGGERS = ("case_stat_audit_ai", "case_stat_audit_ad", "case_stat_case_ai", "case_stat_case_au",
            "case_stat_follow_up_ai", "case_stat_follow_up_au", "case_stat_follow_up_ad",
            "case_stat_evaluation_ai", "case_stat_evaluation_au", "case_stat_evaluation_ad")


def _key(case: str) -> str:
    return f"(SELECT k.rowid FROM \"case\" k WHERE k.id = {case})"


def _hotline(case: str) -> str:
    return f"(SELECT h.source FROM \"case\" h WHERE h.id = {case}) = 'hotline'"


def _first_response(case: str) -> str:
    """The case's first transition — kept for 12345 cases only (the one figure that uses it)."""
    return (f"(SELECT min(e.\"at\") FROM audit_event e WHERE substr(e.case_id, 1, 8) = "
            f"substr({case}, 1, 8) AND e.case_id = {case} AND e.action LIKE 'case.transition.%' "
            f"AND {_hotline(case)})")


def _earliest_done(case: str, kind: str, value: str) -> str:
    return (f"(SELECT {value} FROM follow_up f WHERE f.case_id = {case} AND f.kind = '{kind}' "
            f"AND f.deleted = 0 AND f.done_at IS NOT NULL ORDER BY f.done_at, f.rowid LIMIT 1)")


IN_TIME = f"(f.done_at < f.due || '{DAY_END}')"  # 1 recorded by the end of its due day, else 0
SATISFACTION_CODE = ("(CASE f.satisfaction " + " ".join(
    f"WHEN '{code}' THEN {n}" for n, code in enumerate(SATISFACTION, 1)) + " ELSE 0 END)")


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
    """A row for ``case`` when ``when`` holds and it has none — never for a case not (yet)
    stored (no conflict clause: an outer statement's OR REPLACE would override one here)."""
    return (f"INSERT INTO case_stat (case_rowid) SELECT {_key(case)} WHERE {when} "
            f"AND {_key(case)} IS NOT NULL AND NOT EXISTS "
            f"(SELECT 1 FROM case_stat s WHERE s.case_rowid = {_key(case)});")


def _refresh_follow_ups(case: str) -> str:
    done = (f"EXISTS (SELECT 1 FROM follow_up f WHERE f.case_id = {case} AND f.deleted = 0 "
            "AND f.done_at IS NOT NULL AND f.kind IN ('return_visit', 'caller_feedback'))")
    return (f"{_add(case, done)} UPDATE case_stat SET "
            f"visit = {_earliest_done(case, 'return_visit', IN_TIME)}, "
            f"visit_satisfaction = {_earliest_done(case, 'return_visit', SATISFACTION_CODE)}, "
            f"feedback = {_earliest_done(case, 'caller_feedback', IN_TIME)} "
            f"WHERE case_rowid = {_key(case)};")


def _refresh_ground(case: str) -> str:
    return (f"{_add(case, f'{_ground(case)} IS NOT NULL')} "
            f"UPDATE case_stat SET ground = {_ground(case)} WHERE case_rowid = {_key(case)};")


def _refresh_response(case: str) -> str:
    return (f"{_add(case, f'{_first_response(case)} IS NOT NULL')} "
            f"UPDATE case_stat SET first_response_at = {_first_response(case)} "
            f"WHERE case_rowid = {_key(case)};")


def _trigger_sql() -> list[str]:
    transition = (f"new.action LIKE 'case.transition.%' AND new.case_id != '' "
                  f"AND {_hotline('new.case_id')}")
    return [
        # Audit events are appended; the earliest transition only moves down.
        f"""CREATE TRIGGER case_stat_audit_ai AFTER INSERT ON audit_event WHEN {transition} BEGIN
            {_add('new.case_id', '1')}
            UPDATE case_stat SET first_response_at = new."at"
              WHERE case_rowid = {_key('new.case_id')}
              AND (first_response_at IS NULL OR new."at" < first_response_at);
        END""",
        f"""CREATE TRIGGER case_stat_audit_ad AFTER DELETE ON audit_event
            WHEN old.action LIKE 'case.transition.%' AND old.case_id != '' BEGIN
            {_refresh_response('old.case_id')}
        END""",
        # A case stored after rows about it (sync can bring them first) gets them now; one that
        # becomes (or stops being) a 12345 case gains (or loses) its response.
        f"""CREATE TRIGGER case_stat_case_ai AFTER INSERT ON "case" BEGIN
            {_refresh_response('new.id')}
            {_refresh_follow_ups('new.id')}
            {_refresh_ground('new.id')}
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
    """Every row from the sources (the statements the tests also run to rebuild them)."""
    case = "c.id"
    return [
        "INSERT INTO case_stat (case_rowid, first_response_at, visit, visit_satisfaction, "
        "feedback, ground) SELECT c.rowid, "
        f"{_first_response(case)}, {_earliest_done(case, 'return_visit', IN_TIME)}, "
        f"{_earliest_done(case, 'return_visit', SATISFACTION_CODE)}, "
        f"{_earliest_done(case, 'caller_feedback', IN_TIME)}, {_ground(case)} "
        'FROM "case" c',
        "DELETE FROM case_stat WHERE first_response_at IS NULL AND visit IS NULL "
        "AND feedback IS NULL AND ground IS NULL",
    ]


def upgrade() -> None:
    op.create_table(
        "case_stat",
        sa.Column("case_rowid", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("first_response_at", sa.String(40), nullable=True),
        sa.Column("visit", sa.Integer(), nullable=True),
        sa.Column("visit_satisfaction", sa.Integer(), nullable=True),
        sa.Column("feedback", sa.Integer(), nullable=True),
        sa.Column("ground", sa.String(40), nullable=True),
        sa.PrimaryKeyConstraint("case_rowid", name=op.f("pk_case_stat")),
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
