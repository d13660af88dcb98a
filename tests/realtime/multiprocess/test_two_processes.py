"""Two interchangeable processes sharing a database and Redis behave as one server.

Real ``diemcau serve`` processes, a real ``redis-server``; viewers are socket.io clients
that keep a view like the big screen does (snapshot, contiguous deltas, resync on a gap).
"""

import asyncio
import itertools
import os
import subprocess
import sys
import time
from typing import Any

import httpx

from app.core.config import Settings
from tests.conftest import Actor
from tests.factories import API
from tests.faults.conftest import (
    WAIT_S,
    DiemcauServer,
    Sent,
    post_report,
    report_body,
    stored_request_ids,
)
from tests.faults.test_headcount_faults import database_view
from tests.realtime.conftest import LiveSeminar, site_page
from tests.realtime.multiprocess.conftest import RedisServer
from tests.realtime.viewer import SitePage, Viewer


async def started(pair: list[DiemcauServer], https: list[httpx.AsyncClient]) -> None:
    """Start both servers and wait until each answers (bounded by the client timeout)."""
    for server in pair:
        server.start()
    for http in https:
        assert (await http.get(f"{API}/health")).status_code == 200


async def watch(url: str, seminar_id: int, count: int) -> list[Viewer]:
    return list(
        await asyncio.gather(
            *(Viewer().connect(url, {"seminar_id": seminar_id}) for _ in range(count))
        )
    )


async def shows(settings: Settings, seminar_id: int):  # type: ignore[no-untyped-def]
    """A predicate: the viewer shows what the database holds now."""
    headcount, connected, rows = await database_view(settings, seminar_id)

    def predicate(viewer: Viewer) -> bool:
        listed = {
            site_id: row["headcount"]
            for site_id, row in viewer.sites.items()
            if row["status"] == "checked_in"
        }
        return (
            viewer.version is not None
            and viewer.totals.get("headcount") == headcount
            and viewer.totals.get("sites_connected") == connected
            and listed == rows
        )

    return predicate


async def report_all(
    live: LiveSeminar, https: list[httpx.AsyncClient], sent: Sent, per_site: int, tokens=None
) -> None:
    """``per_site`` growing reports from each site; a report refused by one server (or
    unanswered) is sent again, same request id, to the other, like a site page's queue."""
    work: asyncio.Queue[tuple[str, dict[str, Any]]] = asyncio.Queue()
    for n in range(per_site):
        for token in tokens or live.tokens.values():
            work.put_nowait((token, report_body(n + 1)))

    async def client(first: int) -> None:
        while not work.empty():
            token, body = work.get_nowait()
            for attempt in range(4):
                http = https[(first + attempt) % len(https)]
                response = await post_report(http, sent, token, body)
                if response is not None and response.status_code < 500:
                    break

    await asyncio.gather(*(client(i % len(https)) for i in range(20)))


def contiguous(viewer: Viewer) -> bool:
    """Every version the viewer applied follows the one before (its first snapshot on)."""
    first = viewer.applied[0]
    return viewer.applied == list(range(first, first + len(viewer.applied)))


