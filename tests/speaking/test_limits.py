"""The site's speaking endpoints are rate-limited per site token; concurrent starts still
leave one speaker."""

import asyncio
import uuid

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.config import Settings
from tests.conftest import Actor
from tests.factories import API, site_headers
from tests.speaking.conftest import ask, make_floor

SLOW = 0.001  # no bucket refills while a test runs


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"site_burst": 3, "site_rate_per_s": SLOW})


async def test_a_site_asking_too_often_is_429_for_its_token_only(
    client: httpx.AsyncClient, organizer: Actor, session: AsyncSession
) -> None:
    floor = await make_floor(client, organizer, session)
    first = site_headers(floor.tokens[0])
    await ask(client, floor.tokens[0], "Ông A")
    assert (await client.get(f"{API}/site/speaking", headers=first)).status_code == 200
    made = await ask(client, floor.tokens[0], "Ông B")
    refused = await client.post(f"{API}/site/speaking/{made['id']}/withdraw", headers=first)
    assert refused.status_code == 429
    assert refused.json()["code"] == "request.rate_limited"
    assert int(refused.headers["Retry-After"]) >= 1
    await ask(client, floor.tokens[1], "Bà C")  # another site is not limited


async def test_concurrent_starts_leave_exactly_one_speaker(
    client: httpx.AsyncClient, organizer: Actor, session: AsyncSession
) -> None:
    floor = await make_floor(client, organizer, session)
    made = []
    for token in floor.tokens:
        response = await client.post(
            f"{API}/site/speaking",
            json={"speaker_name": "Người nói", "request_id": str(uuid.uuid4())},
            headers=site_headers(token),
        )
        made.append(response.json()["id"])
    answers = await asyncio.gather(
        *(client.post(f"{floor.queue_url}/{rid}/start", headers=organizer.headers) for rid in made)
    )
    assert all(a.status_code in (200, 409) for a in answers), [a.text for a in answers]
    speaking = await client.get(f"{floor.queue_url}?status=speaking", headers=organizer.headers)
    assert speaking.json()["total"] == 1
