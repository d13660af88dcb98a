"""Creating, reading, editing and deleting directory sites."""

from datetime import UTC, datetime

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from app.attendance.models import SeminarSite
from app.seminars.models import Seminar
from tests.conftest import Actor
from tests.sites.conftest import SITES, MakeSite, site_count


async def test_organizer_creates_reads_edits_and_deletes_a_site(
    client: httpx.AsyncClient, organizer: Actor
) -> None:
    created = await client.post(
        SITES,
        json={
            "code": "DU-BG",
            "name": "Đảng ủy Các cơ quan tỉnh Bắc Giang",
            "level": "province",
            "locality": "Bắc Giang",
            "coordinator_name": "Nguyễn Văn An",
            "coordinator_phone": "0912 345 678",
            "coordinator_email": "an.nv@bacgiang.gov.vn",
            "capacity": 120,
        },
        headers=organizer.headers,
    )
    assert created.status_code == 201, created.text
    site = created.json()
    assert site == {
        "id": site["id"],
        "code": "DU-BG",
        "name": "Đảng ủy Các cơ quan tỉnh Bắc Giang",
        "parent_id": None,
        "level": "province",
        "locality": "Bắc Giang",
        "coordinator_name": "Nguyễn Văn An",
        "coordinator_phone": "0912 345 678",
        "coordinator_email": "an.nv@bacgiang.gov.vn",
        "capacity": 120,
        "children_count": 0,
    }
    url = f"{SITES}/{site['id']}"
    assert (await client.get(url, headers=organizer.headers)).json() == site

    edited = await client.patch(
        url, json={"name": "Sở Nội vụ", "capacity": None}, headers=organizer.headers
    )
    assert edited.status_code == 200, edited.text
    assert edited.json()["name"] == "Sở Nội vụ"
    assert edited.json()["capacity"] is None
    assert edited.json()["locality"] == "Bắc Giang"  # fields not sent stay unchanged
    # The derived search text follows the edit.
    found = await client.get(SITES, params={"q": "so noi vu"}, headers=organizer.headers)
    assert [s["id"] for s in found.json()["items"]] == [site["id"]]

    assert (await client.delete(url, headers=organizer.headers)).status_code == 204
    assert (await client.get(url, headers=organizer.headers)).status_code == 404


async def test_a_site_lists_how_many_children_it_has(
    client: httpx.AsyncClient, organizer: Actor, make_site: MakeSite
) -> None:
    province = await make_site("Tỉnh ủy Bắc Giang", level="province")
    await make_site("Huyện ủy Lục Nam", parent=province, level="district")
    await make_site("Huyện ủy Yên Thế", parent=province, level="district")
    one = await client.get(f"{SITES}/{province['id']}", headers=organizer.headers)
    assert one.json()["children_count"] == 2
    listing = await client.get(SITES, params={"root": "true"}, headers=organizer.headers)
    assert [(s["id"], s["children_count"]) for s in listing.json()["items"]] == [
        (province["id"], 2)
    ]


async def test_duplicate_code_is_409_on_create_and_on_edit(
    client: httpx.AsyncClient, organizer: Actor, make_site: MakeSite
) -> None:
    await make_site("Sở Tư pháp", code="STP")
    other = await make_site("Sở Y tế", code="SYT")
    again = await client.post(
        SITES, json={"code": "STP", "name": "Khác"}, headers=organizer.headers
    )
    assert again.status_code == 409
    assert "STP" in again.json()["detail"]
    renamed = await client.patch(
        f"{SITES}/{other['id']}", json={"code": "STP"}, headers=organizer.headers
    )
    assert renamed.status_code == 409


async def test_unknown_parent_is_422_and_unknown_site_is_404(
    client: httpx.AsyncClient, organizer: Actor, make_site: MakeSite
) -> None:
    bad = await client.post(
        SITES, json={"code": "X", "name": "X", "parent_id": 999999}, headers=organizer.headers
    )
    assert bad.status_code == 422
    assert bad.json()["code"] == "site.parent_unknown"
    assert [e["loc"] for e in bad.json()["errors"]] == [["body", "parent_id"]]
    site = await make_site("Sở Xây dựng")
    moved = await client.patch(
        f"{SITES}/{site['id']}", json={"parent_id": 999999}, headers=organizer.headers
    )
    assert moved.status_code == 422
    for method in ("GET", "PATCH", "DELETE"):
        response = await client.request(
            method,
            f"{SITES}/999999",
            json={} if method == "PATCH" else None,
            headers=organizer.headers,
        )
        assert response.status_code == 404, method


