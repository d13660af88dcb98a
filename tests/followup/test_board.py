"""The board: per task counts (done / in progress / not started / overdue) computed in
SQL match a count by hand of the rows; per-site rows page and filter by status; overdue
is judged by the seminar's own calendar date."""

import random
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from app.followup.models import TaskAssignment, TaskStatus
from tests.conftest import Actor
from tests.factories import API, create_seminar, create_site, invite
from tests.followup.conftest import Scene, create_task, end, progress


async def test_counts_match_the_rows_and_filters_page_them(
    client: httpx.AsyncClient, scene: Scene
) -> None:
    past = date.today() - timedelta(days=3)
    late = await create_task(client, scene, "Đã quá hạn", past)
    ahead = await create_task(client, scene, "Còn hạn", date.today() + timedelta(days=30))
    await end(client, scene)
    rng = random.Random(13)
    for task in (late, ahead):
        for site in scene.sites:
            choice = rng.choice(["none", "in_progress", "done"])
            if choice != "none":
                answer = await progress(client, scene, site, task["id"], choice)
                assert answer.status_code == 200, answer.text

    listed = (await client.get(f"{scene.url}/tasks", headers=scene.organizer.headers)).json()
    for summary in listed["items"]:
        url = f"{scene.url}/tasks/{summary['id']}/sites"
        rows = (await client.get(url, headers=scene.organizer.headers)).json()["items"]
        by_hand = {s: sum(1 for r in rows if r["status"] == s) for s in TaskStatus}
        overdue = [
            r
            for r in rows
            if r["status"] != "done" and date.fromisoformat(summary["due_on"]) < date.today()
        ]
        assert summary["assigned"] == len(rows) == len(scene.sites)
        assert summary["done"] == by_hand[TaskStatus.done]
        assert summary["in_progress"] == by_hand[TaskStatus.in_progress]
        assert summary["not_started"] == by_hand[TaskStatus.not_started]
        assert summary["overdue"] == len(overdue) == sum(r["overdue"] for r in rows)
        for status in ("done", "in_progress", "not_started", "overdue"):
            page = await client.get(
                url, params={"status": status, "limit": 2}, headers=scene.organizer.headers
            )
            body = page.json()
            expected = summary[status]
            assert body["total"] == expected
            assert len(body["items"]) == min(2, expected)
            if status != "overdue":
                assert all(r["status"] == status for r in body["items"])
            else:
                assert all(r["overdue"] for r in body["items"])
    assert next(t for t in listed["items"] if t["id"] == ahead["id"])["overdue"] == 0
    bad = await client.get(
        f"{scene.url}/tasks/{late['id']}/sites?status=late", headers=scene.organizer.headers
    )
    assert bad.status_code == 422


async def test_the_board_searches_sites_by_name_without_diacritics(
    client: httpx.AsyncClient, scene: Scene
) -> None:
    task = await create_task(client, scene, "Việc", date.today())
    rows = await client.get(
        f"{scene.url}/tasks/{task['id']}/sites",
        params={"q": "ca mau"},
        headers=scene.organizer.headers,
    )
    assert [r["code"] for r in rows.json()["items"]] == ["N"]


async def test_overdue_follows_the_seminars_time_zone(
    client: httpx.AsyncClient, organizer: Actor, session: AsyncSession
) -> None:
    # 25 hours apart: their calendar dates always differ, whatever the time of the run.
    ahead, behind = "Pacific/Kiritimati", "Pacific/Pago_Pago"
    due = datetime.now(UTC).astimezone(ZoneInfo(behind)).date()  # "today" in Pago Pago
    overdue = {}
    for tz in (ahead, behind):
        site = await create_site(session, f"TZ-{tz[-4:]}", f"Điểm cầu {tz}")
        seminar = await create_seminar(client, organizer, "live", timezone=tz)
        await invite(client, organizer, seminar["id"], [site.id])
        created = await client.post(
            f"{API}/seminars/{seminar['id']}/tasks",
            json={"title": "Việc", "due_on": due.isoformat(), "all_sites": True},
            headers=organizer.headers,
        )
        assert created.status_code == 201, created.text
        overdue[tz] = created.json()["overdue"]
    # In Kiritimati that day is past; in Pago Pago it is today: due, not yet overdue.
    assert overdue == {ahead: 1, behind: 0}


async def test_a_done_task_past_due_is_not_overdue(
    client: httpx.AsyncClient, scene: Scene, session: AsyncSession
) -> None:
    task = await create_task(client, scene, "Việc", date.today() - timedelta(days=1))
    await session.execute(
        update(TaskAssignment)
        .where(TaskAssignment.task_id == task["id"])
        .values(status=TaskStatus.done)
    )
    await session.commit()
    listed = await client.get(f"{scene.url}/tasks", headers=scene.organizer.headers)
    summary = listed.json()["items"][0]
    assert (summary["done"], summary["overdue"], summary["not_started"]) == (7, 0, 0)
