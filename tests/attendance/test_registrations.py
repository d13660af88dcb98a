"""Inviting sites, their one-time tokens and rotation, and the site-side register/decline."""

from datetime import timedelta

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.attendance.models import SeminarSite, SeminarSiteStatus
from app.core.db import utcnow
from app.core.security import hash_token
from app.sites.models import Site, SiteLevel
from tests.conftest import Actor
from tests.factories import API, PATH_TO, create_seminar, create_site, invite, site_headers


@pytest.fixture
async def tree(session: AsyncSession) -> dict[str, Site]:
    """A province with two districts, one of which has a commune."""
    province = await create_site(session, "BG", "Tỉnh ủy Bắc Giang", level=SiteLevel.province)
    district = await create_site(session, "BG-LN", "Huyện ủy Lục Nam", province, SiteLevel.district)
    commune = await create_site(
        session, "BG-LN-1", "Đảng ủy xã Bảo Đài", district, SiteLevel.commune
    )
    other = await create_site(session, "BG-YT", "Huyện ủy Yên Thế", province, SiteLevel.district)
    return {"province": province, "district": district, "commune": commune, "other": other}


async def test_invite_by_ids_returns_each_token_once_stored_hashed(
    client: httpx.AsyncClient, organizer: Actor, session: AsyncSession, tree: dict[str, Site]
) -> None:
    seminar = await create_seminar(client, organizer)
    ids = [tree["district"].id, tree["other"].id]
    response = await client.post(
        f"{API}/seminars/{seminar['id']}/sites",
        json={"site_ids": [*ids, ids[0]]},
        headers=organizer.headers,
    )
    assert response.status_code == 201, response.text
    entries = response.json()
    assert [e["site_id"] for e in entries] == ids
    for entry in entries:
        assert entry["checkin_url"] == f"http://testserver/site#{entry['token']}"
        row = await session.scalar(
            select(SeminarSite).where(SeminarSite.token_hash == hash_token(entry["token"]))
        )
        assert row is not None and row.site_id == entry["site_id"]
        assert row.status == SeminarSiteStatus.invited

    listing = await client.get(f"{API}/seminars/{seminar['id']}/sites", headers=organizer.headers)
    assert listing.json()["total"] == 2
    for entry in entries:
        assert entry["token"] not in listing.text
    assert "token" not in listing.json()["items"][0]


async def test_already_invited_sites_are_skipped(
    client: httpx.AsyncClient, organizer: Actor, tree: dict[str, Site]
) -> None:
    seminar = await create_seminar(client, organizer)
    first = await invite(client, organizer, seminar["id"], [tree["district"].id])
    again = await invite(client, organizer, seminar["id"], [tree["district"].id, tree["other"].id])
    assert list(again) == [tree["other"].id]
    # The first token is untouched.
    me = await client.get(f"{API}/site", headers=site_headers(first[tree["district"].id]))
    assert me.status_code == 200


async def test_invite_a_whole_subtree(
    client: httpx.AsyncClient, organizer: Actor, tree: dict[str, Site]
) -> None:
    seminar = await create_seminar(client, organizer)
    response = await client.post(
        f"{API}/seminars/{seminar['id']}/sites",
        json={"subtree_of": tree["district"].id},
        headers=organizer.headers,
    )
    assert response.status_code == 201
    assert {e["site_id"] for e in response.json()} == {tree["district"].id, tree["commune"].id}
    everything = await client.post(
        f"{API}/seminars/{seminar['id']}/sites",
        json={"subtree_of": tree["province"].id},
        headers=organizer.headers,
    )
    assert {e["site_id"] for e in everything.json()} == {tree["province"].id, tree["other"].id}


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"site_ids": []},
        {"site_ids": [1], "subtree_of": 1},
        {"site_ids": ["x"]},
        {"subtree_of": 9999},
    ],
)
async def test_bad_invitations_are_422(
    client: httpx.AsyncClient, organizer: Actor, tree: dict[str, Site], body: dict
) -> None:
    seminar = await create_seminar(client, organizer)
    response = await client.post(
        f"{API}/seminars/{seminar['id']}/sites", json=body, headers=organizer.headers
    )
    assert response.status_code == 422


