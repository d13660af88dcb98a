"""Polls across two processes: a ``poll`` message reaches the views of both, and a burst
of 1,000 answers sent to both gives each view at most 2 messages a second for the poll
(one Redis gate per poll), the last with every answer counted."""

import asyncio
import time
import uuid

import httpx

from tests.conftest import Actor
from tests.factories import API
from tests.faults.conftest import DiemcauServer
from tests.polls.test_live import polls, until
from tests.realtime.conftest import LiveSeminar
from tests.realtime.multiprocess.test_two_processes import started
from tests.realtime.viewer import Socket

BURST = 1000
# Phones in flight at once (SQLite shared by two processes: writers queue on its lock).
IN_FLIGHT = 10


async def open_live_poll(client: httpx.AsyncClient, organizer: Actor, seminar_id: int) -> dict:
    url = f"{API}/seminars/{seminar_id}/polls"
    body = {"question": "Đồng ý?", "options": ["Đồng ý", "Không"], "mode": "per_person",
            "show_live": True}  # fmt: skip
    created = await client.post(url, json=body, headers=organizer.headers)
    assert created.status_code == 201, created.text
    opened = await client.post(f"{url}/{created.json()['id']}/open", headers=organizer.headers)
    assert opened.status_code == 200, opened.text
    return opened.json()


async def test_a_burst_of_answers_on_two_processes_reaches_both_views_coalesced(
    live: LiveSeminar,
    client: httpx.AsyncClient,
    pair: list[DiemcauServer],
    https: list[httpx.AsyncClient],
    organizer: Actor,
) -> None:
    poll = await open_live_poll(client, organizer, live.id)
    yes = poll["options"][0]["id"]
    for server in pair:  # one loopback address sends the whole burst
        server.env["DIEMCAU_POLL_PUBLIC_BURST"] = str(BURST * 2)
    await started(pair, https)
    views = [await Socket().connect(s.url, {"seminar_id": live.id}) for s in pair]
    slots = asyncio.Semaphore(IN_FLIGHT)

    async def send(n: int) -> int:
        async with slots:
            response = await https[n % 2].post(
                f"{API}/public/polls/{poll['token']}/answers",
                json={"option_ids": [yes], "device_key": str(uuid.uuid4())},
            )
            return response.status_code

    try:
        for view in views:
            await view.got("snapshot")
        began = time.monotonic()
        statuses = await asyncio.gather(*(send(n) for n in range(BURST)))
        assert statuses == [200] * BURST
        for view in views:
            await until(
                view,
                lambda v=view: any(m["poll"]["responses"] == BURST for m in polls(v, poll["id"])),
            )
        elapsed = time.monotonic() - began
        for view in views:
            received = polls(view, poll["id"])
            # A rate against the time the test saw pass (not a speed).
            assert len(received) <= 2 * elapsed + 2, (len(received), elapsed)
            assert received[-1]["poll"]["options"][0]["count"] == BURST
        # A status change on one process reaches the views of both.
        closed = await https[1].post(
            f"{API}/seminars/{live.id}/polls/{poll['id']}/close", headers=organizer.headers
        )
        assert closed.status_code == 200, closed.text
        for view in views:
            await until(
                view,
                lambda v=view: any(m["poll"]["status"] == "closed" for m in polls(v, poll["id"])),
            )
    finally:
        for view in views:
            await view.close()