async def test_every_viewer_on_either_process_gets_every_change_coalesced_with_contiguous_versions(
    live: LiveSeminar,
    pair: list[DiemcauServer],
    https: list[httpx.AsyncClient],
    settings: Settings,
) -> None:
    a, b = pair
    await started(pair, https)
    viewers = await watch(a.url, live.id, 8) + await watch(b.url, live.id, 8)
    tokens = list(live.tokens.values())
    pages = [await SitePage().connect(a.url, tokens[0]), await SitePage().connect(b.url, tokens[1])]
    sent = Sent()
    try:
        # Twenty sites report to process A only.
        opened = time.monotonic()
        await report_all(live, https[:1], sent, per_site=10)
        assert len(sent.acknowledged) == 200

        converged = await shows(settings, live.id)
        await asyncio.gather(*(v.wait_for(converged) for v in viewers))
        headcount = (await database_view(settings, live.id))[0]
        await asyncio.gather(
            *(p.wait_for(lambda p: p.totals["headcount"] == headcount) for p in pages)
        )
        elapsed = time.monotonic() - opened
        for page in pages:
            assert page.leaks == []  # site pages never get the views' rows
            # At most one totals message a second (counted by the client, with slack).
            assert len(page.totals_messages) <= elapsed + 2
        for viewer in viewers:
            assert viewer.resyncs == 0
            assert viewer.snapshots == 1
            assert contiguous(viewer), viewer.applied
            # Coalesced: far fewer messages than reports, wherever the viewer is, and at
            # most four a second (counted by the client over the run, with slack).
            assert 0 < len(viewer.attendance_messages) < len(sent.acknowledged) / 4
            assert len(viewer.attendance_messages) <= 4 * elapsed + 2
        # Every viewer saw the same numbered sequence, whichever process it is on.
        sequences = {tuple(m["version"] for m in v.attendance_messages) for v in viewers}
        assert len(sequences) == 1, sequences
    finally:
        await asyncio.gather(*(v.disconnect() for v in [*viewers, *pages]))


async def test_a_killed_process_loses_no_report_its_viewers_move_and_its_site_pages_leave(
    live: LiveSeminar,
    pair: list[DiemcauServer],
    https: list[httpx.AsyncClient],
    settings: Settings,
) -> None:
    a, b = pair
    await started(pair, https)
    *reporting, page_token = list(live.tokens.values())
    page_site = next(site for site, token in live.tokens.items() if token == page_token)
    # The site page of the last site is open on process A.
    page = await SitePage().connect(a.url, page_token)
    on_a = await watch(a.url, live.id, 4)
    on_b = await watch(b.url, live.id, 4)
    gone = [asyncio.Event() for _ in on_a]
    for viewer, event in zip(on_a, gone, strict=True):
        viewer.sio.on("disconnect", event.set, namespace="/live")
    sent = Sent()
    moved: list[Viewer] = []
    try:
        load = asyncio.create_task(report_all(live, https, sent, per_site=30, tokens=reporting))
        await on_b[0].wait_for(lambda v: len(v.attendance_messages) >= 2)
        a.kill()  # under load: reports in flight on A are answered by nobody
        a.sock.close()  # new connections to A are refused: clients go to B
        await asyncio.wait_for(load, 3 * WAIT_S)
        await asyncio.gather(*(asyncio.wait_for(e.wait(), WAIT_S) for e in gone))
        moved = await watch(b.url, live.id, len(on_a))  # A's viewers reconnect to B

        with_db = sent.acknowledged <= await stored_request_ids(settings)
        assert with_db, "an acknowledged report is missing from the database"
        assert len(sent.acknowledged) == len(reporting) * 30  # every report got through

        # The page's only socket was on A: after the grace period the site leaves.
        await on_b[0].wait_for(lambda v: v.sites[page_site]["status"] == "disconnected")
        converged = await shows(settings, live.id)
        await asyncio.gather(*(v.wait_for(converged) for v in on_b + moved))
        assert (await database_view(settings, live.id))[1] == len(reporting)
    finally:
        await asyncio.gather(*(v.disconnect() for v in [page, *on_a, *on_b, *moved]))


