"""Incidents over HTTP: a site reports in one tap (idempotent, no duplicate of an open
kind), organizers acknowledge and resolve (illegal moves 409), members see their subtree."""

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.incidents.models import Incident
from tests.conftest import Actor, MakeActor
from tests.factories import API, create_seminar, create_site, invite, site_headers
from tests.incidents.conftest import Scene, report


async def _count(session: AsyncSession) -> int:
    return await session.scalar(select(func.count()).select_from(Incident)) or 0


async def test_a_site_opens_an_incident_in_one_tap(
    client: httpx.AsyncClient, scene: Scene, session: AsyncSession
) -> None:
    answer = await report(client, scene, scene.north_unit, "audio", "r-1")

    assert answer.status_code == 201, answer.text
    incident = answer.json()
    assert incident["kind"] == "audio"
    assert incident["status"] == "open"
    assert incident["site_name"] == "Xã Tân Phú"
    assert incident["acknowledged_at"] is None and incident["resolved_at"] is None
    mine = await client.get(f"{API}/site/incidents", headers=scene.headers(scene.north_unit))
    assert [i["id"] for i in mine.json()["items"]] == [incident["id"]]
    assert await _count(session) == 1


async def test_a_repeated_request_id_answers_the_same_incident(
    client: httpx.AsyncClient, scene: Scene, session: AsyncSession
) -> None:
    first = await report(client, scene, scene.north_unit, "video", "same")
    again = await report(client, scene, scene.north_unit, "video", "same")

    assert first.json() == again.json()
    assert await _count(session) == 1


async def test_a_second_report_of_an_open_kind_returns_the_open_one(
    client: httpx.AsyncClient, scene: Scene, organizer: Actor, session: AsyncSession
) -> None:
    first = (await report(client, scene, scene.north_unit, "audio", "a")).json()
    acked = await client.post(f"{scene.url}/{first['id']}/ack", json={}, headers=organizer.headers)
    assert acked.status_code == 200

    repeat = await report(client, scene, scene.north_unit, "audio", "b")
    other_kind = await report(client, scene, scene.north_unit, "video", "c")
    other_site = await report(client, scene, scene.south_unit, "audio", "d")

    assert repeat.json()["id"] == first["id"]
    assert repeat.json()["status"] == "acknowledged"
    assert other_kind.json()["id"] != first["id"]
    assert other_site.json()["id"] != first["id"]
    assert await _count(session) == 3


async def test_after_resolution_the_same_kind_opens_a_new_incident(
    client: httpx.AsyncClient, scene: Scene, organizer: Actor
) -> None:
    first = (await report(client, scene, scene.north_unit, "network", "a")).json()
    await client.post(f"{scene.url}/{first['id']}/resolve", json={}, headers=organizer.headers)

    second = await report(client, scene, scene.north_unit, "network", "b")

    assert second.json()["id"] != first["id"]
    assert second.json()["status"] == "open"


async def test_other_needs_a_note_and_bad_input_is_422(
    client: httpx.AsyncClient, scene: Scene, session: AsyncSession
) -> None:
    bare = await report(client, scene, scene.north_unit, "other", "x")
    unknown = await report(client, scene, scene.north_unit, "smoke", "y")
    too_long = await report(client, scene, scene.north_unit, "audio", "z", note="a" * 501)
    with_note = await report(client, scene, scene.north_unit, "other", "w", note="Mất điện")

    assert bare.status_code == unknown.status_code == too_long.status_code == 422
    assert "Khác" in bare.text
    assert with_note.status_code == 201
    assert with_note.json()["note"] == "Mất điện"
    assert await _count(session) == 1


async def test_a_site_needs_its_token(client: httpx.AsyncClient, scene: Scene) -> None:
    missing = await client.post(f"{API}/site/incidents", json={"kind": "audio", "request_id": "1"})
    wrong = await client.get(f"{API}/site/incidents", headers=site_headers("nope"))

    assert missing.status_code == wrong.status_code == 401


async def test_a_site_sees_only_its_own_incidents(client: httpx.AsyncClient, scene: Scene) -> None:
    await report(client, scene, scene.north_unit, "audio", "n")
    theirs = (await report(client, scene, scene.south_unit, "video", "s")).json()

    mine = await client.get(f"{API}/site/incidents", headers=scene.headers(scene.south_unit))

    assert [i["id"] for i in mine.json()["items"]] == [theirs["id"]]


async def test_an_ended_seminar_takes_no_more_incidents(
    client: httpx.AsyncClient, scene: Scene, organizer: Actor, session: AsyncSession
) -> None:
    ended = await client.post(
        f"{API}/seminars/{scene.seminar['id']}/end", headers=organizer.headers
    )
    assert ended.status_code == 200

    late = await report(client, scene, scene.north_unit, "audio", "late")

    assert late.status_code == 409
    assert late.json()["code"] == "incident.seminar_closed"
    assert await _count(session) == 0


