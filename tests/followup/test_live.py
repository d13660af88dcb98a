"""The board updates live: a site's report reaches the organizers' staff views as a
``task`` message (limited members only for their subtree), never public views."""

import asyncio
from collections.abc import Callable
from datetime import date, timedelta

import httpx

from tests.conftest import LiveServer, MakeActor
from tests.followup.conftest import Scene, create_task, end, progress
from tests.realtime.viewer import WAIT_S, Socket


async def until(socket: Socket, seen: Callable[[], bool]) -> None:
    async with socket._changed:
        await asyncio.wait_for(socket._changed.wait_for(seen), WAIT_S)


async def test_a_progress_report_reaches_the_staff_views_that_cover_the_site(
    live_server: LiveServer, client: httpx.AsyncClient, scene: Scene, make_actor: MakeActor
) -> None:
    south_staff = await make_actor()
    added = await client.post(
        f"{scene.url}/members",
        json={"user_id": south_staff.user.id, "subtree_site_id": scene.south.id},
        headers=scene.organizer.headers,
    )
    assert added.status_code == 201
    task = await create_task(client, scene, "Quán triệt", date.today() + timedelta(days=9))
    await end(client, scene)
    url, sid = live_server.url, scene.seminar["id"]
    staff = await Socket().connect(url, {"access_token": scene.organizer.token, "seminar_id": sid})
    south_view = await Socket().connect(url, {"access_token": south_staff.token, "seminar_id": sid})
    public = await Socket().connect(url, {"seminar_id": sid})
    try:
        north = await progress(client, scene, scene.north_units[0], task["id"], "done")
        south = await progress(client, scene, scene.south_units[0], task["id"], "in_progress")
        assert north.status_code == south.status_code == 200

        await until(staff, lambda: len(staff.events("task")) == 2)
        # The north report went out first: had the south view got it, it would be first.
        await south_view.got("task", task_id=task["id"])
        assert [m["site"]["code"] for m in staff.events("task")] == ["B1", "N1"]
        assert staff.events("task")[0]["site"]["status"] == "done"
        assert [m["site"]["code"] for m in south_view.events("task")] == ["N1"]
        assert south_view.events("task")[0]["site"]["status"] == "in_progress"
        assert public.events("task") == []
    finally:
        for socket in (staff, south_view, public):
            await socket.close()
