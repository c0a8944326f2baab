"""HQ's pull feed under concurrent writers, and two HQ processes serving one PostgreSQL."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import func, select

from gridapp import changes
from gridapp.caselog import service as case_service
from gridapp.models import OutboxEntry
from gridapp.store import StationStore
from sync import protocol as p
from sync import station as sync_station
from sync.hq import service
from sync.hq.database import create_hq_engine, database_url, sessions
from sync.hq.models import Device, FeedEntry
from tests.conftest import DEMO_CASE_INPUT, LEAD_BADGE
from tests.sync.conftest import HQServer, enrolled, fast_client


def _change(n: int) -> p.ChangeIn:
    return p.ChangeIn(change_id=n, entity="grid", entity_id=f"g-{n}", op="insert",
                      base_revision=0, revision=1, hlc="", whole_row=True,
                      values={"code": f"G{n:04d}", "name": f"网格{n}"})


def test_a_reader_never_passes_a_feed_entry_still_being_written(hq: HQServer) -> None:
    """Two pushes interleave: the first holds its transaction open while the second starts.
    A reader polling meanwhile must see entries only in commit order, never skipping one."""
    if hq.db_url is None:
        pytest.skip("SQLite runs one writer at a time and readers wait for it (BEGIN IMMEDIATE)")
    engine = create_hq_engine(database_url(hq.data, hq.db_url))
    make = sessions(engine)
    with make.begin() as s:
        s.add_all([Device(id="dev-a", station="甲中队", token_sha256="a" * 64),
                   Device(id="dev-b", station="甲中队", token_sha256="b" * 64)])
    first = make()
    first.begin()
    service.push(first, first.get(Device, "dev-a"), p.PushRequest(changes=[_change(1)]))
    second_done = threading.Event()

    def second_push() -> None:
        with make.begin() as s:
            service.push(s, s.get(Device, "dev-b"), p.PushRequest(changes=[_change(2)]))
        second_done.set()

    t = threading.Thread(target=second_push)
    t.start()
    time.sleep(0.5)
    assert not second_done.is_set()  # waits for the first writer
    with make() as reader:
        dev = reader.get(Device, "dev-b")
        assert dev is not None
        assert service.pull(reader, dev, 0, 100).changes == []
    first.commit()
    first.close()
    t.join(10)
    assert second_done.is_set()
    with make() as reader:
        dev = reader.get(Device, "dev-b")
        assert dev is not None
        page = service.pull(reader, dev, 0, 100)
        assert [c.entity_id for c in page.changes] == ["g-1"]  # its own echo is not sent back
        seqs = list(reader.scalars(select(FeedEntry.seq).order_by(FeedEntry.seq)))
        assert seqs == [1, 2]
    engine.dispose()


def test_two_hq_processes_on_one_postgresql_keep_exactly_once(
        hq: HQServer, store: StationStore, second_device: StationStore) -> None:
    if hq.db_url is None:
        pytest.skip("several server processes share one PostgreSQL database")
    other = hq.spawn()
    hq.extra.append(other)
    urls = [hq.url, f"http://127.0.0.1:{other.port}"]  # type: ignore[attr-defined]
    with store.session() as s:
        for i in range(12):
            data = dict(DEMO_CASE_INPUT)
            data["address"] = f"上海市黄浦区福州路{i + 1}号"
            case_service.create_case(store, s, data, LEAD_BADGE)
    enrolled(store, hq)
    with store.read() as s:
        total = len(changes.pending(s, limit=10_000))
    # the same batches sent to both processes at once, then alternately
    with store.session() as s:
        shipped = changes.pending(s, limit=10_000)
        changes.freeze(s, shipped)
    body = p.PushRequest(changes=[sync_station._change_in(c) for c in shipped])
    token = sync_station.config(store).token
    answers: list[p.PushResponse] = []

    def push(url: str) -> None:
        answers.append(fast_client(url, token).push(body))

    threads = [threading.Thread(target=push, args=(urls[i % 2],)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    applied = [r for a in answers for r in a.results if r.status == "applied"]
    assert len(applied) == total
    assert hq.count("hq_record") == total == hq.count("hq_feed")
    for i in range(4):
        http = fast_client(urls[i % 2], token)
        sync_station.run(store, http=http)
    with store.read() as s:
        assert s.scalar(select(func.count()).select_from(OutboxEntry)) == 0
    # a second laptop pulling alternately from both processes gets every row once
    enrolled(second_device, hq)
    token2 = sync_station.config(second_device).token
    for i in range(3):
        sync_station.run(second_device, http=fast_client(urls[(i + 1) % 2], token2))
    with second_device.read() as s:
        from gridapp.models import Case

        assert s.scalar(select(func.count()).select_from(Case)) == 12
    assert hq.count("hq_record") == total
