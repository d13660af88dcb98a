"""The speaking queue across two processes: a request made and started on one reaches the
display, the organizers and the requesting site's page on the other; starts racing on the
two processes still leave one speaker."""

import asyncio
import uuid

import httpx

from tests.conftest import Actor
from tests.factories import API, site_headers
from tests.faults.conftest import DiemcauServer
from tests.realtime.conftest import LiveSeminar
from tests.realtime.multiprocess.test_two_processes import started
from tests.realtime.viewer import Socket
from tests.speaking.test_live_events import numbered, own_statuses, until


async def ask(http: httpx.AsyncClient, token: str, name: str) -> dict:
    response = await http.post(
        f"{API}/site/speaking",
        json={"speaker_name": name, "request_id": str(uuid.uuid4())},
        headers=site_headers(token),
    )
    assert response.status_code == 201, response.text
    return response.json()


async def test_the_floor_moved_on_one_process_reaches_every_view_on_the_other(
    live: LiveSeminar,
    pair: list[DiemcauServer],
    https: list[httpx.AsyncClient],
    organizer: Actor,
) -> None:
    a, b = pair
    await started(pair, https)
    mine_token, other_token = list(live.tokens.values())[:2]
    display = await Socket().connect(b.url, {"seminar_id": live.id})
    staff = await Socket().connect(b.url, {"access_token": organizer.token, "seminar_id": live.id})
    mine = await Socket().connect(b.url, {"site_token": mine_token})
    other = await Socket().connect(a.url, {"site_token": other_token})
    try:
        await display.got("snapshot")
        start = display.events("snapshot")[0]["version"]
        made = await ask(https[0], mine_token, "Ông A")
        queue = f"{API}/seminars/{live.id}/speaking/{made['id']}"
        for action in ("call", "start"):
            moved = await https[0].post(f"{queue}/{action}", headers=organizer.headers)
            assert moved.status_code == 200, moved.text

        await until(display, lambda: any(m["current"] for m in display.events("speaking")))
        assert display.events("speaking")[-1]["current"]["speaker_name"] == "Ông A"
        versions = numbered(display)
        assert versions == list(range(start + 1, start + 1 + len(versions)))
        await until(mine, lambda: "speaking" in own_statuses(mine))
        assert own_statuses(mine) == ["requested", "called", "speaking"]
        await until(staff, lambda: len(staff.events("speaking_queue")) == 3)
        await until(other, lambda: any(m.get("current") for m in other.events("speaking")))
        assert [m for m in other.events("speaking") if "request" in m] == []
        assert display.events("speaking_queue") == []
    finally:
        for socket in (display, staff, mine, other):
            await socket.close()


async def test_starts_racing_on_two_processes_leave_one_speaker(
    live: LiveSeminar,
    pair: list[DiemcauServer],
    https: list[httpx.AsyncClient],
    organizer: Actor,
) -> None:
    await started(pair, https)
    tokens = list(live.tokens.values())[:6]
    made = [await ask(https[n % 2], token, f"Người {n}") for n, token in enumerate(tokens)]
    answers = await asyncio.gather(
        *(
            https[n % 2].post(
                f"{API}/seminars/{live.id}/speaking/{item['id']}/start", headers=organizer.headers
            )
            for n, item in enumerate(made)
        )
    )
    assert {a.status_code for a in answers} <= {200, 409}, [a.text for a in answers]
    speaking = await https[0].get(
        f"{API}/seminars/{live.id}/speaking?status=speaking", headers=organizer.headers
    )
    assert speaking.json()["total"] == 1
