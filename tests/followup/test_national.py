"""A task for all sites of a national seminar (40,000 sites) is one INSERT … SELECT in
one transaction; the board counts them in SQL (PostgreSQL too:
DIEMCAU_TEST_DATABASE=postgresql)."""

from datetime import date, timedelta

import httpx
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.attendance.models import SeminarSite
from app.followup.models import TaskAssignment, TaskStatus
from tests.conftest import Actor
from tests.factories import API, create_seminar, national_directory


async def test_a_task_for_all_sites_of_a_national_seminar(
    client: httpx.AsyncClient, organizer: Actor, session: AsyncSession
) -> None:
    tree = await national_directory(session)
    seminar = await create_seminar(client, organizer, "published")
    url = f"{API}/seminars/{seminar['id']}"
    invited = await client.post(
        f"{url}/sites", json={"subtree_of": tree.root_id}, headers=organizer.headers
    )
    assert invited.status_code == 201, invited.text[:300]
    started = await client.post(f"{url}/start", headers=organizer.headers)
    assert started.status_code == 200

    created = await client.post(
        f"{url}/tasks",
        json={
            "title": "Quán triệt",
            "due_on": str(date.today() - timedelta(days=1)),
            "all_sites": True,
        },
        headers=organizer.headers,
    )

    assert created.status_code == 201, created.text
    task = created.json()
    assert tree.total >= 40_000
    assert task["assigned"] == task["not_started"] == task["overdue"] == tree.total
    stored = await session.scalar(
        select(func.count(TaskAssignment.id)).where(TaskAssignment.task_id == task["id"])
    )
    assert stored == await session.scalar(
        select(func.count(SeminarSite.id)).where(
            SeminarSite.seminar_id == seminar["id"], SeminarSite.is_main.is_(False)
        )
    )
    # A third done: the counts follow, the board pages them.
    some = (
        select(TaskAssignment.id).where(TaskAssignment.task_id == task["id"]).limit(tree.total // 3)
    )
    await session.execute(
        update(TaskAssignment)
        .where(TaskAssignment.id.in_(some.scalar_subquery()))
        .values(status=TaskStatus.done)
    )
    await session.commit()
    summary = (await client.get(f"{url}/tasks", headers=organizer.headers)).json()["items"][0]
    assert summary["done"] == tree.total // 3
    assert summary["overdue"] == summary["not_started"] == tree.total - tree.total // 3
    page = await client.get(
        f"{url}/tasks/{task['id']}/sites",
        params={"status": "done", "limit": 100, "offset": 200},
        headers=organizer.headers,
    )
    assert page.json()["total"] == tree.total // 3 and len(page.json()["items"]) == 100
