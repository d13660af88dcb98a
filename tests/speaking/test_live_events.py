"""The floor on the sockets: every view gets ``speaking`` numbered with its other messages,
a display connecting late sees the current speaker in its snapshot, a site page gets its
own request's ``speaking`` (never another site's), organizers get ``speaking_queue``."""

import asyncio
from collections.abc import Callable
from typing import Any

import httpx
from pydantic import TypeAdapter
from sqlalchemy.ext.asyncio import AsyncSession

from app.attendance.wire import LIVE_EVENTS
from app.speaking.schemas import SiteSpeakingEvent, SpeakingQueueEvent
from tests.conftest import Actor, LiveServer
from tests.factories import API
from tests.realtime.viewer import WAIT_S, Socket
from tests.speaking.conftest import Floor, act, ask, make_floor


async def until(socket: Socket, seen: Callable[[], bool]) -> None:
    """Wait (bounded) until ``seen()`` holds for what ``socket`` received."""
    async with socket._changed:
        await asyncio.wait_for(socket._changed.wait_for(seen), WAIT_S)


def own_statuses(socket: Socket) -> list[str]:
    """The statuses of the site's own request messages (not the public floor's)."""
    return [m["request"]["status"] for m in socket.events("speaking") if "request" in m]


def numbered(socket: Socket) -> list[int]:
    """The versions of the view's messages after its first snapshot, in arrival order."""
    return [d["version"] for e, d in socket.received if e != "snapshot" and "version" in d]


async def test_a_display_gets_the_floor_with_contiguous_versions(
    live_server: LiveServer, client: httpx.AsyncClient, organizer: Actor, session: AsyncSession
) -> None:
    floor = await make_floor(client, organizer, session)
    display = await Socket().connect(live_server.url, {"seminar_id": floor.seminar_id})
    try:
        await display.got("snapshot")
        start = display.events("snapshot")[0]["version"]
        a = await ask(client, floor.tokens[0], "Ông A")
        b = await ask(client, floor.tokens[1], "Bà B")
        await act(client, organizer, floor, a["id"], "call")
        await act(client, organizer, floor, a["id"], "start")
        await display.got(
            "speaking", next=[{"speaker_name": "Bà B", "site_name": "Xã Phát Biểu 1"}]
        )
        message = display.events("speaking")[-1]
        TypeAdapter(LIVE_EVENTS["speaking"]).validate_python(message)
        assert message["current"]["speaker_name"] == "Ông A"
        assert message["current"]["speaker_title"] == "Bí thư Đảng ủy"
        assert message["current"]["site_name"] == "Xã Phát Biểu 0"
        assert message["current"]["planned_seconds"] == 180
        assert message["current"]["started_at"] is not None
        versions = numbered(display)
        assert versions == list(range(start + 1, start + 1 + len(versions)))
        assert len(display.events("speaking")) == 4  # one per change
        assert display.events("speaking_queue") == []  # staff only

        late = await Socket().connect(live_server.url, {"seminar_id": floor.seminar_id})
        try:
            await late.got("snapshot")
            snapshot = late.events("snapshot")[0]
            TypeAdapter(LIVE_EVENTS["snapshot"]).validate_python(snapshot)
            assert snapshot["speaking"]["current"]["speaker_name"] == "Ông A"
            assert [n["speaker_name"] for n in snapshot["speaking"]["next"]] == ["Bà B"]
        finally:
            await late.close()

        await act(client, organizer, floor, a["id"], "end")
        await until(display, lambda: len(display.events("speaking")) == 5)
        assert display.events("speaking")[-1]["current"] is None
        assert [n["speaker_name"] for n in display.events("speaking")[-1]["next"]] == ["Bà B"]
        assert b["place"] == 2
    finally:
        await display.close()


async def test_a_site_page_gets_its_own_request_and_place_only(
    live_server: LiveServer, client: httpx.AsyncClient, organizer: Actor, session: AsyncSession
) -> None:
    floor: Floor = await make_floor(client, organizer, session)
    url = live_server.url
    mine = await Socket().connect(url, {"site_token": floor.tokens[0]})
    other = await Socket().connect(url, {"site_token": floor.tokens[1]})
    staff = await Socket().connect(
        url, {"access_token": organizer.token, "seminar_id": floor.seminar_id}
    )
    try:
        first = await ask(client, floor.tokens[2], "Ông Z")
        made = await ask(client, floor.tokens[0], "Ông A")
        await act(client, organizer, floor, made["id"], "call")
        await act(client, organizer, floor, made["id"], "start")
        await until(mine, lambda: "speaking" in own_statuses(mine))

        own: list[dict[str, Any]] = [m for m in mine.events("speaking") if "request" in m]
        assert [(m["request"]["status"], m["place"]) for m in own] == [
            ("requested", 2),
            ("called", 1),
            ("speaking", None),
        ]
        assert all(m["request"]["id"] == made["id"] for m in own)
        for m in own:
            SiteSpeakingEvent.model_validate(m)
        # The other site sees the public floor, never someone else's request.
        await until(other, lambda: any(m["current"] for m in other.events("speaking")))
        assert [m for m in other.events("speaking") if "request" in m] == []
        await until(staff, lambda: len(staff.events("speaking_queue")) == 4)
        changed = [m["changed"] for m in staff.events("speaking_queue")]
        assert [c["id"] for c in changed] == [first["id"], made["id"], made["id"], made["id"]]
        assert "coordinator_phone" in changed[0]
        for m in staff.events("speaking_queue"):
            SpeakingQueueEvent.model_validate(m)
    finally:
        for socket in (mine, other, staff):
            await socket.close()


async def test_ending_the_seminar_takes_the_speaker_off_every_view(
    live_server: LiveServer, client: httpx.AsyncClient, organizer: Actor, session: AsyncSession
) -> None:
    floor = await make_floor(client, organizer, session)
    display = await Socket().connect(live_server.url, {"seminar_id": floor.seminar_id})
    site = await Socket().connect(live_server.url, {"site_token": floor.tokens[0]})
    try:
        a = await ask(client, floor.tokens[0], "Ông A")
        await act(client, organizer, floor, a["id"], "start")
        await until(display, lambda: any(m["current"] for m in display.events("speaking")))
        ended = await client.post(
            f"{API}/seminars/{floor.seminar_id}/end", headers=organizer.headers
        )
        assert ended.status_code == 200, ended.text
        await until(display, lambda: display.events("speaking")[-1]["current"] is None)
        await until(site, lambda: own_statuses(site)[-1:] == ["done"])
        await display.got("seminar", status="ended")
    finally:
        for socket in (display, site):
            await socket.close()
