"""Incidents across two processes: a site's report on one process reaches the staff views
(and the site's own page) on the other; public views and other sites' pages never get it."""

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from app.incidents.schemas import IncidentEvent
from app.sites.models import SiteLevel
from tests.conftest import Actor, MakeActor
from tests.factories import API, create_site, site_headers
from tests.faults.conftest import DiemcauServer, report_body
from tests.realtime.conftest import check_in, make_live_seminar
from tests.realtime.multiprocess.test_two_processes import started
from tests.realtime.viewer import Socket


async def test_a_sites_incident_reaches_staff_views_on_the_other_process_only(
    client: httpx.AsyncClient,
    organizer: Actor,
    make_actor: MakeActor,
    session: AsyncSession,
    pair: list[DiemcauServer],
    https: list[httpx.AsyncClient],
) -> None:
    north = await create_site(session, "B", "Tỉnh Bắc Ninh", level=SiteLevel.province)
    south = await create_site(session, "N", "Tỉnh Cà Mau", level=SiteLevel.province)
    north_unit = await create_site(session, "B1", "Xã Tân Phú", parent=north)
    south_unit = await create_site(session, "N1", "Xã An Bình", parent=south)
    await session.commit()  # no read transaction left open for the servers to wait on
    live = await make_live_seminar(
        client, organizer, [north, south, north_unit, south_unit], checked_in=False
    )
    await check_in(client, live.tokens[south_unit.id])
    north_staff, south_staff = await make_actor(), await make_actor()
    for member, subtree in ((north_staff, north), (south_staff, south)):
        added = await client.post(
            f"{API}/seminars/{live.id}/members",
            json={"user_id": member.user.id, "subtree_site_id": subtree.id},
            headers=organizer.headers,
        )
        assert added.status_code == 201, added.text
    a, b = pair
    http_a, _http_b = https
    await started(pair, https)

    def staff(actor: Actor) -> dict:
        return {"access_token": actor.token, "seminar_id": live.id}

    # Everyone watches on process B; the site reports to process A.
    console = await Socket().connect(b.url, staff(organizer))
    north_console = await Socket().connect(b.url, staff(north_staff))
    south_console = await Socket().connect(b.url, staff(south_staff))
    public = await Socket().connect(b.url, {"seminar_id": live.id})
    public_on_a = await Socket().connect(a.url, {"seminar_id": live.id})
    own_page = await Socket().connect(b.url, {"site_token": live.tokens[north_unit.id]})
    other_page = await Socket().connect(b.url, {"site_token": live.tokens[south_unit.id]})
    sockets = [console, north_console, south_console, public, public_on_a, own_page, other_page]
    try:
        reported = await http_a.post(
            f"{API}/site/incidents",
            json={"kind": "audio", "note": "Không nghe được hội trường", "request_id": "mp-1"},
            headers=site_headers(live.tokens[north_unit.id]),
        )
        assert reported.status_code == 201, reported.text
        incident = reported.json()

        for socket in (console, north_console, own_page):
            await socket.got("incident")
            (message,) = socket.events("incident")
            IncidentEvent.model_validate(message)  # the documented shape, nothing more
            assert message["incident"]["id"] == incident["id"]
            assert message["incident"]["status"] == "open"
            assert message["incident"]["site_name"] == "Xã Tân Phú"

        # Organizer acknowledges on A, then resolves; the page on B shows each state.
        url = f"{API}/seminars/{live.id}/incidents/{incident['id']}"
        acked = await http_a.post(f"{url}/ack", json={}, headers=organizer.headers)
        assert acked.status_code == 200, acked.text
        resolved = await http_a.post(f"{url}/resolve", json={}, headers=organizer.headers)
        assert resolved.status_code == 200, resolved.text
        await own_page.got("incident", incident={**resolved.json()})
        states = [m["incident"]["status"] for m in own_page.events("incident")]
        assert states == ["open", "acknowledged", "resolved"]
        await console.got("incident", incident={**resolved.json()})

        # A public change after them, through the same Redis: whoever would have got the
        # incident has got it before this.
        counted = await http_a.post(
            f"{API}/site/headcount",
            json=report_body(25),
            headers=site_headers(live.tokens[south_unit.id]),
        )
        assert counted.status_code in (200, 201), counted.text
        for socket in (public, public_on_a, south_console):
            await socket.got("attendance")
        await other_page.got("totals")
        for socket in (public, public_on_a, other_page, south_console):
            assert socket.events("incident") == []
    finally:
        for socket in sockets:
            await socket.close()
