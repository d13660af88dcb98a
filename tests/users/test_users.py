"""Admins manage accounts; nobody else may."""

import httpx

from tests.conftest import Actor


async def test_admin_creates_lists_and_edits_users(client: httpx.AsyncClient, admin: Actor) -> None:
    created = await client.post(
        "/api/v1/users",
        json={
            "email": "to.chuc@example.vn",
            "full_name": "Trần Thị Tổ Chức",
            "role": "organizer",
            "unit": "Ban Tuyên giáo",
            "password": "mat-khau-to-chuc",
        },
        headers=admin.headers,
    )
    assert created.status_code == 201, created.text
    user_id = created.json()["id"]
    listing = await client.get("/api/v1/users", headers=admin.headers)
    assert listing.status_code == 200
    assert listing.json()["total"] == 2
    assert {u["email"] for u in listing.json()["items"]} >= {"to.chuc@example.vn"}
    edited = await client.patch(
        f"/api/v1/users/{user_id}", json={"position": "Chuyên viên"}, headers=admin.headers
    )
    assert edited.json()["position"] == "Chuyên viên"


async def test_duplicate_email_is_409(client: httpx.AsyncClient, admin: Actor) -> None:
    body = {"email": "a@example.vn", "full_name": "A", "password": "12345678a"}
    assert (await client.post("/api/v1/users", json=body, headers=admin.headers)).status_code == 201
    body["email"] = "A@EXAMPLE.VN"
    assert (await client.post("/api/v1/users", json=body, headers=admin.headers)).status_code == 409


async def test_invalid_input_is_422_with_a_message(client: httpx.AsyncClient, admin: Actor) -> None:
    response = await client.post(
        "/api/v1/users",
        json={"email": "not-an-email", "full_name": "x" * 10_000, "password": "short"},
        headers=admin.headers,
    )
    assert response.status_code == 422
    assert response.json()["detail"]


async def test_admin_cannot_lock_themselves_out(client: httpx.AsyncClient, admin: Actor) -> None:
    response = await client.patch(
        f"/api/v1/users/{admin.user.id}", json={"is_active": False}, headers=admin.headers
    )
    assert response.status_code == 409


async def test_unknown_user_is_404(client: httpx.AsyncClient, admin: Actor) -> None:
    response = await client.patch("/api/v1/users/9999", json={}, headers=admin.headers)
    assert response.status_code == 404


async def test_organizers_create_speaker_accounts_only(
    client: httpx.AsyncClient, organizer: Actor
) -> None:
    body = {"email": "dien.gia@example.vn", "full_name": "Diễn giả", "password": "12345678d"}
    speaker = await client.post(
        "/api/v1/users", json={**body, "role": "speaker"}, headers=organizer.headers
    )
    assert speaker.status_code == 201
    assert speaker.json()["role"] == "speaker"
    for role in ("organizer", "admin"):
        refused = await client.post(
            "/api/v1/users",
            json={**body, "email": f"{role}@example.vn", "role": role},
            headers=organizer.headers,
        )
        assert refused.status_code == 403