async def test_redis_restarted_under_load_live_messages_resume_and_every_view_converges(
    live: LiveSeminar,
    pair: list[DiemcauServer],
    https: list[httpx.AsyncClient],
    settings: Settings,
    fresh_redis: RedisServer,
) -> None:
    a, b = pair
    await started(pair, https)
    viewers = await watch(a.url, live.id, 4) + await watch(b.url, live.id, 4)
    sent = Sent()
    stop = asyncio.Event()
    headcounts = itertools.count(1)
    milestone: tuple[int, asyncio.Event] = (0, asyncio.Event())

    async def reporter(i: int) -> None:
        tokens = list(live.tokens.values())
        while not stop.is_set():
            for token in tokens[i::4]:
                await post_report(https[i % 2], sent, token, report_body(next(headcounts)))
                if len(sent.acknowledged) >= milestone[0]:
                    milestone[1].set()

    load = [asyncio.create_task(reporter(i)) for i in range(4)]
    try:
        await asyncio.gather(
            *(v.wait_for(lambda v: len(v.attendance_messages) >= 2) for v in viewers)
        )
        fresh_redis.stop()  # everything Redis held is lost
        # Reports go on without Redis: forty more are acknowledged while it is down.
        milestone = (len(sent.acknowledged) + 40, asyncio.Event())
        await asyncio.wait_for(milestone[1].wait(), WAIT_S)
        fresh_redis.start()
        # Live messages resume: each view sees the renumbered stream, asks a snapshot.
        await asyncio.gather(*(v.wait_for(lambda v: v.snapshots >= 2) for v in viewers))
        stop.set()
        await asyncio.gather(*load)
        converged = await shows(settings, live.id)
        await asyncio.gather(*(v.wait_for(converged) for v in viewers))
        assert {s for s, code in sent.statuses.items() if code >= 500} == set()
    finally:
        stop.set()
        await asyncio.gather(*load, return_exceptions=True)
        await asyncio.gather(*(v.disconnect() for v in viewers))


async def test_rotating_a_token_on_one_process_closes_the_sites_sockets_on_the_other(
    live: LiveSeminar,
    pair: list[DiemcauServer],
    https: list[httpx.AsyncClient],
    organizer: Actor,
) -> None:
    a, b = pair
    await started(pair, https)
    site, token = next(iter(live.tokens.items()))
    pages = [await site_page(a.url, token) for _ in range(2)]
    closed = [asyncio.Event() for _ in pages]
    for page, event in zip(pages, closed, strict=True):
        page.on("disconnect", event.set, namespace="/live")
    viewer = await Viewer().connect(b.url, {"seminar_id": live.id})
    try:
        rotated = await https[1].post(
            f"{API}/seminars/{live.id}/sites/{site}/token", headers=organizer.headers
        )
        assert rotated.status_code == 200, rotated.text
        await asyncio.gather(*(asyncio.wait_for(e.wait(), WAIT_S) for e in closed))
        # No socket left anywhere: the site leaves the total after the grace period.
        await viewer.wait_for(lambda v: v.sites[site]["status"] == "disconnected")
    finally:
        await asyncio.gather(*(p.disconnect() for p in pages), viewer.disconnect())


async def test_serve_with_several_workers_shares_live_updates_through_redis(
    live: LiveSeminar,
    pair: list[DiemcauServer],
    https: list[httpx.AsyncClient],
    settings: Settings,
) -> None:
    server = pair[0]
    server.workers = 2
    await started([server], https[:1])
    # Enough viewers that both workers hold some (the kernel spreads the connections).
    viewers = await watch(server.url, live.id, 12)
    sent = Sent()
    try:
        await report_all(live, https[:1], sent, per_site=5)
        assert len(sent.acknowledged) == 100
        converged = await shows(settings, live.id)
        await asyncio.gather(*(v.wait_for(converged) for v in viewers))
        assert all(v.resyncs == 0 and contiguous(v) for v in viewers)
    finally:
        await asyncio.gather(*(v.disconnect() for v in viewers))


def test_serve_refuses_several_workers_without_redis(settings: Settings) -> None:
    env = {**os.environ, "DIEMCAU_DATABASE_URL": settings.database_url}
    env.pop("DIEMCAU_REDIS_URL", None)
    done = subprocess.run(
        [sys.executable, "-m", "app.cli", "serve", "--workers", "2"],
        env=env,
        capture_output=True,
        text=True,
        timeout=WAIT_S,
    )
    assert done.returncode != 0
    assert "DIEMCAU_REDIS_URL" in done.stderr
