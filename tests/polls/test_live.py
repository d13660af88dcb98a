"""``poll`` socket messages: to views while the poll is shown live or published, to staff
views always, to site pages with the counts hidden otherwise; coalesced to at most 2 per
second per poll, with the values read when sent."""

import asyncio
import time
from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.db import utcnow
from app.polls.models import Poll
from tests.conftest import Actor, LiveServer
from tests.factories import API
from tests.polls.conftest import Hall, answer, create_poll, make_hall, move, open_poll, tally
from tests.realtime.viewer import WAIT_S, Socket


async def until(socket: Socket, predicate: Any) -> None:
    """Until ``predicate()`` holds (woken by each message; bounded by WAIT_S)."""
    async with socket._changed:
        await asyncio.wait_for(socket._changed.wait_for(predicate), WAIT_S)


def polls(socket: Socket, poll_id: int) -> list[dict[str, Any]]:
    return [m for m in socket.events("poll") if m["poll"]["poll_id"] == poll_id]


def numbered(socket: Socket) -> list[int]:
    """The versions of the view messages a socket got after its snapshot, in order."""
    return [
        data["version"]
        for event, data in socket.received
        if event != "snapshot" and isinstance(data, dict) and data.get("version") is not None
    ]


async def sockets(url: str, hall: Hall, organizer: Actor) -> tuple[Socket, Socket, Socket]:
    display = await Socket().connect(url, {"seminar_id": hall.seminar_id})
    staff = await Socket().connect(
        url, {"access_token": organizer.token, "seminar_id": hall.seminar_id}
    )
    page = await Socket().connect(url, {"site_token": hall.tokens[0]})
    await display.got("snapshot")
    await staff.got("snapshot")
    return display, staff, page


async def test_a_live_poll_reaches_the_display_staff_and_site_pages_with_its_counts(
    live_server: LiveServer, client: httpx.AsyncClient, organizer: Actor, hall: Hall
) -> None:
    display, staff, page = await sockets(live_server.url, hall, organizer)
    try:
        start = display.events("snapshot")[0]["version"]
        poll = await open_poll(client, organizer, hall, show_live=True)
        yes = poll["options"][0]["id"]
        await tally(client, hall.tokens[0], poll["id"], {yes: 30})
        for socket in (display, staff, page):
            await until(
                socket,
                lambda s=socket: any(m["poll"]["responses"] == 30 for m in polls(s, poll["id"])),
            )
        last = polls(display, poll["id"])[-1]
        assert last["poll"]["status"] == "open" and not last["results_hidden"]
        assert last["poll"]["options"][0] == {
            "id": yes, "label": "Đồng ý", "count": 30, "percent": 100.0, "percent_vi": "100%"
        }  # fmt: skip
        # Numbered like every view message: no gap, so no resync.
        versions = numbered(display)
        assert versions == list(range(start + 1, start + 1 + len(versions)))
        assert polls(staff, poll["id"])[-1]["poll"]["responses"] == 30
    finally:
        for socket in (display, staff, page):
            await socket.close()


async def test_a_hidden_poll_reaches_staff_only_and_site_pages_without_counts(
    live_server: LiveServer, client: httpx.AsyncClient, organizer: Actor, hall: Hall
) -> None:
    display, staff, page = await sockets(live_server.url, hall, organizer)
    try:
        poll = await open_poll(client, organizer, hall, mode="per_person")
        yes = poll["options"][0]["id"]
        await answer(client, poll["token"], [yes])
        await until(
            staff, lambda: any(m["poll"]["responses"] == 1 for m in polls(staff, poll["id"]))
        )
        assert polls(staff, poll["id"])[-1]["version"] is None  # staff messages: not numbered
        await until(page, lambda: bool(polls(page, poll["id"])))
        for message in polls(page, poll["id"]):
            assert message["results_hidden"] and message["poll"]["responses"] == 0
            assert {o["count"] for o in message["poll"]["options"]} == {0}
        # Published: now the public sees it (the status change goes out as a message).
        await move(client, organizer, hall, poll["id"], "close")
        await move(client, organizer, hall, poll["id"], "publish")
        await until(
            display,
            lambda: any(m["poll"]["status"] == "published" for m in polls(display, poll["id"])),
        )
        shown = polls(display, poll["id"])
        assert [m["poll"]["status"] for m in shown] == ["published"]
        assert shown[0]["poll"]["responses"] == 1
    finally:
        for socket in (display, staff, page):
            await socket.close()


async def test_a_burst_of_answers_gives_at_most_two_messages_a_second_with_the_last_count(
    live_server: LiveServer, client: httpx.AsyncClient, organizer: Actor, hall: Hall
) -> None:
    poll = await open_poll(client, organizer, hall, mode="per_person", show_live=True)
    yes, no = (o["id"] for o in poll["options"])
    display = await Socket().connect(live_server.url, {"seminar_id": hall.seminar_id})
    burst = 300
    try:
        await display.got("snapshot")
        began = time.monotonic()
        await asyncio.gather(
            *(answer(client, poll["token"], [yes if n % 3 else no]) for n in range(burst))
        )
        await until(
            display,
            lambda: any(m["poll"]["responses"] == burst for m in polls(display, poll["id"])),
        )
        elapsed = time.monotonic() - began
        received = polls(display, poll["id"])
        # A rate, measured against the time the test itself saw pass: the first message
        # goes out at once, each next one at least half a second after the previous.
        assert len(received) <= 2 * elapsed + 1, (len(received), elapsed)
        final = received[-1]["poll"]
        noes = len(range(0, burst, 3))
        assert [o["count"] for o in final["options"]] == [burst - noes, noes]
    finally:
        await display.close()


async def test_the_site_page_learns_a_per_site_poll_opened_even_when_hidden(
    live_server: LiveServer,
    client: httpx.AsyncClient,
    organizer: Actor,
    session: AsyncSession,
) -> None:
    hall = await make_hall(client, organizer, session, headcounts=(12,))
    page = await Socket().connect(live_server.url, {"site_token": hall.tokens[0]})
    try:
        poll = await create_poll(client, organizer, hall)
        await move(client, organizer, hall, poll["id"], "open")
        await until(
            page, lambda: any(m["poll"]["status"] == "open" for m in polls(page, poll["id"]))
        )
        listed = await client.get(f"{API}/site/polls", headers={"X-Site-Token": hall.tokens[0]})
        assert [p["id"] for p in listed.json()["items"]] == [poll["id"]]
    finally:
        await page.close()


async def test_views_are_told_when_a_poll_reaches_its_closing_time(
    live_server: LiveServer,
    client: httpx.AsyncClient,
    organizer: Actor,
    hall: Hall,
    session: AsyncSession,
) -> None:
    survey = await create_poll(
        client, organizer, hall, purpose="survey", options=None, show_live=True
    )
    await move(client, organizer, hall, survey["id"], "open", duration_minutes=30)
    display = await Socket().connect(live_server.url, {"seminar_id": hall.seminar_id})
    try:
        await display.got("snapshot")
        soon = utcnow() + timedelta(seconds=1)
        await session.execute(update(Poll).where(Poll.id == survey["id"]).values(closes_at=soon))
        await session.commit()
        await answer(client, survey["token"], [survey["options"][4]["id"]])
        await until(
            display,
            lambda: any(m["poll"]["status"] == "closed" for m in polls(display, survey["id"])),
        )
        statuses = [m["poll"]["status"] for m in polls(display, survey["id"])]
        assert statuses[0] == "open" and statuses[-1] == "closed"
    finally:
        await display.close()
