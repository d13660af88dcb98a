"""Logging in, tokens, logout and sign-up (throttling: test_login_throttle.py)."""

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.models import AccessToken
from app.core.security import hash_token
from tests.conftest import PASSWORD, Actor


async def login(client: httpx.AsyncClient, email: str, password: str) -> httpx.Response:
    return await client.post("/api/v1/auth/token", data={"username": email, "password": password})


async def test_login_returns_an_opaque_bearer_token_stored_hashed(
    client: httpx.AsyncClient, organizer: Actor, session: AsyncSession
) -> None:
    response = await login(client, organizer.user.email.upper(), PASSWORD)
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "bearer"
    token = body["access_token"]
    stored = await session.scalar(
        select(AccessToken).where(AccessToken.token_hash == hash_token(token))
    )
    assert stored is not None and token not in stored.token_hash
    me = await client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200
    assert me.json()["email"] == organizer.user.email
    assert "password_hash" not in me.json()


async def test_wrong_password_and_unknown_email_get_the_same_401(
    client: httpx.AsyncClient, organizer: Actor
) -> None:
    wrong = await login(client, organizer.user.email, "not-the-password")
    unknown = await login(client, "nobody@example.vn", "whatever-password")
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()


async def test_an_email_with_a_nul_is_an_unknown_account_not_a_server_error(
    client: httpx.AsyncClient, organizer: Actor
) -> None:
    response = await login(client, organizer.user.email + "\x00", "not-the-password")
    assert response.status_code == 401, response.text


async def test_logout_revokes_the_token_at_once(
    client: httpx.AsyncClient, organizer: Actor
) -> None:
    assert (await client.post("/api/v1/auth/logout", headers=organizer.headers)).status_code == 204
    me = await client.get("/api/v1/auth/me", headers=organizer.headers)
    assert me.status_code == 401


async def test_garbage_token_is_401(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/auth/me", headers={"Authorization": "Bearer nope"})
    assert response.status_code == 401
    assert "detail" in response.json()


async def test_sign_up_always_creates_a_speaker(client: httpx.AsyncClient) -> None:
    body = {
        "email": "Dien.Gia@Example.vn",
        "full_name": "Nguyễn Văn Diễn",
        "password": "mot-mat-khau-dai",
    }
    asking = await client.post("/api/v1/auth/register", json={**body, "role": "admin"})
    assert asking.status_code == 422  # not silently dropped: the field does not exist here
    assert asking.json()["errors"][0]["type"] == "extra_forbidden"
    response = await client.post("/api/v1/auth/register", json=body)
    assert response.status_code == 201
    assert response.json()["role"] == "speaker"
    assert response.json()["email"] == "dien.gia@example.vn"
    token = (await login(client, "dien.gia@example.vn", "mot-mat-khau-dai")).json()
    assert token["access_token"]


async def test_sign_up_with_a_taken_email_in_other_case_is_409(
    client: httpx.AsyncClient, organizer: Actor
) -> None:
    response = await client.post(
        "/api/v1/auth/register",
        json={"email": organizer.user.email.upper(), "full_name": "X", "password": "12345678x"},
    )
    assert response.status_code == 409


async def test_deactivated_user_tokens_stop_working(
    client: httpx.AsyncClient, admin: Actor, organizer: Actor
) -> None:
    response = await client.patch(
        f"/api/v1/users/{organizer.user.id}", json={"is_active": False}, headers=admin.headers
    )
    assert response.status_code == 200
    assert (await client.get("/api/v1/auth/me", headers=organizer.headers)).status_code == 401
    assert (await login(client, organizer.user.email, PASSWORD)).status_code == 401
