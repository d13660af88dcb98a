"""The subtree counters are kept in step by the roll-up: whatever happens, in any order,
every participating site's counters equal a recount of its subtree, and so do the
seminar's; ``rebuild_rollup`` finds nothing to correct."""

import random
import uuid
from datetime import UTC, datetime

import httpx
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.attendance.live import set_presence
from app.attendance.models import SeminarSite, SeminarSiteStatus
from app.attendance.rollup import rebuild_rollup
from app.seminars.models import Seminar
from app.sites.models import Site
from tests.conftest import Actor
from tests.factories import API, create_seminar, national_directory, site_headers

St = SeminarSiteStatus
REGISTERED = {St.registered, St.checked_in, St.disconnected}
WAITING = {St.invited, St.registered}


async def recount(app: FastAPI, seminar_id: int) -> None:
    """Compare every stored counter with a brute-force recount from the rows."""
    async with app.state.db.read_sessions() as s:
        rows = list(
            await s.scalars(select(SeminarSite).where(SeminarSite.seminar_id == seminar_id))
        )
        parents = dict((await s.execute(select(Site.id, Site.parent_id))).all())
        seminar = await s.get(Seminar, seminar_id)
    assert seminar is not None
    by_site = {r.site_id: r for r in rows}
    for row in rows:
        # The seminar-tree parent: the nearest participating ancestor in the directory.
        up = parents[row.site_id]
        while up is not None and up not in by_site:
            up = parents[up]
        assert row.parent_site_id == up
        subtree = [d for d in rows if d.id == row.id or f"/{row.id}/" in d.rollup_path]
        remote = [d for d in subtree if not d.is_main]
        expected = {
            "children_count": sum(1 for d in rows if d.parent_site_id == row.site_id),
            "sites_invited": len(remote),
            "sites_registered": sum(1 for d in remote if d.status in REGISTERED),
            "sites_waiting": sum(1 for d in remote if d.status in WAITING),
            "subtree_sites_connected": sum(1 for d in remote if d.status == St.checked_in),
            "subtree_headcount": sum(d.headcount for d in subtree if d.status == St.checked_in),
            "expected_attendance": sum(d.expected_attendees or 0 for d in subtree),
        }
        actual = {name: getattr(row, name) for name in expected}
        assert actual == expected, f"site {row.site_id}"
        assert row.subtree_peak_headcount >= row.subtree_headcount
    remote = [r for r in rows if not r.is_main]
    assert (
        seminar.sites_invited,
        seminar.sites_registered,
        seminar.sites_waiting,
        seminar.sites_connected,
        seminar.live_headcount,
    ) == (
        len(remote),
        sum(1 for r in remote if r.status in REGISTERED),
        sum(1 for r in remote if r.status in WAITING),
        sum(1 for r in remote if r.status == St.checked_in),
        sum(r.headcount for r in rows if r.status == St.checked_in),
    )


async def test_counters_equal_a_recount_after_any_sequence_of_changes(
    app: FastAPI, client: httpx.AsyncClient, organizer: Actor, session: AsyncSession
) -> None:
    tree = await national_directory(session, provinces=3, communes=8, units=40)
    site_ids = list(await session.scalars(select(Site.id).order_by(Site.id)))
    await session.commit()
    main = site_ids[1]  # a province hosts the main hall: counted in headcounts, not as a site
    seminar = await create_seminar(client, organizer, "live", main_site_id=main)
    seminar_id = seminar["id"]
    rng = random.Random(11)
    tokens: dict[int, str] = {}
    publisher = app.state.live.publisher

    async def invite() -> None:
        if rng.random() < 0.5:
            body: dict = {"subtree_of": rng.choice(site_ids)}
        else:
            body = {"site_ids": rng.sample(site_ids, 5)}
        answer = await client.post(
            f"{API}/seminars/{seminar_id}/sites", json=body, headers=organizer.headers
        )
        assert answer.status_code == 201, answer.text
        tokens.update((e["site_id"], e["token"]) for e in answer.json())

    async def site_action() -> None:
        site_id = rng.choice(list(tokens))
        headers = site_headers(tokens[site_id])
        kind = rng.choice(["register", "decline", "checkin", "report", "organizer", "drop"])
        if kind == "register":
            body = {"expected_attendees": rng.randint(1, 80)}
            answer = await client.post(f"{API}/site/register", json=body, headers=headers)
        elif kind == "decline":
            answer = await client.post(f"{API}/site/decline", headers=headers)
        elif kind == "checkin":
            answer = await client.post(f"{API}/site/checkin", headers=headers)
        elif kind == "report":
            body = {
                "headcount": rng.randint(0, 60),
                "request_id": str(uuid.uuid4()),
                "reported_at": datetime.now(UTC).isoformat(),
            }
            answer = await client.post(f"{API}/site/headcount", json=body, headers=headers)
        elif kind == "organizer":
            body = {"status": rng.choice(["registered", "declined"])}
            if rng.random() < 0.5:
                body["expected_attendees"] = rng.randint(1, 80)
            answer = await client.patch(
                f"{API}/seminars/{seminar_id}/sites/{site_id}", json=body, headers=organizer.headers
            )
        else:  # the site's page has been gone past the grace period
            async with app.state.db.read_sessions() as s:
                row_id = await s.scalar(
                    select(SeminarSite.id).where(
                        SeminarSite.seminar_id == seminar_id, SeminarSite.site_id == site_id
                    )
                )
            assert row_id is not None
            await set_presence(app.state.db, row_id, present=False, since=None, publisher=publisher)
            return
        # Illegal moves are refused (409/422), never a server error.
        assert answer.status_code < 500, answer.text

    await invite()
    for step in range(160):
        if step % 20 == 19:
            await invite()  # new sites join the tree between others already live
            await recount(app, seminar_id)
        else:
            await site_action()
    await recount(app, seminar_id)

    statuses = {r for r in await session.scalars(select(SeminarSite.status))}
    await session.commit()
    assert {St.invited, St.registered, St.checked_in, St.declined, St.disconnected} <= statuses
    async with app.state.db.write_sessions() as s:
        assert await rebuild_rollup(s, seminar_id) == []  # nothing to correct
        await s.rollback()
    assert tree.total == 1 + 3 + 8 + 40