async def test_open_to_acknowledged_to_resolved(
    client: httpx.AsyncClient, scene: Scene, organizer: Actor
) -> None:
    incident = (await report(client, scene, scene.north_unit, "audio", "a")).json()

    acked = await client.post(
        f"{scene.url}/{incident['id']}/ack", json={"note": "Đang gọi"}, headers=organizer.headers
    )
    resolved = await client.post(
        f"{scene.url}/{incident['id']}/resolve",
        json={"note": "Đã cắm lại micrô"},
        headers=organizer.headers,
    )

    assert acked.json()["status"] == "acknowledged"
    assert acked.json()["acknowledge_note"] == "Đang gọi"
    assert resolved.json()["status"] == "resolved"
    assert resolved.json()["resolution_note"] == "Đã cắm lại micrô"
    assert resolved.json()["resolved_at"] >= resolved.json()["acknowledged_at"]
    mine = await client.get(f"{API}/site/incidents", headers=scene.headers(scene.north_unit))
    assert mine.json()["items"][0]["status"] == "resolved"


async def test_open_can_be_resolved_directly(
    client: httpx.AsyncClient, scene: Scene, organizer: Actor
) -> None:
    incident = (await report(client, scene, scene.north_unit, "video", "a")).json()

    resolved = await client.post(
        f"{scene.url}/{incident['id']}/resolve", json={}, headers=organizer.headers
    )

    assert resolved.json()["status"] == "resolved"
    assert resolved.json()["acknowledged_at"] is None


async def test_illegal_moves_are_409_in_vietnamese_and_change_nothing(
    client: httpx.AsyncClient, scene: Scene, organizer: Actor
) -> None:
    incident = (await report(client, scene, scene.north_unit, "audio", "a")).json()
    url = f"{scene.url}/{incident['id']}"
    await client.post(f"{url}/ack", json={}, headers=organizer.headers)

    twice = await client.post(f"{url}/ack", json={}, headers=organizer.headers)
    await client.post(f"{url}/resolve", json={"note": "xong"}, headers=organizer.headers)
    ack_resolved = await client.post(f"{url}/ack", json={}, headers=organizer.headers)
    resolve_again = await client.post(
        f"{url}/resolve", json={"note": "lại"}, headers=organizer.headers
    )

    assert twice.status_code == ack_resolved.status_code == resolve_again.status_code == 409
    assert twice.json()["code"] == "incident.already_acknowledged"
    assert "đã được tiếp nhận" in twice.json()["detail"]
    assert (
        ack_resolved.json()["code"] == resolve_again.json()["code"] == "incident.already_resolved"
    )
    assert "đã được xử lý xong" in resolve_again.json()["detail"]
    listed = await client.get(scene.url, headers=organizer.headers)
    assert listed.json()["items"][0]["resolution_note"] == "xong"


async def test_the_console_lists_open_first_and_filters_by_status(
    client: httpx.AsyncClient, scene: Scene, organizer: Actor
) -> None:
    done = (await report(client, scene, scene.north_unit, "audio", "1")).json()
    await client.post(f"{scene.url}/{done['id']}/resolve", json={}, headers=organizer.headers)
    handled = (await report(client, scene, scene.north_unit, "video", "2")).json()
    await client.post(f"{scene.url}/{handled['id']}/ack", json={}, headers=organizer.headers)
    fresh = (await report(client, scene, scene.south_unit, "network", "3")).json()

    listed = await client.get(scene.url, headers=organizer.headers)
    only_open = await client.get(scene.url, params={"status": "open"}, headers=organizer.headers)

    assert [i["id"] for i in listed.json()["items"]] == [fresh["id"], handled["id"], done["id"]]
    assert listed.json()["total"] == 3
    assert [i["id"] for i in only_open.json()["items"]] == [fresh["id"]]


async def test_a_limited_member_sees_and_handles_only_their_subtree(
    client: httpx.AsyncClient, scene: Scene, organizer: Actor, make_actor: MakeActor
) -> None:
    north_staff = await make_actor()
    added = await client.post(
        f"{API}/seminars/{scene.seminar['id']}/members",
        json={"user_id": north_staff.user.id, "subtree_site_id": scene.north.id},
        headers=organizer.headers,
    )
    assert added.status_code == 201, added.text
    north = (await report(client, scene, scene.north_unit, "audio", "n")).json()
    south = (await report(client, scene, scene.south_unit, "audio", "s")).json()

    listed = await client.get(scene.url, headers=north_staff.headers)
    not_mine = await client.post(
        f"{scene.url}/{south['id']}/ack", json={}, headers=north_staff.headers
    )
    mine = await client.post(f"{scene.url}/{north['id']}/ack", json={}, headers=north_staff.headers)

    assert [i["id"] for i in listed.json()["items"]] == [north["id"]]
    assert not_mine.status_code == 404
    assert mine.status_code == 200


async def test_strangers_and_other_seminars_get_404(
    client: httpx.AsyncClient,
    scene: Scene,
    organizer: Actor,
    make_actor: MakeActor,
    session: AsyncSession,
) -> None:
    incident = (await report(client, scene, scene.north_unit, "audio", "a")).json()
    stranger = await make_actor()
    other = await create_seminar(client, organizer, "live")
    site = await create_site(session, "X", "Xã Khác")
    await invite(client, organizer, other["id"], [site.id])

    listed = await client.get(scene.url, headers=stranger.headers)
    acked = await client.post(
        f"{scene.url}/{incident['id']}/ack", json={}, headers=stranger.headers
    )
    elsewhere = await client.post(
        f"{API}/seminars/{other['id']}/incidents/{incident['id']}/ack",
        json={},
        headers=organizer.headers,
    )

    assert listed.status_code == acked.status_code == elsewhere.status_code == 404
    assert elsewhere.json()["code"] == "incident.not_found"
