"""Faults on the headcount hot path, against a real ``diemcau serve`` process.

The rule in every case: a report answered 2xx is in the database, a report that is not
in the database was not answered 2xx, and a passing fault answers 503 with Retry-After.
"""

import asyncio
import resource
import signal

import httpx

from app.core.config import Settings
from tests.faults.conftest import (
    WAIT_S,
    DiemcauServer,
    Sent,
    connect,
    post_report,
    query,
    report_body,
    stored_request_ids,
    writers_held,
)
from tests.realtime.conftest import LiveSeminar
from tests.realtime.viewer import Viewer
from tests.services import refusing_trigger, sqlite_only


def many_reports(live: LiveSeminar, per_site: int) -> asyncio.Queue[tuple[str, dict]]:
    """``per_site`` reports for every site, interleaved, headcounts growing."""
    work: asyncio.Queue[tuple[str, dict]] = asyncio.Queue()
    for n in range(per_site):
        for token in live.tokens.values():
            work.put_nowait((token, report_body(n + 1)))
    return work


async def run_clients(
    http: httpx.AsyncClient, work: asyncio.Queue, sent: Sent, clients: int, ack_event: tuple
) -> list[asyncio.Task[None]]:
    """``clients`` concurrent clients draining ``work``; sets the event after N acks."""
    threshold, event = ack_event

    async def client() -> None:
        while not work.empty():
            token, body = work.get_nowait()
            await post_report(http, sent, token, body)
            if len(sent.acknowledged) >= threshold:
                event.set()

    return [asyncio.create_task(client()) for _ in range(clients)]


async def database_view(settings: Settings, seminar_id: int) -> tuple[int, int, dict[int, int]]:
    """The seminar's stored totals and each checked-in site's stored headcount."""
    ((headcount, connected),) = await query(
        settings,
        "SELECT live_headcount, sites_connected FROM seminars WHERE id = :id",
        id=seminar_id,
    )
    rows = await query(
        settings,
        "SELECT site_id, headcount FROM seminar_sites"
        " WHERE seminar_id = :id AND status = 'checked_in'",
        id=seminar_id,
    )
    return headcount, connected, dict(rows)


def assert_refused_passing_fault(response: httpx.Response | None) -> None:
    assert response is not None
    assert response.status_code == 503, response.text
    assert int(response.headers["Retry-After"]) > 0
    assert response.json()["code"]
    assert response.json()["detail"]


async def test_sigkill_under_load_loses_no_acknowledged_report_and_a_new_display_shows_the_database(
    live: LiveSeminar, server: DiemcauServer, http: httpx.AsyncClient, settings: Settings
) -> None:
    server.start()
    work = many_reports(live, per_site=50)  # 20 sites: 1,000 reports
    sent = Sent()
    some_acknowledged = asyncio.Event()
    clients = await run_clients(http, work, sent, 50, (200, some_acknowledged))
    await asyncio.wait_for(some_acknowledged.wait(), WAIT_S)

    server.kill()  # with reports queued, being written and being answered
    server.start()  # the clients go on against the new process (same socket)
    await asyncio.wait_for(asyncio.gather(*clients), 3 * WAIT_S)

    assert len(sent.statuses) == 1000
    assert sent.acknowledged <= await stored_request_ids(settings)
    assert len(sent.acknowledged) > 200  # the restarted server took reports too

    headcount, connected, rows = await database_view(settings, live.id)
    assert headcount == sum(rows.values())
    viewer = await Viewer().connect(server.url, {"seminar_id": live.id})
    try:
        assert viewer.totals["headcount"] == headcount
        assert viewer.totals["sites_connected"] == connected == 20
        assert {site_id: row["headcount"] for site_id, row in viewer.sites.items()} == rows
    finally:
        await viewer.disconnect()


async def test_sigterm_drains_every_acknowledged_report_is_committed(
    live: LiveSeminar, server: DiemcauServer, http: httpx.AsyncClient, settings: Settings
) -> None:
    server.start()
    work = many_reports(live, per_site=30)
    sent = Sent()
    some_acknowledged = asyncio.Event()
    clients = await run_clients(http, work, sent, 50, (100, some_acknowledged))
    await asyncio.wait_for(some_acknowledged.wait(), WAIT_S)

    exit_code = await asyncio.to_thread(server.terminate)
    await asyncio.wait_for(asyncio.gather(*clients), 2 * WAIT_S)

    # A graceful exit (uvicorn then ends by the signal it caught): the app shut down.
    assert exit_code in (0, -signal.SIGTERM), server.log()
    assert "Application shutdown complete" in server.log()
    assert sent.acknowledged <= await stored_request_ids(settings)
    refused = [r for r in sent.answers.values() if not 200 <= r.status_code < 300]
    for response in refused:  # refused while draining: told to send again later
        assert_refused_passing_fault(response)