async def test_unknown_site_ids_are_422_listing_them_and_nothing_is_invited(
    client: httpx.AsyncClient, organizer: Actor, tree: dict[str, Site]
) -> None:
    seminar = await create_seminar(client, organizer)
    response = await client.post(
        f"{API}/seminars/{seminar['id']}/sites",
        json={"site_ids": [tree["district"].id, 9001, 9002]},
        headers=organizer.headers,
    )
    assert response.status_code == 422
    assert "9001" in response.json()["detail"] and "9002" in response.json()["detail"]
    listing = await client.get(f"{API}/seminars/{seminar['id']}/sites", headers=organizer.headers)
    assert listing.json()["total"] == 0


@pytest.mark.parametrize("status", ["ended", "cancelled"])
async def test_closed_seminars_take_no_invitations(
    client: httpx.AsyncClient, organizer: Actor, tree: dict[str, Site], status: str
) -> None:
    seminar = await create_seminar(client, organizer, status)
    response = await client.post(
        f"{API}/seminars/{seminar['id']}/sites",
        json={"site_ids": [tree["district"].id]},
        headers=organizer.headers,
    )
    assert response.status_code == 409


async def test_list_is_in_vietnamese_order_with_directory_fields(
    client: httpx.AsyncClient, organizer: Actor, session: AsyncSession
) -> None:
    names = ["Sở Y tế", "Đoàn Thanh niên", "Dân vận", "Ban Tuyên giáo", "Ăn uống"]
    sites = [await create_site(session, f"C{i}", name) for i, name in enumerate(names)]
    seminar = await create_seminar(client, organizer)
    await invite(client, organizer, seminar["id"], [s.id for s in sites])
    body = (
        await client.get(f"{API}/seminars/{seminar['id']}/sites", headers=organizer.headers)
    ).json()
    assert [i["name"] for i in body["items"]] == [
        "Ăn uống",
        "Ban Tuyên giáo",
        "Dân vận",
        "Đoàn Thanh niên",
        "Sở Y tế",
    ]
    first = body["items"][0]
    assert {"site_id", "code", "name", "level", "parent_id", "status", "is_main"} <= set(first)
    assert {"expected_attendees", "headcount", "checked_in_at"} <= set(first)
    paged = await client.get(
        f"{API}/seminars/{seminar['id']}/sites?limit=2&offset=2", headers=organizer.headers
    )
    assert [i["name"] for i in paged.json()["items"]] == ["Dân vận", "Đoàn Thanh niên"]
    assert paged.json()["total"] == 5


async def test_rotation_kills_the_old_token_at_once(
    client: httpx.AsyncClient, organizer: Actor, tree: dict[str, Site]
) -> None:
    seminar = await create_seminar(client, organizer)
    site_id = tree["district"].id
    old = (await invite(client, organizer, seminar["id"], [site_id]))[site_id]
    rotated = await client.post(
        f"{API}/seminars/{seminar['id']}/sites/{site_id}/token", headers=organizer.headers
    )
    assert rotated.status_code == 200
    new = rotated.json()
    assert new["site_id"] == site_id and new["token"] != old
    assert new["checkin_url"].endswith(f"/site#{new['token']}")
    assert (await client.get(f"{API}/site", headers=site_headers(old))).status_code == 401
    assert (await client.get(f"{API}/site", headers=site_headers(new["token"]))).status_code == 200


async def test_rotating_an_uninvited_site_is_404(
    client: httpx.AsyncClient, organizer: Actor, tree: dict[str, Site]
) -> None:
    seminar = await create_seminar(client, organizer)
    response = await client.post(
        f"{API}/seminars/{seminar['id']}/sites/{tree['district'].id}/token",
        headers=organizer.headers,
    )
    assert response.status_code == 404