async def test_bad_input_is_422_never_500(
    client: httpx.AsyncClient, organizer: Actor, make_site: MakeSite
) -> None:
    site = await make_site("Sở Công Thương")
    bad_bodies = [
        {"code": "A", "name": "x" * 10_000},
        {"code": "A" * 51, "name": "ok"},
        {"code": "   ", "name": "ok"},
        {"code": "A", "name": ""},
        {"code": "A", "name": "ok", "level": "planet"},
        {"code": "A", "name": "ok", "capacity": -1},
        {"code": "A", "name": "ok", "capacity": "many"},
        {"code": "A", "name": "ok", "coordinator_email": "not-an-email"},
        {"code": "A", "name": "ok", "coordinator_phone": "9" * 51},
        {"code": "A", "name": "ok", "locality": "x" * 201},
        {"code": "A", "name": "ok", "coordinator_email": "a" * 10_000 + "@example.vn"},
        {"name": "no code"},
    ]
    for body in bad_bodies:
        response = await client.post(SITES, json=body, headers=organizer.headers)
        assert response.status_code == 422, body
    for body in ({"name": None}, {"code": None}, {"level": None}, {"name": "x" * 301}):
        response = await client.patch(f"{SITES}/{site['id']}", json=body, headers=organizer.headers)
        assert response.status_code == 422, body
    malformed = await client.post(
        SITES,
        content=b"{not json",
        headers={**organizer.headers, "content-type": "application/json"},
    )
    assert malformed.status_code == 422
    assert (await client.get(f"{SITES}/abc", headers=organizer.headers)).status_code == 422


async def test_the_longest_allowed_values_are_stored(
    client: httpx.AsyncClient, organizer: Actor
) -> None:
    body = {"code": "C" * 50, "name": "Đảng ủy " * 37 + "Khối", "locality": "ừ" * 200}
    assert len(body["name"]) <= 300
    response = await client.post(SITES, json=body, headers=organizer.headers)
    assert response.status_code == 201, response.text
    assert response.json()["name"] == body["name"]


async def test_empty_optional_fields_from_a_form_are_stored_as_empty(
    client: httpx.AsyncClient, organizer: Actor
) -> None:
    response = await client.post(
        SITES,
        json={"code": "VP", "name": "Văn phòng", "coordinator_email": "", "capacity": ""},
        headers=organizer.headers,
    )
    assert response.status_code == 201, response.text
    assert response.json()["coordinator_email"] is None
    assert response.json()["capacity"] is None


async def test_deleting_a_site_with_children_is_409(
    client: httpx.AsyncClient, organizer: Actor, make_site: MakeSite, session: AsyncSession
) -> None:
    parent = await make_site("Ban Tổ chức")
    await make_site("Chi bộ Ban Tổ chức", parent=parent)
    before = await site_count(session)
    response = await client.delete(f"{SITES}/{parent['id']}", headers=organizer.headers)
    assert response.status_code == 409
    assert response.json()["code"] == "site.has_children"
    assert await site_count(session) == before


async def test_deleting_a_site_used_by_a_seminar_is_409(
    client: httpx.AsyncClient, organizer: Actor, make_site: MakeSite, session: AsyncSession
) -> None:
    hall = await make_site("Hội trường Tỉnh ủy")
    remote = await make_site("Đảng ủy Khối Doanh nghiệp")
    seminar = Seminar(
        slug="hoi-thao",
        title="Hội thảo",
        timezone="Asia/Ho_Chi_Minh",
        starts_at=datetime(2026, 7, 19, 1, tzinfo=UTC),
        main_site_id=hall["id"],
    )
    session.add(seminar)
    await session.flush()
    session.add(SeminarSite(seminar_id=seminar.id, site_id=remote["id"], token_hash="x" * 64))
    await session.commit()

    for site in (hall, remote):
        response = await client.delete(f"{SITES}/{site['id']}", headers=organizer.headers)
        assert response.status_code == 409, site
        assert response.json()["code"] == "site.in_use"
        assert (await client.get(f"{SITES}/{site['id']}", headers=organizer.headers)).is_success
