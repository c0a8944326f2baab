"""``gridapp verify``: each edit made behind the program's back is reported, a station worked
only through the program verifies clean."""

from __future__ import annotations

import base64
import hashlib
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from gridapp import audit
from gridapp.db import chain_key
from gridapp.documents.service import IssuedDocument
from gridapp.evidence.blobstore import BlobStore
from gridapp.models import Case
from gridapp.store import StationStore
from tests.conftest import station_sql
from tests.documents.conftest import issue

Edit = Callable[[sqlite3.Connection, Path], None]


@pytest.fixture
def worked(store: StationStore, photo_case: Case) -> tuple[StationStore, IssuedDocument]:
    """A case with three photos, a rules evaluation and two issued documents, one voided."""
    first = issue(store, photo_case, "rectification_notice")
    issue(store, photo_case, "case_source_register")
    from gridapp.documents.service import void_document

    with store.session() as s:
        void_document(store, s, first.number, "期限写错", "31010001")
    issue(store, photo_case, "rectification_notice", ["deadline=2026-12-02"])
    return store, first


def _verify(run_cli, store: StationStore | Path):  # type: ignore[no-untyped-def]
    data = store if isinstance(store, Path) else store.data_dir
    result = run_cli("--data-dir", data, "verify", "--json")
    return result.code, json.loads(result.out)


def test_a_station_worked_through_the_program_verifies_clean(run_cli, worked) -> None:  # type: ignore[no-untyped-def]
    store, _doc = worked
    code, report = _verify(run_cli, store)
    assert code == 0, report["findings"]
    assert report["ok"] is True
    assert report["checked"]["rows"] > 10 and report["checked"]["files"] >= 8
    assert report["checked"]["pools"] >= 2
    text = run_cli("--data-dir", store.data_dir, "verify")
    assert text.code == 0 and "一致" in text.out


def _sql(*statements: str) -> Edit:
    def edit(con: sqlite3.Connection, _data: Path) -> None:
        for statement in statements:
            assert con.execute(statement).rowcount >= 1, statement
    return edit


def _point_evidence_at_another_file(con: sqlite3.Connection, _data: Path) -> None:
    rows = con.execute("SELECT id, sha256 FROM evidence ORDER BY item_no").fetchall()
    con.execute("UPDATE evidence SET sha256 = ? WHERE id = ?", (rows[1][1], rows[0][0]))


def _blob_of_document(con: sqlite3.Connection, data: Path) -> Path:
    sha = con.execute("SELECT pdf_sha256 FROM document WHERE voided_at IS NULL "
                      "ORDER BY issued_at LIMIT 1").fetchone()[0]
    return BlobStore(data / "blobs").path_for(sha)


