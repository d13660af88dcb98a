"""A check-in the database cannot take now: 503 with Retry-After, nothing checked in."""

import asyncio

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.config import Settings
from app.sites.models import Site
from tests.conftest import Actor
from tests.factories import API, create_site, site_headers
from tests.faults.conftest import DiemcauServer, connect
from tests.faults.test_headcount_faults import assert_refused_passing_fault
from tests.realtime.conftest import make_live_seminar
from tests.services import sqlite_only

REGISTRATION = {"expected_attendees": 30, "coordinator_name": "A", "coordinator_phone": "0912"}


@sqlite_only
async def test_a_locked_database_answers_check_ins_503_checks_nobody_in_and_then_takes_them(
    client: httpx.AsyncClient,
    organizer: Actor,
    session: AsyncSession,
    server: DiemcauServer,
    http: httpx.AsyncClient,
    settings: Settings,
) -> None:
    sites: list[Site] = [await create_site(session, f"CS{i}", f"Chi bộ {i}") for i in range(5)]
    await session.commit()
    live = await make_live_seminar(client, organizer, sites, checked_in=False)
    tokens = list(live.tokens.values())
    for token in tokens:
        answer = await client.post(
            f"{API}/site/register", json=REGISTRATION, headers=site_headers(token)
        )
        assert answer.status_code == 200, answer.text
    server.start()

    lock = connect(settings)
    lock.execute("BEGIN EXCLUSIVE")  # another process holds the database
    try:
        answers = await asyncio.gather(
            *(http.post(f"{API}/site/checkin", headers=site_headers(t)) for t in tokens)
        )
        for answer in answers:
            assert_refused_passing_fault(answer)
        statuses = {row[0] for row in lock.execute("SELECT status FROM seminar_sites")}
        assert "checked_in" not in statuses
    finally:
        lock.execute("ROLLBACK")
        lock.close()

    answers = await asyncio.gather(
        *(http.post(f"{API}/site/checkin", headers=site_headers(t)) for t in tokens)
    )
    assert [a.status_code for a in answers] == [200] * len(tokens)
    assert all(a.json()["participation"]["status"] == "checked_in" for a in answers)
