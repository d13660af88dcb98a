"""Follow-up across two processes: a site's progress report on one process reaches the
organizers' boards on the other as a ``task`` staff message (a member limited to a
subtree only for their sites); public views never get it."""

from datetime import date, timedelta

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from app.followup.schemas import TaskEvent
from app.sites.models import SiteLevel
from tests.conftest import Actor, MakeActor
from tests.factories import API, create_site, site_headers
from tests.faults.conftest import DiemcauServer
from tests.followup.test_live import until
from tests.realtime.conftest import make_live_seminar
from tests.realtime.multiprocess.test_two_processes import started
from tests.realtime.viewer import Socket


async def test_a_progress_report_reaches_the_boards_on_the_other_process(
    client: httpx.AsyncClient,
    organizer: Actor,
    make_actor: MakeActor,
    session: AsyncSession,
    pair: list[DiemcauServer],
    https: list[httpx.AsyncClient],
) -> None:
    north = await create_site(session, "B", "Tỉnh Bắc Ninh", level=SiteLevel.province)
    south = await create_site(session, "N", "Tỉnh Cà Mau", level=SiteLevel.province)
    await session.commit()  # no read transaction left open for the servers to wait on
    live = await make_live_seminar(client, organizer, [north, south], checked_in=False)
    south_staff = await make_actor()
    added = await client.post(
        f"{API}/seminars/{live.id}/members",
        json={"user_id": south_staff.user.id, "subtree_site_id": south.id},
        headers=organizer.headers,
    )
    assert added.status_code == 201, added.text
    created = await client.post(
        f"{API}/seminars/{live.id}/tasks",
        json={"title": "Quán triệt", "due_on": str(date.today() + timedelta(days=7)),
              "all_sites": True},
        headers=organizer.headers,
    )  # fmt: skip
    assert created.status_code == 201, created.text
    task_id = created.json()["id"]
    ended = await client.post(f"{API}/seminars/{live.id}/end", headers=organizer.headers)
    assert ended.status_code == 200
    _a, b = pair
    http_a, _http_b = https
    await started(pair, https)

    console = await Socket().connect(
        b.url, {"access_token": organizer.token, "seminar_id": live.id}
    )
    south_console = await Socket().connect(
        b.url, {"access_token": south_staff.token, "seminar_id": live.id}
    )
    public = await Socket().connect(b.url, {"seminar_id": live.id})
    sockets = [console, south_console, public]
    try:
        for site, status in ((north, "done"), (south, "in_progress")):
            sent = await http_a.post(
                f"{API}/site/tasks/{task_id}/progress",
                json={"status": status, "note": "Đã họp", "request_id": f"mp-{site.code}"},
                headers=site_headers(live.tokens[site.id]),
            )
            assert sent.status_code == 200, sent.text

        # The south report went out last: whoever got the north one got it before.
        await south_console.got("task", task_id=task_id)
        await until(console, lambda: len(console.events("task")) == 2)
        for message in console.events("task"):
            TaskEvent.model_validate(message)  # the documented shape, nothing more
        assert [(m["site"]["code"], m["site"]["status"]) for m in console.events("task")] == [
            ("B", "done"),
            ("N", "in_progress"),
        ]
        assert [m["site"]["code"] for m in south_console.events("task")] == ["N"]
        assert public.events("task") == []
    finally:
        for socket in sockets:
            await socket.close()