async def test_checkin_links_use_the_public_base_url_when_set(
    client: httpx.AsyncClient, organizer: Actor, tree: dict[str, Site], app: object
) -> None:
    app.state.settings.public_base_url = "https://diemcau.example.vn/"  # type: ignore[attr-defined]
    seminar = await create_seminar(client, organizer)
    response = await client.post(
        f"{API}/seminars/{seminar['id']}/sites",
        json={"site_ids": [tree["district"].id]},
        headers=organizer.headers,
    )
    entry = response.json()[0]
    assert entry["checkin_url"] == f"https://diemcau.example.vn/site#{entry['token']}"


# --- the site side ------------------------------------------------------------------------


async def invited_site(
    client: httpx.AsyncClient,
    organizer: Actor,
    tree: dict[str, Site],
    status: str,
    **fields: object,
) -> tuple[dict, dict[str, str]]:
    """A seminar in ``status`` with the district invited; returns (seminar, site headers)."""
    seminar = await create_seminar(client, organizer, **fields)
    token = (await invite(client, organizer, seminar["id"], [tree["district"].id]))[
        tree["district"].id
    ]
    for verb in PATH_TO[status]:
        await client.post(f"{API}/seminars/{seminar['id']}/{verb}", headers=organizer.headers)
    return seminar, site_headers(token)


async def test_a_site_sees_its_seminar_its_site_and_the_agenda(
    client: httpx.AsyncClient, organizer: Actor, tree: dict[str, Site]
) -> None:
    seminar, headers = await invited_site(client, organizer, tree, "published", venue="Hội trường")
    await client.post(
        f"{API}/seminars/{seminar['id']}/agenda",
        json={"kind": "opening", "title": "Báo cáo đề dẫn"},
        headers=organizer.headers,
    )
    response = await client.get(f"{API}/site", headers=headers)
    assert response.status_code == 200
    body = response.json()
    assert body["seminar"]["id"] == seminar["id"]
    assert body["seminar"]["venue"] == "Hội trường"
    assert body["seminar"]["registration_open"] is True
    assert set(body["seminar"]) >= {
        "slug", "title", "status", "starts_at", "ends_at", "timezone", "registration_closes_at"
    }  # fmt: skip
    assert body["site"] == {
        "id": tree["district"].id,
        "code": "BG-LN",
        "name": "Huyện ủy Lục Nam",
    }
    assert body["participation"]["status"] == "invited"
    assert body["participation"]["is_main"] is False
    assert [item["title"] for item in body["agenda"]] == ["Báo cáo đề dẫn"]


async def test_register_update_decline_and_register_again(
    client: httpx.AsyncClient, organizer: Actor, tree: dict[str, Site]
) -> None:
    seminar, headers = await invited_site(client, organizer, tree, "published")
    body = {
        "expected_attendees": 35,
        "coordinator_name": "Nguyễn Văn A",
        "coordinator_phone": "0912",
    }
    registered = await client.post(f"{API}/site/register", json=body, headers=headers)
    assert registered.status_code == 200, registered.text
    assert registered.json()["participation"] | body == registered.json()["participation"]
    assert registered.json()["participation"]["status"] == "registered"

    updated = await client.post(
        f"{API}/site/register", json={"expected_attendees": 40}, headers=headers
    )
    assert updated.json()["participation"]["expected_attendees"] == 40
    assert updated.json()["participation"]["coordinator_name"] == "Nguyễn Văn A"

    declined = await client.post(f"{API}/site/decline", headers=headers)
    assert declined.json()["participation"]["status"] == "declined"
    again = await client.post(f"{API}/site/register", json=body, headers=headers)
    assert again.json()["participation"]["status"] == "registered"

    listing = await client.get(f"{API}/seminars/{seminar['id']}/sites", headers=organizer.headers)
    assert listing.json()["items"][0]["expected_attendees"] == 35
    counts = await client.get(f"{API}/seminars/{seminar['id']}", headers=organizer.headers)
    assert counts.json()["sites_registered"] == 1


