"""Seminars: creation, slug, times, the status machine, the main hall, counts."""

from datetime import timedelta

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests.conftest import Actor
from tests.factories import API, PATH_TO, STARTS_AT, create_seminar, create_site, invite

VERBS = {"publish": "published", "start": "live", "end": "ended", "cancel": "cancelled"}
LEGAL = {
    ("draft", "publish"),
    ("draft", "cancel"),
    ("published", "start"),
    ("published", "cancel"),
    ("live", "end"),
}
ILLEGAL = [(status, verb) for status in PATH_TO for verb in VERBS if (status, verb) not in LEGAL]


async def test_create_returns_the_seminar_in_utc_with_its_time_zone(
    client: httpx.AsyncClient, organizer: Actor
) -> None:
    response = await client.post(
        f"{API}/seminars",
        json={
            "title": "Hội thảo khoa học 95 năm Ngày thành lập Đảng bộ tỉnh",
            "starts_at": "2026-07-19T08:00:00+07:00",
            "ends_at": "2026-07-19T11:30:00+07:00",
            "registration_closes_at": "2026-07-18T17:00:00+07:00",
            "venue": "Hội trường Tỉnh ủy",
            "mode": "hybrid",
            "expected_attendance": 1100,
        },
        headers=organizer.headers,
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["status"] == "draft"
    assert body["timezone"] == "Asia/Ho_Chi_Minh"
    assert body["starts_at"] in ("2026-07-19T01:00:00Z", "2026-07-19T01:00:00+00:00")
    assert body["registration_closes_at"].startswith("2026-07-18T10:00:00")
    assert body["sites_invited"] == body["sites_registered"] == 0
    fetched = await client.get(f"{API}/seminars/{body['id']}", headers=organizer.headers)
    assert fetched.json() == body


async def test_slug_is_derived_from_the_title_and_made_unique(
    client: httpx.AsyncClient, organizer: Actor
) -> None:
    body = {"title": "Hội thảo: Đảng bộ Bắc Giang 2026!", "starts_at": STARTS_AT.isoformat()}
    first = await client.post(f"{API}/seminars", json=body, headers=organizer.headers)
    second = await client.post(f"{API}/seminars", json=body, headers=organizer.headers)
    assert first.json()["slug"] == "hoi-thao-dang-bo-bac-giang-2026"
    assert second.json()["slug"] == "hoi-thao-dang-bo-bac-giang-2026-2"


async def test_duplicate_slug_is_409_on_create_and_on_edit(
    client: httpx.AsyncClient, organizer: Actor
) -> None:
    taken = await create_seminar(client, organizer, slug="hoi-nghi")
    other = await create_seminar(client, organizer)
    duplicate = await client.post(
        f"{API}/seminars",
        json={"title": "X", "slug": "hoi-nghi", "starts_at": STARTS_AT.isoformat()},
        headers=organizer.headers,
    )
    assert duplicate.status_code == 409
    assert "hoi-nghi" in duplicate.json()["detail"]
    edit = await client.patch(
        f"{API}/seminars/{other['id']}", json={"slug": taken["slug"]}, headers=organizer.headers
    )
    assert edit.status_code == 409


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("slug", "Hội Thảo"),
        ("slug", "trailing-"),
        ("slug", "a--b"),
        ("title", "x" * 10_000),
        ("title", "   "),
        ("description", "x" * 100_000),
        ("timezone", "Mars/Olympus"),
        ("timezone", "../../etc/passwd"),
        ("mode", "telepathy"),
        ("starts_at", "not a date"),
        ("expected_attendance", -1),
        ("main_site_id", "abc"),
    ],
)
async def test_invalid_fields_are_422(
    client: httpx.AsyncClient, organizer: Actor, field: str, value: object
) -> None:
    body = {"title": "Hội thảo", "starts_at": STARTS_AT.isoformat(), field: value}
    response = await client.post(f"{API}/seminars", json=body, headers=organizer.headers)
    assert response.status_code == 422, response.text


