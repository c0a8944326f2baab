"""``verify_station``: every check of the station in one read transaction (one snapshot)."""

from __future__ import annotations

from gridapp.evidence.blobstore import for_store
from gridapp.integrity.chain import check_chain
from gridapp.integrity.files import check_files
from gridapp.integrity.findings import Report
from gridapp.integrity.pools import check_pools
from gridapp.integrity.rows import check_rows
from gridapp.store import StationStore


def verify_station(store: StationStore) -> Report:
    report = Report()
    case_format = store.pack.case_number_format
    with store.read() as s:
        check_chain(s, report, key=store.chain_key, data_dir=store.data_dir,
                    device=store.device_id)
        check_rows(s, report)
        check_pools(s, report, device=store.device_id, data_dir=store.data_dir,
                    case_format=case_format)
        check_files(s, for_store(store), report)
    return report
