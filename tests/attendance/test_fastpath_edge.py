"""The headcount fast path shares the app's HTTP edge: its path, its errors, its headers."""

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from app.attendance.fastpath import CHECKIN_PATH, HEADCOUNT_PATH, HeadcountFastPath
from app.core.config import API_PREFIX, Settings
from app.main import create_app
from tests.conftest import Actor
from tests.factories import create_seminar, create_site, invite


def report(**changes: object) -> dict[str, object]:
    return {
        "headcount": 12,
        "request_id": str(uuid.uuid4()),
        "reported_at": datetime.now(UTC).isoformat(),
        **changes,
    }


@pytest.fixture
async def routed(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """The same app on the same database without the fast path: FastAPI's route answers."""
    application = create_app(settings)
    application.user_middleware = [
        m for m in application.user_middleware if m.cls is not HeadcountFastPath
    ]
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
            yield c


def test_the_fast_path_serves_the_documented_route(app: FastAPI) -> None:
    assert HEADCOUNT_PATH.startswith(API_PREFIX)
    assert "post" in app.openapi()["paths"][HEADCOUNT_PATH]


# (headers, body) of requests the recorder refuses or never sees; "TOKEN" is a real one.
REFUSED: dict[str, tuple[dict[str, str], object]] = {
    "no token": ({}, report()),
    "unknown token": ({"X-Site-Token": "not-a-token"}, report()),
    "not checked in": ({"X-Site-Token": "TOKEN"}, report()),
    "bad field": ({"X-Site-Token": "TOKEN"}, report(headcount=-1)),
    "bad field, English": (
        {"X-Site-Token": "TOKEN", "Accept-Language": "en"},
        report(headcount="x"),
    ),
    "missing field": ({"X-Site-Token": "TOKEN"}, {"headcount": 3}),
    "unknown field": ({"X-Site-Token": "TOKEN"}, report(extra=1)),
    "not an object": ({"X-Site-Token": "TOKEN"}, [1, 2]),
    "not JSON": ({"X-Site-Token": "TOKEN"}, b'{"headcount": 1,'),
}


@pytest.mark.parametrize("case", list(REFUSED))
async def test_a_refusal_is_the_same_from_the_fast_path_and_from_the_route(
    client: httpx.AsyncClient,
    routed: httpx.AsyncClient,
    organizer: Actor,
    session: AsyncSession,
    case: str,
) -> None:
    site = await create_site(session, "HN-1", "Chi bộ Hà Nội 1")
    seminar = await create_seminar(client, organizer, status="live")
    token = (await invite(client, organizer, seminar["id"], [site.id]))[site.id]
    headers, body = REFUSED[case]
    headers = {k: token if v == "TOKEN" else v for k, v in headers.items()}

    if isinstance(body, bytes):
        sent = {"content": body, "headers": {**headers, "Content-Type": "application/json"}}
    else:
        sent = {"json": body, "headers": headers}
    fast = await client.post(HEADCOUNT_PATH, **sent)
    route = await routed.post(HEADCOUNT_PATH, **sent)

    assert fast.status_code == route.status_code and fast.status_code >= 400
    assert fast.json() == route.json()
    assert "code" in fast.json()
    same = {k: v for k, v in route.headers.items() if k != "content-length"}
    assert {k: v for k, v in fast.headers.items() if k != "content-length"} == same
    assert fast.headers["x-content-type-options"] == "nosniff"


def test_the_fast_path_serves_the_documented_check_in_route(app: FastAPI) -> None:
    assert CHECKIN_PATH.startswith(API_PREFIX)
    assert "post" in app.openapi()["paths"][CHECKIN_PATH]


# (headers, seminar status, registered first) of check-ins; "TOKEN" is the site's own.
CHECK_INS: dict[str, tuple[dict[str, str], str, bool]] = {
    "no token": ({}, "live", True),
    "unknown token": ({"X-Site-Token": "not-a-token"}, "live", True),
    "not registered": ({"X-Site-Token": "TOKEN"}, "live", False),
    "not registered, English": (
        {"X-Site-Token": "TOKEN", "Accept-Language": "en"},
        "live",
        False,
    ),
    "attendance not open (draft)": ({"X-Site-Token": "TOKEN"}, "draft", False),
    "checked in (then again)": ({"X-Site-Token": "TOKEN"}, "live", True),
}


@pytest.mark.parametrize("case", list(CHECK_INS))
async def test_a_check_in_is_answered_the_same_by_the_fast_path_and_by_the_route(
    client: httpx.AsyncClient,
    routed: httpx.AsyncClient,
    organizer: Actor,
    session: AsyncSession,
    case: str,
) -> None:
    headers, status, registered = CHECK_INS[case]
    site = await create_site(session, "HN-1", "Chi bộ Hà Nội 1")
    seminar = await create_seminar(client, organizer, status=status)
    token = (await invite(client, organizer, seminar["id"], [site.id]))[site.id]
    if registered:
        body = {"expected_attendees": 30, "coordinator_name": "A", "coordinator_phone": "0912"}
        answer = await client.post(
            f"{API_PREFIX}/site/register", json=body, headers={"X-Site-Token": token}
        )
        assert answer.status_code == 200, answer.text
    headers = {k: token if v == "TOKEN" else v for k, v in headers.items()}

    # The first check-in moves the site; the second (a repeat) answers its page alike.
    fast = await client.post(CHECKIN_PATH, headers=headers)
    route = await routed.post(CHECKIN_PATH, headers=headers)

    assert fast.status_code == route.status_code
    assert fast.json() == route.json()
    assert (fast.status_code == 200) == (case == "checked in (then again)")
    same = {k: v for k, v in route.headers.items() if k != "content-length"}
    assert {k: v for k, v in fast.headers.items() if k != "content-length"} == same
    assert fast.headers["x-content-type-options"] == "nosniff"