async def test_naive_datetimes_are_422_asking_for_an_offset(
    client: httpx.AsyncClient, organizer: Actor
) -> None:
    response = await client.post(
        f"{API}/seminars",
        json={"title": "Hội thảo", "starts_at": "2026-07-19T08:00:00"},
        headers=organizer.headers,
    )
    assert response.status_code == 422
    (error,) = response.json()["errors"]
    assert error["loc"] == ["body", "starts_at"]
    assert error["type"] == "seminar.datetime_without_offset"
    assert "múi giờ" in error["msg"]


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"ends_at": STARTS_AT}, "seminar.ends_before_start"),
        ({"ends_at": STARTS_AT - timedelta(hours=1)}, "seminar.ends_before_start"),
        (
            {
                "ends_at": STARTS_AT + timedelta(hours=2),
                "registration_closes_at": STARTS_AT + timedelta(hours=3),
            },
            "seminar.registration_closes_after_end",
        ),
    ],
)
async def test_inconsistent_times_are_422(
    client: httpx.AsyncClient, organizer: Actor, fields: dict, code: str
) -> None:
    body = {"title": "Hội thảo", "starts_at": STARTS_AT.isoformat()}
    body.update({k: v.isoformat() for k, v in fields.items()})
    response = await client.post(f"{API}/seminars", json=body, headers=organizer.headers)
    assert response.status_code == 422
    assert response.json()["code"] == "seminar.times_inconsistent"
    field = "ends_at" if code == "seminar.ends_before_start" else "registration_closes_at"
    assert [(e["code"], e["loc"]) for e in response.json()["errors"]] == [(code, ["body", field])]


async def test_edit_is_checked_against_the_stored_times(
    client: httpx.AsyncClient, organizer: Actor
) -> None:
    seminar = await create_seminar(client, organizer)
    response = await client.patch(
        f"{API}/seminars/{seminar['id']}",
        json={"starts_at": (STARTS_AT + timedelta(days=1)).isoformat()},
        headers=organizer.headers,
    )
    assert response.status_code == 422
    assert [e["code"] for e in response.json()["errors"]] == ["seminar.ends_before_start"]


async def test_edit_changes_fields_and_refuses_null_for_required_ones(
    client: httpx.AsyncClient, organizer: Actor
) -> None:
    seminar = await create_seminar(client, organizer)
    url = f"{API}/seminars/{seminar['id']}"
    edited = await client.patch(
        url,
        json={"title": "Hội nghị học tập Nghị quyết", "venue": None, "timezone": "Asia/Bangkok"},
        headers=organizer.headers,
    )
    assert edited.status_code == 200
    assert edited.json()["title"] == "Hội nghị học tập Nghị quyết"
    assert edited.json()["timezone"] == "Asia/Bangkok"
    assert edited.json()["slug"] == seminar["slug"]
    nulled = await client.patch(url, json={"title": None}, headers=organizer.headers)
    assert nulled.status_code == 422
    assert nulled.json()["code"] == "request.not_null"
    assert [e["loc"] for e in nulled.json()["errors"]] == [["body", "title"]]


async def test_unknown_seminar_is_404(client: httpx.AsyncClient, organizer: Actor) -> None:
    assert (await client.get(f"{API}/seminars/999", headers=organizer.headers)).status_code == 404
    assert (
        await client.patch(f"{API}/seminars/999", json={}, headers=organizer.headers)
    ).status_code == 404
    assert (
        await client.post(f"{API}/seminars/999/publish", headers=organizer.headers)
    ).status_code == 404


async def test_the_full_life_of_a_seminar(client: httpx.AsyncClient, organizer: Actor) -> None:
    seminar = await create_seminar(client, organizer)
    for verb, status in [("publish", "published"), ("start", "live"), ("end", "ended")]:
        response = await client.post(
            f"{API}/seminars/{seminar['id']}/{verb}", headers=organizer.headers
        )
        assert response.status_code == 200, response.text
        assert response.json()["status"] == status


@pytest.mark.parametrize("status", ["draft", "published"])
async def test_draft_and_published_seminars_can_be_cancelled(
    client: httpx.AsyncClient, organizer: Actor, status: str
) -> None:
    seminar = await create_seminar(client, organizer, status)
    response = await client.post(
        f"{API}/seminars/{seminar['id']}/cancel", headers=organizer.headers
    )
    assert response.json()["status"] == "cancelled"


