"""Login throttling per address and per account+address; sign-ups per address.

The free failures are lowered here (3 per account+address, 6 per address) to keep the
number of argon2 checks small; the rules are the same with the defaults.
"""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest
from fastapi import FastAPI

from app.auth.throttle import AuthThrottle, address_key
from app.core.config import Settings
from app.core.errors import TooManyRequests
from app.core.security import password_checks
from tests.conftest import PASSWORD, Actor

TOKEN = "/api/v1/auth/token"
PER_ACCOUNT, PER_ADDRESS = 3, 6


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(
        update={
            "login_free_failures": PER_ACCOUNT,
            "login_free_failures_per_address": PER_ADDRESS,
            # Waits far longer than any hash takes on a loaded machine: "too early" is
            # decided by the count, never by how fast the test runs.
            "login_base_wait_s": 60,
            "signup_burst": 3,
        }
    )


@asynccontextmanager
async def client_at(app: FastAPI, host: str) -> AsyncIterator[httpx.AsyncClient]:
    """A client whose requests come from ``host`` (the ASGI scope's client)."""
    transport = httpx.ASGITransport(app=app, client=(host, 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c


async def login(client: httpx.AsyncClient, email: str, password: str) -> httpx.Response:
    return await client.post(TOKEN, data={"username": email, "password": password})


async def test_failures_lock_an_account_only_from_their_address_and_the_owner_logs_in_elsewhere(
    app: FastAPI, admin: Actor, organizer: Actor
) -> None:
    async with client_at(app, "10.0.0.1") as attacker, client_at(app, "10.0.0.2") as office:
        for _ in range(PER_ACCOUNT):
            assert (await login(attacker, admin.user.email, "doan-mo")).status_code == 401
        throttled = await login(attacker, admin.user.email, PASSWORD)
        assert throttled.status_code == 429
        assert throttled.json()["code"] == "auth.login_throttled"
        assert int(throttled.headers["Retry-After"]) >= 1
        # The real admin, elsewhere: unaffected.
        assert (await login(office, admin.user.email, PASSWORD)).status_code == 200
        # Another account from the attacker's address: the address is under its own limit.
        assert (await login(attacker, organizer.user.email, PASSWORD)).status_code == 200


async def test_failures_across_many_accounts_throttle_the_address(
    app: FastAPI, organizer: Actor
) -> None:
    async with client_at(app, "10.0.0.3") as sprayer, client_at(app, "10.0.0.4") as other:
        for i in range(PER_ADDRESS):
            assert (await login(sprayer, f"doan{i}@example.vn", "123456")).status_code == 401
        refused = await login(sprayer, organizer.user.email, PASSWORD)
        assert refused.status_code == 429
        assert "Retry-After" in refused.headers
        assert (await login(other, organizer.user.email, PASSWORD)).status_code == 200


async def test_parallel_attempts_count_before_their_hashes_finish(
    app: FastAPI, admin: Actor
) -> None:
    checks = password_checks()
    async with client_at(app, "10.0.0.5") as attacker:
        answers = await asyncio.gather(
            *(login(attacker, admin.user.email, f"doan-{i}") for i in range(20))
        )
    statuses = sorted(a.status_code for a in answers)
    assert statuses == [401] * PER_ACCOUNT + [429] * (20 - PER_ACCOUNT)
    assert password_checks() - checks == PER_ACCOUNT  # refused attempts spend no hash


async def test_a_success_clears_the_accounts_failures_from_that_address(
    app: FastAPI, organizer: Actor
) -> None:
    async with client_at(app, "10.0.0.6") as clumsy:
        for _ in range(2):
            for _ in range(PER_ACCOUNT - 1):
                assert (await login(clumsy, organizer.user.email, "go-nham")).status_code == 401
            assert (await login(clumsy, organizer.user.email, PASSWORD)).status_code == 200


async def test_unknown_account_and_wrong_password_answer_alike_after_the_same_work(
    app: FastAPI, organizer: Actor
) -> None:
    async def attempt(client: httpx.AsyncClient, email: str) -> tuple[httpx.Response, int]:
        before = password_checks()
        response = await login(client, email, "khong-dung")
        return response, password_checks() - before

    async with client_at(app, "10.0.1.1") as a, client_at(app, "10.0.1.2") as b:
        for _ in range(PER_ACCOUNT):
            (wrong, wrong_checks), (unknown, unknown_checks) = (
                await attempt(a, organizer.user.email),
                await attempt(b, "khong-ai@example.vn"),
            )
            assert wrong.status_code == unknown.status_code == 401
            assert wrong.json() == unknown.json()
            assert wrong.json()["code"] == "auth.login_failed"
            assert dict(wrong.headers) == dict(unknown.headers)
            assert wrong_checks == unknown_checks == 1
        (wrong, wrong_checks), (unknown, unknown_checks) = (
            await attempt(a, organizer.user.email),
            await attempt(b, "khong-ai@example.vn"),
        )
        assert wrong.status_code == unknown.status_code == 429
        # Alike but for the seconds left, which depend only on when each attempt came.
        assert wrong.json()["code"] == unknown.json()["code"] == "auth.login_throttled"
        assert wrong.headers.keys() == unknown.headers.keys()
        assert wrong_checks == unknown_checks == 0


async def test_a_deactivated_account_with_its_right_password_looks_like_a_wrong_password(
    app: FastAPI, client: httpx.AsyncClient, admin: Actor, organizer: Actor
) -> None:
    patched = await client.patch(
        f"/api/v1/users/{organizer.user.id}", json={"is_active": False}, headers=admin.headers
    )
    assert patched.status_code == 200
    async with client_at(app, "10.0.1.3") as c:
        right = await login(c, organizer.user.email, PASSWORD)
        wrong = await login(c, organizer.user.email, "khong-dung")
    assert right.status_code == wrong.status_code == 401
    assert right.json() == wrong.json()


async def test_each_wait_past_the_free_failures_doubles_up_to_the_cap(settings: Settings) -> None:
    throttle = AuthThrottle(
        settings.model_copy(update={"login_max_wait_s": 8, "login_base_wait_s": 1})
    )
    t = 1000.0
    for _ in range(PER_ACCOUNT):
        await throttle.begin("10.0.2.1", "a@example.vn", now=t)
    waits = []
    for _ in range(6):
        with pytest.raises(TooManyRequests) as refused:
            await throttle.begin("10.0.2.1", "a@example.vn", now=t)
        wait = int(refused.value.headers["Retry-After"])
        waits.append(wait)
        t += wait
        await throttle.begin("10.0.2.1", "a@example.vn", now=t)  # on time: allowed, and counted
    assert waits == [1, 2, 4, 8, 8, 8]
    # The account from another address, and another account from this one, go ahead.
    await throttle.begin("10.0.2.2", "a@example.vn", now=t)
    # After a quiet while the failures are forgotten.
    t += settings.login_failure_memory_s
    await throttle.begin("10.0.2.1", "a@example.vn", now=t)


def test_an_ipv6_client_is_throttled_by_its_64_and_a_mapped_ipv4_as_itself() -> None:
    assert address_key("2001:db8:1:2::1") == address_key("2001:db8:1:2:ffff::9")
    assert address_key("2001:db8:1:2::1") != address_key("2001:db8:1:3::1")
    assert address_key("::ffff:10.0.0.7") == address_key("10.0.0.7") == "10.0.0.7"


async def test_sign_ups_are_rate_limited_per_address(app: FastAPI) -> None:
    def signup(i: int) -> dict[str, str]:
        return {"email": f"dien.gia{i}@example.vn", "full_name": "Diễn giả", "password": "x" * 10}

    async with client_at(app, "10.0.3.1") as busy, client_at(app, "10.0.3.2") as other:
        for i in range(3):
            created = await busy.post("/api/v1/auth/register", json=signup(i))
            assert created.status_code == 201, created.text
        refused = await busy.post("/api/v1/auth/register", json=signup(3))
        assert refused.status_code == 429
        assert refused.json()["code"] == "auth.signup_throttled"
        assert int(refused.headers["Retry-After"]) >= 1
        assert (await other.post("/api/v1/auth/register", json=signup(4))).status_code == 201
