"""Check-ins are written by the recorder's group commit, under the rules of one check-in.

A national event's sites all check in within minutes: one transaction each, queueing on
the seminar row, could not keep up. As a batch item a check-in keeps every rule: the
state machine, the 409 refusals, idempotence, presence log, a poison item failing alone.
"""

import asyncio

import httpx
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from app.attendance.checkin import check_in_site
from app.attendance.models import PresenceEvent, PresenceKind, SeminarSite, SeminarSiteStatus
from app.core.errors import DomainError
from app.seminars.models import Seminar
from app.sites.models import SiteLevel
from tests.conftest import Actor, LiveServer
from tests.factories import API, create_seminar, create_site, invite, site_headers
from tests.services import refusing_trigger

St = SeminarSiteStatus
REGISTRATION = {"expected_attendees": 30, "coordinator_name": "A", "coordinator_phone": "0912"}


async def _tree(session: AsyncSession, districts: int, units: int) -> list[int]:
    """A province, its districts and each district's units: their ids (the province's first)."""
    province = await create_site(session, "T", "Tỉnh Bắc Giang", level=SiteLevel.province)
    sites = [province]
    for d in range(districts):
        district = await create_site(
            session, f"T-{d}", f"Huyện {d}", parent=province, level=SiteLevel.district
        )
        sites.append(district)
        for u in range(units):
            sites.append(await create_site(session, f"T-{d}-{u}", f"Xã {d}.{u}", parent=district))
    ids = [site.id for site in sites]
    await session.commit()
    return ids


async def _register(client: httpx.AsyncClient, tokens: list[str]) -> None:
    for token in tokens:
        answer = await client.post(
            f"{API}/site/register", json=REGISTRATION, headers=site_headers(token)
        )
        assert answer.status_code == 200, answer.text


async def _rows(session: AsyncSession, seminar_id: int) -> list[SeminarSite]:
    session.expire_all()
    return list(
        await session.scalars(select(SeminarSite).where(SeminarSite.seminar_id == seminar_id))
    )


async def test_many_sites_checking_in_at_once_end_checked_in_with_counters_equal_to_a_recount(
    live_server: LiveServer, client: httpx.AsyncClient, organizer: Actor, session: AsyncSession
) -> None:
    sites = await _tree(session, districts=4, units=12)
    seminar = await create_seminar(client, organizer, "live")
    tokens = await invite(client, organizer, seminar["id"], sites)
    await _register(client, list(tokens.values()))

    async def arrive(http: httpx.AsyncClient, site_id: int) -> None:
        # A phone on a bad network sends its check-in twice at once: it counts once.
        headers = site_headers(tokens[site_id])
        answers = await asyncio.gather(
            *(http.post(f"{API}/site/checkin", headers=headers) for _ in range(2))
        )
        for answer in answers:
            assert answer.status_code == 200, answer.text
            page = answer.json()
            assert page["site"]["id"] == site_id  # each its own page
            assert page["participation"]["status"] == St.checked_in
            assert page["seminar"]["checkin_open"] is True

    limits = httpx.Limits(max_connections=200, max_keepalive_connections=200)
    async with httpx.AsyncClient(base_url=live_server.url, timeout=60, limits=limits) as http:
        await asyncio.gather(*(arrive(http, site_id) for site_id in tokens))

    rows = await _rows(session, seminar["id"])
    remote = [r for r in rows if not r.is_main]
    assert len(remote) == len(sites) and all(r.status == St.checked_in for r in remote)
    assert all(r.checked_in_at is not None for r in remote)
    logged = await session.execute(
        select(PresenceEvent.seminar_site_id, PresenceEvent.kind, func.count())
        .join(SeminarSite, SeminarSite.id == PresenceEvent.seminar_site_id)
        .where(SeminarSite.seminar_id == seminar["id"])
        .group_by(PresenceEvent.seminar_site_id, PresenceEvent.kind)
    )
    assert sorted(logged) == sorted((r.id, PresenceKind.checked_in, 1) for r in remote)
    # Every stored counter equals a recount from the rows.
    stored = await session.get_one(Seminar, seminar["id"])
    await session.refresh(stored)
    assert stored.sites_connected == stored.sites_registered == len(remote)
    assert stored.sites_waiting == 0 and stored.sites_invited == len(remote)
    for row in rows:
        subtree = [r for r in rows if r.id == row.id or row.id in r.ancestor_ids]
        counted = [r for r in subtree if r.status == St.checked_in and not r.is_main]
        assert row.subtree_sites_connected == len(counted), row.site_id
        assert row.sites_waiting == 0
        assert row.sites_registered == len([r for r in subtree if not r.is_main])
    province = next(r for r in rows if r.site_id == sites[0])
    assert province.subtree_sites_connected == len(sites)


async def test_a_refused_or_failing_check_in_in_a_batch_fails_alone(
    app: object, client: httpx.AsyncClient, organizer: Actor, session: AsyncSession
) -> None:
    sites = await _tree(session, districts=2, units=10)
    seminar = await create_seminar(client, organizer, "live")
    tokens = await invite(client, organizer, seminar["id"], sites)
    invited_only = {sites[3], sites[9]}  # never registered: 409
    poison = sites[15]  # its presence log is refused by the database itself
    await _register(client, [t for site_id, t in tokens.items() if site_id not in invited_only])
    poison_row = await session.scalar(
        select(SeminarSite.id).where(
            SeminarSite.seminar_id == seminar["id"], SeminarSite.site_id == poison
        )
    )
    dialect = session.bind.dialect.name
    when = f"NEW.seminar_site_id = {poison_row}"
    for statement in refusing_trigger(dialect, "poison_checkin", "presence_events", when):
        await session.execute(text(statement))
    await session.commit()

    recorder = app.state.live.recorder  # type: ignore[attr-defined]
    # Queued together before the writer runs: one batch (and "no-such-token" in it).
    order = [*tokens, 0]
    answers = await asyncio.gather(
        *(check_in_site(recorder, tokens.get(site_id, "no-such-token")) for site_id in order),
        return_exceptions=True,
    )
    outcome = dict(zip(order, answers, strict=True))

    refused = {k: v for k, v in outcome.items() if isinstance(v, DomainError)}
    assert {k: (v.status_code, v.message.code) for k, v in refused.items()} == {
        sites[3]: (409, "attendance.checkin_not_registered"),
        sites[9]: (409, "attendance.checkin_not_registered"),
        poison: (422, "attendance.checkin_not_recorded"),
        0: (401, "registration.site_token_unknown"),
    }
    rows = {r.site_id: r for r in await _rows(session, seminar["id"])}
    accepted = set(tokens) - invited_only - {poison}
    assert {site_id for site_id, r in rows.items() if r.status == St.checked_in} == accepted
    assert rows[poison].status == St.registered
    stored = await session.get_one(Seminar, seminar["id"])
    await session.refresh(stored)
    assert stored.sites_connected == len(accepted)
    assert stored.sites_waiting == len(sites) - len(accepted)
