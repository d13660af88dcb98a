"""A live seminar with checked-in sites (known headcounts), and helpers to run polls."""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests.conftest import Actor
from tests.factories import API, create_seminar, create_site, invite, site_headers

HEADCOUNTS = (40, 30, 20)


@dataclass
class Hall:
    seminar_id: int
    slug: str
    site_ids: list[int]
    tokens: list[str]

    @property
    def polls_url(self) -> str:
        return f"{API}/seminars/{self.seminar_id}/polls"


async def check_in(client: httpx.AsyncClient, token: str, headcount: int) -> None:
    """Register, check in and report ``headcount`` people, as a site's page does."""
    headers = site_headers(token)
    registered = await client.post(
        f"{API}/site/register", json={"expected_attendees": headcount}, headers=headers
    )
    assert registered.status_code == 200, registered.text
    checked = await client.post(f"{API}/site/checkin", headers=headers)
    assert checked.status_code == 200, checked.text
    reported = await client.post(
        f"{API}/site/headcount",
        json={
            "headcount": headcount,
            "request_id": str(uuid.uuid4()),
            "reported_at": datetime.now(UTC).isoformat(),
        },
        headers=headers,
    )
    assert reported.status_code == 200, reported.text


async def make_hall(
    client: httpx.AsyncClient,
    organizer: Actor,
    session: AsyncSession,
    status: str = "live",
    headcounts: tuple[int, ...] = HEADCOUNTS,
) -> Hall:
    sites = [
        await create_site(session, f"PL{n}-{uuid.uuid4().hex[:6]}", f"Xã Biểu Quyết {n}")
        for n in range(len(headcounts))
    ]
    # On its day: a published seminar may open polls then.
    starts_at = datetime.now(UTC) + timedelta(minutes=30)
    seminar = await create_seminar(
        client, organizer, status, starts_at=starts_at, ends_at=starts_at + timedelta(hours=3)
    )
    tokens = await invite(client, organizer, seminar["id"], [s.id for s in sites])
    hall = Hall(
        seminar["id"], seminar["slug"], [s.id for s in sites], [tokens[s.id] for s in sites]
    )
    if status == "live":
        for token, headcount in zip(hall.tokens, headcounts, strict=True):
            await check_in(client, token, headcount)
    return hall


@pytest.fixture
async def hall(client: httpx.AsyncClient, organizer: Actor, session: AsyncSession) -> Hall:
    return await make_hall(client, organizer, session)


async def create_poll(
    client: httpx.AsyncClient, organizer: Actor, hall: Hall, expect: int = 201, **body: object
) -> dict:
    payload = {"question": "Đồng ý thông qua nghị quyết?", "options": ["Đồng ý", "Không đồng ý"]}
    payload.update(body)
    response = await client.post(hall.polls_url, json=payload, headers=organizer.headers)
    assert response.status_code == expect, response.text
    return response.json()


async def move(
    client: httpx.AsyncClient,
    organizer: Actor,
    hall: Hall,
    poll_id: int,
    action: str,
    expect: int = 200,
    **body: object,
) -> dict:
    response = await client.post(
        f"{hall.polls_url}/{poll_id}/{action}", json=body or None, headers=organizer.headers
    )
    assert response.status_code == expect, response.text
    return response.json()


async def open_poll(
    client: httpx.AsyncClient, organizer: Actor, hall: Hall, **body: object
) -> dict:
    poll = await create_poll(client, organizer, hall, **body)
    return await move(client, organizer, hall, poll["id"], "open")


async def tally(
    client: httpx.AsyncClient,
    token: str,
    poll_id: int,
    counts: dict[int, int],
    expect: int | None = 200,
    request_id: str | None = None,
    reported_at: datetime | None = None,
) -> dict:
    response = await client.post(
        f"{API}/site/polls/{poll_id}/tally",
        json={
            "counts": {str(k): v for k, v in counts.items()},
            "request_id": request_id or str(uuid.uuid4()),
            "reported_at": (reported_at or datetime.now(UTC)).isoformat(),
        },
        headers=site_headers(token),
    )
    if expect is not None:
        assert response.status_code == expect, response.text
    return {"status": response.status_code, **response.json()}


async def answer(
    client: httpx.AsyncClient,
    token: str,
    option_ids: list[int],
    device_key: str | None = None,
    expect: int = 200,
) -> dict:
    response = await client.post(
        f"{API}/public/polls/{token}/answers",
        json={"option_ids": option_ids, "device_key": device_key or str(uuid.uuid4())},
    )
    assert response.status_code == expect, response.text
    return response.json()


async def results(
    client: httpx.AsyncClient, actor: Actor, hall: Hall, poll_id: int, scope: int | None = None
) -> dict:
    params = {"scope": scope} if scope is not None else None
    response = await client.get(
        f"{hall.polls_url}/{poll_id}/results", params=params, headers=actor.headers
    )
    assert response.status_code == 200, response.text
    return response.json()