async def test_declining_twice_is_409(
    client: httpx.AsyncClient, organizer: Actor, tree: dict[str, Site]
) -> None:
    _seminar, headers = await invited_site(client, organizer, tree, "published")
    assert (await client.post(f"{API}/site/decline", headers=headers)).status_code == 200
    response = await client.post(f"{API}/site/decline", headers=headers)
    assert response.status_code == 409
    assert response.json()["code"] == "registration.transition"
    assert response.json()["params"]["current"] == "declined"


@pytest.mark.parametrize("status", ["checked_in", "disconnected"])
async def test_a_site_that_checked_in_cannot_register_or_decline(
    client: httpx.AsyncClient,
    organizer: Actor,
    tree: dict[str, Site],
    session: AsyncSession,
    status: str,
) -> None:
    seminar, headers = await invited_site(client, organizer, tree, "live")
    row = await session.scalar(select(SeminarSite).where(SeminarSite.seminar_id == seminar["id"]))
    assert row is not None
    row.status = SeminarSiteStatus(status)
    await session.commit()
    for path, body in [("register", {"expected_attendees": 1}), ("decline", None)]:
        response = await client.post(f"{API}/site/{path}", json=body, headers=headers)
        assert response.status_code == 409, path
        assert response.json()["code"] == "registration.transition"
        assert response.json()["params"]["current"] == status


@pytest.mark.parametrize("status", ["draft", "ended", "cancelled"])
async def test_registration_is_closed_outside_published_and_live(
    client: httpx.AsyncClient, organizer: Actor, tree: dict[str, Site], status: str
) -> None:
    _seminar, headers = await invited_site(client, organizer, tree, status)
    for path, body in [("register", {"expected_attendees": 1}), ("decline", None)]:
        response = await client.post(f"{API}/site/{path}", json=body, headers=headers)
        assert response.status_code == 409
        assert response.json()["code"] == "registration.closed_status"
        assert response.json()["params"]["status"] == status
    view = await client.get(f"{API}/site", headers=headers)
    assert view.json()["seminar"]["registration_open"] is False


async def test_registration_is_open_while_live(
    client: httpx.AsyncClient, organizer: Actor, tree: dict[str, Site]
) -> None:
    _seminar, headers = await invited_site(client, organizer, tree, "live")
    response = await client.post(
        f"{API}/site/register", json={"expected_attendees": 3}, headers=headers
    )
    assert response.status_code == 200


async def test_registration_closes_at_registration_closes_at(
    client: httpx.AsyncClient, organizer: Actor, tree: dict[str, Site]
) -> None:
    now = utcnow()
    _seminar, headers = await invited_site(
        client,
        organizer,
        tree,
        "published",
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=3),
        registration_closes_at=now - timedelta(minutes=1),
    )
    response = await client.post(
        f"{API}/site/register", json={"expected_attendees": 3}, headers=headers
    )
    assert response.status_code == 409
    assert response.json()["code"] == "registration.closed_at"
    assert (await client.post(f"{API}/site/decline", headers=headers)).status_code == 409


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"expected_attendees": -1},
        {"expected_attendees": "many"},
        {"expected_attendees": 3, "coordinator_name": "x" * 10_000},
        {"expected_attendees": 3, "coordinator_phone": "9" * 51},
    ],
)
async def test_bad_registrations_are_422(
    client: httpx.AsyncClient, organizer: Actor, tree: dict[str, Site], body: dict
) -> None:
    _seminar, headers = await invited_site(client, organizer, tree, "published")
    assert (
        await client.post(f"{API}/site/register", json=body, headers=headers)
    ).status_code == 422


