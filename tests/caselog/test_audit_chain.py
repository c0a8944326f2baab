"""The audit chain detects edits and deletions made directly in the SQLite file."""

from __future__ import annotations

from gridapp import audit
from gridapp.caselog import service
from tests.conftest import LEAD_BADGE, station_sql


def _verify(store):  # type: ignore[no-untyped-def]
    with store.read() as s:
        return audit.verify(s)


def test_untouched_chain_verifies(store, demo_case) -> None:
    result = _verify(store)
    assert result.ok and result.checked >= 5


def test_editing_an_event_row_is_detected_and_named(store, demo_case) -> None:
    con = station_sql(store.db_path)
    seq, ev_id = con.execute(
        "SELECT seq, id FROM audit_event WHERE action='case.create'").fetchone()
    con.execute("UPDATE audit_event SET actor='someone-else' WHERE seq=?", (seq,))
    con.commit()
    con.close()
    result = _verify(store)
    assert not result.ok and result.bad_seq == seq and result.bad_id == ev_id
    assert "篡改" in result.describe()


def test_deleting_a_middle_or_last_event_is_detected(store, demo_case) -> None:
    con = station_sql(store.db_path)
    last = con.execute("SELECT max(seq) FROM audit_event").fetchone()[0]
    con.execute("DELETE FROM audit_event WHERE seq=?", (last,))
    con.commit()
    assert not _verify(store).ok
    con.execute("DELETE FROM audit_event WHERE seq=2")
    con.commit()
    con.close()
    result = _verify(store)
    assert not result.ok and result.bad_seq == 2


def test_rewriting_the_hash_too_breaks_the_link_to_the_next_event(store, demo_case) -> None:
    con = station_sql(store.db_path)
    con.execute("UPDATE audit_event SET actor='x', hash=? WHERE seq=3", ("f" * 64,))
    con.commit()
    con.close()
    result = _verify(store)
    assert not result.ok and result.bad_seq == 3


def test_rolled_back_change_leaves_no_event(store, demo_case) -> None:
    before = _verify(store).checked
    try:
        with store.session() as s:
            case = service.find_case(s, demo_case.id)
            service.transition(store, s, case, "verified", LEAD_BADGE)
            raise RuntimeError("abort")
    except RuntimeError:
        pass
    assert _verify(store).checked == before
