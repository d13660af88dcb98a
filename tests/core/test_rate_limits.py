"""The public endpoints answer 429 with ``Retry-After`` past their rates: the public
pages and calendars per client address, the site pages per site token."""

from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.config import Settings
from tests.conftest import Actor
from tests.factories import API, create_seminar, create_site, invite, site_headers

# A rate so slow that no bucket refills while a test runs.
SLOW = 0.001


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(
        update={
            "public_burst": 3,
            "public_rate_per_s": SLOW,
            "site_burst": 2,
            "site_rate_per_s": SLOW,
        }
    )


async def _client_at(app: FastAPI, address: str) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, client=(address, 40000))
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")


@pytest.fixture
async def elsewhere(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """A client from another address."""
    async with await _client_at(app, "127.0.0.2") as client:
        yield client


def assert_rate_limited(response: httpx.Response) -> None:
    assert response.status_code == 429
    assert response.json()["code"] == "request.rate_limited"
    seconds = int(response.headers["Retry-After"])
    assert seconds >= 1
    assert response.json()["params"]["seconds"] == seconds
    assert f"{seconds} giây" in response.json()["detail"]


@pytest.mark.parametrize("path", ["/public/seminars/{slug}", "/seminars/{id}/calendar.ics"])
async def test_a_public_page_past_its_burst_is_429_for_that_address_only(
    client: httpx.AsyncClient,
    elsewhere: httpx.AsyncClient,
    organizer: Actor,
    path: str,
) -> None:
    seminar = await create_seminar(client, organizer, "published")
    url = API + path.format(slug=seminar["slug"], id=seminar["id"])
    for _ in range(3):
        assert (await client.get(url)).status_code == 200
    assert_rate_limited(await client.get(url))
    assert (await elsewhere.get(url)).status_code == 200


async def test_refused_requests_do_not_reach_the_api(client: httpx.AsyncClient) -> None:
    """Even unknown slugs count: a flood of 404s is still a flood."""
    for n in range(3):
        assert (await client.get(f"{API}/public/seminars/khong-co-{n}")).status_code == 404
    assert_rate_limited(await client.get(f"{API}/public/seminars/khong-co"))
    assert_rate_limited(await client.get(f"{API}/public/calls"))


async def test_site_pages_are_limited_per_token(
    client: httpx.AsyncClient, organizer: Actor, session: AsyncSession, app: FastAPI
) -> None:
    first = await create_site(session, "A", "Điểm cầu A")
    second = await create_site(session, "B", "Điểm cầu B")
    seminar = await create_seminar(client, organizer, "published")
    tokens = await invite(client, organizer, seminar["id"], [first.id, second.id])
    a, b = site_headers(tokens[first.id]), site_headers(tokens[second.id])
    assert (await client.get(f"{API}/site", headers=a)).status_code == 200
    registered = await client.post(
        f"{API}/site/register", json={"expected_attendees": 30}, headers=a
    )
    assert registered.status_code == 200
    assert_rate_limited(await client.post(f"{API}/site/checkin", headers=a))
    async with await _client_at(app, "127.0.0.3") as elsewhere:
        assert_rate_limited(await elsewhere.get(f"{API}/site", headers=a))  # same token
    # Another site from the same address (one provincial network) is not held back.
    for _ in range(2):
        assert (await client.get(f"{API}/site", headers=b)).status_code == 200


async def test_staff_endpoints_and_headcount_reports_are_not_limited_here(
    client: httpx.AsyncClient, organizer: Actor
) -> None:
    seminar = await create_seminar(client, organizer, "published")
    for _ in range(10):
        response = await client.get(f"{API}/seminars/{seminar['id']}", headers=organizer.headers)
        assert response.status_code == 200
    for _ in range(5):
        reported = await client.post(
            f"{API}/site/headcount",
            json={"headcount": 1, "request_id": "r", "reported_at": "2026-07-19T08:00:00+07:00"},
            headers=site_headers("not-a-token"),
        )
        assert reported.status_code != 429