async def test_a_poison_report_among_a_hundred_honest_ones_fails_alone(
    live: LiveSeminar, server: DiemcauServer, http: httpx.AsyncClient, settings: Settings
) -> None:
    # A real write failure, for this one request id only.
    dialect = "sqlite" if settings.database_url.startswith("sqlite") else "postgresql"
    when = "NEW.request_id = 'poison'"
    for statement in refusing_trigger(dialect, "poison_report", "attendance_reports", when):
        await query(settings, statement)
    server.start()
    tokens = list(live.tokens.values())
    honest = [(tokens[i % len(tokens)], report_body(i + 1)) for i in range(100)]
    poison = (tokens[0], report_body(7, request_id="poison"))
    reports = [*honest[:50], poison, *honest[50:]]
    sent = Sent()
    # Hold the write lock while they arrive so that they queue up into one batch.
    dispatched = 0
    all_dispatched = asyncio.Event()

    async def on_request(_request: httpx.Request) -> None:
        nonlocal dispatched
        dispatched += 1
        if dispatched == len(reports):
            all_dispatched.set()

    http.event_hooks["request"] = [on_request]
    async with writers_held(settings):
        tasks = [asyncio.create_task(post_report(http, sent, t, b)) for t, b in reports]
        await asyncio.wait_for(all_dispatched.wait(), WAIT_S)
    await asyncio.wait_for(asyncio.gather(*tasks), WAIT_S)

    assert {rid: status for rid, status in sent.statuses.items() if status != 200} == {
        "poison": 422
    }
    assert sent.answers["poison"].json()["code"] == "attendance.report_not_recorded"
    stored = await stored_request_ids(settings)
    assert {str(b["request_id"]) for _t, b in honest} <= stored
    assert "poison" not in stored


@sqlite_only
async def test_a_locked_database_answers_503_acknowledges_nothing_and_then_takes_the_same_reports(
    live: LiveSeminar, server: DiemcauServer, http: httpx.AsyncClient, settings: Settings
) -> None:
    server.start()
    token = next(iter(live.tokens.values()))
    warm = Sent()
    await post_report(http, warm, token, report_body(1))
    assert warm.acknowledged

    bodies = [report_body(10 + i) for i in range(10)]
    lock = connect(settings)
    lock.execute("BEGIN EXCLUSIVE")  # another process holds the database
    try:
        during = Sent()
        answers = await asyncio.gather(*(post_report(http, during, token, b) for b in bodies))
        for response in answers:
            assert_refused_passing_fault(response)
        assert not during.acknowledged
        stored = {row[0] for row in lock.execute("SELECT request_id FROM attendance_reports")}
        assert stored.isdisjoint(b["request_id"] for b in bodies)
    finally:
        lock.execute("ROLLBACK")
        lock.close()

    after = Sent()
    answers = await asyncio.gather(*(post_report(http, after, token, b) for b in bodies))
    assert [r.status_code for r in answers if r is not None] == [200] * len(bodies)
    assert {str(b["request_id"]) for b in bodies} <= await stored_request_ids(settings)


@sqlite_only
async def test_a_disk_that_refuses_writes_answers_503_acknowledges_nothing_and_recovers(
    live: LiveSeminar, server: DiemcauServer, http: httpx.AsyncClient, settings: Settings
) -> None:
    server.start()
    token = next(iter(live.tokens.values()))
    warm = Sent()
    await post_report(http, warm, token, report_body(1))
    assert warm.acknowledged

    # Empty the WAL, then forbid the server's process to grow any file: its next commit
    # fails to write, as on a full disk.
    with connect(settings) as conn:
        busy, _log, _checkpointed = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    assert busy == 0
    soft, hard = resource.prlimit(server.pid, resource.RLIMIT_FSIZE)
    resource.prlimit(server.pid, resource.RLIMIT_FSIZE, (0, hard))
    bodies = [report_body(20 + i) for i in range(10)]
    try:
        during = Sent()
        answers = await asyncio.gather(*(post_report(http, during, token, b) for b in bodies))
        for response in answers:
            assert_refused_passing_fault(response)
        assert not during.acknowledged
    finally:
        resource.prlimit(server.pid, resource.RLIMIT_FSIZE, (soft, hard))
    assert (await stored_request_ids(settings)).isdisjoint(b["request_id"] for b in bodies)

    after = Sent()
    answers = await asyncio.gather(*(post_report(http, after, token, b) for b in bodies))
    assert [r.status_code for r in answers if r is not None] == [200] * len(bodies)
    assert {str(b["request_id"]) for b in bodies} <= await stored_request_ids(settings)