def _flip_a_bit_in_a_pdf(con: sqlite3.Connection, data: Path) -> None:
    path = _blob_of_document(con, data)
    path.chmod(0o644)
    body = bytearray(path.read_bytes())
    body[len(body) // 2] ^= 0x01
    path.write_bytes(bytes(body))


def _delete_a_pdf(con: sqlite3.Connection, data: Path) -> None:
    _blob_of_document(con, data).unlink()


EDITS: dict[str, tuple[Edit, str]] = {
    "case facts": (_sql("UPDATE \"case\" SET facts = '当事人未在现场' "), "案件"),
    "case status": (_sql("UPDATE \"case\" SET status = 'closed'"), "案件"),
    "party name and id": (_sql("UPDATE party SET name = '李四', id_number = '310101199001011234'"),
                          "李四"),
    "evidence pointed at another intact file": (_point_evidence_at_another_file, "证据"),
    "evidence row deleted": (_sql("DELETE FROM evidence WHERE item_no = 2"), "记录被删除"),
    "document row deleted": (_sql("DELETE FROM document WHERE template_id = "
                                  "'case_source_register'"), "记录被删除"),
    "document voided by SQL": (_sql("UPDATE document SET voided_at = '2026-11-20 01:00:00.000000',"
                                    " void_reason = 'x' WHERE voided_at IS NULL"), "文书"),
    "numbers skipped in the case pool": (_sql("UPDATE number_pool SET next_value = next_value + 2"
                                              " WHERE kind = 'case'"), "编号被跳过"),
    "numbers skipped in a document pool": (_sql("UPDATE number_pool SET next_value = next_value"
                                                " + 1 WHERE kind = 'document'"), "编号被跳过"),
    "pool pushed very far": (_sql("UPDATE number_pool SET next_value = 2000000000"
                                  " WHERE kind = 'document'"), "编号被跳过"),
    "bit flipped in an issued PDF": (_flip_a_bit_in_a_pdf, "被改动"),
    "issued PDF deleted": (_delete_a_pdf, "文件缺失"),
    "row inserted behind the program": (_sql(
        "INSERT INTO grid (id, origin_device, revision, updated_at, hlc, deleted, code, name, "
        "station_id) SELECT 'g-forged', origin_device, 1, updated_at, hlc, 0, 'G9999', "
        "'伪造网格', station_id "
        "FROM grid LIMIT 1"), "未经本程序写入"),
}


@pytest.mark.parametrize("name", sorted(EDITS))
def test_each_direct_edit_is_reported(run_cli, worked, name: str) -> None:  # type: ignore[no-untyped-def]
    store, _doc = worked
    edit, expected = EDITS[name]
    con = station_sql(store.db_path, isolation_level=None)
    try:
        edit(con, store.data_dir)
    finally:
        con.close()
    code, report = _verify(run_cli, store)
    assert code == 1, name
    assert not report["ok"]
    messages = [f"{f['subject']}：{f['message']}" for f in report["findings"]]
    assert any(expected in m for m in messages), messages
    text = run_cli("--data-dir", store.data_dir, "verify")
    assert text.code == 1 and "不一致" in text.out and "Traceback" not in text.err


def _rehash_from(con: sqlite3.Connection, start_seq: int) -> None:
    """What someone holding only the database can do: recompute every hash from ``start_seq``
    on and move the head, exactly as the program would."""
    from gridapp.models import AuditEvent

    prev = con.execute("SELECT hash FROM audit_event WHERE seq = ?",
                       (start_seq - 1,)).fetchone()[0] if start_seq > 1 else audit.GENESIS
    rows = con.execute("SELECT seq, id, at, device, actor, action, entity, entity_id, case_id, "
                       "before_json, after_json, prev_hash, v FROM audit_event WHERE seq >= ? "
                       "ORDER BY seq", (start_seq,)).fetchall()
    last = (start_seq - 1, prev)
    for r in rows:
        ev = AuditEvent(seq=r[0], id=r[1], at=r[2], device=r[3], actor=r[4], action=r[5],
                        entity=r[6], entity_id=r[7], case_id=r[8], before_json=r[9],
                        after_json=r[10], prev_hash=r[11], v=r[12])
        digest = audit.event_hash(ev, prev)
        con.execute("UPDATE audit_event SET hash = ? WHERE seq = ?", (digest, r[0]))
        prev = digest
        last = (r[0], digest)
    con.execute("UPDATE meta SET value = ? WHERE key = 'audit_head'", (f"{last[0]}:{last[1]}",))


def test_a_rehashed_chain_is_caught_by_its_seal(run_cli, worked) -> None:  # type: ignore[no-untyped-def]
    store, _doc = worked
    con = station_sql(store.db_path, isolation_level=None)
    try:
        seq, after = con.execute("SELECT seq, after_json FROM audit_event WHERE action = "
                                 "'party.create' ORDER BY seq LIMIT 1").fetchone()
        forged = json.loads(after)
        forged["name"] = "李四"
        con.execute("UPDATE audit_event SET after_json = ? WHERE seq = ?",
                    (audit.canonical_json(forged), seq))
        _rehash_from(con, seq)
    finally:
        con.close()
    chain = run_cli("--data-dir", store.data_dir, "audit", "verify")
    assert chain.code == 1 and "签章" in chain.out
    code, report = _verify(run_cli, store)
    assert code == 1
    assert any("签章不符" in f["message"] for f in report["findings"]), report["findings"]


def test_a_cut_tail_with_a_fixed_head_is_caught(run_cli, worked) -> None:  # type: ignore[no-untyped-def]
    store, _doc = worked
    con = station_sql(store.db_path, isolation_level=None)
    try:
        top = con.execute("SELECT max(seq) FROM audit_event").fetchone()[0]
        con.execute("DELETE FROM audit_event WHERE seq > ?", (top - 3,))
        head = con.execute("SELECT hash FROM audit_event WHERE seq = ?", (top - 3,)).fetchone()[0]
        con.execute("UPDATE meta SET value = ? WHERE key = 'audit_head'", (f"{top - 3}:{head}",))
    finally:
        con.close()
    code, report = _verify(run_cli, store)
    assert code == 1
    messages = " ".join(f["message"] for f in report["findings"])
    assert "签章" in messages and "截断" in messages, messages
    # The seal can be forged only with the key, which the database does not hold.
    assert chain_key.load(store.data_dir) is not None
    assert all(store.chain_key.hex() not in v  # type: ignore[union-attr]
               for v in _all_text(store.db_path))


def _all_text(db: Path) -> list[str]:
    con = station_sql(db)
    try:
        return [str(v) for (v,) in con.execute("SELECT value FROM meta")]
    finally:
        con.close()


def test_a_missing_key_is_reported_not_replaced(run_cli, worked) -> None:  # type: ignore[no-untyped-def]
    store, _doc = worked
    data = store.data_dir
    store.close()
    chain_key.key_path(data).unlink()
    code, report = _verify(run_cli, data)
    assert code == 1
    assert any("密钥" in f["message"] for f in report["findings"]), report["findings"]
    assert not chain_key.key_path(data).exists(), "a sealed chain never gets a new key"


def test_the_seal_is_an_hmac_under_the_key_outside_the_database(worked) -> None:  # type: ignore[no-untyped-def]
    store, _doc = worked
    con = station_sql(store.db_path)
    try:
        head = dict(con.execute("SELECT key, value FROM meta WHERE key IN "
                                "('audit_head', 'audit_seal')").fetchall())
    finally:
        con.close()
    seq, digest = head["audit_head"].split(":", 1)
    key = bytes.fromhex(chain_key.key_path(store.data_dir).read_text())
    import hmac

    mac = hmac.new(key, f"{seq}:{digest}".encode(), hashlib.sha256).digest()
    assert head["audit_seal"] == f"{seq}:{base64.urlsafe_b64encode(mac).rstrip(b'=').decode()}"
    assert (chain_key.key_path(store.data_dir).stat().st_mode & 0o777) == 0o600


FIXTURES = Path(__file__).resolve().parents[1] / "data" / "fixtures"


@pytest.mark.parametrize("name", ["station_schema_0001", "station_schema_0003"])
def test_a_station_from_an_older_version_is_pinned_at_its_first_seal(
        run_cli, tmp_path: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    """Rows written by older versions (and by migrations) carry no digest: the first open pins
    them all in a baseline, so the upgraded station verifies clean, and an edit after it shows."""
    import shutil

    data = tmp_path / "station"
    shutil.copytree(FIXTURES / name, data)
    code, report = _verify(run_cli, data)
    assert code == 0, report["findings"]
    con = station_sql(data / "station.sqlite", isolation_level=None)
    try:
        assert con.execute("SELECT count(*) FROM audit_event WHERE action = 'audit.baseline'"
                           ).fetchone()[0] >= 1
        con.execute("UPDATE \"case\" SET address = '别处'")
    finally:
        con.close()
    code, report = _verify(run_cli, data)
    assert code == 1 and any("别处" in f["message"] or "案件" in f["subject"]
                             for f in report["findings"])


def _honest_write(store: StationStore) -> None:
    from gridapp.caselog import service
    from tests.conftest import DEMO_CASE_INPUT, LEAD_BADGE

    with store.session() as s:
        service.create_case(store, s, dict(DEMO_CASE_INPUT), LEAD_BADGE)


def test_an_honest_change_after_a_rehash_does_not_bless_it(run_cli, worked) -> None:  # type: ignore[no-untyped-def]
    store, _doc = worked
    con = station_sql(store.db_path, isolation_level=None)
    try:
        seq, after = con.execute("SELECT seq, after_json FROM audit_event WHERE action = "
                                 "'party.create' ORDER BY seq LIMIT 1").fetchone()
        con.execute("UPDATE audit_event SET after_json = ? WHERE seq = ?",
                    (audit.canonical_json(json.loads(after) | {"name": "李四"}), seq))
        _rehash_from(con, seq)
    finally:
        con.close()
    _honest_write(store)  # the officer carries on working
    code, report = _verify(run_cli, store)
    assert code == 1 and any("签章" in f["message"] for f in report["findings"])


def test_a_deleted_key_and_seal_are_reported_not_replaced(run_cli, worked) -> None:  # type: ignore[no-untyped-def]
    store, _doc = worked
    data = store.data_dir
    store.close()
    con = station_sql(data / "station.sqlite", isolation_level=None)
    try:
        con.execute("UPDATE \"case\" SET facts = '改过的案情'")
        con.execute("DELETE FROM meta WHERE key = 'audit_seal'")
    finally:
        con.close()
    chain_key.key_path(data).unlink()
    code, report = _verify(run_cli, data)
    assert code == 1
    messages = " ".join(f["message"] for f in report["findings"])
    assert "签章被删除" in messages and "不一致" in messages, messages
    assert not chain_key.key_path(data).exists()


def test_an_event_about_a_row_does_not_unpin_it(run_cli, worked, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store, _doc = worked
    with store.read() as s:
        number = s.scalars(select(Case.number)).first()
    assert run_cli("--data-dir", store.data_dir, "evidence", "export", number,
                   tmp_path / "out").code == 0
    con = station_sql(store.db_path, isolation_level=None)
    try:
        con.execute("UPDATE \"case\" SET facts = '导出之后改的'")
    finally:
        con.close()
    code, report = _verify(run_cli, store)
    assert code == 1 and any(f["check"] == "rows" for f in report["findings"]), report


def test_a_forged_baseline_appended_later_is_reported(run_cli, worked) -> None:  # type: ignore[no-untyped-def]
    store, _doc = worked
    from gridapp.changes import row_digest, stored_values
    from gridapp.models import Party

    con = station_sql(store.db_path, isolation_level=None)
    try:
        con.execute("UPDATE party SET name = '李四'")
    finally:
        con.close()
    with store.session() as s:  # what someone holding the whole data directory could append
        party = s.scalars(select(Party)).first()
        assert party is not None
        audit.append(s, device=store.device_id, actor="系统", action="audit.baseline",
                     entity="sync", entity_id="baseline",
                     after={"rows": {f"party:{party.id}": row_digest("party",
                                                                     stored_values(s, party))}})
    code, report = _verify(run_cli, store)
    assert code == 1
    assert any("核验基线" in f["message"] for f in report["findings"]), report["findings"]


def test_pools_still_verify_after_the_case_number_width_changes(run_cli, worked) -> None:  # type: ignore[no-untyped-def]
    from gridapp.integrity.findings import Report
    from gridapp.integrity.pools import check_pools

    store, _doc = worked
    fmt = store.pack.case_number_format.replace("{seq:06d}", "{seq:05d}")
    assert fmt != store.pack.case_number_format
    report = Report()
    with store.read() as s:
        check_pools(s, report, device=store.device_id, data_dir=store.data_dir, case_format=fmt)
    assert report.ok, [f.describe() for f in report.findings]


@pytest.mark.parametrize("content", ["not hex at all", "abcd", ""])
def test_a_damaged_chain_key_is_refused_clearly_and_not_replaced(
        run_cli, worked, content: str) -> None:  # type: ignore[no-untyped-def]
    store, _doc = worked
    data = store.data_dir
    store.close()
    chain_key.key_path(data).write_text(content, encoding="ascii")
    before = (data / "station.sqlite").read_bytes()
    r = run_cli("--data-dir", data, "verify")
    assert r.code == 2 and "签章密钥" in r.err and "已损坏" in r.err and "Traceback" not in r.err
    assert chain_key.key_path(data).read_text(encoding="ascii") == content, "never replaced"
    assert (data / "station.sqlite").read_bytes() == before
