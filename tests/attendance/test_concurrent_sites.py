"""Counters stay exact when many sites act at once (writers race on PostgreSQL)."""

import asyncio
import uuid
from datetime import UTC, datetime

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.attendance.models import SeminarSite, SeminarSiteStatus
from app.seminars.models import Seminar
from app.seminars.service import REGISTERED_SITE_STATUSES
from app.sites.models import Site, SiteLevel
from tests.conftest import Actor, LiveServer
from tests.factories import API, create_seminar, create_site, invite, site_headers

SITES = 60


@pytest.fixture
async def flat_sites(session: AsyncSession) -> list[Site]:
    """Sixty base organizations under one committee."""
    root = await create_site(session, "DUK", "Đảng ủy Khối", level=SiteLevel.province)
    return [
        await create_site(session, f"CS{i:02d}", f"Chi bộ {i:02d}", parent=root)
        for i in range(SITES)
    ]


async def _site_arrives(http: httpx.AsyncClient, token: str, headcount: int) -> None:
    """One site's coordinator: registers, checks in (twice) and reports, straight away."""
    headers = site_headers(token)
    registered = await http.post(
        f"{API}/site/register",
        json={"expected_attendees": 30, "coordinator_name": "A", "coordinator_phone": "0912"},
        headers=headers,
    )
    assert registered.status_code == 200, registered.text
    # A phone on a bad network sends its check-in twice at once: it counts once.
    checked_in = await asyncio.gather(
        *(http.post(f"{API}/site/checkin", headers=headers) for _ in range(2))
    )
    assert [r.status_code for r in checked_in] == [200, 200], [r.text for r in checked_in]
    body = {
        "headcount": headcount,
        "request_id": str(uuid.uuid4()),
        "reported_at": datetime.now(UTC).isoformat(),
    }
    reported = await http.post(f"{API}/site/headcount", json=body, headers=headers)
    assert reported.status_code == 200, reported.text


async def test_sixty_sites_registering_checking_in_and_reporting_at_once_keep_exact_counters(
    live_server: LiveServer,
    client: httpx.AsyncClient,
    organizer: Actor,
    flat_sites: list[Site],
    session: AsyncSession,
) -> None:
    root_id = flat_sites[0].parent_id
    assert root_id is not None
    await session.commit()  # the server writes from here on
    seminar = await create_seminar(client, organizer, "live")
    # The committee above them takes part too: its subtree totals roll the sixty up.
    tokens = await invite(client, organizer, seminar["id"], [root_id, *(s.id for s in flat_sites)])
    headcounts = {site.id: 10 + i for i, site in enumerate(flat_sites)}

    limits = httpx.Limits(max_connections=SITES, max_keepalive_connections=SITES)
    async with httpx.AsyncClient(base_url=live_server.url, timeout=60, limits=limits) as http:
        await asyncio.gather(
            *(_site_arrives(http, tokens[site_id], n) for site_id, n in headcounts.items())
        )

    async with live_server.app.state.db.read_sessions() as s:
        stored = await s.get_one(Seminar, seminar["id"])
        rows = list(
            await s.scalars(select(SeminarSite).where(SeminarSite.seminar_id == seminar["id"]))
        )
    remote = [r for r in rows if not r.is_main]
    counted = [r for r in remote if r.is_counted]
    root = next(r for r in rows if r.site_id == root_id)
    # The stored counters equal a recount from the rows, and what the sites did.
    assert stored.sites_invited == len(remote) == SITES + 1
    assert stored.sites_registered == sum(r.status in REGISTERED_SITE_STATUSES for r in remote)
    assert stored.sites_registered == SITES
    assert stored.sites_connected == len(counted) == SITES
    assert {r.site_id: r.headcount for r in counted} == headcounts
    assert all(r.status == SeminarSiteStatus.checked_in for r in counted)
    assert stored.live_headcount == sum(r.headcount for r in counted) == sum(headcounts.values())
    assert stored.peak_headcount == stored.live_headcount
    assert root.subtree_headcount == sum(headcounts.values())
    assert root.subtree_sites_connected == SITES
    assert root.children_count == SITES

    snapshot = await client.get(
        f"{API}/seminars/{seminar['id']}/attendance", headers=organizer.headers
    )
    assert snapshot.status_code == 200, snapshot.text
    totals = snapshot.json()["totals"]
    assert totals["sites_registered"] == SITES
    assert totals["sites_connected"] == SITES
    assert totals["headcount"] == sum(headcounts.values())
