"""The demo's reference seminar carries one resolved incident, listed in its report."""

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app import demo_data as D
from app.core.config import Settings
from app.demo import load_demo
from app.seminars.models import Seminar
from app.users.models import Role
from tests.conftest import MakeActor
from tests.factories import API


async def test_the_demo_seminar_has_one_resolved_incident_in_its_report(
    client: httpx.AsyncClient, session: AsyncSession, settings: Settings, make_actor: MakeActor
) -> None:
    admin = await make_actor(Role.admin)
    await load_demo(session, base_url="http://127.0.0.1", data_dir=settings.data_dir)
    seminar_id = await session.scalar(select(Seminar.id).where(Seminar.slug == D.SEMINAR_SLUG))
    await session.commit()

    report = (await client.get(f"{API}/seminars/{seminar_id}/report", headers=admin.headers)).json()

    assert report["incidents"]["total"] == 1
    (line,) = report["incidents"]["items"]
    assert (line["kind"], line["minutes"]) == ("audio", 7)
    listed = await client.get(f"{API}/seminars/{seminar_id}/incidents", headers=admin.headers)
    assert [i["status"] for i in listed.json()["items"]] == ["resolved"]
