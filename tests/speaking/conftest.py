"""A live seminar with three invited sites, and helpers to ask for the floor."""

import uuid
from dataclasses import dataclass

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests.conftest import Actor
from tests.factories import API, create_seminar, create_site, invite, site_headers


@dataclass
class Floor:
    seminar_id: int
    site_ids: list[int]
    tokens: list[str]

    @property
    def queue_url(self) -> str:
        return f"{API}/seminars/{self.seminar_id}/speaking"


async def make_floor(
    client: httpx.AsyncClient, organizer: Actor, session: AsyncSession, status: str = "live"
) -> Floor:
    sites = [await create_site(session, f"SP{n}", f"Xã Phát Biểu {n}") for n in range(3)]
    seminar = await create_seminar(client, organizer, status)
    tokens = await invite(client, organizer, seminar["id"], [s.id for s in sites])
    return Floor(seminar["id"], [s.id for s in sites], [tokens[s.id] for s in sites])


@pytest.fixture
async def floor(client: httpx.AsyncClient, organizer: Actor, session: AsyncSession) -> Floor:
    return await make_floor(client, organizer, session)


async def ask(
    client: httpx.AsyncClient,
    token: str,
    name: str,
    request_id: str | None = None,
    expect: int = 201,
) -> dict:
    response = await client.post(
        f"{API}/site/speaking",
        json={
            "speaker_name": name,
            "speaker_title": "Bí thư Đảng ủy",
            "topic": "Chuyển đổi số cấp xã",
            "request_id": request_id or str(uuid.uuid4()),
        },
        headers=site_headers(token),
    )
    assert response.status_code == expect, response.text
    return response.json()


async def act(
    client: httpx.AsyncClient,
    organizer: Actor,
    floor: Floor,
    request_id: int,
    action: str,
    expect: int = 200,
    **body: object,
) -> dict:
    response = await client.post(
        f"{floor.queue_url}/{request_id}/{action}", json=body or None, headers=organizer.headers
    )
    assert response.status_code == expect, response.text
    return response.json()


async def queue_names(client: httpx.AsyncClient, organizer: Actor, floor: Floor) -> list[str]:
    response = await client.get(floor.queue_url, headers=organizer.headers)
    assert response.status_code == 200, response.text
    return [item["speaker_name"] for item in response.json()["items"]]