async def test_the_main_hall_cannot_decline(
    client: httpx.AsyncClient, organizer: Actor, tree: dict[str, Site]
) -> None:
    hall = tree["province"].id
    seminar = await create_seminar(client, organizer, "published", main_site_id=hall)
    token = (
        await client.post(
            f"{API}/seminars/{seminar['id']}/sites/{hall}/token", headers=organizer.headers
        )
    ).json()["token"]
    response = await client.post(f"{API}/site/decline", headers=site_headers(token))
    assert response.status_code == 409
    patch = await client.patch(
        f"{API}/seminars/{seminar['id']}/sites/{hall}",
        json={"status": "declined"},
        headers=organizer.headers,
    )
    assert patch.status_code == 409
    registered = await client.post(
        f"{API}/site/register", json={"expected_attendees": 300}, headers=site_headers(token)
    )
    assert registered.json()["participation"]["expected_attendees"] == 300


# --- organizer edits ------------------------------------------------------------------------


async def test_organizer_registers_and_declines_on_a_sites_behalf(
    client: httpx.AsyncClient, organizer: Actor, tree: dict[str, Site]
) -> None:
    seminar, _headers = await invited_site(client, organizer, tree, "draft")
    url = f"{API}/seminars/{seminar['id']}/sites/{tree['district'].id}"
    registered = await client.patch(
        url,
        json={"status": "registered", "expected_attendees": 50, "coordinator_phone": "0987"},
        headers=organizer.headers,
    )
    assert registered.status_code == 200, registered.text
    assert registered.json()["status"] == "registered"
    assert registered.json()["expected_attendees"] == 50
    assert registered.json()["registered_at"] is not None
    declined = await client.patch(url, json={"status": "declined"}, headers=organizer.headers)
    assert declined.json()["status"] == "declined"


@pytest.mark.parametrize("status", ["invited", "checked_in", "nonsense"])
async def test_organizer_status_is_registered_or_declined_only(
    client: httpx.AsyncClient, organizer: Actor, tree: dict[str, Site], status: str
) -> None:
    seminar, _headers = await invited_site(client, organizer, tree, "published")
    response = await client.patch(
        f"{API}/seminars/{seminar['id']}/sites/{tree['district'].id}",
        json={"status": status},
        headers=organizer.headers,
    )
    assert response.status_code == 422


async def test_organizer_cannot_register_a_checked_in_site_again(
    client: httpx.AsyncClient, organizer: Actor, tree: dict[str, Site], session: AsyncSession
) -> None:
    seminar, _headers = await invited_site(client, organizer, tree, "live")
    row = await session.scalar(select(SeminarSite).where(SeminarSite.seminar_id == seminar["id"]))
    assert row is not None
    row.status = SeminarSiteStatus.checked_in
    await session.commit()
    url = f"{API}/seminars/{seminar['id']}/sites/{tree['district'].id}"
    for status in ("registered", "declined"):
        response = await client.patch(url, json={"status": status}, headers=organizer.headers)
        assert response.status_code == 409


@pytest.mark.parametrize("status", ["ended", "cancelled"])
async def test_participations_of_closed_seminars_are_read_only(
    client: httpx.AsyncClient, organizer: Actor, tree: dict[str, Site], status: str
) -> None:
    seminar, _headers = await invited_site(client, organizer, tree, status)
    response = await client.patch(
        f"{API}/seminars/{seminar['id']}/sites/{tree['district'].id}",
        json={"expected_attendees": 3},
        headers=organizer.headers,
    )
    assert response.status_code == 409


async def test_editing_an_uninvited_site_is_404(
    client: httpx.AsyncClient, organizer: Actor, tree: dict[str, Site]
) -> None:
    seminar = await create_seminar(client, organizer)
    response = await client.patch(
        f"{API}/seminars/{seminar['id']}/sites/{tree['district'].id}",
        json={"expected_attendees": 3},
        headers=organizer.headers,
    )
    assert response.status_code == 404
