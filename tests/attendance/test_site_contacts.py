"""Who to phone: a seminar's sites list the coordinator a site registered with, else the
directory's, so that the console can call sites that have not registered yet."""

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from tests.conftest import Actor
from tests.factories import API, create_seminar, create_site, invite, site_headers


async def test_a_site_not_registered_yet_lists_the_directory_coordinator_then_its_own(
    client: httpx.AsyncClient, organizer: Actor, session: AsyncSession
) -> None:
    site = await create_site(session, "X1", "Xã Đồng Tâm")
    site.coordinator_name = "Trần Văn Bình"
    site.coordinator_phone = "0987654321"
    await session.commit()
    seminar = await create_seminar(client, organizer, "published")
    tokens = await invite(client, organizer, seminar["id"], [site.id])
    url = f"{API}/seminars/{seminar['id']}/sites"

    waiting = await client.get(url, params={"never_connected": True}, headers=organizer.headers)
    assert waiting.status_code == 200, waiting.text
    [row] = waiting.json()["items"]
    assert (row["coordinator_name"], row["coordinator_phone"]) == ("Trần Văn Bình", "0987654321")

    registered = await client.post(
        f"{API}/site/register",
        json={
            "expected_attendees": 12,
            "coordinator_name": "Lê Thị Hoa",
            "coordinator_phone": "0911222333",
        },
        headers=site_headers(tokens[site.id]),
    )
    assert registered.status_code == 200, registered.text
    [row] = (await client.get(url, headers=organizer.headers)).json()["items"]
    assert (row["coordinator_name"], row["coordinator_phone"]) == ("Lê Thị Hoa", "0911222333")
