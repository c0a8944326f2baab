"""A party's earlier cases: one definition, used by the rules, the CLI and the desktop.

Pinned meaning: the same party (identity number, else normalised name + address), opened
strictly before the case in question, never the case itself or a later one, not tombstoned,
verified (a report still 待核实 or 不予立案 established no violation). No time window here: the look-back window
(``lookback_days`` in the pack, 365 days in Shanghai) and the same-violation rule are applied by
the rules engine, so a two-year-old case is an earlier case but not a prior for the stage.
"""

from __future__ import annotations

from pathlib import Path

from gridapp.caselog import query, service
from gridapp.models import Case
from gridapp.rules.engine import evaluate_raw
from gridapp.rules.record import build_case_input
from gridapp.store import StationStore
from tests.conftest import DEMO_CASE_INPUT, LEAD_BADGE


def _case(store: StationStore, opened: str, *, violation: str = "street-vending",
          party: dict[str, str] | None = None) -> Case:
    data = dict(DEMO_CASE_INPUT, opened_at=f"{opened}T09:30:00", act_date=opened,
                violation=violation, party=party or DEMO_CASE_INPUT["party"])
    with store.session() as s:
        return service.create_case(store, s, data, LEAD_BADGE)


def _history(store: StationStore) -> dict[str, Case]:
    cases = {
        "old": _case(store, "2025-06-01"),                      # outside the 365-day window
        "recent": _case(store, "2026-06-01"),                   # inside it, same violation
        "dismissed": _case(store, "2026-07-01"),
        "unverified": _case(store, "2026-07-15"),               # still 待核实
        "tombstoned": _case(store, "2026-08-01"),
        "other_violation": _case(store, "2026-09-01", violation="illegal-posting"),
        "someone_else": _case(store, "2026-10-01", party={
            "kind": "person", "name": "李四", "id_number": "310101198502023458"}),
        "current": _case(store, "2026-11-20"),
        "later": _case(store, "2026-11-25"),
    }
    with store.session() as s:
        for key, made in cases.items():
            if key not in ("dismissed", "unverified"):
                row = service.find_case(s, made.id)
                service.transition(store, s, row, "verified", LEAD_BADGE)
        dismissed = service.find_case(s, cases["dismissed"].id)
        service.transition(store, s, dismissed, "dismissed", LEAD_BADGE)
        gone = service.find_case(s, cases["tombstoned"].id)
        store.record(s, gone, op="tombstone", actor=LEAD_BADGE, action="case.edit",
                     case_id=gone.id)
    return cases


def test_earlier_cases_pins_which_cases_count(store: StationStore) -> None:
    cases = _history(store)
    with store.read() as s:
        current = service.find_case(s, cases["current"].id)
        party = service.find_party(s, current.party_id or "")
        before_current = [c.number for c in query.earlier_cases(s, party, case=current)]
        all_of_party = [c.number for c in query.earlier_cases(s, party)]
        later = service.find_case(s, cases["later"].id)
        before_later = [c.number for c in query.earlier_cases(s, party, case=later)]
    expected = [cases[k].number for k in ("other_violation", "recent", "old")]
    assert before_current == expected  # newest first; no unverified, dismissed, tombstoned, later or self
    assert all_of_party == [cases["later"].number, cases["current"].number, *expected]
    assert before_later == [cases["current"].number, *expected]


def test_the_rules_the_cli_and_the_desktop_count_the_same_earlier_cases(
    store: StationStore, run_cli  # type: ignore[no-untyped-def]
) -> None:
    from gridapp.workbench.parties import party_history

    cases = _history(store)
    expected = [cases[k].number for k in ("other_violation", "recent", "old")]
    with store.read() as s:
        current = service.find_case(s, cases["current"].id)
        raw = build_case_input(s, current, {"facts": {"harm": "slight", "corrected": False}})
    assert [h["case_number"] for h in raw["history"]] == expected
    evaluation = evaluate_raw(store.pack, raw)
    # Only "recent" is the same violation within the pack's look-back window: one prior.
    assert (evaluation.priors, evaluation.stage) == (1, "orange")

    shown = run_cli("party", "history", cases["current"].number, "--data-dir", store.data_dir,
                    "--json")
    assert shown.code == 0, shown.err
    assert [c["number"] for c in shown.json()["cases"]] == expected

    # The desktop's 当事人 tab asks the workbench for the same list.
    shown_in_window = party_history(store, cases["current"].party_id, case_id=cases["current"].id)
    assert [c.number for c in shown_in_window.earlier] == expected


def test_party_history_of_an_unknown_reference_is_refused(store: StationStore, run_cli,  # type: ignore[no-untyped-def]
                                                          tmp_path: Path) -> None:
    r = run_cli("party", "history", "310101190001010000", "--data-dir", store.data_dir)
    assert r.code == 2 and "找不到案件或当事人" in r.err
