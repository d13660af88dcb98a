"""Tasks of the conclusion: assigned to all sites or some in one transaction, only while
the seminar is live or ended, edited and deleted by unlimited members."""

from datetime import date, timedelta

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.followup.models import FollowupTask, TaskAssignment
from tests.conftest import Actor, MakeActor
from tests.factories import API, create_seminar
from tests.followup.conftest import Scene, create_task

DUE = date.today() + timedelta(days=30)


async def test_a_task_for_all_sites_reaches_every_remote_site(
    client: httpx.AsyncClient, scene: Scene
) -> None:
    task = await create_task(client, scene, "Quán triệt kết luận", DUE, detail="Tổ chức học tập")

    assert task["assigned"] == task["not_started"] == len(scene.sites) == 7
    assert (task["done"], task["in_progress"], task["overdue"]) == (0, 0, 0)
    listed = await client.get(f"{scene.url}/tasks", headers=scene.organizer.headers)
    assert listed.json() == {"items": [task], "total": 1}


async def test_a_task_for_picked_sites_reaches_those_only(
    client: httpx.AsyncClient, scene: Scene
) -> None:
    picked = [scene.north_units[0].id, scene.south.id, scene.north_units[0].id]
    task = await create_task(client, scene, "Báo cáo chuyên đề", DUE, site_ids=picked)

    assert task["assigned"] == 2  # duplicates once
    rows = await client.get(
        f"{scene.url}/tasks/{task['id']}/sites", headers=scene.organizer.headers
    )
    assert {r["site_id"] for r in rows.json()["items"]} == {scene.north_units[0].id, scene.south.id}


async def test_unknown_sites_are_422_and_nothing_is_written(
    client: httpx.AsyncClient, scene: Scene, organizer: Actor, session: AsyncSession
) -> None:
    other = await create_seminar(client, organizer, "live")
    refused = await client.post(
        f"{scene.url}/tasks",
        json={"title": "Việc", "due_on": DUE.isoformat(), "site_ids": [scene.north.id, 999_999]},
        headers=organizer.headers,
    )
    both = await client.post(
        f"{scene.url}/tasks",
        json={"title": "Việc", "due_on": DUE.isoformat(), "site_ids": [1], "all_sites": True},
        headers=organizer.headers,
    )
    empty = await client.post(
        f"{API}/seminars/{other['id']}/tasks",
        json={"title": "Việc", "due_on": DUE.isoformat(), "all_sites": True},
        headers=organizer.headers,
    )

    assert refused.status_code == 422 and refused.json()["code"] == "followup.sites_unknown"
    assert "999999" in refused.json()["detail"].replace(".", "")
    assert both.status_code == 422
    assert both.json()["errors"][0]["type"] == "followup.sites_required"
    assert empty.status_code == 422 and empty.json()["code"] == "followup.no_sites"
    assert await session.scalar(select(func.count(FollowupTask.id))) == 0
    assert await session.scalar(select(func.count(TaskAssignment.id))) == 0


async def test_tasks_wait_for_the_seminar_to_be_live_or_ended(
    client: httpx.AsyncClient, organizer: Actor
) -> None:
    for status in ("draft", "published", "cancelled"):
        seminar = await create_seminar(client, organizer, status)
        refused = await client.post(
            f"{API}/seminars/{seminar['id']}/tasks",
            json={"title": "Việc", "due_on": DUE.isoformat(), "all_sites": True},
            headers=organizer.headers,
        )
        assert refused.status_code == 409, refused.text
        assert refused.json()["code"] == "followup.tasks_not_yet"
        assert "Chỉ giao nhiệm vụ" in refused.json()["detail"]


async def test_a_task_is_edited_and_deleted_with_its_assignments(
    client: httpx.AsyncClient, scene: Scene, session: AsyncSession
) -> None:
    task = await create_task(client, scene, "Việc cũ", DUE)
    url = f"{scene.url}/tasks/{task['id']}"
    edited = await client.patch(
        url, json={"title": "Việc mới", "detail": ""}, headers=scene.organizer.headers
    )
    assert edited.status_code == 200, edited.text
    assert (edited.json()["title"], edited.json()["detail"], edited.json()["assigned"]) == (
        "Việc mới",
        None,
        7,
    )

    deleted = await client.delete(url, headers=scene.organizer.headers)
    assert deleted.status_code == 204
    assert await session.scalar(select(func.count(TaskAssignment.id))) == 0
    await session.commit()  # end the read: SQLite runs one writer at a time
    again = await client.patch(url, json={"title": "X"}, headers=scene.organizer.headers)
    assert again.status_code == 404 and again.json()["code"] == "followup.task_not_found"


async def test_a_limited_member_counts_their_subtree_and_cannot_assign(
    client: httpx.AsyncClient, scene: Scene, make_actor: MakeActor
) -> None:
    north_staff = await make_actor()
    added = await client.post(
        f"{scene.url}/members",
        json={"user_id": north_staff.user.id, "subtree_site_id": scene.north.id},
        headers=scene.organizer.headers,
    )
    assert added.status_code == 201, added.text
    everywhere = await create_task(client, scene, "Cho tất cả", DUE)
    south_only = await create_task(client, scene, "Riêng Cà Mau", DUE, site_ids=[scene.south.id])

    listed = await client.get(f"{scene.url}/tasks", headers=north_staff.headers)
    rows = await client.get(
        f"{scene.url}/tasks/{everywhere['id']}/sites", headers=north_staff.headers
    )
    refused = await client.post(
        f"{scene.url}/tasks",
        json={"title": "Việc", "due_on": DUE.isoformat(), "all_sites": True},
        headers=north_staff.headers,
    )

    assert [(t["id"], t["assigned"]) for t in listed.json()["items"]] == [(everywhere["id"], 4)]
    assert south_only["id"] not in {t["id"] for t in listed.json()["items"]}
    north = {scene.north.id, *(u.id for u in scene.north_units)}
    assert {r["site_id"] for r in rows.json()["items"]} == north
    assert rows.json()["total"] == 4
    assert refused.status_code == 403
