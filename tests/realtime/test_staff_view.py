"""The organizers' staff view: staff-only messages reach the organizers who cover the site,
never a public view, a site's page or a member limited to another subtree."""

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.attendance.models import SeminarSite
from app.sites.models import SiteLevel
from app.users.models import Role
from tests.conftest import Actor, LiveServer, MakeActor
from tests.factories import API, create_seminar, create_site, invite
from tests.realtime.conftest import refusal
from tests.realtime.viewer import Socket


async def test_staff_messages_reach_staff_views_only(
    live_server: LiveServer,
    client: httpx.AsyncClient,
    organizer: Actor,
    make_actor: MakeActor,
    session: AsyncSession,
) -> None:
    north = await create_site(session, "B", "Tỉnh Bắc Ninh", level=SiteLevel.province)
    south = await create_site(session, "N", "Tỉnh Cà Mau", level=SiteLevel.province)
    north_unit = await create_site(session, "B1", "Xã Tân Phú", parent=north)
    south_unit = await create_site(session, "N1", "Xã An Bình", parent=south)
    seminar = await create_seminar(client, organizer, "live")
    sites = [north, south, north_unit, south_unit]
    tokens = await invite(client, organizer, seminar["id"], [s.id for s in sites])
    north_staff = await make_actor()
    added = await client.post(
        f"{API}/seminars/{seminar['id']}/members",
        json={"user_id": north_staff.user.id, "subtree_site_id": north.id},
        headers=organizer.headers,
    )
    assert added.status_code == 201, added.text
    url, sid = live_server.url, seminar["id"]
    staff = await Socket().connect(url, {"access_token": organizer.token, "seminar_id": sid})
    north_view = await Socket().connect(url, {"access_token": north_staff.token, "seminar_id": sid})
    public = await Socket().connect(url, {"seminar_id": sid})
    page = await Socket().connect(url, {"site_token": tokens[north_unit.id]})
    publisher = live_server.app.state.live.publisher
    try:
        await publisher.publish_staff(
            sid, north_unit.id, "incident", {"id": 1, "note": "Mất tiếng"}
        )
        await publisher.publish_staff(sid, south_unit.id, "incident", {"id": 2, "note": "Mất hình"})
        # A public message after them: whoever got a staff message got it before this one.
        await publisher.publish(sid, "seminar", {"status": "live"})

        await staff.got("incident", id=2)
        assert [m["id"] for m in staff.events("incident")] == [1, 2]
        await north_view.got("seminar")
        assert [m["id"] for m in north_view.events("incident")] == [1]
        assert north_view.events("snapshot")[0]["scope"] == north.id  # lands on its subtree
        await public.got("seminar")
        await page.got("seminar")
        assert public.events("incident") == page.events("incident") == []
    finally:
        for socket in (staff, north_view, public, page):
            await socket.close()


async def test_a_site_message_reaches_that_site_page_only(
    live_server: LiveServer, client: httpx.AsyncClient, organizer: Actor, session: AsyncSession
) -> None:
    one = await create_site(session, "S1", "Chi bộ 1")
    two = await create_site(session, "S2", "Chi bộ 2")
    seminar = await create_seminar(client, organizer, "live")
    tokens = await invite(client, organizer, seminar["id"], [one.id, two.id])
    url = live_server.url
    first = await Socket().connect(url, {"site_token": tokens[one.id]})
    second = await Socket().connect(url, {"site_token": tokens[two.id]})
    staff = await Socket().connect(
        url, {"access_token": organizer.token, "seminar_id": seminar["id"]}
    )
    publisher = live_server.app.state.live.publisher
    row_id = await _row_id(client, organizer, seminar["id"], one.id, session)
    try:
        await publisher.publish_site(row_id, "speaking", {"place": 1})
        await publisher.publish(seminar["id"], "seminar", {"status": "live"})

        await first.got("speaking", place=1)
        await second.got("seminar")
        await staff.got("seminar")
        assert second.events("speaking") == staff.events("speaking") == []
    finally:
        for socket in (first, second, staff):
            await socket.close()


async def _row_id(
    client: httpx.AsyncClient,
    organizer: Actor,
    seminar_id: int,
    site_id: int,
    session: AsyncSession,
) -> int:

    row = await session.scalar(
        select(SeminarSite.id).where(
            SeminarSite.seminar_id == seminar_id, SeminarSite.site_id == site_id
        )
    )
    assert row is not None
    return row


async def test_staff_views_refuse_bad_tokens_non_staff_and_non_members(
    live_server: LiveServer, client: httpx.AsyncClient, organizer: Actor, make_actor: MakeActor
) -> None:
    seminar = await create_seminar(client, organizer, "draft")
    speaker = await make_actor(Role.speaker)
    stranger = await make_actor()  # an organizer, but not of this seminar
    url, sid = live_server.url, seminar["id"]

    unknown = await refusal(url, {"access_token": "khong-phai-ma", "seminar_id": sid})
    not_staff = await refusal(url, {"access_token": speaker.token, "seminar_id": sid})
    not_member = await refusal(url, {"access_token": stranger.token, "seminar_id": sid})

    assert unknown["code"] == "live.unknown_access_token"
    assert not_staff["code"] == "permission.staff_only"
    assert not_member["code"] == "seminar.not_member"
    # An organizer of the seminar watches it even as a draft (the public cannot).
    staff = await Socket().connect(url, {"access_token": organizer.token, "seminar_id": sid})
    try:
        assert (await staff.got("snapshot"))[0] == "snapshot"
    finally:
        await staff.close()
    assert (await refusal(url, {"seminar_id": sid}))["code"] == "live.unknown_seminar"


async def test_a_staff_view_closes_once_its_token_is_revoked(
    live_server: LiveServer,
    client: httpx.AsyncClient,
    organizer: Actor,
    make_actor: MakeActor,
) -> None:
    """Logging out ends the staff messages too: names and phones stop at once, not at the
    next reconnection; a colleague's view stays open."""
    seminar = await create_seminar(client, organizer, "live")
    colleague = await make_actor()
    added = await client.post(
        f"{API}/seminars/{seminar['id']}/members",
        json={"user_id": colleague.user.id},
        headers=organizer.headers,
    )
    assert added.status_code == 201, added.text
    url, sid = live_server.url, seminar["id"]
    mine = await Socket().connect(url, {"access_token": organizer.token, "seminar_id": sid})
    theirs = await Socket().connect(url, {"access_token": colleague.token, "seminar_id": sid})
    try:
        out = await client.post(f"{API}/auth/logout", headers=organizer.headers)
        assert out.status_code == 204

        await mine.closed_by_server()
        # Checked in the same pass as the revoked one, the valid token keeps its view.
        assert theirs.sio.connected
        refused = await refusal(url, {"access_token": organizer.token, "seminar_id": sid})
        assert refused["code"] == "live.unknown_access_token"
    finally:
        await mine.close()
        await theirs.close()


async def test_deactivating_an_account_closes_its_staff_views(
    live_server: LiveServer,
    client: httpx.AsyncClient,
    organizer: Actor,
    admin: Actor,
) -> None:
    seminar = await create_seminar(client, organizer, "live")
    url, sid = live_server.url, seminar["id"]
    view = await Socket().connect(url, {"access_token": organizer.token, "seminar_id": sid})
    try:
        off = await client.patch(
            f"{API}/users/{organizer.user.id}", json={"is_active": False}, headers=admin.headers
        )
        assert off.status_code == 200, off.text

        await view.closed_by_server()
    finally:
        await view.close()