@pytest.mark.parametrize(("status", "verb"), ILLEGAL)
async def test_every_illegal_transition_is_409_naming_status_and_allowed_moves(
    client: httpx.AsyncClient, organizer: Actor, status: str, verb: str
) -> None:
    seminar = await create_seminar(client, organizer, status)
    response = await client.post(
        f"{API}/seminars/{seminar['id']}/{verb}", headers=organizer.headers
    )
    assert response.status_code == 409
    body = response.json()
    assert body["params"]["current"] == status
    assert body["params"]["target"] == VERBS[verb]
    allowed = sorted(VERBS[v] for s, v in LEGAL if s == status)
    if allowed:
        assert body["code"] == "seminar.transition"
        assert sorted(body["params"]["allowed"]) == allowed
    else:
        assert body["code"] == "seminar.final"
    after = await client.get(f"{API}/seminars/{seminar['id']}", headers=organizer.headers)
    assert after.json()["status"] == status


@pytest.mark.parametrize("status", ["draft", "published", "live"])
async def test_open_seminars_can_be_edited(
    client: httpx.AsyncClient, organizer: Actor, status: str
) -> None:
    seminar = await create_seminar(client, organizer, status)
    response = await client.patch(
        f"{API}/seminars/{seminar['id']}", json={"venue": "Hội trường B"}, headers=organizer.headers
    )
    assert response.status_code == 200
    assert response.json()["venue"] == "Hội trường B"


@pytest.mark.parametrize("status", ["ended", "cancelled"])
async def test_ended_and_cancelled_seminars_cannot_be_edited(
    client: httpx.AsyncClient, organizer: Actor, status: str
) -> None:
    seminar = await create_seminar(client, organizer, status)
    response = await client.patch(
        f"{API}/seminars/{seminar['id']}", json={"venue": "Hội trường B"}, headers=organizer.headers
    )
    assert response.status_code == 409
    assert response.json()["code"] == "seminar.closed"
    assert response.json()["params"]["status"] == status


async def test_list_is_latest_first_paginated_with_remote_site_counts(
    client: httpx.AsyncClient, organizer: Actor, session: AsyncSession
) -> None:
    hall = await create_site(session, "TU", "Hội trường Tỉnh ủy")
    remote = [await create_site(session, f"S{i}", f"Đảng ủy xã {i}") for i in range(3)]
    early = await create_seminar(client, organizer, starts_at=STARTS_AT - timedelta(days=30))
    late = await create_seminar(
        client, organizer, "published", main_site_id=hall.id, starts_at=STARTS_AT
    )
    tokens = await invite(client, organizer, late["id"], [s.id for s in remote])
    registered = await client.post(
        f"{API}/site/register",
        json={"expected_attendees": 20},
        headers={"X-Site-Token": tokens[remote[0].id]},
    )
    assert registered.status_code == 200, registered.text

    listing = await client.get(f"{API}/seminars", headers=organizer.headers)
    assert listing.status_code == 200
    body = listing.json()
    assert body["total"] == 2
    assert [s["id"] for s in body["items"]] == [late["id"], early["id"]]
    # The main hall takes part (registered) but is not one of the remote sites counted.
    assert body["items"][0]["sites_invited"] == 3
    assert body["items"][0]["sites_registered"] == 1
    assert body["items"][1]["sites_invited"] == 0
    page = await client.get(f"{API}/seminars?limit=1&offset=1", headers=organizer.headers)
    assert page.json()["total"] == 2
    assert [s["id"] for s in page.json()["items"]] == [early["id"]]


