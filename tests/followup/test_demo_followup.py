"""The demo's reference seminar has a conclusion notice with three tasks and partial
progress: some sites done, some in progress, one task past its due date; loading the
follow-up again changes nothing."""

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app import demo_data as D
from app.core.config import Settings
from app.demo import load_demo
from app.followup.demo import load_demo_followup
from app.followup.models import TaskAssignment
from app.seminars.models import Seminar
from app.users.models import Role
from tests.conftest import MakeActor
from tests.factories import API


async def test_the_demo_has_a_conclusion_with_three_tasks_in_progress(
    client: httpx.AsyncClient, session: AsyncSession, settings: Settings, make_actor: MakeActor
) -> None:
    admin = await make_actor(Role.admin)
    await load_demo(session, base_url="http://127.0.0.1", data_dir=settings.data_dir)
    seminar = await session.scalar(select(Seminar).where(Seminar.slug == D.SEMINAR_SLUG))
    assert seminar is not None
    assert await load_demo_followup(session, seminar, "Ai đó") == 0  # already there
    rows = await session.scalar(select(func.count(TaskAssignment.id)))
    await session.commit()
    url = f"{API}/seminars/{seminar.id}"

    tasks = (await client.get(f"{url}/tasks", headers=admin.headers)).json()["items"]
    conclusion = (await client.get(f"{url}/conclusion", headers=admin.headers)).json()
    docx = await client.get(f"{url}/conclusion.docx", headers=admin.headers)

    assert len(tasks) == 3 and rows == sum(t["assigned"] for t in tasks)
    assert all(t["done"] > 0 and t["in_progress"] > 0 and t["not_started"] > 0 for t in tasks)
    assert [t["overdue"] > 0 for t in tasks] == [True, False, False]  # due first: the late one
    assert conclusion["number"] == "25-TB/ĐU"
    assert docx.status_code == 200
