"""A login storm against a real uvicorn blocks neither the event loop nor the real admin.

Non-blocking is shown by order, not by time: every ``/health`` and headcount answer sent
while the storm's password checks are running arrives before the storm's last answer.
With the checks on the event loop each probe would wait for a hash and the storm would
finish first. The admin's hash is made slower than the default (the cost is stored in
the hash) so that the storm's checks outlast the probes on any machine.
"""

import asyncio
import uuid
from datetime import UTC, datetime

import httpx
from argon2 import PasswordHasher
from sqlalchemy.ext.asyncio import AsyncSession

from app.sites.models import Site
from app.users.models import User
from tests.conftest import PASSWORD, Actor, LiveServer
from tests.factories import API, create_site, site_headers
from tests.realtime.conftest import make_live_seminar

STORM = 50
PROBES = 10


async def test_fifty_wrong_passwords_at_once_leave_health_reports_and_the_admin_elsewhere_served(
    live_server: LiveServer,
    client: httpx.AsyncClient,
    session: AsyncSession,
    admin: Actor,
    organizer: Actor,
) -> None:
    site: Site = await create_site(session, "DC01", "Điểm cầu xã Đồng Tâm")
    user = await session.get(User, admin.user.id)
    assert user is not None
    user.password_hash = PasswordHasher(time_cost=10).hash(PASSWORD)
    await session.commit()
    seminar = await make_live_seminar(client, organizer, [site])
    token = seminar.tokens[site.id]

    done: list[str] = []  # answers, in the order they arrived
    throttled = asyncio.Event()

    async with (
        httpx.AsyncClient(base_url=live_server.url, timeout=60) as here,
        httpx.AsyncClient(
            base_url=live_server.url,
            timeout=60,
            transport=httpx.AsyncHTTPTransport(local_address="127.0.0.2"),
        ) as elsewhere,
    ):

        async def wrong_login(i: int) -> int:
            answer = await here.post(
                f"{API}/auth/token", data={"username": admin.user.email, "password": f"x{i}"}
            )
            done.append("storm")
            if answer.status_code == 429:
                throttled.set()
            return answer.status_code

        storm = [asyncio.create_task(wrong_login(i)) for i in range(STORM)]
        await asyncio.wait_for(throttled.wait(), timeout=30)
        admin_elsewhere = asyncio.create_task(
            elsewhere.post(
                f"{API}/auth/token", data={"username": admin.user.email, "password": PASSWORD}
            )
        )
        for headcount in range(1, PROBES + 1):
            health = await here.get(f"{API}/health")
            assert health.status_code == 200
            done.append("health")
            ack = await here.post(
                f"{API}/site/headcount",
                json={
                    "headcount": headcount,
                    "request_id": str(uuid.uuid4()),
                    "reported_at": datetime.now(UTC).isoformat(),
                },
                headers=site_headers(token),
            )
            assert ack.status_code == 200, ack.text
            done.append("ack")
        statuses = await asyncio.gather(*storm)
        admin_answer = await admin_elsewhere

    last_storm_answer = max(i for i, what in enumerate(done) if what == "storm")
    probes = [i for i, what in enumerate(done) if what != "storm"]
    assert len(probes) == 2 * PROBES
    assert max(probes) < last_storm_answer
    # Five checks ran (the free failures of one account from one address); the rest were
    # refused at once.
    assert sorted(statuses) == [401] * 5 + [429] * (STORM - 5)
    # Sent from another address once this one was being refused: it logs in.
    assert admin_answer.status_code == 200, admin_answer.text