async def test_main_site_is_registered_from_the_start_and_can_move(
    client: httpx.AsyncClient, organizer: Actor, session: AsyncSession
) -> None:
    hall = await create_site(session, "TU", "Hội trường Tỉnh ủy")
    other = await create_site(session, "UB", "Hội trường UBND tỉnh")
    seminar = await create_seminar(client, organizer, main_site_id=hall.id)
    assert seminar["main_site_id"] == hall.id
    sites_url = f"{API}/seminars/{seminar['id']}/sites"
    rows = (await client.get(sites_url, headers=organizer.headers)).json()["items"]
    assert [(r["site_id"], r["is_main"], r["status"]) for r in rows] == [
        (hall.id, True, "registered")
    ]

    # The main hall's token is obtained by rotating it.
    rotated = await client.post(f"{sites_url}/{hall.id}/token", headers=organizer.headers)
    me = await client.get(f"{API}/site", headers={"X-Site-Token": rotated.json()["token"]})
    assert me.json()["participation"]["is_main"] is True

    moved = await client.patch(
        f"{API}/seminars/{seminar['id']}",
        json={"main_site_id": other.id},
        headers=organizer.headers,
    )
    assert moved.json()["main_site_id"] == other.id
    rows = (await client.get(sites_url, headers=organizer.headers)).json()["items"]
    assert [(r["site_id"], r["is_main"]) for r in rows] == [(other.id, True)]
    # The old hall's token pointed at another site: it no longer works.
    gone = await client.get(f"{API}/site", headers={"X-Site-Token": rotated.json()["token"]})
    assert gone.status_code == 401


async def test_an_invited_site_can_become_the_main_hall(
    client: httpx.AsyncClient, organizer: Actor, session: AsyncSession
) -> None:
    hall = await create_site(session, "TU", "Hội trường Tỉnh ủy")
    seminar = await create_seminar(client, organizer)
    await invite(client, organizer, seminar["id"], [hall.id])
    promoted = await client.patch(
        f"{API}/seminars/{seminar['id']}", json={"main_site_id": hall.id}, headers=organizer.headers
    )
    assert promoted.json()["sites_invited"] == 0
    rows = (
        await client.get(f"{API}/seminars/{seminar['id']}/sites", headers=organizer.headers)
    ).json()["items"]
    assert [(r["is_main"], r["status"]) for r in rows] == [(True, "registered")]


async def test_unknown_main_site_is_422(client: httpx.AsyncClient, organizer: Actor) -> None:
    response = await client.post(
        f"{API}/seminars",
        json={"title": "Hội thảo", "starts_at": STARTS_AT.isoformat(), "main_site_id": 4242},
        headers=organizer.headers,
    )
    assert response.status_code == 422
    assert "4242" in response.json()["detail"]


async def test_main_hall_cannot_move_while_live(
    client: httpx.AsyncClient, organizer: Actor, session: AsyncSession
) -> None:
    hall = await create_site(session, "TU", "Hội trường Tỉnh ủy")
    other = await create_site(session, "UB", "Hội trường UBND tỉnh")
    seminar = await create_seminar(client, organizer, "live", main_site_id=hall.id)
    response = await client.patch(
        f"{API}/seminars/{seminar['id']}",
        json={"main_site_id": other.id},
        headers=organizer.headers,
    )
    assert response.status_code == 409


async def test_clearing_the_main_site_removes_the_main_hall(
    client: httpx.AsyncClient, organizer: Actor, session: AsyncSession
) -> None:
    hall = await create_site(session, "TU", "Hội trường Tỉnh ủy")
    seminar = await create_seminar(client, organizer, main_site_id=hall.id)
    cleared = await client.patch(
        f"{API}/seminars/{seminar['id']}", json={"main_site_id": None}, headers=organizer.headers
    )
    assert cleared.status_code == 200
    assert cleared.json()["main_site_id"] is None
    rows = await client.get(f"{API}/seminars/{seminar['id']}/sites", headers=organizer.headers)
    assert rows.json()["total"] == 0


async def test_ids_beyond_the_database_range_are_422_not_500(
    client: httpx.AsyncClient, organizer: Actor
) -> None:
    huge = 10**30
    get = await client.get(f"{API}/seminars/{huge}", headers=organizer.headers)
    assert get.status_code == 422
    create = await client.post(
        f"{API}/seminars",
        json={"title": "Hội thảo", "starts_at": STARTS_AT.isoformat(), "main_site_id": huge},
        headers=organizer.headers,
    )
    assert create.status_code == 422
    seminar = await create_seminar(client, organizer)
    invite_huge = await client.post(
        f"{API}/seminars/{seminar['id']}/sites",
        json={"site_ids": [huge]},
        headers=organizer.headers,
    )
    assert invite_huge.status_code == 422
